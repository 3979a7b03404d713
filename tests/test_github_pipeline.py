"""The github source end to end through the CLI on the FnApiRunner: checked-out trees, a tarball and an export in
one input folder, with real license texts (identify's vendored choosealicense.com texts)."""
import hashlib
import io
import json
import tarfile

import pytest
from identify.vendor.licenses import LICENSES

from pipeline.io import read_documents
from pipeline.schema import make_doc_id
from tests.conftest import read_rejects, run_cli

TEXTS = dict(LICENSES)


def license_text(spdx: str) -> str:
    return TEXTS[spdx].replace("[year]", "2022").replace("[fullname]", "Example Authors")


MAIN_C = """/*
 * Copyright (c) 2022 Example Authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software, to deal in the Software without restriction.
 */
#include <stdio.h>
#include <stdlib.h>
#include "greeting.h"

/* Print the greeting for every name given on the command line. */
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        print_greeting(argv[i]);
    }
    return EXIT_SUCCESS;
}
"""
SHARED_PY = '''"""Helpers shared by copy-paste between projects."""


def slugify(title):
    """Lower-case words joined by dashes."""
    return "-".join(word.lower() for word in title.split())
'''


def program(name: str) -> str:
    return f'def {name}(items):\n    """Return the {name} of the items."""\n    return sorted(items)[0] if items else None\n'


REPOS = {  # folder: (license file name, SPDX id or None)
    "mit-repo": ("LICENSE", "MIT"),
    "apache-repo": ("LICENSE", "Apache-2.0"),
    "bsd-repo": ("LICENSE.txt", "BSD-3-Clause"),
    "gpl-repo": ("COPYING", "GPL-3.0"),
    "agpl-repo": ("LICENSE", "AGPL-3.0"),
    "bare-repo": (None, None),
}


def tar_bytes(members) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def github_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("github")
    inputs = root / "in"
    for repo, (license_name, spdx) in REPOS.items():
        (inputs / repo / "src").mkdir(parents=True)
        if license_name:
            (inputs / repo / license_name).write_text(license_text(spdx))
        (inputs / repo / "src" / "tool.py").write_text(program(repo.split("-")[0] + "_first"))
    (inputs / "mit-repo" / "src" / "main.c").write_text(MAIN_C)
    (inputs / "mit-repo" / "src" / "shared.py").write_text(SHARED_PY)
    (inputs / "apache-repo" / "lib" / "vendored").mkdir(parents=True)
    (inputs / "apache-repo" / "lib" / "vendored" / "shared.py").write_text(SHARED_PY)
    (inputs / "apache-repo" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (inputs / "bsd-repo" / "src" / "legacy.c").write_bytes("/* caf\u00e9 */ int x;\n".encode("latin-1"))
    (inputs / "bsd-repo" / "src" / "empty.py").write_text("")
    export = [
        json.dumps({"repo_name": "octo/exported", "path": "pkg/mod.go", "license": "mit",
                    "content": "package pkg\n\n// Double returns twice its argument.\n"
                               "func Double(x int) int { return 2 * x }\n"}),
        '{"repo_name": "octo/exported", "path": "broken.go", "content": "unterminated',
        json.dumps({"repo_name": "octo/unlicensed", "path": "LICENSE", "content": license_text("GPL-2.0")}),
        json.dumps({"repo_name": "octo/unlicensed", "path": "a.py", "content": program("unlicensed")}),
    ]
    (inputs / "export.jsonl").write_text("\n".join(export) + "\n")
    (inputs / "octo-tarred-1a2b3c.tar.gz").write_bytes(tar_bytes([
        ("octo-tarred-1a2b3c/LICENSE", license_text("BSD-2-Clause").encode()),
        ("octo-tarred-1a2b3c/../../escape.py", b"import os\n"),
        ("octo-tarred-1a2b3c/app.py", program("tarred").encode()),
    ]))
    out = root / "out"
    assert run_cli(["--source", "github", "--input", f"{inputs}/**", "--output", out]) == 0
    report = json.loads((out / "report" / "run_github.json").read_text())
    return read_documents(str(out / "docs" / "github" / "*.parquet")), read_rejects(out, "github"), report


def test_exactly_the_permissive_repositories_survive(github_run):
    docs, _, report = github_run
    repos = {d["metadata"]["repo_name"] for d in docs}
    assert repos & set(REPOS) == {"mit-repo", "apache-repo", "bsd-repo"}
    assert {"octo/exported", "octo-tarred-1a2b3c"} <= repos and "octo/unlicensed" not in repos
    license_stage = next(s for s in report["stages"] if s["name"] == "license")
    # GPL: the tree's 2 files + the export's 2 rows (decided from its LICENSE row); AGPL and none: 2 files each
    assert license_stage["dropped"] == {"license_agpl": 2, "license_gpl": 4, "license_none": 1}


def test_c_file_keeps_its_includes_and_loses_its_license_header(github_run):
    docs, _, _ = github_run
    (main_c,) = [d for d in docs if d["metadata"]["path"] == "src/main.c"]
    assert main_c["text"] == MAIN_C.split("*/\n", 1)[1]
    assert main_c["text"].startswith("#include <stdio.h>\n#include <stdlib.h>\n#include \"greeting.h\"")
    assert main_c["metadata"]["license"] == "MIT" and main_c["metadata"]["header_lines_removed"] == 6


def test_identical_files_in_two_repositories_yield_one_document(github_run):
    docs, _, report = github_run
    shared = [d for d in docs if d["text"] == SHARED_PY]
    assert len(shared) == 1
    candidates = ["mit-repo/src/shared.py", "apache-repo/lib/vendored/shared.py"]
    ids = [make_doc_id("github", native_id) for native_id in candidates]
    survivor = min(ids, key=lambda i: hashlib.sha1(i.encode()).digest())
    assert shared[0]["id"] == survivor  # smallest hash of the id, whatever the bundle order
    dedup = report["stages"][-1]
    assert dedup["name"] == "dedup" and dedup["dropped"] == {"duplicate_content": 1}


def test_malformed_inputs_are_rejects_with_reasons_and_counts_reconcile(github_run):
    docs, rejects, report = github_run
    reasons = sorted(r["reason"] for r in rejects)
    assert reasons == ["bad_json_line", "empty_file", "undecodable_file", "unsafe_archive_member"]
    by_reason = {r["reason"]: r for r in rejects}
    assert by_reason["bad_json_line"]["file"].endswith("export.jsonl") and by_reason["bad_json_line"]["offset"] > 0
    assert by_reason["undecodable_file"]["record_id"] == "bsd-repo/src/legacy.c"
    assert "escape.py" in by_reason["unsafe_archive_member"]["detail"]
    assert report["reconciled"]
    assert [s["name"] for s in report["stages"]] == ["read", "license", "extension", "decode", "strip_headers",
                                                     "quality", "dedup"]
    for previous, stage in zip(report["stages"], report["stages"][1:]):
        assert previous["kept"] == stage["in"], stage["name"]
    assert report["documents_out"] == len(docs) == 7  # 3 mit + 2 apache + 1 bsd + export + tarball - 1 copy
    assert len({d["id"] for d in docs}) == len(docs)

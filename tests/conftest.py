import gzip
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The real samples (public sources listed in docs/SAMPLES.md) live beside the checkout, not in it.
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The sample corpora; a test that needs them is skipped, with the reason, where they are absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"needs the sample corpora at {CORPORA} (see docs/SAMPLES.md)")
    return CORPORA


def wet_record(url: str, text: str, record_id: str, extra_headers: dict | None = None, crlf: bool = True) -> bytes:
    """A WET `conversion` record as Common Crawl writes it (CRLF headers, LF body)."""
    from sources.commoncrawl.warc import format_record

    headers = {
        "WARC-Type": "conversion",
        "WARC-Target-URI": url,
        "WARC-Date": "2020-08-08T17:27:41Z",
        "WARC-Record-ID": f"<urn:uuid:{record_id}>",
        "WARC-Block-Digest": "sha1:" + record_id.upper()[:32],
        **(extra_headers or {}),
        "Content-Type": "text/plain",
    }
    return format_record(headers, text.encode("utf-8"), "\r\n" if crlf else "\n")


def gzip_members(records: list[bytes]) -> bytes:
    """Per-record gzip, as Common Crawl does."""
    return b"".join(gzip.compress(r) for r in records)


def read_rejects(output: Path, source: str) -> list[dict]:
    rows = []
    for path in sorted((output / "rejects" / source).glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


def run_cli(argv: list[str]) -> int:
    from recipe.run import main

    return main([str(a) for a in argv])


@pytest.fixture
def capture_stdout(capsys):
    return capsys

"""Step manifests: what each recipe step read, with which settings, and what it wrote.

`<output>/work/steps/<step>.json` holds the step's key (a digest of its inputs and settings: input file listings,
its config section, the outputs of the steps it depends on) and its outputs (small: paths, digests, counts). A rerun
skips a step whose manifest has the same key and whose outputs still exist, so a multi-day run that failed late
does not redo the finished steps. A step's outputs feed the keys of the steps after it: when a redone step writes
the same outputs, the steps after it stay done; when it writes different ones, they run again.

A manifest is written only when its step finished: a step that failed midway runs again from its beginning.
"""
from __future__ import annotations

import hashlib
import json
import time

from apache_beam.io.filesystems import FileSystems

from pipeline.io import join_path, read_text, write_text

MANIFEST_DIR = ("work", "steps")


def digest(value) -> str:
    """A stable digest of any JSON-able value (dict keys sorted)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def listing(pattern: str) -> dict:
    """What a glob matches, by path and size (metadata only: no file is read). The key of a step that reads raw
    inputs changes when a file appears, disappears or changes size."""
    metadata = FileSystems.match([pattern])[0].metadata_list
    entries = sorted((m.path, m.size_in_bytes) for m in metadata)
    return {"pattern": pattern, "files": len(entries), "bytes": sum(size for _, size in entries),
            "digest": digest(entries)}


class Manifests:
    def __init__(self, output: str, force: set[str] | None = None, log=print):
        self.directory = join_path(output, *MANIFEST_DIR)
        self.force = set(force or ())
        self.log = log

    def path(self, step: str) -> str:
        return join_path(self.directory, f"{step}.json")

    def read(self, step: str) -> dict | None:
        path = self.path(step)
        return json.loads(read_text(path)) if FileSystems.exists(path) else None

    def done(self, step: str, key: dict) -> dict | None:
        """The recorded outputs of `step` when it already ran with this key and its outputs are still there."""
        if step in self.force:
            self.log(f"--force {step}: running it again")
            return None
        manifest = self.read(step)
        if manifest is None:
            return None
        if manifest.get("key") != digest(key):
            changed = sorted(k for k in key if digest(key[k]) != (manifest.get("parts") or {}).get(k))
            self.log(f"{step}: inputs or settings changed since the last run ({', '.join(changed) or 'key'})")
            return None
        missing = [p for p in manifest.get("files", []) if not FileSystems.exists(p)]
        if missing:
            self.log(f"{step}: {len(missing)} output(s) of the last run are gone (e.g. {missing[0]})")
            return None
        return manifest["outputs"]

    def record(self, step: str, key: dict, outputs: dict, files: list[str], seconds: float) -> None:
        """`files`: outputs whose absence means the step must run again (a few markers, not every shard)."""
        manifest = {
            "step": step,
            "key": digest(key),
            "parts": {k: digest(v) for k, v in key.items()},
            "inputs": key,
            "outputs": outputs,
            "files": files,
            "seconds": round(seconds, 1),
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        write_text(self.path(step), json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")

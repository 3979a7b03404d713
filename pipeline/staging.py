"""Model files reach remote workers through the job: before a remote job is built, every model path in a source's
parameters that is local to the launcher (or unset, for lid.176) is copied to the job's staging location
(`--staging_location`, else `--temp_location`: any FileSystems path the workers can read, gs:// on Dataflow) and
the parameter is rewritten to the copy. Workers read the copy through pipeline.models.local_path (remote files
are fetched once per worker into a local cache). Remote paths (gs://, s3://) are left as they are.

Copies are content-addressed (<root>/llama-corpus-models/<sha256 prefix>/<name>), so a rerun uploads nothing new.
Local runners (FnApiRunner, DirectRunner) share the launcher's files and stage nothing.
"""
from __future__ import annotations

import copy
import hashlib
import os

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import GoogleCloudOptions

from pipeline.io import join_path
from pipeline.models import MissingModelError
from pipeline.runner import is_dry_run, is_remote

STAGED_DIR = "llama-corpus-models"
CHUNK = 1 << 20


class StagingError(MissingModelError):
    """A model file that cannot reach the workers (the CLI reports it as a usage error)."""


def _lid_default() -> str:
    from pipeline.langid import bundled_lid_model

    return bundled_lid_model()


# A model parameter left unset whose default is a file on the launcher (not in the project wheel) gets it staged.
LAUNCHER_DEFAULTS = {"langid.model": _lid_default}


def staging_root(options) -> str:
    gcp = options.view_as(GoogleCloudOptions)
    root = gcp.staging_location or gcp.temp_location
    if not root:
        raise StagingError("a remote runner's workers get model files through the job: set --temp_location "
                           "(or --staging_location) to a path they can read, e.g. gs://BUCKET/tmp")
    return root


def _is_local(path: str) -> bool:
    return "://" not in path


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy(local: str, target: str, dry_run: bool) -> None:
    if dry_run or FileSystems.exists(target):  # content-addressed: already staged by an earlier run
        return
    if _is_local(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(local, "rb") as src, FileSystems.create(target) as dst:
        for block in iter(lambda: src.read(CHUNK), b""):
            dst.write(block)


def stage_path(path: str, root: str, dry_run: bool = False) -> str:
    """The staged copy of a local file or directory (its files, not recursive); remote paths unchanged.
    A dry run only names the copy (nothing is written: it stays offline)."""
    if not _is_local(path):
        return path
    path = os.path.abspath(path)
    if os.path.isfile(path):
        target = join_path(root, STAGED_DIR, _sha256(path)[:16], os.path.basename(path))
        _copy(path, target, dry_run)
        return target
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if os.path.isfile(os.path.join(path, n)))
        hashes = {name: _sha256(os.path.join(path, name)) for name in names}
        tree = hashlib.sha256("".join(f"{n}\0{h}\n" for n, h in hashes.items()).encode()).hexdigest()
        target = join_path(root, STAGED_DIR, tree[:16], os.path.basename(path.rstrip("/")) or "models")
        for name in names:
            _copy(os.path.join(path, name), join_path(target, name), dry_run)
        return target
    raise StagingError(f"model path not found on the launcher: {path}")


def _get(params: dict, dotted: str):
    node = params
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node:
            return None, False
        node = node[key]
    return node, True


def _set(params: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    node = params
    for key in parents:
        node = node[key]
    node[last] = value


def _stray_local_paths(node, prefix: str = "") -> list[str]:
    """Keys whose value names an existing launcher file but are not declared model parameters."""
    if isinstance(node, dict):
        return [k for key, value in node.items() for k in _stray_local_paths(value, f"{prefix}{key}.")]
    if isinstance(node, str) and os.sep in node and _is_local(node) and os.path.exists(node):
        return [prefix.rstrip(".")]
    return []


def stage_params(params: dict, model_keys: tuple[str, ...], root: str, dry_run: bool = False) -> dict:
    """A copy of a source's parameters with every model path in `model_keys` (dotted, e.g. "langid.model")
    pointing at a staged copy. A local file path under an undeclared key is an error: it would not reach the
    workers."""
    staged = copy.deepcopy(params)
    for key in model_keys:
        value, present = _get(staged, key)
        if not present:
            continue
        if value is None and key in LAUNCHER_DEFAULTS:
            value = LAUNCHER_DEFAULTS[key]()
        if value is not None:
            _set(staged, key, stage_path(str(value), root, dry_run))
    stray = [k for k in _stray_local_paths(staged) if k not in model_keys]
    if stray:
        raise StagingError(f"parameter(s) {', '.join(stray)} name launcher-local files that remote workers cannot "
                           "read: declare them as model parameters (sources/registry.py) so they are staged")
    return staged


def stage_source_models(params: dict, model_keys: tuple[str, ...], options) -> dict:
    """Source parameters ready for this job's workers: staged for remote runners, unchanged for local ones."""
    if not is_remote(options):
        return params
    return stage_params(params, model_keys, staging_root(options), is_dry_run(options))


def stage_file_for_job(path: str, options) -> str:
    """One model file (e.g. the tokenizer of encode-shards) ready for this job's workers."""
    if not is_remote(options) or not _is_local(path):
        return path
    return stage_path(path, staging_root(options), is_dry_run(options))

"""Configuration: code defaults <- YAML file (configs/*.yaml) <- `--set key.path=value` flags."""
from __future__ import annotations

import copy
from typing import Any

import yaml

from pipeline.io import read_text


def deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_yaml(path: str | None) -> dict:
    if not path:
        return {}
    data = yaml.safe_load(read_text(path)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a config must be a YAML mapping, got {type(data).__name__}")
    return data


def parse_assignment(assignment: str) -> tuple[list[str], Any]:
    """`a.b.c=value` -> (['a', 'b', 'c'], value parsed as YAML: numbers, booleans, lists, null)."""
    key, sep, raw = assignment.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"--set expects key.path=value, got {assignment!r}")
    return key.strip().split("."), yaml.safe_load(raw)


def apply_assignments(config: dict, assignments: list[str] | None) -> dict:
    config = copy.deepcopy(config)
    for assignment in assignments or []:
        path, value = parse_assignment(assignment)
        node = config
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"--set {assignment!r}: {part!r} is not a section")
        node[path[-1]] = value
    return config


def unknown_keys(defaults: dict, section: dict, prefix: str = "") -> list[str]:
    unknown = []
    for key, value in section.items():
        if key not in defaults:
            unknown.append(prefix + key)
        elif isinstance(value, dict) and isinstance(defaults[key], dict):
            unknown += unknown_keys(defaults[key], value, f"{prefix}{key}.")
    return unknown


def _has_path(config: dict, path: list[str]) -> bool:
    node = config
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def source_config(defaults: dict, file_config: dict, source: str, assignments: list[str] | None) -> dict:
    """The effective parameters of one source. `--set` keys are relative to the source's section
    (`--set langid.threshold=0.6`) or absolute (`--set sources.commoncrawl.langid.threshold=0.6`)."""
    section = (file_config.get("sources") or {}).get(source) or {}
    typos = unknown_keys(defaults, section)
    if typos:
        raise ValueError(f"unknown {source} parameter in the config (sources.{source}): "
                         f"{'; '.join(unknown_path_message(defaults, t.split('.')) for t in typos)}")
    merged = deep_merge(defaults, section)
    relative = []
    for assignment in assignments or []:
        prefix = f"sources.{source}."
        if assignment.startswith(prefix):
            relative.append(assignment[len(prefix):])
        elif not assignment.startswith("sources."):
            relative.append(assignment)
    unknown = [parse_assignment(a)[0] for a in relative if not _has_path(merged, parse_assignment(a)[0])]
    if unknown:
        raise ValueError(f"unknown {source} parameter {'; '.join(unknown_path_message(merged, p) for p in unknown)}")
    return apply_assignments(merged, relative)


def unknown_path_message(config: dict, path: list[str]) -> str:
    """`langid.treshold` -> "langid.treshold (did you mean langid.threshold? langid holds: languages, threshold)":
    the first part of the path that does not exist, a close match, and the keys that do exist at that level."""
    import difflib

    node, here = config, []
    for part in path:
        if not isinstance(node, dict):
            return f"{'.'.join(path)} ({'.'.join(here)} is a value, not a section)"
        if part not in node:
            close = difflib.get_close_matches(part, [str(k) for k in node], n=1, cutoff=0.6)
            hint = f"did you mean {'.'.join(here + close)}? " if close else ""
            where = '.'.join(here) or "the top level"
            return f"{'.'.join(path)} ({hint}{where} holds: {', '.join(sorted(map(str, node)))})"
        node, here = node[part], here + [part]
    return '.'.join(path)

"""Strict command lines, shared by every CLI of the project.

Two spellings of every long flag are accepted (`--shard-tokens` and `--shard_tokens`); a flag nobody knows is an
error that names it and the closest known flag, never silently dropped. A CLI that hands its leftover flags to Beam
checks them against every flag Beam's PipelineOptions subclasses declare (`beam_args`), since Beam itself only
logs "Discarding unparseable args" and runs on without them.
"""
from __future__ import annotations

import argparse
import difflib
from typing import Iterable, Sequence


class UnknownFlagError(ValueError):
    """One or more flags no parser knows; the message names each with a close match where there is one."""


def long_flags(parser: argparse.ArgumentParser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings if s.startswith("--")}


def _variants(name: str) -> tuple[str, str]:
    body = name[2:]
    return "--" + body.replace("_", "-"), "--" + body.replace("-", "_")


def canonical_argv(argv: Sequence[str], known: Iterable[str]) -> list[str]:
    """argv with each `--a_b` / `--a-b` rewritten to the spelling the parser registered (values untouched:
    only tokens that start with `--` and name a flag by either spelling change); stops at a bare `--`."""
    known = set(known)
    out = []
    args = [str(a) for a in argv]
    for i, token in enumerate(args):
        if token == "--":
            return out + args[i:]
        if token.startswith("--") and len(token) > 2:
            name, sep, value = token.partition("=")
            if name not in known:
                for variant in _variants(name):
                    if variant in known:
                        token = variant + sep + value
                        break
        out.append(token)
    return out


def unknown_flags_message(unknown: Sequence[str], known: Iterable[str], where: str = "") -> str:
    """'unknown flag --vocab_sise (did you mean --vocab-size?)' for each flag in `unknown` (their values,
    tokens that do not start with '-', are named as stray arguments only when no flag precedes them)."""
    known = sorted(set(known))
    normal = {k.replace("_", "-"): k for k in known}
    parts, stray = [], []
    previous_was_flag = False
    for token in unknown:
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            close = difflib.get_close_matches(name.replace("_", "-"), list(normal), n=1, cutoff=0.7)
            hint = f" (did you mean {normal[close[0]]}?)" if close else ""
            parts.append(f"{name}{hint}")
            previous_was_flag = "=" not in token
        elif not previous_was_flag:
            stray.append(token)
        else:
            previous_was_flag = False
    message = ""
    if parts:
        message = f"unknown flag{'s' if len(parts) > 1 else ''} {', '.join(parts)}"
    if stray:
        message += ("; " if message else "") + f"unexpected argument(s) {' '.join(stray)}"
    return message + (f" {where}" if where else "")


class StrictParser(argparse.ArgumentParser):
    """argparse.ArgumentParser that takes `--a_b` for `--a-b` (and back), takes no abbreviation, and rejects an
    unknown flag by name with a suggestion (exit 2, like any argparse usage error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        import sys

        args = sys.argv[1:] if args is None else args
        return super().parse_known_args(canonical_argv(args, long_flags(self)), namespace)

    def parse_args(self, args=None, namespace=None):
        parsed, rest = self.parse_known_args(args, namespace)
        if rest:
            self.error(unknown_flags_message(rest, long_flags(self)))
        return parsed

    def parse_with_beam(self, args=None, namespace=None) -> tuple[argparse.Namespace, list[str]]:
        """This CLI's flags and the rest as Beam pipeline flags; a flag neither knows is a usage error."""
        parsed, rest = self.parse_known_args(args, namespace)
        try:
            return parsed, beam_args(rest, also_known=long_flags(self))
        except UnknownFlagError as exc:
            self.error(str(exc))


def beam_parser() -> argparse.ArgumentParser:
    """One parser holding every flag of every PipelineOptions subclass imported so far (Beam's own, Dataflow's,
    the project's CorpusOptions), built the way PipelineOptions.get_all_options builds its own."""
    from apache_beam.options import pipeline_options as po

    class _Parser(po._BeamArgumentParser):
        def error(self, message):  # a bad value (`--num_workers x`): one line, not Beam's usage dump
            raise UnknownFlagError(message)

    parser = _Parser(allow_abbrev=False, add_help=False)
    subset = {}
    for cls in po.PipelineOptions.__subclasses__():
        subset.setdefault(str(cls), cls)
    for cls in subset.values():
        cls._add_argparse_args(parser)  # pylint: disable=protected-access
    return parser


def beam_args(argv: Sequence[str], also_known: Iterable[str] = ()) -> list[str]:
    """argv checked against Beam's pipeline flags: returned with Beam's spelling of each flag (`--num-workers` ->
    `--num_workers`); UnknownFlagError names any flag Beam does not know. `also_known`: the calling CLI's own
    flags, offered as suggestions too."""
    parser = beam_parser()
    known = long_flags(parser)
    argv = canonical_argv(argv, known)
    _, unknown = parser.parse_known_args(argv)
    if unknown:
        raise UnknownFlagError(unknown_flags_message(unknown, known | set(also_known),
                                                     "(neither this command's nor a Beam pipeline option)"))
    return argv

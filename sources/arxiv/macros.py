"""User macro definitions and their inline expansion (pure, no Beam).

Understood definitions: `\\newcommand`, `\\renewcommand`, `\\providecommand`, `\\DeclareRobustCommand` (starred
or not, with `[n]` arguments and an optional first argument's `[default]`), `\\def`/`\\gdef`/`\\edef`/`\\xdef`
(with `#1#2` parameters, also delimited ones like `\\def\\pair(#1,#2){...}`, and `\\long`/`\\global` prefixes),
`\\let`, `\\DeclareMathOperator` and `\\newenvironment`/`\\renewenvironment`. RedPajama expanded only
argument-less macros, by regex; here arguments are read the way TeX reads them (a `{group}` or a single token,
spaces skipped) and substituted for `#1`...`#9`.

Definitions are removed from the text and take effect where they appear (a `\\renewcommand` in the middle of a
paper changes what follows). Expansion is recursive (a macro may use others) and bounded: nesting deeper than
`max_depth` or more than `max_chars` of expansion output raises `ExpansionLimit` (a recursive `\\def\\a{\\a}` or
an exponential macro bomb), so one hostile paper costs bounded time and memory.

Not expanded, on purpose: redefinitions of the structure the cleaner relies on (sectioning, `\\begin`, `\\end`,
`\\item`, `\\input`...) and macros whose body uses LaTeX internals (`\\@startsection`, `\\@ifnextchar`): those are
formatting plumbing whose expansion would replace readable commands by TeX programming.
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import re

from sources.arxiv.latex import (
    MAX_DELIMITED_CHARS,
    after_verb,
    control_sequence,
    end_of_env,
    ends_with_control_word,
    find_unescaped,
    glue,
    read_argument,
    read_group,
    ScanBudget,
    read_optional,
    scan_at_depth_zero,
    skip_blanks,
)

SECTIONING = frozenset("part chapter section subsection subsubsection paragraph subparagraph".split())
_NEWCOMMAND = frozenset("newcommand renewcommand providecommand DeclareRobustCommand".split())
_DEF = frozenset("def gdef edef xdef".split())
_NEWENVIRONMENT = frozenset("newenvironment renewenvironment".split())
_DEFINERS = _NEWCOMMAND | _DEF | _NEWENVIRONMENT | {"let", "DeclareMathOperator"}
_PREFIXES = frozenset("long global outer protected".split())
NEVER_EXPAND = SECTIONING | _DEFINERS | _PREFIXES | frozenset(
    "begin end item input include appendix bibliography verb par".split()
)
_VERBATIM = frozenset("verbatim verbatim* Verbatim Verbatim* lstlisting minted".split())
DEFINER_RE = re.compile(r"\\(" + "|".join(sorted(_DEFINERS | _PREFIXES)) + r")(?![A-Za-z@])")
_PARAM = re.compile(r"#(#|[1-9])")
_INTERNAL = re.compile(r"\\[A-Za-z]*@")
_DEFINED_NAME = re.compile(r"\\(?:[A-Za-z@]+|[^A-Za-z@\s])")
_MAX_PARAM_TEXT = 200


class ExpansionLimit(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class Macro:
    body: str
    nargs: int = 0
    default: str | None = None  # \newcommand{\x}[2][default]: the first argument is optional
    delimiters: tuple[str, ...] | None = None  # \def parameter text: literal before #1, after #1, ..., after #n
    rescan: bool = True  # False: the body is final (a \let alias of a built-in command)


@dataclasses.dataclass(frozen=True)
class Environment:
    begin: str
    end: str
    nargs: int = 0
    default: str | None = None


# ------------------------------------------------------------------------------------------ definition parsers
# Each parser reads what follows the defining command (from index i) and returns (name, definition, end) or None.


def _defined_name(text: str, i: int) -> tuple[str, int] | None:
    """`{\\name}` or `\\name` -> (name without backslash, end)."""
    j = skip_blanks(text, i)
    if text.startswith("{", j):
        group = read_group(text, j)
        if group is None:
            return None
        inner = group[0].strip()
        if not _DEFINED_NAME.fullmatch(inner):
            return None
        return inner[1:], group[1]
    if text.startswith("\\", j):
        name, end = control_sequence(text, j)
        return (name, end) if name else None
    return None


def _optional(text: str, i: int, budget: ScanBudget | None) -> tuple[str | None, int] | None:
    """An optional `[...]` after blanks -> (content or None when absent, end); None if it is unterminated."""
    j = skip_blanks(text, i)
    if not text.startswith("[", j):
        return None, i
    return read_optional(text, j, budget)


def parse_newcommand(text: str, i: int, expander: "MacroExpander"):
    j = i + 1 if text.startswith("*", i) else i
    named = _defined_name(text, j)
    if named is None:
        return None
    name, j = named
    count = _optional(text, j, expander.budget)
    if count is None:
        return None
    nargs_text, j = count
    nargs = 0
    if nargs_text is not None:
        if not nargs_text.strip().isdigit() or not 0 <= int(nargs_text) <= 9:
            return None
        nargs = int(nargs_text)
    default, j = (None, j) if nargs == 0 else (_optional(text, j, expander.budget) or (None, j))
    body = read_argument(text, j)
    if body is None:
        return None
    return name, Macro(body[0], nargs, default), body[1]


def parse_def(text: str, i: int, _expander: "MacroExpander"):
    j = skip_blanks(text, i)
    if not text.startswith("\\", j):
        return None
    name, j = control_sequence(text, j)
    if not name:
        return None
    brace = text.find("{", j, j + _MAX_PARAM_TEXT)
    if brace < 0:
        return None
    param_text = text[j:brace]
    if "}" in param_text or "\n\n" in param_text or param_text.endswith("#"):
        return None
    parts = _PARAM.split(param_text.lstrip(" \t\n"))  # spaces after a control word are not part of it
    literals, numbers = parts[0::2], parts[1::2]
    if numbers != [str(k) for k in range(1, len(numbers) + 1)]:
        return None  # parameters must be #1, #2, ... in order
    body = read_group(text, brace)
    if body is None:
        return None
    if any(literals):
        return name, Macro(body[0], len(numbers), delimiters=tuple(literals)), body[1]
    return name, Macro(body[0], len(numbers)), body[1]


def parse_let(text: str, i: int, expander: "MacroExpander"):
    j = skip_blanks(text, i)
    if not text.startswith("\\", j):
        return None
    name, j = control_sequence(text, j)
    j = skip_blanks(text, j)
    if text.startswith("=", j):
        j += 1
        if text.startswith(" ", j):
            j += 1
    if j >= len(text):
        return None
    if text[j] == "\\":
        target, end = control_sequence(text, j)
        if target in expander.macros:  # \let copies the meaning the target has now
            return name, expander.macros[target], end
        return name, Macro(text[j:end], rescan=False), end
    return name, Macro(text[j], rescan=False), j + 1


def parse_math_operator(text: str, i: int, _expander: "MacroExpander"):
    star = text.startswith("*", i)
    named = _defined_name(text, i + 1 if star else i)
    if named is None:
        return None
    name, j = named
    body = read_argument(text, j)
    if body is None:
        return None
    return name, Macro("\\operatorname" + ("*" if star else "") + "{" + body[0] + "}"), body[1]


def parse_newenvironment(text: str, i: int, expander: "MacroExpander"):
    j = skip_blanks(text, i + 1 if text.startswith("*", i) else i)
    if not text.startswith("{", j):
        return None
    group = read_group(text, j)
    if group is None:
        return None
    name, j = group[0].strip(), group[1]
    count = _optional(text, j, expander.budget)
    if count is None:
        return None
    nargs_text, j = count
    nargs = int(nargs_text) if nargs_text is not None and nargs_text.strip().isdigit() else 0
    default, j = (None, j) if nargs == 0 else (_optional(text, j, expander.budget) or (None, j))
    begin = read_argument(text, j)
    end = read_argument(text, begin[1]) if begin else None
    if not name or end is None:
        return None
    return name, Environment(begin[0], end[0], nargs, default), end[1]


_PARSERS = {
    **{name: parse_newcommand for name in _NEWCOMMAND},
    **{name: parse_def for name in _DEF},
    **{name: parse_newenvironment for name in _NEWENVIRONMENT},
    "let": parse_let,
    "DeclareMathOperator": parse_math_operator,
}


# ------------------------------------------------------------------------------------------ argument reading


@functools.lru_cache(maxsize=64)
def _delimiter_scan(delimiter: str) -> re.Pattern:
    return re.compile("(" + re.escape(delimiter) + r")|\\.|[{}]", re.DOTALL)


def _find_delimiter(text: str, i: int, delimiter: str, budget: ScanBudget) -> int | None:
    """The first `delimiter` at brace depth 0 from i (TeX's rule for delimited parameters)."""
    limit = budget.limit(i, MAX_DELIMITED_CHARS, len(text))
    stop, closed = scan_at_depth_zero(_delimiter_scan(delimiter).finditer(text, i, limit),
                                      lambda m: m.group(1) is not None)
    budget.spend((stop.start() if stop else closed or limit) - i)
    return stop.start() if stop else None


def _read_delimited(macro: Macro, text: str, i: int, budget: ScanBudget) -> tuple[list[str], int] | None:
    delimiters = macro.delimiters
    if not text.startswith(delimiters[0], i):
        return None
    j = i + len(delimiters[0])
    args = []
    for delimiter in delimiters[1:]:
        if not delimiter:
            arg = read_argument(text, j)
            if arg is None:
                return None
            args.append(arg[0])
            j = arg[1]
            continue
        found = _find_delimiter(text, j, delimiter, budget)
        if found is None:
            return None
        arg = text[j:found]
        group = read_group(arg, 0) if arg.startswith("{") else None
        args.append(group[0] if group and group[1] == len(arg) else arg)  # TeX strips one pair of braces
        j = found + len(delimiter)
    return args, j


def read_arguments(
    nargs: int, default: str | None, text: str, i: int, budget: ScanBudget | None = None
) -> tuple[list[str], int] | None:
    """The arguments of a `\\newcommand`-style macro used at i; None if they are not there."""
    args: list[str] = []
    j = i
    if default is not None:
        opt = _optional(text, j, budget)
        if opt is None:
            return None
        value, j = opt
        args.append(default if value is None else value)
    for _ in range(nargs - len(args)):
        arg = read_argument(text, j)
        if arg is None:
            return None
        args.append(arg[0])
        j = arg[1]
    return args, j


def substitute(body: str, args: list[str]) -> str:
    """Replace #1..#9 by the arguments (`##` -> `#`, for definitions nested in the body)."""
    if "#" not in body:
        return body

    def replace(match: re.Match) -> str:
        token = match.group(1)
        if token == "#":
            return "#"
        k = int(token)
        if k > len(args):
            return match.group()
        arg = args[k - 1]
        return glue(body[: match.start()], arg) + arg + glue(arg, body[match.end() :])

    return _PARAM.sub(replace, body)


# ------------------------------------------------------------------------------------------ the expander


class MacroExpander:
    """Holds the macros defined so far; `collect` registers the definitions of a text (a preamble), `expand`
    rewrites a text, registering and removing its definitions and expanding every use in order."""

    def __init__(self, max_depth: int = 32, max_chars: int = 20_000_000):
        self.macros: dict[str, Macro] = {}
        self.environments: dict[str, Environment] = {}
        self.max_depth = max_depth
        self.max_chars = max_chars
        self.stats: collections.Counter = collections.Counter()
        self._produced = 0
        self.budget = ScanBudget(0)

    # -- definitions

    def collect(self, text: str, start: int = 0) -> list[tuple[int, int]]:
        """Register every top-level definition in `text` from `start`; return their spans."""
        self.new_text(text)
        spans = []
        pos = start
        while True:
            match = find_unescaped(DEFINER_RE, text, pos)
            if match is None:
                return spans
            stop = self.define_at(text, match.group(1), match.end())
            if stop is None:
                pos = match.end()
            else:
                spans.append((match.start(), stop))
                pos = stop

    def define_at(self, text: str, name: str, end: int) -> int | None:
        """A defining command `\\name` ends at `end`: parse and register its definition; return where it ends."""
        while name in _PREFIXES:  # \long\def, \global\long\def ...
            j = skip_blanks(text, end)
            if not text.startswith("\\", j):
                return None
            name, end = control_sequence(text, j)
        parser = _PARSERS.get(name)
        if parser is None:
            return None
        parsed = parser(text, end, self)
        if parsed is None:
            self.stats["definitions_unparsed"] += 1
            return None
        target, definition, stop = parsed
        self._register(name, target, definition)
        return stop

    def _register(self, command: str, target: str, definition) -> None:
        if isinstance(definition, Environment):
            if target in _VERBATIM or target == "document":
                return
            self.environments[target] = definition
            self.stats["environments_defined"] += 1
            return
        if command == "providecommand" and target in self.macros:
            return
        if target in NEVER_EXPAND or _INTERNAL.search(definition.body):
            self.macros.pop(target, None)
            self.stats["macros_not_expanded"] += 1
            return
        self.macros[target] = definition
        self.stats["macros_defined"] += 1

    # -- expansion

    def new_text(self, text: str) -> None:
        """Start work on a text: bounded scans may read it a few times over, not once per macro use."""
        self.budget = ScanBudget(4 * len(text) + 100_000)

    def expand(self, text: str) -> str:
        self.new_text(text)
        return self._expand(text, 0)

    def _expand(self, text: str, depth: int) -> str:
        if depth > self.max_depth:
            raise ExpansionLimit(f"macros nested more than {self.max_depth} deep (a recursive definition?)")
        out: list[str] = []
        pos = search = 0  # text[pos:] is not yet copied; the next backslash is looked for from `search`
        while True:
            k = text.find("\\", search)
            if k < 0:
                out.append(text[pos:])
                return "".join(out)
            name, end = control_sequence(text, k)
            if name in _DEFINERS or name in _PREFIXES:
                stop = self.define_at(text, name, end)
                if stop is not None:
                    start, stop = _whole_lines(text, k, stop, pos, out)
                    out.append(text[pos:start])
                    pos = search = stop
                    continue
            elif name == "verb":
                search = after_verb(text, end)
                continue
            elif name in ("begin", "end"):
                replaced = self._environment(text, name, end, depth)
                if replaced is not None:
                    replacement, stop = replaced
                    if replacement is None:  # verbatim: copy untouched
                        search = stop
                        continue
                    self._emit(out, text, pos, k, replacement, stop)
                    pos = search = stop
                    continue
            elif name in self.macros:
                macro = self.macros[name]
                parsed = self._arguments(macro, text, end)
                if parsed is not None:
                    args, stop = parsed
                    replacement = self._substitute(macro.body, args)
                    if macro.rescan:
                        replacement = self._expand(replacement, depth + 1)
                    self._emit(out, text, pos, k, replacement, stop)
                    self.stats["macros_expanded"] += 1
                    pos = search = stop
                    continue
                self.stats["macro_uses_without_arguments"] += 1
            search = max(end, k + 1)

    def _arguments(self, macro: Macro, text: str, i: int):
        if macro.delimiters is not None:
            return _read_delimited(macro, text, i, self.budget)
        if macro.nargs == 0:
            return [], i
        return read_arguments(macro.nargs, macro.default, text, i, self.budget)

    def _environment(self, text: str, command: str, end: int, depth: int):
        """`\\begin{env}` / `\\end{env}`: (replacement, end) for a user environment, (None, end) to skip a
        verbatim environment, None for anything else."""
        j = skip_blanks(text, end)
        if not text.startswith("{", j):
            return None
        group = read_group(text, j)
        if group is None:
            return None
        env, stop = group[0].strip(), group[1]
        if command == "begin" and env in _VERBATIM:
            closing = end_of_env(env).search(text, stop)
            return None, closing.end() if closing else len(text)
        definition = self.environments.get(env)
        if definition is None:
            return None
        if command == "end":
            return self._expand(definition.end, depth + 1), stop
        parsed = read_arguments(definition.nargs, definition.default, text, stop, self.budget)
        if parsed is None:
            return None
        args, stop = parsed
        return self._expand(self._substitute(definition.begin, args), depth + 1), stop

    def _substitute(self, body: str, args: list[str]) -> str:
        """The body with its arguments, counted against `max_chars` BEFORE it is rescanned: a definition that
        doubles its argument at every level (`\\def\\cc#1{\\cc{#1#1}}`) stops once the bound is reached, not
        after the innermost level built a string of 2^depth characters."""
        replacement = substitute(body, args)
        self._produced += len(replacement)
        if self._produced > self.max_chars:
            raise ExpansionLimit(f"macro expansion produced more than {self.max_chars} characters")
        return replacement

    def _emit(self, out: list[str], text: str, pos: int, k: int, replacement: str, stop: int) -> None:
        """Copy text[pos:k] then the replacement, keeping token boundaries on both sides."""
        before = text[pos:k]
        out.append(before)
        out.append(glue(before or (out[-2] if len(out) > 1 else ""), replacement))
        out.append(replacement)
        if stop < len(text) and (text[stop].isalpha() or text[stop] == "@") and ends_with_control_word(replacement):
            out.append(" ")
        self._produced += len(replacement)
        if self._produced > self.max_chars:
            raise ExpansionLimit(f"macro expansion produced more than {self.max_chars} characters")


_REST_OF_LINE_BLANK = re.compile(r"[ \t]*(?:\n|$)")


def _whole_lines(text: str, start: int, stop: int, pos: int, out: list[str]) -> tuple[int, int]:
    """A definition alone on its line (other definitions removed from it count as nothing) takes the line end with
    it, so removing it leaves no blank line behind."""
    rest = _REST_OF_LINE_BLANK.match(text, stop)
    if rest is None or not _line_so_far_blank(out, text[pos:start]):
        return start, stop
    line_start = text.rfind("\n", pos, start) + 1 or pos
    return max(line_start, pos), rest.end()


def _line_so_far_blank(out: list[str], pending: str, lookback: int = 8) -> bool:
    """Whether the output line being built is blank so far (looks at most `lookback` pieces back: undecided means
    no, which only keeps a line break)."""
    for piece in (pending, *out[-1 : -lookback - 1 : -1]):
        head, newline, tail = piece[-200:].rpartition("\n")
        if tail.strip():
            return False
        if newline:
            return True
    return len(out) < lookback

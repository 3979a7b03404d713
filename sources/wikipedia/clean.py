"""Wikitext -> plain article text, the way the reference builder (HF `wikipedia`, mwparserfromhell) does it.

Kept: prose, link text (`[[target|text]]` -> `text`; `[[:Category:X]]`, `[[:en:Kyiv]]` -> the target without its
colon, as MediaWiki shows them), external link titles, headings, list items, bold/italic contents, `<nowiki>` and
`<pre>` contents as written. Dropped: File/Image/Media links (with the dump's localized namespace names plus every
alias MediaWiki accepts, namespace_aliases.json), category and interlanguage links, `<ref>` and tables (`{| |}` and `<table>`), every
template (reflist, notelist, infoboxes, ...), comments, tags whose contents MediaWiki does not show (gallery,
math, timeline...), and behaviour switches such as `__TOC__`. Sections are joined by blank lines.

Differences from the reference, on purpose:
- The reference removes `ref`/`table` tags only inside its wikilink loop, so a section without links keeps
  its references and tables; here they are always removed.
- The reference keeps category links (prefix stripped) as text; docs/RECIPE.md says category links are removed.
- The reference builds mwparserfromhell's node tree and mutates it with `remove()` (a search per node, and it
  fails on nodes it cannot find); here mwparserfromhell's token stream is rendered in one pass, skipping what
  is dropped (several times faster: building the tree is most of `parse()`'s time).
- Interlanguage links (`[[de:Anarchismus]]`, sidebar links in MediaWiki) are dropped; the reference leaves
  "de:Anarchismus" in the text.
- Sections left with a heading and no text (References, External links...) are dropped, and a construct that
  filled its whole line (a category link, an infobox) takes its line break with it.
- Markup the parser gives up on (a `<ref>` holding an unbalanced `''`, a table with a broken attribute, a link
  target with a newline) comes out of mwparserfromhell as plain text; the reference leaves it in the output.
  Here a second, regex-based pass removes that residue (see `_scrub_residue`).
"""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from mwparserfromhell.definitions import is_visible
from mwparserfromhell.parser import tokens, use_c
from mwparserfromhell.parser.tokenizer import Tokenizer

try:
    from mwparserfromhell.parser._tokenizer import CTokenizer
except ImportError:  # a build without the C extension: the pure-Python tokenizer gives the same tokens
    CTokenizer = None

from sources.wikipedia.dump import SiteInfo

MEDIA_NAMESPACES = (6, -2)  # File, Media
CATEGORY_NAMESPACE = 14
CANONICAL_MEDIA = ("File", "Image", "Media")
CANONICAL_CATEGORY = ("Category",)
# {lang: {"media": [...], "category": [...]}}: every name MediaWiki accepts for File/Media and Category, aliases
# included. A dump's siteinfo lists one name per namespace, not the old "Image" names still used in articles
# (el `Εικόνα`, lv/ltg `Attēls`, de `Bild`). Built by scripts/wikipedia_namespace_aliases.py.
_ALIASES_FILE = Path(__file__).with_name("namespace_aliases.json")

DROPPED_TAGS = frozenset({"ref", "table"})
LINE_BREAK_TAGS = frozenset({"br"})
# Contents shown as written (`<nowiki>[[x]]</nowiki>` is "[[x]]"): their brackets are swapped for noncharacters
# until the end, so the residue pass does not take them for markup the parser left behind.
LITERAL_TAGS = frozenset({"nowiki", "pre"})
_HIDE_BRACKETS = str.maketrans("[]{}<", "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4")
_SHOW_BRACKETS = {hidden: shown for shown, hidden in _HIDE_BRACKETS.items()}

# Behaviour switches: __TOC__, __NOTOC__, localized ones (__БЕЗ_ОГЛАВЛЕНИЯ__). Lower-case ASCII such as
# Python's __init__ in article prose is text, not a switch.
_MAGIC_WORD = re.compile(r"__(?:[A-Z]|[^\x00-\x7F\W])+(?:_(?:[A-Z]|[^\x00-\x7F\W])+)*__")
# What removed templates leave behind: "Anarchism ( ) is", "Kyiv (; ) is". "f()" (no space before) stays.
_EMPTY_PARENS = re.compile(r"(?:^|[ \t\xa0]+)\([ \t\xa0,;:]*\)|\([ \t\xa0,;:]+\)", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACE_RUN = re.compile(r"(?<=\S)[ \t]{2,}")  # "Text [[File:x]] more" -> "Text  more" -> "Text more"
_ONE_LEADING_SPACE = re.compile(r"^ (?=\S)", re.MULTILINE)  # ": quote", preformatted " text" (MediaWiki drops it)

# Residue of markup the parser left as text (only looked at when one of these markers is present).
_RESIDUE_MARKERS = ("{{", "}}", "[[", "]]", "{|", "|}", "<ref", "</ref", "<!--")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)  # an unclosed comment runs to the end, as in MediaWiki
_REF = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?</ref\s*>|</?ref\b[^>]*>", re.DOTALL | re.IGNORECASE)
_INNER_TEMPLATE = re.compile(r"\{\{(?:[^{}]|\{(?!\{)|\}(?!\}))*\}\}")
_INNER_LINK = re.compile(r"\[\[([^\[\]]*)\]\]")
_STRAY_TOKENS = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{\||\|\}")
_MAX_NESTING = 32

# A language-code prefix (en, nds, be-x-old, zh-min-nan, simple) marks an interlanguage link; the few
# lower-case interwiki prefixes of that shape link inside the text (mw: MediaWiki, voy: Wikivoyage, doi:, rfc:).
_INTERLANGUAGE = re.compile(r"^([a-z]{2,3}(?:-[a-z]+)*|simple)[ _]*:")
_PROJECT_PREFIXES = frozenset({"mw", "voy", "wmf", "doi", "rfc"})


class NamespaceRules:
    """Which link targets are media or category links in one wiki."""

    def __init__(self, media_names: tuple[str, ...], category_names: tuple[str, ...]):
        self._media = _prefix_pattern(media_names)
        self._category = _prefix_pattern(category_names)

    def is_media(self, target: str) -> bool:
        return bool(self._media.match(target))

    def is_category(self, target: str) -> bool:
        return bool(self._category.match(target))

    @staticmethod
    def is_interlanguage(target: str) -> bool:
        """`[[de:Anarchismus]]` (no leading colon): MediaWiki shows it in the sidebar, not in the text."""
        match = _INTERLANGUAGE.match(target)
        return bool(match) and match.group(1) not in _PROJECT_PREFIXES


def _prefix_pattern(names) -> re.Pattern:
    # "Thể loại" is also written "Thể_loại"; MediaWiki ignores case of the namespace and spaces around the colon.
    alternatives = sorted({re.sub(r"[ _]+", "[ _]+", re.escape(n.strip())) for n in names if n.strip()}, key=len)
    return re.compile(r"^[ _]*(?:" + "|".join(reversed(alternatives)) + r")[ _]*:", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def namespace_aliases() -> dict:
    return json.loads(_ALIASES_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=256)
def _rules(lang: str, media: tuple[str, ...], category: tuple[str, ...]) -> NamespaceRules:
    aliases = namespace_aliases().get(lang, {})
    return NamespaceRules(
        CANONICAL_MEDIA + media + tuple(aliases.get("media", ())),
        CANONICAL_CATEGORY + category + tuple(aliases.get("category", ())),
    )


def namespace_rules(site: SiteInfo) -> NamespaceRules:
    media = tuple(site.namespaces[k] for k in MEDIA_NAMESPACES if site.namespaces.get(k))
    category = (site.namespaces[CATEGORY_NAMESPACE],) if site.namespaces.get(CATEGORY_NAMESPACE) else ()
    return _rules(site.lang, media, category)


def clean_wikitext(wikitext: str, site: SiteInfo) -> str:
    """Plain text of one article: sections (heading line + body) joined by blank lines; "" if nothing is left."""
    rules = namespace_rules(site)
    sections = []
    for heading, body in _Renderer(_tokenize(wikitext), rules).sections():
        if any(marker in body for marker in _RESIDUE_MARKERS):
            body = _scrub_residue(body, rules)
        body = _tidy(body)
        if not body:
            continue  # a heading with nothing under it (References, External links, ...) or an empty lead
        title = _tidy(heading) if heading else ""
        sections.append(f"{title}\n{body}" if title else body)
    return "\n\n".join(sections).translate(_SHOW_BRACKETS)


def _tokenize(wikitext: str) -> list:
    # mwparserfromhell's own tokenizer (C when built); the same call `mwparserfromhell.parse` makes.
    tokenizer = CTokenizer() if (use_c and CTokenizer) else Tokenizer()
    return tokenizer.tokenize(wikitext, 0, False)


_OPENERS = frozenset({
    tokens.TemplateOpen, tokens.ArgumentOpen, tokens.WikilinkOpen, tokens.ExternalLinkOpen, tokens.HeadingStart,
    tokens.CommentStart, tokens.HTMLEntityStart, tokens.TagOpenOpen,
})  # fmt: skip
_CLOSERS = frozenset({
    tokens.TemplateClose, tokens.ArgumentClose, tokens.WikilinkClose, tokens.ExternalLinkClose, tokens.HeadingEnd,
    tokens.CommentEnd, tokens.HTMLEntityEnd, tokens.TagCloseSelfclose, tokens.TagCloseClose,
})  # fmt: skip
_TAG_NAME_END = frozenset({tokens.TagAttrStart, tokens.TagCloseOpen, tokens.TagCloseSelfclose})
_TAG_CONTENTS_END = frozenset({tokens.TagOpenClose, tokens.TagCloseSelfclose, tokens.TagCloseClose})
_LINE_START_MARKUP = frozenset({"li", "dt"})  # `*`, `#`, `;` begin a line; `:` (dd) may follow `; term` mid-line


class _Renderer:
    """Renders mwparserfromhell's token stream straight to text.

    `mwparserfromhell.parse()` first builds a node tree (about 90% of its time goes to building Template and
    Parameter objects that are thrown away here); the token stream is well nested, so a dropped construct is
    skipped by counting openers and closers, and everything else is rendered as `strip_code()` would.
    """

    def __init__(self, token_list: list, rules: NamespaceRules):
        self.tokens = token_list
        self.pos = 0
        self.rules = rules
        self.lstrip_next = False  # drop the space after a list marker ("* item" -> "item")
        self.handlers = {
            tokens.TemplateOpen: self._skip_construct,
            tokens.CommentStart: self._skip_construct,
            tokens.ArgumentOpen: self._argument,
            tokens.WikilinkOpen: self._wikilink,
            tokens.ExternalLinkOpen: self._external_link,
            tokens.HTMLEntityStart: self._entity,
            tokens.HeadingStart: self._nested_heading,
            tokens.TagOpenOpen: self._tag,
        }

    def sections(self) -> list[tuple[str | None, str]]:
        """[(heading title or None for the lead, body text)], flat: subsections are sections too."""
        out, heading = [], None
        while True:
            out.append((heading, self._part({tokens.HeadingStart})))
            if self.pos >= len(self.tokens):
                return out
            self.pos += 1
            heading = self._part({tokens.HeadingEnd})
            self.pos += 1

    def _part(self, stops) -> str:
        """Render until a token of a type in `stops` at this nesting level; leaves `pos` on that token."""
        out, toks, text_type = [], self.tokens, tokens.Text
        # A construct that renders to nothing and filled its whole line (a category link, an infobox) takes its
        # line break with it, so it leaves no blank line that would read as a paragraph break.
        at_line_start, eat_newline = True, False
        while self.pos < len(toks):
            token = toks[self.pos]
            kind = type(token)
            if kind in stops:
                break
            self.pos += 1
            if kind is text_type:
                text = token.text
                if self.lstrip_next:
                    text, self.lstrip_next = text.lstrip(" \t"), False
                if eat_newline:
                    text, eat_newline = (text[1:] if text.startswith("\n") else text), False
                piece = text
            else:
                handler = self.handlers.get(kind)
                piece = handler(token) if handler is not None else ""
            if piece:
                out.append(piece)
                at_line_start, eat_newline = piece.endswith("\n"), False
            elif kind is not text_type:
                eat_newline = at_line_start
        return "".join(out)

    def _skip_construct(self, _token=None) -> str:
        """Skip to the closer of the construct whose opener was just consumed."""
        depth, toks = 1, self.tokens
        while self.pos < len(toks):
            kind = type(toks[self.pos])
            self.pos += 1
            if kind in _OPENERS:
                depth += 1
            elif kind in _CLOSERS:
                depth -= 1
                if not depth:
                    break
        return ""

    def _skip_until(self, stops) -> None:
        depth, toks = 0, self.tokens
        while self.pos < len(toks):
            kind = type(toks[self.pos])
            if not depth and kind in stops:
                return
            self.pos += 1
            if kind in _OPENERS:
                depth += 1
            elif kind in _CLOSERS:
                depth -= 1

    def _at(self, kind) -> bool:
        return self.pos < len(self.tokens) and type(self.tokens[self.pos]) is kind

    def _argument(self, _token) -> str:  # {{{name|default}}}: the default, as strip_code renders it
        self._skip_until({tokens.ArgumentSeparator, tokens.ArgumentClose})
        default = ""
        if self._at(tokens.ArgumentSeparator):
            self.pos += 1
            default = self._part({tokens.ArgumentClose})
        self.pos += 1
        return default

    def _wikilink(self, _token) -> str:
        target = self._part({tokens.WikilinkSeparator, tokens.WikilinkClose})
        if self.rules.is_media(target) or self.rules.is_category(target):
            if self._at(tokens.WikilinkSeparator):
                self._skip_construct()
            else:
                self.pos += 1
            return ""
        if self._at(tokens.WikilinkSeparator):
            self.pos += 1
            target = self._part({tokens.WikilinkClose})
        elif self.rules.is_interlanguage(target):
            target = ""
        elif target.lstrip().startswith(":"):  # [[:Category:X]], [[:en:Kyiv]]: a plain link, shown without colon
            target = target.lstrip()[1:]
        self.pos += 1
        return target

    def _external_link(self, token) -> str:
        url = self._part({tokens.ExternalLinkSeparator, tokens.ExternalLinkClose})
        title = ""
        if self._at(tokens.ExternalLinkSeparator):
            self.pos += 1
            title = self._part({tokens.ExternalLinkClose})
        self.pos += 1
        return title if token.brackets else url

    def _entity(self, _token) -> str:
        raw = []
        while not self._at(tokens.HTMLEntityEnd):
            token = self.tokens[self.pos]
            raw.append("#" if type(token) is tokens.HTMLEntityNumeric else getattr(token, "char", None) or token.text)
            self.pos += 1
        self.pos += 1
        return html.unescape("&" + "".join(raw) + ";")

    def _nested_heading(self, _token) -> str:  # a heading inside a tag: its title, inline
        title = self._part({tokens.HeadingEnd})
        self.pos += 1
        return title

    def _tag(self, _token) -> str:
        name = self._part(_TAG_NAME_END).strip().lower()
        self._skip_until({tokens.TagCloseOpen, tokens.TagCloseSelfclose})  # attributes
        if self._at(tokens.TagCloseSelfclose):
            self.pos += 1
            if name in _LINE_START_MARKUP:
                self.lstrip_next = True
            return "\n" if name in LINE_BREAK_TAGS else ""
        self.pos += 1  # TagCloseOpen
        if name in DROPPED_TAGS or not is_visible(name):
            self._skip_until(_TAG_CONTENTS_END)
            contents = ""
        else:
            contents = self._part(_TAG_CONTENTS_END)
            if name in LITERAL_TAGS:
                contents = contents.translate(_HIDE_BRACKETS)
        if self._at(tokens.TagOpenClose):
            self.pos += 1
            self._skip_until({tokens.TagCloseClose})
        self.pos += 1
        return "\n" if name in LINE_BREAK_TAGS else contents


def _scrub_residue(text: str, rules: NamespaceRules) -> str:
    """Remove what the parser left as text: comments, refs, wiki tables, templates (innermost first), links
    (kept as their text unless media/category), then any unmatched bracket token."""
    text = _COMMENT.sub("", text)
    text = _REF.sub("", text)
    text = _drop_table_lines(text)
    text = _repeat(_INNER_TEMPLATE, "", text)
    text = _repeat(_INNER_LINK, lambda m: _link_text(m.group(1), rules), text)
    return _STRAY_TOKENS.sub("", text)


def _repeat(pattern: re.Pattern, replacement, text: str) -> str:
    for _ in range(_MAX_NESTING):
        text, n = pattern.subn(replacement, text)
        if not n:
            break
    return text


def _link_text(inner: str, rules: NamespaceRules) -> str:
    target, _, label = inner.partition("|")
    if rules.is_media(target) or rules.is_category(target) or (not label and rules.is_interlanguage(target)):
        return ""
    return label if label else target.lstrip(":")


def _drop_table_lines(text: str) -> str:
    """Drop the lines of wiki tables (`{|` ... `|}`, nested); an unclosed table runs to the end of the text."""
    kept, depth = [], 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("{|"):
            depth += 1
        elif depth and stripped.startswith("|}"):
            depth -= 1
        elif not depth:
            kept.append(line)
    return "\n".join(kept)


def _tidy(text: str) -> str:
    text = _MAGIC_WORD.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _ONE_LEADING_SPACE.sub("", _SPACE_RUN.sub(" ", text))
    return _BLANK_RUN.sub("\n\n", text).strip()

"""arXiv LaTeX cleaning, pure functions: comments, macros, \\input resolution, preamble/bibliography cut.

The RedPajama reference bugs of docs/RECIPE.md section 7 are pinned here: the missing `|` between `\\paragraph` and
`\\subparagraph` (a file whose first header is `\\paragraph{}` came out empty), the inline-comment regex that ate
the character before `%`, and expansion of argument-less macros only.
"""
import re

import pytest

from sources.arxiv.clean import PaperDropped, PaperRejected, body_bounds, clean_paper, clean_tex
from sources.arxiv.comments import strip_comments
from sources.arxiv.inputs import FlattenedTooLarge, find_main_file, flatten
from sources.arxiv.latex import control_sequence, is_escaped, read_argument, read_group, read_optional
from sources.arxiv.macros import ExpansionLimit, MacroExpander

UNESCAPED_PERCENT = re.compile(r"(?<!\\)(?:\\\\)*%")


def expand(text: str, **limits) -> str:
    return MacroExpander(**limits).expand(text)


def doc(body: str, preamble: str = "") -> str:
    return "\\documentclass{article}\n" + preamble + "\n\\begin{document}\n" + body + "\n\\end{document}\n"


# ------------------------------------------------------------------------------------------ scanning helpers


def test_scanning_helpers_respect_escapes_and_nesting():
    assert is_escaped(r"5\%", 2) and not is_escaped(r"a\\%", 3)
    assert control_sequence(r"\alpha2", 0) == ("alpha", 6)
    assert control_sequence(r"\%x", 0) == ("%", 2)
    assert read_group(r"{a{b}\}c}d", 0) == (r"a{b}\}c", 9)
    assert read_group("{never closed", 0) is None
    assert read_optional("[{a]b}]x", 0) == ("{a]b}", 7)
    assert read_argument("  x", 0) == ("x", 3)
    assert read_argument(r" \beta{", 0) == (r"\beta", 6)
    assert read_argument("\n\nnext", 0) is None  # a paragraph break is never an argument


# ------------------------------------------------------------------------------------------ comments


def test_the_character_before_a_comment_survives():
    # RedPajama's inline-comment regex matched `[^\\]%.+$`: "50% of" became "5" and "word% note" became "wor".
    text = strip_comments("The rate rose by 50% of the baseline\nand word% a note\nends here.")
    assert "rose by 50" in text and "word" in text
    assert "of the baseline" not in text and "a note" not in text


def test_escaped_percent_is_text_but_a_percent_after_a_line_break_is_a_comment():
    assert strip_comments("a 5\\% rise % note\nnext") == "a 5\\% rise next"
    assert strip_comments("row\\\\% note\nnext") == "row\\\\next"  # \\ escapes itself, so % comments


def test_comments_join_lines_like_tex_and_keep_paragraph_breaks():
    assert strip_comments("foo%\n   bar") == "foobar"
    assert strip_comments("foo% note\n\nbar") == "foo\n\nbar"
    assert strip_comments("one\n  % only a comment\ntwo") == "one\ntwo"
    assert strip_comments("% first line\n%second\ntext") == "text"


def test_verbatim_text_keeps_its_percent_signs():
    text = "\\verb|50%| a % gone\n\\begin{verbatim}\n100% raw\n\\end{verbatim}\nz"
    assert strip_comments(text) == "\\verb|50%| a \\begin{verbatim}\n100% raw\n\\end{verbatim}\nz"


def test_comment_environment_and_iffalse_blocks_are_removed():
    assert strip_comments("keep\n\\begin{comment}\nhidden\n\\end{comment}\nafter") == "keep\nafter"
    assert strip_comments("a \\iffalse hidden \\ifx\\a\\b x\\fi more \\fi b") == "a  b"
    assert strip_comments("a \\iffalse old \\else new \\fi b") == "a  new  b"
    assert strip_comments("$p \\iff q$ \\iffalse x \\fi") == "$p \\iff q$ "  # \iff is not a conditional
    assert strip_comments("\\iffalse never closed") == "\\iffalse never closed"


def test_real_paper_has_no_comment_left(corpora):
    raw = (corpora / "arxiv" / "1708.00137" / "main.tex").read_text()
    assert len(UNESCAPED_PERCENT.findall(raw)) > 50
    stripped = strip_comments(raw)
    assert UNESCAPED_PERCENT.findall(stripped) == []
    assert "\\newcommand{\\proj}[1]{[#1]}" in stripped  # the live definition, not its commented-out twin
    assert "\\newcommand{\\proj}[1]{\\left|" not in stripped


# ------------------------------------------------------------------------------------------ macros


def test_macros_with_arguments_are_expanded():
    # RedPajama expanded argument-less macros only (its arg-macro loop was a TODO).
    text = expand("\\newcommand{\\pair}[2]{(#1, #2)}\nUse \\pair{a}{b}, \\pair xy and \\pair{\\alpha}\\beta.")
    assert text == "Use (a, b), (x, y) and (\\alpha, \\beta)."


def test_optional_first_argument_takes_its_default():
    text = expand("\\newcommand{\\opt}[2][x]{f(#1;#2)}\n\\opt{y} \\opt[z]{y}")
    assert text == "f(x;y) f(z;y)"


def test_def_with_plain_and_delimited_parameters():
    text = expand("\\def\\norm#1{\\|#1\\|}\\long\\def\\ip(#1,#2){<#1|#2>}\n\\norm{v} \\norm w \\ip(u,{v,w})")
    assert text == "\\|v\\| \\|w\\| <u|v,w>"


def test_argumentless_macros_respect_control_word_boundaries():
    text = expand("\\newcommand{\\R}{\\mathbb{R}}\\newcommand{\\x}{\\alpha}\n$\\R^n$, $\\R2$, \\Rset, \\x b, \\x{}c")
    assert text == "$\\mathbb{R}^n$, $\\mathbb{R}2$, \\Rset, \\alpha b, \\alpha{}c"


def test_arguments_substituted_after_a_control_word_keep_it_separate():
    assert expand("\\newcommand{\\f}[1]{\\hat#1}\\f{x}") == "\\hat x"


def test_definitions_take_effect_in_place_and_disappear():
    text = expand("\\newcommand{\\v}{one}\\v, \\renewcommand{\\v}{two}\\v, \\providecommand{\\v}{three}\\v.")
    assert text == "one, two, two."
    assert "newcommand" not in text and "providecommand" not in text


def test_let_aliases_a_builtin_without_looping():
    text = expand("\\let\\oldvec\\vec\n\\renewcommand{\\vec}[1]{\\oldvec{\\mathbf{#1}}}\n$\\vec{v}$")
    assert text == "$\\vec{\\mathbf{v}}$"


def test_math_operators_and_environments():
    text = expand(
        "\\DeclareMathOperator{\\tr}{Tr}\n\\newenvironment{note}[1]{\\begin{quote}\\textbf{#1}:}{\\end{quote}}\n"
        "$\\tr A$ \\begin{note}{Hint} text \\end{note}"
    )
    assert text == "$\\operatorname{Tr} A$ \\begin{quote}\\textbf{Hint}: text \\end{quote}"


def test_structure_and_latex_internals_are_not_expanded():
    expander = MacroExpander()
    text = expander.expand(
        "\\renewcommand{\\section}{\\@startsection{section}{1}{0pt}{1ex}{1ex}{\\bf}}\n"
        "\\newcommand{\\hook}{\\@ifnextchar[{a}{b}}\n\\section{Intro} \\hook"
    )
    assert text == "\\section{Intro} \\hook"
    assert expander.stats["macros_not_expanded"] == 2


def test_macro_uses_inside_verbatim_are_left_alone():
    assert expand("\\newcommand{\\x}{X}\\begin{verbatim}\\x\\end{verbatim} \\verb|\\x| \\x") == (
        "\\begin{verbatim}\\x\\end{verbatim} \\verb|\\x| X"
    )


def test_recursive_macro_and_macro_bomb_hit_the_limits():
    with pytest.raises(ExpansionLimit, match="nested"):
        expand("\\def\\a{x\\a}\\a")
    # 25 levels, each doubling: 2**25 copies of "ha" unless the output bound stops it early
    letters = "abcdefghijklmnopqrstuvwxyz"
    bomb = "".join(f"\\def\\m{letters[i]}{{\\m{letters[i + 1]}\\m{letters[i + 1]}}}" for i in range(25))
    bomb = bomb.replace("\\mz", "ha")
    with pytest.raises(ExpansionLimit, match="characters"):
        expand(bomb + "\\ma", max_chars=100_000)


def test_a_recursive_definition_doubling_its_argument_stops_at_the_output_bound():
    """`\\cc{x}` builds 2^depth characters before the depth limit: the output bound must stop it first."""
    with pytest.raises(ExpansionLimit, match="characters"):
        expand("\\def\\cc#1{\\cc{#1#1}}\\cc{x}", max_chars=100_000)
    files = {"m.tex": doc("\\section{S} \\cc{x}", "\\def\\cc#1{\\cc{#1#1}}")}
    with pytest.raises(PaperRejected, match="characters"):
        clean_paper(files, max_expanded_chars=100_000)


# ------------------------------------------------------------------------------------------ cut: preamble, tail


def test_a_file_whose_first_header_is_paragraph_is_not_emptied():
    # RedPajama's section regex lacked a `|` before `\subparagraph`, so `\paragraph{...}` alone never matched: a
    # file whose headers are all \paragraph came out empty, and one with a later \section lost what came before it.
    text, _ = clean_tex(doc("Preface.\n\\paragraph{Setup} We fix a field $k$.\n\\paragraph{Claim} It holds."))
    assert text == "\\paragraph{Setup} We fix a field $k$.\n\\paragraph{Claim} It holds."
    text, _ = clean_tex(doc("\\paragraph*{Motivation} Kept text.\n\\section{Later} More."))
    assert text.startswith("\\paragraph*{Motivation} Kept text.")
    text, _ = clean_tex(doc("Intro text.\n\\subparagraph{Tiny} Kept body."))
    assert text == "\\subparagraph{Tiny} Kept body."


def test_paragraph_headers_of_a_real_input_file_survive(corpora):
    raw = (corpora / "arxiv" / "1907.10121_scipy-1.0" / "scipy-optimize.tex").read_text()
    assert raw.count("\\paragraph{") == 2 and "\\newcommand{\\RR}" in raw
    text, stats = clean_tex(strip_comments(raw))
    assert text.startswith("\\subsubsection*{Linear Optimization}")  # the commented-out \subsubsection is gone
    assert "\\paragraph{Local Minimization}" in text and "\\paragraph{Global Minimization}" in text
    assert "\\newcommand" not in text and stats["macros_defined"] == 1  # \RR is only used in comments


def test_everything_before_the_first_header_and_from_the_bibliography_on_is_cut():
    body = "\\begin{abstract}Abstract.\\end{abstract}\n\\section{One} Body uses \\appendixname.\n"
    for tail in ("\\appendix\n\\section{A} App.", "\\begin{thebibliography}{9}\\bibitem{x} X.\\end{thebibliography}",
                 "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\section{After} gone", "\\printbibliography"):
        text, _ = clean_tex(doc(body + tail))
        assert text == "\\section{One} Body uses \\appendixname.", tail


def test_a_header_inside_a_macro_definition_is_not_the_start():
    text, _ = clean_tex(doc("\\newcommand{\\mysec}{\\section*{Fake}}\nPreface.\n\\section{Real} \\mysec text"))
    assert text == "\\section{Real} \\section*{Fake} text"
    assert body_bounds(doc("\\newcommand{\\sectionname}{Section}\nNo header here.")) is None


def test_no_section_header_means_nothing_is_kept():
    with pytest.raises(PaperDropped, match="no_section_header"):
        clean_tex(doc("Only a plain body without any header."))


# ------------------------------------------------------------------------------------------ \input, main file


def test_inputs_are_inlined_in_order_recursively_and_safely():
    files = {
        "main.tex": doc("\\section{A}\n\\input{sec/one}\n\\include{two}\n\\input three \\input{../../etc/passwd}"),
        "sec/one.tex": "One \\input{sec/nested.tex}",
        "sec/nested.tex": "Nested \\input{main}",  # a cycle back to main: not inlined again
        "two.tex": "Two.",
        "three.tex": "Three.",
    }
    flat = flatten(files, "main.tex", 10_000)
    assert flat.files == ["main.tex", "sec/one.tex", "sec/nested.tex", "two.tex", "three.tex"]
    assert flat.unresolved == ["../../etc/passwd"] and flat.cycles == 1
    body = flat.text[flat.text.index("\\section{A}"):]
    assert re.sub(r"\s+", " ", body).startswith("\\section{A} One Nested Two. Three.")
    with pytest.raises(FlattenedTooLarge):
        flatten({"main.tex": "\\input{a}" * 5, "a.tex": "\\input{b}" * 5, "b.tex": "x" * 1000}, "main.tex", 20_000)


def test_main_file_is_the_documentclass_file_with_the_most_text():
    files = {
        "letter.tex": "\\documentclass{letter}\\begin{document}Dear editor.\\end{document}",
        "paper.tex": "\\documentclass{article}\\begin{document}\\input{body}\\end{document}",
        "body.tex": "\\section{Long} " + "text " * 100,
        "notes.tex": "% \\documentclass{article}\n\\section{Notes}",
        "style.tex": "\\documentclass{article}",
    }
    assert find_main_file({k: strip_comments(v) for k, v in files.items()}, 10**6) == "paper.tex"
    assert find_main_file({"a.tex": "\\input{b}", "b.tex": "\\section{B}"}, 10**6) == "a.tex"  # fragments only


def test_clean_paper_on_a_real_multi_file_paper(corpora):
    root = corpora / "arxiv" / "1907.10121_scipy-1.0"
    cleaned = clean_paper({p.name: p.read_text() for p in root.glob("*.tex")})
    assert cleaned.main_file == "paper.tex"
    assert cleaned.files == ["paper.tex", "core-dev.tex", "subpackages.tex", "ckdtree.tex", "scipy-optimize.tex",
                             "poly.tex", "consortium.tex"]
    assert "The SciPy library is organized as a collection of subpackages." in cleaned.text  # subpackages.tex
    assert "rewritten in C++ with templated classes" in cleaned.text  # ckdtree.tex
    assert "\\code{" not in cleaned.text and "\\texttt{" in cleaned.text  # \code[1] expanded
    assert cleaned.text.startswith("\\section*{Introduction}")
    assert "\\bibliography" not in cleaned.text and "Consortium" not in cleaned.text  # cut at \bibliography{}
    assert cleaned.stats["inputs_inlined"] == 6


def test_clean_paper_rejects_what_exceeds_the_expansion_bound():
    files = {"m.tex": doc("\\section{S} \\b", "\\def\\a{aaaaaaaaaa}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a}")}
    assert "aaaaaaaaaa" in clean_paper(files).text
    with pytest.raises(PaperRejected, match="characters"):
        clean_paper(files, max_expanded_chars=50)


HOSTILE = {  # each repeated thousands of times in front of a long body: per-use rescans would be quadratic
    "unbalanced argument": ("\\newcommand{\\f}[1]{#1}", "\\f{"),
    "unbalanced definition": ("", "\\newcommand{\\x"),
    "unterminated optional argument": ("\\newcommand{\\g}[2][d]{#1#2}", "\\g["),
    "unterminated delimited argument": ("\\def\\p(#1){#1}", "\\p("),
    "unterminated verb": ("", "\\verb|"),
    "unmatched iffalse": ("", "\\iffalse "),
    "headers inside definitions": ("", "\\newcommand{\\s}{\\section{A}}"),
}


@pytest.mark.timeout(30)  # linear: well under a second each; the quadratic versions took minutes
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_latex_costs_linear_time(name):
    preamble, unit = HOSTILE[name]
    text = doc("\\section{Start}" + unit * 4000 + "word " * 40_000, preamble)
    cleaned = clean_paper({"m.tex": text})
    assert cleaned.text.startswith("\\section{") and cleaned.text.endswith("word")

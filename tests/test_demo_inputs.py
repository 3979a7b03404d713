"""The bundled demo inputs (demo/inputs/) are reproducible from their script, and each source's run on them
exercises every filter reason that input can trigger.

Reasons an input cannot trigger under the default config are asserted with the option that enables them
(stackexchange: --top-sites, min_answers). See demo/README.md for the reasons no bundled input triggers.
"""
import json

from demo import make_inputs
from demo.write_wikipedia import MAIN_DUMPS
from tests.conftest import run_cli

REPO_INPUTS = make_inputs.INPUTS


def reasons_of(output) -> set[tuple[str, str]]:
    reports = list((output / "report").glob("run_*.json"))
    assert len(reports) == 1, reports
    report = json.loads(reports[0].read_text())
    assert report["reconciled"], report
    return {(stage["name"], reason) for stage in report["stages"] for reason in [*stage["dropped"], *stage["rejected"]]}


def run_source(tmp_path, source: str, pattern: str, *options) -> set[tuple[str, str]]:
    out = tmp_path / f"out-{source}-{len(list(tmp_path.iterdir()))}"
    assert run_cli(["--source", source, "--input", REPO_INPUTS / pattern, "--output", out, *options]) == 0
    return reasons_of(out)


def documents(tmp_path, source: str) -> list[dict]:
    """The documents of the last run_source of `source` under tmp_path."""
    from pipeline.io import read_documents

    out = sorted(tmp_path.glob(f"out-{source}-*"))[-1]
    return read_documents(str(out / "docs" / source / "*.parquet"))


def test_demo_inputs_are_what_the_script_writes(tmp_path):
    for source, writer in make_inputs.WRITERS.items():
        written = writer(tmp_path / source)
        folder = REPO_INPUTS / source
        committed = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert sorted(p.relative_to(tmp_path / source) for p in written) == committed, source
        for path in written:
            relative = path.relative_to(tmp_path / source)
            assert path.read_bytes() == (REPO_INPUTS / source / relative).read_bytes(), f"{source}/{relative}"


def test_demo_inputs_are_small():
    total = sum(p.stat().st_size for p in REPO_INPUTS.rglob("*") if p.is_file())
    assert total < 3_000_000, total


READ_REASONS_CC = {
    ("read", "not_a_page:warcinfo"), ("read", "not_a_page:request"), ("read", "not_a_page:metadata"),
    ("read", "too_short"), ("read", "http_status_not_200"), ("read", "not_html"),
    ("read", "broken_warc_header"), ("read", "broken_http_response"), ("read", "undecodable_bytes"),
    ("read", "truncated_record"), ("read", "truncated_or_corrupt_file"),
    ("line_dedup", "empty_after_line_dedup"), ("langid", "lang_score_below_threshold"),
    ("digest_dedup", "duplicate_digest"),
}


def test_demo_commoncrawl_exercises_every_reason(tmp_path):
    """First without models (as the demo's first pass), then with the perplexity models trained on the demo
    Wikipedia dumps and the reference classifier trained on the first pass's output."""
    from sources.commoncrawl import train_lm, train_ref_classifier

    first = tmp_path / "first"
    assert run_cli(["--source", "commoncrawl", "--input", REPO_INPUTS / "commoncrawl" / "*", "--output", first]) == 0
    assert reasons_of(first) == READ_REASONS_CC
    dumps = [str(REPO_INPUTS / "wikipedia" / name) for name in MAIN_DUMPS]
    docs = str(first / "docs" / "commoncrawl" / "*.parquet")
    models = tmp_path / "lm"
    argv = [a for dump in dumps for a in ("--dump", dump)]
    assert train_lm.main([*argv, "--output", str(models), "--cutoff-docs", docs]) == 0
    classifier = tmp_path / "wiki_ref.bin"
    argv = [a for dump in dumps for a in ("--wiki-dump", dump)]
    assert train_ref_classifier.main(["--documents", docs, *argv, "--output", str(classifier),
                                      "--min-positives", "10"]) == 0
    meta = json.loads(classifier.with_suffix(".json").read_text())
    assert meta["positives"] == "cited_pages" and meta["cited_pages_found"] >= 15, meta

    second = tmp_path / "second"
    assert run_cli(["--source", "commoncrawl", "--input", REPO_INPUTS / "commoncrawl" / "*", "--output", second,
                    "--set", f"perplexity.models={models}", "--set", f"wiki_ref.model={classifier}"]) == 0
    assert reasons_of(second) == READ_REASONS_CC | {
        ("perplexity", "bucket_tail"), ("perplexity", "nothing_to_score"), ("wiki_ref", "wiki_prob_below_threshold"),
    }


def test_demo_wikipedia_exercises_every_reason(tmp_path):
    assert run_source(tmp_path, "wikipedia", "wikipedia/*") == {
        ("read", "language_not_selected"), ("read", "not_article_namespace"), ("read", "redirect"),
        ("read", "malformed_page"), ("read", "no_siteinfo"), ("read", "truncated_dump"),
        ("read", "truncated_or_corrupt_file"), ("read", "xml_error"),
        ("clean", "empty_after_cleaning"), ("dedup", "duplicate_page"),
    }
    docs = documents(tmp_path, "wikipedia")
    assert {doc["lang"] for doc in docs} == {"en", "de"}
    text = "\n".join(doc["text"] for doc in docs)
    for marker in ("{{", "}}", "[[", "<ref", "<!--", "{|", "Category:", "Kategorie:", "thumb|", "mini|"):
        assert marker not in text, marker
    assert "The lantern room of a modern lighthouse holds an electric lamp" in text


def test_demo_c4_exercises_every_reason(tmp_path):
    assert run_source(tmp_path, "c4", "c4/*") == {
        ("read", reason) for reason in (
            # a record without a timestamp, or with one that does not parse, is kept: the timestamp is metadata
            "undecodable_bytes", "bad_json", "not_a_json_object", "bad_field_type:url",
            "empty_text", "truncated_or_corrupt_file", "empty_file",
        )
    }
    assert run_source(tmp_path, "c4", "c4-wet/*", "--from-wet") == {
        ("read", "not_a_page:warcinfo"), ("read", "no_url"), ("read", "no_content"), ("read", "no_timestamp"),
        ("length", "too_long"), ("url_dedup", "duplicate_url"),
        ("clean", "lorem_ipsum"), ("clean", "curly_bracket"), ("clean", "too_few_sentences"),
        ("line_dedup", "empty_after_line_dedup"), ("line_dedup", "too_few_sentences_after_line_dedup"),
        ("langid", "lang_score_below_threshold"), ("langid", "language_not_selected"), ("badwords", "bad_words"),
    }


def test_demo_github_exercises_every_reason(tmp_path):
    assert run_source(tmp_path, "github", "github/*") == {
        ("read", "bad_json_line"), ("read", "missing_field"), ("read", "bad_field"),
        ("read", "truncated_or_corrupt_file"), ("read", "unrecognized_input_file"), ("read", "corrupt_archive"),
        ("read", "unsafe_archive_member"), ("read", "not_a_regular_file"),
        ("license", "license_agpl"), ("license", "license_gpl"), ("license", "license_lgpl"),
        ("license", "license_other"), ("license", "license_unknown"), ("license", "license_none"),
        ("extension", "license_file"), ("extension", "extension_not_whitelisted"),
        ("decode", "binary_file"), ("decode", "no_content"), ("decode", "file_too_large"),
        ("decode", "empty_file"), ("decode", "undecodable_file"),
        ("strip_headers", "empty_after_header_removal"),
        ("quality", "max_line_length"), ("quality", "mean_line_length"), ("quality", "alnum_fraction"),
        ("quality", "alpha_per_token"),
        ("dedup", "duplicate_content"),
    }


def test_demo_books_exercises_every_reason(tmp_path):
    assert run_source(tmp_path, "books", "books/*") == {
        ("read", "truncated_or_corrupt_file"), ("read", "empty_file"), ("read", "file_too_large"),
        ("read", "undecodable_text"), ("read", "bad_json_line"), ("read", "not_a_json_object"),
        ("read", "missing_text"), ("read", "empty_text"), ("read", "decompression_ratio_limit"),
        ("strip_boilerplate", "empty_after_boilerplate_strip"), ("strip_boilerplate", "gutenberg_boilerplate_left"),
        ("identical", "identical_copy"), ("near_dedup", "near_duplicate"),
    }
    text = "\n".join(doc["text"] for doc in documents(tmp_path, "books"))
    assert "gutenberg" not in text.lower() and "\r" not in text and "\ufeff" not in text
    assert text.count("A light in the right place") == 1  # the editions were merged into one


def test_demo_arxiv_exercises_every_reason(tmp_path):
    assert run_source(tmp_path, "arxiv", "arxiv/*") == {
        ("read", "unsafe_member_path"), ("read", "link_outside"), ("read", "member_too_large"),
        ("read", "too_many_links"), ("read", "not_latex:pdf"), ("read", "not_latex:postscript"),
        ("read", "unrecognized_format"), ("read", "truncated_or_corrupt_file"),
        ("clean", "no_tex_files"), ("clean", "no_main_file"), ("clean", "no_section_header"),
        ("clean", "macro_expansion_limit"), ("clean", "paper_too_large"),
        ("dedup", "same_paper"),
    }


def test_demo_stackexchange_exercises_every_reason(tmp_path):
    reasons = run_source(tmp_path, "stackexchange", "stackexchange/*/*", "--top-sites", "3",
                         "--set", "min_answers=1")
    assert reasons == {
        ("read", "not_a_posts_file"), ("read", "malformed_post"), ("read", "truncated_xml"), ("read", "xml_error"),
        ("read", "forbidden_xml"), ("read", "truncated_or_corrupt_file"),
        ("top_sites", "site_not_in_top_n"),
        ("posts", "post_type:tag_wiki"), ("posts", "post_type:tag_wiki_excerpt"),
        ("posts", "post_type:moderator_nomination"), ("posts", "empty_answer"),
        ("thread", "answers_without_question"), ("thread", "too_few_answers"),
    }
    docs = documents(tmp_path, "stackexchange")
    thread = next(doc["text"] for doc in docs if doc["metadata"]["question_id"] == 120)
    # scores 25, 10, 9: numeric order (as strings it would be 9, 25, 10)
    assert thread.index("Baking soda is pure") < thread.index("One more difference") < thread.index("Recipes use both")
    text = "\n".join(doc["text"] for doc in docs)
    assert "<p>" not in text and "&amp;" not in text and "&lt;" not in text

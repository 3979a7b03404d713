import re

from pipeline.html_report import ReportInputs, write_html_report
from pipeline.report import build_source_report


def _run_report():
    counters = {"read|in": 10, "read|kept": 8, "read|drop|too_short": 1, "read|reject|broken_warc_header": 1,
                "read|stat|chars_kept": 4000, "langid|in": 8, "langid|kept": 7,
                "langid|drop|lang_score_below_threshold": 1, "langid|stat|chars_kept": 3500,
                "langid|stat|lang:en": 5, "langid|stat|lang:de": 2}
    return build_source_report("commoncrawl", counters, ("read", "langid"))


def test_report_renders_every_section_offline(tmp_path):
    mixture = {"sources": {"commoncrawl": {"proportion_target": 0.8, "proportion_realized": 0.79, "epochs_max": 1.1,
                                           "epochs_realized": 1.0, "tokens_available": 100, "tokens_drawn": 90,
                                           "status": "ok"},
                           "c4": {"proportion_target": 0.2, "proportion_realized": 0.21, "epochs_max": 1.06,
                                  "epochs_realized": 1.0, "tokens_available": 30, "tokens_drawn": 24, "status": "ok"}},
               "within_tolerance": True, "tolerance_pp": 1.0, "messages": ["all good"]}
    inputs = ReportInputs(
        run_reports=[_run_report()], mixture=mixture, tokenizer={"vocab_size": 4000, "sample": {"sentences": 10}},
        training_log=[{"step": i, "loss": 6.0 - 0.2 * i} for i in range(1, 11)] + [{"step": 10, "val_loss": 4.5}],
        perplexity={"en": {"bins": [(0, 100, 2), (100, 200, 3)], "p30": 90.0, "p60": 150.0}},
        output_profiles={"commoncrawl": {"documents_read": 7, "complete": True, "documents_out": 7,
                                         "languages": {"en": 5, "de": 2},
                                         "lengths": {"chars": [500] * 7, "words": [90] * 7, "lines": [9] * 7}}},
    )
    path = write_html_report(str(tmp_path), inputs)
    page = (tmp_path / "report" / "index.html").read_text()
    assert path.endswith("index.html")
    images = re.findall(r'<img src="([^"]+)"', page)
    assert set(images) == {"plots/funnel_commoncrawl.png", "plots/languages_commoncrawl.png", "plots/perplexity_en.png",
                           "plots/mixture.png", "plots/loss.png", "plots/lengths_commoncrawl.png"}
    for image in images:
        assert (tmp_path / "report" / image).read_bytes().startswith(b"\x89PNG")
    assert "http://" not in page and "https://" not in page and "<script" not in page  # offline, no CDN
    assert "too_short: 1" in page and "reject broken_warc_header: 1" in page
    assert "within 1 percentage points" in page


def test_missing_inputs_are_said_not_hidden(tmp_path):
    write_html_report(str(tmp_path), ReportInputs())
    page = (tmp_path / "report" / "index.html").read_text()
    for phrase in ["No source run reports", "No mixture report", "No tokenizer summary", "No training log",
                   "the output documents were not profiled", "No run metadata", "No model metadata"]:
        assert phrase in page


def test_an_unreconciled_run_names_what_did_not_add_up():
    from pipeline.report import build_source_report, unreconciled_message
    from pipeline.stages import counter_name

    stage_off = build_source_report("c4", {counter_name("read", "in"): 3, counter_name("read", "kept"): 2}, ("read",))
    assert not stage_off["reconciled"]
    assert unreconciled_message(stage_off) == "c4: stage counts (read) do not reconcile"
    files_off = {"reconciled": False, "stages": [{"name": "read", "reconciled": True}], "source": "books",
                 "files": {"reconciled": False}}
    assert unreconciled_message(files_off).startswith("books: file counts (matched != read whole")

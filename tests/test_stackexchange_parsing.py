"""StackExchange pure parts: Posts.xml streaming, site names, HTML stripping, thread layout, 7z streaming."""
import bz2
import io

import pytest

from pipeline.stages import Drop, Reject
from sources.stackexchange.archive import open_posts
from sources.stackexchange.html_text import html_to_text
from sources.stackexchange.layout import thread_text
from sources.stackexchange.posts import MalformedPost, Post, iter_posts, parse_tags, site_name
from sources.stackexchange.transform import BuildThread, ReadPostsFile, select_top_sites, strip_post

BEER = "stackexchange/beer.stackexchange.com/Posts.xml"
META = "stackexchange/datascience.meta.stackexchange.com/Posts.xml"


def _xml(rows: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n' + "\n".join(rows) + "\n</posts>\n").encode()


def _row(post_id, kind, score=0, parent=None, body="&lt;p&gt;text&lt;/p&gt;", title=None):
    attrs = f'Id="{post_id}" PostTypeId="{kind}" Score="{score}" Body="{body}"'
    attrs += f' ParentId="{parent}"' if parent is not None else ""
    attrs += f' Title="{title}"' if title is not None else ""
    return f"  <row {attrs} />"


@pytest.mark.parametrize(
    "path, site",
    [
        ("dump/beer.stackexchange.com/Posts.xml", "beer.stackexchange.com"),
        ("gs://bucket/se/datascience.meta.stackexchange.com/Posts.xml.bz2", "datascience.meta.stackexchange.com"),
        ("dump/beer.stackexchange.com.7z", "beer.stackexchange.com"),
        ("dump/stackoverflow.com-Posts.7z", "stackoverflow.com"),
        ("dump/beer.stackexchange.com/Users.xml", None),
        ("Posts.xml", None),
    ],
)
def test_site_name_from_folder_or_archive(path, site):
    assert site_name(path) == site


def test_tags_in_both_dump_formats():
    assert parse_tags("<hops><ipa>") == ("hops", "ipa")
    assert parse_tags("|hops|ipa|") == ("hops", "ipa")
    assert parse_tags(None) == ()


def test_real_posts_xml_streams_every_row(corpora):
    with open((corpora / BEER), "rb") as f:
        posts = list(iter_posts(f))
    assert len(posts) == 2354 and all(isinstance(p, Post) for p in posts)
    kinds = {k: sum(p.post_type == k for p in posts) for k in (1, 2, 4, 5, 7)}
    assert kinds == {1: 663, 2: 1572, 4: 58, 5: 58, 7: 3}  # PROVENANCE.md's figures
    first = posts[0]
    assert first.title == "What is a citra hop, and how does it differ from other hops?"
    assert first.body.startswith("<p>I was offered a beer")  # XML-unescaped once: still HTML
    assert first.tags == ("hops",) and first.accepted_answer_id == 4
    assert posts[3].parent_id == 1 and posts[3].score == 13


def test_malformed_rows_and_a_cut_file_are_reported_and_complete_rows_kept():
    rows = [_row(1, 1, 5, title="Q"), '  <row Id="2" PostTypeId="2" Score="x" ParentId="1" />',
            '  <row Id="3" PostTypeId="2" Score="1" />', _row(4, 2, 3, parent=1)]
    items = list(iter_posts(io.BytesIO(_xml(rows))))
    assert [type(i).__name__ for i in items] == ["Post", "MalformedPost", "MalformedPost", "Post"]
    assert items[1].post_id == "2" and items[1].row == 2
    assert "ParentId" in items[2].detail  # an answer without its question id
    cut = _xml(rows)[:-5]  # inside the closing </posts>
    items = list(iter_posts(io.BytesIO(cut)))
    assert isinstance(items[-1], MalformedPost) and items[-1].reason == "truncated_xml"
    assert sum(isinstance(i, Post) for i in items) == 2  # rows 1 and 4 (4 ends before the cut)


def test_xml_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE posts [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<posts><row Id="1" PostTypeId="1" Body="&b;" /></posts>')
    items = list(iter_posts(io.BytesIO(bomb)))
    assert len(items) == 1 and items[0].reason == "forbidden_xml"


def test_html_is_stripped_with_entities_decoded_and_code_kept():
    html = ('<p>Use <code>a &lt; b</code> &amp; <em>that&#39;s</em> it&nbsp;&mdash; ok.</p>\n\n'
            '<pre><code>def f(x):\n    return x\n</code></pre>\n'
            '<ul>\n<li>one</li>\n<li>two <a href="http://x.example">link</a></li>\n</ul>\n'
            '<blockquote><p>quoted</p></blockquote><p>A<br>B <img src="i.png" alt="pic"></p>')
    text = html_to_text(html)
    assert text.startswith("Use a < b & that's it\xa0\u2014 ok.")
    assert "def f(x):\n    return x" in text
    assert "• one" in text and "two link" in text and "quoted" in text and "A\nB" in text
    assert "<" not in text.replace("a < b", "") and "&" not in text.replace(" & ", "")
    assert "http://x.example" not in text and "pic" not in text


def test_answers_sorted_by_numeric_score_not_as_strings():
    question = {"title": "Which hop?", "text": "Body."}
    answers = [{"post_id": i, "score": s, "text": f"score {s}"} for i, s in [(11, 2), (12, 10), (13, 9)]]
    text = thread_text(question, answers)
    assert text == "Q: Which hop? Body.\nA: score 10\nA: score 9\nA: score 2"
    # RedPajama's bug: sorting the Score attribute as strings puts 9 and 2 before 10
    assert sorted(["2", "10", "9"], reverse=True) == ["9", "2", "10"]


def test_answer_ties_are_broken_by_post_id_and_negative_scores_come_last():
    question = {"title": "T", "text": ""}
    answers = [{"post_id": i, "score": s, "text": str(i)} for i, s in [(30, 1), (20, 1), (40, -3), (10, 0)]]
    assert thread_text(question, answers) == "Q: T\nA: 20\nA: 30\nA: 10\nA: 40"


def test_top_sites_are_ranked_by_count_with_name_tie_break():
    counts = [("b.example", 5), ("a.example", 5), ("c.example", 9), ("d.example", 1)]
    assert select_top_sites(counts, 2) == {"c.example", "a.example"}
    assert select_top_sites(counts, 10) == {"a.example", "b.example", "c.example", "d.example"}
    assert select_top_sites(counts, None) is None


def test_post_stage_drops_other_types_and_empty_answers():
    base = {"site": "s", "score": 0, "title": "", "created": None, "tags": [], "parent_id": None}
    assert strip_post({**base, "post_id": 1, "post_type": 5, "body": "<p>x</p>"}) == Drop("post_type:tag_wiki")
    assert strip_post({**base, "post_id": 2, "post_type": 2, "parent_id": 1, "body": "<p> </p>"}) == \
        Drop("empty_answer")
    kept = strip_post({**base, "post_id": 3, "post_type": 1, "title": "T", "body": "<p>x &amp; y</p>"})
    assert kept["text"] == "x & y" and "body" not in kept


def _post(post_id, kind, score, parent=None, text="t"):
    return {"site": "s.example", "post_id": post_id, "post_type": kind, "parent_id": parent, "score": score,
            "title": "T" if kind == 1 else "", "text": text, "created": "2020-01-01", "tags": ["x"]}


def test_thread_builder_groups_dedups_and_drops_orphans():
    build = BuildThread()
    ten = _post(3, 2, 10, 1, "ten")
    *dups, doc = build(("k", [_post(2, 2, 9, 1, "nine"), _post(1, 1, 4), ten, dict(ten)]))
    assert dups == [Drop("duplicate_post_id")]  # the answer read twice counts once, and the copy is counted
    assert doc["text"] == "Q: T t\nA: ten\nA: nine"
    assert doc["url"] == "https://s.example/questions/1" and doc["metadata"]["answers"] == 2
    assert doc["id"] == build(("k", [_post(1, 1, 4)]))[0]["id"]  # id from site + question id only
    assert build(("k", [_post(5, 2, 1, 9)])) == [Drop("answers_without_question")]
    assert BuildThread(min_answers=1)(("k", [_post(1, 1, 4)])) == [Drop("too_few_answers")]


def test_7z_archive_streams_the_same_posts_as_the_xml(tmp_path, corpora):
    py7zr = pytest.importorskip("py7zr")
    archive = tmp_path / "datascience.meta.stackexchange.com.7z"
    with py7zr.SevenZipFile(archive, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 1}]) as z:
        z.writestr(b"<users/>" * 1000, "Users.xml")  # another member first: the reader must skip it
        z.write(corpora / META, "Posts.xml")
    with open(corpora / META, "rb") as f:
        expected = list(iter_posts(f))
    with open_posts(str(archive)) as stream:
        assert list(iter_posts(stream)) == expected
    with open_posts(str(archive)) as stream:  # a reader that stops early does not hang the extraction thread
        assert stream.read(10)


def test_bad_inputs_become_dead_letters(tmp_path):
    cut = tmp_path / "cut.stackexchange.com.7z"
    full = tmp_path / "full.7z"
    py7zr = pytest.importorskip("py7zr")
    with py7zr.SevenZipFile(full, "w") as z:
        z.writestr(_xml([_row(1, 1, 1, title="Q")]), "Posts.xml")
    cut.write_bytes(full.read_bytes()[:-30])
    no_posts = tmp_path / "noposts.stackexchange.com.7z"
    with py7zr.SevenZipFile(no_posts, "w") as z:
        z.writestr(b"<users/>", "Users.xml")
    site_dir = tmp_path / "bz.stackexchange.com"
    site_dir.mkdir()
    (site_dir / "Posts.xml.bz2").write_bytes(bz2.compress(_xml([_row(1, 1, 1, title="Q")] * 50))[:-20])
    read = ReadPostsFile()
    for path in (cut, no_posts, site_dir / "Posts.xml.bz2"):
        outcomes = list(read(str(path)))
        assert isinstance(outcomes[-1], Reject), path
        assert outcomes[-1].reason == "truncated_or_corrupt_file" and outcomes[-1].file == str(path)
    assert list(read(str(tmp_path / "Users.xml"))) == [Drop("not_a_posts_file")]

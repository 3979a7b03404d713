"""Huge single files read as ranges (pipeline.splits), records bounded before the parser (pipeline.xml_frames),
on the Wikipedia and StackExchange readers: a split read gives exactly the outcomes of a whole read."""
import bz2
import lzma
import re

import pytest

from pipeline.splits import BZ2, PLAIN, WHOLE, plan_ranges
from pipeline.stages import Drop, Reject
from sources.stackexchange.transform import ReadPostsFile, plan_posts
from sources.wikipedia.dump import iter_dump, read_stream_offsets, stream_index_path
from sources.wikipedia.transform import ReadWikipediaDump, _KeepLatest, keep_latest, plan_dump

LTG = "wikipedia/ltgwiki_smallwiki-latest-pages-articles.xml"
BEER = "stackexchange/beer.stackexchange.com/Posts.xml"


def _split_read(read, ranges):
    return [outcome for rng in ranges for outcome in read(rng)]


def _no_file(outcomes):
    """Outcomes with their file name left out (to compare copies of one dump in other formats)."""
    return [{**o, "file": None} if isinstance(o, dict) and "file" in o else o for o in outcomes]


def _pages(xml: bytes):
    starts = [m.start() for m in re.finditer(rb"  <page>", xml)]
    end = xml.rindex(b"</mediawiki>")
    return xml[: starts[0]], [xml[a:b] for a, b in zip(starts, starts[1:] + [end])], xml[end:]


def _multistream(xml: bytes) -> list[bytes]:
    """Wikimedia's layout: the header alone, then 100 pages a stream, then the footer."""
    header, pages, footer = _pages(xml)
    chunks = [header] + [b"".join(pages[i:i + 100]) for i in range(0, len(pages), 100)] + [footer]
    return [bz2.compress(c) for c in chunks]


@pytest.fixture(scope="module")
def ltg(corpora):
    path = corpora / LTG
    return path, path.read_bytes(), list(ReadWikipediaDump(["ltg"])(str(path)))


@pytest.mark.parametrize("split_bytes", [20_000, 333_333])
def test_plain_dump_in_ranges_reads_exactly_the_whole_dump(ltg, split_bytes):
    path, xml, whole = ltg
    ranges = plan_dump(str(path), split_bytes)
    assert len(ranges) == -(-len(xml) // split_bytes) and {r.kind for r in ranges} == {PLAIN}
    assert _split_read(ReadWikipediaDump(["ltg"]), ranges) == whole


@pytest.mark.parametrize("with_index", [False, True])
def test_bz2_multistream_in_ranges_reads_exactly_the_whole_dump(tmp_path, ltg, with_index):
    _, xml, whole = ltg
    streams = _multistream(xml)
    dump = tmp_path / "ltgwiki-20170601-pages-articles-multistream.xml.bz2"
    dump.write_bytes(b"".join(streams))
    offsets = [sum(map(len, streams[:i])) for i in range(len(streams))]
    if with_index:  # `offset:page_id:title`, one line per page: the stream offsets repeat
        lines = "".join(f"{o}:{i}{k}:T\n" for i, o in enumerate(offsets[1:-1]) for k in range(3))
        (tmp_path / "ltgwiki-20170601-pages-articles-multistream-index.txt.bz2").write_bytes(
            bz2.compress(lines.encode()))
        assert read_stream_offsets(stream_index_path(str(dump))) == offsets[1:-1]
    else:
        assert stream_index_path(str(dump)) is None
    ranges = plan_dump(str(dump), 30_000)
    assert len(ranges) > 5 and {r.kind for r in ranges} == {BZ2}
    if with_index:  # every range starts on a stream
        assert {r.start for r in ranges} <= set(offsets)
    read = ReadWikipediaDump(["ltg"])
    assert _split_read(read, ranges) == list(read(str(dump)))
    assert _no_file(_split_read(read, ranges)) == _no_file(whole)
    index = tmp_path / "ltgwiki-20170601-pages-articles-multistream-index.txt.bz2"
    if with_index:  # matched by the same glob as the dump: a counted drop, not a broken dump
        assert list(read(str(index))) == [Drop("multistream_index")]


def test_bz2_streams_cut_anywhere_still_split_on_page_starts(tmp_path, ltg):
    """pbzip2-style: streams of fixed size cut inside pages; a page belongs to the range where it starts."""
    _, xml, whole = ltg
    dump = tmp_path / "ltgwiki-pb.xml.bz2"
    dump.write_bytes(b"".join(bz2.compress(xml[i:i + 25_000]) for i in range(0, len(xml), 25_000)))
    for split_bytes in (15_000,):
        assert _no_file(_split_read(ReadWikipediaDump(["ltg"]), plan_dump(str(dump), split_bytes))) == _no_file(whole)
    single = tmp_path / "ltgwiki-single.xml.bz2"  # one stream: its first range reads it all, the others nothing
    single.write_bytes(bz2.compress(xml))
    assert _no_file(_split_read(ReadWikipediaDump(["ltg"]), plan_dump(str(single), 100_000))) == _no_file(whole)


def test_compressed_files_other_than_bz2_are_one_range(tmp_path, ltg):
    _, xml, _ = ltg
    xz = tmp_path / "ltgwiki-x.xml.xz"
    xz.write_bytes(lzma.compress(xml[:100_000], preset=0))
    assert [r.kind for r in plan_ranges(str(xz), 1000)] == [WHOLE]


def test_a_range_cut_inside_a_page_keeps_every_complete_page(tmp_path, ltg):
    _, xml, whole = ltg
    cut = tmp_path / "ltgwiki-cut.xml"
    cut.write_bytes(xml[: len(xml) // 2])
    outcomes = _split_read(ReadWikipediaDump(["ltg"]), plan_dump(str(cut), 50_000))
    rejects = [o for o in outcomes if isinstance(o, Reject)]
    assert [r.reason for r in rejects] == ["truncated_dump"] and rejects[0].file == str(cut)
    assert 0 < rejects[0].offset < len(xml) // 2
    kept = [o for o in outcomes if not isinstance(o, Reject)]
    assert _no_file(kept) == _no_file(whole[: len(kept)]) and len(kept) == xml[: len(xml) // 2].count(b"</page>")


def _page(page_id, title, text="'''x''' is a [[city]].", revision=9):
    return (f"<page><title>{title}</title><ns>0</ns><id>{page_id}</id><revision><id>{revision}</id>"
            f"<timestamp>2022-06-01T00:00:00Z</timestamp><text>{text}</text></revision></page>")


def _site():
    return "<siteinfo><dbname>ukwiki</dbname><base>https://uk.wikipedia.org/wiki/Main</base></siteinfo>"


@pytest.mark.parametrize("compress", [False, True])
def test_an_oversized_page_is_a_dead_letter_and_the_next_page_is_kept(tmp_path, compress):
    huge = "a" * 300_000
    xml = f"<mediawiki>{_site()}{_page(1, 'A')}{_page(2, 'Huge', huge)}{_page(3, 'C')}</mediawiki>".encode()
    path = tmp_path / ("ukwiki-big.xml.xz" if compress else "ukwiki-big.xml")
    path.write_bytes(lzma.compress(xml) if compress else xml)
    outcomes = list(ReadWikipediaDump(["uk"], max_page_bytes=100_000)(str(path)))
    assert [o["page"].page_id for o in outcomes if isinstance(o, dict)] == [1, 3]
    [reject] = [o for o in outcomes if isinstance(o, Reject)]
    assert reject.reason == "page_too_large" and reject.file == str(path) and reject.record_id == "ukwiki:2"
    assert reject.offset == xml.index(b"<page><title>Huge") and "Huge" in reject.detail
    # the default limit fits it
    assert len([o for o in ReadWikipediaDump(["uk"])(str(path)) if isinstance(o, dict)]) == 3


def test_pages_under_a_wrapper_element_are_read(tmp_path):
    path = tmp_path / "ukwiki-wrapped.xml"
    path.write_text(f"<mediawiki>{_site()}<pages><group>{_page(1, 'A')}</group>{_page(2, 'B')}</pages></mediawiki>")
    outcomes = list(ReadWikipediaDump(["uk"])(str(path)))
    assert [o["page"].title for o in outcomes] == ["A", "B"]
    empty = tmp_path / "ukwiki-empty.xml"
    empty.write_text(f"<mediawiki>{_site()}</mediawiki>")
    assert [o.reason for o in ReadWikipediaDump(["uk"])(str(empty))] == ["no_pages"]


def test_iter_dump_memory_is_one_page_under_a_wrapper(tmp_path):
    import io

    xml = f"<mediawiki>{_site()}<pages>{''.join(_page(i, f'P{i}') for i in range(1, 50))}</pages></mediawiki>"
    seen = []
    for item in iter_dump(io.BytesIO(xml.encode())):
        seen.append(item)
    assert len(seen) == 50  # siteinfo + 49 pages


def _doc(title, revision, text="t"):
    return {"id": "wikipedia-x", "text": text, "metadata": {"title": title, "page_id": 7, "revision_id": revision,
                                                           "dbname": "ukwiki"}}


def test_pages_sharing_an_id_keep_the_latest_and_a_title_conflict_is_a_dead_letter():
    """MediaWiki: page_id is the page's key and survives a rename, so one survivor (the latest revision); a copy
    under another title is named in a dead letter, never dropped as a plain duplicate."""
    combine = _KeepLatest()
    docs = [_doc("Kyiv", 5), _doc("Kiev", 3), _doc("Kyiv", 4)]
    for order in (docs, docs[::-1]):
        acc = combine.merge_accumulators([combine.add_input(combine.create_accumulator(), d) for d in order])
        survivor, *rest = keep_latest(("k", combine.extract_output(acc)))
        assert survivor["metadata"]["revision_id"] == 5
        assert rest[0].reason == "conflicting_page_id" and rest[0].record_id == "ukwiki:7"
        assert "'Kyiv' (kept, revision 5) and 'Kiev' (revision 3)" in rest[0].detail
        assert rest[1:] == [Drop("duplicate_page")]


# ------------------------------------------------------------------------------------------- StackExchange


@pytest.fixture(scope="module")
def beer(corpora):
    path = corpora / BEER
    return path, path.read_bytes(), list(ReadPostsFile()(str(path)))


@pytest.mark.parametrize("split_bytes", [7_000, 600_000])
def test_posts_xml_in_ranges_reads_exactly_the_whole_file(beer, split_bytes):
    path, xml, whole = beer
    ranges = plan_posts(str(path), split_bytes)
    assert len(ranges) == -(-len(xml) // split_bytes)
    assert _split_read(ReadPostsFile(), ranges) == whole


def test_bz2_posts_xml_in_ranges_reads_exactly_the_whole_file(tmp_path, beer):
    _, xml, whole = beer
    site = tmp_path / "beer.stackexchange.com"
    site.mkdir()
    path = site / "Posts.xml.bz2"
    path.write_bytes(b"".join(bz2.compress(xml[i:i + 100_000]) for i in range(0, len(xml), 100_000)))
    assert _split_read(ReadPostsFile(), plan_posts(str(path), 50_000)) == whole


def test_an_oversized_row_is_a_dead_letter_and_the_next_row_is_kept(tmp_path):
    site = tmp_path / "s.stackexchange.com"
    site.mkdir()
    rows = ['<row Id="1" PostTypeId="1" Title="Q" Body="&lt;p&gt;q&lt;/p&gt;" />',
            f'<row Id="2" PostTypeId="2" ParentId="1" Body="{"x" * 200_000}" />',
            '<row Id="3" PostTypeId="2" ParentId="1" Body="a" />']
    xml = ("<?xml version='1.0'?>\n<posts>\n  " + "\n  ".join(rows) + "\n</posts>\n").encode()
    (site / "Posts.xml").write_bytes(xml)
    read = ReadPostsFile(max_row_bytes=100_000)
    for ranges in ([str(site / "Posts.xml")], plan_posts(str(site / "Posts.xml"), 50_000)):
        outcomes = _split_read(read, ranges)
        assert [o["post_id"] for o in outcomes if isinstance(o, dict)] == [1, 3]
        [reject] = [o for o in outcomes if isinstance(o, Reject)]
        assert (reject.reason, reject.record_id, reject.offset) == ("row_too_large", "s.stackexchange.com/posts/2",
                                                                    xml.index(b'<row Id="2"'))


def test_beam_run_of_a_split_posts_xml_gives_the_documents_of_a_whole_read(tmp_path, corpora):
    """Through Beam: file -> ranges -> Reshuffle -> read; same documents, and a duplicate row a counted drop."""
    import json

    from pipeline.io import read_documents
    from tests.conftest import run_cli

    site = tmp_path / "in" / "beer.stackexchange.com"
    site.mkdir(parents=True)
    xml = (corpora / BEER).read_bytes()
    row = re.search(rb'  <row Id="2"[^\n]*\n', xml).group(0)
    (site / "Posts.xml").write_bytes(xml.replace(b"</posts>", row + b"</posts>"))  # one row twice
    outputs = {}
    for split in (0, 200_000):
        out = tmp_path / f"out{split}"
        assert run_cli(["--source", "stackexchange", "--input", site / "Posts.xml", "--output", out,
                        "--set", f"split_bytes={split}"]) == 0
        report = json.loads((out / "report" / "run_stackexchange.json").read_text())
        assert report["reconciled"] and report["stages"][-1]["dropped"] == {"duplicate_post_id": 1}
        outputs[split] = sorted((d["id"], d["text"]) for d in read_documents(str(out / "docs" / "stackexchange" /
                                                                                 "*.parquet")))
    assert len(outputs[0]) == 663 and outputs[200_000] == outputs[0]

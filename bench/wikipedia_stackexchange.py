"""Throughput of the Wikipedia and StackExchange sources on the sample inputs (../shared/corpora).

Wikipedia: the four sample dumps (bz2, xz, plain XML), every language selected. Measured in one process:

- `read`           : decompress + stream the XML into pages (sources/wikipedia/dump.py), the baseline,
- `bare_loop`      : read + `clean_wikitext` on every article, the pure functions in a plain loop (one core),
- `beam_fnapi`     : the source's Beam pipeline (`python -m recipe.run`, FnApiRunner, in-process),
- `hf_reference` vs `ours_same_pages`: the reference builder's algorithm (mwparserfromhell node tree, `remove()`,
  `strip_code()` per section, as in HF `wikipedia`) against `clean_wikitext`, on the same first articles of
  each dump (the tree-based reference is too slow to run on everything in a benchmark).

StackExchange: the two sample sites, repeated --se-copies times under distinct site names:

- `read`      : stream Posts.xml into posts, the baseline,
- `bare_loop` : read + HTML stripping + grouping + layout in a plain loop,
- `beam_fnapi`: the source's Beam pipeline.

MB are megabytes (10^6 bytes) of uncompressed XML; MB/s per core = MB / CPU-second (process + children).

    .venv/bin/python -m bench.wikipedia_stackexchange [--se-copies 5] [--reference-pages 40]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.common import peak_rss_mib, save, timed

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ALL_SAMPLE_LANGUAGES = "languages=[en,uk,ja,ltg]"


# ------------------------------------------------------------------------------------------------- wikipedia


def _count_bytes(stream):
    """Wrap a decompressed stream to count the XML bytes the parser reads."""

    class Counting:
        def __init__(self):
            self.n = 0

        def read(self, size=-1):
            data = stream.read(size)
            self.n += len(data)
            return data

    return Counting()


def wiki_read(paths):
    from pipeline.io import open_decompressed
    from sources.wikipedia.dump import Page, SiteInfo, iter_dump

    xml_bytes, articles = 0, []
    for path in paths:
        with open_decompressed(str(path)) as stream:
            counting = _count_bytes(stream)
            site = None
            for item in iter_dump(counting):
                if isinstance(item, SiteInfo):
                    site = item
                elif isinstance(item, Page) and item.ns == 0 and not item.redirect:
                    articles.append((site, item.text))
            xml_bytes += counting.n
    return xml_bytes, articles


def wiki_bare_loop(paths):
    from sources.wikipedia.clean import clean_wikitext

    xml_bytes, articles = wiki_read(paths)
    return xml_bytes, sum(bool(clean_wikitext(text, site)) for site, text in articles)


def hf_reference_clean(text: str, site) -> str:
    """The reference builder's algorithm (HF `wikipedia`), for timing: tree, removals, strip_code per section."""
    import mwparserfromhell

    media = "|".join(re.escape(n) for n in ["File", "Image", "Media", site.namespaces.get(6, ""),
                                             site.namespaces.get(-2, "")] if n)
    category = "|".join(re.escape(n) for n in ["Category", site.namespaces.get(14, "")] if n)
    re_media = re.compile(f"^(?:{media}):", re.IGNORECASE)
    re_category = re.compile(f"^(?:{category}):", re.IGNORECASE)
    re_magic = re.compile("__[A-Z]*__")
    wikicode = mwparserfromhell.parse(text)
    sections = []
    for section in wikicode.get_sections(flat=True, include_lead=True, include_headings=True):
        for obj in section.ifilter_wikilinks(recursive=True):
            title = str(obj.title)
            try:
                if re_media.match(title):
                    section.remove(obj)
                elif re_category.match(title):
                    obj.text = re_category.sub("", obj.__strip__() or "")
            except ValueError:
                pass
            for tag in section.ifilter_tags(matches=lambda t: str(t.tag) in {"ref", "table"}, recursive=True):
                try:
                    section.remove(tag)
                except ValueError:
                    pass
        sections.append(re_magic.sub("", section.strip_code().strip()))
    return "\n\n".join(sections)


def wiki_first_articles(paths, per_dump: int):
    from pipeline.io import open_decompressed
    from sources.wikipedia.dump import Page, SiteInfo, iter_dump

    chosen = []
    for path in paths:
        with open_decompressed(str(path)) as stream:
            site, n = None, 0
            for item in iter_dump(stream):
                if isinstance(item, SiteInfo):
                    site = item
                elif isinstance(item, Page) and item.ns == 0 and not item.redirect:
                    chosen.append((site, item.text))
                    n += 1
                    if n == per_dump:
                        break
    return chosen


# --------------------------------------------------------------------------------------------- stackexchange


def make_se_input(directory: Path, copies: int) -> tuple[list[Path], int]:
    paths, total = [], 0
    for copy in range(copies):
        for site_dir in sorted((CORPORA / "stackexchange").iterdir()):
            target = directory / f"copy{copy}-{site_dir.name}"
            target.mkdir()
            shutil.copy(site_dir / "Posts.xml", target / "Posts.xml")
            paths.append(target / "Posts.xml")
            total += (target / "Posts.xml").stat().st_size
    return paths, total


def se_read(paths):
    from sources.stackexchange.posts import Post, iter_posts, site_name
    from sources.stackexchange.transform import post_record

    posts = []
    for path in paths:
        site = site_name(str(path))
        with open(path, "rb") as stream:
            posts.extend(post_record(site, p) for p in iter_posts(stream) if isinstance(p, Post))
    return posts


def se_bare_loop(paths):
    from sources.stackexchange.transform import BuildThread, strip_post, thread_key

    threads = defaultdict(list)
    for post in se_read(paths):
        stripped = strip_post(post)
        if isinstance(stripped, dict):
            threads[thread_key(stripped)].append(stripped)
    build = BuildThread()
    return sum(isinstance(o, dict) for item in threads.items() for o in build(item))


# ------------------------------------------------------------------------------------------------------ main


def _rates(timings: dict, megabytes: float, result: dict, prefix: str) -> None:
    for name, t in timings.items():
        result[f"{prefix}{name}_mb_per_cpu_s"] = megabytes / t["cpu_s"]
        result[f"{prefix}{name}_mb_per_wall_s"] = megabytes / t["wall_s"]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--se-copies", type=int, default=5)
    parser.add_argument("--reference-pages", type=int, default=40, help="articles per dump for the HF comparison")
    args = parser.parse_args(argv)

    from recipe.run import run

    work = Path(tempfile.mkdtemp(prefix="bench-wiki-se-"))
    try:
        dumps = sorted((CORPORA / "wikipedia").iterdir())
        wiki: dict = {}
        with timed(wiki, "read"):
            xml_bytes, articles = wiki_read(dumps)
        with timed(wiki, "bare_loop"):
            _, wiki_docs = wiki_bare_loop(dumps)
        with timed(wiki, "beam_fnapi"):
            wiki_report = run(["--source", "wikipedia", "--input", str(CORPORA / "wikipedia" / "*"),
                               "--output", str(work / "wiki_out"), "--set", ALL_SAMPLE_LANGUAGES])

        from sources.wikipedia.clean import clean_wikitext

        same_pages = wiki_first_articles(dumps, args.reference_pages)
        same_bytes = sum(len(text.encode("utf-8")) for _, text in same_pages)
        reference: dict = {}
        with timed(reference, "hf_reference"):
            for site, text in same_pages:
                hf_reference_clean(text, site)
        with timed(reference, "ours_same_pages"):
            for site, text in same_pages:
                clean_wikitext(text, site)

        se_inputs = work / "se_in"
        se_inputs.mkdir()
        se_paths, se_bytes = make_se_input(se_inputs, args.se_copies)
        se: dict = {}
        with timed(se, "read"):
            se_posts = len(se_read(se_paths))
        with timed(se, "bare_loop"):
            se_docs = se_bare_loop(se_paths)
        with timed(se, "beam_fnapi"):
            se_report = run(["--source", "stackexchange", "--input", str(se_inputs / "*" / "Posts.xml"),
                             "--output", str(work / "se_out")])

        result = {
            "wikipedia": {"dumps": [p.name for p in dumps], "xml_mb": xml_bytes / 1e6, "articles": len(articles),
                          "bare_docs": wiki_docs, "beam_docs": wiki_report["documents_out"], "timings": wiki,
                          "reference_comparison": {"articles": len(same_pages), "wikitext_mb": same_bytes / 1e6,
                                                   "timings": reference}},
            "stackexchange": {"copies": args.se_copies, "xml_mb": se_bytes / 1e6, "posts": se_posts,
                              "bare_docs": se_docs, "beam_docs": se_report["documents_out"], "timings": se},
            "peak_rss_mib": peak_rss_mib(),
        }
        _rates(wiki, xml_bytes / 1e6, result["wikipedia"], "")
        _rates(reference, same_bytes / 1e6, result["wikipedia"]["reference_comparison"], "")
        _rates(se, se_bytes / 1e6, result["stackexchange"], "")
        result["wikipedia"]["bare_over_read_cpu_ratio"] = wiki["bare_loop"]["cpu_s"] / wiki["read"]["cpu_s"]
        result["wikipedia"]["beam_over_bare_cpu_ratio"] = wiki["beam_fnapi"]["cpu_s"] / wiki["bare_loop"]["cpu_s"]
        result["wikipedia"]["reference_comparison"]["hf_over_ours_cpu_ratio"] = (
            reference["hf_reference"]["cpu_s"] / reference["ours_same_pages"]["cpu_s"])
        result["stackexchange"]["bare_over_read_cpu_ratio"] = se["bare_loop"]["cpu_s"] / se["read"]["cpu_s"]
        result["stackexchange"]["beam_over_bare_cpu_ratio"] = se["beam_fnapi"]["cpu_s"] / se["bare_loop"]["cpu_s"]
        print(json.dumps(result, indent=2))
        print(f"saved: {save('wikipedia_stackexchange', result)}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

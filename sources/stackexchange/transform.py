"""Beam wiring of the StackExchange source.

    read -> top_sites -> posts -> thread

- read: one input (`<site>/Posts.xml[.gz|.bz2|...]` or `<site>.7z`), or one range of a large one -> one outcome
  per row; malformed rows, rows over `max_row_bytes` (never handed to expat, which is quadratic on a huge
  attribute) and cut files are dead letters. A plain or bz2 Posts.xml larger than `split_bytes` is read as byte
  ranges on different workers, re-synchronised on `<row` (`pipeline.splits`); the rows are those of a whole read.
  A `.7z` (one solid LZMA stream: no random access) or a gzip/xz/zstd file is one worker: unpack a huge site's
  Posts.xml to plain (or bz2 multistream) storage once to spread its reading.
- top_sites: with `top_sites: N`, keep the N sites with the most posts among ALL inputs (rows counted globally
  with a combiner, as RedPajama counted Posts.xml rows; ties broken by site name), drop the rest.
- posts: keep questions and answers (other post types are dropped by type); HTML -> text.
- thread: answers grouped under their question (by site and question id, across files) -> one document per
  question, answers by numeric score. Answers whose question is absent are dropped with the thread; posts
  sharing an Id within a thread are kept once (chosen by content), each other copy a `duplicate_post_id` drop.
"""
from __future__ import annotations

import hashlib
import lzma
import re
import zlib

import apache_beam as beam

from pipeline.io import INPUT_LIMITS, MatchInputs
from pipeline.schema import make_document
from pipeline.splits import BZ2, WHOLE, FileRange, open_range, plan_ranges, whole
from pipeline.stages import Drop, Reject, SourceOutput, Stage, StageCounters
from pipeline.xml_frames import ROW, Framed
from sources.stackexchange.archive import open_posts
from sources.stackexchange.html_text import html_to_text
from sources.stackexchange.layout import thread_text, thread_url
from sources.stackexchange.posts import ANSWER, POST_TYPES, QUESTION, MalformedPost, iter_posts, site_name

# A cut or corrupt gzip/bz2/xz/7z stream, or an unreadable file.
DECOMPRESSION_ERRORS = (EOFError, OSError, ValueError, zlib.error, lzma.LZMAError)

SOURCE = "stackexchange"
STAGES = ("read", "top_sites", "posts", "thread")
DEFAULTS = {
    "input_limits": INPUT_LIMITS,  # pipeline.io.InputLimits: decompressed size and ratio, line length
    "top_sites": None,  # N: keep the N largest sites by number of posts among the inputs (28 in the recipe)
    "min_answers": 0,  # RedPajama kept unanswered questions
    # A row's XML is at most this many bytes (bodies are capped at 30,000 characters by the sites; escaping can
    # grow them a few times): a larger row is a dead letter, never parsed (expat is quadratic on huge attributes).
    "max_row_bytes": 4 << 20,
    # Plain or bz2 (multistream) Posts.xml larger than this are read as ranges of about this many bytes, each on
    # its own worker (null/0: one worker per file).
    "split_bytes": 128 << 20,
}


# ------------------------------------------------------------------------------------------ stage functions


def plan_posts(path: str, split_bytes: int | None) -> list[FileRange]:
    """An input -> the ranges its rows are read in (one, unless it is a large plain or bz2 Posts.xml)."""
    if not split_bytes or path.lower().endswith(".7z") or site_name(path) is None:
        return [whole(path)]
    try:
        return plan_ranges(path, split_bytes)
    except (OSError, ValueError, IndexError):  # unreadable: the reader dead-letters it
        return [whole(path)]


class ReadPostsFile:
    """Stage function: one input file (a path) or a FileRange of one -> a post dict per row (and one reject for a
    cut or corrupt file)."""

    def __init__(self, max_row_bytes: int = DEFAULTS["max_row_bytes"]):
        self.max_row_bytes = max_row_bytes

    def __call__(self, element):
        rng = element if isinstance(element, FileRange) else whole(element)
        path = rng.path
        site = site_name(path)
        if site is None:
            yield Drop("not_a_posts_file")
            return
        rows = [0]
        try:
            if rng.kind == WHOLE:
                with open_posts(path) as stream:
                    yield from self._rows(Framed(stream, ROW, self.max_row_bytes), site, path, rows, lambda p: p)
                return
            with open_range(rng) as part:
                if part.stream_start is None and rng.kind == BZ2:
                    return  # no bz2 stream starts in this range: the range before reads on through it
                framed = Framed(part.stream, ROW, self.max_row_bytes, base=part.base, outside=rng.first,
                                prefix=b"<posts>", owned=part.owned)
                offset = (lambda pos: part.stream_start) if rng.kind == BZ2 else (lambda pos: pos)
                yield from self._rows(framed, site, path, rows, offset)
        except DECOMPRESSION_ERRORS as exc:  # cut/corrupt compression or archive; unreadable file
            yield Reject("truncated_or_corrupt_file", file=path, detail=f"after {rows[0]} rows "
                         f"({rng.label()}): {type(exc).__name__}: {exc}"[:500])

    def _rows(self, framed: Framed, site: str, path: str, rows: list, offset):
        for item in iter_posts(framed):
            yield from self._oversized(framed, site, path, offset)
            if isinstance(item, MalformedPost):
                if item.reason == "truncated_xml" and not framed.complete:
                    continue  # a range ends inside the root element by design; a cut row is framed.cut_at
                record_id = f"{site}/posts/{item.post_id}" if item.post_id else None
                detail = f"row {item.row}: {item.detail}" if item.row else item.detail
                yield Reject(item.reason, file=path, detail=detail, record_id=record_id)
                continue
            rows[0] += 1
            yield post_record(site, item)
        yield from self._oversized(framed, site, path, offset)
        if framed.cut_at is not None and not framed.complete:
            yield Reject("truncated_xml", file=path, offset=offset(framed.cut_at), detail="the file ends inside a row")

    def _oversized(self, framed: Framed, site: str, path: str, offset):
        while framed.oversized:
            pos, head = framed.oversized.pop(0)
            post_id = re.search(rb'\sId="(\d+)"', head[:1000])
            yield Reject("row_too_large", file=path, offset=offset(pos),
                         record_id=f"{site}/posts/{int(post_id.group(1))}" if post_id else None,
                         detail=f"row over max_row_bytes={self.max_row_bytes} at byte {pos}")


def post_record(site: str, post) -> dict:
    return {
        "site": site,
        "post_id": post.post_id,
        "post_type": post.post_type,
        "parent_id": post.parent_id,
        "score": post.score,
        "title": post.title,
        "body": post.body,
        "created": post.created,
        "tags": list(post.tags),
    }


def select_top_sites(counts: list[tuple[str, int]], n: int | None) -> frozenset[str] | None:
    """The `n` sites with the most posts (ties: site name); None = keep every site."""
    if n is None:
        return None
    ranked = sorted(counts, key=lambda kv: (-kv[1], kv[0]))
    return frozenset(site for site, _ in ranked[:n])


def strip_post(post: dict):
    """Stage function: questions and answers -> with `text` (HTML stripped), other post types dropped."""
    kind = post["post_type"]
    if kind not in (QUESTION, ANSWER):
        return Drop(f"post_type:{POST_TYPES.get(kind, kind)}")
    text = html_to_text(post["body"])
    if kind == ANSWER and not text:
        return Drop("empty_answer")
    out = {k: v for k, v in post.items() if k != "body"}
    out["text"] = text
    return out


def thread_key(post: dict) -> str:
    question_id = post["post_id"] if post["post_type"] == QUESTION else post["parent_id"]
    return f"{post['site']}\x00{question_id}"


def _one_per_id(posts: list[dict]) -> list[dict]:
    """The same post read twice (a site given as both Posts.xml and .7z): keep one, chosen by content."""
    by_id: dict[int, dict] = {}
    for post in posts:
        kept = by_id.get(post["post_id"])
        if kept is None or _content_rank(post) < _content_rank(kept):
            by_id[post["post_id"]] = post
    return list(by_id.values())


def _content_rank(post: dict) -> bytes:
    return hashlib.sha1(f"{post['score']}\x00{post['title']}\x00{post['text']}".encode("utf-8")).digest()


class BuildThread:
    """Stage function: (key, posts of one thread) -> a Document or a Drop, and a Drop for each duplicate post."""

    def __init__(self, min_answers: int = 0):
        self.min_answers = min_answers

    def setup(self):
        self.counters = StageCounters(SOURCE, "thread")

    def __call__(self, keyed) -> list:
        return list(self._outcomes(keyed))

    def _outcomes(self, keyed):
        _, posts = keyed
        posts = list(posts)
        unique = _one_per_id(posts)
        for _ in range(len(posts) - len(unique)):
            yield Drop("duplicate_post_id")
        questions = [p for p in unique if p["post_type"] == QUESTION]
        answers = [p for p in unique if p["post_type"] == ANSWER]
        if not questions:
            self._stat("answers_without_question", len(answers))
            yield Drop("answers_without_question")
            return
        if len(answers) < self.min_answers:
            yield Drop("too_few_answers")
            return
        self._stat("answers", len(answers))
        yield thread_document(questions[0], answers)

    def _stat(self, name: str, n: int) -> None:
        if n and hasattr(self, "counters"):
            self.counters.stat(name, n)


def thread_document(question: dict, answers: list[dict]) -> dict:
    site, question_id = question["site"], question["post_id"]
    return make_document(
        SOURCE,
        f"{site}/questions/{question_id}",
        thread_text(question, answers),
        url=thread_url(site, question_id),
        site=site,
        question_id=question_id,
        score=question["score"],
        title=question["title"],
        answers=len(answers),
        tags=question["tags"],
        timestamp=question["created"],
    )


# ----------------------------------------------------------------------------------------------- Beam parts


class _KeepSelectedSites(beam.DoFn):
    """The top_sites stage: needs the global site ranking as a side input, so it counts through StageCounters
    itself (same counters as a Stage: in = kept + dropped)."""

    def setup(self):
        self.counters = StageCounters(SOURCE, "top_sites")

    def process(self, post, selected):
        self.counters.seen()
        if selected is None or post["site"] in selected:
            self.counters.kept()
            yield post
        else:
            self.counters.dropped("site_not_in_top_n")


def build(pipeline: beam.Pipeline, input_pattern: str, config: dict) -> SourceOutput:
    top_n = config["top_sites"]
    if top_n is not None and (not isinstance(top_n, int) or top_n < 1):
        raise ValueError(f"stackexchange: top_sites must be a positive integer or null, got {top_n!r}")
    read = (
        pipeline
        | "MatchInputs" >> MatchInputs(input_pattern, SOURCE)
        | "SplitPosts" >> beam.FlatMap(plan_posts, config["split_bytes"])
        | "SpreadRanges" >> beam.Reshuffle()
        | Stage(SOURCE, "read", ReadPostsFile(config["max_row_bytes"]), files=True, limits=config.get("input_limits"))
    )
    selected = (
        read.kept
        | "SiteOfPost" >> beam.Map(lambda post: post["site"])
        | "PostsPerSite" >> beam.combiners.Count.PerElement()
        | "AllSiteCounts" >> beam.combiners.ToList()
        | "PickTopSites" >> beam.Map(select_top_sites, top_n)
    )
    in_top_sites = read.kept | "top_sites" >> beam.ParDo(_KeepSelectedSites(), beam.pvalue.AsSingleton(selected))
    posts = in_top_sites | "SpreadPosts" >> beam.Reshuffle() | Stage(SOURCE, "posts", strip_post)
    threads = (
        posts.kept
        | "KeyByThread" >> beam.Map(lambda post: (thread_key(post), post))
        | "GroupThreads" >> beam.GroupByKey()
        | Stage(SOURCE, "thread", BuildThread(config["min_answers"]), fan_out=True)
    )
    return SourceOutput(threads.kept, [read.rejects, posts.rejects, threads.rejects])

"""Near-duplicate removal with MinHash LSH, for any source (docs/RECIPE.md section 6; DESIGN.md `pipeline/`).

Plan (every step a Beam transform; nothing is collected on the driver):

1. Signature per document: word n-gram shingles -> 32-bit hashes -> MinHash with datasketch's own permutations
   (scheme "affine32"), so a signature here equals `datasketch.MinHash.update_batch` on the same hashes.
   Words, word hashes and n-gram hashes are computed in numpy on code points (no Python work per word or
   shingle, where datasketch hashes each shingle with sha1), and the permutation step runs in bounded chunks,
   so a 2 MB book never builds a (shingles x num_perm) matrix. bench/minhash.py measures both.
2. LSH: b bands of r rows (datasketch's optimal (b, r) for the candidate threshold); each document emits one
   key per band, carrying its signature (4 x num_perm bytes: nothing next to a book; for short web pages,
   carrying ids only and joining signatures to candidate pairs would shuffle less); grouped by key in Beam.
3. Verification: every candidate pair of a bucket is checked against the threshold with the full signature
   (estimated Jaccard) and the exact shingle-set sizes, so the test can be Jaccard or containment (see
   `similarity`). Buckets above `max_bucket_size` (a hot key) link each member to the bucket's lowest-ranked
   member only, so a bucket costs O(n) comparisons, not O(n^2).
4. Connected components by union-find in a `CombineGlobally`: each bundle unions its own edges and the
   partial forests merge. Union always keeps the smaller `survivor_key` as root (`keep="smallest_hash"`: the
   smallest sha1 of the id, as pipeline.dedup; `keep="largest"`: the most shingles, then that hash), so the root
   of a component is its survivor, whatever the order of edges, bundles or workers. The forest holds only documents
   that have a verified near-duplicate (the duplicate graph, tiny next to the corpus: books have a few editions
   each), never the corpus. Iterative label propagation would need one Beam shuffle per round, O(diameter)
   rounds unrolled at graph-build time; that only pays off for graphs too large for one worker's memory.
5. Join back by id: survivors are kept (with `near_dup_cluster`/`near_dup_cluster_size` metadata), the other
   members are dropped under one counted reason; a `clusters` PCollection lists every cluster's survivor,
   members and verified edges for the run report.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from typing import Callable, Iterable

import apache_beam as beam
import numpy as np

from pipeline.dedup import survivor_rank
from pipeline.schema import with_metadata
from pipeline.stages import Drop, Stage, StageCounters

# ------------------------------------------------------------------------------------------- shingles: pure

_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits: punctuation, quote style and `_italics_` marks go
# Odd multipliers, one per position in the n-gram, so "a b" and "b a" hash differently.
_POSITION_MULTIPLIERS = np.array(
    [int.from_bytes(hashlib.blake2b(f"ngram-position-{i}".encode(), digest_size=8).digest(), "little") | 1
     for i in range(64)],
    dtype=np.uint64,
)


def words(text: str) -> list[str]:
    """The shingling's definition of words: lowercased runs of letters and digits, so case, punctuation, quote
    style and line breaks do not matter. (`_word_hashes` computes the same split in numpy.)"""
    return _WORD_RE.findall(text.lower())


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (wrapping uint64 arithmetic is intended)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


_ASCII_WORD = np.zeros(128, dtype=bool)
_ASCII_WORD[[ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]] = True
_WORD_CHAR_RE = re.compile(r"[^\W_]")
_BASE = 0x100000001B3  # odd, so invertible modulo 2^64
_PIECE_CHARS = 1 << 20  # texts are hashed in pieces cut at whitespace: temporaries stay ~40 MB for any book


class _Powers:
    """BASE^i and BASE^-i modulo 2^64, grown on demand (one table per process)."""

    forward = np.ones(1, dtype=np.uint64)
    inverse = np.ones(1, dtype=np.uint64)

    @classmethod
    def upto(cls, n: int) -> tuple[np.ndarray, np.ndarray]:
        if cls.forward.size < n:
            size = max(n, 2 * cls.forward.size)
            with np.errstate(over="ignore"):
                for name, base in (("forward", _BASE), ("inverse", pow(_BASE, -1, 1 << 64))):
                    steps = np.full(size, base, dtype=np.uint64)
                    steps[0] = 1
                    setattr(cls, name, np.cumprod(steps, dtype=np.uint64))
        return cls.forward[:n], cls.inverse[:n]


def _pieces(text: str, size: int):
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


def _word_hashes(text: str, piece_chars: int = _PIECE_CHARS) -> np.ndarray:
    """A 64-bit hash per word of `words(text)`, in order, computed in numpy on code points: word boundaries from
    a per-character class (ASCII by table, other characters classified once per distinct code point), word
    hashes as differences of a prefix polynomial hash. No Python work per word."""
    out = []
    for piece in _pieces(text, piece_chars):
        points = np.frombuffer(piece.lower().encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ascii_mask = points < 128
        is_word = np.zeros(points.size, dtype=bool)
        is_word[ascii_mask] = _ASCII_WORD[points[ascii_mask]]
        if not ascii_mask.all():
            others = points[~ascii_mask]
            distinct = np.unique(others)
            wordlike = np.fromiter((_WORD_CHAR_RE.match(chr(c)) is not None for c in distinct.tolist()),
                                   dtype=bool, count=distinct.size)
            is_word[~ascii_mask] = wordlike[np.searchsorted(distinct, others)]
        edges = np.flatnonzero(np.diff(is_word, prepend=False, append=False))
        starts, ends = edges[0::2], edges[1::2]
        forward, inverse = _Powers.upto(points.size + 1)
        with np.errstate(over="ignore"):
            prefix = np.zeros(points.size + 1, dtype=np.uint64)
            np.cumsum(points.astype(np.uint64) * forward[: points.size], dtype=np.uint64, out=prefix[1:])
            out.append(_fmix64((prefix[ends] - prefix[starts]) * inverse[starts]))  # sum of cp_j * BASE^j
    return np.concatenate(out) if out else np.empty(0, dtype=np.uint64)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort beats numpy 2's hash-based np.unique on ~1e5 uint32)."""
    values = np.sort(values)
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def shingle_hashes(text: str, ngram: int) -> np.ndarray:
    """Distinct 32-bit hashes of the text's word n-grams (sorted uint32). A text shorter than n words is one
    shingle; a text without words has none."""
    if not 1 <= ngram <= len(_POSITION_MULTIPLIERS):
        raise ValueError(f"ngram must be in 1..{len(_POSITION_MULTIPLIERS)}, got {ngram}")
    hashes = _word_hashes(text)
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint32)
    n = min(ngram, hashes.size)
    windows = hashes.size - n + 1
    with np.errstate(over="ignore"):
        combined = np.zeros(windows, dtype=np.uint64)
        for position in range(n):
            combined += hashes[position : position + windows] * _POSITION_MULTIPLIERS[position]
        mixed = _fmix64(combined)
    return _distinct((mixed >> np.uint64(32)).astype(np.uint32))


# ------------------------------------------------------------------------------------------ signatures: pure

_EMPTY = np.uint32(0xFFFFFFFF)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@dataclasses.dataclass(frozen=True)
class Signature:
    values: np.ndarray  # uint32[num_perm]
    size: int  # number of distinct shingles (exact), for containment

    def to_bytes(self) -> bytes:
        return self.values.tobytes()


class MinHasher:
    """MinHash signatures identical to datasketch's "affine32" scheme for the same seed and 32-bit hashes."""

    def __init__(self, num_perm: int = 128, seed: int = 1, ngram: int = 5, chunk: int = 8192):
        from datasketch import MinHash

        template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        self.num_perm, self.seed, self.ngram, self.chunk = num_perm, seed, ngram, chunk
        self._a, self._b = (np.asarray(p, dtype=np.uint32) for p in template.permutations)

    def signature_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """min over shingles of a*fmix32(h)+b mod 2^32, per permutation. Chunks of shingles go through one
        preallocated (num_perm x chunk) buffer, reduced along its contiguous axis."""
        values = np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        if hashes.size == 0:
            return values
        buffer = np.empty((self.num_perm, min(self.chunk, hashes.size)), dtype=np.uint32)
        a, b = self._a[:, None], self._b[:, None]
        with np.errstate(over="ignore"):
            mixed = _fmix32(hashes.astype(np.uint32))
            for start in range(0, mixed.size, self.chunk):
                part = mixed[start : start + self.chunk]
                out = buffer[:, : part.size]
                np.multiply(a, part[None, :], out=out)
                np.add(out, b, out=out)
                np.minimum(values, out.min(axis=1), out=values)
        return values

    def signature(self, text: str) -> Signature:
        hashes = shingle_hashes(text, self.ngram)
        return Signature(self.signature_of_hashes(hashes), int(hashes.size))


# --------------------------------------------------------------------------------- LSH and verification: pure


@functools.lru_cache(maxsize=None)  # datasketch integrates numerically over every (b, r): ~1 s at 256 perms
def lsh_params(threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for a Jaccard threshold (weighted FP/FN areas)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
    return lsh.b, lsh.r


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Probability that two documents with this Jaccard share at least one band key."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


def band_keys(values: np.ndarray, bands: int, rows: int) -> list[bytes]:
    """One key per band: band index + 8-byte digest of the band's rows (a collision only costs a check)."""
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=8).digest()
        keys.append(band.to_bytes(2, "big") + digest)
    return keys


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / a.size


def estimated_containment(jaccard: float, size_a: int, size_b: int) -> float:
    """|A & B| / min(|A|, |B|) from the Jaccard estimate and the exact set sizes:
    |A & B| = J (|A| + |B|) / (1 + J)."""
    if min(size_a, size_b) == 0:
        return 0.0
    intersection = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, intersection / min(size_a, size_b))


SIMILARITIES = ("jaccard", "containment")
KEEP_RULES = ("smallest_hash", "largest")


def id_rank(doc_id: str) -> bytes:
    """The survivor order of pipeline.dedup (smallest sha1 of the id), on bare ids."""
    return survivor_rank({"id": doc_id})


def survivor_key(doc_id: str, size: int, keep: str) -> tuple:
    """Order of the members of a cluster; the smallest key survives. `smallest_hash`: smallest sha1 of the id.
    `largest`: most distinct shingles (the most complete edition: with containment, the container rather than
    the contained), ties by smallest sha1 of the id."""
    if keep == "largest":
        return (-size, id_rank(doc_id), doc_id)
    return (id_rank(doc_id), doc_id)


@dataclasses.dataclass(frozen=True)
class Edge:
    """A verified near-duplicate pair, a < b by id."""

    a: str
    b: str
    jaccard: float
    containment: float
    size_a: int
    size_b: int

    def nodes(self, keep: str) -> tuple[tuple, tuple]:
        return survivor_key(self.a, self.size_a, keep), survivor_key(self.b, self.size_b, keep)

    def as_list(self) -> list:
        return [self.a, self.b, round(self.jaccard, 4), round(self.containment, 4)]


def verify(member_a: tuple, member_b: tuple, similarity: str, threshold: float) -> Edge | None:
    """member = (id, signature bytes, shingle count). An Edge when the pair's similarity exceeds the threshold."""
    (id_a, sig_a, size_a), (id_b, sig_b, size_b) = sorted((member_a, member_b))
    if min(size_a, size_b) == 0 or id_a == id_b:
        return None
    jaccard = estimated_jaccard(np.frombuffer(sig_a, dtype=np.uint32), np.frombuffer(sig_b, dtype=np.uint32))
    containment = estimated_containment(jaccard, size_a, size_b)
    score = jaccard if similarity == "jaccard" else containment
    return Edge(id_a, id_b, jaccard, containment, size_a, size_b) if score > threshold else None


def bucket_pairs(members: list[tuple], max_bucket_size: int, keep: str) -> Iterable[tuple[tuple, tuple]]:
    """Pairs to verify in one LSH bucket: all pairs, or (hot bucket) each member against the bucket's
    would-be survivor, which keeps the cost linear."""
    members = sorted(members, key=lambda m: survivor_key(m[0], m[2], keep))
    if len(members) <= max_bucket_size:
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                yield first, second
    else:
        for other in members[1:]:
            yield members[0], other


# --------------------------------------------------------------------------------------- union-find: pure


class UnionFind:
    """Disjoint sets of comparable nodes; the root of every set is its smallest node, so the result does not
    depend on the order in which edges arrive or forests merge."""

    def __init__(self, parents: dict | None = None):
        self.parent: dict = {} if parents is None else parents  # shared, not copied: accumulators grow in place

    def find(self, node):
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a, b) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            low, high = (root_a, root_b) if root_a < root_b else (root_b, root_a)
            self.parent[high] = low

    def roots(self) -> dict:
        return {node: self.find(node) for node in list(self.parent)}


class ComponentsFn(beam.CombineFn):
    """(node, node) edges -> {node: root} for every node that has a verified near-duplicate. The accumulator
    is a union-find forest; bundles build partial forests that merge (combiner lifting)."""

    def create_accumulator(self):
        return {}

    def add_input(self, parents, edge):
        forest = UnionFind(parents)
        forest.union(*edge)
        return forest.parent

    def add_inputs(self, parents, edges):
        forest = UnionFind(parents)
        for edge in edges:
            forest.union(*edge)
        return forest.parent

    def merge_accumulators(self, accumulators):
        accumulators = iter(accumulators)
        forest = UnionFind(next(accumulators, {}))  # Beam lets the first accumulator be modified and returned
        for parents in accumulators:
            for node, parent in parents.items():
                forest.union(node, parent)
        return forest.parent

    def compact(self, parents):
        return UnionFind(parents).roots()  # flat trees travel smaller

    def extract_output(self, parents):
        return UnionFind(parents).roots()


def clusters_of(roots: dict) -> dict[str, list[str]]:
    """{node: root} (nodes are survivor keys, id last) -> {survivor id: sorted member ids}."""
    clusters: dict[str, list[str]] = {}
    for node, root in roots.items():
        clusters.setdefault(root[-1], []).append(node[-1])
    return {survivor: sorted(members) for survivor, members in clusters.items()}


# ------------------------------------------------------------------------------------------- Beam wiring


@dataclasses.dataclass(frozen=True)
class NearDedupConfig:
    num_perm: int = 128
    ngram: int = 5  # word n-grams
    seed: int = 1
    similarity: str = "jaccard"  # or "containment": |A & B| / min(|A|, |B|)
    threshold: float = 0.9  # a pair is a near-duplicate when its similarity is ABOVE this
    lsh_threshold: float | None = None  # the Jaccard the bands are tuned for; default: threshold
    bands: int | None = None  # explicit (bands, rows) override the tuning
    rows: int | None = None
    max_bucket_size: int = 100
    keep: str = "smallest_hash"  # or "largest"
    max_edges_reported: int = 1000  # per cluster, in the clusters output

    def __post_init__(self):
        if self.similarity not in SIMILARITIES:
            raise ValueError(f"similarity must be one of {SIMILARITIES}, got {self.similarity!r}")
        if self.keep not in KEEP_RULES:
            raise ValueError(f"keep must be one of {KEEP_RULES}, got {self.keep!r}")
        if (self.bands is None) != (self.rows is None):
            raise ValueError("give both bands and rows, or neither")
        if self.bands is not None and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm = {self.num_perm}")

    def banding(self) -> tuple[int, int]:
        if self.bands is not None:
            return self.bands, self.rows
        return lsh_params(self.lsh_threshold if self.lsh_threshold is not None else self.threshold, self.num_perm)


class _SignDoFn(beam.DoFn):
    """Document -> (id, signature bytes, shingle count). The hasher is built once per worker."""

    def __init__(self, source: str, stage: str, config: NearDedupConfig, text_of: Callable[[dict], str]):
        self._source, self._stage, self._config, self._text_of = source, stage, config, text_of

    def setup(self):
        self._hasher = MinHasher(self._config.num_perm, self._config.seed, self._config.ngram)
        self._counters = StageCounters(self._source, self._stage)

    def process(self, doc):
        signature = self._hasher.signature(self._text_of(doc))
        if signature.size == 0:  # no words: cannot be compared, passes through untouched
            self._counters.stat("documents_without_shingles")
            return
        yield doc["id"], signature.to_bytes(), signature.size


def _band_entries(member: tuple, bands: int, rows: int):
    for key in band_keys(np.frombuffer(member[1], dtype=np.uint32), bands, rows):
        yield key, member


class _VerifyBucket(beam.DoFn):
    def __init__(self, source: str, stage: str, config: NearDedupConfig):
        self._source, self._stage, self._config = source, stage, config

    def setup(self):
        self._counters = StageCounters(self._source, self._stage)

    def process(self, key_and_members):
        members = list(key_and_members[1])
        if len(members) < 2:
            return
        config = self._config
        if len(members) > config.max_bucket_size:
            self._counters.stat("oversized_buckets")
        for first, second in bucket_pairs(members, config.max_bucket_size, config.keep):
            self._counters.stat("candidate_checks")  # a pair sharing k bands is checked k times
            edge = verify(first, second, config.similarity, config.threshold)
            if edge is not None:
                yield edge


def _assignments(roots: dict):
    """{node: root} -> main: (survivor id, sorted member ids) per cluster; `assignment`: (id, survivor id)."""
    for survivor, members in clusters_of(roots).items():
        yield survivor, members
        for member in members:
            yield beam.pvalue.TaggedOutput("assignment", (member, survivor))


class _Resolve:
    """(id, {doc, survivor, members}) -> the document (a survivor, or in no cluster) or Drop(reason)."""

    def __init__(self, reason: str):
        self._reason = reason

    def __call__(self, joined):
        doc_id, groups = joined
        survivors, members = list(groups["survivor"]), list(groups["members"])
        for doc in groups["doc"]:
            if not survivors:
                yield doc
            elif survivors[0] != doc_id:
                yield Drop(self._reason)
            else:
                yield with_metadata(doc, near_dup_cluster=doc_id, near_dup_cluster_size=len(members[0]))


class _ClusterRecord(beam.DoFn):
    def __init__(self, source: str, stage: str, max_edges: int):
        self._source, self._stage, self._max_edges = source, stage, max_edges

    def setup(self):
        self._counters = StageCounters(self._source, self._stage)

    def process(self, survivor_and_groups):
        survivor, groups = survivor_and_groups
        members = next(iter(groups["members"]))
        edges = sorted(e.as_list() for e in groups["edges"])
        self._counters.stat("clusters")
        self._counters.stat("clustered_documents", len(members))
        record = {
            "cluster_id": survivor,  # a cluster is named after its survivor
            "survivor": survivor,
            "size": len(members),
            "members": members,
            "dropped": [m for m in members if m != survivor],
            "edges": edges[: self._max_edges],  # [a, b, estimated jaccard, estimated containment]
            "edges_total": len(edges),
        }
        described = dict(groups["described"])
        if any(info is not None for info in described.values()):
            record["member_info"] = {m: described.get(m) for m in members}
        yield record


@dataclasses.dataclass
class NearDedupResult:
    kept: beam.PCollection
    rejects: beam.PCollection
    clusters: beam.PCollection  # dicts: cluster_id, survivor, size, members, dropped, edges, edges_total


class MinHashDedup(beam.PTransform):
    """Keep one document per cluster of near-duplicates (see the module docstring for the plan).

    `text_of(doc)` gives the text to shingle (default: `doc["text"]`); `describe(doc)`, if given, a small dict
    (title, file, ...) listed per member in the cluster records, so dropped documents stay findable. Ids must be
    unique (run an exact dedup first if inputs can repeat). Documents dropped here are counted under `reason` in stage `stage`; the
    stage's `in` counts every document, so in = kept + dropped holds.
    """

    def __init__(
        self,
        source: str,
        stage: str = "near_dedup",
        config: NearDedupConfig | None = None,
        reason: str = "near_duplicate",
        text_of: Callable[[dict], str] | None = None,
        describe: Callable[[dict], dict] | None = None,
    ):
        super().__init__(label=stage)
        self._source, self._stage, self._reason = source, stage, reason
        self._config = config or NearDedupConfig()
        self._text_of = text_of or _text_field
        self._describe = describe

    def expand(self, docs) -> NearDedupResult:
        config, source, stage = self._config, self._source, self._stage
        bands, rows = config.banding()
        edges = (
            docs
            | "Sign" >> beam.ParDo(_SignDoFn(source, stage, config, self._text_of))
            | "BandKeys" >> beam.FlatMap(_band_entries, bands, rows)
            | "GroupByBand" >> beam.GroupByKey()
            | "Verify" >> beam.ParDo(_VerifyBucket(source, stage, config))
            | "KeyByPair" >> beam.Map(lambda e: ((e.a, e.b), e))
            | "OnePerPair" >> beam.CombinePerKey(_first)  # a pair found in several bands is one edge
            | "Edges" >> beam.Values()
        )
        keep = config.keep
        assigned = (
            edges
            | "Nodes" >> beam.Map(lambda e: e.nodes(keep))
            | "Components" >> beam.CombineGlobally(ComponentsFn()).without_defaults()
            | "Assign" >> beam.FlatMap(_assignments).with_outputs("assignment", main="members")
        )
        assignment, members = assigned.assignment, assigned.members
        joined = (
            {"doc": docs | "KeyById" >> beam.Map(lambda d: (d["id"], d)), "survivor": assignment, "members": members}
            | "JoinById" >> beam.CoGroupByKey()
        )
        result = joined | Stage(source, stage, _Resolve(self._reason), fan_out=True)
        described = joined | "Describe" >> beam.FlatMap(_member_info, self._describe)

        edges_by_survivor = (
            {"edge": edges | "EdgeByA" >> beam.Map(lambda e: (e.a, e)), "survivor": assignment}
            | "JoinEdges" >> beam.CoGroupByKey()
            | "EdgeBySurvivor" >> beam.FlatMap(lambda kv: ((s, e) for s in kv[1]["survivor"] for e in kv[1]["edge"]))
        )
        clusters = (
            {"members": members, "edges": edges_by_survivor, "described": described}
            | "JoinClusters" >> beam.CoGroupByKey()
            | "ClusterRecord" >> beam.ParDo(_ClusterRecord(source, stage, config.max_edges_reported))
        )
        return NearDedupResult(result.kept, result.rejects, clusters)


def _member_info(joined, describe):
    """(id, {doc, survivor}) -> (survivor, (id, describe(doc))) for clustered documents."""
    doc_id, groups = joined
    for survivor in groups["survivor"]:
        for doc in groups["doc"]:
            yield survivor, (doc_id, describe(doc) if describe else None)


def _first(values):
    return next(iter(values))


def _text_field(doc: dict) -> str:
    return doc["text"]

"""pipeline/minhash.py: shingles, signatures (bit-equal to datasketch), LSH, verification, union-find, and the
Beam transform on synthetic documents."""
import random

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to
from datasketch import MinHash, MinHashLSH

from pipeline.minhash import (
    ComponentsFn,
    MinHashDedup,
    MinHasher,
    NearDedupConfig,
    UnionFind,
    _word_hashes,
    band_keys,
    bucket_pairs,
    candidate_probability,
    clusters_of,
    estimated_containment,
    id_rank,
    lsh_params,
    shingle_hashes,
    survivor_key,
    verify,
    words,
)
from pipeline.report import build_source_report, counters_from_result

VOCAB = [f"w{a}{b}{c}" for a in "abcdefgh" for b in "ijklmnop" for c in "qrstuvwx"]  # 512 distinct words


def random_words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCAB) for _ in range(n)]


def doc(doc_id: str, text: str) -> dict:
    return {"id": doc_id, "source": "t", "text": text, "url": None, "lang": None, "lang_score": None, "metadata": {}}


def exact_sets(a: str, b: str, ngram: int = 5):
    sa, sb = shingle_hashes(a, ngram), shingle_hashes(b, ngram)
    inter = np.intersect1d(sa, sb).size
    return inter / (sa.size + sb.size - inter), inter / min(sa.size, sb.size)


# ------------------------------------------------------------------------------------------------- shingles


def test_shingles_ignore_case_punctuation_quotes_line_breaks_and_italics_marks():
    a = "It is a truth universally acknowledged, that a single man\r\nin possession of a good fortune"
    b = "IT is a _truth_ universally “acknowledged” that a single man in\npossession of a good fortune!"
    assert words(a) == words(b)
    assert np.array_equal(shingle_hashes(a, 5), shingle_hashes(b, 5))


def _same_grouping(a: np.ndarray, b: np.ndarray) -> bool:
    """Two hash sequences name the same words at the same places (equal where equal, different where not)."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    return a.size == b.size and len(set(zip(ia.tolist(), ib.tolist()))) == ia.max() + 1 == ib.max() + 1


def _reference_word_hashes(text: str) -> np.ndarray:
    return np.array([hash(w) for w in words(text)], dtype=np.int64)


def test_numpy_word_split_is_the_regex_definition(corpora):
    tricky = "Ünïcode_wörds — “quoted” l'été 42x ǅungla STRASSE straße İstanbul x\ud800y ٣٤ 中文字 end_"
    samples = [tricky, (corpora / "books" / "pg2000_don-quijote_spanish.txt").read_text(encoding="utf-8-sig")[:200000]]
    for text in samples:
        assert _same_grouping(_word_hashes(text), _reference_word_hashes(text))
        # hashing in small pieces cut at whitespace gives the same words
        assert np.array_equal(_word_hashes(text, piece_chars=50), _word_hashes(text))


def test_shingles_are_word_order_sensitive_and_distinct_sorted():
    text = " ".join(random_words(200, seed=1))
    hashes = shingle_hashes(text, 5)
    assert hashes.dtype == np.uint32 and np.all(hashes[1:] > hashes[:-1])
    assert 190 <= hashes.size <= 196  # 196 windows of 200 words; a few may repeat
    assert not np.array_equal(shingle_hashes("a b c d e", 5), shingle_hashes("e d c b a", 5))


def test_short_and_empty_texts():
    assert shingle_hashes("only three words", 5).size == 1  # shorter than n: one shingle for the whole text
    assert shingle_hashes("  -- !! ", 5).size == 0
    with pytest.raises(ValueError):
        shingle_hashes("x", 0)


# ----------------------------------------------------------------------------------------------- signatures


def test_signature_is_bit_equal_to_datasketch_on_the_same_hashes():
    hasher = MinHasher(num_perm=128, seed=7, ngram=5, chunk=97)  # a chunk size that does not divide the input
    hashes = shingle_hashes(" ".join(random_words(3000, seed=2)), 5)
    reference = MinHash(num_perm=128, seed=7, hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert reference.scheme == "affine32"
    assert np.array_equal(hasher.signature_of_hashes(hashes), reference.hashvalues)
    empty = MinHash(num_perm=128, seed=7)
    assert np.array_equal(hasher.signature_of_hashes(np.empty(0, np.uint32)), empty.hashvalues)


def test_estimates_track_exact_jaccard_and_containment():
    base = random_words(4000, seed=3)
    # b holds the first 3000 words of a plus 300 new words: a 3000-word book inside a 3300-word one
    a, b = " ".join(base[:3000]), " ".join(base[:3000] + random_words(300, seed=4))
    jaccard, containment = exact_sets(a, b)
    hasher = MinHasher(num_perm=256)
    sa, sb = hasher.signature(a), hasher.signature(b)
    edge = verify(("a", sa.to_bytes(), sa.size), ("b", sb.to_bytes(), sb.size), "containment", 0.0)
    assert abs(edge.jaccard - jaccard) < 0.06
    assert abs(edge.containment - containment) < 0.06 and containment > 0.99
    assert estimated_containment(1.0, 10, 20) == 1.0 and estimated_containment(0.5, 0, 20) == 0.0


# ------------------------------------------------------------------------------------------ LSH and verify


def test_banding_follows_datasketch_and_band_keys_locate_differences():
    for threshold in (0.5, 0.9):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        assert lsh_params(threshold, 128) == (lsh.b, lsh.r)
    bands, rows = lsh_params(0.5, 128)
    assert candidate_probability(0.67, bands, rows) > 0.95 and candidate_probability(0.1, bands, rows) < 1e-3
    values = MinHasher().signature("some text of a few words to sign").values
    changed = values.copy()
    changed[rows * 2] ^= 1  # one row of band 2
    keys, other = band_keys(values, bands, rows), band_keys(changed, bands, rows)
    assert len(keys) == bands and [i for i in range(bands) if keys[i] != other[i]] == [2]


def _member(doc_id, text, hasher=MinHasher()):
    signature = hasher.signature(text)
    return doc_id, signature.to_bytes(), signature.size


def test_overlap_above_the_threshold_merges_and_below_does_not():
    """docs/RECIPE.md section 6: RedPajama's SimHash (Hamming <= 5) does not express '90% overlap'; here the
    threshold IS the overlap: a book 97% contained in another is a duplicate, one 80% contained is not."""
    base = random_words(6000, seed=5)
    book = " ".join(base)
    mostly = " ".join(base[:5820] + random_words(180, seed=6))  # 97% of its text is in `book`
    partly = " ".join(base[:4800] + random_words(1200, seed=7))  # 80%
    assert exact_sets(mostly, book)[1] > 0.96 and exact_sets(partly, book)[1] < 0.82
    hasher = MinHasher(num_perm=256)
    reference = _member("book", book, hasher)
    assert verify(_member("mostly", mostly, hasher), reference, "containment", 0.9) is not None
    assert verify(_member("partly", partly, hasher), reference, "containment", 0.9) is None
    assert verify(reference, reference, "jaccard", 0.9) is None  # a document is not its own duplicate


def test_containment_merges_an_extended_edition_that_jaccard_keeps():
    base = random_words(5000, seed=8)
    novel, with_preface = " ".join(base), " ".join(random_words(1000, seed=9) + base)
    jaccard, containment = exact_sets(novel, with_preface)
    assert jaccard < 0.9 < containment
    hasher = MinHasher(num_perm=256)
    a, b = _member("novel", novel, hasher), _member("with_preface", with_preface, hasher)
    assert verify(a, b, "jaccard", 0.9) is None
    assert verify(a, b, "containment", 0.9) is not None


def test_bucket_pairs_all_pairs_or_a_star_for_hot_buckets():
    members = [(f"d{i}", b"", 10 + i) for i in range(6)]
    assert len(list(bucket_pairs(members, 10, "smallest_hash"))) == 15
    star = list(bucket_pairs(members, 5, "smallest_hash"))
    hub = min(members, key=lambda m: id_rank(m[0]))
    assert len(star) == 5 and all(first == hub for first, _ in star)
    largest = list(bucket_pairs(members, 5, "largest"))
    assert all(first[0] == "d5" for first, _ in largest)  # the most shingles is the would-be survivor


# ------------------------------------------------------------------------------------------ union-find


def _components_by_search(edges):
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    seen, out = set(), {}
    for start in graph:
        if start in seen:
            continue
        stack, component = [start], []
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                component.append(node)
                stack.extend(graph[node] - seen)
        root = min(component)
        out.update({node: root for node in component})
    return out


def test_union_find_roots_are_component_minima_whatever_the_edge_order():
    rng = random.Random(10)
    nodes = [(id_rank(f"doc{i}"), f"doc{i}") for i in range(60)]
    edges = [tuple(rng.sample(nodes, 2)) for _ in range(45)]
    expected = _components_by_search(edges)
    for _ in range(5):
        rng.shuffle(edges)
        forest = UnionFind()
        for a, b in edges:
            forest.union(a, b)
        assert forest.roots() == expected
        # combiner lifting: partial forests built from slices of the edges, merged in any order
        fn = ComponentsFn()
        parts = [fn.add_inputs(fn.create_accumulator(), edges[i::3]) for i in range(3)]
        parts = [fn.compact(p) for p in parts]
        rng.shuffle(parts)
        assert fn.extract_output(fn.merge_accumulators(parts)) == expected


def test_clusters_name_their_survivor():
    keys = {i: survivor_key(i, size, "largest") for i, size in (("a", 5), ("b", 9), ("c", 9), ("d", 1))}
    forest = UnionFind()
    forest.union(keys["a"], keys["b"])
    forest.union(keys["c"], keys["a"])
    clusters = clusters_of(forest.roots())
    (survivor, members), = clusters.items()
    assert members == ["a", "b", "c"]
    assert survivor == min(["b", "c"], key=id_rank)  # the largest (9 shingles), ties by sha1 of the id


# ------------------------------------------------------------------------------------------- Beam transform


def _corpus():
    """Three near-duplicate chains/clusters and distinct documents, 300-600 words each."""
    base1, base2 = random_words(600, seed=11), random_words(400, seed=12)
    docs = [
        doc("a1", " ".join(base1)),
        doc("a2", " ".join(base1[:590] + ["tail", "words", "here"])),  # ~99% of a1
        doc("a3", " ".join(base1[:575] + random_words(10, seed=13))),  # ~96% of a1
        doc("b1", " ".join(base2)),
        doc("b2", " ".join(base2).upper()),  # same shingles after lowercasing
        doc("empty", "...  ---"),  # no words: cannot be compared, passes through
    ]
    docs += [doc(f"x{i}", " ".join(random_words(300, seed=100 + i))) for i in range(6)]
    return docs


def _run(docs, config):
    pipeline = beam.Pipeline(runner=FnApiRunner())
    result = pipeline | beam.Create(docs) | MinHashDedup("t", "near", config)
    kept = result.kept | "Ids" >> beam.Map(lambda d: (d["id"], d["metadata"].get("near_dup_cluster_size")))
    clusters = result.clusters | "Clusters" >> beam.Map(
        lambda c: (c["survivor"], tuple(c["members"]), c["edges_total"] > 0))
    return pipeline, kept, clusters


@pytest.mark.parametrize("keep, reverse", [("smallest_hash", False), ("largest", True)])
def test_each_cluster_keeps_one_deterministic_survivor_and_counts_reconcile(keep, reverse):
    """Survivors follow the keep rule, not the input order (union-find order-independence is tested above)."""
    docs = _corpus()
    config = NearDedupConfig(similarity="jaccard", threshold=0.9, lsh_threshold=0.5, keep=keep, num_perm=128)
    sizes = {d["id"]: shingle_hashes(d["text"], 5).size for d in docs}
    survivor_a = min(["a1", "a2", "a3"], key=lambda i: survivor_key(i, sizes[i], keep))
    survivor_b = min(["b1", "b2"], key=lambda i: survivor_key(i, sizes[i], keep))
    expected_kept = [(survivor_a, 3), (survivor_b, 2), ("empty", None)] + [(f"x{i}", None) for i in range(6)]
    expected_clusters = [(survivor_a, ("a1", "a2", "a3"), True), (survivor_b, ("b1", "b2"), True)]
    pipeline, kept, clusters = _run(list(reversed(docs)) if reverse else docs, config)
    assert_that(kept, equal_to(expected_kept), label="kept")
    assert_that(clusters, equal_to(expected_clusters), label="clusters")
    result = pipeline.run()
    result.wait_until_finish()
    (stage,) = build_source_report("t", counters_from_result(result)["t"])["stages"]
    assert (stage["in"], stage["kept"], stage["dropped"]) == (12, 9, {"near_duplicate": 3})
    assert stage["reconciled"]
    assert stage["stats"]["clusters"] == 2 and stage["stats"]["clustered_documents"] == 5
    assert stage["stats"]["documents_without_shingles"] == 1


def test_config_is_validated():
    with pytest.raises(ValueError):
        NearDedupConfig(similarity="cosine")
    with pytest.raises(ValueError):
        NearDedupConfig(keep="first_seen")
    with pytest.raises(ValueError):
        NearDedupConfig(bands=20, rows=10)  # 200 rows > 128 permutations
    assert NearDedupConfig(bands=16, rows=8).banding() == (16, 8)
    assert NearDedupConfig(threshold=0.9).banding() == lsh_params(0.9, 128)

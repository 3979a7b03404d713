"""trainer_bridge.data: shard checks, windows, sample order, rank slices, resume position, held-out split.

`write_token_shards` (also used by the other test_trainer_* files) encodes real C4 text with the LLaMA tokenizer
into Megatron shards and a manifest.json, as the tokenizer stage does."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from tokenizer.shards import MANIFEST_NAME, ShardFormatError, ShardWriter, TokenShard, file_sha256
from trainer_bridge.data import (
    BatchPlan,
    DataConfigError,
    SampleOrder,
    ShardSet,
    TokenWindows,
    TrainBatches,
    validation_batches,
)
from trainer_bridge.shuffle import KeyedPermutation

VOCAB = 32000


def c4_texts(corpora: Path, count: int) -> list[str]:
    path = corpora / "c4" / "c4-en-train-00000-of-01024_first1000.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for _, line in zip(range(count), f)]


def write_token_shards(directory: Path, corpora: Path, documents: int = 200, shards: int = 2) -> Path:
    """Encode the first `documents` C4 pages (BOS + tokens + EOS each) into `shards` shards + manifest.json."""
    import sentencepiece as spm

    tokenizer_path = corpora / "tokenizer" / "llama2_tokenizer.model"
    processor = spm.SentencePieceProcessor(model_file=str(tokenizer_path))
    encoded = [[processor.bos_id()] + ids + [processor.eos_id()]
               for ids in processor.encode(c4_texts(corpora, documents))]
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    for index, part in enumerate(np.array_split(np.arange(len(encoded)), shards)):
        name = f"shard-{index:05d}"
        with open(directory / f"{name}.bin", "wb") as out:
            writer = ShardWriter(out, np.uint16)
            for doc in part:
                writer.add(encoded[doc])
        (directory / f"{name}.idx").write_bytes(writer.index_bytes())
        entries.append({"name": name, "documents": writer.documents, "tokens": writer.tokens,
                        "bin_sha256": writer.bin_sha256, "idx_sha256": file_sha256(str(directory / f"{name}.idx"))})
    manifest = {
        "format": "megatron-mmidx-1", "dtype": "uint16", "bos_id": processor.bos_id(), "eos_id": processor.eos_id(),
        "bos": True, "eos": True,
        "tokenizer": {"sha256": file_sha256(str(tokenizer_path)), "vocab_size": processor.vocab_size()},
        "shards": entries,
        "total_documents": sum(e["documents"] for e in entries), "total_tokens": sum(e["tokens"] for e in entries),
        "mixture": {"c4": 1.0},
    }
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2))
    return directory


@pytest.fixture(scope="module")
def shard_dir(tmp_path_factory, corpora) -> Path:
    return write_token_shards(tmp_path_factory.mktemp("shards"), corpora, documents=60, shards=3)


def copy_shards(source: Path, target: Path) -> Path:
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


def test_stream_is_the_shards_concatenated_in_manifest_order(shard_dir):
    shards = ShardSet([str(shard_dir)], VOCAB)
    manifest = json.loads((shard_dir / MANIFEST_NAME).read_text())
    expected = np.concatenate([np.asarray(TokenShard(str(shard_dir / e["name"])).tokens) for e in manifest["shards"]])
    assert shards.total_tokens == manifest["total_tokens"] == len(expected)
    boundary = shards.shards[0].num_tokens
    np.testing.assert_array_equal(shards.read(boundary - 5, 10), expected[boundary - 5: boundary + 5])
    np.testing.assert_array_equal(shards.read(0, shards.total_tokens), expected)
    with pytest.raises(IndexError):
        shards.read(shards.total_tokens - 3, 4)


def test_windows_overlap_by_one_token_and_holdout_takes_every_kth(shard_dir):
    windows = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=32, val_fraction=0.1)
    assert windows.stride == 10
    assert windows.n_windows == (windows.shards.total_tokens - 1) // 32
    first, second = windows.read(np.array([0, 1]))
    assert first.shape == (33,) and first[-1] == second[0]  # last target of one window = first input of the next
    train = windows.train_window(np.arange(windows.n_train))
    val = windows.val_window(np.arange(windows.n_val))
    assert len(set(train.tolist()) | set(val.tolist())) == windows.n_windows  # a partition of all windows
    assert not set(train.tolist()) & set(val.tolist())
    assert train.max() < windows.n_windows and (val % 10 == 9).all()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 17, 1000, 4097])
def test_keyed_permutation_is_a_bijection(n):
    assert sorted(KeyedPermutation(n, b"key")(np.arange(n)).tolist()) == list(range(n))


def test_sample_order_is_a_pure_function_of_seed_epoch_seq_len_and_shards(shard_dir, tmp_path):
    windows = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=32, val_fraction=0.1)
    n = windows.n_train
    order = SampleOrder(windows, seed=7)
    epoch0, epoch1 = order.windows_at(np.arange(n)), order.windows_at(np.arange(n, 2 * n))
    assert sorted(epoch0.tolist()) == sorted(windows.train_window(np.arange(n)).tolist())  # each window once
    assert sorted(epoch1.tolist()) == sorted(epoch0.tolist()) and not np.array_equal(epoch0, epoch1)
    np.testing.assert_array_equal(SampleOrder(windows, seed=7).windows_at(np.arange(n)), epoch0)
    assert not np.array_equal(SampleOrder(windows, seed=8).windows_at(np.arange(n)), epoch0)
    other_len = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=31, val_fraction=0.1)
    assert windows.fingerprint(7) != other_len.fingerprint(7) != windows.fingerprint(8)
    # A copy of the same shards elsewhere is the same data: same order.
    moved = TokenWindows(ShardSet([str(copy_shards(shard_dir, tmp_path / "copy"))], VOCAB), 32, 0.1)
    np.testing.assert_array_equal(SampleOrder(moved, seed=7).windows_at(np.arange(n)), epoch0)


def test_ranks_read_contiguous_slices_of_the_global_batch_and_resume_is_one_integer(shard_dir):
    windows = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=32, val_fraction=0.0)
    order = SampleOrder(windows, seed=3)
    single = TrainBatches(windows, order, BatchPlan.create(8 * 32, 32, 2, world_size=1), rank=0)
    pair = [TrainBatches(windows, order, BatchPlan.create(8 * 32, 32, 2, world_size=2), rank=r) for r in (0, 1)]
    consumed = 5 * 8  # after 5 steps
    whole = np.concatenate(list(single.micro_batches(consumed)))
    split = np.concatenate([b for rank in pair for b in rank.micro_batches(consumed)])
    np.testing.assert_array_equal(whole, split)
    np.testing.assert_array_equal(whole, windows.read(order.windows_at(np.arange(consumed, consumed + 8))))
    assert single.plan.accumulation_steps == 4 and pair[0].plan.accumulation_steps == 2


def test_validation_batches_are_fixed_equal_per_rank_and_held_out(shard_dir):
    windows = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=32, val_fraction=0.25)
    ranks = [list(validation_batches(windows, 7, micro_batch_size=1, rank=r, world_size=2)) for r in (0, 1)]
    assert len(ranks[0]) == len(ranks[1]) == 3  # 7 rounded down to 6 = 2 ranks x 3
    got = np.concatenate([b for rank in ranks for b in rank])
    np.testing.assert_array_equal(got, windows.read(windows.val_window(np.arange(6))))


def test_batch_shape_errors_name_the_fix(shard_dir):
    with pytest.raises(DataConfigError, match="multiple of data.seq_len"):
        BatchPlan.create(1000, 32, 1, 1)
    with pytest.raises(DataConfigError, match="multiple of 192"):
        BatchPlan.create(10 * 32, 32, 3, 2)
    windows = TokenWindows(ShardSet([str(shard_dir)], VOCAB), seq_len=32, val_fraction=0.0)
    too_big = BatchPlan.create((windows.n_train + 1) * 32, 32, windows.n_train + 1, 1)
    with pytest.raises(DataConfigError, match="lower train.global_batch_tokens"):
        too_big.check_fits(windows)


def test_vocab_or_tokenizer_mismatch_is_refused(shard_dir):
    with pytest.raises(DataConfigError, match="vocab size 32000.*model.vocab_size 32001"):
        ShardSet([str(shard_dir)], 32001)
    with pytest.raises(DataConfigError, match="tokenizer sha256"):
        ShardSet([str(shard_dir)], VOCAB, tokenizer_sha256="0" * 64)


def test_missing_truncated_or_replaced_shard_files_are_refused(shard_dir, tmp_path):
    missing = copy_shards(shard_dir, tmp_path / "missing")
    os.remove(missing / "shard-00001.bin")
    with pytest.raises(ShardFormatError, match="missing shard file"):
        ShardSet([str(missing)], VOCAB)

    truncated = copy_shards(shard_dir, tmp_path / "truncated")
    data = (truncated / "shard-00002.bin").read_bytes()
    (truncated / "shard-00002.bin").write_bytes(data[:-10])
    with pytest.raises(ShardFormatError, match="truncated"):
        ShardSet([str(truncated)], VOCAB)

    # A consistent .bin/.idx pair that is not the one the manifest lists.
    replaced = copy_shards(shard_dir, tmp_path / "replaced")
    for suffix in (".bin", ".idx"):
        (replaced / f"shard-00000{suffix}").write_bytes((shard_dir / f"shard-00001{suffix}").read_bytes())
    with pytest.raises(ShardFormatError, match="manifest lists"):
        ShardSet([str(replaced)], VOCAB)

    flipped = copy_shards(shard_dir, tmp_path / "flipped")
    data = bytearray((flipped / "shard-00000.bin").read_bytes())
    data[10] ^= 1  # inside the first document (its first token, BOS, is checked on open)
    (flipped / "shard-00000.bin").write_bytes(bytes(data))
    ShardSet([str(flipped)], VOCAB)  # sizes agree: only the checksum pass can see it
    with pytest.raises(ShardFormatError, match="sha256"):
        ShardSet([str(flipped)], VOCAB, verify_checksums=True)


def test_out_of_vocab_token_is_reported_when_read(shard_dir, tmp_path):
    bad = copy_shards(shard_dir, tmp_path / "bad")
    data = bytearray((bad / "shard-00000.bin").read_bytes())
    data[2:4] = np.array([40000], dtype="<u2").tobytes()  # the token after the first BOS
    (bad / "shard-00000.bin").write_bytes(bytes(data))
    shards = ShardSet([str(bad)], VOCAB)
    with pytest.raises(ShardFormatError, match="token id 40000 >= vocab size 32000"):
        shards.read(0, 8)


def test_shards_must_hold_llamas_bos_convention(shard_dir, tmp_path):
    """<s> doc </s> per document (notes, CONVENTIONS): the trainer adds no BOS, so it refuses shards without it."""
    shards = ShardSet([str(shard_dir)], VOCAB)
    assert (shards.bos_id, shards.eos_id) == (1, 2)
    assert shards.read(0, 1)[0] == 1
    old = copy_shards(shard_dir, tmp_path / "old")
    manifest = json.loads((old / MANIFEST_NAME).read_text())
    del manifest["bos"]
    (old / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(DataConfigError, match="re-encode"):
        ShardSet([str(old)], VOCAB)
    lying = copy_shards(shard_dir, tmp_path / "lying")
    manifest = json.loads((lying / MANIFEST_NAME).read_text())
    manifest["bos_id"] = 5
    (lying / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(ShardFormatError, match="not BOS 5"):
        ShardSet([str(lying)], VOCAB)


class _IndexView:
    """The parts of a TokenShard the back-to-back check reads."""

    def __init__(self, lengths, pointers):
        self.lengths = np.array(lengths, dtype=np.int32)
        self.pointers = np.array(pointers, dtype=np.int64)
        self.dtype = np.dtype(np.uint16)

    def __len__(self):
        return len(self.lengths)


def test_back_to_back_check_spans_blocks_of_documents():
    from trainer_bridge.data import _stored_back_to_back

    good = _IndexView([3, 2, 4, 1], [0, 6, 10, 18])
    gap_in_second_block = _IndexView([3, 2, 4, 1], [0, 6, 10, 20])
    assert _stored_back_to_back(good, block=3) and _stored_back_to_back(good, block=1)
    assert not _stored_back_to_back(gap_in_second_block, block=3)
    assert not _stored_back_to_back(gap_in_second_block, block=1)

"""SentencePiece BPE encoding memoized by word: the ids of `SentencePieceProcessor.encode(text)`, faster.

Why it is exact. After normalization (the LLaMA spec's `identity` rule: " " -> "▁" and a dummy "▁" prefix),
SentencePiece's BPE only ever merges adjacent symbols into a piece of the vocabulary. When no piece has a "▁"
right after another character (checked for every piece of the model), no merge can join the character before a
"▁" with that "▁", so the text falls apart into independent words: a run of "▁" and the characters up to the
next "▁" (the regex SEGMENT on the raw text, where those "▁" are still spaces). Merges in one word never see
another word, so encoding the words one by one and concatenating gives the same ids as encoding the whole text,
equal-score ties included (SentencePiece breaks them leftmost-first, which is the same order inside each word).
Words are encoded with the same model with the dummy prefix turned off (the prefix is put into the text
by hand), so every word is encoded exactly as it is written.

Why it is faster. Natural text repeats its words: a bounded dictionary from word to ids answers most of them,
and the rest of a document (its new words) goes to SentencePiece in one call, joined by a separator character
that no piece contains: it cannot merge with anything either, so it comes back as one byte piece between the
words' ids. A model for which the argument does not hold (not BPE, another normalization, a piece with an inner
"▁", no byte fallback) is encoded whole by SentencePiece: `decomposable` says which, `reason` why not.

Measured against the alternatives (bench/encode.py, tests/test_tokenizer_cached_encoder.py): a `tokenizers` (Rust)
BPE built from the same pieces, with SentencePiece's tie order, gave the same ids on the corpora but was no faster
than SentencePiece per CPU second (its per-token bookkeeping: offsets, alignments, Encoding objects), and
LLaMA-2's published tokenizer.json gives other ids than SentencePiece on ~20% of the sample documents (runs of
spaces). The memo removes most of the BPE work itself: ~2x SentencePiece's batch encoding on the bench inputs.
"""
from __future__ import annotations

import re

import numpy as np

SPACE = "\u2581"  # ▁, SentencePiece's escaped space
# One word: spaces, then everything up to the next space; or trailing spaces. A "▁" already in the text is a space
# to SentencePiece (the rule only maps " " to it), so it counts as one here too.
SEGMENT = re.compile(f"[ {SPACE}]*[^ {SPACE}]+|[ {SPACE}]+")
# Separator candidates: single-byte characters (one <0xNN> piece each under byte fallback).
SEPARATORS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"

# sentencepiece.ModelProto.SentencePiece.Type / TrainerSpec.ModelType
_NORMAL, _UNKNOWN, _CONTROL, _USER_DEFINED, _UNUSED, _BYTE = 1, 2, 3, 4, 5, 6
_BPE = 2

DEFAULT_MAX_ENTRIES = 200_000  # ~30 MB of words and ids per worker at most
DEFAULT_MAX_WORD_CHARS = 48
SPARSE_SPACES = 24  # a text with fewer spaces than one per this many characters is encoded whole (nothing to reuse)


def why_not_decomposable(model) -> str | None:
    """None when encoding `model` word by word is exact (see the module docstring); else the reason."""
    trainer, normalizer = model.trainer_spec, model.normalizer_spec
    if trainer.model_type != _BPE:
        return "not a BPE model"
    if not trainer.byte_fallback:
        return "no byte fallback (unknown characters would fuse into one <unk>)"
    if trainer.treat_whitespace_as_suffix:
        return "treat_whitespace_as_suffix"
    if normalizer.name not in ("identity", "") or normalizer.precompiled_charsmap or normalizer.normalization_rule_tsv:
        return f"normalization rule {normalizer.name!r} (only 'identity' keeps words apart)"
    if normalizer.remove_extra_whitespaces or not normalizer.escape_whitespaces:
        return "remove_extra_whitespaces is on or escape_whitespaces is off"
    for piece in model.pieces:
        if piece.type not in (_BYTE, _CONTROL, _UNKNOWN) and SPACE in piece.piece.lstrip(SPACE):
            return f"piece {piece.piece!r} has {SPACE} after another character"
    if separator(model) is None:
        return "every separator candidate occurs in some piece"
    return None


def separator(model) -> tuple[str, int] | None:
    """A single-byte character no mergeable piece contains, and the id of its byte piece."""
    byte_ids = {p.piece: i for i, p in enumerate(model.pieces) if p.type == _BYTE}
    texts = [p.piece for p in model.pieces if p.type in (_NORMAL, _USER_DEFINED, _UNUSED)]
    for char in SEPARATORS:
        piece_id = byte_ids.get(f"<0x{ord(char):02X}>")
        if piece_id is not None and not any(char in t for t in texts):
            return char, piece_id
    return None


class CachedEncoder:
    """`encode(text)` == `SentencePieceProcessor(model).encode(text)`; `encode_bytes(text)` gives the same ids as
    little-endian bytes of the shard dtype, which is what the memo holds (a document is one `bytes.join`)."""

    def __init__(self, model_bytes: bytes, max_entries: int = DEFAULT_MAX_ENTRIES,
                 max_word_chars: int = DEFAULT_MAX_WORD_CHARS):
        import sentencepiece as spm

        from tokenizer.model_proto import parse_model
        from tokenizer.shards import dtype_for_vocab

        self.processor = spm.SentencePieceProcessor(model_proto=model_bytes)
        self.dtype = np.dtype(dtype_for_vocab(self.processor.get_piece_size())).newbyteorder("<")
        model = parse_model(model_bytes)
        self.reason = why_not_decomposable(model)
        self.decomposable = self.reason is None
        self.max_entries, self.max_word_chars = max_entries, max_word_chars
        self._memo: dict[str, bytes] = {}
        self.words = self.misses = 0  # words seen, words sent to SentencePiece
        if self.decomposable:
            self._prefix = " " if model.normalizer_spec.add_dummy_prefix else ""
            model.normalizer_spec.add_dummy_prefix = False
            self._words = spm.SentencePieceProcessor(model_proto=model.SerializeToString())
            self._sep, self._sep_id = separator(model)

    def encode(self, text: str) -> list[int]:
        return np.frombuffer(self.encode_bytes(text), dtype=self.dtype).tolist()

    def encode_bytes(self, text: str) -> bytes:
        if not self.decomposable or not text or len(text) > SPARSE_SPACES * (text.count(" ") + 1):
            return self._pack(self.processor.encode(text))  # few words to remember (e.g. Japanese): whole
        words = SEGMENT.findall(self._prefix + text)
        memo = self._memo
        self.words += len(words)
        parts = list(map(memo.get, words))
        if None not in parts:
            return b"".join(parts)
        new = list(set(words).difference(memo))  # C-level: iterates the words, looks each up in the dict
        self._learn(new, self._sep in text)
        data = b"".join(map(memo.__getitem__, words))
        for word in new:
            if len(word) > self.max_word_chars:  # rarely repeated (CJK lines, base64): encoded, not remembered
                del memo[word]
        if len(memo) > self.max_entries:  # bounded: start afresh (common words come back within a few documents)
            memo.clear()
        return data

    def _pack(self, ids: list[int]) -> bytes:
        return np.asarray(ids, dtype=self.dtype).tobytes()

    def _learn(self, new: list[str], has_separator: bool) -> None:
        """Encode a document's new words with one SentencePiece call, separated by a barrier character."""
        self.misses += len(new)
        plain = new
        if has_separator:  # the text holds the separator itself: those words are encoded alone
            plain = [w for w in new if self._sep not in w]
            for word in set(new).difference(plain):
                self._memo[word] = self._pack(self._words.encode(word))
            if not plain:
                return
        ids = np.asarray(self._words.encode(self._sep.join(plain)), dtype=self.dtype)
        bounds = np.flatnonzero(ids == self._sep_id).tolist()
        if len(bounds) != len(plain) - 1:
            raise AssertionError(f"separator {self._sep!r} came back {len(bounds)} times for {len(plain)} words")
        data, size = ids.tobytes(), self.dtype.itemsize
        start = 0
        for word, end in zip(plain, bounds + [len(ids)]):
            self._memo[word] = data[start * size : end * size]
            start = end + 1

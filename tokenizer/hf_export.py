"""A SentencePiece BPE `tokenizer.model` as Hugging Face tokenizer files (`tokenizer.json`, `tokenizer_config.json`,
`special_tokens_map.json`), built offline, so `AutoTokenizer.from_pretrained(train/hf)` works and gives
SentencePiece's ids.

Why not transformers' own conversion: it parses `tokenizer.model` with sentencepiece's generated
`sentencepiece_model_pb2` (protoc 7 gencode), which the protobuf 6 runtime that apache-beam pins refuses; it then
falls back to a tiktoken reader and fails. Here the proto is read through tokenizer/model_proto.py (a message class
built from the installed schema, any protobuf runtime), and a `tokenizers` BPE is built from its pieces:
vocab = piece -> id, merges ordered by piece score (SentencePiece's BPE merges the highest-scoring pair
first), byte fallback, the dummy prefix always prepended. Control, unknown and byte pieces never come out of a
merge, as in SentencePiece. transformers then writes the files itself (the format its loader expects).
"""
from __future__ import annotations

import os

from tokenizer.model_proto import parse_model

# sentencepiece.ModelProto.SentencePiece.Type
_NORMAL, _UNKNOWN, _CONTROL, _USER_DEFINED, _UNUSED, _BYTE = 1, 2, 3, 4, 5, 6
_BPE = 2


class NotConvertible(ValueError):
    """A model this conversion would not reproduce exactly (not BPE, a normalization rule, no dummy prefix...)."""


def check_convertible(proto) -> None:
    """LLaMA's spec (docs/RECIPE.md section 9) converts exactly; anything else is refused with the reason."""
    trainer, normalizer = proto.trainer_spec, proto.normalizer_spec
    problems = []
    if trainer.model_type != _BPE:
        problems.append("model_type is not BPE")
    if normalizer.precompiled_charsmap or normalizer.name not in ("identity", ""):
        problems.append(f"normalization rule {normalizer.name!r} (only identity converts exactly)")
    if not normalizer.add_dummy_prefix or normalizer.remove_extra_whitespaces or not normalizer.escape_whitespaces:
        problems.append("whitespace handling other than LLaMA's (dummy prefix, no whitespace folding)")
    if trainer.treat_whitespace_as_suffix:
        problems.append("treat_whitespace_as_suffix")
    if problems:
        raise NotConvertible("; ".join(problems))


def hf_tokenizer(model: bytes, model_max_length: int | None = None):
    """A transformers fast tokenizer (over a `tokenizers.Tokenizer`) equal to the SentencePiece model `model`
    (serialized bytes). It adds BOS and not EOS (the shards' <s> doc </s> convention) and reads a literal "<s>" in
    text as text (split_special_tokens), as SentencePiece does."""
    from tokenizers import AddedToken, Tokenizer, decoders, normalizers, processors
    from tokenizers.models import BPE
    from transformers import PreTrainedTokenizerFast
    from transformers.tokenization_utils_base import generate_merges

    proto = parse_model(model)
    check_convertible(proto)
    pieces = list(proto.pieces)
    trainer = proto.trainer_spec
    vocab = {p.piece: i for i, p in enumerate(pieces)}
    never_merged = {p.piece for p in pieces if p.type in (_UNKNOWN, _CONTROL, _BYTE, _UNUSED)}
    merges = generate_merges(vocab, {p.piece: p.score for p in pieces if p.type in (_NORMAL, _USER_DEFINED)},
                             skip_tokens=never_merged)

    def piece(index: int, default: str) -> str:
        return pieces[index].piece if 0 <= index < len(pieces) else default

    unk, bos, eos = piece(trainer.unk_id, "<unk>"), piece(trainer.bos_id, "<s>"), piece(trainer.eos_id, "</s>")
    backend = Tokenizer(BPE(vocab=vocab, merges=merges, unk_token=unk, fuse_unk=True,
                            byte_fallback=trainer.byte_fallback, dropout=None))
    # SentencePiece's dummy prefix is added to every text, even one that starts with a space: a Prepend normalizer
    # does that (a Metaspace pre-tokenizer, as transformers' LlamaTokenizer builds, skips it after a space)
    backend.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    backend.pre_tokenizer = None
    backend.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                         decoders.Strip(content=" ", left=1)])
    backend.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, vocab[bos])])
    backend.add_special_tokens([AddedToken(p.piece, normalized=False, special=True)
                                for p in pieces if p.type in (_UNKNOWN, _CONTROL)])
    backend.add_tokens([AddedToken(p.piece, normalized=False, special=False)
                        for p in pieces if p.type == _USER_DEFINED])
    kwargs = {"model_max_length": model_max_length} if model_max_length else {}
    return PreTrainedTokenizerFast(tokenizer_object=backend, unk_token=unk, bos_token=bos, eos_token=eos,
                                   clean_up_tokenization_spaces=False, split_special_tokens=True, **kwargs)


# Declared in tokenizer_config.json beside what transformers writes (CONVENTIONS: BOS added, EOS not; the class
# that loads tokenizer.json as written, in transformers 4 and 5 alike).
CONFIG_KEYS = {"tokenizer_class": "PreTrainedTokenizerFast", "add_bos_token": True, "add_eos_token": False,
               "split_special_tokens": True}


def write_hf_tokenizer(model_path: str, directory: str, model_max_length: int | None = None) -> list[str]:
    """Write `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json` and a copy of `model_path` as
    `tokenizer.model` into `directory`; returns the names written."""
    import json
    import shutil

    with open(model_path, "rb") as f:
        data = f.read()
    tokenizer = hf_tokenizer(data, model_max_length)
    os.makedirs(directory, exist_ok=True)
    tokenizer.save_pretrained(directory)
    config_path = os.path.join(directory, "tokenizer_config.json")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    config.update(CONFIG_KEYS)
    special = {"bos_token": tokenizer.bos_token, "eos_token": tokenizer.eos_token, "unk_token": tokenizer.unk_token}
    for name, content in (("tokenizer_config.json", config), ("special_tokens_map.json", special)):
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            json.dump(content, f, indent=2, ensure_ascii=False)
    target = os.path.join(directory, "tokenizer.model")
    if os.path.abspath(model_path) != os.path.abspath(target):
        shutil.copyfile(model_path, target)
    return ["special_tokens_map.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json"]


def main(argv: list[str] | None = None) -> int:
    """`python -m tokenizer.hf_export --model tokenizer.model --output DIR`: the Hugging Face tokenizer files of a
    trained tokenizer, without a model export."""
    import sys

    from pipeline.cli import StrictParser

    parser = StrictParser(prog="python -m tokenizer.hf_export", description=main.__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a SentencePiece BPE tokenizer.model (train-tokenizer)")
    parser.add_argument("--output", required=True, help="directory for tokenizer.json and its configs")
    parser.add_argument("--model-max-length", type=int, help="model_max_length in tokenizer_config.json")
    args = parser.parse_args(argv)
    try:
        files = write_hf_tokenizer(args.model, args.output, args.model_max_length)
    except (OSError, NotConvertible) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(files)} to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

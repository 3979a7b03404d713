"""The LLaMA tokenizer trainer spec (docs/RECIPE.md section 9) as defaults, and `key=value` overrides of any field.

Every field of sentencepiece's TrainerSpec and NormalizerSpec can be overridden; names and value types are
checked against the installed schema (tokenizer.model_proto), so a typo is an error, not a silently ignored flag.
"""
from __future__ import annotations

import os

from tokenizer.model_proto import field_types

# Written out in full, defaults included, so the spec reads as the recipe and survives default changes upstream.
LLAMA_TRAINER_SPEC: dict = {
    "model_type": "BPE",
    "vocab_size": 32000,
    "character_coverage": 0.99995,
    "split_digits": True,
    "byte_fallback": True,  # 256 <0xNN> pieces at ids 3-258
    "allow_whitespace_only_pieces": True,
    "max_sentencepiece_length": 16,
    "max_sentence_length": 4192,  # bytes; longer lines are split at whitespace by the sampler, not skipped
    "split_by_unicode_script": True,
    "split_by_whitespace": True,
    "split_by_number": True,
    "treat_whitespace_as_suffix": False,
    "input_sentence_size": 200_000_000,
    "shuffle_input_sentence": True,
    "input_format": "text",
    "seed_sentencepiece_size": 1_000_000,
    "shrinking_factor": 0.75,
    "num_sub_iterations": 2,
    "self_test_sample_size": 0,
    "vocabulary_output_piece_score": True,
    "hard_vocab_limit": True,
    "use_all_vocab": False,
    "required_chars": "",
    "train_extremely_large_corpus": False,
    "unk_id": 0,
    "bos_id": 1,
    "eos_id": 2,
    "pad_id": -1,
    "unk_piece": "<unk>",
    "bos_piece": "<s>",
    "eos_piece": "</s>",
    "pad_piece": "<pad>",
    "unk_surface": " \u2047 ",
    "num_threads": os.cpu_count() or 1,
}

LLAMA_NORMALIZER_SPEC: dict = {
    "name": "identity",  # no NFKC: the text is encoded as written
    "add_dummy_prefix": True,
    "remove_extra_whitespaces": False,
    "escape_whitespaces": True,
    "normalization_rule_tsv": "",
}

# Set by train-tokenizer itself: the sentences come from its own deterministic sample, the model goes to a writer.
CONTROLLED_FIELDS = frozenset({"input", "model_prefix", "input_format"})
# The trainer flag that sets NormalizerSpec.name.
NORMALIZER_NAME_FLAG = "normalization_rule_name"


class SpecError(ValueError):
    pass


def _coerce(name: str, kind: str, raw) -> object:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if kind == "bool":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise SpecError(f"{name} expects true or false, got {raw!r}")
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise SpecError(f"{name} expects a number, got {raw!r}") from None
    if kind.startswith("enum:"):
        allowed = kind[5:].split(",")
        if text.upper() not in allowed:
            raise SpecError(f"{name} expects one of {', '.join(allowed)}, got {raw!r}")
        return text.upper()
    return raw  # strings keep their spaces (unk_surface is " ⁇ ")


class TokenizerSpec:
    """Trainer + normalizer fields: the LLaMA defaults with overrides applied and validated."""

    def __init__(self, trainer: dict | None = None, normalizer: dict | None = None):
        self.trainer = dict(LLAMA_TRAINER_SPEC if trainer is None else trainer)
        self.normalizer = dict(LLAMA_NORMALIZER_SPEC if normalizer is None else normalizer)

    def override(self, assignments: list[str] | dict) -> "TokenizerSpec":
        """Apply `field=value` strings (or a dict). Normalizer fields by their proto name; `name` or
        `normalization_rule_name` sets the normalization rule."""
        items = assignments.items() if isinstance(assignments, dict) else [_split(a) for a in assignments]
        trainer_types = field_types("sentencepiece.TrainerSpec")
        normalizer_types = field_types("sentencepiece.NormalizerSpec")
        for key, raw in items:
            if key in CONTROLLED_FIELDS:
                raise SpecError(f"{key} is set by train-tokenizer itself (use --input / --output)")
            if key == NORMALIZER_NAME_FLAG:
                key = "name"
            if key in trainer_types and key != "name":
                kind = trainer_types[key]
                target = self.trainer
            elif key in normalizer_types:
                kind = normalizer_types[key]
                target = self.normalizer
            else:
                known = sorted((set(trainer_types) | set(normalizer_types)) - CONTROLLED_FIELDS)
                raise SpecError(f"unknown tokenizer spec field {key!r}; fields: {', '.join(known)}")
            if kind in ("repeated", "bytes", "other"):
                raise SpecError(f"{key} cannot be set from the command line")
            target[key] = _coerce(key, kind, raw)
        return self

    def trainer_kwargs(self) -> dict[str, str]:
        """Keyword arguments of `SentencePieceTrainer.train` (strings, booleans as true/false)."""
        kwargs = {key: _flag(value) for key, value in self.trainer.items()}
        for key, value in self.normalizer.items():
            kwargs[NORMALIZER_NAME_FLAG if key == "name" else key] = _flag(value)
        kwargs["input_format"] = "text"
        return kwargs

    def as_dict(self) -> dict:
        return {"trainer_spec": dict(self.trainer), "normalizer_spec": dict(self.normalizer)}


def _split(assignment: str) -> tuple[str, str]:
    key, sep, value = assignment.partition("=")
    if not sep or not key.strip():
        raise SpecError(f"expected FIELD=VALUE, got {assignment!r}")
    return key.strip(), value


def _flag(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

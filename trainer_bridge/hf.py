"""Hugging Face `LlamaForCausalLM` interchange: config.json + safetensors, both ways.

Our q/k projections rotate interleaved pairs (Meta's layout); HF's rotate halves, so their rows are permuted
on the way out and back (docs/RECIPE.md section 10, weight layout note). Everything else is a rename.

Writing a training checkpoint out is `python -m trainer_bridge.export` (streamed from the DCP files).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Callable

import torch
from safetensors.torch import load_file, save_file

from trainer_bridge.model import ModelArgs, Transformer

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
INDEX_NAME = "model.safetensors.index.json"
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
DEFAULT_MAX_SHARD_BYTES = 5 * 2**30  # Hugging Face's default shard size
BOS_ID, EOS_ID = 1, 2  # LLaMA's <s> and </s> (notes: every shard document is <s> doc </s>)


def hf_config(args: ModelArgs, dtype: str = "float32", bos_id: int = BOS_ID, eos_id: int = EOS_ID) -> dict:
    """A LlamaConfig dict readable by transformers 4.x and 5.x (`rope_theta` is the key both accept)."""
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": args.vocab_size,
        "hidden_size": args.dim,
        "intermediate_size": args.hidden_dim,
        "num_hidden_layers": args.n_layers,
        "num_attention_heads": args.n_heads,
        "num_key_value_heads": args.kv_heads,
        "head_dim": args.head_dim,
        "hidden_act": "silu",
        "max_position_embeddings": args.max_seq_len,
        "rms_norm_eps": args.norm_eps,
        "rope_theta": args.rope_theta,
        "tie_word_embeddings": False,
        "attention_bias": False,
        "mlp_bias": False,
        "initializer_range": args.init_std,
        "bos_token_id": bos_id,
        "eos_token_id": eos_id,
        "torch_dtype": dtype,
        "use_cache": True,
    }


def args_from_hf_config(config: dict) -> ModelArgs:
    if config.get("model_type") != "llama":
        raise ValueError(f"not a Llama config: model_type {config.get('model_type')!r}")
    if config.get("tie_word_embeddings"):
        raise ValueError("tied input/output embeddings are not LLaMA's layout (the output head is untied)")
    if config.get("rope_scaling") or (config.get("rope_parameters") or {}).get("rope_type", "default") != "default":
        raise ValueError("rope scaling is not supported (LLaMA 1/2 use plain rotary embeddings)")
    rope_theta = config.get("rope_theta", (config.get("rope_parameters") or {}).get("rope_theta", 10000.0))
    args = ModelArgs(
        dim=config["hidden_size"], n_layers=config["num_hidden_layers"], n_heads=config["num_attention_heads"],
        n_kv_heads=config.get("num_key_value_heads"), vocab_size=config["vocab_size"],
        ffn_dim=config["intermediate_size"], norm_eps=config["rms_norm_eps"], rope_theta=float(rope_theta),
        max_seq_len=config.get("max_position_embeddings", 2048), init_std=config.get("initializer_range", 0.02),
    )
    if config.get("head_dim", args.head_dim) != args.head_dim:
        raise ValueError(f"head_dim {config['head_dim']} != hidden_size / heads = {args.head_dim}")
    return args


def _interleaved_to_halves(weight: torch.Tensor, heads: int) -> torch.Tensor:
    rows, cols = weight.shape
    return weight.view(heads, rows // heads // 2, 2, cols).transpose(1, 2).reshape(rows, cols)


def _halves_to_interleaved(weight: torch.Tensor, heads: int) -> torch.Tensor:
    rows, cols = weight.shape
    return weight.view(heads, 2, rows // heads // 2, cols).transpose(1, 2).reshape(rows, cols)


_LAYER_NAMES = {  # ours -> HF, inside layers.N
    "attention.wq.weight": "self_attn.q_proj.weight",
    "attention.wk.weight": "self_attn.k_proj.weight",
    "attention.wv.weight": "self_attn.v_proj.weight",
    "attention.wo.weight": "self_attn.o_proj.weight",
    "feed_forward.w1.weight": "mlp.gate_proj.weight",
    "feed_forward.w3.weight": "mlp.up_proj.weight",
    "feed_forward.w2.weight": "mlp.down_proj.weight",
    "attention_norm.weight": "input_layernorm.weight",
    "ffn_norm.weight": "post_attention_layernorm.weight",
}
_TOP_NAMES = {"tok_embeddings.weight": "model.embed_tokens.weight", "norm.weight": "model.norm.weight",
              "output.weight": "lm_head.weight"}


def to_hf_tensor(name: str, tensor: torch.Tensor, args: ModelArgs) -> tuple[str, torch.Tensor]:
    """One of our weights -> (its Hugging Face name, the tensor in HF's layout)."""
    if name in _TOP_NAMES:
        return _TOP_NAMES[name], tensor
    _, index, rest = name.split(".", 2)
    if rest == "attention.wq.weight":
        tensor = _interleaved_to_halves(tensor, args.n_heads)
    elif rest == "attention.wk.weight":
        tensor = _interleaved_to_halves(tensor, args.kv_heads)
    return f"model.layers.{index}.{_LAYER_NAMES[rest]}", tensor


def to_hf_state_dict(state: dict[str, torch.Tensor], args: ModelArgs) -> dict[str, torch.Tensor]:
    return dict(to_hf_tensor(name, tensor, args) for name, tensor in state.items())


def from_hf_state_dict(state: dict[str, torch.Tensor], args: ModelArgs) -> dict[str, torch.Tensor]:
    top = {hf: ours for ours, hf in _TOP_NAMES.items()}
    layer = {hf: ours for ours, hf in _LAYER_NAMES.items()}
    out = {}
    for name, tensor in state.items():
        if name in top:
            out[top[name]] = tensor
            continue
        parts = name.split(".", 3)  # model, layers, N, rest
        if len(parts) != 4 or parts[:2] != ["model", "layers"] or parts[3] not in layer:
            if name.endswith("rotary_emb.inv_freq"):
                continue  # a buffer some older exports carry
            raise ValueError(f"unexpected tensor {name!r} in a Llama checkpoint")
        rest = layer[parts[3]]
        if rest == "attention.wq.weight":
            tensor = _halves_to_interleaved(tensor, args.n_heads)
        elif rest == "attention.wk.weight":
            tensor = _halves_to_interleaved(tensor, args.kv_heads)
        out[f"layers.{parts[2]}.{rest}"] = tensor
    return out


@dataclass(frozen=True)
class OutputTensor:
    name: str  # Hugging Face name
    nbytes: int  # in the output dtype
    load: Callable[[], torch.Tensor]  # -> the tensor as written (HF layout, output dtype, contiguous, CPU)


def plan_shards(tensors: list[OutputTensor], max_shard_bytes: int) -> list[list[OutputTensor]]:
    """Consecutive tensors grouped into files of at most max_shard_bytes (a bigger tensor gets a file alone)."""
    shards, current, size = [], [], 0
    for tensor in tensors:
        if current and size + tensor.nbytes > max_shard_bytes:
            shards.append(current)
            current, size = [], 0
        current.append(tensor)
        size += tensor.nbytes
    shards.append(current)
    return shards


def write_safetensors(directory: str, tensors: list[OutputTensor], max_shard_bytes: int) -> None:
    """One model.safetensors, or numbered shards + index as HF writes them. Each tensor is loaded only when its
    shard is written, so at most one shard is in memory."""
    shards = plan_shards(tensors, max_shard_bytes)
    files = [WEIGHTS_NAME] if len(shards) == 1 else \
        [f"model-{i:05d}-of-{len(shards):05d}.safetensors" for i in range(1, len(shards) + 1)]
    weight_map = {}
    for file, shard in zip(files, shards):
        loaded = {}
        for tensor in shard:
            loaded[tensor.name] = value = tensor.load()
            if value.numel() * value.element_size() != tensor.nbytes:
                raise ValueError(f"{tensor.name}: {value.numel() * value.element_size()} bytes, planned "
                                 f"{tensor.nbytes}")
        save_file(loaded, os.path.join(directory, file), metadata={"format": "pt"})
        del loaded
        weight_map.update((tensor.name, file) for tensor in shard)
    if len(shards) > 1:
        total = sum(tensor.nbytes for tensor in tensors)
        with open(os.path.join(directory, INDEX_NAME), "w", encoding="utf-8") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def parameter_names(args: ModelArgs) -> list[str]:
    """Our weight names in the model's order (built on the meta device: no memory)."""
    with torch.device("meta"):
        return list(Transformer(args).state_dict().keys())


def state_dict_tensors(state: dict[str, torch.Tensor], args: ModelArgs, dtype: torch.dtype) -> list[OutputTensor]:
    """The output tensors of an in-memory state dict (ours), each converted only when its shard is written."""
    out = []
    for name in parameter_names(args):
        tensor = state[name].detach()
        hf_name, _ = to_hf_tensor(name, tensor.to("meta"), args)

        def load(name=name, tensor=tensor) -> torch.Tensor:
            return to_hf_tensor(name, tensor, args)[1].to("cpu", dtype).contiguous()

        out.append(OutputTensor(hf_name, tensor.numel() * dtype.itemsize, load))
    return out


def write_configs(directory: str, args: ModelArgs, dtype: str, bos_id: int = BOS_ID, eos_id: int = EOS_ID) -> None:
    """config.json, generation_config.json and the tokenizer's configs. The shards hold <s> doc </s> per document
    (LLaMA's convention), so the tokenizer adds BOS and not EOS: inference starts as every training document did."""
    tokenizer_config = {
        "tokenizer_class": "LlamaTokenizer",
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": None,
        "add_bos_token": True, "add_eos_token": False,
        "model_max_length": args.max_seq_len,
        "clean_up_tokenization_spaces": False,
        "legacy": True,  # SentencePiece's own handling of text after special tokens, as the shards were encoded
    }
    files = {
        CONFIG_NAME: hf_config(args, dtype, bos_id, eos_id),
        "generation_config.json": {"bos_token_id": bos_id, "eos_token_id": eos_id},
        "tokenizer_config.json": tokenizer_config,
        "special_tokens_map.json": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
    }
    for name, content in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            json.dump(content, f, indent=2)


def save_hf(directory: str, state: dict[str, torch.Tensor], args: ModelArgs, dtype: str = "bfloat16",
            max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES) -> None:
    """Write an in-memory state dict (ours) as a Hugging Face directory (configs + safetensors)."""
    if dtype not in DTYPES:
        raise ValueError(f"dtype {dtype!r}; choose from {sorted(DTYPES)}")
    os.makedirs(directory, exist_ok=True)
    write_safetensors(directory, state_dict_tensors(state, args, DTYPES[dtype]), max_shard_bytes)
    write_configs(directory, args, dtype)


def read_hf_args(directory: str) -> ModelArgs:
    config_path = os.path.join(directory, CONFIG_NAME)
    if not os.path.exists(config_path):
        raise FileNotFoundError(f"no {CONFIG_NAME} in {directory}: not a Hugging Face model directory")
    with open(config_path, encoding="utf-8") as f:
        return args_from_hf_config(json.load(f))


def load_hf(directory: str) -> tuple[ModelArgs, dict[str, torch.Tensor]]:
    """(args, our state dict, in the checkpoint's dtype) from a LlamaForCausalLM directory."""
    args = read_hf_args(directory)
    index_path = os.path.join(directory, INDEX_NAME)
    if os.path.exists(index_path):
        with open(index_path, encoding="utf-8") as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = [WEIGHTS_NAME]
    state = {}
    for file in files:
        path = os.path.join(directory, file)
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path} is missing (only safetensors weights are read)")
        state.update(load_file(path))
    return args, from_hf_state_dict(state, args)


def check_compatible(ours: ModelArgs, theirs: ModelArgs) -> None:
    """Weights load only into the same shape; max_seq_len and init_std may differ (no weights depend on them)."""
    keys = ("dim", "n_layers", "n_heads", "kv_heads", "vocab_size", "hidden_dim", "norm_eps", "rope_theta")
    diff = {k: (getattr(ours, k), getattr(theirs, k)) for k in keys if getattr(ours, k) != getattr(theirs, k)}
    if diff:
        raise ValueError(f"the Hugging Face weights do not fit model config (ours, theirs): {diff}")

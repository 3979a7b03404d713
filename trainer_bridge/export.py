"""A DCP training checkpoint -> Hugging Face LlamaForCausalLM directory, streamed tensor by tensor.

    python -m trainer_bridge.export --checkpoint out/train/checkpoints/step-00001000 --output out/hf \\
        [--dtype bfloat16] [--tokenizer tokenizer.model]

One process, no process group, no GPU. The checkpoint's metadata gives every weight's shape and dtype, so the
safetensors shard layout is planned before any data is read; then each weight is read on its own from the DCP
files (DCP reads only that tensor's byte ranges, whatever number of ranks wrote it), permuted, cast and placed
in the current output shard, which is written when full. Peak memory is one output shard (<= max_shard_bytes)
plus one fp32 weight, not the model: a 65B export needs ~10 GB of host RAM, not the ~390 GB of gathering the
fp32 state and building a bf16 copy of it.

The training job runs this on rank 0 after the process group is gone (`checkpoint.export_hf`), so no rank waits
in a collective while the export writes, and a long export cannot trip a NCCL timeout.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from typing import Iterable

import torch
import torch.distributed.checkpoint as dcp
from torch.distributed.checkpoint.metadata import TensorStorageMetadata

from pipeline.cli import StrictParser
from tokenizer.hf_export import write_hf_tokenizer
from trainer_bridge.checkpoint import MODEL_ARGS
from trainer_bridge.hf import (
    BOS_ID,
    DEFAULT_MAX_SHARD_BYTES,
    DTYPES,
    EOS_ID,
    OutputTensor,
    parameter_names,
    to_hf_tensor,
    write_configs,
    write_safetensors,
)
from trainer_bridge.model import ModelArgs


def read_model_args(checkpoint: str) -> ModelArgs:
    path = os.path.join(checkpoint, MODEL_ARGS)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing: not a trainer_bridge checkpoint directory")
    with open(path, encoding="utf-8") as f:
        return ModelArgs(**json.load(f))


class _Reader(dcp.FileSystemReader):
    """Reads .metadata once for the many single-tensor loads of an export."""

    def __init__(self, path: str):
        super().__init__(path)
        self._metadata = None

    def read_metadata(self, *args, **kwargs):
        if self._metadata is None:
            self._metadata = super().read_metadata(*args, **kwargs)
        return self._metadata


def load_tensor(reader: _Reader, key: str) -> torch.Tensor:
    """One tensor of a DCP checkpoint (key as DCP flattened it, e.g. "model.output.weight"), on CPU."""
    meta = reader.read_metadata().state_dict_metadata.get(key)
    if not isinstance(meta, TensorStorageMetadata):
        raise KeyError(f"{reader.path}: no tensor {key!r} in the checkpoint")
    tensor = torch.empty(meta.size, dtype=meta.properties.dtype)
    section, name = key.split(".", 1)
    with warnings.catch_warnings():  # DCP warns on every single-process load, even when asked for one
        warnings.filterwarnings("ignore", message="torch.distributed is disabled")
        dcp.load({section: {name: tensor}}, storage_reader=reader, no_dist=True)
    return tensor


def checkpoint_tensors(checkpoint: str, args: ModelArgs, dtype: torch.dtype) -> list[OutputTensor]:
    """The export's tensors, each read from the checkpoint only when its shard is written."""
    reader = _Reader(checkpoint)
    saved = reader.read_metadata().state_dict_metadata
    out = []
    for name in parameter_names(args):
        key = f"model.{name}"
        meta = saved.get(key)
        if not isinstance(meta, TensorStorageMetadata):
            raise KeyError(f"{checkpoint}: the checkpoint has no weight {name!r} (saved by another model?)")
        hf_name, _ = to_hf_tensor(name, torch.empty(meta.size, device="meta"), args)

        def load(key=key, name=name) -> torch.Tensor:
            return to_hf_tensor(name, load_tensor(reader, key), args)[1].to(dtype).contiguous()

        out.append(OutputTensor(hf_name, meta.size.numel() * dtype.itemsize, load))
    return out


def load_checkpoint_weights(checkpoint: str) -> tuple[ModelArgs, dict[str, torch.Tensor]]:
    """The whole model state of a checkpoint in memory (fp32): for small models and tests; exports stream."""
    args = read_model_args(checkpoint)
    reader = _Reader(checkpoint)
    return args, {name: load_tensor(reader, f"model.{name}") for name in parameter_names(args)}


def export_checkpoint(checkpoint: str, output: str, dtype: str = "bfloat16", tokenizer: str | None = None,
                      max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES, bos_id: int = BOS_ID,
                      eos_id: int = EOS_ID) -> None:
    if dtype not in DTYPES:
        raise ValueError(f"dtype {dtype!r}; choose from {sorted(DTYPES)}")
    if not os.path.exists(os.path.join(checkpoint, ".metadata")):
        raise FileNotFoundError(f"{checkpoint} is not a DCP checkpoint directory (no .metadata)")
    if tokenizer is not None and not os.path.isfile(tokenizer):
        raise FileNotFoundError(f"tokenizer {tokenizer} does not exist")
    args = read_model_args(checkpoint)
    tensors = checkpoint_tensors(checkpoint, args, DTYPES[dtype])
    os.makedirs(output, exist_ok=True)
    write_safetensors(output, tensors, max_shard_bytes)
    write_configs(output, args, dtype, bos_id, eos_id)
    if tokenizer is not None:  # tokenizer.model + tokenizer.json and its configs: AutoTokenizer loads the directory
        write_hf_tokenizer(tokenizer, output, args.max_seq_len)


def main(argv: Iterable[str] | None = None) -> int:
    parser = StrictParser(prog="python -m trainer_bridge.export", description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, help="a checkpoints/step-N directory")
    parser.add_argument("--output", required=True, help="the Hugging Face model directory to write")
    parser.add_argument("--dtype", default="bfloat16", choices=sorted(DTYPES))
    parser.add_argument("--tokenizer", help="the SentencePiece tokenizer.model to ship beside the weights")
    parser.add_argument("--max-shard-gib", type=float, default=DEFAULT_MAX_SHARD_BYTES / 2**30)
    opts = parser.parse_args(argv)
    try:
        export_checkpoint(opts.checkpoint, opts.output, opts.dtype, opts.tokenizer, int(opts.max_shard_gib * 2**30))
    except (FileNotFoundError, KeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {opts.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The shards and train steps.

shards: `encode-shards` as a Beam job (mixture draw + encoding). In a dry run the job is built on the documents'
glob and the tokenizer the config will train (vocab size and special ids from its spec): nothing is read.

train: a local demo run trains in-process (the trainer memory-maps local shards). When the output is remote, or
the model's training state does not fit this machine, the recipe stops after the shards and writes
`<output>/train/launch_train.sh`: a multi-node torchrun launch for the training cluster (each node copies the
shards to its local disk, then all ranks train). The corpus is never copied to the launching machine.
"""
from __future__ import annotations

import dataclasses
import os
import shlex

import apache_beam as beam

from pipeline.io import join_path, remove_tree, write_text
from pipeline.runner import is_dry_run, make_runner
from recipe.sources_job import RecipeError
from recipe.tokenizer_step import DOCS_GLOB, tokenizer_spec

LAUNCH_SCRIPT = "launch_train.sh"
TRAIN_BYTES_PER_PARAM = 16  # fp32 weights + gradients + AdamW's two moments (configs/train/llama1_7b.yaml)

# Every key of the config's `shards:` and `train:` sections that these steps read (recipe/run.py rejects any other).
# `train.set` holds the trainer's own `--set` overrides: check_trainer_config checks them with the trainer's parser.
SHARDS_KEYS = {"shard_tokens": None}
TRAIN_KEYS = {"config": None, "set": None, "where": None, "resume": None}


def _check(code: int, what: str) -> None:
    if code != 0:
        raise RecipeError(f"{what} failed (exit code {code})")


def encode_shards(config: dict, output: str, tokenizer_model: str, config_path: str | None, beam_argv: list[str],
                  options, log=print) -> str:
    from tokenizer import encode

    tokens = join_path(output, "tokens")
    shard_tokens = int(float((config.get("shards") or {}).get("shard_tokens") or encode.DEFAULT_SHARD_TOKENS))
    if is_dry_run(options):
        from sampling.mixture import mixture_config
        from tokenizer.shard_sink import TokenizerInfo

        spec = tokenizer_spec(config).trainer
        planned = {"path": tokenizer_model, "sha256": "not trained yet (dry run)", "vocab_size": spec["vocab_size"],
                   "eos_id": spec["eos_id"], "bos_id": spec["bos_id"]}
        info = TokenizerInfo(**{f.name: planned[f.name] for f in dataclasses.fields(TokenizerInfo)})
        pipeline = beam.Pipeline(runner=make_runner(options), options=options)
        encode.build_pipeline(pipeline, [join_path(output, *DOCS_GLOB)], info, tokens,
                              mixture_config(config, []), shard_tokens)
        log(f"  shards job: reads {join_path(output, *DOCS_GLOB)} and {tokenizer_model}\n"
            f"              writes {tokens}/shard-*.bin/.idx, manifest.json, mixture.json")
        pipeline.run()
        return tokens
    argv = ["--input", output, "--tokenizer", tokenizer_model, "--output", tokens, "--overwrite",
            "--shard-tokens", str(shard_tokens)]
    if config_path:
        argv += ["--config", config_path]
    _check(encode.main(argv + beam_argv), "encode-shards")
    return tokens


# ------------------------------------------------------------------------------------------------ training


def trainer_argv(train: dict, tokens: str, out_dir: str, vocab_size: int) -> list[str]:
    argv = ["--config", train["config"], "--set", f"data.paths=[{tokens}]", "--set", f"train.out_dir={out_dir}",
            "--set", f"model.vocab_size={vocab_size}"]
    return argv + [a for item in (train.get("set") or []) for a in ("--set", item)]


def training_bytes(train: dict, vocab_size: int) -> int | None:
    """Memory of the model's training state (weights, gradients, AdamW moments); None when the trainer
    (torch) is not installed here."""
    try:
        from trainer_bridge.config import load_config
    except ImportError:
        return None
    cfg = load_config(train["config"], [f"model.vocab_size={vocab_size}", *(train.get("set") or [])])
    m = cfg.model
    attention = m.dim * m.n_heads * m.head_dim * 2 + m.dim * m.kv_heads * m.head_dim * 2
    params = m.n_layers * (attention + 3 * m.dim * m.hidden_dim + 2 * m.dim) + m.dim + 2 * m.vocab_size * m.dim
    return params * TRAIN_BYTES_PER_PARAM


def check_trainer_config(train: dict) -> None:
    """`train.config` and `train.set` as the trainer reads them, before any step runs: a typo is a RecipeError
    naming it. Skipped where the trainer (torch) is not installed: the cluster that trains checks them then."""
    if not train.get("config"):
        return
    try:
        from trainer_bridge.config import ConfigError, load_config
    except ImportError:
        return
    try:
        load_config(train["config"], [str(item) for item in train.get("set") or []])
    except (ConfigError, OSError) as exc:
        raise RecipeError(f"train ({train['config']} with train.set): {exc}") from exc


def machine_bytes() -> int:
    """What this machine offers the trainer: its GPUs' memory, or its RAM when it has no GPU."""
    try:
        import torch

        if torch.cuda.is_available():
            return sum(torch.cuda.get_device_properties(i).total_memory for i in range(torch.cuda.device_count()))
    except ImportError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def where_to_train(config: dict, output: str, vocab_size: int) -> tuple[str, str]:
    """("here" | "cluster", why). `train.where: here | cluster | auto` (default auto)."""
    train = config.get("train") or {}
    where = train.get("where", "auto")
    if where in ("here", "cluster"):
        return where, f"train.where={where}"
    if where != "auto":
        raise RecipeError(f"train.where must be here, cluster or auto, got {where!r}")
    if "://" in output:
        return "cluster", f"the output is remote ({output}); the corpus is not copied to this machine"
    need = training_bytes(train, vocab_size)
    if need is None:
        return "cluster", "the trainer (torch) is not installed on this machine"
    have = machine_bytes()
    if need > 0.8 * have:
        return "cluster", f"the training state needs ~{need / 2**30:.0f} GiB, this machine has {have / 2**30:.0f} GiB"
    return "here", f"the training state (~{need / 2**30:.2f} GiB) fits this machine"


def launch_script(config: dict, output: str, tokens: str, vocab_size: int) -> str:
    """A bash script for every node of the training cluster: copy the shards to the node, then torchrun."""
    train = config.get("train") or {}
    with open(train["config"], encoding="utf-8") as f:
        trainer_config = f.read()
    if "EOF_TRAIN_CONFIG" in trainer_config:
        raise RecipeError(f"{train['config']} contains the heredoc marker EOF_TRAIN_CONFIG")
    if tokens.startswith("gs://"):
        fetch = 'gcloud storage rsync --recursive "$TOKENS" "$DATA_DIR"'
    elif tokens.startswith("s3://"):
        fetch = 'aws s3 sync "$TOKENS" "$DATA_DIR"'
    else:
        fetch = 'DATA_DIR="$TOKENS"  # a filesystem every node mounts'
    sets = " ".join(f"--set {shlex.quote(item)}" for item in
                    [f"model.vocab_size={vocab_size}", *(train.get("set") or [])])
    return f"""#!/usr/bin/env bash
# Written by the recipe for {output}: pretrain {train['config']} on this run's token shards.
# Run the same command on every node of the cluster (the project installed with its `train` extra):
#   NNODES=4 NODE_RANK=<0..3> MASTER_ADDR=<node 0's address> bash {LAUNCH_SCRIPT}
# DATA_DIR: node-local disk for the shards (the trainer memory-maps them). OUT_DIR: checkpoints and metrics, on a
# filesystem all nodes share (distributed checkpoints are written by every rank).
set -euo pipefail
NNODES="${{NNODES:-1}}"
NODE_RANK="${{NODE_RANK:-0}}"
MASTER_ADDR="${{MASTER_ADDR:-localhost}}"
MASTER_PORT="${{MASTER_PORT:-29500}}"
NPROC_PER_NODE="${{NPROC_PER_NODE:-$(nvidia-smi -L | wc -l)}}"
TOKENS={shlex.quote(tokens)}
DATA_DIR="${{DATA_DIR:-/mnt/local/tokens}}"
OUT_DIR="${{OUT_DIR:-/mnt/shared/train}}"
WORK="$(mktemp -d)"

mkdir -p "$DATA_DIR"
{fetch}
cat > "$WORK/train_config.yaml" <<'EOF_TRAIN_CONFIG'
{trainer_config.rstrip()}
EOF_TRAIN_CONFIG

exec torchrun --nnodes="$NNODES" --node_rank="$NODE_RANK" --nproc_per_node="$NPROC_PER_NODE" \\
    --rdzv-backend=c10d --rdzv-endpoint="$MASTER_ADDR:$MASTER_PORT" --rdzv-id=llama-corpus \\
    -m trainer_bridge.train --config "$WORK/train_config.yaml" \\
    --set "data.paths=[$DATA_DIR]" --set "train.out_dir=$OUT_DIR" {sets}
"""


def train_model(config: dict, output: str, tokens: str, vocab_size: int, options, log=print) -> dict:
    """Train here (returns {"where": "here", "out_dir"}) or write the cluster's launch script
    (returns {"where": "cluster", "script"})."""
    train = config.get("train") or {}
    if not train.get("config"):
        raise RecipeError("set train.config (e.g. configs/train/tiny_cpu.yaml)")
    out_dir = join_path(output, "train")
    where, why = where_to_train(config, output, vocab_size)
    log(f"training {'on this machine' if where == 'here' else 'on a cluster'}: {why}")
    if where == "cluster":
        script = join_path(out_dir, LAUNCH_SCRIPT)
        if is_dry_run(options):
            log(f"  would write {script} (torchrun, {train['config']}, data from {tokens})")
        else:
            write_text(script, launch_script(config, output, tokens, vocab_size))
            log(f"wrote {script}: run it on every node of the training cluster (see its header)")
        return {"where": "cluster", "script": script}
    if is_dry_run(options):
        log(f"  would train {train['config']} here on {tokens} -> {out_dir}")
        return {"where": "here", "out_dir": out_dir}
    from trainer_bridge import train as trainer

    if not train.get("resume") and remove_tree(out_dir):  # a new recipe run trains a new model
        log(f"replacing the earlier training run in {out_dir}")
    _check(trainer.main(trainer_argv(train, tokens, out_dir, vocab_size)), "training")
    return {"where": "here", "out_dir": out_dir}


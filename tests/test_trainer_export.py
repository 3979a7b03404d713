"""trainer_bridge.export: a DCP checkpoint streamed to Hugging Face files one tensor at a time writes the same
bytes as the in-memory export, loads in LlamaForCausalLM with our logits, and declares LLaMA's BOS/EOS
convention (every shard document is <s> doc </s>: the tokenizer adds BOS, not EOS)."""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest
import torch
import torch.distributed.checkpoint as dcp

from trainer_bridge import export
from trainer_bridge.checkpoint import MODEL_ARGS
from trainer_bridge.hf import check_compatible, load_hf, save_hf
from trainer_bridge.model import Transformer
from trainer_bridge.presets import model_args

TOKENIZER = Path("../shared/corpora/tokenizer/llama2_tokenizer.model")


def tiny_model(preset: str = "tiny", seed: int = 3) -> Transformer:
    model = Transformer(model_args({"preset": preset}))
    model.init_weights(seed)
    return model


def write_checkpoint(path: Path, model: Transformer) -> Path:
    """A checkpoint as the trainer writes it: model, optimizer-like state and train state in one DCP save."""
    state = {"model": model.state_dict(), "optim": {"state": {n: {"exp_avg": torch.randn_like(p)}
                                                              for n, p in model.state_dict().items()}},
             "train": {"step": 7, "samples_consumed": 70, "fingerprint": "x"}}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="torch.distributed is disabled")
        dcp.save(state, checkpoint_id=str(path), no_dist=True)
    (path / MODEL_ARGS).write_text(json.dumps(model.args.to_dict()))
    return path


@pytest.mark.parametrize("max_shard_bytes", [1 << 20, 1 << 30])
def test_streamed_export_writes_the_bytes_of_the_in_memory_export(tmp_path, max_shard_bytes):
    model = tiny_model()
    checkpoint = write_checkpoint(tmp_path / "ckpt", model)
    export.export_checkpoint(str(checkpoint), str(tmp_path / "streamed"), "bfloat16", max_shard_bytes=max_shard_bytes)
    save_hf(str(tmp_path / "memory"), model.state_dict(), model.args, "bfloat16", max_shard_bytes=max_shard_bytes)
    files = sorted(os.listdir(tmp_path / "memory"))
    assert files == sorted(os.listdir(tmp_path / "streamed"))
    assert ("model.safetensors.index.json" in files) == (max_shard_bytes == 1 << 20)
    for name in files:
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "streamed" / name).read_bytes(), name


def test_export_reads_one_tensor_at_a_time(tmp_path, monkeypatch):
    """No full copy: each DCP read asks for one weight, and a shard's tensors are loaded only when it is written."""
    model = tiny_model()
    checkpoint = write_checkpoint(tmp_path / "ckpt", model)
    reads, real_load = [], dcp.load

    def spy(state, **kwargs):
        tensors = [t for section in state.values() for t in section.values()]
        reads.append(sum(t.numel() * t.element_size() for t in tensors))
        return real_load(state, **kwargs)

    monkeypatch.setattr(export.dcp, "load", spy)
    export.export_checkpoint(str(checkpoint), str(tmp_path / "out"), "float32", max_shard_bytes=1 << 20)
    sizes = [t.numel() * t.element_size() for t in model.state_dict().values()]
    assert len(reads) == len(sizes) and max(reads) == max(sizes)


@pytest.mark.parametrize("preset", ["tiny", "tiny-mha"])
def test_streamed_export_has_our_logits_in_hugging_face_llama(tmp_path, preset):
    from transformers import LlamaForCausalLM

    model = tiny_model(preset).eval()
    checkpoint = write_checkpoint(tmp_path / "ckpt", model)
    assert export.main(["--checkpoint", str(checkpoint), "--output", str(tmp_path / "hf"), "--dtype", "float32"]) == 0
    hf = LlamaForCausalLM.from_pretrained(str(tmp_path / "hf"), attn_implementation="sdpa").float().eval()
    tokens = torch.randint(0, 32000, (2, 48), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        assert (model(tokens) - hf(tokens).logits).abs().max().item() < 1e-5
    args, state = load_hf(str(tmp_path / "hf"))
    check_compatible(model.args, args)
    assert all(torch.equal(state[n], t) for n, t in model.state_dict().items())


def test_export_declares_the_bos_convention(tmp_path):
    save_hf(str(tmp_path), tiny_model().state_dict(), tiny_model().args)
    config = json.loads((tmp_path / "config.json").read_text())
    generation = json.loads((tmp_path / "generation_config.json").read_text())
    tokenizer = json.loads((tmp_path / "tokenizer_config.json").read_text())
    assert (config["bos_token_id"], config["eos_token_id"]) == (1, 2)
    assert (generation["bos_token_id"], generation["eos_token_id"]) == (1, 2)
    assert tokenizer["add_bos_token"] is True and tokenizer["add_eos_token"] is False
    assert (tokenizer["bos_token"], tokenizer["eos_token"]) == ("<s>", "</s>")


def test_exported_tokenizer_starts_every_text_with_bos_like_the_shards(tmp_path):
    if not TOKENIZER.exists():
        pytest.skip(f"{TOKENIZER} absent (the real-data samples)")
    model = tiny_model()
    checkpoint = write_checkpoint(tmp_path / "ckpt", model)
    assert export.main(["--checkpoint", str(checkpoint), "--output", str(tmp_path / "hf"),
                        "--tokenizer", str(TOKENIZER)]) == 0
    assert (tmp_path / "hf" / "tokenizer.model").read_bytes() == TOKENIZER.read_bytes()
    import sentencepiece
    from transformers import AutoTokenizer

    hf_tokenizer = AutoTokenizer.from_pretrained(str(tmp_path / "hf"))  # tokenizer.json: no protobuf involved
    sp = sentencepiece.SentencePieceProcessor(model_file=str(TOKENIZER))
    for text in ["Hello world", "Two  spaces\nand a newline", "Ünïcode 東京"]:
        assert hf_tokenizer(text)["input_ids"] == [1] + sp.encode(text)


def test_export_refuses_what_is_not_a_checkpoint(tmp_path, capsys):
    assert export.main(["--checkpoint", str(tmp_path), "--output", str(tmp_path / "out")]) == 2
    assert "not a DCP checkpoint" in capsys.readouterr().err

"""trainer_bridge.model / presets / hf / metrics: shapes, causality, FLOP count, checkpointing policies and
Hugging Face LlamaForCausalLM parity (built from a local config.json: nothing is downloaded)."""
from __future__ import annotations

import json

import pytest
import torch
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from trainer_bridge.hf import args_from_hf_config, load_hf, save_hf
from trainer_bridge.metrics import flops_per_token, mfu
from trainer_bridge.model import ModelArgs, Transformer, count_parameters
from trainer_bridge.parallel import apply_activation_checkpointing
from trainer_bridge.presets import MODEL_PRESETS, model_args


def tiny_model(preset: str = "tiny", seed: int = 0, **overrides) -> Transformer:
    model = Transformer(model_args({"preset": preset, **overrides}))
    model.init_weights(seed)
    return model


@pytest.mark.parametrize("preset, params, ffn", [
    ("llama1-7b", 6_738_415_616, 11008),
    ("llama1-13b", 13_015_864_320, 13824),
    ("llama1-33b", 32_528_943_616, 17920),
    ("llama2-70b", 68_976_648_192, 28672),
    ("llama-1.1b", 1_100_048_384, 5632),
])
def test_presets_have_the_released_shapes(preset, params, ffn):
    args = model_args({"preset": preset})
    assert args.hidden_dim == ffn
    assert count_parameters(args)["total"] == params
    with torch.device("meta"):
        assert sum(p.numel() for p in Transformer(args).parameters()) == params


def test_paper_65b_size_and_every_preset_builds():
    assert abs(count_parameters(model_args({"preset": "llama1-65b"}))["total"] / 1e9 - 65.2) < 0.1
    for name in MODEL_PRESETS:
        with torch.device("meta"):
            Transformer(model_args({"preset": name}))


def test_bad_shapes_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="not a multiple of n_kv_heads"):
        ModelArgs(dim=64, n_layers=1, n_heads=4, n_kv_heads=3)
    with pytest.raises(ValueError, match="unknown model preset"):
        model_args({"preset": "llama9"})
    with pytest.raises(ValueError, match="unknown model keys"):
        model_args({"preset": "tiny", "hidden": 3})


def test_attention_is_causal_and_init_is_seeded():
    model = tiny_model()
    tokens = torch.randint(0, 32000, (2, 16), generator=torch.Generator().manual_seed(0))
    changed = tokens.clone()
    changed[:, 10] = (changed[:, 10] + 1) % 32000
    with torch.no_grad():
        a, b = model(tokens), model(changed)
    torch.testing.assert_close(a[:, :10], b[:, :10], rtol=0, atol=0)
    assert not torch.allclose(a[:, 10:], b[:, 10:])
    assert torch.equal(tiny_model(seed=0).output.weight, model.output.weight)
    assert not torch.equal(tiny_model(seed=1).output.weight, model.output.weight)


def test_grouped_query_attention_through_enable_gqa_equals_repeated_kv_heads():
    """SDPA's enable_gqa (no k/v copies) gives exactly what repeating each k/v head over its query group gives."""
    generator = torch.Generator().manual_seed(0)
    q = torch.randn(2, 8, 24, 16, generator=generator, requires_grad=True)
    k, v = (torch.randn(2, 2, 24, 16, generator=generator, requires_grad=True) for _ in range(2))
    grouped = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
    grads_grouped = torch.autograd.grad(grouped.square().sum(), (q, k, v))
    repeated = torch.nn.functional.scaled_dot_product_attention(
        q, k.repeat_interleave(4, dim=1), v.repeat_interleave(4, dim=1), is_causal=True)
    grads_repeated = torch.autograd.grad(repeated.square().sum(), (q, k, v))
    torch.testing.assert_close(grouped, repeated, rtol=0, atol=0)
    for a, b in zip(grads_grouped, grads_repeated):
        torch.testing.assert_close(a, b, rtol=1e-6, atol=1e-6)


def test_flops_per_token_matches_a_flop_counter():
    model = tiny_model()
    seq = 32
    with sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
        model(torch.randint(0, 32000, (2, seq))).sum().backward()
    assert counter.get_total_flops() / (2 * seq) == flops_per_token(model.args, seq)
    assert mfu(1000.0, 1e9, 989e12) == pytest.approx(1e12 / 989e12)
    assert mfu(1000.0, 1e9, None) is None


@pytest.mark.parametrize("mode", ["selective", "full"])
def test_activation_checkpointing_gives_the_same_gradients(mode):
    tokens = torch.randint(0, 32000, (2, 24), generator=torch.Generator().manual_seed(1))
    reference, checkpointed = tiny_model(), tiny_model()
    apply_activation_checkpointing(checkpointed, mode)
    assert type(checkpointed.layers[0]).__name__ == "CheckpointWrapper"
    flops = []
    for model in (reference, checkpointed):
        with FlopCounterMode(display=False) as counter:
            model(tokens).float().logsumexp(-1).mean().backward()
        flops.append(counter.get_total_flops())
    for (name, a), (_, b) in zip(reference.named_parameters(), checkpointed.named_parameters()):
        torch.testing.assert_close(a.grad, b.grad, rtol=1e-6, atol=1e-7, msg=name)
    # Selective keeps attention's and the output projection's outputs: the backward recomputes exactly the q/k/v
    # projections and the SwiGLU's gate and up projections. Full recomputes the blocks' matmuls up to the last one
    # the backward needs (the down projection's output is not needed: it stops there).
    args = reference.args
    d, kv, h = args.dim, args.kv_heads * args.head_dim, args.hidden_dim
    if mode == "selective":
        recomputed = args.n_layers * (d * d + 2 * d * kv + 2 * d * h)
    else:
        head, down_projections = args.vocab_size * d, args.n_layers * d * h
        recomputed = count_parameters(args)["matmul"] - head - down_projections
    assert flops[1] - flops[0] == 2 * tokens.numel() * recomputed


@pytest.mark.parametrize("preset", ["tiny", "tiny-mha"])
def test_logits_match_hugging_face_llama_loaded_from_our_export(tmp_path, preset):
    from transformers import LlamaForCausalLM

    model = tiny_model(preset, seed=3).eval()
    save_hf(str(tmp_path), model.state_dict(), model.args, dtype="float32")
    hf = LlamaForCausalLM.from_pretrained(str(tmp_path), attn_implementation="sdpa").float()
    hf.eval()
    tokens = torch.randint(0, 32000, (2, 48), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        ours, theirs = model(tokens), hf(tokens).logits
    assert (ours - theirs).abs().max().item() < 1e-5


def test_export_without_the_rotary_permutation_would_not_match(tmp_path):
    """Guard that the parity test can fail: q/k rows copied as they are give different logits."""
    from transformers import LlamaForCausalLM

    model = tiny_model(seed=3).eval()
    save_hf(str(tmp_path), model.state_dict(), model.args, dtype="float32")
    hf = LlamaForCausalLM.from_pretrained(str(tmp_path)).float()
    with torch.no_grad():
        for i, layer in enumerate(model.layers):
            hf.model.layers[i].self_attn.q_proj.weight.copy_(layer.attention.wq.weight)
            hf.model.layers[i].self_attn.k_proj.weight.copy_(layer.attention.wk.weight)
        tokens = torch.randint(0, 32000, (1, 32), generator=torch.Generator().manual_seed(2))
        assert (model(tokens) - hf(tokens).logits).abs().max().item() > 1e-3


def test_import_inverts_export_exactly_and_sharded_export_reads_back(tmp_path):
    model = tiny_model(seed=5)
    save_hf(str(tmp_path / "one"), model.state_dict(), model.args, dtype="float32")
    save_hf(str(tmp_path / "many"), model.state_dict(), model.args, dtype="float32", max_shard_bytes=1 << 20)
    assert (tmp_path / "many" / "model.safetensors.index.json").exists()
    for directory in ("one", "many"):
        args, state = load_hf(str(tmp_path / directory))
        assert args == model.args
        assert state.keys() == model.state_dict().keys()
        for name, tensor in model.state_dict().items():
            assert torch.equal(state[name], tensor), name
    config = json.loads((tmp_path / "one" / "config.json").read_text())
    assert config["num_key_value_heads"] == 2 and config["intermediate_size"] == 192
    with pytest.raises(ValueError, match="tied"):
        args_from_hf_config({**config, "tie_word_embeddings": True})

"""LLaMA (docs/RECIPE.md section 10) in one module: pre-norm RMSNorm, SwiGLU, rotary embeddings, no biases,
untied output head, optional grouped-query attention (Llama 2), causal attention through
`F.scaled_dot_product_attention` (flash / memory-efficient kernels on GPU, so the T x T matrix never exists).

Parameter names follow Meta's reference code (`tok_embeddings`, `layers.N.attention.wq`, `feed_forward.w1`...),
and so does the rotary layout: q/k rotate interleaved pairs (2i, 2i+1) of each head. Hugging Face's
`LlamaForCausalLM` rotates halves (i, i + head_dim/2) instead; `trainer_bridge.hf` permutes q/k rows on export and
import. Plain `nn.Linear` projections (q, k, v separate) leave the seam for tensor parallelism: they are exactly
the modules that `ColwiseParallel` / `RowwiseParallel` plans address.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.distributed.tensor import DTensor, distribute_tensor


@dataclass(frozen=True)
class ModelArgs:
    dim: int
    n_layers: int
    n_heads: int
    vocab_size: int = 32000
    n_kv_heads: int | None = None  # None: n_heads (no GQA)
    ffn_dim: int | None = None  # None: Meta's rule from multiple_of / ffn_dim_multiplier
    multiple_of: int = 256
    ffn_dim_multiplier: float | None = None
    norm_eps: float = 1e-5
    rope_theta: float = 10000.0
    max_seq_len: int = 2048
    init_std: float = 0.02

    def __post_init__(self):
        for name in ("dim", "n_layers", "n_heads", "vocab_size", "multiple_of", "max_seq_len"):
            if getattr(self, name) <= 0:
                raise ValueError(f"model.{name} must be positive, got {getattr(self, name)}")
        if self.dim % self.n_heads:
            raise ValueError(f"model.dim {self.dim} is not divisible by n_heads {self.n_heads}")
        if (self.dim // self.n_heads) % 2:
            raise ValueError(f"head_dim {self.dim // self.n_heads} must be even for rotary embeddings")
        if self.n_heads % self.kv_heads:
            raise ValueError(f"n_heads {self.n_heads} is not a multiple of n_kv_heads {self.kv_heads}")

    @property
    def kv_heads(self) -> int:
        return self.n_kv_heads or self.n_heads

    @property
    def head_dim(self) -> int:
        return self.dim // self.n_heads

    @property
    def hidden_dim(self) -> int:
        """SwiGLU width: 2/3 * 4d (times the optional multiplier), rounded up to a multiple of `multiple_of`."""
        if self.ffn_dim is not None:
            return self.ffn_dim
        hidden = int(2 * 4 * self.dim / 3)
        if self.ffn_dim_multiplier is not None:
            hidden = int(self.ffn_dim_multiplier * hidden)
        return self.multiple_of * math.ceil(hidden / self.multiple_of)

    def to_dict(self) -> dict:
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Normalize in fp32 even under bf16 compute, as Meta's and HF's implementations do.
        x32 = x.float()
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * normed.type_as(x)


def rotary_tables(head_dim: int, max_seq_len: int, theta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin of position * theta^(-2i/head_dim), each (max_seq_len, head_dim / 2), fp32."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    angles = torch.outer(torch.arange(max_seq_len, dtype=torch.float32), inv_freq)
    return angles.cos(), angles.sin()


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate the interleaved pairs (2i, 2i+1) of x: (batch, seq, heads, head_dim), in fp32."""
    pairs = x.float().unflatten(-1, (-1, 2))
    even, odd = pairs[..., 0], pairs[..., 1]
    cos, sin = cos[None, :, None, :], sin[None, :, None, :]
    rotated = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1)
    return rotated.flatten(-2).type_as(x)


class Attention(nn.Module):
    def __init__(self, args: ModelArgs):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = args.n_heads, args.kv_heads, args.head_dim
        self.wq = nn.Linear(args.dim, args.n_heads * args.head_dim, bias=False)
        self.wk = nn.Linear(args.dim, args.kv_heads * args.head_dim, bias=False)
        self.wv = nn.Linear(args.dim, args.kv_heads * args.head_dim, bias=False)
        self.wo = nn.Linear(args.n_heads * args.head_dim, args.dim, bias=False)

    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        batch, seq, _ = x.shape
        q = self.wq(x).view(batch, seq, self.n_heads, self.head_dim)
        k = self.wk(x).view(batch, seq, self.n_kv_heads, self.head_dim)
        v = self.wv(x).view(batch, seq, self.n_kv_heads, self.head_dim)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        # GQA: query head h reads kv head h // group. With enable_gqa (torch >= 2.5) the flash kernels (CUDA
        # bf16/fp16, CPU) read the shared k/v heads in place instead of copies; where no fused kernel takes GQA
        # (fp32 on CUDA), SDPA runs its math kernel instead: train in bf16.
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=self.n_kv_heads != self.n_heads)
        return self.wo(out.transpose(1, 2).reshape(batch, seq, -1))


class FeedForward(nn.Module):
    def __init__(self, args: ModelArgs):
        super().__init__()
        self.w1 = nn.Linear(args.dim, args.hidden_dim, bias=False)  # gate
        self.w2 = nn.Linear(args.hidden_dim, args.dim, bias=False)  # down
        self.w3 = nn.Linear(args.dim, args.hidden_dim, bias=False)  # up

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class TransformerBlock(nn.Module):
    def __init__(self, args: ModelArgs):
        super().__init__()
        self.attention_norm = RMSNorm(args.dim, args.norm_eps)
        self.attention = Attention(args)
        self.ffn_norm = RMSNorm(args.dim, args.norm_eps)
        self.feed_forward = FeedForward(args)

    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        h = x + self.attention(self.attention_norm(x), cos, sin)
        return h + self.feed_forward(self.ffn_norm(h))


class Transformer(nn.Module):
    def __init__(self, args: ModelArgs):
        super().__init__()
        self.args = args
        self.tok_embeddings = nn.Embedding(args.vocab_size, args.dim)
        self.layers = nn.ModuleList(TransformerBlock(args) for _ in range(args.n_layers))
        self.norm = RMSNorm(args.dim, args.norm_eps)
        self.output = nn.Linear(args.dim, args.vocab_size, bias=False)
        cos, sin = rotary_tables(args.head_dim, args.max_seq_len, args.rope_theta)
        # Not persistent: derived from args, so checkpoints hold weights only.
        self.register_buffer("rope_cos", cos, persistent=False)
        self.register_buffer("rope_sin", sin, persistent=False)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """tokens (batch, seq) int64 -> logits (batch, seq, vocab)."""
        seq = tokens.shape[1]
        if seq > self.args.max_seq_len:
            raise ValueError(f"sequence length {seq} exceeds model.max_seq_len {self.args.max_seq_len}")
        cos, sin = self.rope_cos[:seq], self.rope_sin[:seq]
        h = self.tok_embeddings(tokens)
        for layer in self.layers:
            h = layer(h, cos, sin)
        return self.output(self.norm(h))

    def init_std(self, name: str) -> float | None:
        """Init std for a parameter (None: norm weights, set to one). Residual-branch outputs (wo, w2) are
        scaled down by sqrt(2 * n_layers) so the residual stream's variance does not grow with depth."""
        if name.endswith("norm.weight"):
            return None
        if name.endswith(("attention.wo.weight", "feed_forward.w2.weight")):
            return self.args.init_std / math.sqrt(2 * self.args.n_layers)
        return self.args.init_std

    @torch.no_grad()
    def init_weights(self, seed: int) -> None:
        """Initialize every parameter from its own generator seeded by (seed, parameter name).

        Works on FSDP-sharded (DTensor) parameters too: each rank draws the full tensor and keeps its shard, so
        the initial weights do not depend on the number of ranks (1 and N processes start identical).
        Also recomputes the rotary tables, which are garbage after a meta-device `to_empty`.
        """
        for raw_name, param in self.named_parameters():
            name = clean_name(raw_name)
            std = self.init_std(name)
            if std is None:
                full = torch.ones(param.shape, device=param.device, dtype=param.dtype)
            else:
                generator = torch.Generator(device=param.device).manual_seed(_name_seed(seed, name))
                full = torch.empty(param.shape, device=param.device, dtype=param.dtype)
                full.normal_(0.0, std, generator=generator)
            if isinstance(param, DTensor):
                full = distribute_tensor(full, param.device_mesh, param.placements, src_data_rank=None)
            param.copy_(full)
        self.reset_rotary()

    @torch.no_grad()
    def reset_rotary(self) -> None:
        cos, sin = rotary_tables(self.args.head_dim, self.args.max_seq_len, self.args.rope_theta)
        self.rope_cos.copy_(cos)
        self.rope_sin.copy_(sin)


# Wrappers (activation checkpointing, torch.compile) insert these into parameter names.
_WRAPPER_PARTS = ("_checkpoint_wrapped_module.", "_orig_mod.")


def clean_name(name: str) -> str:
    for part in _WRAPPER_PARTS:
        name = name.replace(part, "")
    return name


def _name_seed(seed: int, name: str) -> int:
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)


def count_parameters(args: ModelArgs) -> dict:
    """Parameter counts from the shape rule alone (no model needed): total, excluding the input embedding, and
    the matmul weights only (what 6N counts: no embedding lookup, no norm gains; the untied head is a matmul)."""
    kv_dim = args.kv_heads * args.head_dim
    matmul = args.n_layers * (2 * args.dim * args.dim + 2 * args.dim * kv_dim + 3 * args.dim * args.hidden_dim)
    matmul += args.vocab_size * args.dim
    norms = (2 * args.n_layers + 1) * args.dim
    embedding = args.vocab_size * args.dim
    return {"total": matmul + norms + embedding, "non_embedding": matmul + norms, "matmul": matmul}

"""The latent MLP of issue 19 as seeded numpy weights, shared by bench_search_engine.py (torch, godmode) and mctx_search.py (JAX, mctx).

dynamics:   [latent 1536, one-hot action 3] -> 512 SiLU -> 512 SiLU -> next latent 1536 (linear) and reward (deterministic)
prediction: latent 1536 -> 512 SiLU -> value and 3 policy logits

Only numpy here: the mctx environment has neither torch nor godmode. `dynamics` and `prediction` are the numpy
reference that each script checks its own forward pass against, so both search the same function.
"""
from __future__ import annotations
import numpy as np

LATENT, HIDDEN, NUM_ACTIONS = 1536, 512, 3
GAMMA = 0.997                        # discount of both searches
ACTION_POSITIONS = (-1.0, 0.0, 1.0)  # godmode's SearchModel wants a position per action; the model ignores it

LAYERS = {  # name: (fan_in, fan_out); weights are (fan_in, fan_out), applied as x @ w + b
    "dyn1": (LATENT + NUM_ACTIONS, HIDDEN), "dyn2": (HIDDEN, HIDDEN),
    "dyn_latent": (HIDDEN, LATENT), "dyn_reward": (HIDDEN, 1),
    "pred1": (LATENT, HIDDEN), "pred_value": (HIDDEN, 1), "pred_policy": (HIDDEN, NUM_ACTIONS),
}


def weights(seed: int = 0) -> dict[str, np.ndarray]:
    "float32 weights `{name}_w` (fan_in, fan_out), N(0, 1/fan_in), and biases `{name}_b` (fan_out,), N(0, 0.1^2), from `seed`."
    rng, out = np.random.default_rng(seed), {}
    for name, (i, o) in LAYERS.items():
        out[f"{name}_w"] = (rng.standard_normal((i, o)) / np.sqrt(i)).astype(np.float32)
        out[f"{name}_b"] = (0.1 * rng.standard_normal(o)).astype(np.float32)
    return out


def root_latents(roots: int, seed: int = 0) -> np.ndarray:
    "Root latents (roots, 1536) float32, N(0, 1), the same for a given `seed` in both scripts."
    return np.random.default_rng([seed, 1]).standard_normal((roots, LATENT)).astype(np.float32)


def _silu(x): return x / (1 + np.exp(-x))


def dynamics(w: dict, latent: np.ndarray, action: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    "Next latent (B, 1536) and reward (B,) after `action` (B,) ints, in float32 numpy."
    x = np.concatenate([latent, np.eye(NUM_ACTIONS, dtype=np.float32)[action]], 1)
    h = _silu(_silu(x @ w["dyn1_w"] + w["dyn1_b"]) @ w["dyn2_w"] + w["dyn2_b"])
    return h @ w["dyn_latent_w"] + w["dyn_latent_b"], (h @ w["dyn_reward_w"] + w["dyn_reward_b"])[:, 0]


def prediction(w: dict, latent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    "Value (B,) and policy logits (B, 3) of `latent` (B, 1536), in float32 numpy."
    h = _silu(latent @ w["pred1_w"] + w["pred1_b"])
    return (h @ w["pred_value_w"] + w["pred_value_b"])[:, 0], h @ w["pred_policy_w"] + w["pred_policy_b"]

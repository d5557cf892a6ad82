"""Speed of mctx's `muzero_policy` (JAX, jitted) over the latent MLP of issue 19: the reference for bench_search_engine.py.

Runs in its own environment (JAX and mctx, no torch, no godmode: see benchmarks/README.md). The model is the one of
benchmarks/_latent_mlp.py with the same seeded weights and root latents as bench_search_engine.py, written in JAX:
  dynamics   [latent 1536, one-hot action 3] -> 512 SiLU -> 512 SiLU -> next latent 1536 and reward (deterministic)
  prediction latent 1536 -> 512 SiLU -> value and 3 policy logits
One jitted call = the root's prediction + `mctx.muzero_policy` (no Dirichlet noise, discount 0.997, the other
defaults: pb_c_init 1.25, qtransform_by_parent_and_siblings, max_depth = num_simulations), like one `MCTS.search`.

Prints, for 1 and 64 roots x 10, 50 and 100 simulations: ms per call, median and best of `--repeats` calls after the
compiling call, in the columns of bench_search_engine.py. Leaf parallelism has no counterpart in mctx (one
simulation per `recurrent_fn` call per root), so there is one row per roots x simulations.

JAX's CPU backend uses every core by default; `--threads 1` asks XLA for one thread (set before JAX starts).

Run:  /work/mctx-venv/bin/python benchmarks/mctx_search.py [--repeats 7] [--roots 1 64] [--sims 10 50 100] [--seed 0] [--quick]
"""
from __future__ import annotations
import argparse, os, sys, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import _latent_mlp as mlp
from _machine import timed   # numpy and the standard library only: no torch here



def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=None, help="1: one XLA CPU thread (default: XLA's own, every core)")
    p.add_argument("--repeats", type=int, default=7, help="timed calls per row (median and best), after the compiling call")
    p.add_argument("--roots", nargs="+", type=int, default=[1, 64])
    p.add_argument("--sims", nargs="+", type=int, default=[10, 50, 100])
    p.add_argument("--seed", type=int, default=0, help="weights and root latents (_latent_mlp.py)")
    p.add_argument("--quick", action="store_true", help="50 simulations only, 5 repeats")
    a = p.parse_args(argv)
    if a.quick: a.sims, a.repeats = [50], min(a.repeats, 5)
    if a.threads == 1:  # must be set before JAX starts its CPU backend
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
    import jax, jax.numpy as jnp, mctx

    x, y = jnp.ones((2048, 2048), jnp.float32), jnp.ones((2048, 2048), jnp.float32)  # the machine's speed, as _machine.py
    mm = jax.jit(lambda x, y: x @ y); mm(x, y).block_until_ready()
    best = min(_once(lambda: mm(x, y).block_until_ready()) for _ in range(7))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: float32 matmul {2 * 2048 ** 3 / best / 1e9:.0f} GFLOP/s (jax, 2048 x 2048, best of 7), {os.cpu_count()} cores, load {load:.2f}")
    print(f"mctx muzero_policy over the latent MLP of issue 19: jax {jax.__version__}, mctx {mctx.__version__}, "
          f"{jax.devices()[0].platform}, XLA_FLAGS {os.environ.get('XLA_FLAGS', '')!r}, python {sys.version.split()[0]}, seed {a.seed}")

    w_np = mlp.weights(a.seed)
    params = {k: jnp.asarray(v) for k, v in w_np.items()}
    layer = lambda w, name, x: x @ w[f"{name}_w"] + w[f"{name}_b"]

    def prediction(w, latent):  # value (B,), policy logits (B, 3)
        h = jax.nn.silu(layer(w, "pred1", latent))
        return layer(w, "pred_value", h)[:, 0], layer(w, "pred_policy", h)

    def recurrent_fn(w, rng_key, action, latent):
        "One deterministic step: next latent, reward, and the prediction at the next latent."
        x = jnp.concatenate([latent, jax.nn.one_hot(action, mlp.NUM_ACTIONS, dtype=latent.dtype)], 1)  # (B, 1539)
        h = jax.nn.silu(layer(w, "dyn2", jax.nn.silu(layer(w, "dyn1", x))))
        nxt, reward = layer(w, "dyn_latent", h), layer(w, "dyn_reward", h)[:, 0]
        value, logits = prediction(w, nxt)
        out = mctx.RecurrentFnOutput(reward=reward, discount=jnp.full_like(reward, mlp.GAMMA), prior_logits=logits, value=value)
        return out, nxt

    lat, chk = mlp.root_latents(max(a.roots), a.seed), mlp.root_latents(4, a.seed)   # the check takes 4 roots, however many are searched
    v, logits = jax.jit(prediction)(params, jnp.asarray(chk))
    out, nxt = jax.jit(recurrent_fn)(params, None, jnp.array([0, 1, 2, 1]), jnp.asarray(chk))
    v_ref, logits_ref = mlp.prediction(w_np, chk); nxt_ref, r_ref = mlp.dynamics(w_np, chk, np.array([0, 1, 2, 1]))
    err = max(np.abs(np.asarray(v) - v_ref).max(), np.abs(np.asarray(logits) - logits_ref).max(),
              np.abs(np.asarray(nxt) - nxt_ref).max(), np.abs(np.asarray(out.reward) - r_ref).max())
    print(f"model: {sum(x.size for x in w_np.values()) / 1e6:.2f}M float32 parameters; root 0 value {v_ref[0]:+.5f}, "
          f"logits [{', '.join(f'{x:+.5f}' for x in logits_ref[0])}]; max |jax - numpy reference| {err:.1e}")
    assert err < 1e-4, f"the JAX model differs from the numpy reference by {err}"

    def search(w, rng_key, latent, num_simulations):
        value, logits = prediction(w, latent)
        root = mctx.RootFnOutput(prior_logits=logits, value=value, embedding=latent)
        return mctx.muzero_policy(w, rng_key, root, recurrent_fn, num_simulations, dirichlet_fraction=0.0)

    search = jax.jit(search, static_argnums=3)
    key = jax.random.PRNGKey(a.seed)
    print(f"\nms per jitted muzero_policy call (root prediction included), median / best of {a.repeats} (after the compiling call)")
    print(f"{'roots':>5} {'sims':>4} {'leaves':>6} {'median':>8} {'best':>8} {'rounds':>6} {'ms/round':>8} | {'compile s':>9}")
    for R in a.roots:
        latent = jnp.asarray(lat[:R])
        for sims in a.sims:
            t = time.perf_counter(); search(params, key, latent, sims).action.block_until_ready(); compile_s = time.perf_counter() - t
            med, best = timed(lambda: search(params, key, latent, sims).action.block_until_ready(), a.repeats)
            print(f"{R:>5} {sims:>4} {1:>6} {med * 1e3:8.2f} {best * 1e3:8.2f} {sims:>6} {med * 1e3 / sims:8.3f} | {compile_s:9.1f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end {load:.2f}")


def _once(fn) -> float:
    t = time.perf_counter(); fn(); return time.perf_counter() - t


if __name__ == "__main__":
    main()

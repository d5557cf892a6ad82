"""Speed of godmode's search engine (`godmode.mcts.MCTS`) over the latent MLP of issue 19, to set beside mctx (mctx_search.py).

The model (benchmarks/_latent_mlp.py: seeded float32 weights, the same in mctx_search.py), in torch:
  dynamics   [latent 1536, one-hot action 3] -> 512 SiLU -> 512 SiLU -> next latent 1536 and reward (deterministic)
  prediction latent 1536 -> 512 SiLU -> value and 3 policy logits
As a `SearchModel` the state is `(latent,)`; the held position is carried by the search but ignored by the model.
The search is deterministic like mctx's: `max_outcomes=1` (one future per edge, no progressive widening), no root
noise, `c_puct=1.25`, `gamma=0.997`, the other `MCTS` defaults.

Prints, for 1 and 64 roots x 10, 50 and 100 simulations, sequential (1 leaf per model call) and leaf parallel
(4 leaves per model call):
  1. ms per `MCTS.search` call, median and best of `--repeats` calls after one warm-up call (plain model, no clocks);
  2. where the time goes, from a second set of `--repeats` calls with the model's methods and the engine's stages
     wrapped in clocks (their overhead: a few microseconds per model round), as shares of that set's total:
       model   the model's calls (torch forward passes), root's included; (step): the step (or step_evaluate) calls alone
       select  the numba descent `_select`
       glue    the rest of `_expand`: gathering leaf states from the tree, storing the new ones, outputs to numpy
       backup  the numba backup `_backup`
       other   the rest of `search`: allocating the tree, the root's outputs to numpy, the result

Target (issue 19): at most mctx's `muzero_policy` time at 50 simulations, sequential, for 1 and for 64 roots,
measured in one sitting on the same machine (benchmarks/README.md). The machine's cores are often shared with
other jobs: compare numbers only within one sitting, with the `machine:` line printed first.

Run:  .venv/bin/python benchmarks/bench_search_engine.py [--threads 2] [--repeats 7] [--roots 1 64] [--sims 10 50 100]
      [--leaves 1 4] [--outcomes 1] [--seed 0] [--separate] [--engine-only] [--quick]
"""
from __future__ import annotations
import argparse, os, sys, time
from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).parent))
import _latent_mlp as mlp
from _machine import machine_line, timed
import godmode.mcts as engine
from godmode.mcts import MCTS, SearchModel


class LatentMLP:
    """The latent MLP of issue 19 as a `SearchModel`: state `(latent (B, 1536),)`, 3 actions, deterministic steps.

    It offers the protocol's fused calls, as mctx's `recurrent_fn` is one call: `evaluate` (prior and value from one
    prediction pass) and `step_evaluate` (dynamics, then prediction of the state reached). The weights are laid out
    for few dispatches and fast single rows: the one-hot action's rows of the first dynamics layer are added as a bias
    row (no concatenation), each net's output layers are one matrix (next latent and reward; value and logits), and
    the matrices are stored (out, in), so that a single row's product reads each output's weights contiguously. `--separate` searches
    through `prior`, `value` and `step` only, as a model without the fused calls."""
    num_actions = mlp.NUM_ACTIONS
    action_positions = torch.tensor(mlp.ACTION_POSITIONS)

    def __init__(self, seed: int = 0):
        w = {k: torch.from_numpy(v) for k, v in mlp.weights(seed).items()}
        L, out_in = mlp.LATENT, lambda *ws: torch.cat(ws, 1).t().contiguous()   # (out, in): each output a dot product over contiguous memory
        self.dyn1 = (w["dyn1_w"][L:] + w["dyn1_b"], out_in(w["dyn1_w"][:L]))   # (3, 512) action row + bias; (512, 1536)
        self.dyn2 = (w["dyn2_b"], out_in(w["dyn2_w"]))
        self.dyn_out = (torch.cat([w["dyn_latent_b"], w["dyn_reward_b"]]), out_in(w["dyn_latent_w"], w["dyn_reward_w"]))   # -> 1536 + 1
        self.pred1 = (w["pred1_b"], out_in(w["pred1_w"]))
        self.pred_out = (torch.cat([w["pred_value_b"], w["pred_policy_b"]]), out_in(w["pred_value_w"], w["pred_policy_w"]))   # -> 1 + 3

    @staticmethod
    def _layer(bias, w, x): return torch.addmm(bias, x, w.t())

    def _prediction(self, latent):
        "Value (B,) and policy logits (B, 3)."
        out = self._layer(*self.pred_out, F.silu(self._layer(*self.pred1, latent), inplace=True))
        return out[:, 0], out[:, 1:]

    def prior(self, state, position): return torch.softmax(self._prediction(state[0])[1], -1)  # (B, 3)
    def value(self, state, position): return self._prediction(state[0])[0]                      # (B,)

    def evaluate(self, state, position):
        v, logits = self._prediction(state[0])
        return torch.softmax(logits, -1), v

    def step(self, state, position, action, generator=None):
        "Next state `(latent,)` and reward (B,): deterministic, `generator` unused."
        h = F.silu(self._layer(self.dyn1[0][action], self.dyn1[1], state[0]), inplace=True)
        h = F.silu(self._layer(*self.dyn2, h), inplace=True)
        out = self._layer(*self.dyn_out, h)
        return (out[:, :mlp.LATENT],), out[:, mlp.LATENT]

    def step_evaluate(self, state, position, action, generator=None):
        (nxt,), reward = self.step(state, position, action)
        prior, value = self.evaluate((nxt,), None)
        return (nxt,), reward, prior, value


class Separate:
    "The model through the protocol's three separate calls only: the prediction net runs twice per leaf."
    def __init__(self, model):
        self.num_actions, self.action_positions = model.num_actions, model.action_positions
        self.prior, self.value, self.step = model.prior, model.value, model.step


class Instant:
    "A `SearchModel` that answers at once with fixed outputs of the MLP's shapes: searching it times the engine alone."
    num_actions, action_positions = mlp.NUM_ACTIONS, torch.tensor(mlp.ACTION_POSITIONS)

    def __init__(self, rows: int):
        self.next, self.zeros = torch.zeros(rows, mlp.LATENT), torch.zeros(rows)
        self.probs = torch.full((rows, mlp.NUM_ACTIONS), 1 / mlp.NUM_ACTIONS)

    def prior(self, state, position): return self.probs[:len(position)]
    def value(self, state, position): return self.zeros[:len(position)]
    def step(self, state, position, action, generator=None): return (self.next[:len(action)],), self.zeros[:len(action)]
    def evaluate(self, state, position): return self.prior(state, position), self.value(state, position)
    def step_evaluate(self, state, position, action, generator=None):
        n = len(action)
        return (self.next[:n],), self.zeros[:n], self.probs[:n], self.zeros[:n]


class Clock:
    "Seconds spent in named parts, and calls: `clock.wrap(name, fn)` is `fn` with its time added to `name`."
    def __init__(self): self.seconds, self.calls = {}, {}

    def wrap(self, name, fn):
        def clocked(*args, **kw):
            t = time.perf_counter()
            try: return fn(*args, **kw)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t
                self.calls[name] = self.calls.get(name, 0) + 1
        return clocked


class ClockedModel:
    "A `SearchModel` whose calls are clocked: the protocol's and the fused ones the model has (no `root` or `expand`)."
    def __init__(self, model, clock):
        self.num_actions, self.action_positions = model.num_actions, model.action_positions
        for n in ("prior", "value", "step", "evaluate", "step_evaluate"):
            if hasattr(model, n): setattr(self, n, clock.wrap(f"model.{n}", getattr(model, n)))



def profile(model, search_kw, state, position, repeats):
    "Shares of the time of `repeats` searches by part, with the model and the engine's stages clocked; calls per search."
    clock = Clock()
    model_s = lambda: sum(v for k, v in clock.seconds.items() if k.startswith("model."))
    saved = {n: getattr(engine, n) for n in ("_select", "_expand", "_backup")}
    def expand(*args):  # the model's time inside _expand, kept apart from the glue around it
        before = model_s()
        try: return saved["_expand"](*args)
        finally: clock.seconds["expand.model"] = clock.seconds.get("expand.model", 0.0) + model_s() - before
    engine._select, engine._backup = clock.wrap("select", saved["_select"]), clock.wrap("backup", saved["_backup"])
    engine._expand = clock.wrap("expand", expand)
    try:
        m = MCTS(ClockedModel(model, clock), **search_kw)
        m.search(state, position)  # warm-up
        clock.seconds.clear(); clock.calls.clear()
        t = time.perf_counter()
        for _ in range(repeats): m.search(state, position)
        total = time.perf_counter() - t
    finally:
        for n, f in saved.items(): setattr(engine, n, f)
    s = clock.seconds
    parts = {"model": model_s(), "select": s.get("select", 0.0), "glue": s.get("expand", 0.0) - s.get("expand.model", 0.0),
             "backup": s.get("backup", 0.0)}
    parts["other"] = total - sum(parts.values())
    parts["step"] = s.get("model.step", 0.0) + s.get("model.step_evaluate", 0.0)  # part of "model"
    return {k: v / total for k, v in parts.items()}, {k: c / repeats for k, c in clock.calls.items()}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    p.add_argument("--repeats", type=int, default=7, help="timed calls per row (median and best), after one warm-up")
    p.add_argument("--roots", nargs="+", type=int, default=[1, 64])
    p.add_argument("--sims", nargs="+", type=int, default=[10, 50, 100])
    p.add_argument("--leaves", nargs="+", type=int, default=[1, 4], help="leaves per model call (1: sequential)")
    p.add_argument("--outcomes", type=int, default=1, help="MCTS max_outcomes (1: deterministic, as mctx)")
    p.add_argument("--seed", type=int, default=0, help="weights and root latents (_latent_mlp.py)")
    p.add_argument("--separate", action="store_true",
                   help="search through the protocol's prior, value and step calls only (no fused evaluate / step_evaluate): "
                        "the prediction net then runs twice per leaf and a round is three calls")
    p.add_argument("--engine-only", action="store_true",
                   help="search a model that answers at once (fixed outputs of the MLP's shapes): the engine's own time")
    p.add_argument("--quick", action="store_true", help="50 simulations only, 5 repeats")
    a = p.parse_args(argv)
    if a.quick: a.sims, a.repeats = [50], min(a.repeats, 5)
    torch.set_num_threads(a.threads)
    print(machine_line(a.threads))
    print(f"godmode MCTS over the latent MLP of issue 19: torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"numba {engine.numba.__version__}, python {sys.version.split()[0]}, seed {a.seed}, max_outcomes {a.outcomes}"
          + (", separate prior, value and step calls" if a.separate else ", fused calls (evaluate, step_evaluate)"))

    fused = LatentMLP(a.seed)
    model = Separate(fused) if a.separate else fused
    assert isinstance(model, SearchModel)
    lat, chk = mlp.root_latents(max(a.roots), a.seed), mlp.root_latents(4, a.seed)   # the check takes 4 roots, however many are searched
    w = mlp.weights(a.seed)
    with torch.inference_mode():  # the same function as the numpy reference (and so as mctx_search.py's)
        v, logits = fused._prediction(torch.from_numpy(chk))
        (nxt,), r = fused.step((torch.from_numpy(chk),), None, torch.tensor([0, 1, 2, 1]))
    v_ref, logits_ref = mlp.prediction(w, chk); nxt_ref, r_ref = mlp.dynamics(w, chk, np.array([0, 1, 2, 1]))
    err = max(np.abs(v.numpy() - v_ref).max(), np.abs(logits.numpy() - logits_ref).max(), np.abs(nxt.numpy() - nxt_ref).max(),
              np.abs(r.numpy() - r_ref).max())
    print(f"model: {sum(x.size for x in w.values()) / 1e6:.2f}M float32 parameters; root 0 value {v_ref[0]:+.5f}, "
          f"logits [{', '.join(f'{x:+.5f}' for x in logits_ref[0])}]; max |torch - numpy reference| {err:.1e}")
    assert err < 1e-4, f"the torch model differs from the numpy reference by {err}"

    print(f"\nms per MCTS.search call, median / best of {a.repeats} (after a warm-up); where the time goes (clocked set of "
          f"{a.repeats}): model = prior/value/step calls, tree = select + glue + backup + other")
    print(f"{'roots':>5} {'sims':>4} {'leaves':>6} {'median':>8} {'best':>8} {'rounds':>6} {'ms/round':>8} | "
          f"{'model':>6} {'(step)':>6} {'select':>6} {'glue':>6} {'backup':>6} {'other':>6}")
    for R in a.roots:
        state, position = (torch.from_numpy(lat[:R]),), torch.zeros(R)
        if a.engine_only: model = Instant(R * max(a.leaves))
        for sims in a.sims:
            for leaves in a.leaves:
                kw = dict(num_simulations=sims, leaves_per_step=leaves, max_outcomes=a.outcomes, noise_frac=0.0, seed=a.seed)
                m = MCTS(model, **kw)
                med, best = timed(lambda: m.search(state, position), a.repeats)
                share, calls = profile(model, kw, state, position, a.repeats)
                rounds = calls.get("model.step", 0) + calls.get("model.step_evaluate", 0)
                print(f"{R:>5} {sims:>4} {leaves:>6} {med * 1e3:8.2f} {best * 1e3:8.2f} {rounds:>6.0f} "
                      f"{med * 1e3 / max(rounds, 1):8.3f} | " + " ".join(f"{share[k]:6.0%}" for k in ("model", "step", "select", "glue", "backup", "other")))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end {load:.2f}")


if __name__ == "__main__":
    main()

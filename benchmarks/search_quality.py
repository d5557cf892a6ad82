"""What the fast single-decision settings of `godmode.mcts` change in the decisions of trained agents.

Single decisions meet their latency target only with leaf parallelism (`search.leaves_per_step`) and a bfloat16
search model (`search.precision`); both make the search differ from classic sequential float32 search. This script
measures by how much: it searches the first `--bars` bars of each trained run's test span (posterior states, the held
position cycling through the action positions) with each setting and compares the decisions with the reference
(1 leaf per model call, float32, seed 0):

  agree    share of bars where the setting picks the reference's action
  TV       mean total-variation distance between the root visit distributions (0: the same, 1: disjoint)

The yardstick is the reference searched again with other seeds (`--reseeds`): the search samples its chance
outcomes, so two sequential searches disagree too. Each setting is searched with those same other seeds (with the
reference's own seed it would share its chance samples and agree more for that reason alone). A setting passes (issue 19, item 4) when it agrees with the
reference at least as often as the reseeded reference does. Over several runs the script prints, per setting, the
pooled agreement and its difference to the yardstick's, each with a 95% bootstrap interval over bars drawn within
each run (`godmode.stats.stratified_bootstrap_ci`), and says `pass` when the difference is at least 0, `fail`
otherwise; a difference whose interval holds 0 is within the noise of this many bars either way.

Run:  .venv/bin/python benchmarks/search_quality.py --run RUN_DIR [RUN_DIR ...] [--bars 1000] [--sims 50]
          [--settings 2:float32 4:float32 1:int8 2:int8 2:int8:compiled ...] [--reseeds 1 2] [--threads 1]
      RUN_DIR: a run folder with config.json and checkpoints/ (`godmode run`, a sweep's trial, benchmarks/mcts_table.py).
"""
from __future__ import annotations
import argparse, time
import numpy as np
import torch

from godmode.runs import load_run
from godmode.mcts import DreamerMCTSAgent
from godmode.agent import PRECISIONS
from godmode.stats import stratified_bootstrap_ci

DEFAULT_SETTINGS = ["2:float32", "4:float32", "8:float32", "1:bfloat16", "4:bfloat16", "1:int8", "2:int8", "4:int8"]


def parse_setting(s: str) -> tuple[int, str, bool]:
    "'LEAVES:PRECISION' or 'LEAVES:PRECISION:compiled' (the search model traced, `search.compile`) -> (leaves, precision, compiled), checked."
    try:
        leaves, precision, *rest = s.split(":"); leaves = int(leaves)
    except ValueError: raise SystemExit(f"--settings: {s!r} is not LEAVES:PRECISION[:compiled] (e.g. 4:bfloat16, 2:int8:compiled)")
    if leaves < 1 or precision not in PRECISIONS or rest not in ([], ["compiled"]):
        raise SystemExit(f"--settings: {s!r}: leaves must be >= 1, precision one of {tuple(PRECISIONS)}, and an optional third part 'compiled'")
    return leaves, precision, rest == ["compiled"]


def run_agreement(run: str, settings, reseeds, bars: int, sims: int) -> dict:
    "Per-bar agreement with the reference of the reseeded reference (mean over `reseeds`) and of each setting, and their TVs."
    cfg, market, agent = load_run(run)
    span = market.spans["test"]
    n = min(bars, len(span))
    h, z = agent.observe(span.obs[:n].reshape(n, -1))
    pos = agent.positions[torch.arange(n) % len(agent.positions)]

    def search(leaves, precision, seed, compiled=False):
        m = DreamerMCTSAgent(agent, num_simulations=sims, leaves_per_step=leaves, precision=precision, compile=compiled, seed=seed)
        return m.mcts.search((h, z), pos)

    t = time.perf_counter()
    ref = search(1, "float32", 0)
    def compare(res): return ((res.action == ref.action).double().numpy(), 0.5 * (res.policy - ref.policy).abs().sum(1).double().numpy())
    def reseeded(leaves, precision, compiled=False):
        again = [compare(search(leaves, precision, s, compiled)) for s in reseeds]
        return np.mean([a for a, _ in again], 0), np.mean([tv for _, tv in again], 0)
    out = {"reseeded": reseeded(1, "float32")}
    for leaves, precision, compiled in settings: out[f"{leaves}:{precision}" + (":compiled" if compiled else "")] = reseeded(leaves, precision, compiled)
    print(f"run {run}: variant {agent.variant}, preset {cfg.preset}, step {agent.step}; {n} test bars from "
          f"{span.time[0]:%Y-%m-%d}; reference actions {np.bincount(ref.action.numpy(), minlength=agent.action_dim).tolist()}; "
          + ", ".join(f"{k} {v[0].mean():.1%}" for k, v in out.items()) + f" ({time.perf_counter() - t:.0f} s)", flush=True)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--run", nargs="+", required=True, help="run folders (config.json, checkpoints/)")
    p.add_argument("--bars", type=int, default=1000)
    p.add_argument("--sims", type=int, default=50)
    p.add_argument("--settings", nargs="+", default=DEFAULT_SETTINGS, help="LEAVES:PRECISION[:compiled] settings to compare")
    p.add_argument("--reseeds", nargs="+", type=int, default=[1, 2], help="seeds of the reseeded reference (the yardstick)")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    if 0 in a.reseeds: raise SystemExit("--reseeds: seed 0 is the reference's own seed")
    settings = [parse_setting(s) for s in a.settings]
    torch.set_num_threads(a.threads)
    per_run = [run_agreement(r, settings, a.reseeds, a.bars, a.sims) for r in a.run]
    strata = np.concatenate([np.full(len(r["reseeded"][0]), i) for i, r in enumerate(per_run)])
    def pooled(key, j=0): return np.concatenate([r[key][j] for r in per_run])
    yard = pooled("reseeded")
    ci = stratified_bootstrap_ci(yard, strata, stat=np.mean)
    print(f"\n{len(per_run)} run(s), {len(yard)} decisions at {a.sims} simulations; 95% intervals: bootstrap over bars within runs")
    print(f"{'setting':>20} {'agree':>22} {'minus yardstick':>26} {'TV':>6}  verdict")
    print(f"{'reseeded':>20} {ci.point:>7.1%} [{ci.lo:>6.1%}, {ci.hi:>6.1%}] {'':>26} {pooled('reseeded', 1).mean():>6.3f}  yardstick")
    for leaves, precision, compiled in settings:
        key = f"{leaves}:{precision}" + (":compiled" if compiled else "")
        agree, d = pooled(key), pooled(key) - yard
        c, cd = stratified_bootstrap_ci(agree, strata, stat=np.mean), stratified_bootstrap_ci(d, strata, stat=np.mean)
        print(f"{key:>20} {c.point:>7.1%} [{c.lo:>6.1%}, {c.hi:>6.1%}] {cd.point:>+8.1%} [{cd.lo:>+7.1%}, {cd.hi:>+7.1%}] "
              f"{pooled(key, 1).mean():>6.3f}  {'pass' if cd.point >= 0 else 'fail'}{' (within the noise)' if cd.lo <= 0 <= cd.hi else ''}")


if __name__ == "__main__":
    main()

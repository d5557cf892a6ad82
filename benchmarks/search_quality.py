"""What the fast single-decision settings of `godmode.mcts` change in the decisions of a trained agent.

Single decisions meet their latency target only with leaf parallelism (`search.leaves_per_step`) and a bfloat16
search model (`search.precision`); both make the search differ from classic sequential float32 search. This script
measures by how much: it searches the first `--bars` bars of a trained run's test span (posterior states, the held
position cycling through the action positions) with each setting and compares the decisions with the reference
(1 leaf per model call, float32, seed 0):

  agree    share of bars where the setting picks the reference's action
  TV       mean total-variation distance between the root visit distributions (0: the same, 1: disjoint)

The first row, the reference searched again with another seed, is the yardstick: the search samples its chance
outcomes, so two sequential searches disagree too. A setting is as good as the reference, as far as this can tell,
when it agrees with it about as often as the reference agrees with itself.

Run:  .venv/bin/python benchmarks/search_quality.py --run RUN_DIR [--bars 1000] [--sims 50] [--threads 1]
      RUN_DIR: a run folder with config.json and checkpoints/ (`godmode run`, benchmarks/mcts_table.py).
"""
from __future__ import annotations
import argparse, time
import numpy as np
import torch

from godmode.runs import load_run
from godmode.mcts import DreamerMCTSAgent

SETTINGS = [(1, "float32", 1), (4, "float32", 0), (1, "bfloat16", 0), (4, "bfloat16", 0), (8, "float32", 0)]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--run", required=True, help="run folder (config.json, checkpoints/)")
    p.add_argument("--bars", type=int, default=1000)
    p.add_argument("--sims", type=int, default=50)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    cfg, market, agent = load_run(a.run)
    span = market.spans["test"]
    n = min(a.bars, len(span))
    h, z = agent.observe(span.obs[:n].reshape(n, -1))
    pos = agent.positions[torch.arange(n) % len(agent.positions)]
    print(f"run {a.run}: variant {agent.variant}, preset {cfg.preset}, step {agent.step}; {n} test bars from "
          f"{span.time[0]:%Y-%m-%d}, {a.sims} simulations")

    def search(leaves, precision, seed):
        m = DreamerMCTSAgent(agent, num_simulations=a.sims, leaves_per_step=leaves, precision=precision, seed=seed)
        t = time.perf_counter(); res = m.mcts.search((h, z), pos)
        return res, time.perf_counter() - t

    ref, _ = search(1, "float32", 0)
    print(f"reference (1 leaf, float32, seed 0): actions {np.bincount(ref.action.numpy(), minlength=agent.action_dim).tolist()}")
    print(f"{'leaves':>6} {'precision':>9} {'seed':>4} {'agree':>7} {'TV':>6} {'search s':>8}")
    for leaves, precision, seed in SETTINGS:
        res, secs = search(leaves, precision, seed)
        agree = (res.action == ref.action).double().mean().item()
        tv = 0.5 * (res.policy - ref.policy).abs().sum(1).mean().item()
        print(f"{leaves:>6} {precision:>9} {seed:>4} {agree:>7.1%} {tv:>6.3f} {secs:>8.1f}")


if __name__ == "__main__":
    main()

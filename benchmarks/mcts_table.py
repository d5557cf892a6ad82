"""Actor-only vs MCTS (10/50/100 simulations) vs buy-and-hold, on the planted-regime market and on real 2022 gold.

For each market the script trains a DreamerV3 agent with `godmode.train.train` (or resumes the run already in
its folder), then backtests on the test span with `godmode.backtest`: the agent's actor alone, the same agent with
tree search in front (`godmode.mcts.DreamerMCTSAgent`) at each simulation count, and buy-and-hold. It prints one
table per market: total return, Sharpe ratio with its 95% block-bootstrap interval, max drawdown, turnover (position
changes a year) and the backtest's wall time.

Markets:
  synth  the planted-regime market of the preset (`data.source=synth`, 70/10/20 split by bars);
  gold   real XAUUSD from ../shared/data, trained on 2018 to Oct 2021, validated on Nov-Dec 2021, tested on 2022.
         If the shared data are missing, the script says so and skips this market.

The defaults (cpu preset, its 1,000 gradient steps) take a while on 2 shared cores; `--steps` shortens training
(a weak agent then, but the comparison still runs end to end).

Run:  .venv/bin/python benchmarks/mcts_table.py [--markets synth gold] [--preset cpu] [--variant seed]
                                                [--steps N] [--sims 10 50 100] [--out runs/mcts_table] [--threads 1]
"""
from __future__ import annotations
import argparse, time
from pathlib import Path
import numpy as np
import pandas as pd
import torch

from godmode.config import get_config, override
from godmode.data import shared_data_dir, SHARED_SPLIT
from godmode.features import prepare_market
from godmode.backtest import run_policy, buy_and_hold, compare
from godmode.train import train
from godmode.mcts import DreamerMCTSAgent

GOLD_SPLIT = {"data.source": "shared", **SHARED_SPLIT}


class ActorOnly:
    "The agent's greedy actor as a backtest policy (through `DreamerMCTSAgent.positions(use_mcts=False)`)."
    name = "actor_only"
    def __init__(self, searcher): self.searcher = searcher
    def positions(self, span): return self.searcher.positions(span, use_mcts=False)


def table(cfg, market, out_dir: Path, sims, progress=True) -> pd.DataFrame:
    "Train (or resume) into `out_dir`, then backtest actor-only, MCTS at each of `sims` and buy-and-hold on the test span."
    t = time.perf_counter()
    run = train(cfg, out_dir, market=market, progress=progress)
    print(f"  trained {run.step} steps ({run.env_steps} env steps) in {time.perf_counter() - t:.0f} s -> {out_dir}")
    span, results, walls = market.spans["test"], [], {}
    policies = [ActorOnly(DreamerMCTSAgent(run.agent))] + [DreamerMCTSAgent(run.agent, num_simulations=s) for s in sims]
    for policy in policies + [buy_and_hold()]:
        t = time.perf_counter()
        results.append(run_policy(policy, span, cfg.env))
        walls[results[-1].name] = time.perf_counter() - t
        print(f"  {results[-1].name}: {walls[results[-1].name]:.1f} s")
    df = compare(results)
    df["backtest_s"] = pd.Series(walls)
    return df[["total_return", "sharpe", "sharpe_lo", "sharpe_hi", "max_drawdown", "turnover", "backtest_s"]]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--markets", nargs="+", default=["synth", "gold"], choices=["synth", "gold"])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--variant", default="seed", choices=["seed", "exogenous"])
    p.add_argument("--steps", type=int, help="gradient steps (default: the preset's)")
    p.add_argument("--sims", nargs="+", type=int, default=[10, 50, 100])
    p.add_argument("--set", nargs="*", default=[], metavar="SECTION.FIELD=VALUE", help="more config overrides")
    p.add_argument("--out", default="runs/mcts_table")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (1 is fastest on busy shared cores)")
    p.add_argument("--no-progress", action="store_true")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    tables = {}
    for name in a.markets:
        changes = {"model.variant": a.variant, **(GOLD_SPLIT if name == "gold" else {})}
        if a.steps is not None: changes["train.steps"] = a.steps
        cfg = override(get_config(a.preset, changes), a.set)
        if name == "gold" and shared_data_dir() is None:
            print("gold: the shared data (../shared/data/raw) are missing here; skipping the real-data table"); continue
        market = prepare_market(cfg)
        test = market.spans["test"]
        print(f"{name}: {market.source}, test span {test.time[0]:%Y-%m-%d} .. {test.time[-1]:%Y-%m-%d} ({len(test)} bars); "
              f"preset {a.preset}, variant {a.variant}, {cfg.train.steps} steps, config {cfg.fingerprint()}")
        tables[name] = table(cfg, market, Path(a.out) / f"{name}-{a.variant}-{a.preset}-{cfg.fingerprint()}", a.sims, not a.no_progress)
    for name, df in tables.items():
        print(f"\n### {name} (test span; Sharpe interval: 95% circular block bootstrap)\n")
        print(df.to_markdown(floatfmt=".3f") if _has_tabulate() else df.round(3).to_string())


def _has_tabulate():
    try: import tabulate  # noqa: F401
    except ImportError: return False
    return True


if __name__ == "__main__":
    main()

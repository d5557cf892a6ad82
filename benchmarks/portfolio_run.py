"""One agent trading gold, the euro and bitcoin together on the real data: its test-span portfolio against the portfolio baselines, over seeds.

The shared files of ../shared/data (never needed by the tests): `data.source = "multi"` (`godmode.features.prepare_market`:
the three instruments with the dollar index, S&P 500 and US 10-year yield on one UTC grid, each asset's closed hours masked),
trained from 2019 to Sep 2021, validated on Q4 2021, tested on 2022 (issue 16's split). For each seed `godmode.train.train`
runs into `--out/<preset>-<variant>-s<seed>` (resumed if it is there), then `godmode.backtest.portfolio_table` scores the
agent's greedy portfolio and the baselines (equal-weight buy-and-hold, volatility-scaled time-series momentum, flat) on the
test span, for the portfolio and each asset's sleeve, after each asset's own costs. The last lines give each policy's
portfolio Sharpe ratio over the seeds (mean and range).

  .venv/bin/python benchmarks/portfolio_run.py --seeds 0 1 2 --out runs/portfolio
"""
from __future__ import annotations
import argparse, sys, time


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--variant", default="exogenous", choices=["seed", "exogenous"])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--out", default="runs/portfolio")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--train-end", default="2021-09-30T23:59")
    p.add_argument("--valid-end", default="2021-12-31T23:59")
    p.add_argument("--test-end", default="2022-12-31T23:59")
    a = p.parse_args()
    import numpy as np, pandas as pd, torch
    from godmode.data import shared_data_dir
    if shared_data_dir() is None:
        print("portfolio_run: the real data (../shared/data/raw next to the repository) is MISSING: nothing to run on")
        return 0
    from godmode.config import get_config
    from godmode.features import prepare_market
    from godmode.train import train
    from godmode.backtest import AgentPolicy, portfolio_table, portfolio_baselines
    from _machine import matmul_gflops
    torch.set_num_threads(a.threads)
    print(f"portfolio_run: preset {a.preset}, variant {a.variant}, seeds {a.seeds}; {a.threads} thread(s); "
          f"machine {matmul_gflops():.0f} GFLOP/s (2-thread float32 matmul)", flush=True)
    sharpe = {}
    for seed in a.seeds:
        cfg = get_config(a.preset, {"data.source": "multi", "model.variant": a.variant, "train.seed": seed, "data.train_end": a.train_end,
                                    "data.valid_end": a.valid_end, "data.test_end": a.test_end})
        market = prepare_market(cfg)
        t0 = time.time()
        res = train(cfg, f"{a.out}/{a.preset}-{a.variant}-s{seed}", market=market, progress=False)
        span = market["test"]
        table = portfolio_table(span, cfg.env, {"agent": AgentPolicy(res.agent, cfg.env).positions(span), **portfolio_baselines(span, cfg.env)})
        print(f"\nseed {seed}: {res.step} gradient steps in {(time.time() - t0) / 60:.1f} min; test span {span.time[0]:%Y-%m-%d} to "
              f"{span.time[-1]:%Y-%m-%d}, {len(span):,} hours of {', '.join(span.assets)}; imagined costs per unit of weight "
              f"{', '.join(f'{c * 1e4:.1f} bp' for c in res.agent.cost.tolist())}")
        print(table[["total_return", "sharpe", "max_drawdown", "turnover", "exposure"]].to_string(float_format=lambda v: f"{v:+.3f}"), flush=True)
        for name in table.index.get_level_values("strategy").unique(): sharpe.setdefault(name, []).append(table.loc[(name, "portfolio"), "sharpe"])
    print("\nportfolio Sharpe ratio on the test span over the seeds:")
    for name, v in sharpe.items(): print(f"  {name:14s} mean {np.mean(v):+.2f}  range [{min(v):+.2f}, {max(v):+.2f}]  ({', '.join(f'{x:+.2f}' for x in v)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

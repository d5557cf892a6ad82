"""Is there an edge in the world model that the actor leaves unused? The one-step greedy rule against the learned policies.

For each trained run folder (`godmode run`, a sweep's trial, `ensemble_bench.py`'s runs), on its test span: the
world model's forecast of the next bar's return (its return head, read from the latent state that has seen bars up
to t, as the regime report reads it) and the Sharpe ratio, after the run's costs, of the simplest planner on top of
it: hold the sign of the forecast where its size is beyond k times the cost of a unit trade (k = 0, 0.5, 1, 2), flat
elsewhere. Beside it: the forecast's correlation with the next return, buy-and-hold, and the actor's and MCTS's
Sharpe ratios and exposures when the run's backtest report has them. If the greedy rule earns where the actor and
search stay flat, the world model knows something the behaviour learning does not use.

  .venv/bin/python benchmarks/model_greedy.py RUN_DIR [RUN_DIR ...]
"""
from __future__ import annotations
import argparse, json, sys
from pathlib import Path
import numpy as np


def greedy_row(run: str, thresholds=(0.0, 0.5, 1.0, 2.0)) -> dict:
    "The figures of one run folder's test span."
    from godmode.runs import load_run
    from godmode import regimes as R, backtest as B
    from godmode.env import unit_cost
    cfg, market, agent = load_run(run)
    spans = [market.spans[k] for k in ("train", "valid", "test")]
    joined = R.join_spans(spans, "all")                         # the state at the first test bar has seen every bar before it
    latent = R.extract_latents(agent, joined, R.long_positions(joined, cfg.env))
    mean, _ = R.latent_forecasts(agent, latent[len(spans[0].next_ret) + len(spans[1].next_ret):])
    test, cost = spans[2], unit_cost(cfg.env)
    row = {"run": Path(run).name, "variant": cfg.model.variant, "bars": len(test.next_ret),
           "corr": float(np.corrcoef(mean, test.next_ret)[0, 1]),
           "buy_and_hold": B.sharpe(B.positions_to_returns(np.ones(len(mean)), test, cfg.env), test.bars_per_year)}
    for k in thresholds:
        pos = np.where(mean > k * cost, 1.0, np.where(mean < -k * cost, -1.0, 0.0))
        row[f"greedy {k:g}x cost"] = B.sharpe(B.positions_to_returns(pos, test, cfg.env), test.bars_per_year)
        row[f"greedy {k:g}x in market"] = float((pos != 0).mean())
    report = Path(run) / "backtest.json"
    if report.exists():
        for r in json.loads(report.read_text()).get("table", []):
            if r.get("policy") in ("actor", "mcts"): row[f"{r['policy']}"], row[f"{r['policy']} in market"] = r["sharpe"], r["exposure"]
    return row


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="trained run folders (config.json, checkpoints/)")
    a = p.parse_args()
    import pandas as pd
    rows = pd.DataFrame([greedy_row(r) for r in a.runs]).set_index("run")
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print("test-span Sharpe ratios after costs (annualised); 'in market': share of bars with a position")
        print(rows.to_string(float_format=lambda v: f"{v:+.2f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Baselines on real gold: buy-and-hold, moving-average crossover, random and flat on the 2022 test span.

Loads the raw files of ../shared/data (gold, DXY hourly, daily macro) with `godmode.data.load_shared`, builds the
features with normalisation fitted on the training span only (2018 to Oct 2021; Nov-Dec 2021 validates: `godmode.data.SHARED_SPLIT`), and backtests each baseline over 2022 after costs
(`cfg.env`: cost_bps + half the spread per unit of position change). Sharpe comes with a 95% block-bootstrap
interval; everything is annualised with the bars per year of the data itself.
Run: `.venv/bin/python benchmarks/baselines_real.py [--root ../shared/data]`. Says so and stops when the data is missing.
"""
from __future__ import annotations
import argparse, sys
from pathlib import Path
import pandas as pd
from godmode.config import get_config
from godmode.data import SHARED_SPLIT
from godmode.features import prepare_market
from godmode.backtest import run_policy, compare, buy_and_hold, ma_crossover, random, flat

def main(root: Path):
    if not (root / "raw").is_dir():
        print(f"real data: MISSING ({root / 'raw'} does not exist): nothing to backtest"); return 1
    cfg = get_config("cpu", {"data.source": "shared", **SHARED_SPLIT})
    md = prepare_market(cfg)
    test = md.spans["test"]
    print(f"data: {md}\ntest span: {test.time[0]:%Y-%m-%d %H:%M} .. {test.time[-1]:%Y-%m-%d %H:%M}, {len(test):,} bars, "
          f"{test.bars_per_year:,.0f} bars/year; costs {cfg.env.cost_bps} bps + half of {cfg.env.spread_bps} bps spread")
    results = [run_policy(p, test, cfg.env) for p in (buy_and_hold(), ma_crossover(24, 120), random(seed=0), flat())]
    table = compare(results)
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.float_format", "{:.3f}".format):
        print(table)
    return 0

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "data")
    sys.exit(main(ap.parse_args().root))

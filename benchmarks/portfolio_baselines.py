"""The portfolio baselines on the real gold, euro and bitcoin data: equal weight and volatility-scaled time-series momentum.

The shared files of ../shared/data (never needed by the tests) on one UTC grid (`godmode.data.load_shared_assets`),
their spans (`godmode.features.build_assets_market`: train to Sep 2021, validate Q4 2021, test 2022 by default), and
`godmode.backtest.portfolio_table` on the test span: the portfolio and each asset's sleeve, after each asset's own
costs (the commission plus half its quoted spread).

  .venv/bin/python benchmarks/portfolio_baselines.py
  .venv/bin/python benchmarks/portfolio_baselines.py --assets XAUUSD EURUSD --span valid
"""
from __future__ import annotations
import argparse, sys


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assets", nargs="+", default=["XAUUSD", "EURUSD", "BTCUSD"])
    p.add_argument("--train-end", default="2021-09-30T23:59")
    p.add_argument("--valid-end", default="2021-12-31T23:59")
    p.add_argument("--span", default="test", choices=["train", "valid", "test"])
    p.add_argument("--preset", default="cpu", help="the preset whose env costs and data window are used")
    a = p.parse_args()
    import pandas as pd
    from godmode.data import shared_data_dir, load_shared_assets
    if shared_data_dir() is None:
        print("portfolio_baselines: the real data (../shared/data/raw next to the repository) is MISSING: nothing to run on")
        return 0
    from godmode.config import get_config, override
    from godmode.calendar import builtin_events
    from godmode.features import build_assets_market
    from godmode.backtest import portfolio_table, equal_weight, tsmom_weights
    cfg = override(get_config(a.preset), {"data.train_end": a.train_end, "data.valid_end": a.valid_end})
    frame = load_shared_assets(assets=tuple(a.assets))
    events = builtin_events(frame.index[0], frame.index[-1] + pd.Timedelta(days=62))
    span = build_assets_market(frame, events, cfg.data, source="shared")[a.span]
    print(f"portfolio_baselines: {', '.join(span.assets)}, {a.span} span {span.time[0]:%Y-%m-%d %H:%M} to {span.time[-1]:%Y-%m-%d %H:%M}, "
          f"{len(span.next_ret):,} hours; costs: {cfg.env.cost_bps} bp commission plus half each asset's quoted spread "
          f"(or half of {cfg.env.spread_bps} bp where none is quoted)")
    table = portfolio_table(span, cfg.env, {"equal_weight": equal_weight(span), "tsmom": tsmom_weights(span)})
    print(table[["total_return", "sharpe", "max_drawdown", "turnover", "exposure"]].to_string(float_format=lambda v: f"{v:+.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

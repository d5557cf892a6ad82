"""Time to get a market ready for the agent: load + merge, features, normalisation and windows.

Real data: the raw files of ../shared/data (gold, DXY hourly, daily macro; 2018-2022) through
`godmode.data.load_shared`, then `godmode.features` (target: under 5 s in all on 2 cores). Planted-regime market:
`make_market` and `prepare_market` at the `seed` preset's 30,000 bars. CSV parsing: `load_bars` on a
generated MetaTrader-style file as long as the real gold file. The real data is never part of the tests:
when it is missing this script says so and times the synthetic market only.
Run: `.venv/bin/python benchmarks/bench_features.py [--root ../shared/data] [--repeat 3]`.
Timings are noisy on a shared 2-core machine: the best of `--repeat` runs is reported.
"""
from __future__ import annotations
import argparse, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd
from godmode.config import get_config
from godmode.synth import make_market
from godmode.data import load_bars
from godmode.features import compute_features, build_market, prepare_market

def best(f, repeat: int):
    "Fastest of `repeat` calls of `f()` in seconds, and the last result."
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); times.append(time.perf_counter() - t)
    return min(times), out

def bench_synth(repeat: int):
    cfg = get_config("seed")
    t_make, (frame, events) = best(lambda: make_market(cfg.data.synth_bars, seed=0), repeat)
    t_feat, _ = best(lambda: compute_features(frame, events), repeat)
    t_all, md = best(lambda: prepare_market(cfg), repeat)
    print(f"planted-regime market, {len(frame):,} bars (seed preset, window {cfg.data.window}):")
    print(f"  make_market        {t_make * 1e3:8.0f} ms")
    print(f"  compute_features   {t_feat * 1e3:8.0f} ms")
    print(f"  prepare_market     {t_all * 1e3:8.0f} ms   -> {md}")

def bench_real(root: Path, repeat: int):
    if not (root / "raw").is_dir():
        print(f"real data: MISSING ({root / 'raw'} does not exist) -> skipped; only the synthetic market was timed")
        return
    from godmode.data import load_shared
    from godmode.calendar import builtin_events
    cfg = get_config("cpu", {"data.source": "shared"})
    t_load, frame = best(lambda: load_shared(root), repeat)
    t_events, events = best(lambda: builtin_events(frame.index[0], frame.index[-1] + pd.Timedelta(days=62)), repeat)
    t_feat, feats = best(lambda: compute_features(frame, events), repeat)
    t_build, md = best(lambda: build_market(frame, events, cfg.data, source="shared"), repeat)
    total = t_load + t_events + t_build
    print(f"real data {root} ({len(frame):,} bars {frame.index[0]:%Y-%m-%d} .. {frame.index[-1]:%Y-%m-%d}, window {cfg.data.window}):")
    print(f"  load_shared (load + merge)      {t_load:6.2f} s")
    print(f"  builtin_events                  {t_events:6.2f} s")
    print(f"  compute_features                {t_feat:6.2f} s   ({feats.shape[0]:,} x {feats.shape[1]})")
    print(f"  build_market (features+windows) {t_build:6.2f} s   -> {md}")
    print(f"  total                           {total:6.2f} s   (target < 5 s: {'ok' if total < 5 else 'MISSED'})")

def bench_synthetic_csv(repeat: int, bars: int = 28_000):
    "load_bars on a generated MetaTrader-style tab-separated file as long as the real gold file."
    rng = np.random.default_rng(0)
    t = pd.date_range("2018-01-02", periods=bars * 2, freq="h")
    t = t[(t.day_of_week < 5) & (t.hour != 0)][:bars]  # 23 hours a day, 5 days a week, as gold trades
    c = 1300 * np.exp(np.cumsum(rng.normal(0, 0.002, bars)))
    o = np.r_[c[0], c[:-1]]
    hi, lo = np.maximum(o, c) * 1.001, np.minimum(o, c) * 0.999
    df = pd.DataFrame({"<DATE>": t.strftime("%Y.%m.%d"), "<TIME>": t.strftime("%H:%M:%S"), "<OPEN>": o.round(2),
                       "<HIGH>": hi.round(2), "<LOW>": lo.round(2), "<CLOSE>": c.round(2), "<TICKVOL>": 1000, "<VOL>": 0})
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "XAUUSD_H1.csv"; df.to_csv(p, sep="\t", index=False)
        t_load, frame = best(lambda: load_bars(p, tz="mt5"), repeat)
    print(f"synthetic MT5 CSV ({len(frame):,} bars): load_bars {t_load:.2f} s")

if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=here.parent / "shared" / "data", help="folder holding raw/ (default ../shared/data)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench_synth(args.repeat)
    bench_real(args.root, args.repeat)
    bench_synthetic_csv(args.repeat)

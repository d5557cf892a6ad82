"""Time to load and merge the real 2018-2022 data (godmode.data), and its calendar features (godmode.calendar).

Reads the raw files of ../shared/data (gold hourly, DXY hourly, daily macro) with `godmode.data.load_shared`,
builds the built-in FOMC/CPI/NFP calendar and `event_features`, and, when `godmode.features` exists, times
`compute_features` too (target: load + merge + features under 5 s on 2 cores). The real data is never part of
the tests: when it is missing this script says so and times a synthetic CSV of the same size instead.
Run: `.venv/bin/python benchmarks/bench_data.py [--root ../shared/data] [--repeat 3]`.
Timings are noisy on a shared 2-core machine: the best of `--repeat` runs is reported.
"""
from __future__ import annotations
import argparse, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd
from godmode.data import load_bars, load_shared, shared_data_dir
from godmode.calendar import builtin_events, event_features

def best(f, repeat: int):
    "Fastest of `repeat` calls of `f()` in seconds, and the last result."
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); times.append(time.perf_counter() - t)
    return min(times), out

def features_module():
    "godmode.features.compute_features when that module exists, else None."
    try:
        from godmode.features import compute_features
        return compute_features
    except ImportError:
        return None

def bench_real(root: Path, repeat: int):
    t_load, frame = best(lambda: load_shared(root), repeat)
    print(f"real data {root} ({len(frame):,} bars, {frame.index[0]:%Y-%m-%d} .. {frame.index[-1]:%Y-%m-%d}):")
    print(f"  load_shared (load + merge)  {t_load:6.2f} s")
    t_ev, events = best(lambda: builtin_events(frame.index[0], frame.index[-1] + pd.Timedelta(days=62)), repeat)
    t_cal, _ = best(lambda: event_features(frame.index, events), repeat)
    print(f"  builtin_events              {t_ev:6.2f} s   ({len(events)} events)")
    print(f"  event_features              {t_cal:6.3f} s")
    compute_features = features_module()
    if compute_features is None:
        print("  godmode.features is not there yet: load + merge + calendar only")
        total = t_load + t_ev + t_cal
    else:
        t_feat, feats = best(lambda: compute_features(frame, events), repeat)
        print(f"  compute_features            {t_feat:6.2f} s   ({feats.shape[0]:,} x {feats.shape[1]})")
        total = t_load + t_ev + t_feat
    print(f"  total                       {total:6.2f} s   (target < 5 s: {'ok' if total < 5 else 'MISSED'})")

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
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path("../shared/data"), help="folder holding raw/ (default ../shared/data)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = shared_data_dir(args.root)
    if root is None:
        print(f"real data: MISSING ({args.root}/raw/XAUUSD_H1.csv not found, nor next to the repository) -> skipped")
    else:
        bench_real(root, args.repeat)
    bench_synthetic_csv(args.repeat)

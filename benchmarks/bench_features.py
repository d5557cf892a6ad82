"""Time to get a market ready for the agent: load + merge, features, normalisation and windows.

Real data: the raw files of ../shared/data (gold, DXY hourly, daily macro; 2018-2022) through
`godmode.data.load_shared`, then `godmode.features` (target: under 5 s in all on 2 cores). Planted-regime market:
`make_market` and `prepare_market` at the `seed` preset's 30,000 bars. The real data is never part of the tests:
when it is missing this script says so and times the synthetic market only.
Run: `.venv/bin/python benchmarks/bench_features.py [--root ../shared/data] [--repeat 3]`.
Timings are noisy on a shared 2-core machine: the best of `--repeat` runs is reported.
"""
from __future__ import annotations
import argparse, time
from pathlib import Path
import pandas as pd
from godmode.config import get_config
from godmode.synth import make_market
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

if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=here.parent / "shared" / "data", help="folder holding raw/ (default ../shared/data)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench_synth(args.repeat)
    bench_real(args.root, args.repeat)

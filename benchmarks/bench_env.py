"""Throughput of godmode.env and godmode.backtest.

Prints single-env steps/s, vectorised steps/s (num_envs 256 and 1024) on a span with W=64, F=15, and the
time to backtest one year of bars. Run: `.venv/bin/python benchmarks/bench_env.py [--bars 30000]`.
Timings are noisy on a shared 2-core machine: the best of a few repeats is reported.
"""
from __future__ import annotations
import argparse, dataclasses, time, types
import numpy as np, pandas as pd
from godmode.config import get_config
from godmode.env import TradingEnv, VectorTradingEnv
from godmode.backtest import run_policy, ma_crossover, compare, positions_to_returns

def make_span(bars: int, window: int = 64):
    "The train span of the planted-regime market (godmode.features), or random arrays of the same shape."
    cfg = get_config("debug", {"data.window": window, "data.synth_bars": bars})
    try:
        from godmode.features import prepare_market
    except ImportError:
        prepare_market = None
    if prepare_market is not None:
        t = time.perf_counter()
        span = prepare_market(cfg).spans["train"]
        print(f"span: planted-regime market via godmode.features.prepare_market ({time.perf_counter() - t:.1f} s to build)")
        return span, cfg
    print("span: godmode.features is missing -> random arrays of the right shape")
    rng, n, f = np.random.default_rng(0), int(bars * 0.7), 15
    ret = rng.normal(0, 0.003, n)
    span = types.SimpleNamespace(obs=rng.normal(size=(n, window, f)).astype(np.float32), next_ret=ret,
                                 time=pd.date_range("2018-01-02", periods=n, freq="h", tz="UTC"),
                                 close=1300 * np.exp(np.cumsum(ret)), bars_per_year=5980.0, name="random")
    return span, cfg

def head(span, n):
    "The first `n` bars of a span."
    per_bar = {k: v[:n] for k, v in vars(span).items() if hasattr(v, "__len__") and not isinstance(v, str)
               and len(v) == len(span.next_ret)}
    if dataclasses.is_dataclass(span): return dataclasses.replace(span, **per_bar)
    return types.SimpleNamespace(**{**vars(span), **per_bar})

def best(fn, repeats=3):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

def main(bars: int = 30_000):
    span, cfg = make_span(bars)
    n, w, f = span.obs.shape
    print(f"span {getattr(span, 'name', '')!r}: {n} bars, window {w}, {f} features, {span.bars_per_year:.0f} bars/year")
    env = TradingEnv(span, cfg.env, episode_bars=512, seed=0)
    actions = np.random.default_rng(0).integers(0, 3, 20_000)
    def single():
        env.reset()
        for a in actions:
            _, _, term, trunc, _ = env.step(a)
            if term or trunc: env.reset()
    print(f"TradingEnv:       {len(actions) / best(single):>12,.0f} steps/s")
    for num_envs in (256, 1024):
        venv = VectorTradingEnv(span, cfg.env, num_envs=num_envs, seed=0, episode_bars=512)
        acts = np.random.default_rng(0).integers(0, 3, (200, num_envs))
        def vector():
            venv.reset()
            for a in acts: venv.step(a)
        print(f"VectorTradingEnv: {acts.size / best(vector):>12,.0f} steps/s  (num_envs={num_envs}, episodes of 512 bars)")
    year = head(span, int(round(span.bars_per_year)))
    k = len(year.next_ret)
    print(f"backtest of one year ({k} bars):")
    plan = ma_crossover().positions(year)
    print(f"  positions_to_returns          {best(lambda: positions_to_returns(plan, year, cfg.env)) * 1e3:8.2f} ms")
    print(f"  run_policy(ma_crossover)      {best(lambda: run_policy(ma_crossover(), year, cfg.env)) * 1e3:8.2f} ms")
    print(f"  run_policy(stepped callable)  {best(lambda: run_policy(lambda obs, info: 2, year, cfg.env)) * 1e3:8.2f} ms")
    res = run_policy(ma_crossover(), year, cfg.env)
    print(f"  compare (1000 bootstraps)     {best(lambda: compare([res])) * 1e3:8.2f} ms")

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bars", type=int, default=30_000, help="bars of the synthesised market (the train span is 70%%)")
    main(p.parse_args().bars)

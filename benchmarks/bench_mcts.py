"""Speed of `godmode.mcts` at the `seed` preset (the reference sizes), with a freshly initialised agent.

Prints, for each world-model variant:
  1. milliseconds per single decision (`DreamerMCTSAgent.act`, batch 1, posterior update included) at 10, 50 and
     100 simulations, with classic sequential MCTS (1 leaf per model call) and with leaf parallelism (2 and 4 leaves
     per call, `--leaves`; 4 is the most that still solves the trap test of nbs/40_mcts at 50 simulations), each with
     the search model in float32, bfloat16 and int8 (`search.precision`), eager and traced into TorchScript graphs
     (`search.compile`, `--compile no yes`), and the cost of one round of model calls by
     batch size (it barely grows from 1 to 8 leaves: the weights read set it). Whether a setting keeps the decisions
     of sequential float32 search is measured by `search_quality.py`;
  2. decisions per second when many roots are searched in one batch (50 simulations);
  3. the wall time of a backtest over the test span of the planted-regime market (`seed` preset: 30,000 bars,
     the test span is ~6,000 hourly bars, about one year) at 50 simulations, via `DreamerMCTSAgent.positions`.

Targets (issues 4 and 19): <= 25 ms x 180 / G per decision at 50 simulations on a machine whose float32 matmul reaches G
GFLOP/s at the benchmark's threads (the `machine:` line), <= 60 s for the one-year backtest.

The machine's cores are usually shared with other jobs: timings are noisy. We report the median and the best of
several repeats and the load average before and after; compare numbers only within one run.

Issue 16: `--assets 3` searches one agent's 27 joint actions over three assets (its observation a window of the three
assets' 39 features a bar, random: speed does not depend on the data), to compare with the default one asset; the
backtest is skipped then.

Run:  .venv/bin/python benchmarks/bench_mcts.py [--variants seed exogenous] [--threads 1] [--repeats 5] [--quick] [--assets 3]
      [--leaves 2 4] [--precisions float32 bfloat16 int8] [--compile no yes] [--segment-bars 64 128] [--no-backtest]
"""
from __future__ import annotations
import argparse, os, time
import numpy as np
import torch

from godmode.config import get_config
from godmode.agent import DreamerV3Agent, PRECISIONS
from godmode.features import prepare_market
from godmode.mcts import DreamerMCTSAgent
from _machine import REFERENCE_GFLOPS, machine_line, matmul_gflops, timed



def load(): return "load average %.1f %.1f %.1f" % os.getloadavg()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--variants", nargs="+", default=["seed", "exogenous"], choices=["seed", "exogenous"])
    p.add_argument("--threads", type=int, default=1,
                   help="torch CPU threads (default 1: on cores shared with other jobs two threads run 5-20x slower)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--leaves", nargs="+", type=int, default=[2, 4], help="leaves per model call of the leaf-parallel rows")
    p.add_argument("--precisions", nargs="+", default=list(PRECISIONS), choices=list(PRECISIONS))
    p.add_argument("--compile", nargs="+", default=["no", "yes"], choices=["no", "yes"], help="search model eager, traced (search.compile), or both")
    p.add_argument("--batch", nargs="+", type=int, default=[64, 256])
    p.add_argument("--quick", action="store_true", help="a 1,000-bar backtest instead of the whole test span")
    p.add_argument("--no-backtest", action="store_true")
    p.add_argument("--assets", type=int, default=1, help="assets of the agent: 3 searches 27 joint actions (no backtest)")
    p.add_argument("--segment-bars", nargs="+", type=int, default=[None],
                   help="seed variant: bars per lockstep segment of the backtest (default: cfg.search.segment_bars)")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    gflops = matmul_gflops(2)   # the target scales with the machine's 2-thread speed, whatever threads the search uses
    print(machine_line(2, gflops))
    print(f"godmode MCTS benchmark: torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cpus, {load()}")
    print("NOTE: the cores are shared with other jobs; timings are noisy (median / best of repeats shown).")

    t0 = time.perf_counter()
    cfg0 = get_config("seed")
    market = prepare_market(cfg0)
    span = market.spans["test"]
    if a.quick: span = _head(span, 1000)
    n, obs_dim = len(span), span.obs.shape[1] * span.obs.shape[2]
    print(f"data: planted-regime market, seed preset ({cfg0.data.synth_bars} bars), test span {n} bars "
          f"({n / span.bars_per_year:.2f} years), obs_dim {obs_dim}; prepared in {time.perf_counter() - t0:.1f} s")
    obs = span.obs.reshape(n, -1)
    A = a.assets
    if A > 1:   # a portfolio: random observations of its size, joint actions held by index in the search
        from bench_agent import n_features
        obs_dim = cfg0.data.window * n_features(A)
        obs = np.random.default_rng(0).normal(size=(max(a.batch) + 2, obs_dim)).astype(np.float32)
        print(f"portfolio of {A} assets: {3 ** A} joint actions, obs_dim {obs_dim} (random observations); no backtest")

    for variant in a.variants:
        cfg = get_config("seed", {"model.variant": variant})
        agent = DreamerV3Agent(obs_dim, 3 ** A, cfg, assets=A)
        flat = float(agent.position_index(np.zeros(A, np.float32)))               # the search's root position: flat (its index for a portfolio)
        print(f"\n== variant {variant!r}: {agent.num_params()['total'] / 1e6:.1f}M parameters, {agent.action_dim} actions, fresh weights ==")

        # 1. single decisions
        h, z = agent.initial(1)
        held = np.zeros((1, A) if A > 1 else 1, np.float32)
        _, (h, z) = agent.act(obs[:1], h, z, held)
        x = obs[1:2]
        print("single decision (act on batch 1: posterior update + search), ms median / best:")
        at50 = {}
        settings = [(precision, c == "yes") for precision in a.precisions for c in a.compile]
        name = lambda precision, compiled: precision + (" compiled" if compiled else "")
        for precision, compiled in settings:
            for leaves in (1, *a.leaves):
                row = []
                for sims in (10, 50, 100):
                    m = DreamerMCTSAgent(agent, num_simulations=sims, leaves_per_step=leaves, precision=precision, compile=compiled)
                    med, best = timed(lambda: m.act(x, h, z, held), a.repeats)
                    row.append(f"{sims:>3} sims {med * 1e3:7.1f} / {best * 1e3:7.1f}")
                    if sims == 50: at50[f"{leaves} leaf/call, {name(precision, compiled)}"] = med * 1e3
                print(f"  {name(precision, compiled):>17}, {leaves} leaf/call:  " + " | ".join(row))
        fastest, target = min(at50, key=at50.get), 25 * REFERENCE_GFLOPS / gflops
        print(f"  target <= 25 x 180 / {gflops:.0f} = {target:.1f} ms at 50 simulations: {'met' if at50[fastest] <= target else 'NOT met'} "
              f"(fastest: {fastest}, {at50[fastest]:.1f} ms median; a faster setting counts only if search_quality.py passes it)")
        med, best = timed(lambda: agent.act(x, h, z, held), a.repeats)
        print(f"  actor only:   {med * 1e3:.1f} / {best * 1e3:.1f}")
        for precision, compiled in settings:  # one round of model calls, as each expansion makes them
            sm, row = agent.search_model(precision, compile=compiled), []
            for B in (1, 4, 8, 32, 128):
                hb, zb = sm.root(h.expand(B, -1).contiguous(), z.expand(B, -1).contiguous())
                pb, ab = torch.full((B,), flat if A > 1 else 0.0), torch.ones(B, dtype=torch.long)
                def one_round():
                    nxt, _ = sm.step((hb, zb), pb, ab); sm.prior(nxt, pb); sm.value(nxt, pb)
                row.append(f"{B} {timed(one_round, a.repeats)[0] * 1e3:.2f}")
            print(f"  one model round (step + actor + critic), {name(precision, compiled)}, by leaves per call, ms median: " + ", ".join(row))

        # 2. many roots in one batch
        hs, zs = agent.observe(obs[:max(a.batch)])
        print("batched search, 50 simulations (decisions/s, median / best):")
        for R in a.batch:
            m = DreamerMCTSAgent(agent, num_simulations=50)
            st, pos = (hs[:R], zs[:R]), torch.full((R,), flat if A > 1 else 0.0)
            med, best = timed(lambda: m.mcts.search(st, pos), max(1, a.repeats // 2))
            print(f"  {R:>5} roots: {R / med:8.0f} / {R / best:8.0f}  ({med:.2f} s a batch)")

        # 3. the backtest
        if a.no_backtest or A > 1: continue
        for seg in (a.segment_bars if variant == "seed" else [None]):
            m = DreamerMCTSAgent(agent, num_simulations=50, segment_bars=seg)
            t = time.perf_counter(); pos = m.positions(span); wall = time.perf_counter() - t
            stats = {k: (round(v, 1) if isinstance(v, float) else v) for k, v in m.stats.items()}
            what = f", segments of {m.segment_bars} bars" if variant == "seed" else ""
            print(f"backtest over {n} bars at 50 simulations{what}: {wall:.1f} s ({n / wall:.0f} bars/s; {stats}); {load()}")
        t = time.perf_counter(); m.positions(span, use_mcts=False); print(f"  actor-only over the same span: {time.perf_counter() - t:.1f} s")
    print(f"\ndone in {time.perf_counter() - t0:.0f} s; {load()}")


def _head(span, k):
    "The first `k` bars of a MarketSpan."
    from dataclasses import replace
    cut = lambda v: None if v is None else v[:k]
    return replace(span, obs=span.obs[:k], next_ret=span.next_ret[:k], time=span.time[:k], close=span.close[:k],
                   features=span.features[:k], regime=cut(span.regime))


if __name__ == "__main__":
    main()

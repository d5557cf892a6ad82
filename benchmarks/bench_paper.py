"""Latency of paper trading (issue 18): from a bar's arrival to its order, with the actor and with MCTS, at the `cpu` preset.

Makes a run folder at the `cpu` preset on the planted-regime market (an agent after a couple of training steps: the
latency does not depend on what it learned), writes the first `--bars` bars of its test span to a feed file, and
streams them through `godmode.paper.PaperTrader` one line at a time: with the actor, with MCTS at `--sims`
simulations as the run's config searches (sequential, float32), and with MCTS at 2 leaves per model call in int8, a
faster setting whose decisions agree with sequential float32 search as often as a reseeded search's do
(`search_quality.py`, the table in nbs/40_mcts.ipynb). Prints the median, 95th percentile and maximum of each bar's latency (the line parsed and
checked, the features of the last 1,024 bars, the posterior update, the decision, the order to the paper broker) and
how much of it the features take, beside the machine's matmul speed.

Target (issue 18): under 100 ms a bar on these machines (2 cores, ~180 GFLOP/s), for the actor and for MCTS at 50.

Run:  .venv/bin/python benchmarks/bench_paper.py [--bars 300] [--sims 50] [--threads 1] [--out /tmp/bench_paper]
"""
from __future__ import annotations
import argparse, os, shutil, time
from pathlib import Path
import numpy as np
import torch

from godmode.config import get_config, override
from godmode.train import train
from godmode.paper import PaperTrader, CsvFeed, run_paper, feed_text
from _machine import machine_line


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bars", type=int, default=300)
    p.add_argument("--sims", type=int, default=50)
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1, as `godmode paper` runs)")
    p.add_argument("--out", default="/tmp/bench_paper")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    print(machine_line(a.threads))
    out = Path(a.out); shutil.rmtree(out, ignore_errors=True)
    cfg = override(get_config("cpu"), {"train.steps": 2, "train.pretrain_steps": 0, "train.prefill": 512, "train.checkpoint_every": 2})
    t0 = time.perf_counter(); train(cfg, out / "run", progress=False)
    print(f"run folder at the cpu preset in {time.perf_counter() - t0:.0f} s")
    for sims, search in ((0, {}), (a.sims, {}), (a.sims, {"leaves_per_step": 2, "precision": "int8"})):
        tr = PaperTrader(out / "run", mcts=sims, search=search, fresh=True, echo=None)
        span, frame = tr.market.spans["test"], tr.market.frame
        feed = out / "feed.csv"
        feed.write_text(feed_text(frame, frame.index[frame.index >= span.time[0]][:a.bars]))
        feats, observe = [], tr._observation
        def timed_observation():
            t = time.perf_counter(); x = observe(); feats.append((time.perf_counter() - t) * 1e3); return x
        tr._observation = timed_observation
        run_paper(tr, CsvFeed(feed), poll_s=0, idle_exit_s=0, page_every=1e9)
        lat = np.array(tr.latencies[5:])                                   # the first bars warm the caches up
        what = f"MCTS, {sims} simulations" + (", 2 leaves, int8" if search else "") if sims else "actor"
        print(f"{what:>38}: latency median {np.median(lat):.1f} ms, 95% {np.quantile(lat, 0.95):.1f} ms, max {lat.max():.1f} ms over {len(lat)} bars; "
              f"features {np.median(feats[5:]):.1f} ms of it; target < 100 ms: {'met' if np.quantile(lat, 0.95) < 100 else 'NOT met'} (95th percentile)")
    print(machine_line(a.threads))


if __name__ == "__main__":
    main()

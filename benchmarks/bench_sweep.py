"""Wall time of a sweep on local Ray against the same trials run one after another without Ray.

Target: 4 debug trials (2 configurations x 2 seeds, train + analyze + backtest each) on a 2-core machine take at most
0.7x as long as a sweep as they do one after another. The sweep's time includes starting and stopping Ray; the
sequential runs are the very `godmode run` commands the sweep's trials run (`sweep.trial_command`). Also printed:
Ray's start-up and shut-down alone, each trial's own wall time in both modes, and Ray's overhead per trial:
(sweep wall - Ray start/stop - the trials' summed wall / the CPUs) / trials.

  .venv/bin/python benchmarks/bench_sweep.py            # needs an idle machine: the figures are wall times
"""
from __future__ import annotations
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line

TARGET = 0.7
SPEC = {"name": "bench", "preset": "debug", "grid": {"model.deter": [32, 48]}, "seeds": [0, 1]}
RAY_START = """
import time, ray
t = time.perf_counter(); ray.init(num_cpus={cpus}, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
up = time.perf_counter() - t; ray.shutdown(); print(up, time.perf_counter() - t)
"""


def trial_walls(out: Path, trials) -> list[float]:
    "Each trial's own wall time (`run.json` wall_seconds, written by `godmode run`)."
    return [json.loads((out / t.run_id / "run.json").read_text()).get("wall_seconds", float("nan")) for t in trials]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cpus", type=int, default=2)
    p.add_argument("--out", default=None, help="folder of the runs (default: a new temporary folder, kept)")
    a = p.parse_args()
    from godmode.sweep import parse_spec, expand, trial_command
    print(machine_line(), flush=True)
    root = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="godmode-bench-sweep-"))
    spec_path = root / "spec.json"
    root.mkdir(parents=True, exist_ok=True); spec_path.write_text(json.dumps(SPEC))
    spec = parse_spec(spec_path); trials = expand(spec)

    seq_out = root / "sequential"
    t0 = time.perf_counter()
    for t in trials:
        subprocess.run(trial_command(spec, t, seq_out), check=True, stdout=subprocess.DEVNULL)
    seq = time.perf_counter() - t0
    print(f"one after another, no Ray: {len(trials)} trials in {seq:.1f} s", flush=True)

    sweep_out = root / "sweep"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "godmode.cli", "sweep", str(spec_path), "--out", str(sweep_out), "--cpus", str(a.cpus)],
                   check=True, stdout=subprocess.DEVNULL)
    sweep = time.perf_counter() - t0
    print(f"godmode sweep on local Ray ({a.cpus} CPUs): {len(trials)} trials in {sweep:.1f} s, Ray start-up included", flush=True)

    up, up_down = map(float, subprocess.run([sys.executable, "-c", RAY_START.format(cpus=a.cpus)], check=True,
                                            capture_output=True, text=True).stdout.split()[-2:])
    w_seq, w_sweep = trial_walls(seq_out, trials), trial_walls(sweep_out, trials)
    overhead = (sweep - up_down - sum(w_sweep) / a.cpus) / len(trials)
    print(f"trial wall times (godmode run), one after another: {', '.join(f'{w:.1f}' for w in w_seq)} s; "
          f"in the sweep, {a.cpus} at a time: {', '.join(f'{w:.1f}' for w in w_sweep)} s")
    print(f"Ray alone: start-up {up:.1f} s, start-up and shut-down {up_down:.1f} s; "
          f"Ray's overhead per trial (sweep - Ray start/stop - summed trial walls / {a.cpus}) / {len(trials)}: {overhead:.1f} s")
    ratio = sweep / seq
    print(f"\nbench_sweep: sweep {sweep:.1f} s / one after another {seq:.1f} s = {ratio:.2f}x "
          f"(target <= {TARGET}x: {'met' if ratio <= TARGET else 'MISSED'}); runs in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

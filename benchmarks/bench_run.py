"""Wall time of the main job, `godmode run` (train + analyze + backtest with their HTML reports).

Target: at most 10 minutes at the `cpu` preset on a 2-core machine whose 2-thread float32 matmul reaches about 180
GFLOP/s: the script measures this machine's speed G (2048 x 2048, best of several rounds) and prints the wall time W
beside the scaled time W x G / 180, which must be at most 600 s on any machine. Runs the real console script in a subprocess
(a fresh process, as a user would), into a new temporary folder unless `--out` is given, then prints the wall time,
the time of each pipeline step, and the headline numbers (regimes found, adjusted Rand index against the planted
regimes, Sharpe ratios on the test span).

  .venv/bin/python benchmarks/bench_run.py                      # cpu preset, planted-regime market
  .venv/bin/python benchmarks/bench_run.py --data shared        # the real 2018-2022 data of ../shared/data
  .venv/bin/python benchmarks/bench_run.py --preset debug -- -o model.variant=exogenous

The real data is never needed: with `--data shared` and no ../shared/data next to the repository, this script
says so and stops. Timings are noisy on a shared machine.
"""
from __future__ import annotations
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import matmul_gflops, scaled_seconds, REFERENCE_GFLOPS

TARGET_S = 600


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--data", default="synth", help="synth (default), shared or a CSV path")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--out", default=None, help="folder of the runs (default: a new temporary folder, kept)")
    p.add_argument("extra", nargs="*", help="more `godmode run` arguments (after --)")
    a = p.parse_args()
    if a.data == "shared":
        from godmode.data import shared_data_dir
        if shared_data_dir() is None:
            print("bench_run: the real data (../shared/data/raw next to the repository) is MISSING: nothing to run on; "
                  "use --data synth (the default) or a CSV path")
            return 0
    exe = Path(sys.executable).with_name("godmode")
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="godmode-bench-"))
    cmd = [str(exe) if exe.exists() else "godmode", "run", "--preset", a.preset, "--data", a.data, "--out", str(out),
           "--run-id", "bench", *(["--seed", str(a.seed)] if a.seed is not None else []),
           *(["--steps", str(a.steps)] if a.steps is not None else []), *a.extra]
    gflops = matmul_gflops()
    print(f"machine: float32 matmul {gflops:.0f} GFLOP/s (2 threads, 2048 x 2048, best of 7)", flush=True)
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    code = subprocess.call(cmd)
    wall = time.perf_counter() - t0
    run_dir = out / "bench"
    info = json.loads((run_dir / "run.json").read_text()) if (run_dir / "run.json").exists() else {}
    gflops = max(gflops, matmul_gflops())          # measured again after the run: the best is the machine's speed
    scaled = scaled_seconds(wall, gflops)
    print(f"\nbench_run: godmode run --preset {a.preset} --data {a.data}: exit {code}, wall time W {wall:.0f} s ({wall / 60:.1f} min) "
          f"on a {gflops:.0f} GFLOP/s machine; scaled to {REFERENCE_GFLOPS:.0f} GFLOP/s: {scaled:.0f} s "
          f"(target <= {TARGET_S} s: {'met' if scaled <= TARGET_S else 'MISSED'})")
    for step in ("train", "analyze", "backtest"):
        if f"{step}_seconds" in info: print(f"  {step:9s} {info[f'{step}_seconds']:7.1f} s")
    read = lambda step: json.loads((run_dir / f"{step}.json").read_text()) if (run_dir / f"{step}.json").exists() else {}
    an, bt = read("analyze"), read("backtest")
    if an:
        print(f"  regimes found: {an.get('k')} ({an.get('method')}), ARI vs planted (all bars): causal {an.get('ari')}, smoothed "
              f"{an.get('ari_smoothed')}; at the true k: {an.get('ari_true_k')}; HMM anchor causal (test span): {an.get('hmm_causal_ari')}; "
              f"raw-feature ARI: {an.get('feature_ari')}; probe ARI latent {an.get('probe_ari')} vs features {an.get('feature_probe_ari')}")
        print(f"  regimes: {an.get('regimes')}")
    if bt:
        print("  test Sharpe: " + ", ".join(f"{k[7:]} {v:.2f}" for k, v in bt.items() if k.startswith("sharpe_") and v is not None))
    print(f"  reports: {run_dir}")
    return code


if __name__ == "__main__":
    sys.exit(main())

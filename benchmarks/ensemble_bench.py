"""What the world-model ensemble's disagreement knows: after regime switches, about its own errors, and for trading.

For each data source and seed, `godmode run --preset ensemble` (five members; resumed when its folder exists) trains,
analyzes and backtests into OUT/<data>-seed<k>/, and this script gathers the figures its reports computed:

- **after switches** (planted market only): the mean disagreement over the 24 bars that follow a planted regime
  switch minus that over the other bars, compared within ten bins of the members' mean predicted volatility (so a
  volatility detector scores about 0), relative to the mean elsewhere; over the test span (bars never trained on) and
  over all bars, with its p-value against 199 random placements of the same after-switch bars;
- **own error**: the partial Spearman correlation on the test span between the disagreement and the absolute error
  of the ensemble's next-return forecast, with the predicted volatility held fixed (block-bootstrap 95% interval);
- **coverage**: the test-span Sharpe ratio of the actor and MCTS when they trade only the bars whose disagreement is
  at most the 100/80/60/40% quantile of the validation span's.

Each figure for each seed, then the mean over seeds with a percentile bootstrap interval over seeds. The real data
(test 2022) is used only when ../shared/data is next to the repository.

  .venv/bin/python benchmarks/ensemble_bench.py                          # planted market and real gold, seeds 0-2
  .venv/bin/python benchmarks/ensemble_bench.py --data synth --seeds 0   # one seed of the planted market
"""
from __future__ import annotations
import argparse, json, subprocess, sys, time
from pathlib import Path
import numpy as np, pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line
from _seed_runs import bootstrap_mean_ci

MEASURES = ("return", "prior")


def run_folder(out: Path, data: str, seed: int) -> Path: return out / f"{data}-seed{seed}"


def finished(run_dir: Path) -> bool:
    "Whether the run's three reports are done, with the figures this script reads."
    info = json.loads((run_dir / "run.json").read_text()) if (run_dir / "run.json").exists() else {}
    if any(info.get("status", {}).get(s) != "ok" for s in ("train", "analyze", "backtest")): return False
    an = json.loads((run_dir / "analyze.json").read_text()).get("disagreement_after_switches") or {}
    return "partial_spearman_error" in an


def run_one(out: Path, data: str, seed: int, preset: str, threads: int, extra: list[str]) -> float:
    "Train, analyze and backtest one seed in a fresh process (resuming its folder); the wall seconds spent."
    exe = Path(sys.executable).with_name("godmode")
    cmd = [str(exe) if exe.exists() else "godmode", "run", "--preset", preset, "--data", data, "--seed", str(seed), "--out", str(out),
           "--run-id", run_folder(out, data, seed).name, "--threads", str(threads), *extra]
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.time()
    if subprocess.call(cmd, stdout=subprocess.DEVNULL): raise SystemExit(f"ensemble_bench: {' '.join(cmd)} failed: see {run_folder(out, data, seed)}")
    return time.time() - t0


def seed_figures(run_dir: Path) -> dict:
    "The figures of one finished run folder."
    an = json.loads((run_dir / "analyze.json").read_text())["disagreement_after_switches"]
    bt = json.loads((run_dir / "backtest.json").read_text())
    fig = {f"partial Spearman, {m}": an["partial_spearman_error"][m]["point"] for m in MEASURES}
    fig |= {f"partial Spearman CI, {m}": (an["partial_spearman_error"][m]["lo"], an["partial_spearman_error"][m]["hi"]) for m in MEASURES}
    for m in MEASURES:
        for where in ("test span", "all bars"):
            row = (an.get(m) or {}).get(where)
            if row:
                fig[f"after switch - elsewhere, {m}, {where}"] = row["difference"] / row["mean_elsewhere"]   # relative: comparable across seeds
                fig[f"p-value of it, {m}, {where}"] = row.get("p_value", np.nan)
    for r in bt.get("coverage") or []:
        fig[f"Sharpe {r['policy']}, {r['disagreement']}, coverage {r['coverage']:.0%}"] = r["sharpe"]
    return fig


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", nargs="*", default=["synth", "shared"])
    p.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    p.add_argument("--preset", default="ensemble")
    p.add_argument("--jobs", type=int, default=1, help="runs at a time")
    p.add_argument("--threads", type=int, default=None, help="threads per run (default 2 // jobs; 1 on a machine that is busy with other work)")
    p.add_argument("--out", default="runs/ensemble_bench")
    p.add_argument("extra", nargs="*", help="more `godmode run` arguments (after --)")
    a = p.parse_args()
    from godmode.data import shared_data_dir
    datas = [d for d in a.data if d != "shared" or shared_data_dir() is not None]
    if len(datas) < len(a.data): print("ensemble_bench: the real data (../shared/data/raw next to the repository) is MISSING: the planted market only")
    out = Path(a.out).resolve()
    print(machine_line())
    print(f"ensemble_bench: preset {a.preset}, data {datas}, seeds {a.seeds}, folders under {out}")
    todo = [(d, s) for d in datas for s in a.seeds if not finished(run_folder(out, d, s))]
    threads = a.threads or max(1, 2 // a.jobs)
    if todo:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(a.jobs) as ex:
            secs = list(ex.map(lambda ds: run_one(out, *ds, a.preset, threads, a.extra), todo))
        print("runs: " + ", ".join(f"{d} seed {s} {t / 60:.1f} min" for (d, s), t in zip(todo, secs)))
    for d in datas:
        figs = pd.DataFrame({s: seed_figures(run_folder(out, d, s)) for s in a.seeds})
        print(f"\n{'planted market' if d == 'synth' else 'real gold (test 2022)' if d == 'shared' else d}, seeds {a.seeds} "
              "(after switch: (mean after - mean elsewhere) / mean elsewhere, within volatility deciles):")
        rows = {}
        for name, vals in figs.iterrows():
            if name.startswith("partial Spearman CI"): continue
            v = vals.to_numpy(np.float64)
            row = {f"seed {s}": x for s, x in zip(a.seeds, v)}
            if not name.startswith("p-value"): row |= dict(zip(("mean", "lo", "hi"), bootstrap_mean_ci(v)))
            if name.startswith("partial Spearman"):
                ci = figs.loc[name.replace("Spearman", "Spearman CI")]
                row["seeds excluding 0 above"] = sum(lo_ > 0 for lo_, _ in ci)
            rows[name] = row
        print(pd.DataFrame(rows).T.to_string(float_format=lambda x: f"{x:+.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

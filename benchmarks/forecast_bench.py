"""Next-hour volatility and return forecasts on real gold: the world model against GARCH(1,1), EWMA and AR(1).

Real hourly XAUUSD with DXY, S&P 500 and US 10-year from ../shared/data (never needed by the tests): train 2018 to
Oct 2021, test 2022. The world model's forecast at bar t is its return head's Gaussian for the bar after t, read from
the latent state that has seen bars up to t; GARCH(1,1) and EWMA (lambda 0.94) are fitted on the training span and
run with fixed parameters over the test span. Scores on the test span: QLIKE (log f + r^2 / f, lower is better) and
the Mincer-Zarnowitz R^2 of r^2 on f; the QLIKE difference world model minus GARCH with a circular block-bootstrap
95% interval (per seed, and for the seeds' mean loss); return correlation and direction accuracy. Each seed trains
(or resumes) a run folder under --out and keeps its figures there, so the benchmark resumes finished seeds.

  .venv/bin/python benchmarks/forecast_bench.py                 # cpu preset, seeds 0-2, two at a time
  .venv/bin/python benchmarks/forecast_bench.py --seeds 0       # one seed
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line
from _seed_runs import run_seeds, trained, identity

SCORING = "1"   # QLIKE, Mincer-Zarnowitz and direction on the 2022 test span: bump when scoring changes, and finished seeds are scored again

def score_seed(cfg, root) -> dict:
    from godmode import classical as C, regimes as R
    t0 = time.time()
    agent, market, run_dir = trained(cfg, root)
    train_s = time.time() - t0
    spans = [market.spans[k] for k in ("train", "valid", "test")]
    sp = R.join_spans(spans, "all")                              # the latent state at the first test bar has seen all before it
    test = slice(len(spans[0].next_ret) + len(spans[1].next_ret), None)
    latent = R.extract_latents(agent, sp, R.long_positions(sp, cfg.env))[test]
    mean, std = R.latent_forecasts(agent, latent)
    var = std ** 2
    r = spans[2].next_ret
    garch = C.fit_garch(spans[0])
    rows = C.classical_forecasts(spans[0], spans[2])
    rows["world model"] = C.score_forecasts(r, variance=var, mean=mean)
    diff = C.loss_difference_ci(C.qlike_losses(var, r), C.qlike_losses(garch.forecast_span(spans[2]), r), seed=cfg.train.seed)
    return {"seed": cfg.train.seed, "run_dir": str(run_dir), "train_s": round(train_s, 1), "test_bars": int(len(r)),
            "forecasts": rows, "qlike_minus_garch": diff, "wm_qlike_losses": C.qlike_losses(var, r).tolist(),
            "headline": f"QLIKE world model {rows['world model']['qlike']:.4f}, GARCH {rows['GARCH(1,1)']['qlike']:.4f}"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--out", default="runs/forecast_bench")
    p.add_argument("-o", "--set", dest="overrides", action="append", default=[], metavar="SECTION.FIELD=VALUE")
    a = p.parse_args()
    from godmode.data import shared_data_dir
    if shared_data_dir() is None:
        print("forecast_bench: the real data (../shared/data/raw next to the repository) is MISSING: nothing to run on")
        return 0
    from godmode.pipeline import make_config
    from godmode import classical as C
    configs = [make_config(a.preset, "shared", s, a.steps, a.overrides) for s in a.seeds]
    print(machine_line())
    print(f"forecast_bench: preset {a.preset}, real gold (test 2022), overrides {a.overrides or 'none'}, configuration {identity(configs[0])}, seeds {a.seeds}")
    t0 = time.time()
    res = run_seeds(score_seed, configs, a.out, min(a.jobs, len(configs)), SCORING)
    print("\nnext-hour forecasts on 2022, mean over seeds (QLIKE: lower is better; the classical rows do not depend on the seed):")
    table = pd.DataFrame({m: pd.DataFrame([r["forecasts"][m] for r in res]).mean() for m in res[0]["forecasts"]}).T
    print(table.to_string(float_format=lambda v: f"{v:.4f}"))
    for r in res:
        d = r["qlike_minus_garch"]
        print(f"seed {r['seed']}: QLIKE world model - GARCH {d['mean']:+.4f} [{d['lo']:+.4f}, {d['hi']:+.4f}] (block {d['block']} bars)")
    # the seeds' mean forecast loss against GARCH's, with the same block bootstrap
    from godmode.features import prepare_market
    market = prepare_market(configs[0])
    r = market.spans["test"].next_ret
    g = C.qlike_losses(C.fit_garch(market.spans["train"]).forecast_span(market.spans["test"]), r)
    wm = np.mean([np.asarray(x["wm_qlike_losses"]) for x in res], axis=0)
    d = C.loss_difference_ci(wm, g)
    verdict = "no worse than GARCH: MET" if d["mean"] <= 0 else "worse than GARCH: MISSED"
    print(f"mean over seeds: QLIKE world model - GARCH {d['mean']:+.4f}, 95% interval [{d['lo']:+.4f}, {d['hi']:+.4f}]: {verdict}")
    print(f"\nforecast_bench: {time.time() - t0:.0f} s this sitting; training per seed {[x['train_s'] for x in res]} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

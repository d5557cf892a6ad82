"""Issue 17: is an agent trained against the adversarial market maker harder to exploit, at the same exposure?

For each market (the planted-regime market; real gold with its 2022 test span) and seed, trains two agents with the
same settings but one (`adversary.enabled=true`, the robust agent) and then, for each frozen agent, a fresh
best-response adversary in its own imagination (`godmode.adversary.exploitability`, --adv-steps gradient steps).
Prints per run the actor's test-span log PnL without and with the adversary, the drop (exploitability), the share of
what the bounds allow, the exposure and the test Sharpe ratio without the adversary; then the targets over seeds:

  1. the robust agent's exploitability is at most half the plain agent's (mean over seeds, with a bootstrap interval
     of the ratio of the means over seeds), while it keeps at least half of the plain agent's exposure;
  2. without the adversary, the robust agent's test Sharpe lies inside the plain agent's 95% interval (the seeds'
     mean, with the block-bootstrap interval of the plain agent's seed-mean returns).

Each run trains (or resumes) a run folder under --out; finished runs are read back, so the benchmark resumes.

  .venv/bin/python benchmarks/adversary_bench.py                              # cpu preset, both markets, seeds 0-2
  .venv/bin/python benchmarks/adversary_bench.py --markets synth --seeds 0    # one run pair
"""
from __future__ import annotations
import argparse, sys, time
from functools import partial
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line
from _seed_runs import run_seeds, trained, identity, bootstrap_mean_ci

SCORING = "1"   # bump when the scoring changes: finished runs are scored again, their training kept


def score_run(cfg, root, adv_steps: int = 300) -> dict:
    from godmode import adversary as A, backtest as B
    t0 = time.time()
    agent, market, run_dir = trained(cfg, root)
    train_s = time.time() - t0
    span = market.spans["test"]
    actor = B.run_policy(B.AgentPolicy(agent, cfg.env), span, cfg.env)
    ex = A.exploitability(agent, span, cfg.adversary, steps=adv_steps, seed=cfg.train.seed)
    return {"seed": cfg.train.seed, "robust": cfg.adversary.enabled, "run_dir": str(run_dir), "train_s": round(train_s, 1),
            "sharpe": actor.metrics["sharpe"], "log_returns": actor.log_returns.tolist(), "bars_per_year": span.bars_per_year,
            **{k: ex[k] for k in ("pnl", "pnl_adversary", "drop", "largest_drop", "share", "exposure")},
            "headline": f"{'robust' if cfg.adversary.enabled else 'plain'}: drop {ex['drop']:.4f} of {ex['largest_drop']:.4f}, exposure {ex['exposure']:.0%}, Sharpe {actor.metrics['sharpe']:.2f}"}



def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--markets", nargs="+", default=["synth", "shared"], choices=["synth", "shared"])
    p.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--adv-steps", type=int, default=300, help="gradient steps of each best-response adversary")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--out", default="runs/adversary_bench")
    p.add_argument("-o", "--set", dest="overrides", action="append", default=[], metavar="SECTION.FIELD=VALUE")
    a = p.parse_args()
    from godmode.data import shared_data_dir
    from godmode.pipeline import make_config
    from godmode.backtest import bootstrap_sharpe_ci
    print(machine_line())
    for market in a.markets:
        if market == "shared" and shared_data_dir() is None:
            print("adversary_bench: the real data (../shared/data/raw next to the repository) is MISSING: skipping real gold"); continue
        runs = {}
        for robust in (False, True):
            configs = [make_config(a.preset, market, s, a.steps, [*a.overrides, f"adversary.enabled={robust}"]) for s in a.seeds]
            print(f"\n{market}, {'robust' if robust else 'plain'} agent: configuration {identity(configs[0])}, seeds {a.seeds}", flush=True)
            runs[robust] = run_seeds(partial(score_run, adv_steps=a.adv_steps), configs, a.out, min(a.jobs, len(configs)), SCORING)
        print(f"\n== {market}: test span, the actor, best response of {a.adv_steps} steps ==")
        for robust, res in runs.items():
            for r in res: print(f"seed {r['seed']} {r['headline']}")
        plain, robust = ([r["drop"] for r in runs[k]] for k in (False, True))
        exp_p, exp_r = (np.mean([r["exposure"] for r in runs[k]]) for k in (False, True))
        mp, mr = np.mean(plain), np.mean(robust)
        rng = np.random.default_rng(0)
        idx = rng.integers(0, len(plain), (10_000, len(plain)))
        ratio = np.asarray(robust)[idx].mean(1) / np.maximum(np.asarray(plain)[idx].mean(1), 1e-12)
        lo, hi = np.quantile(ratio, [0.025, 0.975])
        ok1 = mr <= 0.5 * mp and exp_r >= 0.5 * exp_p
        (_, plo, phi), (_, rlo, rhi) = bootstrap_mean_ci(plain), bootstrap_mean_ci(robust)
        print(f"exploitability (mean over seeds, bootstrap 95%): plain {mp:.4f} [{plo:.4f}, {phi:.4f}], robust {mr:.4f} [{rlo:.4f}, {rhi:.4f}]; "
              f"ratio {mr / max(mp, 1e-12):.2f} [{lo:.2f}, {hi:.2f}]; exposure plain {exp_p:.0%}, robust {exp_r:.0%}: target 1 {'MET' if ok1 else 'NOT met'}")
        sharpe_r = float(np.mean([r["sharpe"] for r in runs[True]]))
        plain_rets = np.mean([np.asarray(r["log_returns"]) for r in runs[False]], axis=0)
        slo, shi = bootstrap_sharpe_ci(plain_rets, runs[False][0]["bars_per_year"])
        ok2 = slo <= sharpe_r <= shi
        print(f"Sharpe without the adversary: plain {np.mean([r['sharpe'] for r in runs[False]]):.2f} (interval of its seed-mean returns [{slo:.2f}, {shi:.2f}]), "
              f"robust {sharpe_r:.2f}: target 2 {'MET' if ok2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

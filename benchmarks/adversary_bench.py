"""Issue 17: is an agent trained against the adversarial market maker harder to exploit, at the same exposure?

For each market (the planted-regime market; real gold with its 2022 test span) and seed, trains two agents with the
same settings but one (`adversary.enabled=true`, the robust agent) and then, for each frozen agent, a fresh
best-response adversary in its own imagination (`godmode.adversary.exploitability`, --adv-steps gradient steps).
Prints per run the actor's test-span log PnL without and with the adversary, the drop (exploitability), the share of
what the bounds allow, the exposure and the test Sharpe ratio without the adversary; then the targets over seeds:

Against a frozen agent the adversary cannot change what the agent does next, so its problem is a bandit per bar whose
exact solution is its bounds wherever the agent holds or trades (an intervention costs it intervention_cost < 1 of
the harm): the largest drop is the exact best response's, and the learned one's share of it tells how well
`best_response` learned. Target 1 is printed for both.

  1. the robust agent's exploitability is at most half the plain agent's (mean over seeds, with a bootstrap interval
     of the ratio of the means over seeds), while every robust seed keeps at least half of the plain agent's mean
     exposure (a seed that learned to stay flat fails it);
  2. without the adversary, the robust agent's test Sharpe lies inside the plain agent's 95% interval: each is the
     Sharpe ratio of its seeds' mean returns (one strategy holding the seeds' mean position), the interval a block
     bootstrap of the plain agent's.

Each run trains (or resumes) a run folder under --out; finished runs are read back, so the benchmark resumes. All runs of
all markets share one pool of --jobs workers.

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

SCORING = "2"   # 2: the best response learns from its exact payoffs. Bump when the scoring changes: finished runs are scored again, their training kept


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



def report(market: str, plain_runs: list[dict], robust_runs: list[dict], adv_steps: int):
    "Print one market's runs and whether the robust agents meet the two targets."
    from godmode.backtest import bootstrap_sharpe_ci, sharpe
    print(f"\n== {market}: test span, the actor, best response of {adv_steps} steps ==")
    for r in [*plain_runs, *robust_runs]: print(f"seed {r['seed']} {r['headline']}")
    exp_p, exp_r = (np.array([r["exposure"] for r in runs]) for runs in (plain_runs, robust_runs))
    for field, what in (("drop", "learned best response"), ("largest_drop", "exact best response: the bounds on every bar")):
        plain, robust = (np.array([r[field] for r in runs]) for runs in (plain_runs, robust_runs))
        mp, mr = plain.mean(), robust.mean()
        idx = np.random.default_rng(0).integers(0, len(plain), (10_000, len(plain)))
        lo, hi = np.quantile(robust[idx].mean(1) / np.maximum(plain[idx].mean(1), 1e-12), [0.025, 0.975])
        ok1 = mr <= 0.5 * mp and exp_r.min() >= 0.5 * exp_p.mean()
        (_, plo, phi), (_, rlo, rhi) = bootstrap_mean_ci(plain), bootstrap_mean_ci(robust)
        print(f"exploitability, {what} (mean over seeds, bootstrap 95%): plain {mp:.4f} [{plo:.4f}, {phi:.4f}], robust {mr:.4f} [{rlo:.4f}, {rhi:.4f}]; "
              f"ratio {mr / max(mp, 1e-12):.2f} [{lo:.2f}, {hi:.2f}]; exposure plain {exp_p.mean():.0%}, robust {exp_r.mean():.0%} "
              f"(lowest seed {exp_r.min():.0%}): target 1 {'MET' if ok1 else 'NOT met'}")
    bpy = plain_runs[0]["bars_per_year"]
    seed_mean = lambda runs: np.mean([np.asarray(r["log_returns"]) for r in runs], axis=0)   # one strategy: the seeds' mean position
    sp, sr = sharpe(seed_mean(plain_runs), bpy), sharpe(seed_mean(robust_runs), bpy)
    slo, shi = bootstrap_sharpe_ci(seed_mean(plain_runs), bpy)
    each = lambda runs: ", ".join(f"{r['sharpe']:.2f}" for r in runs)
    print(f"Sharpe without the adversary, of the seeds' mean returns: plain {sp:.2f} [{slo:.2f}, {shi:.2f}] (block bootstrap 95%), robust {sr:.2f} "
          f"(seeds: plain {each(plain_runs)}; robust {each(robust_runs)}): target 2 {'MET' if slo <= sr <= shi else 'NOT met'}")


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
    print(machine_line())
    markets = [m for m in a.markets if m != "shared" or shared_data_dir() is not None]
    if len(markets) < len(a.markets): print("adversary_bench: the real data (../shared/data/raw next to the repository) is MISSING: skipping real gold")
    configs = {(m, robust): [make_config(a.preset, m, s, a.steps, [*a.overrides, f"adversary.enabled={robust}"]) for s in a.seeds]
               for m in markets for robust in (False, True)}
    for (m, robust), cs in configs.items(): print(f"{m}, {'robust' if robust else 'plain'} agent: configuration {identity(cs[0])}, seeds {a.seeds}", flush=True)
    done = iter(run_seeds(partial(score_run, adv_steps=a.adv_steps), [c for cs in configs.values() for c in cs], a.out, a.jobs, SCORING))  # one pool: no idle worker
    results = {key: [next(done) for _ in cs] for key, cs in configs.items()}
    for m in markets: report(m, results[m, False], results[m, True], a.adv_steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())

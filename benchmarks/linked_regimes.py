"""The linked planted market (two assets, three joint regimes): does one world model over both assets recover the regimes?

Issue 16's target: a causal ARI of at least 0.6 on the joint regimes, and at least a Gaussian HMM's on both assets'
returns. For each seed: `godmode.train.train` on `data.source = "linked"` (`--hours` hours; a run folder under
`--out` is resumed if it is there), then, on the test span (the last part, which training never saw), the causal ARI of:

- the world model: the run's regime readout (`godmode.regimes.analyze_regimes`, `analysis.method` of the preset: with
  `hmm`, an HMM on the world model's per-asset volatility forecasts) and k-means (k = 3) on its latent states;
- a Gaussian HMM (k = 3, full covariance) on both assets' returns of the bar just closed (`godmode.classical.asset_returns`);
- an oracle bound: the forward filter of the market's own switching autoregression with its true parameters
  (`godmode.synth.LINKED_PARAMS`), which no learner can beat on average.

The momentum and reversion regimes have the same volatilities and differ only in the sign of each asset's lag-1
autocorrelation (+-0.3): a model must learn how returns follow returns, not only how large they are. The last
columns say whether it did: the correlation of the world model's next-return forecast with the return just closed,
within each true regime (the market's own: +0.3 in momentum, -0.3 in reversion, 0 in stress).

  .venv/bin/python benchmarks/linked_regimes.py --seeds 0 1 2 --out runs/linked
"""
from __future__ import annotations
import argparse, json, sys, time


def oracle_labels(frame, params, names, transitions):
    "Causal labels of the linked market's regimes by the forward filter of its switching AR(1) with the true parameters."
    import numpy as np, pandas as pd
    from godmode.classical import forward_filter
    g_open = frame["gold", "is_open"].to_numpy(bool)
    rc = np.r_[0.0, np.diff(np.log(frame["coin", "close"].to_numpy()))]
    rg = np.r_[0.0, np.diff(np.log(pd.Series(frame["gold", "close"].to_numpy()).ffill().bfill().to_numpy()))]
    prev_g = pd.Series(np.where(g_open, rg, np.nan)).shift(1).ffill().fillna(0.0).to_numpy()   # gold's last traded return before t
    prev_c = np.r_[0.0, rc[:-1]]
    ll = np.zeros((len(rc), len(names)))
    for k, name in enumerate(names):
        p = params[name]
        (dg, vg, fg), (dc, vc, fc), rho = p["gold"], p["coin"], p["corr"]
        zc = ((rc - dc) - fc * (prev_c - dc)) / vc
        zg = ((rg - dg) - fg * (prev_g - dg)) / vg
        both = -np.log(vg * vc * np.sqrt(1 - rho ** 2)) - (zg ** 2 - 2 * rho * zg * zc + zc ** 2) / (2 * (1 - rho ** 2))
        ll[:, k] = np.where(g_open, both, -np.log(vc) - zc ** 2 / 2)
    stay = np.array([1 - 1 / params[n]["mean_bars"] for n in names])
    A = (1 - stay)[:, None] * transitions + np.diag(stay)
    return forward_filter(ll, A, np.full(len(names), 1 / len(names))).argmax(1)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--variant", default="exogenous", choices=["seed", "exogenous"])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--hours", type=int, default=24 * 7 * 150, help="length of the linked market (150 weeks by default)")
    p.add_argument("--out", default="runs/linked")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("-o", dest="overrides", action="append", default=[], help="config overrides section.field=value (JSON values)")
    a = p.parse_args()
    import numpy as np, torch
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score as ari
    from godmode.config import get_config
    from godmode.features import prepare_market
    from godmode.train import train
    from godmode.regimes import analyze_regimes, reduce_latents, latent_forecasts
    from godmode.classical import asset_returns, fit_hmm
    from godmode.synth import make_linked_market, LINKED_PARAMS, LINKED_REGIMES, LINKED_TRANSITIONS
    from _machine import matmul_gflops
    torch.set_num_threads(a.threads)
    print(f"linked_regimes: preset {a.preset}, variant {a.variant}, {a.hours:,} hours, seeds {a.seeds}, overrides {a.overrides}; "
          f"machine {matmul_gflops():.0f} GFLOP/s", flush=True)
    cols = ("world model (readout)", "world model (k-means)", "HMM on returns", "oracle")
    rows = []
    for seed in a.seeds:
        cfg = get_config(a.preset, [f"data.source=linked", f"data.synth_bars={a.hours}", f"model.variant={a.variant}", f"train.seed={seed}", *a.overrides])
        market = prepare_market(cfg)
        t0 = time.time()
        tag = "".join(f"-{o.replace('=', '')}" for o in a.overrides)
        res = train(cfg, f"{a.out}/{a.preset}-{a.variant}-s{seed}{tag}", market=market, progress=False)
        an = analyze_regimes(res.agent, market, cfg)
        n_tr, n_va = len(market["train"]), len(market["valid"])
        test, fit = slice(n_tr + n_va, None), slice(0, n_tr)
        truth = an.span.regime
        red = reduce_latents(an.latent, seed=seed)
        km = KMeans(3, n_init=4, random_state=seed).fit(red[fit]).predict(red)
        r = asset_returns(an.span)
        hmm = fit_hmm(r.iloc[fit], k=3, columns=tuple(r.columns), seed=seed).causal_labels(r)
        frame, _, _ = make_linked_market(a.hours, seed=seed)
        oracle = oracle_labels(frame, LINKED_PARAMS, LINKED_REGIMES, LINKED_TRANSITIONS)[frame.index.get_indexer(an.span.time)]
        row = dict(zip(cols, (ari(truth[test], lab[test]) for lab in (an.labels, km, hmm, oracle))))
        mean, _ = latent_forecasts(res.agent, an.latent)
        past = r.to_numpy()
        link = {name: [float(np.corrcoef(mean[truth == k, j], past[truth == k, j])[0, 1]) for j in range(2)] for k, name in enumerate(LINKED_REGIMES)}
        rows.append(row)
        print(f"seed {seed}: {res.step} steps in {(time.time() - t0) / 60:.1f} min; causal ARI on the test span: "
              + ", ".join(f"{k} {v:.3f}" for k, v in row.items()) + "; corr(forecast, last return) by regime (gold, coin): "
              + ", ".join(f"{k} {v[0]:+.2f} {v[1]:+.2f}" for k, v in link.items()), flush=True)
    print("\nmean over seeds (min, max):")
    for c in cols:
        v = [r[c] for r in rows]
        print(f"  {c:24s} {np.mean(v):.3f} ({min(v):.3f}, {max(v):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Regimes found by the world model against the classical anchors, on the planted market, over seeds.

Every method is fitted on the training span and scored on the test span by the adjusted Rand index (ARI) of its
labels against the planted regimes, at the true k = 4 and at the method's own choice of k:
- world model: an HMM with Gaussian-mixture emissions on its next-bar volatility forecast read from each latent
  state, less its hour-of-day mean (`regimes.forecast_readout`, `regimes.hmm_regimes`; causal = forward-filtered,
  smoothed = forward-backward; own k by BIC); and k-means on the latent states (the older readout);
- HMM anchor: `classical.fit_hmm` on gold's and the dollar index's hourly returns (causal, smoothed; own k by BIC);
- a second HMM anchor on the bar's log range and log volume (two of the world model's inputs that the returns anchor
  does not see: what a classical model gets from the same richer bars);
- k-means on the raw per-bar features, standardised on the training span (own k by silhouette);
and the linear probes (latent states vs raw features), the next-hour volatility and return forecasts of the world
model beside GARCH(1,1), EWMA and AR(1). Each seed trains (or resumes) its own run folder under --out and writes its
figures there; finished seeds are read back, so a full run may span several sittings. Then: the mean over seeds, and
the paired per-seed difference world model minus HMM (causal, k = 4) with a bootstrap 95% interval over seeds.

  .venv/bin/python benchmarks/regime_bench.py                       # cpu preset, seeds 0-4, two seeds at a time
  .venv/bin/python benchmarks/regime_bench.py --quick               # seed 0 only, for iterating
  .venv/bin/python benchmarks/regime_bench.py -o train.pretrain_steps=1500    # a variant: its own folder
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line
from _seed_runs import run_seeds, trained, bootstrap_mean_ci, identity

TRUE_K = 4

SCORING = "2"   # the world model read through its de-seasonalised volatility forecast by a mixture-emission HMM: bump when scoring changes, and finished seeds are scored again

def score_seed(cfg, root) -> dict:
    "Train or reload one seed and score every method on its test span."
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from godmode import classical as C, regimes as R
    t0 = time.time()
    agent, market, run_dir = trained(cfg, root)
    train_s = time.time() - t0
    spans = [market.spans[k] for k in ("train", "valid", "test")]
    sp = R.join_spans(spans, "all")
    n_tr, n_va = len(spans[0].next_ret), len(spans[1].next_ret)
    fit, test = slice(0, n_tr), slice(n_tr + n_va, None)
    y = sp.regime[test]
    ari = lambda labels: float(adjusted_rand_score(y, np.asarray(labels)[test]))
    out = {"seed": cfg.train.seed, "run_dir": str(run_dir), "train_s": round(train_s, 1), "test_bars": int(len(y))}
    a = cfg.analysis
    # world model: HMM on its forecasts (causal, smoothed), k = 4 and by BIC; k-means on the latent states at k = 4
    latent = R.extract_latents(agent, sp, R.long_positions(sp, cfg.env))
    read = R.forecast_readout(agent, latent, sp.time, fit)
    wm4, wmk = R.hmm_regimes(read, a, fit, k=TRUE_K, seed=cfg.train.seed), R.hmm_regimes(read, a, fit, seed=cfg.train.seed)
    out.update(wm_causal_k4=ari(wm4.labels), wm_smoothed_k4=ari(wm4.smoothed), wm_causal_own=ari(wmk.labels),
               wm_smoothed_own=ari(wmk.smoothed), wm_k=wmk.k)
    z = R.reduce_latents(latent, seed=0)
    out["wm_kmeans_k4"] = ari(KMeans(TRUE_K, n_init=4, random_state=0).fit(z[fit]).predict(z))
    # the HMM anchor on returns, over the same joined span
    h4 = C.fit_hmm(spans[0], TRUE_K, seed=cfg.train.seed)
    hk = C.fit_hmm(spans[0], range(a.k_min, a.k_max + 1), seed=cfg.train.seed)
    out.update(hmm_causal_k4=ari(h4.causal_labels(sp)), hmm_smoothed_k4=ari(h4.smoothed_labels(sp)),
               hmm_causal_own=ari(hk.causal_labels(sp)), hmm_smoothed_own=ari(hk.smoothed_labels(sp)), hmm_k=hk.k)
    if set(C.ACTIVITY_COLUMNS) <= set(sp.feature_names):   # the same HMM on the bars' range and volume
        b4 = C.fit_hmm(spans[0], TRUE_K, columns=C.ACTIVITY_COLUMNS, seed=cfg.train.seed)
        out.update(hmm_bar_causal_k4=ari(b4.causal_labels(sp)), hmm_bar_smoothed_k4=ari(b4.smoothed_labels(sp)))
    # k-means on the raw features, standardised on the training span
    x = np.asarray(sp.features, np.float64)
    x = (x - x[fit].mean(0)) / np.where(x[fit].std(0) > 0, x[fit].std(0), 1.0)
    out["features_kmeans_k4"] = ari(KMeans(TRUE_K, n_init=4, random_state=0).fit(x[fit]).predict(x))
    sil = R.silhouette_scores(x[fit], a.k_min, a.k_max, seed=0)
    out["features_k"] = int(sil.idxmax())
    out["features_kmeans_own"] = ari(KMeans(out["features_k"], n_init=4, random_state=0).fit(x[fit]).predict(x))
    # linear probes: trained on the training span, scored on the test span
    out["probe_latent"] = R.regime_probe(latent[fit], sp.regime[fit], latent[test], y)
    out["probe_features"] = R.regime_probe(x[fit], sp.regime[fit], x[test], y)
    # next-hour forecasts on the test span
    mean, std = R.latent_forecasts(agent, latent[test])
    rows = C.classical_forecasts(spans[0], spans[2])
    rows["world model"] = C.score_forecasts(spans[2].next_ret, variance=std ** 2, mean=mean)
    out["forecasts"] = rows
    out["headline"] = f"WM causal ARI {out['wm_causal_k4']:.3f}, HMM {out['hmm_causal_k4']:.3f} (k = 4)"
    return out


ROWS = [("world model, causal", "wm_causal"), ("world model, smoothed", "wm_smoothed"), ("HMM on returns, causal", "hmm_causal"),
        ("HMM on returns, smoothed", "hmm_smoothed"),
        ("HMM on range and volume, causal", "hmm_bar_causal"), ("HMM on range and volume, smoothed", "hmm_bar_smoothed"), ("k-means on raw features", "features_kmeans"), ("k-means on latent states", "wm_kmeans")]


def report(results: list[dict]) -> None:
    seeds = [r["seed"] for r in results]
    print(f"\nARI against the planted regimes, test span, seeds {seeds} (mean [min, max]):")
    table = []
    for name, key in ROWS:
        row = {"method": name}
        for k in ("k4", "own"):
            v = [r[f"{key}_{k}"] for r in results if f"{key}_{k}" in r]
            row["k = 4" if k == "k4" else "own k"] = f"{np.mean(v):.3f} [{min(v):.3f}, {max(v):.3f}]" if v else "-"
        table.append(row)
    print(pd.DataFrame(table).set_index("method").to_string())
    print(f"own k: world model {[r['wm_k'] for r in results]}, HMM {[r['hmm_k'] for r in results]}, raw features {[r['features_k'] for r in results]}")
    for how in ("causal", "smoothed"):
        d = [r[f"wm_{how}_k4"] - r[f"hmm_{how}_k4"] for r in results]
        m, lo, hi = bootstrap_mean_ci(d)
        print(f"paired difference world model - HMM, {how}, k = 4: mean {m:+.3f}, 95% bootstrap interval [{lo:+.3f}, {hi:+.3f}] "
              f"(per seed {', '.join(f'{x:+.3f}' for x in d)})" + (": target >= 0 MET" if how == "causal" and m >= 0 else ": target >= 0 MISSED" if how == "causal" else ""))
    pl, pf = [r["probe_latent"]["ari"] for r in results], [r["probe_features"]["ari"] for r in results]
    print(f"linear probe ARI: latent states {np.mean(pl):.3f}, raw features {np.mean(pf):.3f} (per seed {[round(v, 3) for v in pl]} vs {[round(v, 3) for v in pf]})")
    fc = pd.DataFrame({m: pd.DataFrame([r["forecasts"][m] for r in results]).mean() for m in results[0]["forecasts"]}).T
    print("\nnext-hour forecasts on the test span, mean over seeds (QLIKE: lower is better):")
    print(fc.to_string(float_format=lambda v: f"{v:.4f}"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu")
    p.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    p.add_argument("--quick", action="store_true", help="seed 0 only")
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--jobs", type=int, default=2, help="seeds trained at once, one thread each (default 2)")
    p.add_argument("--out", default="runs/regime_bench", help="folder of the seeds' run folders (default runs/regime_bench)")
    p.add_argument("-o", "--set", dest="overrides", action="append", default=[], metavar="SECTION.FIELD=VALUE")
    a = p.parse_args()
    from godmode.pipeline import make_config
    seeds = [0] if a.quick else a.seeds
    configs = [make_config(a.preset, "synth", s, a.steps, a.overrides) for s in seeds]
    print(machine_line())
    print(f"regime_bench: preset {a.preset}, overrides {a.overrides or 'none'}, configuration {identity(configs[0])}, seeds {seeds}, out {a.out}")
    t0 = time.time()
    results = run_seeds(score_seed, configs, a.out, min(a.jobs, len(configs)), SCORING)
    report(results)
    print(f"\nregime_bench: {time.time() - t0:.0f} s this sitting; training per seed {[r['train_s'] for r in results]} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

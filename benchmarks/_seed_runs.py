"""Shared by the quality benchmarks: one trained run folder per seed, resumed when it exists, run on worker processes."""
from __future__ import annotations
import json, os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np


def identity(cfg) -> str:
    "Fingerprint of a config without its seed: the seeds of one configuration share it."
    from godmode.config import override
    return override(cfg, {"train.seed": 0}).fingerprint()


def seed_folder(root: str | Path, cfg) -> Path:
    "root/<identity>/seed_<seed>: the run folder of one seed of one configuration."
    return Path(root) / identity(cfg) / f"seed_{cfg.train.seed}"


def trained(cfg, root: str | Path):
    "Train (or resume, or just reload) the seed's run folder: (agent, market, run_dir)."
    from godmode.features import prepare_market
    from godmode.train import train
    run_dir, market = seed_folder(root, cfg), prepare_market(cfg)
    return train(cfg, run_dir, market=market, progress=False).agent, market, run_dir


def bootstrap_mean_ci(x, n_boot: int = 10_000, level: float = 0.95, seed: int = 0) -> tuple[float, float, float]:
    "Mean of per-seed values and a percentile bootstrap interval over seeds."
    x = np.asarray(x, np.float64)
    if len(x) < 2: return float(x.mean()) if len(x) else float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), (n_boot, len(x)))].mean(1)
    a = (1 - level) / 2
    return float(x.mean()), float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def _scored(path: Path, scoring: str) -> bool:
    "Whether `path` holds a result scored the current way (a result of older scoring is scored again; the training is kept)."
    return path.exists() and json.loads(path.read_text()).get("scoring") == scoring


def run_seeds(fn, configs: list, root: str | Path, jobs: int, scoring: str) -> list[dict]:
    "fn(cfg, root) -> dict for each config, finished seeds (scored by `scoring`, a version label) read back from their result file, `jobs` at a time."
    todo = [c for c in configs if not _scored(result_path(root, c), scoring)]
    if todo:
        print(f"{len(configs) - len(todo)} seed(s) done, {len(todo)} to run on {jobs} worker(s): {[c.train.seed for c in todo]}", flush=True)
        if jobs > 1:
            with ProcessPoolExecutor(jobs, initializer=_one_thread) as ex: list(ex.map(_run_and_save, [fn] * len(todo), todo, [root] * len(todo), [scoring] * len(todo)))
        else:
            for c in todo: _run_and_save(fn, c, root, scoring)
    return [json.loads(result_path(root, c).read_text()) for c in configs]


def result_path(root, cfg) -> Path: return seed_folder(root, cfg) / "bench.json"


def _one_thread():
    import torch
    torch.set_num_threads(1)


def _run_and_save(fn, cfg, root, scoring):
    from godmode.runs import write_json
    out = {**fn(cfg, root), "scoring": scoring}
    write_json(result_path(root, cfg), out)       # atomic: a killed seed leaves no result, and is run again (from its checkpoint)
    print(f"seed {cfg.train.seed} done: {out.get('headline', '')}", flush=True)
    return out

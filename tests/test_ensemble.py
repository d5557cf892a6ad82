"""A small world-model ensemble trained on the planted market knows where the market just changed: the spread of its
members' next-return forecasts is higher in the 24 bars after a planted regime switch than elsewhere at the same
predicted volatility (within deciles of the members' mean forecast volatility), beyond chance (a p-value from random
circular shifts of the after-switch bars). The `cpu`-preset figures over three seeds are `benchmarks/ensemble_bench.py`'s."""
import numpy as np
import torch

from godmode import regimes as R
from godmode.config import get_config, override
from godmode.features import prepare_market
from godmode.train import train


def test_members_disagree_after_planted_switches(tmp_path):
    torch.set_num_threads(1)
    cfg = override(get_config("debug"), {"model.ensemble": 5, "data.synth_bars": 4000, "data.window": 1, "train.steps": 800,
                                         "train.pretrain_steps": 800, "train.checkpoint_every": 10_000, "train.seed": 0})
    market = prepare_market(cfg)
    agent = train(cfg, tmp_path, market=market, progress=False).agent
    span = R.join_spans([market.spans[s] for s in ("train", "valid", "test")])
    disagreement, volatility = R.latent_disagreement(agent, R.extract_latents(agent, span, R.long_positions(span, cfg.env)))
    table = R.disagreement_after_switches(disagreement["return"], span.regime, volatility, shifts=99)
    row = table.loc["all"]
    assert row.after > 500 and row.difference > 0 and row.p_value <= 0.05, table

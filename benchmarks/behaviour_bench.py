"""Does the actor learn what the world model knows? Behaviour learning alone, on a trained run's frozen world model.

For each trained run folder: its world model as trained, a fresh actor-critic (seeded), and UPDATES behaviour updates
(`DreamerV3Agent.behaviour_step`: imagination from the posterior states of random-position sequences of the training
span, DreamerV3's losses) with each kind of imagined reward (`model.imagined_reward`: `sampled`, read at the next
imagined state after the prior's draw; `expected`, the next-return head's forecast from the state the action is taken
in). Every EVERY updates it prints the greedy actor's test-span Sharpe ratio after costs, its share of bars in the
market and its turnover per bar, beside the actor's entropy, so that the two kinds of reward can be compared on the same
world model, at the same learning rate. The world model does not change: only behaviour learning is measured.

  .venv/bin/python benchmarks/behaviour_bench.py RUN_DIR [RUN_DIR ...] [--updates 300] [--lr-actor 3e-4] [--threads 1]
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import machine_line


def learn(run: str, reward: str, updates: int, every: int, lr_actor: float | None, seed: int) -> list[dict]:
    "Behaviour updates on the run's frozen world model with `reward` imagined rewards; the greedy actor's test figures every `every` updates."
    import torch
    from dataclasses import replace
    from godmode.runs import load_run
    from godmode.replay import OfflineSequences
    from godmode.actor_critic import ActorCritic
    from godmode import backtest as B
    cfg, market, agent = load_run(run)
    mc = replace(agent.mc, imagined_reward=reward, lr_actor=lr_actor or agent.mc.lr_actor)
    agent.mc = agent.wm.mc = mc
    torch.manual_seed(seed)
    agent.ac = ActorCritic(agent.action_dim, mc)
    agent.opt_actor = torch.optim.Adam(agent.ac.actor.parameters(), lr=mc.lr_actor, eps=1e-5)
    agent.opt_critic = torch.optim.Adam(agent.ac.critic.parameters(), lr=mc.lr_critic, eps=1e-5)
    agent.generator.manual_seed(seed)
    sequences, test, rows, t0 = OfflineSequences(market.spans["train"], cfg.env, seed=seed), market.spans["test"], [], time.time()
    for k in range(1, updates + 1):
        b = agent._batch(sequences.sample(cfg.train.batch, cfg.train.seq_len))
        with torch.no_grad(): _, _, post = agent.wm.loss(b, agent.generator)
        m = agent.behaviour_step(b, post)
        if k % every == 0 or k == updates:
            pos = B.AgentPolicy(agent, cfg.env).positions(test)
            rows.append({"run": Path(run).name, "reward": reward, "updates": k, "entropy": float(m["ac/entropy"]),
                         "sharpe": B.sharpe(B.positions_to_returns(pos, test, cfg.env), test.bars_per_year),
                         "in market": float((pos != 0).mean()), "turnover": float(np.abs(np.diff(pos)).mean()), "s": time.time() - t0})
            print("  " + "  ".join(f"{k_}={v:.3f}" if isinstance(v, float) else f"{k_}={v}" for k_, v in rows[-1].items()), flush=True)
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="trained run folders (config.json, checkpoints/)")
    p.add_argument("--updates", type=int, default=300)
    p.add_argument("--every", type=int, default=50)
    p.add_argument("--lr-actor", type=float, default=None, help="the actor's learning rate (default: the run's)")
    p.add_argument("--rewards", nargs="*", default=["sampled", "expected"])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    import torch, pandas as pd
    torch.set_num_threads(a.threads)
    print(machine_line(a.threads))
    rows = [r for run in a.runs for reward in a.rewards for r in learn(run, reward, a.updates, a.every, a.lr_actor, a.seed)]
    table = pd.DataFrame(rows).set_index(["run", "reward", "updates"])
    with pd.option_context("display.width", 200):
        print("\ngreedy actor on the test span after behaviour updates on the frozen world model (Sharpe after costs, annualised)")
        print(table.to_string(float_format=lambda v: f"{v:+.2f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

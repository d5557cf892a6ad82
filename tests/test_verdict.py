"""`godmode evaluate` end to end on local Ray (2 CPUs): a tiny finished sweep (2 configurations x 2 folds) is evaluated, its
PPO baselines trained, its verdict page rendered and listed; run again, it has nothing left to do; nothing is left running."""
import json, subprocess, sys

from godmode.pipeline import external_scripts
from godmode.verdict import ensure_sweep


def test_evaluate_renders_the_verdict(sweep_env):
    watch, env = sweep_env
    home = ensure_sweep()
    cmd = [sys.executable, "-m", "godmode.cli", "evaluate", str(home), "--sims", "2", "--ppo", "ppo", "--cpus", "2"]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "6 piece(s) to run" in res.stdout, res.stdout       # 4 trials, and PPO on each of the 2 folds (shared by the configurations)
    assert "godmode evaluate demo: No evidence of an edge" in res.stdout, res.stdout[-2000:]   # a few training steps: nothing to find
    page = (home / "verdict.html").read_text()
    assert external_scripts(page) == [] and "The verdict" in page and "Out-of-sample Sharpe ratios" in page
    table = {r["strategy"]: r for r in json.loads((home / "verdict.json").read_text())["table"]}
    assert set(table) == {"actor [model.deter=32]", "actor [model.deter=48]", "mcts_2 [model.deter=32]", "mcts_2 [model.deter=48]",
                          "ppo", "buy_and_hold", "ma_crossover", "random", "flat"}
    assert table["ppo"]["runs"] == 2 and table["actor [model.deter=32]"]["runs"] == 2 and table["actor [model.deter=32]"]["n_trials"] == 2
    assert "href='sweeps/demo/verdict.html'" in (home.parent.parent / "index.html").read_text()
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 piece(s) to run" in again.stdout, again.stdout[-2000:] + again.stderr[-2000:]
    assert not (alive := watch.still_running(60)), f"processes of the evaluation still running 60 s after it ended: {alive}"

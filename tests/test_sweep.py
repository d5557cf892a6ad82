"""End-to-end sweeps on local Ray (debug preset, 2 CPUs): a 2-configuration x 2-seed sweep killed with SIGKILL mid-sweep
leaves no process running, and started again it finishes with 4 run folders, a ledger of 4 rows and no trial run twice."""
import json, os, signal, subprocess, sys, time
from pathlib import Path

import pandas as pd
import pytest

from godmode.sweep import parse_spec, expand, trial_status
from conftest import unreaped_orphans, wait_for

SPEC = {"name": "e2e", "preset": "debug", "steps": 4, "grid": {"model.deter": [32, 48]}, "seeds": [0, 1], "pipelines": ["train"]}


def test_sweep_killed_and_restarted(tmp_path, sweep_env):
    "SIGKILL mid-sweep stops every process of the sweep; the restart skips finished trials and completes the ledger."
    watch, env = sweep_env
    spec_path, out = tmp_path / "spec.json", tmp_path / "reports"
    spec_path.write_text(json.dumps(SPEC))
    trials = expand(parse_spec(spec_path))
    cmd = [sys.executable, "-m", "godmode.cli", "sweep", str(spec_path), "--out", str(out), "--cpus", "2"]
    finished = lambda: [t.run_id for t in trials if trial_status(out / t.run_id, SPEC["pipelines"]) == "finished"]

    with open(tmp_path / "first.log", "w") as log, unreaped_orphans():   # Ray's agents outlive their raylet there: the sweep must kill them
        first = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try: wait_for(finished, 240, "no trial finished")
        finally: first.send_signal(signal.SIGKILL); first.wait()
        assert not (alive := watch.still_running(30)), f"processes of the killed sweep still running after 30 s: {alive}"
    done_before = finished()   # now that nothing of the killed sweep can write any more
    assert len(done_before) < len(trials), "the sweep ended before it was killed: nothing left to resume"

    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert f"{len(done_before)} finished already, {len(trials) - len(done_before)} to run" in second.stdout
    assert "4/4 done, 0 running, 0 failed" in second.stdout
    assert not (alive := watch.still_running(60)), f"processes of the sweep still running 60 s after it ended: {alive}"

    ledger = pd.read_csv(out / "sweeps" / "e2e" / "trials.csv")
    assert len(ledger) == 4 and set(ledger.status) == {"finished"}
    assert ledger.config_id.nunique() == 2 and sorted(ledger.seed) == [0, 0, 1, 1]
    assert ledger.wm_loss.notna().all()
    assert sorted(p.name for p in out.iterdir() if (p / "run.json").exists()) == sorted(t.run_id for t in trials)
    page = (out / "sweeps" / "e2e" / "report.html").read_text()   # the sweep's report: every trial linked to its reports, listed in the index
    for t in trials: assert f"href='../../{t.run_id}/train.html'" in page and (out / t.run_id / "train.html").exists(), t.run_id
    assert "<h2>world-model loss</h2>" in page and "model.deter=48" in page
    assert "href='sweeps/e2e/report.html'" in (out / "index.html").read_text()
    for t in trials:   # a trial finished before the kill was not started again; the others at most once more
        starts = (out / t.run_id / "sweep.log").read_text().count("--- start")
        assert starts == 1 if t.run_id in done_before else 1 <= starts <= 2, (t.run_id, starts)


def test_asha_stops_the_planted_bad_configuration(tmp_path, sweep_env):
    "ASHA on the world model's held-out return forecast: a configuration planted to be bad (a learning rate so small that the model never learns) is stopped early and says so."
    _, env = sweep_env
    spec = {"name": "asha", "preset": "debug", "steps": 100, "overrides": {"train.eval_every": 25}, "seeds": [0], "pipelines": ["train"],
            "grid": {"model.lr_model": [1e-3, 1e-12]}, "early_stop": {"metric": "valid/wm_next_return", "mode": "min"}}
    spec_path, out = tmp_path / "spec.json", tmp_path / "reports"
    spec_path.write_text(json.dumps(spec))
    good, bad = expand(parse_spec(spec_path))
    # one CPU: the good configuration reaches each rung first, so the bad one is compared with it there
    res = subprocess.run([sys.executable, "-m", "godmode.cli", "sweep", str(spec_path), "--out", str(out), "--cpus", "1"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]   # a trial stopped early is no failure
    assert f"stopped early {bad.run_id}" in res.stdout, res.stdout[-3000:]
    ledger = pd.read_csv(out / "sweeps" / "asha" / "trials.csv").set_index("run_id")
    assert (ledger.status[good.run_id], ledger.status[bad.run_id]) == ("finished", "stopped")
    info = json.loads((out / bad.run_id / "run.json").read_text())
    stop = info["stopped_early"]
    assert stop["metric"] == "valid/wm_next_return" and stop["step"] < 100
    good_valid = {r["step"]: r for r in map(json.loads, (out / good.run_id / "metrics.jsonl").read_text().splitlines()) if r["phase"] == "valid"}
    assert stop["value"] > good_valid[stop["step"]]["valid/wm_next_return"]   # it was stopped for being worse, at the same step
    assert "stopped_early" not in json.loads((out / good.run_id / "run.json").read_text())
    lines = [json.loads(l) for l in (out / bad.run_id / "metrics.jsonl").read_text().splitlines()]
    steps = [r["step"] for r in lines if r["phase"] in ("train", "valid")]
    assert steps and max(steps) < 100, steps   # it did not train to the end

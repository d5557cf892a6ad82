"""Shared by the tests: polling with a deadline (`wait_for`), and for the tests that start Ray, a fresh token in the environment of
every process a test starts, so that the test can tell whether any is still running, and kill them all at the end."""
import os, secrets, signal, time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MARK = "GODMODE_SWEEP_TEST"


def marked(token: str) -> dict[int, str]:
    "Live processes (pid: command line) whose environment carries `MARK=token`: the sweep and everything it started."
    found, want = {}, f"{MARK}={token}".encode()
    for p in Path("/proc").iterdir():
        if not p.name.isdigit(): continue
        try:
            if want in (p / "environ").read_bytes().split(b"\0"):
                found[int(p.name)] = (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
        except OSError: continue   # gone, or not ours to read
    return found


def still_running(token: str, timeout: float) -> dict[int, str]:
    "The marked processes still alive after waiting up to `timeout` seconds for them all to end."
    end = time.time() + timeout
    while (alive := marked(token)) and time.time() < end: time.sleep(0.5)
    return alive


def wait_for(check, timeout: float, what: str, every: float = 0.25):
    "Poll `check()` until it returns something truthy; fail saying `what` did not happen within `timeout` seconds."
    end = time.time() + timeout
    while time.time() < end:
        if got := check(): return got
        time.sleep(every)
    pytest.fail(f"{what} within {timeout:.0f} s")


@pytest.fixture
def sweep_env(tmp_path):
    "The environment of the sweep processes, marked with a fresh token; whatever carries the token is killed at the end."
    token = secrets.token_hex(8)
    env = {**os.environ, MARK: token, "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    yield token, env
    for pid in marked(token):   # only processes this test started (they carry its token)
        try: os.kill(pid, signal.SIGKILL)
        except ProcessLookupError: pass

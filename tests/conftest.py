"""Shared by the tests: polling with a deadline (`wait_for`), and for the tests that start Ray, a fresh token in the environment of
every process a test starts and a `Watcher` of their process tree, so that the test can tell whether any is still running, and kill them all at the end."""
import contextlib, ctypes, os, secrets, threading, time
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[1]
MARK = "GODMODE_SWEEP_TEST"


class Watcher:
    """Every process a test starts: those whose environment carries `MARK=token` and every descendant of theirs, seen
    every 0.2 s (Ray's agents overwrite their environment with their process titles, so the token alone misses them)."""
    def __init__(self, token: str):
        self.want, self.seen, self.done = f"{MARK}={token}".encode(), {}, threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self):
        while not self.done.wait(0.2): self.seen.update(self.alive())

    def alive(self) -> dict[int, psutil.Process]:
        "The processes of the test alive now (zombies are dead): one pass over the process table."
        procs, children = {}, {}
        for p in psutil.process_iter(["ppid", "status"]):
            if p.info["status"] == psutil.STATUS_ZOMBIE: continue
            procs[p.pid] = p; children.setdefault(p.info["ppid"], []).append(p.pid)
        todo = [pid for pid, p in list(self.seen.items()) if procs.get(pid) == p]   # the same process, not a reused pid
        for pid in procs:
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if self.want in f.read().split(b"\0"): todo.append(pid)
            except OSError: continue   # gone, or not ours to read
        found = {}
        while todo:
            pid = todo.pop()
            if pid not in found: found[pid] = procs[pid]; todo += children.get(pid, [])
        return found

    def still_running(self, timeout: float) -> dict[int, str]:
        "The processes of the test still alive (pid: command line) after waiting up to `timeout` seconds for them all to end."
        end = time.time() + timeout
        while (alive := self.alive()) and time.time() < end: time.sleep(0.5)
        return {pid: " ".join(_cmdline(p))[:200] for pid, p in alive.items()}


def _cmdline(p: psutil.Process) -> list[str]:
    try: return p.cmdline()
    except psutil.Error: return ["?"]


def wait_for(check, timeout: float, what: str, every: float = 0.25):
    "Poll `check()` until it returns something truthy; fail saying `what` did not happen within `timeout` seconds."
    end = time.time() + timeout
    while time.time() < end:
        if got := check(): return got
        time.sleep(every)
    pytest.fail(f"{what} within {timeout:.0f} s")


@contextlib.contextmanager
def unreaped_orphans():
    """As under a container's init that does not reap: the orphans of the processes started in the block become this
    process's children and stay zombies when they die, so a process that waits for its parent to vanish waits in vain."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1)   # PR_SET_CHILD_SUBREAPER
    try: yield
    finally:
        libc.prctl(36, 0)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0] > 0: pass


@pytest.fixture
def sweep_env(tmp_path):
    "The environment of the sweep processes, marked with a fresh token, and their `Watcher`; whatever it saw alive is killed at the end."
    token = secrets.token_hex(8)
    env = {**os.environ, MARK: token, "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    watch = Watcher(token)
    yield watch, env
    watch.done.set()
    for p in watch.alive().values():   # only processes this test started
        try: p.kill()
        except psutil.Error: pass

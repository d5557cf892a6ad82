"""The machine's speed, printed beside every timing: 2048 x 2048 float32 matmul GFLOP/s (targets are stated for ~180)."""
from __future__ import annotations
import os, statistics, time

REFERENCE_GFLOPS = 180.0


def matmul_gflops(threads: int = 2, n: int = 2048, rounds: int = 7) -> float:
    "Best of `rounds` 2048 x 2048 float32 products on `threads` torch threads, in GFLOP/s (the machine is noisy: the best is its speed)."
    import torch
    old = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b                                                   # warm-up
        best = min(_timed(lambda: a @ b) for _ in range(rounds))
    finally:
        torch.set_num_threads(old)
    return 2 * n ** 3 / best / 1e9


def _timed(fn) -> float:
    t = time.perf_counter(); fn(); return time.perf_counter() - t


def timed(fn, repeats: int) -> tuple[float, float]:
    "Median and best wall time (s) of `fn()` over `repeats` calls, after one warm-up (or compiling) call."
    fn()
    ts = [_timed(fn) for _ in range(repeats)]
    return statistics.median(ts), min(ts)


def machine_line(threads: int = 2, gflops: float | None = None) -> str:
    "One line for a benchmark's output: matmul speed (measured unless given), cores and load average."
    g = matmul_gflops(threads) if gflops is None else gflops
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"machine: float32 matmul {g:.0f} GFLOP/s ({threads} threads, 2048 x 2048, best of 7), {os.cpu_count()} cores, load {load:.2f}"


def scaled_seconds(wall_s: float, gflops: float) -> float:
    "Wall time scaled to the reference machine (~180 GFLOP/s): W x G / 180."
    return wall_s * gflops / REFERENCE_GFLOPS


if __name__ == "__main__":
    print(machine_line())

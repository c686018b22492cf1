#!/usr/bin/env python3
"""Side-by-side timings of issue 17's thread cases: each einarray operation on one thread and
on its default count (every CPU), against NumPy with one BLAS thread and with its default
threads, all in one run.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_threads.py

Runs `cargo bench --bench threads` (criterion; best sample per iteration), then times NumPy on
the same shapes (best of 7 repeats; 1 for the 2048² product's default-thread run too) and
prints a Markdown table. `stream_copy_1e7` is the memory-bound reference (STREAM's copy): 10^7
f64 into a buffer already in memory, on one thread and in two halves on two.
"""
import os
import timeit

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from common import criterion_best


def best(stmt, g, number=1, repeat=7):
    return min(timeit.Timer(stmt, globals=g).repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    rng = np.random.default_rng(0)
    a2 = rng.uniform(-1, 1, (2048, 2048))
    b2 = rng.uniform(-1, 1, (2048, 2048))
    a = rng.uniform(-1, 1, 10_000_000)
    b = rng.uniform(-1, 1, 10_000_000)
    a6 = rng.uniform(-1, 1, 1_000_000)
    p3, q3 = rng.uniform(-1, 1, (100_000, 3, 3)), rng.uniform(-1, 1, (100_000, 3, 3))
    p64, q64 = rng.uniform(-1, 1, (256, 64, 64)), rng.uniform(-1, 1, (256, 64, 64))
    s1, s2 = rng.uniform(-1, 1, 1000), rng.uniform(-1, 1, 1000)
    dst = np.empty_like(a)
    g = dict(np=np, a2=a2, b2=b2, a=a, b=b, a6=a6, s1=s1, s2=s2, dst=dst,
             p3=p3, q3=q3, p64=p64, q64=q64)
    stmts = {
        "gemm_2048": ("a2 @ b2", 1, 5),
        "batched_100000x3x3": ("np.matmul(p3, q3)", 1, 7),
        "batched_256x64x64": ("np.matmul(p64, q64)", 1, 7),
        "exp_1e7": ("np.exp(a)", 1, 7),
        "exp_1e6": ("np.exp(a6)", 10, 7),
        "add_1e7": ("a + b", 1, 7),
        "scale_1e7": ("a * 2.5", 1, 7),
        "stream_copy_1e7": ("np.copyto(dst, a)", 1, 7),
        "add_1000": ("s1 + s2", 1000, 15),
    }
    out = {}
    for case, (stmt, number, repeat) in stmts.items():
        with threadpool_limits(1):
            one = best(stmt, g, number, repeat)
        default = best(stmt, g, number, repeat)
        out[case] = (one, default)
    return out


def fmt(t):
    return f"{t * 1e3:.2f} ms" if t >= 1e-3 else f"{t * 1e6:.2f} µs"


def main():
    rust = criterion_best("threads")
    threads = [i.get("num_threads") for i in threadpool_info()]
    print(f"NumPy {np.__version__}, BLAS threads by default: {threads}; CPUs: {os.cpu_count()}\n")
    print("| case | einarray 1 thread | einarray default | default / 1 thread | "
          "NumPy 1 thread | NumPy default | NumPy default / einarray default |")
    print("|---|---|---|---|---|---|---|")
    for case, (np1, npd) in numpy_cases().items():
        e1 = rust[(case, "1_thread")]
        ed = rust[(case, "default_threads")]
        print(f"| `{case}` | {fmt(e1)} | {fmt(ed)} | {e1 / ed:.2f}x | {fmt(np1)} | {fmt(npd)} | "
              f"{npd / ed:.2f}x |")
    hand = rust[("batched_100000x3x3", "hand_loop")]
    print(f"\nbatched_100000x3x3, a plain loop over `[[f64; 3]; 3]` (one thread): {fmt(hand)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side timings of `einarray::linalg` and `numpy.linalg`, in one run (issue 15).

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_linalg.py

It runs `cargo bench --bench linalg` (criterion: large problems on one thread and on every
thread, and stacks of 100,000 small matrices on one thread), then times the same calls in NumPy
with its BLAS/LAPACK pinned to one thread and with its default threads, and prints the Markdown
table BENCHMARKS.md quotes. Both sides report their best time (criterion: the fastest sample's
time per iteration; NumPy: best of 5 repeats). Ratios > 1 mean einarray is faster.
"""
import os
import timeit

import numpy as np

from common import criterion_best

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_info = threadpool_limits = None


def best(f, number=1, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def numpy_large():
    rng = np.random.default_rng(15)
    a1000 = rng.uniform(-1, 1, (1000, 1000))
    b1000 = rng.uniform(-1, 1, 1000)
    a2000 = rng.uniform(-1, 1, (2000, 2000))
    s2000 = a2000 @ a2000.T + 2000 * np.eye(2000)
    a1000x500 = rng.uniform(-1, 1, (1000, 500))
    a500 = rng.uniform(-1, 1, (500, 500))
    sym1000 = a1000 + a1000.T
    a10000x50 = rng.uniform(-1, 1, (10000, 50))
    b10000 = rng.uniform(-1, 1, 10000)
    return {
        "solve_1000": best(lambda: np.linalg.solve(a1000, b1000)),
        "cholesky_2000": best(lambda: np.linalg.cholesky(s2000)),
        "qr_1000x500": best(lambda: np.linalg.qr(a1000x500)),
        "svdvals_500": best(lambda: np.linalg.svd(a500, compute_uv=False)),
        "svd_500": best(lambda: np.linalg.svd(a500)),
        "eigh_1000": best(lambda: np.linalg.eigh(sym1000)),
        "lstsq_10000x50": best(lambda: np.linalg.lstsq(a10000x50, b10000)),
        "inv_1000": best(lambda: np.linalg.inv(a1000)),
        "det_1000": best(lambda: np.linalg.det(a1000)),
    }


def numpy_stacks():
    rng = np.random.default_rng(16)
    out = {}
    for n in (3, 4):
        a = rng.uniform(-1, 1, (100_000, n, n)) + n * np.eye(n)
        sym = a + a.swapaxes(1, 2)
        b = rng.uniform(-1, 1, (100_000, n, 1))
        out[f"solve_{n}x{n}"] = best(lambda: np.linalg.solve(a, b), number=3)
        out[f"inv_{n}x{n}"] = best(lambda: np.linalg.inv(a), number=3)
        out[f"det_{n}x{n}"] = best(lambda: np.linalg.det(a), number=3)
        out[f"eigh_{n}x{n}"] = best(lambda: np.linalg.eigh(sym), number=3)
    return out


def fmt(t):
    return f"{t * 1e3:.2f} ms" if t >= 1e-3 else f"{t * 1e6:.1f} µs"


def main():
    rust = {f"{g}/{c}": t for (g, c), t in criterion_best("linalg", measurement_time=3).items()
            if g.startswith("linalg_")}
    if threadpool_limits is None:
        raise SystemExit("pip install threadpoolctl: the NumPy side must pin its BLAS threads")
    blas = threadpool_info()[0]
    default_threads = blas.get("num_threads")
    with threadpool_limits(1):
        one = numpy_large()
        stacks = numpy_stacks()
    many = numpy_large()
    print(f"NumPy {np.__version__}, {blas.get('internal_api')} {blas.get('version')} "
          f"({blas.get('architecture')}), default threads {default_threads}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}")
    print()
    print("| case | NumPy 1 thread | einarray 1 thread | ratio | NumPy all threads | "
          "einarray all threads | ratio |")
    print("|---|---|---|---|---|---|---|")
    for case in one:
        r1, rm = rust.get(f"linalg_1t/{case}"), rust.get(f"linalg_mt/{case}")
        print(f"| `{case}` | {fmt(one[case])} | {fmt(r1)} | {one[case] / r1:.2f}× | "
              f"{fmt(many[case])} | {fmt(rm)} | {many[case] / rm:.2f}× |")
    print()
    print("| 100,000 stacked | NumPy (1 thread) | einarray (1 thread) | NumPy / einarray |")
    print("|---|---|---|---|")
    for case, t in stacks.items():
        r = rust.get(f"linalg_stack/{case}")
        print(f"| `{case}` | {fmt(t)} | {fmt(r)} | {t / r:.2f}× |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side timings of the indexing and random-number cases in NumPy and einarray.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_indexing.py

Runs `cargo bench --bench indexing` (criterion) and the same operations in NumPy (one thread,
same sizes), alternating the two sides twice and keeping each side's best, and prints a
Markdown table for BENCHMARKS.md. Ratios > 1 mean einarray is faster.
"""
import os
import timeit

import numpy as np

from common import criterion_best, pin_blas

BLAS = pin_blas()
N = 10_000_000


def best(stmt, g, number=3, repeat=10):
    t = timeit.Timer(stmt, globals=g)
    return min(t.repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    rs = np.random.RandomState(0)
    x = rs.rand(N)
    idx = rs.randint(0, N, 1_000_000)
    m = np.random.RandomState(1).rand(N) < 0.5
    rs2 = np.random.RandomState(2)
    gen = np.random.default_rng(4)
    g = dict(np=np, x=x, idx=idx, m=m, rs2=rs2, gen=gen, N=N)
    return {
        "gather_1e6_of_1e7_f64/take": best("x[idx]", g),
        "mask_1e7_f64_half/mask": best("x[m]", g),
        "random_1e7/randn": best("rs2.randn(N)", g, number=1),
        "random_1e7/rand": best("rs2.rand(N)", g, number=1),
        # the modern paths: NumPy's Generator (PCG64, Ziggurat) against rand's SmallRng
        "random_1e7/standard_normal_fast": best("gen.standard_normal(N)", g, number=1),
    }


def main():
    numpy, rust = {}, {}
    for _ in range(2):
        for k, t in numpy_cases().items():
            numpy[k] = min(t, numpy.get(k, t))
        for (g, c), t in criterion_best("indexing", measurement_time=3).items():
            k = f"{g}/{c}"
            rust[k] = min(t, rust.get(k, t))
    print(f"NumPy {np.__version__} ({BLAS}); OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}")
    print()
    print("| case | NumPy | einarray | NumPy / einarray |")
    print("|---|---|---|---|")
    for case, t_np in numpy.items():
        t_rs = rust.get(case)
        if t_rs is None:
            continue
        print(f"| `{case}` | {t_np*1e3:.3f} ms | {t_rs*1e3:.3f} ms | {t_np/t_rs:.2f}x |")


if __name__ == "__main__":
    main()

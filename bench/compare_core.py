#!/usr/bin/env python3
"""Side-by-side timings of the core cases in NumPy and einarray, in one run.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_core.py

It builds and runs `cargo bench --bench core` (criterion), times the same operations in NumPy
(single thread, same sizes), and prints a Markdown table of ratios that BENCHMARKS.md quotes.
Both sides report their best time (criterion: the fastest sample's time per iteration; NumPy:
best of 15 repeats of 5). Ratios > 1 mean einarray is faster.
"""
import os
import sys
import timeit

import numpy as np

from common import criterion_best, pin_blas

BLAS = pin_blas()
N = 10_000_000
SIDE = 2048


def best(stmt, setup_globals, number=5, repeat=15):
    t = timeit.Timer(stmt, globals=setup_globals)
    return min(t.repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    src = np.arange(N, dtype=np.float64)
    dst = np.zeros(N)
    m = np.arange(SIDE * SIDE, dtype=np.float64).reshape(SIDE, SIDE)
    f = np.asfortranarray(m)
    dm = np.zeros((SIDE, SIDE))
    g = dict(np=np, N=N, src=src, dst=dst, m=m, f=f, dm=dm)
    return {
        "create_1e7_f64/zeros": best("np.zeros(N)", g),
        "create_1e7_f64/zeros_touched": best("a = np.zeros(N); a[::512].sum()", g),
        "create_1e7_f64/ones": best("np.ones(N)", g),
        "create_1e7_f64/arange": best("np.arange(N, dtype=np.float64)", g),
        "copy_1e7_f64/to_owned": best("src.copy()", g),
        "copy_1e7_f64/assign_into_existing": best("np.copyto(dst, src)", g),
        "copy_2048x2048_f64/transposed_to_owned": best("m.T.copy()", g),
        "copy_2048x2048_f64/transposed_assign_into_existing": best("np.copyto(dm, m.T)", g),
        "copy_2048x2048_f64/ravel_of_f_order": best("f.ravel()", g),
    }


def rust_cases():
    return {f"{g}/{c}": t for (g, c), t in criterion_best("core", measurement_time=3).items()}


def main():
    rust = rust_cases()
    numpy = numpy_cases()
    stream = rust.get("copy_1e7_f64/stream_copy_baseline")
    print(f"NumPy {np.__version__} ({BLAS}); OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}")
    print()
    print("| case | NumPy | einarray | NumPy / einarray | GB/s moved (einarray) |")
    print("|---|---|---|---|---|")
    for case, t_np in numpy.items():
        t_rs = rust.get(case)
        if t_rs is None:
            print(f"| {case} | {t_np*1e3:.3f} ms | missing | | |", file=sys.stderr)
            continue
        size = (N if case.startswith(("create", "copy_1e7")) else SIDE * SIDE) * 8
        moved = size * (1 if case.startswith("create") else 2)
        print(f"| `{case}` | {t_np*1e3:.3f} ms | {t_rs*1e3:.3f} ms | {t_np/t_rs:.2f}x | {moved/t_rs/1e9:.1f} |")
    if stream:
        print()
        print(f"STREAM-style copy (slice copy into a reused buffer): {stream*1e3:.3f} ms, "
              f"{2*N*8/stream/1e9:.1f} GB/s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side timings of the ufunc cases in NumPy and einarray, in one run.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_ufunc.py

It builds and runs `cargo bench --bench ufunc` (criterion), times the same operations in NumPy
(single thread, same sizes and data layout), and prints a Markdown table of ratios that
BENCHMARKS.md quotes, plus each bandwidth-bound case against the plain-loop baseline of the
same bytes. Both sides report their best time (criterion: the fastest sample's time per
iteration; NumPy: best of 15 repeats), over two alternating windows each. Ratios > 1 mean
einarray is faster.
"""
import os
import sys
import timeit

import numpy as np

from common import criterion_best, pin_blas

BLAS = pin_blas()
N = 10_000_000
SIDE = 4096


def best(stmt, g, number=3, repeat=15):
    t = timeit.Timer(stmt, globals=g)
    return min(t.repeat(repeat=repeat, number=number)) / number


def saatci_mvm(A, B, z):
    x = z.copy()
    for M in [B, A]:
        n = M.shape[1]
        x = x.reshape(-1, n).T
        x = M.dot(x)
    return x.ravel()


def numpy_cases():
    rng = np.random.default_rng(0)
    x = np.arange(N, dtype=np.int64)
    y = x.copy()
    a = rng.uniform(-1, 1, N)
    b = rng.uniform(-1, 1, N)
    out = np.zeros(N)
    inplace = a.copy()
    m = rng.uniform(-1, 1, (SIDE, SIDE))
    row = rng.uniform(-1, 1, SIDE)
    col = row.reshape(SIDE, 1).copy()
    mout = np.zeros((SIDE, SIDE))
    acc = np.arange(10 ** 6, dtype=np.int64)
    A = rng.standard_normal((40, 40))
    B = rng.standard_normal((40, 40))
    z = rng.standard_normal(1600)
    AB = np.kron(A, B)
    ca = rng.uniform(-1, 1, 2048)
    cb = rng.uniform(-1, 1, 2048)
    cout = np.zeros(2048)
    cpos = np.abs(ca)
    ci = np.arange(4096, dtype=np.int32)
    assert np.allclose(AB.dot(z), saatci_mvm(A, B, z))
    g = dict(np=np, x=x, y=y, a=a, b=b, out=out, inplace=inplace, m=m, row=row, col=col,
             mout=mout, acc=acc, A=A, B=B, z=z, AB=AB, saatci_mvm=saatci_mvm,
             ca=ca, cb=cb, cout=cout, cpos=cpos, ci=ci)
    return {
        "square_1e7_i64/out_of_place": best("np.square(x)", g),
        "square_1e7_i64/in_place": best("np.square(y, out=y)", g),
        "add_1e7_f64/fresh": best("a + b", g),
        "add_1e7_f64/into": best("np.add(a, b, out=out)", g),
        "add_1e7_f64/in_place": best("np.add(inplace, b, out=inplace)", g),
        "broadcast_add_4096x4096_f64/row": best("m + row", g),
        "broadcast_add_4096x4096_f64/column": best("m + col", g),
        "broadcast_add_4096x4096_f64/row_into": best("np.add(m, row, out=mout)", g),
        "broadcast_add_4096x4096_f64/column_into": best("np.add(m, col, out=mout)", g),
        "in_cache/add_into_2048_f64": best("np.add(ca, cb, out=cout)", g, number=2000),
        "in_cache/sqrt_2048_f64": best("np.sqrt(cpos)", g, number=2000),
        "in_cache/square_4096_i32": best("np.square(ci)", g, number=2000),
        "in_cache/exp_2048_f64": best("np.exp(ca)", g, number=2000),
        "sum_4096x4096_f64/all": best("m.sum()", g),
        "sum_4096x4096_f64/axis0": best("m.sum(axis=0)", g),
        "sum_4096x4096_f64/axis1": best("m.sum(axis=1)", g),
        "accumulate_1e6_i64/bitwise_or": best("np.bitwise_or.accumulate(acc)", g),
        "kron_mvm_40x40/kron_dot": best("AB.dot(z)", g, number=20),
        "kron_mvm_40x40/saatci": best("saatci_mvm(A, B, z)", g, number=200),
        "kron_mvm_40x40/kron_build": best("np.kron(A, B)", g, number=20),
    }


# Bytes each case moves (reads + writes), for the bandwidth column.
def moved(case):
    if case.startswith("square"):
        return 2 * N * 8
    if case.startswith("add_1e7"):
        return 3 * N * 8
    if case.startswith("broadcast"):
        return 2 * SIDE * SIDE * 8
    if case.startswith("sum"):
        return SIDE * SIDE * 8
    return None


BASELINE = {
    "add_1e7_f64": "add_1e7_f64/stream_add_baseline",
    "broadcast_add_4096x4096_f64": "broadcast_add_4096x4096_f64/stream_copy_baseline",
    "sum_4096x4096_f64": "sum_4096x4096_f64/stream_read_baseline",
}


def main():
    # Two alternating windows per side (NumPy, einarray, NumPy, einarray), each side's best:
    # memory-bound timings drift by ±10% over minutes on this machine, and alternating keeps
    # the drift from favouring either side.
    numpy, rust = {}, {}
    for _ in range(2):
        for k, t in numpy_cases().items():
            numpy[k] = min(t, numpy.get(k, t))
        for (g, c), t in criterion_best("ufunc", measurement_time=3).items():
            k = f"{g}/{c}"
            rust[k] = min(t, rust.get(k, t))
    print(f"NumPy {np.__version__} ({BLAS}); OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}")
    print()
    print("| case | NumPy | einarray | NumPy / einarray | GB/s (einarray) | einarray / loop baseline |")
    print("|---|---|---|---|---|---|")
    for case, t_np in numpy.items():
        t_rs = rust.get(case)
        if t_rs is None:
            print(f"missing einarray result for {case}", file=sys.stderr)
            continue
        size = moved(case)
        gbs = f"{size / t_rs / 1e9:.1f}" if size else ""
        base = rust.get(BASELINE.get(case.split("/")[0], ""))
        vs = f"{t_rs / base:.2f}x" if base else ""
        unit, scale = ("µs", 1e6) if t_np < 1e-3 else ("ms", 1e3)
        print(f"| `{case}` | {t_np*scale:.3f} {unit} | {t_rs*scale:.3f} {unit} | "
              f"{t_np/t_rs:.2f}x | {gbs} | {vs} |")
    print()
    for group, key in BASELINE.items():
        t = rust.get(key)
        if t:
            size = moved(group + "/")
            print(f"- `{key}`: {t*1e3:.3f} ms, {size / t / 1e9:.1f} GB/s")


if __name__ == "__main__":
    main()

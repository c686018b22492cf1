#!/usr/bin/env python3
"""Side-by-side timings of operations that write a large new array, both sides measured the
same way: the best of 15 single calls, the result freed inside each (NumPy's `timeit` with
`number=1`; `benches/fresh_output.rs` on the einarray side). The two sides alternate twice and
each keeps its best, because memory-bound timings drift by +-10 % over minutes here.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_fresh.py
"""
import subprocess
import timeit

import numpy as np

from common import ROOT, pin_blas

BLAS = pin_blas()


def numpy_cases():
    n = 10_000_000
    a = np.arange(n, dtype=np.float64)
    b = 2 * a
    x = np.arange(n, dtype=np.int64)
    i, j = np.indices((4096, 4096))
    m = (i + j).astype(np.float64)
    row = np.arange(4096, dtype=np.float64)
    t3 = np.indices((200, 200, 200)).sum(axis=0).astype(np.float64)
    ds = np.add.outer(np.arange(10.0), np.arange(100_000.0))
    z = np.multiply.outer(np.arange(3.0), np.arange(100_000.0))
    g = dict(np=np, a=a, b=b, x=x, m=m, row=row, t3=t3, ds=ds, z=z)
    cases = {
        "add_1e7_f64": ("a + b", "`a + b`, 10^7 f64"),
        "square_1e7_i64": ("np.square(x)", "`np.square(x)`, 10^7 i64"),
        "broadcast_add_row_4096": ("m + row", "`m + row`, 4096² f64 + 4096"),
        "einsum_ijk_kji_owned_200": (
            "np.einsum('ijk->kji', t3).copy()",
            "`einsum('ijk->kji').copy()`, 200³ f64",
        ),
        "einsum_Nab_b100000": (
            "np.einsum('N...b,ab->Nab', ds, z, optimize=True)",
            "`einsum('N...b,ab->Nab')`, N=10 a=3 b=10^5",
        ),
    }
    out = {}
    for key, (stmt, label) in cases.items():
        t = min(timeit.repeat(stmt, globals=g, number=1, repeat=15))
        out[key] = (label, t * 1e3)
    return out


def rust_cases():
    proc = subprocess.run(
        ["cargo", "bench", "--bench", "fresh_output"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    out = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return out


def main():
    np_best, rs_best = {}, {}
    for _ in range(2):
        for k, (label, t) in numpy_cases().items():
            np_best[k] = (label, min(t, np_best.get(k, (label, float("inf")))[1]))
        for k, t in rust_cases().items():
            rs_best[k] = min(t, rs_best.get(k, float("inf")))
    print(f"NumPy {np.__version__} ({BLAS})\n")
    print("| case | NumPy | einarray | NumPy / einarray |")
    print("|---|---|---|---|")
    for k, (label, t_np) in np_best.items():
        t = rs_best[k]
        print(f"| {label} | {t_np:.3f} ms | {t:.3f} ms | {t_np / t:.2f}x |")


if __name__ == "__main__":
    main()

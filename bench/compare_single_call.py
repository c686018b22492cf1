#!/usr/bin/env python3
"""Memory-bound ufunc and einsum cases, both sides timed the same way: the best of 15 single
calls, any new result freed inside each (`timeit` with `number=1` for NumPy,
`benches/single_call.rs` for einarray). The two sides alternate twice and each keeps its best,
because memory-bound timings drift by +-10 % over minutes here.

Usage (from the repository root; needs `pip install numpy threadpoolctl`):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_single_call.py
"""
import timeit

import numpy as np

from common import bench_lines, pin_blas

BLAS = pin_blas()


def numpy_cases():
    n = 10_000_000
    a = np.arange(n, dtype=np.float64)
    b = 2 * a
    x = np.arange(n, dtype=np.int64)
    y = x.copy()
    out = np.zeros(n)
    inplace = a.copy()
    side = 4096
    i, j = np.indices((side, side))
    m = (i + j).astype(np.float64)
    del i, j
    row = np.arange(side, dtype=np.float64)
    col = row.reshape(side, 1).copy()
    mout = np.zeros((side, side))
    ka = np.fromfunction(lambda i, j: ((i * 7 + j * 3) % 11) - 5.0, (40, 40))
    ab = np.kron(ka, ka)
    z = np.arange(1600) % 13 * 1.0
    t3 = np.indices((200, 200, 200)).sum(axis=0).astype(np.float64)
    ds = np.add.outer(np.arange(10.0), np.arange(100_000.0))
    zb = np.multiply.outer(np.arange(3.0), np.arange(100_000.0))
    g = dict(np=np, a=a, b=b, x=x, y=y, out=out, inplace=inplace, m=m, row=row, col=col,
             mout=mout, ab=ab, z=z, t3=t3, ds=ds, zb=zb)
    cases = {
        "square_1e7_i64/out_of_place": "np.square(x)",
        "square_1e7_i64/in_place": "np.square(y, out=y)",
        "add_1e7_f64/fresh": "a + b",
        "add_1e7_f64/into": "np.add(a, b, out=out)",
        "add_1e7_f64/in_place": "np.add(inplace, b, out=inplace)",
        "broadcast_add_4096x4096_f64/row": "m + row",
        "broadcast_add_4096x4096_f64/column": "m + col",
        "broadcast_add_4096x4096_f64/row_into": "np.add(m, row, out=mout)",
        "broadcast_add_4096x4096_f64/column_into": "np.add(m, col, out=mout)",
        "sum_4096x4096_f64/all": "m.sum()",
        "sum_4096x4096_f64/axis0": "m.sum(axis=0)",
        "sum_4096x4096_f64/axis1": "m.sum(axis=1)",
        "kron_mvm_40x40/kron_dot": "ab.dot(z)",
        "einsum/ijk_kji_owned_200": "np.einsum('ijk->kji', t3).copy()",
        "einsum/ijk_sum_200": "np.einsum('ijk->', t3, optimize=True)",
        "einsum/Nab_b100000": "np.einsum('N...b,ab->Nab', ds, zb, optimize=True)",
    }
    return {
        key: min(timeit.repeat(stmt, globals=g, number=1, repeat=15)) * 1e3
        for key, stmt in cases.items()
    }


def rust_cases():
    return bench_lines("single_call")


def main():
    np_best, rs_best = {}, {}
    for _ in range(2):
        for k, t in numpy_cases().items():
            np_best[k] = min(t, np_best.get(k, float("inf")))
        for k, t in rust_cases().items():
            rs_best[k] = min(t, rs_best.get(k, float("inf")))
    print(f"NumPy {np.__version__} ({BLAS})\n")
    print("| case | NumPy | einarray | NumPy / einarray |")
    print("|---|---|---|---|")
    for k, t_np in np_best.items():
        t = rs_best[k]
        print(f"| `{k}` | {t_np:.3f} ms | {t:.3f} ms | {t_np / t:.2f}x |")


if __name__ == "__main__":
    main()

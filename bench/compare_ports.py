#!/usr/bin/env python3
"""Side-by-side timings of issue 16's cases: the 2-D 'valid' filter over sliding windows and
reductions along the first, middle and last axes, einarray against NumPy.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_ports.py

Runs `cargo bench --bench ports` (criterion; best sample per iteration), times NumPy (one BLAS
thread, best of 15 repeats of 5) on the same shapes and prints a Markdown table. Ratios > 1:
einarray faster.
"""
import timeit

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from common import criterion_best, pin_blas

BLAS = pin_blas()


def best(stmt, g, number=5, repeat=15):
    return min(timeit.Timer(stmt, globals=g).repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    rng = np.random.default_rng(0)
    g = dict(np=np, swv=sliding_window_view)
    cases = {}
    for n, k in [(256, 5), (100, 7)]:
        g[f"img{n}"] = rng.uniform(-1, 1, (n, n))
        g[f"ker{k}"] = rng.uniform(-1, 1, (k, k))
        stmt = f"np.einsum('ijkl,kl->ij', swv(img{n}, ({k}, {k})), ker{k}, optimize=True)"
        group = f"filter_{k}x{k}_{n}"
        t = best(stmt, g)
        cases[f"{group}: sliding_window_view + einsum"] = (t, f"{group}/einsum_windows")
        cases[f"{group}: the same, einarray's tensor! index arithmetic"] = (
            t, f"{group}/tensor_index_arithmetic")
    g["x"] = rng.uniform(-1, 1, (4, 8, 64, 64))
    for axis in (0, 2, 3):
        for name, stmt in [
            ("max", f"x.max(axis={axis})"),
            ("min", f"x.min(axis={axis})"),
            ("argmax", f"x.argmax(axis={axis})"),
            ("argmin", f"x.argmin(axis={axis})"),
            ("var", f"x.var(axis={axis})"),
            ("sum", f"x.sum(axis={axis})"),
        ]:
            cases[f"reduce_4x8x64x64: {stmt}"] = (best(stmt, g), f"reduce_4x8x64x64/{name}_axis{axis}")
    return cases


def main():
    rust = {f"{g}/{c}": t for (g, c), t in criterion_best("ports").items()}
    print(f"NumPy {np.__version__} ({BLAS})\n")
    print("| case | NumPy | einarray | NumPy / einarray |")
    print("|---|---|---|---|")
    for case, (t_np, key) in numpy_cases().items():
        t = rust[key]
        print(f"| `{case}` | {t_np*1e6:.1f} µs | {t*1e6:.1f} µs | {t_np/t:.2f}x |")


if __name__ == "__main__":
    main()

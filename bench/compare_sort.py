#!/usr/bin/env python3
"""Side-by-side timings of issue 17's sort cases: einarray's `sort_axis` of 10^6 numbers
against `np.sort` (its default kind, and kind='stable', which einarray's sort is), in one run.

Usage (from the repository root):
    python3 bench/compare_sort.py

The data are generated the same way on both sides in distribution (uniform in [-1e9, 1e9),
then sorted, reversed, rounded to few values, or with every 10th value NaN), cast to each type.
"""
import timeit

import numpy as np

from common import criterion_best


def best(stmt, g, repeat=9):
    return min(timeit.Timer(stmt, globals=g).repeat(repeat=repeat, number=1))


def main():
    rust = criterion_best("sort")
    rng = np.random.default_rng(0)
    print(f"NumPy {np.__version__}\n")
    print("| case | NumPy `np.sort` | NumPy stable | einarray | NumPy / einarray | stable / einarray |")
    print("|---|---|---|---|---|---|")
    for kind in ["random", "sorted", "reversed", "few", "nans"]:
        v = rng.uniform(-1e9, 1e9, 1_000_000)
        if kind == "sorted":
            v.sort()
        elif kind == "reversed":
            v = np.sort(v)[::-1].copy()
        elif kind == "few":
            v = np.round(v / 1e8)
        elif kind == "nans":
            v[::10] = np.nan
        types = ["f64"] if kind == "nans" else ["f64", "f32", "i64", "i32"]
        for t in types:
            x = v.astype({"f64": np.float64, "f32": np.float32, "i64": np.int64, "i32": np.int32}[t])
            g = dict(np=np, x=x)
            t_np = best("np.sort(x)", g)
            t_st = best("np.sort(x, kind='stable')", g)
            t_e = rust[(f"sort_1e6_{kind}", t)]
            print(f"| {kind} {t} | {t_np*1e3:.2f} ms | {t_st*1e3:.2f} ms | {t_e*1e3:.2f} ms | "
                  f"{t_np/t_e:.2f}x | {t_st/t_e:.2f}x |")
    v = rng.uniform(-1e9, 1e9, 1_000_000)
    for t, x in [("f64", v), ("i64", v.astype(np.int64))]:
        g = dict(np=np, x=x)
        t_np = best("np.argsort(x)", g, 5)
        t_st = best("np.argsort(x, kind='stable')", g, 5)
        t_e = rust[("argsort_1e6_random", t)]
        print(f"| argsort random {t} | {t_np*1e3:.2f} ms | {t_st*1e3:.2f} ms | {t_e*1e3:.2f} ms | "
              f"{t_np/t_e:.2f}x | {t_st/t_e:.2f}x |")


if __name__ == "__main__":
    main()

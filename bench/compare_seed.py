#!/usr/bin/env python3
"""The seed notebook's timing cells, three ways: the notebook's slow version (Python lists or
loops, or NumPy's quadratic form), its NumPy version, and einarray's (`benches/seed.rs`).
Every case is the best of 5 single calls with fresh arguments made untimed before each, as
the notebook's `compare_times` runs them (it reports the mean; the best is steadier here).
The two sides alternate twice and each keeps its best.

Usage (from the repository root; needs `pip install numpy threadpoolctl`):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_seed.py
"""
import gc
import time

import numpy as np

from common import bench_lines, pin_blas

BLAS = pin_blas()
RUNS = 5
SIZE = 10 ** 7


def best_ms(f, setup=None):
    best = float("inf")
    for _ in range(RUNS):
        args = setup() if setup else ()
        gc.disable()
        try:
            t = time.perf_counter()
            f(*args)
            best = min(best, time.perf_counter() - t)
        finally:
            gc.enable()
        del args
    return best * 1e3


# The notebook's functions, as it writes them (In [2]-[6], [54], [64], [82]).
def create_lists():
    return list(range(SIZE)), [0] * SIZE


def create_arrays():
    return np.arange(SIZE, dtype=int), np.empty(SIZE, dtype=int)


def deep_copy(src, dst):
    dst[:] = src


def square_lists(src, dst):
    for i, v in enumerate(src):
        dst[i] = v * v


def square_arrays(src, dst):
    np.square(src, out=dst)


def square_list(ls):
    for i, v in enumerate(ls):
        ls[i] = v * v


def square_array(ar):
    np.square(ar, out=ar)


def manual_accum(x):
    res = np.zeros_like(x)
    for i, v in enumerate(x):
        res[i] = res[i - 1] | v


def np_accum(x):
    np.bitwise_or.accumulate(x)


def python_cases():
    """{case: (slow ms or None, NumPy ms)}."""
    out = {}
    out["create"] = (best_ms(lambda: list(range(SIZE))),
                     best_ms(lambda: np.arange(SIZE, dtype=int)))
    ls, ar = list(range(SIZE)), np.arange(SIZE, dtype=int)
    out["copy"] = (best_ms(lambda: ls[:]), best_ms(lambda: np.copy(ar)))
    del ls, ar
    out["deep_copy_preallocated"] = (best_ms(deep_copy, create_lists),
                                     best_ms(deep_copy, create_arrays))
    out["square_out_of_place"] = (best_ms(square_lists, create_lists),
                                  best_ms(square_arrays, create_arrays))
    out["square_in_place"] = (best_ms(square_list, lambda: (list(range(SIZE)),)),
                              best_ms(square_array, lambda: (np.arange(SIZE, dtype=int),)))
    setup = lambda: (np.arange(10 ** 6),)  # noqa: E731
    out["accumulate_1e6"] = (best_ms(manual_accum, setup), best_ms(np_accum, setup))

    np.random.seed(1234)
    a, b = np.random.randn(40, 40), np.random.randn(40, 40)
    ab = np.kron(a, b)
    z = np.random.randn(40 * 40)

    def saatci_mvm():
        x = z.copy()
        for m in [b, a]:
            n = m.shape[1]
            x = x.reshape(-1, n).T
            x = m.dot(x)
        return x.ravel()

    out["kron_mvm_40"] = (None, best_ms(lambda: ab.dot(z)))
    out["saatci_mvm_40"] = (None, best_ms(saatci_mvm))

    np.random.seed(1234)
    na, nb = 3, 300
    bs, ds, zz = np.random.randn(10, na, na), np.random.randn(10, nb), np.random.randn(na * nb)

    def quadratic_impl():
        k = np.zeros((na * nb, na * nb))
        for bm, d in zip(bs, ds):
            k += np.kron(bm, np.diag(d))
        return k.dot(zz)

    def einsum_impl():
        left = np.einsum('N...b,ab->Nab', ds, zz.reshape(na, nb))
        return np.einsum('Nca,Nab->cb', bs, left).ravel()

    out["gp_quadratic"] = (None, best_ms(quadratic_impl))
    out["gp_einsum"] = (None, best_ms(einsum_impl))
    return out


def rust_cases():
    return bench_lines("seed")


# The improvement ratio the notebook printed for each cell (NumPy ~1.12, 2017).
NOTEBOOK = {
    "create": ("In [2]", 8.2), "copy": ("In [3]", 2.3),
    "deep_copy_preallocated": ("In [4]", 2.8), "square_out_of_place": ("In [5]", 38.7),
    "square_in_place": ("In [6]", 113.4), "accumulate_1e6": ("In [64]", 155.2),
}
PAIRS = {  # the notebook's slow/fast pairs within NumPy
    "In [54] Kronecker MVM": ("kron_mvm_40", "saatci_mvm_40", 14.9),
    "In [82] GP kernel MVM": ("gp_quadratic", "gp_einsum", 449.5),
}


def main():
    py, rs = {}, {}
    for _ in range(2):
        for k, (slow, fast) in python_cases().items():
            s0, f0 = py.get(k, (None, float("inf")))
            py[k] = (min(slow, s0) if slow is not None and s0 is not None else slow or s0,
                     min(fast, f0))
        for k, t in rust_cases().items():
            rs[k] = min(t, rs.get(k, float("inf")))
    print(f"NumPy {np.__version__} ({BLAS})\n")
    print("| cell | case | Python | NumPy | einarray | Python / NumPy (notebook) "
          "| NumPy / einarray |")
    print("|---|---|---|---|---|---|---|")
    for k, (cell, nb_ratio) in NOTEBOOK.items():
        slow, fast = py[k]
        print(f"| {cell} | `{k}` | {slow:.2f} ms | {fast:.3f} ms | {rs[k]:.3f} ms "
              f"| {slow / fast:.1f}x ({nb_ratio}x) | {fast / rs[k]:.2f}x |")
    print(f"| In [64] | `accumulate_1e6_manual` (einarray's element loop) | "
          f"{py['accumulate_1e6'][0]:.2f} ms | | {rs['accumulate_1e6_manual']:.3f} ms | | |")
    print()
    print("| cell | slow form | fast form | NumPy slow / fast (notebook) | einarray slow / fast "
          "| NumPy / einarray, slow | NumPy / einarray, fast |")
    print("|---|---|---|---|---|---|---|")
    for cell, (slow, fast, nb_ratio) in PAIRS.items():
        ns, nf = py[slow][1], py[fast][1]
        es, ef = rs[slow], rs[fast]
        print(f"| {cell} | `{slow}` NumPy {ns:.3f} ms, einarray {es:.3f} ms "
              f"| `{fast}` NumPy {nf:.4f} ms, einarray {ef:.4f} ms "
              f"| {ns / nf:.1f}x ({nb_ratio}x) | {es / ef:.1f}x | {ns / es:.2f}x | {nf / ef:.2f}x |")


if __name__ == "__main__":
    main()

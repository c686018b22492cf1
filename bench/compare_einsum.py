#!/usr/bin/env python3
"""Side-by-side timings of `einsum!` against NumPy's einsum and opt_einsum, in one run.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_einsum.py

It builds and runs `cargo bench --bench einsum` (criterion, short warm-up and measurement),
times the same cases (same shapes, f64) with `np.einsum(optimize=False)`,
`np.einsum(optimize=True)` and `opt_einsum.contract` on one thread, and prints a Markdown
table. Both sides report their best time (criterion: the fastest sample's time per iteration;
Python: the best of several repeats). The ratio column is best-of(NumPy, opt_einsum) /
einarray: above 1 means einarray is faster. `dgemm direct` is `matrixmultiply::dgemm` called by
hand on the same data (GEMM-shaped cases), `hand loop` a plain Rust triple loop (3x3/4x4).

A NumPy variant whose first call takes longer than SLOW seconds is timed from that one call
only and marked `(1 call)`; the naive `abc,cd,de->abe` takes seconds per call.
"""
import os
import sys
import timeit

import numpy as np
import opt_einsum

from common import criterion_best, pin_blas

BLAS = pin_blas()
SLOW = 0.5  # seconds: time such a variant from one call only
BUDGET = 1.0  # seconds of repeats per variant, at most (plus one autorange)

RNG = np.random.default_rng(1234)


def data(*shape):
    return RNG.uniform(-1.0, 1.0, size=shape)


# (row label, subscripts, operands, copy, criterion group, einarray case, direct, hand loop)
# `copy`: the Rust side materialises a view (`.to_owned()`), so Python copies too.
def cases():
    out = []

    def add(label, subs, ops, group, case="einsum", copy=False, direct=None, hand=None):
        out.append(dict(label=label, subs=subs, ops=ops, copy=copy, group=group, case=case,
                        direct=direct, hand=hand))

    a, b = data(512, 512), data(512, 512)
    add("`ij,jk->ik` 512", "ij,jk->ik", [a, b], "matmul_512", direct="dgemm_direct")
    a, b = data(64, 64, 64), data(64, 64, 64)
    add("`bij,bjk->bik` 64³", "bij,bjk->bik", [a, b], "bmm_64", direct="dgemm_direct")
    x = data(200, 200, 200)
    add("`ijk->kji` 200³ (view)", "ijk->kji", [x], "transpose_ijk_kji_200", "einsum_view")
    add("`ijk->kji` 200³ (owned: `.to_owned()` / `.copy()`)", "ijk->kji", [x],
        "transpose_ijk_kji_200", "einsum_to_owned", copy=True)
    add("`ijk->` 200³", "ijk->", [x], "sum_ijk_200")
    a, b = data(2000, 2000), data(2000, 2000)
    add("`ij,ij->` 2000²", "ij,ij->", [a, b], "dot_ij_ij_2000")
    u, v = data(4000), data(4000)
    add("`i,j->ij` 4000", "i,j->ij", [u, v], "outer_i_j_4000")
    m = data(2000, 2000)
    add("`ii->i` 2000 (view)", "ii->i", [m], "diag_ii_i_2000", "einsum_view")
    add("`ii->i` 2000 (owned: `.to_owned()` / `.copy()`)", "ii->i", [m], "diag_ii_i_2000",
        "einsum_to_owned", copy=True)
    for md, group in [(8, "seed_ijkm_iko_kp_d8"), (1, "seed_ijkm_iko_kp_d8_m1")]:
        add(f"`ijkm,iko,kp->mip` d=8{', m=1' if md == 1 else ''}", "ijkm,iko,kp->mip",
            [data(8, 8, 8, md), data(8, 8, 8), data(8, 8)], group)
    w, xb = data(500, 784), data(128, 784)
    add("`hi,Bi->Bh` h=500 i=784 B=128", "hi,Bi->Bh", [w, xb], "mlp_forward_hi_bi_bh",
        direct="dgemm_direct")
    h, o = data(128, 500), data(128, 10)
    add("`Bh,Bo->oh` B=128 h=500 o=10", "Bh,Bo->oh", [h, o], "mlp_grad_bh_bo_oh",
        direct="dgemm_direct")
    for nb in [300, 100_000]:
        bs, ds, z = data(10, 3, 3), data(10, nb), data(3, nb)
        left = np.einsum("N...b,ab->Nab", ds, z)
        add(f"`N...b,ab->Nab` N=10 a=3 b={nb}", "N...b,ab->Nab", [ds, z],
            f"kron_b{nb}_step1")
        add(f"`Nca,Nab->cb` N=10 a=3 b={nb}", "Nca,Nab->cb", [bs, left], f"kron_b{nb}_step2",
            direct="dgemm_direct")
        add(f"both steps (seed In [82]) b={nb}", ("N...b,ab->Nab", "Nca,Nab->cb"),
            [ds, z, bs], f"kron_b{nb}_both")
    t, m1, m2 = data(100, 100, 100), data(100, 100), data(100, 100)
    add("`abc,cd,de->abe` 100", "abc,cd,de->abe", [t, m1, m2], "chain_abc_cd_de_100",
        direct="dgemm_direct")
    ops = [data(10, 10), data(10, 10), data(10, 10, 10, 10), data(10, 10), data(10, 10)]
    add("`ea,fb,abcd,gc,hd->efgh` 10", "ea,fb,abcd,gc,hd->efgh", ops, "five_op_10")
    for n in [3, 4]:
        add(f"`ij,jk->ik` {n}×{n}", "ij,jk->ik", [data(n, n), data(n, n)], f"matmul_{n}x{n}",
            direct="dgemm_direct", hand="hand_loop")
        add(f"`ij,jk->ik` {n}×{n}, static shapes", "ij,jk->ik", [data(n, n), data(n, n)],
            f"matmul_{n}x{n}", "einsum_static", direct="dgemm_direct", hand="hand_loop")
    return out


def variants(c):
    """The three Python callables of a case."""
    subs, ops, copy = c["subs"], c["ops"], c["copy"]
    if isinstance(subs, tuple):  # the two-step Kronecker pipeline
        s1, s2 = subs
        ds, z, bs = ops

        def chain(f):
            return lambda: f(s2, bs, f(s1, ds, z))

        return {
            "np": chain(lambda s, *o: np.einsum(s, *o, optimize=False)),
            "np_opt": chain(lambda s, *o: np.einsum(s, *o, optimize=True)),
            "oe": chain(opt_einsum.contract),
        }
    post = (lambda r: r.copy()) if copy else (lambda r: r)
    return {
        "np": lambda: post(np.einsum(subs, *ops, optimize=False)),
        "np_opt": lambda: post(np.einsum(subs, *ops, optimize=True)),
        "oe": lambda: post(opt_einsum.contract(subs, *ops)),
    }


def best(f):
    """(best seconds per call, single-call flag, result of the first call)."""
    t0 = timeit.default_timer()
    result = f()
    first = timeit.default_timer() - t0
    if first > SLOW:
        return first, True, result
    t = timeit.Timer(f)
    number, total = t.autorange()  # the number of calls that takes >= 0.2 s
    repeat = max(3, min(15, int(BUDGET / total)))
    times = [total] + t.repeat(repeat=repeat, number=number)
    return min(first, min(times) / number), False, result


def check(c, results):
    """All variants agree (guards against timing the wrong thing)."""
    ref = np.asarray(results["np_opt"])
    for k in ("np", "oe"):
        if not np.allclose(np.asarray(results[k]), ref):
            raise SystemExit(f"{c['label']}: {k} disagrees with optimize=True")


def rust_results():
    return criterion_best("einsum", measurement_time=2)


def fmt(t, single=False):
    if t is None:
        return ""
    if t >= 1:
        s = f"{t:.2f} s"
    elif t >= 1e-3:
        s = f"{t*1e3:.3f} ms"
    elif t >= 1e-6:
        s = f"{t*1e6:.2f} µs"
    else:
        s = f"{t*1e9:.1f} ns"
    return s + (" (1 call)" if single else "")


def main():
    rust = rust_results()
    rows, notes = [], []
    for c in cases():
        timed = {k: best(f) for k, f in variants(c).items()}
        check(c, {k: r for k, (_, _, r) in timed.items()})
        py = {k: (t, single) for k, (t, single, _) in timed.items()}
        t_rs = rust.get((c["group"], c["case"]))
        if t_rs is None:
            print(f"missing criterion result {c['group']}/{c['case']}", file=sys.stderr)
        direct = rust.get((c["group"], c["direct"])) if c["direct"] else None
        hand = rust.get((c["group"], c["hand"])) if c["hand"] else None
        best_py = min(t for t, _ in py.values())
        ratio = f"{best_py / t_rs:.2f}x" if t_rs else ""
        d_ratio = f"{direct / t_rs:.2f}x" if (t_rs and direct) else ""
        if t_rs and best_py < t_rs:
            notes.append(f"{c['label']}: slower than the best of NumPy/opt_einsum "
                         f"({fmt(t_rs)} vs {fmt(best_py)})")
        if t_rs and direct and t_rs > 1.1 * direct:
            notes.append(f"{c['label']}: more than 1.1x matrixmultiply direct "
                         f"({fmt(t_rs)} vs {fmt(direct)})")
        rows.append(
            f"| {c['label']} | {fmt(*py['np'])} | {fmt(*py['np_opt'])} | {fmt(*py['oe'])} "
            f"| {fmt(t_rs)} | {fmt(direct)} | {fmt(hand)} | {ratio} | {d_ratio} |"
        )
    print(f"NumPy {np.__version__}, opt_einsum {opt_einsum.__version__}; BLAS: {BLAS}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}, "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')}")
    print()
    print("Best time per call. `best Py / einarray` = min(NumPy optimize=False, "
          "optimize=True, opt_einsum) / einarray; `direct / einarray` = matrixmultiply::dgemm "
          "by hand / einarray. Above 1: einarray faster.")
    print()
    print("| case | NumPy optimize=False | NumPy optimize=True | opt_einsum | einarray "
          "| dgemm direct | hand loop | best Py / einarray | direct / einarray |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    if notes:
        print()
        print("Slower than the bar:")
        print()
        for n in notes:
            print(f"- {n}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the differential `tensor!` test against NumPy.

Usage (from the repository root):

    python3 scripts/gen_tensor_fixtures.py

writes two files:

- `tests/fixtures/tensor.txt`: every case's input arrays and NumPy's result (or the error or
  panic einarray must report);
- `tests/tensor_numpy.rs`: the Rust test, one `tensor!` / `try_tensor!` statement per case (the
  statement is macro input, so each case is a line of code), grouped in one `#[test]` per
  category. It loads each case's arrays and expected result from the fixture by case id. The
  generated file is rustfmt-clean as written.

Each case is a `tensor!` statement (a Rust literal written into the test) and the equivalent
NumPy code (used only here, to compute the expected result). The arrays a statement reads are
C-contiguous arrays named in the fixture; transposed, stepped, negative-stride, permuted and
broadcast operands are made inside the statement (`(x.t())[j, i]`) or by a per-case Rust
prelude (`let v = x.slice(s![..;-1, ..]);`), mirrored by the NumPy code (`x.T`, `x[::-1, :]`).

Deterministic: every choice (label sizes, data) comes from Python's `random.Random` with a
fixed seed, so the output does not depend on NumPy's random generator. No network access.

Fixture format: `#` lines are comments; the rest are records, a `case` line followed by one
`arr` line per input array and one `out`, `err` or `panic` line:

    case <id> <dtype> <group> <exact|rel> "<statement>"
    arr <name> <shape> <data>
    out <shape> <data>
    err <message or ->
    panic <message part>

- dtype: `f64` or `i64`. shape and data: `[2,3]` and `[1.5,-2.0,nan,...]`, C order; floats in
  Python's `repr` (shortest round-trip: the Rust parse gives the very same `f64`).
- tolerance: `exact` (integer-valued arithmetic: compared with `==`, NaN equal to NaN) or
  `rel` (transcendental functions: relative difference at most 1e-12).
- out: for `:=`, the new array; for `=`, `+=`, `-=`, `*=`, the written array (or the whole
  base array of a written view) afterwards.
- err: `try_tensor!` must return `Err` of kind `IncompatibleShape` with exactly this message
  (`-`: any message; see `ERR_ANY` below).
- panic: `tensor!` must panic with a message containing this (max/min over an empty range,
  where NumPy raises "zero-size array to reduction operation").

Left out because einarray mishandles them (suspected library bugs, reported; add cases here
once fixed): a `:=` with an implicit sum and an explicit reduction that depends only on left
labels (`s[i] := a[i, j] + max[k](b[i, k])`: does not compile); a label used only as a value
inside a reduction whose terms do not index it (`s[i] := b[i] + sum[k](a[k] * (i as f64))`:
does not compile, or silently reads an outer variable named `i`); an aliased write whose right
side lacks a left label (`a[i, j] -= sum[k](a[i, k])`, `a[i, j] = a[i, i]`: do not compile).
A `:=` that is a pure product with nothing summed (`t[j, i] := a[i, j]`, `d[i] := a[i, i]`)
returns einsum's `View`, not a new `Array`; the generated calls only read shape and elements,
which both have.
"""

import math
import os
import random
import sys

import numpy as np

SEED = 20260612
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "tensor.txt")
RUST = os.path.join(ROOT, "tests", "tensor_numpy.rs")
COMMAND = "python3 scripts/gen_tensor_fixtures.py"
DTYPES = {"f64": np.float64, "i64": np.int64}
MAX_WIDTH = 100
CALL_WIDTH = 60  # rustfmt's fn_call_width for max_width 100

rng = random.Random(SEED)
CASES = []


# --------------------------------------------------------------------------------------------
# Data


def rand_array(shape, dtype, values=range(-3, 4)):
    n = math.prod(shape)
    data = [rng.choice(values) for _ in range(n)]
    return np.array(data, dtype=DTYPES[dtype]).reshape(shape)


def shape_of(spec, sizes):
    """An array's shape: a string of labels (one axis each, sizes from `sizes`), a tuple, or a
    function of the sizes."""
    if callable(spec):
        return tuple(spec(sizes))
    if isinstance(spec, tuple):
        return spec
    return tuple(sizes[l] for l in spec)


class Sizes(dict):
    """Label sizes, a random one (1 to 5) for each label first asked for."""

    def __missing__(self, label):
        self[label] = rng.randint(1, 5)
        return self[label]


def random_sizes(labels, lo=1, hi=5):
    return {l: rng.randint(lo, hi) for l in labels}


# --------------------------------------------------------------------------------------------
# Cases


def add(group, stmt, np_code, arrays, *, dtype="f64", sizes=None, tol="exact", values=None,
        pre_rs=(), pre_np=(), result=None, err=None, panic=None, use_try=None, data=None):
    """One case.

    stmt: the `tensor!` statement; np_code: a NumPy expression (`:=`) or statement (writes);
    arrays: name -> shape spec; sizes: label sizes; pre_rs / pre_np: Rust / NumPy lines run
    before the statement (views); result: the variable compared afterwards (the written array
    by default; `r` for `:=`); data: name -> explicit values.
    """
    sizes = Sizes(sizes or {})
    labels = sorted({ch for spec in arrays.values() if isinstance(spec, str) for ch in spec})
    for l in labels:
        sizes.setdefault(l, rng.randint(1, 5))
    values = values or range(-3, 4)
    arrs = {}
    for name, spec in arrays.items():
        shape = shape_of(spec, sizes)
        if data and name in data:
            arrs[name] = np.array(data[name], dtype=DTYPES[dtype]).reshape(shape)
        else:
            arrs[name] = rand_array(shape, dtype, values)
    op = parse_op(stmt)
    target = stmt.split("[", 1)[0].strip()
    if result is None:
        result = "r" if op == ":=" else target
    ns = {"np": np, "math": math}
    ns.update({k: v.copy() for k, v in arrs.items()})
    case = {
        "group": group, "stmt": stmt, "dtype": dtype, "tol": tol, "arrays": arrs, "op": op,
        "result": result, "pre_rs": list(pre_rs), "target": target, "err": err, "panic": panic,
    }
    if err is not None or panic is not None:
        # NumPy must refuse too.
        try:
            with np.errstate(all="ignore"):
                for line in pre_np:
                    exec(line, ns)
                if op == ":=":
                    eval(np_code, ns)
                else:
                    exec(np_code, ns)
        except ValueError:
            pass
        else:
            raise AssertionError(f"NumPy accepts {stmt!r}: {np_code}")
    else:
        with np.errstate(all="ignore"):
            for line in pre_np:
                exec(line, ns)
            if op == ":=":
                out = np.asarray(eval(np_code, ns))
            else:
                exec(np_code, ns)
                out = np.asarray(ns[result])
        assert out.dtype == DTYPES[dtype], (stmt, out.dtype)
        if tol == "exact" and dtype == "f64":
            finite = out[np.isfinite(out)]
            # Small multiples of 1/64: exact in f64 whatever the order of the operations.
            assert np.array_equal(finite * 64, np.round(finite * 64)), (stmt, "inexact", out)
        case["out"] = out
    n = len(CASES)
    case["id"] = f"{'e' if err is not None else 'p' if panic is not None else 't'}{n:04d}"
    if use_try is None:
        use_try = err is not None or n % 5 == 0
    case["try"] = use_try and panic is None
    CASES.append(case)


def parse_op(stmt):
    rest = stmt.split("]", 1)[1].lstrip()
    for op in (":=", "+=", "-=", "*=", "="):
        if rest.startswith(op):
            return op
    raise ValueError(stmt)


def variants(n, f, *args):
    for v in range(n):
        f(v, *args)


# --------------------------------------------------------------------------------------------
# The cases, by category


def contractions():
    g = "contraction"
    for v in range(4):
        dt = "i64" if v == 3 else "f64"
        add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"}, dtype=dt)
    add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"},
        sizes=dict(i=17, j=23, k=19))
    add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"},
        sizes=dict(i=1, j=1, k=1))
    for dt in ("f64", "i64"):
        add(g, "c[k, i] := a[i, j] * b[j, k]", "(a @ b).T", {"a": "ij", "b": "jk"}, dtype=dt)
        add(g, "c[i, k] := 1.0 * a[i, j] * b[j, k]" if dt == "f64" else
            "c[i, k] := 2 * a[i, j] * b[j, k]",
            "1.0 * (a @ b)" if dt == "f64" else "2 * (a @ b)", {"a": "ij", "b": "jk"}, dtype=dt)
        add(g, "c[i, k] := sum[j](a[i, j] * b[j, k])", "a @ b", {"a": "ij", "b": "jk"},
            dtype=dt)
    add(g, "c[i, k] := sum[j](a[i, j] * b[j, k]) + 1.0", "a @ b + 1.0", {"a": "ij", "b": "jk"})
    add(g, "c[row, col] := a[row, inner] * b[inner, col]", "a @ b", {"a": "ij", "b": "jk"})
    add(g, "y[i] := a[i, j] * x[j]", "a @ x", {"a": "ij", "x": "j"})
    add(g, "y[i] := a[i, j] * x[j]", "a @ x", {"a": "ij", "x": "j"}, dtype="i64")
    add(g, "y[j] := x[i] * a[i, j]", "x @ a", {"a": "ij", "x": "i"})
    add(g, "s[i] := a[i, j] * b[i, j]", "(a * b).sum(1)", {"a": "ij", "b": "ij"})
    for v in range(3):
        dt = "i64" if v == 2 else "f64"
        add(g, "c[n, i, k] := a[n, i, j] * b[n, j, k]", "a @ b", {"a": "nij", "b": "njk"},
            dtype=dt, sizes=random_sizes("nijk", 1, 4))
    add(g, "c[n, k, i] := a[n, i, j] * b[n, j, k]", "np.einsum('nij,njk->nki', a, b)",
        {"a": "nij", "b": "njk"})
    add(g, "c[n, i, k] := a[n, i, j] * b[j, k]", "a @ b", {"a": "nij", "b": "jk"})
    for dt in ("f64", "i64"):
        add(g, "c[i, j] := a[i] * b[j]", "np.outer(a, b)", {"a": "i", "b": "j"}, dtype=dt)
    add(g, "c[j, i] := a[i] * b[j]", "np.outer(a, b).T", {"a": "i", "b": "j"})
    add(g, "c[i, j, k] := a[i] * b[j] * d[k]", "np.einsum('i,j,k->ijk', a, b, d)",
        {"a": "i", "b": "j", "d": "k"})
    add(g, "c[i, j, k] := m[i, j] * d[k]", "m[:, :, None] * d", {"m": "ij", "d": "k"})
    for dt in ("f64", "i64"):
        add(g, "d[i, l] := a[i, j] * b[j, k] * c[k, l]", "a @ b @ c",
            {"a": "ij", "b": "jk", "c": "kl"}, dtype=dt)
    add(g, "d[l, i] := a[i, j] * b[j, k] * c[k, l]", "(a @ b @ c).T",
        {"a": "ij", "b": "jk", "c": "kl"})
    add(g, "s[i] := a[i, j] * b[j, k] * c[k, i]", "np.diag(a @ b @ c)",
        {"a": "ij", "b": "jk", "c": "ki"})
    # Traces and diagonals: one label twice.
    for dt in ("f64", "i64"):
        add(g, "d[i] := a[i, i]", "np.diag(a).copy()", {"a": "ii"}, dtype=dt)
        add(g, "t[n] := a[n, i, i]", "np.trace(a, axis1=1, axis2=2)", {"a": "nii"}, dtype=dt)
    add(g, "t[k] := a[i, i] * b[k]", "np.trace(a) * b", {"a": "ii", "b": "k"})
    add(g, "t[i] := a[i, j] * a[j, i]", "np.diag(a @ a)", {"a": "ii"})
    add(g, "t[i] := a[i, j] * b[j, i]", "np.diag(a @ b)", {"a": "ij", "b": "ji"})
    add(g, "d[i] := a[i, i] + 0.5", "np.diag(a) + 0.5", {"a": "ii"}, values=[-2, 0, 2, 4])
    add(g, "t[j] := a[i, j, i]", "np.einsum('iji->j', a)", {"a": "iji"})
    add(g, "g[i, j] := a[i, k] * a[j, k]", "a @ a.T", {"a": "ik"})
    add(g, "g[j, k] := a[i, j] * a[i, k]", "a.T @ a", {"a": "ij"}, dtype="i64")


def broadcasting():
    g = "broadcast"
    for dt in ("f64", "i64", "f64"):
        add(g, "c[i, j] := a[i, j] + b[j]", "a + b", {"a": "ij", "b": "j"}, dtype=dt)
    add(g, "c[i, j] := a[i, j] - b[i]", "a - b[:, None]", {"a": "ij", "b": "i"})
    add(g, "c[i, j] := a[i, j] - b[i]", "a - b[:, None]", {"a": "ij", "b": "i"}, dtype="i64")
    for dt in ("f64", "i64"):
        add(g, "c[i, j] := a[i] * b[j]", "a[:, None] * b", {"a": "i", "b": "j"}, dtype=dt)
        add(g, "c[i, j] := a[i] + b[j]", "a[:, None] + b", {"a": "i", "b": "j"}, dtype=dt)
    add(g, "c[j, i] := a[i] - b[j]", "(a[:, None] - b).T", {"a": "i", "b": "j"})
    add(g, "c[i, j, k] := a[i, j, k] * b[k] + d[i]", "a * b + d[:, None, None]",
        {"a": "ijk", "b": "k", "d": "i"}, sizes=random_sizes("ijk", 1, 4))
    add(g, "c[i, j, k] := a[i, k] + b[j, k]", "a[:, None, :] + b[None, :, :]",
        {"a": "ik", "b": "jk"})
    add(g, "c[k, j, i] := a[i, j] * b[j, k]", "(a[:, :, None] * b[None, :, :]).transpose()",
        {"a": "ij", "b": "jk"})
    add(g, "c[i, j] := a[i, j] * a[i, j] - b[j] * b[j]", "a * a - b * b",
        {"a": "ij", "b": "j"}, dtype="i64")
    add(g, "c[i, j] := a[i, j] + 2.0 * b[i, j] - 1.0", "a + 2.0 * b - 1.0",
        {"a": "ij", "b": "ij"})
    add(g, "c[i, j] := (a[i] + b[j]) * (a[i] - b[j])",
        "(a[:, None] + b) * (a[:, None] - b)", {"a": "i", "b": "j"})
    add(g, "c[i, j] := a[j, i]", "a.T.copy()", {"a": "ji"})
    add(g, "c[j, i] := a[i, j]", "a.T.copy()", {"a": "ij"}, dtype="i64")
    add(g, "c[i, j, k] := a[k, i, j]", "a.transpose(1, 2, 0).copy()", {"a": "kij"})
    add(g, "c[i, j] := a[i, j] + 0.0", "a + 0.0", {"a": "ij"})


def implicit_sums():
    g = "implicit"
    for dt in ("f64", "f64", "i64"):
        if dt == "f64":
            add(g, "s[i] := 2.0 * a[i, j] + 1.0", "(2.0 * a + 1.0).sum(1)", {"a": "ij"})
        else:
            add(g, "s[i] := 2 * a[i, j] + 1", "(2 * a + 1).sum(1)", {"a": "ij"}, dtype=dt)
    add(g, "s[j] := a[i, j] * a[i, j]", "(a * a).sum(0)", {"a": "ij"})
    add(g, "s[j] := a[i, j] * a[i, j]", "(a * a).sum(0)", {"a": "ij"}, dtype="i64")
    add(g, "s[i] := a[i, j] + b[k]", "(a[:, :, None] + b[None, None, :]).sum((1, 2))",
        {"a": "ij", "b": "k"})
    add(g, "s[i] := (a[i, j] - b[j]) * (a[i, j] - b[j])", "((a - b) ** 2).sum(1)",
        {"a": "ij", "b": "j"})
    add(g, "s[i] := (a[i, j] - b[j]) * (a[i, j] - b[j])", "((a - b) ** 2).sum(1)",
        {"a": "ij", "b": "j"}, dtype="i64")
    add(g, "s[k] := a[i, j, k] - 1.0", "(a - 1.0).sum((0, 1))", {"a": "ijk"},
        sizes=random_sizes("ijk", 1, 4))
    add(g, "s[i] := a[i, j] * b[j] + a[i, j]", "(a * b + a).sum(1)", {"a": "ij", "b": "j"})
    add(g, "s[i] := a[i, j] * b[k] * d[j, k]", "np.einsum('ij,k,jk->i', a, b, d)",
        {"a": "ij", "b": "k", "d": "jk"})
    add(g, "s[i] := a[i, j] * b[k] * d[j, k] + 1.0",
        "np.einsum('ij,k,jk->i', a, b, d) + b.size * d.shape[0]",
        {"a": "ij", "b": "k", "d": "jk"})
    add(g, "y[i] := a[i, j] * sum[k](b[j, k])", "a @ b.sum(1)", {"a": "ij", "b": "jk"})
    add(g, "y[i] := a[i, j] * max[k](b[j, k])", "a @ b.max(1)", {"a": "ij", "b": "jk"})
    add(g, "y[i] := a[i, j] + max[k](b[k])", "(a + b.max()).sum(1)", {"a": "ij", "b": "k"})
    add(g, "s[i] := (a[i, j]).abs()", "np.abs(a).sum(1)", {"a": "ij"})
    add(g, "s[i] := a[i, j] * a[i, j] * a[i, j]", "(a ** 3).sum(1)", {"a": "ij"}, dtype="i64")


def reductions():
    g = "reduction"
    softmax = ("y[i, j] := (z[i, j] - max[k](z[i, k])).exp() / "
               "sum[k]((z[i, k] - max[m](z[i, m])).exp())")
    sm_np = "np.exp(z - z.max(1, keepdims=True)) / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True)"
    for v in range(3):
        add(g, softmax, sm_np, {"z": "ij"}, tol="rel", values=[x / 4 for x in range(-12, 13)])
    add(g, "y[i, j] := (z[i, j] - max[k](z[i, k])).exp() / sum[k]((z[i, k]).exp())",
        "np.exp(z - z.max(1, keepdims=True)) / np.exp(z).sum(1, keepdims=True)",
        {"z": "ij"}, tol="rel", values=[x / 4 for x in range(-12, 13)])
    lse = "l[i] := max[j](z[i, j]) + sum[k]((z[i, k] - max[m](z[i, m])).exp()).ln()"
    lse_np = "z.max(1) + np.log(np.exp(z - z.max(1, keepdims=True)).sum(1))"
    for v in range(3):
        add(g, lse, lse_np, {"z": "ij"}, tol="rel", values=[x / 2 for x in range(-8, 9)])
    add(g, "l[i] := sum[j]((z[i, j]).exp()).ln()", "np.log(np.exp(z).sum(1))", {"z": "ij"},
        tol="rel")
    for dt in ("f64", "i64", "f64"):
        add(g, "r[i] := max[j](a[i, j]) - min[j](a[i, j])", "a.max(1) - a.min(1)",
            {"a": "ij"}, dtype=dt)
    add(g, "r[j] := max[i](a[i, j]) - min[i](a[i, j])", "a.max(0) - a.min(0)", {"a": "ij"})
    for dt in ("f64", "i64"):
        add(g, "p[i] := prod[j](a[i, j])", "a.prod(1)", {"a": "ij"}, dtype=dt)
        add(g, "m[i] := max[j](a[i, j])", "a.max(1)", {"a": "ij"}, dtype=dt)
        add(g, "m[j] := min[i](a[i, j])", "a.min(0)", {"a": "ij"}, dtype=dt)
    add(g, "p[i] := prod[j](a[i, j] + 10.0) + min[j](a[i, j])", "(a + 10.0).prod(1) + a.min(1)",
        {"a": "ij"})
    add(g, "p[i] := prod[j, k](a[i, j, k])", "a.prod((1, 2))", {"a": "ijk"}, dtype="i64",
        sizes=random_sizes("ijk", 1, 3), values=[-2, -1, 1, 2])
    add(g, "m[i] := max[j, k](a[i, j, k])", "a.max((1, 2))", {"a": "ijk"},
        sizes=random_sizes("ijk", 1, 4))
    add(g, "m[k] := min[i, j](a[i, j, k])", "a.min((0, 1))", {"a": "ijk"}, dtype="i64",
        sizes=random_sizes("ijk", 1, 4))
    add(g, "s[i] := sum[j](max[k](a[i, j, k]))", "a.max(2).sum(1)", {"a": "ijk"})
    add(g, "s[i] := max[j](sum[k](a[i, j, k]))", "a.sum(2).max(1)", {"a": "ijk"}, dtype="i64")
    add(g, "s[i] := min[j](max[k](a[i, j, k]) - min[k](a[i, j, k]))",
        "(a.max(2) - a.min(2)).min(1)", {"a": "ijk"})
    add(g, "m[i] := max[k](sum[j](a[i, j] * b[j, k]))", "(a @ b).max(1)",
        {"a": "ij", "b": "jk"})
    add(g, "m[i] := max[k](sum[j](a[i, j] * b[j, k]))", "(a @ b).max(1)",
        {"a": "ij", "b": "jk"}, dtype="i64")
    add(g, "m[i] := min[j](a[i, j] * b[j])", "(a * b).min(1)", {"a": "ij", "b": "j"})
    add(g, "s[i] := sum[j](a[i, j]) / 4.0", "a.sum(1) / 4.0", {"a": "ij"},
        sizes={"j": 4}, values=[-4, 0, 4, 8])
    add(g, "s[i] := sum[j](a[i, j] * a[i, j]).sqrt()", "np.sqrt((a * a).sum(1))", {"a": "ij"},
        tol="rel")
    add(g, "y[i, j] := a[i, j] - sum[k](a[i, k]) / 2.0",
        "a - a.sum(1, keepdims=True) / 2.0", {"a": "ij"}, values=[-4, -2, 0, 2, 4])
    add(g, "y[i, j] := a[i, j] - max[k](a[k, j])", "a - a.max(0)", {"a": "ij"}, dtype="i64")
    add(g, "s[i] := sum[j](prod[k](b[i, j, k]))", "b.prod(2).sum(1)", {"b": "ijk"},
        dtype="i64", sizes=random_sizes("ijk", 1, 3))
    # NaN propagates through max and min, as in NumPy.
    nan = float("nan")
    add(g, "m[i] := max[j](a[i, j])", "a.max(1)", {"a": (2, 3)},
        data={"a": [1.0, nan, 3.0, 4.0, 5.0, 6.0]})
    add(g, "m[i] := min[j](a[i, j])", "a.min(1)", {"a": (3, 2)},
        data={"a": [nan, 1.0, 2.0, nan, -1.0, 0.5]})
    add(g, "m[j] := max[i](a[i, j]) + min[i](a[i, j])", "a.max(0) + a.min(0)", {"a": (2, 3)},
        data={"a": [nan, -1.0, float("inf"), 2.0, nan, 3.0]})
    add(g, "s[i] := sum[j](a[i, j])", "a.sum(1)", {"a": (2, 2)},
        data={"a": [float("inf"), 1.0, float("-inf"), nan]})


def elementwise():
    g = "elementwise"
    add(g, "c[i, j] := (a[i, j]).abs()", "np.abs(a)", {"a": "ij"})
    add(g, "c[i, j] := (a[i, j]).abs()", "np.abs(a)", {"a": "ij"}, dtype="i64")
    add(g, "c[i, j] := a[i, j].abs() + b[j]", "np.abs(a) + b", {"a": "ij", "b": "j"})
    for v in range(2):
        add(g, "c[i, j] := (a[i, j]).exp()", "np.exp(a)", {"a": "ij"}, tol="rel",
            values=[x / 4 for x in range(-12, 13)])
    add(g, "c[i, j] := (a[i, j] * b[j]).exp() - 1.0", "np.exp(a * b) - 1.0",
        {"a": "ij", "b": "j"}, tol="rel", values=[x / 4 for x in range(1, 9)])
    add(g, "c[i, j] := (a[i, j]).abs().sqrt()", "np.sqrt(np.abs(a))", {"a": "ij"}, tol="rel")
    add(g, "c[i, j] := (1.0 + a[i, j] * a[i, j]).ln()", "np.log(1.0 + a * a)", {"a": "ij"},
        tol="rel", values=[x / 2 for x in range(-6, 7) if x])
    add(g, "c[i] := (a[i]).tanh()", "np.tanh(a)", {"a": "i"}, tol="rel",
        values=[x / 4 for x in range(-8, 9) if x])
    add(g, "c[i, j] := 1.0 / (1.0 + (-a[i, j]).exp())", "1.0 / (1.0 + np.exp(-a))",
        {"a": "ij"}, tol="rel")
    add(g, "c[i, j] := (a[i, j]).powi(2) - (b[i, j]).powi(3)", "a ** 2 - b ** 3",
        {"a": "ij", "b": "ij"})
    add(g, "c[i, j] := a[i, j].pow(2) * b[j]", "a ** 2 * b", {"a": "ij", "b": "j"},
        dtype="i64")
    add(g, "c[i, j] := (a[i, j]).max(0.0)", "np.maximum(a, 0.0)", {"a": "ij"})
    add(g, "c[i, j] := f64::max(a[i, j], b[j])", "np.maximum(a, b)", {"a": "ij", "b": "j"})
    add(g, "c[i, j] := (a[i, j]).min(b[i, j])", "np.minimum(a, b)", {"a": "ij", "b": "ij"},
        dtype="i64")
    add(g, "c[i, j] := if a[i, j] > 0.0 { a[i, j] } else { 0.1 * a[i, j] }",
        "np.where(a > 0, a, 0.1 * a)", {"a": "ij"}, tol="rel")
    add(g, "c[i, j] := (a[i, j]).clamp(-1, 1) * 3", "np.clip(a, -1, 1) * 3", {"a": "ij"},
        dtype="i64")
    add(g, "c[i, j] := (a[i, j]).signum()", "np.sign(a)", {"a": "ij"},
        values=[-3, -1, 1, 2])
    add(g, "c[i, j] := -a[i, j] * b[i, j]", "-a * b", {"a": "ij", "b": "ij"}, dtype="i64")
    add(g, "c[i, j] := a[i, j] % 3", "np.fmod(a, 3)", {"a": "ij"}, dtype="i64")
    add(g, "c[i, j] := a[i, j] / 2.0", "a / 2.0", {"a": "ij"}, values=[-4, -2, 0, 2, 6])
    add(g, "c[i, j] := (a[i, j]).mul_add(2.0, 0.5)", "a * 2.0 + 0.5", {"a": "ij"},
        values=[-3, -1, 0, 1, 3])


def labels_as_values():
    g = "label_value"
    for dt in ("f64", "i64"):
        cast = "f64" if dt == "f64" else "i64"
        add(g, f"c[i, j] := a[i, j] * (j as {cast})", "a * np.arange(a.shape[1])",
            {"a": "ij"}, dtype=dt)
    add(g, "c[i] := a[i] + (i * i) as f64", "a + np.arange(a.shape[0]) ** 2", {"a": "i"})
    add(g, "c[i, j] := a[i, j] * (i as i64 - j as i64)",
        "a * (np.arange(a.shape[0])[:, None] - np.arange(a.shape[1]))", {"a": "ij"},
        dtype="i64")
    add(g, "s[i] := a[i, j] * (j as f64)", "a @ np.arange(a.shape[1], dtype=float)",
        {"a": "ij"})
    add(g, "s[i] := sum[j](a[i, j] * (j as f64))", "a @ np.arange(a.shape[1], dtype=float)",
        {"a": "ij"})
    add(g, "c[i, j] := if i == j { a[i, j] } else { 0.0 }", "np.diag(np.diag(a))",
        {"a": "ii"})
    add(g, "c[i, j] := if i <= j { a[i, j] } else { 0 }", "np.triu(a)", {"a": "ij"},
        dtype="i64")
    add(g, "t[i] := max[j](a[i, j] + (j as f64))", "(a + np.arange(a.shape[1])).max(1)",
        {"a": "ij"})
    add(g, "t[i] := a[i, j] * ((i + j) % 2) as i64",
        "(a * ((np.arange(a.shape[0])[:, None] + np.arange(a.shape[1])) % 2)).sum(1)",
        {"a": "ij"}, dtype="i64")


def writes():
    g = "write"
    for dt in ("f64", "i64"):
        add(g, "c[i, j] = a[i, j] * 2.0" if dt == "f64" else "c[i, j] = a[i, j] * 2",
            "c[...] = a * 2", {"a": "ij", "c": "ij"}, dtype=dt)
        add(g, "c[i, j] += a[i, j]", "c += a", {"a": "ij", "c": "ij"}, dtype=dt)
        add(g, "c[i, j] -= a[j, i]", "c -= a.T", {"a": "ji", "c": "ij"}, dtype=dt)
        add(g, "c[i, j] *= a[i, j]", "c *= a", {"a": "ij", "c": "ij"}, dtype=dt)
        add(g, "c[i, k] += a[i, j] * b[j, k]", "c += a @ b", {"a": "ij", "b": "jk", "c": "ik"},
            dtype=dt)
    add(g, "c[i, k] = a[i, j] * b[j, k]", "c[...] = a @ b", {"a": "ij", "b": "jk", "c": "ik"})
    add(g, "c[i, k] -= sum[j](a[i, j] * b[j, k])", "c -= a @ b",
        {"a": "ij", "b": "jk", "c": "ik"})
    add(g, "c[i, j] = b[j]", "c[...] = b", {"b": "j", "c": "ij"})
    add(g, "c[i, j] += b[i]", "c += b[:, None]", {"b": "i", "c": "ij"}, dtype="i64")
    add(g, "c[i, j] -= 1.0", "c -= 1.0", {"c": "ij"})
    add(g, "c[i, j] *= 0.5", "c *= 0.5", {"c": "ij"}, values=[-4, -2, 0, 2, 6])
    add(g, "c[i, j] = (i * 10 + j) as f64",
        "c[...] = np.arange(c.shape[0])[:, None] * 10 + np.arange(c.shape[1])", {"c": "ij"})
    add(g, "c[i, j] = (i as i64) - (j as i64)",
        "c[...] = np.arange(c.shape[0])[:, None] - np.arange(c.shape[1])", {"c": "ij"},
        dtype="i64")
    add(g, "c[i] += a[i, j]", "c += a.sum(1)", {"a": "ij", "c": "i"})
    add(g, "c[i] *= a[i, j]", "c *= a.sum(1)", {"a": "ij", "c": "i"}, dtype="i64")
    add(g, "c[i] = max[j](a[i, j])", "c[...] = a.max(1)", {"a": "ij", "c": "i"})
    add(g, "c[i] -= min[j](a[i, j]) * 2.0", "c -= a.min(1) * 2.0", {"a": "ij", "c": "i"})
    add(g, "c[i, j] = (a[i, j]).exp()", "c[...] = np.exp(a)", {"a": "ij", "c": "ij"},
        tol="rel")
    add(g, "c[i, j] += a[i, j] * b[k]", "c += a * b.sum()", {"a": "ij", "b": "k", "c": "ij"})
    add(g, "c[n, i, k] += a[n, i, j] * b[n, j, k]", "c += a @ b",
        {"a": "nij", "b": "njk", "c": "nik"}, sizes=random_sizes("nijk", 1, 3))


def aliasing():
    g = "alias"
    for dt in ("f64", "i64", "f64"):
        add(g, "a[i, j] += a[j, i]", "a += a.T", {"a": "ii"}, dtype=dt)
    for dt in ("f64", "i64"):
        add(g, "a[i, j] = a[j, i] - a[i, j]", "a[...] = a.T - a", {"a": "ii"}, dtype=dt)
        add(g, "a[i, j] *= a[i, j]", "a *= a", {"a": "ij"}, dtype=dt)
        add(g, "a[i, j] -= a[j, i]", "a -= a.T", {"a": "ii"}, dtype=dt)
    add(g, "a[i, j] = a[j, i]", "a[...] = a.T.copy()", {"a": "ii"})
    add(g, "a[i, j] *= a[j, i]", "a *= a.T", {"a": "ii"}, dtype="i64")
    add(g, "a[i, j] += a[i, j] * b[j]", "a += a * b", {"a": "ij", "b": "j"})
    add(g, "a[i, j] = a[i, j] - max[k](a[i, k])", "a -= a.max(1, keepdims=True)", {"a": "ij"})
    add(g, "a[i, j] = a[i, j] - sum[k](a[i, k])", "a -= a.sum(1, keepdims=True)",
        {"a": "ij"}, dtype="i64")
    add(g, "a[i, j] = a[i, k] * a[k, j]", "a[...] = a @ a", {"a": "ii"})
    add(g, "a[i, j] += a[i, k] * a[k, j]", "a += a @ a", {"a": "ii"}, dtype="i64")
    add(g, "a[i, j] = a[i, i] + 0.0 * a[i, j]", "a[...] = np.diag(a)[:, None].copy()",
        {"a": "ii"})
    add(g, "a[i, j, k] += a[k, i, j]", "a += a.transpose(1, 2, 0)", {"a": "iii"})
    add(g, "a[i] = a[i] - sum[k](a[k]) / 4.0", "a -= a.sum() / 4.0", {"a": "i"},
        sizes={"i": 4}, values=[-4, 0, 4, 8])
    # Written views: the whole base is compared.
    add(g, "v[i, j] += v[j, i]", "v += v.T", {"x": "ii"}, pre_rs=[
        "let mut v = x.slice_mut(s![..;-1, ..]);"], pre_np=["v = x[::-1, :]"], result="x")
    add(g, "v[i, j] = v[j, i] - v[i, j]", "v[...] = v.T - v", {"x": "ii"}, pre_rs=[
        "let mut v = x.view_mut();"], pre_np=["v = x"], result="x", dtype="i64")


def view_operands():
    g = "views"
    for dt in ("f64", "i64"):
        add(g, "c[i, k] := (x.t())[j, i] * b[j, k]", "x.T.T @ b", {"x": "ij", "b": "jk"},
            dtype=dt)
    add(g, "c[i, k] := (x.t())[i, j] * (y.t())[j, k]", "x.T @ y.T", {"x": "ji", "y": "kj"})
    add(g, "c[i, k] := 1.0 * (x.t())[i, j] * (y.t())[j, k]", "x.T @ y.T",
        {"x": "ji", "y": "kj"})
    add(g, "c[i, j] := (x.slice(s![..;-1, ..]))[i, j]", "x[::-1, :].copy()", {"x": "ij"})
    add(g, "c[i, j] := (x.slice(s![..;-1, ..]))[i, j] + 0.0", "x[::-1, :] + 0.0", {"x": "ij"})
    add(g, "c[i, j] := (x.slice(s![.., ..;-2]))[i, j] * b[j]", "x[:, ::-2] * b",
        {"x": lambda s: (s["i"], 2 * s["j"]), "b": "j"})
    add(g, "c[i, j] := (x.slice(s![1.., ..;2]))[i, j] - (x.slice(s![..-1, 1..;2]))[i, j]",
        "x[1:, ::2] - x[:-1, 1::2]", {"x": lambda s: (s["i"] + 1, 2 * s["j"])},
        sizes=random_sizes("ij", 1, 4))
    add(g, "c[i, k] := (x.slice(s![..;-1, ..;2]))[i, j] * b[j, k]", "x[::-1, ::2] @ b",
        {"x": lambda s: (s["i"], 2 * s["j"] - 1), "b": "jk"}, dtype="i64")
    add(g, "c[i, k] := sum[j]((x.slice(s![..;-1, ..]))[i, j] * (y.t())[j, k])",
        "x[::-1, :] @ y.T", {"x": "ij", "y": "kj"})
    add(g, "s[i] := max[j]((x.slice(s![.., ..;-3]))[i, j])", "x[:, ::-3].max(1)",
        {"x": lambda s: (s["i"], 3 * s["j"] - 2)})
    add(g, "c[i, j, k] := (x.permute([2, 0, 1]))[i, j, k] * 2.0",
        "x.transpose(2, 0, 1) * 2.0", {"x": "jki"})
    add(g, "c[i, l] := (x.permute([1, 2, 0]))[i, j, k] * y[j, k, l]",
        "np.einsum('ijk,jkl->il', x.transpose(1, 2, 0), y)", {"x": "kij", "y": "jkl"},
        sizes=random_sizes("ijkl", 1, 4))
    add(g, "c[i, j] := (x.broadcast_to([3, 4]))[i, j] + y[i, j]",
        "np.broadcast_to(x, (3, 4)) + y", {"x": (1, 4), "y": (3, 4)})
    add(g, "s[i] := (x.broadcast_to([5, 2]))[i, j] * y[j]", "np.broadcast_to(x, (5, 2)) @ y",
        {"x": (5, 1), "y": (2,)}, dtype="i64")
    # Views held in variables: View by value, and &View / &ViewMut reads.
    add(g, "c[i, k] := v[i, j] * w[j, k]", "v @ w", {"x": "ij", "y": "kj"},
        pre_rs=["let v = x.slice(s![..;-1, ..]);", "let w = y.t();"],
        pre_np=["v = x[::-1, :]", "w = y.T"])
    add(g, "c[i, j] := v[i, j] + w[j]", "v + w", {"x": "ji", "y": "j"},
        pre_rs=["let v = x.t();", "let w = y.slice(s![..;-1]);"],
        pre_np=["v = x.T", "w = y[::-1]"], dtype="i64")
    add(g, "c[i, j] := r[i, j] * 2.0", "r * 2.0", {"x": "ij"},
        pre_rs=["let r = &x.view();"], pre_np=["r = x"])
    add(g, "c[i, j] := (a.view())[j, i] - (a.t())[i, j]", "a.T - a.T", {"a": "ij"})
    add(g, "s[i] := m[i, j] * u[j]", "m @ u", {"x": "ij", "u": "j"},
        pre_rs=["let m = x.slice_mut(s![.., ..]);"], pre_np=["m = x"])
    # Writing through a strided / negative-stride ViewMut; the base is compared.
    add(g, "v[i, j] = a[i, j]", "v[...] = a", {"x": lambda s: (s["i"], 2 * s["j"]), "a": "ij"},
        pre_rs=["let mut v = x.slice_mut(s![.., ..;2]);"], pre_np=["v = x[:, ::2]"],
        result="x")
    add(g, "v[i, j] += a[i, j] * b[j]", "v += a * b",
        {"x": "ij", "a": "ij", "b": "j"},
        pre_rs=["let mut v = x.slice_mut(s![..;-1, ..;-1]);"], pre_np=["v = x[::-1, ::-1]"],
        result="x", sizes=dict(i=3, j=4))
    add(g, "v[i, j] *= (a.t())[i, j]", "v *= a.T",
        {"x": lambda s: (2 * s["i"], s["j"]), "a": "ji"},
        pre_rs=["let mut v = x.slice_mut(s![..;-2, ..]);"], pre_np=["v = x[::-2, :]"],
        result="x", dtype="i64")
    add(g, "v[j] -= m[i, j]", "v -= m.sum(0)", {"x": lambda s: (3, s["j"]), "m": "ij"},
        pre_rs=["let mut v = x.slice_mut(s![1, ..;-1]);"], pre_np=["v = x[1, ::-1]"],
        result="x")
    add(g, "v[i, j] = (i + 2 * j) as f64", "v[...] = np.arange(v.shape[0])[:, None] + "
        "2 * np.arange(v.shape[1])", {"x": "ij"},
        pre_rs=["let mut v = x.slice_mut(s![..;-1, ..]);"], pre_np=["v = x[::-1, :]"],
        result="x")


def zero_length():
    g = "zero"
    add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"},
        sizes=dict(i=2, j=0, k=3))
    add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"},
        sizes=dict(i=0, j=3, k=2), dtype="i64")
    add(g, "c[i, k] := 1.0 * a[i, j] * b[j, k]", "a @ b", {"a": "ij", "b": "jk"},
        sizes=dict(i=2, j=0, k=3))
    add(g, "c[i, j] := a[i, j] * 2", "a * 2", {"a": "ij"}, sizes=dict(i=0, j=3), dtype="i64")
    add(g, "c[i, j] := a[i, j] + b[j]", "a + b", {"a": "ij", "b": "j"}, sizes=dict(i=3, j=0))
    add(g, "s[i] := sum[j](a[i, j]) + 1", "a.sum(1) + 1", {"a": "ij"}, sizes=dict(i=2, j=0),
        dtype="i64")
    add(g, "s[i] := 2.0 * a[i, j] + 1.0", "(2.0 * a + 1.0).sum(1)", {"a": "ij"},
        sizes=dict(i=3, j=0))
    add(g, "p[i] := prod[j](a[i, j])", "a.prod(1)", {"a": "ij"}, sizes=dict(i=3, j=0))
    add(g, "p[i] := prod[j](a[i, j])", "a.prod(1)", {"a": "ij"}, sizes=dict(i=2, j=0),
        dtype="i64")
    add(g, "m[i] := max[j](a[i, j])", "a.max(1)", {"a": "ij"}, sizes=dict(i=0, j=3))
    add(g, "m[j] := min[i](a[i, j])", "a.min(0)", {"a": "ij"}, sizes=dict(i=2, j=0),
        dtype="i64")
    add(g, "y[i, j] := (z[i, j] - max[k](z[i, k])).exp()", "np.exp(z - z.max(1, keepdims=True))",
        {"z": "ij"}, sizes=dict(i=0, j=3), tol="rel")
    add(g, "c[i, j] += a[i, j]", "c += a", {"a": "ij", "c": "ij"}, sizes=dict(i=0, j=4))
    add(g, "c[i] = a[i, j]", "c[...] = a.sum(1)", {"a": "ij", "c": "i"}, sizes=dict(i=3, j=0))
    add(g, "c[i] *= prod[j](a[i, j])", "c *= a.prod(1)", {"a": "ij", "c": "i"},
        sizes=dict(i=3, j=0), dtype="i64")
    add(g, "a[i, j] += a[j, i]", "a += a.T", {"a": "ii"}, sizes=dict(i=0))
    add(g, "t[n] := a[n, i, i]", "np.trace(a, axis1=1, axis2=2)", {"a": "nii"},
        sizes=dict(n=2, i=0))
    add(g, "s[i] := a[i, j] * b[j, k] * c[k, i]", "np.diag(a @ b @ c)",
        {"a": "ij", "b": "jk", "c": "ki"}, sizes=dict(i=2, j=3, k=0))
    # max / min over an empty range panic (NumPy raises ValueError).
    add(g, "m[i] := max[j](a[i, j])", "a.max(1)", {"a": "ij"}, sizes=dict(i=2, j=0),
        panic="max over an empty range")
    add(g, "m[j] := min[i](a[i, j])", "a.min(0)", {"a": "ij"}, sizes=dict(i=0, j=3),
        dtype="i64", panic="min over an empty range")
    add(g, "r[i] := a[i, j] - max[k](b[k])", "(a - b.max()).sum(1)", {"a": "ij", "b": "k"},
        sizes=dict(i=2, j=2, k=0), panic="max over an empty range")


# Error messages: the statement, then the label's first and mismatching axes.
def msg(stmt_head, label, first, other):
    return (f"tensor {stmt_head} …: label `{label}` is {first[1]} in `{first[0]}` "
            f"(axis {first[2]}) but {other[1]} in `{other[0]}` (axis {other[2]})")


# A pure product `:=` goes through einsum!, whose message names its own letters and operand
# numbers, not the statement's labels and arrays (see the test's module docs): any message.
ERR_ANY = "-"


def errors():
    g = "error"
    add(g, "c[i, j] := a[i, j] + b[j]", "a + b", {"a": (2, 3), "b": (4,)},
        err=msg("c[i, j] :=", "j", ("a", 3, 1), ("b", 4, 0)))
    add(g, "c[i, j] := a[i, j] + b[j]", "a + b", {"a": (2, 3), "b": (4,)}, dtype="i64",
        err=msg("c[i, j] :=", "j", ("a", 3, 1), ("b", 4, 0)))
    add(g, "c[i, j] := a[i, j] - b[i]", "a - b[:, None]", {"a": (2, 3), "b": (3,)},
        err=msg("c[i, j] :=", "i", ("a", 2, 0), ("b", 3, 0)))
    add(g, "s[i] := 2.0 * a[i, j] + b[j]", "(2.0 * a + b).sum(1)", {"a": (2, 3), "b": (0,)},
        err=msg("s[i] :=", "j", ("a", 3, 1), ("b", 0, 0)))
    add(g, "m[i] := max[j](a[i, j] * b[j])", "(a * b).max(1)", {"a": (3, 2), "b": (5,)},
        err=msg("m[i] :=", "j", ("a", 2, 1), ("b", 5, 0)))
    add(g, "c[i, k] := 1.0 * a[i, j] * b[j, k]", "a @ b", {"a": (2, 3), "b": (4, 5)},
        err=msg("c[i, k] :=", "j", ("a", 3, 1), ("b", 4, 0)))
    add(g, "c[i, k] := sum[j](a[i, j] * b[j, k])", "a @ b", {"a": (2, 3), "b": (2, 2)},
        err=msg("c[i, k] :=", "j", ("a", 3, 1), ("b", 2, 0)))
    add(g, "c[i, k] := (x.t())[i, j] * b[j, k] + 0.0", "x.T @ b", {"x": (3, 2), "b": (2, 4)},
        err=msg("c[i, k] :=", "j", ("(x.t())", 3, 1), ("b", 2, 0)))
    add(g, "d[i] := a[i, i] + 0.0", "np.einsum('ii->i', a)", {"a": (2, 3)},
        err=msg("d[i] :=", "i", ("a", 2, 0), ("a", 3, 1)))
    add(g, "c[i, j] = a[i, j]", "c[...] = a", {"a": (2, 3), "c": (2, 4)},
        err=msg("c[i, j] =", "j", ("c", 4, 1), ("a", 3, 1)))
    add(g, "c[i, j] += a[j, i]", "c += a.T", {"a": (3, 3), "c": (2, 3)},
        err=msg("c[i, j] +=", "i", ("c", 2, 0), ("a", 3, 1)))
    add(g, "c[i] *= a[i, j]", "c *= a.sum(1)", {"a": (3, 2), "c": (2,)}, dtype="i64",
        err=msg("c[i] *=", "i", ("c", 2, 0), ("a", 3, 0)))
    add(g, "c[i] -= max[j](a[i, j])", "c -= a.max(1)", {"a": (3, 2), "c": (4,)},
        err=msg("c[i] -=", "i", ("c", 4, 0), ("a", 3, 0)))
    # Through einsum!: any message (see ERR_ANY).
    add(g, "c[i, k] := a[i, j] * b[j, k]", "a @ b", {"a": (2, 3), "b": (4, 5)}, err=ERR_ANY)
    add(g, "c[i, k] := a[i, j] * a[j, k]", "a @ a", {"a": (2, 3)}, err=ERR_ANY)
    add(g, "d[i] := a[i, i]", "np.einsum('ii->i', a)", {"a": (2, 3)}, err=ERR_ANY, dtype="i64")
    add(g, "c[i, j] := a[i] * b[j] * d[i, j]", "np.einsum('i,j,ij->ij', a, b, d)",
        {"a": (2,), "b": (3,), "d": (3, 2)}, err=ERR_ANY)
    # An aliased write of a non-square array (NumPy: a += a.T does not broadcast).
    add(g, "a[i, j] += a[j, i]", "a += a.T", {"a": (2, 3)}, err=ERR_ANY)
    add(g, "a[i, j] = a[j, i] - a[i, j]", "a[...] = a.T - a", {"a": (3, 2)}, err=ERR_ANY)


GROUP_TESTS = [
    ("contraction", "contractions", contractions),
    ("broadcast", "broadcasting_by_labels", broadcasting),
    ("implicit", "implicit_sums", implicit_sums),
    ("reduction", "explicit_reductions", reductions),
    ("elementwise", "elementwise_math", elementwise),
    ("label_value", "labels_as_values", labels_as_values),
    ("write", "writes_into_existing_arrays", writes),
    ("alias", "aliased_writes", aliasing),
    ("views", "view_operands_and_targets", view_operands),
    ("zero", "zero_length_axes", zero_length),
    ("error", "error_label_size_mismatch", errors),
]


# --------------------------------------------------------------------------------------------
# Output


def fmt_value(v, dtype):
    if dtype == "i64":
        return str(int(v))
    return repr(float(v))


def fmt_array(a, dtype):
    shape = "[" + ",".join(str(d) for d in a.shape) + "]"
    data = "[" + ",".join(fmt_value(v, dtype) for v in a.ravel()) + "]"
    return f"{shape} {data}"


def write_fixture(path):
    lines = [
        "# tensor! cases for tests/tensor_numpy.rs: input arrays and NumPy's expected results.",
        f"# generated by `{COMMAND}` (seed {SEED}) with NumPy {np.__version__}; do not edit.",
        "# Format: see the docstring of scripts/gen_tensor_fixtures.py.",
        "#   case <id> <dtype> <group> <exact|rel> \"<statement>\"",
        "#   arr <name> <shape> <data>",
        "#   out <shape> <data>   |   err <message or ->   |   panic <message part>",
    ]
    for c in CASES:
        lines.append(f"case {c['id']} {c['dtype']} {c['group']} {c['tol']} \"{c['stmt']}\"")
        for name, a in c["arrays"].items():
            lines.append(f"arr {name} {fmt_array(a, c['dtype'])}")
        if c["err"] is not None:
            lines.append(f"err {c['err']}")
        elif c["panic"] is not None:
            lines.append(f"panic {c['panic']}")
        else:
            lines.append(f"out {fmt_array(c['out'], c['dtype'])}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


RUST_HEADER = r'''// generated by scripts/gen_tensor_fixtures.py; do not edit.
//
// Regenerate with `python3 scripts/gen_tensor_fixtures.py` (writes this file and
// tests/fixtures/tensor.txt; the format is described in the script).

//! `tensor!` checked against NumPy __NUMPY__: each case of `tests/fixtures/tensor.txt` is one
//! `tensor!` statement here (every fifth a `try_tensor!`), its input arrays and NumPy's result
//! loaded from the fixture by case id.
//!
//! Cases: contractions (GEMM-shaped, batched, outer, traces, chains of three), broadcasting by
//! labels, implicit sums over whole expressions, nested explicit reductions (softmax,
//! log-sum-exp, ranges, products, NaN propagation), elementwise math, labels used as values,
//! `=` / `+=` / `-=` / `*=` into arrays and strided views (aliased reads too: NumPy's
//! `a += a.T`), transposed, stepped, negative-stride, permuted and broadcast operands, f64 and
//! i64, zero-length axes (max / min over an empty range must panic), and size mismatches
//! (`try_tensor!` returns `Err`). Integer-valued results are compared exactly; transcendental
//! ones to a relative 1e-12.
//!
//! A `:=` whose right side is a pure product of indexed terms goes through `einsum!`: its size
//! errors are checked for `Err` only, since their messages name einsum's letters and operand
//! numbers rather than the statement's labels and arrays.

use einarray::prelude::*;
use einarray::{ErrorKind, ShapeError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Debug;
use std::str::FromStr;
use std::sync::OnceLock;

const FIXTURE: &str = include_str!("fixtures/tensor.txt");

/// The element types of the fixture.
trait Elem: Copy + PartialEq + Debug + FromStr {
    const NAME: &'static str;
    /// Equal (NaN equal to NaN), or within a relative `rel` when `rel > 0`.
    fn close(self, other: Self, rel: f64) -> bool;
}

impl Elem for f64 {
    const NAME: &'static str = "f64";
    fn close(self, other: Self, rel: f64) -> bool {
        if self == other || (self.is_nan() && other.is_nan()) {
            return true;
        }
        rel > 0.0 && (self - other).abs() <= rel * self.abs().max(other.abs())
    }
}

impl Elem for i64 {
    const NAME: &'static str = "i64";
    fn close(self, other: Self, _rel: f64) -> bool {
        self == other
    }
}

#[derive(Debug)]
enum Expected {
    /// NumPy's result: shape and elements in C order.
    Value(Vec<usize>, Vec<String>),
    /// `try_tensor!` returns `Err` with this message (`-`: any message).
    Error(String),
    /// `tensor!` panics with a message containing this.
    Panic(String),
}

#[derive(Debug)]
struct Case {
    id: String,
    dtype: String,
    statement: String,
    rel: f64,
    arrays: HashMap<String, (Vec<usize>, Vec<String>)>,
    expected: Expected,
}

/// `[1,2,3]` as its fields; `[]` is empty.
fn parse_fields(field: &str) -> Vec<String> {
    let inner = field
        .strip_prefix('[')
        .and_then(|f| f.strip_suffix(']'))
        .unwrap_or_else(|| panic!("not a bracketed list: {field:?}"));
    if inner.is_empty() {
        return vec![];
    }
    inner.split(',').map(str::to_string).collect()
}

fn parse_shape(field: &str) -> Vec<usize> {
    parse_fields(field)
        .iter()
        .map(|x| x.parse().unwrap_or_else(|_| panic!("bad size {x:?}")))
        .collect()
}

fn parse_fixture(text: &str) -> HashMap<String, Case> {
    let mut cases: Vec<Case> = vec![];
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, rest) = line.split_once(' ').expect("a record");
        match kind {
            "case" => {
                let f: Vec<&str> = rest.splitn(5, ' ').collect();
                let [id, dtype, _group, tol, statement] = f[..] else {
                    panic!("bad case line {line:?}");
                };
                cases.push(Case {
                    id: id.to_string(),
                    dtype: dtype.to_string(),
                    statement: statement.trim_matches('"').to_string(),
                    rel: if tol == "rel" { 1e-12 } else { 0.0 },
                    arrays: HashMap::new(),
                    expected: Expected::Error("missing".to_string()),
                });
            }
            "arr" => {
                let case = cases.last_mut().expect("arr before case");
                let f: Vec<&str> = rest.split(' ').collect();
                let [name, shape, data] = f[..] else {
                    panic!("bad arr line {line:?}");
                };
                let arr = (parse_shape(shape), parse_fields(data));
                case.arrays.insert(name.to_string(), arr);
            }
            "out" => {
                let case = cases.last_mut().expect("out before case");
                let (shape, data) = rest.split_once(' ').expect("shape and data");
                case.expected = Expected::Value(parse_shape(shape), parse_fields(data));
            }
            "err" => {
                let case = cases.last_mut().expect("err before case");
                case.expected = Expected::Error(rest.to_string());
            }
            "panic" => {
                let case = cases.last_mut().expect("panic before case");
                case.expected = Expected::Panic(rest.to_string());
            }
            _ => panic!("bad fixture line {line:?}"),
        }
    }
    cases.into_iter().map(|c| (c.id.clone(), c)).collect()
}

/// The fixture's case `id`, checking that its statement is the call's.
fn case(id: &str, statement: &str) -> &'static Case {
    static CASES: OnceLock<HashMap<String, Case>> = OnceLock::new();
    let c = CASES
        .get_or_init(|| parse_fixture(FIXTURE))
        .get(id)
        .unwrap_or_else(|| panic!("no case {id} in the fixture"));
    assert_eq!(c.statement, statement, "case {id}: fixture and test differ");
    c
}

fn parse_data<T: Elem>(data: &[String]) -> Vec<T> {
    data.iter()
        .map(|v| v.parse().unwrap_or_else(|_| panic!("bad number {v:?}")))
        .collect()
}

thread_local! {
    /// Failures of the running test, reported together by `finish`.
    static FAILURES: RefCell<Vec<String>> = const { RefCell::new(vec![]) };
}

fn fail(msg: String) {
    FAILURES.with(|f| f.borrow_mut().push(msg));
}

/// Panics listing every failed case of this test.
fn finish() {
    let failures = FAILURES.with(|f| std::mem::take(&mut *f.borrow_mut()));
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

impl Case {
    /// Input array `name`, of element type `T` and rank `N`.
    fn arr<T: Elem, const N: usize>(&self, name: &str) -> Array<T, N> {
        assert_eq!(self.dtype, T::NAME, "case {}: element type", self.id);
        let (shape, data) = &self.arrays[name];
        let shape: [usize; N] = shape.as_slice().try_into().expect("rank of the array");
        Array::from_shape_vec(shape, parse_data(data)).expect("input array")
    }

    fn describe(&self) -> String {
        format!("case {} `{}` ({})", self.id, self.statement, self.dtype)
    }

    /// Compares a result with NumPy's.
    fn check<T: Elem>(&self, shape: &[usize], data: Vec<T>) {
        let Expected::Value(want_shape, want) = &self.expected else {
            return fail(format!(
                "{}: expected {:?}, got a value",
                self.describe(),
                self.expected
            ));
        };
        let want: Vec<T> = parse_data(want);
        let same = shape == want_shape.as_slice()
            && data.len() == want.len()
            && data.iter().zip(&want).all(|(&g, &w)| g.close(w, self.rel));
        if !same {
            fail(format!(
                "{}:\n  expected {want_shape:?} {want:?}\n  got      {shape:?} {data:?}",
                self.describe()
            ));
        }
    }

    /// Compares a `try_tensor!` result with NumPy's.
    fn check_ok<T: Elem>(&self, r: Result<(Vec<usize>, Vec<T>), ShapeError>) {
        match r {
            Ok((shape, data)) => self.check(&shape, data),
            Err(e) => fail(format!("{}: unexpected error: {e}", self.describe())),
        }
    }

    /// Checks that `try_tensor!` failed as the case expects.
    fn check_err(&self, err: Option<ShapeError>) {
        let Expected::Error(want) = &self.expected else {
            return fail(format!("{}: expected a value", self.describe()));
        };
        let Some(e) = err else {
            return fail(format!("{}: expected an error, got Ok", self.describe()));
        };
        let msg = e.to_string();
        if e.kind() != ErrorKind::IncompatibleShape || (want != "-" && msg != *want) {
            fail(format!(
                "{}:\n  expected IncompatibleShape {want:?}\n  got      {:?} {msg:?}",
                self.describe(),
                e.kind()
            ));
        }
    }

    /// Checks that `tensor!` panicked as the case expects.
    fn check_panic<R>(&self, r: std::thread::Result<R>) {
        let Expected::Panic(want) = &self.expected else {
            return fail(format!("{}: expected no panic", self.describe()));
        };
        let Err(payload) = r else {
            return fail(format!("{}: expected a panic", self.describe()));
        };
        let msg = match payload.downcast_ref::<String>() {
            Some(s) => s.clone(),
            None => payload
                .downcast_ref::<&str>()
                .map_or(String::new(), |s| s.to_string()),
        };
        if !msg.contains(want.as_str()) {
            fail(format!(
                "{}: expected a panic with {want:?}, got {msg:?}",
                self.describe()
            ));
        }
    }
}
'''


def rust_call(indent, head, args):
    """`head(args)` as rustfmt writes it: on one line, or one argument a line."""
    one = f"{indent}{head}({', '.join(args)})"
    if len(", ".join(args)) <= CALL_WIDTH and len(one) + 1 <= MAX_WIDTH:
        return [one]
    return [f"{indent}{head}("] + [f"{indent}    {a}," for a in args] + [f"{indent})"]


def rust_case(c):
    ind = "        "
    out = ["    {"]
    call = rust_call(ind, "let tc = case", [f'"{c["id"]}"', f'"{c["stmt"]}"'])
    call[-1] += ";"
    out.extend(call)
    dt = c["dtype"]
    written = c["target"] if c["op"] != ":=" else None
    for name, a in c["arrays"].items():
        mut = "mut " if name == written else ""
        # Arrays written through a view made by the prelude are rebound mutably there.
        if any(f"{name}.slice_mut(" in line or f"{name}.view_mut(" in line
               for line in c["pre_rs"]):
            mut = "mut "
        out.append(f'{ind}let {mut}{name} = tc.arr::<{dt}, {a.ndim}>("{name}");')
    for line in c["pre_rs"]:
        out.append(ind + line)
    stmt = c["stmt"]
    res = c["result"]
    if c["panic"] is not None:
        out.extend(macro_lines(ind, "let r = std::panic::catch_unwind(|| tensor!", stmt, "));"))
        out.append(f"{ind}tc.check_panic(r);")
    elif c["err"] is not None:
        out.extend(macro_lines(ind, "let r = try_tensor!", stmt, ");"))
        out.append(f"{ind}tc.check_err(r.err());")
    elif c["op"] == ":=":
        if c["try"]:
            out.extend(macro_lines(ind, "let r = try_tensor!", stmt, ");"))
            out.append(f"{ind}tc.check_ok(r.map(|r| (r.shape().to_vec(), r.to_vec())));")
        else:
            out.extend(macro_lines(ind, "let r = tensor!", stmt, ");"))
            out.append(f"{ind}tc.check(&r.shape(), r.to_vec());")
    else:
        if c["try"]:
            out.extend(macro_lines(ind, "let r = try_tensor!", stmt, ");"))
            out.append(f"{ind}tc.check_ok(r.map(|()| ({res}.shape().to_vec(), {res}.to_vec())));")
        else:
            out.extend(macro_lines(ind, "tensor!", stmt, ");"))
            out.append(f"{ind}tc.check(&{res}.shape(), {res}.to_vec());")
    out.append("    }")
    return out


def macro_lines(ind, head, stmt, tail):
    one = f"{ind}{head}({stmt}{tail}"
    if len(one) <= MAX_WIDTH:
        return [one]
    # Only `:=` statements are this long; rustfmt leaves their tokens (not an expression) alone.
    assert ":=" in stmt and len(ind) + 4 + len(stmt) <= MAX_WIDTH, stmt
    return [f"{ind}{head}(", f"{ind}    {stmt}", f"{ind}{tail}"]


def write_rust(path):
    lines = [RUST_HEADER.replace("__NUMPY__", np.__version__).rstrip("\n")]
    for group, name, _ in GROUP_TESTS:
        cases = [c for c in CASES if c["group"] == group]
        assert cases, group
        lines.append("")
        lines.append("#[test]")
        lines.append(f"fn {name}() {{")
        for c in cases:
            lines.extend(rust_case(c))
        lines.append("    finish();")
        lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) > 1:
        sys.exit(__doc__)
    for _, _, f in GROUP_TESTS:
        f()
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    write_fixture(FIXTURE)
    write_rust(RUST)
    counts = {}
    for c in CASES:
        counts[c["group"]] = counts.get(c["group"], 0) + 1
    print(f"{len(CASES)} cases: " + ", ".join(f"{g} {n}" for g, n in counts.items()))
    tally = {}
    for c in CASES:
        k = ("err" if c["err"] is not None else "panic" if c["panic"] is not None
             else "try" if c["try"] else "plain")
        tally[k] = tally.get(k, 0) + 1
    print("forms: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.items())))
    tally = {}
    for c in CASES:
        tally[c["dtype"]] = tally.get(c["dtype"], 0) + 1
    print("element types: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.items())))
    print(f"{os.path.relpath(FIXTURE, ROOT)}: {os.path.getsize(FIXTURE)} bytes")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the differential test of advanced indexing, sorting and joining against NumPy.

Usage (from the repository root):

    python3 scripts/gen_index_fixtures.py

(on machines whose OpenBLAS settings upset NumPy:
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/gen_index_fixtures.py`)

writes two files:

- `tests/fixtures/index.txt`: every case's operands (the base arrays and how each operand's
  view is made from its base) and NumPy's result, or the error or panic einarray must report;
- `tests/index_numpy.rs`: the Rust test, one einarray call per case (a method of `View`,
  `Array` or `ViewMut`, a function of `index` or `select`, or `r_!`), grouped in one `#[test]`
  per category. It loads each case's operands and expected result from the fixture by case id.
  The generated file is rustfmt-clean as written.

Deterministic: every choice (shapes, operand data, transforms, index types, call forms) comes
from Python's `random.Random` with a fixed seed, so the output does not depend on NumPy's random
generator (except the seed notebook's `np.random.seed(1234)` cell, which einarray's
`RandomState` replays); NumPy computes every expected result, and must raise for every error
case. No network access.

What is covered, on 1-D to 3-D inputs (rank 0 where NumPy allows it) that are C-contiguous,
transposed, permuted, sliced with steps (negative ones too) or broadcast (zero strides), as
`&Array` or `View` receivers:

- `take` along every axis with index arrays of rank 0 to 2 (`i64`, `isize`, `i32`, `usize`,
  negative indices, empty index arrays, zero-length axes), checked against both `np.take` and
  `x[:, ..., idx, ...]`; `try_take`'s error and `take`'s panic for out-of-range indices;
- `take_points` (NumPy's `x[i0, i1, ...]`, index arrays broadcast together), its broadcast and
  bounds errors; `ix` (`x[np.ix_(...)]`) and its panic;
- `mask` (`x[m]`, same shape, rank 0 to 3, masks with no true element), `mask_axis`
  (`np.compress`), `mask_assign` (`x[m] = v` into owned arrays and strided `ViewMut`s, the
  whole base checked afterwards), their mask-shape errors and panics;
- `nonzero`, `argwhere` (rank 0 too), `take_along_axis` (index arrays from `argsort` and
  random ones, its panics), `put` (`np.put`: cyclic values, repeated indices, the last write
  wins, negative indices, into strided views);
- `r_!` (`np.r_` with ranges, stepped ranges and integers), `meshgrid` (`indexing='ij'`),
  `mgrid` and `mgrid_points` (NumPy's complex-step `mgrid`);
- stable `sort_axis` and `argsort_axis` along every axis (NumPy's `kind='stable'`: ties keep
  their order, NaN sorts last, `-0.0` ties with `0.0`), `unique`, `unique_counts`,
  `unique_inverse` (NumPy 2 collapses NaNs into one; the inverse has the input's shape), `searchsorted`
  (both sides, NaN in the sorted array and the values);
- `concatenate`/`try_concatenate`, `stack`, `split` (views) and their errors; `flip` (a
  view), `roll`, `repeat`, `tile`;
- the seed notebook's cells (`m = np.arange(20).reshape(4, 5)`, `m[[1,2,1],:]`,
  `m[0:1, [[1,1,2],[0,1,2]]]`, `m[[1,2],[3,4]]`, `m[np.ix_([1,2],[3,4])]`,
  `m[0, np.r_[:2, slice(3,1,-1), 2]]`, `digits[is_odd]` with integers vs booleans,
  `is_odd.nonzero()`, `x[y]`, NaN cleanup with `~np.isnan`).

Every result is compared exactly (NaN equal to NaN): the elements are small integers, halves
and quarters, and `mgrid_points`' coordinates are NumPy's own `i*step + a`. Documented
differences from NumPy are not tested: `take_along_axis` does not broadcast its index array,
`r_!` ranges need a stop, `meshgrid` is `indexing='ij'`. Where einarray's error names more than
NumPy's (`stack` names the two shapes, `split` the length and the sections, `take_along_axis`
its shapes), the message is einarray's and NumPy must raise too.
Messages carry the einarray operation's name first (`take: index 3 is out of bounds ...`) and
shapes in einarray's `(2, 3)` notation (NumPy writes `(2,3) ` in its indexing errors).

Fixture format: `#` lines are comments; the rest are records, a `case` line followed by one
`in` line per operand and one or more `out` lines (one per part of a result with several
parts: `nonzero`'s arrays, `meshgrid`'s, `split`'s views, `unique_counts`' values and counts),
or one `err` or `panic` line:

    case <id> <group> "<call>"
    in <k> <dtype> <transform> <base shape> <base data> <param>
    out <dtype> <shape> <data>
    err <kind> <message>
    panic <message>

- call: a short name of the einarray call (`take(1)`, `mask_axis(0)`, `sort_axis(2)`); the
  Rust test passes it with the case id, and the two must agree.
- dtype: `f64`, `i64`, `bool` (data `0`/`1`), `i32`, `isize` or `usize`.
- shape and data: `[2,3]` and `[1,-2,0.25,nan,...]`, C order; `[]` is the shape of a 0-d
  array. Floats are integers where they are integral (`-0` for negative zero), else Python's
  `repr` (shortest round-trip: the Rust parse gives the very same `f64`); `nan`, `inf`, `-inf`.
- transform, how operand k's view is made from its base array `b` (C-contiguous, of the base
  shape, holding the base data), and its param (`-` when none):
  - `c`: `b` itself (C-contiguous);
  - `t`: `b.T` (`b` has the reversed shape; an F-ordered operand);
  - `p`: `b.transpose(perm)`, param `[perm]`;
  - `s`: `b[slices]`, param `[start:stop:step,...]` one per axis, `_` for `None` (steps of
    2, 3, -1, -2: strided and negative-stride operands);
  - `b`: `np.broadcast_to(b, shape)`, param `[shape]` (`b` has size 1 on the broadcast axes:
    zero strides).
- out: NumPy's result part and its element type, compared exactly (NaN equal to NaN). For an
  assignment into a view (`mask_assign`, `put`), the whole base array afterwards.
- err: the call returns `Err` of this `ErrorKind` (`OutOfBounds`, `IncompatibleShape`,
  `InvalidArgument`) with exactly this message.
- panic: the call panics with exactly this message.

Left out (listed when the script runs, see `DISAGREEMENTS`): cases where einarray was found to
disagree with NumPy; each is generated, checked against NumPy, and dropped from the output until
einarray changes, when its flag turns it back on.
"""

import math
import os
import random
import sys

import numpy as np

SEED = 20260613
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "index.txt")
RUST = os.path.join(ROOT, "tests", "index_numpy.rs")
COMMAND = "python3 scripts/gen_index_fixtures.py"

DTYPES = {
    "f64": np.float64,
    "i64": np.int64,
    "bool": np.bool_,
    "i32": np.int32,
    "isize": np.int64,
    "usize": np.int64,
}
INDEX_TYPES = ["i64", "isize", "i32", "usize"]
# Largest base array (elements); bigger sliced bases fall back to smaller steps.
MAX_BASE = 400

NAN = float("nan")
INF = float("inf")
INTS = list(range(-3, 4))
WIDE = list(range(-9, 10))
BOOLS = [0, 1]
# Few distinct values: ties for the sorts, repeats for `unique`.
TIES = [-1, 0, 0, 1, 2, 2, 2]
POOLS = {
    "f64": INTS + [0.5, -1.5, NAN],
    "i64": WIDE,
    "bool": BOOLS,
}

# Known disagreements between einarray and NumPy: each case is generated (and checked against
# NumPy), then left out of the output while its flag is False; the script lists them.
DISAGREEMENTS = {
    # `x[i0, i1]` with out-of-range indices on two axes: NumPy checks one index array after the
    # other and names the first axis with a bad index; einarray checks point by point and names
    # the first bad coordinate of the first bad point.
    "take_points_error_order": True,
    # `np.r_[:-3:-1]`: NumPy's r_ starts a range without start at 0 (`arange(0, -3, -1)`, three
    # elements); einarray's `r_![..-3;-1]` starts a negative-step range at its stop (empty).
    "r_negative_step_without_start": True,
    # `np.mgrid[a:b:nj]` computes `i*step + a` for every point, the last one included; einarray's
    # `mgrid_points` is `linspace`, which sets the last point to `b` exactly (1 ulp apart for
    # some n, e.g. `np.mgrid[0:1:50j]`).
    "mgrid_points_last_point": True,
    # `x[m]` with an empty mask of another shape (`np.zeros(5)[np.zeros(0, bool)]`): NumPy
    # skips the shape check for a mask without elements and selects nothing; einarray's
    # `mask` requires equal shapes. A NumPy leniency more than an einarray bug.
    "empty_mask_of_another_shape": False,
    # `x[np.ix_(i0, i1)]` with an empty index list and an out-of-range index on another axis:
    # NumPy returns the empty result (nothing to check), einarray panics.
    "ix_empty_with_out_of_range": True,
}

rng = random.Random(SEED)
CASES = []
LEFT_OUT = []  # (reason, description) of cases not generated


# --------------------------------------------------------------------------------------------
# Operands: base arrays and the views made from them


def rand_vals(shape, dtype, pool):
    n = math.prod(shape)
    return np.array([rng.choice(pool) for _ in range(n)], dtype=DTYPES[dtype]).reshape(shape)


def slice_for(n):
    """A slice of a longer axis selecting exactly n elements: (slice, base length)."""
    step = rng.choice([2, 3, -1, -2, 1, -1, 2, -2])
    return slice_with_step(n, step)


def slice_with_step(n, step):
    a = abs(step)
    lead, tail = rng.randint(0, 2), rng.randint(0, 2)
    if n == 0:
        length = rng.randint(0, 3)
        x = rng.randint(0, length)
        return slice(x, x, step), length
    length = lead + (n - 1) * a + 1 + tail
    if step > 0:
        start = lead
        last = start + (n - 1) * a
        stop = rng.choice([last + 1, min(last + a, length), None if tail == 0 else last + 1])
    else:
        start = length - 1 - tail
        last = start - (n - 1) * a
        stop = last - 1 if last >= 1 else None
    # Sometimes as negative indices (counted from the end), as NumPy allows.
    if rng.random() < 0.3:
        start -= length
    if stop is not None and 0 <= stop < length and rng.random() < 0.3:
        stop -= length
    s = slice(start, stop, step)
    assert len(range(*s.indices(length))) == n, (n, step, s, length)
    return s, length


def make_slices(shape):
    for _ in range(20):
        picks = [slice_for(n) for n in shape]
        if math.prod(length for _, length in picks) <= max(MAX_BASE, 2 * math.prod(shape)):
            break
    else:
        picks = [slice_with_step(n, rng.choice([1, -1])) for n in shape]
    return [s for s, _ in picks], tuple(length for _, length in picks)


def fmt_list(xs):
    return "[" + ",".join(str(int(v)) for v in xs) + "]"


def fmt_opt(v):
    return "_" if v is None else str(v)


def fmt_slices(slices):
    return "[" + ",".join(f"{fmt_opt(s.start)}:{fmt_opt(s.stop)}:{s.step}" for s in slices) + "]"


def operand(shape, dtype="f64", pool=None, kind=None, data=None, writable=False, slices=None):
    """An operand of `shape`: its base array, transform and NumPy view.

    kind: `c`, `t`, `p`, `s`, `b` or None (random); `writable` excludes `b` (an assignment's
    target). data: the elements of a C-contiguous operand, or (with `slices`) of the base of a
    sliced one.
    """
    shape = tuple(int(d) for d in shape)
    if pool is None:
        pool = POOLS.get(dtype, INTS)
    # Elements of a base outside its view are never read; they need a value all the same.
    fill = pool or [0]
    n = len(shape)
    if slices is not None:
        kind = "s"
    if kind is None:
        kinds = ["c", "c", "t", "p", "s", "s"] + ([] if writable else ["b"])
        kind = rng.choice(kinds)
    if n == 0:
        kind = "c"
    if kind == "p" and n < 2:
        kind = "t"
    if kind == "b" and not any(d > 1 for d in shape):
        kind = "s"
    dt = DTYPES[dtype]
    if kind == "c":
        if data is None:
            base = rand_vals(shape, dtype, pool)
        else:
            base = np.array(data, dtype=dt).reshape(shape)
        param, f = "-", lambda b: b
    elif kind == "t":
        base = rand_vals(shape[::-1], dtype, pool)
        param, f = "-", lambda b: b.T
    elif kind == "p":
        perm = list(range(n))
        while perm == list(range(n)):
            rng.shuffle(perm)
        bshape = [0] * n
        for k in range(n):
            bshape[perm[k]] = shape[k]
        base = rand_vals(tuple(bshape), dtype, pool)
        param, f = fmt_list(perm), (lambda p: lambda b: b.transpose(p))(perm)
    elif kind == "s":
        if slices is None:
            slices, bshape = make_slices(shape)
            base = rand_vals(bshape, dtype, fill)
        else:
            base = np.array(data, dtype=dt)
        param, f = fmt_slices(slices), (lambda s: lambda b: b[tuple(s)])(slices)
        # The view's own elements from the pool.
        v = f(base)
        v[...] = rand_vals(shape, dtype, pool) if data is None else v
    elif kind == "b":
        axes = [k for k in range(n) if shape[k] > 1]
        chosen = [k for k in axes if rng.random() < 0.5] or [rng.choice(axes)]
        bshape = tuple(1 if k in chosen else shape[k] for k in range(n))
        base = rand_vals(bshape, dtype, pool)
        param, f = fmt_list(shape), (lambda s: lambda b: np.broadcast_to(b, s))(shape)
    else:
        raise ValueError(kind)
    op = {"dtype": dtype, "kind": kind, "base": base, "param": param, "f": f, "shape": shape}
    assert view(op).shape == shape, (shape, kind)
    return op


def view(op):
    """The operand's NumPy view (read-only use)."""
    return op["f"](op["base"])


def writable_copy(op):
    """A copy of the base and the operand's view of it, for an in-place operation."""
    base = op["base"].copy()
    return base, op["f"](base)


def plant(op, values):
    """Writes one of `values` at a random position of the operand's view (not broadcast)."""
    assert op["kind"] != "b"
    v = view(op)
    pos = tuple(rng.randrange(d) for d in v.shape)
    v[pos] = rng.choice(values)
    return op


def sort_view(op):
    """Sorts the operand's (1-D, not broadcast) view in place: a sorted operand of any stride."""
    assert op["kind"] != "b"
    v = view(op)
    v[...] = np.sort(v.copy(), kind="stable")
    return op


# --------------------------------------------------------------------------------------------
# Shapes, values, messages


def shape_of(rank, hi=4, zero=False):
    """A shape of `rank`, lengths 1 to `hi` (2 and up more often); with `zero`, one axis has
    length 0."""
    shape = [rng.choices(range(1, hi + 1), weights=[1] + [3] * (hi - 1))[0] for _ in range(rank)]
    if zero and rank:
        shape[rng.randrange(rank)] = 0
    return tuple(shape)


def index_pool(n, itype):
    """The valid indices of an axis of length n: negative ones too unless unsigned."""
    return list(range(0 if itype == "usize" else -n, n))


def bad_indices(n, itype):
    """Indices out of range for an axis of length n."""
    pos = [n, n + 1, n + 4]
    return pos if itype == "usize" else pos + [-n - 1, -n - 3]


def tuple_str(shape):
    """NumPy's tuple notation, as einarray's messages write shapes: `(2, 3)`, `(2,)`, `()`."""
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def np_error(f, kinds=(IndexError, ValueError)):
    """NumPy's error message of `f()`, or None when it succeeds."""
    try:
        f()
    except kinds as e:
        return str(e)
    return None


def squash(msg):
    """A message without spaces: NumPy's `(2,3) ` and einarray's `(2, 3)` compare equal."""
    return msg.replace(" ", "")


def pick(xs):
    return rng.choice(xs)


def pick_index_type():
    return pick(INDEX_TYPES)


# --------------------------------------------------------------------------------------------
# Cases


def value(res, dtype):
    a = np.asarray(res)
    if dtype == "usize":
        assert a.dtype.kind in "iu" and (a.size == 0 or a.min() >= 0), a
    elif dtype in ("i64", "isize"):
        assert a.dtype == np.int64 or (a.dtype.kind == "i" and a.size == 0), a.dtype
    elif dtype == "i32":
        assert a.dtype == np.int32, a.dtype
    elif dtype == "f64":
        assert a.dtype == np.float64, a.dtype
    elif dtype == "bool":
        assert a.dtype == np.bool_, a.dtype
    return ("out", dtype, a)


def values(parts, dtype):
    """A result of several parts of one element type."""
    return ("outs", [value(p, dtype) for p in parts])


def add_case(group, label, ops, lines, expect, declare=True, flag=None):
    """One case: `lines` are its Rust statements after the operand declarations (`x0`, `x1`, …,
    `mut` when the lines borrow one mutably); `expect` is `value(...)`, `values(...)`,
    `("outs", [value, ...])`, `("err", kind, msg)` or `("panic", msg)`. A case under a
    `DISAGREEMENTS` flag that is off is left out."""
    assert " " not in label and '"' not in label, label
    if flag is not None:
        assert flag in DISAGREEMENTS, flag
        if not DISAGREEMENTS[flag]:
            LEFT_OUT.append((flag, f"`{' '.join(lines)}` {describe(ops, expect)}"))
            return
    if expect[0] == "out":
        expect = ("outs", [expect])
    if expect[0] == "outs":
        assert expect[1] and all(e[1] in DTYPES for e in expect[1])
    CASES.append({
        "id": f"x{len(CASES):04d}",
        "group": group,
        "label": label,
        "ops": ops,
        "lines": lines,
        "expect": expect,
        "declare": declare,
    })


def show(a):
    """An array on one line: shape and elements (floats in shortest round-trip form)."""
    a = np.asarray(a)
    text = np.array2string(a, separator=",", threshold=12, floatmode="unique")
    return f"{list(a.shape)} " + " ".join(text.split())


def describe(ops, expect):
    """A case in words, for the list of cases left out."""
    shown = "; ".join(f"x{k} {op['dtype']} {show(view(op))}" for k, op in enumerate(ops))
    if expect[0] == "outs":
        want = " | ".join(show(e[2]) for e in expect[1])
    elif expect[0] == "out":
        want = show(expect[2])
    else:
        want = f"{expect[0]} {expect[-1]!r}"
    return f"with {shown or 'no operands'}: NumPy gives {want}"


def recv(k, op):
    """Operand k as a method receiver: the `Array` when C-contiguous, else its `View`."""
    return f"x{k}.base" if op["kind"] == "c" else f"x{k}.view()"


def ref(k, op):
    """Operand k passed as `&impl AsView`: `&Array` when C-contiguous, else `&View`."""
    return f"&x{k}.base" if op["kind"] == "c" else f"&x{k}.view()"


def lit(v, dtype):
    """A Rust literal."""
    if dtype == "f64":
        v = float(v)
        if math.isnan(v):
            return "f64::NAN"
        if math.isinf(v):
            return "f64::INFINITY" if v > 0 else "f64::NEG_INFINITY"
        return repr(v)
    if dtype == "bool":
        return "true" if v else "false"
    return str(int(v))


def check(expr):
    return [f"let r = {expr};", "c.check(r);"]


def check_parts(expr):
    return [f"let r = {expr};", "c.check_parts(r);"]


def check_ok(expr):
    return [f"let r = {expr};", "c.check_ok(r);"]


def check_err(expr):
    return [f"let r = {expr};", "c.check_err(r.err());"]


def check_panic(expr):
    return [f"c.check_panic(|| {expr});"]


def oob(op, axis, i, n):
    """einarray's out-of-bounds message of operation `op`."""
    return f"{op}: index {i} is out of bounds for axis {axis} with size {n}"


def numpy_oob(f):
    """NumPy's out-of-bounds message of `f()` (it must raise IndexError)."""
    msg = np_error(f, IndexError)
    assert msg is not None and "is out of bounds for axis" in msg, msg
    return msg


def mask_mismatch(op, axis, n, m):
    return (f"{op}: boolean index did not match indexed array along axis {axis}; size of axis is "
            f"{n} but size of corresponding boolean axis is {m}")


# --------------------------------------------------------------------------------------------
# take


def fancy(x, k, idx):
    """`x[:, ..., idx, ...]` with idx on axis k."""
    return x[(slice(None),) * k + (idx,)]


def gen_take():
    g = "take"
    for v in range(72):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 9 == 8))
        k = rng.randrange(rank)
        n = shape[k]
        kk = pick([0, 1, 1, 1, 2, 2])
        if n == 0 and kk == 0:
            kk = 1
        ishape = shape_of(kk, hi=4, zero=(n == 0 or (v % 7 == 3 and kk > 0)))
        itype = pick_index_type()
        x = operand(shape, dtype)
        idx = operand(ishape, itype, index_pool(n, itype))
        res = np.take(view(x), view(idx), axis=k)
        assert np.array_equal(res, fancy(view(x), k, view(idx)), equal_nan=True)
        r = rank - 1 + kk
        if v % 6 == 5:
            expr = f"x0.view().try_take::<{itype}, {kk}, {r}>({ref(1, idx)}, Axis({k}))"
            add_case(g, f"try_take({k})", [x, idx], check_ok(expr), value(res, dtype))
            continue
        expr = f"{recv(0, x)}.take::<{itype}, {kk}, {r}>({ref(1, idx)}, Axis({k}))"
        add_case(g, f"take({k})", [x, idx], check(expr), value(res, dtype))
    # Out-of-range indices: `try_take`'s error and `take`'s panic.
    for v in range(14):
        rank = [1, 2, 3][v % 3]
        shape = shape_of(rank)
        k = rng.randrange(rank)
        n = shape[k]
        kk = pick([0, 1, 2])
        itype = pick_index_type()
        x = operand(shape, "i64")
        idx = operand(shape_of(kk), itype, index_pool(n, itype), kind=pick(["c", "t", "s"]))
        plant(idx, bad_indices(n, itype))
        msg = numpy_oob(lambda: fancy(view(x), k, view(idx)))
        assert msg == numpy_oob(lambda: np.take(view(x), view(idx), axis=k)), msg
        bad = int(msg.split()[1])
        assert msg == oob("take", k, bad, n)[len("take: "):], msg
        r = rank - 1 + kk
        if v % 2 == 0:
            expr = f"x0.view().try_take::<{itype}, {kk}, {r}>({ref(1, idx)}, Axis({k}))"
            add_case(g, f"try_take({k})", [x, idx], check_err(expr),
                     ("err", "OutOfBounds", oob("take", k, bad, n)))
        else:
            expr = f"{recv(0, x)}.take::<{itype}, {kk}, {r}>({ref(1, idx)}, Axis({k}))"
            add_case(g, f"take({k})", [x, idx], check_panic(expr),
                     ("panic", oob("take", k, bad, n)))
    # An out-of-range index along an axis while another axis is empty: `x[:, idx]` raises.
    x = operand((0, 3), "f64")
    idx = operand((1,), "i64", kind="c", data=[5])
    msg = numpy_oob(lambda: fancy(view(x), 1, view(idx)))
    add_case(g, "try_take(1)", [x, idx],
             check_err("x0.view().try_take::<i64, 1, 2>(&x1.base, Axis(1))"),
             ("err", "OutOfBounds", "take: " + msg))


# --------------------------------------------------------------------------------------------
# take_points and ix


def index_shapes(count, kk, zero_axes=()):
    """`count` index shapes of rank kk that broadcast together; the arrays listed in
    `zero_axes` (for empty axes of the indexed array) have a zero-length axis."""
    full = list(shape_of(kk, hi=3))
    z = rng.randrange(kk) if zero_axes else None
    if zero_axes:
        full[z] = 0
    shapes = []
    for a in range(count):
        s = [1 if (d != 1 and rng.random() < 0.35) else d for d in full]
        if a in zero_axes:
            s[z] = 0
        shapes.append(tuple(s))
    return shapes


def gen_points():
    g = "take_points"
    for v in range(36):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, zero=(v % 8 == 7))
        zero_axes = [a for a in range(rank) if shape[a] == 0]
        kk = pick([0, 1, 1, 2, 2])
        if zero_axes and kk == 0:
            kk = 1
        itype = pick_index_type()
        x = operand(shape, dtype)
        idx = [operand(s, itype, index_pool(shape[a], itype))
               for a, s in enumerate(index_shapes(rank, kk, zero_axes))]
        res = view(x)[tuple(view(i) for i in idx)]
        args = ", ".join(f"x{a + 1}.view()" for a in range(rank))
        if v % 6 == 5:
            add_case(g, "try_take_points", [x] + idx,
                     check_ok(f"x0.view().try_take_points([{args}])"), value(res, dtype))
            continue
        add_case(g, "take_points", [x] + idx, check(f"{recv(0, x)}.take_points([{args}])"),
                 value(res, dtype))
    # Several (not all) axes advanced, `x[i, :, j]` and `x[:, i, j]`: NumPy's placement rule
    # (index axes in place when adjacent, first when a slice separates them).
    g = "index_axes"
    for v in range(24):
        rank = 3
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank)
        axes = [(0, 1), (1, 2), (0, 2)][v % 3]
        kk = pick([0, 1, 1, 2])
        itype = pick_index_type()
        x = operand(shape, dtype)
        idx = [operand(s, itype, index_pool(shape[a], itype))
               for a, s in zip(axes, index_shapes(2, kk))]
        key = [slice(None)] * rank
        for a, i in zip(axes, idx):
            key[a] = view(i)
        res = view(x)[tuple(key)]
        ax = ", ".join(f"Axis({a})" for a in axes)
        args = ", ".join(f"x{n + 1}.view()" for n in range(2))
        add_case(g, f"index_axes({axes[0]},{axes[1]})", [x] + idx,
                 check(f"{recv(0, x)}.index_axes([{ax}], [{args}])"), value(res, dtype))
    g = "take_points"
    # Index arrays that do not broadcast together.
    for shapes in (((3,), (2,)), ((2, 3), (3, 2)), ((1, 2), (3,)), ((2, 1), (2, 3), (3, 3)),
                   ((0,), (2,))):
        rank = len(shapes)
        kk = max(len(s) for s in shapes)
        shapes = [(1,) * (kk - len(s)) + s for s in shapes]
        xshape = shape_of(rank)
        itype = pick_index_type()
        x = operand(xshape, "i64")
        idx = [operand(s, itype, index_pool(xshape[a], itype)) for a, s in enumerate(shapes)]
        msg = np_error(lambda: view(x)[tuple(view(i) for i in idx)], IndexError)
        want = ("take_points: shape mismatch: indexing arrays could not be broadcast together "
                "with shapes " + " ".join(tuple_str(s) for s in shapes))
        assert squash(msg) == squash(want)[len("take_points:"):], (msg, want)
        args = ", ".join(f"x{a + 1}.view()" for a in range(rank))
        add_case(g, "try_take_points", [x] + idx,
                 check_err(f"x0.view().try_take_points([{args}])"),
                 ("err", "IncompatibleShape", want))
    # An out-of-range index in one index array.
    for v in range(8):
        rank = [1, 2, 3][v % 3]
        xshape = shape_of(rank)
        kk = pick([0, 1, 2])
        itype = pick_index_type()
        x = operand(xshape, "f64")
        idx = [operand(s, itype, index_pool(xshape[a], itype), kind=pick(["c", "t", "s"]))
               for a, s in enumerate(index_shapes(rank, kk))]
        a = rng.randrange(rank)
        plant(idx[a], bad_indices(xshape[a], itype))
        msg = numpy_oob(lambda: view(x)[tuple(view(i) for i in idx)])
        args = ", ".join(f"x{b + 1}.view()" for b in range(rank))
        if v % 2 == 0:
            add_case(g, "try_take_points", [x] + idx,
                     check_err(f"x0.view().try_take_points([{args}])"),
                     ("err", "OutOfBounds", "take_points: " + msg))
        else:
            add_case(g, "take_points", [x] + idx,
                     check_panic(f"{recv(0, x)}.take_points([{args}])"),
                     ("panic", "take_points: " + msg))
    # Out-of-range indices on two axes: NumPy names the first axis with one.
    x = operand((3, 4), "i64", kind="c")
    i0 = operand((2,), "i64", kind="c", data=[0, 9])
    i1 = operand((2,), "i64", kind="c", data=[9, 0])
    msg = numpy_oob(lambda: view(x)[view(i0), view(i1)])
    add_case(g, "try_take_points", [x, i0, i1],
             check_err("x0.view().try_take_points([x1.view(), x2.view()])"),
             ("err", "OutOfBounds", "take_points: " + msg), flag="take_points_error_order")

    g = "ix"
    for v in range(24):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 8 == 5))
        itype = pick_index_type()
        x = operand(shape, dtype)
        lists = []
        for a in range(rank):
            m = 0 if shape[a] == 0 or (v % 8 == 6 and a == 0) else rng.randint(1, 4)
            lists.append(operand((m,), itype, index_pool(shape[a], itype), kind=pick(["c", "s"])))
        res = view(x)[np.ix_(*[view(i).astype(np.intp) for i in lists])]
        lines = ix_lines(x, lists)
        add_case(g, "ix", [x] + lists, lines + ["c.check(r);"], value(res, dtype))
    for v in range(6):
        rank = [1, 2, 3][v % 3]
        shape = shape_of(rank)
        itype = pick_index_type()
        x = operand(shape, "i64")
        lists = [operand((rng.randint(1, 3),), itype, index_pool(shape[a], itype), kind="c")
                 for a in range(rank)]
        a = rng.randrange(rank)
        plant(lists[a], bad_indices(shape[a], itype))
        msg = numpy_oob(lambda: view(x)[np.ix_(*[view(i).astype(np.intp) for i in lists])])
        lines = ix_lines(x, lists, panic=True)
        add_case(g, "ix", [x] + lists, lines, ("panic", "ix: " + msg))
    # An empty list, and an out-of-range index on another axis: NumPy's result is empty.
    x = operand((3, 4), "i64", kind="c")
    i0 = operand((0,), "i64", kind="c", data=[])
    i1 = operand((1,), "i64", kind="c", data=[9])
    res = view(x)[np.ix_(view(i0), view(i1))]
    add_case(g, "ix", [x, i0, i1], ix_lines(x, [i0, i1]) + ["c.check(r);"], value(res, "i64"),
             flag="ix_empty_with_out_of_range")


def ix_lines(x, lists, panic=False):
    n = len(lists)
    vecs = ", ".join(f"x{a + 1}.view().to_vec()" for a in range(n))
    args = ", ".join(f"&i[{a}][..]" for a in range(n))
    call = f"{recv(0, x)}.ix([{args}])"
    last = f"c.check_panic(|| {call});" if panic else f"let r = {call};"
    return [f"let i = [{vecs}];", last]


# --------------------------------------------------------------------------------------------
# Boolean masks


MASK_POOLS = [[0, 1], [0, 0, 0, 1], [0, 1, 1, 1], [0], [1]]


def other_lengths(n):
    """Mask lengths that do not match an axis of length n (not 0: NumPy accepts any empty
    mask, see `DISAGREEMENTS`)."""
    return [d for d in range(1, 6) if d != n]


def mask_operand(shape, kind=None):
    return operand(shape, "bool", pick(MASK_POOLS), kind=kind)


def gen_mask():
    g = "mask"
    for v in range(32):
        rank = [0, 1, 2, 2, 3, 3, 1, 2][v % 8]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 10 == 9))
        x = operand(shape, dtype)
        m = mask_operand(shape)
        res = view(x)[view(m)]
        if v % 6 == 5:
            add_case(g, "try_mask", [x, m], check_ok(f"x0.view().try_mask({ref(1, m)})"),
                     value(res, dtype))
            continue
        add_case(g, "mask", [x, m], check(f"{recv(0, x)}.mask({ref(1, m)})"), value(res, dtype))
    # Masks over the leading axes (rank M < N): the selected sub-arrays, stacked.
    for v in range(16):
        rank = [2, 3, 3, 2][v % 4]
        mrank = rng.randint(0, rank - 1)
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, zero=(v % 8 == 7))
        x = operand(shape, dtype)
        m = mask_operand(tuple(shape[:mrank]))
        res = view(x)[view(m)]
        if v % 5 == 4:
            add_case(g, "try_mask(leading)", [x, m], check_ok(f"x0.view().try_mask({ref(1, m)})"),
                     value(res, dtype))
            continue
        add_case(g, "mask(leading)", [x, m], check(f"{recv(0, x)}.mask({ref(1, m)})"),
                 value(res, dtype))
    # Masks of another shape: the first axis that differs is named.
    for v in range(8):
        rank = [1, 2, 3][v % 3]
        shape = shape_of(rank)
        mshape = list(shape)
        for a in rng.sample(range(rank), rng.randint(1, rank)):
            mshape[a] = pick(other_lengths(shape[a]))
        x = operand(shape, "i64")
        m = mask_operand(tuple(mshape))
        msg = np_error(lambda: view(x)[view(m)], IndexError)
        a = next(a for a in range(rank) if shape[a] != mshape[a])
        want = mask_mismatch("mask", a, shape[a], mshape[a])
        assert msg is not None and "mask: " + msg == want, (msg, want, shape, mshape)
        if v % 2 == 0:
            add_case(g, "try_mask", [x, m], check_err(f"x0.view().try_mask({ref(1, m)})"),
                     ("err", "IncompatibleShape", want))
        else:
            add_case(g, "mask", [x, m], check_panic(f"{recv(0, x)}.mask({ref(1, m)})"),
                     ("panic", want))

    # An empty mask of another shape: NumPy selects nothing.
    for shape, mshape in (((5,), (0,)), ((2, 3), (2, 0))):
        x = operand(shape, "i64", kind="c")
        m = mask_operand(mshape, kind="c")
        add_case(g, "try_mask", [x, m], check_ok(f"x0.view().try_mask({ref(1, m)})"),
                 value(view(x)[view(m)], "i64"), flag="empty_mask_of_another_shape")

    g = "mask_axis"
    for v in range(24):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, zero=(v % 8 == 7))
        k = rng.randrange(rank)
        x = operand(shape, dtype)
        m = mask_operand((shape[k],))
        res = np.compress(view(m), view(x), axis=k)
        assert np.array_equal(res, fancy(view(x), k, view(m)), equal_nan=True)
        if v % 6 == 5:
            add_case(g, f"try_mask_axis({k})", [x, m],
                     check_ok(f"x0.view().try_mask_axis({ref(1, m)}, Axis({k}))"),
                     value(res, dtype))
            continue
        add_case(g, f"mask_axis({k})", [x, m],
                 check(f"{recv(0, x)}.mask_axis({ref(1, m)}, Axis({k}))"), value(res, dtype))
    for v in range(6):
        rank = [1, 2, 3][v % 3]
        shape = shape_of(rank)
        k = rng.randrange(rank)
        x = operand(shape, "f64")
        m = mask_operand((pick(other_lengths(shape[k])),))
        msg = np_error(lambda: fancy(view(x), k, view(m)), IndexError)
        want = mask_mismatch("mask_axis", k, shape[k], m["shape"][0])
        assert "mask_axis: " + msg == want, (msg, want)
        if v % 2 == 0:
            add_case(g, f"try_mask_axis({k})", [x, m],
                     check_err(f"x0.view().try_mask_axis({ref(1, m)}, Axis({k}))"),
                     ("err", "IncompatibleShape", want))
        else:
            add_case(g, f"mask_axis({k})", [x, m],
                     check_panic(f"{recv(0, x)}.mask_axis({ref(1, m)}, Axis({k}))"),
                     ("panic", want))

    g = "mask_assign"
    for v in range(20):
        rank = [1, 2, 3, 0][v % 4]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 10 == 9))
        x = operand(shape, dtype, writable=True)
        m = mask_operand(shape)
        val = {"f64": pick([7.5, NAN, -2.0]), "i64": pick([7, -8]), "bool": pick([0, 1])}[dtype]
        base, tv = writable_copy(x)
        if v % 3 == 0:
            out = tv.copy()
            out[view(m)] = val
            lines = ["let mut a = x0.view().to_owned();",
                     f"a.mask_assign({ref(1, m)}, {lit(val, dtype)});", "c.check(a);"]
            add_case(g, "mask_assign", [x, m], lines, value(out, dtype))
        else:
            tv[view(m)] = val
            lines = [f"x0.view_mut().mask_assign({ref(1, m)}, {lit(val, dtype)});",
                     "c.check(x0.base);"]
            add_case(g, "view.mask_assign", [x, m], lines, value(base, dtype))
    for v in range(4):
        rank = [1, 2, 3, 2][v]
        shape = shape_of(rank)
        mshape = list(shape)
        a = rng.randrange(rank)
        mshape[a] = pick(other_lengths(shape[a]))
        x = operand(shape, "i64", writable=True)
        m = mask_operand(tuple(mshape))
        _, tv = writable_copy(x)
        msg = np_error(lambda: tv.__setitem__(view(m), 1), IndexError)
        want = mask_mismatch("mask_assign", a, shape[a], mshape[a])
        assert "mask_assign: " + msg == want, (msg, want)
        add_case(g, "view.mask_assign", [x, m],
                 check_panic(f"x0.view_mut().mask_assign({ref(1, m)}, 1)"), ("panic", want))


# --------------------------------------------------------------------------------------------
# nonzero, argwhere, take_along_axis, put


NONZERO_POOLS = {
    "bool": [0, 0, 1],
    "i64": [0, 0, 0, 1, -2, 3],
    "f64": [0.0, -0.0, 0.0, 1.5, NAN, -1.0],
}


def gen_nonzero():
    g = "nonzero"
    for v in range(18):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["bool", "i64", "f64"])
        shape = shape_of(rank, zero=(v % 9 == 8))
        pool = [0] if v % 9 == 4 else NONZERO_POOLS[dtype]
        x = operand(shape, dtype, pool)
        parts = [p.astype(np.int64) for p in np.nonzero(view(x))]
        add_case(g, "nonzero", [x], check_parts(f"{recv(0, x)}.nonzero()"), values(parts, "i64"))
    for v in range(12):
        rank = [0, 1, 2, 3][v % 4]
        dtype = pick(["bool", "i64", "f64"])
        shape = shape_of(rank, zero=(v % 6 == 5))
        x = operand(shape, dtype, NONZERO_POOLS[dtype])
        res = np.argwhere(view(x)).astype(np.int64)
        add_case(g, "argwhere", [x], check(f"{recv(0, x)}.argwhere()"), value(res, "i64"))

    g = "take_along_axis"
    for v in range(24):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, zero=(v % 8 == 7))
        k = rng.randrange(rank)
        x = operand(shape, dtype, TIES + [NAN] if dtype == "f64" else TIES)
        if v % 2 == 0:
            # The indices of a stable sort: `take_along_axis(argsort)` is the sort.
            order = np.argsort(view(x), axis=k, kind="stable").astype(np.int64)
            idx = operand(order.shape, "i64", kind="c", data=order.ravel().tolist())
        else:
            ishape = list(shape)
            ishape[k] = 0 if shape[k] == 0 else rng.randint(0, 4)
            itype = pick_index_type()
            idx = operand(tuple(ishape), itype, index_pool(shape[k], itype))
        res = np.take_along_axis(view(x), view(idx), axis=k)
        add_case(g, f"take_along_axis({k})", [x, idx],
                 check(f"{recv(0, x)}.take_along_axis({ref(1, idx)}, Axis({k}))"),
                 value(res, dtype))
    for v in range(4):
        rank = [1, 2, 3, 2][v]
        shape = shape_of(rank)
        k = rng.randrange(rank)
        itype = pick_index_type()
        x = operand(shape, "i64")
        idx = operand(shape, itype, index_pool(shape[k], itype), kind=pick(["c", "t", "s"]))
        plant(idx, bad_indices(shape[k], itype))
        msg = numpy_oob(lambda: np.take_along_axis(view(x), view(idx), axis=k))
        add_case(g, f"take_along_axis({k})", [x, idx],
                 check_panic(f"{recv(0, x)}.take_along_axis({ref(1, idx)}, Axis({k}))"),
                 ("panic", "take_along_axis: " + msg))
    # Index shapes that differ off the axis (and do not broadcast either): einarray's words.
    for shape, ishape, k in (((3, 4), (2, 4), 1), ((2, 3, 2), (2, 3, 3), 1)):
        x = operand(shape, "i64")
        idx = operand(ishape, "i64", index_pool(shape[k], "i64"))
        assert np_error(lambda: np.take_along_axis(view(x), view(idx), axis=k)) is not None
        want = (f"take_along_axis: index shape {tuple_str(ishape)} does not match array shape "
                f"{tuple_str(shape)} off axis {k}")
        add_case(g, f"take_along_axis({k})", [x, idx],
                 check_panic(f"{recv(0, x)}.take_along_axis({ref(1, idx)}, Axis({k}))"),
                 ("panic", want))

    g = "put"
    for v in range(22):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 11 == 10))
        size = math.prod(shape)
        itype = pick_index_type()
        x = operand(shape, dtype, writable=True)
        m = 0 if size == 0 else rng.randint(0, 6)
        idx = operand((m,), itype, index_pool(size, itype), kind=pick(["c", "s"]))
        vals = operand((rng.randint(1, 3) if m else rng.randint(0, 2),), dtype,
                       kind=pick(["c", "s"]))
        base, tv = writable_copy(x)
        args = f"{ref(1, idx)}, {ref(2, vals)}"
        if v % 3 == 0:
            out = tv.copy()
            np.put(out, view(idx), view(vals))
            lines = ["let mut a = x0.view().to_owned();", f"a.put({args});", "c.check(a);"]
            add_case(g, "put", [x, idx, vals], lines, value(out, dtype))
        else:
            np.put(tv, view(idx), view(vals))
            lines = [f"x0.view_mut().put({args});", "c.check(x0.base);"]
            add_case(g, "view.put", [x, idx, vals], lines, value(base, dtype))
    for v in range(4):
        rank = [1, 2, 3, 2][v]
        shape = shape_of(rank)
        size = math.prod(shape)
        itype = pick_index_type()
        x = operand(shape, "i64", writable=True)
        idx = operand((rng.randint(1, 4),), itype, index_pool(size, itype), kind="c")
        plant(idx, bad_indices(size, itype))
        vals = operand((2,), "i64", kind="c")
        _, tv = writable_copy(x)
        msg = numpy_oob(lambda: np.put(tv, view(idx), view(vals)))
        add_case(g, "view.put", [x, idx, vals],
                 check_panic(f"x0.view_mut().put({ref(1, idx)}, {ref(2, vals)})"),
                 ("panic", "put: " + msg))


# --------------------------------------------------------------------------------------------
# r_, meshgrid, mgrid


def r_numpy(parts):
    """np.r_ of the parts: ("s", start, stop, step) with start or step None, or ("i", v)."""
    key = tuple(slice(p[1], p[2], p[3]) if p[0] == "s" else p[1] for p in parts)
    return np.asarray(np.r_[key], dtype=np.int64)


def r_rust(parts):
    items = []
    for p in parts:
        if p[0] == "i":
            items.append(str(p[1]))
            continue
        _, start, stop, step = p
        r = f"{'' if start is None else start}..{stop}"
        items.append(r if step is None else f"{r};{step}")
    return ", ".join(items)


def gen_grids():
    g = "r_"
    hand = [
        [("s", None, 2, None), ("s", 3, 1, -1), ("i", 2)],
        [("s", 0, 5, 2)],
        [("s", None, 4, None)],
        [("i", -1), ("i", 3), ("s", 5, 0, -2)],
        [("s", -3, 2, None), ("i", 0)],
        [("s", 2, 2, None), ("i", 7)],
        [("s", 4, 1, None)],
        [("s", 1, 10, 3), ("s", 9, 0, -4), ("s", -2, -6, -1)],
        [("s", 3, 8, 1)],
        [("s", 5, 3, -1), ("s", None, 3, 2)],
        [("s", None, 3, -1)],
    ]
    for parts in hand:
        res = r_numpy(parts)
        text = r_rust(parts)
        add_case(g, f"r_[{text.replace(' ', '')}]", [], check(f"einarray::r_![{text}]"),
                 value(res, "i64"), declare=False)
    parts = [("s", None, -3, -1)]
    text = r_rust(parts)
    add_case(g, f"r_[{text}]", [], check(f"einarray::r_![{text}]"), value(r_numpy(parts), "i64"),
             declare=False, flag="r_negative_step_without_start")

    g = "grids"
    for v in range(10):
        n = [1, 2, 3, 2, 3][v % 5]
        dtype = pick(["f64", "i64"])
        lens = [0 if v == 7 and a == 1 else rng.randint(1, 4) for a in range(n)]
        ops = [operand((m,), dtype, kind=pick(["c", "s"])) for m in lens]
        parts = [p.copy() for p in np.meshgrid(*[view(o) for o in ops], indexing="ij")]
        vecs = ", ".join(f"x{a}.view().to_vec()" for a in range(n))
        args = ", ".join(f"&a[{a}][..]" for a in range(n))
        lines = [f"let a = [{vecs}];"] + check_parts(f"meshgrid([{args}])")
        add_case(g, "meshgrid", ops, lines, values(parts, dtype))
    grids = [
        ("i64", [(0, 3, 1)]),
        ("i64", [(0, 2, 1), (0, 3, 1)]),
        ("i64", [(5, 0, -2), (-1, 2, 1)]),
        ("i64", [(0, 2, 1), (3, 3, 1), (0, 1, 1)]),
        ("i64", [(1, 7, 3), (2, -3, -2), (0, 2, 1)]),
        ("f64", [(0.0, 1.0, 0.25)]),
        ("f64", [(0.0, 3.0, 2.0), (0.0, 1.0, 0.25)]),
        ("f64", [(1.5, -1.0, -0.5), (-0.25, 0.5, 0.25)]),
    ]
    for dtype, ranges in grids:
        key = tuple(slice(a, b, s) for a, b, s in ranges)
        # A tuple key: the coordinate arrays stacked, even for one axis.
        parts = [np.asarray(p, dtype=DTYPES[dtype]) for p in np.mgrid[key]]
        suffix = "i64" if dtype == "i64" else ""
        args = ", ".join(f"({lit(a, dtype)}{suffix}, {lit(b, dtype)}, {lit(s, dtype)})"
                         for a, b, s in ranges)
        add_case(g, "mgrid", [], check_parts(f"mgrid([{args}])"), values(parts, dtype),
                 declare=False)
    points = [
        [(0.0, 5.0, 6)],
        [(0.0, 1.0, 5), (-1.0, 1.0, 3)],
        [(0.0, 5.0, 100)],
        [(0.0, 5.0, 100), (0.0, 5.0, 4)],
        [(2.0, -2.0, 9), (0.0, 0.0, 1), (1.0, 2.0, 2)],
        [(0.0, 3.0, 0), (0.0, 1.0, 3)],
        [(0.0, 1.0, 50)],
    ]
    for ranges in points:
        key = tuple(slice(a, b, complex(0, n)) for a, b, n in ranges)
        parts = list(np.mgrid[key])
        args = ", ".join(f"({lit(a, 'f64')}, {lit(b, 'f64')}, {n})" for a, b, n in ranges)
        linspace = np.meshgrid(*[np.linspace(a, b, n) for a, b, n in ranges], indexing="ij")
        same = all(np.array_equal(p, q) for p, q in zip(parts, linspace))
        add_case(g, "mgrid_points", [], check_parts(f"mgrid_points([{args}])"),
                 values(parts, "f64"), declare=False,
                 flag=None if same else "mgrid_points_last_point")


# --------------------------------------------------------------------------------------------
# Sorting, unique, searchsorted


SORT_POOLS = {
    "f64": [-1.0, 0.0, -0.0, 0.5, 2.0, 2.0, NAN, -INF, INF],
    "i64": TIES + [5, -7],
    "bool": BOOLS,
}


def gen_sort():
    g = "sort"
    for v in range(36):
        rank = [1, 2, 3][v % 3]
        dtype = ["f64", "f64", "i64", "bool"][v % 4]
        shape = shape_of(rank, hi=5 if rank == 1 else 4, zero=(v % 12 == 11))
        k = rng.randrange(rank)
        x = operand(shape, dtype, SORT_POOLS[dtype])
        if v % 2 == 0:
            res = np.sort(view(x), axis=k, kind="stable")
            add_case(g, f"sort_axis({k})", [x], check(f"{recv(0, x)}.sort_axis(Axis({k}))"),
                     value(res, dtype))
        else:
            res = np.argsort(view(x), axis=k, kind="stable").astype(np.int64)
            add_case(g, f"argsort_axis({k})", [x],
                     check(f"{recv(0, x)}.argsort_axis(Axis({k}))"), value(res, "i64"))
    # Ties and NaNs in one lane: the stable order is the only right one.
    for data in ([2.0, NAN, 1.0, 2.0, NAN, 1.0, -0.0, 0.0], [NAN, NAN, NAN], [0.0, -0.0, 0.0]):
        x = operand((len(data),), "f64", kind="c", data=data)
        res = np.argsort(view(x), kind="stable").astype(np.int64)
        add_case(g, "argsort_axis(0)", [x], check("x0.base.argsort_axis(Axis(0))"),
                 value(res, "i64"))
        x = operand((len(data),), "f64", kind="c", data=data)
        res = np.sort(view(x), kind="stable")
        add_case(g, "sort_axis(0)", [x], check("x0.base.sort_axis(Axis(0))"), value(res, "f64"))

    g = "unique"
    for v in range(24):
        rank = [0, 1, 2, 3, 1, 2][v % 6]
        dtype = ["f64", "i64", "f64", "bool"][v % 4]
        shape = shape_of(rank, hi=5 if rank == 1 else 4, zero=(v % 8 == 7))
        pool = {"f64": [NAN, NAN, 1.0, -1.5, 1.0, 0.0], "i64": TIES, "bool": BOOLS}[dtype]
        x = operand(shape, dtype, pool)
        vals, inv, counts = np.unique(view(x), return_inverse=True, return_counts=True)
        call = pick(["unique", "unique_counts", "unique_inverse"])
        if call == "unique":
            add_case(g, call, [x], check(f"unique({ref(0, x)})"), value(vals, dtype))
            continue
        extra = counts if call == "unique_counts" else inv
        lines = [f"let (v, n) = {call}({ref(0, x)});", "c.check_at(0, v);", "c.check_at(1, n);"]
        add_case(g, call, [x], lines,
                 ("outs", [value(vals, dtype), value(extra.astype(np.int64), "i64")]))

    g = "searchsorted"
    for v in range(20):
        dtype = ["f64", "i64"][v % 2]
        n = 0 if v % 10 == 9 else rng.randint(1, 7)
        pool = [-1.0, 0.0, 0.5, 2.0, 2.0, NAN] if dtype == "f64" else TIES
        s = sort_view(operand((n,), dtype, pool, kind=pick(["c", "s", "s"])))
        vrank = [0, 1, 1, 2][v % 4]
        vals = operand(shape_of(vrank, zero=(v % 7 == 6)), dtype, pool + [-5, 9])
        side = pick(["Left", "Right"])
        res = np.searchsorted(view(s), view(vals), side=side.lower()).astype(np.int64)
        expr = f"searchsorted({ref(0, s)}, {ref(1, vals)}, Side::{side})"
        add_case(g, f"searchsorted({side.lower()})", [s, vals], check(expr), value(res, "i64"))


# --------------------------------------------------------------------------------------------
# Joining and rearranging


def gen_join():
    g = "concatenate"
    for v in range(20):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        k = rng.randrange(rank)
        shape = shape_of(rank, hi=3, zero=(v % 10 == 9 and rank > 1))
        count = rng.randint(1, 4)
        ops = []
        for _ in range(count):
            s = list(shape)
            s[k] = rng.choice([0, 1, 2, 3]) if v % 5 == 2 else rng.randint(1, 3)
            ops.append(operand(tuple(s), dtype))
        res = np.concatenate([view(o) for o in ops], axis=k)
        args = ", ".join(f"x{a}.view()" for a in range(count))
        if v % 4 == 3:
            add_case(g, f"try_concatenate({k})", ops,
                     check_ok(f"try_concatenate(&[{args}], Axis({k}))"), value(res, dtype))
            continue
        add_case(g, f"concatenate({k})", ops, check(f"concatenate(&[{args}], Axis({k}))"),
                 value(res, dtype))
    for shapes, k in ((((1, 2), (1, 3)), 0), (((2, 3), (2, 3), (3, 2)), 1),
                      (((2, 1, 3), (2, 2, 3), (2, 1, 4)), 1), (((3, 2), (3, 0)), 0)):
        ops = [operand(s, "i64") for s in shapes]
        msg = np_error(lambda: np.concatenate([view(o) for o in ops], axis=k))
        args = ", ".join(f"x{a}.view()" for a in range(len(ops)))
        add_case(g, f"try_concatenate({k})", ops,
                 check_err(f"try_concatenate(&[{args}], Axis({k}))"),
                 ("err", "IncompatibleShape", "concatenate: " + msg))
    msg = np_error(lambda: np.concatenate([], axis=0))
    add_case(g, "try_concatenate(0)", [], check_err("try_concatenate::<f64, 2>(&[], Axis(0))"),
             ("err", "InvalidArgument", "concatenate: " + msg), declare=False)

    g = "stack"
    for v in range(14):
        rank = [1, 2, 3, 0][v % 4]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, hi=3, zero=(v % 7 == 6))
        k = rng.randint(0, rank)
        count = rng.randint(1, 3)
        ops = [operand(shape, dtype) for _ in range(count)]
        res = np.stack([view(o) for o in ops], axis=k)
        args = ", ".join(f"x{a}.view()" for a in range(count))
        expr = f"stack::<{dtype}, {rank}, {rank + 1}>(&[{args}], Axis({k}))"
        add_case(g, f"stack({k})", ops, check(expr), value(res, dtype))
    for shapes in (((2,), (3,)), ((2, 2), (2, 2), (2, 1))):
        ops = [operand(s, "f64") for s in shapes]
        assert np_error(lambda: np.stack([view(o) for o in ops])) is not None
        bad = next(s for s in shapes if s != shapes[0])
        want = (f"stack: all input arrays must have the same shape, found "
                f"{tuple_str(shapes[0])} and {tuple_str(bad)}")
        rank = len(shapes[0])
        args = ", ".join(f"x{a}.view()" for a in range(len(ops)))
        add_case(g, "stack(0)", ops,
                 check_panic(f"stack::<f64, {rank}, {rank + 1}>(&[{args}], Axis(0))"),
                 ("panic", want))
    msg = np_error(lambda: np.stack([]))
    add_case(g, "stack(0)", [], check_panic("stack::<f64, 1, 2>(&[], Axis(0))"),
             ("panic", "stack: " + msg), declare=False)

    g = "split"
    for v in range(12):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        k = rng.randrange(rank)
        sections = rng.randint(1, 3)
        shape = list(shape_of(rank, hi=3))
        shape[k] = sections * (0 if v % 6 == 5 else rng.randint(1, 2))
        x = operand(shape, dtype)
        parts = [p.copy() for p in np.split(view(x), sections, axis=k)]
        call = f"split(x0.view(), {sections}, Axis({k}))"
        lines = [f"let r: Vec<View<'_, {dtype}, {rank}>> = {call};", "c.check_parts(r);"]
        add_case(g, f"split({k})", [x], lines, values(parts, dtype))
    for shape, sections, k in (((5,), 2, 0), ((2, 3), 2, 1), ((4, 3, 2), 3, 0)):
        x = operand(shape, "i64")
        assert np_error(lambda: np.split(view(x), sections, axis=k)) is not None
        want = ("split: array split does not result in an equal division "
                f"({shape[k]} into {sections})")
        add_case(g, f"split({k})", [x],
                 check_panic(f"split(x0.view(), {sections}, Axis({k}))"), ("panic", want))

    g = "rearrange"
    for v in range(12):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, zero=(v % 6 == 5))
        k = rng.randrange(rank)
        x = operand(shape, dtype)
        # A view, not a copy: the type says so.
        lines = [f"let r: View<'_, {dtype}, {rank}> = {recv(0, x)}.flip(Axis({k}));", "c.check(r);"]
        add_case(g, f"flip({k})", [x], lines, value(np.flip(view(x), axis=k), dtype))
    for v in range(12):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, zero=(v % 6 == 5))
        k = rng.randrange(rank)
        shift = pick([1, 2, -1, -3, 0, 7, -11])
        x = operand(shape, dtype)
        add_case(g, f"roll({shift},{k})", [x], check(f"{recv(0, x)}.roll({shift}, Axis({k}))"),
                 value(np.roll(view(x), shift, axis=k), dtype))
    for v in range(10):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64", "bool"])
        shape = shape_of(rank, hi=3, zero=(v % 5 == 4))
        k = rng.randrange(rank)
        n = pick([0, 1, 2, 3])
        x = operand(shape, dtype)
        add_case(g, f"repeat({n},{k})", [x], check(f"{recv(0, x)}.repeat({n}, Axis({k}))"),
                 value(np.repeat(view(x), n, axis=k), dtype))
    for v in range(10):
        rank = [1, 2, 3][v % 3]
        dtype = pick(["f64", "i64"])
        shape = shape_of(rank, hi=3, zero=(v % 5 == 4))
        reps = [pick([1, 2, 3, 0] if v % 4 == 3 else [1, 2, 3]) for _ in range(rank)]
        x = operand(shape, dtype)
        add_case(g, f"tile({fmt_list(reps)})", [x],
                 check(f"{recv(0, x)}.tile({fmt_list(reps).replace(',', ', ')})"),
                 value(np.tile(view(x), reps), dtype))


# --------------------------------------------------------------------------------------------
# The seed notebook's cells


def gen_seed():
    g = "seed"
    m_data = list(range(20))

    def m_operand(**kw):
        return operand((4, 5), "i64", kind="c", data=m_data, **kw)

    # In [24]: m[[1,2,1],:]
    m = m_operand()
    idx = operand((3,), "i64", kind="c", data=[1, 2, 1])
    mv = view(m)
    add_case(g, "take(0)", [m, idx], check("x0.base.take::<i64, 1, 2>(&x1.base, Axis(0))"),
             value(mv[[1, 2, 1], :], "i64"))
    # In [26]: m[0:1, [[1,1,2],[0,1,2]]]
    m = operand((1, 5), "i64", data=np.arange(20).reshape(4, 5),
                slices=[slice(0, 1, 1), slice(None, None, 1)])
    idx = operand((2, 3), "i64", kind="c", data=[1, 1, 2, 0, 1, 2])
    add_case(g, "take(1)", [m, idx], check("x0.view().take::<i64, 2, 3>(&x1.base, Axis(1))"),
             value(view(m)[:, [[1, 1, 2], [0, 1, 2]]], "i64"))
    # In [28]: m[[1,2],[3,4]], m[np.ix_([1,2],[3,4])], m[0, np.r_[:2, slice(3,1,-1), 2]]
    m = m_operand()
    i0 = operand((2,), "i64", kind="c", data=[1, 2])
    i1 = operand((2,), "i64", kind="c", data=[3, 4])
    add_case(g, "take_points", [m, i0, i1],
             check("x0.base.take_points([x1.view(), x2.view()])"),
             value(mv[[1, 2], [3, 4]], "i64"))
    m = m_operand()
    add_case(g, "ix", [m], check("x0.base.ix([&[1, 2], &[3, 4]])"),
             value(mv[np.ix_([1, 2], [3, 4])], "i64"))
    m = m_operand()
    lines = ["let cols = einarray::r_![..2, 3..1;-1, 2];"]
    lines += check("x0.base.slice(s![0, ..]).take::<i64, 1, 1>(&cols, Axis(0))")
    add_case(g, "take(r_)", [m], lines, value(mv[0, np.r_[:2, slice(3, 1, -1), 2]], "i64"))
    # In [29]: digits[is_odd] with integers (elements 0 and 1) vs booleans.
    np.random.seed(1234)
    digits = np.random.permutation(np.arange(10)).astype(np.int64)
    is_odd = digits % 2
    perm = ["let digits = RandomState::new(1234).permutation(10);", "let is_odd = &digits % 2;"]
    add_case(g, "permutation", [], perm[:1] + check("digits"), value(digits, "i64"),
             declare=False)
    add_case(g, "take(is_odd)", [], perm + check("digits.take::<i64, 1, 1>(&is_odd, Axis(0))"),
             value(digits[is_odd], "i64"), declare=False)
    add_case(g, "mask(is_odd)", [], perm + check("digits.mask(&is_odd.not_equal(&0))"),
             value(digits[is_odd.astype(bool)], "i64"), declare=False)
    # In [30]: is_odd.nonzero()
    add_case(g, "nonzero", [], perm + check_parts("is_odd.nonzero()"),
             values([p.astype(np.int64) for p in is_odd.nonzero()], "i64"), declare=False)
    # In [31]: x = np.arange(4).reshape(2, -1); y = (x % 2).astype(bool); x[y]
    x = np.arange(4).reshape(2, -1)
    y = (x % 2).astype(bool)
    lines = ["let x = Array::<i64, 1>::arange(4).into_reshape([2, 2]);",
             "let y = (&x % 2).not_equal(&0);"]
    add_case(g, "mask", [], lines + check("x.mask(&y)"), value(x[y], "i64"), declare=False)
    add_case(g, "nonzero", [], lines + check_parts("y.nonzero()"),
             values([p.astype(np.int64) for p in y.nonzero()], "i64"), declare=False)
    # In [32]: data cleanup, x[~np.isnan(x)]
    data = [1.0, 2.0, 3.0, NAN, 2.0, 1.0, NAN]
    x = operand((7,), "f64", kind="c", data=data)
    xv = view(x)
    add_case(g, "mask(!isnan)", [x], check("x0.base.mask(&!x0.base.isnan())"),
             value(xv[~np.isnan(xv)], "f64"))
    x = operand((2, 4), "f64", SORT_POOLS["f64"], kind="t")
    xv = view(x)
    add_case(g, "mask(!isnan)", [x], check("x0.view().mask(&!x0.view().isnan())"),
             value(xv[~np.isnan(xv)], "f64"))
    x = operand((7,), "f64", kind="c", data=data)
    out = np.array(data)
    out[np.isnan(out)] = 0.0
    lines = ["let mut a = x0.base.clone();", "let nan = a.isnan();", "a.mask_assign(&nan, 0.0);",
             "c.check(a);"]
    add_case(g, "mask_assign(isnan)", [x], lines, value(out, "f64"))


# --------------------------------------------------------------------------------------------
# Output


GROUP_TESTS = [
    ("take", "take_along_one_axis"),
    ("take_points", "take_points_with_broadcast_index_arrays"),
    ("index_axes", "advanced_indices_on_several_axes"),
    ("ix", "ix_cross_products"),
    ("mask", "boolean_masks"),
    ("mask_axis", "boolean_masks_along_an_axis"),
    ("mask_assign", "assignment_through_masks"),
    ("nonzero", "nonzero_and_argwhere"),
    ("take_along_axis", "take_along_axis_by_lanes"),
    ("put", "put_at_flat_indices"),
    ("r_", "r_index_builder"),
    ("grids", "meshgrid_and_mgrid"),
    ("sort", "stable_sorts_along_axes"),
    ("unique", "unique_values_counts_inverse"),
    ("searchsorted", "searchsorted_both_sides"),
    ("concatenate", "concatenate_along_axes"),
    ("stack", "stack_along_new_axes"),
    ("split", "split_into_views"),
    ("rearrange", "flip_roll_repeat_tile"),
    ("seed", "seed_notebook_cells"),
]


def fmt_num(v, dtype):
    if dtype == "bool":
        return "1" if v else "0"
    if dtype != "f64":
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    if v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    return repr(v)


def fmt_array(a, dtype):
    a = np.asarray(a)
    return f"{fmt_list(a.shape)} [" + ",".join(fmt_num(v, dtype) for v in a.ravel()) + "]"


def write_fixture(path):
    lines = [
        "# index cases for tests/index_numpy.rs: operands and NumPy's expected results.",
        f"# generated by `{COMMAND}` (seed {SEED}) with NumPy {np.__version__}; do not edit.",
        "# Format: see the docstring of scripts/gen_index_fixtures.py.",
        "#   case <id> <group> \"<call>\"",
        "#   in <k> <dtype> <c|t|p|s|b> <base shape> <base data> <param or ->",
        "#   out <dtype> <shape> <data> (one per part)   |   err <kind> <message>   |   "
        "panic <message>",
    ]
    for c in CASES:
        lines.append(f"case {c['id']} {c['group']} \"{c['label']}\"")
        for k, op in enumerate(c["ops"]):
            lines.append(f"in {k} {op['dtype']} {op['kind']} {fmt_array(op['base'], op['dtype'])} "
                         f"{op['param']}")
        e = c["expect"]
        if e[0] == "outs":
            for _, dtype, a in e[1]:
                lines.append(f"out {dtype} {fmt_array(a, dtype)}")
        elif e[0] == "err":
            lines.append(f"err {e[1]} {e[2]}")
        else:
            lines.append(f"panic {e[1]}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


RUST_HEADER = r'''// generated by scripts/gen_index_fixtures.py; do not edit.
//
// Regenerate with `python3 scripts/gen_index_fixtures.py` (writes this file and
// tests/fixtures/index.txt; the format is described in the script).

//! Advanced indexing, sorting, searching and joining checked against NumPy __NUMPY__: each case
//! of `tests/fixtures/index.txt` is one einarray call here, its operands and NumPy's result
//! loaded from the fixture by case id.
//!
//! Operands come C-contiguous, transposed, permuted, sliced with steps (negative ones too) or
//! broadcast (zero strides), of ranks 0 to 3, as `&Array` or `View`; index arrays hold `i64`,
//! `isize`, `i32` or `usize`. Every result is compared exactly (NaN equal to NaN). Errors are
//! checked for the `Err` of the `try_` forms (kind and message) or for the panic message.

// `r_![4..1]` is NumPy's empty `arange(4, 1)`, under test like every other range.
#![allow(clippy::reversed_empty_ranges)]

use einarray::index::{meshgrid, mgrid, mgrid_points};
use einarray::prelude::*;
use einarray::random::RandomState;
use einarray::select::{
    concatenate, searchsorted, split, stack, try_concatenate, unique, unique_counts,
    unique_inverse, Side,
};
use einarray::Slice;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

const FIXTURE: &str = include_str!("fixtures/index.txt");

/// The element types of the fixture.
trait Elem: Copy + PartialEq + Debug {
    const NAME: &'static str;
    fn parse(s: &str) -> Self;
    /// Equal, NaN equal to NaN.
    fn same(self, want: Self) -> bool {
        self == want
    }
}

impl Elem for f64 {
    const NAME: &'static str = "f64";
    fn parse(s: &str) -> Self {
        s.parse().unwrap_or_else(|_| panic!("bad f64 {s:?}"))
    }
    fn same(self, want: Self) -> bool {
        self == want || (self.is_nan() && want.is_nan())
    }
}

macro_rules! int_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            const NAME: &'static str = stringify!($t);
            fn parse(s: &str) -> Self {
                s.parse().unwrap_or_else(|_| panic!("bad {} {s:?}", Self::NAME))
            }
        }
    )*};
}

int_elem!(i64, i32, isize, usize);

impl Elem for bool {
    const NAME: &'static str = "bool";
    fn parse(s: &str) -> Self {
        match s {
            "0" => false,
            "1" => true,
            _ => panic!("bad bool {s:?}"),
        }
    }
}

/// How an operand's view is made from its base array.
#[derive(Debug)]
enum Transform {
    /// The base itself (C-contiguous).
    Contiguous,
    /// `base.t()`.
    Transposed,
    /// `base.permute(axes)`.
    Permuted(Vec<usize>),
    /// `base.slice(s![...])`, one slice per axis.
    Sliced(Vec<Slice>),
    /// `base.broadcast_to(shape)`.
    Broadcast(Vec<usize>),
}

#[derive(Debug)]
struct Operand {
    dtype: &'static str,
    shape: Vec<usize>,
    data: Vec<&'static str>,
    transform: Transform,
}

/// One part of NumPy's result: element type, shape and elements in C order.
#[derive(Debug)]
struct Part {
    dtype: &'static str,
    shape: Vec<usize>,
    data: Vec<&'static str>,
}

#[derive(Debug)]
enum Expected {
    /// NumPy's result, one part per array of it.
    Value(Vec<Part>),
    /// The call returns `Err` of this kind (its `Debug` name) with this message.
    Error(&'static str, &'static str),
    /// The call panics with this message.
    Panic(&'static str),
}

#[derive(Debug)]
struct Case {
    id: &'static str,
    call: &'static str,
    ops: Vec<Operand>,
    expected: Expected,
}

/// `[1,2,3]` as its items; `[]` is empty.
fn items(field: &str) -> Vec<&str> {
    let inner = field
        .strip_prefix('[')
        .and_then(|f| f.strip_suffix(']'))
        .unwrap_or_else(|| panic!("not a bracketed list: {field:?}"));
    if inner.is_empty() {
        vec![]
    } else {
        inner.split(',').collect()
    }
}

fn parse_list<T: std::str::FromStr>(field: &str) -> Vec<T> {
    items(field)
        .into_iter()
        .map(|x| x.parse().unwrap_or_else(|_| panic!("bad number {x:?}")))
        .collect()
}

fn parse_bound(b: &str) -> Option<isize> {
    (b != "_").then(|| b.parse().unwrap_or_else(|_| panic!("bad bound {b:?}")))
}

/// `[1:_:2,_:0:-1]`: `start:stop:step` per axis, `_` for `None`.
fn parse_slices(field: &str) -> Vec<Slice> {
    items(field)
        .into_iter()
        .map(|e| match e.split(':').collect::<Vec<_>>()[..] {
            [start, stop, step] => Slice {
                start: parse_bound(start),
                stop: parse_bound(stop),
                step: step.parse().expect("step"),
            },
            _ => panic!("bad slice {e:?}"),
        })
        .collect()
}

fn parse_fixture(text: &'static str) -> HashMap<&'static str, Case> {
    let mut cases: Vec<Case> = vec![];
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(msg) = line.strip_prefix("panic ") {
            cases.last_mut().expect("panic before case").expected = Expected::Panic(msg);
            continue;
        }
        if let Some(rest) = line.strip_prefix("err ") {
            let (kind, msg) = rest.split_once(' ').expect("err <kind> <message>");
            cases.last_mut().expect("err before case").expected = Expected::Error(kind, msg);
            continue;
        }
        let f: Vec<&'static str> = line.split_whitespace().collect();
        match f[..] {
            ["case", id, _group, call] => cases.push(Case {
                id,
                call: call.trim_matches('"'),
                ops: vec![],
                expected: Expected::Value(vec![]),
            }),
            ["in", k, dtype, transform, shape, data, param] => {
                let case = cases.last_mut().expect("in before case");
                assert_eq!(k.parse::<usize>().unwrap(), case.ops.len(), "{line}");
                let transform = match transform {
                    "c" => Transform::Contiguous,
                    "t" => Transform::Transposed,
                    "p" => Transform::Permuted(parse_list(param)),
                    "s" => Transform::Sliced(parse_slices(param)),
                    "b" => Transform::Broadcast(parse_list(param)),
                    _ => panic!("bad transform in {line}"),
                };
                case.ops.push(Operand {
                    dtype,
                    shape: parse_list(shape),
                    data: items(data),
                    transform,
                });
            }
            ["out", dtype, shape, data] => {
                let case = cases.last_mut().expect("out before case");
                let Expected::Value(parts) = &mut case.expected else {
                    panic!("out after err or panic: {line}");
                };
                parts.push(Part {
                    dtype,
                    shape: parse_list(shape),
                    data: items(data),
                });
            }
            _ => panic!("bad fixture line {line:?}"),
        }
    }
    cases.into_iter().map(|c| (c.id, c)).collect()
}

/// The fixture's case `id`, checking that its call is the test's.
fn case(id: &str, call: &str) -> &'static Case {
    static CASES: OnceLock<HashMap<&'static str, Case>> = OnceLock::new();
    let c = CASES
        .get_or_init(|| parse_fixture(FIXTURE))
        .get(id)
        .unwrap_or_else(|| panic!("no case {id} in the fixture"));
    assert_eq!(c.call, call, "case {id}: fixture and test differ");
    if let Expected::Value(parts) = &c.expected {
        assert!(!parts.is_empty(), "case {id}: no expected result");
    }
    c
}

/// Views of rank `N` sliced by one `Slice` per axis.
trait SliceAll {
    fn slice_all(self, sl: &[Slice]) -> Self;
}

/// Mutable views of rank `N` sliced by one `Slice` per axis.
trait SliceAllMut {
    fn slice_all_mut(self, sl: &[Slice]) -> Self;
}

macro_rules! slice_all {
    ($($n:literal: [$($i:literal),*];)*) => {$(
        impl<T> SliceAll for View<'_, T, $n> {
            fn slice_all(self, sl: &[Slice]) -> Self {
                self.slice(s![$(sl[$i]),*])
            }
        }
        impl<T> SliceAllMut for ViewMut<'_, T, $n> {
            fn slice_all_mut(self, sl: &[Slice]) -> Self {
                self.into_slice(s![$(sl[$i]),*])
            }
        }
    )*};
}

slice_all! {
    1: [0];
    2: [0, 1];
    3: [0, 1, 2];
}

impl<T> SliceAll for View<'_, T, 0> {
    fn slice_all(self, _: &[Slice]) -> Self {
        self
    }
}

impl<T> SliceAllMut for ViewMut<'_, T, 0> {
    fn slice_all_mut(self, _: &[Slice]) -> Self {
        self
    }
}

/// An operand: its base array and how its view is made.
struct Op<T, const N: usize> {
    base: Array<T, N>,
    transform: &'static Transform,
}

fn axes<const N: usize>(v: &[usize]) -> [usize; N] {
    v.try_into().expect("rank of the fixture's parameter")
}

impl<T: Elem, const N: usize> Op<T, N> {
    fn view(&self) -> View<'_, T, N>
    where
        for<'a> View<'a, T, N>: SliceAll,
    {
        let v = self.base.view();
        match self.transform {
            Transform::Contiguous => v,
            Transform::Transposed => v.t(),
            Transform::Permuted(p) => v.permute(axes(p)),
            Transform::Sliced(sl) => v.slice_all(sl),
            Transform::Broadcast(shape) => v.broadcast_to(axes(shape)),
        }
    }

    /// The same view, writable (not of a broadcast operand).
    fn view_mut(&mut self) -> ViewMut<'_, T, N>
    where
        for<'a> ViewMut<'a, T, N>: SliceAllMut,
    {
        let v = self.base.view_mut();
        match self.transform {
            Transform::Contiguous => v,
            Transform::Transposed => v.into_permuted(std::array::from_fn(|k| N - 1 - k)),
            Transform::Permuted(p) => v.into_permuted(axes(p)),
            Transform::Sliced(sl) => v.slice_all_mut(sl),
            Transform::Broadcast(_) => panic!("a broadcast operand is not writable"),
        }
    }
}

/// What a call returns (an array or a view) as a shape and elements.
trait Outcome {
    type Item: Elem;
    fn parts(self) -> (Vec<usize>, Vec<Self::Item>);
}

impl<T: Elem, const N: usize> Outcome for Array<T, N> {
    type Item = T;
    fn parts(self) -> (Vec<usize>, Vec<T>) {
        (self.shape().to_vec(), self.to_vec())
    }
}

impl<T: Elem, const N: usize> Outcome for View<'_, T, N> {
    type Item = T;
    fn parts(self) -> (Vec<usize>, Vec<T>) {
        (self.shape().to_vec(), self.to_vec())
    }
}

thread_local! {
    /// Failures of the running test, reported together by `finish`.
    static FAILURES: RefCell<Vec<String>> = const { RefCell::new(vec![]) };
    /// Set while `check_panic` runs its call: the panic hook stays silent.
    static QUIET: Cell<bool> = const { Cell::new(false) };
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

/// Runs `f`, catching a panic without printing it.
fn catch<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r
}

impl Case {
    /// Operand `k` as an array of `T` and rank `N`.
    fn op<T: Elem, const N: usize>(&'static self, k: usize) -> Op<T, N> {
        let o = &self.ops[k];
        assert_eq!(o.dtype, T::NAME, "case {}: element type", self.id);
        let data = o.data.iter().map(|v| T::parse(v)).collect();
        Op {
            base: Array::from_shape_vec(axes(&o.shape), data).expect("base array"),
            transform: &o.transform,
        }
    }

    fn describe(&self) -> String {
        let ops: Vec<String> = self
            .ops
            .iter()
            .map(|o| format!("{} base {:?} {:?}", o.dtype, o.shape, o.transform))
            .collect();
        format!("case {} `{}`: {}", self.id, self.call, ops.join(", "))
    }

    /// Compares a result of one part with NumPy's.
    fn check<O: Outcome>(&self, r: O) {
        match &self.expected {
            Expected::Value(parts) if parts.len() == 1 => self.check_at(0, r),
            other => fail(format!(
                "{}: expected {other:?}, got one value",
                self.describe()
            )),
        }
    }

    /// Compares a result of several parts (arrays or views) with NumPy's, part by part.
    fn check_parts<O: Outcome>(&self, r: impl IntoIterator<Item = O>) {
        let mut n = 0;
        for (k, part) in r.into_iter().enumerate() {
            self.check_at(k, part);
            n += 1;
        }
        if let Expected::Value(parts) = &self.expected {
            if parts.len() != n {
                fail(format!(
                    "{}: expected {} parts, got {n}",
                    self.describe(),
                    parts.len()
                ));
            }
        }
    }

    /// Compares part `k` of a result with NumPy's.
    fn check_at<O: Outcome>(&self, k: usize, r: O) {
        let (shape, data) = r.parts();
        let Expected::Value(parts) = &self.expected else {
            return fail(format!(
                "{}: expected {:?}, got a value",
                self.describe(),
                self.expected
            ));
        };
        let Some(Part {
            dtype,
            shape: want_shape,
            data: want,
        }) = parts.get(k)
        else {
            return fail(format!("{}: no expected part {k}", self.describe()));
        };
        let name = <O::Item as Elem>::NAME;
        if *dtype != name {
            return fail(format!(
                "{}: part {k}: expected {dtype} elements, got {name}",
                self.describe()
            ));
        }
        let want: Vec<O::Item> = want.iter().map(|v| Elem::parse(v)).collect();
        let same = shape == *want_shape
            && data.len() == want.len()
            && data.iter().zip(&want).all(|(&g, &w)| g.same(w));
        if !same {
            fail(format!(
                "{}: part {k}:\n  expected {want_shape:?} {want:?}\n  got      {shape:?} {data:?}",
                self.describe()
            ));
        }
    }

    /// Compares a `Result` with NumPy's value.
    fn check_ok(&self, r: Result<impl Outcome, ShapeError>) {
        match r {
            Ok(r) => self.check(r),
            Err(e) => fail(format!("{}: unexpected error: {e}", self.describe())),
        }
    }

    /// Checks that the call failed as the case expects.
    fn check_err(&self, err: Option<ShapeError>) {
        let Expected::Error(kind, want) = self.expected else {
            return fail(format!("{}: expected a value", self.describe()));
        };
        let Some(e) = err else {
            return fail(format!("{}: expected an error, got Ok", self.describe()));
        };
        let (got_kind, msg) = (format!("{:?}", e.kind()), e.to_string());
        if got_kind != kind || msg != want {
            fail(format!(
                "{}:\n  expected {kind} {want:?}\n  got      {got_kind} {msg:?}",
                self.describe()
            ));
        }
    }

    /// Checks that the call panics with the case's message.
    fn check_panic<R>(&self, f: impl FnOnce() -> R) {
        let Expected::Panic(want) = self.expected else {
            return fail(format!("{}: expected no panic", self.describe()));
        };
        let Err(payload) = catch(f) else {
            return fail(format!("{}: expected a panic", self.describe()));
        };
        let msg = match payload.downcast_ref::<String>() {
            Some(s) => s.clone(),
            None => payload
                .downcast_ref::<&str>()
                .map_or(String::new(), |s| s.to_string()),
        };
        if msg != want {
            fail(format!(
                "{}: expected a panic with {want:?}, got {msg:?}",
                self.describe()
            ));
        }
    }
}
'''


def rust_case(c):
    out = [f'    let c = case("{c["id"]}", "{c["label"]}");']
    if c["declare"]:
        for k, op in enumerate(c["ops"]):
            written = any(f"x{k}.view_mut()" in line for line in c["lines"])
            mut = "mut " if written else ""
            out.append(f"    let {mut}x{k} = c.op::<{op['dtype']}, {len(op['shape'])}>({k});")
    out.extend("    " + line for line in c["lines"])
    return out


def write_rust(path):
    lines = [RUST_HEADER.replace("__NUMPY__", np.__version__).rstrip("\n")]
    for group, name in GROUP_TESTS:
        cases = [c for c in CASES if c["group"] == group]
        assert cases, group
        lines.append("")
        lines.append("#[test]")
        lines.append(f"fn {name}() {{")
        for c in cases:
            lines.extend(rust_case(c))
        lines.append("    finish();")
        lines.append("}")
    groups = {g for g, _ in GROUP_TESTS}
    assert all(c["group"] in groups for c in CASES)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) > 1:
        sys.exit(__doc__)
    gen_take()
    gen_points()
    gen_mask()
    gen_nonzero()
    gen_grids()
    gen_sort()
    gen_join()
    gen_seed()
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    write_fixture(FIXTURE)
    write_rust(RUST)
    counts = {}
    for c in CASES:
        counts[c["group"]] = counts.get(c["group"], 0) + 1
    print(f"{len(CASES)} cases: " + ", ".join(f"{g} {n}" for g, n in counts.items()))
    tally = {}
    for c in CASES:
        tally[c["expect"][0]] = tally.get(c["expect"][0], 0) + 1
    print("expected: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.items())))
    tally = {}
    for c in CASES:
        for op in c["ops"]:
            tally[op["kind"]] = tally.get(op["kind"], 0) + 1
    print("operand transforms: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.items())))
    for reason, what in LEFT_OUT:
        print(f"left out ({reason}): {what}")
    print(f"{os.path.relpath(FIXTURE, ROOT)}: {os.path.getsize(FIXTURE)} bytes")


if __name__ == "__main__":
    main()

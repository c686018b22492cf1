#!/usr/bin/env python3
"""Generate NumPy's answers for the calls real ports needed (issue 16), checked by
`tests/ports_numpy.rs`.

Usage (from the repository root):

    python3 scripts/gen_ports_fixtures.py

writes `tests/fixtures/ports.txt`. Deterministic: the inputs come from `random.Random` with a
fixed seed; NumPy computes every expected value. No network access.

What is covered:
- every reduction with `keepdims=True` (sum, prod, mean, var, std, max, min, argmax, argmin,
  count_nonzero, any, all) along every axis of a 3-D array, each axis written both ways
  (`k` and `k - 3`), on a C-ordered and an F-ordered copy; the memory order NumPy gives each
  result (`order` records: C, F or both);
- `cumsum`/`cumprod`, flattened and along every axis (i64 and f64), and their memory order;
- `bincount` with and without weights and `minlength`;
- `sliding_window_view` with windows on every axis, on chosen axes (negative, repeated), and
  the 2-D filter `einsum('ijkl,kl->ij', windows, kernel)`;
- `array_equal` with and without `equal_nan`;
- `tensor!` index arithmetic: the filter above, `np.diff`, a strided pick and
  `np.correlate(mode='valid')`.

Format: `#` lines are comments; every other line is one named array,

    <name> <dtype> <shape> <data>

with dtype `f64`, `i64`, `bool` (0/1) or `usize`, shape like `[2,3]`, data in C order, floats
as Python's `repr` (shortest round trip), `nan`. Order records are `order <name> <C|F|CF>`.
"""
import random
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

rng = random.Random(16)
out = []


def fmt_num(v, dtype):
    if dtype == "bool":
        return "1" if v else "0"
    if dtype == "f64":
        v = float(v)
        if v != v:
            return "nan"
        if v == int(v) and abs(v) < 2**53:
            return str(int(v)) if not (v == 0 and np.signbit(v)) else "-0"
        return repr(v)
    return str(int(v))


def put(name, dtype, a):
    a = np.asarray(a)
    shape = ",".join(str(d) for d in a.shape)
    data = ",".join(fmt_num(v, dtype) for v in a.reshape(-1, order="C"))
    out.append(f"{name} {dtype} [{shape}] [{data}]")


def order(name, a):
    c, f = a.flags["C_CONTIGUOUS"], a.flags["F_CONTIGUOUS"]
    out.append(f"order {name} {'C' if c else ''}{'F' if f else ''}")


# Reductions with keepdims, C and F inputs.
x = np.array([rng.choice([-2, -1, 0, 1, 2, 3, 0.5]) for _ in range(2 * 3 * 4)], dtype=float).reshape(2, 3, 4)
x[1, 2, 3] = 7.0  # one clear maximum
put("x", "f64", x)
b = x > 0.4
put("b", "bool", b)
for layout, xs, bs in [("c", x, b), ("f", np.asfortranarray(x), np.asfortranarray(b))]:
    for axis in range(3):
        for name, f, dt in [
            ("sum", lambda a, k, kd: a.sum(axis=k, keepdims=kd), "f64"),
            ("prod", lambda a, k, kd: a.prod(axis=k, keepdims=kd), "f64"),
            ("mean", lambda a, k, kd: a.mean(axis=k, keepdims=kd), "f64"),
            ("var1", lambda a, k, kd: a.var(axis=k, ddof=1, keepdims=kd), "f64"),
            ("std0", lambda a, k, kd: a.std(axis=k, keepdims=kd), "f64"),
            ("max", lambda a, k, kd: a.max(axis=k, keepdims=kd), "f64"),
            ("min", lambda a, k, kd: a.min(axis=k, keepdims=kd), "f64"),
            ("argmax", lambda a, k, kd: a.argmax(axis=k, keepdims=kd), "usize"),
            ("argmin", lambda a, k, kd: a.argmin(axis=k, keepdims=kd), "usize"),
            ("count_nonzero", lambda a, k, kd: np.count_nonzero(a, axis=k, keepdims=kd), "usize"),
        ]:
            r = f(xs, axis, True)
            assert np.array_equal(r, f(xs, axis - 3, True), equal_nan=True)
            key = f"{layout}/{name}/{axis}"
            put(key, dt, r)
            order(key, r)
            # The axis-removing form: its memory order (its values are the same, squeezed).
            order(f"{layout}/{name}_axis/{axis}", np.asarray(f(xs, axis, False)))
        for name, f in [("any", np.any), ("all", np.all)]:
            r = f(bs, axis=axis, keepdims=True)
            put(f"{layout}/{name}/{axis}", "bool", r)
            order(f"{layout}/{name}/{axis}", r)

# Scans.
xi = np.array([rng.randint(-3, 3) for _ in range(2 * 3 * 4)], dtype=np.int64).reshape(2, 3, 4)
put("xi", "i64", xi)
put("xi/cumsum", "i64", np.cumsum(xi))
put("xi/cumprod", "i64", np.cumprod(xi))
put("x/cumsum", "f64", np.cumsum(x))
for axis in range(3):
    put(f"xi/cumsum/{axis}", "i64", np.cumsum(xi, axis=axis))
    put(f"xi/cumprod/{axis}", "i64", np.cumprod(xi, axis=axis))
    put(f"x/cumsum/{axis}", "f64", np.cumsum(x, axis=axis))
    put(f"x/cumprod/{axis}", "f64", np.cumprod(x, axis=axis))
    order(f"f/cumsum/{axis}", np.cumsum(np.asfortranarray(x), axis=axis))

# bincount.
labels = np.array([rng.randint(0, 6) for _ in range(40)], dtype=np.int64)
weights = np.array([rng.choice([-1.5, 0.25, 1.0, 2.0]) for _ in range(40)])
put("labels", "i64", labels)
put("weights", "f64", weights)
for minlength in (0, 3, 10):
    put(f"bincount/{minlength}", "usize", np.bincount(labels, minlength=minlength))
    put(f"bincount_weighted/{minlength}", "f64", np.bincount(labels, weights=weights, minlength=minlength))
put("bincount/empty", "usize", np.bincount(np.array([], dtype=np.int64)))
put("bincount/empty5", "usize", np.bincount(np.array([], dtype=np.int64), minlength=5))

# Sliding windows.
img = np.array([rng.randint(-4, 4) for _ in range(7 * 9)], dtype=float).reshape(7, 9)
put("img", "f64", img)
for w in [(1, 1), (3, 3), (2, 5), (7, 9), (7, 1)]:
    put(f"windows/{w[0]}x{w[1]}", "f64", sliding_window_view(img, w))
put("windows/axis-1/4", "f64", sliding_window_view(img, 4, axis=-1))
put("windows/axis0/3", "f64", sliding_window_view(img, 3, axis=0))
put("windows/axes1,1/2,3", "f64", sliding_window_view(img, (2, 3), axis=(1, 1)))
put("windows/reversed/3x2", "f64", sliding_window_view(img[::-1, ::2], (3, 2)))
kernel = np.array([rng.randint(-2, 2) for _ in range(3 * 3)], dtype=float).reshape(3, 3)
put("kernel", "f64", kernel)
put("filter/3x3", "f64", np.einsum("ijkl,kl->ij", sliding_window_view(img, (3, 3)), kernel, optimize=True))

# Index arithmetic in tensor!: np.diff and a strided pick, on the image's first row.
put("row", "f64", img[0])
put("diff", "f64", np.diff(img[0]))
put("odd", "f64", img[0][1::2])
put("corr", "f64", np.correlate(img[0], kernel[0], mode="valid"))

# array_equal.
a = np.array([1.0, np.nan, 3.0])
put("eq/a", "f64", a)
out.append(f"bool eq/aa {int(np.array_equal(a, a))}")
out.append(f"bool eq/aa_nan {int(np.array_equal(a, a, equal_nan=True))}")
out.append(f"bool eq/x_xT {int(np.array_equal(x[0], x[0].T))}")
out.append(f"bool eq/x_x2 {int(np.array_equal(x, x.copy(order='F')))}")

header = "# generated by scripts/gen_ports_fixtures.py; do not edit. NumPy " + np.__version__ + "\n"
with open("tests/fixtures/ports.txt", "w") as f:
    f.write(header + "\n".join(out) + "\n")
print(len(out), "records")

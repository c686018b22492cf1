#!/usr/bin/env python3
"""Generate the differential test of `einarray::linalg` against `numpy.linalg`.

Usage (from the repository root):

    python3 scripts/gen_linalg_fixtures.py

writes `tests/fixtures/linalg.txt`, which `tests/linalg_numpy.rs` reads. Each case is one call
of a `linalg` function on operands given by value, with NumPy's results or the error NumPy
raises:

    case <id> <op> <dtype> [<param>=<value> ...]
    in <layout> <shape> <values...>
    out <name> <shape> <values...>
    err <kind>

- `dtype`: f64, f32, c128 or c64 (einarray's f64, f32, Complex<f64>, Complex<f32>).
- `layout`: how the test lays the operand out in memory (its values are the same): `c`
  (C order), `f` (F order), `t` (each matrix stored transposed and viewed through
  `swapaxes`) or `n` (stored reversed along the last axis and viewed through `flip`, negative
  strides).
- `shape`: comma-separated (`-` for rank 0); values in C order, a complex one as `re:im`.
- `kind`: the `LinAlgErrorKind` einarray must report where NumPy raises `LinAlgError`.

Outputs are only what does not depend on arbitrary choices (signs, phases, order of equal
values): determinants, inverses, solutions, Cholesky factors, singular values, self-adjoint
eigenvalues, `|diag R|`, general eigenvalues as a set. The test checks the rest by its
properties (`Q R = A`, `U S Vᴴ = A`, orthonormal columns, eigen-residuals).

Deterministic (NumPy's `default_rng` with a fixed seed); no network access.
"""
import pathlib
import warnings

import numpy as np

# NaN inputs are part of the suite; NumPy warns about them.
warnings.simplefilter("ignore", RuntimeWarning)

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "linalg.txt"
SEED = 20261207

rng = np.random.default_rng(SEED)
NP_DTYPE = {"f64": np.float64, "f32": np.float32, "c128": np.complex128, "c64": np.complex64}
LAYOUTS = ["c", "f", "t", "n"]
lines = []
count = [0]


def rand(shape, dtype):
    x = rng.uniform(-1, 1, shape)
    if dtype.startswith("c"):
        x = x + 1j * rng.uniform(-1, 1, shape)
    return x.astype(NP_DTYPE[dtype])


def fmt_value(v, dtype):
    if dtype.startswith("c"):
        return f"{float(v.real)!r}:{float(v.imag)!r}"
    if dtype in ("f64", "f32"):
        return repr(float(v))
    return str(int(v))


def fmt_shape(shape):
    return ",".join(str(d) for d in shape) if len(shape) else "-"


def arr_line(prefix, a, dtype):
    a = np.asarray(a)
    vals = " ".join(fmt_value(v, dtype) for v in a.reshape(-1))
    return f"{prefix} {fmt_shape(a.shape)} {vals}".rstrip()


def tolerance(a, dtype):
    """The comparison tolerance for a case whose first operand is `a`: a multiple of the
    element type's epsilon and of `a`'s condition number (results of a backward-stable
    algorithm differ by about that much between two implementations), at most 0.1."""
    a = np.asarray(a).astype(np.complex128 if dtype.startswith("c") else np.float64)
    eps = float(np.finfo(NP_DTYPE[real_of(dtype)]).eps)
    c = 1.0
    if a.ndim >= 2 and a.size and np.isfinite(a).all():
        s = np.linalg.svd(a, compute_uv=False)
        smin = s[..., -1].min()
        c = float(s[..., 0].max() / smin) if smin > 0 else np.inf
    n = max(a.shape[-2:]) if a.ndim >= 2 else max(a.shape, default=1)
    return min(0.1, 50.0 * max(n, 1) * eps * max(c, 1.0))


def case(op, dtype, inputs, params=None, outs=None, err=None):
    count[0] += 1
    params = dict(params or {})
    params["tol"] = f"{tolerance(inputs[0], dtype):.3g}"
    p = " ".join(f"{k}={v}" for k, v in params.items())
    lines.append(f"case {count[0]} {op} {dtype} {p}".rstrip())
    for a in inputs:
        layout = LAYOUTS[rng.integers(len(LAYOUTS))] if np.ndim(a) >= 2 else "c"
        lines.append(arr_line(f"in {layout}", a, dtype))
    if err is not None:
        lines.append(f"err {err}")
        return
    for name, (v, vdtype) in (outs or {}).items():
        lines.append(arr_line(f"out {name}", v, vdtype))


def real_of(dtype):
    return {"c128": "f64", "c64": "f32"}.get(dtype, dtype)


def complex_of(dtype):
    return {"f64": "c128", "f32": "c64"}.get(dtype, dtype)


def call(f, *args, **kw):
    """NumPy's result, or the name of the LinAlgError kind it raised."""
    try:
        return f(*args, **kw), None
    except np.linalg.LinAlgError as e:
        msg = str(e)
        if "Singular" in msg or "singular" in msg:
            return None, "Singular"
        if "positive definite" in msg:
            return None, "NotPositiveDefinite"
        if "square" in msg:
            return None, "NotSquare"
        if "converge" in msg:
            return None, "NoConvergence"
        raise


STACKS = [(), (3,), (2, 2)]
SIZES = [0, 1, 2, 3, 4, 7]


def hermitian(stack, n, dtype, pd=False):
    a = rand(stack + (n, n), dtype)
    h = a + np.conj(np.swapaxes(a, -1, -2))
    if pd:
        h = a @ np.conj(np.swapaxes(a, -1, -2)) + n * np.eye(n)
    return h.astype(NP_DTYPE[dtype])


for dtype in ["f64", "f32", "c128", "c64"]:
    rd = real_of(dtype)
    for stack in STACKS:
        for n in {0: SIZES, 1: [1, 3, 5], 2: [0, 2]}[len(stack)]:
            a = rand(stack + (n, n), dtype)
            d, e = call(np.linalg.det, a)
            case("det", dtype, [a], outs={"det": (d, dtype)}, err=e)
            (s, l), e = call(np.linalg.slogdet, a)
            case("slogdet", dtype, [a], outs={"sign": (s, dtype), "logabsdet": (l, rd)}, err=e)
            inv, e = call(np.linalg.inv, a)
            case("inv", dtype, [a], outs={"inv": (inv, dtype)}, err=e)
            # solve: one vector, and a stack of matrices (k columns), maybe broadcast.
            b = rand((n,), dtype)
            x, e = call(np.linalg.solve, a, b)
            case("solve", dtype, [a, b], outs={"x": (x, dtype)}, err=e)
            bstack = stack if rng.integers(2) else (2,) + stack
            b = rand(bstack + (n, 2), dtype)
            x, e = call(np.linalg.solve, a, b)
            case("solve", dtype, [a, b], outs={"x": (x, dtype)}, err=e)
            h = hermitian(stack, n, dtype, pd=True)
            l, e = call(np.linalg.cholesky, h)
            case("cholesky", dtype, [h], outs={"l": (l, dtype)}, err=e)
            for uplo in ["L", "U"]:
                h = hermitian(stack, n, dtype)
                # Garbage in the triangle that is not read.
                other = np.triu(rand(stack + (n, n), dtype), 1)
                h = h + (other if uplo == "L" else np.swapaxes(other, -1, -2))
                w, e = call(np.linalg.eigvalsh, h, UPLO=uplo)
                case("eigh", dtype, [h], {"uplo": uplo}, outs={"w": (w, rd)}, err=e)
            t = rand(stack + (n, n), dtype) + 3 * np.eye(n)
            lower = bool(rng.integers(2))
            tri = np.tril(t) if lower else np.triu(t)
            b = rand((n,), dtype)
            # scipy's solve_triangular on each matrix (solve on the triangle NumPy keeps).
            x, e = call(np.linalg.solve, tri, b)
            case("solve_triangular", dtype, [t, b], {"uplo": "L" if lower else "U"}, outs={"x": (x, dtype)}, err=e)
            w, e = call(np.linalg.eigvals, a)
            case("eig", dtype, [a], outs={"w": (w.astype(NP_DTYPE[complex_of(dtype)]), complex_of(dtype))}, err=e)
            for p in rng.choice([-3, -1, 0, 1, 2, 3, 5], 2, replace=False).tolist():
                if n > 4 and abs(p) > 2:
                    continue
                r, e = call(np.linalg.matrix_power, a, p)
                case("matrix_power", dtype, [a], {"n": p}, outs={"p": (r, dtype)}, err=e)
            ords = [None, "fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2]
            for p in [ords[i] for i in rng.choice(len(ords), 3, replace=False)]:
                if n == 0:
                    continue
                c, e = call(np.linalg.cond, a, p)
                name = {None: "none", np.inf: "inf", -np.inf: "-inf"}.get(p, str(p))
                case("cond", dtype, [a], {"p": name}, outs={"c": (np.asarray(c).astype(NP_DTYPE[rd]), rd)}, err=e)
        for (m, n) in ([(0, 3), (3, 0), (1, 1), (2, 5), (5, 2), (4, 4), (9, 3), (3, 9)]
                       if len(stack) < 2 else [(2, 3), (3, 2)]):
            a = rand(stack + (m, n), dtype)
            s, e = call(np.linalg.svd, a, compute_uv=False)
            case("svd", dtype, [a], {"full": int(rng.integers(2))}, outs={"s": (s, rd)}, err=e)
            for mode in [["reduced", "complete", "r"][rng.integers(3)]]:
                r, e = call(np.linalg.qr, a, mode="r")
                k = min(m, n)
                diag = np.abs(np.diagonal(r, axis1=-2, axis2=-1)[..., :k])
                case("qr", dtype, [a], {"mode": mode}, outs={"absdiag": (diag.astype(NP_DTYPE[rd]), rd)}, err=e)
            p, e = call(np.linalg.pinv, a)
            case("pinv", dtype, [a], outs={"p": (p, dtype)}, err=e)
            if m and n:
                ords = ["fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2]
                for ordr in [ords[i] for i in rng.choice(len(ords), 3, replace=False)]:
                    v, e = call(np.linalg.matrix_norm, a, ord=ordr)
                    name = {np.inf: "inf", -np.inf: "-inf"}.get(ordr, str(ordr))
                    case("matrix_norm", dtype, [a], {"ord": name}, outs={"n": (np.asarray(v).astype(NP_DTYPE[rd]), rd)}, err=e)
            r, e = call(np.linalg.matrix_rank, a)
            case("matrix_rank", dtype, [a], outs={"r": (np.asarray(r).astype(np.int64), "i64")}, err=e)
    # Rank-deficient matrices for matrix_rank and pinv: outer products.
    for (m, n, r) in [(5, 4, 2), (6, 6, 3), (3, 7, 1)]:
        a = rand((m, r), dtype) @ rand((r, n), dtype)
        rank, _ = call(np.linalg.matrix_rank, a)
        case("matrix_rank", dtype, [a], outs={"r": (np.asarray(rank).astype(np.int64), "i64")})
        # The default cutoff (1e-15) keeps rounding noise as singular values: pass one above it.
        rcond = 100 * float(np.finfo(NP_DTYPE[rd]).eps) * max(m, n)
        p, _ = call(np.linalg.pinv, a, rcond=rcond)
        case("pinv", dtype, [a], {"rcond": f"{rcond:.17g}"}, outs={"p": (p, dtype)})
    # Least squares: over- and under-determined, one and several right-hand sides, deficient.
    for (m, n, k) in [(10, 3, None), (10, 3, 2), (3, 10, None), (4, 4, 1), (6, 6, None)]:
        a = rand((m, n), dtype)
        if (m, n) == (6, 6):
            a[:, 5] = a[:, 4]  # rank 5
        b = rand((m,) if k is None else (m, k), dtype)
        x, res, rank, s = np.linalg.lstsq(a, b)
        case("lstsq", dtype, [a, b], outs={
            "x": (x, dtype), "residuals": (res.astype(NP_DTYPE[rd]), rd),
            "rank": (np.asarray(rank).astype(np.int64), "i64"), "s": (s, rd)})
    # Vector norms of any rank.
    for shape in [(5,), (3, 4), (2, 3, 2)]:
        x = rand(shape, dtype)
        for ordr in [2, 1, 0, 3, 0.5, np.inf, -np.inf, -1]:
            v = np.linalg.vector_norm(x, ord=ordr)
            name = {np.inf: "inf", -np.inf: "-inf"}.get(ordr, str(ordr))
            case("vector_norm", dtype, [x], {"ord": name}, outs={"n": (np.asarray(v).astype(NP_DTYPE[rd]), rd)})
    # Chains for multi_dot.
    for dims in [(3, 4), (10, 2, 8, 3), (2, 30, 3, 40, 2)]:
        mats = [rand((dims[i], dims[i + 1]), dtype) for i in range(len(dims) - 1)]
        if len(mats) == 1:
            mats.append(rand((dims[-1], 2), dtype))
        case("multi_dot", dtype, mats, outs={"p": (np.linalg.multi_dot(mats), dtype)})

# The inputs NumPy treats specially, in f64.
specials = []
eye3 = np.eye(3)
sing = np.array([[1.0, 2.0], [2.0, 4.0]])
zero_col = np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 7.0]])
nan = np.array([[1.0, np.nan], [2.0, 3.0]])
hilbert = np.array([[1.0 / (i + j + 1) for j in range(10)] for i in range(10)])
for name, a in [("singular", sing), ("zero_column", zero_col), ("nan", nan), ("hilbert", hilbert),
                ("not_pd", np.array([[1.0, 2.0], [2.0, 1.0]])), ("eye", eye3),
                ("singular_stack", np.stack([eye3, np.zeros((3, 3))]))]:
    d, e = call(np.linalg.det, a)
    case("det", "f64", [a], outs={"det": (d, "f64")}, err=e)
    (s, l), e = call(np.linalg.slogdet, a)
    case("slogdet", "f64", [a], outs={"sign": (s, "f64"), "logabsdet": (l, "f64")}, err=e)
    inv, e = call(np.linalg.inv, a)
    case("inv", "f64", [a], outs={"inv": (inv, "f64")}, err=e)
    b = np.ones(a.shape[-1])
    x, e = call(np.linalg.solve, a, b)
    case("solve", "f64", [a, b], outs={"x": (x, "f64")}, err=e)
    l, e = call(np.linalg.cholesky, a)
    case("cholesky", "f64", [a], outs={"l": (l, "f64")}, err=e)
    s, e = call(np.linalg.svd, a, compute_uv=False)
    if not np.isnan(a).any():
        case("svd", "f64", [a], {"full": 1}, outs={"s": (s, "f64")}, err=e)
for a in [np.zeros((2, 3)), np.zeros((3, 2, 4))]:
    for op, f in [("det", np.linalg.det), ("inv", np.linalg.inv), ("cholesky", np.linalg.cholesky),
                  ("eig", np.linalg.eigvals)]:
        _, e = call(f, a)
        case(op, "f64", [a], err=e)

header = [
    "# linalg cases for tests/linalg_numpy.rs: operands and numpy.linalg's results.",
    f"# generated by `python3 scripts/gen_linalg_fixtures.py` (seed {SEED}) with NumPy "
    f"{np.__version__}; do not edit. Format: see the script's docstring.",
]
OUT.write_text("\n".join(header + lines) + "\n")
print(f"wrote {count[0]} cases to {OUT.relative_to(ROOT)}")

#![cfg(feature = "linalg")]
//! `einarray::linalg` checked against `numpy.linalg`: each case of `tests/fixtures/linalg.txt`
//! (written by `scripts/gen_linalg_fixtures.py` with NumPy) is one call here, for f64, f32,
//! `Complex<f64>` and `Complex<f32>`, on single matrices and stacks, with operands laid out in
//! C or F order, transposed or with negative strides.
//!
//! Values are compared where they are unique (determinants, inverses, solutions, Cholesky
//! factors, singular values, self-adjoint eigenvalues, `|diag R|`, norms, ranks) within the
//! case's tolerance: a multiple of the type's epsilon and the operand's condition number,
//! relative to the largest expected magnitude. Factors that are unique only up to signs or
//! phases are checked by their defining properties instead: `Q R = A` with orthonormal `Q`
//! and upper-triangular `R`, `U S Vᴴ = A` with orthonormal vectors, `A v = λ v` with unit
//! vectors. Where NumPy raises `LinAlgError`, the `try_` form must return the same kind.

use einarray::linalg::{self, LinAlgErrorKind, LinalgScalar, NormOrd, QrMode, Uplo};
use einarray::prelude::*;
use einarray::{Close, View};
use num_complex::Complex;
use num_traits::{One, ToPrimitive, Zero};
use std::collections::HashMap;
use std::fmt::Debug;

const FIXTURE: &str = include_str!("fixtures/linalg.txt");

/// One operand: its layout letter, shape and values (C order, as written).
struct Input {
    layout: String,
    shape: Vec<usize>,
    values: Vec<String>,
}

/// One case of the fixture.
struct Case {
    id: usize,
    op: String,
    dtype: String,
    params: HashMap<String, String>,
    ins: Vec<Input>,
    outs: HashMap<String, (Vec<usize>, Vec<String>)>,
    err: Option<String>,
}

impl Case {
    fn param(&self, k: &str) -> &str {
        self.params
            .get(k)
            .unwrap_or_else(|| panic!("case {}: no parameter {k}", self.id))
    }
    fn tol(&self) -> f64 {
        self.param("tol").parse().unwrap()
    }
    fn out(&self, name: &str) -> &(Vec<usize>, Vec<String>) {
        self.outs
            .get(name)
            .unwrap_or_else(|| panic!("case {}: no output {name}", self.id))
    }
    fn what(&self) -> String {
        let shapes: Vec<_> = self
            .ins
            .iter()
            .map(|i| format!("{:?}{}", i.shape, i.layout))
            .collect();
        format!(
            "case {} {} {} {:?} {:?}",
            self.id, self.op, self.dtype, shapes, self.params
        )
    }
}

fn shape_of(s: &str) -> Vec<usize> {
    if s == "-" {
        Vec::new()
    } else {
        s.split(',').map(|d| d.parse().unwrap()).collect()
    }
}

fn cases() -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#')) {
        let mut t = line.split(' ');
        match t.next().unwrap() {
            "case" => {
                let id = t.next().unwrap().parse().unwrap();
                let op = t.next().unwrap().to_string();
                let dtype = t.next().unwrap().to_string();
                let params = t
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').unwrap();
                        (k.to_string(), v.to_string())
                    })
                    .collect();
                out.push(Case {
                    id,
                    op,
                    dtype,
                    params,
                    ins: vec![],
                    outs: HashMap::new(),
                    err: None,
                });
            }
            "in" => {
                let layout = t.next().unwrap().to_string();
                let shape = shape_of(t.next().unwrap());
                let values = t.map(str::to_string).collect();
                out.last_mut().unwrap().ins.push(Input {
                    layout,
                    shape,
                    values,
                });
            }
            "out" => {
                let name = t.next().unwrap().to_string();
                let shape = shape_of(t.next().unwrap());
                let values = t.map(str::to_string).collect();
                out.last_mut().unwrap().outs.insert(name, (shape, values));
            }
            "err" => out.last_mut().unwrap().err = Some(t.next().unwrap().to_string()),
            other => panic!("bad fixture line {other:?}"),
        }
    }
    out
}

/// The element types of the suite.
trait Scalar: LinalgScalar + Close + Debug {
    fn parse(s: &str) -> Self;
}

impl Scalar for f64 {
    fn parse(s: &str) -> Self {
        s.parse().unwrap()
    }
}
impl Scalar for f32 {
    fn parse(s: &str) -> Self {
        s.parse::<f64>().unwrap() as f32
    }
}
impl Scalar for Complex<f64> {
    fn parse(s: &str) -> Self {
        // Real outputs (singular values, norms) are written as one number.
        let (re, im) = s.split_once(':').unwrap_or((s, "0"));
        Complex::new(re.parse().unwrap(), im.parse().unwrap())
    }
}
impl Scalar for Complex<f32> {
    fn parse(s: &str) -> Self {
        // Real outputs (singular values, norms) are written as one number.
        let (re, im) = s.split_once(':').unwrap_or((s, "0"));
        Complex::new(
            re.parse::<f64>().unwrap() as f32,
            im.parse::<f64>().unwrap() as f32,
        )
    }
}

/// The stored array of an operand: its values laid out as the layout letter says; `view`
/// gives them back in their logical order.
fn stored<T: Scalar, const N: usize>(input: &Input) -> Array<T, N> {
    let shape: [usize; N] = input.shape.clone().try_into().unwrap();
    let c =
        Array::<T, N>::from_shape_vec(shape, input.values.iter().map(|v| T::parse(v)).collect())
            .unwrap();
    match input.layout.as_str() {
        "c" => c,
        "f" => c.copy(Order::F),
        "t" => c.swapaxes(N - 2, N - 1).copy(Order::C),
        "n" => c.flip(Axis(N - 1)).copy(Order::C),
        l => panic!("bad layout {l}"),
    }
}

fn view<'a, T, const N: usize>(a: &'a Array<T, N>, layout: &str) -> View<'a, T, N> {
    match layout {
        "t" => a.swapaxes(N - 2, N - 1),
        "n" => a.flip(Axis(N - 1)),
        _ => a.view(),
    }
}

/// Expected values of an output as `T`.
fn want<T: Scalar>(c: &Case, name: &str) -> (Vec<usize>, Vec<T>) {
    let (shape, values) = c.out(name);
    (shape.clone(), values.iter().map(|v| T::parse(v)).collect())
}

/// Expected real values of an output.
fn want_f64(c: &Case, name: &str) -> Vec<f64> {
    c.out(name).1.iter().map(|v| v.parse().unwrap()).collect()
}

/// Expected complex values of an output.
fn want_c(c: &Case, name: &str) -> Vec<C> {
    c.out(name)
        .1
        .iter()
        .map(|v| <Complex<f64> as Scalar>::parse(v))
        .collect()
}

/// `got` against `want`, elementwise within `tol` of the largest expected magnitude (NaN
/// only matches NaN, infinities only themselves).
#[track_caller]
fn assert_close<T: Scalar>(c: &Case, name: &str, got_shape: &[usize], got: &[T], tol: f64) {
    let (shape, want) = want::<T>(c, name);
    assert_eq!(got_shape, &shape[..], "{}: shape of {name}", c.what());
    let scale = want
        .iter()
        .map(|w| w.modulus().to_f64().unwrap())
        .filter(|m| m.is_finite())
        .fold(1.0, f64::max);
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        let (gn, wn) = (is_nan(*g), is_nan(*w));
        let ok = if gn || wn {
            gn && wn
        } else {
            g.is_close(*w, 0.0, tol * scale)
        };
        assert!(
            ok,
            "{}: {name}[{k}] = {g:?}, NumPy {w:?} (tol {tol} × {scale})",
            c.what()
        );
    }
}

fn is_nan<T: Scalar>(x: T) -> bool {
    f64_of::<T>(x.re()).is_nan() || f64_of::<T>(x.im()).is_nan()
}

fn f64_of<T: Scalar>(x: T::RealPart) -> f64 {
    x.to_f64().unwrap()
}

/// The kind NumPy's error maps to.
fn kind(name: &str) -> LinAlgErrorKind {
    match name {
        "Singular" => LinAlgErrorKind::Singular,
        "NotPositiveDefinite" => LinAlgErrorKind::NotPositiveDefinite,
        "NotSquare" => LinAlgErrorKind::NotSquare,
        "NoConvergence" => LinAlgErrorKind::NoConvergence,
        k => panic!("unknown kind {k}"),
    }
}

/// `r` is `Ok` when NumPy returned, or the error kind NumPy raised.
#[track_caller]
fn expect_ok<R>(c: &Case, r: Result<R, linalg::LinAlgError>) -> Option<R> {
    match (&c.err, r) {
        (None, Ok(v)) => Some(v),
        (None, Err(e)) => panic!("{}: NumPy succeeds, einarray says {e}", c.what()),
        (Some(k), Ok(_)) => panic!("{}: NumPy raises {k}, einarray succeeds", c.what()),
        (Some(k), Err(e)) => {
            assert_eq!(e.kind(), kind(k), "{}: {e}", c.what());
            None
        }
    }
}

fn vec_of<T: Clone, const N: usize>(a: &Array<T, N>) -> (Vec<usize>, Vec<T>) {
    (a.shape().to_vec(), a.to_vec())
}

/// The matrices of a stack, each row-major: what the property checks multiply.
/// Computed in `Complex<f64>` whatever the element type: the tolerances are the element
/// type's.
type C = Complex<f64>;

#[derive(Clone, Debug)]
struct Mats {
    rows: usize,
    cols: usize,
    data: Vec<Vec<C>>,
}

/// Any element as a `Complex<f64>`.
fn c<T: LinalgScalar>(x: T) -> C {
    C::new(x.re().to_f64().unwrap(), x.im().to_f64().unwrap())
}

fn mats<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>) -> Mats {
    let v = a.as_view();
    let shape = v.shape();
    let (rows, cols) = (shape[N - 2], shape[N - 1]);
    let flat: Vec<C> = v.iter().map(|&x| c(x)).collect();
    let size = rows * cols;
    let count: usize = shape[..N - 2].iter().product();
    let data = (0..count)
        .map(|i| flat[i * size..(i + 1) * size].to_vec())
        .collect();
    Mats { rows, cols, data }
}

/// Vectors of a stack (last axis) as diagonal scalings.
fn vecs<T: LinalgScalar, const M: usize>(a: &impl AsView<T, M>) -> Vec<Vec<C>> {
    let v = a.as_view();
    let n = v.shape()[M - 1];
    let flat: Vec<C> = v.iter().map(|&x| c(x)).collect();
    flat.chunks(n.max(1))
        .map(|c| c.to_vec())
        .take(if n == 0 {
            flat.len().max(1)
        } else {
            usize::MAX
        })
        .collect()
}

fn mul(a: &Mats, b: &Mats) -> Mats {
    assert_eq!(a.cols, b.rows);
    let data = a
        .data
        .iter()
        .zip(&b.data)
        .map(|(x, y)| {
            let mut out = vec![C::zero(); a.rows * b.cols];
            for i in 0..a.rows {
                for k in 0..a.cols {
                    for j in 0..b.cols {
                        out[i * b.cols + j] += x[i * a.cols + k] * y[k * b.cols + j];
                    }
                }
            }
            out
        })
        .collect();
    Mats {
        rows: a.rows,
        cols: b.cols,
        data,
    }
}

fn adj(a: &Mats) -> Mats {
    let data = a
        .data
        .iter()
        .map(|x| {
            let mut out = vec![C::zero(); a.rows * a.cols];
            for i in 0..a.rows {
                for j in 0..a.cols {
                    out[j * a.rows + i] = x[i * a.cols + j].conj();
                }
            }
            out
        })
        .collect();
    Mats {
        rows: a.cols,
        cols: a.rows,
        data,
    }
}

/// Column `j` of each matrix times `s[matrix][j]`.
fn scale_cols(a: &Mats, s: &[Vec<C>]) -> Mats {
    let mut out = a.clone();
    for (m, x) in out.data.iter_mut().enumerate() {
        for i in 0..a.rows {
            for j in 0..a.cols {
                x[i * a.cols + j] *= s[m][j];
            }
        }
    }
    out
}

fn eye(count: usize, n: usize) -> Mats {
    let one = (0..n * n)
        .map(|k| if k / n == k % n { C::one() } else { C::zero() })
        .collect::<Vec<_>>();
    Mats {
        rows: n,
        cols: n,
        data: vec![one; count],
    }
}

/// The first `k` columns (or rows) of each matrix.
fn cols(a: &Mats, k: usize) -> Mats {
    let data = a
        .data
        .iter()
        .map(|x| {
            (0..a.rows)
                .flat_map(|i| x[i * a.cols..i * a.cols + k].to_vec())
                .collect()
        })
        .collect();
    Mats {
        rows: a.rows,
        cols: k,
        data,
    }
}

fn rows(a: &Mats, k: usize) -> Mats {
    let data = a.data.iter().map(|x| x[..k * a.cols].to_vec()).collect();
    Mats {
        rows: k,
        cols: a.cols,
        data,
    }
}

/// Every element of `got` within `tol · max(1, max |want|)` of `want`'s.
#[track_caller]
fn assert_near(case: &Case, what: &str, got: &Mats, want: &Mats, tol: f64) {
    let dims = |m: &Mats| (m.rows, m.cols, m.data.len());
    assert_eq!(dims(got), dims(want), "{}: {what}", case.what());
    let scale = want
        .data
        .iter()
        .flatten()
        .map(|w| w.norm())
        .fold(1.0, f64::max);
    for (g, w) in got.data.iter().flatten().zip(want.data.iter().flatten()) {
        assert!(
            (g - w).norm() <= tol * scale,
            "{}: {what}: {g} vs {w}",
            case.what()
        );
    }
}

/// Runs one case of an operation on one operand of rank `N` (`M = N - 1`, `K = N - 2`).
fn one_operand<T: Scalar, const N: usize, const M: usize, const K: usize>(c: &Case)
where
    einarray::rank::Rank<N>: linalg::Down2<K> + einarray::rank::Down<M> + linalg::StackRank,
{
    let base = stored::<T, N>(&c.ins[0]);
    let a = view(&base, &c.ins[0].layout);
    let tol = c.tol();
    let owned = a.to_owned();
    match c.op.as_str() {
        "det" => {
            if let Some(d) = expect_ok(c, linalg::try_det::<T, N, K>(&a)) {
                assert_close(c, "det", &d.shape(), &d.to_vec(), tol);
            }
        }
        "slogdet" => {
            if let Some((s, l)) = expect_ok(c, linalg::try_slogdet::<T, N, K>(&a)) {
                assert_close(c, "sign", &s.shape(), &s.to_vec(), tol);
                let wl = want_f64(c, "logabsdet");
                for (g, &w) in l.iter().zip(&wl) {
                    let g = f64_of::<T>(*g);
                    assert!(
                        g == w
                            || (g.is_nan() && w.is_nan())
                            || (g - w).abs() <= tol * w.abs().max(1.0),
                        "{}: log {g} vs {w}",
                        c.what()
                    );
                }
            }
        }
        "inv" => {
            if let Some(x) = expect_ok(c, linalg::try_inv(&a)) {
                let (s, v) = vec_of(&x);
                assert_close(c, "inv", &s, &v, tol);
            }
        }
        "cholesky" => {
            if let Some(l) = expect_ok(c, linalg::try_cholesky(&a)) {
                let (s, v) = vec_of(&l);
                assert_close(c, "l", &s, &v, tol);
            }
        }
        "eigh" => {
            let uplo = if c.param("uplo") == "L" {
                Uplo::Lower
            } else {
                Uplo::Upper
            };
            let w = expect_ok(c, linalg::try_eigvalsh::<T, N, M>(&a, uplo));
            let e = expect_ok(c, linalg::try_eigh::<T, N, M>(&a, uplo));
            if let (Some(w), Some(e)) = (w, e) {
                let ws: Vec<T> = w.iter().map(|&x| T::from_re(x)).collect();
                assert_close(c, "w", &w.shape(), &ws, tol);
                assert_eq!(e.w, w, "{}: eigh's and eigvalsh's values", c.what());
                // The matrix eigh read: the named triangle, mirrored.
                let n = a.shape()[N - 1];
                let h = Array::<T, N>::from_fn(a.shape(), |i| {
                    let (r, col) = (i[N - 2], i[N - 1]);
                    let lower_read = uplo == Uplo::Lower;
                    if (r >= col) == lower_read || r == col {
                        a[i]
                    } else {
                        let mut j = i;
                        j.swap(N - 2, N - 1);
                        a[j].conjugate()
                    }
                });
                let wv = vecs(&e.w.map(|&x| T::from_re(x)));
                let v = mats(&e.v);
                assert_near(
                    c,
                    "A v = v diag(w)",
                    &mul(&mats(&h), &v),
                    &scale_cols(&v, &wv),
                    tol * 10.0,
                );
                assert_near(
                    c,
                    "Vᴴ V = I",
                    &mul(&adj(&v), &v),
                    &eye(v.data.len(), n),
                    tol * 10.0,
                );
            }
        }
        "eig" => {
            let w = expect_ok(c, linalg::try_eigvals::<T, N, M>(&a));
            let e = expect_ok(c, linalg::try_eig::<T, N, M>(&a));
            if let (Some(w), Some(e)) = (w, e) {
                let n = a.shape()[N - 1];
                let want_w = want_c(c, "w");
                // The same values as NumPy's, matched greedily per matrix (no order is fixed).
                let got: Vec<C> = w.iter().map(|&x| self::c(x)).collect();
                let scale = want_w.iter().map(|x| x.norm()).fold(1.0, f64::max);
                for m in 0..got.len() / n.max(1) {
                    let mut left: Vec<C> = got[m * n..(m + 1) * n].to_vec();
                    for x in &want_w[m * n..(m + 1) * n] {
                        let (k, d) = left
                            .iter()
                            .enumerate()
                            .map(|(k, y)| (k, (y - x).norm()))
                            .min_by(|a, b| a.1.total_cmp(&b.1))
                            .unwrap();
                        assert!(
                            d <= tol.sqrt().max(tol * 100.0) * scale,
                            "{}: eigenvalue {x:?} (nearest at {d})",
                            c.what()
                        );
                        left.swap_remove(k);
                    }
                }
                // A v = v diag(w), each v of unit length.
                let v = mats(&e.v);
                let av = mul(&mats(&owned), &v);
                let vw = scale_cols(&v, &vecs(&e.w));
                let loose = tol.sqrt().max(tol * 100.0) * n as f64;
                assert_near(c, "A v = v diag(w)", &av, &vw, loose);
                for x in &v.data {
                    for j in 0..n {
                        let norm: f64 = (0..n).map(|i| x[i * n + j].norm_sqr()).sum();
                        assert!((norm - 1.0).abs() <= loose, "{}: |v|² = {norm}", c.what());
                    }
                }
            }
        }
        "matrix_power" => {
            let p: i64 = c.param("n").parse().unwrap();
            if let Some(x) = expect_ok(c, linalg::try_matrix_power(&a, p)) {
                let (s, v) = vec_of(&x);
                let tol = tol * (p.unsigned_abs().max(1) as f64);
                let (_, wv) = want::<T>(c, "p");
                let scale = wv
                    .iter()
                    .map(|w| f64_of::<T>(w.modulus()))
                    .fold(1.0, f64::max);
                assert_eq!(s, c.out("p").0, "{}", c.what());
                for (g, w) in v.iter().zip(&wv) {
                    assert!(
                        g.is_close(*w, 0.0, tol * scale),
                        "{}: {g:?} vs {w:?}",
                        c.what()
                    );
                }
            }
        }
        "cond" => {
            let p = parse_ord(c.param("p"));
            if let Some(x) = expect_ok(c, linalg::try_cond::<T, N, K>(&a, p)) {
                let wv = want_f64(c, "c");
                for (g, &w) in x.iter().zip(&wv) {
                    let g = f64_of::<T>(*g);
                    let ok = g == w
                        || (g.is_nan() && w.is_nan())
                        || (g - w).abs() <= 10.0 * tol * w.abs()
                        || (w > 1e6 / tol && g > 1e6 / tol);
                    assert!(ok, "{}: cond {g} vs {w}", c.what());
                }
            }
        }
        "svd" => {
            let full = c.param("full") == "1";
            let s = expect_ok(c, linalg::try_svdvals::<T, N, M>(&a));
            let d = expect_ok(c, linalg::try_svd::<T, N, M>(&a, full));
            if let (Some(s), Some(d)) = (s, d) {
                let sv: Vec<T> = s.iter().map(|&x| T::from_re(x)).collect();
                assert_close(c, "s", &s.shape(), &sv, tol);
                let (m, n) = (a.shape()[N - 2], a.shape()[N - 1]);
                let k = m.min(n);
                let (uc, vr) = if full { (m, n) } else { (k, k) };
                assert_eq!(
                    (d.u.shape()[N - 1], d.vh.shape()[N - 2]),
                    (uc, vr),
                    "{}",
                    c.what()
                );
                // U[:, :k] diag(s) Vh[:k, :] = A.
                let (u, vh) = (mats(&d.u), mats(&d.vh));
                let us = scale_cols(&cols(&u, k), &vecs(&d.s.map(|&x| T::from_re(x))));
                let count = u.data.len();
                if k > 0 {
                    assert_near(
                        c,
                        "U S Vᴴ = A",
                        &mul(&us, &rows(&vh, k)),
                        &mats(&owned),
                        tol * 10.0,
                    );
                }
                assert_near(
                    c,
                    "Uᴴ U = I",
                    &mul(&adj(&u), &u),
                    &eye(count, uc),
                    tol * 10.0,
                );
                assert_near(
                    c,
                    "Vh Vhᴴ = I",
                    &mul(&vh, &adj(&vh)),
                    &eye(count, vr),
                    tol * 10.0,
                );
            }
        }
        "qr" => {
            let (m, n) = (a.shape()[N - 2], a.shape()[N - 1]);
            let k = m.min(n);
            let r = match c.param("mode") {
                "r" => expect_ok(c, linalg::try_qr_r(&a)).unwrap(),
                mode => {
                    let mode = if mode == "reduced" {
                        QrMode::Reduced
                    } else {
                        QrMode::Complete
                    };
                    let linalg::Qr { q, r } = expect_ok(c, linalg::try_qr(&a, mode)).unwrap();
                    let qc = if mode == QrMode::Reduced { k } else { m };
                    assert_eq!(
                        (q.shape()[N - 1], r.shape()[N - 2]),
                        (qc, qc),
                        "{}",
                        c.what()
                    );
                    let (qm, rm) = (mats(&q), mats(&r));
                    assert_near(c, "Q R = A", &mul(&qm, &rm), &mats(&owned), tol * 10.0);
                    assert_near(
                        c,
                        "Qᴴ Q = I",
                        &mul(&adj(&qm), &qm),
                        &eye(qm.data.len(), qc),
                        tol * 10.0,
                    );
                    r
                }
            };
            // Upper triangular, and |diag R| as NumPy's.
            for (i, x) in r.indexed_iter() {
                if i[N - 2] > i[N - 1] {
                    assert_eq!(*x, T::zero(), "{}: R below the diagonal at {i:?}", c.what());
                }
            }
            let diag: Vec<T> = r
                .indexed_iter()
                .filter(|(i, _)| i[N - 2] == i[N - 1] && i[N - 1] < k)
                .map(|(_, x)| T::from_re(x.modulus()))
                .collect();
            let shape = c.out("absdiag").0.clone();
            assert_close(c, "absdiag", &shape, &diag, tol * 10.0);
        }
        "pinv" => {
            let rcond = c
                .params
                .get("rcond")
                .map(|r| num_traits::cast(r.parse::<f64>().unwrap()).unwrap());
            if let Some(p) = expect_ok(c, linalg::try_pinv(&a, rcond)) {
                let (s, v) = vec_of(&p);
                assert_close(c, "p", &s, &v, tol.max(1e-12) * 10.0);
            }
        }
        "matrix_rank" => {
            if let Some(r) = expect_ok(c, linalg::try_matrix_rank::<T, N, K>(&a, None)) {
                let (_, w) = c.out("r");
                let w: Vec<usize> = w.iter().map(|x| x.parse().unwrap()).collect();
                assert_eq!(r.to_vec(), w, "{}", c.what());
            }
        }
        "matrix_norm" => {
            let ord = parse_ord(c.param("ord")).unwrap();
            if let Some(x) = expect_ok(c, linalg::try_matrix_norm::<T, N, K>(&a, ord)) {
                let v: Vec<T> = x.iter().map(|&x| T::from_re(x)).collect();
                assert_close(c, "n", &x.shape(), &v, tol);
            }
        }
        op => panic!("{}: unknown operation {op}", c.what()),
    }
}

fn parse_ord(s: &str) -> Option<NormOrd> {
    Some(match s {
        "none" => return None,
        "fro" => NormOrd::Fro,
        "nuc" => NormOrd::Nuc,
        "inf" => NormOrd::Inf,
        "-inf" => NormOrd::NegInf,
        p => NormOrd::P(p.parse().unwrap()),
    })
}

/// `solve` and `solve_triangular`: `a` of rank `N`, `b` of rank `B`, `x` of rank `R`.
fn two_operands<T: Scalar, const N: usize, const B: usize, const R: usize>(c: &Case)
where
    einarray::rank::Rank<N>: linalg::SolveRank<B, R>,
{
    let (ba, bb) = (stored::<T, N>(&c.ins[0]), stored::<T, B>(&c.ins[1]));
    let a = view(&ba, &c.ins[0].layout);
    let b = if B >= 2 {
        view(&bb, &c.ins[1].layout)
    } else {
        bb.view()
    };
    let tol = c.tol();
    let x = match c.op.as_str() {
        "solve" => expect_ok(c, linalg::try_solve::<T, N, B, R>(&a, &b)),
        "solve_triangular" => {
            let uplo = if c.param("uplo") == "L" {
                Uplo::Lower
            } else {
                Uplo::Upper
            };
            expect_ok(c, linalg::try_solve_triangular::<T, N, B, R>(&a, &b, uplo))
        }
        op => panic!("{}: unknown operation {op}", c.what()),
    };
    if let Some(x) = x {
        let (s, v) = vec_of(&x);
        assert_close(c, "x", &s, &v, tol);
    }
}

fn lstsq<T: Scalar, const B: usize>(c: &Case) {
    let (ba, bb) = (stored::<T, 2>(&c.ins[0]), stored::<T, B>(&c.ins[1]));
    let a = view(&ba, &c.ins[0].layout);
    let tol = c.tol().max(1e-12) * 10.0;
    let b = if B >= 2 {
        view(&bb, &c.ins[1].layout)
    } else {
        bb.view()
    };
    let fit = linalg::lstsq(&a, &b, None);
    let (s, v) = vec_of(&fit.x);
    assert_close(c, "x", &s, &v, tol);
    let res: Vec<T> = fit.residuals.iter().map(|&x| T::from_re(x)).collect();
    assert_close(c, "residuals", &fit.residuals.shape(), &res, tol);
    assert_eq!(fit.rank.to_string(), c.out("rank").1[0], "{}", c.what());
    let sv: Vec<T> = fit.s.iter().map(|&x| T::from_re(x)).collect();
    assert_close(c, "s", &fit.s.shape(), &sv, tol);
}

fn vector_norm<T: Scalar, const N: usize>(c: &Case) {
    let x = stored::<T, N>(&c.ins[0]);
    let ord = parse_ord(c.param("ord")).unwrap();
    let got = T::from_re(linalg::vector_norm(&x, ord));
    assert_close(c, "n", &[], &[got], c.tol().max(1e-12) * 10.0);
}

fn multi_dot<T: Scalar>(c: &Case) {
    let bases: Vec<Array<T, 2>> = c.ins.iter().map(stored::<T, 2>).collect();
    let views: Vec<View<'_, T, 2>> = bases
        .iter()
        .zip(&c.ins)
        .map(|(b, i)| view(b, &i.layout))
        .collect();
    let p = linalg::multi_dot(&views);
    let (s, v) = vec_of(&p);
    assert_close(c, "p", &s, &v, 1e-5);
}

fn run<T: Scalar>(c: &Case) {
    let ranks: Vec<usize> = c.ins.iter().map(|i| i.shape.len()).collect();
    match (c.op.as_str(), &ranks[..]) {
        ("solve" | "solve_triangular", [na, nb]) => match (na, nb) {
            (2, 1) => two_operands::<T, 2, 1, 1>(c),
            (2, 2) => two_operands::<T, 2, 2, 2>(c),
            (2, 3) => two_operands::<T, 2, 3, 3>(c),
            (3, 1) => two_operands::<T, 3, 1, 2>(c),
            (3, 3) => two_operands::<T, 3, 3, 3>(c),
            (3, 4) => two_operands::<T, 3, 4, 4>(c),
            (4, 1) => two_operands::<T, 4, 1, 3>(c),
            (4, 4) => two_operands::<T, 4, 4, 4>(c),
            (4, 5) => two_operands::<T, 4, 5, 5>(c),
            r => panic!("{}: ranks {r:?}", c.what()),
        },
        ("lstsq", [2, 1]) => lstsq::<T, 1>(c),
        ("lstsq", [2, 2]) => lstsq::<T, 2>(c),
        ("vector_norm", [1]) => vector_norm::<T, 1>(c),
        ("vector_norm", [2]) => vector_norm::<T, 2>(c),
        ("vector_norm", [3]) => vector_norm::<T, 3>(c),
        ("multi_dot", _) => multi_dot::<T>(c),
        (_, [2]) => one_operand::<T, 2, 1, 0>(c),
        (_, [3]) => one_operand::<T, 3, 2, 1>(c),
        (_, [4]) => one_operand::<T, 4, 3, 2>(c),
        (_, r) => panic!("{}: ranks {r:?}", c.what()),
    }
}

fn run_all(dtype: &str) {
    let cases = cases();
    let mut n = 0;
    for c in cases.iter().filter(|c| c.dtype == dtype) {
        match dtype {
            "f64" => run::<f64>(c),
            "f32" => run::<f32>(c),
            "c128" => run::<Complex<f64>>(c),
            "c64" => run::<Complex<f32>>(c),
            _ => unreachable!(),
        }
        n += 1;
    }
    assert!(n > 100, "only {n} {dtype} cases");
}

#[test]
fn f64_cases_agree_with_numpy() {
    run_all("f64");
}

#[test]
fn f32_cases_agree_with_numpy() {
    run_all("f32");
}

#[test]
fn complex128_cases_agree_with_numpy() {
    run_all("c128");
}

#[test]
fn complex64_cases_agree_with_numpy() {
    run_all("c64");
}

#[test]
fn the_fixture_covers_every_function() {
    let cases = cases();
    for op in [
        "det",
        "slogdet",
        "inv",
        "solve",
        "cholesky",
        "eigh",
        "solve_triangular",
        "eig",
        "matrix_power",
        "cond",
        "svd",
        "qr",
        "pinv",
        "matrix_rank",
        "matrix_norm",
        "lstsq",
        "vector_norm",
        "multi_dot",
    ] {
        for dtype in ["f64", "f32", "c128", "c64"] {
            assert!(
                cases.iter().any(|c| c.op == op && c.dtype == dtype),
                "no {op} {dtype} case"
            );
        }
    }
    assert!(cases.iter().any(|c| c.err.is_some()), "no error case");
}

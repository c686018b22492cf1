//! What NumPy builds on the decompositions: [`lstsq`], [`pinv`], [`matrix_rank`], [`cond`],
//! [`matrix_power`], [`vector_norm`], [`matrix_norm`] and [`multi_dot`].

use super::decomp::svd_parts;
use super::error::{linalg_err, or_panic, LinAlgError};
use super::scalar::LinalgScalar;
use super::stack::{par, Down2, Matrices, Out, StackRank};
use crate::rank::Rank;
use crate::view::{AsView, View};
use crate::Array;
use faer::linalg::matmul::matmul;
use faer::linalg::svd as fsvd;
use faer::prelude::*;
use faer::{Accum, Mat, MatMut};
use num_traits::{Float, One, Zero};

/// The result of [`lstsq`] (`np.linalg.lstsq`'s four values).
#[derive(Clone, Debug, PartialEq)]
pub struct Lstsq<T: LinalgScalar, const M: usize> {
    /// The least-squares solution: minimizes `‖b − a x‖₂` (the smallest such `x` when `a` is
    /// rank-deficient). Shape `(N,)` or `(N, K)`, as `b` is `(M,)` or `(M, K)`.
    pub x: Array<T, M>,
    /// The squared residual norms `‖b − a x‖²`, one per column of `b`, when `a` has full
    /// column rank and more rows than columns; empty otherwise (NumPy's rule).
    pub residuals: Array<T::RealPart, 1>,
    /// The effective rank of `a`.
    pub rank: usize,
    /// The singular values of `a`, descending.
    pub s: Array<T::RealPart, 1>,
}

/// The least-squares solution of `a x = b` (`np.linalg.lstsq`), from the SVD of `a` as
/// LAPACK's `gelsd` (NumPy) computes it. Singular values at most `rcond · s_max` count as zero;
/// `None` means NumPy's default, machine epsilon × `max(M, N)`. `a` is one matrix and `b` one
/// vector or matrix, as in NumPy.
///
/// # Panics
/// When `b`'s length differs from `a`'s rows or the SVD does not converge (see [`try_lstsq`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[1.0_f64, 0.0], [1.0, 1.0], [1.0, 2.0]];
/// let fit = linalg::lstsq(&a, &array![1.0, 2.0, 2.0], None);
/// assert!(fit.x.allclose(&array![7.0 / 6.0, 0.5], 1e-12, 1e-12));
/// assert_eq!(fit.rank, 2);
/// assert!((fit.residuals[[0]] - 1.0 / 6.0).abs() < 1e-12);
/// ```
#[track_caller]
pub fn lstsq<T: LinalgScalar, const M: usize>(
    a: &impl AsView<T, 2>,
    b: &impl AsView<T, M>,
    rcond: Option<T::RealPart>,
) -> Lstsq<T, M> {
    or_panic(try_lstsq(a, b, rcond))
}

/// [`lstsq`], with an error instead of a panic: a `b` that does not fit `a`, or "SVD did not
/// converge".
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_lstsq(&Array::<f64, 2>::ones([3, 2]), &array![1.0, 2.0], None);
/// assert_eq!(e.unwrap_err().to_string(), "lstsq: `a` has 3 rows but `b` has 2");
/// ```
pub fn try_lstsq<T: LinalgScalar, const M: usize>(
    a: &impl AsView<T, 2>,
    b: &impl AsView<T, M>,
    rcond: Option<T::RealPart>,
) -> Result<Lstsq<T, M>, LinAlgError> {
    let op = "lstsq";
    assert!(
        M == 1 || M == 2,
        "lstsq: `b` is a vector or a matrix (rank 1 or 2), not rank {M}"
    );
    let a = Matrices::new(a.as_view());
    let b = super::solve::rhs(b);
    let (m, n, nrhs) = (a.rows(), a.cols(), b.cols());
    if b.rows() != m {
        return Err(linalg_err!(
            Shape,
            op,
            "`a` has {m} rows but `b` has {}",
            b.rows()
        ));
    }
    let k = m.min(n);
    // A thin problem (few columns, like a regression's) gains nothing from threads: its SVD is
    // a QR of the tall matrix and a small SVD (10000×50: 7.3 ms on one thread, 9.7 ms on two).
    let par = if k < 64 {
        faer::Par::Seq
    } else {
        par(4.0 * (m * n * k) as f64)
    };
    let (mut u, mut v, mut sv) = (
        Mat::<T>::zeros(m, k),
        Mat::<T>::zeros(n, k),
        faer::Col::<T>::zeros(k),
    );
    let mut mem = super::stack::scratch(fsvd::svd_scratch::<T>(
        m,
        n,
        fsvd::ComputeSvdVectors::Thin,
        fsvd::ComputeSvdVectors::Thin,
        par,
        Default::default(),
    ));
    fsvd::svd(
        a.offsets(&[]).mat(0),
        sv.as_mut().as_diagonal_mut(),
        Some(u.as_mut()),
        Some(v.as_mut()),
        par,
        faer::dyn_stack::MemStack::new(&mut mem),
        Default::default(),
    )
    .map_err(|_| {
        linalg_err!(
            NoConvergence,
            op,
            "SVD did not converge in Linear Least Squares"
        )
    })?;
    let s: Vec<T::RealPart> = (0..k).map(|d| sv[d].re()).collect();
    let eps = T::RealPart::epsilon();
    let rcond = rcond.unwrap_or_else(|| {
        eps * num_traits::cast::<usize, T::RealPart>(m.max(n)).expect("a size as a float")
    });
    let cutoff = rcond * s.first().copied().unwrap_or_else(T::RealPart::zero);
    let rank = s.iter().filter(|&&x| x > cutoff).count();
    // x = V · diag(1/s) · Uᴴ b, over the singular values above the cutoff.
    let mut c = Mat::<T>::zeros(k, nrhs);
    matmul(
        c.as_mut(),
        Accum::Replace,
        u.adjoint(),
        b.offsets(&[]).mat(0),
        T::one(),
        par,
    );
    for d in 0..k {
        let f = if s[d] > cutoff {
            T::from_re(T::RealPart::one() / s[d])
        } else {
            T::zero()
        };
        for j in 0..nrhs {
            c[(d, j)] *= f;
        }
    }
    let mut x = Out::<T>::zeros(op, &[], n, nrhs)?;
    matmul(
        x.mat(0),
        Accum::Replace,
        v.as_ref(),
        c.as_ref(),
        T::one(),
        par,
    );
    // Residuals: only for full column rank and more equations than unknowns.
    let residuals = if rank == n && m > n {
        let mut r = Mat::<T>::zeros(m, nrhs);
        r.copy_from(b.offsets(&[]).mat(0));
        matmul(
            r.as_mut(),
            Accum::Add,
            a.offsets(&[]).mat(0),
            x.mat(0).rb(),
            -T::one(),
            par,
        );
        (0..nrhs)
            .map(|j| {
                (0..m).fold(T::RealPart::zero(), |acc, i| {
                    acc + r[(i, j)].modulus().powi(2)
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let x = if M == 1 {
        x.into_vectors()
    } else {
        x.into_array()
    };
    Ok(Lstsq {
        x,
        residuals: Array::from_vec(residuals),
        rank,
        s: Array::from_vec(s),
    })
}

/// The Moore–Penrose pseudo-inverse of each matrix of a stack (`np.linalg.pinv`), from its
/// SVD: singular values at most `rcond · s_max` count as zero; `None` means NumPy's default,
/// `1e-15`.
///
/// # Panics
/// When the SVD does not converge (see [`try_pinv`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]]; // rank 1
/// let p = linalg::pinv(&a, None);
/// assert_eq!(p.shape(), [2, 3]);
/// let apa = linalg::matmul(&linalg::matmul(&a, &p), &a);
/// assert!(apa.allclose(&a, 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn pinv<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
    rcond: Option<T::RealPart>,
) -> Array<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_pinv(a, rcond))
}

/// [`pinv`], with an error instead of a panic: "SVD did not converge".
///
/// ```
/// use einarray::prelude::*;
/// let p = einarray::linalg::try_pinv(&Array::<f64, 3>::zeros([2, 0, 3]), None).unwrap();
/// assert_eq!(p.shape(), [2, 3, 0]);
/// ```
pub fn try_pinv<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
    rcond: Option<T::RealPart>,
) -> Result<Array<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    let op = "pinv";
    let rcond = rcond
        .unwrap_or_else(|| num_traits::cast::<f64, T::RealPart>(1e-15).expect("1e-15 as a float"));
    let (s, uv) = svd_parts(op, a, Some(false))?;
    let (u, v) = uv.expect("pinv computes vectors");
    // `v` holds conj(V) (svd_parts conjugates it for `vh`): pinv = V · diag(1/s) · Uᴴ.
    let (m, n, k) = (u.rows(), v.rows(), u.cols());
    let (mut u, mut v, s) = (u, v, s);
    let mut out = Out::<T>::zeros(op, u.stack(), n, m)?;
    let par = par(2.0 * (m * n * k) as f64);
    let mut scaled = Mat::<T>::zeros(n, k);
    for i in 0..out.count() {
        let si = &s_slice(&s, i, k);
        let smax = si.first().copied().unwrap_or_else(T::RealPart::zero);
        let vi = v.mat(i);
        for d in 0..k {
            let f = if si[d] > rcond * smax {
                T::from_re(T::RealPart::one() / si[d])
            } else {
                T::zero()
            };
            for r in 0..n {
                scaled[(r, d)] = vi[(r, d)].conjugate() * f;
            }
        }
        matmul(
            out.mat(i),
            Accum::Replace,
            scaled.as_ref(),
            u.mat(i).rb().adjoint(),
            T::one(),
            par,
        );
    }
    Ok(out.into_array())
}

/// Matrix `i`'s `k` values of a vector result.
fn s_slice<R: Copy>(s: &Out<R>, i: usize, k: usize) -> &[R] {
    &s.data()[i * k..(i + 1) * k]
}

/// The rank of each matrix of a stack (`np.linalg.matrix_rank`): the number of singular values
/// above `tol`; `None` means NumPy's default, `s_max · max(M, N) · eps`.
///
/// # Panics
/// When the SVD does not converge (see [`try_matrix_rank`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let mut i = Array::<f64, 2>::eye(4);
/// assert_eq!(linalg::matrix_rank(&i, None)[[]], 4);
/// i[[3, 3]] = 0.0;
/// assert_eq!(linalg::matrix_rank(&i, None)[[]], 3);
/// ```
#[track_caller]
pub fn matrix_rank<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    tol: Option<T::RealPart>,
) -> Array<usize, M>
where
    Rank<N>: Down2<M>,
{
    or_panic(try_matrix_rank(a, tol))
}

/// [`matrix_rank`], with an error instead of a panic: "SVD did not converge".
///
/// ```
/// use einarray::prelude::*;
/// let r = einarray::linalg::try_matrix_rank(&Array::<f64, 3>::ones([2, 3, 3]), None).unwrap();
/// assert_eq!(r.to_vec(), vec![1, 1]);
/// ```
pub fn try_matrix_rank<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    tol: Option<T::RealPart>,
) -> Result<Array<usize, M>, LinAlgError>
where
    Rank<N>: Down2<M>,
{
    let v = a.as_view();
    let shape = v.shape();
    let (m, n) = (shape[N - 2], shape[N - 1]);
    let (s, _) = svd_parts("matrix_rank", a, None)?;
    let k = m.min(n);
    let mut out = Out::<usize>::zeros("matrix_rank", s.stack(), 1, 1)?;
    let eps = T::RealPart::epsilon()
        * num_traits::cast::<usize, T::RealPart>(m.max(n)).expect("a size as a float");
    for i in 0..out.count() {
        let si = s_slice(&s, i, k);
        let smax = si.first().copied().unwrap_or_else(T::RealPart::zero);
        let tol = tol.unwrap_or(smax * eps);
        out.data_mut()[i] = si.iter().filter(|&&x| x > tol).count();
    }
    Ok(out.into_scalars())
}

/// A norm's order (NumPy's `ord`): `P(p)` for a number, and the named ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NormOrd {
    /// `ord=p`: for vectors `(Σ|x|ᵖ)^(1/p)` (`P(0.0)` counts the non-zeros); for matrices
    /// `1`, `-1` (max, min column sum), `2`, `-2` (largest, smallest singular value).
    P(f64),
    /// `ord=inf`: the largest `|x|` of a vector; the largest row sum of a matrix.
    Inf,
    /// `ord=-inf`: the smallest `|x|`; the smallest row sum.
    NegInf,
    /// `ord='fro'`: the Frobenius norm of a matrix (NumPy's default for matrices).
    Fro,
    /// `ord='nuc'`: the nuclear norm of a matrix, the sum of its singular values.
    Nuc,
}

/// The vector norm of all elements (`np.linalg.vector_norm(x, ord=ord)` with `axis=None`).
/// [`NormOrd::P`]`(2.0)` is the Euclidean norm (NumPy's default, also [`super::norm`]).
///
/// # Panics
/// For [`NormOrd::Fro`] or [`NormOrd::Nuc`], which are matrix norms (see
/// [`try_vector_norm`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{vector_norm, NormOrd};
/// let x = array![3.0, -4.0];
/// assert_eq!(vector_norm(&x, NormOrd::P(2.0)), 5.0);
/// assert_eq!(vector_norm(&x, NormOrd::P(1.0)), 7.0);
/// assert_eq!(vector_norm(&x, NormOrd::Inf), 4.0);
/// assert_eq!(vector_norm(&x, NormOrd::P(0.0)), 2.0);
/// ```
#[track_caller]
pub fn vector_norm<T: LinalgScalar, const N: usize>(
    x: &impl AsView<T, N>,
    ord: NormOrd,
) -> T::RealPart {
    or_panic(try_vector_norm(x, ord))
}

/// [`vector_norm`], with an error for the matrix-only orders.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_vector_norm, NormOrd};
/// let e = try_vector_norm(&array![1.0], NormOrd::Fro).unwrap_err();
/// assert_eq!(e.to_string(), "vector_norm: Invalid norm order 'fro' for vectors");
/// ```
pub fn try_vector_norm<T: LinalgScalar, const N: usize>(
    x: &impl AsView<T, N>,
    ord: NormOrd,
) -> Result<T::RealPart, LinAlgError> {
    // One pass over the elements' moduli, whatever the layout; no buffer of them.
    vector_norm_of(x.as_view().iter().map(|v| v.modulus()), ord)
}

fn vector_norm_of<R: Float>(abs: impl Iterator<Item = R>, ord: NormOrd) -> Result<R, LinAlgError> {
    let zero = R::zero();
    Ok(match ord {
        NormOrd::Inf => abs.fold(zero, R::max),
        NormOrd::NegInf => abs.fold(R::infinity(), R::min),
        NormOrd::P(0.0) => {
            num_traits::cast::<usize, R>(abs.filter(|&a| a != zero).count()).expect("a count")
        }
        NormOrd::P(1.0) => abs.fold(zero, |s, a| s + a),
        NormOrd::P(2.0) => abs.fold(zero, |s, a| s + a * a).sqrt(),
        NormOrd::P(p) => {
            let p = num_traits::cast::<f64, R>(p).expect("p as a float");
            abs.fold(zero, |s, a| s + a.powf(p)).powf(R::one() / p)
        }
        NormOrd::Fro | NormOrd::Nuc => {
            let name = if ord == NormOrd::Fro { "fro" } else { "nuc" };
            return Err(linalg_err!(
                Argument,
                "vector_norm",
                "Invalid norm order '{name}' for vectors"
            ));
        }
    })
}

/// The matrix norm of each matrix of a stack (`np.linalg.matrix_norm`, or `np.linalg.norm`
/// of a matrix with `ord`): [`NormOrd::Fro`] (NumPy's default), [`NormOrd::Nuc`],
/// [`NormOrd::Inf`]/[`NormOrd::NegInf`] (row sums), `P(1.0)`/`P(-1.0)` (column sums) and
/// `P(2.0)`/`P(-2.0)` (singular values).
///
/// # Panics
/// For another `P(p)` (see [`try_matrix_norm`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{matrix_norm, NormOrd};
/// let a = array![[1.0_f64, -2.0], [3.0, 4.0]];
/// assert_eq!(matrix_norm(&a, NormOrd::P(1.0))[[]], 6.0); // largest column sum
/// assert_eq!(matrix_norm(&a, NormOrd::Inf)[[]], 7.0); // largest row sum
/// assert!((matrix_norm(&a, NormOrd::Fro)[[]] - 30f64.sqrt()).abs() < 1e-12);
/// ```
#[track_caller]
pub fn matrix_norm<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    ord: NormOrd,
) -> Array<T::RealPart, M>
where
    Rank<N>: Down2<M>,
{
    or_panic(try_matrix_norm(a, ord))
}

/// [`matrix_norm`], with an error for an order NumPy does not define for matrices.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_matrix_norm, NormOrd};
/// let e = try_matrix_norm(&Array::<f64, 2>::eye(2), NormOrd::P(3.0)).unwrap_err();
/// assert_eq!(e.to_string(), "matrix_norm: Invalid norm order 3 for matrices");
/// ```
pub fn try_matrix_norm<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    ord: NormOrd,
) -> Result<Array<T::RealPart, M>, LinAlgError>
where
    Rank<N>: Down2<M>,
{
    let op = "matrix_norm";
    let sv = match ord {
        NormOrd::Nuc | NormOrd::P(2.0) | NormOrd::P(-2.0) => Some(svd_parts(op, a, None)?.0),
        NormOrd::Fro | NormOrd::Inf | NormOrd::NegInf | NormOrd::P(1.0) | NormOrd::P(-1.0) => None,
        NormOrd::P(p) => {
            return Err(linalg_err!(
                Argument,
                op,
                "Invalid norm order {p} for matrices"
            ))
        }
    };
    let m = Matrices::new(a.as_view());
    let (rows, cols) = (m.rows(), m.cols());
    let mut out = Out::<T::RealPart>::zeros(op, m.stack(), 1, 1)?;
    let zero = T::RealPart::zero();
    for (i, mi) in m.offsets(m.stack()).iter().enumerate() {
        let x = mi;
        let line_sums = |by_rows: bool| -> Vec<T::RealPart> {
            let (outer, inner) = if by_rows { (rows, cols) } else { (cols, rows) };
            (0..outer)
                .map(|p| {
                    (0..inner).fold(zero, |s, q| {
                        s + if by_rows { x[(p, q)] } else { x[(q, p)] }.modulus()
                    })
                })
                .collect()
        };
        let k = rows.min(cols);
        let sing = || s_slice(sv.as_ref().expect("singular values"), i, k);
        out.data_mut()[i] = match ord {
            NormOrd::Fro => {
                let mut s = zero;
                for j in 0..cols {
                    for r in 0..rows {
                        s += x[(r, j)].modulus().powi(2);
                    }
                }
                s.sqrt()
            }
            NormOrd::Nuc => sing().iter().fold(zero, |s, &v| s + v),
            NormOrd::Inf => line_sums(true).into_iter().fold(zero, T::RealPart::max),
            NormOrd::NegInf => line_sums(true)
                .into_iter()
                .fold(T::RealPart::infinity(), T::RealPart::min),
            NormOrd::P(1.0) => line_sums(false).into_iter().fold(zero, T::RealPart::max),
            NormOrd::P(-1.0) => line_sums(false)
                .into_iter()
                .fold(T::RealPart::infinity(), T::RealPart::min),
            NormOrd::P(2.0) => sing().first().copied().unwrap_or(zero),
            NormOrd::P(_) => sing().last().copied().unwrap_or(zero),
        };
    }
    Ok(out.into_scalars())
}

/// The condition number of each matrix of a stack (`np.linalg.cond`): `None` (NumPy's default)
/// and `P(2.0)` give `s_max / s_min`, `P(-2.0)` its inverse; the other matrix norms give
/// `‖a‖ · ‖a⁻¹‖`, infinite for a singular matrix.
///
/// # Panics
/// For an order [`matrix_norm`] does not define, non-square matrices with an order other than
/// ±2, or an SVD that does not converge (see [`try_cond`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{cond, NormOrd};
/// let a = array![[1.0_f64, 0.0], [0.0, 1e-3]];
/// assert!((cond(&a, None)[[]] - 1e3).abs() < 1e-9);
/// assert_eq!(cond(&array![[1.0, 1.0], [1.0, 1.0]], Some(NormOrd::Fro))[[]], f64::INFINITY);
/// ```
#[track_caller]
pub fn cond<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    p: Option<NormOrd>,
) -> Array<T::RealPart, M>
where
    Rank<N>: Down2<M>,
{
    or_panic(try_cond(a, p))
}

/// [`cond`], with an error instead of a panic.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_cond, NormOrd};
/// let e = try_cond(&Array::<f64, 2>::ones([2, 3]), Some(NormOrd::Fro)).unwrap_err();
/// assert_eq!(e.kind(), einarray::linalg::LinAlgErrorKind::NotSquare);
/// ```
pub fn try_cond<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    p: Option<NormOrd>,
) -> Result<Array<T::RealPart, M>, LinAlgError>
where
    Rank<N>: Down2<M>,
{
    let op = "cond";
    let p = p.unwrap_or(NormOrd::P(2.0));
    if p == NormOrd::P(2.0) || p == NormOrd::P(-2.0) {
        let v = a.as_view();
        let shape = v.shape();
        let k = shape[N - 2].min(shape[N - 1]);
        let (s, _) = svd_parts(op, a, None)?;
        let mut out = Out::<T::RealPart>::zeros(op, s.stack(), 1, 1)?;
        for i in 0..out.count() {
            let si = s_slice(&s, i, k);
            let (hi, lo) = (si.first().copied(), si.last().copied());
            let (hi, lo) = (
                hi.unwrap_or_else(T::RealPart::nan),
                lo.unwrap_or_else(T::RealPart::nan),
            );
            out.data_mut()[i] = if p == NormOrd::P(2.0) {
                hi / lo
            } else {
                lo / hi
            };
        }
        return Ok(out.into_scalars());
    }
    let m = Matrices::new(a.as_view());
    m.square(op)?;
    let norm_a: Array<T::RealPart, M> = try_matrix_norm(a, p)?;
    // ‖a⁻¹‖ per matrix; a singular matrix has an infinite condition number.
    let mut out = norm_a;
    let mut inverses = Vec::with_capacity(out.len());
    for (i, mi) in m.offsets(m.stack()).iter().enumerate() {
        let single = mi;
        let copy = Array::<T, 2>::from_fn([m.rows(), m.cols()], |[r, c]| single[(r, c)]);
        let _ = i;
        inverses.push(match super::solve::try_inv(&copy) {
            Ok(inv) => try_matrix_norm::<T, 2, 0>(&inv, p)?[[]],
            Err(e) if e.kind() == super::LinAlgErrorKind::Singular => T::RealPart::infinity(),
            Err(e) => return Err(e),
        });
    }
    for (x, ni) in out.iter_mut().zip(inverses) {
        *x *= ni;
    }
    Ok(out)
}

/// Each matrix of a stack raised to the integer power `n` (`np.linalg.matrix_power`), by
/// repeated squaring: `n = 0` gives the identity, a negative `n` the power of the inverse.
///
/// # Panics
/// For non-square matrices, or a negative power of a singular matrix (see
/// [`try_matrix_power`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let fib = array![[1.0, 1.0], [1.0, 0.0]];
/// assert_eq!(linalg::matrix_power(&fib, 10)[[0, 1]], 55.0);
/// assert_eq!(linalg::matrix_power(&fib, 0), Array::eye(2));
/// assert!(linalg::matrix_power(&fib, -1).allclose(&linalg::inv(&fib), 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn matrix_power<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>, n: i64) -> Array<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_matrix_power(a, n))
}

/// [`matrix_power`], with an error instead of a panic.
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_matrix_power(&Array::<f64, 2>::zeros([2, 2]), -2).unwrap_err();
/// assert_eq!(e.to_string(), "inv: Singular matrix (a 2×2 matrix)");
/// ```
pub fn try_matrix_power<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
    n: i64,
) -> Result<Array<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    let op = "matrix_power";
    let base = if n < 0 {
        Some(super::solve::try_inv(a)?)
    } else {
        None
    };
    let m = match &base {
        Some(b) => Matrices::new(b.view()),
        None => Matrices::new_square(a.as_view()),
    };
    let d = m.square(op)?;
    let mut out = Out::<T>::zeros(op, m.stack(), d, d)?;
    let par = par(2.0 * (d * d * d) as f64);
    let (mut sq, mut tmp) = (Mat::<T>::zeros(d, d), Mat::<T>::zeros(d, d));
    for (i, mi) in m.offsets(m.stack()).iter().enumerate() {
        let mut acc = out.mat(i);
        for k in 0..d {
            acc[(k, k)] = T::one();
        }
        sq.copy_from(mi);
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                matmul(
                    tmp.as_mut(),
                    Accum::Replace,
                    acc.rb(),
                    sq.as_ref(),
                    T::one(),
                    par,
                );
                acc.copy_from(tmp.as_ref());
            }
            e >>= 1;
            if e > 0 {
                matmul(
                    tmp.as_mut(),
                    Accum::Replace,
                    sq.as_ref(),
                    sq.as_ref(),
                    T::one(),
                    par,
                );
                sq.copy_from(tmp.as_ref());
            }
        }
    }
    Ok(out.into_array())
}

/// The product of a chain of matrices in the cheapest order (`np.linalg.multi_dot`): the
/// classic dynamic program over the sizes picks where the parentheses go, then each product
/// runs on GEMM. Unlike NumPy, every operand is a matrix: write a vector as a `1 × n` or
/// `n × 1` view (`x.view().insert_axis(Axis(0))`).
///
/// # Panics
/// For fewer than two matrices or sizes that do not chain (see [`try_multi_dot`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{matmul, multi_dot};
/// let a = Array::<f64, 2>::ones([10, 100]);
/// let b = Array::<f64, 2>::ones([100, 5]);
/// let c = Array::<f64, 2>::ones([5, 50]);
/// let abc = multi_dot(&[a.view(), b.view(), c.view()]); // (a·b)·c: 7 500 products, not 75 000
/// assert_eq!(abc, matmul(&matmul(&a, &b), &c));
/// ```
#[track_caller]
pub fn multi_dot<T: LinalgScalar>(arrays: &[View<'_, T, 2>]) -> Array<T, 2> {
    or_panic(try_multi_dot(arrays))
}

/// [`multi_dot`], with an error instead of a panic.
///
/// ```
/// use einarray::prelude::*;
/// let (a, b) = (Array::<f64, 2>::ones([2, 3]), Array::<f64, 2>::ones([4, 2]));
/// let e = einarray::linalg::try_multi_dot(&[a.view(), b.view()]).unwrap_err();
/// assert_eq!(e.to_string(), "multi_dot: matrix 0 is 2×3 but matrix 1 is 4×2: 3 ≠ 4");
/// ```
pub fn try_multi_dot<T: LinalgScalar>(
    arrays: &[View<'_, T, 2>],
) -> Result<Array<T, 2>, LinAlgError> {
    let op = "multi_dot";
    if arrays.len() < 2 {
        return Err(linalg_err!(
            Argument,
            op,
            "Expecting at least two arrays (got {})",
            arrays.len()
        ));
    }
    for w in 0..arrays.len() - 1 {
        let (a, b) = (arrays[w].shape(), arrays[w + 1].shape());
        if a[1] != b[0] {
            return Err(linalg_err!(
                Shape,
                op,
                "matrix {w} is {}×{} but matrix {} is {}×{}: {} ≠ {}",
                a[0],
                a[1],
                w + 1,
                b[0],
                b[1],
                a[1],
                b[0]
            ));
        }
    }
    // dims[i] × dims[i + 1] is matrix i; cost[i][j] the cheapest product of i..=j.
    let k = arrays.len();
    let dims: Vec<f64> = std::iter::once(arrays[0].shape()[0])
        .chain(arrays.iter().map(|a| a.shape()[1]))
        .map(|d| d as f64)
        .collect();
    let mut cost = vec![vec![0.0f64; k]; k];
    let mut split = vec![vec![0usize; k]; k];
    for len in 1..k {
        for i in 0..k - len {
            let j = i + len;
            cost[i][j] = f64::INFINITY;
            for s in i..j {
                let c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
                if c < cost[i][j] {
                    cost[i][j] = c;
                    split[i][j] = s;
                }
            }
        }
    }
    /// The product of matrices `i..=j` into `out`; an operand itself (`i == j`) is read in
    /// place, with its strides.
    fn chain<T: LinalgScalar>(
        arrays: &[View<'_, T, 2>],
        split: &[Vec<usize>],
        i: usize,
        j: usize,
        out: MatMut<'_, T>,
    ) {
        let s = split[i][j];
        let part = |i: usize, j: usize| -> Option<Mat<T>> {
            (i != j).then(|| {
                let rows = arrays[i].shape()[0];
                let cols = arrays[j].shape()[1];
                let mut m = Mat::<T>::zeros(rows, cols);
                chain(arrays, split, i, j, m.as_mut());
                m
            })
        };
        let (l, r) = (part(i, s), part(s + 1, j));
        let (lv, rv) = (Matrices::new(arrays[i]), Matrices::new(arrays[j]));
        let lm = l
            .as_ref()
            .map_or_else(|| lv.offsets(&[]).mat(0), |m| m.as_ref());
        let rm = r
            .as_ref()
            .map_or_else(|| rv.offsets(&[]).mat(0), |m| m.as_ref());
        let flops = 2.0 * (lm.nrows() * lm.ncols() * rm.ncols()) as f64;
        matmul(out, Accum::Replace, lm, rm, T::one(), par(flops));
    }
    let mut out = Out::<T>::zeros(op, &[], arrays[0].shape()[0], arrays[k - 1].shape()[1])?;
    chain(arrays, &split, 0, k - 1, out.mat(0));
    Ok(out.into_array())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_of_one_matrix_is_refused() {
        let a = crate::Array::<f64, 2>::eye(2);
        let e = try_multi_dot(&[a.view()]).unwrap_err();
        assert_eq!(e.kind(), super::super::LinAlgErrorKind::Argument);
        assert_eq!(
            e.to_string(),
            "multi_dot: Expecting at least two arrays (got 1)"
        );
    }

    #[test]
    fn vector_norms_of_moduli() {
        let abs = [3.0f64, 0.0, 4.0];
        assert_eq!(
            vector_norm_of(abs.into_iter(), NormOrd::P(2.0)).unwrap(),
            5.0
        );
        assert_eq!(
            vector_norm_of(abs.into_iter(), NormOrd::NegInf).unwrap(),
            0.0
        );
        assert_eq!(
            vector_norm_of(abs.into_iter(), NormOrd::P(0.0)).unwrap(),
            2.0
        );
        assert!(
            (vector_norm_of(abs.into_iter(), NormOrd::P(3.0)).unwrap() - 91f64.powf(1.0 / 3.0))
                .abs()
                < 1e-12
        );
        assert!((vector_norm_of(abs.into_iter(), NormOrd::P(-1.0)).unwrap() - 0.0).abs() < 1e-12);
    }
}

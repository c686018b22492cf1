//! Decompositions: [`qr`], [`svd`], [`svdvals`], [`eigh`], [`eigvalsh`], [`eig`] and
//! [`eigvals`], on faer's Householder QR, SVD and eigenvalue algorithms.

use super::error::{linalg_err, or_panic, which, LinAlgError};
use super::scalar::LinalgScalar;
use super::small;
use super::solve::Uplo;
use super::stack::{par, scratch, Matrices, Offsets, Out, StackRank};
use crate::rank::{Down, Rank};
use crate::view::AsView;
use crate::Array;
use faer::dyn_stack::{MemStack, StackReq};
use faer::linalg::{evd, householder, qr as fqr, svd as fsvd};
use faer::prelude::*;
use num_traits::{One, Zero};

/// Which factors [`qr`] returns (NumPy's `mode`; `mode='r'` is [`qr_r`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum QrMode {
    /// `Q` is `M × K` and `R` is `K × N`, `K = min(M, N)` (NumPy's default).
    #[default]
    Reduced,
    /// `Q` is `M × M` and `R` is `M × N`.
    Complete,
}

/// The result of [`qr`]: `a = q · r`, `q` with orthonormal columns, `r` upper triangular.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr<T, const N: usize> {
    /// The orthonormal factor.
    pub q: Array<T, N>,
    /// The upper-triangular (trapezoidal) factor.
    pub r: Array<T, N>,
}

/// The QR decomposition of each matrix of a stack (`np.linalg.qr`), by Householder
/// reflections. As with LAPACK, the signs of `r`'s diagonal are not fixed: compare `q · r`
/// with `a`, not the factors with another library's.
///
/// # Panics
/// Never for finite input; see [`try_qr`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{self, QrMode};
/// let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let linalg::Qr { q, r } = linalg::qr(&a, QrMode::Reduced);
/// assert_eq!((q.shape(), r.shape()), ([3, 2], [2, 2]));
/// assert_eq!(r[[1, 0]], 0.0);
/// assert!(linalg::matmul(&q, &r).allclose(&a, 1e-12, 1e-12));
/// assert!(linalg::matmul(&q.t(), &q).allclose(&Array::eye(2), 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn qr<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>, mode: QrMode) -> Qr<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_qr(a, mode))
}

/// [`qr`], returning an error where [`qr`] panics (a result too large to allocate).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_qr, QrMode};
/// let q = try_qr(&Array::<f64, 3>::zeros([4, 3, 5]), QrMode::Complete).unwrap();
/// assert_eq!((q.q.shape(), q.r.shape()), ([4, 3, 3], [4, 3, 5]));
/// ```
pub fn try_qr<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
    mode: QrMode,
) -> Result<Qr<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    let (r, q) = qr_parts(a, Some(mode))?;
    Ok(Qr {
        q: q.expect("qr computes q").into_array(),
        r: r.into_array(),
    })
}

/// The `R` factor alone (`np.linalg.qr(a, mode='r')`): `K × N`, `K = min(M, N)`, for each
/// matrix of a stack; no `Q` is formed.
///
/// ```
/// use einarray::prelude::*;
/// let r = einarray::linalg::qr_r(&array![[3.0_f64, 0.0], [4.0, 1.0]]);
/// assert!((r[[0, 0]].abs() - 5.0).abs() < 1e-12);
/// ```
#[track_caller]
pub fn qr_r<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>) -> Array<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_qr_r(a))
}

/// [`qr_r`], returning an error where it panics (a result too large to allocate).
///
/// ```
/// use einarray::prelude::*;
/// assert_eq!(einarray::linalg::try_qr_r(&Array::<f64, 2>::ones([5, 2])).unwrap().shape(), [2, 2]);
/// ```
pub fn try_qr_r<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    Ok(qr_parts(a, None)?.0.into_array())
}

/// `R` (and `Q`, for a mode) of each matrix.
fn qr_parts<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
    mode: Option<QrMode>,
) -> Result<(Out<T>, Option<Out<T>>), LinAlgError> {
    let op = "qr";
    let a = Matrices::new(a.as_view());
    let (m, n) = (a.rows(), a.cols());
    let k = m.min(n);
    let (r_rows, q_cols) = match mode {
        Some(QrMode::Complete) => (m, m),
        _ => (k, k),
    };
    let mut r = Out::<T>::zeros(op, a.stack(), r_rows, n)?;
    let mut q = match mode {
        Some(_) => Some(Out::<T>::zeros(op, a.stack(), m, q_cols)?),
        None => None,
    };
    let mut work = Out::<T>::zeros(op, &[], m, n)?;
    let bs = fqr::no_pivoting::factor::recommended_block_size::<T>(m, n).max(1);
    let mut coeff = Out::<T>::zeros(op, &[], bs, k)?;
    let par = par(2.0 * (m * n * k) as f64);
    let mut mem = scratch(StackReq::any_of(&[
        fqr::no_pivoting::factor::qr_in_place_scratch::<T>(m, n, bs, par, Default::default()),
        householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<T>(
            m, bs, q_cols,
        ),
    ]));
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let mut w = work.mat(0);
        w.copy_from(ai);
        if k == 0 {
            continue; // `r` is empty or all zero; `q` is set below
        }
        fqr::no_pivoting::factor::qr_in_place(
            w.rb_mut(),
            coeff.mat(0),
            par,
            MemStack::new(&mut mem),
            Default::default(),
        );
        let mut ri = r.mat(i);
        for j in 0..n {
            for row in 0..=j.min(k - 1) {
                ri[(row, j)] = w[(row, j)];
            }
        }
        if let Some(q) = q.as_mut() {
            // The Householder vectors: below the diagonal of the first `k` columns, with a
            // unit diagonal (faer's convention for the basis).
            for j in 0..k {
                for row in 0..j {
                    w[(row, j)] = T::zero();
                }
                w[(j, j)] = T::one();
            }
            let mut qi = q.mat(i);
            for d in 0..q_cols.min(m) {
                qi[(d, d)] = T::one();
            }
            householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
                w.rb().subcols(0, k),
                coeff.mat(0).rb(),
                faer::Conj::No,
                qi,
                par,
                MemStack::new(&mut mem),
            );
        }
    }
    if k == 0 {
        // No reflections: `q` is the identity (its columns, for the reduced mode).
        if let Some(q) = q.as_mut() {
            for i in 0..q.count() {
                let mut qi = q.mat(i);
                for d in 0..q_cols.min(m) {
                    qi[(d, d)] = T::one();
                }
            }
        }
    }
    Ok((r, q))
}

/// The result of [`svd`]: `a = u · diag(s) · vh`, singular values in descending order.
#[derive(Clone, Debug, PartialEq)]
pub struct Svd<T: LinalgScalar, const N: usize, const M: usize> {
    /// Left singular vectors (columns): `M × M` (full) or `M × K`.
    pub u: Array<T, N>,
    /// Singular values, descending: `K = min(M, N)` per matrix.
    pub s: Array<T::RealPart, M>,
    /// Right singular vectors, conjugate-transposed (rows): `N × N` (full) or `K × N`.
    pub vh: Array<T, N>,
}

/// The singular value decomposition of each matrix of a stack (`np.linalg.svd`, with
/// `compute_uv=True`; [`svdvals`] for the values alone). `full_matrices` as in NumPy: square
/// `u` and `vh`, or only their first `K = min(M, N)` vectors. The input is read in place, with
/// its own strides.
///
/// # Panics
/// When the iteration does not converge (see [`try_svd`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[3.0, 0.0], [4.0, 5.0]];
/// let linalg::Svd { u, s, vh } = linalg::svd(&a, false);
/// assert!(s.allclose(&array![45f64.sqrt(), 5f64.sqrt()], 1e-12, 1e-12));
/// let us = &u * &s; // scales the columns of u
/// assert!(linalg::matmul(&us, &vh).allclose(&a, 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn svd<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    full_matrices: bool,
) -> Svd<T, N, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_svd(a, full_matrices))
}

/// [`svd`], with an error instead of a panic: "SVD did not converge".
///
/// ```
/// use einarray::prelude::*;
/// let s = einarray::linalg::try_svd(&Array::<f64, 3>::ones([2, 4, 3]), true).unwrap();
/// assert_eq!((s.u.shape(), s.s.shape(), s.vh.shape()), ([2, 4, 4], [2, 3], [2, 3, 3]));
/// ```
pub fn try_svd<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    full_matrices: bool,
) -> Result<Svd<T, N, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    let (s, uv) = svd_parts("svd", a, Some(full_matrices))?;
    let (u, v) = uv.expect("svd computes vectors");
    Ok(Svd {
        u: u.into_array(),
        s: s.into_vectors(),
        vh: v.into_array_transposed(),
    })
}

/// The singular values of each matrix of a stack, descending (`np.linalg.svdvals`, or
/// `svd(a, compute_uv=False)`).
///
/// # Panics
/// When the iteration does not converge (see [`try_svdvals`]).
///
/// ```
/// use einarray::prelude::*;
/// let s = einarray::linalg::svdvals(&array![[0.0, 2.0], [1.0, 0.0]]);
/// assert_eq!(s.to_vec(), vec![2.0, 1.0]);
/// ```
#[track_caller]
pub fn svdvals<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Array<T::RealPart, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_svdvals(a))
}

/// [`svdvals`], with an error instead of a panic: "SVD did not converge".
///
/// ```
/// use einarray::prelude::*;
/// let s = einarray::linalg::try_svdvals(&Array::<f64, 2>::zeros([0, 3])).unwrap();
/// assert_eq!(s.shape(), [0]);
/// ```
pub fn try_svdvals<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T::RealPart, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    Ok(svd_parts("svdvals", a, None)?.0.into_vectors())
}

/// The singular values (and, with `full`, `u` and `v` — not `vh` — column-major) of each
/// matrix.
#[allow(clippy::type_complexity)]
pub(super) fn svd_parts<T: LinalgScalar, const N: usize>(
    op: &str,
    a: &impl AsView<T, N>,
    full: Option<bool>,
) -> Result<(Out<T::RealPart>, Option<(Out<T>, Out<T>)>), LinAlgError> {
    let a = Matrices::new(a.as_view());
    let (m, n) = (a.rows(), a.cols());
    let k = m.min(n);
    let mut s = Out::<T::RealPart>::zeros(op, a.stack(), k, 1)?;
    let (ucols, vcols) = match full {
        Some(true) => (m, n),
        _ => (k, k),
    };
    let mut uv = match full {
        Some(_) => Some((
            Out::<T>::zeros(op, a.stack(), m, ucols)?,
            Out::<T>::zeros(op, a.stack(), n, vcols)?,
        )),
        None => None,
    };
    let which_vectors = match full {
        Some(true) => fsvd::ComputeSvdVectors::Full,
        Some(false) => fsvd::ComputeSvdVectors::Thin,
        None => fsvd::ComputeSvdVectors::No,
    };
    if k == 0 {
        // No singular values; the full bases of the empty matrix are identities.
        if let Some((u, v)) = uv.as_mut() {
            for out in [u, v] {
                for i in 0..out.count() {
                    let mut x = out.mat(i);
                    for d in 0..x.nrows().min(x.ncols()) {
                        x[(d, d)] = T::one();
                    }
                }
            }
        }
        return Ok((s, uv));
    }
    let par = par(4.0 * (m * n * k) as f64);
    let mut mem = scratch(fsvd::svd_scratch::<T>(
        m,
        n,
        which_vectors,
        which_vectors,
        par,
        Default::default(),
    ));
    let mut sv = faer::Col::<T>::zeros(k);
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let (u, v) = match uv.as_mut() {
            Some((u, v)) => (Some(u.mat(i)), Some(v.mat(i))),
            None => (None, None),
        };
        fsvd::svd(
            ai,
            sv.as_mut().as_diagonal_mut(),
            u,
            v,
            par,
            MemStack::new(&mut mem),
            Default::default(),
        )
        .map_err(|_| {
            linalg_err!(
                NoConvergence,
                op,
                "SVD did not converge ({})",
                which(a.stack(), i, m, n)
            )
        })?;
        let si = &mut s.data_mut()[i * k..(i + 1) * k];
        for (d, x) in si.iter_mut().enumerate() {
            *x = sv[d].re();
        }
    }
    if let Some((_, v)) = uv.as_mut() {
        // `vh` is `v`'s conjugate transpose: the transpose is a change of strides, the
        // conjugate one pass.
        if T::IS_COMPLEX {
            for x in v.data_mut() {
                *x = x.conjugate();
            }
        }
    }
    Ok((s, uv))
}

/// The result of [`eigh`]: `a · v[:, j] = w[j] · v[:, j]`, eigenvalues ascending.
#[derive(Clone, Debug, PartialEq)]
pub struct Eigh<T: LinalgScalar, const N: usize, const M: usize> {
    /// The eigenvalues, ascending (real).
    pub w: Array<T::RealPart, M>,
    /// The orthonormal eigenvectors, as columns.
    pub v: Array<T, N>,
}

/// The eigenvalues and eigenvectors of each Hermitian (real symmetric) matrix of a stack
/// (`np.linalg.eigh`). Only the triangle `uplo` names is read (NumPy's `UPLO`, default
/// [`Uplo::Lower`]).
///
/// # Panics
/// When the matrices are not square or the iteration does not converge (see [`try_eigh`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{self, Uplo};
/// let a = array![[2.0, 1.0], [1.0, 2.0]];
/// let linalg::Eigh { w, v } = linalg::eigh(&a, Uplo::Lower);
/// assert!(w.allclose(&array![1.0, 3.0], 1e-12, 1e-12));
/// let av = linalg::matmul(&a, &v);
/// assert!(av.allclose(&(&v * &w), 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn eigh<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    uplo: Uplo,
) -> Eigh<T, N, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_eigh(a, uplo))
}

/// [`eigh`], with an error instead of a panic: non-square matrices or "Eigenvalues did not
/// converge".
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_eigh, Uplo};
/// let e = try_eigh(&Array::<f64, 2>::zeros([2, 3]), Uplo::Lower).unwrap_err();
/// assert_eq!(e.to_string(), "eigh: Last 2 dimensions of the array must be square (they are 2×3)");
/// ```
pub fn try_eigh<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    uplo: Uplo,
) -> Result<Eigh<T, N, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    let (w, v) = eigh_parts("eigh", a, uplo, true)?;
    Ok(Eigh {
        w: w.into_vectors(),
        v: v.expect("eigh computes vectors").into_array(),
    })
}

/// The eigenvalues of each Hermitian (real symmetric) matrix of a stack, ascending
/// (`np.linalg.eigvalsh`).
///
/// # Panics
/// As [`eigh`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{eigvalsh, Uplo};
/// // Only the upper triangle is read: the 9 below the diagonal is ignored.
/// let w = eigvalsh(&array![[2.0, 1.0], [9.0, 2.0]], Uplo::Upper);
/// assert!(w.allclose(&array![1.0, 3.0], 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn eigvalsh<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    uplo: Uplo,
) -> Array<T::RealPart, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_eigvalsh(a, uplo))
}

/// [`eigvalsh`], with an error instead of a panic.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_eigvalsh, Uplo};
/// assert_eq!(try_eigvalsh(&Array::<f64, 3>::zeros([5, 0, 0]), Uplo::Lower).unwrap().shape(), [5, 0]);
/// ```
pub fn try_eigvalsh<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    uplo: Uplo,
) -> Result<Array<T::RealPart, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    Ok(eigh_parts("eigvalsh", a, uplo, false)?.0.into_vectors())
}

#[allow(clippy::type_complexity)]
fn eigh_parts<T: LinalgScalar, const N: usize>(
    op: &str,
    a: &impl AsView<T, N>,
    uplo: Uplo,
    vectors: bool,
) -> Result<(Out<T::RealPart>, Option<Out<T>>), LinAlgError> {
    let a = Matrices::new_square(a.as_view());
    let n = a.square(op)?;
    let mut w = Out::<T::RealPart>::zeros(op, a.stack(), n, 1)?;
    let mut v = if vectors {
        Some(Out::<T>::zeros(op, a.stack(), n, n)?)
    } else {
        None
    };
    let compute = if vectors {
        evd::ComputeEigenvectors::Yes
    } else {
        evd::ComputeEigenvectors::No
    };
    if n == 0 {
        return Ok((w, v)); // nothing to compute (faer's work-size formula needs n ≥ 1)
    }
    if !T::IS_COMPLEX && n <= small::MAX {
        let offsets = a.offsets(a.stack());
        match n {
            1 => small_eigh::<T, 1>(&offsets, uplo, &mut w, v.as_mut()),
            2 => small_eigh::<T, 2>(&offsets, uplo, &mut w, v.as_mut()),
            3 => small_eigh::<T, 3>(&offsets, uplo, &mut w, v.as_mut()),
            _ => small_eigh::<T, 4>(&offsets, uplo, &mut w, v.as_mut()),
        }
        return Ok((w, v));
    }
    let par = par(4.0 * (n * n * n) as f64);
    let mut mem = scratch(evd::self_adjoint_evd_scratch::<T>(
        n,
        compute,
        par,
        Default::default(),
    ));
    let mut wv = faer::Col::<T>::zeros(n);
    let mut work = Out::<T>::zeros(
        op,
        &[],
        if uplo == Uplo::Upper && T::IS_COMPLEX {
            n
        } else {
            0
        },
        n,
    )?;
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let vi = v.as_mut().map(|v| v.mat(i));
        let s = wv.as_mut().as_diagonal_mut();
        let params = Default::default();
        // faer reads the lower triangle: for `Upper`, that of `aᴴ` (for a real type `aᵀ`, a
        // change of strides; for a complex one a copy, since faer takes no conjugated view).
        let r = match uplo {
            Uplo::Lower => evd::self_adjoint_evd(ai, s, vi, par, MemStack::new(&mut mem), params),
            Uplo::Upper if !T::IS_COMPLEX => {
                evd::self_adjoint_evd(ai.transpose(), s, vi, par, MemStack::new(&mut mem), params)
            }
            Uplo::Upper => {
                let mut w = work.mat(0);
                w.copy_from(ai.adjoint());
                evd::self_adjoint_evd(w.rb(), s, vi, par, MemStack::new(&mut mem), params)
            }
        };
        r.map_err(|_| {
            linalg_err!(
                NoConvergence,
                op,
                "Eigenvalues did not converge ({})",
                which(a.stack(), i, n, n)
            )
        })?;
        for (d, x) in w.data_mut()[i * n..(i + 1) * n].iter_mut().enumerate() {
            *x = wv[d].re();
        }
    }
    Ok((w, v))
}

/// [`eigh_parts`] for real `N × N` matrices, `N ≤ small::MAX`: Jacobi rotations in local
/// arrays (`small::jacobi_eigh`).
fn small_eigh<T: LinalgScalar, const N: usize>(
    offsets: &Offsets<'_, '_, T>,
    uplo: Uplo,
    w: &mut Out<T::RealPart>,
    mut v: Option<&mut Out<T>>,
) {
    for i in 0..offsets.len() {
        let m = small::load::<T, N>(offsets, i);
        // The symmetric matrix of the triangle `uplo` names (m is column-major: m[c][r]).
        let mut s = [[T::RealPart::zero(); N]; N];
        for c in 0..N {
            for r in 0..N {
                let lower = r >= c;
                let (rr, cc) = if lower == (uplo == Uplo::Lower) {
                    (r, c)
                } else {
                    (c, r)
                };
                s[c][r] = m[cc][rr].re();
            }
        }
        let mut wi = [T::RealPart::zero(); N];
        match v.as_deref_mut() {
            Some(v) => {
                let mut vi = [[T::RealPart::zero(); N]; N];
                small::jacobi_eigh(&mut s, &mut wi, Some(&mut vi));
                for (dst, x) in v.data_mut()[i * N * N..(i + 1) * N * N]
                    .iter_mut()
                    .zip(vi.iter().flatten())
                {
                    *dst = T::from_re(*x);
                }
            }
            None => small::jacobi_eigh(&mut s, &mut wi, None),
        }
        w.data_mut()[i * N..(i + 1) * N].copy_from_slice(&wi);
    }
}

/// The result of [`eig`]: `a · v[:, j] = w[j] · v[:, j]`, each `v[:, j]` of unit length.
#[derive(Clone, Debug, PartialEq)]
pub struct Eig<T: LinalgScalar, const N: usize, const M: usize> {
    /// The eigenvalues (complex; in no particular order, as NumPy's).
    pub w: Array<T::Complex, M>,
    /// The right eigenvectors, as columns of unit length.
    pub v: Array<T::Complex, N>,
}

/// The eigenvalues and right eigenvectors of each square matrix of a stack (`np.linalg.eig`).
/// Results are complex (`num_complex::Complex`) for every input type; a real matrix's complex
/// eigenvalues come in conjugate pairs, as LAPACK's `geev` returns them.
///
/// # Panics
/// When the matrices are not square or the iteration does not converge (see [`try_eig`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// use num_complex::Complex;
/// let rot = array![[0.0, -1.0], [1.0, 0.0]]; // a quarter turn: eigenvalues ±i
/// let e = linalg::eig(&rot);
/// let mut w: Vec<Complex<f64>> = e.w.to_vec();
/// w.sort_by(|a, b| a.im.total_cmp(&b.im));
/// assert!((w[0] - Complex::new(0.0, -1.0)).norm() < 1e-12);
/// assert!((w[1] - Complex::new(0.0, 1.0)).norm() < 1e-12);
/// ```
#[track_caller]
pub fn eig<T: LinalgScalar, const N: usize, const M: usize>(a: &impl AsView<T, N>) -> Eig<T, N, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_eig(a))
}

/// [`eig`], with an error instead of a panic: non-square matrices or "Eigenvalues did not
/// converge".
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_eig(&Array::<f64, 2>::eye(3)).unwrap();
/// assert_eq!(e.v.shape(), [3, 3]);
/// ```
pub fn try_eig<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Result<Eig<T, N, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    let (w, v) = eig_parts("eig", a, true)?;
    Ok(Eig {
        w: w.into_vectors(),
        v: v.expect("eig computes vectors").into_array(),
    })
}

/// The eigenvalues of each square matrix of a stack (`np.linalg.eigvals`), complex.
///
/// # Panics
/// As [`eig`].
///
/// ```
/// use einarray::prelude::*;
/// use num_complex::Complex;
/// let w: Array<Complex<f64>, 1> = einarray::linalg::eigvals(&array![[2.0, 0.0], [0.0, 3.0]]);
/// assert_eq!(w.to_vec(), vec![Complex::new(2.0, 0.0), Complex::new(3.0, 0.0)]);
/// ```
#[track_caller]
pub fn eigvals<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Array<T::Complex, M>
where
    Rank<N>: Down<M>,
{
    or_panic(try_eigvals(a))
}

/// [`eigvals`], with an error instead of a panic.
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_eigvals(&Array::<f32, 2>::zeros([1, 2])).unwrap_err();
/// assert_eq!(e.kind(), einarray::linalg::LinAlgErrorKind::NotSquare);
/// ```
pub fn try_eigvals<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T::Complex, M>, LinAlgError>
where
    Rank<N>: Down<M>,
{
    Ok(eig_parts("eigvals", a, false)?.0.into_vectors())
}

#[allow(clippy::type_complexity)]
fn eig_parts<T: LinalgScalar, const N: usize>(
    op: &str,
    a: &impl AsView<T, N>,
    vectors: bool,
) -> Result<(Out<T::Complex>, Option<Out<T::Complex>>), LinAlgError> {
    let a = Matrices::new_square(a.as_view());
    let n = a.square(op)?;
    let mut w = Out::<T::Complex>::zeros(op, a.stack(), n, 1)?;
    let mut v = if vectors {
        Some(Out::<T::Complex>::zeros(op, a.stack(), n, n)?)
    } else {
        None
    };
    let par = par(10.0 * (n * n * n) as f64);
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let vi = v.as_mut().map(|v| v.mat(i));
        T::eig_into(ai, &mut w.data_mut()[i * n..(i + 1) * n], vi, par).map_err(|_| {
            linalg_err!(
                NoConvergence,
                op,
                "Eigenvalues did not converge ({})",
                which(a.stack(), i, n, n)
            )
        })?;
        if let Some(v) = v.as_mut() {
            // Unit length, as LAPACK's `geev` (and NumPy) returns them.
            let mut vi = v.mat(i);
            for j in 0..n {
                let norm = (0..n).map(|r| {
                    let m = vi[(r, j)].modulus();
                    m * m
                });
                let norm = num_traits::Float::sqrt(norm.fold(T::RealPart::zero(), |a, b| a + b));
                if norm > T::RealPart::zero() {
                    let inv = <T::Complex as LinalgScalar>::from_re(T::RealPart::one() / norm);
                    for r in 0..n {
                        vi[(r, j)] *= inv;
                    }
                }
            }
        }
    }
    Ok((w, v))
}

//! Square systems and their factors: [`solve`], [`inv`], [`det`], [`slogdet`], [`cholesky`] and
//! [`solve_triangular`], on faer's LU with partial pivoting, Cholesky and triangular solves.

use super::error::{linalg_err, or_panic, which, LinAlgError};
use super::scalar::LinalgScalar;
use super::small;
use super::stack::{
    broadcast_stacks, par, scratch, Down2, Matrices, Offsets, Out, SolveRank, StackRank,
};
use crate::rank::Rank;
use crate::view::AsView;
use crate::Array;
use faer::dyn_stack::MemStack;
use faer::linalg::lu::partial_pivoting as lu;
use faer::prelude::*;
use faer::MatMut;
use num_traits::{Float, One, Zero};

/// Which triangle of a matrix to read: `eigh`'s `UPLO`, `solve_triangular`'s `lower`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Uplo {
    /// The lower triangle (NumPy's default, `UPLO='L'`, `lower=True`).
    #[default]
    Lower,
    /// The upper triangle (`UPLO='U'`, `lower=False`).
    Upper,
}

/// LU-factors `m` in place; `Ok(true)` when a pivot is exactly zero (LAPACK's `info > 0`).
/// faer divides by such a pivot anyway, so the factors after it hold NaN: callers that go on
/// (`det`) must not read past it.
fn lu_factor<T: LinalgScalar>(
    m: MatMut<'_, T>,
    perm: &mut [usize],
    perm_inv: &mut [usize],
    par: Par,
    mem: &mut faer::dyn_stack::MemBuffer,
) -> (usize, bool) {
    let mut m = m;
    let (info, _) = lu::factor::lu_in_place(
        m.rb_mut(),
        perm,
        perm_inv,
        par,
        MemStack::new(mem),
        Default::default(),
    );
    let singular = (0..m.nrows()).any(|k| m[(k, k)] == T::zero());
    (info.transposition_count, singular)
}

fn lu_scratch<T: LinalgScalar>(n: usize, k: usize, par: Par) -> faer::dyn_stack::MemBuffer {
    scratch(faer::dyn_stack::StackReq::any_of(&[
        lu::factor::lu_in_place_scratch::<usize, T>(n, n, par, Default::default()),
        lu::solve::solve_in_place_scratch::<usize, T>(n, k, par),
        lu::inverse::inverse_scratch::<usize, T>(n, par),
    ]))
}

fn cube(n: usize) -> f64 {
    (n as f64).powi(3)
}

/// The determinant of each matrix of a stack (`np.linalg.det`), from an LU factorization.
///
/// A `(..., n, n)` input gives one determinant per matrix: a rank-0 array for one matrix
/// (`det(&a)[[]]` is the number), as `einsum!("ii->", …)` gives. A singular matrix has
/// determinant 0, as in NumPy; a NaN makes it NaN; a 0×0 matrix has determinant 1.
///
/// # Panics
/// When the matrices are not square (see [`try_det`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[1.0_f64, 2.0], [3.0, 4.0]];
/// assert!((linalg::det(&a)[[]] - -2.0).abs() < 1e-12);
/// let stack = Array::<f64, 3>::from_fn([3, 2, 2], |[k, i, j]| if i == j { k as f64 + 1.0 } else { 0.0 });
/// assert_eq!(linalg::det(&stack).to_vec(), vec![1.0, 4.0, 9.0]);
/// ```
#[track_caller]
pub fn det<T: LinalgScalar, const N: usize, const M: usize>(a: &impl AsView<T, N>) -> Array<T, M>
where
    Rank<N>: Down2<M>,
{
    or_panic(try_det(a))
}

/// [`det`], with an error instead of a panic for non-square matrices.
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_det(&Array::<f64, 2>::zeros([2, 3])).unwrap_err();
/// assert_eq!(e.to_string(), "det: Last 2 dimensions of the array must be square (they are 2×3)");
/// ```
pub fn try_det<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T, M>, LinAlgError>
where
    Rank<N>: Down2<M>,
{
    let (out, _) = det_parts("det", a, false)?;
    Ok(out.into_scalars())
}

/// The sign and the natural log of the absolute value of each determinant
/// (`np.linalg.slogdet`): `det = sign · exp(logabsdet)` without overflow. For a singular matrix
/// the sign is 0 and the log −∞; for complex matrices the sign has modulus 1.
///
/// # Panics
/// When the matrices are not square (see [`try_slogdet`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = Array::<f64, 2>::eye(400) * 10.0; // det = 1e400 overflows f64
/// let (sign, logdet) = linalg::slogdet(&a);
/// assert_eq!(sign[[]], 1.0);
/// assert!((logdet[[]] - 400.0 * 10f64.ln()).abs() < 1e-9);
/// ```
#[track_caller]
#[allow(clippy::type_complexity)]
pub fn slogdet<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> (Array<T, M>, Array<T::RealPart, M>)
where
    Rank<N>: Down2<M>,
{
    or_panic(try_slogdet(a))
}

/// [`slogdet`], with an error instead of a panic for non-square matrices.
///
/// ```
/// use einarray::prelude::*;
/// let (s, l) = einarray::linalg::try_slogdet(&array![[0.0, 0.0], [0.0, 1.0]]).unwrap();
/// assert_eq!((s[[]], l[[]]), (0.0, f64::NEG_INFINITY));
/// ```
#[allow(clippy::type_complexity)]
pub fn try_slogdet<T: LinalgScalar, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
) -> Result<(Array<T, M>, Array<T::RealPart, M>), LinAlgError>
where
    Rank<N>: Down2<M>,
{
    let (sign, logdet) = det_parts("slogdet", a, true)?;
    Ok((
        sign.into_scalars(),
        logdet.expect("slogdet's logs").into_scalars(),
    ))
}

/// The determinants (or, with `log`, the signs and the log moduli) of a stack.
#[allow(clippy::type_complexity)]
fn det_parts<T: LinalgScalar, const N: usize>(
    op: &str,
    a: &impl AsView<T, N>,
    log: bool,
) -> Result<(Out<T>, Option<Out<T::RealPart>>), LinAlgError> {
    let a = Matrices::new_square(a.as_view());
    let n = a.square(op)?;
    let mut out = Out::<T>::zeros(op, a.stack(), 1, 1)?;
    let mut logs = if log {
        Some(Out::<T::RealPart>::zeros(op, a.stack(), 1, 1)?)
    } else {
        None
    };
    let offsets = a.offsets(a.stack());
    let mut put = |i: usize, (sign, logabs): (T, T::RealPart)| {
        out.data_mut()[i] = sign;
        if let Some(l) = logs.as_mut() {
            l.data_mut()[i] = logabs;
        }
    };
    if (1..=small::MAX).contains(&n) {
        match n {
            1 => small_det::<T, 1, _>(&offsets, log, &mut put),
            2 => small_det::<T, 2, _>(&offsets, log, &mut put),
            3 => small_det::<T, 3, _>(&offsets, log, &mut put),
            _ => small_det::<T, 4, _>(&offsets, log, &mut put),
        }
        return Ok((out, logs));
    }
    let mut work = Out::<T>::zeros(op, &[], n, n)?;
    let (mut perm, mut perm_inv) = (vec![0usize; n], vec![0usize; n]);
    let par = par(cube(n) * 2.0 / 3.0);
    let mut mem = lu_scratch::<T>(n, 1, par);
    for (i, ai) in offsets.iter().enumerate() {
        let mut m = work.mat(0);
        m.copy_from(ai);
        // NaN anywhere gives NaN, as LAPACK's factorization spreads it (faer's pivot search
        // skips NaN, so it is checked here).
        let nan = (0..n).any(|j| (0..n).any(|k| is_nan(m[(k, j)])));
        let (swaps, singular) = lu_factor(m.rb_mut(), &mut perm, &mut perm_inv, par, &mut mem);
        put(
            i,
            det_value((0..n).map(|k| m[(k, k)]), swaps, singular, nan, log),
        );
    }
    Ok((out, logs))
}

fn is_nan<T: LinalgScalar>(x: T) -> bool {
    x.re().is_nan() || x.im().is_nan()
}

/// The determinant (or, with `log`, the sign and the log modulus) from an LU factorization's
/// diagonal and its number of row swaps, with NumPy's rules for singular and NaN matrices.
fn det_value<T: LinalgScalar>(
    diag: impl Iterator<Item = T>,
    swaps: usize,
    singular: bool,
    nan: bool,
    log: bool,
) -> (T, T::RealPart) {
    let one = T::RealPart::one();
    let mut sign = T::from_re(if swaps % 2 == 1 { -one } else { one });
    let mut logabs = T::RealPart::zero();
    if nan && log && !T::IS_COMPLEX {
        // NumPy's real `slogdet` flips the sign for each negative pivot and skips NaN ones: a
        // finite sign and a NaN log.
        for d in diag {
            if d.re() < T::RealPart::zero() {
                sign = -sign;
            }
        }
        logabs = T::RealPart::nan();
    } else if nan {
        sign = T::from_re(T::RealPart::nan());
        logabs = T::RealPart::nan();
    } else if singular {
        sign = T::zero();
        logabs = T::RealPart::neg_infinity();
    } else if log {
        for d in diag {
            let r = d.modulus();
            sign *= d / T::from_re(r);
            logabs += r.ln();
        }
    } else {
        for d in diag {
            sign *= d;
        }
    }
    (sign, logabs)
}

/// [`det_parts`] for `N × N` matrices, `N ≤ small::MAX`: the factorization in a local array.
fn small_det<T: LinalgScalar, const N: usize, P: FnMut(usize, (T, T::RealPart))>(
    offsets: &Offsets<'_, '_, T>,
    log: bool,
    put: &mut P,
) {
    let mut piv = [0usize; N];
    for i in 0..offsets.len() {
        let mut m = small::load::<T, N>(offsets, i);
        let nan = m.iter().flatten().any(|&x| is_nan(x));
        let (swaps, singular) = small::lu(&mut m, &mut piv);
        put(
            i,
            det_value((0..N).map(|k| m[k][k]), swaps, singular, nan, log),
        );
    }
}

/// [`try_inv`] for `N × N` matrices, `N ≤ small::MAX`.
fn small_inv<T: LinalgScalar, const N: usize>(
    a: &Matrices<'_, T>,
    offsets: &Offsets<'_, '_, T>,
    out: &mut Out<T>,
) -> Result<(), LinAlgError> {
    let mut piv = [0usize; N];
    let data = out.data_mut();
    for i in 0..offsets.len() {
        let mut m = small::load::<T, N>(offsets, i);
        if small::lu(&mut m, &mut piv).1 {
            return Err(linalg_err!(
                Singular,
                "inv",
                "Singular matrix ({})",
                which(a.stack(), i, N, N)
            ));
        }
        let dst = &mut data[i * N * N..(i + 1) * N * N];
        for c in 0..N {
            let mut e = [T::zero(); N];
            e[c] = T::one();
            small::lu_solve(&m, &piv, &mut e);
            dst[c * N..(c + 1) * N].copy_from_slice(&e);
        }
    }
    Ok(())
}

/// [`try_solve`] for `N × N` matrices, `N ≤ small::MAX`: `x` (column-major matrices of `k`
/// columns) from `b`'s matrices at `bo`.
fn small_solve<T: LinalgScalar, const N: usize>(
    ao: &Offsets<'_, '_, T>,
    bo: &Offsets<'_, '_, T>,
    stack: &[usize],
    x: &mut Out<T>,
) -> Result<(), LinAlgError> {
    let k = bo.shape().1;
    let data = x.data_mut();
    let singular = |i| {
        linalg_err!(
            Singular,
            "solve",
            "Singular matrix ({})",
            which(stack, i, N, N)
        )
    };
    // One matrix for every right-hand side (`a` broadcast): factored once.
    if ao.len() > 1 && (1..ao.len()).all(|i| ao.same(i, 0)) {
        let mut piv = [0usize; N];
        let mut m = small::load::<T, N>(ao, 0);
        if small::lu(&mut m, &mut piv).1 {
            return Err(singular(0));
        }
        for i in 0..ao.len() {
            small_solve_cols(&m, &piv, bo, i, &mut data[i * k * N..(i + 1) * k * N]);
        }
        return Ok(());
    }
    for i in 0..ao.len() {
        let mut piv = [0usize; N];
        let mut m = small::load::<T, N>(ao, i);
        if small::lu(&mut m, &mut piv).1 {
            return Err(singular(i));
        }
        small_solve_cols(&m, &piv, bo, i, &mut data[i * k * N..(i + 1) * k * N]);
    }
    Ok(())
}

/// Solves the LU-factored `m` against every column of `b`'s matrix at `bo` into `out`
/// (column-major, `N` per column); one column, the usual case, without a loop.
#[inline(always)]
fn small_solve_cols<T: LinalgScalar, const N: usize>(
    m: &small::Local<T, N>,
    piv: &[usize; N],
    b: &Offsets<'_, '_, T>,
    i: usize,
    out: &mut [T],
) {
    let k = b.shape().1;
    if k == 1 {
        small_solve_col(m, piv, b, i, 0, out);
    } else {
        for c in 0..k {
            small_solve_col(m, piv, b, i, c, out);
        }
    }
}

/// Column `c` of [`small_solve_cols`].
#[inline(always)]
fn small_solve_col<T: LinalgScalar, const N: usize>(
    m: &small::Local<T, N>,
    piv: &[usize; N],
    b: &Offsets<'_, '_, T>,
    i: usize,
    c: usize,
    out: &mut [T],
) {
    let src = b.mat(i);
    let mut col = [T::zero(); N];
    for (r, x) in col.iter_mut().enumerate() {
        *x = src[(r, c)];
    }
    small::lu_solve(m, piv, &mut col);
    out[c * N..(c + 1) * N].copy_from_slice(&col);
}

/// The inverse of each matrix of a stack (`np.linalg.inv`), from an LU factorization.
///
/// # Panics
/// When a matrix is singular or not square (see [`try_inv`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[4.0, 7.0], [2.0, 6.0]];
/// let ai = linalg::inv(&a);
/// let i = linalg::matmul(&a, &ai);
/// assert!(i.allclose(&Array::eye(2), 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn inv<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>) -> Array<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_inv(a))
}

/// [`inv`], with an error instead of a panic: "Singular matrix" (an exact zero pivot, as
/// LAPACK's `getrf` reports it) or non-square matrices.
///
/// ```
/// use einarray::prelude::*;
/// let s = Array::<f64, 3>::zeros([2, 3, 3]);
/// let e = einarray::linalg::try_inv(&s).unwrap_err();
/// assert_eq!(e.to_string(), "inv: Singular matrix (matrix [0] of a stack of shape [2] of 3×3 matrices)");
/// ```
pub fn try_inv<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    let a = Matrices::new_square(a.as_view());
    let n = a.square("inv")?;
    let mut out = Out::<T>::zeros("inv", a.stack(), n, n)?;
    if (1..=small::MAX).contains(&n) {
        let offsets = a.offsets(a.stack());
        match n {
            1 => small_inv::<T, 1>(&a, &offsets, &mut out)?,
            2 => small_inv::<T, 2>(&a, &offsets, &mut out)?,
            3 => small_inv::<T, 3>(&a, &offsets, &mut out)?,
            _ => small_inv::<T, 4>(&a, &offsets, &mut out)?,
        }
        return Ok(out.into_array());
    }
    let mut work = Out::<T>::zeros("inv", &[], n, n)?;
    let (mut perm, mut perm_inv) = (vec![0usize; n], vec![0usize; n]);
    let par = par(cube(n) * 2.0);
    let mut mem = lu_scratch::<T>(n, n, par);
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let mut m = work.mat(0);
        m.copy_from(ai);
        let (_, singular) = lu_factor(m.rb_mut(), &mut perm, &mut perm_inv, par, &mut mem);
        if singular {
            return Err(linalg_err!(
                Singular,
                "inv",
                "Singular matrix ({})",
                which(a.stack(), i, n, n)
            ));
        }
        // SAFETY of the permutation: `lu_in_place` wrote `perm`/`perm_inv` as a permutation
        // and its inverse; `PermRef::new_checked` checks it again.
        let p = faer::perm::PermRef::new_checked(&perm, &perm_inv, n);
        let lu = m.rb();
        lu::inverse::inverse(out.mat(i), lu, lu, p, par, MemStack::new(&mut mem));
    }
    Ok(out.into_array())
}

/// Solves `a x = b` for each matrix of a stack (`np.linalg.solve`), from an LU factorization.
///
/// As NumPy 2: a one-dimensional `b` (rank 1) is one right-hand side, `x` has `a`'s stack and
/// length `n`; otherwise `b` is a stack of `n × k` matrices whose stack broadcasts with `a`'s,
/// and so is `x`. A matrix `a` shared by the stack is factored once.
///
/// # Panics
/// When a matrix is singular, not square, or `b` does not fit (see [`try_solve`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[3.0, 1.0], [1.0, 2.0]];
/// let x = linalg::solve(&a, &array![9.0, 8.0]);
/// assert!(x.allclose(&array![2.0, 3.0], 1e-12, 1e-12));
/// let xs: Array<f64, 3> = linalg::solve(&a, &Array::<f64, 3>::ones([4, 2, 5])); // 4 stacked 2×5
/// assert_eq!(xs.shape(), [4, 2, 5]);
/// ```
#[track_caller]
pub fn solve<T: LinalgScalar, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
) -> Array<T, R>
where
    Rank<N>: SolveRank<M, R>,
{
    or_panic(try_solve(a, b))
}

/// [`solve`], with an error instead of a panic: "Singular matrix", non-square `a`, a `b`
/// whose length differs from `a`'s, or stacks that do not broadcast.
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::eye(3);
/// let e = einarray::linalg::try_solve(&a, &array![1.0, 2.0]).unwrap_err();
/// assert_eq!(e.to_string(), "solve: `a` is 3×3 but `b` has 2 rows");
/// ```
pub fn try_solve<T: LinalgScalar, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
) -> Result<Array<T, R>, LinAlgError>
where
    Rank<N>: SolveRank<M, R>,
{
    let op = "solve";
    let a_view = a.as_view();
    let a = Matrices::new_square(a_view);
    let n = a.square(op)?;
    super::stack::rows_check(&a_view, &b.as_view());
    let b = rhs(b);
    if b.rows() != n {
        return Err(linalg_err!(
            Shape,
            op,
            "`a` is {n}×{n} but `b` has {} rows",
            b.rows()
        ));
    }
    // A vector `b` has no stack of its own: it goes with every matrix of `a`.
    let stack = broadcast_stacks(op, a.stack(), b.stack())?;
    let k = b.cols();
    let mut x = Out::<T>::zeros(op, &stack, n, k)?;
    if (1..=small::MAX).contains(&n) {
        let (ao, bo) = (a.offsets(&stack), b.offsets(&stack));
        match n {
            1 => small_solve::<T, 1>(&ao, &bo, &stack, &mut x)?,
            2 => small_solve::<T, 2>(&ao, &bo, &stack, &mut x)?,
            3 => small_solve::<T, 3>(&ao, &bo, &stack, &mut x)?,
            _ => small_solve::<T, 4>(&ao, &bo, &stack, &mut x)?,
        }
        return Ok(into_solution(x, M));
    }
    let mut work = Out::<T>::zeros(op, &[], n, n)?;
    let (mut perm, mut perm_inv) = (vec![0usize; n], vec![0usize; n]);
    let par = par(cube(n) * 2.0 / 3.0 + 2.0 * (n * n * k) as f64);
    let mut mem = lu_scratch::<T>(n, k, par);
    let (ao, bo) = (a.offsets(&stack), b.offsets(&stack));
    for i in 0..ao.len() {
        // A matrix of `a` shared by consecutive right-hand sides is factored once.
        if i == 0 || !ao.same(i, i - 1) {
            let mut m = work.mat(0);
            m.copy_from(ao.mat(i));
            let (_, singular) = lu_factor(m, &mut perm, &mut perm_inv, par, &mut mem);
            if singular {
                return Err(linalg_err!(
                    Singular,
                    op,
                    "Singular matrix ({})",
                    which(&stack, i, n, n)
                ));
            }
        }
        let mut xi = x.mat(i);
        xi.copy_from(bo.mat(i));
        let p = faer::perm::PermRef::new_checked(&perm, &perm_inv, n);
        let lu = work.mat(0);
        lu::solve::solve_in_place(lu.rb(), lu.rb(), p, xi, par, MemStack::new(&mut mem));
    }
    Ok(into_solution(x, M))
}

/// `b` as `solve` reads it: one vector when rank 1, else a stack of matrices.
pub(super) fn rhs<T, const M: usize>(b: &impl AsView<T, M>) -> Matrices<'_, T> {
    if M == 1 {
        Matrices::vectors(b.as_view())
    } else {
        Matrices::new(b.as_view())
    }
}

/// The solution buffer as an array: vectors for a rank-1 `b`, matrices otherwise.
fn into_solution<T, const R: usize>(x: Out<T>, m: usize) -> Array<T, R> {
    if m == 1 {
        x.into_vectors()
    } else {
        x.into_array()
    }
}

/// The lower Cholesky factor `L` of each Hermitian positive-definite matrix of a stack
/// (`np.linalg.cholesky`): `a = L Lᴴ`, with zeros above the diagonal. Only the lower triangle
/// of `a` is read, as LAPACK's `potrf('L')` (NumPy) reads it.
///
/// # Panics
/// When a matrix is not positive definite or not square (see [`try_cholesky`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[4.0, 2.0], [2.0, 3.0]];
/// let l = linalg::cholesky(&a);
/// assert_eq!(l[[0, 1]], 0.0);
/// assert!(linalg::matmul(&l, &l.t()).allclose(&a, 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn cholesky<T: LinalgScalar, const N: usize>(a: &impl AsView<T, N>) -> Array<T, N>
where
    Rank<N>: StackRank,
{
    or_panic(try_cholesky(a))
}

/// [`cholesky`], with an error instead of a panic: "Matrix is not positive definite" (a pivot
/// that is not positive, or NaN, as LAPACK reports it) or non-square matrices.
///
/// ```
/// use einarray::prelude::*;
/// let e = einarray::linalg::try_cholesky(&array![[1.0, 2.0], [2.0, 1.0]]).unwrap_err();
/// assert_eq!(e.to_string(), "cholesky: Matrix is not positive definite (a 2×2 matrix)");
/// ```
pub fn try_cholesky<T: LinalgScalar, const N: usize>(
    a: &impl AsView<T, N>,
) -> Result<Array<T, N>, LinAlgError>
where
    Rank<N>: StackRank,
{
    use faer::linalg::cholesky::llt::factor as llt;
    let a = Matrices::new_square(a.as_view());
    let n = a.square("cholesky")?;
    let mut out = Out::<T>::zeros("cholesky", a.stack(), n, n)?;
    let par = par(cube(n) / 3.0);
    let mut mem = scratch(llt::cholesky_in_place_scratch::<T>(
        n,
        par,
        Default::default(),
    ));
    for (i, ai) in a.offsets(a.stack()).iter().enumerate() {
        let mut m = out.mat(i);
        let src = ai;
        // The lower triangle, diagonal included (the only part faer reads).
        for j in 0..n {
            for r in j..n {
                m[(r, j)] = src[(r, j)];
            }
        }
        let ok = llt::cholesky_in_place(
            m.rb_mut(),
            Default::default(),
            par,
            MemStack::new(&mut mem),
            Default::default(),
        )
        .is_ok();
        // faer leaves its work in the strict upper triangle: `L` has zeros there.
        for j in 1..n {
            for r in 0..j {
                m[(r, j)] = T::zero();
            }
        }
        // NaN fails too: LAPACK's `potrf` checks `ajj <= 0 || isnan(ajj)`.
        let positive = |x: T::RealPart| x > T::RealPart::zero();
        if !ok || !(0..n).all(|k| positive(m[(k, k)].re())) {
            return Err(linalg_err!(
                NotPositiveDefinite,
                "cholesky",
                "Matrix is not positive definite ({})",
                which(a.stack(), i, n, n)
            ));
        }
    }
    Ok(out.into_array())
}

/// Solves `a x = b` for triangular `a` (SciPy's `scipy.linalg.solve_triangular`; `uplo`
/// says which triangle of `a` is read, the other is ignored), for each matrix of a stack,
/// with `solve`'s rule for `b`.
///
/// # Panics
/// When a diagonal element is zero, `a` is not square or `b` does not fit (see
/// [`try_solve_triangular`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{self, Uplo};
/// let a = array![[4.0, 2.0], [2.0, 3.0]];
/// let b = array![2.0, 5.0];
/// // Solve with a Cholesky factor: a = L Lᵀ, so L y = b, then Lᵀ x = y.
/// let l = linalg::cholesky(&a);
/// let y = linalg::solve_triangular(&l, &b, Uplo::Lower);
/// let x = linalg::solve_triangular(&l.t(), &y, Uplo::Upper);
/// assert!(x.allclose(&linalg::solve(&a, &b), 1e-12, 1e-12));
/// ```
#[track_caller]
pub fn solve_triangular<T: LinalgScalar, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
    uplo: Uplo,
) -> Array<T, R>
where
    Rank<N>: SolveRank<M, R>,
{
    or_panic(try_solve_triangular(a, b, uplo))
}

/// [`solve_triangular`], with an error instead of a panic: SciPy's "singular matrix:
/// resolution failed at diagonal {i}" (an exactly zero diagonal element), non-square `a`, or
/// a `b` that does not fit.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{try_solve_triangular, Uplo};
/// let e = try_solve_triangular(&array![[1.0, 0.0], [5.0, 0.0]], &array![1.0, 1.0], Uplo::Lower);
/// assert_eq!(
///     e.unwrap_err().to_string(),
///     "solve_triangular: singular matrix: resolution failed at diagonal 1 (a 2×2 matrix)"
/// );
/// ```
pub fn try_solve_triangular<T: LinalgScalar, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
    uplo: Uplo,
) -> Result<Array<T, R>, LinAlgError>
where
    Rank<N>: SolveRank<M, R>,
{
    let op = "solve_triangular";
    let a_view = a.as_view();
    let a = Matrices::new_square(a_view);
    let n = a.square(op)?;
    super::stack::rows_check(&a_view, &b.as_view());
    let b = rhs(b);
    if b.rows() != n {
        return Err(linalg_err!(
            Shape,
            op,
            "`a` is {n}×{n} but `b` has {} rows",
            b.rows()
        ));
    }
    let stack = broadcast_stacks(op, a.stack(), b.stack())?;
    let mut x = Out::<T>::zeros(op, &stack, n, b.cols())?;
    let par = par((n * n * b.cols()) as f64);
    let (ao, bo) = (a.offsets(&stack), b.offsets(&stack));
    for i in 0..ao.len() {
        let t = ao.mat(i);
        if let Some(k) = (0..n).find(|&k| t[(k, k)] == T::zero()) {
            return Err(linalg_err!(
                Singular,
                op,
                "singular matrix: resolution failed at diagonal {k} ({})",
                which(&stack, i, n, n)
            ));
        }
        let mut xi = x.mat(i);
        xi.copy_from(bo.mat(i));
        match uplo {
            Uplo::Lower => {
                faer::linalg::triangular_solve::solve_lower_triangular_in_place(t, xi, par)
            }
            Uplo::Upper => {
                faer::linalg::triangular_solve::solve_upper_triangular_in_place(t, xi, par)
            }
        }
    }
    Ok(into_solution(x, M))
}

//! Kernels for stacks of tiny matrices (1×1 to 4×4): LU with partial pivoting in local arrays
//! whose size is a constant, so the loops unroll. NumPy pays one LAPACK call (and its setup)
//! per matrix of a stack; faer likewise sets up its blocked algorithms per matrix. For 100,000
//! stacked 3×3 systems that setup is most of the time (BENCHMARKS.md, linalg).
//!
//! The factorization is LAPACK's unblocked `getf2`, step for step: the pivot is the first
//! entry of largest `|re| + |im|` in its column (`i?amax`); an exactly zero pivot is recorded
//! (LAPACK's `info > 0`: "Singular matrix") and its column is left unscaled, so no division
//! by zero creates NaN that the input did not have.
//!
//! No unsafe code: matrices are read through `Offsets::mat`'s `MatRef`, whose indexing checks
//! its bounds.

use super::scalar::LinalgScalar;
use super::stack::Offsets;

/// The largest size the kernels here take.
pub(crate) const MAX: usize = 4;

/// A matrix in a local array, column-major: `a[col][row]`.
pub(crate) type Local<T, const N: usize> = [[T; N]; N];

/// Matrix `i` of `m` (whose matrices are `N × N`) as a local array.
///
/// # Panics
/// When `m`'s matrices are not `N × N`, or `i` is out of range.
#[inline(always)]
pub(crate) fn load<T: LinalgScalar, const N: usize>(
    m: &Offsets<'_, '_, T>,
    i: usize,
) -> Local<T, N> {
    let (rows, cols) = m.shape();
    assert!(
        rows == N && cols == N,
        "linalg: a {rows}×{cols} matrix read as {N}×{N}"
    );
    let src = m.mat(i);
    let mut a = [[T::zero(); N]; N];
    for (c, col) in a.iter_mut().enumerate() {
        for (r, x) in col.iter_mut().enumerate() {
            *x = src[(r, c)];
        }
    }
    a
}

/// `|re| + |im|`: LAPACK's pivot measure (`i?amax` uses it for complex types).
#[inline(always)]
fn abs1<T: LinalgScalar>(x: T) -> T::RealPart {
    use num_traits::Float;
    x.re().abs() + x.im().abs()
}

/// The LU factorization of `a` in place (`L` unit lower, below the diagonal; `U` on and above
/// it), row `k` swapped with row `piv[k]` at step `k`. Returns the number of swaps and whether
/// a pivot was exactly zero.
#[inline(always)]
pub(crate) fn lu<T: LinalgScalar, const N: usize>(
    a: &mut Local<T, N>,
    piv: &mut [usize; N],
) -> (usize, bool) {
    let mut state = (0, false);
    // One call per step with the step a constant (`MAX` is 4): every loop inside has constant
    // bounds, and the steps need no loop of their own, so nothing is left rolled up.
    lu_step::<T, N, 0>(a, piv, &mut state);
    lu_step::<T, N, 1>(a, piv, &mut state);
    lu_step::<T, N, 2>(a, piv, &mut state);
    lu_step::<T, N, 3>(a, piv, &mut state);
    const { assert!(N <= MAX) };
    state
}

/// Step `K` of [`lu`] (nothing when `K ≥ N`): `state` counts the swaps and records a zero
/// pivot.
#[inline(always)]
fn lu_step<T: LinalgScalar, const N: usize, const K: usize>(
    a: &mut Local<T, N>,
    piv: &mut [usize; N],
    state: &mut (usize, bool),
) {
    if K >= N {
        return;
    }
    let k = K;
    let mut p = k;
    let mut best = abs1(a[k][k]);
    for r in 0..N {
        // Constant trip counts (`0..N`, not `k + 1..N`): the loops unroll completely.
        let v = abs1(a[k][r]);
        let take = r > k && v > best;
        best = if take { v } else { best };
        p = if take { r } else { p };
    }
    piv[k] = p;
    state.0 += usize::from(p != k);
    swap_rows(a, k, p);
    let pivot = a[k][k];
    if pivot == T::zero() {
        // Nothing below is nonzero (the pivot is the column's largest), or it is NaN:
        // LAPACK leaves the column unscaled and goes on.
        state.1 = true;
    } else {
        let inv = T::one() / pivot;
        for r in 0..N {
            if r > k {
                a[k][r] *= inv;
            }
        }
    }
    for c in 0..N {
        if c > k {
            let u = a[c][k];
            for r in 0..N {
                if r > k {
                    a[c][r] -= a[k][r] * u;
                }
            }
        }
    }
}

/// Swaps rows `k` and `p ≥ k` of every column by selects over constant indices: no branch
/// on the (unpredictable) pivot row, and the matrix stays in registers.
#[inline(always)]
fn swap_rows<T: LinalgScalar, const N: usize>(a: &mut Local<T, N>, k: usize, p: usize) {
    for col in a.iter_mut() {
        swap_in(col, k, p);
    }
}

/// `v.swap(k, p)` for `p ≥ k`, by selects.
#[inline(always)]
fn swap_in<T: Copy, const N: usize>(v: &mut [T; N], k: usize, p: usize) {
    let old = v[k];
    let mut new = old;
    for r in 0..N {
        let hit = r > k && p == r;
        new = if hit { v[r] } else { new };
        v[r] = if hit { old } else { v[r] };
    }
    v[k] = new;
}

/// Solves `(P L U) x = b` in place for one right-hand side.
#[inline(always)]
pub(crate) fn lu_solve<T: LinalgScalar, const N: usize>(
    a: &Local<T, N>,
    piv: &[usize; N],
    b: &mut [T; N],
) {
    for k in 0..N {
        swap_in(b, k, piv[k]);
    }
    // As in `lu`, one call per step with the step a constant.
    forward::<T, N, 0>(a, b);
    forward::<T, N, 1>(a, b);
    forward::<T, N, 2>(a, b);
    forward::<T, N, 3>(a, b);
    backward::<T, N, 3>(a, b);
    backward::<T, N, 2>(a, b);
    backward::<T, N, 1>(a, b);
    backward::<T, N, 0>(a, b);
}

/// Step `K` of the forward substitution with `L` (unit diagonal).
#[inline(always)]
fn forward<T: LinalgScalar, const N: usize, const K: usize>(a: &Local<T, N>, b: &mut [T; N]) {
    if K >= N {
        return;
    }
    let bk = b[K];
    for r in 0..N {
        if r > K {
            b[r] -= a[K][r] * bk;
        }
    }
}

/// Step `K` of the back substitution with `U`.
#[inline(always)]
fn backward<T: LinalgScalar, const N: usize, const K: usize>(a: &Local<T, N>, b: &mut [T; N]) {
    if K >= N {
        return;
    }
    b[K] /= a[K][K];
    let bk = b[K];
    for r in 0..N {
        if r < K {
            b[r] -= a[K][r] * bk;
        }
    }
}

/// The eigenvalues (ascending, into `w`) and, when `v` is given, the orthonormal eigenvectors
/// (columns of `v`, column-major) of the real symmetric `a` (column-major, both triangles
/// set), by cyclic Jacobi rotations: each rotation zeroes one off-diagonal pair, sweeps repeat
/// until the off-diagonal part is below rounding (quadratic convergence: a handful of sweeps),
/// at most 50; a NaN input gives NaN values and vectors. As accurate as LAPACK's QR iteration for these sizes,
/// without its setup per matrix.
#[inline(always)]
pub(crate) fn jacobi_eigh<R: num_traits::Float, const N: usize>(
    a: &mut Local<R, N>,
    w: &mut [R; N],
    mut v: Option<&mut Local<R, N>>,
) {
    let (zero, one) = (R::zero(), R::one());
    if let Some(v) = v.as_deref_mut() {
        for c in 0..N {
            for r in 0..N {
                v[c][r] = if r == c { one } else { zero };
            }
        }
    }
    let mut total = zero;
    for c in 0..N {
        for r in 0..N {
            total = total + a[c][r] * a[c][r];
        }
    }
    let eps = R::epsilon();
    let small = eps * eps * total;
    for _sweep in 0..50 {
        let mut off = zero;
        for c in 0..N {
            for r in 0..N {
                if r > c {
                    off = off + a[c][r] * a[c][r];
                }
            }
        }
        if off.is_nan() || total.is_nan() {
            // NaN anywhere: every value and vector is NaN (LAPACK's result is NaN too).
            *w = [R::nan(); N];
            if let Some(v) = v.as_deref_mut() {
                *v = [[R::nan(); N]; N];
            }
            return;
        }
        if off <= small {
            break;
        }
        // Every pair once, each a constant (as in `lu`): the rotations stay in registers.
        rotate::<R, N, 0, 1>(a, v.as_deref_mut());
        rotate::<R, N, 0, 2>(a, v.as_deref_mut());
        rotate::<R, N, 0, 3>(a, v.as_deref_mut());
        rotate::<R, N, 1, 2>(a, v.as_deref_mut());
        rotate::<R, N, 1, 3>(a, v.as_deref_mut());
        rotate::<R, N, 2, 3>(a, v.as_deref_mut());
    }
    // The pairs above are those of N ≤ 4.
    const { assert!(N <= MAX) };
    // Ascending, the vectors with their values (insertion sort: N ≤ 4).
    for k in 0..N {
        w[k] = a[k][k];
    }
    for i in 1..N {
        let mut j = i;
        while j > 0 && w[j] < w[j - 1] {
            w.swap(j, j - 1);
            if let Some(v) = v.as_deref_mut() {
                v.swap(j, j - 1);
            }
            j -= 1;
        }
    }
}

/// The Jacobi rotation of [`jacobi_eigh`] in the `(P, Q)` plane (nothing when `Q ≥ N`):
/// `a ← Jᵀ a J`, `v ← v J`, with `J` chosen to zero `a[P, Q]`.
#[inline(always)]
fn rotate<R: num_traits::Float, const N: usize, const P: usize, const Q: usize>(
    a: &mut Local<R, N>,
    v: Option<&mut Local<R, N>>,
) {
    if Q >= N {
        return;
    }
    let (zero, one) = (R::zero(), R::one());
    let apq = a[Q][P];
    if apq == zero {
        return;
    }
    let theta = (a[Q][Q] - a[P][P]) / ((one + one) * apq);
    // The smaller root of t² + 2θt − 1 = 0 (θ's sign; for θ = 0, t = 1).
    let t = one.copysign(theta) / (theta.abs() + (theta * theta + one).sqrt());
    let c = one / (t * t + one).sqrt();
    let s = t * c;
    for k in 0..N {
        let (akp, akq) = (a[P][k], a[Q][k]);
        a[P][k] = c * akp - s * akq;
        a[Q][k] = s * akp + c * akq;
    }
    for k in 0..N {
        let (apk, aqk) = (a[k][P], a[k][Q]);
        a[k][P] = c * apk - s * aqk;
        a[k][Q] = s * apk + c * aqk;
    }
    // The pair the rotation annihilates, exactly (rounding would leave ~ε·|a|).
    a[Q][P] = zero;
    a[P][Q] = zero;
    if let Some(v) = v {
        for k in 0..N {
            let (vkp, vkq) = (v[P][k], v[Q][k]);
            v[P][k] = c * vkp - s * vkq;
            v[Q][k] = s * vkp + c * vkq;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lu_reconstructs_with_pivoting_and_counts_swaps() {
        // Stored by columns; the first pivot (3, in row 2) needs a swap.
        let orig: Local<f64, 3> = [[0.0, 1.0, 3.0], [2.0, 1.0, 0.0], [1.0, 0.0, 4.0]];
        let mut a = orig;
        let mut piv = [0; 3];
        let (swaps, singular) = lu(&mut a, &mut piv);
        assert!(!singular);
        assert_eq!(piv[0], 2);
        // det = (−1)^swaps · Π diag U; the matrix [[0, 2, 1], [1, 1, 0], [3, 0, 4]] has −11.
        let d = (0..3).map(|k| a[k][k]).product::<f64>() * if swaps % 2 == 1 { -1.0 } else { 1.0 };
        assert!((d - -11.0).abs() < 1e-12, "{d}");
        // Solve A x = A·[1, 2, 3].
        let x_true = [1.0, 2.0, 3.0];
        let mut b = [0.0; 3];
        for c in 0..3 {
            for r in 0..3 {
                b[r] += orig[c][r] * x_true[c];
            }
        }
        lu_solve(&a, &piv, &mut b);
        for k in 0..3 {
            assert!((b[k] - x_true[k]).abs() < 1e-12);
        }
    }

    #[test]
    fn jacobi_finds_the_eigenpairs_of_a_symmetric_matrix() {
        // [[2, 1, 0], [1, 2, 0], [0, 0, 5]]: eigenvalues 1, 3, 5.
        let mut a: Local<f64, 3> = [[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 5.0]];
        let orig = a;
        let (mut w, mut v) = ([0.0; 3], [[0.0; 3]; 3]);
        jacobi_eigh(&mut a, &mut w, Some(&mut v));
        for (k, want) in [1.0, 3.0, 5.0].into_iter().enumerate() {
            assert!((w[k] - want).abs() < 1e-14, "{w:?}");
            // A v = w v, |v| = 1.
            let mut n2 = 0.0;
            for r in 0..3 {
                let av: f64 = (0..3).map(|c| orig[c][r] * v[k][c]).sum();
                assert!((av - w[k] * v[k][r]).abs() < 1e-14);
                n2 += v[k][r] * v[k][r];
            }
            assert!((n2 - 1.0).abs() < 1e-14);
        }
    }

    #[test]
    fn jacobi_of_a_nan_matrix_is_nan() {
        let mut a: Local<f64, 2> = [[1.0, f64::NAN], [f64::NAN, 1.0]];
        let (mut w, mut v) = ([0.0; 2], [[0.0; 2]; 2]);
        jacobi_eigh(&mut a, &mut w, Some(&mut v));
        assert!(w.iter().chain(v.iter().flatten()).all(|x| x.is_nan()));
    }

    #[test]
    fn a_zero_pivot_is_singular_without_nan() {
        let mut a: Local<f64, 2> = [[0.0, 0.0], [1.0, 2.0]];
        let mut piv = [0; 2];
        let (_, singular) = lu(&mut a, &mut piv);
        assert!(singular);
        assert!(a.iter().flatten().all(|x| x.is_finite()));
    }
}

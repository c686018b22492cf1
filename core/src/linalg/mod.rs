//! Linear algebra, named as `numpy.linalg` names it.
//!
//! - Products and matrix helpers ([`matmul`], [`outer`], [`kron`], `dot`, `diagonal`, `trace`,
//!   `triu`, `tril`, the Frobenius [`norm`]) work on any element type.
//! - The decompositions (feature `linalg`, on by default) run on [faer], Rust's dense linear
//!   algebra library, for `f32`, `f64`, `Complex<f32>` and `Complex<f64>`
//!   ([`LinalgScalar`]): [`solve`], [`inv`], [`det`], [`slogdet`], [`cholesky`],
//!   [`solve_triangular`], [`qr`], [`svd`], [`svdvals`], [`eigh`], [`eigvalsh`], [`eig`],
//!   [`eigvals`], [`lstsq`], [`pinv`], [`matrix_rank`], [`matrix_power`], [`cond`],
//!   [`vector_norm`], [`matrix_norm`] and [`multi_dot`].
//!
//! As in NumPy, every decomposition takes a stack of matrices, an array of shape
//! `(..., M, N)` of any rank from 2 to 8, and works on each matrix; the rank of the result
//! follows from the input's at compile time (`det` of a rank-2 array is a rank-0 array,
//! `det(&a)[[]]` the number). Operands of any layout — C or F order, transposed, sliced,
//! negative strides — reach faer as strided views without a copy; a factorization that works
//! in place copies its input once into the result, whose matrices are column-major (faer's
//! layout), which only shows in [`crate::View::strides`].
//!
//! Each function has a `try_` form returning [`LinAlgError`], whose messages are NumPy's
//! ("Singular matrix", "Matrix is not positive definite", "Last 2 dimensions of the array
//! must be square", "SVD did not converge") with the operation and the matrix's place in the
//! stack; the plain form panics with the same message.
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::linalg;
//! // Least squares for y ≈ c₀ + c₁·x (NumPy: np.linalg.lstsq(A, y)).
//! let x = Array::<f64, 1>::linspace(0.0, 1.0, 50);
//! let y = x.map(|&x| 1.0 + 2.0 * x);
//! let a = Array::<f64, 2>::from_fn([50, 2], |[i, j]| if j == 0 { 1.0 } else { x[[i]] });
//! let fit = linalg::lstsq(&a, &y, None);
//! assert!(fit.x.allclose(&array![1.0, 2.0], 1e-12, 1e-12));
//! ```
//!
//! Threads: the decompositions of large matrices run on faer's parallel algorithms with
//! [`crate::config::num_threads`] threads (set with [`crate::config::set_num_threads`]).

mod products;
pub use products::*;

#[cfg(feature = "linalg")]
mod decomp;
#[cfg(feature = "linalg")]
mod derived;
#[cfg(feature = "linalg")]
pub(crate) mod error;
#[cfg(feature = "linalg")]
mod scalar;
#[cfg(feature = "linalg")]
mod small;
#[cfg(feature = "linalg")]
mod solve;
#[cfg(feature = "linalg")]
mod stack;

#[cfg(feature = "linalg")]
pub use decomp::{
    eig, eigh, eigvals, eigvalsh, qr, qr_r, svd, svdvals, try_eig, try_eigh, try_eigvals,
    try_eigvalsh, try_qr, try_qr_r, try_svd, try_svdvals, Eig, Eigh, Qr, QrMode, Svd,
};
#[cfg(feature = "linalg")]
pub use derived::{
    cond, lstsq, matrix_norm, matrix_power, matrix_rank, multi_dot, pinv, try_cond, try_lstsq,
    try_matrix_norm, try_matrix_power, try_matrix_rank, try_multi_dot, try_pinv, try_vector_norm,
    vector_norm, Lstsq, NormOrd,
};
#[cfg(feature = "linalg")]
pub use error::{LinAlgError, LinAlgErrorKind};
#[cfg(feature = "linalg")]
pub use scalar::LinalgScalar;
#[cfg(feature = "linalg")]
pub use solve::{
    cholesky, det, inv, slogdet, solve, solve_triangular, try_cholesky, try_det, try_inv,
    try_slogdet, try_solve, try_solve_triangular, Uplo,
};
#[cfg(feature = "linalg")]
pub use stack::{Down2, SolveRank, StackRank};

/// Every unsafe path of the decompositions (strided reads of `Matrices`, the result buffers
/// of `Out`, the small kernels and faer's blocked ones) on tiny stacks with every kind of
/// stride: small enough for Miri (`scripts/miri.sh`).
#[cfg(all(test, feature = "linalg"))]
mod tests {
    use super::*;
    use crate::{Array, Axis};

    /// A 2-stack of `n × n` diagonally dominant matrices, reversed along its last axis and
    /// transposed: negative and non-unit strides.
    fn strided(n: usize) -> Array<f64, 3> {
        Array::from_fn([2, n, n], |[k, i, j]| {
            if i == j {
                4.0 + (k + i) as f64
            } else {
                0.5 / (1 + i + 2 * j) as f64
            }
        })
    }

    #[test]
    fn small_and_blocked_paths_agree_on_strided_stacks() {
        for n in [1, 3, 4, 5, 6] {
            let base = strided(n);
            let a = base.flip(Axis(2)).swapaxes(1, 2);
            let c = a.to_owned(); // the same values, C order
                                  // Stacked right-hand sides (NumPy 2: `(..., n, 1)`), read with negative strides.
            let b = Array::<f64, 3>::from_fn([2, n, 1], |[k, i, _]| (k * n + i) as f64 - 1.0);
            let bv = b.flip(Axis(1));
            // Solutions: a x = b, checked by multiplying back.
            let x: Array<f64, 3> = solve(&a, &bv);
            for k in 0..2 {
                for i in 0..n {
                    let ax: f64 = (0..n).map(|j| c[[k, i, j]] * x[[k, j, 0]]).sum();
                    let want = bv[[k, i, 0]];
                    assert!((ax - want).abs() < 1e-12, "n {n}: {ax} vs {want}");
                }
            }
            // The inverse times the matrix is the identity.
            let inv = inv(&a);
            for k in 0..2 {
                for i in 0..n {
                    for j in 0..n {
                        let p: f64 = (0..n).map(|m| inv[[k, i, m]] * c[[k, m, j]]).sum();
                        assert!((p - f64::from(u8::from(i == j))).abs() < 1e-12);
                    }
                }
            }
            // Strided and contiguous operands give the same determinants and eigenvalues.
            assert!(det(&a).allclose(&det(&c), 1e-12, 0.0));
            let sym = &base + base.swapaxes(1, 2); // diagonally dominant: positive definite
            let w = eigvalsh(&sym.swapaxes(1, 2), Uplo::Upper);
            assert!(w.allclose(&eigvalsh(&sym, Uplo::Lower), 1e-12, 1e-12));
            let l = cholesky(&sym);
            assert!(l.allclose(&cholesky(&sym.flip(Axis(0)).flip(Axis(0))), 0.0, 0.0));
        }
    }

    #[test]
    fn a_singular_matrix_in_a_stack_is_named() {
        let mut a = strided(3);
        for j in 0..3 {
            a[[1, 2, j]] = 0.0;
        }
        let e = try_inv(&a).unwrap_err();
        assert_eq!(
            e.to_string(),
            "inv: Singular matrix (matrix [1] of a stack of shape [2] of 3×3 matrices)"
        );
        assert_eq!(det(&a)[[1]], 0.0);
    }
}

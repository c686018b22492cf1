//! Element functions for `tensor!` bodies and closures: free functions (so they read like the
//! math, `exp(z[b, o] - m)`) whose `f64` and `f32` forms are branch-free, so a loop calling them
//! vectorizes. `f64::exp` is a call into the C library, which no loop vectorizes; inside a
//! `tensor!` reduction or a `zip_map` closure, [`exp`] is several times faster.
//!
//! Both are in the prelude. A function of your own with the same name takes precedence over
//! the glob import.
//!
//! ```
//! use einarray::prelude::*;
//! let z = array![[1.0_f64, 2.0, 3.0], [0.5, 0.5, 0.5]];
//! // The softmax of every row, in one pass over each row per reduction.
//! let y = tensor!(y[b, o] := exp(z[b, o] - max[k](z[b, k])) / sum[k](exp(z[b, k] - max[m](z[b, m]))));
//! assert!((y[[1, 0]] - 1.0 / 3.0).abs() < 1e-15);
//! ```

use num_traits::Float;

/// `e^x`. For `f64`, a branch-free polynomial within 2 ulp of the C library's `exp` (NumPy's
/// own SIMD `exp` is as close); `f32` goes through it and rounds once; other types use their
/// [`Float::exp`]. NaN, ±inf, overflow and underflow as IEEE requires.
///
/// ```
/// use einarray::scalar::exp;
/// assert_eq!(exp(0.0_f64), 1.0);
/// assert!((exp(1.0_f64) - std::f64::consts::E).abs() <= 2.0 * f64::EPSILON * std::f64::consts::E);
/// assert_eq!(exp(f64::NEG_INFINITY), 0.0);
/// assert_eq!(exp(1000.0_f32), f32::INFINITY);
/// ```
#[inline(always)]
pub fn exp<T: Float + 'static>(x: T) -> T {
    crate::math::exp_any(x)
}

/// The logistic function `1 / (1 + e^-x)`, through [`exp`].
///
/// ```
/// use einarray::scalar::sigmoid;
/// assert_eq!(sigmoid(0.0_f64), 0.5);
/// assert_eq!(sigmoid(-1000.0_f64), 0.0);
/// assert_eq!(sigmoid(1000.0_f64), 1.0);
/// ```
#[inline(always)]
pub fn sigmoid<T: Float + 'static>(x: T) -> T {
    T::one() / (T::one() + exp(-x))
}

/// The one bound for code generic over `f32` and `f64`: everything einarray offers for real
/// floating-point elements works on a `T: Real` (element-wise math, reductions, `einsum!`,
/// printing, `.npy`, `isclose`, and `linalg` when that feature is on), and every
/// [`num_traits::Float`] method (`sqrt`, `exp`, `mul_add`, `nan`, …) is there too.
///
/// ```
/// use einarray::prelude::*;
/// /// Each row scaled to unit length, for f32 and f64 alike.
/// fn normalize_rows<T: Real>(a: &impl AsView<T, 2>) -> Array<T, 2> {
///     let a = a.as_view();
///     let norms = a.map(|&x| x * x).sum_keepdims(-1).map(|s| s.sqrt());
///     &a / &norms
/// }
/// let x = array![[3.0_f32, 4.0], [0.0, 2.0]];
/// assert_eq!(normalize_rows(&x).to_vec(), vec![0.6, 0.8, 0.0, 1.0]);
/// let y = array![[3.0_f64, 4.0]];
/// assert_eq!(normalize_rows(&y.view()).to_vec(), vec![0.6, 0.8]);
/// ```
pub trait Real:
    num_traits::Float
    + num_traits::NumAssign
    + num_traits::FromPrimitive
    + crate::einsum::Element
    + crate::ops::ScalarOperand
    + crate::fmt::FormatElement
    + crate::math::Close
    + crate::npy::NpyElement
    + LinalgIfEnabled
    + std::iter::Sum
    + std::iter::Product
    + Default
    + std::fmt::Debug
    + std::fmt::Display
    + Send
    + Sync
    + 'static
{
}

impl Real for f32 {}
impl Real for f64 {}

/// [`crate::linalg::LinalgScalar`] when the `linalg` feature is on (so `T: Real` can call the
/// decompositions), nothing otherwise.
#[cfg(feature = "linalg")]
#[doc(hidden)]
pub trait LinalgIfEnabled: crate::linalg::LinalgScalar<RealPart = Self> {}
#[cfg(feature = "linalg")]
impl<T: crate::linalg::LinalgScalar<RealPart = T>> LinalgIfEnabled for T {}

/// [`crate::linalg::LinalgScalar`] when the `linalg` feature is on, nothing otherwise.
#[cfg(not(feature = "linalg"))]
#[doc(hidden)]
pub trait LinalgIfEnabled {}
#[cfg(not(feature = "linalg"))]
impl<T> LinalgIfEnabled for T {}

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

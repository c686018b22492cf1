//! Rank arithmetic for operations that add or remove one axis.
//!
//! Stable Rust cannot write `View<T, { N + 1 }>` for a generic `N`, so those operations take
//! the output rank as a parameter bound by `Rank<N>: Up<M>` (or `Down<M>`), implemented for each
//! rank up to 8. At a call site `N` is known and the compiler finds the one `M` that fits: the
//! caller never annotates it.
//!
//! ```
//! use einarray::{Array, Axis};
//! let x = Array::<f64, 2>::zeros([2, 3]);
//! let y = x.view().insert_axis(Axis(1)); // a View<f64, 3>, inferred
//! assert_eq!(y.shape(), [2, 1, 3]);
//! ```

/// The rank `N` as a type.
#[derive(Clone, Copy, Debug)]
pub struct Rank<const N: usize>;

/// `M = N + 1`.
#[diagnostic::on_unimplemented(message = "`{Self}` cannot gain an axis: ranks go up to 8")]
pub trait Up<const M: usize> {}

/// `M = N - 1`.
#[diagnostic::on_unimplemented(message = "`{Self}` has no axis to remove")]
pub trait Down<const M: usize> {}

macro_rules! ranks {
    ($($n:literal => $m:literal),*) => {$(
        impl Up<$m> for Rank<$n> {}
        impl Down<$n> for Rank<$m> {}
    )*};
}
ranks!(0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 7, 7 => 8);

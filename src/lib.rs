//! # einarray
//!
//! NumPy's array model in Rust, with index notation checked at compile time.
//!
//! - [`Array<T, N>`], [`View<'a, T, N>`] and [`ViewMut<'a, T, N>`]: owned, borrowed and mutably
//!   borrowed strided arrays whose rank `N` is part of the type; negative and zero strides,
//!   C and F order, views vs copies exactly as NumPy teaches.
//! - [`s!`] slicing with NumPy's rules (negative steps, clamped bounds, `NewAxis`, `...`), the
//!   output rank computed by the compiler.
//! - Static sizes per axis when you want them ([`shape`]): `Array<f64, 2, (Const<3>, Dyn)>`.
//!
//! ```
//! use einarray::prelude::*;
//!
//! let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
//! let v = x.slice(s![1, ..;-1, NewAxis, 0]);    // x[1, ::-1, np.newaxis, 0]
//! assert_eq!(v.shape(), [3, 1]);
//! assert_eq!(v.to_vec(), vec![20, 16, 12]);
//! assert!(v.shares_memory(&x));                // a view, not a copy
//! println!("{}", x.t());
//! ```

#![warn(missing_docs)]

pub use einarray_core::*;

/// Support for macro expansions. Not public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use einarray_core::__private::*;
}

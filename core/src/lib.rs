//! The runtime of [einarray](https://docs.rs/einarray): strided N-dimensional arrays with
//! NumPy's semantics, and the support code that `einsum!`/`tensor!` expansions call.
//!
//! Users depend on the `einarray` facade, which re-exports everything here. The types:
//!
//! - [`Array<T, N>`]: owns its elements; rank `N` is a const generic, so rank errors are type
//!   errors.
//! - [`View<'a, T, N>`] / [`ViewMut<'a, T, N>`]: borrow one, like `&[T]` / `&mut [T]`.
//! - All three share one layout ([`layout`]): a pointer, `shape: [usize; N]` and
//!   `strides: [isize; N]` in elements, negative and zero strides allowed.
//! - Static sizes per axis are opt-in through a defaulted third parameter ([`shape`]).
//!
//! Views vs copies follow NumPy: slicing ([`s!`]), transposing, `broadcast_to`, inserting axes
//! and reshapes that keep strides valid return views; reshapes that cannot, `flatten` and
//! `copy` return owned arrays.
//!
//! ```
//! use einarray::prelude::*;
//! let x = Array::<i64, 1>::arange(10);
//! let evens = x.slice(s![..;2]);
//! assert_eq!(evens.to_vec(), vec![0, 2, 4, 6, 8]);
//! assert!(evens.shares_memory(&x));
//! ```

#![warn(missing_docs)]

mod alloc;
mod array;
pub mod config;
pub mod einsum;
mod error;
mod fmt;
mod gemm_small;
pub mod index;
pub mod iter;
mod kernel;
pub mod layout;
pub mod linalg;
mod math;
pub mod npy;
pub mod ops;
mod parallel;
pub mod random;
pub mod rank;
mod reduce;
pub mod scalar;
mod sealed;
pub mod select;
pub mod shape;
pub mod slice;
mod sort;
mod storage;
pub mod tensor;
pub mod ufunc;
mod view;
pub mod window;
pub mod zip;

pub use array::{ArangeElem, Array, CowArray};
pub use error::{ErrorKind, ShapeError};
pub use fmt::FormatElement;
pub use layout::{Ax, Axis, IntoAxis, Layout, Order};
pub use math::Close;
pub use num_complex;
pub use num_traits;
pub use ops::ScalarOperand;
pub use scalar::Real;
pub use shape::{AxisDim, Const, Dim, Dyn, SameDim, SameShape, Shape};
pub use slice::{IndexInt, IntoSliceElem, NewAxis, Slice, SliceArg, SliceElem, SliceInfo};
pub use view::{AsView, AsViewMut, ReshapeArg, ReshapeDim, View, ViewMut};

/// The names most programs need: `use einarray::prelude::*;`.
///
/// ```
/// use einarray::prelude::*;
/// let a: Array<f64, 2> = Array::zeros([2, 2]);
/// let _v: View<f64, 1> = a.slice(s![0, ..]);
/// ```
pub mod prelude {
    pub use crate::scalar::{exp, sigmoid, Real};
    pub use crate::{
        array, s, Array, AsView, AsViewMut, Ax, Axis, Const, CowArray, Dyn, NewAxis, Order,
        ShapeError, Slice, SliceInfo, View, ViewMut,
    };
}

/// Support for macro expansions. Not public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::array::nested::{nested1, nested2, nested3, nested4};
    pub use crate::einsum;
    pub use crate::tensor;
}

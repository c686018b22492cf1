//! The runtime of `tensor!`: what its expansion calls for operands, reductions, size checks
//! and results. Not public API (reached through `__private`), but documented for readers of
//! expansions.

use crate::array::Array;
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::view::View;
use num_traits::{One, Zero};
use std::ops::{Add, Mul};

/// What a `tensor!` indexed term may read: `&Array`, `View`, `&View`, `&ViewMut`, `&CowArray`
/// of rank `N` (its label count).
#[diagnostic::on_unimplemented(
    message = "this array is indexed with {N} labels, so it must have rank {N}; found `{Self}`",
    label = "indexed with {N} labels"
)]
pub trait TensorOperand<'a, const N: usize, T, S> {
    /// The operand as a view.
    fn into_tensor_view(self) -> View<'a, T, N, S>
    where
        S: crate::Shape<N>;
}

impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S> for &'a Array<T, N, S> {
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S> for View<'a, T, N, S> {
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self
    }
}
impl<'b, const N: usize, T, S: crate::Shape<N>> TensorOperand<'b, N, T, S> for &View<'b, T, N, S> {
    fn into_tensor_view(self) -> View<'b, T, N, S> {
        *self
    }
}
impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S>
    for &'a crate::ViewMut<'_, T, N, S>
{
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const N: usize, T> TensorOperand<'a, N, T, [usize; N]> for &'a crate::CowArray<'_, T, N> {
    fn into_tensor_view(self) -> View<'a, T, N> {
        self.view()
    }
}

/// `Σ`, with `0` for an empty range.
#[derive(Debug)]
pub struct Sum<T>(Option<T>);
/// `Π`, with `1` for an empty range.
#[derive(Debug)]
pub struct Prod<T>(Option<T>);
/// The largest value; an empty range is an error.
#[derive(Debug)]
pub struct Max<T>(Option<T>);
/// The smallest value; an empty range is an error.
#[derive(Debug)]
pub struct Min<T>(Option<T>);

impl<T> Sum<T> {
    /// An empty sum.
    #[inline(always)]
    pub fn new() -> Self {
        Sum(None)
    }
}
impl<T: Add<Output = T> + Zero> Sum<T> {
    /// Adds one term.
    #[inline(always)]
    pub fn push(&mut self, v: T) {
        self.0 = Some(match self.0.take() {
            None => v,
            Some(a) => a + v,
        });
    }
    /// The sum.
    #[inline(always)]
    pub fn finish(self, _what: &str) -> T {
        self.0.unwrap_or_else(T::zero)
    }
}
impl<T> Default for Sum<T> {
    fn default() -> Self {
        Sum(None)
    }
}

impl<T> Prod<T> {
    /// An empty product.
    #[inline(always)]
    pub fn new() -> Self {
        Prod(None)
    }
}
impl<T: Mul<Output = T> + One> Prod<T> {
    /// Multiplies one factor.
    #[inline(always)]
    pub fn push(&mut self, v: T) {
        self.0 = Some(match self.0.take() {
            None => v,
            Some(a) => a * v,
        });
    }
    /// The product.
    #[inline(always)]
    pub fn finish(self, _what: &str) -> T {
        self.0.unwrap_or_else(T::one)
    }
}
impl<T> Default for Prod<T> {
    fn default() -> Self {
        Prod(None)
    }
}

macro_rules! extremum {
    ($ty:ident, $keep_new:expr, $name:literal) => {
        impl<T> $ty<T> {
            /// An empty fold.
            #[inline(always)]
            pub fn new() -> Self {
                $ty(None)
            }
        }
        impl<T> Default for $ty<T> {
            fn default() -> Self {
                $ty(None)
            }
        }
        impl<T: PartialOrd> $ty<T> {
            /// Folds in one value (NaN propagates, as in NumPy).
            #[inline(always)]
            pub fn push(&mut self, v: T) {
                self.0 = Some(match self.0.take() {
                    None => v,
                    Some(a) => {
                        let a_nan = a.partial_cmp(&a).is_none();
                        if a_nan || !$keep_new(&a, &v) {
                            a
                        } else {
                            v
                        }
                    }
                });
            }
            /// The result.
            ///
            /// # Panics
            /// When the range was empty (NumPy: "zero-size array to reduction operation").
            #[track_caller]
            pub fn finish(self, what: &str) -> T {
                match self.0 {
                    Some(v) => v,
                    None => panic!("{what}: {} over an empty range", $name),
                }
            }
        }
    };
}
extremum!(
    Max,
    |a: &T, v: &T| v > a || v.partial_cmp(v).is_none(),
    "max"
);
extremum!(
    Min,
    |a: &T, v: &T| v < a || v.partial_cmp(v).is_none(),
    "min"
);

/// The error for two axes with one label and different sizes.
pub fn size_error(
    what: &str,
    label: &str,
    first: (&str, usize, usize),
    other: (&str, usize, usize),
) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "{what}: label `{label}` is {} in `{}` (axis {}) but {} in `{}` (axis {})",
        first.1,
        first.0,
        first.2,
        other.1,
        other.0,
        other.2
    )
}

/// The new array of a `:=` statement from its elements in C order.
#[inline(always)]
pub fn finish<T, const M: usize>(shape: [usize; M], data: Vec<T>) -> Array<T, M> {
    Array::from_shape_vec(shape, data).expect("one element per index of the shape")
}

/// Unwraps a `tensor!` result, panicking with its message at the macro's call site.
#[track_caller]
#[inline(always)]
pub fn unwrap<R>(r: Result<R, ShapeError>) -> R {
    unwrap_or_panic(r)
}

/// A result as an owned array: `Array` as is, a `View` copied. The temporary of an aliased
/// write must not borrow the array it is written into.
pub trait IntoOwned<T, const M: usize> {
    /// The owned array.
    fn into_owned_array(self) -> Array<T, M>;
}

impl<T, const M: usize> IntoOwned<T, M> for Array<T, M> {
    fn into_owned_array(self) -> Array<T, M> {
        self
    }
}

impl<T: Clone, const M: usize> IntoOwned<T, M> for View<'_, T, M> {
    fn into_owned_array(self) -> Array<T, M> {
        self.to_owned()
    }
}

/// A reference to an operand is an operand (`let a = &array; tensor!(… a[i] …)`).
impl<'a, 'b: 'a, const N: usize, T: 'b, S: crate::Shape<N>, A> TensorOperand<'a, N, T, S>
    for &'a &'b A
where
    &'b A: TensorOperand<'b, N, T, S>,
{
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        (*self).into_tensor_view()
    }
}

//! Static sizes, per axis, as an opt-in type parameter.
//!
//! Every array type carries a third, defaulted parameter `S`: `Array<T, N, S = [usize; N]>`.
//! With the default every size is dynamic, and everyday code never writes it. A tuple of
//! per-axis markers makes some sizes part of the type:
//!
//! ```
//! use einarray::{Array, Const, Dyn};
//! // a 2×3 matrix whose sizes the compiler knows
//! let m: Array<f64, 2, (Const<2>, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
//! // a batch of 3-vectors: the batch size is dynamic, the vector size static
//! let b: Array<f32, 2, (Dyn, Const<3>)> = Array::zeros([100, 3]).into_static().unwrap();
//! assert_eq!((m.shape(), b.shape()), ([2, 3], [100, 3]));
//! ```
//!
//! The runtime shape is always stored, so every algorithm works the same on static and dynamic
//! arrays; the type is a promise, checked once when it is made ([`Array::into_static`],
//! [`View::as_static`]), that the compiler can then reason with. Operations that keep the shape
//! (`view`, `view_mut`, `to_owned`, `map`, `copy`) keep `S`; operations that change it (slicing,
//! permuting, reshaping) return dynamic sizes.
//!
//! The compiler compares static sizes through [`SameShape`] and [`SameDim`], whose failures are
//! worded with `#[diagnostic::on_unimplemented]` so the message shows `Const<3>`, never a
//! type-level number. `einsum!` and `tensor!` read one axis's marker through [`AxisDim`], and put
//! the label into the message. [`ViewMut::assign`] shows the mechanism today:
//!
//! ```compile_fail
//! use einarray::{Array, Const};
//! let mut a: Array<f64, 1, (Const<3>,)> = Array::zeros([3]).into_static().unwrap();
//! let b: Array<f64, 1, (Const<4>,)> = Array::zeros([4]).into_static().unwrap();
//! a.view_mut().assign(&b.view()); // error: static sizes `(Const<3>,)` and `(Const<4>,)` differ
//! ```
//!
//! Why a defaulted parameter rather than a separate static type: one set of types and methods,
//! `Array<f64, 2>` for everyday code, and static sizes that flow through `einsum!` unchanged.
//! typenum and generic-array stay out of public signatures and messages.
//!
//! [`Array::into_static`]: crate::Array::into_static
//! [`View::as_static`]: crate::View::as_static
//! [`ViewMut::assign`]: crate::ViewMut::assign

use crate::error::{shape_err, ShapeError};

/// An axis whose size is the constant `D`, known to the compiler.
///
/// ```
/// use einarray::{Const, Dim};
/// assert_eq!(<Const<3> as Dim>::SIZE, Some(3));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Const<const D: usize>;

/// An axis whose size is known at run time only.
///
/// ```
/// use einarray::{Dim, Dyn};
/// assert_eq!(<Dyn as Dim>::SIZE, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dyn;

/// The size marker of one axis: [`Const<D>`] or [`Dyn`].
///
/// ```
/// use einarray::{Const, Dim, Dyn};
/// fn describe<D: Dim>() -> String {
///     D::SIZE.map_or("dynamic".into(), |n| n.to_string())
/// }
/// assert_eq!(describe::<Const<4>>(), "4");
/// assert_eq!(describe::<Dyn>(), "dynamic");
/// ```
///
/// Sealed: implemented for `Const<D>` and `Dyn` only, because unsafe code relies on what its
/// implementations return.
pub trait Dim: Copy + 'static + crate::sealed::Dim {
    /// The size if it is static.
    const SIZE: Option<usize>;
}

impl<const D: usize> crate::sealed::Dim for Const<D> {}
impl crate::sealed::Dim for Dyn {}

impl<const D: usize> Dim for Const<D> {
    const SIZE: Option<usize> = Some(D);
}

impl Dim for Dyn {
    const SIZE: Option<usize> = None;
}

/// The static part of an `N`-dimensional shape: `[usize; N]` (all dynamic) or a tuple of one
/// [`Dim`] per axis (`(Const<2>, Dyn)`), for ranks 1 to 6.
///
/// ```
/// use einarray::{Const, Dyn, Shape};
/// assert_eq!(<(Const<2>, Dyn) as Shape<2>>::STATIC, [Some(2), None]);
/// assert_eq!(<[usize; 3] as Shape<3>>::STATIC, [None; 3]);
/// assert!(<(Const<2>, Dyn) as Shape<2>>::check("op", &[2, 7]).is_ok());
/// assert!(<(Const<2>, Dyn) as Shape<2>>::check("op", &[3, 7]).is_err());
/// ```
///
/// Sealed: implemented for `[usize; N]` and tuples of `Const`/`Dyn` only, because unsafe code relies on what its
/// implementations return.
pub trait Shape<const N: usize>: Copy + 'static + crate::sealed::Shape {
    /// Each axis's static size, `None` where it is dynamic.
    const STATIC: [Option<usize>; N];

    /// Whether a runtime `shape` keeps this type's promise: the check without its message, for
    /// the hot paths that make views (`true` at once for all-dynamic shapes).
    #[doc(hidden)]
    #[inline(always)]
    fn keeps(shape: &[usize; N]) -> bool {
        // An index loop over the constant `STATIC`: each axis folds to nothing (dynamic) or one
        // comparison (static). The iterator form was not folded (callgrind: ~5 instructions
        // more per view).
        let mut ok = true;
        for k in 0..N {
            if let Some(want) = Self::STATIC[k] {
                ok &= want == shape[k];
            }
        }
        ok
    }

    /// Checks that a runtime `shape` keeps this type's promise, naming `op` in the error.
    fn check(op: &str, shape: &[usize; N]) -> Result<(), ShapeError> {
        for (k, (&want, &got)) in Self::STATIC.iter().zip(shape.iter()).enumerate() {
            if let Some(want) = want {
                if want != got {
                    return Err(shape_err!(
                        IncompatibleShape,
                        "{op}: axis {k} has size {got} but the type says `Const<{want}>` \
                         (shape {shape:?})"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Panics with [`Shape::check`]'s message for a `shape` that breaks `S`'s promise: the cold
/// path of the asserts that views and arrays make on construction.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn broken_promise<S: Shape<N>, const N: usize>(op: &str, shape: &[usize; N]) -> ! {
    match S::check(op, shape) {
        Err(e) => panic!("{e}"),
        Ok(()) => panic!("{op}: shape {shape:?} keeps the type's promise but failed the test"),
    }
}

impl<const N: usize> crate::sealed::Shape for [usize; N] {}

impl<const N: usize> Shape<N> for [usize; N] {
    const STATIC: [Option<usize>; N] = [None; N];
}

/// The size marker of axis `K` of a shape type: how `einsum!` reads one axis.
///
/// ```
/// use einarray::{AxisDim, Const, Dim, Dyn};
/// type S = (Dyn, Const<3>);
/// assert_eq!(<<S as AxisDim<1>>::Dim as Dim>::SIZE, Some(3));
/// assert_eq!(<<[usize; 2] as AxisDim<0>>::Dim as Dim>::SIZE, None);
/// ```
pub trait AxisDim<const K: usize> {
    /// [`Const<D>`] or [`Dyn`].
    type Dim: Dim;
}

impl<const N: usize, const K: usize> AxisDim<K> for [usize; N] {
    type Dim = Dyn;
}

/// Two axis markers that may describe the same axis: equal constants, or at least one dynamic.
///
/// Implemented for `Const<A>: SameDim<Const<A>>` and for every pair with a [`Dyn`]; a pair of
/// different constants has no implementation, which is the compile error.
///
/// ```
/// use einarray::{Const, Dyn, SameDim};
/// fn agree<A: SameDim<B>, B>() {}
/// agree::<Const<3>, Const<3>>();
/// agree::<Dyn, Const<3>>();
/// ```
///
/// ```compile_fail
/// use einarray::{Const, SameDim};
/// fn agree<A: SameDim<B>, B>() {}
/// agree::<Const<3>, Const<4>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "static sizes `{Self}` and `{Other}` differ",
    label = "this axis is `{Self}` here but `{Other}` in the other operand"
)]
pub trait SameDim<Other> {}

impl<const A: usize> SameDim<Const<A>> for Const<A> {}
impl<const A: usize> SameDim<Dyn> for Const<A> {}
impl<D: Dim> SameDim<D> for Dyn {}

/// Two shape types of rank `N` that may describe the same shape, axis by axis.
///
/// ```
/// use einarray::{Const, Dyn, SameShape};
/// fn agree<A: SameShape<B, 2>, B>() {}
/// agree::<(Const<2>, Dyn), (Const<2>, Const<5>)>();
/// agree::<[usize; 2], (Const<2>, Const<5>)>();
/// ```
#[diagnostic::on_unimplemented(
    message = "static sizes `{Self}` and `{Other}` differ",
    label = "expected shape `{Self}`, found `{Other}`"
)]
pub trait SameShape<Other, const N: usize> {}

impl<const N: usize> SameShape<[usize; N], N> for [usize; N] {}

/// `AxisDim<K>` for each axis of one tuple, one axis per step.
macro_rules! axis_dims {
    ($gens:tt; ) => {};
    ([$($g:ident),+]; $k:literal => $d:ident $(, $rk:literal => $rd:ident)*) => {
        impl<$($g: Dim),+> AxisDim<$k> for ($($g,)+) { type Dim = $d; }
        axis_dims!([$($g),+]; $($rk => $rd),*);
    };
}

macro_rules! tuple_shapes {
    ($n:literal: $($d:ident $e:ident $k:literal),+) => {
        impl<$($d: Dim),+> crate::sealed::Shape for ($($d,)+) {}
        impl<$($d: Dim),+> Shape<$n> for ($($d,)+) {
            const STATIC: [Option<usize>; $n] = [$($d::SIZE),+];
        }
        axis_dims!([$($d),+]; $($k => $d),+);
        impl<$($d: Dim),+> SameShape<[usize; $n], $n> for ($($d,)+) {}
        impl<$($d: Dim),+> SameShape<($($d,)+), $n> for [usize; $n] {}
        impl<$($d: Dim + SameDim<$e>,)+ $($e: Dim),+> SameShape<($($e,)+), $n> for ($($d,)+) {}
    };
}

tuple_shapes!(1: A0 B0 0);
tuple_shapes!(2: A0 B0 0, A1 B1 1);
tuple_shapes!(3: A0 B0 0, A1 B1 1, A2 B2 2);
tuple_shapes!(4: A0 B0 0, A1 B1 1, A2 B2 2, A3 B3 3);
tuple_shapes!(5: A0 B0 0, A1 B1 1, A2 B2 2, A3 B3 3, A4 B4 4);
tuple_shapes!(6: A0 B0 0, A1 B1 1, A2 B2 2, A3 B3 3, A4 B4 4, A5 B5 5);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_the_axis() {
        let e = <(Dyn, Const<3>) as Shape<2>>::check("into_static", &[5, 4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "into_static: axis 1 has size 4 but the type says `Const<3>` (shape [5, 4])"
        );
    }
}

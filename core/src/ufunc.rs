//! NumPy's ufunc objects and their methods: `ufunc::add.reduce(&x, Axis(0))`,
//! `ufunc::bitwise_or.accumulate(&x, Axis(0))`, `ufunc::multiply.outer(&a, &b)`, and the
//! three-operand selections `where_`, `select` and `clip`.
//!
//! Every binary operation is a value implementing [`BinaryUfunc`], which gives it NumPy's
//! methods: [`call`](BinaryUfunc::call) (broadcasting), [`call_into`](BinaryUfunc::call_into)
//! (`out=`), [`reduce`](BinaryUfunc::reduce), [`reduce_all`](BinaryUfunc::reduce_all),
//! [`accumulate`](BinaryUfunc::accumulate) and [`outer`](BinaryUfunc::outer). Your own operation
//! becomes one with [`from_fn`] (the compiled `np.frompyfunc`).
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::ufunc::{self, BinaryUfunc};
//! let x = Array::<i64, 1>::from_vec(vec![1, 2, 4, 8]);
//! assert_eq!(ufunc::bitwise_or.accumulate(&x, Axis(0)).to_vec(), vec![1, 3, 7, 15]);
//! assert_eq!(ufunc::add.reduce_all(&x), 15);
//! let table: Array<i64, 2> = ufunc::multiply.outer(&x, &x);
//! assert_eq!(table[[2, 3]], 32);
//! let gcd = ufunc::from_fn("gcd", |a: &i64, b: &i64| {
//!     let (mut a, mut b) = (*a, *b);
//!     while b != 0 { (a, b) = (b, a % b); }
//!     a
//! });
//! assert_eq!(gcd.reduce_all(&Array::<i64, 1>::from_vec(vec![12, 18, 30])), 6);
//! ```
//!
//! # Unsafe code here
//!
//! - `map_into` writes its output through `zip::lanes2`, after `zip::check_out_shape` accepts
//!   the broadcast; the output is a `ViewMut` borrowed uniquely (invariant 4), so it cannot
//!   overlap the shared input.

#![allow(non_upper_case_globals)]

use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::Axis;
use crate::math::{max_nan, min_nan};
use crate::rank::{Down, MaxDims, PlusDims, Rank};
use crate::view::{AsView, AsViewMut, View};
use crate::zip::{
    check_out_shape, lanes2, pad_shape, stretch, try_zip3_views, try_zip_views, zip_into_views,
};
use crate::Array;
use num_traits::{One, Zero};

/// A binary operation with NumPy's ufunc methods.
///
/// Implement [`name`](BinaryUfunc::name), [`apply`](BinaryUfunc::apply) and, when the operation
/// has one, [`identity`](BinaryUfunc::identity); the methods come for free.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::BinaryUfunc;
/// struct Hypot;
/// impl BinaryUfunc<f64> for Hypot {
///     fn name(&self) -> &str { "hypot" }
///     fn apply(&self, a: &f64, b: &f64) -> f64 { a.hypot(*b) }
/// }
/// let x = Array::<f64, 1>::from_vec(vec![3.0, 5.0]);
/// let y: Array<f64, 1> = Hypot.call(&x, &4.0);
/// assert_eq!(y.to_vec(), vec![5.0, 41f64.sqrt()]);
/// ```
pub trait BinaryUfunc<T: Clone> {
    /// The name used in error messages.
    fn name(&self) -> &str;

    /// The operation on one pair of elements.
    fn apply(&self, a: &T, b: &T) -> T;

    /// The value `e` with `apply(e, x) == x` for all `x`, if there is one: what `reduce` gives
    /// for an empty axis (without one, an empty axis is an error).
    fn identity(&self) -> Option<T> {
        None
    }

    /// The operation element by element over the broadcast shape (`np.add(a, b)`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    #[track_caller]
    fn call<const N: usize, const M: usize, const R: usize>(
        &self,
        a: &impl AsView<T, N>,
        b: &impl AsView<T, M>,
    ) -> Array<T, R>
    where
        Rank<N>: MaxDims<M, R>,
    {
        unwrap_or_panic(try_zip_views(
            self.name(),
            a.as_view(),
            b.as_view(),
            |x, y| self.apply(x, y),
        ))
    }

    /// The operation into an existing array, the inputs broadcast to its shape
    /// (`np.add(a, b, out=c)`).
    ///
    /// # Panics
    /// When the inputs do not broadcast to `out`'s shape.
    #[track_caller]
    fn call_into<const R: usize, const N: usize, const M: usize>(
        &self,
        out: &mut impl AsViewMut<T, R>,
        a: &impl AsView<T, N>,
        b: &impl AsView<T, M>,
    ) {
        unwrap_or_panic(zip_into_views(
            self.name(),
            out.as_view_mut(),
            a.as_view(),
            b.as_view(),
            |x, y| self.apply(x, y),
        ))
    }

    /// Reduces along `axis`, removing it (`np.add.reduce(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds, or empty for an operation without identity.
    #[track_caller]
    fn reduce<const N: usize, const M: usize>(
        &self,
        a: &impl AsView<T, N>,
        axis: impl crate::IntoAxis,
    ) -> Array<T, M>
    where
        Rank<N>: Down<M>,
    {
        let v = a.as_view();
        let axis = unwrap_or_panic(axis.resolve::<N>(self.name()));
        match self.identity() {
            Some(e) => v.fold_axis(axis, e, |acc, x| *acc = self.apply(acc, x)),
            None => unwrap_or_panic(v.try_reduce_axis(axis, |p, x| self.apply(p, x)).map_err(
                |e| match e.kind() {
                    crate::ErrorKind::OutOfBounds => e,
                    _ => no_identity(self.name(), v.shape(), axis),
                },
            )),
        }
    }

    /// Reduces every element to one value (`np.add.reduce(x, axis=None)`).
    ///
    /// # Panics
    /// On an empty array for an operation without identity.
    #[track_caller]
    fn reduce_all<const N: usize>(&self, a: &impl AsView<T, N>) -> T {
        let mut it = a.as_view().iter();
        let start = match self.identity() {
            Some(e) => e,
            None => match it.next() {
                Some(x) => x.clone(),
                None => panic!(
                    "{}.reduce: zero-size array to reduction operation {} which has no identity",
                    self.name(),
                    self.name()
                ),
            },
        };
        it.fold(start, |acc, x| self.apply(&acc, x))
    }

    /// The running reduction along `axis`, same shape (`np.bitwise_or.accumulate(x)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    #[track_caller]
    fn accumulate<const N: usize>(
        &self,
        a: &impl AsView<T, N>,
        axis: impl crate::IntoAxis,
    ) -> Array<T, N> {
        a.as_view()
            .as_dynamic()
            .accumulate_axis(axis, |p, x| self.apply(p, x))
    }

    /// The operation on every pair, shape `a.shape() ++ b.shape()` (`np.multiply.outer`).
    fn outer<const N: usize, const M: usize, const R: usize>(
        &self,
        a: &impl AsView<T, N>,
        b: &impl AsView<T, M>,
    ) -> Array<T, R>
    where
        Rank<N>: PlusDims<M, R>,
    {
        crate::zip::outer_map(a, b, |x, y| self.apply(x, y))
    }
}

fn no_identity<const N: usize>(name: &str, shape: [usize; N], axis: Axis) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "{name}.reduce: zero-size array to reduction operation {name} which has no identity \
         (shape {}, axis {})",
        crate::zip::tuple(&shape),
        axis.0
    )
}

macro_rules! ufuncs {
    ($($(#[$meta:meta])* $value:ident: $Type:ident [$($bound:tt)*] identity $id:expr, |$a:ident, $b:ident| $body:expr;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $Type;

        #[doc = concat!("The [`", stringify!($Type), "`] ufunc, as NumPy spells it: `ufunc::", stringify!($value), "`.")]
        pub const $value: $Type = $Type;

        impl<T: Clone + $($bound)*> BinaryUfunc<T> for $Type {
            fn name(&self) -> &str {
                stringify!($value)
            }
            #[inline]
            fn apply(&self, $a: &T, $b: &T) -> T {
                $body
            }
            fn identity(&self) -> Option<T> {
                $id
            }
        }
    )*};
}

ufuncs! {
    /// `a + b`, identity 0 (`np.add`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(ufunc::add.reduce(&x, Axis(0)).to_vec(), vec![3, 5, 7]);
    /// ```
    add: Add [Zero + std::ops::Add<Output = T>] identity Some(T::zero()), |a, b| a.clone() + b.clone();

    /// `a - b` (`np.subtract`); no identity.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<i32, 1>::from_vec(vec![10, 1, 2]);
    /// assert_eq!(ufunc::subtract.reduce_all(&x), 7);
    /// ```
    subtract: Subtract [std::ops::Sub<Output = T>] identity None, |a, b| a.clone() - b.clone();

    /// `a * b`, identity 1 (`np.multiply`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<i64, 1>::arange_step(1, 6, 1);
    /// assert_eq!(ufunc::multiply.accumulate(&x, Axis(0)).to_vec(), vec![1, 2, 6, 24, 120]);
    /// ```
    multiply: Multiply [One + std::ops::Mul<Output = T>] identity Some(T::one()), |a, b| a.clone() * b.clone();

    /// `a / b` (`np.divide` for floats; integer division for integers); no identity.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, 2.0]);
    /// let y: Array<f64, 1> = ufunc::divide.call(&x, &4.0);
    /// assert_eq!(y.to_vec(), vec![0.25, 0.5]);
    /// ```
    divide: Divide [std::ops::Div<Output = T>] identity None, |a, b| a.clone() / b.clone();

    /// The larger, NaN-propagating (`np.maximum`); no identity.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<i32, 1>::from_vec(vec![1, 5, 3]);
    /// assert_eq!(ufunc::maximum.accumulate(&x, Axis(0)).to_vec(), vec![1, 5, 5]);
    /// ```
    maximum: Maximum [PartialOrd] identity None, |a, b| max_nan(a, b);

    /// The smaller, NaN-propagating (`np.minimum`); no identity.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<i32, 1>::from_vec(vec![4, 5, 3]);
    /// assert_eq!(ufunc::minimum.reduce_all(&x), 3);
    /// ```
    minimum: Minimum [PartialOrd] identity None, |a, b| min_nan(a, b);

    /// `a | b`, identity 0 (`np.bitwise_or`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<u8, 1>::from_vec(vec![1, 2, 4]);
    /// assert_eq!(ufunc::bitwise_or.reduce_all(&x), 7);
    /// ```
    bitwise_or: BitwiseOr [Zero + std::ops::BitOr<Output = T>] identity Some(T::zero()), |a, b| a.clone() | b.clone();

    /// `a & b`, identity all ones (`np.bitwise_and`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<u8, 1>::from_vec(vec![7, 6, 14]);
    /// assert_eq!(ufunc::bitwise_and.reduce_all(&x), 6);
    /// ```
    bitwise_and: BitwiseAnd [Zero + std::ops::Not<Output = T> + std::ops::BitAnd<Output = T>] identity Some(!T::zero()), |a, b| a.clone() & b.clone();

    /// `a ^ b`, identity 0 (`np.bitwise_xor`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let x = Array::<u8, 1>::from_vec(vec![1, 3]);
    /// assert_eq!(ufunc::bitwise_xor.reduce_all(&x), 2);
    /// ```
    bitwise_xor: BitwiseXor [Zero + std::ops::BitXor<Output = T>] identity Some(T::zero()), |a, b| a.clone() ^ b.clone();
}

/// Logical and/or on `bool`, with their identities.
macro_rules! logical {
    ($($(#[$meta:meta])* $value:ident: $Type:ident identity $id:literal, $op:tt;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $Type;

        #[doc = concat!("The [`", stringify!($Type), "`] ufunc: `ufunc::", stringify!($value), "`.")]
        pub const $value: $Type = $Type;

        impl BinaryUfunc<bool> for $Type {
            fn name(&self) -> &str {
                stringify!($value)
            }
            #[inline]
            fn apply(&self, a: &bool, b: &bool) -> bool {
                *a $op *b
            }
            fn identity(&self) -> Option<bool> {
                Some($id)
            }
        }
    )*};
}

logical! {
    /// `a && b` on booleans, identity `true` (`np.logical_and`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let m = Array::<bool, 1>::from_vec(vec![true, true, false]);
    /// assert_eq!(ufunc::logical_and.accumulate(&m, Axis(0)).to_vec(), vec![true, true, false]);
    /// ```
    logical_and: LogicalAnd identity true, &;

    /// `a || b` on booleans, identity `false` (`np.logical_or`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::ufunc::{self, BinaryUfunc};
    /// let m = Array::<bool, 1>::from_vec(vec![false, true, false]);
    /// assert!(ufunc::logical_or.reduce_all(&m));
    /// ```
    logical_or: LogicalOr identity false, |;
}

/// A ufunc made from a closure: see [`from_fn`].
#[derive(Clone, Copy, Debug)]
pub struct FromFn<F> {
    name: &'static str,
    f: F,
}

/// Makes a binary ufunc from a closure, with every ufunc method (NumPy's `np.frompyfunc`, but
/// compiled: the closure is inlined into the loops).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::{self, BinaryUfunc};
/// let logaddexp = ufunc::from_fn("logaddexp", |a: &f64, b: &f64| {
///     let m = a.max(*b);
///     m + ((a - m).exp() + (b - m).exp()).ln()
/// });
/// let x = Array::<f64, 1>::from_vec(vec![0.0, 0.0]);
/// assert!((logaddexp.reduce_all(&x) - 2f64.ln()).abs() < 1e-15);
/// ```
pub fn from_fn<T, F: Fn(&T, &T) -> T>(name: &'static str, f: F) -> FromFn<F> {
    FromFn { name, f }
}

impl<T: Clone, F: Fn(&T, &T) -> T> BinaryUfunc<T> for FromFn<F> {
    fn name(&self) -> &str {
        self.name
    }
    #[inline]
    fn apply(&self, a: &T, b: &T) -> T {
        (self.f)(a, b)
    }
}

/// `x` where `cond` is true, `y` elsewhere, all three broadcast (`np.where(cond, x, y)`).
///
/// # Panics
/// When the shapes cannot be broadcast; see [`try_where_`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::where_;
/// let x = Array::<f64, 1>::from_vec(vec![-1.0, 2.0, -3.0]);
/// let relu: Array<f64, 1> = where_(&x.greater(&0.0), &x, &0.0);
/// assert_eq!(relu.to_vec(), vec![0.0, 2.0, 0.0]);
/// ```
#[track_caller]
pub fn where_<
    T: Clone,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    cond: &impl AsView<bool, N>,
    x: &impl AsView<T, M>,
    y: &impl AsView<T, P>,
) -> Array<T, R>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    unwrap_or_panic(try_where_(cond, x, y))
}

/// [`where_`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::try_where_;
/// let c = Array::<bool, 1>::from_vec(vec![true, false]);
/// let x = Array::<i32, 1>::zeros([3]);
/// let r: Result<Array<i32, 1>, _> = try_where_(&c, &x, &1);
/// assert_eq!(
///     r.unwrap_err().to_string(),
///     "where: operands could not be broadcast together with shapes (2,) (3,) ()"
/// );
/// ```
pub fn try_where_<
    T: Clone,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    cond: &impl AsView<bool, N>,
    x: &impl AsView<T, M>,
    y: &impl AsView<T, P>,
) -> Result<Array<T, R>, ShapeError>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    try_zip3_views(
        "where",
        cond.as_view(),
        x.as_view(),
        y.as_view(),
        |c, a, b| {
            if *c {
                a.clone()
            } else {
                b.clone()
            }
        },
    )
}

/// For each element, the choice of the first true condition, else `default`
/// (`np.select(condlist, choicelist, default)`); all arrays of rank `N`, broadcast together.
///
/// # Panics
/// When the lists differ in length or the shapes cannot be broadcast.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::select;
/// let x = Array::<i32, 1>::arange(6);
/// let small = x.less(&2);
/// let big = x.greater(&3);
/// let neg = -&x;
/// let sq = x.square();
/// let y = select(&[small.view(), big.view()], &[neg.view(), sq.view()], 0);
/// assert_eq!(y.to_vec(), vec![0, -1, 0, 0, 16, 25]);
/// ```
#[track_caller]
pub fn select<T: Clone, const N: usize>(
    conds: &[View<'_, bool, N>],
    choices: &[View<'_, T, N>],
    default: T,
) -> Array<T, N> {
    assert_eq!(
        conds.len(),
        choices.len(),
        "select: {} conditions but {} choices",
        conds.len(),
        choices.len()
    );
    let shapes: Vec<[usize; N]> = conds
        .iter()
        .map(|c| c.shape())
        .chain(choices.iter().map(|c| c.shape()))
        .collect();
    let refs: Vec<&[usize]> = shapes.iter().map(|s| &s[..]).collect();
    let shape = unwrap_or_panic(crate::zip::broadcast_shapes(&refs).map_err(|e| {
        ShapeError::new(
            e.kind(),
            e.message().replacen("broadcast_shapes", "select", 1),
        )
    }));
    let shape: [usize; N] = std::array::from_fn(|k| shape.get(k).copied().unwrap_or(1));
    let mut out = Array::full(shape, default);
    for (c, v) in conds.iter().zip(choices).rev() {
        let prev = out;
        out = unwrap_or_panic(try_zip3_views("select", *c, *v, prev.view(), |c, a, b| {
            if *c {
                a.clone()
            } else {
                b.clone()
            }
        }));
    }
    out
}

/// Every element of `x` limited to `[lo, hi]`, the bounds broadcast (`np.clip` with array
/// bounds); for scalar bounds see [`View::clip`].
///
/// # Panics
/// When the shapes cannot be broadcast; see [`try_clip`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::clip;
/// let x = Array::<i32, 1>::arange(5);
/// let hi = Array::<i32, 1>::from_vec(vec![4, 3, 2, 1, 0]);
/// let c: Array<i32, 1> = clip(&x, &1, &hi);
/// assert_eq!(c.to_vec(), vec![1, 1, 2, 1, 0]);
/// ```
#[track_caller]
pub fn clip<
    T: PartialOrd + Clone,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    x: &impl AsView<T, N>,
    lo: &impl AsView<T, M>,
    hi: &impl AsView<T, P>,
) -> Array<T, R>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    unwrap_or_panic(try_clip(x, lo, hi))
}

/// [`clip`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::try_clip;
/// let x = Array::<i32, 1>::arange(3);
/// let hi = Array::<i32, 1>::zeros([2]);
/// let r: Result<Array<i32, 1>, _> = try_clip(&x, &0, &hi);
/// assert_eq!(
///     r.unwrap_err().to_string(),
///     "clip: operands could not be broadcast together with shapes (3,) () (2,)"
/// );
/// ```
pub fn try_clip<
    T: PartialOrd + Clone,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    x: &impl AsView<T, N>,
    lo: &impl AsView<T, M>,
    hi: &impl AsView<T, P>,
) -> Result<Array<T, R>, ShapeError>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    try_zip3_views(
        "clip",
        x.as_view(),
        lo.as_view(),
        hi.as_view(),
        |v, l, h| min_nan(&max_nan(v, l), h),
    )
}

/// `out[…] = f(a[…])`, `a` broadcast to `out`'s shape: the `out=` form of every unary ufunc
/// (`np.sqrt(a, out=b)`).
///
/// # Panics
/// When `a` does not broadcast to `out`'s shape.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ufunc::map_into;
/// let a = Array::<f64, 1>::from_vec(vec![1.0, 4.0]);
/// let mut out = Array::<f64, 1>::zeros([2]);
/// map_into(&mut out, &a, |x| x.sqrt());
/// assert_eq!(out.to_vec(), vec![1.0, 2.0]);
/// ```
#[track_caller]
pub fn map_into<O, A, const R: usize, const N: usize>(
    out: &mut impl AsViewMut<O, R>,
    a: &impl AsView<A, N>,
    mut f: impl FnMut(&A) -> O,
) {
    let mut out = out.as_view_mut();
    let a = a.as_view();
    let (so, sa) = (out.shape(), a.shape());
    unwrap_or_panic(check_out_shape("map_into", &so, &[&sa]));
    // SAFETY: `out` is a unique borrow, so disjoint from the shared `a`, which is broadcast by
    // strides to `out`'s shape.
    unsafe {
        lanes2(
            &pad_shape(&so),
            out.as_mut_ptr_internal(),
            &stretch(&so, &out.strides()),
            a.as_ptr(),
            &stretch(&sa, &a.strides()),
            |d: &mut O, x: &A| *d = f(x),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn reduce_without_identity_on_empty_axis() {
        let x = Array::<i32, 2>::zeros([0, 2]);
        let r = std::panic::catch_unwind(|| {
            let _: Array<i32, 1> = maximum.reduce(&x, Axis(0));
        });
        assert!(r.is_err());
        let s: Array<i32, 1> = add.reduce(&x, Axis(0));
        assert_eq!(s.to_vec(), vec![0, 0]);
    }

    #[test]
    fn accumulate_last_equals_reduce() {
        let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
        for k in 0..3 {
            let acc = multiply.accumulate(&x, Axis(k));
            let last: Array<i64, 2> = acc.index_axis(Axis(k), x.shape()[k] - 1).to_owned();
            let red: Array<i64, 2> = multiply.reduce(&x, Axis(k));
            assert_eq!(last, red);
        }
    }
}

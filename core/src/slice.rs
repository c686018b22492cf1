//! Basic indexing with NumPy's rules: the [`s!`](crate::s) macro, [`Slice`] and [`NewAxis`].
//!
//! `x.slice(s![1, 2..;-1, NewAxis, ...])` is NumPy's `x[1, 2::-1, np.newaxis, ...]`:
//!
//! | `s![…]` element | NumPy | input axes | output axes |
//! |---|---|---|---|
//! | `i` (an integer, may be negative) | `i` | 1 | 0 |
//! | `a..b`, `a..`, `..b`, `..`, `a..=b` | `a:b`, `a:`, `:b`, `:`, `a:b+1` | 1 | 1 |
//! | `a..b;c` (any range, then a step) | `a:b:c` | 1 | 1 |
//! | a [`Slice`] value | a `slice` object | 1 | 1 |
//! | [`NewAxis`] | `np.newaxis` | 0 | 1 |
//! | `...` (at most once) | `...` | the rest | the rest |
//!
//! Bounds, steps and indices may be any run-time integer expressions (`isize`, `i32`, `i64` or
//! `usize`). Slice bounds follow Python exactly: negative bounds count from the end,
//! out-of-range bounds clamp, a negative step walks backwards with defaults `len-1` and "before
//! the start" (`x[2:5:-1]` is empty, `x[::-1]` reverses). Integer indices out of range and a
//! step of 0 are errors ([`View::try_slice`] returns them, [`View::slice`] panics with them).
//! Fewer elements than axes leave the trailing axes whole, as in NumPy.
//!
//! The output rank is computed by the type checker from the kinds of the elements, so
//! `x.slice(s![1, .., 0])` on a rank-3 array is a `View<T, 1>`; naming more axes than the array
//! has is a compile error:
//!
//! ```compile_fail
//! use einarray::prelude::*;
//! let x = Array::<i32, 1>::arange(10);
//! let _ = x.slice(s![1, 2]); // a rank-1 array has one axis
//! ```
//!
//! [`View::try_slice`]: crate::View::try_slice
//! [`View::slice`]: crate::View::slice

use crate::error::{shape_err, ShapeError};
use crate::layout::Layout;
use std::marker::PhantomData;
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// A slice with optional bounds and a step: Python's `slice(start, stop, step)`.
///
/// Use it to build indices programmatically (seed cell In \[23\]):
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i32, 1>::arange(32).into_reshape([2, 4, 4]);
/// let s = Slice::new(0, 2, 1);
/// assert_eq!(x.slice(s![0, 0, s]).to_vec(), vec![0, 1]);
/// assert_eq!(x.slice(s![0, 0, Slice::full().step(-2)]).to_vec(), vec![3, 1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slice {
    /// First index (Python's default when `None`).
    pub start: Option<isize>,
    /// One past the last index (Python's default when `None`).
    pub stop: Option<isize>,
    /// Step; never 0 for a valid slice.
    pub step: isize,
}

impl Slice {
    /// `slice(start, stop, step)`.
    ///
    /// ```
    /// use einarray::Slice;
    /// assert_eq!(Slice::new(1, 4, 2).step, 2);
    /// ```
    pub fn new(start: isize, stop: isize, step: isize) -> Self {
        Slice {
            start: Some(start),
            stop: Some(stop),
            step,
        }
    }

    /// `slice(None)`: the whole axis.
    ///
    /// ```
    /// use einarray::Slice;
    /// assert_eq!(Slice::full().start, None);
    /// ```
    pub fn full() -> Self {
        Slice {
            start: None,
            stop: None,
            step: 1,
        }
    }

    /// The same bounds with another step.
    ///
    /// ```
    /// use einarray::Slice;
    /// assert_eq!(Slice::full().step(-1).step, -1);
    /// ```
    pub fn step(self, step: isize) -> Self {
        Slice { step, ..self }
    }

    /// The `(first index, length)` this slice selects on an axis of length `len`, by Python's
    /// `slice.indices` rule; `Err` for a step of 0.
    ///
    /// ```
    /// use einarray::Slice;
    /// assert_eq!(Slice::full().step(-1).indices(10), Ok((9, 10)));
    /// assert_eq!(Slice::new(2, 5, -1).indices(10), Ok((0, 0)));
    /// assert_eq!(Slice::new(-4, -1, 1).indices(10), Ok((6, 3)));
    /// ```
    pub fn indices(&self, len: usize) -> Result<(usize, usize), ShapeError> {
        if self.step == 0 {
            return Err(shape_err!(ZeroStep, "slice step cannot be zero"));
        }
        // i128 keeps `start + len` and `-step` exact for every isize input.
        let n = len as i128;
        let step = self.step as i128;
        let clamp = |bound: Option<isize>, default: i128, lo: i128, hi: i128| match bound {
            None => default,
            Some(b) => {
                let b = b as i128;
                let b = if b < 0 { b + n } else { b };
                b.clamp(lo, hi)
            }
        };
        let (start, stop) = if step > 0 {
            (clamp(self.start, 0, 0, n), clamp(self.stop, n, 0, n))
        } else {
            (
                clamp(self.start, n - 1, -1, n - 1),
                clamp(self.stop, -1, -1, n - 1),
            )
        };
        let count = if step > 0 && stop > start {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        if count == 0 {
            Ok((0, 0))
        } else {
            Ok((start as usize, count as usize))
        }
    }
}

/// Inserts a new axis of length 1: NumPy's `np.newaxis` (or `None`) in an index.
///
/// ```
/// use einarray::prelude::*;
/// let y = Array::<i32, 1>::arange(4).into_reshape([2, 2]);
/// assert_eq!(y.slice(s![NewAxis, .., .., NewAxis]).shape(), [1, 2, 2, 1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NewAxis;

/// One element of an index, after the `s!` macro has read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceElem {
    /// An integer index: drops the axis.
    Index(isize),
    /// A slice: keeps the axis.
    Slice(Slice),
    /// A new axis of length 1.
    NewAxis,
    /// `...`: as many whole axes as the other elements leave.
    Ellipsis,
}

#[doc(hidden)]
/// Type-level counters of `s!`: `R<K>` counts axes, `Zero`/`One` are what an element adds.
pub mod count {
    /// The count `K`.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct R<const K: usize>;
    /// Adds no axis.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Zero;
    /// Adds one axis.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct One;

    /// `K + 1`, defined up to the largest rank `s!` supports.
    #[diagnostic::on_unimplemented(
        message = "`s![]` supports at most 8 input axes, 8 output axes and one `...`"
    )]
    pub trait Inc {
        /// The successor.
        type Out;
    }
    macro_rules! inc {
        ($($a:literal => $b:literal),*) => { $(impl Inc for R<$a> { type Out = R<$b>; })* };
    }
    inc!(0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 7, 7 => 8, 8 => 9);

    /// Only an index without `...` may take one.
    #[diagnostic::on_unimplemented(
        message = "an index can only have a single ellipsis (`...`)",
        label = "this `s![]` has a second `...`"
    )]
    pub trait NoEllipsisYet {}
    impl NoEllipsisYet for R<0> {}

    /// Adds `Zero` or `One` to a count.
    pub trait Add<B> {
        /// The sum.
        type Out;
    }
    impl<X> Add<Zero> for X {
        type Out = X;
    }
    impl<X: Inc> Add<One> for X {
        type Out = X::Out;
    }
}
use count::{Add, One, Zero, R};

/// What one `s!` element is: how many input and output axes it takes, and its value.
///
/// Implemented for integers (an index), ranges and [`Slice`] (a slice), and [`NewAxis`].
///
/// ```
/// use einarray::{IntoSliceElem, SliceElem};
/// assert_eq!((-1i32).into_slice_elem(), SliceElem::Index(-1));
/// ```
pub trait IntoSliceElem {
    /// Input axes taken: [`count::Zero`] or [`count::One`].
    #[doc(hidden)]
    type In;
    /// Output axes made: [`count::Zero`] or [`count::One`].
    #[doc(hidden)]
    type Out;
    /// The element's value.
    fn into_slice_elem(self) -> SliceElem;
}

/// The integer types usable as indices and range bounds in `s![]` and as index arrays
/// (`take`): `isize`, `i32`, `i64` and `usize`. One generic implementation per element kind
/// covers them, so the compiler knows how many axes `s![.., 0]` keeps before it has chosen the
/// literal's type.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::IndexInt;
/// assert_eq!((-2i32).to_isize(), -2);
/// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
/// let col = x.slice(s![.., 0]); // rank 1, known before `0` has a type
/// assert_eq!((&x + &col.insert_axis(Axis(1))).shape(), [2, 3]);
/// ```
///
/// Sealed: implemented for `isize`, `i32`, `i64` and `usize` only, because unsafe code relies on what its
/// implementations return.
pub trait IndexInt: Copy + crate::sealed::IndexInt {
    /// The index as `isize`, saturating (an index that large is out of bounds either way).
    #[doc(hidden)]
    fn to_isize(self) -> isize;
}

macro_rules! index_ints {
    ($($t:ty),*) => {$(
        impl crate::sealed::IndexInt for $t {}
        impl IndexInt for $t {
            fn to_isize(self) -> isize {
                isize::try_from(self).unwrap_or(isize::MAX)
            }
        }
    )*};
}
index_ints!(isize, i32, i64, usize);

impl<I: IndexInt> IntoSliceElem for I {
    type In = One;
    type Out = Zero;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Index(self.to_isize())
    }
}
impl<I: IndexInt> IntoSliceElem for Range<I> {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(Slice {
            start: Some(self.start.to_isize()),
            stop: Some(self.end.to_isize()),
            step: 1,
        })
    }
}
impl<I: IndexInt> IntoSliceElem for RangeFrom<I> {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(Slice {
            start: Some(self.start.to_isize()),
            stop: None,
            step: 1,
        })
    }
}
impl<I: IndexInt> IntoSliceElem for RangeTo<I> {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(Slice {
            start: None,
            stop: Some(self.end.to_isize()),
            step: 1,
        })
    }
}
impl<I: IndexInt> IntoSliceElem for RangeInclusive<I> {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        let (a, b) = self.into_inner();
        SliceElem::Slice(Slice {
            start: Some(a.to_isize()),
            stop: inclusive_stop(b.to_isize()),
            step: 1,
        })
    }
}
impl<I: IndexInt> IntoSliceElem for RangeToInclusive<I> {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(Slice {
            start: None,
            stop: inclusive_stop(self.end.to_isize()),
            step: 1,
        })
    }
}

/// `..=b` stops after `b`; `..=-1` runs to the end.
fn inclusive_stop(b: isize) -> Option<isize> {
    if b == -1 {
        None
    } else {
        Some(b.saturating_add(1))
    }
}

impl IntoSliceElem for RangeFull {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(Slice::full())
    }
}

impl IntoSliceElem for Slice {
    type In = One;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::Slice(self)
    }
}

impl IntoSliceElem for NewAxis {
    type In = Zero;
    type Out = One;
    fn into_slice_elem(self) -> SliceElem {
        SliceElem::NewAxis
    }
}

/// A range with a step (`a..b;c` in `s!`); `#[doc(hidden)]` helper of the macro.
#[doc(hidden)]
pub fn stepped<E: IntoSliceElem<In = One, Out = One>>(range: E, step: isize) -> Slice {
    match range.into_slice_elem() {
        SliceElem::Slice(s) => Slice { step, ..s },
        _ => unreachable!("only slices have In = Out = One"),
    }
}

/// Most elements one `s![]` can hold: 8 input axes, 8 new axes and one `...`.
const MAX_ELEMS: usize = 17;

/// An index built by [`s!`](crate::s): the elements, plus their axis counts in the type.
///
/// `I` counts input axes, `O` output axes, `E` ellipses; [`SliceArg`] turns the counts and the
/// array's rank into the output rank.
#[derive(Clone, Copy, Debug)]
pub struct SliceInfo<I, O, E> {
    elems: [SliceElem; MAX_ELEMS],
    len: usize,
    _counts: PhantomData<(I, O, E)>,
}

impl Default for SliceInfo<R<0>, R<0>, R<0>> {
    fn default() -> Self {
        Self::new()
    }
}

impl SliceInfo<R<0>, R<0>, R<0>> {
    /// An empty index (`s![]`: the whole array).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(3);
    /// assert_eq!(x.slice(SliceInfo::new()).to_vec(), vec![0, 1, 2]);
    /// ```
    pub const fn new() -> Self {
        SliceInfo {
            elems: [SliceElem::NewAxis; MAX_ELEMS],
            len: 0,
            _counts: PhantomData,
        }
    }
}

impl<I, O, E> SliceInfo<I, O, E> {
    /// Appends one element (what `s!` does for each comma-separated part).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// let info = SliceInfo::new().push(1).push(0..2);
    /// assert_eq!(x.slice(info).to_vec(), vec![3, 4]);
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn push<X>(mut self, elem: X) -> Pushed<I, O, E, X>
    where
        X: IntoSliceElem,
        I: Add<X::In>,
        O: Add<X::Out>,
    {
        self.elems[self.len] = elem.into_slice_elem();
        SliceInfo {
            elems: self.elems,
            len: self.len + 1,
            _counts: PhantomData,
        }
    }

    /// Appends `...`.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
    /// assert_eq!(x.slice(SliceInfo::new().push_ellipsis().push(0)).shape(), [2, 3]);
    /// ```
    pub fn push_ellipsis(mut self) -> SliceInfo<I, O, R<1>>
    where
        E: count::NoEllipsisYet,
    {
        self.elems[self.len] = SliceElem::Ellipsis;
        SliceInfo {
            elems: self.elems,
            len: self.len + 1,
            _counts: PhantomData,
        }
    }

    /// The elements in order.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert_eq!(s![1, ..].elems().len(), 2);
    /// ```
    pub fn elems(&self) -> &[SliceElem] {
        &self.elems[..self.len]
    }
}

/// The `SliceInfo` after pushing an element of type `X`.
pub type Pushed<I, O, E, X> = SliceInfo<
    <I as Add<<X as IntoSliceElem>::In>>::Out,
    <O as Add<<X as IntoSliceElem>::Out>>::Out,
    E,
>;

/// An index that fits an array of rank `N` and gives a view of rank `M`.
///
/// Implemented for every [`SliceInfo`] whose counts fit (ranks up to 8); the type checker picks
/// `M`, so slicing never needs an annotation.
#[diagnostic::on_unimplemented(
    message = "this `s![]` does not fit an array of rank {N}",
    label = "it indexes more axes than the array has, or makes more than 8",
    note = "count the integer indices and ranges: together they may not exceed the rank"
)]
pub trait SliceArg<const N: usize, const M: usize> {
    /// The elements.
    fn elems(&self) -> &[SliceElem];
}

// Generated by build.rs: one impl per (rank N, input axes A, output axes B) with M = N - A + B.
include!(concat!(env!("OUT_DIR"), "/slice_arg_impls.rs"));

impl<const N: usize> Layout<N> {
    /// The layout of `self` indexed by `elems`, and the offset in elements of its first element.
    ///
    /// The counts were checked by the type system; this walks the elements, expanding `...`
    /// (or the missing tail) to whole axes, and checks indices and steps.
    pub(crate) fn slice<const M: usize>(
        &self,
        elems: &[SliceElem],
    ) -> Result<(Layout<M>, isize), ShapeError> {
        let taken = elems
            .iter()
            .filter(|e| matches!(e, SliceElem::Index(_) | SliceElem::Slice(_)))
            .count();
        debug_assert!(taken <= N);
        let mut shape = [0usize; M];
        let mut strides = [0isize; M];
        let mut offset = 0isize;
        let (mut i, mut o) = (0usize, 0usize);
        let whole = |i: usize, o: usize, shape: &mut [usize; M], strides: &mut [isize; M]| {
            shape[o] = self.shape[i];
            strides[o] = self.strides[i];
        };
        let mut any_empty = false;
        for e in elems {
            match *e {
                SliceElem::Index(ix) => {
                    let len = self.shape[i];
                    let pos = if ix < 0 {
                        ix as i128 + len as i128
                    } else {
                        ix as i128
                    };
                    if pos < 0 || pos >= len as i128 {
                        return Err(shape_err!(
                            OutOfBounds,
                            "slice: index {ix} is out of bounds for axis {i} with size {len}"
                        ));
                    }
                    offset += pos as isize * self.strides[i];
                    i += 1;
                }
                SliceElem::Slice(s) => {
                    let (start, len) = s.indices(self.shape[i]).map_err(|_| {
                        shape_err!(
                            ZeroStep,
                            "slice: step 0 on axis {i} (a slice step cannot be zero)"
                        )
                    })?;
                    shape[o] = len;
                    // A length-0 or 1 axis never steps, so its stride may be anything.
                    strides[o] = self.strides[i].checked_mul(s.step).unwrap_or(0);
                    if len == 0 {
                        any_empty = true;
                    } else {
                        offset += start as isize * self.strides[i];
                    }
                    i += 1;
                    o += 1;
                }
                SliceElem::NewAxis => {
                    shape[o] = 1;
                    strides[o] = 0;
                    o += 1;
                }
                SliceElem::Ellipsis => {
                    for _ in 0..N - taken {
                        whole(i, o, &mut shape, &mut strides);
                        i += 1;
                        o += 1;
                    }
                }
            }
        }
        while i < N {
            whole(i, o, &mut shape, &mut strides);
            i += 1;
            o += 1;
        }
        debug_assert_eq!(o, M);
        // An empty result reads nothing: keep the base pointer rather than one past an axis.
        if any_empty || shape.contains(&0) || self.shape.contains(&0) {
            offset = 0;
        }
        Ok((Layout { shape, strides }, offset))
    }
}

/// Builds a [`SliceInfo`] from NumPy-style index elements; see the [module docs](crate::slice).
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i64, 1>::arange(10);
/// assert_eq!(x.slice(s![2..6;2]).to_vec(), vec![2, 4]);
/// assert_eq!(x.slice(s![..;-1]).to_vec(), vec![9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
/// assert_eq!(x.slice(s![2..5;-1]).len(), 0);
/// assert_eq!(x.slice(s![-4..-1]).to_vec(), vec![6, 7, 8]);
/// let (a, b, c) = (7isize, 2isize, -2isize);
/// assert_eq!(x.slice(s![a..b;c]).to_vec(), vec![7, 5, 3]);
/// ```
#[macro_export]
macro_rules! s {
    (@go $info:expr;) => { $info };
    (@go $info:expr; ... $(, $($rest:tt)*)?) => {
        $crate::s!(@go $info.push_ellipsis(); $($($rest)*)?)
    };
    (@go $info:expr; $r:expr ; $step:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@go $info.push({
            // `5..2;-1` is a descending slice, not an empty range
            #[allow(clippy::reversed_empty_ranges)]
            let elem = $crate::slice::stepped($r, ($step) as isize);
            elem
        }); $($($rest)*)?)
    };
    (@go $info:expr; $e:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@go $info.push($e); $($($rest)*)?)
    };
    ($($t:tt)*) => { $crate::s!(@go $crate::SliceInfo::new(); $($t)*) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Python's `range(len)[start:stop:step]`, written independently of `Slice::indices`.
    fn python_slice(
        len: usize,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    ) -> Vec<usize> {
        let n = len as isize;
        let norm = |b: isize| if b < 0 { b + n } else { b };
        let mut out = vec![];
        if step > 0 {
            let mut i = start.map_or(0, norm).max(0);
            let end = stop.map_or(n, norm).min(n);
            while i < end {
                out.push(i as usize);
                i += step;
            }
        } else {
            let mut i = start.map_or(n - 1, norm).min(n - 1);
            let end = stop.map_or(-1, |b| norm(b).max(-1));
            while i > end {
                if i >= 0 {
                    out.push(i as usize);
                }
                i += step;
            }
        }
        out
    }

    #[test]
    fn indices_match_python_on_a_grid() {
        let bounds = [
            None,
            Some(-12),
            Some(-5),
            Some(-1),
            Some(0),
            Some(1),
            Some(3),
            Some(9),
            Some(15),
        ];
        for len in 0..7 {
            for &start in &bounds {
                for &stop in &bounds {
                    for step in [-3, -2, -1, 1, 2, 5] {
                        let s = Slice { start, stop, step };
                        let (first, count) = s.indices(len).unwrap();
                        let got: Vec<usize> = (0..count)
                            .map(|k| (first as isize + k as isize * step) as usize)
                            .collect();
                        assert_eq!(got, python_slice(len, start, stop, step), "{len} {s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn zero_step_is_an_error() {
        assert!(Slice::full().step(0).indices(3).is_err());
    }

    #[test]
    fn extreme_steps_do_not_overflow() {
        assert_eq!(Slice::full().step(isize::MIN).indices(5), Ok((4, 1)));
        assert_eq!(Slice::full().step(isize::MAX).indices(5), Ok((0, 1)));
        assert_eq!(Slice::new(isize::MIN, isize::MAX, 1).indices(3), Ok((0, 3)));
    }

    #[test]
    fn layout_slice_expands_ellipsis_and_tail() {
        let l = Layout {
            shape: [2, 3, 4],
            strides: [12, 4, 1],
        };
        let (v, off) = l.slice::<2>(s![1, ..].elems()).unwrap();
        assert_eq!((v.shape, v.strides, off), ([3, 4], [4, 1], 12));
        let (v, off) = l.slice::<2>(s![..., 1].elems()).unwrap();
        assert_eq!((v.shape, v.strides, off), ([2, 3], [12, 4], 1));
        let (v, _) = l.slice::<5>(s![NewAxis, ..., NewAxis].elems()).unwrap();
        assert_eq!((v.shape, v.strides), ([1, 2, 3, 4, 1], [0, 12, 4, 1, 0]));
    }
}

//! Sorting, searching, joining and rearranging: `sort_axis`/`argsort_axis` (stable), [`unique`],
//! [`searchsorted`], [`concatenate`], [`stack`], [`split`], `repeat`, `tile`, `flip` (a view) and
//! `roll`.
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::select::{concatenate, unique};
//! let x = array![3, 1, 2, 3, 1];
//! assert_eq!(unique(&x).to_vec(), vec![1, 2, 3]);
//! let both = concatenate(&[x.view(), x.flip(Axis(0))], Axis(0));
//! assert_eq!(both.to_vec(), vec![3, 1, 2, 3, 1, 1, 3, 2, 1, 3]);
//! ```
//!
//! Orderings follow NumPy: sorts are stable, and NaN sorts after every number.
//!
//! # Unsafe code here
//!
//! - `flip` and `split` make sub-views with `View::from_raw` at computed offsets, relying on
//!   the offsets mapping in-bounds indices to in-bounds elements of the parent (invariant 2);
//!   `split` first checks with `check_axis` and that the sections divide the axis.
//! - the private `for_each_lane` reads lanes along an axis through raw pointers at offsets from
//!   `kernel::for_each_offset_c` over the view's own shape and strides.
//! - all of these take or return `View`s only, so no `&mut` is made (invariant 4 not needed).

use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::Layout;
use crate::rank::{Rank, Up};
use crate::shape::Shape;
use crate::slice::IndexInt;
use crate::view::{AsView, View, ViewMut};
use crate::zip::tuple;
use crate::Array;
use num_traits::Zero;
use std::cmp::Ordering;
use std::ops::Add;
use std::ptr::NonNull;

/// NumPy's sort order: by `partial_cmp`, with unordered values (NaN) after everything else.
fn numpy_cmp<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    #[allow(clippy::eq_op)]
    match a.partial_cmp(b) {
        Some(o) => o,
        None => match (a != a, b != b) {
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => Ordering::Equal,
        },
    }
}

/// Calls `f` with the C-ordered list of lanes along `axis`: for each position of the other
/// axes, the lane's elements in index order.
fn for_each_lane<T, const N: usize>(v: View<'_, T, N>, axis: usize, mut f: impl FnMut(Vec<&T>)) {
    let mut rest = v.shape();
    let n = rest[axis];
    rest[axis] = 1;
    let st = v.strides()[axis];
    crate::kernel::for_each_offset_c(&rest, &v.strides(), |off| {
        // SAFETY: `off` is an in-bounds offset with index 0 on `axis`, so every `off + j·st`
        // for `j < n` is in bounds too.
        let lane: Vec<&T> = (0..n as isize)
            .map(|j| unsafe { &*v.as_ptr().offset(off + j * st) })
            .collect();
        f(lane)
    });
}

/// An array of `v`'s shape whose lanes along `axis` are `lanes` (in `for_each_lane` order).
fn from_lanes<U: Clone, const N: usize>(
    shape: [usize; N],
    axis: usize,
    lanes: Vec<Vec<U>>,
) -> Array<U, N> {
    // Build with the axis last, then move it back: the lanes are contiguous that way.
    let mut moved = shape;
    moved[axis..].rotate_left(1);
    let data: Vec<U> = lanes.into_iter().flatten().collect();
    let a = unwrap_or_panic(Array::from_shape_vec(moved, data));
    if axis + 1 == N {
        return a;
    }
    let mut perm = [0usize; N];
    for (k, p) in perm.iter_mut().enumerate() {
        *p = match k.cmp(&axis) {
            Ordering::Less => k,
            Ordering::Equal => N - 1,
            Ordering::Greater => k - 1,
        };
    }
    a.view().permute(perm).to_owned()
}

impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
    /// A sorted copy along `axis` (`np.sort(x, axis, kind='stable')`); NaN last.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![[3.0, f64::NAN, 1.0], [2.0, 0.0, -1.0]];
    /// let s = x.sort_axis(Axis(1));
    /// assert_eq!(s.slice(s![1, ..]).to_vec(), vec![-1.0, 0.0, 2.0]);
    /// assert!(s[[0, 2]].is_nan());
    /// ```
    #[track_caller]
    pub fn sort_axis(self, axis: impl crate::IntoAxis) -> Array<T, N>
    where
        T: PartialOrd + Clone,
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("sort_axis"));
        let n = self.shape()[axis.0];
        if axis.0 + 1 == N && n > 0 {
            // The last axis: the lanes are the rows of a C-ordered copy, sorted in place.
            let mut data = self.to_vec();
            for lane in data.chunks_exact_mut(n) {
                if !crate::sort::radix_sort(lane) {
                    lane.sort_by(numpy_cmp);
                }
            }
            return unwrap_or_panic(Array::from_shape_vec(self.shape(), data));
        }
        let mut lanes = Vec::new();
        for_each_lane(self.as_dynamic(), axis.0, |lane| {
            let mut lane: Vec<T> = lane.into_iter().cloned().collect();
            // Numbers by their bits (`crate::sort`), anything else by comparison: both stable.
            if !crate::sort::radix_sort(&mut lane) {
                lane.sort_by(numpy_cmp);
            }
            lanes.push(lane);
        });
        from_lanes(self.shape(), axis.0, lanes)
    }

    /// The indices that sort each lane along `axis`, stably (`np.argsort(x, axis,
    /// kind='stable')`); NaN last.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![30, 10, 20, 10];
    /// assert_eq!(x.argsort_axis(Axis(0)).to_vec(), vec![1, 3, 2, 0]);
    /// ```
    #[track_caller]
    pub fn argsort_axis(self, axis: impl crate::IntoAxis) -> Array<i64, N>
    where
        T: PartialOrd,
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("argsort_axis"));
        let mut lanes = Vec::new();
        for_each_lane(self.as_dynamic(), axis.0, |lane| {
            // Numbers by their bits (`crate::sort`), anything else by comparison: both stable.
            let idx = crate::sort::radix_argsort(&lane).unwrap_or_else(|| {
                let mut idx: Vec<i64> = (0..lane.len() as i64).collect();
                idx.sort_by(|&i, &j| numpy_cmp(lane[i as usize], lane[j as usize]));
                idx
            });
            lanes.push(idx);
        });
        from_lanes(self.shape(), axis.0, lanes)
    }

    /// The same elements with `axis` reversed, as a view (`np.flip`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// let f = x.flip(Axis(1));
    /// assert_eq!(f.to_vec(), vec![2, 1, 0, 5, 4, 3]);
    /// assert!(f.shares_memory(&x));
    /// ```
    #[track_caller]
    pub fn flip(self, axis: impl crate::IntoAxis) -> View<'a, T, N> {
        let axis = unwrap_or_panic(axis.resolve::<N>("flip"));
        let Layout { shape, mut strides } = self.layout();
        let k = axis.0;
        let offset = if shape[k] == 0 || shape.contains(&0) {
            0
        } else {
            (shape[k] as isize - 1) * strides[k]
        };
        strides[k] = -strides[k];
        // SAFETY: index i on the flipped axis is index n-1-i of the original: in bounds; an
        // empty view reads nothing and keeps its pointer.
        unsafe {
            View::from_raw(
                NonNull::new_unchecked(self.as_ptr().offset(offset) as *mut T),
                Layout { shape, strides },
            )
        }
    }

    /// A copy with the elements shifted by `shift` along `axis`, wrapping around (`np.roll`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(5);
    /// assert_eq!(x.roll(2, Axis(0)).to_vec(), vec![3, 4, 0, 1, 2]);
    /// assert_eq!(x.roll(-1, Axis(0)).to_vec(), vec![1, 2, 3, 4, 0]);
    /// ```
    #[track_caller]
    pub fn roll(self, shift: isize, axis: impl crate::IntoAxis) -> Array<T, N>
    where
        T: Clone,
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("roll"));
        let n = self.shape()[axis.0];
        if n == 0 {
            return self.as_dynamic().to_owned();
        }
        let s = shift.rem_euclid(n as isize) as usize;
        Array::from_fn(self.shape(), |mut pos| {
            pos[axis.0] = (pos[axis.0] + n - s) % n;
            self[pos].clone()
        })
    }

    /// Each element repeated `n` times along `axis` (`np.repeat(x, n, axis)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// // seed In [55]: np.repeat([1, 2], 3)
    /// assert_eq!(array![1, 2].repeat(3, Axis(0)).to_vec(), vec![1, 1, 1, 2, 2, 2]);
    /// ```
    #[track_caller]
    pub fn repeat(self, n: usize, axis: impl crate::IntoAxis) -> Array<T, N>
    where
        T: Clone,
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("repeat"));
        let mut shape = self.shape();
        shape[axis.0] *= n;
        Array::from_fn(shape, |mut pos| {
            pos[axis.0] /= n;
            self[pos].clone()
        })
    }

    /// The array repeated `reps[k]` times along each axis (`np.tile`, same rank).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![[1, 2]];
    /// assert_eq!(x.tile([2, 2]).to_vec(), vec![1, 2, 1, 2, 1, 2, 1, 2]);
    /// ```
    pub fn tile(self, reps: [usize; N]) -> Array<T, N>
    where
        T: Clone,
    {
        let base = self.shape();
        let shape: [usize; N] = std::array::from_fn(|k| base[k] * reps[k]);
        Array::from_fn(shape, |mut pos| {
            for k in 0..N {
                pos[k] %= base[k];
            }
            self[pos].clone()
        })
    }
}

macro_rules! forward_select {
    ([$($g:tt)*] $ty:ty) => {
        impl<$($g)*> $ty {
            /// See [`View::sort_axis`].
            #[track_caller]
            pub fn sort_axis(&self, axis: impl crate::IntoAxis) -> Array<T, N>
            where
                T: PartialOrd + Clone,
            {
                self.view().sort_axis(axis)
            }
            /// See [`View::argsort_axis`].
            #[track_caller]
            pub fn argsort_axis(&self, axis: impl crate::IntoAxis) -> Array<i64, N>
            where
                T: PartialOrd,
            {
                self.view().argsort_axis(axis)
            }
            /// See [`View::flip`].
            #[track_caller]
            pub fn flip(&self, axis: impl crate::IntoAxis) -> View<'_, T, N> {
                self.view().flip(axis)
            }
            /// See [`View::roll`].
            #[track_caller]
            pub fn roll(&self, shift: isize, axis: impl crate::IntoAxis) -> Array<T, N>
            where
                T: Clone,
            {
                self.view().roll(shift, axis)
            }
            /// See [`View::repeat`].
            #[track_caller]
            pub fn repeat(&self, n: usize, axis: impl crate::IntoAxis) -> Array<T, N>
            where
                T: Clone,
            {
                self.view().repeat(n, axis)
            }
            /// See [`View::tile`].
            pub fn tile(&self, reps: [usize; N]) -> Array<T, N>
            where
                T: Clone,
            {
                self.view().tile(reps)
            }
        }
    };
}
forward_select!([T, const N: usize, S: Shape<N>] Array<T, N, S>);
forward_select!(['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>);

/// How many times each value `0..=max` occurs in `x` (`np.bincount(x, minlength=…)`): the
/// result has length `max(x.max() + 1, minlength)`.
///
/// # Panics
/// When a value is negative; see [`try_bincount`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::bincount;
/// let labels = array![0, 1, 1, 3, 1];
/// assert_eq!(bincount(&labels, 0).to_vec(), vec![1, 3, 0, 1]);
/// assert_eq!(bincount(&labels, 6).to_vec(), vec![1, 3, 0, 1, 0, 0]);
/// ```
#[track_caller]
pub fn bincount<I: IndexInt>(x: &impl AsView<I, 1>, minlength: usize) -> Array<usize, 1> {
    unwrap_or_panic(try_bincount(x, minlength))
}

/// [`bincount`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::try_bincount;
/// assert_eq!(
///     try_bincount(&array![2, -1], 0).unwrap_err().to_string(),
///     "bincount: 'x' must have no negative elements (found -1 at index 1)"
/// );
/// ```
pub fn try_bincount<I: IndexInt>(
    x: &impl AsView<I, 1>,
    minlength: usize,
) -> Result<Array<usize, 1>, ShapeError> {
    let x = x.as_view();
    let mut counts = bins("bincount", x, minlength, 0usize)?;
    for i in x.iter() {
        counts[i.to_isize() as usize] += 1;
    }
    Ok(Array::from_vec(counts))
}

/// The sum of `weights[i]` for each value of `x[i]` (`np.bincount(x, weights=w, minlength=…)`):
/// a histogram of weights, or a per-label sum (k-means' cluster totals).
///
/// # Panics
/// When a value is negative or the lengths differ; see [`try_bincount_weighted`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::bincount_weighted;
/// let labels = array![0, 1, 1, 2];
/// let w = array![0.5, 1.0, 2.0, -1.0];
/// assert_eq!(bincount_weighted(&labels, &w, 0).to_vec(), vec![0.5, 3.0, -1.0]);
/// ```
#[track_caller]
pub fn bincount_weighted<I: IndexInt, W: Zero + Add<Output = W> + Copy>(
    x: &impl AsView<I, 1>,
    weights: &impl AsView<W, 1>,
    minlength: usize,
) -> Array<W, 1> {
    unwrap_or_panic(try_bincount_weighted(x, weights, minlength))
}

/// [`bincount_weighted`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::try_bincount_weighted;
/// assert_eq!(
///     try_bincount_weighted(&array![0, 1], &array![1.0], 0).unwrap_err().to_string(),
///     "bincount: the weights and list don't have the same length (2 values, 1 weights)"
/// );
/// ```
pub fn try_bincount_weighted<I: IndexInt, W: Zero + Add<Output = W> + Copy>(
    x: &impl AsView<I, 1>,
    weights: &impl AsView<W, 1>,
    minlength: usize,
) -> Result<Array<W, 1>, ShapeError> {
    let (x, w) = (x.as_view(), weights.as_view());
    if x.len() != w.len() {
        return Err(shape_err!(
            IncompatibleShape,
            "bincount: the weights and list don't have the same length ({} values, {} weights)",
            x.len(),
            w.len()
        ));
    }
    let mut sums = bins("bincount", x, minlength, W::zero())?;
    for (i, &v) in x.iter().zip(w.iter()) {
        let b = &mut sums[i.to_isize() as usize];
        *b = *b + v;
    }
    Ok(Array::from_vec(sums))
}

/// The bins `bincount` needs, filled with `zero`, after checking every value is non-negative;
/// an allocation that fails is an error (NumPy's `MemoryError`), not an abort.
fn bins<I: IndexInt, S: Shape<1>, W: Clone>(
    op: &str,
    x: View<'_, I, 1, S>,
    minlength: usize,
    zero: W,
) -> Result<Vec<W>, ShapeError> {
    let mut max: Option<usize> = None;
    for (n, i) in x.iter().enumerate() {
        let v = i.to_isize();
        if v < 0 {
            return Err(shape_err!(
                InvalidArgument,
                "{op}: 'x' must have no negative elements (found {v} at index {n})"
            ));
        }
        max = max.max(Some(v as usize));
    }
    // `to_isize` saturates at `isize::MAX`, so `+ 1` cannot overflow a `usize`.
    let len = max.map_or(0, |m| m + 1).max(minlength);
    crate::alloc::try_filled_vec(len, zero).map_err(|e| e.for_shape(op, &[len]))
}

/// The sorted distinct values (`np.unique`); NaN last (each NaN kept once, as NumPy 2).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::unique;
/// // seed In [33]: np.unique(labels)
/// assert_eq!(unique(&array![1, 0, 1, 1, 0]).to_vec(), vec![0, 1]);
/// ```
pub fn unique<T: PartialOrd + Clone, const N: usize>(x: &impl AsView<T, N>) -> Array<T, 1> {
    unique_all(x).0
}

/// The sorted distinct values with how often each occurs (`np.unique(x, return_counts=True)`).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::unique_counts;
/// let (v, c) = unique_counts(&array![3, 1, 3, 3]);
/// assert_eq!((v.to_vec(), c.to_vec()), (vec![1, 3], vec![1, 3]));
/// ```
pub fn unique_counts<T: PartialOrd + Clone, const N: usize>(
    x: &impl AsView<T, N>,
) -> (Array<T, 1>, Array<i64, 1>) {
    let (v, _, c) = unique_all(x);
    (v, c)
}

/// The sorted distinct values and, for each element of `x`, the index of its value, in `x`'s
/// shape (`np.unique(x, return_inverse=True)` in NumPy 2): `values.take(&inverse, Axis(0))`
/// rebuilds `x`.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::unique_inverse;
/// let x = array![30, 10, 30, 20];
/// let (v, inv) = unique_inverse(&x);
/// assert_eq!(inv.to_vec(), vec![2, 0, 2, 1]);
/// assert_eq!(v.take(&inv, Axis(0)), x);
/// ```
pub fn unique_inverse<T: PartialOrd + Clone, const N: usize>(
    x: &impl AsView<T, N>,
) -> (Array<T, 1>, Array<i64, N>) {
    let (v, inv, _) = unique_all(x);
    let inv = unwrap_or_panic(Array::from_shape_vec(x.as_view().shape(), inv.into_vec()));
    (v, inv)
}

fn unique_all<T: PartialOrd + Clone, const N: usize>(
    x: &impl AsView<T, N>,
) -> (Array<T, 1>, Array<i64, 1>, Array<i64, 1>) {
    let x = x.as_view();
    let items: Vec<&T> = x.iter().collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| numpy_cmp(items[i], items[j]));
    let mut values: Vec<T> = Vec::new();
    let mut counts: Vec<i64> = Vec::new();
    let mut inverse = vec![0i64; items.len()];
    #[allow(clippy::eq_op)]
    let is_nan = |v: &T| v != v;
    for &i in &order {
        let new = match values.last() {
            None => true,
            // NaNs compare unequal to themselves: NumPy 2 collapses them into one.
            Some(last) => {
                numpy_cmp(last, items[i]) != Ordering::Equal && !(is_nan(last) && is_nan(items[i]))
            }
        };
        if new {
            values.push(items[i].clone());
            counts.push(0);
        }
        *counts.last_mut().expect("pushed above") += 1;
        inverse[i] = values.len() as i64 - 1;
    }
    (
        Array::from_vec(values),
        Array::from_vec(inverse),
        Array::from_vec(counts),
    )
}

/// Which side of equal elements `searchsorted` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Side {
    /// The first position where the value could go (`side='left'`).
    #[default]
    Left,
    /// The last such position (`side='right'`).
    Right,
}

/// For each value, the index in the sorted 1-D `sorted` where it would be inserted to keep the
/// order (`np.searchsorted`).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::{searchsorted, Side};
/// let s = array![1, 2, 2, 5];
/// let v = array![2, 3, 9];
/// assert_eq!(searchsorted(&s, &v, Side::Left).to_vec(), vec![1, 3, 4]);
/// assert_eq!(searchsorted(&s, &v, Side::Right).to_vec(), vec![3, 3, 4]);
/// ```
pub fn searchsorted<T: PartialOrd, const K: usize>(
    sorted: &impl AsView<T, 1>,
    values: &impl AsView<T, K>,
    side: Side,
) -> Array<i64, K> {
    let s = sorted.as_view();
    let items: Vec<&T> = s.iter().collect();
    values
        .as_view()
        .map(|v| {
            let pos = match side {
                Side::Left => items.partition_point(|x| numpy_cmp(*x, v) == Ordering::Less),
                Side::Right => items.partition_point(|x| numpy_cmp(*x, v) != Ordering::Greater),
            };
            pos as i64
        })
        .into_dynamic()
}

/// Joins arrays along an existing axis (`np.concatenate`); all other lengths must agree.
///
/// # Panics
/// When the list is empty or the shapes disagree; see [`try_concatenate`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::concatenate;
/// let a = array![[1, 2]];
/// let b = array![[3, 4], [5, 6]];
/// assert_eq!(concatenate(&[a.view(), b.view()], Axis(0)).to_vec(), vec![1, 2, 3, 4, 5, 6]);
/// ```
#[track_caller]
pub fn concatenate<T: Clone, const N: usize>(
    parts: &[View<'_, T, N>],
    axis: impl crate::IntoAxis,
) -> Array<T, N> {
    unwrap_or_panic(try_concatenate(parts, axis))
}

/// [`concatenate`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::try_concatenate;
/// let a = Array::<i32, 2>::zeros([1, 2]);
/// let b = Array::<i32, 2>::zeros([1, 3]);
/// assert_eq!(
///     try_concatenate(&[a.view(), b.view()], Axis(0)).unwrap_err().to_string(),
///     "concatenate: all the input array dimensions except for the concatenation axis must \
///      match exactly, but along dimension 1, the array at index 0 has size 2 and the array at \
///      index 1 has size 3"
/// );
/// ```
pub fn try_concatenate<T: Clone, const N: usize>(
    parts: &[View<'_, T, N>],
    axis: impl crate::IntoAxis,
) -> Result<Array<T, N>, ShapeError> {
    let axis = axis.resolve::<N>("concatenate")?;
    let first = parts
        .first()
        .ok_or_else(|| {
            shape_err!(
                InvalidArgument,
                "concatenate: need at least one array to concatenate"
            )
        })?
        .shape();
    let mut total = 0;
    for (i, p) in parts.iter().enumerate() {
        let s = p.shape();
        for d in 0..N {
            if d != axis.0 && s[d] != first[d] {
                return Err(shape_err!(
                    IncompatibleShape,
                    "concatenate: all the input array dimensions except for the concatenation \
                     axis must match exactly, but along dimension {d}, the array at index 0 has \
                     size {} and the array at index {i} has size {}",
                    first[d],
                    s[d]
                ));
            }
        }
        total += s[axis.0];
    }
    let mut shape = first;
    shape[axis.0] = total;
    let mut starts = Vec::with_capacity(parts.len());
    let mut acc = 0;
    for p in parts {
        starts.push(acc);
        acc += p.shape()[axis.0];
    }
    Ok(Array::from_fn(shape, |mut pos| {
        let i = starts.partition_point(|&s| s <= pos[axis.0]) - 1;
        // skip empty parts that start at the same offset
        pos[axis.0] -= starts[i];
        parts[i][pos].clone()
    }))
}

/// Joins arrays of one shape along a new axis (`np.stack`).
///
/// # Panics
/// When the list is empty, the shapes differ or the axis is out of bounds; see [`try_stack`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::stack;
/// let a = array![1, 2];
/// let b = array![3, 4];
/// let s: Array<i32, 2> = stack(&[a.view(), b.view()], Axis(1));
/// assert_eq!(s.to_vec(), vec![1, 3, 2, 4]);
/// ```
#[track_caller]
pub fn stack<T: Clone, const N: usize, const M: usize>(
    parts: &[View<'_, T, N>],
    axis: impl crate::IntoAxis,
) -> Array<T, M>
where
    Rank<N>: Up<M>,
{
    unwrap_or_panic(try_stack(parts, axis))
}

/// [`stack`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::try_stack;
/// let (a, b) = (array![1, 2], array![3]);
/// let r: Result<Array<i32, 2>, _> = try_stack(&[a.view(), b.view()], Axis(0));
/// assert_eq!(
///     r.unwrap_err().to_string(),
///     "stack: all input arrays must have the same shape, found (2,) and (1,)"
/// );
/// ```
pub fn try_stack<T: Clone, const N: usize, const M: usize>(
    parts: &[View<'_, T, N>],
    axis: impl crate::IntoAxis,
) -> Result<Array<T, M>, ShapeError>
where
    Rank<N>: Up<M>,
{
    let first = parts
        .first()
        .ok_or_else(|| shape_err!(InvalidArgument, "stack: need at least one array to stack"))?;
    let s0 = first.shape();
    for p in parts {
        if p.shape() != s0 {
            return Err(shape_err!(
                IncompatibleShape,
                "stack: all input arrays must have the same shape, found {} and {}",
                tuple(&s0),
                tuple(&p.shape())
            ));
        }
    }
    let axis = axis.resolve::<M>("stack")?;
    let expanded: Vec<View<'_, T, M>> = parts.iter().map(|p| p.insert_axis(axis)).collect();
    try_concatenate(&expanded, axis)
}

/// Splits into `sections` equal views along `axis` (`np.split` with an integer).
///
/// # Panics
/// When the axis is out of bounds or its length is not a multiple of `sections`; see
/// [`try_split`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::split;
/// let x = Array::<i32, 1>::arange(6);
/// let parts = split(x.view(), 3, Axis(0));
/// assert_eq!(parts[2].to_vec(), vec![4, 5]);
/// ```
#[track_caller]
pub fn split<T, const N: usize>(
    x: View<'_, T, N>,
    sections: usize,
    axis: impl crate::IntoAxis,
) -> Vec<View<'_, T, N>> {
    unwrap_or_panic(try_split(x, sections, axis))
}

/// [`split`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::select::try_split;
/// let x = Array::<i32, 1>::arange(5);
/// assert_eq!(
///     try_split(x.view(), 2, Axis(0)).unwrap_err().to_string(),
///     "split: array split does not result in an equal division (5 into 2)"
/// );
/// ```
pub fn try_split<T, const N: usize>(
    x: View<'_, T, N>,
    sections: usize,
    axis: impl crate::IntoAxis,
) -> Result<Vec<View<'_, T, N>>, ShapeError> {
    let axis = axis.resolve::<N>("split")?;
    let n = x.shape()[axis.0];
    if sections == 0 || n % sections != 0 {
        return Err(shape_err!(
            IncompatibleShape,
            "split: array split does not result in an equal division ({n} into {sections})"
        ));
    }
    let w = n / sections;
    let Layout { shape, strides } = x.layout();
    Ok((0..sections)
        .map(|i| {
            let mut s = shape;
            s[axis.0] = w;
            let off = if w == 0 || shape.contains(&0) {
                0
            } else {
                (i * w) as isize * strides[axis.0]
            };
            // SAFETY: section i covers indices i·w .. (i+1)·w of the axis, inside the view.
            unsafe {
                View::from_raw(
                    NonNull::new_unchecked(x.as_ptr().offset(off) as *mut T),
                    Layout { shape: s, strides },
                )
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows long enough for the radix sort, along the last axis (rows of a copy) and the first
    /// (gathered lanes): each lane as a comparison sort in NumPy's order orders it.
    #[test]
    fn sort_axis_of_long_lanes_matches_a_comparison_sort() {
        let x = crate::Array::<f64, 2>::from_fn([3, 300], |[i, j]| {
            let v = ((j * 7919 + i * 31) % 613) as f64 - 300.0;
            if j % 41 == 5 {
                f64::NAN
            } else {
                v
            }
        });
        let rows: Vec<Vec<f64>> = (0..3)
            .map(|r| {
                let mut want: Vec<f64> = (0..300).map(|j| x[[r, j]]).collect();
                want.sort_by(numpy_cmp);
                want
            })
            .collect();
        let same = |got: Vec<f64>, want: &[f64]| {
            got.iter()
                .zip(want)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        };
        // The last axis (rows of a copy) and the first axis of the transpose (gathered lanes).
        let last = x.sort_axis(1);
        let first = x.t().sort_axis(0);
        for (r, want) in rows.iter().enumerate() {
            assert!(
                same((0..300).map(|j| last[[r, j]]).collect(), want),
                "row {r}"
            );
            assert!(
                same((0..300).map(|j| first[[j, r]]).collect(), want),
                "column {r}"
            );
        }
    }
    use crate::prelude::*;

    #[test]
    fn sorts_along_every_axis_match_lane_sorts() {
        let x = Array::<i64, 1>::from_vec((0..60).map(|v| (v * 37) % 11).collect())
            .into_reshape([3, 4, 5]);
        for k in 0..3 {
            let s = x.sort_axis(Axis(k));
            let a = x.argsort_axis(Axis(k));
            assert_eq!(x.take_along_axis(&a, Axis(k)), s);
            let back = s.view().permute(perm_last(k));
            for lane in back.to_vec().chunks(x.shape()[k]) {
                assert!(lane.windows(2).all(|w| w[0] <= w[1]));
            }
        }
    }

    fn perm_last(k: usize) -> [usize; 3] {
        let mut p: Vec<usize> = (0..3).filter(|&d| d != k).collect();
        p.push(k);
        [p[0], p[1], p[2]]
    }

    #[test]
    fn concatenate_with_empty_parts() {
        let a = Array::<i32, 1>::arange(2);
        let e = Array::<i32, 1>::zeros([0]);
        let c = concatenate(&[e.view(), a.view(), e.view(), a.view()], Axis(0));
        assert_eq!(c.to_vec(), vec![0, 1, 0, 1]);
    }

    #[test]
    fn join_and_split_errors() {
        let none: [View<'_, i32, 1>; 0] = [];
        let r: Result<Array<i32, 2>, _> = try_stack(&none, Axis(0));
        assert_eq!(
            r.unwrap_err().to_string(),
            "stack: need at least one array to stack"
        );
        let a = array![1, 2];
        let r: Result<Array<i32, 2>, _> = try_stack(&[a.view()], Axis(2));
        assert_eq!(r.unwrap_err().kind(), crate::ErrorKind::OutOfBounds);
        assert_eq!(
            try_concatenate(&none, Axis(0)).unwrap_err().to_string(),
            "concatenate: need at least one array to concatenate"
        );
        assert!(try_split(a.view(), 0, Axis(0)).is_err());
        assert_eq!(
            try_split(a.view(), 1, Axis(1)).unwrap_err().kind(),
            crate::ErrorKind::OutOfBounds
        );
    }

    #[test]
    fn unique_collapses_nans() {
        let x = array![f64::NAN, 1.0, f64::NAN, 0.5];
        let (v, c) = unique_counts(&x);
        assert_eq!(&v.to_vec()[..2], &[0.5, 1.0]);
        assert!(v[[2]].is_nan());
        assert_eq!(c.to_vec(), vec![1, 1, 2]);
    }
}

//! Shapes, strides and the invariants every array type keeps.
//!
//! # The layout invariants
//!
//! `Array`, `View` and `ViewMut` are each a pointer `ptr: NonNull<T>` plus a [`Layout`]:
//! `shape: [usize; N]` and `strides: [isize; N]`, strides counted in elements (not bytes), any
//! sign, zero allowed. The element at index `[i0, …, iN-1]` lives at
//! `ptr + Σ ik·strides[k]`. Every type keeps these, and every `unsafe` block in the crate relies
//! on nothing else:
//!
//! 1. `ptr` is non-null and aligned for `T`, even when the array is empty.
//! 2. For every in-bounds index (`ik < shape[k]` for all `k`), the element address above points
//!    at an initialised `T` inside one live allocation, which the array owns (`Array`) or borrows
//!    for its lifetime `'a` (`View`, `ViewMut`). When some `shape[k] == 0` there is no in-bounds
//!    index and nothing is ever read through `ptr`.
//! 3. The byte distance between any two element addresses fits in `isize`, so every offset
//!    computed as `Σ ik·strides[k]` is exact. Shapes whose element count overflows `usize` (or
//!    whose byte size overflows `isize`) are rejected with [`ErrorKind::Overflow`] before any
//!    allocation or view is made.
//! 4. `ViewMut` and `Array` are *unique*: two distinct in-bounds indices never address the same
//!    element, so handing out `&mut T` per element is sound. Only `View` may repeat elements
//!    (zero strides from `broadcast_to`). Operations that could break uniqueness (broadcasting)
//!    exist on `View` only; those that keep it (slicing with any step, permuting, inserting
//!    length-1 axes, reshaping whose strides are derived from the original) may return `ViewMut`.
//! 5. An `Array` owns a `Vec<T>` of exactly `size` elements, and its layout visits each of them
//!    exactly once with non-negative strides (C order, F order, or a permutation of either).
//!
//! Each sub-view is made by [`Layout`] arithmetic that maps in-bounds indices of the new layout
//! to in-bounds indices of the old one (slicing clamps bounds; integer indices are checked;
//! inserted axes have length 1), so 2–4 carry over from the parent. That is why the layout
//! algebra below is safe code with property tests, and only the final `ptr.offset` is `unsafe`.
//!
//! [`ErrorKind::Overflow`]: crate::ErrorKind::Overflow

use crate::error::{shape_err, ShapeError};

/// Memory order of a new array, or the index order of a ravel/reshape.
///
/// `C` is row-major (the last axis changes fastest), `F` is column-major (the first axis changes
/// fastest), as NumPy's `order=` argument.
///
/// ```
/// use einarray::{Array, Order};
/// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
/// assert_eq!(a.ravel_order(Order::F).to_vec(), vec![0, 3, 1, 4, 2, 5]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Row-major: the last index changes fastest.
    #[default]
    C,
    /// Column-major: the first index changes fastest.
    F,
}

/// An axis number, as in NumPy's `axis=` arguments: `Axis(0)` is the first axis, and a
/// negative number counts from the end, `Axis(-1)` being the last.
///
/// The number's type is whatever integer was written (`usize` by default, so `Axis(k)` with
/// `k: usize` names the same type as before). Every method with an axis argument takes any
/// [`IntoAxis`], so a bare integer works too: `x.sum_axis(-1)`.
///
/// ```
/// use einarray::{Array, Axis};
/// let a = Array::<f64, 2>::zeros([2, 3]);
/// assert_eq!(a.view().insert_axis(Axis(0)).shape(), [1, 2, 3]);
/// assert_eq!(a.view().insert_axis(Axis(-1)).shape(), [2, 3, 1]); // np.expand_dims(a, -1)
/// let k: usize = 1;
/// assert_eq!(a.sum_axis(Axis(k)).shape(), [2]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Axis<I = usize>(pub I);

/// An axis argument as NumPy users write one: a plain integer or [`Axis(k)`](Axis) (a
/// negative number counts from the end: `-1` is the last axis, NumPy's `axis=-1`), or
/// [`Ax::<K>`](Ax), whose number is checked against the rank when the call compiles.
///
/// Every method with an `axis` argument takes `impl IntoAxis`. A run-time axis out of bounds
/// is a panic naming the call, the axis and the rank (`try_` forms return it as an error).
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
/// assert_eq!(x.sum_axis(-1).to_vec(), vec![3.0, 12.0]);         // np.sum(x, axis=-1)
/// assert_eq!(x.sum_axis(Axis(1)), x.sum_axis(Axis(-1)));
/// assert_eq!(x.sum_axis(Ax::<-2>).to_vec(), vec![3.0, 5.0, 7.0]); // checked at compile time
/// ```
///
/// This trait is sealed: the methods trust the axis it resolves to.
pub trait IntoAxis: Copy + crate::sealed::IntoAxis {
    /// The axis this argument names in an array of rank `N`, or an error naming `op` when it
    /// is out of bounds.
    ///
    /// ```
    /// use einarray::IntoAxis;
    /// assert_eq!((-1).resolve::<3>("demo").unwrap().0, 2);
    /// assert_eq!(
    ///     (-4).resolve::<3>("demo").unwrap_err().to_string(),
    ///     "demo: axis -4 is out of bounds for an array of rank 3"
    /// );
    /// ```
    fn resolve<const N: usize>(self, op: &str) -> Result<Axis, ShapeError>;
}

/// An axis number fixed at compile time: `Ax::<1>` is axis 1, `Ax::<-1>` the last axis. A
/// number out of bounds for the array's rank fails the build.
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
/// assert_eq!(x.max_axis(Ax::<-1>).shape(), [2, 3]);
/// assert_eq!(x.max_axis(Ax::<0>).shape(), [3, 4]);
/// ```
///
/// ```compile_fail
/// use einarray::prelude::*;
/// let x = Array::<i32, 2>::zeros([2, 3]);
/// let s: Array<i32, 1> = x.sum_axis(Ax::<-3>); // rank 2 has axes -2..=1
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Ax<const K: isize>;

/// `K` resolved against rank `N`, or a build failure.
struct AxCheck<const K: isize, const N: usize>;

impl<const K: isize, const N: usize> AxCheck<K, N> {
    /// Evaluating it fails the build when `K` is out of bounds for rank `N`.
    const AXIS: usize = {
        assert!(
            (K >= 0 && (K as usize) < N) || (K < 0 && K.unsigned_abs() <= N),
            "`Ax::<K>` is out of bounds for this array: rank N has axes 0..N, or -N..=-1 \
             counted from the end (K and N are the numbers in `AxCheck::<K, N>` just below)"
        );
        if K >= 0 {
            K as usize
        } else {
            N - K.unsigned_abs()
        }
    };
}

impl<const K: isize> crate::sealed::IntoAxis for Ax<K> {}
impl<const K: isize> IntoAxis for Ax<K> {
    #[inline]
    fn resolve<const N: usize>(self, _op: &str) -> Result<Axis, ShapeError> {
        Ok(Axis(AxCheck::<K, N>::AXIS))
    }
}

impl<I: IntoAxis> crate::sealed::IntoAxis for Axis<I> {}
impl<I: IntoAxis> IntoAxis for Axis<I> {
    #[inline]
    fn resolve<const N: usize>(self, op: &str) -> Result<Axis, ShapeError> {
        self.0.resolve::<N>(op)
    }
}

impl crate::sealed::IntoAxis for usize {}
impl IntoAxis for usize {
    #[inline]
    fn resolve<const N: usize>(self, op: &str) -> Result<Axis, ShapeError> {
        check_axis(op, self, N).map(|()| Axis(self))
    }
}

/// A signed axis: negative counts from the end.
#[inline]
fn signed_axis(op: &str, k: i64, n: usize) -> Result<Axis, ShapeError> {
    let resolved = if k < 0 {
        (n as i64).checked_add(k).filter(|&r| r >= 0)
    } else {
        Some(k).filter(|&r| (r as u64) < n as u64)
    };
    match resolved {
        Some(r) => Ok(Axis(r as usize)),
        None => Err(shape_err!(
            OutOfBounds,
            "{op}: axis {k} is out of bounds for an array of rank {n}"
        )),
    }
}

macro_rules! signed_into_axis {
    ($($t:ty),*) => {$(
        impl crate::sealed::IntoAxis for $t {}
        impl IntoAxis for $t {
            #[inline]
            fn resolve<const N: usize>(self, op: &str) -> Result<Axis, ShapeError> {
                signed_axis(op, self as i64, N)
            }
        }
    )*};
}
signed_into_axis!(i32, i64, isize);

/// Shape and strides of an `N`-dimensional array; see the [module docs](self) for invariants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layout<const N: usize> {
    /// Length of each axis.
    pub shape: [usize; N],
    /// Distance in elements between neighbours along each axis.
    pub strides: [isize; N],
}

/// The number of elements of `shape`, or an overflow error naming `op`.
///
/// Also rejects shapes whose extent in bytes (counting zero-length axes as length 1, so that
/// strides derived from the shape stay representable) does not fit in `isize`.
pub(crate) fn checked_size<const N: usize>(
    op: &str,
    shape: &[usize; N],
    elem_size: usize,
) -> Result<usize, ShapeError> {
    let mut size: usize = 1;
    let mut extent: usize = elem_size.max(1);
    for &d in shape {
        size = size.checked_mul(d).ok_or_else(|| overflow(op, shape))?;
        extent = extent
            .checked_mul(d.max(1))
            .ok_or_else(|| overflow(op, shape))?;
    }
    if extent > isize::MAX as usize {
        return Err(overflow(op, shape));
    }
    Ok(size)
}

fn overflow<const N: usize>(op: &str, shape: &[usize; N]) -> ShapeError {
    shape_err!(
        Overflow,
        "{op}: shape {shape:?} is too large: its size overflows `usize`"
    )
}

/// Strides of a dense array of `shape` whose axes lie in memory as `like`'s do (NumPy's
/// `order='K'` for a new result): C order for a C-contiguous `like`, F order for an
/// F-contiguous one, otherwise outer to inner by decreasing stride magnitude (ties in axis
/// order). `shape` may differ from `like.shape` in lengths, not in rank.
pub(crate) fn dense_strides_like<const N: usize>(
    shape: &[usize; N],
    like: &Layout<N>,
) -> [isize; N] {
    if like.is_c_contiguous() {
        return dense_strides(shape, Order::C);
    }
    if like.is_f_contiguous() {
        return dense_strides(shape, Order::F);
    }
    let mut perm: [usize; N] = std::array::from_fn(|k| k);
    perm.sort_by_key(|&k| std::cmp::Reverse(like.strides[k].unsigned_abs()));
    let mut strides = [0isize; N];
    let mut acc: isize = 1;
    for &k in perm.iter().rev() {
        strides[k] = acc;
        acc *= shape[k].max(1) as isize;
    }
    strides
}

/// Strides of a dense array of `shape` in `order`. Callers have checked the shape with
/// [`checked_size`], so no product overflows.
pub(crate) fn dense_strides<const N: usize>(shape: &[usize; N], order: Order) -> [isize; N] {
    let mut strides = [0isize; N];
    let mut acc: isize = 1;
    let mut set = |k: usize| {
        strides[k] = acc;
        acc *= shape[k].max(1) as isize;
    };
    match order {
        Order::C => (0..N).rev().for_each(&mut set),
        Order::F => (0..N).for_each(&mut set),
    }
    strides
}

impl<const N: usize> Layout<N> {
    /// A dense layout of `shape` in `order` (shape already checked).
    pub(crate) fn dense(shape: [usize; N], order: Order) -> Self {
        Layout {
            shape,
            strides: dense_strides(&shape, order),
        }
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// Offset in elements of `index`, with no bounds check.
    #[inline]
    pub(crate) fn offset_unchecked(&self, index: &[usize; N]) -> isize {
        let mut off = 0isize;
        for k in 0..N {
            off += index[k] as isize * self.strides[k];
        }
        off
    }

    /// Offset in elements of `index`, or `None` when it is out of bounds.
    #[inline]
    pub(crate) fn offset_checked(&self, index: &[usize; N]) -> Option<isize> {
        for k in 0..N {
            if index[k] >= self.shape[k] {
                return None;
            }
        }
        Some(self.offset_unchecked(index))
    }

    /// NumPy's C-contiguity: strides equal dense C strides on every axis longer than 1, or the
    /// array is empty.
    pub fn is_c_contiguous(&self) -> bool {
        self.is_contiguous_in((0..N).rev())
    }

    /// NumPy's F-contiguity (see [`Layout::is_c_contiguous`]).
    pub fn is_f_contiguous(&self) -> bool {
        self.is_contiguous_in(0..N)
    }

    fn is_contiguous_in(&self, axes_inner_first: impl Iterator<Item = usize>) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = 1isize;
        for k in axes_inner_first {
            if self.shape[k] != 1 {
                if self.strides[k] != expected {
                    return false;
                }
                expected *= self.shape[k] as isize;
            }
        }
        true
    }

    /// The smallest and largest element offsets reached (both 0 for an empty layout).
    pub(crate) fn offset_range(&self) -> (isize, isize) {
        if self.shape.contains(&0) {
            return (0, 0);
        }
        let (mut lo, mut hi) = (0isize, 0isize);
        for k in 0..N {
            let span = (self.shape[k] as isize - 1) * self.strides[k];
            if span < 0 {
                lo += span;
            } else {
                hi += span;
            }
        }
        (lo, hi)
    }

    /// Whether distinct in-bounds indices always reach distinct offsets (invariant 4).
    ///
    /// Sufficient test: sorted by |stride|, each axis's |stride| exceeds the extent of all
    /// smaller-stride axes together.
    pub(crate) fn is_unique(&self) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let (axes, n) = self.axes_by_stride();
        strides_separate(&axes[..n])
    }

    /// `(|stride|, length)` of the axes longer than 1, smallest stride first, in the first `n`
    /// slots: on the stack, since every array construction asks ([`Layout::is_unique`] from
    /// `Array::from_storage_layout`).
    fn axes_by_stride(&self) -> ([(usize, usize); N], usize) {
        let mut axes = [(0usize, 0usize); N];
        let mut n = 0;
        for k in 0..N {
            if self.shape[k] > 1 {
                axes[n] = (self.strides[k].unsigned_abs(), self.shape[k]);
                n += 1;
            }
        }
        axes[..n].sort_unstable();
        (axes, n)
    }

    /// A [`Locator`] of this layout's elements, or `None` when the layout may repeat elements
    /// (by [`Layout::is_unique`]'s test).
    pub(crate) fn locator(&self) -> Option<Locator<N>> {
        let (mut axes, n) = self.axes_by_stride();
        if !self.shape.contains(&0) && !strides_separate(&axes[..n]) {
            return None;
        }
        let (lo, _) = self.offset_range();
        // Largest stride first.
        axes[..n].reverse();
        Some(Locator {
            axes,
            n,
            lo,
            empty: self.shape.contains(&0),
        })
    }

    /// The layout with axes permuted: new axis `k` is old axis `perm[k]`.
    pub(crate) fn permuted(&self, perm: [usize; N]) -> Self {
        Layout {
            shape: perm.map(|p| self.shape[p]),
            strides: perm.map(|p| self.strides[p]),
        }
    }
}

/// [`Layout::is_unique`]'s test on `(|stride|, length)` pairs sorted by stride: each stride
/// exceeds the extent of all smaller ones together.
fn strides_separate(axes: &[(usize, usize)]) -> bool {
    let mut extent = 0usize;
    for &(stride, len) in axes {
        if stride <= extent {
            return false;
        }
        extent += stride * (len - 1);
    }
    true
}

/// Answers "does the layout have an element at this offset?" without a buffer of offsets, for a
/// layout that repeats no element (made by [`Layout::locator`]).
///
/// With strides made positive by starting from the lowest offset, and sorted from the largest,
/// each stride exceeds the extent of all smaller ones together ([`Layout::is_unique`]), so an
/// offset's index on the largest axis is its quotient by that stride, and so on down: one
/// division per axis decides membership.
pub(crate) struct Locator<const N: usize> {
    /// `(|stride|, length)` of the axes longer than 1, largest stride first (`n` of them).
    axes: [(usize, usize); N],
    n: usize,
    /// The lowest offset of any element.
    lo: isize,
    empty: bool,
}

impl<const N: usize> Locator<N> {
    /// Whether some in-bounds index of the layout reaches `offset`.
    pub(crate) fn contains(&self, offset: isize) -> bool {
        if self.empty || offset < self.lo {
            return false;
        }
        let mut r = offset.abs_diff(self.lo);
        for &(stride, len) in &self.axes[..self.n] {
            let i = r / stride;
            if i >= len {
                return false;
            }
            r -= i * stride;
        }
        r == 0
    }
}

/// Checks that `axes` is a permutation of `0..N`.
pub(crate) fn check_permutation<const N: usize>(
    op: &str,
    axes: &[usize; N],
) -> Result<(), ShapeError> {
    let mut seen = [false; N];
    for &a in axes {
        if a >= N {
            return Err(shape_err!(
                OutOfBounds,
                "{op}: axis {a} is out of bounds for an array of rank {N}"
            ));
        }
        if seen[a] {
            return Err(shape_err!(
                InvalidArgument,
                "{op}: axis {a} is repeated in {axes:?}"
            ));
        }
        seen[a] = true;
    }
    Ok(())
}

/// Checks one axis number against rank `n`.
pub(crate) fn check_axis(op: &str, axis: usize, n: usize) -> Result<(), ShapeError> {
    if axis >= n {
        Err(shape_err!(
            OutOfBounds,
            "{op}: axis {axis} is out of bounds for an array of rank {n}"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_strides_c_and_f() {
        assert_eq!(dense_strides(&[2, 3, 4], Order::C), [12, 4, 1]);
        assert_eq!(dense_strides(&[2, 3, 4], Order::F), [1, 2, 6]);
        assert_eq!(dense_strides(&[2, 0, 4], Order::C), [4, 4, 1]);
        assert_eq!(dense_strides::<0>(&[], Order::C), []);
    }

    #[test]
    fn contiguity_ignores_length_one_axes() {
        let l = Layout {
            shape: [3, 1],
            strides: [1, 99],
        };
        assert!(l.is_c_contiguous());
        assert!(l.is_f_contiguous());
        let t = Layout {
            shape: [3, 4],
            strides: [1, 3],
        };
        assert!(!t.is_c_contiguous());
        assert!(t.is_f_contiguous());
        assert!(Layout {
            shape: [0, 4],
            strides: [7, 7]
        }
        .is_c_contiguous());
    }

    #[test]
    fn checked_size_rejects_overflow() {
        assert_eq!(checked_size("t", &[2, 3], 8).unwrap(), 6);
        assert_eq!(checked_size("t", &[0, 3], 8).unwrap(), 0);
        let e = checked_size("zeros", &[usize::MAX, 2], 1).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Overflow);
        assert!(e.to_string().starts_with("zeros: shape ["));
        // The count fits in usize, the bytes do not fit in isize.
        assert!(checked_size("t", &[1 << 61], 8).is_err());
        assert!(checked_size("t", &[0, 1 << 40, 1 << 40], 8).is_err());
    }

    #[test]
    fn offset_range_and_uniqueness() {
        let l = Layout {
            shape: [3, 2],
            strides: [-2, 1],
        };
        assert_eq!(l.offset_range(), (-4, 1));
        assert!(l.is_unique());
        assert!(!Layout {
            shape: [3, 2],
            strides: [0, 1]
        }
        .is_unique());
        assert!(!Layout {
            shape: [3, 3],
            strides: [1, 2]
        }
        .is_unique());
        assert!(Layout {
            shape: [1, 3],
            strides: [0, 1]
        }
        .is_unique());
    }

    #[test]
    fn locator_finds_exactly_the_elements() {
        let layouts = [
            Layout {
                shape: [3, 4],
                strides: [8, 2],
            },
            Layout {
                shape: [3, 4],
                strides: [-1, 6],
            },
            Layout {
                shape: [2, 3],
                strides: [1, -2],
            },
            Layout {
                shape: [0, 3],
                strides: [3, 1],
            },
        ];
        for l in layouts {
            let loc = l.locator().expect("unique");
            let mut reached = std::collections::HashSet::new();
            crate::kernel::for_each_offset_c(&l.shape, &l.strides, |o| {
                reached.insert(o);
            });
            for o in -40..40 {
                assert_eq!(loc.contains(o), reached.contains(&o), "{l:?} at {o}");
            }
        }
        assert!(Layout {
            shape: [3, 3],
            strides: [1, 2]
        }
        .locator()
        .is_none());
    }

    #[test]
    fn permutation_checks() {
        assert!(check_permutation("p", &[1, 0, 2]).is_ok());
        assert_eq!(
            check_permutation("p", &[0, 0]).unwrap_err().to_string(),
            "p: axis 0 is repeated in [0, 0]"
        );
        assert!(check_permutation("p", &[0, 2]).is_err());
    }
}

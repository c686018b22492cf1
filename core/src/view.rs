//! `View` and `ViewMut`: borrowed strided arrays, and everything that reads or reshapes one.
//!
//! `View<'a, T, N>` is to an array what `&'a [T]` is to a `Vec<T>`: `Copy`, cheap, and every
//! layout operation on it (slicing, transposing, inserting axes, broadcasting, reshaping when the
//! strides allow) returns another `View<'a, …>` of the same memory. `ViewMut<'a, T, N>` is the
//! `&'a mut [T]`: unique, so it can hand out `&mut T`, and its own layout operations return
//! `ViewMut`s. `Array` and `ViewMut` have every read-only method of `View` too (forwarding to
//! [`View`], whose docs hold the details and examples).
//!
//! # Unsafe code here
//!
//! - views are made only by the `unsafe fn`s `View::from_raw` / `ViewMut::from_raw`; public
//!   entry points check first (`from_shape` by `layout::checked_size`, `as_static` by `S2::check`).
//! - `relayout` offsets the pointer for sub-views, relying on `Layout` arithmetic (slicing,
//!   `offset_checked`, `remove_axis_layout`, `nocopy_reshape`) staying in bounds (invariants 2–3).
//! - `ViewMut` hands out `&mut T` and unique slices (invariant 4): broadcasting is on `View` only,
//!   and the reshape and index traits are sealed in `sealed.rs`. `assume_init_vec` is unsafe.

use crate::array::{Array, CowArray};
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::iter::{IndexedIter, Iter, IterMut};
use crate::kernel;
use crate::layout::{check_axis, check_permutation, Layout, Order};
use crate::rank::{Down, Rank, Up};
use crate::shape::{SameShape, Shape};
use crate::slice::SliceArg;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// A read-only view of an `N`-dimensional strided array, borrowed for `'a`.
///
/// Made by [`Array::view`], by slicing, or from a slice with [`View::from_shape`]. `S` is the
/// static-size parameter (see [`crate::shape`]); leave it out for dynamic sizes.
///
/// ```
/// use einarray::prelude::*;
/// let original = Array::<i64, 1>::arange(10);
/// let s3 = original.slice(s![..5]);       // a view: no copy
/// assert_eq!(s3.to_vec(), vec![0, 1, 2, 3, 4]);
/// assert!(s3.shares_memory(&original));
/// ```
pub struct View<'a, T, const N: usize, S: Shape<N> = [usize; N]> {
    pub(crate) ptr: NonNull<T>,
    pub(crate) layout: Layout<N>,
    pub(crate) _marker: PhantomData<(&'a T, S)>,
}

/// A mutable view of an `N`-dimensional strided array, borrowed uniquely for `'a`.
///
/// Writes go to the borrowed array:
///
/// ```
/// use einarray::prelude::*;
/// let mut x = Array::<i32, 1>::arange(10);
/// x.slice_mut(s![..5]).slice_mut(s![..;-1]).sort(); // seed In [20]: x[:5][::-1].sort()
/// assert_eq!(x.to_vec(), vec![4, 3, 2, 1, 0, 5, 6, 7, 8, 9]);
/// ```
pub struct ViewMut<'a, T, const N: usize, S: Shape<N> = [usize; N]> {
    pub(crate) ptr: NonNull<T>,
    pub(crate) layout: Layout<N>,
    pub(crate) _marker: PhantomData<(&'a mut T, S)>,
}

impl<T, const N: usize, S: Shape<N>> Clone for View<'_, T, N, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, const N: usize, S: Shape<N>> Copy for View<'_, T, N, S> {}

// SAFETY: a View is a shared borrow of `T`s, exactly like `&[T]`.
unsafe impl<T: Sync, const N: usize, S: Shape<N>> Send for View<'_, T, N, S> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize, S: Shape<N>> Sync for View<'_, T, N, S> {}
// SAFETY: a ViewMut is a unique borrow of `T`s, exactly like `&mut [T]`.
unsafe impl<T: Send, const N: usize, S: Shape<N>> Send for ViewMut<'_, T, N, S> {}
// SAFETY: as above.
unsafe impl<T: Sync, const N: usize, S: Shape<N>> Sync for ViewMut<'_, T, N, S> {}

/// Anything that can lend a [`View`]: `Array`, `View`, `ViewMut`, `CowArray`.
///
/// Functions that accept "any array" take `&impl AsView<T, N>`.
///
/// ```
/// use einarray::prelude::*;
/// fn total<A: AsView<f64, 2>>(a: &A) -> f64 {
///     a.as_view().iter().sum()
/// }
/// let a = Array::<f64, 2>::ones([2, 3]);
/// assert_eq!(total(&a), 6.0);
/// assert_eq!(total(&a.t()), 6.0);
/// ```
pub trait AsView<T, const N: usize> {
    /// The static-size parameter of the lent view.
    type Shape: Shape<N>;
    /// A view of the whole array.
    fn as_view(&self) -> View<'_, T, N, Self::Shape>;
}

impl<T, const N: usize, S: Shape<N>> AsView<T, N> for View<'_, T, N, S> {
    type Shape = S;
    fn as_view(&self) -> View<'_, T, N, S> {
        *self
    }
}

impl<T, const N: usize, S: Shape<N>> AsView<T, N> for ViewMut<'_, T, N, S> {
    type Shape = S;
    fn as_view(&self) -> View<'_, T, N, S> {
        self.view()
    }
}

/// Anything that can lend a [`ViewMut`]: `Array` and `ViewMut`. The destination of the `_into`
/// functions ([`crate::zip::zip_map_into`]).
///
/// ```
/// use einarray::prelude::*;
/// fn zero<A: AsViewMut<f64, 1>>(a: &mut A) {
///     a.as_view_mut().fill(0.0);
/// }
/// let mut a = Array::<f64, 1>::ones([3]);
/// zero(&mut a);
/// assert_eq!(a.to_vec(), vec![0.0; 3]);
/// ```
pub trait AsViewMut<T, const N: usize>: AsView<T, N> {
    /// A mutable view of the whole array.
    fn as_view_mut(&mut self) -> ViewMut<'_, T, N, Self::Shape>;
}

impl<T, const N: usize, S: Shape<N>> AsViewMut<T, N> for ViewMut<'_, T, N, S> {
    fn as_view_mut(&mut self) -> ViewMut<'_, T, N, S> {
        self.view_mut()
    }
}

/// The argument of `reshape`: a shape with at most one `-1`, given as `[usize; M]` or signed
/// integers (`[-1, 3]`).
///
/// ```
/// use einarray::ReshapeArg;
/// assert_eq!([-1, 3].resolve("reshape", 6), Ok([2, 3]));
/// assert!([-1, -1].resolve("reshape", 6).is_err());
/// assert!([4usize, 2].resolve("reshape", 6).is_err());
/// ```
///
/// Sealed: implemented for arrays of [`ReshapeDim`] integers only, because unsafe code relies on what its
/// implementations return.
pub trait ReshapeArg<const M: usize>: crate::sealed::ReshapeArg {
    /// The shape for an array of `size` elements, `-1` inferred.
    fn resolve(self, op: &str, size: usize) -> Result<[usize; M], ShapeError>;
}

/// The integer types a reshape argument may use: `usize`, `isize`, `i32` and `i64` (`-1` means
/// "inferred" in the signed ones). One generic implementation covers them, so the compiler
/// knows the rank of `[2, 3]` before it has chosen the literals' type.
///
/// ```
/// use einarray::prelude::*;
/// let m = Array::<i32, 1>::arange(6).into_reshape([2, -1]); // rank 2, inferred from the literal
/// assert_eq!((&m + &m.slice(s![0, ..])).shape(), [2, 3]);
/// ```
///
/// Sealed: implemented for `usize`, `isize`, `i32` and `i64` only, because unsafe code relies on what its
/// implementations return.
pub trait ReshapeDim: Copy + std::fmt::Debug + crate::sealed::ReshapeDim {
    /// The value, wide enough for every implementing type.
    #[doc(hidden)]
    fn wide(self) -> i128;
}

macro_rules! reshape_dims {
    ($($t:ty),*) => {$(
        impl crate::sealed::ReshapeDim for $t {}
        impl ReshapeDim for $t {
            fn wide(self) -> i128 {
                self as i128
            }
        }
    )*};
}
reshape_dims!(usize, isize, i32, i64);

impl<const M: usize, I: ReshapeDim> crate::sealed::ReshapeArg for [I; M] {}

impl<const M: usize, I: ReshapeDim> ReshapeArg<M> for [I; M] {
    fn resolve(self, op: &str, size: usize) -> Result<[usize; M], ShapeError> {
        let mut unknown = None;
        let mut shape = [0usize; M];
        for (k, &d) in self.iter().enumerate() {
            let d = d.wide();
            if d == -1 {
                if unknown.is_some() {
                    return Err(shape_err!(
                        InvalidArgument,
                        "{op}: can only specify one unknown dimension, found {self:?}"
                    ));
                }
                unknown = Some(k);
                shape[k] = 1;
            } else {
                shape[k] = usize::try_from(d).map_err(|_| {
                    shape_err!(InvalidArgument, "{op}: negative dimension {d} in {self:?}")
                })?;
            }
        }
        let known = crate::layout::checked_size(op, &shape, 1)?;
        match unknown {
            Some(k) => {
                if known == 0 || size % known != 0 {
                    return Err(shape_err!(
                        IncompatibleShape,
                        "{op}: cannot reshape an array of size {size} into shape {self:?}"
                    ));
                }
                shape[k] = size / known;
            }
            None => {
                if known != size {
                    return Err(shape_err!(
                        IncompatibleShape,
                        "{op}: cannot reshape an array of size {size} into shape {self:?}"
                    ));
                }
            }
        }
        Ok(shape)
    }
}

/// The C layout of `shape` over a slice of `len` elements, or why it does not fit.
fn slice_layout<T, const N: usize>(shape: [usize; N], len: usize) -> Result<Layout<N>, ShapeError> {
    let size = crate::layout::checked_size("from_shape", &shape, std::mem::size_of::<T>())?;
    if size != len {
        return Err(shape_err!(
            IncompatibleShape,
            "from_shape: shape {shape:?} needs {size} elements, found a slice of {len}"
        ));
    }
    Ok(Layout::dense(shape, Order::C))
}

impl<'a, T, const N: usize> View<'a, T, N> {
    /// A view of `data` as a C-order array of `shape`; `Err` when the lengths differ.
    ///
    /// ```
    /// use einarray::View;
    /// let data = [1, 2, 3, 4, 5, 6];
    /// let v = View::from_shape([2, 3], &data).unwrap();
    /// assert_eq!(v[[1, 0]], 4);
    /// assert!(View::from_shape([4, 2], &data).is_err());
    /// ```
    pub fn from_shape(shape: [usize; N], data: &'a [T]) -> Result<Self, ShapeError> {
        let layout = slice_layout::<T, N>(shape, data.len())?;
        // SAFETY: a dense C layout of exactly `data.len()` elements over a live shared slice.
        Ok(unsafe { View::from_raw(NonNull::from(data).cast(), layout) })
    }
}

impl<'a, T, const N: usize> ViewMut<'a, T, N> {
    /// A mutable view of `data` as a C-order array of `shape`; `Err` when the lengths differ.
    ///
    /// ```
    /// use einarray::ViewMut;
    /// let mut data = [0; 6];
    /// let mut v = ViewMut::from_shape([2, 3], &mut data).unwrap();
    /// v[[1, 2]] = 7;
    /// assert_eq!(data, [0, 0, 0, 0, 0, 7]);
    /// ```
    pub fn from_shape(shape: [usize; N], data: &'a mut [T]) -> Result<Self, ShapeError> {
        let layout = slice_layout::<T, N>(shape, data.len())?;
        // SAFETY: a dense C layout of exactly `data.len()` elements over a live unique slice.
        Ok(unsafe { ViewMut::from_raw(NonNull::from(data).cast(), layout) })
    }
}

impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
    /// # Safety
    /// `ptr` and `layout` satisfy the layout invariants (crate::layout) for shared reads
    /// during `'a`, and the shape keeps `S`'s promise.
    pub(crate) unsafe fn from_raw(ptr: NonNull<T>, layout: Layout<N>) -> Self {
        // The caller's contract. Enforced in release builds where a static `S` is first
        // claimed: `as_static`/`into_static` check it, and an `Array<T, N, S>` checks it on
        // construction (`Array::from_storage_layout`), so its views inherit it. A check here
        // cost every view 17 instructions (callgrind, static 3×3 einsum).
        debug_assert!(S::keeps(&layout.shape));
        View {
            ptr,
            layout,
            _marker: PhantomData,
        }
    }

    /// The same memory with a new layout whose elements are elements of this one.
    ///
    /// # Safety
    /// Every in-bounds index of `layout`, offset by `offset`, is an in-bounds element of `self`.
    pub(crate) unsafe fn relayout<const M: usize, S2: Shape<M>>(
        self,
        layout: Layout<M>,
        offset: isize,
    ) -> View<'a, T, M, S2> {
        // An empty result reads nothing: keep the base pointer, which may be the dangling
        // pointer of a zero-byte allocation (no offset from it is in bounds).
        let offset = if layout.shape.contains(&0) { 0 } else { offset };
        // SAFETY: `offset` is an in-bounds element offset (or 0) by the caller's contract.
        let ptr = unsafe { NonNull::new_unchecked(self.ptr.as_ptr().offset(offset)) };
        // SAFETY: the new layout reads only elements of `self`, live for `'a`.
        unsafe { View::from_raw(ptr, layout) }
    }

    /// Itself: the identity, so generic code can call `.view()` on any array type.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let a = Array::<u8, 1>::zeros([3]);
    /// let v = a.view();
    /// assert_eq!(v.view().shape(), [3]);
    /// ```
    pub fn view(self) -> View<'a, T, N, S> {
        self
    }

    /// Length of each axis (NumPy's `shape`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 3>::zeros([2, 3, 4]).shape(), [2, 3, 4]);
    /// ```
    pub fn shape(self) -> [usize; N] {
        self.layout.shape
    }

    /// Distance in *elements* between neighbours along each axis (NumPy's `strides` divided by
    /// the item size); may be negative or zero.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let a = Array::<f64, 2>::zeros([2, 3]);
    /// assert_eq!(a.strides(), [3, 1]);
    /// assert_eq!(a.slice(s![..;-1, ..;2]).strides(), [-3, 2]);
    /// ```
    pub fn strides(self) -> [isize; N] {
        self.layout.strides
    }

    /// Shape and strides together.
    ///
    /// ```
    /// use einarray::Array;
    /// let l = Array::<f64, 2>::zeros([2, 3]).view().layout();
    /// assert_eq!((l.shape, l.strides), ([2, 3], [3, 1]));
    /// ```
    pub fn layout(self) -> Layout<N> {
        self.layout
    }

    /// The number of axes, `N` (NumPy's `ndim`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 3>::zeros([2, 3, 4]).ndim(), 3);
    /// ```
    pub fn ndim(self) -> usize {
        N
    }

    /// The number of elements (NumPy's `size`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 3>::zeros([2, 3, 4]).len(), 24);
    /// ```
    pub fn len(self) -> usize {
        self.layout.size()
    }

    /// Whether some axis has length 0.
    ///
    /// ```
    /// use einarray::Array;
    /// assert!(Array::<f64, 2>::zeros([3, 0]).is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether the elements are contiguous in C (row-major) order, by NumPy's rule.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 2>::zeros([2, 3]);
    /// assert!(a.is_c_contiguous() && !a.t().is_c_contiguous());
    /// ```
    pub fn is_c_contiguous(self) -> bool {
        self.layout.is_c_contiguous()
    }

    /// Whether the elements are contiguous in F (column-major) order, by NumPy's rule.
    ///
    /// ```
    /// use einarray::Array;
    /// assert!(Array::<f64, 2>::zeros([2, 3]).t().is_f_contiguous());
    /// ```
    pub fn is_f_contiguous(self) -> bool {
        self.layout.is_f_contiguous()
    }

    /// The elements as a slice in logical (C) order, when they are C-contiguous.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(a.as_slice(), Some(&[0, 1, 2, 3, 4, 5][..]));
    /// assert_eq!(a.t().as_slice(), None);
    /// ```
    pub fn as_slice(self) -> Option<&'a [T]> {
        if self.is_c_contiguous() {
            // SAFETY: C-contiguous means the `len` elements from `ptr` on are exactly the
            // array's elements, live and shared for `'a`.
            Some(unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len()) })
        } else {
            None
        }
    }

    /// The address of the element at index `[0, …, 0]`. For a small array stored inline
    /// ([`Array`]), the address is only good until the array moves.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let a = Array::<f64, 1>::zeros([4]);
    /// assert_eq!(a.slice(s![1..]).as_ptr(), a.as_ptr().wrapping_add(1));
    /// ```
    pub fn as_ptr(self) -> *const T {
        self.ptr.as_ptr()
    }

    /// A reference to the element at `index`, or `None` when out of bounds.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(a.get([1, 2]), Some(&5));
    /// assert_eq!(a.get([2, 0]), None);
    /// ```
    #[inline]
    pub fn get(self, index: [usize; N]) -> Option<&'a T> {
        let off = self.layout.offset_checked(&index)?;
        // SAFETY: the index is in bounds, so the element is live for `'a`.
        Some(unsafe { &*self.ptr.as_ptr().offset(off) })
    }

    /// An iterator over references to the elements in logical C order.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// let t: Vec<i32> = a.t().iter().copied().collect();
    /// assert_eq!(t, vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn iter(self) -> Iter<'a, T, N> {
        // SAFETY: the view's invariants are those `Iter` needs, for `'a`.
        unsafe { Iter::new(self.ptr, self.layout) }
    }

    /// An iterator over `(index, &element)` in logical C order.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(4).into_reshape([2, 2]);
    /// let last = a.indexed_iter().last().unwrap();
    /// assert_eq!(last, ([1, 1], &3));
    /// ```
    pub fn indexed_iter(self) -> IndexedIter<'a, T, N> {
        IndexedIter::new(self.iter(), self.layout.shape)
    }

    /// A sub-view chosen by `info`, with NumPy's basic-indexing rules ([`crate::slice`]).
    ///
    /// # Panics
    /// When an integer index is out of bounds or a step is 0; see [`View::try_slice`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(32).into_reshape([2, 4, 4]);
    /// let v = x.slice(s![1, .., ..1]);
    /// assert_eq!(v.shape(), [4, 1]);
    /// assert_eq!(v.to_vec(), vec![16, 20, 24, 28]);
    /// assert_eq!(x.slice(s![1, .., 0]).to_vec(), vec![16, 20, 24, 28]);
    /// ```
    #[track_caller]
    pub fn slice<const M: usize>(self, info: impl SliceArg<N, M>) -> View<'a, T, M> {
        unwrap_or_panic(self.try_slice(info))
    }

    /// [`View::slice`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(5);
    /// assert_eq!(
    ///     x.view().try_slice(s![5]).unwrap_err().to_string(),
    ///     "slice: index 5 is out of bounds for axis 0 with size 5"
    /// );
    /// assert!(x.view().try_slice(s![..;0]).is_err());
    /// assert_eq!(x.view().try_slice(s![-9..99]).unwrap().len(), 5); // bounds clamp
    /// ```
    pub fn try_slice<const M: usize>(
        self,
        info: impl SliceArg<N, M>,
    ) -> Result<View<'a, T, M>, ShapeError> {
        let (layout, offset) = self.layout.slice::<M>(info.elems())?;
        // SAFETY: `Layout::slice` maps in-bounds indices to in-bounds indices of `self`.
        Ok(unsafe { self.relayout(layout, offset) })
    }

    /// The view with axes reversed (NumPy's `.T`).
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 3>::zeros([2, 3, 4]);
    /// assert_eq!(x.t().shape(), [4, 3, 2]);
    /// ```
    pub fn t(self) -> View<'a, T, N> {
        let mut perm = [0; N];
        for (k, p) in perm.iter_mut().enumerate() {
            *p = N - 1 - k;
        }
        self.permute(perm)
    }

    /// The view with axes permuted: new axis `k` is old axis `axes[k]` (NumPy's `transpose`).
    ///
    /// # Panics
    /// When `axes` is not a permutation of `0..N`; see [`View::try_permute`].
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 3>::zeros([2, 3, 4]);
    /// assert_eq!(x.permute([1, 2, 0]).shape(), [3, 4, 2]);
    /// ```
    #[track_caller]
    pub fn permute(self, axes: [usize; N]) -> View<'a, T, N> {
        unwrap_or_panic(self.try_permute(axes))
    }

    /// [`View::permute`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 2>::zeros([2, 3]);
    /// assert!(x.view().try_permute([0, 0]).is_err());
    /// ```
    pub fn try_permute(self, axes: [usize; N]) -> Result<View<'a, T, N>, ShapeError> {
        check_permutation("permute", &axes)?;
        // SAFETY: a permutation visits the same elements.
        Ok(unsafe { self.relayout(self.layout.permuted(axes), 0) })
    }

    /// The view with axes `a` and `b` exchanged.
    ///
    /// # Panics
    /// When an axis is out of bounds.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 3>::zeros([2, 3, 4]).swapaxes(0, 2).shape(), [4, 3, 2]);
    /// ```
    #[track_caller]
    pub fn swapaxes(self, a: impl crate::IntoAxis, b: impl crate::IntoAxis) -> View<'a, T, N> {
        let (a, b) = unwrap_or_panic(
            a.resolve::<N>("swapaxes")
                .and_then(|a| Ok((a.0, b.resolve::<N>("swapaxes")?.0))),
        );
        let mut perm = identity_perm::<N>();
        perm.swap(a, b);
        self.permute(perm)
    }

    /// The view with axis `source` moved to position `destination`, the others in order
    /// (NumPy's `moveaxis` with one axis).
    ///
    /// # Panics
    /// When an axis is out of bounds.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 3>::zeros([2, 3, 4]).moveaxis(0, 2).shape(), [3, 4, 2]);
    /// ```
    #[track_caller]
    pub fn moveaxis(
        self,
        source: impl crate::IntoAxis,
        destination: impl crate::IntoAxis,
    ) -> View<'a, T, N> {
        self.moveaxes([source], [destination])
    }

    /// The view with each axis `source[i]` moved to `destination[i]`, the others keeping their
    /// order in the remaining places (NumPy's `moveaxis` with sequences).
    ///
    /// # Panics
    /// When an axis is out of bounds or repeated; see [`View::try_moveaxes`].
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
    /// let moved = x.moveaxes([0, 1, 2], [0, 2, 1]); // seed In [47]
    /// assert_eq!(moved.shape(), [2, 4, 3]);
    /// assert_eq!(moved[[1, 2, 0]], x[[1, 0, 2]]);
    /// ```
    #[track_caller]
    pub fn moveaxes<const K: usize>(
        self,
        source: [impl crate::IntoAxis; K],
        destination: [impl crate::IntoAxis; K],
    ) -> View<'a, T, N> {
        unwrap_or_panic(self.try_moveaxes(source, destination))
    }

    /// [`View::moveaxes`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 2>::zeros([2, 3]);
    /// assert!(x.view().try_moveaxes([0, 0], [0, 1]).is_err());
    /// assert!(x.view().try_moveaxes([2], [0]).is_err());
    /// ```
    pub fn try_moveaxes<const K: usize>(
        self,
        source: [impl crate::IntoAxis; K],
        destination: [impl crate::IntoAxis; K],
    ) -> Result<View<'a, T, N>, ShapeError> {
        let source = resolve_axes::<N, K>("moveaxis", source)?;
        let destination = resolve_axes::<N, K>("moveaxis", destination)?;
        let perm = moveaxes_perm::<N, K>("moveaxis", &source, &destination)?;
        self.try_permute(perm)
    }

    /// NumPy's `rollaxis`: moves `axis` so that it lies before position `start`.
    ///
    /// # Panics
    /// When `axis >= N` or `start > N`.
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 3>::zeros([2, 3, 4]);
    /// assert_eq!(x.rollaxis(1, 0).shape(), [3, 2, 4]); // seed In [47]
    /// assert_eq!(x.rollaxis(0, 3).shape(), [3, 4, 2]);
    /// ```
    #[track_caller]
    pub fn rollaxis(self, axis: usize, start: usize) -> View<'a, T, N> {
        unwrap_or_panic(check_axis("rollaxis", axis, N));
        if start > N {
            panic!("rollaxis: start {start} is out of bounds for an array of rank {N}");
        }
        let dest = if start > axis { start - 1 } else { start };
        self.moveaxis(axis, dest)
    }

    /// The view with a new axis of length 1 before position `axis` (NumPy's `expand_dims`).
    ///
    /// # Panics
    /// When `axis > N`.
    ///
    /// ```
    /// use einarray::{Array, Axis};
    /// let x = Array::<f64, 2>::zeros([2, 3]);
    /// assert_eq!(x.insert_axis(Axis(2)).shape(), [2, 3, 1]);
    /// ```
    #[track_caller]
    pub fn insert_axis<const M: usize>(self, axis: impl crate::IntoAxis) -> View<'a, T, M>
    where
        Rank<N>: Up<M>,
    {
        let a = unwrap_or_panic(axis.resolve::<M>("insert_axis")).0;
        let mut layout = Layout {
            shape: [1; M],
            strides: [0; M],
        };
        for k in 0..M {
            if k != a {
                let src = if k < a { k } else { k - 1 };
                layout.shape[k] = self.layout.shape[src];
                layout.strides[k] = self.layout.strides[src];
            }
        }
        // SAFETY: the new axis has length 1; other axes are unchanged.
        unsafe { self.relayout(layout, 0) }
    }

    /// The sub-view at position `index` along `axis`, which is removed (NumPy's `x[..., i, ...]`).
    ///
    /// # Panics
    /// When `axis` or `index` is out of bounds; see [`View::try_index_axis`].
    ///
    /// ```
    /// use einarray::{Array, Axis};
    /// let x = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(x.index_axis(Axis(1), 2).to_vec(), vec![2, 5]);
    /// ```
    #[track_caller]
    pub fn index_axis<const M: usize>(
        self,
        axis: impl crate::IntoAxis,
        index: usize,
    ) -> View<'a, T, M>
    where
        Rank<N>: Down<M>,
    {
        unwrap_or_panic(self.try_index_axis(axis, index))
    }

    /// [`View::index_axis`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::{Array, Axis};
    /// let x = Array::<i32, 2>::zeros([2, 3]);
    /// assert_eq!(
    ///     x.view().try_index_axis(Axis(0), 2).unwrap_err().to_string(),
    ///     "index_axis: index 2 is out of bounds for axis 0 with size 2"
    /// );
    /// ```
    pub fn try_index_axis<const M: usize>(
        self,
        axis: impl crate::IntoAxis,
        index: usize,
    ) -> Result<View<'a, T, M>, ShapeError>
    where
        Rank<N>: Down<M>,
    {
        let axis = axis.resolve::<N>("index_axis")?;
        let (layout, offset) = remove_axis_layout("index_axis", &self.layout, axis.0, index)?;
        // SAFETY: `index` is in bounds of `axis`; the other axes are unchanged.
        Ok(unsafe { self.relayout(layout, offset) })
    }

    /// Removes `axis`, which must have length 1 (NumPy's `squeeze(axis=…)`).
    ///
    /// # Panics
    /// When the axis is out of bounds or its length is not 1.
    ///
    /// ```
    /// use einarray::{Array, Axis};
    /// let x = Array::<f64, 3>::zeros([2, 1, 3]);
    /// assert_eq!(x.squeeze_axis(Axis(1)).shape(), [2, 3]);
    /// ```
    #[track_caller]
    pub fn squeeze_axis<const M: usize>(self, axis: impl crate::IntoAxis) -> View<'a, T, M>
    where
        Rank<N>: Down<M>,
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("squeeze"));
        if self.layout.shape[axis.0] != 1 {
            panic!(
                "squeeze: cannot select an axis to squeeze out which has size not equal to one \
                 (axis {} of shape {:?})",
                axis.0, self.layout.shape
            );
        }
        self.index_axis(axis, 0)
    }

    /// Removes every axis of length 1 (NumPy's `squeeze()`); the result's rank `M` must be the
    /// number of axes whose length is not 1, since only the run time knows it.
    ///
    /// # Panics
    /// When that number is not `M`; see [`View::try_squeeze`].
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<f64, 4>::zeros([1, 2, 1, 3]);
    /// let y = x.squeeze::<2>();
    /// assert_eq!(y.shape(), [2, 3]);
    /// ```
    #[track_caller]
    pub fn squeeze<const M: usize>(self) -> View<'a, T, M> {
        unwrap_or_panic(self.try_squeeze())
    }

    /// [`View::squeeze`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::{Array, View};
    /// let x = Array::<f64, 3>::zeros([1, 2, 3]);
    /// let r: Result<View<f64, 1>, _> = x.view().try_squeeze();
    /// assert!(r.is_err());
    /// ```
    pub fn try_squeeze<const M: usize>(self) -> Result<View<'a, T, M>, ShapeError> {
        let kept = self.layout.shape.iter().filter(|&&d| d != 1).count();
        if kept != M {
            return Err(shape_err!(
                IncompatibleShape,
                "squeeze: shape {:?} has {kept} axes longer than 1, expected {M}",
                self.layout.shape
            ));
        }
        let mut layout = Layout {
            shape: [0; M],
            strides: [0; M],
        };
        let mut o = 0;
        for k in 0..N {
            if self.layout.shape[k] != 1 {
                layout.shape[o] = self.layout.shape[k];
                layout.strides[o] = self.layout.strides[k];
                o += 1;
            }
        }
        // SAFETY: only length-1 axes were dropped (at index 0).
        Ok(unsafe { self.relayout(layout, 0) })
    }

    /// A read-only view of this array broadcast to `shape` by NumPy's rule: axes are aligned on
    /// the right, length-1 axes are stretched (stride 0), new axes are prepended.
    ///
    /// # Panics
    /// When the shapes are incompatible; see [`View::try_broadcast_to`].
    ///
    /// ```
    /// use einarray::Array;
    /// let row = Array::<i32, 1>::arange(3);
    /// let b = row.broadcast_to([2, 3]);
    /// assert_eq!(b.strides(), [0, 1]);
    /// assert_eq!(b.to_vec(), vec![0, 1, 2, 0, 1, 2]);
    /// ```
    #[track_caller]
    pub fn broadcast_to<const M: usize>(self, shape: [usize; M]) -> View<'a, T, M> {
        unwrap_or_panic(self.try_broadcast_to(shape))
    }

    /// [`View::broadcast_to`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<i32, 1>::arange(3);
    /// assert_eq!(
    ///     x.view().try_broadcast_to([2, 4]).unwrap_err().to_string(),
    ///     "broadcast_to: cannot broadcast an array of shape [3] to shape [2, 4]"
    /// );
    /// ```
    pub fn try_broadcast_to<const M: usize>(
        self,
        shape: [usize; M],
    ) -> Result<View<'a, T, M>, ShapeError> {
        let err = || {
            shape_err!(
                IncompatibleShape,
                "broadcast_to: cannot broadcast an array of shape {:?} to shape {shape:?}",
                self.layout.shape
            )
        };
        if M < N {
            return Err(err());
        }
        crate::layout::checked_size("broadcast_to", &shape, std::mem::size_of::<T>())?;
        let mut strides = [0isize; M];
        for k in 0..N {
            let (d_in, d_out) = (self.layout.shape[k], shape[M - N + k]);
            strides[M - N + k] = if d_in == d_out {
                self.layout.strides[k]
            } else if d_in == 1 {
                0
            } else {
                return Err(err());
            };
        }
        // SAFETY: every in-bounds index of the new layout maps to index 0 on stretched axes and
        // the same index on kept ones, so to an in-bounds element of `self` (an empty `self`
        // broadcasts only to an empty result, which reads nothing).
        Ok(unsafe { self.relayout(Layout { shape, strides }, 0) })
    }

    /// A view with a new shape when the strides allow it, otherwise a C-order copy (NumPy's
    /// `reshape`); one axis may be `-1`, inferred.
    ///
    /// # Panics
    /// When the sizes differ or the shape is invalid; see [`View::try_reshape`].
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6);
    /// let r = a.reshape([-1, 3]);
    /// assert!(r.is_view());
    /// assert_eq!(r.shape(), [2, 3]);
    /// let c = r.t().reshape([6]); // a transpose cannot be raveled without a copy
    /// assert!(!c.is_view());
    /// assert_eq!(c.to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    #[track_caller]
    pub fn reshape<const M: usize>(self, shape: impl ReshapeArg<M>) -> CowArray<'a, T, M>
    where
        T: Clone,
    {
        unwrap_or_panic(self.try_reshape_order(shape, Order::C))
    }

    /// [`View::reshape`] reading and writing elements in `order` (NumPy's `order=`).
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// let f = a.ravel_order(Order::F);
    /// assert_eq!(f.reshape_order([-1, 3], Order::F).to_vec(), vec![0, 1, 2, 3, 4, 5]);
    /// ```
    #[track_caller]
    pub fn reshape_order<const M: usize>(
        self,
        shape: impl ReshapeArg<M>,
        order: Order,
    ) -> CowArray<'a, T, M>
    where
        T: Clone,
    {
        unwrap_or_panic(self.try_reshape_order(shape, order))
    }

    /// [`View::reshape`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6);
    /// assert_eq!(
    ///     a.view().try_reshape([4, 2]).unwrap_err().to_string(),
    ///     "reshape: cannot reshape an array of size 6 into shape [4, 2]"
    /// );
    /// ```
    pub fn try_reshape<const M: usize>(
        self,
        shape: impl ReshapeArg<M>,
    ) -> Result<CowArray<'a, T, M>, ShapeError>
    where
        T: Clone,
    {
        self.try_reshape_order(shape, Order::C)
    }

    /// [`View::reshape_order`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let a = Array::<i32, 1>::arange(6);
    /// assert!(a.view().try_reshape_order([-1, -1], Order::F).is_err());
    /// ```
    pub fn try_reshape_order<const M: usize>(
        self,
        shape: impl ReshapeArg<M>,
        order: Order,
    ) -> Result<CowArray<'a, T, M>, ShapeError>
    where
        T: Clone,
    {
        let shape = shape.resolve("reshape", self.len())?;
        if let Some(strides) = nocopy_reshape(&self.layout, &shape, order) {
            // SAFETY: `nocopy_reshape` only returns strides that address, for each new index,
            // the element at the same position in `order` of the old layout.
            return Ok(CowArray::View(unsafe {
                self.relayout(Layout { shape, strides }, 0)
            }));
        }
        let flat = self.flatten_order(order);
        let (data, _) = flat.into_raw_parts();
        Ok(CowArray::Owned(Array::from_vec_layout(
            data,
            Layout::dense(shape, order),
        )))
    }

    /// The elements as a 1-D array in C order: a view when possible, else a copy (NumPy's
    /// `ravel`).
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
    /// assert!(x.ravel().is_view());
    /// assert_eq!(x.ravel().len(), 24);
    /// ```
    pub fn ravel(self) -> CowArray<'a, T, 1>
    where
        T: Clone,
    {
        self.ravel_order(Order::C)
    }

    /// [`View::ravel`] in `order` (seed In \[51\]).
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(a.ravel_order(Order::F).to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// assert!(!a.ravel_order(Order::F).is_view()); // seed In [52]: this one is a copy
    /// ```
    pub fn ravel_order(self, order: Order) -> CowArray<'a, T, 1>
    where
        T: Clone,
    {
        let size = self.len();
        unwrap_or_panic(self.try_reshape_order([size], order))
    }

    /// A new 1-D array of the elements in C order: always a copy (NumPy's `flatten`).
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(a.t().flatten().to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn flatten(self) -> Array<T, 1>
    where
        T: Clone,
    {
        self.flatten_order(Order::C)
    }

    /// [`View::flatten`] in `order`.
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(a.flatten_order(Order::F).to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn flatten_order(self, order: Order) -> Array<T, 1>
    where
        T: Clone,
    {
        let (data, _) = self.copy(order).into_raw_parts();
        Array::from_vec(data)
    }

    /// A new C-order array with copies of the elements (NumPy's `copy()`), keeping `S`.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// let t = a.t().to_owned();
    /// assert!(t.is_c_contiguous());
    /// assert_eq!(t.to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn to_owned(self) -> Array<T, N, S>
    where
        T: Clone,
    {
        self.copy(Order::C)
    }

    /// A new array in memory `order` with copies of the elements (NumPy's `copy(order=…)`).
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let b = Array::<i32, 1>::arange(6).into_reshape([2, 3]).copy(Order::F);
    /// assert_eq!(b.strides(), [1, 2]);
    /// assert_eq!(b.to_vec(), vec![0, 1, 2, 3, 4, 5]); // same abstraction, other layout
    /// ```
    pub fn copy(self, order: Order) -> Array<T, N, S>
    where
        T: Clone,
    {
        // Same dense layout on both sides: one slice copy (a `memcpy` for `Copy` types).
        if let Some(flat) = self.as_memory_slice(order) {
            let mut data = crate::alloc::vec_with_capacity(flat.len());
            data.extend_from_slice(flat);
            return Array::from_vec_layout(data, Layout::dense(self.layout.shape, order));
        }
        self.map_order(order, |x| x.clone())
    }

    /// The elements as one slice when they are dense in `order`'s memory layout with
    /// non-negative strides (so that slice order is that layout's element order).
    pub(crate) fn as_memory_slice(self, order: Order) -> Option<&'a [T]> {
        let dense = match order {
            Order::C => self.is_c_contiguous(),
            Order::F => self.is_f_contiguous(),
        };
        if dense && self.layout.strides.iter().all(|&s| s >= 0) {
            // SAFETY: dense with non-negative strides: the `len` elements from `ptr` on are
            // exactly this view's elements, shared for `'a`.
            Some(unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len()) })
        } else {
            None
        }
    }

    /// The elements in logical C order, as a `Vec`.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(10);
    /// assert_eq!(x.slice(s![..;-1]).slice(s![..3]).to_vec(), vec![9, 8, 7]);
    /// ```
    pub fn to_vec(self) -> Vec<T>
    where
        T: Clone,
    {
        self.to_owned().into_raw_parts().0
    }

    /// The one element of a size-1 array, of any rank (NumPy's `x.item()`): how a rank-0
    /// result (`einsum!("i,i->", …)`, a full reduction kept as an array) becomes a number.
    ///
    /// # Panics
    /// When the array does not have exactly one element; see [`View::try_item`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let v = array![1.0, 2.0, 3.0];
    /// let d: Array<f64, 0> = einsum!("i,i->", &v, &v);
    /// assert_eq!(d.item(), 14.0);
    /// assert_eq!(array![[7]].item(), 7);
    /// ```
    #[track_caller]
    pub fn item(self) -> T
    where
        T: Clone,
    {
        unwrap_or_panic(self.try_item())
    }

    /// [`View::item`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert_eq!(
    ///     array![1, 2].view().try_item().unwrap_err().to_string(),
    ///     "item: can only convert an array of size 1 to a scalar, not one of shape (2,)"
    /// );
    /// ```
    pub fn try_item(self) -> Result<T, ShapeError>
    where
        T: Clone,
    {
        if self.len() != 1 {
            return Err(shape_err!(
                IncompatibleShape,
                "item: can only convert an array of size 1 to a scalar, not one of shape {}",
                crate::zip::tuple(&self.layout.shape)
            ));
        }
        // SAFETY: `len() == 1` was checked just above (in release builds too): one element, at
        // index [0, …, 0], which is offset 0 (invariant 2).
        Ok(unsafe { self.ptr.as_ref() }.clone())
    }

    /// A new C-order array of `f(x)` for each element (in C order).
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(4);
    /// assert_eq!(a.map(|&x| x as f64 / 2.0).to_vec(), vec![0.0, 0.5, 1.0, 1.5]);
    /// ```
    pub fn map<U>(self, f: impl FnMut(&T) -> U) -> Array<U, N, S> {
        self.map_order(Order::C, f)
    }

    fn map_order<U>(self, order: Order, mut f: impl FnMut(&T) -> U) -> Array<U, N, S> {
        let shape = self.layout.shape;
        let layout = Layout::dense(shape, order);
        // SAFETY: the slots are a fresh buffer of exactly the dense layout's size, unique and
        // disjoint from `self`; `self` is valid for reads; the walk writes every element of
        // the dense layout exactly once.
        unsafe {
            Array::build(layout, |slots| {
                kernel::walk2_tiled(
                    slots.as_mut_ptr(),
                    &layout.strides,
                    self.ptr.as_ptr(),
                    &self.layout.strides,
                    &shape,
                    |d: &mut MaybeUninit<U>, s| {
                        d.write(f(s));
                    },
                )
            })
        }
    }

    /// Whether the two arrays have an element in common (NumPy's exact `shares_memory`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(10);
    /// assert!(x.slice(s![..5]).shares_memory(&x));
    /// assert!(!x.slice(s![..;2]).shares_memory(&x.slice(s![1..;2])));
    /// assert!(!x.shares_memory(&x.to_owned()));
    /// ```
    pub fn shares_memory<const M: usize>(self, other: &impl AsView<T, M>) -> bool {
        let other = other.as_view();
        if !self.may_share_memory(&other) {
            return false;
        }
        shares_memory_exact(
            (self.ptr.as_ptr() as *const u8, &self.layout),
            (other.ptr.as_ptr() as *const u8, &other.layout),
            std::mem::size_of::<T>(),
        )
    }

    /// Whether the address ranges of the two arrays overlap (NumPy's `may_share_memory`): a
    /// cheap test with false positives (interleaved views) but no false negatives.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(10);
    /// assert!(x.slice(s![..;2]).may_share_memory(&x.slice(s![1..;2])));
    /// ```
    pub fn may_share_memory<U, const M: usize>(self, other: &impl AsView<U, M>) -> bool {
        let other = other.as_view();
        if self.is_empty() || other.is_empty() {
            return false;
        }
        let range = |ptr: *const u8, l: (isize, isize), size: usize| {
            let lo = (ptr as isize).wrapping_add(l.0 * size as isize);
            let hi = (ptr as isize).wrapping_add(l.1 * size as isize + size.max(1) as isize);
            (lo, hi)
        };
        let (a0, a1) = range(
            self.ptr.as_ptr() as *const u8,
            self.layout.offset_range(),
            std::mem::size_of::<T>(),
        );
        let (b0, b1) = range(
            other.ptr.as_ptr() as *const u8,
            other.layout.offset_range(),
            std::mem::size_of::<U>(),
        );
        a0 < b1 && b0 < a1
    }

    /// The same view, with static sizes `S2` checked against the shape.
    ///
    /// ```
    /// use einarray::{Array, Const, Dyn};
    /// let a = Array::<f64, 2>::zeros([4, 3]);
    /// let v = a.view().as_static::<(Dyn, Const<3>)>().unwrap();
    /// assert_eq!(v.shape(), [4, 3]);
    /// assert!(a.view().as_static::<(Const<3>, Dyn)>().is_err());
    /// ```
    pub fn as_static<S2: Shape<N>>(self) -> Result<View<'a, T, N, S2>, ShapeError> {
        S2::check("as_static", &self.layout.shape)?;
        // SAFETY: same memory and layout; the promise of S2 was just checked.
        Ok(unsafe { View::from_raw(self.ptr, self.layout) })
    }

    /// The same view with every size dynamic.
    ///
    /// ```
    /// use einarray::{Array, Const, View};
    /// let a = Array::<f64, 1>::zeros([3]).into_static::<(Const<3>,)>().unwrap();
    /// let v: View<f64, 1> = a.view().as_dynamic();
    /// assert_eq!(v.len(), 3);
    /// ```
    pub fn as_dynamic(self) -> View<'a, T, N> {
        // SAFETY: same memory and layout; dynamic sizes promise nothing.
        unsafe { View::from_raw(self.ptr, self.layout) }
    }
}

impl<'a, T, const N: usize, S: Shape<N>> ViewMut<'a, T, N, S> {
    /// # Safety
    /// `ptr` and `layout` satisfy the layout invariants (crate::layout) for unique reads and
    /// writes during `'a`, and the shape keeps `S`'s promise.
    pub(crate) unsafe fn from_raw(ptr: NonNull<T>, layout: Layout<N>) -> Self {
        debug_assert!(layout.is_unique());
        // As in `View::from_raw`.
        debug_assert!(S::keeps(&layout.shape));
        ViewMut {
            ptr,
            layout,
            _marker: PhantomData,
        }
    }

    /// # Safety
    /// As [`View::relayout`], and the new layout keeps uniqueness.
    unsafe fn relayout<const M: usize, S2: Shape<M>>(
        self,
        layout: Layout<M>,
        offset: isize,
    ) -> ViewMut<'a, T, M, S2> {
        // An empty result reads nothing: keep the base pointer (see `View::relayout`).
        let offset = if layout.shape.contains(&0) { 0 } else { offset };
        // SAFETY: in bounds by the caller's contract.
        let ptr = unsafe { NonNull::new_unchecked(self.ptr.as_ptr().offset(offset)) };
        // SAFETY: a unique sub-layout of a unique borrow, for the same `'a`.
        unsafe { ViewMut::from_raw(ptr, layout) }
    }

    /// A read-only view of the same elements, borrowing this one.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<f64, 1>::zeros([3]);
    /// let m = a.view_mut();
    /// assert_eq!(m.view().len(), 3);
    /// ```
    pub fn view(&self) -> View<'_, T, N, S> {
        // SAFETY: shared reborrow of a unique view.
        unsafe { View::from_raw(self.ptr, self.layout) }
    }

    /// A shorter-lived mutable view of the same elements (a reborrow).
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<f64, 1>::zeros([3]);
    /// let mut m = a.view_mut();
    /// m.view_mut().fill(1.0);
    /// m.view_mut().fill(2.0);
    /// assert_eq!(a.to_vec(), vec![2.0; 3]);
    /// ```
    pub fn view_mut(&mut self) -> ViewMut<'_, T, N, S> {
        // SAFETY: unique reborrow of a unique view.
        unsafe { ViewMut::from_raw(self.ptr, self.layout) }
    }

    /// The address of element `[0, …, 0]`, for kernels that walk the layout themselves.
    pub(crate) fn as_mut_ptr_internal(&mut self) -> *mut T {
        self.ptr.as_ptr()
    }

    /// A mutable reference to the element at `index`, or `None` when out of bounds.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 2]);
    /// *a.get_mut([1, 0]).unwrap() = 5;
    /// assert_eq!(a[[1, 0]], 5);
    /// assert!(a.get_mut([2, 0]).is_none());
    /// ```
    #[inline]
    pub fn get_mut(&mut self, index: [usize; N]) -> Option<&mut T> {
        let off = self.layout.offset_checked(&index)?;
        // SAFETY: in bounds, and unique for the borrow of `self`.
        Some(unsafe { &mut *self.ptr.as_ptr().offset(off) })
    }

    /// The elements as a mutable slice in logical order, when they are C-contiguous.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 1>::zeros([3]);
    /// a.as_slice_mut().unwrap()[1] = 4;
    /// assert_eq!(a.to_vec(), vec![0, 4, 0]);
    /// ```
    pub fn as_slice_mut(&mut self) -> Option<&mut [T]> {
        if self.layout.is_c_contiguous() {
            // SAFETY: C-contiguous elements form one unique slice.
            Some(unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.layout.size()) })
        } else {
            None
        }
    }

    /// An iterator over mutable references in logical C order.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 1>::arange(4).into_reshape([2, 2]);
    /// for (k, x) in a.t_mut().iter_mut().enumerate() {
    ///     *x = k as i32;
    /// }
    /// assert_eq!(a.to_vec(), vec![0, 2, 1, 3]);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T, N> {
        // SAFETY: a unique view's invariants, for the borrow of `self`.
        unsafe { IterMut::new(self.ptr, self.layout) }
    }

    /// A mutable sub-view chosen by `info` ([`crate::slice`]).
    ///
    /// # Panics
    /// As [`View::slice`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// x.slice_mut(s![1..;2]).fill(0);
    /// assert_eq!(x.to_vec(), vec![0, 0, 2, 0, 4, 0]);
    /// ```
    #[track_caller]
    pub fn slice_mut<const M: usize>(&mut self, info: impl SliceArg<N, M>) -> ViewMut<'_, T, M> {
        self.view_mut().into_slice(info)
    }

    /// [`ViewMut::slice_mut`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// assert!(x.view_mut().try_slice_mut(s![6]).is_err());
    /// ```
    pub fn try_slice_mut<const M: usize>(
        &mut self,
        info: impl SliceArg<N, M>,
    ) -> Result<ViewMut<'_, T, M>, ShapeError> {
        self.view_mut().try_into_slice(info)
    }

    /// [`ViewMut::slice_mut`] consuming the view, so the result keeps the lifetime `'a`.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// let tail = x.view_mut().into_slice(s![3..]);
    /// assert_eq!(tail.len(), 3);
    /// ```
    #[track_caller]
    pub fn into_slice<const M: usize>(self, info: impl SliceArg<N, M>) -> ViewMut<'a, T, M> {
        unwrap_or_panic(self.try_into_slice(info))
    }

    /// [`ViewMut::into_slice`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// assert!(x.view_mut().try_into_slice(s![..;0]).is_err());
    /// ```
    pub fn try_into_slice<const M: usize>(
        self,
        info: impl SliceArg<N, M>,
    ) -> Result<ViewMut<'a, T, M>, ShapeError> {
        let (layout, offset) = self.layout.slice::<M>(info.elems())?;
        // SAFETY: slicing maps in-bounds to in-bounds and keeps uniqueness (new axes have
        // length 1; stepped axes visit distinct indices).
        Ok(unsafe { self.relayout(layout, offset) })
    }

    /// A mutable view with axes reversed.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 2>::zeros([2, 3]);
    /// a.t_mut()[[2, 0]] = 1;
    /// assert_eq!(a[[0, 2]], 1);
    /// ```
    pub fn t_mut(&mut self) -> ViewMut<'_, T, N> {
        let mut perm = [0; N];
        for (k, p) in perm.iter_mut().enumerate() {
            *p = N - 1 - k;
        }
        self.view_mut().into_permuted(perm)
    }

    /// The mutable view with axes permuted (see [`View::permute`]).
    ///
    /// # Panics
    /// When `axes` is not a permutation.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 3>::zeros([2, 3, 4]);
    /// assert_eq!(a.view_mut().into_permuted([2, 0, 1]).shape(), [4, 2, 3]);
    /// ```
    #[track_caller]
    pub fn into_permuted(self, axes: [usize; N]) -> ViewMut<'a, T, N> {
        unwrap_or_panic(check_permutation("permute", &axes));
        let layout = self.layout.permuted(axes);
        // SAFETY: a permutation visits the same elements.
        unsafe { self.relayout(layout, 0) }
    }

    /// Sets every element to `value`.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<f64, 2>::zeros([2, 2]);
    /// a.fill(3.0);
    /// assert_eq!(a.to_vec(), vec![3.0; 4]);
    /// ```
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.map_inplace(|x| x.clone_from(&value));
    }

    /// Applies `f` to every element in place, in memory order.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i64, 1>::arange(4);
    /// a.map_inplace(|x| *x *= *x);
    /// assert_eq!(a.to_vec(), vec![0, 1, 4, 9]);
    /// ```
    pub fn map_inplace(&mut self, f: impl FnMut(&mut T)) {
        // SAFETY: a unique view is valid for reads and writes of every element.
        unsafe {
            kernel::walk1(
                self.ptr.as_ptr(),
                &self.layout.shape,
                &self.layout.strides,
                f,
            )
        }
    }

    /// Copies the elements of `src`, which must have the same shape, into this view.
    ///
    /// Static sizes are compared by the type checker; dynamic ones at run time. A `src` that
    /// overlaps this view cannot exist: the borrow checker rules it out.
    ///
    /// # Panics
    /// When the shapes differ; see [`ViewMut::try_assign`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<i32, 2>::zeros([2, 3]);
    /// let b = Array::<i32, 1>::arange(6).into_reshape([3, 2]);
    /// a.assign(&b.t());
    /// assert_eq!(a.to_vec(), vec![0, 2, 4, 1, 3, 5]);
    /// ```
    #[track_caller]
    pub fn assign<A>(&mut self, src: &A)
    where
        T: Clone,
        A: AsView<T, N>,
        S: SameShape<A::Shape, N>,
    {
        unwrap_or_panic(self.try_assign(src));
    }

    /// [`ViewMut::assign`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<i32, 1>::zeros([3]);
    /// assert_eq!(
    ///     a.view_mut().try_assign(&Array::<i32, 1>::zeros([4])).unwrap_err().to_string(),
    ///     "assign: destination has shape [3] but source has shape [4]"
    /// );
    /// ```
    pub fn try_assign<A>(&mut self, src: &A) -> Result<(), ShapeError>
    where
        T: Clone,
        A: AsView<T, N>,
        S: SameShape<A::Shape, N>,
    {
        let src = src.as_view();
        if src.layout.shape != self.layout.shape {
            return Err(shape_err!(
                IncompatibleShape,
                "assign: destination has shape {:?} but source has shape {:?}",
                self.layout.shape,
                src.layout.shape
            ));
        }
        for order in [Order::C, Order::F] {
            if let (Some(d), Some(s)) = (
                self.view().as_memory_slice(order),
                src.as_memory_slice(order),
            ) {
                let len = d.len();
                // SAFETY: the destination is dense in `order` with non-negative strides, so its
                // `len` elements from `ptr` form one slice, unique for this borrow.
                let d = unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), len) };
                // Same order on both sides: a slice copy (`memcpy` for `Copy` types).
                d.clone_from_slice(s);
                return Ok(());
            }
        }
        // SAFETY: `self` is unique and `src` is a shared borrow, so they cannot overlap; both
        // layouts are valid and of the same shape.
        unsafe {
            kernel::walk2_tiled(
                self.ptr.as_ptr(),
                &self.layout.strides,
                src.ptr.as_ptr(),
                &src.layout.strides,
                &self.layout.shape,
                |d: &mut T, s: &T| d.clone_from(s),
            )
        };
        Ok(())
    }

    /// The same mutable view, with static sizes `S2` checked against the shape.
    ///
    /// ```
    /// use einarray::{Array, Const};
    /// let mut a = Array::<f64, 1>::zeros([3]);
    /// assert!(a.view_mut().into_static::<(Const<3>,)>().is_ok());
    /// ```
    pub fn into_static<S2: Shape<N>>(self) -> Result<ViewMut<'a, T, N, S2>, ShapeError> {
        S2::check("into_static", &self.layout.shape)?;
        // SAFETY: same memory and layout; the promise of S2 was just checked.
        Ok(unsafe { ViewMut::from_raw(self.ptr, self.layout) })
    }
}

impl<'a, T, const N: usize, S: Shape<N>> ViewMut<'a, T, N, S> {
    /// The same mutable view with every size dynamic.
    ///
    /// ```
    /// use einarray::{Array, Const, ViewMut};
    /// let mut a = Array::<f64, 1>::zeros([3]).into_static::<(Const<3>,)>().unwrap();
    /// let v: ViewMut<f64, 1> = a.view_mut().into_dynamic();
    /// assert_eq!(v.len(), 3);
    /// ```
    pub fn into_dynamic(self) -> ViewMut<'a, T, N> {
        // SAFETY: same memory and layout; dynamic sizes promise nothing.
        unsafe { ViewMut::from_raw(self.ptr, self.layout) }
    }
}

impl<'a, T> ViewMut<'a, T, 1> {
    /// Sorts the elements in ascending order, in place, whatever the stride (NumPy's
    /// `sort()` on a 1-D view). Stable; values that are unordered with themselves (NaN) go last,
    /// as in NumPy.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::from_vec(vec![3.0, f64::NAN, 1.0, 2.0]);
    /// x.slice_mut(s![..]).sort();
    /// assert_eq!(&x.to_vec()[..3], &[1.0, 2.0, 3.0]);
    /// assert!(x[[3]].is_nan());
    /// ```
    pub fn sort(&mut self)
    where
        T: PartialOrd,
    {
        if let Some(s) = self.as_slice_mut() {
            // Numbers by their bits (`crate::sort`): the same stable order, faster.
            if crate::sort::radix_sort(s) {
                return;
            }
        }
        self.sort_by(|a, b| match a.partial_cmp(b) {
            Some(o) => o,
            None => {
                let a_nan = a.partial_cmp(a).is_none();
                let b_nan = b.partial_cmp(b).is_none();
                a_nan.cmp(&b_nan)
            }
        });
    }

    /// Sorts with a comparison function, in place, stable.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut x = Array::from_vec(vec![1, 3, 2]);
    /// x.view_mut().sort_by(|a, b| b.cmp(a));
    /// assert_eq!(x.to_vec(), vec![3, 2, 1]);
    /// ```
    pub fn sort_by(&mut self, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        if let Some(s) = self.as_slice_mut() {
            s.sort_by(cmp);
            return;
        }
        // A strided view: sort references to the elements, then permute through them.
        let mut idx: Vec<usize> = (0..self.layout.shape[0]).collect();
        let base = self.ptr.as_ptr();
        let stride = self.layout.strides[0];
        // SAFETY: every index in `idx` is in bounds of the axis.
        let at = |i: usize| unsafe { &*base.offset(i as isize * stride) };
        idx.sort_by(|&a, &b| cmp(at(a), at(b)));
        // Apply the permutation with swaps along its cycles.
        let mut done = vec![false; idx.len()];
        for start in 0..idx.len() {
            let mut cur = start;
            while !done[cur] {
                done[cur] = true;
                let next = idx[cur];
                if next != start && !done[next] {
                    // SAFETY: `cur` and `next` are distinct in-bounds elements of a unique view.
                    unsafe {
                        std::ptr::swap(
                            base.offset(cur as isize * stride),
                            base.offset(next as isize * stride),
                        )
                    };
                }
                cur = next;
            }
        }
    }
}

/// Turns a `Vec<MaybeUninit<U>>` whose elements are all initialised into a `Vec<U>`.
///
/// # Safety
/// Every element must be initialised.
pub(crate) unsafe fn assume_init_vec<U>(v: Vec<MaybeUninit<U>>) -> Vec<U> {
    let mut v = std::mem::ManuallyDrop::new(v);
    // SAFETY: `MaybeUninit<U>` has the layout of `U`, and the caller promises initialisation.
    unsafe { Vec::from_raw_parts(v.as_mut_ptr() as *mut U, v.len(), v.capacity()) }
}

fn identity_perm<const N: usize>() -> [usize; N] {
    let mut p = [0; N];
    for (k, x) in p.iter_mut().enumerate() {
        *x = k;
    }
    p
}

/// The permutation that moves `source[i]` to `destination[i]`, others in order.
/// Each of `axes` resolved against rank `N`.
fn resolve_axes<const N: usize, const K: usize>(
    op: &str,
    axes: [impl crate::IntoAxis; K],
) -> Result<[usize; K], ShapeError> {
    let mut out = [0; K];
    for (o, a) in out.iter_mut().zip(axes) {
        *o = a.resolve::<N>(op)?.0;
    }
    Ok(out)
}

pub(crate) fn moveaxes_perm<const N: usize, const K: usize>(
    op: &str,
    source: &[usize; K],
    destination: &[usize; K],
) -> Result<[usize; N], ShapeError> {
    let mut perm = [usize::MAX; N];
    let mut used = [false; N];
    for (&s, &d) in source.iter().zip(destination) {
        check_axis(op, s, N)?;
        check_axis(op, d, N)?;
        if used[s] || perm[d] != usize::MAX {
            return Err(shape_err!(
                InvalidArgument,
                "{op}: repeated axis in source {source:?} or destination {destination:?}"
            ));
        }
        used[s] = true;
        perm[d] = s;
    }
    let mut rest = (0..N).filter(|&k| !used[k]);
    for p in perm.iter_mut() {
        if *p == usize::MAX {
            *p = rest.next().expect("counts match");
        }
    }
    Ok(perm)
}

/// The layout without `axis`, fixed at `index`, and the offset of that position.
fn remove_axis_layout<const N: usize, const M: usize>(
    op: &str,
    layout: &Layout<N>,
    axis: usize,
    index: usize,
) -> Result<(Layout<M>, isize), ShapeError> {
    check_axis(op, axis, N)?;
    let len = layout.shape[axis];
    if index >= len {
        return Err(shape_err!(
            OutOfBounds,
            "{op}: index {index} is out of bounds for axis {axis} with size {len}"
        ));
    }
    let mut out = Layout {
        shape: [0; M],
        strides: [0; M],
    };
    for k in 0..M {
        let src = if k < axis { k } else { k + 1 };
        out.shape[k] = layout.shape[src];
        out.strides[k] = layout.strides[src];
    }
    Ok((out, index as isize * layout.strides[axis]))
}

/// Whether two layouts of elements of `size` bytes share an element's bytes, with no buffer
/// proportional to their sizes: each element of the one with fewer (after dropping the axes
/// that repeat elements) is looked up in the other by [`Layout::locator`]. Only when both may
/// repeat elements (overlapping strides) are the addresses of one sorted, in a buffer.
fn shares_memory_exact<const N: usize, const M: usize>(
    a: (*const u8, &Layout<N>),
    b: (*const u8, &Layout<M>),
    size: usize,
) -> bool {
    // Zero strides revisit one element: a broadcast axis adds no address.
    fn distinct<const R: usize>(l: &Layout<R>) -> Layout<R> {
        let mut d = *l;
        for k in 0..R {
            if d.strides[k] == 0 {
                d.shape[k] = d.shape[k].min(1);
            }
        }
        d
    }
    let (da, db) = (distinct(a.1), distinct(b.1));
    let size = size.max(1) as isize;
    // Look each element of `small` up in `big`: the byte distance of every element of `small`
    // from `big`'s base, then the one or two elements of `big` those bytes could belong to.
    fn probe<const P: usize, const Q: usize>(
        small: (*const u8, &Layout<P>),
        big: (*const u8, &crate::layout::Locator<Q>),
        size: isize,
    ) -> bool {
        let delta = (small.0 as isize).wrapping_sub(big.0 as isize);
        let mut found = false;
        kernel::for_each_offset_c(&small.1.shape, &small.1.strides, |o| {
            if found {
                return;
            }
            let Some(bytes) = o.checked_mul(size).and_then(|x| x.checked_add(delta)) else {
                return;
            };
            let q = bytes.div_euclid(size);
            found = big.1.contains(q) || (bytes.rem_euclid(size) != 0 && big.1.contains(q + 1));
        });
        found
    }
    match (da.locator(), db.locator()) {
        // Walk the smaller side where both can be looked up.
        (Some(_), Some(lb)) if da.size() < db.size() => probe((a.0, &da), (b.0, &lb), size),
        (Some(la), _) => probe((b.0, &db), (a.0, &la), size),
        (None, Some(lb)) => probe((a.0, &da), (b.0, &lb), size),
        (None, None) => {
            // Both repeat elements through overlapping strides: sort one side's addresses.
            let mut mine: Vec<isize> = crate::alloc::vec_with_capacity(da.size());
            kernel::for_each_offset_c(&da.shape, &da.strides, |o| {
                mine.push((a.0 as isize).wrapping_add(o.wrapping_mul(size)));
            });
            mine.sort_unstable();
            let mut found = false;
            kernel::for_each_offset_c(&db.shape, &db.strides, |o| {
                let addr = (b.0 as isize).wrapping_add(o.wrapping_mul(size));
                // An element of `a` starting less than `size` bytes before `addr`, or at it.
                let i = mine.partition_point(|&x| x <= addr);
                found |= i > 0 && addr - mine[i - 1] < size;
                found |= mine.get(i).is_some_and(|&x| x - addr < size);
            });
            found
        }
    }
}

/// Strides for viewing `layout`'s elements, read in `order`, as `new_shape` filled in the same
/// order — or `None` when that needs a copy (NumPy's `_attempt_nocopy_reshape`).
pub(crate) fn nocopy_reshape<const N: usize, const M: usize>(
    layout: &Layout<N>,
    new_shape: &[usize; M],
    order: Order,
) -> Option<[isize; M]> {
    if layout.size() == 0 {
        return Some(crate::layout::dense_strides(new_shape, Order::C));
    }
    // Work in C order; F order is C order with both axis lists reversed.
    let rev = order == Order::F;
    let old: Vec<(usize, isize)> = {
        let mut v: Vec<(usize, isize)> = (0..N)
            .map(|k| (layout.shape[k], layout.strides[k]))
            .filter(|&(d, _)| d != 1)
            .collect();
        if rev {
            v.reverse();
        }
        v
    };
    let new: Vec<usize> = {
        let mut v = new_shape.to_vec();
        if rev {
            v.reverse();
        }
        v
    };
    let mut strides = vec![0isize; M];
    let (mut oi, mut oj, mut ni, mut nj) = (0usize, 1usize, 0usize, 1usize);
    while ni < new.len() && oi < old.len() {
        let mut np = new[ni];
        let mut op = old[oi].0;
        while np != op {
            if np < op {
                np *= new[nj];
                nj += 1;
            } else {
                op *= old[oj].0;
                oj += 1;
            }
        }
        // The old axes oi..oj must be contiguous with each other in C order.
        for ok in oi..oj - 1 {
            if old[ok].1 != old[ok + 1].0 as isize * old[ok + 1].1 {
                return None;
            }
        }
        strides[nj - 1] = old[oj - 1].1;
        for nk in (ni + 1..nj).rev() {
            strides[nk - 1] = strides[nk] * new[nk] as isize;
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing new axes have length 1: any stride works; use the next-inner C stride.
    for nk in ni..new.len() {
        strides[nk] = if nk == 0 { 1 } else { strides[nk - 1] };
    }
    if rev {
        strides.reverse();
    }
    let mut out = [0isize; M];
    out.copy_from_slice(&strides);
    Some(out)
}

/// The read-only methods of [`View`], on array types that can lend one: each forwards to the
/// method of the same name on `self.view()`.
macro_rules! forward_view_methods {
    (impl[$($gen:tt)*] $ty:ty, shape = $s:ty) => {
        impl<$($gen)*> $ty {
            /// See [`View::shape`].
            pub fn shape(&self) -> [usize; N] { self.view().shape() }
            /// See [`View::strides`].
            pub fn strides(&self) -> [isize; N] { self.view().strides() }
            /// See [`View::layout`].
            pub fn layout(&self) -> $crate::Layout<N> { self.view().layout() }
            /// See [`View::ndim`].
            pub fn ndim(&self) -> usize { N }
            /// See [`View::len`].
            pub fn len(&self) -> usize { self.view().len() }
            /// See [`View::is_empty`].
            pub fn is_empty(&self) -> bool { self.view().is_empty() }
            /// See [`View::is_c_contiguous`].
            pub fn is_c_contiguous(&self) -> bool { self.view().is_c_contiguous() }
            /// See [`View::is_f_contiguous`].
            pub fn is_f_contiguous(&self) -> bool { self.view().is_f_contiguous() }
            /// See [`View::as_slice`].
            pub fn as_slice(&self) -> Option<&[T]> { self.view().as_slice() }
            /// See [`View::as_ptr`].
            pub fn as_ptr(&self) -> *const T { self.view().as_ptr() }
            /// See [`View::get`].
            pub fn get(&self, index: [usize; N]) -> Option<&T> { self.view().get(index) }
            /// See [`View::iter`].
            pub fn iter(&self) -> $crate::iter::Iter<'_, T, N> { self.view().iter() }
            /// See [`View::indexed_iter`].
            pub fn indexed_iter(&self) -> $crate::iter::IndexedIter<'_, T, N> {
                self.view().indexed_iter()
            }
            /// See [`View::slice`].
            #[track_caller]
            pub fn slice<const M: usize>(&self, info: impl $crate::SliceArg<N, M>) -> $crate::View<'_, T, M> {
                self.view().slice(info)
            }
            /// See [`View::try_slice`].
            pub fn try_slice<const M: usize>(
                &self,
                info: impl $crate::SliceArg<N, M>,
            ) -> Result<$crate::View<'_, T, M>, $crate::ShapeError> {
                self.view().try_slice(info)
            }
            /// See [`View::t`].
            pub fn t(&self) -> $crate::View<'_, T, N> { self.view().t() }
            /// See [`View::permute`].
            #[track_caller]
            pub fn permute(&self, axes: [usize; N]) -> $crate::View<'_, T, N> { self.view().permute(axes) }
            /// See [`View::try_permute`].
            pub fn try_permute(&self, axes: [usize; N]) -> Result<$crate::View<'_, T, N>, $crate::ShapeError> {
                self.view().try_permute(axes)
            }
            /// See [`View::swapaxes`].
            #[track_caller]
            pub fn swapaxes(&self, a: impl $crate::IntoAxis, b: impl $crate::IntoAxis) -> $crate::View<'_, T, N> {
                self.view().swapaxes(a, b)
            }
            /// See [`View::moveaxis`].
            #[track_caller]
            pub fn moveaxis(&self, source: impl $crate::IntoAxis, destination: impl $crate::IntoAxis) -> $crate::View<'_, T, N> {
                self.view().moveaxis(source, destination)
            }
            /// See [`View::moveaxes`].
            #[track_caller]
            pub fn moveaxes<const K: usize>(
                &self,
                source: [impl $crate::IntoAxis; K],
                destination: [impl $crate::IntoAxis; K],
            ) -> $crate::View<'_, T, N> {
                self.view().moveaxes(source, destination)
            }
            /// See [`View::rollaxis`].
            #[track_caller]
            pub fn rollaxis(&self, axis: usize, start: usize) -> $crate::View<'_, T, N> {
                self.view().rollaxis(axis, start)
            }
            /// See [`View::insert_axis`].
            #[track_caller]
            pub fn insert_axis<const M: usize>(&self, axis: impl $crate::IntoAxis) -> $crate::View<'_, T, M>
            where
                $crate::rank::Rank<N>: $crate::rank::Up<M>,
            {
                self.view().insert_axis(axis)
            }
            /// See [`View::index_axis`].
            #[track_caller]
            pub fn index_axis<const M: usize>(&self, axis: impl $crate::IntoAxis, index: usize) -> $crate::View<'_, T, M>
            where
                $crate::rank::Rank<N>: $crate::rank::Down<M>,
            {
                self.view().index_axis(axis, index)
            }
            /// See [`View::squeeze_axis`].
            #[track_caller]
            pub fn squeeze_axis<const M: usize>(&self, axis: impl $crate::IntoAxis) -> $crate::View<'_, T, M>
            where
                $crate::rank::Rank<N>: $crate::rank::Down<M>,
            {
                self.view().squeeze_axis(axis)
            }
            /// See [`View::squeeze`].
            #[track_caller]
            pub fn squeeze<const M: usize>(&self) -> $crate::View<'_, T, M> { self.view().squeeze() }
            /// See [`View::broadcast_to`].
            #[track_caller]
            pub fn broadcast_to<const M: usize>(&self, shape: [usize; M]) -> $crate::View<'_, T, M> {
                self.view().broadcast_to(shape)
            }
            /// See [`View::try_broadcast_to`].
            pub fn try_broadcast_to<const M: usize>(
                &self,
                shape: [usize; M],
            ) -> Result<$crate::View<'_, T, M>, $crate::ShapeError> {
                self.view().try_broadcast_to(shape)
            }
            /// See [`View::reshape`].
            #[track_caller]
            pub fn reshape<const M: usize>(&self, shape: impl $crate::ReshapeArg<M>) -> $crate::CowArray<'_, T, M>
            where
                T: Clone,
            {
                self.view().reshape(shape)
            }
            /// See [`View::reshape_order`].
            #[track_caller]
            pub fn reshape_order<const M: usize>(
                &self,
                shape: impl $crate::ReshapeArg<M>,
                order: $crate::Order,
            ) -> $crate::CowArray<'_, T, M>
            where
                T: Clone,
            {
                self.view().reshape_order(shape, order)
            }
            /// See [`View::try_reshape`].
            pub fn try_reshape<const M: usize>(
                &self,
                shape: impl $crate::ReshapeArg<M>,
            ) -> Result<$crate::CowArray<'_, T, M>, $crate::ShapeError>
            where
                T: Clone,
            {
                self.view().try_reshape(shape)
            }
            /// See [`View::ravel`].
            pub fn ravel(&self) -> $crate::CowArray<'_, T, 1>
            where
                T: Clone,
            {
                self.view().ravel()
            }
            /// See [`View::ravel_order`].
            pub fn ravel_order(&self, order: $crate::Order) -> $crate::CowArray<'_, T, 1>
            where
                T: Clone,
            {
                self.view().ravel_order(order)
            }
            /// See [`View::flatten`].
            pub fn flatten(&self) -> $crate::Array<T, 1>
            where
                T: Clone,
            {
                self.view().flatten()
            }
            /// See [`View::flatten_order`].
            pub fn flatten_order(&self, order: $crate::Order) -> $crate::Array<T, 1>
            where
                T: Clone,
            {
                self.view().flatten_order(order)
            }
            /// See [`View::to_owned`].
            pub fn to_owned(&self) -> $crate::Array<T, N, $s>
            where
                T: Clone,
            {
                self.view().to_owned()
            }
            /// See [`View::copy`].
            pub fn copy(&self, order: $crate::Order) -> $crate::Array<T, N, $s>
            where
                T: Clone,
            {
                self.view().copy(order)
            }
            /// See [`View::to_vec`].
            pub fn to_vec(&self) -> Vec<T>
            where
                T: Clone,
            {
                self.view().to_vec()
            }
            /// See [`View::item`].
            #[track_caller]
            pub fn item(&self) -> T
            where
                T: Clone,
            {
                self.view().item()
            }
            /// See [`View::try_item`].
            pub fn try_item(&self) -> Result<T, $crate::ShapeError>
            where
                T: Clone,
            {
                self.view().try_item()
            }
            /// See [`View::map`].
            pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> $crate::Array<U, N, $s> {
                self.view().map(f)
            }
            /// See [`View::shares_memory`].
            pub fn shares_memory<const M: usize>(&self, other: &impl $crate::AsView<T, M>) -> bool {
                self.view().shares_memory(other)
            }
            /// See [`View::may_share_memory`].
            pub fn may_share_memory<U, const M: usize>(&self, other: &impl $crate::AsView<U, M>) -> bool {
                self.view().may_share_memory(other)
            }
        }

        impl<$($gen)*> std::ops::Index<[usize; N]> for $ty {
            type Output = T;
            #[track_caller]
            #[inline]
            fn index(&self, index: [usize; N]) -> &T {
                $crate::view::index_or_panic(self.view(), index)
            }
        }
    };
}
pub(crate) use forward_view_methods;

forward_view_methods!(impl['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>, shape = S);

impl<T, const N: usize, S: Shape<N>> std::ops::Index<[usize; N]> for View<'_, T, N, S> {
    type Output = T;
    #[track_caller]
    #[inline]
    fn index(&self, index: [usize; N]) -> &T {
        index_or_panic(*self, index)
    }
}

impl<T, const N: usize, S: Shape<N>> std::ops::IndexMut<[usize; N]> for ViewMut<'_, T, N, S> {
    #[track_caller]
    #[inline]
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        let shape = self.layout.shape;
        match self.get_mut(index) {
            Some(x) => x,
            None => index_panic(&shape, &index),
        }
    }
}

/// `v[index]`: inlined (an element read in a loop is a few instructions), with the panic
/// out of line.
#[track_caller]
#[inline]
pub(crate) fn index_or_panic<'a, T, const N: usize, S: Shape<N>>(
    v: View<'a, T, N, S>,
    index: [usize; N],
) -> &'a T {
    match v.get(index) {
        Some(x) => x,
        None => index_panic(&v.layout.shape, &index),
    }
}

/// The out-of-bounds panic of indexing, kept out of the callers' code.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn index_panic<const N: usize>(shape: &[usize; N], index: &[usize; N]) -> ! {
    panic!("{}", index_error(shape, index))
}

/// NumPy's message for the first out-of-bounds axis of `index`.
pub(crate) fn index_error<const N: usize>(shape: &[usize; N], index: &[usize; N]) -> String {
    let k = (0..N).find(|&k| index[k] >= shape[k]).unwrap_or(0);
    format!(
        "index {} is out of bounds for axis {k} with size {}",
        index[k], shape[k]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_memory_sees_partly_overlapping_elements() {
        // Two-byte elements whose bases are one byte apart (safe code cannot make these, but
        // the test is on bytes): element 0 of `b` covers bytes 1-2, half of `a`'s 0 and 1.
        let buf = [0u8; 16];
        let (a, b) = (buf.as_ptr(), buf.as_ptr().wrapping_add(1));
        let l4 = Layout::dense([4], Order::C);
        assert!(shares_memory_exact(
            (a, &l4),
            (b, &Layout::dense([1], Order::C)),
            2
        ));
        // Strided `a` (bytes 0-1, 4-5, 8-9) against `b` starting at byte 2: bytes 2-3 are free.
        let strided = Layout {
            shape: [3],
            strides: [2],
        };
        let b2 = buf.as_ptr().wrapping_add(2);
        assert!(!shares_memory_exact(
            (a, &strided),
            (b2, &Layout::dense([1], Order::C)),
            2
        ));
        // Both sides repeating elements (overlapping strides) take the sorted path.
        let rep = Layout {
            shape: [3, 3],
            strides: [1, 2],
        };
        assert!(shares_memory_exact((a, &rep), (b, &rep), 2));
        assert!(!shares_memory_exact(
            (a, &rep),
            (buf.as_ptr().wrapping_add(14), &Layout::dense([1], Order::C)),
            2
        ));
    }

    #[test]
    fn nocopy_reshape_follows_numpy() {
        let c = Layout::dense([2, 3, 4], Order::C);
        assert_eq!(nocopy_reshape(&c, &[6, 4], Order::C), Some([4, 1]));
        assert_eq!(nocopy_reshape(&c, &[24], Order::C), Some([1]));
        assert_eq!(nocopy_reshape(&c, &[2, 1, 12], Order::C), Some([12, 12, 1]));
        assert_eq!(nocopy_reshape(&c, &[24], Order::F), None);
        let t = c.permuted([2, 1, 0]);
        assert_eq!(nocopy_reshape(&t, &[24], Order::C), None);
        assert_eq!(nocopy_reshape(&t, &[24], Order::F), Some([1]));
        assert_eq!(nocopy_reshape(&t, &[4, 6], Order::C), None);
        assert_eq!(nocopy_reshape(&t, &[4, 6], Order::F), Some([1, 4]));
        // A stepped view can still split an axis.
        let s = Layout {
            shape: [6],
            strides: [2],
        };
        assert_eq!(nocopy_reshape(&s, &[2, 3], Order::C), Some([6, 2]));
    }

    #[test]
    fn moveaxes_perm_matches_numpy() {
        assert_eq!(moveaxes_perm::<3, 1>("m", &[0], &[2]).unwrap(), [1, 2, 0]);
        assert_eq!(moveaxes_perm::<3, 1>("m", &[2], &[0]).unwrap(), [2, 0, 1]);
        assert_eq!(
            moveaxes_perm::<4, 2>("m", &[0, 1], &[3, 2]).unwrap(),
            [2, 3, 1, 0]
        );
    }
}

/// Element-wise equality of two arrays of the same shape (arrays of different shapes are
/// unequal), whatever their layouts.
fn eq_views<T: PartialEq<U>, U, const N: usize>(a: View<'_, T, N>, b: View<'_, U, N>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| x == y)
}

macro_rules! impl_eq {
    (@row $l1:tt $g1:tt $a:ty ; [$($l2:tt $g2:tt $b:ty),+]) => {
        $(impl_eq!(@impl $l1 $g1 $a ; $l2 $g2 $b);)+
    };
    (@impl [$($l1:lifetime)?] [$($g1:tt)*] $a:ty ; [$($l2:lifetime)?] [$($g2:tt)*] $b:ty) => {
        impl<$($l1,)? $($l2,)? $($g1)* $($g2)* T: PartialEq<U>, U, const N: usize> PartialEq<$b>
            for $a
        {
            /// Same shape and equal elements (NumPy's `array_equal`).
            fn eq(&self, other: &$b) -> bool {
                eq_views(self.view().as_dynamic(), other.view().as_dynamic())
            }
        }
    };
    ($($l1:tt $g1:tt $a:ty),+ ; $rhs:tt) => {
        $(impl_eq!(@row $l1 $g1 $a ; $rhs);)+
    };
}

impl_eq!(
    [] [S1: Shape<N>,] Array<T, N, S1>,
    ['a] [S1: Shape<N>,] View<'a, T, N, S1>,
    ['a] [S1: Shape<N>,] ViewMut<'a, T, N, S1>,
    ['a] [] CowArray<'a, T, N>;
    [
        [] [S2: Shape<N>,] Array<U, N, S2>,
        ['b] [S2: Shape<N>,] View<'b, U, N, S2>,
        ['b] [S2: Shape<N>,] ViewMut<'b, U, N, S2>,
        ['b] [] CowArray<'b, U, N>
    ]
);

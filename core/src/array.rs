//! `Array`, the owned N-dimensional array, its creation routines, and `CowArray`.
//!
//! # Unsafe code here
//!
//! - `view`, `view_mut` and `iter_mut` view the owned buffer through raw pointers (invariant 5);
//!   `Array::from_storage_layout` asserts in release builds that buffer and layout sizes match,
//!   that the layout visits each element once with non-negative strides, and `S`'s sizes.
//! - `Array::build`, `from_fn` and `arange` fill uninitialised buffers of sizes checked by
//!   `layout::checked_size`; `arange` trusts `ArangeElem::arange_fill`, sealed in `sealed.rs`.
//! - `Array::assume_init` is a public `unsafe fn`: its caller promises every element is written.

use crate::alloc;
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::{checked_size, Layout, Order};
use crate::shape::Shape;
use crate::slice::SliceArg;
use crate::storage::{HeapVec, Storage};
use crate::view::{assume_init_vec, forward_view_methods, AsView, ReshapeArg, View, ViewMut};
use num_traits::{Float, One, Zero};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// An owned `N`-dimensional array of `T`: NumPy's `ndarray` that owns its data.
///
/// It owns a buffer of exactly [`len`](Array::len) elements, laid out in C order unless made
/// otherwise (`copy(Order::F)`, `from_shape_vec_order`). Views borrow it ([`Array::view`],
/// [`Array::slice`], …), so the borrow checker guarantees no view outlives its data. `S` is the
/// static-size parameter ([`crate::shape`]).
///
/// Up to 128 bytes of elements (a 4×4 `f64` matrix, a 3-vector) computed into a new array are
/// stored inside the `Array` value itself, without a heap allocation, as nalgebra stores its
/// static matrices; larger arrays, and arrays made from a `Vec`, use the heap. So the address
/// of a small array's elements changes when the array moves (views borrow the array, so none
/// can see that), and an `Array<&'a X, N>` needs `'a` to outlive the array strictly, as for any
/// type with a destructor (`Vec`'s exemption from that rule is unstable).
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
/// assert_eq!((x.ndim(), x.shape(), x.len()), (3, [2, 3, 4], 24));
/// assert_eq!(x[[1, 2, 3]], 23);
/// assert_eq!(x.slice(s![1, .., 0]).to_vec(), vec![12, 16, 20]);
/// ```
pub struct Array<T, const N: usize, S: Shape<N> = [usize; N]> {
    data: Storage<T>,
    layout: Layout<N>,
    _shape: PhantomData<S>,
}

impl<T: Clone, const N: usize, S: Shape<N>> Clone for Array<T, N, S> {
    fn clone(&self) -> Self {
        Array {
            data: self.data.clone(),
            layout: self.layout,
            _shape: PhantomData,
        }
    }
}

/// The out-of-line part of `Array::from_storage_layout`'s check of invariant 5: panics unless
/// `layout` visits each of `len` elements exactly once with non-negative strides and keeps
/// `S`'s static sizes.
#[cold]
#[inline(never)]
fn check_array_layout<S: Shape<N>, const N: usize>(len: usize, layout: &Layout<N>) {
    assert_eq!(
        len,
        layout.size(),
        "array: buffer and layout differ in size"
    );
    assert!(
        layout.strides.iter().all(|&s| s >= 0)
            && (layout.is_f_contiguous() || layout.is_unique())
            && (len == 0 || layout.offset_range().1 as usize == len - 1),
        "array: layout {layout:?} does not visit each element once"
    );
    if !S::keeps(&layout.shape) {
        crate::shape::broken_promise::<S, N>("array", &layout.shape);
    }
}

impl<T, const N: usize, S: Shape<N>> Array<T, N, S> {
    /// An array over `data` with a dense layout (invariant 5); the caller has checked sizes.
    ///
    /// # Panics
    /// When `layout` does not visit each element of `data` exactly once with non-negative
    /// strides, or breaks `S`'s static sizes: every `unsafe` block that reads an array relies
    /// on invariant 5, so it is checked in release builds too.
    pub(crate) fn from_vec_layout(data: Vec<T>, layout: Layout<N>) -> Self {
        Self::from_storage_layout(Storage::Heap(HeapVec::new(data)), layout)
    }

    /// [`Array::from_vec_layout`] for storage that may be inline.
    pub(crate) fn from_storage_layout(data: Storage<T>, layout: Layout<N>) -> Self {
        // The common case inline (a C-contiguous layout of `len` elements visits each once,
        // from offset 0); every other layout, and the panics, out of line.
        if !(data.len() == layout.size() && layout.is_c_contiguous() && S::keeps(&layout.shape)) {
            check_array_layout::<S, N>(data.len(), &layout);
        }
        Array {
            data,
            layout,
            _shape: PhantomData,
        }
    }

    /// A dense array of `layout` whose elements `fill` writes in memory order: inline when
    /// they are few and small ([`crate::storage`]), else in a fresh (huge-page advised)
    /// buffer.
    ///
    /// # Safety
    /// `fill` initialises every slot it is given.
    #[inline(always)]
    pub(crate) unsafe fn build(
        layout: Layout<N>,
        fill: impl FnOnce(&mut [std::mem::MaybeUninit<T>]),
    ) -> Self {
        // SAFETY: forwarded to the caller.
        let data = unsafe { Storage::build(layout.size(), crate::alloc::uninit_vec, fill) };
        Self::from_storage_layout(data, layout)
    }

    /// The buffer (in memory order) and the layout.
    pub(crate) fn into_raw_parts(self) -> (Vec<T>, Layout<N>) {
        (self.data.into_vec(), self.layout)
    }

    /// The storage (inline or heap, kept as it is) and the layout.
    pub(crate) fn into_storage_parts(self) -> (Storage<T>, Layout<N>) {
        (self.data, self.layout)
    }

    /// A read-only view of the whole array.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 2>::zeros([2, 3]);
    /// let v = a.view();
    /// assert_eq!(v.shape(), [2, 3]);
    /// ```
    pub fn view(&self) -> View<'_, T, N, S> {
        // SAFETY: the buffer holds every element of the layout (invariant 5), borrowed shared.
        unsafe { View::from_raw(NonNull::from(self.data.as_slice()).cast(), self.layout) }
    }

    /// A mutable view of the whole array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<f64, 1>::zeros([4]);
    /// a.view_mut().slice_mut(s![..2]).fill(1.0);
    /// assert_eq!(a.to_vec(), vec![1.0, 1.0, 0.0, 0.0]);
    /// ```
    pub fn view_mut(&mut self) -> ViewMut<'_, T, N, S> {
        // SAFETY: the buffer holds every element once (invariant 5), borrowed uniquely.
        unsafe { ViewMut::from_raw(NonNull::from(self.data.as_mut_slice()).cast(), self.layout) }
    }

    /// See [`ViewMut::get_mut`].
    pub fn get_mut(&mut self, index: [usize; N]) -> Option<&mut T> {
        let off = self.layout.offset_checked(&index)?;
        self.data.as_mut_slice().get_mut(off as usize)
    }

    /// See [`ViewMut::as_slice_mut`].
    pub fn as_slice_mut(&mut self) -> Option<&mut [T]> {
        if self.layout.is_c_contiguous() {
            Some(self.data.as_mut_slice())
        } else {
            None
        }
    }

    /// See [`ViewMut::iter_mut`].
    pub fn iter_mut(&mut self) -> crate::iter::IterMut<'_, T, N> {
        // SAFETY: the view is unique for the borrow of `self`; the iterator borrows it.
        unsafe {
            crate::iter::IterMut::new(NonNull::from(self.data.as_mut_slice()).cast(), self.layout)
        }
    }

    /// See [`ViewMut::slice_mut`].
    #[track_caller]
    pub fn slice_mut<const M: usize>(&mut self, info: impl SliceArg<N, M>) -> ViewMut<'_, T, M> {
        self.view_mut().into_slice(info)
    }

    /// See [`ViewMut::try_slice_mut`].
    pub fn try_slice_mut<const M: usize>(
        &mut self,
        info: impl SliceArg<N, M>,
    ) -> Result<ViewMut<'_, T, M>, ShapeError> {
        self.view_mut().try_into_slice(info)
    }

    /// See [`ViewMut::t_mut`].
    pub fn t_mut(&mut self) -> ViewMut<'_, T, N> {
        let mut perm = [0; N];
        for (k, p) in perm.iter_mut().enumerate() {
            *p = N - 1 - k;
        }
        self.view_mut().into_permuted(perm)
    }

    /// See [`ViewMut::fill`].
    pub fn fill(&mut self, value: T)
    where
        T: Clone,
    {
        self.data.as_mut_slice().fill(value);
    }

    /// See [`ViewMut::map_inplace`].
    pub fn map_inplace(&mut self, f: impl FnMut(&mut T)) {
        let data = self.data.as_mut_slice();
        crate::kernel::dispatch_long(data.len(), || data.iter_mut().for_each(f));
    }

    /// See [`ViewMut::assign`].
    #[track_caller]
    pub fn assign<A>(&mut self, src: &A)
    where
        T: Clone,
        A: AsView<T, N>,
        S: crate::SameShape<A::Shape, N>,
    {
        self.view_mut().assign(src);
    }

    /// An array of the same elements in C order with a new shape, one axis possibly `-1`.
    /// No copy when the array is C-contiguous (always, unless made in another order).
    ///
    /// # Panics
    /// When the sizes differ; see [`Array::try_into_reshape`].
    ///
    /// ```
    /// use einarray::Array;
    /// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, -1]);
    /// assert_eq!(x.shape(), [2, 3, 4]);
    /// ```
    #[track_caller]
    pub fn into_reshape<const M: usize>(self, shape: impl ReshapeArg<M>) -> Array<T, M>
    where
        T: Clone,
    {
        unwrap_or_panic(self.try_into_reshape(shape))
    }

    /// [`Array::into_reshape`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// assert!(Array::<i32, 1>::arange(6).try_into_reshape([4, -1]).is_err());
    /// ```
    pub fn try_into_reshape<const M: usize>(
        self,
        shape: impl ReshapeArg<M>,
    ) -> Result<Array<T, M>, ShapeError>
    where
        T: Clone,
    {
        let shape = shape.resolve("reshape", self.len())?;
        let data = self.into_vec();
        Ok(Array::from_vec_layout(data, Layout::dense(shape, Order::C)))
    }

    /// The elements in logical C order, reusing the buffer when it is already in that order.
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let f = Array::<i32, 1>::arange(6).into_reshape([2, 3]).copy(Order::F);
    /// assert_eq!(f.into_vec(), vec![0, 1, 2, 3, 4, 5]);
    /// ```
    pub fn into_vec(self) -> Vec<T>
    where
        T: Clone,
    {
        if self.layout.is_c_contiguous() {
            self.data.into_vec()
        } else {
            self.view().to_vec()
        }
    }

    /// The same array, with static sizes `S2` checked against the shape ([`crate::shape`]).
    ///
    /// ```
    /// use einarray::{Array, Const};
    /// let m = Array::<f64, 2>::zeros([2, 3]).into_static::<(Const<2>, Const<3>)>().unwrap();
    /// assert_eq!(m.shape(), [2, 3]);
    /// let e = Array::<f64, 2>::zeros([2, 4]).into_static::<(Const<2>, Const<3>)>().unwrap_err();
    /// assert!(e.to_string().contains("`Const<3>`"));
    /// ```
    pub fn into_static<S2: Shape<N>>(self) -> Result<Array<T, N, S2>, ShapeError> {
        S2::check("into_static", &self.layout.shape)?;
        Ok(Array::from_storage_layout(self.data, self.layout))
    }

    /// The same array with every size dynamic.
    ///
    /// ```
    /// use einarray::{Array, Const};
    /// let m = Array::<f64, 1>::zeros([3]).into_static::<(Const<3>,)>().unwrap();
    /// let d: Array<f64, 1> = m.into_dynamic();
    /// assert_eq!(d.len(), 3);
    /// ```
    pub fn into_dynamic(self) -> Array<T, N> {
        Array::from_storage_layout(self.data, self.layout)
    }
}

forward_view_methods!(impl[T, const N: usize, S: Shape<N>] Array<T, N, S>, shape = S);

impl<T, const N: usize, S: Shape<N>> std::ops::IndexMut<[usize; N]> for Array<T, N, S> {
    #[track_caller]
    #[inline]
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        match self.layout.offset_checked(&index) {
            Some(off) => &mut self.data.as_mut_slice()[off as usize],
            None => crate::view::index_panic(&self.layout.shape, &index),
        }
    }
}

impl<T, const N: usize, S: Shape<N>> AsView<T, N> for Array<T, N, S> {
    type Shape = S;
    fn as_view(&self) -> View<'_, T, N, S> {
        self.view()
    }
}

impl<T, const N: usize, S: Shape<N>> crate::view::AsViewMut<T, N> for Array<T, N, S> {
    fn as_view_mut(&mut self) -> ViewMut<'_, T, N, S> {
        self.view_mut()
    }
}

/// Checks `shape` for `op` and returns its dense layout and size.
fn new_layout<T, const N: usize>(
    op: &str,
    shape: [usize; N],
    order: Order,
) -> Result<(Layout<N>, usize), ShapeError> {
    let size = checked_size(op, &shape, std::mem::size_of::<T>())?;
    Ok((Layout::dense(shape, order), size))
}

impl<T, const N: usize> Array<T, N> {
    /// An array of `shape` filled with `value` (NumPy's `full`).
    ///
    /// # Panics
    /// When the shape's size overflows or the memory cannot be had; see [`Array::try_full`].
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::full([2, 2], 7u8);
    /// assert_eq!(a.to_vec(), vec![7; 4]);
    /// ```
    #[track_caller]
    pub fn full(shape: [usize; N], value: T) -> Self
    where
        T: Clone,
    {
        unwrap_or_panic(Self::try_full(shape, value))
    }

    /// [`Array::full`], returning the error instead of panicking: [`ErrorKind::Overflow`] when
    /// the size overflows, [`ErrorKind::Memory`] when the system cannot give the memory (NumPy's
    /// `MemoryError`).
    ///
    /// ```
    /// use einarray::{Array, ErrorKind};
    /// let e = Array::try_full([1 << 40], 1.5f64).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Memory);
    /// assert_eq!(
    ///     e.to_string(),
    ///     "full: unable to allocate 8.00 TiB for an array with shape [1099511627776]"
    /// );
    /// ```
    ///
    /// [`ErrorKind::Overflow`]: crate::ErrorKind::Overflow
    /// [`ErrorKind::Memory`]: crate::ErrorKind::Memory
    pub fn try_full(shape: [usize; N], value: T) -> Result<Self, ShapeError>
    where
        T: Clone,
    {
        let (layout, size) = new_layout::<T, N>("full", shape, Order::C)?;
        let data = alloc::try_filled_vec(size, value).map_err(|e| e.for_shape("full", &shape))?;
        Ok(Array::from_vec_layout(data, layout))
    }

    /// An array of `shape` filled with zeros (NumPy's `zeros`). Primitive numbers come zeroed
    /// from the allocator, so a large one costs nothing until it is touched, as in NumPy.
    ///
    /// # Panics
    /// When the shape's size overflows or the memory cannot be had; see [`Array::try_zeros`].
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 2>::zeros([2, 3]);
    /// assert!(a.iter().all(|&x| x == 0.0));
    /// ```
    #[track_caller]
    pub fn zeros(shape: [usize; N]) -> Self
    where
        T: Zero + Clone + 'static,
    {
        unwrap_or_panic(Self::try_zeros(shape))
    }

    /// [`Array::zeros`], returning the error instead of panicking (see [`Array::try_full`]).
    ///
    /// ```
    /// use einarray::{Array, ErrorKind};
    /// assert_eq!(Array::<f64, 2>::try_zeros([2, 3]).unwrap().shape(), [2, 3]);
    /// let e = Array::<f64, 2>::try_zeros([1 << 40, 1 << 30]).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Overflow);
    /// ```
    pub fn try_zeros(shape: [usize; N]) -> Result<Self, ShapeError>
    where
        T: Zero + Clone + 'static,
    {
        let (layout, size) = new_layout::<T, N>("zeros", shape, Order::C)?;
        let data =
            alloc::try_zeros_vec(size, T::zero()).map_err(|e| e.for_shape("zeros", &shape))?;
        Ok(Array::from_vec_layout(data, layout))
    }

    /// An array of `shape` filled with ones (NumPy's `ones`).
    ///
    /// # Panics
    /// When the shape's size overflows or the memory cannot be had; see [`Array::try_ones`].
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<i32, 1>::ones([3]).to_vec(), vec![1, 1, 1]);
    /// ```
    #[track_caller]
    pub fn ones(shape: [usize; N]) -> Self
    where
        T: One + Clone,
    {
        unwrap_or_panic(Self::try_ones(shape))
    }

    /// [`Array::ones`], returning the error instead of panicking (see [`Array::try_full`]).
    ///
    /// ```
    /// use einarray::Array;
    /// assert!(Array::<f64, 1>::try_ones([1 << 40]).is_err());
    /// ```
    pub fn try_ones(shape: [usize; N]) -> Result<Self, ShapeError>
    where
        T: One + Clone,
    {
        let (layout, size) = new_layout::<T, N>("ones", shape, Order::C)?;
        let data =
            alloc::try_filled_vec(size, T::one()).map_err(|e| e.for_shape("ones", &shape))?;
        Ok(Array::from_vec_layout(data, layout))
    }

    /// Zeros of the same shape as `like` (NumPy's `zeros_like`).
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 2>::ones([2, 3]);
    /// assert_eq!(Array::<f64, 2>::zeros_like(&a.t()).shape(), [3, 2]);
    /// ```
    pub fn zeros_like<U>(like: &impl AsView<U, N>) -> Self
    where
        T: Zero + Clone + 'static,
    {
        Array::zeros(like.as_view().shape())
    }

    /// Ones of the same shape as `like` (NumPy's `ones_like`).
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 2>::zeros([2, 3]);
    /// assert_eq!(Array::<f64, 2>::ones_like(&a).iter().sum::<f64>(), 6.0);
    /// ```
    pub fn ones_like<U>(like: &impl AsView<U, N>) -> Self
    where
        T: One + Clone,
    {
        Array::ones(like.as_view().shape())
    }

    /// `value` in the shape of `like` (NumPy's `full_like`).
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 1>::zeros([3]);
    /// assert_eq!(Array::full_like(&a, 'x').to_vec(), vec!['x'; 3]);
    /// ```
    pub fn full_like<U>(like: &impl AsView<U, N>, value: T) -> Self
    where
        T: Clone,
    {
        Array::full(like.as_view().shape(), value)
    }

    /// An array of `shape` whose elements are `f(index)` (NumPy's `fromfunction`).
    ///
    /// # Panics
    /// When the shape's size overflows.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::from_fn([2, 3], |[i, j]| 10 * i + j);
    /// assert_eq!(a.to_vec(), vec![0, 1, 2, 10, 11, 12]);
    /// ```
    #[track_caller]
    pub fn from_fn(shape: [usize; N], mut f: impl FnMut([usize; N]) -> T) -> Self {
        let (layout, _) = unwrap_or_panic(new_layout::<T, N>("from_fn", shape, Order::C));
        // SAFETY: the loop writes every slot, in C order (the dense layout's memory order).
        unsafe {
            Array::build(
                layout,
                #[inline(always)]
                |slots| {
                    let mut index = [0usize; N];
                    for slot in slots {
                        slot.write(f(index));
                        for k in (0..N).rev() {
                            index[k] += 1;
                            if index[k] < shape[k] {
                                break;
                            }
                            index[k] = 0;
                        }
                    }
                },
            )
        }
    }

    /// An array of `shape` over `data` in C order; `Err` when the lengths differ or the shape
    /// overflows.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 2>::from_shape_vec([2, 2], vec![1, 2, 3, 4]).unwrap();
    /// assert_eq!(a[[1, 0]], 3);
    /// ```
    pub fn from_shape_vec(shape: [usize; N], data: Vec<T>) -> Result<Self, ShapeError> {
        Self::from_shape_vec_order(shape, data, Order::C)
    }

    /// An array of `shape` over `data` laid out in `order`.
    ///
    /// ```
    /// use einarray::{Array, Order};
    /// let a = Array::<i32, 2>::from_shape_vec_order([2, 2], vec![1, 2, 3, 4], Order::F).unwrap();
    /// assert_eq!(a.to_vec(), vec![1, 3, 2, 4]);
    /// assert!(a.is_f_contiguous());
    /// ```
    pub fn from_shape_vec_order(
        shape: [usize; N],
        data: Vec<T>,
        order: Order,
    ) -> Result<Self, ShapeError> {
        let (layout, size) = new_layout::<T, N>("from_shape_vec", shape, order)?;
        if size != data.len() {
            return Err(shape_err!(
                IncompatibleShape,
                "from_shape_vec: shape {shape:?} needs {size} elements, found a vector of {}",
                data.len()
            ));
        }
        Ok(Array::from_vec_layout(data, layout))
    }

    /// An array of `shape` whose elements are not yet written: NumPy's `empty`, made safe.
    ///
    /// Write every element (through [`Array::view_mut`], `iter_mut` or indexing), then call
    /// [`Array::assume_init`]. Reading an unwritten element is impossible without `unsafe`.
    ///
    /// # Panics
    /// When the shape's size overflows.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<f64, 2>::uninit([2, 2]);
    /// for (k, x) in a.iter_mut().enumerate() {
    ///     x.write(k as f64);
    /// }
    /// // SAFETY: every element was written above.
    /// let a = unsafe { a.assume_init() };
    /// assert_eq!(a.to_vec(), vec![0.0, 1.0, 2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn uninit(shape: [usize; N]) -> Array<MaybeUninit<T>, N> {
        let (layout, size) = unwrap_or_panic(new_layout::<T, N>("uninit", shape, Order::C));
        Array::from_vec_layout(alloc::uninit_vec::<T>(size), layout)
    }
}

impl<T, const N: usize> Array<MaybeUninit<T>, N> {
    /// The array with its elements declared written.
    ///
    /// # Safety
    /// Every element must have been initialised.
    ///
    /// ```
    /// use einarray::Array;
    /// let mut a = Array::<u8, 1>::uninit([2]);
    /// a.fill(std::mem::MaybeUninit::new(5));
    /// // SAFETY: `fill` wrote every element.
    /// assert_eq!(unsafe { a.assume_init() }.to_vec(), vec![5, 5]);
    /// ```
    pub unsafe fn assume_init(self) -> Array<T, N> {
        // SAFETY: forwarded to the caller.
        Array::from_storage_layout(unsafe { self.data.assume_init() }, self.layout)
    }
}

impl<T> Array<T, 1> {
    /// A 1-D array owning `data`.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::from_vec(vec![1, 2, 3]).shape(), [3]);
    /// ```
    pub fn from_vec(data: Vec<T>) -> Self {
        let layout = Layout {
            shape: [data.len()],
            strides: [1],
        };
        Array::from_vec_layout(data, layout)
    }
}

impl<T> FromIterator<T> for Array<T, 1> {
    /// A 1-D array of the iterator's items (NumPy's `fromiter`).
    ///
    /// ```
    /// use einarray::Array;
    /// let a: Array<i32, 1> = (0..4).map(|x| x * x).collect();
    /// assert_eq!(a.to_vec(), vec![0, 1, 4, 9]);
    /// ```
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Array::from_vec(iter.into_iter().collect())
    }
}

/// Element types of [`Array::arange`]: integers and floats, with NumPy's length rule
/// `ceil((stop - start) / step)`.
///
/// ```
/// use einarray::ArangeElem;
/// assert_eq!(i32::arange_len(0, 10, 3), Ok(4));
/// assert_eq!(f64::arange_len(0.0, 1.0, 0.1), Ok(10));
/// assert!(i32::arange_len(0, 10, 0).is_err());
/// ```
///
/// Sealed: implemented for the primitive integers and floats only, because unsafe code relies on what its
/// implementations return.
pub trait ArangeElem: Copy + crate::sealed::ArangeElem {
    /// The number of elements of `arange(start, stop, step)`.
    fn arange_len(start: Self, stop: Self, step: Self) -> Result<usize, ShapeError>;
    /// Element `i`: `start + i·step`.
    fn arange_nth(start: Self, step: Self, i: usize) -> Self;
    /// The zero and one of the type, for `arange(stop)`.
    fn zero_one() -> (Self, Self);
    /// Writes elements `0..out.len()`.
    fn arange_fill(start: Self, step: Self, out: &mut [MaybeUninit<Self>]) {
        for (i, x) in out.iter_mut().enumerate() {
            x.write(Self::arange_nth(start, step, i));
        }
    }
}

macro_rules! arange_int {
    ($($t:ty),*) => {$(
        impl crate::sealed::ArangeElem for $t {}
        impl ArangeElem for $t {
            fn arange_len(start: Self, stop: Self, step: Self) -> Result<usize, ShapeError> {
                if step == 0 {
                    return Err(shape_err!(ZeroStep, "arange: step cannot be zero"));
                }
                let (a, b, s) = (start as i128, stop as i128, step as i128);
                let n = (b - a + s - s.signum()) / s; // ceil((b - a) / s)
                usize::try_from(n.max(0)).map_err(|_| {
                    shape_err!(Overflow, "arange: {n} elements do not fit in `usize`")
                })
            }
            fn arange_nth(start: Self, step: Self, i: usize) -> Self {
                (start as i128 + i as i128 * step as i128) as $t
            }
            fn arange_fill(start: Self, step: Self, out: &mut [MaybeUninit<Self>]) {
                // `arange_nth`'s value modulo 2^bits, computed in the type itself with
                // wrapping arithmetic (the same residue, and every value of an arange lies
                // between `start` and `stop`, so it is exact). Eight running values step by
                // 8·step: only additions, which vectorize on any x86-64 (a 64-bit product
                // per element does not before AVX-512).
                let mut lanes: [$t; 8] =
                    std::array::from_fn(|l| start.wrapping_add((l as $t).wrapping_mul(step)));
                let step8 = step.wrapping_mul(8);
                let mut chunks = out.chunks_exact_mut(8);
                for chunk in &mut chunks {
                    for (x, v) in chunk.iter_mut().zip(lanes.iter_mut()) {
                        x.write(*v);
                        *v = v.wrapping_add(step8);
                    }
                }
                for (x, v) in chunks.into_remainder().iter_mut().zip(lanes) {
                    x.write(v);
                }
            }
            fn zero_one() -> (Self, Self) {
                (0, 1)
            }
        }
    )*};
}
arange_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! arange_float {
    ($($t:ty),*) => {$(
        impl crate::sealed::ArangeElem for $t {}
        impl ArangeElem for $t {
            fn arange_len(start: Self, stop: Self, step: Self) -> Result<usize, ShapeError> {
                if step == 0.0 {
                    return Err(shape_err!(ZeroStep, "arange: step cannot be zero"));
                }
                let n = ((stop - start) / step).ceil();
                if n.is_nan() {
                    return Err(shape_err!(
                        InvalidArgument,
                        "arange: cannot compute the length of arange({start}, {stop}, {step})"
                    ));
                }
                if n >= usize::MAX as $t {
                    return Err(shape_err!(Overflow, "arange: {n} elements do not fit in `usize`"));
                }
                Ok(if n > 0.0 { n as usize } else { 0 })
            }
            fn arange_nth(start: Self, step: Self, i: usize) -> Self {
                start + i as $t * step
            }
            fn zero_one() -> (Self, Self) {
                (0.0, 1.0)
            }
            fn arange_fill(start: Self, step: Self, out: &mut [MaybeUninit<Self>]) {
                // Eight lanes per chunk: one index conversion per chunk, no carried
                // dependency, so the loop vectorizes.
                const LANES: [$t; 8] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
                let len = out.len();
                let mut chunks = out.chunks_exact_mut(8);
                for (c, chunk) in (&mut chunks).enumerate() {
                    let base = (c * 8) as i64 as $t;
                    for (x, k) in chunk.iter_mut().zip(LANES) {
                        x.write(start + (base + k) * step);
                    }
                }
                let rest = chunks.into_remainder();
                let done = len - rest.len();
                for (i, x) in rest.iter_mut().enumerate() {
                    x.write(start + ((done + i) as i64 as $t) * step);
                }
            }
        }
    )*};
}
arange_float!(f32, f64);

impl<T: ArangeElem> Array<T, 1> {
    /// `0, 1, …, stop - 1` (NumPy's `arange(stop)`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<i64, 1>::arange(5).to_vec(), vec![0, 1, 2, 3, 4]);
    /// assert_eq!(Array::<f64, 1>::arange(2.5).to_vec(), vec![0.0, 1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn arange(stop: T) -> Self {
        let (zero, one) = T::zero_one();
        Self::arange_step(zero, stop, one)
    }

    /// `start, start + step, …` while before `stop` (NumPy's `arange(start, stop, step)`).
    ///
    /// # Panics
    /// When `step` is 0 or the length is not a number; see [`Array::try_arange_step`].
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<i32, 1>::arange_step(10, 0, -3).to_vec(), vec![10, 7, 4, 1]);
    /// assert_eq!(Array::<f64, 1>::arange_step(0.0, 1.0, 0.25).len(), 4);
    /// ```
    #[track_caller]
    pub fn arange_step(start: T, stop: T, step: T) -> Self {
        unwrap_or_panic(Self::try_arange_step(start, stop, step))
    }

    /// [`Array::arange_step`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::Array;
    /// assert!(Array::<i32, 1>::try_arange_step(0, 5, 0).is_err());
    /// ```
    pub fn try_arange_step(start: T, stop: T, step: T) -> Result<Self, ShapeError> {
        let n = T::arange_len(start, stop, step)?;
        checked_size("arange", &[n], std::mem::size_of::<T>())?;
        let mut data = alloc::try_uninit_vec::<T>(n).map_err(|e| e.for_shape("arange", &[n]))?;
        T::arange_fill(start, step, &mut data);
        // SAFETY: `arange_fill` wrote every element.
        Ok(Array::from_vec(unsafe { assume_init_vec(data) }))
    }
}

impl<T: Float> Array<T, 1> {
    /// `num` evenly spaced numbers from `start` to `stop` inclusive (NumPy's `linspace`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 1>::linspace(0.0, 1.0, 5).to_vec(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    /// ```
    #[track_caller]
    pub fn linspace(start: T, stop: T, num: usize) -> Self {
        Self::linspace_endpoint(start, stop, num, true)
    }

    /// [`Array::linspace`], returning the error instead of panicking when `num` elements do
    /// not fit in memory.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 1>::try_linspace(0.0, 1.0, 3).unwrap().to_vec(), vec![0.0, 0.5, 1.0]);
    /// assert!(Array::<f64, 1>::try_linspace(0.0, 1.0, 1 << 40).is_err());
    /// ```
    pub fn try_linspace(start: T, stop: T, num: usize) -> Result<Self, ShapeError> {
        Self::try_linspace_endpoint(start, stop, num, true)
    }

    /// NumPy's `linspace(start, stop, num, endpoint)`: with `endpoint == false`, `stop` is left
    /// out and the step is `(stop - start) / num`.
    ///
    /// # Panics
    /// When `num` elements do not fit in memory; see [`Array::try_linspace_endpoint`].
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<f64, 1>::linspace_endpoint(0.0, 1.0, 4, false);
    /// assert_eq!(a.to_vec(), vec![0.0, 0.25, 0.5, 0.75]);
    /// ```
    #[track_caller]
    pub fn linspace_endpoint(start: T, stop: T, num: usize, endpoint: bool) -> Self {
        unwrap_or_panic(Self::try_linspace_endpoint(start, stop, num, endpoint))
    }

    /// [`Array::linspace_endpoint`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::{Array, ErrorKind};
    /// let e = Array::<f32, 1>::try_linspace_endpoint(0.0, 1.0, usize::MAX, false).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Overflow);
    /// ```
    pub fn try_linspace_endpoint(
        start: T,
        stop: T,
        num: usize,
        endpoint: bool,
    ) -> Result<Self, ShapeError> {
        checked_size("linspace", &[num], std::mem::size_of::<T>())?;
        let div = if endpoint { num.saturating_sub(1) } else { num };
        let delta = stop - start;
        let div_t = T::from(div).expect("usize converts to a float");
        let step = if div > 0 { delta / div_t } else { T::nan() };
        let mut data: Vec<T> =
            alloc::try_vec_with_capacity(num).map_err(|e| e.for_shape("linspace", &[num]))?;
        // NumPy computes i·step + start, except when the step underflows to 0.
        data.extend((0..num).map(|i| {
            let i = T::from(i).expect("usize converts to a float");
            if div == 0 {
                start
            } else if step == T::zero() {
                i / div_t * delta + start
            } else {
                i * step + start
            }
        }));
        if endpoint && num > 1 {
            data[num - 1] = stop;
        }
        Ok(Array::from_vec(data))
    }

    /// `num` numbers spaced evenly on a log scale, `10^start` to `10^stop` (NumPy's
    /// `logspace`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 1>::logspace(0.0, 3.0, 4).to_vec(), vec![1.0, 10.0, 100.0, 1000.0]);
    /// ```
    pub fn logspace(start: T, stop: T, num: usize) -> Self {
        Self::logspace_base(start, stop, num, T::from(10.0).expect("10 is a float"))
    }

    /// [`Array::logspace`] with another `base`.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 1>::logspace_base(0.0, 3.0, 4, 2.0).to_vec(), vec![1.0, 2.0, 4.0, 8.0]);
    /// ```
    pub fn logspace_base(start: T, stop: T, num: usize, base: T) -> Self {
        let mut a = Self::linspace(start, stop, num);
        a.map_inplace(|x| *x = base.powf(*x));
        a
    }
}

impl<T: Zero + One + Clone + 'static> Array<T, 2> {
    /// The `n × n` identity matrix (NumPy's `identity` / `eye(n)`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<i32, 2>::eye(2).to_vec(), vec![1, 0, 0, 1]);
    /// ```
    #[track_caller]
    pub fn eye(n: usize) -> Self {
        Self::eye_k(n, n, 0)
    }

    /// The `n × n` identity matrix (NumPy's `identity`).
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<f64, 2>::identity(3).iter().sum::<f64>(), 3.0);
    /// ```
    #[track_caller]
    pub fn identity(n: usize) -> Self {
        Self::eye(n)
    }

    /// A `rows × cols` matrix with ones on diagonal `k` (above the main one for `k > 0`),
    /// NumPy's `eye(N, M, k)`.
    ///
    /// ```
    /// use einarray::Array;
    /// assert_eq!(Array::<i32, 2>::eye_k(2, 3, 1).to_vec(), vec![0, 1, 0, 0, 0, 1]);
    /// ```
    #[track_caller]
    pub fn eye_k(rows: usize, cols: usize, k: isize) -> Self {
        let mut a = Self::zeros([rows, cols]);
        for i in 0..rows {
            let j = i as isize + k;
            if (0..cols as isize).contains(&j) {
                a[[i, j as usize]] = T::one();
            }
        }
        a
    }
}

/// A view or an owned array: what [`View::reshape`] and [`View::ravel`] return, since NumPy's
/// `reshape` copies only when the strides force it.
///
/// Has every read-only method of [`View`].
///
/// ```
/// use einarray::{Array, CowArray};
/// let a = Array::<i32, 1>::arange(6);
/// match a.reshape([2, 3]) {
///     CowArray::View(v) => assert_eq!(v.shape(), [2, 3]),
///     CowArray::Owned(_) => unreachable!("a contiguous array reshapes without a copy"),
/// }
/// ```
pub enum CowArray<'a, T, const N: usize> {
    /// Borrowed: no copy was needed.
    View(View<'a, T, N>),
    /// Owned: the layout forced a copy.
    Owned(Array<T, N>),
}

impl<'a, T, const N: usize> CowArray<'a, T, N> {
    /// A view of the elements, borrowed or owned.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6);
    /// assert_eq!(a.reshape([3, 2]).view().shape(), [3, 2]);
    /// ```
    pub fn view(&self) -> View<'_, T, N> {
        match self {
            CowArray::View(v) => *v,
            CowArray::Owned(a) => a.view(),
        }
    }

    /// Whether no copy was made.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert!(a.ravel().is_view() && !a.t().ravel().is_view());
    /// ```
    pub fn is_view(&self) -> bool {
        matches!(self, CowArray::View(_))
    }

    /// An owned array, copying only if this is a view.
    ///
    /// ```
    /// use einarray::Array;
    /// let a = Array::<i32, 1>::arange(6);
    /// let owned = a.reshape([2, 3]).into_owned();
    /// assert_eq!(owned.shape(), [2, 3]);
    /// ```
    pub fn into_owned(self) -> Array<T, N>
    where
        T: Clone,
    {
        match self {
            CowArray::View(v) => v.to_owned(),
            CowArray::Owned(a) => a,
        }
    }
}

forward_view_methods!(impl['a, T, const N: usize] CowArray<'a, T, N>, shape = [usize; N]);

impl<T, const N: usize> AsView<T, N> for CowArray<'_, T, N> {
    type Shape = [usize; N];
    fn as_view(&self) -> View<'_, T, N> {
        self.view()
    }
}

/// Support of [`array!`](crate::array): one function per literal depth. Not public API.
#[doc(hidden)]
pub mod nested {
    use super::{Array, Layout, Order};

    /// `array![a, b, …]`.
    pub fn nested1<T, const A: usize>(x: [T; A]) -> Array<T, 1> {
        Array::from_vec(Vec::from(x))
    }
    /// `array![[…], …]`.
    pub fn nested2<T, const A: usize, const B: usize>(x: [[T; B]; A]) -> Array<T, 2> {
        let data: Vec<T> = x.into_iter().flatten().collect();
        Array::from_vec_layout(data, Layout::dense([A, B], Order::C))
    }
    /// `array![[[…], …], …]`.
    pub fn nested3<T, const A: usize, const B: usize, const C: usize>(
        x: [[[T; C]; B]; A],
    ) -> Array<T, 3> {
        let data: Vec<T> = x.into_iter().flatten().flatten().collect();
        Array::from_vec_layout(data, Layout::dense([A, B, C], Order::C))
    }
    /// `array![[[[…], …], …], …]`.
    pub fn nested4<T, const A: usize, const B: usize, const C: usize, const D: usize>(
        x: [[[[T; D]; C]; B]; A],
    ) -> Array<T, 4> {
        let data: Vec<T> = x.into_iter().flatten().flatten().flatten().collect();
        Array::from_vec_layout(data, Layout::dense([A, B, C, D], Order::C))
    }
}

/// An array literal, NumPy's `np.array([[1, 2], [3, 4]])`: the rank is the nesting depth (1 to
/// 4), and rows of different lengths are a compile error.
///
/// ```
/// use einarray::array;
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(a.shape(), [2, 3]);
/// assert_eq!(a[[1, 0]], 4);
/// let v = array![1.0, 2.5];
/// assert_eq!(v.to_vec(), vec![1.0, 2.5]);
/// assert_eq!(array![[[1], [2]]].shape(), [1, 2, 1]);
/// ```
///
/// ```compile_fail
/// use einarray::array;
/// let ragged = array![[1, 2], [3]]; // error: expected an array with a size of 2
/// ```
#[macro_export]
macro_rules! array {
    ($([$([$([$($x:expr),* $(,)?]),+ $(,)?]),+ $(,)?]),+ $(,)?) => {
        $crate::__private::nested4([$([$([$([$($x,)*],)+],)+],)+])
    };
    ($([$([$($x:expr),* $(,)?]),+ $(,)?]),+ $(,)?) => {
        $crate::__private::nested3([$([$([$($x,)*],)+],)+])
    };
    ($([$($x:expr),* $(,)?]),+ $(,)?) => {
        $crate::__private::nested2([$([$($x,)*],)+])
    };
    ($($x:expr),* $(,)?) => {
        $crate::__private::nested1([$($x,)*])
    };
}

impl<T, S: Shape<0>> Array<T, 0, S> {
    /// The element of a rank-0 array, moved out (no `Clone` needed). For a size-1 array of any
    /// rank, [`Array::item`] copies it out.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let total: Array<String, 0> = Array::full([], String::from("all"));
    /// assert_eq!(total.into_scalar(), "all");
    /// ```
    pub fn into_scalar(self) -> T {
        let (data, _) = self.into_raw_parts();
        data.into_iter()
            .next()
            .expect("a rank-0 array holds one element")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Const;

    #[test]
    fn array_construction_accepts_dense_layouts() {
        let f = Layout::dense([2, 3], Order::F);
        assert_eq!(
            Array::<i32, 2>::from_vec_layout(vec![0; 6], f).shape(),
            [2, 3]
        );
        let empty = Layout::dense([0, 3], Order::C);
        assert!(Array::<i32, 2>::from_vec_layout(vec![], empty).is_empty());
    }

    #[test]
    #[should_panic(expected = "does not visit each element once")]
    fn array_construction_rejects_a_layout_past_the_buffer() {
        // Unique and of the right size, but element 1 lies at offset 5 of a 2-element buffer.
        let l = Layout {
            shape: [2],
            strides: [5],
        };
        let _ = Array::<i32, 1>::from_vec_layout(vec![0; 2], l);
    }

    #[test]
    #[should_panic(expected = "buffer and layout differ in size")]
    fn array_construction_rejects_a_short_buffer() {
        let _ = Array::<i32, 2>::from_vec_layout(vec![0; 5], Layout::dense([2, 3], Order::C));
    }

    #[test]
    #[should_panic(expected = "the type says `Const<4>`")]
    fn array_construction_checks_static_sizes() {
        let _ =
            Array::<i32, 1, (Const<4>,)>::from_vec_layout(vec![0; 3], Layout::dense([3], Order::C));
    }
}

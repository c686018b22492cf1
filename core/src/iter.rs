//! Iterators over elements in logical C order.
//!
//! # Unsafe code here
//!
//! - `Iter` and `IterMut` read elements through raw pointers offset by a strided walk, and
//!   `Iter` borrows a C-contiguous view as one slice; both rely on invariants 1–3, which their
//!   `unsafe fn new` asks of the caller (views and arrays, whose constructors keep them).
//! - `IterMut` hands out one `&mut T` per in-bounds index, sound by invariant 4: only
//!   `ViewMut` and `Array` create it, and `View`'s broadcasting never yields a `ViewMut`.
//! - `Send` is implemented by hand, with the bounds of `slice::Iter` and `slice::IterMut`.

use crate::layout::Layout;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// The odometer of a strided walk in C order: current pointer, index and remaining count.
struct Strided<T, const N: usize> {
    ptr: NonNull<T>,
    layout: Layout<N>,
    index: [usize; N],
    offset: isize,
    remaining: usize,
}

impl<T, const N: usize> Strided<T, N> {
    fn new(ptr: NonNull<T>, layout: Layout<N>) -> Self {
        Strided {
            ptr,
            remaining: layout.size(),
            layout,
            index: [0; N],
            offset: 0,
        }
    }

    /// The next element's address, advancing the odometer.
    #[inline]
    fn next(&mut self) -> Option<*mut T> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        // SAFETY: while `remaining > 0`, `index` is in bounds, so `offset` is an element offset.
        let p = unsafe { self.ptr.as_ptr().offset(self.offset) };
        let mut k = N;
        while k > 0 {
            k -= 1;
            self.index[k] += 1;
            self.offset += self.layout.strides[k];
            if self.index[k] < self.layout.shape[k] {
                break;
            }
            self.offset -= self.layout.strides[k] * self.layout.shape[k] as isize;
            self.index[k] = 0;
        }
        Some(p)
    }
}

enum Inner<'a, T, const N: usize> {
    Contiguous(std::slice::Iter<'a, T>),
    Strided(Strided<T, N>),
}

/// Iterator over `&T` in logical C order, from [`View::iter`](crate::View::iter).
///
/// Contiguous arrays iterate as a slice; others walk their strides.
///
/// ```
/// use einarray::Array;
/// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
/// assert_eq!(a.iter().len(), 6);
/// assert_eq!(a.t().iter().nth(1), Some(&3));
/// ```
pub struct Iter<'a, T, const N: usize> {
    inner: Inner<'a, T, N>,
}

impl<'a, T, const N: usize> Iter<'a, T, N> {
    /// # Safety
    /// `ptr`/`layout` satisfy the layout invariants for shared reads during `'a`.
    pub(crate) unsafe fn new(ptr: NonNull<T>, layout: Layout<N>) -> Self {
        let inner = if layout.is_c_contiguous() {
            // SAFETY: C-contiguous elements form one slice, live for `'a`.
            Inner::Contiguous(
                unsafe { std::slice::from_raw_parts(ptr.as_ptr(), layout.size()) }.iter(),
            )
        } else {
            Inner::Strided(Strided::new(ptr, layout))
        };
        Iter { inner }
    }
}

impl<'a, T, const N: usize> Iterator for Iter<'a, T, N> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        match &mut self.inner {
            Inner::Contiguous(it) => it.next(),
            // SAFETY: each address is an in-bounds element, live and shared for `'a`.
            Inner::Strided(s) => s.next().map(|p| unsafe { &*p }),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.inner {
            Inner::Contiguous(it) => it.len(),
            Inner::Strided(s) => s.remaining,
        };
        (n, Some(n))
    }
}

impl<T, const N: usize> ExactSizeIterator for Iter<'_, T, N> {}

/// Iterator over `&mut T` in logical C order, from [`ViewMut::iter_mut`](crate::ViewMut::iter_mut).
///
/// ```
/// use einarray::Array;
/// let mut a = Array::<i32, 1>::zeros([3]);
/// a.iter_mut().for_each(|x| *x += 1);
/// assert_eq!(a.to_vec(), vec![1, 1, 1]);
/// ```
pub struct IterMut<'a, T, const N: usize> {
    inner: Strided<T, N>,
    _borrow: PhantomData<&'a mut T>,
}

impl<T, const N: usize> IterMut<'_, T, N> {
    /// # Safety
    /// `ptr`/`layout` satisfy the layout invariants for unique access during `'a`.
    pub(crate) unsafe fn new(ptr: NonNull<T>, layout: Layout<N>) -> Self {
        IterMut {
            inner: Strided::new(ptr, layout),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T, const N: usize> Iterator for IterMut<'a, T, N> {
    type Item = &'a mut T;
    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        // SAFETY: each in-bounds index is visited once and addresses are unique (invariant 4),
        // so no two returned references alias.
        self.inner.next().map(|p| unsafe { &mut *p })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.inner.remaining, Some(self.inner.remaining))
    }
}

impl<T, const N: usize> ExactSizeIterator for IterMut<'_, T, N> {}

// SAFETY: `Iter` hands out `&T` like `slice::Iter`; `IterMut` hands out unique `&mut T` like
// `slice::IterMut`.
unsafe impl<T: Sync, const N: usize> Send for Iter<'_, T, N> {}
// SAFETY: as above.
unsafe impl<T: Send, const N: usize> Send for IterMut<'_, T, N> {}

/// Iterator over `(index, &T)` in logical C order, from
/// [`View::indexed_iter`](crate::View::indexed_iter).
///
/// ```
/// use einarray::Array;
/// let a = Array::<i32, 1>::arange(4).into_reshape([2, 2]);
/// let v: Vec<_> = a.indexed_iter().map(|(i, &x)| (i, x)).collect();
/// assert_eq!(v[2], ([1, 0], 2));
/// ```
pub struct IndexedIter<'a, T, const N: usize> {
    iter: Iter<'a, T, N>,
    shape: [usize; N],
    index: [usize; N],
}

impl<'a, T, const N: usize> IndexedIter<'a, T, N> {
    pub(crate) fn new(iter: Iter<'a, T, N>, shape: [usize; N]) -> Self {
        IndexedIter {
            iter,
            shape,
            index: [0; N],
        }
    }
}

impl<'a, T, const N: usize> Iterator for IndexedIter<'a, T, N> {
    type Item = ([usize; N], &'a T);
    fn next(&mut self) -> Option<Self::Item> {
        let x = self.iter.next()?;
        let here = self.index;
        for k in (0..N).rev() {
            self.index[k] += 1;
            if self.index[k] < self.shape[k] {
                break;
            }
            self.index[k] = 0;
        }
        Some((here, x))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl<T, const N: usize> ExactSizeIterator for IndexedIter<'_, T, N> {}

//! An array's elements: on the heap, or — for a few small ones — inside the `Array` value.
//!
//! A 3×3 `f64` product computes in 4 ns; allocating and freeing its 72-byte result costs about
//! as much again. So results of at most [`INLINE_BYTES`] bytes are built inline: no
//! allocation, as in nalgebra's static matrices.
//!
//! Only the constructors that build an array element by element choose inline storage
//! ([`Storage::build`]). An existing `Vec` stays on the heap, since moving it inline would copy
//! it and free it.
//!
//! The elements' address is inside the `Array`, so it moves when the array does. That is
//! sound because every pointer the crate keeps to them is tied to a borrow of the array: views
//! borrow it, and so does `einsum::Operand` (`Operand<'a, T>`). A raw pointer from `as_ptr` is
//! good only until the array moves, as documented there.
//!
//! # Unsafe code here
//!
//! - `Inline` treats its byte buffer as `len` slots of `T` through raw pointers; that they fit
//!   is checked by `Storage::fits_inline` before any inline build.
//! - the first `len` slots are read and dropped as `T`s: callers of the `unsafe fn`s
//!   `Storage::build` and `Storage::assume_init` promise every slot was written.
//! - `HeapVec` takes its `Vec` out of `ManuallyDrop` once (`into_vec` or its `Drop`); this is
//!   invariant 5's buffer, whose size `Array::from_storage_layout` asserts in release builds.

use std::marker::PhantomData;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::ops::{Deref, DerefMut};

/// Bytes of elements an array holds inline (a 4×4 `f64` matrix).
pub(crate) const INLINE_BYTES: usize = 128;

/// The inline buffer: aligned for any element type up to 16-byte alignment.
#[repr(C, align(16))]
#[derive(Clone, Copy)]
struct Bytes([MaybeUninit<u8>; INLINE_BYTES]);

/// Up to [`INLINE_BYTES`] bytes of `T`, the first `len` initialised.
pub(crate) struct Inline<T> {
    len: usize,
    bytes: Bytes,
    _elements: PhantomData<T>,
}

impl<T> Inline<T> {
    fn as_ptr(&self) -> *const T {
        self.bytes.0.as_ptr() as *const T
    }

    fn as_mut_ptr(&mut self) -> *mut T {
        self.bytes.0.as_mut_ptr() as *mut T
    }
}

impl<T> Drop for Inline<T> {
    fn drop(&mut self) {
        // SAFETY: the first `len` elements are initialised and owned by `self`.
        unsafe {
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(
                self.as_mut_ptr(),
                self.len,
            ))
        };
    }
}

/// A heap array's vector. Dropping it drops the elements and gives the buffer to
/// [`crate::alloc::recycle`], which keeps buffers of a few MiB for the thread's next arrays.
pub(crate) struct HeapVec<T>(ManuallyDrop<Vec<T>>);

impl<T> HeapVec<T> {
    pub(crate) fn new(v: Vec<T>) -> Self {
        HeapVec(ManuallyDrop::new(v))
    }

    /// The vector, no longer recycled when dropped.
    pub(crate) fn into_vec(self) -> Vec<T> {
        let mut me = ManuallyDrop::new(self);
        // SAFETY: `me` is never dropped, so the vector is taken out exactly once.
        unsafe { ManuallyDrop::take(&mut me.0) }
    }
}

impl<T> Drop for HeapVec<T> {
    fn drop(&mut self) {
        // SAFETY: taken once, in the drop of its only owner.
        crate::alloc::recycle(unsafe { ManuallyDrop::take(&mut self.0) });
    }
}

impl<T> Deref for HeapVec<T> {
    type Target = Vec<T>;
    #[inline(always)]
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for HeapVec<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

/// An array's elements in memory order.
pub(crate) enum Storage<T> {
    /// On the heap.
    Heap(HeapVec<T>),
    /// Inside the value (see the module docs).
    Inline(Inline<T>),
}

impl<T> Storage<T> {
    /// Whether `len` elements of `T` fit inline.
    #[inline(always)]
    pub(crate) const fn fits_inline(len: usize) -> bool {
        let size = std::mem::size_of::<T>();
        size != 0 && std::mem::align_of::<T>() <= 16 && len <= INLINE_BYTES / size
    }

    /// `len` elements written by `fill` into uninitialised slots (which must initialise them
    /// all): inline when they fit, else in `heap(len)`'s vector.
    ///
    /// # Safety
    /// `fill` initialises every one of the `len` slots it is given. (If it panics, what it
    /// wrote is leaked, never dropped twice or read.)
    #[inline(always)]
    pub(crate) unsafe fn build(
        len: usize,
        heap: impl FnOnce(usize) -> Vec<MaybeUninit<T>>,
        fill: impl FnOnce(&mut [MaybeUninit<T>]),
    ) -> Self {
        if Self::fits_inline(len) {
            let mut inline = Inline {
                len: 0,
                bytes: Bytes([MaybeUninit::uninit(); INLINE_BYTES]),
                _elements: PhantomData,
            };
            // SAFETY: `len` elements of `T` fit in the aligned buffer (`fits_inline`).
            let slots = unsafe {
                std::slice::from_raw_parts_mut(inline.as_mut_ptr() as *mut MaybeUninit<T>, len)
            };
            fill(slots);
            inline.len = len;
            Storage::Inline(inline)
        } else {
            let mut v = heap(len);
            debug_assert_eq!(v.len(), len);
            fill(&mut v);
            // SAFETY: `fill` initialised all `len` elements (the caller's contract).
            Storage::Heap(HeapVec::new(unsafe { crate::view::assume_init_vec(v) }))
        }
    }

    /// The number of elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        match self {
            Storage::Heap(v) => v.len(),
            Storage::Inline(i) => i.len,
        }
    }

    /// The elements.
    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            Storage::Heap(v) => v,
            // SAFETY: the first `len` elements are initialised.
            Storage::Inline(i) => unsafe { std::slice::from_raw_parts(i.as_ptr(), i.len) },
        }
    }

    /// The elements, mutably.
    #[inline(always)]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Storage::Heap(v) => v,
            // SAFETY: as in `as_slice`, borrowed uniquely.
            Storage::Inline(i) => unsafe { std::slice::from_raw_parts_mut(i.as_mut_ptr(), i.len) },
        }
    }

    /// The elements as a vector (inline ones are moved to the heap).
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            Storage::Heap(v) => v.into_vec(),
            Storage::Inline(mut i) => {
                let mut v = Vec::with_capacity(i.len);
                // SAFETY: the `len` initialised elements move into the vector's fresh buffer;
                // `len = 0` afterwards, so `i`'s drop does not drop them again.
                unsafe {
                    std::ptr::copy_nonoverlapping(i.as_ptr(), v.as_mut_ptr(), i.len);
                    v.set_len(i.len);
                }
                i.len = 0;
                v
            }
        }
    }
}

impl<T> Storage<MaybeUninit<T>> {
    /// The same storage, its elements declared initialised.
    ///
    /// # Safety
    /// Every element is initialised.
    pub(crate) unsafe fn assume_init(self) -> Storage<T> {
        match self {
            Storage::Heap(v) => {
                // SAFETY: forwarded to the caller.
                let v = unsafe { crate::view::assume_init_vec(v.into_vec()) };
                Storage::Heap(HeapVec::new(v))
            }
            Storage::Inline(mut i) => {
                // `MaybeUninit<T>` has `T`'s size and alignment: the bytes are the elements.
                let out = Inline {
                    len: i.len,
                    bytes: i.bytes,
                    _elements: PhantomData,
                };
                i.len = 0; // (dropping `MaybeUninit`s does nothing anyway)
                Storage::Inline(out)
            }
        }
    }
}

impl<T: Clone> Clone for Storage<T> {
    fn clone(&self) -> Self {
        match self {
            Storage::Heap(v) => {
                // Through the array allocator, so a large copy gets huge pages as the
                // original did (`Vec::clone` would not ask for them: 4 KiB pages cost an
                // in-place pass over a cloned 80 MB array about 10 %).
                let mut c = crate::alloc::vec_with_capacity(v.len());
                c.extend_from_slice(v);
                Storage::Heap(HeapVec::new(c))
            }
            Storage::Inline(i) => {
                let src = self.as_slice();
                // SAFETY: the closure writes all `len` slots (one clone each).
                unsafe {
                    Storage::build(
                        i.len,
                        |_| unreachable!("the same length fits inline again"),
                        |slots| {
                            for (d, s) in slots.iter_mut().zip(src) {
                                d.write(s.clone());
                            }
                        },
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn build_from<T: Clone>(xs: &[T]) -> Storage<T> {
        // SAFETY: writes every slot.
        unsafe {
            Storage::build(xs.len(), crate::alloc::uninit_vec, |slots| {
                for (d, s) in slots.iter_mut().zip(xs) {
                    d.write(s.clone());
                }
            })
        }
    }

    #[test]
    fn small_is_inline_large_is_heap() {
        assert!(matches!(build_from(&[1.0f64; 16]), Storage::Inline(_)));
        assert!(matches!(build_from(&[1.0f64; 17]), Storage::Heap(_)));
        assert!(matches!(build_from(&[1u8; 128]), Storage::Inline(_)));
        assert!(!Storage::<()>::fits_inline(1)); // zero-sized: the heap vector is free anyway
        assert!(!Storage::<[u8; 200]>::fits_inline(1));
    }

    #[test]
    fn elements_are_dropped_once_and_survive_moves_clones_and_into_vec() {
        let rc = Rc::new(5);
        let s = build_from(&[rc.clone(), rc.clone(), rc.clone()]);
        assert_eq!(Rc::strong_count(&rc), 4);
        let moved = s; // the bytes move; the elements stay owned once
        let c = moved.clone();
        assert_eq!(Rc::strong_count(&rc), 7);
        assert_eq!(*c.as_slice()[2], 5);
        drop(c);
        assert_eq!(Rc::strong_count(&rc), 4);
        let v = moved.into_vec();
        assert_eq!(Rc::strong_count(&rc), 4);
        drop(v);
        assert_eq!(Rc::strong_count(&rc), 1);
    }

    #[test]
    fn alignment_of_inline_elements() {
        let s = build_from(&[1u128, 2, 3]);
        assert_eq!(s.as_slice().as_ptr() as usize % 16, 0);
        assert_eq!(s.as_slice(), &[1, 2, 3]);
    }
}

#[cfg(test)]
mod array_tests {
    use crate::{Array, Const};
    use std::rc::Rc;

    #[test]
    fn small_arrays_move_clone_view_and_drop_like_large_ones() {
        let rc = Rc::new(0);
        let a = Array::from_fn([2, 3], |_| rc.clone()); // inline: 6 pointers
        assert_eq!(Rc::strong_count(&rc), 7);
        let moved = a;
        let t = moved.t().to_owned(); // a transposed copy, also inline
        assert_eq!(t.shape(), [3, 2]);
        assert_eq!(Rc::strong_count(&rc), 13);
        let v = moved.into_vec();
        assert_eq!(v.len(), 6);
        drop((t, v));
        assert_eq!(Rc::strong_count(&rc), 1);

        let x: Array<f64, 1, (Const<3>,)> =
            Array::from_fn([3], |[i]| i as f64).into_static().unwrap();
        let y = &x + &x; // an operator's small result
        let boxed = Box::new(y); // moved to the heap: its elements move with it
        assert_eq!(boxed.to_vec(), vec![0.0, 2.0, 4.0]);
        assert_eq!(boxed.view().as_ptr(), boxed.as_slice().unwrap().as_ptr());
        let big = Array::<f64, 1>::zeros([1000]).map(|v| v + 1.0); // heap
        assert_eq!(big.sum(), 1000.0);
    }
}

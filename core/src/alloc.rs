//! Buffers for new arrays: large ones ask the kernel for transparent huge pages, as NumPy does.
//!
//! Freed buffers of 4–32 MiB are kept by the thread that freed them (at most 64 MiB each
//! thread) and reused by its next arrays of the same layout; `config::release_buffers` frees
//! them.
//!
//! A fresh large output pays one page fault per 4 KiB page on first touch; with
//! `madvise(MADV_HUGEPAGE)` it pays one per 2 MiB (PERF_NOTES: a 128 MB result took 49 ms fresh
//! and 8.5 ms with huge pages). The advice is given before the first write, on the page-aligned
//! part of the allocation, and is only a hint: where the kernel refuses it nothing changes.
//!
//! # Unsafe code here
//!
//! - allocates, zeroes and frees raw buffers (`std::alloc`, `Vec::from_raw_parts`); each is freed
//!   with the `Layout` it was made with, and `take_recycled` reuses one only for that exact layout.
//! - zeroed buffers are read as `T` only for the private `unsafe trait ZeroBits` (primitive
//!   numbers and `bool`), reached through a `TypeId` match.
//! - `try_uninit_vec` hands out `MaybeUninit` slots; callers write every one before
//!   `view::assume_init_vec` (invariant 2).

use std::alloc::Layout;
use std::cell::RefCell;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::ptr::NonNull;

/// Buffers at least this large (in bytes) get the huge-page hint; NumPy uses 4 MiB too.
const HUGE_PAGE_THRESHOLD: usize = 4 * MIB;

/// The unit of the byte sizes here: 1 MiB, or 1 KiB under Miri, which backs every allocation
/// with host memory and checks each byte it touches, so the cache is tested there on buffers a
/// thousand times smaller (the same code, the same ratios).
const MIB: usize = if cfg!(miri) { 1 << 10 } else { 1 << 20 };

/// The system could not give a buffer of this many bytes (or the count overflows `usize`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct OutOfMemory(pub(crate) usize);

impl OutOfMemory {
    /// The error of an array of `shape` (NumPy's `MemoryError` words), naming `op`.
    pub(crate) fn for_shape(self, op: &str, shape: &[usize]) -> crate::ShapeError {
        crate::error::memory_err(op, shape, self.0)
    }
}

/// A vector with capacity for `len` elements and length 0, advised for huge pages when large.
///
/// # Panics
/// When the system cannot give the memory: a panic with a message, where `Vec::with_capacity`
/// would abort the process. Operations with a `try_` form use [`try_vec_with_capacity`].
#[track_caller]
pub(crate) fn vec_with_capacity<T>(len: usize) -> Vec<T> {
    try_vec_with_capacity(len).unwrap_or_else(|e| oom_panic(e))
}

#[cold]
#[track_caller]
fn oom_panic(e: OutOfMemory) -> ! {
    panic!(
        "unable to allocate {} for an array buffer",
        crate::error::size_to_string(e.0)
    )
}

/// A buffer of exactly `capacity` elements, or the error the allocator gave.
fn try_exact<T>(capacity: usize) -> Result<Vec<T>, OutOfMemory> {
    let mut v = Vec::new();
    v.try_reserve_exact(capacity)
        .map_err(|_| OutOfMemory(capacity.saturating_mul(std::mem::size_of::<T>())))?;
    Ok(v)
}

/// [`vec_with_capacity`], returning the error instead of panicking.
pub(crate) fn try_vec_with_capacity<T>(len: usize) -> Result<Vec<T>, OutOfMemory> {
    let bytes = len
        .checked_mul(std::mem::size_of::<T>())
        .ok_or(OutOfMemory(usize::MAX))?;
    if bytes < HUGE_PAGE_THRESHOLD {
        return try_exact(len);
    }
    // Reserve (untouched, so never faulted in) one huge page of slack: the allocator's buffer
    // starts anywhere inside a huge page, so without it the last partial huge page of the data
    // would lie outside the mapping and fault in 4 KiB pages.
    let slack = HUGE_PAGE / std::mem::size_of::<T>();
    let capacity = len.saturating_add(slack);
    if let Some(v) = take_recycled(capacity) {
        return Ok(v);
    }
    let v = try_exact(capacity).map_err(|_| OutOfMemory(bytes))?;
    advise_huge_pages(
        v.as_ptr() as *const u8,
        v.capacity() * std::mem::size_of::<T>(),
    );
    Ok(v)
}

/// Freed array buffers of this size range are kept for reuse by the thread that freed them.
///
/// glibc hands buffers of a few MiB out from the top of its heap and gives the top back to the
/// kernel when enough of it is free; a loop that makes and drops arrays of the same size then
/// faults every page of every buffer in again (`accumulate` of 10^6 `i64` in the seed's
/// timing cell: 0.6 ms, 0.24 ms without the trimming). Above 32 MiB glibc maps every buffer
/// afresh anyway, and so does NumPy.
const RECYCLE_BYTES: std::ops::RangeInclusive<usize> = HUGE_PAGE_THRESHOLD..=32 * MIB;

/// At most this many bytes of freed buffers are kept per thread.
const RECYCLE_TOTAL: usize = 64 * MIB;

/// Buffers given back by [`recycle`]: each one allocated by the global allocator with its
/// layout, owned by nobody else, its contents garbage.
struct Recycled(Vec<(NonNull<u8>, Layout)>);

impl Drop for Recycled {
    fn drop(&mut self) {
        for (ptr, layout) in self.0.drain(..) {
            // SAFETY: allocated with `layout` and owned by this cache alone.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) };
        }
    }
}

thread_local! {
    static RECYCLED: RefCell<Recycled> = const { RefCell::new(Recycled(Vec::new())) };
}

/// An empty vector with room for exactly `capacity` elements, from this thread's freed
/// buffers, if one has exactly that layout.
fn take_recycled<T>(capacity: usize) -> Option<Vec<T>> {
    let layout = Layout::array::<T>(capacity).ok()?;
    if !RECYCLE_BYTES.contains(&layout.size()) {
        return None;
    }
    let ptr = RECYCLED
        .try_with(|r| {
            let mut r = r.borrow_mut();
            let k = r.0.iter().position(|&(_, l)| l == layout)?;
            Some(r.0.swap_remove(k).0)
        })
        .ok()
        .flatten()?;
    // SAFETY: the buffer was allocated by the global allocator with `layout`, which is
    // `capacity` elements of `T` (same size, same alignment), and it is ours alone; length 0.
    Some(unsafe { Vec::from_raw_parts(ptr.as_ptr() as *mut T, 0, capacity) })
}

/// Drops an array's vector: its elements now, its buffer now or, when it is 4–32 MiB, later,
/// after this thread's next arrays of the same layout have reused it.
pub(crate) fn recycle<T>(mut v: Vec<T>) {
    let Ok(layout) = Layout::array::<T>(v.capacity()) else {
        return;
    };
    if std::mem::size_of::<T>() == 0 || !RECYCLE_BYTES.contains(&layout.size()) {
        return; // `v` drops as usual
    }
    v.clear();
    let mut v = ManuallyDrop::new(v);
    let ptr = NonNull::new(v.as_mut_ptr() as *mut u8).expect("a vector's buffer is not null");
    let kept = RECYCLED.try_with(|r| {
        let mut r = r.borrow_mut();
        // Oldest first out, until the new one fits the budget.
        while r.0.iter().map(|(_, l)| l.size()).sum::<usize>() + layout.size() > RECYCLE_TOTAL {
            let (old, old_layout) = r.0.remove(0);
            // SAFETY: allocated with `old_layout`, owned by the cache, removed from it.
            unsafe { std::alloc::dealloc(old.as_ptr(), old_layout) };
        }
        r.0.push((ptr, layout));
    });
    if kept.is_err() {
        // The thread's cache is already gone (thread exit): free it now.
        // SAFETY: the vector's buffer, allocated with `layout` (its capacity of `T`).
        unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) };
    }
}

/// Frees the buffers this thread keeps for reuse (see [`recycle`]).
pub(crate) fn release_recycled() {
    let _ = RECYCLED.try_with(|r| {
        let mut r = r.borrow_mut();
        for (ptr, layout) in r.0.drain(..) {
            // SAFETY: allocated with `layout`, owned by the cache, removed from it.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) };
        }
    });
}

/// The size of a transparent huge page on x86-64 Linux.
const HUGE_PAGE: usize = 2 * MIB;

/// A vector of `len` uninitialised elements.
#[track_caller]
pub(crate) fn uninit_vec<T>(len: usize) -> Vec<MaybeUninit<T>> {
    try_uninit_vec(len).unwrap_or_else(|e| oom_panic(e))
}

/// [`uninit_vec`], returning the error instead of panicking.
pub(crate) fn try_uninit_vec<T>(len: usize) -> Result<Vec<MaybeUninit<T>>, OutOfMemory> {
    let mut v = try_vec_with_capacity::<MaybeUninit<T>>(len)?;
    // SAFETY: the capacity is `len` and `MaybeUninit<T>` needs no initialisation.
    unsafe { v.set_len(len) };
    Ok(v)
}

/// A vector of `len` copies of `value`, advised for huge pages when large.
#[track_caller]
pub(crate) fn filled_vec<T: Clone>(len: usize, value: T) -> Vec<T> {
    try_filled_vec(len, value).unwrap_or_else(|e| oom_panic(e))
}

/// [`filled_vec`], returning the error instead of panicking.
pub(crate) fn try_filled_vec<T: Clone>(len: usize, value: T) -> Result<Vec<T>, OutOfMemory> {
    let mut v = try_vec_with_capacity(len)?;
    v.resize(len, value);
    Ok(v)
}

/// `len` zeros. Primitive numbers (and `bool`) come straight from the allocator zeroed
/// (`calloc`: the kernel's zero pages are not touched until used), as NumPy's `zeros` does;
/// other types are filled with `zero`.
#[track_caller]
pub(crate) fn zeros_vec<T: Clone + 'static>(len: usize, zero: T) -> Vec<T> {
    try_zeros_vec(len, zero).unwrap_or_else(|e| oom_panic(e))
}

/// `len` zeros (see [`zeros_vec`]), or the error when the memory cannot be had.
pub(crate) fn try_zeros_vec<T: Clone + 'static>(
    len: usize,
    zero: T,
) -> Result<Vec<T>, OutOfMemory> {
    macro_rules! try_zero_bits {
        ($($t:ty),*) => {$(
            if std::any::TypeId::of::<T>() == std::any::TypeId::of::<$t>() {
                let v = zeroed_vec::<$t>(len)?;
                let mut v = std::mem::ManuallyDrop::new(v);
                // SAFETY: `T` is `$t` (same TypeId), so the vector's type is unchanged.
                return Ok(unsafe { Vec::from_raw_parts(v.as_mut_ptr() as *mut T, v.len(), v.capacity()) });
            }
        )*};
    }
    try_zero_bits!(f64, f32, i64, i32, u64, u32, i16, u16, i8, u8, usize, isize, i128, u128, bool);
    try_filled_vec(len, zero)
}

/// Zero-filled storage straight from the allocator, for types whose zero is all-zero bytes.
fn zeroed_vec<T: ZeroBits>(len: usize) -> Result<Vec<T>, OutOfMemory> {
    if len == 0 || std::mem::size_of::<T>() == 0 {
        return try_filled_vec(len, T::ZERO);
    }
    // A recycled buffer is written with zeros: one pass over memory the thread has used
    // lately, where a fresh one would fault every page in (as glibc's `calloc` of reused heap
    // memory writes zeros too).
    if let Some(mut v) = take_recycled::<T>(len) {
        // SAFETY: the buffer has room for `len` elements; all-zero bytes are a valid `T` (the
        // `ZeroBits` contract), so after the write all `len` are initialised.
        unsafe {
            std::ptr::write_bytes(v.as_mut_ptr(), 0, len);
            v.set_len(len);
        }
        return Ok(v);
    }
    let bytes = len.saturating_mul(std::mem::size_of::<T>());
    let layout = std::alloc::Layout::array::<T>(len).map_err(|_| OutOfMemory(bytes))?;
    // SAFETY: `layout` has non-zero size (len > 0, T not zero-sized).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        return Err(OutOfMemory(bytes));
    }
    advise_huge_pages(ptr as *const u8, layout.size());
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[T; len]`, and
    // all-zero bytes are a valid `T` (the `ZeroBits` contract).
    Ok(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

/// Element types whose zero value is the all-zero bit pattern.
///
/// # Safety
/// `ZERO` must be represented by `size_of::<Self>()` zero bytes, and all-zero bytes must be a
/// valid `Self`.
unsafe trait ZeroBits: Copy {
    const ZERO: Self;
}

macro_rules! zero_bits {
    ($($t:ty => $z:expr),*) => {$(
        // SAFETY: integer, float and bool zero (and `false`) are all-zero bytes.
        unsafe impl ZeroBits for $t { const ZERO: Self = $z; }
    )*};
}
zero_bits!(u8 => 0, u16 => 0, u32 => 0, u64 => 0, u128 => 0, usize => 0,
    i8 => 0, i16 => 0, i32 => 0, i64 => 0, i128 => 0, isize => 0,
    f32 => 0.0, f64 => 0.0, bool => false);

// Miri cannot call foreign functions: under it the hint is skipped (it changes no contents).
#[cfg(all(target_os = "linux", not(miri)))]
fn advise_huge_pages(ptr: *const u8, bytes: usize) {
    if bytes < HUGE_PAGE_THRESHOLD {
        return;
    }
    const PAGE: usize = 4096;
    let start = (ptr as usize).next_multiple_of(PAGE);
    let end = (ptr as usize + bytes) & !(PAGE - 1);
    if end > start {
        // SAFETY: the range lies inside one live allocation of ours; MADV_HUGEPAGE only changes
        // how the kernel backs those pages, never their contents, and errors are ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(any(not(target_os = "linux"), miri))]
fn advise_huge_pages(_ptr: *const u8, _bytes: usize) {
    let _ = HUGE_PAGE_THRESHOLD;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// `n` scaled as the byte sizes are (by a thousand under Miri, see [`MIB`]).
    fn scaled(n: usize) -> usize {
        (n * MIB) >> 20
    }

    #[test]
    fn freed_large_buffers_are_reused_by_the_next_array_of_their_layout() {
        let len = scaled(600_000); // 4.8 MB of f64, plus the huge-page slack
        let mut a: Vec<f64> = vec_with_capacity(len);
        a.resize(len, 1.5);
        let (ptr, cap) = (a.as_ptr() as usize, a.capacity());
        recycle(a);
        // Same layout, another element type of the same size and alignment: the same buffer.
        let b: Vec<u64> = vec_with_capacity(len);
        assert_eq!((b.as_ptr() as usize, b.capacity(), b.len()), (ptr, cap, 0));
        // Another layout (4-byte alignment) gets a buffer of its own.
        let c: Vec<f32> = vec_with_capacity(2 * len);
        assert_ne!(c.as_ptr() as usize, ptr);
        recycle(b);
        recycle(c);
        // Zeros reuse a freed buffer of their exact layout too, written with zeros.
        let mut d: Vec<i64> = zeroed_vec(scaled(700_000)).unwrap();
        d.iter_mut().for_each(|x| *x = -1);
        let dp = d.as_ptr() as usize;
        recycle(d);
        let e: Vec<i64> = zeroed_vec(scaled(700_000)).unwrap();
        assert_eq!(e.as_ptr() as usize, dp);
        assert!(e.iter().all(|&x| x == 0));
        drop(e);
        // Small and huge buffers are freed at once, not kept.
        recycle(vec![0u8; 1000]);
        recycle(Vec::<u8>::with_capacity(40 * MIB));
        let kept = RECYCLED.with(|r| r.borrow().0.len());
        assert_eq!(kept, 2);
        release_recycled();
        assert_eq!(RECYCLED.with(|r| r.borrow().0.len()), 0);
    }

    #[test]
    fn recycling_drops_every_element_once_and_keeps_the_budget() {
        let counted = Rc::new(());
        let n = scaled(1 << 20);
        let v: Vec<Rc<()>> = vec![counted.clone(); n]; // 8 MiB of pointers
        assert_eq!(Rc::strong_count(&counted), n + 1);
        recycle(v);
        assert_eq!(Rc::strong_count(&counted), 1);
        for _ in 0..20 {
            let mut v: Vec<u8> = Vec::with_capacity(5 * MIB);
            v.push(1);
            recycle(v);
        }
        let total: usize = RECYCLED.with(|r| r.borrow().0.iter().map(|(_, l)| l.size()).sum());
        assert!(total <= RECYCLE_TOTAL, "{total}");
    }

    #[test]
    fn buffers_have_requested_contents() {
        assert_eq!(filled_vec(3, 7u8), vec![7, 7, 7]);
        let z = zeros_vec::<f64>(scaled(1 << 20), 0.0);
        assert!(z.iter().all(|&x| x == 0.0));
        assert_eq!(zeros_vec::<i32>(0, 0), Vec::<i32>::new());
        assert_eq!(
            zeros_vec::<String>(2, String::new()),
            vec![String::new(), String::new()]
        );
        assert_eq!(uninit_vec::<u64>(5).len(), 5);
    }
}

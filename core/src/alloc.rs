//! Buffers for new arrays: large ones ask the kernel for transparent huge pages, as NumPy does.
//!
//! A fresh large output pays one page fault per 4 KiB page on first touch; with
//! `madvise(MADV_HUGEPAGE)` it pays one per 2 MiB (PERF_NOTES: a 128 MB result took 49 ms fresh
//! and 8.5 ms with huge pages). The advice is given before the first write, on the page-aligned
//! part of the allocation, and is only a hint: where the kernel refuses it nothing changes.

use std::mem::MaybeUninit;

/// Buffers at least this large (in bytes) get the huge-page hint; NumPy uses 4 MiB too.
const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// A vector with capacity for `len` elements and length 0, advised for huge pages when large.
pub(crate) fn vec_with_capacity<T>(len: usize) -> Vec<T> {
    let bytes = len * std::mem::size_of::<T>();
    if bytes < HUGE_PAGE_THRESHOLD {
        return Vec::with_capacity(len);
    }
    // Reserve (untouched, so never faulted in) one huge page of slack: the allocator's buffer
    // starts anywhere inside a huge page, so without it the last partial huge page of the data
    // would lie outside the mapping and fault in 4 KiB pages.
    let slack = HUGE_PAGE / std::mem::size_of::<T>();
    let v = Vec::with_capacity(len.saturating_add(slack));
    advise_huge_pages(
        v.as_ptr() as *const u8,
        v.capacity() * std::mem::size_of::<T>(),
    );
    v
}

/// The size of a transparent huge page on x86-64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// A vector of `len` uninitialised elements.
pub(crate) fn uninit_vec<T>(len: usize) -> Vec<MaybeUninit<T>> {
    let mut v = vec_with_capacity::<MaybeUninit<T>>(len);
    // SAFETY: the capacity is `len` and `MaybeUninit<T>` needs no initialisation.
    unsafe { v.set_len(len) };
    v
}

/// A vector of `len` copies of `value`, advised for huge pages when large.
pub(crate) fn filled_vec<T: Clone>(len: usize, value: T) -> Vec<T> {
    let mut v = vec_with_capacity(len);
    v.resize(len, value);
    v
}

/// `len` zeros. Primitive numbers (and `bool`) come straight from the allocator zeroed
/// (`calloc`: the kernel's zero pages are not touched until used), as NumPy's `zeros` does;
/// other types are filled with `zero`.
pub(crate) fn zeros_vec<T: Clone + 'static>(len: usize, zero: T) -> Vec<T> {
    macro_rules! try_zero_bits {
        ($($t:ty),*) => {$(
            if std::any::TypeId::of::<T>() == std::any::TypeId::of::<$t>() {
                let v = zeroed_vec::<$t>(len);
                let mut v = std::mem::ManuallyDrop::new(v);
                // SAFETY: `T` is `$t` (same TypeId), so the vector's type is unchanged.
                return unsafe { Vec::from_raw_parts(v.as_mut_ptr() as *mut T, v.len(), v.capacity()) };
            }
        )*};
    }
    try_zero_bits!(f64, f32, i64, i32, u64, u32, i16, u16, i8, u8, usize, isize, i128, u128, bool);
    filled_vec(len, zero)
}

/// Zero-filled storage straight from the allocator, for types whose zero is all-zero bytes.
fn zeroed_vec<T: ZeroBits>(len: usize) -> Vec<T> {
    if len == 0 || std::mem::size_of::<T>() == 0 {
        return filled_vec(len, T::ZERO);
    }
    let layout = std::alloc::Layout::array::<T>(len).expect("size checked by the caller");
    // SAFETY: `layout` has non-zero size (len > 0, T not zero-sized).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    advise_huge_pages(ptr as *const u8, layout.size());
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[T; len]`, and
    // all-zero bytes are a valid `T` (the `ZeroBits` contract).
    unsafe { Vec::from_raw_parts(ptr, len, len) }
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

#[cfg(target_os = "linux")]
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

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_ptr: *const u8, _bytes: usize) {
    let _ = HUGE_PAGE_THRESHOLD;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_have_requested_contents() {
        assert_eq!(filled_vec(3, 7u8), vec![7, 7, 7]);
        let z = zeros_vec::<f64>(1 << 20, 0.0);
        assert!(z.iter().all(|&x| x == 0.0));
        assert_eq!(zeros_vec::<i32>(0, 0), Vec::<i32>::new());
        assert_eq!(
            zeros_vec::<String>(2, String::new()),
            vec![String::new(), String::new()]
        );
        assert_eq!(uninit_vec::<u64>(5).len(), 5);
    }
}

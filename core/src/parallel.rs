//! Threads: the one place every kernel asks whether to use them, and the rule that keeps results
//! the same for any number of threads.
//!
//! # The pool and the count
//!
//! One pool for the whole library: rayon's global pool (faer's decompositions and its `gemm`
//! run on it too), so einarray inside a user's own rayon code shares its workers instead of
//! adding a second set. How many threads one operation may use is
//! [`crate::config::num_threads`]: every CPU by default, `EINARRAY_NUM_THREADS`,
//! [`crate::config::set_num_threads`], or [`crate::config::with_num_threads`] for one call site.
//!
//! # When
//!
//! An operation wakes no thread below its threshold ([`threads_for`]): waking a worker costs
//! microseconds, so small and in-cache calls run exactly as on one thread.
//!
//! - GEMM: products of at least [`GEMM_MIN_WORK`] multiply-adds, split by faer's `gemm` over
//!   blocks of the output; batches of smaller products (`bij,bjk->bik`) whose total reaches
//!   [`BATCH_MIN_WORK`], split over whole batch elements.
//! - Element-wise operations (the operators, comparisons and unary math methods): outputs of at
//!   least [`ELEMENTWISE_MIN`] elements of plain number types ([`is_plain`]).
//!
//! # Reproducible to the bit
//!
//! Work is cut into pieces whose boundaries depend on the data's shape alone
//! ([`ELEMENTWISE_CHUNK`] elements, whole rows of the outermost axis), never on the thread
//! count, and each piece is computed by the same loop the single-threaded call runs. Nothing is
//! combined in an order the threads decide: element-wise results are independent per element,
//! and a parallel GEMM splits the output into blocks whose sums over the contracted axis run in
//! the same order as on one thread. So a result is bitwise the same for any thread count
//! (`tests/threads.rs` checks it).

use std::any::TypeId;

/// Multiply-adds below which a GEMM runs on the calling thread (≈ a 128³ product: about 0.1
/// ms on one core, where waking a worker would cost a noticeable share).
pub(crate) const GEMM_MIN_WORK: usize = 1 << 21;

/// Multiply-adds of a whole batch of products, each below [`GEMM_MIN_WORK`], from which the
/// batch is split over threads: the same amount of work. (Under Miri, 64, so its unit tests
/// reach the threaded batch, races included; faer's `gemm` keeps the full threshold there,
/// rayon not being runnable under Miri.)
pub(crate) const BATCH_MIN_WORK: usize = if cfg!(miri) { 64 } else { GEMM_MIN_WORK };

/// Output elements below which an element-wise operation runs on the calling thread: 2¹⁷
/// `f64` are 1 MiB, a pass of ≈ 30–60 µs on one core. (Under Miri, 64: its unit tests then
/// reach the threaded path with arrays it can check, races included.)
pub(crate) const ELEMENTWISE_MIN: usize = if cfg!(miri) { 64 } else { 1 << 17 };

/// Output elements per piece of a parallel element-wise operation (rounded up to whole rows of
/// the axis it splits): 256 KiB of `f64`, so a piece's operands stay in L2 while it runs.
pub(crate) const ELEMENTWISE_CHUNK: usize = if cfg!(miri) { 16 } else { 1 << 15 };

/// The threads an operation of `work` units may use: 1 below `min`, else
/// [`crate::config::num_threads`].
#[inline]
pub(crate) fn threads_for(work: usize, min: usize) -> usize {
    if work < min {
        1
    } else {
        crate::config::num_threads()
    }
}

/// Calls `body(i)` once for every `i < pieces`, on up to `threads` threads: each takes a
/// contiguous run of pieces. With one thread (or one piece), the calls run in order on the
/// calling thread. A panic in `body` reaches the caller.
pub(crate) fn run_pieces(pieces: usize, threads: usize, body: impl Fn(usize) + Sync) {
    let t = threads.min(pieces);
    if t <= 1 {
        (0..pieces).for_each(body);
        return;
    }
    let group = |g: usize| {
        for i in g * pieces / t..(g + 1) * pieces / t {
            body(i);
        }
    };
    if cfg!(miri) {
        // Miri cannot run rayon's internals under strict provenance (crossbeam tags pointers
        // with integers); scoped threads let it check the pieces' accesses for races instead.
        std::thread::scope(|s| {
            for g in 0..t {
                s.spawn(move || group(g));
            }
        });
        return;
    }
    use rayon::prelude::*;
    (0..t).into_par_iter().for_each(group);
}

/// Whether `T` is one of the plain number types (`bool`, the integers, `f32`, `f64` and their
/// `Complex`): `Send` and `Sync`, without interior mutability or drop glue, so their elements
/// and closures capturing them may be shared between threads.
pub(crate) fn is_plain<T>() -> bool {
    use num_complex::Complex;
    macro_rules! any_of {
        ($($u:ty),*) => { $(is_type::<T, $u>())||* };
    }
    any_of!(
        bool,
        i8,
        i16,
        i32,
        i64,
        i128,
        isize,
        u8,
        u16,
        u32,
        u64,
        u128,
        usize,
        f32,
        f64,
        Complex<f32>,
        Complex<f64>
    )
}

/// Whether `T` is `U`, for any `T` (no `'static` bound): `typeid::of` erases lifetimes, and
/// the `U`s asked about (numbers) have none, so equal ids mean the same type. What lets the
/// kernels take their fast paths for `f64`, `i32`, … while the public bounds stay generic.
#[inline]
pub(crate) fn is_type<T, U: 'static>() -> bool {
    typeid::of::<T>() == TypeId::of::<U>()
}

/// A raw pointer that may cross to another thread: the parallel kernels share their operands'
/// and output's pointers with the pieces they run, each piece touching its own output
/// elements only.
#[derive(Clone, Copy)]
pub(crate) struct SendPtr<T>(pub(crate) *mut T);

impl<T> SendPtr<T> {
    /// The pointer. A method, so that a closure calling it captures the whole `SendPtr` (a
    /// closure naming the field would capture the bare pointer, which is not `Send`).
    #[inline(always)]
    pub(crate) fn get(&self) -> *mut T {
        self.0
    }
}

// SAFETY: used only for elements of plain types (`is_plain`), which are `Send` and `Sync`;
// each user keeps the pieces' writes disjoint and says so at its `unsafe` block.
unsafe impl<T> Send for SendPtr<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for SendPtr<T> {}

/// A value shared with the pieces of a parallel operation although its type does not say it
/// is `Sync`: a closure of einarray's own whose captures are plain values, or a product's
/// pointers into plain elements.
pub(crate) struct AssertSync<F>(pub(crate) F);

// SAFETY: constructed only after a run-time `is_plain` check (present in release builds), in
// `unsafe` blocks whose comment names why the value is safe to share.
unsafe impl<F> Sync for AssertSync<F> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_piece_runs_once_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            for pieces in [0, 1, 2, 5, 17] {
                let seen: Vec<AtomicUsize> = (0..pieces).map(|_| AtomicUsize::new(0)).collect();
                run_pieces(pieces, threads, |i| {
                    seen[i].fetch_add(1, Ordering::Relaxed);
                });
                assert!(seen.iter().all(|s| s.load(Ordering::Relaxed) == 1));
            }
        }
    }

    #[test]
    fn plain_types_are_the_numbers() {
        assert!(is_plain::<f64>() && is_plain::<u8>() && is_plain::<bool>());
        assert!(is_plain::<num_complex::Complex<f32>>());
        assert!(!is_plain::<String>() && !is_plain::<std::cell::Cell<f64>>());
        assert!(!is_plain::<&f64>());
    }

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(threads_for(ELEMENTWISE_MIN - 1, ELEMENTWISE_MIN), 1);
        assert!(threads_for(ELEMENTWISE_MIN, ELEMENTWISE_MIN) >= 1);
    }
}

//! What this build of einarray runs on: the SIMD tier its loops dispatch to, the GEMM backend,
//! and how many threads it uses (NumPy's `np.show_config()`); [`set_num_threads`] and
//! [`with_num_threads`], which set that number for the process or for one call site; and
//! [`release_buffers`], which frees the array buffers a thread keeps for reuse.
//!
//! ```
//! let c = einarray::config::config();
//! println!("{c}");
//! assert!(c.threads >= 1);
//! ```

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The widest instruction set the element loops, reductions and small-matrix kernels run in on
/// this CPU. They are compiled for every tier and pick one at run time, so a binary built
/// without `-C target-cpu=native` still uses the CPU's widest vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimdLevel {
    /// AVX-512 (F, DQ, VL) with AVX2 and FMA: 8 `f64` per vector.
    Avx512,
    /// AVX2 with FMA: 4 `f64` per vector.
    Avx2,
    /// The compilation target's baseline (SSE2 on x86-64), or a non-x86 CPU.
    Baseline,
}

impl fmt::Display for SimdLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SimdLevel::Avx512 => "AVX-512 (F, DQ, VL) + AVX2 + FMA",
            SimdLevel::Avx2 => "AVX2 + FMA",
            SimdLevel::Baseline => "baseline (no run-time SIMD dispatch)",
        })
    }
}

/// What [`config`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The SIMD tier the dispatched loops use on this CPU.
    pub simd: SimdLevel,
    /// The GEMM backend for large `f32`/`f64` products (chosen by the `faer-gemm` feature).
    pub gemm: &'static str,
    /// Whether products whose right factor fits in L2 run on einarray's own unpacked kernels
    /// (they need AVX2 + FMA).
    pub small_gemm_kernels: bool,
    /// Threads one operation may use ([`num_threads`]): large GEMMs and batches of small
    /// products (`einsum!`, `matmul`, `dot`), large element-wise operations (operators,
    /// comparisons, the unary math methods) and the decompositions of [`crate::linalg`]. Small
    /// calls and every other operation run on the calling thread. Results are bitwise the same
    /// for any count.
    pub threads: usize,
    /// Logical CPUs the operating system offers this process.
    pub cpus: usize,
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "SIMD tier:          {}", self.simd)?;
        writeln!(f, "GEMM backend:       {}", self.gemm)?;
        writeln!(
            f,
            "small-GEMM kernels: {}",
            if self.small_gemm_kernels {
                "yes (right factor up to 512 KiB, no packing)"
            } else {
                "no (needs AVX2 + FMA)"
            }
        )?;
        write!(
            f,
            "threads:            {} for large products and batches, element-wise operations \
             and linalg's decompositions ({} CPUs available)",
            self.threads, self.cpus
        )
    }
}

/// The SIMD tier the dispatched loops use on this CPU: the widest it has, or narrower when the
/// `EINARRAY_SIMD` environment variable (`scalar`, `avx2`, `avx512`) caps it, as CI does to test
/// each tier's code on one machine.
///
/// ```
/// use einarray::config::{simd_level, SimdLevel};
/// let level = simd_level();
/// assert!(matches!(level, SimdLevel::Avx512 | SimdLevel::Avx2 | SimdLevel::Baseline));
/// ```
pub fn simd_level() -> SimdLevel {
    if crate::kernel::has_avx512() {
        SimdLevel::Avx512
    } else if crate::kernel::has_avx2() {
        SimdLevel::Avx2
    } else {
        SimdLevel::Baseline
    }
}

/// This build's configuration on this CPU (see [`Config`]).
///
/// ```
/// let c = einarray::config::config();
/// assert!(c.cpus >= 1);
/// assert!(!c.gemm.is_empty());
/// ```
pub fn config() -> Config {
    let simd = simd_level();
    Config {
        simd,
        gemm: if cfg!(feature = "faer-gemm") {
            "faer's gemm crate (run-time dispatch up to AVX-512)"
        } else {
            "matrixmultiply"
        },
        small_gemm_kernels: crate::kernel::has_avx2(),
        threads: num_threads(),
        cpus: available_cpus(),
    }
}

/// Logical CPUs the operating system offers this process.
fn available_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The thread count set by [`set_num_threads`]; 0 until then.
static NUM_THREADS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The count [`with_num_threads`] set for this thread's calls; 0 outside it.
    static SCOPED: Cell<usize> = const { Cell::new(0) };
}

/// Sets how many threads one operation may use (NumPy users set `OMP_NUM_THREADS` or
/// `threadpoolctl`'s limits for the same). `0` restores the default: the
/// `EINARRAY_NUM_THREADS` environment variable when it holds a positive number (read once),
/// else every CPU the process may run on. Results do not depend on it: they are bitwise the
/// same for any count.
///
/// ```
/// use einarray::config::{num_threads, set_num_threads};
/// set_num_threads(1); // e.g. to compare with NumPy on one thread
/// assert_eq!(num_threads(), 1);
/// set_num_threads(0); // back to the default
/// assert!(num_threads() >= 1);
/// ```
pub fn set_num_threads(n: usize) {
    NUM_THREADS.store(n, Ordering::Relaxed);
}

/// Runs `f` with `n` threads per operation for the calls it makes on this thread, then
/// restores what was set before (also when `f` panics): threadpoolctl's
/// `with threadpool_limits(n):` for one call site. `n = 0` means the process-wide count
/// ([`set_num_threads`]).
///
/// ```
/// use einarray::config::{num_threads, with_num_threads};
/// use einarray::prelude::*;
/// let a = Array::<f64, 1>::linspace(0.0, 1.0, 1 << 20);
/// let one = with_num_threads(1, || {
///     assert_eq!(num_threads(), 1);
///     a.exp()
/// });
/// assert_eq!(one, a.exp()); // the same bits on every thread count
/// ```
pub fn with_num_threads<R>(n: usize, f: impl FnOnce() -> R) -> R {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SCOPED.with(|s| s.replace(n)));
    f()
}

/// The number of threads one operation may use: what [`with_num_threads`] set for this
/// call site, else what [`set_num_threads`] set, else `EINARRAY_NUM_THREADS` (a positive
/// number, read once) or the number of CPUs available.
///
/// ```
/// assert!(einarray::config::num_threads() >= 1);
/// ```
pub fn num_threads() -> usize {
    let scoped = SCOPED.with(Cell::get);
    if scoped > 0 {
        return scoped;
    }
    match NUM_THREADS.load(Ordering::Relaxed) {
        0 => default_threads(),
        n => n,
    }
}

/// `EINARRAY_NUM_THREADS` when it holds a positive number, else the CPUs available; read once,
/// as an environment variable is meant to be (and so that small calls pay no lookup).
fn default_threads() -> usize {
    static DEFAULT: OnceLock<usize> = OnceLock::new();
    *DEFAULT.get_or_init(|| {
        std::env::var("EINARRAY_NUM_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(available_cpus)
    })
}

/// Frees the array buffers this thread keeps for reuse.
///
/// When an array of 4–32 MiB is dropped, its buffer is kept (at most 64 MiB per thread) for
/// the thread's next array of the same size and element layout: a loop that makes such arrays
/// would otherwise fault every page of every one in again (glibc returns the top of its heap to
/// the kernel). Call this to give that memory back, e.g. before a thread idles.
///
/// ```
/// use einarray::prelude::*;
/// let big = Array::<f64, 1>::zeros([1 << 20]); // 8 MiB
/// drop(big); // kept for reuse by this thread
/// einarray::config::release_buffers(); // freed
/// ```
pub fn release_buffers() {
    crate::alloc::release_recycled();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_every_field() {
        let text = config().to_string();
        for field in ["SIMD tier", "GEMM backend", "small-GEMM kernels", "threads"] {
            assert!(text.contains(field), "{text}");
        }
    }

    #[test]
    fn scoped_counts_nest_and_restore() {
        let outer = num_threads();
        with_num_threads(3, || {
            assert_eq!(num_threads(), 3);
            with_num_threads(1, || assert_eq!(num_threads(), 1));
            assert_eq!(num_threads(), 3);
            let r = std::panic::catch_unwind(|| with_num_threads(2, || panic!("inside")));
            assert!(r.is_err());
            assert_eq!(num_threads(), 3);
        });
        assert_eq!(num_threads(), outer);
    }

    #[test]
    fn the_small_kernels_follow_the_simd_tier() {
        // `gemm_small::fits` admits f64 only when AVX2 + FMA are present.
        let c = config();
        assert_eq!(
            c.small_gemm_kernels,
            crate::gemm_small::fits::<f64>(4, 4),
            "{c}"
        );
    }
}

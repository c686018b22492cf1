//! `c = a·b` for `f32`/`f64` matrices whose right factor fits in the L2 cache, without packing.
//!
//! A GEMM library packs both factors into panels so that any size runs near peak. Packing
//! costs about as much as a 64³ product itself. So below a size, reading the operands where
//! they lie is faster.
//!
//! The kernel keeps an `MR × NR` block of `c` in vector registers. For each `p` it loads one
//! `NR`-wide row of `b` (unit column stride) and broadcasts `MR` elements of `a` (any strides),
//! then does `MR · NR / width` fused multiply-adds. The block shapes:
//! - AVX-512: 8 × 16 for `f64`, 8 × 32 for `f32` (16 accumulators of the 32 registers).
//! - AVX2 + FMA: 6 × 8 and 6 × 16 (12 of 16).
//!
//! Measured (BENCHMARKS.md, § einsum): `bij,bjk->bik` at 64³ in 262 µs, 1.17× NumPy/OpenBLAS
//! and 1.51× `matrixmultiply`; `Bh,Bo->oh` 1.68×. The size limit in [`fits`] comes from a
//! one-off sweep of square products with `out =` (not a bench target): ours 134 GFLOP/s at 64³
//! against faer's 95, 130 at 256³, 97 at 384³ where faer's packed kernels keep 127.
//!
//! Results use fused multiply-adds, so they may differ from a separate multiply and add in the
//! last bit, as every optimized GEMM's do.
//!
//! # Unsafe code here
//!
//! - `block`, `row_block`, `tiles` and `gemm` are `unsafe fn`s that read `a`, `b` and write `c`
//!   through raw pointers; callers promise in-bounds rows and columns (invariants 1–2) and a `c`
//!   that overlaps neither input.
//! - the kernels are `#[target_feature]` functions: `gemm` may run only after `gemm_small::fits`
//!   (only `f32`/`f64` by `TypeId`, and `kernel::has_avx2`), which `einsum::matmul` checks;
//!   the AVX-512 tier is taken only if `has_avx512`.

use crate::kernel::{has_avx2, has_avx512};
use num_traits::Float;
use std::any::TypeId;

/// Bytes of the right factor (`k × n`) up to which the kernels beat the GEMM backend: half the
/// L2 cache of current x86 cores.
const B_BYTES: usize = 512 * 1024;

/// Whether the small kernels take a `k × n` right factor of `T` on this CPU.
pub(crate) fn fits<T: 'static>(k: usize, n: usize) -> bool {
    let size = if TypeId::of::<T>() == TypeId::of::<f64>() {
        8
    } else if TypeId::of::<T>() == TypeId::of::<f32>() {
        4
    } else {
        return false;
    };
    k.saturating_mul(n).saturating_mul(size) <= B_BYTES && has_avx2()
}

/// One `R × W` block of `c` (row stride `rsc`, unit column stride) from `k` steps:
/// `c[i, j] = Σ_p a[i, p] · b[p, j]`. `a` may have any strides: it is read by broadcasts.
/// (The stores into `c`, consecutive, are what lets the compiler vectorize the whole block.)
///
/// # Safety
/// `a` is valid for `R` rows (stride `rsa`) of `k` elements (stride `csa`), `b` for `k` rows
/// (stride `rsb`) of `W` contiguous elements, `c` for `R` rows of `W` contiguous elements.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn block<T: Float, const R: usize, const W: usize>(
    k: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    c: *mut T,
    rsc: isize,
) {
    let mut acc = [[T::zero(); W]; R];
    for p in 0..k as isize {
        // SAFETY: p < k, and the caller's bounds.
        let row: [T; W] = std::array::from_fn(|j| unsafe { *b.offset(p * rsb).add(j) });
        for (i, acc) in acc.iter_mut().enumerate() {
            // SAFETY: i < R, p < k.
            let aip = unsafe { *a.offset(i as isize * rsa + p * csa) };
            for (x, &bj) in acc.iter_mut().zip(&row) {
                *x = aip.mul_add(bj, *x);
            }
        }
    }
    for (i, acc) in acc.iter().enumerate() {
        for (j, &x) in acc.iter().enumerate() {
            // SAFETY: i < R, j < W.
            unsafe { *c.offset(i as isize * rsc).add(j) = x };
        }
    }
}

/// Rows `R` of `c` across all `n` columns: `W`-wide blocks, then one `H`-wide and one
/// `Q`-wide block where that many columns remain (`H = W/2`, `Q = W/4`), then single columns.
///
/// # Safety
/// As [`tiles`], for `R` rows.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn row_block<T: Float, const R: usize, const W: usize, const H: usize, const Q: usize>(
    n: usize,
    k: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    c: *mut T,
    rsc: isize,
) {
    let mut j = 0;
    // One block of `width` columns starting at column `j`.
    macro_rules! block_at {
        ($width:expr) => {
            // SAFETY: columns j..j + width are below n (checked by each caller's condition).
            unsafe {
                block::<T, R, { $width }>(
                    k,
                    a,
                    rsa,
                    csa,
                    b.wrapping_add(j),
                    rsb,
                    c.wrapping_add(j),
                    rsc,
                )
            }
        };
    }
    while j + W <= n {
        block_at!(W);
        j += W;
    }
    if j + H <= n {
        block_at!(H);
        j += H;
    }
    if j + Q <= n {
        block_at!(Q);
        j += Q;
    }
    while j < n {
        block_at!(1);
        j += 1;
    }
}

/// The whole `m × n` product: `MR`-row blocks, then blocks of 4, 2 and 1 rows for the rest
/// (each reads all of `b` once, so fewer, taller blocks read it less).
///
/// # Safety
/// `a` is valid for `m × k` elements at strides `(rsa, csa)`, `b` for `k` rows (stride `rsb`)
/// of `n` contiguous elements, `c` for `m` rows (stride `rsc`) of `n` contiguous elements,
/// not overlapping `a` or `b`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn tiles<T: Float, const MR: usize, const W: usize, const H: usize, const Q: usize>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    c: *mut T,
    rsc: isize,
) {
    let mut i = 0;
    let at = |i: usize| a.wrapping_offset(i as isize * rsa);
    let ct = |i: usize| c.wrapping_offset(i as isize * rsc);
    while i + MR <= m {
        // SAFETY: rows i..i + height are below m.
        unsafe { row_block::<T, MR, W, H, Q>(n, k, at(i), rsa, csa, b, rsb, ct(i), rsc) };
        i += MR;
    }
    if i + 4 <= m {
        // SAFETY: rows i..i + height are below m.
        unsafe { row_block::<T, 4, W, H, Q>(n, k, at(i), rsa, csa, b, rsb, ct(i), rsc) };
        i += 4;
    }
    if i + 2 <= m {
        // SAFETY: rows i..i + height are below m.
        unsafe { row_block::<T, 2, W, H, Q>(n, k, at(i), rsa, csa, b, rsb, ct(i), rsc) };
        i += 2;
    }
    if i < m {
        // SAFETY: rows i..i + height are below m.
        unsafe { row_block::<T, 1, W, H, Q>(n, k, at(i), rsa, csa, b, rsb, ct(i), rsc) };
    }
}

macro_rules! tier {
    ($name:ident, $features:literal, $t:ty, $mr:literal, $w:literal, $h:literal, $q:literal) => {
        /// [`tiles`] compiled for one SIMD tier.
        ///
        /// # Safety
        /// The CPU has the features; the bounds of [`tiles`].
        #[target_feature(enable = $features)]
        #[allow(clippy::too_many_arguments)]
        unsafe fn $name(
            m: usize,
            n: usize,
            k: usize,
            a: *const $t,
            rsa: isize,
            csa: isize,
            b: *const $t,
            rsb: isize,
            c: *mut $t,
            rsc: isize,
        ) {
            // SAFETY: forwarded from the caller.
            unsafe { tiles::<$t, $mr, $w, $h, $q>(m, n, k, a, rsa, csa, b, rsb, c, rsc) }
        }
    };
}
tier!(
    f64_avx512,
    "avx512f,avx512dq,avx512vl,avx2,fma",
    f64,
    8,
    16,
    8,
    4
);
tier!(
    f32_avx512,
    "avx512f,avx512dq,avx512vl,avx2,fma",
    f32,
    8,
    32,
    16,
    8
);
tier!(f64_avx2, "avx2,fma", f64, 6, 8, 4, 2);
tier!(f32_avx2, "avx2,fma", f32, 6, 16, 8, 4);

/// `c = a·b` (`m × k` times `k × n`, `b` with unit column stride) through the widest tier the
/// CPU has, overwriting every element of `c`.
///
/// # Safety
/// [`fits`] returned true for `T`, `k` and `n` (so `T` is `f32` or `f64` and the CPU has AVX2
/// and FMA); the bounds of [`tiles`].
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm<T: 'static>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    c: *mut T,
    rsc: isize,
) {
    let wide = has_avx512();
    if TypeId::of::<T>() == TypeId::of::<f64>() {
        let (a, b, c) = (a as *const f64, b as *const f64, c as *mut f64);
        // SAFETY: T is f64; the CPU has the tier's features (checked here and by `fits`).
        unsafe {
            if wide {
                f64_avx512(m, n, k, a, rsa, csa, b, rsb, c, rsc)
            } else {
                f64_avx2(m, n, k, a, rsa, csa, b, rsb, c, rsc)
            }
        }
    } else {
        let (a, b, c) = (a as *const f32, b as *const f32, c as *mut f32);
        // SAFETY: T is f32 (`fits` admits only the two); as above.
        unsafe {
            if wide {
                f32_avx512(m, n, k, a, rsa, csa, b, rsb, c, rsc)
            } else {
                f32_avx2(m, n, k, a, rsa, csa, b, rsb, c, rsc)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape class (full blocks, half blocks, single columns, single rows), both types,
    /// strided `a`, against a plain triple loop.
    fn check<T: Float + 'static + std::fmt::Debug>(tol: T) {
        if !has_avx2() {
            return;
        }
        for (m, n, k) in [
            (1, 1, 1),
            (8, 16, 3),
            (9, 25, 7),
            (17, 47, 33),
            (6, 8, 64),
            (13, 5, 2),
        ] {
            let a: Vec<T> = (0..m * k * 2)
                .map(|x| T::from((x * 7 % 11) as f64 - 5.0).unwrap())
                .collect();
            let b: Vec<T> = (0..k * n)
                .map(|x| T::from((x * 3 % 13) as f64 * 0.5).unwrap())
                .collect();
            let mut c = vec![T::nan(); m * n];
            // a is read at column stride 2 (every other element) and row stride 2k.
            assert!(fits::<T>(k, n));
            // SAFETY: the buffers have the sizes the strides address.
            unsafe {
                gemm(
                    m,
                    n,
                    k,
                    a.as_ptr(),
                    2 * k as isize,
                    2,
                    b.as_ptr(),
                    n as isize,
                    c.as_mut_ptr(),
                    n as isize,
                )
            };
            for i in 0..m {
                for j in 0..n {
                    let want =
                        (0..k).fold(T::zero(), |s, p| s + a[i * 2 * k + 2 * p] * b[p * n + j]);
                    let got = c[i * n + j];
                    assert!(
                        (got - want).abs() <= tol,
                        "{m}x{n}x{k} at ({i}, {j}): {got:?} vs {want:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn matches_a_triple_loop() {
        check::<f64>(1e-9);
        check::<f32>(1e-2);
    }

    #[test]
    fn fits_only_floats_whose_right_factor_is_small() {
        assert!(!fits::<i64>(4, 4));
        assert!(!fits::<f64>(1024, 1024));
        assert_eq!(fits::<f64>(256, 256), has_avx2());
    }
}

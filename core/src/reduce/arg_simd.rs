//! `argmax`/`argmin` of contiguous `f64` and `f32` slices in explicit AVX2 and AVX-512.
//!
//! The generic arg-best loop ([`super::arg_best_of`]) is written so that LLVM may vectorize
//! it, but the blend of positions alongside values defeats its vectorizers: along the last
//! axis of a 4×8×64×64 f64 array it ran at half NumPy's speed (whose argmax is hand-written
//! SIMD too). Here each lane keeps its best value and that value's position in a vector
//! register pair, a compare and two blends per vector of elements, NaNs are noted on the
//! side, and the lanes are combined once per slice.
//!
//! The element type is matched by `crate::parallel::is_type` (a `TypeId` for any `T`), so the
//! public methods keep their `T: PartialOrd + Clone` bound. Other element types, other CPUs
//! and Miri take the generic loop.

use std::mem::MaybeUninit;

/// For `s < count`: `out[s·lo]` = the position of the first largest (`MAX`) or smallest
/// element of the `n` elements at `x + s·ls`, or of the first NaN: [`super::arg_best_of`]'s
/// result. Returns `false`, writing nothing, when `T` is not `f64`/`f32`, the CPU has
/// neither AVX2 nor AVX-512 (or `EINARRAY_SIMD` caps them), or `n < 32` (two vectors of
/// the widest tier's lanes).
///
/// # Safety
/// Each `x + s·ls + t` (`s < count`, `t < n`) is readable, and each `out + s·lo` writable and
/// distinct.
#[inline]
pub(super) unsafe fn arg_best_slices<T, const MAX: bool>(
    x: *const T,
    ls: isize,
    n: usize,
    count: usize,
    out: *mut MaybeUninit<usize>,
    lo: isize,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use x86::*;
        if n < 32 {
            return false;
        }
        let avx2 = crate::kernel::has_avx2();
        #[cfg(einarray_avx512_intrinsics)]
        let avx512 = crate::kernel::has_avx512();
        // SAFETY: in every arm, `T` is the element type named (`is_type`, a run-time type-id
        // comparison), so the pointer casts keep the type; the caller's contract covers the
        // reads and writes; `n ≥ 32` (checked above) gives every kernel its first two vectors;
        // the CPU has the features the tier's function is compiled for (`has_avx512`/`has_avx2`
        // just above, run-time checks).
        unsafe {
            if crate::parallel::is_type::<T, f64>() {
                let x = x.cast::<f64>();
                #[cfg(einarray_avx512_intrinsics)]
                if avx512 {
                    avx512::slices_avx512::<avx512::F64x8, MAX>(x, ls, n, count, out, lo);
                    return true;
                }
                if avx2 {
                    slices_avx2::<F64x4, MAX>(x, ls, n, count, out, lo);
                    return true;
                }
                return false;
            }
            if crate::parallel::is_type::<T, f32>() && n <= i32::MAX as usize {
                let x = x.cast::<f32>();
                #[cfg(einarray_avx512_intrinsics)]
                if avx512 {
                    avx512::slices_avx512::<avx512::F32x16, MAX>(x, ls, n, count, out, lo);
                    return true;
                }
                if avx2 {
                    slices_avx2::<F32x8, MAX>(x, ls, n, count, out, lo);
                    return true;
                }
                return false;
            }
        }
    }
    let _ = (x, ls, n, count, out, lo);
    false
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;
    use std::mem::MaybeUninit;

    /// One SIMD tier's vectors of one float type: values `V`, their positions `I` (integers
    /// of the float's width), and lane masks `M`. Every method is an intrinsic or two, inlined
    /// into the `#[target_feature]` function of its tier.
    ///
    /// # Safety
    /// Every method may be called only on a CPU with the tier's features: they run only inside
    /// the tier's `#[target_feature]` function, which `arg_best_slices` enters after
    /// `kernel::has_avx512`/`has_avx2` (run-time CPU checks, present in release builds).
    /// `load` reads `W` elements at `p`, which must be readable.
    pub(super) trait Lanes {
        /// The element type.
        type E: Copy + PartialOrd;
        /// A vector of elements.
        type V: Copy;
        /// A vector of positions.
        type I: Copy;
        /// A lane mask.
        type M: Copy;
        /// Lanes per vector.
        const W: usize;

        /// `W` elements from `p` (unaligned).
        unsafe fn load(p: *const Self::E) -> Self::V;
        /// Positions `k, k + 1, …, k + W - 1`.
        unsafe fn positions(k: usize) -> Self::I;
        /// `W` in every lane of a position vector.
        unsafe fn step(w: usize) -> Self::I;
        /// Lane-wise `a + b`.
        unsafe fn add(a: Self::I, b: Self::I) -> Self::I;
        /// Lanes where `v` is strictly larger (`MAX`) or smaller than `b` (false with a NaN).
        unsafe fn better<const MAX: bool>(v: Self::V, b: Self::V) -> Self::M;
        /// Lanes where `a` or `b` is NaN.
        unsafe fn unordered(a: Self::V, b: Self::V) -> Self::M;
        /// `m ∨ n`.
        unsafe fn or(m: Self::M, n: Self::M) -> Self::M;
        /// Whether any lane of `m` is set.
        unsafe fn any(m: Self::M) -> bool;
        /// `v` where `m`, else `b`.
        unsafe fn blend(b: Self::V, v: Self::V, m: Self::M) -> Self::V;
        /// `c` where `m`, else `i`.
        unsafe fn blend_positions(i: Self::I, c: Self::I, m: Self::M) -> Self::I;
        /// The best of `b` and the lowest position holding it.
        unsafe fn finish<const MAX: bool>(b: Self::V, i: Self::I) -> (Self::E, usize);
    }

    /// The arg-best of `xs` (`len ≥ 2W`): two running bests with their positions (so
    /// consecutive compares do not wait on each other) and a NaN flag; then each vector's
    /// lanes combined ([`Lanes::finish`]), the two results compared, and the tail shorter
    /// than two vectors folded last. Any NaN: the first NaN's position, found by a scan
    /// (NumPy's result).
    ///
    /// # Safety
    /// The CPU supports `L`'s tier.
    #[inline(always)]
    unsafe fn arg_best<L: Lanes, const MAX: bool>(xs: &[L::E]) -> usize {
        let (n, w, p) = (xs.len(), L::W, xs.as_ptr());
        debug_assert!(n >= 2 * w);
        // SAFETY: every load reads `w` elements at `k` or `k + w` with `k + 2w ≤ n`: the loop
        // condition, and for the first two loads `n ≥ 32 ≥ 2w`, which `arg_best_slices` checks
        // (in release builds) before entering any tier. The tier's features are the caller's
        // contract.
        unsafe {
            let (mut b0, mut b1) = (L::load(p), L::load(p.add(w)));
            let (mut i0, mut i1) = (L::positions(0), L::positions(w));
            let (mut c0, mut c1) = (i0, i1);
            let step = L::step(2 * w);
            let mut nan = L::unordered(b0, b1);
            let mut k = 2 * w;
            while k + 2 * w <= n {
                let (v0, v1) = (L::load(p.add(k)), L::load(p.add(k + w)));
                c0 = L::add(c0, step);
                c1 = L::add(c1, step);
                nan = L::or(nan, L::unordered(v0, v1));
                let (m0, m1) = (L::better::<MAX>(v0, b0), L::better::<MAX>(v1, b1));
                b0 = L::blend(b0, v0, m0);
                b1 = L::blend(b1, v1, m1);
                i0 = L::blend_positions(i0, c0, m0);
                i1 = L::blend_positions(i1, c1, m1);
                k += 2 * w;
            }
            let tail = &xs[k..];
            #[allow(clippy::eq_op)]
            if L::any(nan) || tail.iter().any(|v| v != v) {
                #[allow(clippy::eq_op)]
                return xs.iter().position(|v| v != v).expect("a NaN was seen");
            }
            // Lane j of the first vector holds positions ≡ j, of the second ≡ j + w (mod
            // 2w): each finished on its own, the lower position wins a tie between them.
            let (e0, p0) = L::finish::<MAX>(b0, i0);
            let (e1, p1) = L::finish::<MAX>(b1, i1);
            let better = |v: L::E, b: L::E| if MAX { v > b } else { v < b };
            let (mut best, mut pos) = if better(e1, e0) || (e1 == e0 && p1 < p0) {
                (e1, p1)
            } else {
                (e0, p0)
            };
            for (j, &v) in tail.iter().enumerate() {
                if better(v, best) {
                    best = v;
                    pos = k + j;
                }
            }
            pos
        }
    }

    /// [`super::arg_best_slices`] for one slice after another.
    ///
    /// # Safety
    /// [`super::arg_best_slices`]'s contract, and the CPU supports `L`'s tier.
    #[inline(always)]
    unsafe fn slices<L: Lanes, const MAX: bool>(
        x: *const L::E,
        ls: isize,
        n: usize,
        count: usize,
        out: *mut MaybeUninit<usize>,
        lo: isize,
    ) {
        for s in 0..count as isize {
            // SAFETY: the caller's contract.
            unsafe {
                let xs = std::slice::from_raw_parts(x.offset(s * ls), n);
                (*out.offset(s * lo)).write(arg_best::<L, MAX>(xs));
            }
        }
    }

    /// [`slices`] compiled for AVX2.
    ///
    /// # Safety
    /// As [`slices`], on a CPU with AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn slices_avx2<L: Lanes, const MAX: bool>(
        x: *const L::E,
        ls: isize,
        n: usize,
        count: usize,
        out: *mut MaybeUninit<usize>,
        lo: isize,
    ) {
        // SAFETY: the caller's contract.
        unsafe { slices::<L, MAX>(x, ls, n, count, out, lo) }
    }

    /// The best of `lanes` (value, position) and the lowest position holding it: the lane
    /// combine of the AVX2 tier, which has no reductions across a vector.
    #[inline(always)]
    fn finish_lanes<E: Copy + PartialOrd, const MAX: bool>(
        lanes: impl Iterator<Item = (E, usize)>,
    ) -> (E, usize) {
        lanes
            .reduce(|(b, i), (v, j)| {
                let better = if MAX { v > b } else { v < b };
                if better || (v == b && j < i) {
                    (v, j)
                } else {
                    (b, i)
                }
            })
            .expect("a vector has lanes")
    }

    /// Four `f64` in an AVX2 register.
    pub(super) struct F64x4;
    /// Eight `f32` in an AVX2 register.
    pub(super) struct F32x8;

    impl Lanes for F64x4 {
        type E = f64;
        type V = __m256d;
        type I = __m256i;
        type M = __m256d;
        const W: usize = 4;
        #[inline(always)]
        unsafe fn load(p: *const f64) -> __m256d {
            // SAFETY: the caller reads 4 elements at `p`.
            unsafe { _mm256_loadu_pd(p) }
        }
        #[inline(always)]
        unsafe fn positions(k: usize) -> __m256i {
            // SAFETY: AVX2, the caller's contract.
            unsafe { _mm256_add_epi64(_mm256_set1_epi64x(k as i64), _mm256_set_epi64x(3, 2, 1, 0)) }
        }
        #[inline(always)]
        unsafe fn step(w: usize) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_set1_epi64x(w as i64) }
        }
        #[inline(always)]
        unsafe fn add(a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_add_epi64(a, b) }
        }
        #[inline(always)]
        unsafe fn better<const MAX: bool>(v: __m256d, b: __m256d) -> __m256d {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe {
                if MAX {
                    _mm256_cmp_pd::<_CMP_GT_OQ>(v, b)
                } else {
                    _mm256_cmp_pd::<_CMP_LT_OQ>(v, b)
                }
            }
        }
        #[inline(always)]
        unsafe fn unordered(a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_cmp_pd::<_CMP_UNORD_Q>(a, b) }
        }
        #[inline(always)]
        unsafe fn or(m: __m256d, n: __m256d) -> __m256d {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_or_pd(m, n) }
        }
        #[inline(always)]
        unsafe fn any(m: __m256d) -> bool {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_movemask_pd(m) != 0 }
        }
        #[inline(always)]
        unsafe fn blend(b: __m256d, v: __m256d, m: __m256d) -> __m256d {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_blendv_pd(b, v, m) }
        }
        #[inline(always)]
        unsafe fn blend_positions(i: __m256i, c: __m256i, m: __m256d) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe {
                let (i, c) = (_mm256_castsi256_pd(i), _mm256_castsi256_pd(c));
                _mm256_castpd_si256(_mm256_blendv_pd(i, c, m))
            }
        }
        #[inline(always)]
        unsafe fn finish<const MAX: bool>(b: __m256d, i: __m256i) -> (f64, usize) {
            let (mut v, mut p) = ([0f64; 4], [0i64; 4]);
            // SAFETY: the CPU has this tier's features (the trait's contract); each store
            // writes one vector into a local array of the same size.
            unsafe {
                _mm256_storeu_pd(v.as_mut_ptr(), b);
                _mm256_storeu_si256(p.as_mut_ptr().cast(), i);
            }
            finish_lanes::<f64, MAX>(v.into_iter().zip(p.map(|p| p as usize)))
        }
    }

    impl Lanes for F32x8 {
        type E = f32;
        type V = __m256;
        type I = __m256i;
        type M = __m256;
        const W: usize = 8;
        #[inline(always)]
        unsafe fn load(p: *const f32) -> __m256 {
            // SAFETY: the caller reads 8 elements at `p`.
            unsafe { _mm256_loadu_ps(p) }
        }
        #[inline(always)]
        unsafe fn positions(k: usize) -> __m256i {
            // SAFETY: AVX2, the caller's contract (positions fit
            // in an i32: the dispatcher checks the slice length).
            unsafe {
                _mm256_add_epi32(
                    _mm256_set1_epi32(k as i32),
                    _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0),
                )
            }
        }
        #[inline(always)]
        unsafe fn step(w: usize) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_set1_epi32(w as i32) }
        }
        #[inline(always)]
        unsafe fn add(a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_add_epi32(a, b) }
        }
        #[inline(always)]
        unsafe fn better<const MAX: bool>(v: __m256, b: __m256) -> __m256 {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe {
                if MAX {
                    _mm256_cmp_ps::<_CMP_GT_OQ>(v, b)
                } else {
                    _mm256_cmp_ps::<_CMP_LT_OQ>(v, b)
                }
            }
        }
        #[inline(always)]
        unsafe fn unordered(a: __m256, b: __m256) -> __m256 {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_cmp_ps::<_CMP_UNORD_Q>(a, b) }
        }
        #[inline(always)]
        unsafe fn or(m: __m256, n: __m256) -> __m256 {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_or_ps(m, n) }
        }
        #[inline(always)]
        unsafe fn any(m: __m256) -> bool {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_movemask_ps(m) != 0 }
        }
        #[inline(always)]
        unsafe fn blend(b: __m256, v: __m256, m: __m256) -> __m256 {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe { _mm256_blendv_ps(b, v, m) }
        }
        #[inline(always)]
        unsafe fn blend_positions(i: __m256i, c: __m256i, m: __m256) -> __m256i {
            // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
            unsafe {
                let (i, c) = (_mm256_castsi256_ps(i), _mm256_castsi256_ps(c));
                _mm256_castps_si256(_mm256_blendv_ps(i, c, m))
            }
        }
        #[inline(always)]
        unsafe fn finish<const MAX: bool>(b: __m256, i: __m256i) -> (f32, usize) {
            let (mut v, mut p) = ([0f32; 8], [0i32; 8]);
            // SAFETY: the CPU has this tier's features (the trait's contract); each store
            // writes one vector into a local array of the same size.
            unsafe {
                _mm256_storeu_ps(v.as_mut_ptr(), b);
                _mm256_storeu_si256(p.as_mut_ptr().cast(), i);
            }
            finish_lanes::<f32, MAX>(v.into_iter().zip(p.map(|p| p as usize)))
        }
    }

    /// The AVX-512 tier: compiled where the compiler has its intrinsics (Rust 1.89; see
    /// `build.rs`), which is newer than the crate's MSRV, hence the lint's allowance.
    #[cfg(einarray_avx512_intrinsics)]
    #[allow(clippy::incompatible_msrv)]
    pub(super) mod avx512 {
        use super::{slices, Lanes};
        use std::arch::x86_64::*;
        use std::mem::MaybeUninit;

        /// [`slices`] compiled for AVX-512.
        ///
        /// # Safety
        /// As [`slices`], on a CPU with AVX-512 F, DQ and VL.
        #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
        pub(crate) unsafe fn slices_avx512<L: Lanes, const MAX: bool>(
            x: *const L::E,
            ls: isize,
            n: usize,
            count: usize,
            out: *mut MaybeUninit<usize>,
            lo: isize,
        ) {
            // SAFETY: the caller's contract.
            unsafe { slices::<L, MAX>(x, ls, n, count, out, lo) }
        }

        /// Eight `f64` in an AVX-512 register.
        pub(crate) struct F64x8;
        /// Sixteen `f32` in an AVX-512 register.
        pub(crate) struct F32x16;

        impl Lanes for F64x8 {
            type E = f64;
            type V = __m512d;
            type I = __m512i;
            type M = __mmask8;
            const W: usize = 8;
            #[inline(always)]
            unsafe fn load(p: *const f64) -> __m512d {
                // SAFETY: the caller reads 8 elements at `p`.
                unsafe { _mm512_loadu_pd(p) }
            }
            #[inline(always)]
            unsafe fn positions(k: usize) -> __m512i {
                // SAFETY: AVX-512 F/DQ/VL, the caller's contract.
                unsafe {
                    _mm512_add_epi64(
                        _mm512_set1_epi64(k as i64),
                        _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0),
                    )
                }
            }
            #[inline(always)]
            unsafe fn step(w: usize) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_set1_epi64(w as i64) }
            }
            #[inline(always)]
            unsafe fn add(a: __m512i, b: __m512i) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_add_epi64(a, b) }
            }
            #[inline(always)]
            unsafe fn better<const MAX: bool>(v: __m512d, b: __m512d) -> __mmask8 {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe {
                    if MAX {
                        _mm512_cmp_pd_mask::<_CMP_GT_OQ>(v, b)
                    } else {
                        _mm512_cmp_pd_mask::<_CMP_LT_OQ>(v, b)
                    }
                }
            }
            #[inline(always)]
            unsafe fn unordered(a: __m512d, b: __m512d) -> __mmask8 {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_cmp_pd_mask::<_CMP_UNORD_Q>(a, b) }
            }
            #[inline(always)]
            unsafe fn or(m: __mmask8, n: __mmask8) -> __mmask8 {
                m | n
            }
            #[inline(always)]
            unsafe fn any(m: __mmask8) -> bool {
                m != 0
            }
            #[inline(always)]
            unsafe fn blend(b: __m512d, v: __m512d, m: __mmask8) -> __m512d {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_mask_blend_pd(m, b, v) }
            }
            #[inline(always)]
            unsafe fn blend_positions(i: __m512i, c: __m512i, m: __mmask8) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_mask_blend_epi64(m, i, c) }
            }
            #[inline(always)]
            unsafe fn finish<const MAX: bool>(b: __m512d, i: __m512i) -> (f64, usize) {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe {
                    let best = if MAX {
                        _mm512_reduce_max_pd(b)
                    } else {
                        _mm512_reduce_min_pd(b)
                    };
                    let hit = _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(b, _mm512_set1_pd(best));
                    (best, _mm512_mask_reduce_min_epi64(hit, i) as usize)
                }
            }
        }

        impl Lanes for F32x16 {
            type E = f32;
            type V = __m512;
            type I = __m512i;
            type M = __mmask16;
            const W: usize = 16;
            #[inline(always)]
            unsafe fn load(p: *const f32) -> __m512 {
                // SAFETY: the caller reads 16 elements at `p`.
                unsafe { _mm512_loadu_ps(p) }
            }
            #[inline(always)]
            unsafe fn positions(k: usize) -> __m512i {
                // SAFETY: AVX-512 F/DQ/VL, the caller's contract
                // (positions fit in an i32: the dispatcher checks the slice length).
                unsafe {
                    let lanes =
                        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
                    _mm512_add_epi32(_mm512_set1_epi32(k as i32), lanes)
                }
            }
            #[inline(always)]
            unsafe fn step(w: usize) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_set1_epi32(w as i32) }
            }
            #[inline(always)]
            unsafe fn add(a: __m512i, b: __m512i) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_add_epi32(a, b) }
            }
            #[inline(always)]
            unsafe fn better<const MAX: bool>(v: __m512, b: __m512) -> __mmask16 {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe {
                    if MAX {
                        _mm512_cmp_ps_mask::<_CMP_GT_OQ>(v, b)
                    } else {
                        _mm512_cmp_ps_mask::<_CMP_LT_OQ>(v, b)
                    }
                }
            }
            #[inline(always)]
            unsafe fn unordered(a: __m512, b: __m512) -> __mmask16 {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(a, b) }
            }
            #[inline(always)]
            unsafe fn or(m: __mmask16, n: __mmask16) -> __mmask16 {
                m | n
            }
            #[inline(always)]
            unsafe fn any(m: __mmask16) -> bool {
                m != 0
            }
            #[inline(always)]
            unsafe fn blend(b: __m512, v: __m512, m: __mmask16) -> __m512 {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_mask_blend_ps(m, b, v) }
            }
            #[inline(always)]
            unsafe fn blend_positions(i: __m512i, c: __m512i, m: __mmask16) -> __m512i {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe { _mm512_mask_blend_epi32(m, i, c) }
            }
            #[inline(always)]
            unsafe fn finish<const MAX: bool>(b: __m512, i: __m512i) -> (f32, usize) {
                // SAFETY: the CPU has this tier's features (the trait's contract; checked at run time).
                unsafe {
                    let best = if MAX {
                        _mm512_reduce_max_ps(b)
                    } else {
                        _mm512_reduce_min_ps(b)
                    };
                    let hit = _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(b, _mm512_set1_ps(best));
                    (best, _mm512_mask_reduce_min_epi32(hit, i) as usize)
                }
            }
        }
    }
}

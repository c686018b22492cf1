//! The strided loop engine every element-wise operation runs on.
//!
//! An operation that does not care in which order it visits elements (fill, map in place,
//! assign, copy into a fresh array) hands its operands' layouts to [`walk1`]/[`walk2`]. They drop
//! length-1 axes, order the rest so the destination's smallest stride is innermost, merge axes
//! that are contiguous in every operand, and call the lane function once per innermost run with
//! its pointers, strides and length. The lane function has no index arithmetic in it, and for
//! unit strides it works on slices, which the compiler vectorizes.
//!
//! Copies between layouts whose fastest axes differ (a transpose, an F-order array raveled in C
//! order) are tiled so both sides stay in cache ([`walk2_tiled`]).
//!
//! # Unsafe code here
//!
//! - `walk1`, `walk2` and `walk2_tiled` are `unsafe fn`s that offset raw pointers by the
//!   plan's lane offsets and view unit-stride lanes as slices; callers promise invariants 1–3
//!   for every operand and a unique destination disjoint from the source (invariant 4).
//! - `dispatch` and `dispatch_avx2` call `#[target_feature]` functions only after
//!   `kernel::has_avx2` / `kernel::has_avx512` detect the features at run time.
//! - `prefetch_ahead` issues a prefetch, which reads nothing observable and never faults.

/// The widest tier the `EINARRAY_SIMD` environment variable allows: `scalar` (the compilation
/// target's baseline), `avx2`, or `avx512` (the default: whatever the CPU has). Read once, at
/// the first dispatch, so every tier's code path can be tested on a CPU that has a wider one
/// (CI runs the kernel tests at each tier the machine has). An unknown value panics there, with
/// the values it accepts: a typo must not silently test the wrong tier. faer's GEMM kernels
/// dispatch on their own and are not capped.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn simd_cap() -> u8 {
    static CAP: std::sync::OnceLock<u8> = std::sync::OnceLock::new();
    *CAP.get_or_init(|| {
        let value = std::env::var("EINARRAY_SIMD").unwrap_or_default();
        parse_simd_cap(&value).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The tier an `EINARRAY_SIMD` value allows: 0 baseline, 1 AVX2, 2 AVX-512 (empty: no cap).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn parse_simd_cap(value: &str) -> Result<u8, String> {
    match value {
        "" | "avx512" => Ok(2),
        "avx2" => Ok(1),
        "scalar" | "baseline" => Ok(0),
        other => Err(format!(
            "EINARRAY_SIMD={other:?}: expected `scalar`, `avx2` or `avx512` (the widest tier \
             einarray's loops may use)"
        )),
    }
}

/// Whether the CPU has AVX2 and FMA (cached by the standard library after the first call), and
/// `EINARRAY_SIMD` allows them.
#[inline]
pub(crate) fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
            && simd_cap() >= 1
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Runs `body` compiled for AVX-512 (F, DQ, VL) when the CPU has it, else for AVX2 + FMA, else
/// for the baseline target: the element loops inside `body` (inlined into it) get the widest
/// vectors without requiring `-C target-cpu=native`. Results are the same either way (no fused
/// multiply-adds are formed from separate multiplies and adds).
#[inline(always)]
pub(crate) fn dispatch<R>(body: impl FnOnce() -> R) -> R {
    dispatch_long(DISPATCH_MIN, body)
}

/// Loops shorter than this skip the run-time CPU dispatch (its call, about 2 ns, costs more
/// than a short loop gains from wider vectors).
pub(crate) const DISPATCH_MIN: usize = 32;

/// [`dispatch`] for a loop of `n` steps: in the widest tier when `n >= DISPATCH_MIN`, else as
/// compiled. Short loops and CPUs without the wider tiers share one baseline copy of `body`
/// (three copies in all, not four: each costs compile time at every `tensor!` line).
#[inline(always)]
pub(crate) fn dispatch_long<R>(n: usize, body: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if n >= DISPATCH_MIN {
        #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
        unsafe fn avx512<R>(body: impl FnOnce() -> R) -> R {
            body()
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2<R>(body: impl FnOnce() -> R) -> R {
            body()
        }
        if has_avx512() {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { avx512(body) };
        }
        if has_avx2() {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { avx2(body) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = n;
    body()
}

/// [`dispatch`] without the AVX-512 tier, for loops measured slower with it (the
/// matrix–vector kernel: 324 µs with AVX2, 411 µs with AVX-512 on `kron_mvm_40x40`).
#[inline(always)]
pub(crate) fn dispatch_avx2<R>(body: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2<R>(body: impl FnOnce() -> R) -> R {
            body()
        }
        if has_avx2() {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { avx2(body) };
        }
    }
    body()
}

/// How far ahead of a streaming read to prefetch, in bytes. This machine's hardware
/// prefetcher keeps too few lines in flight for one stream. On einsum's 64 MB `ijk->` sum,
/// 16 KiB ahead measured best (1.22–1.28 ms; none 1.59, 4 KiB 1.37, 32 KiB 1.30: the one-off
/// A/B in BENCHMARKS.md § One-off experiments). The same hint measured no gain in
/// `x.sum()`, whose loop already runs in the widest SIMD tier.
pub(crate) const PREFETCH_BYTES: usize = 16 << 10;

/// Asks the cache for the line [`PREFETCH_BYTES`] after `p` (a hint: no effect on memory or on
/// the program's behaviour, at any address). Callers ask once per 8 elements read: once per
/// cache line for 8-byte elements, more often (harmlessly) for smaller ones.
#[inline(always)]
pub(crate) fn prefetch_ahead<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program can observe and never faults.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (p as *const i8).wrapping_add(PREFETCH_BYTES),
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Whether the CPU has AVX-512 (F, DQ, VL) as well as AVX2 and FMA, and `EINARRAY_SIMD` allows
/// it.
#[inline]
pub(crate) fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        has_avx2()
            && simd_cap() >= 2
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512dq")
            && std::is_x86_feature_detected!("avx512vl")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// An axis plan for up to `K` operands: lengths and per-operand strides, innermost last.
pub(crate) struct Plan<const N: usize, const K: usize> {
    ndim: usize,
    shape: [usize; N],
    strides: [[isize; N]; K],
}

impl<const N: usize, const K: usize> Plan<N, K> {
    /// Orders axes by the first operand's |stride| (largest outside) and merges what merges.
    pub(crate) fn new(shape: &[usize; N], strides: [[isize; N]; K]) -> Self {
        let mut axes = [0usize; N];
        let mut ndim = 0;
        for k in 0..N {
            if shape[k] != 1 {
                axes[ndim] = k;
                ndim += 1;
            }
        }
        let key = |k: usize| {
            let mut key = [0usize; K];
            for (op, s) in strides.iter().enumerate() {
                key[op] = s[k].unsigned_abs();
            }
            key
        };
        // Stable: equal keys keep C order, which also keeps broadcast (zero-stride) axes outside.
        axes[..ndim].sort_by_key(|&a| std::cmp::Reverse(key(a)));
        let mut plan = Plan {
            ndim: 0,
            shape: [0; N],
            strides: [[0; N]; K],
        };
        for &k in &axes[..ndim] {
            let d = plan.ndim;
            let merges = d > 0
                && (0..K).all(|op| plan.strides[op][d - 1] == strides[op][k] * shape[k] as isize);
            if merges {
                plan.shape[d - 1] *= shape[k];
                for op in 0..K {
                    plan.strides[op][d - 1] = strides[op][k];
                }
            } else {
                plan.shape[d] = shape[k];
                for op in 0..K {
                    plan.strides[op][d] = strides[op][k];
                }
                plan.ndim += 1;
            }
        }
        plan
    }

    /// Calls `lane(offsets, strides, len)` for every innermost run, outer axes as an odometer.
    pub(crate) fn for_each_lane(&self, mut lane: impl FnMut([isize; K], [isize; K], usize)) {
        if self.shape[..self.ndim].contains(&0) {
            return;
        }
        if self.ndim == 0 {
            lane([0; K], [0; K], 1);
            return;
        }
        let inner = self.ndim - 1;
        let len = self.shape[inner];
        let mut inner_strides = [0isize; K];
        for op in 0..K {
            inner_strides[op] = self.strides[op][inner];
        }
        let mut index = [0usize; N];
        let mut offsets = [0isize; K];
        loop {
            lane(offsets, inner_strides, len);
            // Advance the odometer over axes 0..inner.
            let mut d = inner;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                index[d] += 1;
                for op in 0..K {
                    offsets[op] += self.strides[op][d];
                }
                if index[d] < self.shape[d] {
                    break;
                }
                for op in 0..K {
                    offsets[op] -= self.strides[op][d] * self.shape[d] as isize;
                }
                index[d] = 0;
            }
        }
    }
}

/// Calls `f` on every element of one operand, in memory-friendly order.
///
/// # Safety
/// `ptr` with `shape`/`strides` must satisfy the layout invariants (crate::layout) for reads
/// and writes of `T` through `*mut T` for the duration of the call, with unique addresses.
pub(crate) unsafe fn walk1<T, const N: usize>(
    ptr: *mut T,
    shape: &[usize; N],
    strides: &[isize; N],
    f: impl FnMut(&mut T),
) {
    let plan = Plan::new(shape, [*strides]);
    // SAFETY: forwarded from the caller.
    dispatch_long(shape.iter().product(), move || unsafe {
        walk1_plan(ptr, &plan, f)
    });
}

/// The loops of [`walk1`].
///
/// # Safety
/// As [`walk1`], `plan` made from its layout.
#[inline(always)]
unsafe fn walk1_plan<T, const N: usize>(ptr: *mut T, plan: &Plan<N, 1>, mut f: impl FnMut(&mut T)) {
    plan.for_each_lane(|[off], [st], len| {
        // SAFETY: every offset the plan produces is an in-bounds element offset of the layout.
        let p = unsafe { ptr.offset(off) };
        if st == 1 {
            // SAFETY: a unit-stride lane of `len` in-bounds elements is a valid slice, and
            // uniqueness means no other reference to it exists during the call.
            unsafe { std::slice::from_raw_parts_mut(p, len) }
                .iter_mut()
                .for_each(&mut f);
        } else {
            for i in 0..len {
                // SAFETY: as above, element `i` of the lane is in bounds.
                f(unsafe { &mut *p.offset(i as isize * st) });
            }
        }
    });
}

/// Calls `f(dst, src)` on every pair of elements at the same index, in the order best for `dst`.
///
/// # Safety
/// `dst` must be valid for unique writes and `src` for reads under their layouts (crate::layout),
/// both of `shape`, and the two must not overlap (or be exactly the same elements if `f` allows).
pub(crate) unsafe fn walk2<A, B, const N: usize>(
    dst: *mut A,
    dst_strides: &[isize; N],
    src: *const B,
    src_strides: &[isize; N],
    shape: &[usize; N],
    mut f: impl FnMut(&mut A, &B),
) {
    let plan = Plan::new(shape, [*dst_strides, *src_strides]);
    plan.for_each_lane(|[od, os], [sd, ss], len| {
        // SAFETY: offsets and lanes are in bounds of both layouts by construction of the plan.
        let (pd, ps) = unsafe { (dst.offset(od), src.offset(os)) };
        if sd == 1 && ss == 1 {
            // SAFETY: unit-stride lanes are slices; dst is unique and disjoint from src.
            let (d, s) = unsafe {
                (
                    std::slice::from_raw_parts_mut(pd, len),
                    std::slice::from_raw_parts(ps, len),
                )
            };
            dispatch(|| d.iter_mut().zip(s).for_each(|(d, s)| f(d, s)));
        } else {
            for i in 0..len {
                // SAFETY: element `i` of each lane is in bounds.
                unsafe {
                    f(
                        &mut *pd.offset(i as isize * sd),
                        &*ps.offset(i as isize * ss),
                    )
                };
            }
        }
    });
}

/// Side of the square tiles a layout-changing copy works in (64: 1–11 % faster than 32 on the
/// 2048² copies of `benches/core.rs`, BENCHMARKS.md § One-off experiments). Under Miri, 8: the
/// same code on copies small enough for it to check in seconds.
const TILE: usize = if cfg!(miri) { 8 } else { 64 };

/// [`walk2`] for copies: tiles the two layouts' fastest axes when they differ (a transpose),
/// so that neither side streams through memory at a large stride.
///
/// # Safety
/// As [`walk2`].
pub(crate) unsafe fn walk2_tiled<A, B, const N: usize>(
    dst: *mut A,
    dst_strides: &[isize; N],
    src: *const B,
    src_strides: &[isize; N],
    shape: &[usize; N],
    mut f: impl FnMut(&mut A, &B),
) {
    let fastest = |strides: &[isize; N]| {
        (0..N)
            .filter(|&k| shape[k] > 1)
            .min_by_key(|&k| strides[k].unsigned_abs())
    };
    match (fastest(dst_strides), fastest(src_strides)) {
        (Some(a), Some(b)) if a != b && shape[a] >= TILE && shape[b] >= TILE => {
            // Tile axes a (fast in dst) and b (fast in src); every other axis is an outer loop.
            let mut outer_shape = *shape;
            outer_shape[a] = 1;
            outer_shape[b] = 1;
            let outer = Plan::new(&outer_shape, [*dst_strides, *src_strides]);
            let (da, db, sa, sb) = (
                dst_strides[a],
                dst_strides[b],
                src_strides[a],
                src_strides[b],
            );
            outer.for_each_lane(|[od, os], [sd, ss], len| {
                for i in 0..len as isize {
                    // SAFETY: `od + i·sd` is an in-bounds offset of the outer plan, and the tile
                    // loops below stay inside axes a and b.
                    let (pd, ps) = unsafe { (dst.offset(od + i * sd), src.offset(os + i * ss)) };
                    for b0 in (0..shape[b]).step_by(TILE) {
                        for a0 in (0..shape[a]).step_by(TILE) {
                            for j in b0..(b0 + TILE).min(shape[b]) {
                                for k in a0..(a0 + TILE).min(shape[a]) {
                                    let (k, j) = (k as isize, j as isize);
                                    // SAFETY: k < shape[a], j < shape[b]: in bounds.
                                    unsafe {
                                        f(
                                            &mut *pd.offset(k * da + j * db),
                                            &*ps.offset(k * sa + j * sb),
                                        )
                                    };
                                }
                            }
                        }
                    }
                }
            });
        }
        // SAFETY: forwarded from the caller.
        _ => unsafe { walk2(dst, dst_strides, src, src_strides, shape, f) },
    }
}

/// Visits element offsets of a layout in logical C order (the order of `iter`), lane by lane.
pub(crate) fn for_each_offset_c<const N: usize>(
    shape: &[usize; N],
    strides: &[isize; N],
    mut f: impl FnMut(isize),
) {
    // No reordering: merge only axes already contiguous in C order.
    let mut plan = Plan::<N, 1> {
        ndim: 0,
        shape: [0; N],
        strides: [[0; N]],
    };
    for k in 0..N {
        let d = plan.ndim;
        if d > 0 && plan.strides[0][d - 1] == strides[k] * shape[k] as isize {
            plan.shape[d - 1] *= shape[k];
            plan.strides[0][d - 1] = strides[k];
        } else {
            plan.shape[d] = shape[k];
            plan.strides[0][d] = strides[k];
            plan.ndim += 1;
        }
    }
    plan.for_each_lane(|[off], [st], len| {
        for i in 0..len as isize {
            f(off + i * st);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simd_cap_values() {
        assert_eq!(parse_simd_cap(""), Ok(2));
        assert_eq!(parse_simd_cap("avx512"), Ok(2));
        assert_eq!(parse_simd_cap("avx2"), Ok(1));
        assert_eq!(parse_simd_cap("scalar"), Ok(0));
        assert_eq!(
            parse_simd_cap("sse").unwrap_err(),
            "EINARRAY_SIMD=\"sse\": expected `scalar`, `avx2` or `avx512` (the widest tier \
             einarray's loops may use)"
        );
    }

    #[test]
    fn plan_merges_contiguous_axes() {
        let p = Plan::new(&[2, 3, 4], [[12, 4, 1]]);
        assert_eq!((p.ndim, p.shape[0], p.strides[0][0]), (1, 24, 1));
        let p = Plan::new(&[2, 3, 4], [[1, 2, 6]]);
        assert_eq!((p.ndim, p.shape[0]), (1, 24));
        let p = Plan::new(&[3, 4], [[4, 1], [1, 3]]);
        assert_eq!(p.ndim, 2);
        assert_eq!(p.strides, [[4, 1], [1, 3]]);
    }

    #[test]
    fn c_order_offsets() {
        let mut seen = vec![];
        for_each_offset_c(&[2, 3], &[1, 2], |o| seen.push(o));
        assert_eq!(seen, vec![0, 2, 4, 1, 3, 5]);
        let mut seen = vec![];
        for_each_offset_c(&[0, 3], &[3, 1], |o| seen.push(o));
        assert!(seen.is_empty());
        let mut seen = vec![];
        for_each_offset_c::<0>(&[], &[], |o| seen.push(o));
        assert_eq!(seen, vec![0]);
    }

    #[test]
    fn tiled_copy_transposes() {
        // Both at least one tile, with partial tiles.
        let (r, c) = if cfg!(miri) {
            (19, 11)
        } else {
            (150usize, 70usize)
        };
        let src: Vec<u32> = (0..(r * c) as u32).collect();
        let mut dst = vec![0u32; r * c];
        // dst[j, i] = src[i, j]: dst is (c, r) C-order, read src transposed.
        // SAFETY: both layouts address exactly the r·c elements of their own vectors.
        unsafe {
            walk2_tiled(
                dst.as_mut_ptr(),
                &[r as isize, 1],
                src.as_ptr(),
                &[1, c as isize],
                &[c, r],
                |d, s| *d = *s,
            )
        };
        for j in 0..c {
            for i in 0..r {
                assert_eq!(dst[j * r + i], src[i * c + j]);
            }
        }
    }
}

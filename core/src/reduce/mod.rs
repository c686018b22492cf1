//! Reductions and scans: `sum`, `mean`, `var`, `max`, `argmax`, `any`, … over the whole array or
//! along an axis, and the folds and scans every binary operation can use
//! ([`View::fold_axis`], [`View::accumulate_axis`], NumPy's `ufunc.reduce`/`ufunc.accumulate`).
//!
//! An axis is written as NumPy users write it ([`crate::IntoAxis`]): `Axis(k)`, a plain integer,
//! negative from the end (`-1` is the last axis), or `Ax::<K>`, checked when the call compiles.
//! A reduction along an axis (`sum_axis`) returns an array with that axis removed; its
//! `_keepdims` twin (`sum_keepdims`) keeps it with length 1, NumPy's `keepdims=True`, so the
//! result broadcasts against the input:
//!
//! ```
//! use einarray::prelude::*;
//! let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
//! assert_eq!(x.sum(), 15.0);
//! assert_eq!(x.sum_axis(Axis(0)).to_vec(), vec![3.0, 5.0, 7.0]);
//! let row_max = x.max_keepdims(-1);      // shape (2, 1)
//! let shifted = &x - &row_max;          // softmax's first step
//! assert_eq!(shifted.to_vec(), vec![-2.0, -1.0, 0.0, -2.0, -1.0, 0.0]);
//! ```
//!
//! Results are laid out in the input's memory order, as NumPy's (`order='K'`): a reduction of
//! an F-ordered array is F-ordered. `argmax`/`argmin` results are C-ordered, as NumPy's.
//!
//! # The loops
//!
//! The reduced array is walked in its own memory order (its smallest stride innermost), so a
//! C-ordered matrix summed along axis 0 adds whole contiguous rows into the output, and summed
//! along axis 1 folds each contiguous row with eight independent accumulators. Whole-array sums
//! use the same lanes. Along one output element, elements are visited in increasing index
//! order, so `argmax` returns the first maximum, as NumPy does. Sums of floating-point numbers
//! may differ from NumPy's in the last bits: NumPy sums pairwise, einarray in eight lanes.
//!
//! # Unsafe code here
//!
//! - the private `Reducer::lane` and the axis folds and scans read a view's lanes through raw
//!   pointers at offsets from `kernel::Plan` (invariants 1–3 of the source view).
//! - outputs are fresh `alloc::uninit_vec` buffers of the dense output size, made valid by
//!   `view::assume_init_vec` once written, then checked by `Array::from_vec_layout`.
//! - the in-place scan takes `&mut` of slab `j` and `&` of slab `j - 1` of a fresh copy,
//!   disjoint because an `Array` repeats no element (invariant 4).
//! - `arg_simd` (argmax/argmin of contiguous `f64`/`f32` slices in AVX2 and AVX-512) casts
//!   `*const T` to `*const f64`/`*const f32` after matching the type's id, and loads whole
//!   vectors only where a slice has that many elements left.

mod arg_simd;

use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::kernel::Plan;
use crate::layout::{dense_strides_like, Axis, IntoAxis, Layout, Order};
use crate::rank::{Down, Rank, Up};
use crate::shape::Shape;
use crate::view::{assume_init_vec, AsView, View, ViewMut};
use crate::Array;
use num_traits::{Float, One, Zero};
use std::mem::MaybeUninit;
use std::ops::{Add, Mul};

/// How one reduction folds elements into an accumulator.
trait Reducer<T, A> {
    /// `acc ← acc ⊕ x`.
    fn step(&mut self, acc: &mut A, x: &T);

    /// Whether whole-row folds (`acc[j] ⊕= x[j]` along a row) run in the widest SIMD tier:
    /// they vectorize for plain values, not for the arg reductions' records.
    const VECTOR_ROWS: bool = true;

    /// Folds a lane of `len` elements from `x` at `stride`.
    ///
    /// # Safety
    /// Every `x + i·stride` for `i < len` is a readable `T`.
    #[inline]
    unsafe fn lane(&mut self, acc: &mut A, x: *const T, stride: isize, len: usize) {
        for i in 0..len as isize {
            // SAFETY: i < len, in bounds by the caller's contract.
            self.step(acc, unsafe { &*x.offset(i * stride) });
        }
    }
}

/// A reducer from a closure.
struct Fold<F>(F);

impl<T, A, F: FnMut(&mut A, &T)> Reducer<T, A> for Fold<F> {
    #[inline]
    fn step(&mut self, acc: &mut A, x: &T) {
        (self.0)(acc, x)
    }
}

/// `+` with eight independent accumulators on a lane (latency-bound otherwise).
struct SumReducer;

impl<T: Zero + Add<Output = T> + Copy> Reducer<T, T> for SumReducer {
    #[inline]
    fn step(&mut self, acc: &mut T, x: &T) {
        *acc = *acc + *x;
    }

    #[inline]
    unsafe fn lane(&mut self, acc: &mut T, x: *const T, stride: isize, len: usize) {
        let mut lanes = [T::zero(); 8];
        let chunks = len / 8;
        if stride == 1 {
            // SAFETY: a unit-stride lane of `len` readable elements is a slice.
            let xs = unsafe { std::slice::from_raw_parts(x, len) };
            for c in xs.chunks_exact(8) {
                for (l, &v) in lanes.iter_mut().zip(c) {
                    *l = *l + v;
                }
            }
        } else {
            for c in 0..chunks as isize {
                for (l, a) in lanes.iter_mut().enumerate() {
                    // SAFETY: index 8c + l < len.
                    *a = *a + unsafe { *x.offset((8 * c + l as isize) * stride) };
                }
            }
        }
        let mut total = lanes.into_iter().fold(T::zero(), |s, a| s + a);
        for i in chunks * 8..len {
            // SAFETY: i < len.
            total = total + unsafe { *x.offset(i as isize * stride) };
        }
        *acc = *acc + total;
    }
}

/// `max`/`min` (NumPy's, NaN-propagating): `better(x, acc)` replaces the accumulator, and a
/// NaN replaces it and stays. Contiguous lanes fold eight at a time in the widest SIMD tier.
struct Best<F>(F);

impl<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool> Reducer<T, T> for Best<F> {
    #[inline]
    fn step(&mut self, acc: &mut T, x: &T) {
        #[allow(clippy::eq_op)]
        if (self.0)(x, acc) || x != x {
            *acc = x.clone();
        }
    }

    #[inline]
    unsafe fn lane(&mut self, acc: &mut T, x: *const T, stride: isize, len: usize) {
        if stride == 1 && len >= 16 {
            // SAFETY: a unit-stride lane of `len` readable elements is a slice.
            let xs = unsafe { std::slice::from_raw_parts(x, len) };
            let best = best_of_tiered(xs, &self.0);
            self.step(acc, &best);
        } else {
            for i in 0..len as isize {
                // SAFETY: i < len, in bounds by the caller's contract.
                self.step(acc, unsafe { &*x.offset(i * stride) });
            }
        }
    }
}

/// The first NaN of `xs`, if any: an or-reduction (vectorized) before a scan for the
/// position, so slices without NaN pay one cheap pass.
#[inline(always)]
fn first_nan<T: PartialOrd>(xs: &[T]) -> Option<usize> {
    #[allow(clippy::eq_op)]
    let any = xs.iter().fold(false, |n, v| n | (v != v));
    #[allow(clippy::eq_op)]
    any.then(|| xs.iter().position(|v| v != v).expect("a NaN was seen"))
}

/// The best of `xs` (`len ≥ 8`) by `better`, NaN if any is NaN: the NaN check first, then
/// eight independent running bests (a compare and a blend per element, the pattern of a
/// vector max/min), combined at the end.
#[inline(always)]
fn best_of<T: PartialOrd + Clone>(xs: &[T], better: &impl Fn(&T, &T) -> bool) -> T {
    if let Some(k) = first_nan(xs) {
        return xs[k].clone();
    }
    let mut acc: [T; 8] = std::array::from_fn(|i| xs[i].clone());
    let rest = &xs[8..];
    let mut chunks = rest.chunks_exact(8);
    for c in &mut chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            let t = better(x, a);
            *a = if t { x.clone() } else { a.clone() };
        }
    }
    let mut best = acc[0].clone();
    for x in acc[1..].iter().chain(chunks.remainder()) {
        if better(x, &best) {
            best = x.clone();
        }
    }
    best
}

/// The position of the first best element of `xs` (`len ≥ 8`) by `better`, or of the first
/// NaN: NumPy's `argmax`/`argmin` of a contiguous slice, in passes that vectorize: the NaN
/// check, the best value ([`best_of`]'s running bests), then the first chunk of eight holding
/// it (a compare and an or-reduction per chunk) and its position there.
#[inline(always)]
fn arg_best_of<T: PartialOrd + Clone>(xs: &[T], better: &impl Fn(&T, &T) -> bool) -> usize {
    if let Some(k) = first_nan(xs) {
        return k;
    }
    let best = best_of(xs, better);
    let mut base = 0;
    for c in xs.chunks(8) {
        if c.iter().fold(false, |f, v| f | (*v == best)) {
            return base
                + c.iter()
                    .position(|v| *v == best)
                    .expect("seen in this chunk");
        }
        base += c.len();
    }
    unreachable!("the best value is one of the slice's")
}

/// `$name`: `$inner` compiled for each SIMD tier and picked at run time when `$len` (the
/// elements it will touch) reaches `kernel::DISPATCH_MIN`. `kernel::dispatch` relies on its
/// closure being inlined into the tier's function, which LLVM declined for these loops (they
/// stayed scalar, 2–4× slower); here the `#[inline(always)]` inner function is inlined into
/// each `#[target_feature]` function directly. `unsafe` wrappers keep their inner function's
/// contract.
macro_rules! tiered {
    (fn $name:ident = $inner:ident($($p:ident: $t:ty),*) $(-> $ret:ty)?; len $len:expr) => {
        tiered!(@ [] $name $inner ($($p: $t),*) ($($ret)?) $len);
    };
    (unsafe fn $name:ident = $inner:ident($($p:ident: $t:ty),*) $(-> $ret:ty)?; len $len:expr) => {
        tiered!(@ [unsafe] $name $inner ($($p: $t),*) ($($ret)?) $len);
    };
    (@ [$($q:tt)*] $name:ident $inner:ident ($($p:ident: $t:ty),*) ($($ret:ty)?) $len:expr) => {
        #[inline]
        $($q)* fn $name<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool>($($p: $t),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
                unsafe fn avx512<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool>(
                    $($p: $t),*
                ) $(-> $ret)? {
                    // SAFETY: the wrapper's contract, if it has one.
                    #[allow(unused_unsafe)]
                    unsafe { $inner($($p),*) }
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool>(
                    $($p: $t),*
                ) $(-> $ret)? {
                    // SAFETY: as above.
                    #[allow(unused_unsafe)]
                    unsafe { $inner($($p),*) }
                }
                if $len >= crate::kernel::DISPATCH_MIN {
                    if crate::kernel::has_avx512() {
                        // SAFETY: the CPU supports the features the function is compiled for;
                        // the wrapper's contract, if it has one.
                        return unsafe { avx512($($p),*) };
                    }
                    if crate::kernel::has_avx2() {
                        // SAFETY: as above.
                        return unsafe { avx2($($p),*) };
                    }
                }
            }
            // SAFETY: the wrapper's contract, if it has one.
            #[allow(unused_unsafe)]
            unsafe { $inner($($p),*) }
        }
    };
}
tiered!(fn best_of_tiered = best_of(xs: &[T], better: &F) -> T; len xs.len());
tiered!(fn arg_best_of_tiered = arg_best_of(xs: &[T], better: &F) -> usize; len xs.len());

/// For `s < count`: `out[s·lo]` = [`arg_best_of`] of the `n` elements at `x + s·ls`; many
/// slices per call, so the SIMD tier is picked once per lane of slices, not per slice.
///
/// # Safety
/// Each `x + s·ls + t` (`s < count`, `t < n`) is readable, and each `out + s·lo` writable and
/// distinct.
#[inline(always)]
unsafe fn arg_best_slices<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool>(
    x: *const T,
    ls: isize,
    n: usize,
    count: usize,
    out: *mut MaybeUninit<usize>,
    lo: isize,
    better: &F,
) {
    for s in 0..count as isize {
        // SAFETY: the caller's contract.
        unsafe {
            let xs = std::slice::from_raw_parts(x.offset(s * ls), n);
            (*out.offset(s * lo)).write(arg_best_of(xs, better));
        }
    }
}

tiered!(unsafe fn arg_best_slices_tiered = arg_best_slices(
    x: *const T, ls: isize, n: usize, count: usize, out: *mut MaybeUninit<usize>, lo: isize,
    better: &F
); len n * count);

/// For `t < bi.len()`: `bi[t]` = the row `i < n` of the first best `x[i·row + t]` by
/// `better` (the first NaN if there is one): the arg reductions along a non-contiguous axis,
/// the best values so far in a block buffer, each row compared and blended into it.
///
/// # Safety
/// `x + i·row + t` is a readable element for every `i < n` and `t < bi.len()`.
#[inline(always)]
unsafe fn arg_rows<T: PartialOrd + Clone, F: Fn(&T, &T) -> bool>(
    bi: &mut [usize],
    x: *const T,
    row: usize,
    n: usize,
    better: &F,
) {
    #[allow(clippy::eq_op)]
    let take = |v: &T, b: &T| (b == b) & ((v != v) | better(v, b));
    let len = bi.len();
    // SAFETY: row `i < n`, elements `t < len`: readable by the caller's contract.
    let line = |i: usize| unsafe { std::slice::from_raw_parts(x.add(i * row), len) };
    let mut best: Vec<T> = line(0).to_vec();
    bi.fill(0);
    for i in 1..n {
        for ((b, k), v) in best.iter_mut().zip(bi.iter_mut()).zip(line(i)) {
            let t = take(v, b);
            *b = if t { v.clone() } else { b.clone() };
            *k = if t { i } else { *k };
        }
    }
}

tiered!(unsafe fn arg_rows_tiered = arg_rows(
    bi: &mut [usize], x: *const T, row: usize, n: usize, better: &F
); len bi.len());

/// Folds every element of `src` into one accumulator, in memory order.
fn fold_all<T, A, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    mut acc: A,
    r: &mut impl Reducer<T, A>,
) -> A {
    let (ptr, layout) = (src.as_ptr(), src.layout());
    Plan::new(&layout.shape, [layout.strides]).for_each_lane(|[o], [s], len| {
        // SAFETY: the plan's lanes are in bounds of the view.
        unsafe { r.lane(&mut acc, ptr.offset(o), s, len) };
    });
    acc
}

/// Folds `src` along `axis` into a new array of `src`'s shape with that axis of length 1,
/// starting every output element from `init`. With `skip_first`, index 0 of the axis is the
/// initial value instead (NumPy's reduce without identity); the axis must not be empty then.
fn fold_axis_keep<T, A: Clone, const N: usize, S: Shape<N>, R: Reducer<T, A>>(
    src: View<'_, T, N, S>,
    axis: usize,
    init: impl Fn(&T) -> A,
    skip_first: bool,
    r: &mut R,
) -> Array<A, N> {
    let layout = src.layout();
    let mut out_shape = layout.shape;
    out_shape[axis] = 1;
    // NumPy's order='K': an F-ordered source gives an F-ordered result.
    let out_strides = dense_strides_like(&out_shape, &layout);
    let size: usize = out_shape.iter().product();
    let mut data: Vec<MaybeUninit<A>> = crate::alloc::uninit_vec(size);
    if size > 0 {
        debug_assert!(layout.shape[axis] > 0, "callers handle empty axes");
        // Start from index 0 along the axis: `init(x[…, 0, …])`.
        // SAFETY: the first slab has the source's strides and shape except on `axis`, where it
        // keeps index 0 only, so every offset is in bounds of `src`; `data` is fresh.
        unsafe {
            crate::kernel::walk2(
                data.as_mut_ptr(),
                &out_strides,
                src.as_ptr(),
                &layout.strides,
                &out_shape,
                |d: &mut MaybeUninit<A>, x: &T| {
                    d.write(init(x));
                },
            )
        };
    }
    // SAFETY: every element was initialised above (or there are none).
    let mut data = unsafe { assume_init_vec(data) };
    // The rest of the axis (or all of it).
    let start = usize::from(skip_first);
    let n = layout.shape[axis];
    // A C-ordered source seen as (outer, n, inner): row `i` of block `o` is the contiguous
    // run of `inner` elements at `(o·n + i)·inner`, and the output (C-ordered too) holds
    // block `o` at `o·inner`.
    let inner: usize = layout.shape[axis + 1..].iter().product();
    if n > start && size > 0 && inner >= 8 && layout.is_c_contiguous() && R::VECTOR_ROWS {
        // The reduced axis is not the last: fold the rows of each block into its output
        // block piece by piece, so the output piece stays in L1 while every row adds into
        // it, each element in row order as below. One SIMD-tier call per piece, its length
        // all the rows' (per row, rows of 64 would stay under `DISPATCH_MIN`, in the
        // baseline tier).
        const BLOCK: usize = 2048;
        let x = src.as_ptr();
        for (o, block) in data.chunks_exact_mut(inner).enumerate() {
            let mut j0 = 0;
            while j0 < inner {
                let len = BLOCK.min(inner - j0);
                let d = &mut block[j0..j0 + len];
                crate::kernel::dispatch_long((n - start) * len, || {
                    for i in start..n {
                        // SAFETY: the source is C-contiguous (checked above, in release
                        // builds) with `size / inner` blocks of `n` rows of `inner` elements,
                        // and `o < size / inner`, so row `i < n` of block `o`, elements
                        // `j0..j0 + len ≤ inner`, are in bounds.
                        let row = unsafe {
                            std::slice::from_raw_parts(x.add((o * n + i) * inner + j0), len)
                        };
                        for (d, x) in d.iter_mut().zip(row) {
                            r.step(d, x);
                        }
                    }
                });
                j0 += len;
            }
        }
    } else if n > start && size > 0 {
        let mut rest = layout;
        rest.shape[axis] = n - start;
        let mut dst = out_strides;
        dst[axis] = 0;
        // SAFETY: `start < n`, so the offset is in bounds.
        let base = unsafe { src.as_ptr().offset(start as isize * layout.strides[axis]) };
        let out = data.as_mut_ptr();
        // One plan over the source, the output's stride 0 on the reduced axis. When that axis
        // is outside the source's contiguous one, each step of it adds a whole source row into
        // the output row, one row after another. 4096² f64 along axis 0: 3.8 ms, against 4.1–4.4
        // ms folding eight rows per step (BENCHMARKS.md § One-off experiments).
        Plan::new(&rest.shape, [rest.strides, dst]).for_each_lane(|[os, od], [ss, sd], len| {
            // SAFETY: the plan's offsets are in bounds of the source (shifted by `start`) and
            // of the output (zero stride on the reduced axis); the output is a fresh buffer.
            unsafe {
                let (ps, pd) = (base.offset(os), out.offset(od));
                if sd == 1 && ss == 1 {
                    // A whole row into the output row: the source is read as one sequential
                    // stream, prefetched well ahead, and the output row stays in cache; in
                    // the widest SIMD tier.
                    let d = std::slice::from_raw_parts_mut(pd, len);
                    let x = std::slice::from_raw_parts(ps, len);
                    let mut rows = || {
                        for (dc, xc) in d.chunks_mut(8).zip(x.chunks(8)) {
                            crate::kernel::prefetch_ahead(xc.as_ptr());
                            for (d, x) in dc.iter_mut().zip(xc) {
                                r.step(d, x);
                            }
                        }
                    };
                    if R::VECTOR_ROWS {
                        crate::kernel::dispatch_long(len, rows);
                    } else {
                        rows();
                    }
                } else if sd == 0 {
                    r.lane(&mut *pd, ps, ss, len);
                } else {
                    for i in 0..len as isize {
                        r.step(&mut *pd.offset(i * sd), &*ps.offset(i * ss));
                    }
                }
            }
        });
    }
    Array::from_vec_layout(
        data,
        Layout {
            shape: out_shape,
            strides: out_strides,
        },
    )
}

/// `shape` without axis `axis` (`M = N - 1`).
fn without_axis<X: Copy, const N: usize, const M: usize>(shape: &[X; N], axis: usize) -> [X; M] {
    std::array::from_fn(|k| shape[if k < axis { k } else { k + 1 }])
}

/// `a` (rank `N`, axis `axis` of length 1) as rank `M = N - 1`, dropping that axis; the other
/// axes keep their strides, so the memory order stays.
fn drop_axis<A, const N: usize, const M: usize>((a, axis): (Array<A, N>, usize)) -> Array<A, M> {
    let (data, layout) = a.into_raw_parts();
    debug_assert_eq!(layout.shape[axis], 1);
    let layout = Layout {
        shape: without_axis::<_, N, M>(&layout.shape, axis),
        strides: without_axis::<_, N, M>(&layout.strides, axis),
    };
    Array::from_vec_layout(data, layout)
}

fn no_identity(op: &str, name: &str) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "{op}: zero-size array to reduction operation {name} which has no identity"
    )
}

/// Folds along `axis` starting from a clone of `init` (the reduction's identity), keeping the
/// axis with length 1; returns the resolved axis too.
fn fold_identity<T, A: Clone, const N: usize, S: Shape<N>>(
    op: &str,
    src: View<'_, T, N, S>,
    axis: impl IntoAxis,
    init: A,
    r: &mut impl Reducer<T, A>,
) -> Result<(Array<A, N>, usize), ShapeError> {
    let axis = axis.resolve::<N>(op)?.0;
    let mut shape = src.shape();
    if shape[axis] == 0 {
        shape[axis] = 1;
        let filled = crate::alloc::filled_vec(shape.iter().product(), init);
        return Ok((
            Array::from_vec_layout(filled, Layout::dense(shape, Order::C)),
            axis,
        ));
    }
    // Start every output at the identity, then fold the whole axis.
    Ok((fold_axis_keep(src, axis, |_| init.clone(), false, r), axis))
}

/// Folds along `axis` starting from index 0 (no identity: an empty axis is an error), keeping
/// the axis with length 1; returns the resolved axis too.
fn fold_first<T: Clone, const N: usize, S: Shape<N>>(
    op: &str,
    name: &str,
    src: View<'_, T, N, S>,
    axis: impl IntoAxis,
    r: &mut impl Reducer<T, T>,
) -> Result<(Array<T, N>, usize), ShapeError> {
    let axis = axis.resolve::<N>(op)?.0;
    let mut shape = src.shape();
    if shape[axis] == 0 {
        // NumPy raises even when the result would be empty too.
        return Err(no_identity(op, name));
    }
    if shape.contains(&0) {
        // Empty output: nothing to reduce.
        shape[axis] = 1;
        return Ok((
            Array::from_vec_layout(Vec::new(), Layout::dense(shape, Order::C)),
            axis,
        ));
    }
    Ok((fold_axis_keep(src, axis, |x: &T| x.clone(), true, r), axis))
}

/// NumPy's `argmax` accumulator: best value, its index, and the count so far.
#[derive(Clone)]
struct ArgBest<T> {
    best: Option<T>,
    index: usize,
    seen: usize,
}

/// `better(x, best)`: whether `x` replaces the current best.
struct ArgReducer<F>(F);

impl<T: Clone + PartialOrd, F: Fn(&T, &T) -> bool> Reducer<T, ArgBest<T>> for ArgReducer<F> {
    // 157 µs as compiled, 565 µs in the AVX-512 tier (argmax along the middle axis of
    // 4×8×64×64 f64; benches/ports.rs): the records do not vectorize.
    const VECTOR_ROWS: bool = false;

    /// A contiguous lane in one vectorizable pass ([`arg_best_of`]), then compared with what
    /// came before as [`Reducer::step`] would.
    #[inline]
    unsafe fn lane(&mut self, acc: &mut ArgBest<T>, x: *const T, stride: isize, len: usize) {
        if stride != 1 || len < 16 {
            for i in 0..len as isize {
                // SAFETY: i < len, in bounds by the caller's contract.
                self.step(acc, unsafe { &*x.offset(i * stride) });
            }
            return;
        }
        // SAFETY: a unit-stride lane of `len` readable elements is a slice.
        let xs = unsafe { std::slice::from_raw_parts(x, len) };
        let pos = arg_best_of_tiered(xs, &self.0);
        let best = xs[pos].clone();
        // The lane's best against what came before, as `step` would compare them.
        #[allow(clippy::eq_op)]
        let take = match &acc.best {
            None => true,
            Some(b) => b == b && (best != best || (self.0)(&best, b)),
        };
        if take {
            acc.index = acc.seen + pos;
            acc.best = Some(best);
        }
        acc.seen += len;
    }

    #[inline]
    fn step(&mut self, acc: &mut ArgBest<T>, x: &T) {
        #[allow(clippy::eq_op)]
        let take = match &acc.best {
            None => true,
            // The first NaN wins and stays (NumPy); otherwise a strictly better value.
            Some(b) => b == b && (x != x || (self.0)(x, b)),
        };
        if take {
            acc.best = Some(x.clone());
            acc.index = acc.seen;
        }
        acc.seen += 1;
    }
}

/// The reductions, written once for `View` and forwarded to `Array` and `ViewMut`.
macro_rules! reductions {
    ($(
        $(#[$meta:meta])*
        fn $name:ident[$($g:tt)*]($s:ident $(, $arg:ident: $argty:ty)*) -> $ret:ty where [$($w:tt)*] $body:block
    )*) => {
        impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
            $(
                $(#[$meta])*
                pub fn $name<$($g)*>($s, $($arg: $argty),*) -> $ret where $($w)* $body
            )*
        }
        reductions!(@forward [T, const N: usize, S: Shape<N>] Array<T, N, S>;
            $(fn $name[$($g)*]($($arg: $argty),*) -> $ret where [$($w)*];)*);
        reductions!(@forward ['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>;
            $(fn $name[$($g)*]($($arg: $argty),*) -> $ret where [$($w)*];)*);
    };
    (@forward [$($ig:tt)*] $ty:ty;
        $(fn $name:ident[$($g:tt)*]($($arg:ident: $argty:ty),*) -> $ret:ty where [$($w:tt)*];)*) => {
        impl<$($ig)*> $ty {
            $(
                #[doc = concat!("See [`View::", stringify!($name), "`].")]
                #[track_caller]
                pub fn $name<$($g)*>(&self, $($arg: $argty),*) -> $ret where $($w)* {
                    self.view().$name($($arg),*)
                }
            )*
        }
    };
}

reductions! {
    /// The sum of all elements (`np.sum`); 0 for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i64, 1>::arange(5);
    /// assert_eq!(x.sum(), 10);
    /// assert_eq!(x.slice(s![..0]).sum(), 0);
    /// ```
    fn sum[](self) -> T where [T: Zero + Add<Output = T> + Copy] {
        fold_all(self, T::zero(), &mut SumReducer)
    }

    /// Sums along `axis`, removing it (`np.sum(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(x.sum_axis(Axis(0)).to_vec(), vec![3, 5, 7]);
    /// assert_eq!(x.sum_axis(Axis(1)).to_vec(), vec![3, 12]);
    /// ```
    fn sum_axis[const M: usize](self, axis: impl IntoAxis) -> Array<T, M>
        where [T: Zero + Add<Output = T> + Copy, Rank<N>: Down<M>]
    {
        drop_axis(unwrap_or_panic(fold_identity("sum_axis", self, axis, T::zero(), &mut SumReducer)))
    }

    /// Sums along `axis`, keeping it with length 1 (`np.sum(x, axis=k, keepdims=True)`), so the
    /// result broadcasts against `self`.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    /// let total = x.sum_keepdims(-1);
    /// assert_eq!(total.shape(), [2, 1]);
    /// assert_eq!((&x / &total).sum_axis(-1).to_vec(), vec![1.0, 1.0]); // rows normalised
    /// ```
    fn sum_keepdims[](self, axis: impl IntoAxis) -> Array<T, N>
        where [T: Zero + Add<Output = T> + Copy]
    {
        unwrap_or_panic(fold_identity("sum_keepdims", self, axis, T::zero(), &mut SumReducer)).0
    }

    /// The product of all elements (`np.prod`); 1 for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i64, 1>::from_vec(vec![1, 2, 3, 4]);
    /// assert_eq!(x.prod(), 24);
    /// ```
    fn prod[](self) -> T where [T: One + Mul<Output = T> + Copy] {
        fold_all(self, T::one(), &mut Fold(|a: &mut T, x: &T| *a = *a * *x))
    }

    /// Multiplies along `axis`, removing it (`np.prod(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange_step(1, 7, 1).into_reshape([2, 3]);
    /// assert_eq!(x.prod_axis(Axis(1)).to_vec(), vec![6, 120]);
    /// ```
    fn prod_axis[const M: usize](self, axis: impl IntoAxis) -> Array<T, M>
        where [T: One + Mul<Output = T> + Copy, Rank<N>: Down<M>]
    {
        let mut r = Fold(|a: &mut T, x: &T| *a = *a * *x);
        drop_axis(unwrap_or_panic(fold_identity("prod_axis", self, axis, T::one(), &mut r)))
    }

    /// Multiplies along `axis`, keeping it with length 1 (`np.prod(x, axis=k, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange_step(1, 7, 1).into_reshape([2, 3]);
    /// assert_eq!(x.prod_keepdims(0).to_vec(), vec![4, 10, 18]);
    /// assert_eq!(x.prod_keepdims(0).shape(), [1, 3]);
    /// ```
    fn prod_keepdims[](self, axis: impl IntoAxis) -> Array<T, N>
        where [T: One + Mul<Output = T> + Copy]
    {
        let mut r = Fold(|a: &mut T, x: &T| *a = *a * *x);
        unwrap_or_panic(fold_identity("prod_keepdims", self, axis, T::one(), &mut r)).0
    }

    /// The arithmetic mean (`np.mean`); NaN for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, 2.0, 6.0]);
    /// assert_eq!(x.mean(), 3.0);
    /// ```
    fn mean[](self) -> T where [T: Float] {
        self.sum() / T::from(self.len()).unwrap()
    }

    /// The mean along `axis`, removing it (`np.mean(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    /// assert_eq!(x.mean_axis(Axis(0)).to_vec(), vec![1.5, 2.5, 3.5]);
    /// ```
    fn mean_axis[const M: usize](self, axis: impl IntoAxis) -> Array<T, M>
        where [T: Float, Rank<N>: Down<M>]
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("mean_axis")).0;
        drop_axis((self.mean_keepdims(Axis(axis)), axis))
    }

    /// The mean along `axis`, keeping it with length 1 (`np.mean(x, axis=k, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    /// let centred = &x - &x.mean_keepdims(1);
    /// assert_eq!(centred.to_vec(), vec![-1.0, 0.0, 1.0, -1.0, 0.0, 1.0]);
    /// ```
    fn mean_keepdims[](self, axis: impl IntoAxis) -> Array<T, N>
        where [T: Float]
    {
        let (mut s, axis) = unwrap_or_panic(fold_identity("mean_keepdims", self, axis, T::zero(), &mut SumReducer));
        let n = T::from(self.shape()[axis]).unwrap();
        s.map_inplace(|x| *x = *x / n);
        s
    }

    /// The variance with `ddof` delta degrees of freedom (`np.var(x, ddof=…)`: the sum of
    /// squared deviations divided by `max(n - ddof, 0)`, so NaN or infinite when `ddof >= n`,
    /// as in NumPy).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(x.var(0), 1.25);
    /// assert_eq!(x.var(1), 5.0 / 3.0);
    /// ```
    fn var[](self, ddof: usize) -> T where [T: Float] {
        let m = self.mean();
        let ss = fold_all(self, T::zero(), &mut Fold(|a: &mut T, x: &T| *a = *a + (*x - m) * (*x - m)));
        ss / dof(self.len(), ddof)
    }

    /// The standard deviation with `ddof` (`np.std`): the square root of [`View::var`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    /// assert_eq!(x.std(0), 2.0);
    /// ```
    fn std[](self, ddof: usize) -> T where [T: Float] {
        self.var(ddof).sqrt()
    }

    /// The variance along `axis` with `ddof`, removing the axis.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::from_shape_vec([2, 2], vec![1.0, 2.0, 3.0, 6.0]).unwrap();
    /// assert_eq!(x.var_axis(Axis(1), 0).to_vec(), vec![0.25, 2.25]);
    /// ```
    fn var_axis[const M: usize](self, axis: impl IntoAxis, ddof: usize) -> Array<T, M>
        where [T: Float, Rank<N>: Down<M>]
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("var_axis")).0;
        drop_axis((self.var_keepdims(Axis(axis), ddof), axis))
    }

    /// The variance along `axis` with `ddof`, keeping the axis with length 1
    /// (`np.var(x, axis=k, ddof=…, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::from_shape_vec([2, 2], vec![1.0, 2.0, 3.0, 6.0]).unwrap();
    /// let v = x.var_keepdims(-1, 0);
    /// assert_eq!((v.shape(), v.to_vec()), ([2, 1], vec![0.25, 2.25]));
    /// ```
    fn var_keepdims[](self, axis: impl IntoAxis, ddof: usize) -> Array<T, N>
        where [T: Float]
    {
        let axis = unwrap_or_panic(axis.resolve::<N>("var_keepdims")).0;
        let keep = fold_axis_keep_mean(self, axis);
        let dev: Array<T, N> = unwrap_or_panic(crate::zip::try_zip_views(
            "var_axis",
            self,
            keep.view(),
            |x: &T, m: &T| (*x - *m) * (*x - *m),
        ));
        let mut s = dev.view().sum_keepdims(Axis(axis));
        let n = dof(self.shape()[axis], ddof);
        s.map_inplace(|x| *x = *x / n);
        s
    }

    /// The standard deviation along `axis` with `ddof`, removing the axis.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::from_shape_vec([2, 2], vec![1.0, 3.0, 3.0, 7.0]).unwrap();
    /// assert_eq!(x.std_axis(Axis(1), 0).to_vec(), vec![1.0, 2.0]);
    /// ```
    fn std_axis[const M: usize](self, axis: impl IntoAxis, ddof: usize) -> Array<T, M>
        where [T: Float, Rank<N>: Down<M>]
    {
        let mut v: Array<T, M> = self.var_axis(axis, ddof);
        v.map_inplace(|x| *x = x.sqrt());
        v
    }

    /// The standard deviation along `axis` with `ddof`, keeping the axis with length 1
    /// (`np.std(x, axis=k, ddof=…, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::from_shape_vec([2, 2], vec![1.0, 3.0, 3.0, 7.0]).unwrap();
    /// let z = &(&x - &x.mean_keepdims(1)) / &x.std_keepdims(1, 0); // standardised rows
    /// assert_eq!(z.to_vec(), vec![-1.0, 1.0, -1.0, 1.0]);
    /// ```
    fn std_keepdims[](self, axis: impl IntoAxis, ddof: usize) -> Array<T, N>
        where [T: Float]
    {
        let mut v = self.var_keepdims(axis, ddof);
        v.map_inplace(|x| *x = x.sqrt());
        v
    }

    /// The largest element (`np.max`); NaN if any element is NaN.
    ///
    /// # Panics
    /// On an empty array; see [`View::try_max`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::from_vec(vec![3, 9, 2]);
    /// assert_eq!(x.max(), 9);
    /// ```
    fn max[](self) -> T where [T: PartialOrd + Clone] {
        unwrap_or_panic(self.try_max())
    }

    /// [`View::max`], returning an error for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::zeros([0]);
    /// assert_eq!(
    ///     x.try_max().unwrap_err().to_string(),
    ///     "max: zero-size array to reduction operation maximum which has no identity"
    /// );
    /// ```
    fn try_max[](self) -> Result<T, ShapeError> where [T: PartialOrd + Clone] {
        let first = self.iter().next().ok_or_else(|| no_identity("max", "maximum"))?.clone();
        Ok(fold_all(self, first, &mut Best(|x: &T, a: &T| x > a)))
    }

    /// The smallest element (`np.min`); NaN if any element is NaN.
    ///
    /// # Panics
    /// On an empty array; see [`View::try_min`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::from_vec(vec![3, 9, 2]);
    /// assert_eq!(x.min(), 2);
    /// ```
    fn min[](self) -> T where [T: PartialOrd + Clone] {
        unwrap_or_panic(self.try_min())
    }

    /// [`View::min`], returning an error for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert!(Array::<i32, 1>::zeros([0]).try_min().is_err());
    /// ```
    fn try_min[](self) -> Result<T, ShapeError> where [T: PartialOrd + Clone] {
        let first = self.iter().next().ok_or_else(|| no_identity("min", "minimum"))?.clone();
        Ok(fold_all(self, first, &mut Best(|x: &T, a: &T| x < a)))
    }

    /// The largest element along `axis`, removing it; NaN where a NaN was met.
    ///
    /// # Panics
    /// When the axis is out of bounds or empty; see
    /// [`View::try_max_axis`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.max_axis(Axis(0)).to_vec(), vec![7, 8, 9]);
    /// ```
    fn max_axis[const M: usize](self, axis: impl IntoAxis) -> Array<T, M>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        unwrap_or_panic(self.try_max_axis(axis))
    }

    /// [`View::max_axis`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::zeros([0, 3]);
    /// assert_eq!(
    ///     x.try_max_axis::<1>(Axis(0)).unwrap_err().to_string(),
    ///     "max_axis: zero-size array to reduction operation maximum which has no identity"
    /// );
    /// ```
    fn try_max_axis[const M: usize](self, axis: impl IntoAxis) -> Result<Array<T, M>, ShapeError>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        fold_first("max_axis", "maximum", self, axis, &mut Best(|x: &T, a: &T| x > a)).map(drop_axis)
    }

    /// The largest element along `axis`, keeping the axis with length 1
    /// (`np.max(x, axis=k, keepdims=True)`): softmax's shift.
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    /// let shifted = &x - &x.max_keepdims(-1);
    /// assert_eq!(shifted.to_vec(), vec![-2.0, -1.0, 0.0, -2.0, -1.0, 0.0]);
    /// ```
    fn max_keepdims[](self, axis: impl IntoAxis) -> Array<T, N>
        where [T: PartialOrd + Clone]
    {
        unwrap_or_panic(fold_first("max_keepdims", "maximum", self, axis, &mut Best(|x: &T, a: &T| x > a))).0
    }

    /// The smallest element along `axis`, removing it; NaN where a NaN was met.
    ///
    /// # Panics
    /// When the axis is out of bounds or empty; see
    /// [`View::try_min_axis`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.min_axis(Axis(1)).to_vec(), vec![1, 2]);
    /// ```
    fn min_axis[const M: usize](self, axis: impl IntoAxis) -> Array<T, M>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        unwrap_or_panic(self.try_min_axis(axis))
    }

    /// [`View::min_axis`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert!(Array::<i32, 2>::zeros([2, 0]).try_min_axis::<1>(Axis(1)).is_err());
    /// ```
    fn try_min_axis[const M: usize](self, axis: impl IntoAxis) -> Result<Array<T, M>, ShapeError>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        fold_first("min_axis", "minimum", self, axis, &mut Best(|x: &T, a: &T| x < a)).map(drop_axis)
    }

    /// The smallest element along `axis`, keeping the axis with length 1
    /// (`np.min(x, axis=k, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.min_keepdims(0).to_vec(), vec![1, 2, 3]);
    /// assert_eq!(x.min_keepdims(0).shape(), [1, 3]);
    /// ```
    fn min_keepdims[](self, axis: impl IntoAxis) -> Array<T, N>
        where [T: PartialOrd + Clone]
    {
        unwrap_or_panic(fold_first("min_keepdims", "minimum", self, axis, &mut Best(|x: &T, a: &T| x < a))).0
    }

    /// The flat (C-order) index of the first largest element (`np.argmax`); the first NaN if
    /// there is one.
    ///
    /// # Panics
    /// On an empty array; see [`View::try_argmax`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 2], vec![1, 5, 9, 0]).unwrap();
    /// assert_eq!(x.argmax(), 2);
    /// assert_eq!(x.t().argmax(), 1); // C order of the transposed view
    /// ```
    fn argmax[](self) -> usize where [T: PartialOrd + Clone] {
        unwrap_or_panic(self.try_argmax())
    }

    /// [`View::argmax`], returning an error for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert!(Array::<f64, 1>::zeros([0]).try_argmax().is_err());
    /// ```
    fn try_argmax[](self) -> Result<usize, ShapeError> where [T: PartialOrd + Clone] {
        arg_all::<true, _, N, S>(self, "argmax")
    }

    /// The flat (C-order) index of the first smallest element (`np.argmin`); the first NaN if
    /// there is one.
    ///
    /// # Panics
    /// On an empty array; see [`View::try_argmin`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![3.0, -1.0, -1.0]);
    /// assert_eq!(x.argmin(), 1);
    /// ```
    fn argmin[](self) -> usize where [T: PartialOrd + Clone] {
        unwrap_or_panic(self.try_argmin())
    }

    /// [`View::argmin`], returning an error for an empty array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert_eq!(
    ///     Array::<f64, 1>::zeros([0]).try_argmin().unwrap_err().to_string(),
    ///     "argmin: attempt to get argmin of an empty sequence"
    /// );
    /// ```
    fn try_argmin[](self) -> Result<usize, ShapeError> where [T: PartialOrd + Clone] {
        arg_all::<false, _, N, S>(self, "argmin")
    }

    /// The index along `axis` of the first largest element, for every position of the other
    /// axes (`np.argmax(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.argmax_axis(Axis(0)).to_vec(), vec![1, 0, 1]);
    /// assert_eq!(x.argmax_axis(Axis(1)).to_vec(), vec![1, 2]);
    /// ```
    fn argmax_axis[const M: usize](self, axis: impl IntoAxis) -> Array<usize, M>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        drop_axis(unwrap_or_panic(arg_axis::<true, _, N, S>(self, "argmax_axis", axis)))
    }

    /// The index along `axis` of the first largest element, keeping the axis with length 1
    /// (`np.argmax(x, axis=k, keepdims=True)`), ready for [`View::take_along_axis`].
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// let i = x.argmax_keepdims(-1);
    /// assert_eq!(i.shape(), [2, 1]);
    /// assert_eq!(x.take_along_axis(&i, -1).to_vec(), vec![8, 9]);
    /// ```
    fn argmax_keepdims[](self, axis: impl IntoAxis) -> Array<usize, N>
        where [T: PartialOrd + Clone]
    {
        unwrap_or_panic(arg_axis::<true, _, N, S>(self, "argmax_keepdims", axis)).0
    }

    /// The index along `axis` of the first smallest element (`np.argmin(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.argmin_axis(Axis(1)).to_vec(), vec![0, 1]);
    /// ```
    fn argmin_axis[const M: usize](self, axis: impl IntoAxis) -> Array<usize, M>
        where [T: PartialOrd + Clone, Rank<N>: Down<M>]
    {
        drop_axis(unwrap_or_panic(arg_axis::<false, _, N, S>(self, "argmin_axis", axis)))
    }

    /// The index along `axis` of the first smallest element, keeping the axis with length 1
    /// (`np.argmin(x, axis=k, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// assert_eq!(x.argmin_keepdims(0).to_vec(), vec![0, 1, 0]);
    /// ```
    fn argmin_keepdims[](self, axis: impl IntoAxis) -> Array<usize, N>
        where [T: PartialOrd + Clone]
    {
        unwrap_or_panic(arg_axis::<false, _, N, S>(self, "argmin_keepdims", axis)).0
    }

    /// How many elements are not zero (`np.count_nonzero`): not equal to `T::default()`, which
    /// is `0`, `0.0` or `false` (NaN counts as nonzero, as in NumPy).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.0, 1.5, -0.0, f64::NAN]);
    /// assert_eq!(x.count_nonzero(), 2);
    /// ```
    fn count_nonzero[](self) -> usize where [T: Default + PartialEq] {
        let zero = T::default();
        fold_all(self, 0usize, &mut Fold(|a: &mut usize, x: &T| *a += usize::from(*x != zero)))
    }

    /// How many elements along `axis` are not zero, removing the axis.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![0, 1, 2, 0, 0, 3]).unwrap();
    /// assert_eq!(x.count_nonzero_axis(Axis(1)).to_vec(), vec![2, 1]);
    /// ```
    fn count_nonzero_axis[const M: usize](self, axis: impl IntoAxis) -> Array<usize, M>
        where [T: Default + PartialEq, Rank<N>: Down<M>]
    {
        let zero = T::default();
        let mut r = Fold(|a: &mut usize, x: &T| *a += usize::from(*x != zero));
        drop_axis(unwrap_or_panic(fold_identity("count_nonzero_axis", self, axis, 0usize, &mut r)))
    }

    /// How many elements along `axis` are not zero, keeping the axis with length 1
    /// (`np.count_nonzero(x, axis=k, keepdims=True)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![0, 1, 2, 0, 0, 3]).unwrap();
    /// assert_eq!(x.count_nonzero_keepdims(1).shape(), [2, 1]);
    /// ```
    fn count_nonzero_keepdims[](self, axis: impl IntoAxis) -> Array<usize, N>
        where [T: Default + PartialEq]
    {
        let zero = T::default();
        let mut r = Fold(|a: &mut usize, x: &T| *a += usize::from(*x != zero));
        unwrap_or_panic(fold_identity("count_nonzero_keepdims", self, axis, 0usize, &mut r)).0
    }

    /// Folds along `axis` with `f`, every output element starting from `init`; removes the axis
    /// (a reduction with an identity, like `np.add.reduce`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<u8, 1>::from_vec(vec![0b001, 0b100, 0b010, 0b001]).into_reshape([2, 2]);
    /// let ors = x.fold_axis(Axis(0), 0u8, |acc, v| *acc |= *v);
    /// assert_eq!(ors.to_vec(), vec![0b011, 0b101]);
    /// ```
    fn fold_axis[A: Clone, const M: usize](self, axis: impl IntoAxis, init: A, f: impl FnMut(&mut A, &T)) -> Array<A, M>
        where [Rank<N>: Down<M>]
    {
        drop_axis(unwrap_or_panic(fold_identity("fold_axis", self, axis, init, &mut Fold(f))))
    }

    /// Reduces along `axis` with a binary operation, starting from the first element
    /// (`ufunc.reduce` for operations without identity); removes the axis.
    ///
    /// # Panics
    /// When the axis is out of bounds or empty.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::from_shape_vec([2, 3], vec![1, 8, 3, 7, 2, 9]).unwrap();
    /// let m = x.reduce_axis(Axis(1), |a, b| if a > b { *a } else { *b });
    /// assert_eq!(m.to_vec(), vec![8, 9]);
    /// ```
    fn reduce_axis[const M: usize](self, axis: impl IntoAxis, f: impl FnMut(&T, &T) -> T) -> Array<T, M>
        where [T: Clone, Rank<N>: Down<M>]
    {
        unwrap_or_panic(self.try_reduce_axis(axis, f))
    }

    /// [`View::reduce_axis`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::zeros([0]);
    /// let r: Result<Array<i32, 0>, _> = x.try_reduce_axis(Axis(0), |a, b| a + b);
    /// assert_eq!(
    ///     r.unwrap_err().to_string(),
    ///     "reduce_axis: zero-size array to reduction operation reduce which has no identity"
    /// );
    /// ```
    fn try_reduce_axis[const M: usize](self, axis: impl IntoAxis, f: impl FnMut(&T, &T) -> T) -> Result<Array<T, M>, ShapeError>
        where [T: Clone, Rank<N>: Down<M>]
    {
        let mut f = f;
        fold_first("reduce_axis", "reduce", self, axis, &mut Fold(|a: &mut T, x: &T| *a = f(a, x))).map(drop_axis)
    }

    /// The running reduction along `axis` (`ufunc.accumulate`): element `i` is
    /// `f(…f(f(x[0], x[1]), x[2])…, x[i])`; same shape as the input.
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// // seed In [64]: np.bitwise_or.accumulate
    /// let x = Array::<i64, 1>::from_vec(vec![1, 2, 4, 8]);
    /// assert_eq!(x.accumulate_axis(Axis(0), |a, b| a | b).to_vec(), vec![1, 3, 7, 15]);
    /// let m = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(m.accumulate_axis(Axis(1), |a, b| a + b).to_vec(), vec![0, 1, 3, 3, 7, 12]);
    /// ```
    fn accumulate_axis[](self, axis: impl IntoAxis, f: impl FnMut(&T, &T) -> T) -> Array<T, N, S>
        where [T: Clone]
    {
        unwrap_or_panic(accumulate(self, axis, f))
    }

    /// The running sum along `axis`, same shape (`np.cumsum(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i64, 1>::arange(6).into_reshape([2, 3]);
    /// assert_eq!(x.cumsum_axis(-1).to_vec(), vec![0, 1, 3, 3, 7, 12]);
    /// assert_eq!(x.cumsum_axis(0).to_vec(), vec![0, 1, 2, 3, 5, 7]);
    /// ```
    fn cumsum_axis[](self, axis: impl IntoAxis) -> Array<T, N, S>
        where [T: Add<Output = T> + Copy]
    {
        unwrap_or_panic(accumulate(self, axis, |a: &T, b: &T| *a + *b))
    }

    /// The running sum of the elements in C order, flattened (`np.cumsum(x)`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    /// assert_eq!(x.t().cumsum().to_vec(), vec![0.0, 3.0, 4.0, 8.0, 10.0, 15.0]);
    /// ```
    fn cumsum[](self) -> Array<T, 1>
        where [T: Add<Output = T> + Copy]
    {
        scan_flat(self, |a: &T, b: &T| *a + *b)
    }

    /// The running product along `axis`, same shape (`np.cumprod(x, axis=k)`).
    ///
    /// # Panics
    /// When the axis is out of bounds.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i64, 1>::arange_step(1, 7, 1).into_reshape([2, 3]);
    /// assert_eq!(x.cumprod_axis(1).to_vec(), vec![1, 2, 6, 4, 20, 120]);
    /// ```
    fn cumprod_axis[](self, axis: impl IntoAxis) -> Array<T, N, S>
        where [T: Mul<Output = T> + Copy]
    {
        unwrap_or_panic(accumulate(self, axis, |a: &T, b: &T| *a * *b))
    }

    /// The running product of the elements in C order, flattened (`np.cumprod(x)`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![[1, 2], [3, 4]];
    /// assert_eq!(x.cumprod().to_vec(), vec![1, 2, 6, 24]);
    /// ```
    fn cumprod[](self) -> Array<T, 1>
        where [T: Mul<Output = T> + Copy]
    {
        scan_flat(self, |a: &T, b: &T| *a * *b)
    }
}

/// The running `f` over the elements in C order, as a 1-D array (`np.cumsum(x)` flattens).
fn scan_flat<T: Copy, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    f: impl Fn(&T, &T) -> T,
) -> Array<T, 1> {
    let mut out: Vec<T> = Vec::with_capacity(src.len());
    let mut it = src.iter();
    if let Some(&first) = it.next() {
        let mut acc = first;
        out.push(acc);
        for x in it {
            acc = f(&acc, x);
            out.push(acc);
        }
    }
    Array::from_vec(out)
}

/// `any`/`all` on boolean arrays.
macro_rules! bool_reductions {
    ($([$($g:tt)*] $ty:ty;)*) => {$(
        impl<$($g)*> $ty {
            /// Whether any element is `true` (`np.any`); `false` for an empty array.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<i32, 1>::arange(5);
            /// assert!(x.greater(&3).any());
            /// ```
            pub fn any(&self) -> bool {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                fold_all(v, false, &mut Fold(|a: &mut bool, x: &bool| *a |= *x))
            }
            /// Whether every element is `true` (`np.all`); `true` for an empty array.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<i32, 1>::arange(5);
            /// assert!(x.greater_equal(&0).all());
            /// ```
            pub fn all(&self) -> bool {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                fold_all(v, true, &mut Fold(|a: &mut bool, x: &bool| *a &= *x))
            }
            /// Whether any element along `axis` is `true`, removing the axis.
            ///
            /// # Panics
            /// When the axis is out of bounds.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<bool, 2>::from_shape_vec([2, 2], vec![true, false, false, false]).unwrap();
            /// assert_eq!(x.any_axis(Axis(1)).to_vec(), vec![true, false]);
            /// ```
            #[track_caller]
            pub fn any_axis<const M: usize>(&self, axis: impl IntoAxis) -> Array<bool, M>
            where
                Rank<N>: Down<M>,
            {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                let mut r = Fold(|a: &mut bool, x: &bool| *a |= *x);
                drop_axis(unwrap_or_panic(fold_identity("any_axis", v, axis, false, &mut r)))
            }
            /// Whether any element along `axis` is `true`, keeping the axis with length 1
            /// (`np.any(x, axis=k, keepdims=True)`).
            ///
            /// # Panics
            /// When the axis is out of bounds.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<bool, 2>::from_shape_vec([2, 2], vec![true, false, true, true]).unwrap();
            /// assert_eq!(x.any_keepdims(-1).shape(), [2, 1]);
            /// assert_eq!(x.any_keepdims(-1).to_vec(), vec![true, true]);
            /// ```
            #[track_caller]
            pub fn any_keepdims(&self, axis: impl IntoAxis) -> Array<bool, N> {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                let mut r = Fold(|a: &mut bool, x: &bool| *a |= *x);
                unwrap_or_panic(fold_identity("any_keepdims", v, axis, false, &mut r)).0
            }
            /// Whether every element along `axis` is `true`, removing the axis.
            ///
            /// # Panics
            /// When the axis is out of bounds.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<bool, 2>::from_shape_vec([2, 2], vec![true, false, true, true]).unwrap();
            /// assert_eq!(x.all_axis(Axis(0)).to_vec(), vec![true, false]);
            /// ```
            #[track_caller]
            pub fn all_axis<const M: usize>(&self, axis: impl IntoAxis) -> Array<bool, M>
            where
                Rank<N>: Down<M>,
            {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                let mut r = Fold(|a: &mut bool, x: &bool| *a &= *x);
                drop_axis(unwrap_or_panic(fold_identity("all_axis", v, axis, true, &mut r)))
            }
            /// Whether every element along `axis` is `true`, keeping the axis with length 1
            /// (`np.all(x, axis=k, keepdims=True)`).
            ///
            /// # Panics
            /// When the axis is out of bounds.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let x = Array::<bool, 2>::from_shape_vec([2, 2], vec![true, false, true, true]).unwrap();
            /// assert_eq!(x.all_keepdims(-1).shape(), [2, 1]);
            /// assert_eq!(x.all_keepdims(-1).to_vec(), vec![false, true]);
            /// ```
            #[track_caller]
            pub fn all_keepdims(&self, axis: impl IntoAxis) -> Array<bool, N> {
                let v: View<'_, bool, N, S> = AsView::as_view(self);
                let mut r = Fold(|a: &mut bool, x: &bool| *a &= *x);
                unwrap_or_panic(fold_identity("all_keepdims", v, axis, true, &mut r)).0
            }
        }
    )*};
}

bool_reductions! {
    [const N: usize, S: Shape<N>] Array<bool, N, S>;
    ['a, const N: usize, S: Shape<N>] View<'a, bool, N, S>;
    ['a, const N: usize, S: Shape<N>] ViewMut<'a, bool, N, S>;
}

/// NumPy's divisor of a variance: `max(n - ddof, 0)` (0 makes it NaN or inf, as NumPy).
fn dof<T: Float>(n: usize, ddof: usize) -> T {
    T::from(n.saturating_sub(ddof)).unwrap()
}

/// The mean along `axis` keeping it as length 1, for `var_axis`.
fn fold_axis_keep_mean<T: Float, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    axis: usize,
) -> Array<T, N> {
    let n = src.shape()[axis];
    if n == 0 || src.is_empty() {
        let mut shape = src.shape();
        shape[axis] = 1;
        return Array::full(shape, T::nan());
    }
    let mut keep = fold_axis_keep(src, axis, |_| T::zero(), false, &mut SumReducer);
    let n = T::from(n).unwrap();
    keep.map_inplace(|x| *x = *x / n);
    keep
}

fn arg_all<const MAX: bool, T: PartialOrd + Clone, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    op: &str,
) -> Result<usize, ShapeError> {
    if src.is_empty() {
        return Err(shape_err!(
            IncompatibleShape,
            "{op}: attempt to get {op} of an empty sequence"
        ));
    }
    let better = |x: &T, b: &T| if MAX { x > b } else { x < b };
    if let Some(xs) = src.as_slice() {
        // C-contiguous: the flat index is the position in memory.
        let mut at = MaybeUninit::uninit();
        // SAFETY: one slice of `xs.len()` readable elements, one writable output.
        if unsafe { arg_simd::arg_best_slices::<T, MAX>(xs.as_ptr(), 0, xs.len(), 1, &mut at, 0) } {
            // SAFETY: `arg_best_slices` wrote it (it returned true).
            return Ok(unsafe { at.assume_init() });
        }
        if xs.len() >= 16 {
            return Ok(arg_best_of_tiered(xs, &better));
        }
    }
    // Any other layout: C order matters for the index, so iterate logically.
    let mut acc = ArgBest {
        best: None,
        index: 0,
        seen: 0,
    };
    let mut r = ArgReducer(better);
    for x in src.iter() {
        r.step(&mut acc, x);
    }
    Ok(acc.index)
}

/// The arg-best index along `axis`, keeping the axis with length 1 (C order, as NumPy's
/// `argmax`); returns the resolved axis too.
fn arg_axis<const MAX: bool, T: PartialOrd + Clone, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    op: &str,
    axis: impl IntoAxis,
) -> Result<(Array<usize, N>, usize), ShapeError> {
    let better = |x: &T, b: &T| if MAX { x > b } else { x < b };
    let axis = axis.resolve::<N>(op)?;
    if src.shape()[axis.0] == 0 {
        return Err(shape_err!(
            IncompatibleShape,
            "{op}: attempt to get {} of an empty sequence",
            &op[..6]
        ));
    }
    let layout = src.layout();
    let n = layout.shape[axis.0];
    if layout.strides[axis.0] == 1 && n >= 16 {
        // The axis is contiguous: each output element is the arg-best of one slice, found in
        // two vectorized passes (`best_of`, then the first position holding it), written
        // straight into a C-ordered output.
        let mut out_shape = layout.shape;
        out_shape[axis.0] = 1;
        let out = Layout::dense(out_shape, Order::C);
        let mut data = crate::alloc::uninit_vec::<usize>(out.size());
        let (dp, sp) = (data.as_mut_ptr(), src.as_ptr());
        Plan::new(&out_shape, [layout.strides, out.strides]).for_each_lane(
            |[os, oo], [ls, lo], len| {
                // SAFETY: for `i < len`, `os + i·ls` starts a slice of `n` contiguous elements
                // of `src` (the plan's offsets are in bounds with index 0 on the reduced axis,
                // stride 1 along it, checked above in release builds); `oo + i·lo` is an
                // element of the fresh output, written once.
                unsafe {
                    let (x, out) = (sp.offset(os), dp.offset(oo));
                    if !arg_simd::arg_best_slices::<T, MAX>(x, ls, n, len, out, lo) {
                        arg_best_slices_tiered(x, ls, n, len, out, lo, &better)
                    }
                };
            },
        );
        // SAFETY: every element of the dense output was written once.
        let data = unsafe { assume_init_vec(data) };
        return Ok((Array::from_vec_layout(data, out), axis.0));
    }
    if layout.is_c_contiguous() && !src.is_empty() {
        // A C-ordered source seen as (outer, n, inner): for each outer index and each block
        // of `inner`, the best value and its position so far in two flat arrays, each row of
        // the reduced axis compared and blended into them (the first best wins; the first
        // NaN wins and stays, as `step`).
        const BLOCK: usize = 1024;
        let inner: usize = layout.shape[axis.0 + 1..].iter().product();
        let outer: usize = layout.shape[..axis.0].iter().product();
        let mut out_shape = layout.shape;
        out_shape[axis.0] = 1;
        let mut idx = vec![0usize; outer * inner];
        let x = src.as_ptr();
        for o in 0..outer {
            let mut j0 = 0;
            while j0 < inner {
                let len = BLOCK.min(inner - j0);
                let bi = &mut idx[o * inner + j0..o * inner + j0 + len];
                // SAFETY: the source is C-contiguous (checked above, in release builds), so
                // element (o, i, j) is at `(o·n + i)·inner + j`: for `i < n` and
                // `j0 + t < j0 + len ≤ inner`, in bounds.
                unsafe { arg_rows_tiered(bi, x.add(o * n * inner + j0), inner, n, &better) };
                j0 += len;
            }
        }
        return Ok((
            Array::from_vec_layout(idx, Layout::dense(out_shape, Order::C)),
            axis.0,
        ));
    }
    let start = ArgBest {
        best: None,
        index: 0,
        seen: 0,
    };
    let keep = fold_axis_keep(
        src,
        axis.0,
        |_| start.clone(),
        false,
        &mut ArgReducer(better),
    );
    Ok((keep.view().map(|a| a.index), axis.0))
}

/// The scan behind `accumulate_axis`: a copy of `src`, then each element combined with the one
/// before it along `axis`.
fn accumulate<T: Clone, const N: usize, S: Shape<N>>(
    src: View<'_, T, N, S>,
    axis: impl IntoAxis,
    mut f: impl FnMut(&T, &T) -> T,
) -> Result<Array<T, N, S>, ShapeError> {
    let axis = axis.resolve::<N>("accumulate_axis")?;
    let layout = src.layout();
    let (n, st) = (layout.shape[axis.0], layout.strides[axis.0]);
    let fastest = layout
        .strides
        .iter()
        .zip(&layout.shape)
        .filter(|(_, &d)| d > 1)
        .map(|(s, _)| s.unsigned_abs())
        .min()
        .unwrap_or(1);
    if n > 1 && !src.is_empty() && st.unsigned_abs() == fastest {
        // The axis is the source's fastest: one fused scan per lane, the running value in a
        // register, read from the source and written to a fresh output.
        // NumPy's order='K' for the result, as the reductions.
        let out = Layout {
            shape: layout.shape,
            strides: dense_strides_like(&layout.shape, &layout),
        };
        let ost = out.strides[axis.0];
        let mut data = crate::alloc::uninit_vec::<T>(out.size());
        let (dp, sp) = (data.as_mut_ptr(), src.as_ptr());
        let mut rest = layout.shape;
        rest[axis.0] = 1;
        Plan::new(&rest, [out.strides, layout.strides]).for_each_lane(|[oo, os], [io, is], len| {
            for i in 0..len as isize {
                // SAFETY: `oo + i·io` / `os + i·is` start one scan in the output / source, and
                // every `j·ost` / `j·st` for `j < n` stays inside them; the output is fresh.
                unsafe {
                    let (po, ps) = (dp.offset(oo + i * io), sp.offset(os + i * is));
                    let mut acc = (*ps).clone();
                    (*po).write(acc.clone());
                    if st == 1 && ost == 1 {
                        // Unit strides: slices, so the loop carries only `acc`.
                        let src = std::slice::from_raw_parts(ps.offset(1), n - 1);
                        let dst = std::slice::from_raw_parts_mut(po.offset(1), n - 1);
                        for (o, x) in dst.iter_mut().zip(src) {
                            acc = f(&acc, x);
                            o.write(acc.clone());
                        }
                    } else {
                        for j in 1..n as isize {
                            acc = f(&acc, &*ps.offset(j * st));
                            (*po.offset(j * ost)).write(acc.clone());
                        }
                    }
                }
            }
        });
        // SAFETY: every element of the dense output was written once.
        return Ok(Array::from_vec_layout(
            unsafe { assume_init_vec(data) },
            out,
        ));
    }
    let order = if src.is_f_contiguous() && !src.is_c_contiguous() {
        Order::F
    } else {
        Order::C
    };
    let mut out = src.copy(order);
    let layout = out.layout();
    let (n, st) = (layout.shape[axis.0], layout.strides[axis.0]);
    if n <= 1 || out.is_empty() {
        return Ok(out);
    }
    let mut rest = layout.shape;
    rest[axis.0] = 1;
    let ptr = out.as_mut_ptr_owned();
    // The axis is not the fastest: one pass per index along it, each over a whole slab of the
    // copy, whose lanes are contiguous.
    let plan = Plan::new(&rest, [layout.strides]);
    for j in 1..n as isize {
        plan.for_each_lane(|[o], [s], len| {
            for i in 0..len as isize {
                // SAFETY: `o + i·s` is an in-bounds offset of slab 0 and `j < n`, so both
                // elements are in bounds; slabs `j` and `j - 1` are disjoint, so the `&mut`
                // and the `&` do not alias.
                unsafe {
                    let cur = &mut *ptr.offset(o + i * s + j * st);
                    let prev = &*ptr.offset(o + i * s + (j - 1) * st);
                    *cur = f(prev, cur);
                }
            }
        });
    }
    Ok(out)
}

impl<T, const N: usize, S: Shape<N>> Array<T, N, S> {
    /// The array with a new axis of length 1 at `axis`, without copying (NumPy's
    /// `keepdims=True` after a reduction, or `np.expand_dims` on an owned array).
    ///
    /// # Panics
    /// When `axis > N`.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::ones([2, 3]);
    /// let s = x.sum_axis(Axis(1)).into_insert_axis(Axis(1));
    /// assert_eq!(s.shape(), [2, 1]);
    /// ```
    #[track_caller]
    pub fn into_insert_axis<const M: usize>(self, axis: impl IntoAxis) -> Array<T, M>
    where
        Rank<N>: Up<M>,
    {
        let axis = unwrap_or_panic(axis.resolve::<M>("into_insert_axis"));
        let (data, layout) = self.into_raw_parts();
        let shape: [usize; M] = std::array::from_fn(|k| match k.cmp(&axis.0) {
            std::cmp::Ordering::Less => layout.shape[k],
            std::cmp::Ordering::Equal => 1,
            std::cmp::Ordering::Greater => layout.shape[k - 1],
        });
        let strides: [isize; M] = std::array::from_fn(|k| match k.cmp(&axis.0) {
            std::cmp::Ordering::Less => layout.strides[k],
            std::cmp::Ordering::Equal => 1,
            std::cmp::Ordering::Greater => layout.strides[k - 1],
        });
        // A length-1 axis with any stride keeps the buffer dense; give it the stride C order
        // would, so C-contiguity is unchanged.
        let mut strides = strides;
        strides[axis.0] = if axis.0 + 1 < M {
            strides[axis.0 + 1] * shape[axis.0 + 1] as isize
        } else {
            1
        };
        Array::from_vec_layout(data, Layout { shape, strides })
    }

    fn as_mut_ptr_owned(&mut self) -> *mut T {
        self.view_mut().as_mut_ptr_internal()
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn sums_every_layout() {
        let x = Array::<i64, 1>::arange(60).into_reshape([3, 4, 5]);
        let total: i64 = (0..60).sum();
        assert_eq!(x.sum(), total);
        assert_eq!(x.t().sum(), total);
        assert_eq!(
            x.slice(s![..;-1, .., ..;2]).sum(),
            x.slice(s![.., .., ..;2]).sum()
        );
        for k in 0..3 {
            let s: Array<i64, 2> = x.sum_axis(Axis(k));
            let naive: Array<i64, 2> = x.fold_axis(Axis(k), 0, |a, v| *a += *v);
            assert_eq!(s, naive);
            let t: Array<i64, 2> = x.t().sum_axis(Axis(k));
            assert_eq!(t, x.t().fold_axis(Axis(k), 0, |a, v| *a += *v));
        }
    }

    #[test]
    fn blocked_sums_of_long_rows() {
        // rows longer than two blocks take the blocked path, tails included
        let x = Array::<i64, 1>::arange(3 * 5001).into_reshape([3, 5001]);
        let naive = |v: View<'_, i64, 2>| -> Vec<i64> {
            (0..v.shape()[1])
                .map(|j| (0..v.shape()[0]).map(|i| v[[i, j]]).sum())
                .collect()
        };
        assert_eq!(x.sum_axis(Axis(0)).to_vec(), naive(x.view()));
        let stepped = x.slice(s![..;-1, ..;-1]);
        assert_eq!(stepped.sum_axis(Axis(0)).to_vec(), naive(stepped));
        let m: Array<i64, 1> = x.max_axis(Axis(0));
        assert_eq!(m.to_vec(), x.slice(s![2, ..]).to_vec());
    }

    /// Folds along a middle axis of C-ordered arrays (the blocked (outer, n, inner) path,
    /// inner runs longer than a block included) against the element-by-element fold in
    /// index order: bitwise the same floats (any NaN for a NaN: Miri varies their bits),
    /// NaN propagation for max/min.
    #[test]
    fn blocked_folds_along_middle_axes() {
        let shapes: &[[usize; 3]] = if cfg!(miri) {
            &[[2, 3, 9]]
        } else {
            &[[2, 3, 9], [3, 5, 64], [2, 4, 2100], [1, 7, 8]]
        };
        for &shape in shapes {
            let mut seed = 11u64;
            let mut x = Array::<f64, 3>::from_fn(shape, |_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                ((seed >> 11) as f64 / (1u64 << 53) as f64) - 0.5
            });
            let naive = |x: &Array<f64, 3>, f: &dyn Fn(f64, f64) -> f64| {
                let [a, n, c] = x.shape();
                Array::<f64, 2>::from_fn([a, c], |[o, j]| {
                    (1..n).fold(x[[o, 0, j]], |acc, i| f(acc, x[[o, i, j]]))
                })
            };
            let same = |a: &Array<f64, 2>, b: &Array<f64, 2>| {
                a.iter()
                    .zip(b.iter())
                    .all(|(p, q)| (p.is_nan() && q.is_nan()) || p.to_bits() == q.to_bits())
            };
            for round in 0..2 {
                if round == 1 {
                    // NaNs in a few columns, at different rows.
                    x[[0, shape[1] - 1, 3]] = f64::NAN;
                    x[[shape[0] - 1, 0, shape[2] - 1]] = f64::NAN;
                }
                assert!(
                    same(&x.sum_axis(1), &naive(&x, &|a, v| a + v)),
                    "sum {shape:?}"
                );
                let nan_best = |better: fn(f64, f64) -> bool| {
                    move |a: f64, v: f64| {
                        if a.is_nan() || !(v.is_nan() || better(v, a)) {
                            a
                        } else {
                            v
                        }
                    }
                };
                let (nan_max, nan_min) = (nan_best(|v, a| v > a), nan_best(|v, a| v < a));
                assert!(same(&x.max_axis(1), &naive(&x, &nan_max)), "max {shape:?}");
                assert!(same(&x.min_axis(1), &naive(&x, &nan_min)), "min {shape:?}");
                assert!(
                    same(&x.prod_axis(1), &naive(&x, &|a, v| a * v)),
                    "prod {shape:?}"
                );
            }
        }
    }

    #[test]
    fn empty_axes() {
        let x = Array::<f64, 2>::zeros([0, 3]);
        assert_eq!(x.sum_axis(Axis(0)).to_vec(), vec![0.0; 3]);
        assert_eq!(x.sum_axis(Axis(1)).shape(), [0]);
        assert!(x.try_max_axis::<1>(Axis(0)).is_err());
        assert_eq!(x.max_axis(Axis(1)).shape(), [0]);
        assert!(x.mean().is_nan());
    }

    #[test]
    fn accumulate_any_axis() {
        let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
        for k in 0..3 {
            let a = x.accumulate_axis(Axis(k), |p, c| p + c);
            let b = x.t().accumulate_axis(Axis(2 - k), |p, c| p + c);
            assert_eq!(a.t(), b.view());
            let last = a.index_axis::<2>(Axis(k), x.shape()[k] - 1).to_owned();
            assert_eq!(last, x.sum_axis(Axis(k)));
        }
    }

    #[test]
    fn argmax_first_and_nan() {
        let x = Array::<f64, 1>::from_vec(vec![1.0, 3.0, f64::NAN, 3.0, f64::NAN]);
        assert_eq!(x.argmax(), 2);
        assert_eq!(x.argmin(), 2);
        let y = Array::<f64, 1>::from_vec(vec![1.0, 3.0, 3.0]);
        assert_eq!(y.argmax(), 1);
        let m = Array::<f64, 2>::from_shape_vec([2, 3], vec![1.0, 3.0, 3.0, f64::NAN, 0.0, 5.0])
            .unwrap();
        assert_eq!(m.argmax_axis(Axis(1)).to_vec(), vec![1, 0]);
        assert_eq!(m.argmax_axis(Axis(0)).to_vec(), vec![1, 0, 1]);
    }

    /// The vectorized max/min/argmax/argmin lanes against the element-by-element rule, on
    /// lanes of every length up to 40 and longer ones past the explicit-SIMD loops' vector
    /// rows, with ties, signed zeros, infinities and NaNs anywhere (the tail included), in
    /// f64 and f32. The SIMD-tier runs of CI (`EINARRAY_SIMD`) take every tier through it.
    #[test]
    fn best_lanes_match_the_elementwise_rule() {
        best_lanes_match::<f64>();
        // Under Miri the f32 run repeats the f64 one's memory accesses at a second width.
        if !cfg!(miri) {
            best_lanes_match::<f32>();
        }
    }

    fn best_lanes_match<T: num_traits::Float + std::fmt::Debug>() {
        fn naive_arg<T: num_traits::Float>(xs: &[T], better: fn(T, T) -> bool) -> (usize, T) {
            let (mut bi, mut b) = (0, xs[0]);
            for (i, &x) in xs.iter().enumerate().skip(1) {
                if !b.is_nan() && (x.is_nan() || better(x, b)) {
                    (bi, b) = (i, x);
                }
            }
            (bi, b)
        }
        let same = |a: T, b: T| (a.is_nan() && b.is_nan()) || a == b;
        let mut seed = 7u64;
        // Under Miri (which checks the unsafe lanes, not the arithmetic) a few lengths around
        // the 8-wide chunks and the 16-element threshold are enough.
        let lengths: Vec<usize> = if cfg!(miri) {
            vec![1, 9, 16, 17, 33]
        } else {
            (1..=40)
                .chain([47, 63, 64, 65, 96, 127, 200, 257])
                .collect()
        };
        let num = |v: f64| T::from(v).expect("a small number");
        for len in lengths {
            // Patterns 6 and 7 (infinities, few ties) add nothing Miri checks.
            for pattern in 0..if cfg!(miri) { 6 } else { 8 } {
                let xs: Vec<T> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        let v = num(((seed >> 40) % 5) as f64 - 2.0); // many ties
                        match pattern {
                            1 if i == len / 2 => T::nan(),
                            2 if i % 7 == 3 => T::nan(),
                            3 if v == T::zero() => -T::zero(),
                            4 => T::one(),
                            5 if i == len - 1 => T::nan(),
                            6 if i % 11 == 5 => T::infinity(),
                            6 if i % 13 == 2 => T::neg_infinity(),
                            7 => num(((seed >> 20) % 100_000) as f64 - 50_000.5),
                            _ => v,
                        }
                    })
                    .collect();
                let a = Array::from_vec(xs.clone()).into_reshape([1, len]);
                for (name, better) in [
                    ("max", (|x, b| x > b) as fn(T, T) -> bool),
                    ("min", |x, b| x < b),
                ] {
                    let (wi, wv) = naive_arg(&xs, better);
                    let (m, i): (Array<T, 1>, Array<usize, 1>) = if name == "max" {
                        (a.max_axis(1), a.argmax_axis(1))
                    } else {
                        (a.min_axis(1), a.argmin_axis(1))
                    };
                    assert!(same(m[[0]], wv), "{name} of {xs:?}: {:?} vs {wv:?}", m[[0]]);
                    assert_eq!(i[[0]], wi, "arg{name} of {xs:?}");
                    let whole = if name == "max" { a.max() } else { a.min() };
                    assert!(same(whole, wv), "whole {name} of {xs:?}");
                    let flat = if name == "max" {
                        a.argmax()
                    } else {
                        a.argmin()
                    };
                    assert_eq!(flat, wi, "whole arg{name} of {xs:?}");
                    // The same values down a column (strided lanes, row-into-row folds).
                    let col = a.t();
                    let (m, i): (Array<T, 1>, Array<usize, 1>) = if name == "max" {
                        (col.max_axis(0), col.argmax_axis(0))
                    } else {
                        (col.min_axis(0), col.argmin_axis(0))
                    };
                    assert!(same(m[[0]], wv) && i[[0]] == wi, "column {name} of {xs:?}");
                    // Along the middle axis of a C-ordered (2, len, 3) array: lanes of 3.
                    let cube = Array::from_fn([2, len, 3], |[o, i, j]| xs[(i + j + o) % len]);
                    let idx: Array<usize, 2> = if name == "max" {
                        cube.argmax_axis(1)
                    } else {
                        cube.argmin_axis(1)
                    };
                    for o in 0..2 {
                        for j in 0..3 {
                            let lane: Vec<T> = (0..len).map(|i| cube[[o, i, j]]).collect();
                            assert_eq!(idx[[o, j]], naive_arg(&lane, better).0, "{lane:?}");
                        }
                    }
                    // Many slices per call, along the contiguous last axis of (3, len).
                    let rows = Array::from_fn([3, len], |[r, i]| xs[(i + 5 * r) % len]);
                    let idx: Array<usize, 1> = if name == "max" {
                        rows.argmax_axis(-1)
                    } else {
                        rows.argmin_axis(-1)
                    };
                    for r in 0..3 {
                        let lane: Vec<T> = (0..len).map(|i| rows[[r, i]]).collect();
                        assert_eq!(idx[[r]], naive_arg(&lane, better).0, "{lane:?}");
                    }
                }
            }
        }
    }
}

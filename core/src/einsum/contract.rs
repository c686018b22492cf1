//! Step 3 of a run: tensors in label space, the loops over them, sums, outer products and the
//! pairwise contraction that hands GEMM-shaped pairs to [`super::matmul`].
//!
//! # Unsafe code here
//!
//! - sums, outer products, packing and batched contraction read `Tensor`s through raw pointers
//!   at lane offsets over their own label sizes, which `bind` checked against the operands in
//!   release builds (invariants 2–3).
//! - `sum_lane` and `dot_lane` are `unsafe fn`s: callers promise `len` readable elements.
//! - fresh outputs written by `matmul::gemm` are `set_len` only when the backend overwrote every
//!   element (beta = 0) and `T` is `Copy`.

use super::matmul::{gemm, gemm_overwrites, Gemm};
use super::*;

/// A tensor in label space during a contraction: borrowed input or owned intermediate.
pub(super) struct Tensor<T> {
    pub(super) ptr: *const T,
    pub(super) owned: Option<Vec<T>>,
    pub(super) labels: Vec<u8>,
    pub(super) sizes: Vec<usize>,
    pub(super) strides: Vec<isize>,
}

impl<T> Tensor<T> {
    pub(super) fn from_bound(ptr: *const T, b: Bound) -> Self {
        Tensor {
            ptr,
            owned: None,
            labels: b.labels,
            sizes: b.sizes,
            strides: b.strides,
        }
    }

    pub(super) fn owned(data: Vec<T>, labels: Vec<u8>, sizes: Vec<usize>) -> Self {
        let strides = c_strides(&sizes);
        Tensor {
            ptr: data.as_ptr(),
            owned: Some(data),
            labels,
            sizes,
            strides,
        }
    }

    pub(super) fn stride_of(&self, l: u8) -> isize {
        self.labels
            .iter()
            .position(|&x| x == l)
            .map_or(0, |k| self.strides[k])
    }
}

pub(super) fn c_strides(sizes: &[usize]) -> Vec<isize> {
    let mut s = vec![0isize; sizes.len()];
    let mut acc = 1isize;
    for k in (0..sizes.len()).rev() {
        s[k] = acc;
        acc *= sizes[k].max(1) as isize;
    }
    s
}

/// The size D of a batched product that has a [`small_square`] kernel (2×2, 3×3 or 4×4
/// matrices): the one place that decides both the kernel and that it overwrites its output.
fn square_size(m: usize, n: usize, k: usize) -> Option<usize> {
    (m == n && n == k && (2..=4).contains(&m)).then_some(m)
}

/// `c = a·b` for one D×D product with sizes known at compile time: the loads, the D³
/// multiply-adds (each sum from 0 in increasing `p`, as the loop kernel adds into a zeroed
/// `c`, so the bits are the same) and the stores unrolled, `c` overwritten. Batches of 3×3
/// products spent most of their time in the general loop's bounds and strides.
///
/// # Safety
/// The three D×D matrices of `g` are in bounds at their strides; `c` overlaps neither input.
#[inline(always)]
unsafe fn small_square<T: Element, const D: usize>(g: Gemm<T>) {
    let dense = |rs: isize, cs: isize| cs == 1 && rs == D as isize;
    if dense(g.rsa, g.csa) && dense(g.rsb, g.csb) {
        // SAFETY: both matrices are D×D in C order (row stride D, unit column stride), so
        // each is D·D consecutive elements in bounds: one unaligned read of the array.
        let (a, b) = unsafe {
            (
                g.a.cast::<[[T; D]; D]>().read_unaligned(),
                g.b.cast::<[[T; D]; D]>().read_unaligned(),
            )
        };
        // SAFETY: the caller's contract for `c`.
        return unsafe { square_into(&a, &b, g.c, g.rsc) };
    }
    let a: [[T; D]; D] = std::array::from_fn(|i| {
        std::array::from_fn(|p| {
            // SAFETY: element (i, p) of `a`, i, p < D, is in bounds (the caller's contract).
            unsafe { *g.a.offset(i as isize * g.rsa + p as isize * g.csa) }
        })
    });
    let b: [[T; D]; D] = std::array::from_fn(|p| {
        std::array::from_fn(|j| {
            // SAFETY: element (p, j) of `b`, p, j < D, is in bounds (the caller's contract).
            unsafe { *g.b.offset(p as isize * g.rsb + j as isize * g.csb) }
        })
    });
    // SAFETY: the caller's contract for `c`.
    unsafe { square_into(&a, &b, g.c, g.rsc) }
}

/// `c = a·b` for D×D arrays, `c`'s rows at stride `rsc` (see [`small_square`]).
///
/// # Safety
/// `c`'s D rows of D elements at unit stride are in bounds and writable.
#[inline(always)]
unsafe fn square_into<T: Element, const D: usize>(
    a: &[[T; D]; D],
    b: &[[T; D]; D],
    c: *mut T,
    rsc: isize,
) {
    for (i, ai) in a.iter().enumerate() {
        let mut row = [T::zero(); D];
        for (aip, bp) in ai.iter().zip(b) {
            for (r, bpj) in row.iter_mut().zip(bp) {
                *r = *r + *aip * *bpj;
            }
        }
        // SAFETY: row i of `c` has D elements at unit stride, in bounds (the caller's contract).
        unsafe { std::ptr::copy_nonoverlapping(row.as_ptr(), c.offset(i as isize * rsc), D) };
    }
}

/// `kernel` on every product of a batch: `g` with its `a`, `b` and `c` moved by the offsets
/// at `strides` of each index of `batch_sizes`. On several threads when there are many
/// products each too small to split itself: pieces of whole batch elements (about a quarter
/// of the threshold's work each, fixed by the shapes), each product computed as on one
/// thread, so the result does not depend on the count.
///
/// # Safety
/// For every batch index, the moved matrices are in bounds for `g`'s sizes and strides, the
/// `c` blocks are disjoint from each other and from the inputs.
unsafe fn run_batch<T: Element>(
    g: Gemm<T>,
    batch_sizes: &[usize],
    strides: [&[isize]; 3],
    kernel: impl Fn(Gemm<T>) + Sync,
) {
    let at = |g: Gemm<T>, [oa, ob, oc]: [isize; 3]| Gemm {
        // SAFETY: in bounds by the caller's contract (offsets of an in-bounds batch index).
        a: unsafe { g.a.offset(oa) },
        // SAFETY: as above.
        b: unsafe { g.b.offset(ob) },
        // SAFETY: as above.
        c: unsafe { g.c.offset(oc) },
        ..g
    };
    let nb: usize = batch_sizes.iter().product();
    let one = g.m * g.n * g.k;
    let threads =
        if nb < 2 || one >= crate::parallel::GEMM_MIN_WORK || !crate::parallel::is_plain::<T>() {
            1
        } else {
            crate::parallel::threads_for(nb.saturating_mul(one), crate::parallel::BATCH_MIN_WORK)
        };
    if threads == 1 {
        if let ([nb], [sa], [sb], [sc]) = (batch_sizes, strides[0], strides[1], strides[2]) {
            // One batch axis: a plain loop (the odometer's bookkeeping showed in 3×3 batches).
            for q in 0..*nb as isize {
                kernel(at(g, [q * sa, q * sb, q * sc]));
            }
        } else {
            for_each_index(batch_sizes, strides, |off| kernel(at(g, off)));
        }
        return;
    }
    let per = (crate::parallel::BATCH_MIN_WORK / 4 / one.max(1)).max(1);
    // SAFETY: `g` holds only pointers and sizes; `T` is a plain type (checked above in release
    // builds), whose elements may be read and written from other threads; each piece offsets
    // the pointers to its own batch elements, whose `c` blocks are disjoint.
    let shared = crate::parallel::AssertSync(g);
    crate::parallel::run_pieces(nb.div_ceil(per), threads, |p| {
        let shared = &shared;
        for i in p * per..((p + 1) * per).min(nb) {
            kernel(at(shared.0, index_offsets(i, batch_sizes, strides)));
        }
    });
}

/// The offsets at `strides` of the `i`-th index (in C order) of an array of `sizes`.
fn index_offsets<const K: usize>(
    mut i: usize,
    sizes: &[usize],
    strides: [&[isize]; K],
) -> [isize; K] {
    let mut off = [0isize; K];
    for d in (0..sizes.len()).rev() {
        let j = (i % sizes[d]) as isize;
        i /= sizes[d];
        for k in 0..K {
            off[k] += j * strides[k][d];
        }
    }
    off
}

/// Calls `f(offsets)` for every index over `sizes`, with offsets advanced by each operand's
/// strides (an odometer; the last axis fastest).
pub(super) fn for_each_index<const K: usize>(
    sizes: &[usize],
    strides: [&[isize]; K],
    mut f: impl FnMut([isize; K]),
) {
    if sizes.contains(&0) {
        return;
    }
    let n = sizes.len();
    let mut idx = vec![0usize; n];
    let mut off = [0isize; K];
    loop {
        f(off);
        let mut d = n;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            for k in 0..K {
                off[k] += strides[k][d];
            }
            if idx[d] < sizes[d] {
                break;
            }
            for k in 0..K {
                off[k] -= strides[k][d] * sizes[d] as isize;
            }
            idx[d] = 0;
        }
    }
}

/// Calls `f(offsets, strides, len)` for every innermost run over `sizes` (the last axis), the
/// outer axes walked as an odometer: the per-element work stays in `f`'s tight loop.
pub(super) fn for_each_lane<const K: usize>(
    sizes: &[usize],
    strides: [&[isize]; K],
    mut f: impl FnMut([isize; K], [isize; K], usize),
) {
    // Merge neighbouring axes that are contiguous with each other in every operand, so lanes
    // are as long as the layouts allow.
    let mut sz: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut st: [Vec<isize>; K] = std::array::from_fn(|_| Vec::with_capacity(sizes.len()));
    for d in 0..sizes.len() {
        let merges = !sz.is_empty()
            && (0..K).all(|k| st[k][st[k].len() - 1] == strides[k][d] * sizes[d] as isize);
        if merges {
            *sz.last_mut().expect("non-empty") *= sizes[d];
            for k in 0..K {
                *st[k].last_mut().expect("non-empty") = strides[k][d];
            }
        } else {
            sz.push(sizes[d]);
            for k in 0..K {
                st[k].push(strides[k][d]);
            }
        }
    }
    let sizes = &sz[..];
    let strides: [&[isize]; K] = std::array::from_fn(|k| &st[k][..]);
    let Some((&len, outer)) = sizes.split_last() else {
        f([0; K], [0; K], 1);
        return;
    };
    let inner: [isize; K] = std::array::from_fn(|k| strides[k][outer.len()]);
    let outer_strides: [&[isize]; K] = std::array::from_fn(|k| &strides[k][..outer.len()]);
    if len == 0 {
        return;
    }
    for_each_index(outer, outer_strides, |off| f(off, inner, len));
}

/// Sums `t` over every label not in `keep`, giving a C-ordered owned tensor of the kept labels
/// (in `t`'s order).
pub(super) fn reduce<T: Element>(t: &Tensor<T>, keep: &[u8]) -> Tensor<T> {
    let kept: Vec<usize> = (0..t.labels.len())
        .filter(|&k| keep.contains(&t.labels[k]))
        .collect();
    let labels: Vec<u8> = kept.iter().map(|&k| t.labels[k]).collect();
    let sizes: Vec<usize> = kept.iter().map(|&k| t.sizes[k]).collect();
    let n: usize = sizes.iter().product();
    let mut out = vec![T::zero(); n];
    let out_strides = c_strides(&sizes);
    // Loop over all labels of t; the output stride is 0 on summed labels.
    let mut ostr = vec![0isize; t.labels.len()];
    for (j, &k) in kept.iter().enumerate() {
        ostr[k] = out_strides[j];
    }
    // The input's smallest stride innermost: contiguous reads, summed in a register when that
    // label is summed.
    let mut order: Vec<usize> = (0..t.labels.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(t.strides[k].unsigned_abs()));
    let sz: Vec<usize> = order.iter().map(|&k| t.sizes[k]).collect();
    let si: Vec<isize> = order.iter().map(|&k| t.strides[k]).collect();
    let so: Vec<isize> = order.iter().map(|&k| ostr[k]).collect();
    let base = t.ptr;
    let dst = out.as_mut_ptr();
    for_each_lane(&sz, [&si, &so], |[a, o], [sa, so], len| {
        // SAFETY: lane offsets are in bounds of `t` (its layout invariants) and of `out`
        // (exactly the product of the kept sizes), for every `i < len`.
        unsafe {
            if so == 0 {
                *dst.offset(o) = *dst.offset(o) + sum_lane(base.offset(a), sa, len);
            } else {
                for i in 0..len as isize {
                    let d = dst.offset(o + i * so);
                    *d = *d + *base.offset(a + i * sa);
                }
            }
        }
    });
    Tensor::owned(out, labels, sizes)
}

/// `Σ x[i·stride]` over a lane, with eight independent accumulators so the adds pipeline (a
/// single accumulator waits on each add's latency).
///
/// # Safety
/// `x + i·stride` is readable for every `i < len`.
#[inline]
pub(super) unsafe fn sum_lane<T: Element>(x: *const T, stride: isize, len: usize) -> T {
    let mut acc = [T::zero(); 8];
    if stride == 1 {
        // SAFETY: a unit-stride lane of `len` readable elements is a slice.
        let xs = unsafe { std::slice::from_raw_parts(x, len) };
        let mut chunks = xs.chunks_exact(8);
        for c in &mut chunks {
            // A long lane streams from memory: ask for it well ahead (one hint per 8
            // elements: a cache line for f64, half of one for f32).
            crate::kernel::prefetch_ahead(c.as_ptr());
            for (a, &v) in acc.iter_mut().zip(c) {
                *a = *a + v;
            }
        }
        return chunks
            .remainder()
            .iter()
            .fold(acc.into_iter().fold(T::zero(), |s, a| s + a), |s, &v| s + v);
    }
    let chunks = len / 8;
    for c in 0..chunks as isize {
        for (l, a) in acc.iter_mut().enumerate() {
            // SAFETY: index 8c + l < len.
            *a = *a + unsafe { *x.offset((8 * c + l as isize) * stride) };
        }
    }
    let mut total = T::zero();
    for a in acc {
        total = total + a;
    }
    for i in chunks * 8..len {
        // SAFETY: i < len.
        total = total + unsafe { *x.offset(i as isize * stride) };
    }
    total
}

/// `Σ a[i·sa]·b[i·sb]` over a lane, eight accumulators.
///
/// # Safety
/// Both lanes are readable for every `i < len`.
#[inline]
pub(crate) unsafe fn dot_lane<T: Element>(
    a: *const T,
    sa: isize,
    b: *const T,
    sb: isize,
    len: usize,
) -> T {
    let mut acc = [T::zero(); 8];
    if sa == 1 && sb == 1 {
        // SAFETY: unit-stride lanes of `len` readable elements are slices.
        let (xs, ys) = unsafe {
            (
                std::slice::from_raw_parts(a, len),
                std::slice::from_raw_parts(b, len),
            )
        };
        let (mut cx, mut cy) = (xs.chunks_exact(8), ys.chunks_exact(8));
        for (u, v) in (&mut cx).zip(&mut cy) {
            for l in 0..8 {
                acc[l] = acc[l] + u[l] * v[l];
            }
        }
        let head = acc.into_iter().fold(T::zero(), |s, a| s + a);
        return cx
            .remainder()
            .iter()
            .zip(cy.remainder())
            .fold(head, |s, (&u, &v)| s + u * v);
    }
    let chunks = len / 8;
    for c in 0..chunks as isize {
        for (l, s) in acc.iter_mut().enumerate() {
            let i = 8 * c + l as isize;
            // SAFETY: i < len.
            *s = *s + unsafe { *a.offset(i * sa) * *b.offset(i * sb) };
        }
    }
    let mut total = T::zero();
    for s in acc {
        total = total + s;
    }
    for i in chunks * 8..len {
        let i = i as isize;
        // SAFETY: i < len.
        total = total + unsafe { *a.offset(i * sa) * *b.offset(i * sb) };
    }
    total
}

/// A pair with nothing to sum: `c = a ⊗ b` broadcast over shared labels, written straight in
/// `prefer`'s label order (the output's, on the last step), lane by lane.
pub(super) fn product_pair<T: Element>(
    a: &Tensor<T>,
    b: &Tensor<T>,
    prefer: &[u8],
    sizes: &Sizes,
) -> Tensor<T> {
    let mut labels = union(&a.labels, &b.labels);
    labels.sort_by_key(|l| prefer.iter().position(|x| x == l).unwrap_or(usize::MAX));
    let sz: Vec<usize> = labels.iter().map(|&l| sizes.get(l)).collect();
    let n: usize = sz.iter().product();
    let sa: Vec<isize> = labels.iter().map(|&l| a.stride_of(l)).collect();
    let sb: Vec<isize> = labels.iter().map(|&l| b.stride_of(l)).collect();
    let mut out: Vec<T> = crate::alloc::vec_with_capacity(n);
    let (pa, pb) = (a.ptr, b.ptr);
    for_each_lane(&sz, [&sa, &sb], |[oa, ob], [la, lb], len| {
        // SAFETY: lane offsets are in bounds of each tensor for every `i < len`; the output is
        // pushed in C order of `labels`, which is the lane order.
        unsafe {
            let (x, y) = (pa.offset(oa), pb.offset(ob));
            match (la, lb) {
                (0, 1) => out.extend(std::slice::from_raw_parts(y, len).iter().map(|&v| *x * v)),
                (1, 0) => out.extend(std::slice::from_raw_parts(x, len).iter().map(|&v| v * *y)),
                (1, 1) => out.extend(
                    std::slice::from_raw_parts(x, len)
                        .iter()
                        .zip(std::slice::from_raw_parts(y, len))
                        .map(|(&u, &v)| u * v),
                ),
                _ => out.extend((0..len as isize).map(|i| *x.offset(i * la) * *y.offset(i * lb))),
            }
        }
    });
    Tensor::owned(out, labels, sz)
}

/// Whether `t` reaches some element twice: its index space is larger than the span of
/// memory its strides cover (windows, broadcast axes). Callers have ruled out empty tensors.
fn overlaps<T>(t: &Tensor<T>) -> bool {
    let count: usize = t.sizes.iter().product();
    let span: usize = t
        .sizes
        .iter()
        .zip(&t.strides)
        .map(|(&d, &s)| (d - 1) * s.unsigned_abs())
        .sum::<usize>()
        + 1;
    count > span
}

/// `c[out] = Σ_kk a · b` without packing either operand, for operands whose elements overlap,
/// where a packed copy would be larger than the data (the 2-D filter over sliding windows,
/// `ijkl,kl->ij`). For each lane of the output (`out` = batch, a's and b's free labels, C
/// order; the lane runs along the innermost label), every index of `kk` adds one product into
/// the lane while it stays in L1: for the filter, `c[i, :] += kernel[k, l] · image[i + k, l..]`
/// for each `(k, l)`, a unit-stride multiply-add in the widest SIMD tier.
fn accumulate_pair<T: Element>(
    a: &Tensor<T>,
    b: &Tensor<T>,
    kk: &[u8],
    out_labels: Vec<u8>,
    out_sizes: Vec<usize>,
    sizes: &Sizes,
) -> Tensor<T> {
    let n: usize = out_sizes.iter().product();
    let mut c = crate::alloc::zeros_vec(n, T::zero());
    let cs = c_strides(&out_sizes);
    let sa: Vec<isize> = out_labels.iter().map(|&l| a.stride_of(l)).collect();
    let sb: Vec<isize> = out_labels.iter().map(|&l| b.stride_of(l)).collect();
    // The offsets of every index of the summed labels, in each operand.
    let ksz: Vec<usize> = kk.iter().map(|&l| sizes.get(l)).collect();
    let ka: Vec<isize> = kk.iter().map(|&l| a.stride_of(l)).collect();
    let kb: Vec<isize> = kk.iter().map(|&l| b.stride_of(l)).collect();
    let mut koff: Vec<(isize, isize)> = Vec::with_capacity(ksz.iter().product());
    for_each_index(&ksz, [&ka, &kb], |[oa, ob]| koff.push((oa, ob)));
    let (pa, pb, pc) = (a.ptr, b.ptr, c.as_mut_ptr());
    for_each_lane(
        &out_sizes,
        [&sa, &sb, &cs],
        |[xa, xb, xc], [la, lb, lc], len| {
            // SAFETY: every label index stays below its size, which `bind` checked against
            // each tensor's axes in release builds too (it returns an error otherwise), so
            // `xa + oa + t·la` is in bounds of `a` for `t < len` and every `(oa, ob)` of
            // `koff` (likewise `b`); `c` is a fresh C-ordered buffer of the output's size,
            // disjoint from the operands, and a lane's `t·lc` are distinct offsets in it.
            unsafe {
                let (x, y, z) = (pa.offset(xa), pb.offset(xb), pc.offset(xc));
                if lc == 1 && la == 1 && lb == 0 {
                    let out = std::slice::from_raw_parts_mut(z, len);
                    let offs = koff.iter().copied();
                    crate::kernel::dispatch_long(len * koff.len(), || {
                        lane_axpy(out, x, y, offs, |v, w| v * w)
                    });
                } else if lc == 1 && la == 0 && lb == 1 {
                    let out = std::slice::from_raw_parts_mut(z, len);
                    // `b` runs along the lane: its offsets first; `a`'s element stays on the left.
                    let offs = koff.iter().map(|&(oa, ob)| (ob, oa));
                    crate::kernel::dispatch_long(len * koff.len(), || {
                        lane_axpy(out, y, x, offs, |v, w| w * v)
                    });
                } else {
                    for &(oa, ob) in &koff {
                        for t in 0..len as isize {
                            let o = &mut *z.offset(t * lc);
                            *o = *o + *x.offset(oa + t * la) * *y.offset(ob + t * lb);
                        }
                    }
                }
            }
        },
    );
    Tensor::owned(c, out_labels, out_sizes)
}

/// `out[t] += mul(lane[t + lo], scalar[so])` for every `(lo, so)` of `offsets`: one operand
/// read along the lane at unit stride, one element of the other per summed index.
///
/// # Safety
/// `lane + lo + t` for `t < out.len()` and `scalar + so` are readable for every pair of
/// `offsets`.
#[inline(always)]
unsafe fn lane_axpy<T: Element>(
    out: &mut [T],
    lane: *const T,
    scalar: *const T,
    offsets: impl Iterator<Item = (isize, isize)>,
    mul: impl Fn(T, T) -> T,
) {
    for (lo, so) in offsets {
        // SAFETY: the caller's contract.
        let (xs, w) = unsafe {
            (
                std::slice::from_raw_parts(lane.offset(lo), out.len()),
                *scalar.offset(so),
            )
        };
        for (o, &v) in out.iter_mut().zip(xs) {
            *o = *o + mul(v, w);
        }
    }
}

/// Orders `labels` so that they merge in `t` when possible: by decreasing |stride|.
pub(super) fn order_by_stride<T>(t: &Tensor<T>, labels: &mut [u8]) {
    labels.sort_by_key(|&l| std::cmp::Reverse(t.stride_of(l).unsigned_abs()));
}

/// The single (size, stride) a group of labels collapses to in `t`, in the given order, or
/// `None` when it does not collapse.
pub(super) fn collapse<T>(t: &Tensor<T>, labels: &[u8], sizes: &Sizes) -> Option<(usize, isize)> {
    let mut size = 1usize;
    let mut stride = 0isize;
    // Walk from the innermost label outwards.
    for &l in labels.iter().rev() {
        let d = sizes.get(l);
        if d == 1 {
            continue;
        }
        let s = t.stride_of(l);
        if size == 1 {
            stride = s;
        } else if s != stride * size as isize {
            return None;
        }
        size *= d;
    }
    Some((size, if size == 1 { 1 } else { stride }))
}

/// Copies `t` into a C-ordered owned tensor with labels in `order`.
pub(super) fn pack<T: Element>(t: &Tensor<T>, order: &[u8], sizes: &Sizes) -> Tensor<T> {
    let sz: Vec<usize> = order.iter().map(|&l| sizes.get(l)).collect();
    let n: usize = sz.iter().product();
    let mut out: Vec<T> = Vec::with_capacity(n);
    let src: Vec<isize> = order.iter().map(|&l| t.stride_of(l)).collect();
    let base = t.ptr;
    for_each_lane(&sz, [&src], |[a], [sa], len| {
        // SAFETY: `a + i·sa` is an in-bounds element offset of `t` for `i < len`.
        out.extend((0..len as isize).map(|i| unsafe { *base.offset(a + i * sa) }));
    });
    Tensor::owned(out, order.to_vec(), sz)
}

/// Step 3: contracts two tensors into one with labels `keep` (in batch, M, N order, or batch, N,
/// M when a narrow output is computed transposed).
pub(super) fn contract_pair<T: Element>(
    a: Tensor<T>,
    b: Tensor<T>,
    needed: &[u8],
    prefer: &[u8],
    sizes: &Sizes,
) -> Tensor<T> {
    // Sum away what only one side has and nobody needs.
    let in_b = |l: &u8| b.labels.contains(l);
    let in_a = |l: &u8| a.labels.contains(l);
    let a_keep: Vec<u8> = a
        .labels
        .iter()
        .copied()
        .filter(|l| in_b(l) || needed.contains(l))
        .collect();
    let b_keep: Vec<u8> = b
        .labels
        .iter()
        .copied()
        .filter(|l| in_a(l) || needed.contains(l))
        .collect();
    let a = if a_keep.len() < a.labels.len() {
        reduce(&a, &a_keep)
    } else {
        a
    };
    let b = if b_keep.len() < b.labels.len() {
        reduce(&b, &b_keep)
    } else {
        b
    };
    let mut batch: Vec<u8> = a
        .labels
        .iter()
        .copied()
        .filter(|l| b.labels.contains(l) && needed.contains(l))
        .collect();
    let mut kk: Vec<u8> = a
        .labels
        .iter()
        .copied()
        .filter(|l| b.labels.contains(l) && !needed.contains(l))
        .collect();
    let mm: Vec<u8> = a
        .labels
        .iter()
        .copied()
        .filter(|l| !b.labels.contains(l))
        .collect();
    let nn: Vec<u8> = b
        .labels
        .iter()
        .copied()
        .filter(|l| !a.labels.contains(l))
        .collect();
    if kk.is_empty() {
        return product_pair(&a, &b, prefer, sizes);
    }
    // An output of 8 to 15 columns (narrower than the small-GEMM kernels' widest block, which
    // is 16 for f64 on AVX-512) is computed transposed, cᵀ = bᵀ·aᵀ: its long side becomes the
    // columns, which the kernels fill whole vectors of (`Bh,Bo->oh` with o = 10: 39.2 µs the
    // other way round, 12.6 µs this way; BENCHMARKS.md § One-off experiments). Fewer than 8 columns stay: transposed, the product
    // would have fewer than 8 rows and leave the kernels for the packing backend.
    let prod = |ls: &[u8]| ls.iter().map(|&l| sizes.get(l)).product::<usize>();
    // The result comes out as [batch, a's free labels, b's free labels]. When the preferred
    // order (the output's, at the last step) has b's before a's and the result is large, the
    // product is computed transposed too, so it needs no transposing copy afterwards
    // (`ni,nk->ki`, 500 × 784: one 3 MB result instead of two, 3.1 → 0.77 ms in a loop, where
    // the second buffer also made glibc return memory to the OS after every call). Below
    // 1 MiB the copy is cheap and the GEMM's own orientation matters more (`hi,Bi->Bh`,
    // 128 × 500: 849 µs as written, 918 µs swapped). Not when that would leave fewer than 8
    // rows.
    let pos = |l: &u8| prefer.iter().position(|x| x == l);
    let prefers_b_first = !mm.is_empty()
        && !nn.is_empty()
        && nn.iter().all(|l| {
            mm.iter()
                .all(|r| matches!((pos(l), pos(r)), (Some(x), Some(y)) if x < y))
        });
    let narrow = (8..16).contains(&prod(&nn)) && prod(&mm) > prod(&nn);
    let large = prod(&batch) * prod(&mm) * prod(&nn) * std::mem::size_of::<T>() >= 1 << 20;
    let swap = narrow || (prefers_b_first && large && prod(&nn) >= 8);
    let (a, b, mut mm, mut nn) = if swap { (b, a, nn, mm) } else { (a, b, mm, nn) };
    order_by_stride(&a, &mut batch);
    order_by_stride(&a, &mut kk);
    order_by_stride(&a, &mut mm);
    order_by_stride(&b, &mut nn);
    let (m, n, k, nb) = (prod(&mm), prod(&nn), prod(&kk), prod(&batch));
    let mut out_labels = batch.clone();
    out_labels.extend(&mm);
    out_labels.extend(&nn);
    let out_sizes: Vec<usize> = out_labels.iter().map(|&l| sizes.get(l)).collect();
    if m == 0 || n == 0 || nb == 0 || k == 0 {
        let c = crate::alloc::zeros_vec(nb * m * n, T::zero());
        return Tensor::owned(c, out_labels, out_sizes);
    }
    // An operand whose elements overlap (sliding windows, broadcast views) and that does not
    // collapse to a matrix is not packed: its packed copy would hold more elements than its
    // memory (a 5×5 window view of a 256² image: 25 times the image). The product is
    // accumulated instead, one index of the summed labels at a time.
    let needs_pack = |t: &Tensor<T>, rows: &[u8], cols: &[u8]| {
        collapse(t, rows, sizes).is_none() || collapse(t, cols, sizes).is_none()
    };
    if (needs_pack(&a, &mm, &kk) && overlaps(&a)) || (needs_pack(&b, &kk, &nn) && overlaps(&b)) {
        return accumulate_pair(&a, &b, &kk, out_labels, out_sizes, sizes);
    }
    // The GEMM backend overwrites every element (beta = 0): the buffer needs no zeroing (a
    // 2 MiB zeroed buffer costs a memset or 512 page faults per call). The loop kernels add to
    // zeros.
    let square = square_size(m, n, k);
    let overwrites = gemm_overwrites::<T>(m, n, k) || square.is_some();
    let mut c: Vec<T> = if overwrites {
        crate::alloc::vec_with_capacity(nb * m * n)
    } else {
        crate::alloc::zeros_vec(nb * m * n, T::zero())
    };
    // Each operand as [batch] × matrix with one row and one column stride, packed if needed.
    let a_mat = |t: &Tensor<T>| match (collapse(t, &mm, sizes), collapse(t, &kk, sizes)) {
        (Some(r), Some(c)) => Some((r.1, c.1)),
        _ => None,
    };
    let b_mat = |t: &Tensor<T>| match (collapse(t, &kk, sizes), collapse(t, &nn, sizes)) {
        (Some(r), Some(c)) => Some((r.1, c.1)),
        _ => None,
    };
    let (a, (rsa, csa)) = match a_mat(&a) {
        Some(s) => (a, s),
        None => {
            let order: Vec<u8> = batch.iter().chain(&mm).chain(&kk).copied().collect();
            let p = pack(&a, &order, sizes);
            let s = a_mat(&p).expect("a packed tensor collapses");
            (p, s)
        }
    };
    let (b, (rsb, csb)) = match b_mat(&b) {
        Some(s) => (b, s),
        None => {
            let order: Vec<u8> = batch.iter().chain(&kk).chain(&nn).copied().collect();
            let p = pack(&b, &order, sizes);
            let s = b_mat(&p).expect("a packed tensor collapses");
            (p, s)
        }
    };
    let batch_sizes: Vec<usize> = batch.iter().map(|&l| sizes.get(l)).collect();
    let a_bs: Vec<isize> = batch.iter().map(|&l| a.stride_of(l)).collect();
    let b_bs: Vec<isize> = batch.iter().map(|&l| b.stride_of(l)).collect();
    let c_bs: Vec<isize> = c_strides(&batch_sizes)
        .iter()
        .map(|s| s * (m * n) as isize)
        .collect();
    let g = Gemm {
        m,
        k,
        n,
        a: a.ptr,
        rsa,
        csa,
        b: b.ptr,
        rsb,
        csb,
        c: c.as_mut_ptr(),
        rsc: n as isize,
    };
    let strides = [&a_bs[..], &b_bs[..], &c_bs[..]];
    // SAFETY: batch offsets are in bounds of each tensor; the matrices addressed by the
    // collapsed (size, stride) pairs are in bounds by construction; `c` is a fresh contiguous
    // m×n block per batch element, disjoint from the inputs.
    unsafe {
        match square {
            Some(2) => run_batch(g, &batch_sizes, strides, |g| small_square::<T, 2>(g)),
            Some(3) => run_batch(g, &batch_sizes, strides, |g| small_square::<T, 3>(g)),
            Some(4) => run_batch(g, &batch_sizes, strides, |g| small_square::<T, 4>(g)),
            // Before any write, so the uninitialised output is never read.
            Some(d) => unreachable!("square_size gave {d}, which has no kernel"),
            None => run_batch(g, &batch_sizes, strides, |g| gemm(g)),
        }
    }
    if overwrites {
        // SAFETY: the batch blocks tile the buffer exactly (offsets b·m·n, each m×n with row
        // stride n), and the GEMM backend wrote every element of each with beta = 0; `T` is
        // `Copy`, so no drop sees an unwritten value.
        unsafe { c.set_len(nb * m * n) };
    }
    drop((a, b));
    Tensor::owned(c, out_labels, out_sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batch loop on one thread and split over two (scoped threads under Miri, which
    /// checks the pieces for races): the same products, some computed on other threads.
    #[test]
    fn batched_products_split_over_threads_agree_with_one_thread() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let nb = 2 * crate::parallel::BATCH_MIN_WORK / 27 + 3;
        let a: Vec<f64> = (0..nb * 9).map(|i| (i % 11) as f64 - 5.0).collect();
        let b: Vec<f64> = (0..nb * 9).map(|i| (i % 7) as f64 * 0.5).collect();
        let caller = std::thread::current().id();
        let run = |threads: usize, elsewhere: &AtomicBool| {
            let mut c = vec![0.0f64; nb * 9];
            let g = Gemm {
                m: 3,
                k: 3,
                n: 3,
                a: a.as_ptr(),
                rsa: 3,
                csa: 1,
                b: b.as_ptr(),
                rsb: 3,
                csb: 1,
                c: c.as_mut_ptr(),
                rsc: 3,
            };
            let strides: [&[isize]; 3] = [&[9], &[9], &[9]];
            crate::config::with_num_threads(threads, || {
                // SAFETY: batch element q's matrices are the 9 elements at 9q of each buffer,
                // in bounds for q < nb; the `c` blocks are disjoint.
                unsafe {
                    run_batch(g, &[nb], strides, |g| {
                        if std::thread::current().id() != caller {
                            elsewhere.store(true, Ordering::Relaxed);
                        }
                        small_square::<f64, 3>(g)
                    })
                }
            });
            c
        };
        let (one, two) = (AtomicBool::new(false), AtomicBool::new(false));
        let (c1, c2) = (run(1, &one), run(2, &two));
        assert_eq!(c1, c2);
        assert!(!one.load(Ordering::Relaxed) && two.load(Ordering::Relaxed));
        let q = nb - 1;
        let want: f64 = (0..3)
            .map(|j| a[9 * q + 3 + j] * b[9 * q + 3 * j + 2])
            .sum();
        assert_eq!(c2[9 * q + 5], want);
    }
}

//! The runtime of `einsum!`: what its expansion calls once the macro has parsed and checked
//! the subscripts.
//!
//! The macro turns `"ij,jk->ik"` into a [`Spec`] constant and each operand into a [`View`] of
//! the right rank (a type error otherwise). This module then, once per call:
//!
//! 1. *binds labels*: expands `...` (right-aligned NumPy broadcasting over the ellipsis axes),
//!    folds a label repeated in one term into one diagonal axis (its strides add), and checks
//!    every label's size, naming the label, operands and axes when they disagree;
//! 2. *plans*: sums away labels that only one operand uses, and for three or more operands
//!    picks the pairwise order of least cost for these sizes (`contraction_path`);
//! 3. *contracts* each pair as a batched GEMM: labels grouped into batch/M/N/K, handed to
//!    the GEMM backend (faer's `gemm`, dispatched at run time up to AVX-512; `matrixmultiply`
//!    without the `faer-gemm` feature) directly on the strided data when each group collapses to one stride
//!    (packing into a contiguous buffer only when it does not), or to a loop kernel for element
//!    types other than `f32`/`f64`;
//! 4. writes the result in the output's label order into a C-order array.
//!
//! A single operand without reduction returns a view ([`view`]), as NumPy does.

use crate::array::Array;
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::{Layout, Order};
use crate::view::View;
use num_traits::Zero;
use std::any::TypeId;
use std::fmt;
use std::ops::{Add, Mul};
use std::ptr::NonNull;

/// Marks `...` in a term's label list.
pub const ELLIPSIS: u8 = b'.';
/// Ellipsis axes get the labels `ELL_BASE + k` (outside the 52 letters).
const ELL_BASE: u8 = 128;

/// The parsed subscripts, as the macro emits them: ASCII letters, [`ELLIPSIS`] for `...`.
#[derive(Clone, Copy, Debug)]
pub struct Spec<'s> {
    /// The subscripts as written, for messages.
    pub subscripts: &'s str,
    /// One label list per operand.
    pub inputs: &'s [&'s [u8]],
    /// The output's labels (explicit, or NumPy's implicit output).
    pub output: &'s [u8],
}

/// The element types `einsum!` accepts: numbers with `0`, `+` and `*`.
///
/// `f32` and `f64` contractions reach GEMM (faer's `gemm` or `matrixmultiply`); other types (integers, your own
/// numbers) run the loop kernel.
pub trait Element: Zero + Add<Output = Self> + Mul<Output = Self> + Copy + 'static {}
impl<T: Zero + Add<Output = T> + Mul<Output = T> + Copy + 'static> Element for T {}

/// A rank-erased operand: pointer, shape and strides, borrowing the viewed data for `'a`
/// (so the array cannot be dropped or moved while the operand exists).
#[derive(Clone, Debug)]
pub struct Operand<'a, T> {
    ptr: *const T,
    shape: Vec<usize>,
    strides: Vec<isize>,
    _borrow: std::marker::PhantomData<&'a T>,
}

impl<'a, T> Operand<'a, T> {
    /// Erases the rank of a view, keeping its borrow.
    pub fn new<const N: usize, S: crate::Shape<N>>(v: &View<'a, T, N, S>) -> Self {
        Operand {
            ptr: v.as_ptr(),
            shape: v.shape().to_vec(),
            strides: v.strides().to_vec(),
            _borrow: std::marker::PhantomData,
        }
    }
}

/// One operand in label space: each label once, with its size and stride.
#[derive(Clone, Debug)]
struct Bound {
    labels: Vec<u8>,
    sizes: Vec<usize>,
    strides: Vec<isize>,
}

/// Sizes of every label, after the checks.
struct Sizes {
    of: [usize; 256],
}

impl Sizes {
    fn get(&self, l: u8) -> usize {
        self.of[l as usize]
    }
}

/// Step 1: expands ellipses, folds diagonals, checks sizes.
fn bind<T>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<(Vec<Bound>, Vec<u8>, Sizes), ShapeError> {
    let sub = spec.subscripts;
    if ops.len() != spec.inputs.len() {
        return Err(shape_err!(
            InvalidArgument,
            "einsum \"{sub}\": {} terms but {} operands",
            spec.inputs.len(),
            ops.len()
        ));
    }
    // Number of ellipsis axes of each operand, and of the broadcast ellipsis.
    let mut n_ell = vec![0usize; ops.len()];
    for (i, (term, op)) in spec.inputs.iter().zip(ops).enumerate() {
        let explicit = term.iter().filter(|&&l| l != ELLIPSIS).count();
        let has_ell = term.contains(&ELLIPSIS);
        if op.shape.len() < explicit || (!has_ell && op.shape.len() != explicit) {
            return Err(shape_err!(
                IncompatibleShape,
                "einsum \"{sub}\": operand {i} has rank {} but its term has {explicit} labels",
                op.shape.len()
            ));
        }
        n_ell[i] = op.shape.len() - explicit;
    }
    let e = n_ell.iter().copied().max().unwrap_or(0);
    if e > (256 - ELL_BASE as usize) {
        return Err(shape_err!(
            InvalidArgument,
            "einsum \"{sub}\": too many ellipsis axes"
        ));
    }
    // Ellipsis sizes broadcast; explicit labels must agree exactly.
    let mut sizes = Sizes {
        of: [usize::MAX; 256],
    };
    let mut first: [(usize, usize); 256] = [(0, 0); 256];
    let mut ell_size = vec![1usize; e];
    let mut bound = Vec::with_capacity(ops.len());
    for (i, (term, op)) in spec.inputs.iter().zip(ops).enumerate() {
        let mut b = Bound {
            labels: vec![],
            sizes: vec![],
            strides: vec![],
        };
        let mut axis = 0;
        for &l in term.iter() {
            let axes: Vec<(u8, usize)> = if l == ELLIPSIS {
                let start = e - n_ell[i];
                (0..n_ell[i])
                    .map(|k| (ELL_BASE + (start + k) as u8, axis + k))
                    .collect()
            } else {
                vec![(l, axis)]
            };
            for (label, ax) in axes {
                let (d, s) = (op.shape[ax], op.strides[ax]);
                if label >= ELL_BASE {
                    let slot = &mut ell_size[(label - ELL_BASE) as usize];
                    if *slot != d && *slot != 1 && d != 1 {
                        return Err(shape_err!(
                            IncompatibleShape,
                            "einsum \"{sub}\": operand {i} axis {ax} of size {d} does not broadcast \
                             against size {} in the `...` of another operand",
                            *slot
                        ));
                    }
                    if d != 1 {
                        *slot = d;
                    }
                } else if sizes.of[l as usize] == usize::MAX {
                    sizes.of[l as usize] = d;
                    first[l as usize] = (i, ax);
                } else if sizes.of[l as usize] != d {
                    let (fi, fa) = first[l as usize];
                    return Err(shape_err!(
                        IncompatibleShape,
                        "einsum \"{sub}\": label `{}` is {} in operand {fi} (axis {fa}) but {d} in \
                         operand {i} (axis {ax})",
                        l as char,
                        sizes.of[l as usize]
                    ));
                }
                // A label repeated in one term: the diagonal, whose stride is the sum.
                if let Some(k) = b.labels.iter().position(|&x| x == label) {
                    b.strides[k] += s;
                } else {
                    b.labels.push(label);
                    b.sizes.push(d);
                    b.strides.push(s);
                }
            }
            axis += if l == ELLIPSIS { n_ell[i] } else { 1 };
        }
        bound.push(b);
    }
    for (k, &d) in ell_size.iter().enumerate() {
        sizes.of[ELL_BASE as usize + k] = d;
    }
    // Broadcast ellipsis axes of size 1 against the full size with stride 0.
    for b in &mut bound {
        for k in 0..b.labels.len() {
            let l = b.labels[k];
            if l >= ELL_BASE && b.sizes[k] == 1 && sizes.get(l) != 1 {
                b.sizes[k] = sizes.get(l);
                b.strides[k] = 0;
            }
        }
    }
    // The output's labels, with `...` expanded.
    let mut out = Vec::with_capacity(spec.output.len() + e);
    for &l in spec.output {
        if l == ELLIPSIS {
            out.extend((0..e).map(|k| ELL_BASE + k as u8));
        } else {
            out.push(l);
        }
    }
    Ok((bound, out, sizes))
}

/// A single operand without reduction: the view NumPy returns (transposes, diagonals).
///
/// # Panics
/// On size mismatches (the macro has checked everything else).
#[track_caller]
pub fn view<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> View<'a, T, M> {
    unwrap_or_panic(try_view(spec, v))
}

/// [`view`], returning the error instead of panicking.
pub fn try_view<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> Result<View<'a, T, M>, ShapeError> {
    let (bound, out, _) = bind(spec, &[Operand::new(&v)])?;
    let b = &bound[0];
    debug_assert_eq!(out.len(), M);
    let mut layout = Layout {
        shape: [0; M],
        strides: [0; M],
    };
    for (k, l) in out.iter().enumerate() {
        let j = b
            .labels
            .iter()
            .position(|x| x == l)
            .expect("checked by the macro");
        layout.shape[k] = b.sizes[j];
        layout.strides[k] = b.strides[j];
    }
    // SAFETY: every output index maps, label by label, to an index of `v` (a diagonal index
    // repeats one coordinate), so to one of its elements.
    Ok(unsafe { View::from_raw(NonNull::new_unchecked(v.as_ptr() as *mut T), layout) })
}

/// A tensor in label space during a contraction: borrowed input or owned intermediate.
struct Tensor<T> {
    ptr: *const T,
    owned: Option<Vec<T>>,
    labels: Vec<u8>,
    sizes: Vec<usize>,
    strides: Vec<isize>,
}

impl<T> Tensor<T> {
    fn from_bound(ptr: *const T, b: Bound) -> Self {
        Tensor {
            ptr,
            owned: None,
            labels: b.labels,
            sizes: b.sizes,
            strides: b.strides,
        }
    }

    fn owned(data: Vec<T>, labels: Vec<u8>, sizes: Vec<usize>) -> Self {
        let strides = c_strides(&sizes);
        Tensor {
            ptr: data.as_ptr(),
            owned: Some(data),
            labels,
            sizes,
            strides,
        }
    }

    fn stride_of(&self, l: u8) -> isize {
        self.labels
            .iter()
            .position(|&x| x == l)
            .map_or(0, |k| self.strides[k])
    }
}

fn c_strides(sizes: &[usize]) -> Vec<isize> {
    let mut s = vec![0isize; sizes.len()];
    let mut acc = 1isize;
    for k in (0..sizes.len()).rev() {
        s[k] = acc;
        acc *= sizes[k].max(1) as isize;
    }
    s
}

/// Calls `f(offsets)` for every index over `sizes`, with offsets advanced by each operand's
/// strides (an odometer; the last axis fastest).
fn for_each_index<const K: usize>(
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
fn for_each_lane<const K: usize>(
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
fn reduce<T: Element>(t: &Tensor<T>, keep: &[u8]) -> Tensor<T> {
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
unsafe fn sum_lane<T: Element>(x: *const T, stride: isize, len: usize) -> T {
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
fn product_pair<T: Element>(
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

/// Orders `labels` so that they merge in `t` when possible: by decreasing |stride|.
fn order_by_stride<T>(t: &Tensor<T>, labels: &mut [u8]) {
    labels.sort_by_key(|&l| std::cmp::Reverse(t.stride_of(l).unsigned_abs()));
}

/// The single (size, stride) a group of labels collapses to in `t`, in the given order, or
/// `None` when it does not collapse.
fn collapse<T>(t: &Tensor<T>, labels: &[u8], sizes: &Sizes) -> Option<(usize, isize)> {
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
fn pack<T: Element>(t: &Tensor<T>, order: &[u8], sizes: &Sizes) -> Tensor<T> {
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
fn contract_pair<T: Element>(
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
    // The GEMM backend overwrites every element (beta = 0): the buffer needs no zeroing (a
    // 2 MiB zeroed buffer costs a memset or 512 page faults per call). The loop kernels add to
    // zeros.
    let overwrites = gemm_overwrites::<T>(m, n, k);
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
    let (pa, pb, pc) = (a.ptr, b.ptr, c.as_mut_ptr());
    for_each_index(&batch_sizes, [&a_bs, &b_bs, &c_bs], |[oa, ob, oc]| {
        // SAFETY: batch offsets are in bounds of each tensor; the matrices addressed by the
        // collapsed (size, stride) pairs are in bounds by construction; `c` is a fresh
        // contiguous m×n block per batch element.
        unsafe {
            gemm(Gemm {
                m,
                k,
                n,
                a: pa.offset(oa),
                rsa,
                csa,
                b: pb.offset(ob),
                rsb,
                csb,
                c: pc.offset(oc),
                rsc: n as isize,
            })
        };
    });
    if overwrites {
        // SAFETY: the batch blocks tile the buffer exactly (offsets b·m·n, each m×n with row
        // stride n), and the GEMM backend wrote every element of each with beta = 0; `T` is
        // `Copy`, so no drop sees an unwritten value.
        unsafe { c.set_len(nb * m * n) };
    }
    drop((a, b));
    Tensor::owned(c, out_labels, out_sizes)
}

/// One `c = a·b` (m×k times k×n) on strided data: `a[i, p]` at `a + i·rsa + p·csa`, `b[p, j]`
/// at `b + p·rsb + j·csb`, `c[i, j]` at `c + i·rsc + j`.
#[derive(Clone, Copy)]
struct Gemm<T> {
    m: usize,
    k: usize,
    n: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    csb: isize,
    c: *mut T,
    rsc: isize,
}

/// Multiply-adds below which `gemm` runs its loop kernel rather than the GEMM backend.
const SMALL_GEMM: usize = 2048;

/// Whether `gemm` hands an m×k·k×n product to the GEMM backend, which overwrites `c`
/// (beta = 0); otherwise a loop kernel adds into a zeroed `c`. Small products and dot
/// products take the loops: the backend's packing would cost more than the arithmetic.
fn gemm_overwrites<T: 'static>(m: usize, n: usize, k: usize) -> bool {
    let float =
        TypeId::of::<T>() == TypeId::of::<f64>() || TypeId::of::<T>() == TypeId::of::<f32>();
    float && !(m == 1 && n == 1) && m * n * k > SMALL_GEMM
}

/// `c[i, j] = Σ_p a[i, p] · b[p, j]` for a zeroed m×n `c` with row stride `rsc`, unit column
/// stride (GEMM overwrites with beta = 0; the loop kernels add to the zeros).
///
/// # Safety
/// All three matrices are in bounds for their sizes and strides; `c` does not overlap `a`/`b`.
unsafe fn gemm<T: Element>(g: Gemm<T>) {
    let Gemm {
        m,
        k,
        n,
        a,
        rsa,
        csa,
        b,
        rsb,
        csb,
        c,
        rsc,
    } = g;
    if gemm_overwrites::<T>(m, n, k) {
        // A right factor that fits in L2 goes to our own unpacked kernels, which need its
        // columns contiguous (a strided one is copied first when the copy is small next to the
        // product).
        use crate::gemm_small;
        if gemm_small::fits::<T>(k, n) && (csb == 1 || m >= 8) {
            // SAFETY: the caller's bounds for `b` (k × n).
            let (bp, rsbp) = unsafe { unit_columns(b, k, n, rsb, csb) };
            let b_ptr = bp.as_ref().map_or(b, |v| v.as_ptr());
            // SAFETY: `fits` admitted T, k and n on this CPU; `b` has unit column stride; the
            // caller's bounds carry over.
            unsafe { gemm_small::gemm(m, n, k, a, rsa, csa, b_ptr, rsbp, c, rsc) };
            return;
        }
        // SAFETY: T is f32 or f64 (checked by `gemm_overwrites`); the caller's bounds carry over.
        unsafe { blas_gemm(g) };
        return;
    }
    if m == 1 && n == 1 {
        // A dot product: GEMM would pack a 1×k panel for one number.
        // SAFETY: both lanes have k elements in bounds; `c` is one element.
        unsafe { *c = *c + dot_lane(a, csa, b, rsb, k) };
        return;
    }
    // The loop kernel: i-p-j ("axpy") order, c's contiguous row innermost.
    for i in 0..m as isize {
        for p in 0..k as isize {
            // SAFETY: i < m, p < k: in bounds of `a`.
            let aip = unsafe { *a.offset(i * rsa + p * csa) };
            for j in 0..n as isize {
                // SAFETY: in bounds of `b` and `c`.
                unsafe {
                    let cij = c.offset(i * rsc + j);
                    *cij = *cij + aip * *b.offset(p * rsb + j * csb);
                }
            }
        }
    }
}

/// A `rows × cols` matrix at `(rs, cs)` with unit column stride: itself (`None`, row stride
/// `rs`) when `cs` is 1, else a C-order copy (row stride `cols`).
///
/// # Safety
/// The matrix is in bounds at its strides.
unsafe fn unit_columns<T: Copy>(
    p: *const T,
    rows: usize,
    cols: usize,
    rs: isize,
    cs: isize,
) -> (Option<Vec<T>>, isize) {
    if cs == 1 || cols <= 1 {
        return (None, rs);
    }
    let mut copy: Vec<T> = Vec::with_capacity(rows * cols);
    // SAFETY: the source is in bounds by the caller's contract; the destination is the fresh
    // buffer's `rows · cols` uninitialised slots in C order, each written once by the tiled
    // walk before `set_len`.
    unsafe {
        crate::kernel::walk2_tiled(
            copy.spare_capacity_mut().as_mut_ptr(),
            &[cols as isize, 1],
            p,
            &[rs, cs],
            &[rows, cols],
            |d: &mut std::mem::MaybeUninit<T>, s: &T| {
                d.write(*s);
            },
        );
        copy.set_len(rows * cols);
    }
    (Some(copy), cols as isize)
}

/// `c = a·b` for `f32`/`f64` through the GEMM backend (faer's `gemm`, or `matrixmultiply`
/// without the `faer-gemm` feature), overwriting `c` (row stride `rsc`, unit column stride).
///
/// # Safety
/// `T` is `f32` or `f64`; the matrices are in bounds for their sizes and strides; `c` does not
/// overlap `a` or `b`.
unsafe fn blas_gemm<T: Element>(g: Gemm<T>) {
    let Gemm {
        m,
        k,
        n,
        a,
        rsa,
        csa,
        b,
        rsb,
        csb,
        c,
        rsc,
    } = g;
    #[cfg(feature = "faer-gemm")]
    {
        let (zero, one) = (T::zero(), T::zero() + one_of::<T>());
        // faer's convention: dst = alpha·dst + beta·lhs·rhs; with read_dst = false, alpha is
        // ignored. Strides are given column first.
        // SAFETY: forwarded from the caller; `gemm` supports f32 and f64.
        unsafe {
            gemm::gemm(
                m,
                n,
                k,
                c,
                1,
                rsc,
                false,
                a,
                csa,
                rsa,
                b,
                csb,
                rsb,
                zero,
                one,
                false,
                false,
                false,
                gemm::Parallelism::None,
            )
        };
    }
    #[cfg(not(feature = "faer-gemm"))]
    {
        if TypeId::of::<T>() == TypeId::of::<f64>() {
            // SAFETY: T is f64; forwarded from the caller.
            unsafe {
                matrixmultiply::dgemm(
                    m,
                    k,
                    n,
                    1.0,
                    a as *const f64,
                    rsa,
                    csa,
                    b as *const f64,
                    rsb,
                    csb,
                    0.0,
                    c as *mut f64,
                    rsc,
                    1,
                )
            };
        } else {
            // SAFETY: T is f32; forwarded from the caller.
            unsafe {
                matrixmultiply::sgemm(
                    m,
                    k,
                    n,
                    1.0,
                    a as *const f32,
                    rsa,
                    csa,
                    b as *const f32,
                    rsb,
                    csb,
                    0.0,
                    c as *mut f32,
                    rsc,
                    1,
                )
            };
        }
    }
}

/// The one of a float type (Element has no `One` bound; floats are the only callers).
#[cfg(feature = "faer-gemm")]
fn one_of<T: Element>() -> T {
    if TypeId::of::<T>() == TypeId::of::<f64>() {
        // SAFETY: T is f64.
        unsafe { std::mem::transmute_copy(&1.0f64) }
    } else {
        // SAFETY: the only other caller type is f32.
        unsafe { std::mem::transmute_copy(&1.0f32) }
    }
}

/// One step of a contraction path: contract operands `i < j` of the current list (removed),
/// and append the result, as `np.einsum_path` reports it.
pub type Step = (usize, usize);

fn cost_of(labels: &[u8], sizes: &Sizes) -> f64 {
    labels.iter().map(|&l| sizes.get(l) as f64).product()
}

fn union(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut u = a.to_vec();
    u.extend(b.iter().filter(|l| !a.contains(l)));
    u
}

/// Labels of the result of contracting `a` and `b` when `others` and the output still need
/// some: those of `a ∪ b` that appear elsewhere.
fn result_labels(a: &[u8], b: &[u8], others: &[&[u8]], out: &[u8]) -> Vec<u8> {
    union(a, b)
        .into_iter()
        .filter(|l| out.contains(l) || others.iter().any(|o| o.contains(l)))
        .collect()
}

/// The cheapest pairwise order for these label sets and sizes (opt_einsum's *optimal* search
/// by dynamic programming over subsets for up to 8 operands, *greedy* beyond), and its cost
/// in multiply-adds.
fn contraction_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let n = terms.len();
    if n <= 2 {
        let all = terms.iter().fold(vec![], |acc, t| union(&acc, t));
        return (
            if n == 2 { vec![(0, 1)] } else { vec![] },
            cost_of(&all, sizes),
        );
    }
    // The search costs more than a small contraction (1.4 µs of 4.9 µs for
    // `ijkm,iko,kp->mip` at d = 8), and programs call one einsum with the same shapes over and
    // over: each thread remembers the paths of its last few label sets and sizes.
    thread_local! {
        static PATHS: std::cell::RefCell<Vec<Remembered>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    const REMEMBERED: usize = 16;
    let key = path_key(terms, out, sizes);
    let hit = PATHS.with(|p| {
        p.borrow()
            .iter()
            .find(|e| e.0 == key)
            .map(|e| (e.1.clone(), e.2))
    });
    if let Some(hit) = hit {
        return hit;
    }
    let found = if n <= 8 {
        optimal_path(terms, out, sizes)
    } else {
        greedy_path(terms, out, sizes)
    };
    PATHS.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() == REMEMBERED {
            p.remove(0);
        }
        p.push((key, found.0.clone(), found.1));
    });
    found
}

/// A remembered path: its [`path_key`], steps and cost.
type Remembered = (Vec<usize>, Vec<Step>, f64);

/// What a contraction path depends on: each term's labels, the output's, and every label's
/// size (`usize::MAX` separates the lists).
fn path_key(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> Vec<usize> {
    let mut key = Vec::with_capacity(2 * (terms.len() + out.len()) + 16);
    for t in terms.iter().map(|t| t.as_slice()).chain([out]) {
        key.extend(t.iter().map(|&l| l as usize));
        key.push(usize::MAX);
    }
    for t in terms {
        key.extend(t.iter().map(|&l| sizes.get(l)));
    }
    key
}

fn optimal_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let n = terms.len();
    let full = (1usize << n) - 1;
    // labels[s]: labels of the tensor made from subset s, given what lies outside s.
    let mut labels: Vec<Vec<u8>> = vec![vec![]; 1 << n];
    for s in 1..=full {
        let inside: Vec<u8> = (0..n)
            .filter(|i| s >> i & 1 == 1)
            .fold(vec![], |acc, i| union(&acc, &terms[i]));
        let outside: Vec<&[u8]> = (0..n)
            .filter(|i| s >> i & 1 == 0)
            .map(|i| terms[i].as_slice())
            .collect();
        labels[s] = inside
            .into_iter()
            .filter(|l| out.contains(l) || outside.iter().any(|o| o.contains(l)))
            .collect();
    }
    let mut best = vec![f64::INFINITY; 1 << n];
    let mut split = vec![0usize; 1 << n];
    for i in 0..n {
        best[1 << i] = 0.0;
    }
    for s in 1..=full {
        if s.count_ones() < 2 {
            continue;
        }
        // Enumerate proper sub-subsets l with l < s ^ l (each split once).
        let mut l = (s - 1) & s;
        while l > 0 {
            let r = s ^ l;
            if l < r {
                let step = cost_of(&union(&labels[l], &labels[r]), sizes);
                let c = best[l] + best[r] + step;
                if c < best[s] {
                    best[s] = c;
                    split[s] = l;
                }
            }
            l = (l - 1) & s;
        }
    }
    // Replay the splits as NumPy-style steps over a shrinking operand list.
    fn emit(s: usize, split: &[usize], list: &mut Vec<usize>, steps: &mut Vec<Step>) -> usize {
        if s.count_ones() == 1 {
            return s;
        }
        let l = split[s];
        let a = emit(l, split, list, steps);
        let b = emit(s ^ l, split, list, steps);
        let ia = list.iter().position(|&x| x == a).expect("present");
        let ib = list.iter().position(|&x| x == b).expect("present");
        let (i, j) = if ia < ib { (ia, ib) } else { (ib, ia) };
        list.remove(j);
        list.remove(i);
        list.push(s);
        steps.push((i, j));
        s
    }
    let mut list: Vec<usize> = (0..n).map(|i| 1 << i).collect();
    let mut steps = vec![];
    emit(full, &split, &mut list, &mut steps);
    (steps, best[full])
}

fn greedy_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let mut list: Vec<Vec<u8>> = terms.to_vec();
    let mut steps = vec![];
    let mut total = 0.0;
    while list.len() > 1 {
        let mut best = (f64::INFINITY, 0, 1, vec![]);
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                let others: Vec<&[u8]> = (0..list.len())
                    .filter(|&k| k != i && k != j)
                    .map(|k| list[k].as_slice())
                    .collect();
                let res = result_labels(&list[i], &list[j], &others, out);
                // Prefer the smallest result, then the cheapest step.
                let key = cost_of(&res, sizes) + 1e-9 * cost_of(&union(&list[i], &list[j]), sizes);
                if key < best.0 {
                    best = (key, i, j, res);
                }
            }
        }
        let (_, i, j, res) = best;
        total += cost_of(&union(&list[i], &list[j]), sizes);
        list.remove(j);
        list.remove(i);
        list.push(res);
        steps.push((i, j));
    }
    (steps, total)
}

/// What `einsum_path!` reports: the pairwise order chosen for these sizes and its cost, as
/// `np.einsum_path` prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct EinsumPath {
    /// The subscripts.
    pub subscripts: String,
    /// The steps: contract operands `i` and `j` of the current list, append the result.
    pub path: Vec<Step>,
    /// NumPy's FLOP count of the naive single loop over every label.
    pub naive_cost: f64,
    /// NumPy's FLOP count along `path` (the steps' counts plus one, as NumPy reports it).
    pub optimized_cost: f64,
    /// Distinct labels of the whole contraction (NumPy's "naive scaling").
    pub naive_scaling: usize,
    /// Most distinct labels in one step of `path` (NumPy's "optimized scaling").
    pub optimized_scaling: usize,
    /// Elements of the largest intermediate.
    pub largest_intermediate: f64,
    /// Each step's subscripts, e.g. `"kp,iko->ipo"`.
    pub steps: Vec<String>,
}

/// The report `np.einsum_path` prints: the same header lines and numbers, then one line per
/// step (the pair contracted, as indices into the current operand list, and its subscripts).
impl fmt::Display for EinsumPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  Complete contraction:  {}", self.subscripts)?;
        writeln!(f, "         Naive scaling:  {}", self.naive_scaling)?;
        writeln!(f, "     Optimized scaling:  {}", self.optimized_scaling)?;
        writeln!(
            f,
            "      Naive FLOP count:  {}",
            crate::fmt::py_sci3(self.naive_cost)
        )?;
        writeln!(
            f,
            "  Optimized FLOP count:  {}",
            crate::fmt::py_sci3(self.optimized_cost)
        )?;
        writeln!(
            f,
            "   Theoretical speedup:  {:.3}",
            self.naive_cost / self.optimized_cost
        )?;
        writeln!(
            f,
            "  Largest intermediate:  {} elements",
            crate::fmt::py_sci3(self.largest_intermediate)
        )?;
        writeln!(
            f,
            "--------------------------------------------------------------------------"
        )?;
        for (step, s) in self.path.iter().zip(&self.steps) {
            writeln!(f, "  {:?}  {s}", step)?;
        }
        Ok(())
    }
}

/// NumPy's `_flop_count`: the loop size times (terms - 1, at least 1), plus one when something
/// is summed.
fn flop_count(labels: &[u8], summed: bool, terms: usize, sizes: &Sizes) -> f64 {
    let factor = (terms.saturating_sub(1)).max(1) + usize::from(summed);
    cost_of(labels, sizes) * factor as f64
}

fn term_string(labels: &[u8]) -> String {
    labels
        .iter()
        .map(|&l| if l >= ELL_BASE { '.' } else { l as char })
        .collect()
}

/// `einsum_path!`: the contraction order and cost for these operands' sizes.
///
/// # Panics
/// On size mismatches, with `einsum`'s messages.
#[track_caller]
pub fn path<T>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> EinsumPath {
    unwrap_or_panic(try_path(spec, ops))
}

/// [`path`], returning the error instead of panicking.
pub fn try_path<T>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> Result<EinsumPath, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    let terms: Vec<Vec<u8>> = bound.iter().map(|b| b.labels.clone()).collect();
    let all = terms.iter().fold(vec![], |acc, t| union(&acc, t));
    let (path, _) = contraction_path(&terms, &out, &sizes);
    let mut list = terms.clone();
    let mut steps = vec![];
    let mut largest: f64 = 0.0;
    let mut optimized = 0.0;
    let mut optimized_scaling = 0;
    for &(i, j) in &path {
        let others: Vec<&[u8]> = (0..list.len())
            .filter(|&k| k != i && k != j)
            .map(|k| list[k].as_slice())
            .collect();
        let res = if list.len() == 2 {
            out.clone()
        } else {
            result_labels(&list[i], &list[j], &others, &out)
        };
        let step_labels = union(&list[i], &list[j]);
        optimized += flop_count(&step_labels, step_labels.len() > res.len(), 2, &sizes);
        optimized_scaling = optimized_scaling.max(step_labels.len());
        largest = largest.max(cost_of(&res, &sizes));
        steps.push(format!(
            "{},{}->{}",
            term_string(&list[i]),
            term_string(&list[j]),
            term_string(&res)
        ));
        list.remove(j);
        list.remove(i);
        list.push(res);
    }
    let single = path.is_empty();
    Ok(EinsumPath {
        subscripts: spec.subscripts.to_string(),
        path,
        naive_cost: flop_count(&all, all.len() > out.len(), terms.len(), &sizes),
        // NumPy adds one to the sum of the steps' counts (`opt_cost = sum(cost_list) + 1`).
        optimized_cost: 1.0
            + if single {
                flop_count(&all, all.len() > out.len(), 1, &sizes)
            } else {
                optimized
            },
        naive_scaling: all.len(),
        optimized_scaling: if single { all.len() } else { optimized_scaling },
        largest_intermediate: largest,
        steps,
    })
}

/// `einsum!` with an owned result of rank `M`.
///
/// # Panics
/// On size mismatches: `einsum "ij,jk->ik": label `j` is 3 in operand 0 (axis 1) but 4 in
/// operand 1 (axis 0)`.
#[track_caller]
pub fn run<T: Element, const M: usize>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> Array<T, M> {
    unwrap_or_panic(try_run(spec, ops))
}

/// [`run`], returning the error instead of panicking.
pub fn try_run<T: Element, const M: usize>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    debug_assert_eq!(out.len(), M);
    let terms: Vec<Vec<u8>> = bound.iter().map(|b| b.labels.clone()).collect();
    let mut list: Vec<Tensor<T>> = bound
        .into_iter()
        .zip(ops)
        .map(|(b, op)| Tensor::from_bound(op.ptr, b))
        .collect();
    let (path, _) = contraction_path(&terms, &out, &sizes);
    for &(i, j) in &path {
        let b = list.remove(j);
        let a = list.remove(i);
        let others: Vec<u8> = list.iter().flat_map(|t| t.labels.iter().copied()).collect();
        let needed: Vec<u8> = union(&out, &others);
        // The last step writes in the output's order when it can.
        let prefer: &[u8] = if list.is_empty() { &out } else { &needed };
        list.push(contract_pair(a, b, &needed, prefer, &sizes));
    }
    let mut t = list.pop().expect("one operand left");
    // Sum what the output does not keep (single operand, or labels left after the last pair).
    if t.labels.iter().any(|l| !out.contains(l)) {
        t = reduce(&t, &out);
    }
    // Write into a C-order array in the output's label order.
    let mut shape = [0usize; M];
    let mut src_strides = [0isize; M];
    for (k, &l) in out.iter().enumerate() {
        shape[k] = sizes.get(l);
        src_strides[k] = t.stride_of(l);
    }
    let layout = Layout::dense(shape, Order::C);
    if let Some(data) = t.owned.take() {
        if src_strides == layout.strides || shape.iter().product::<usize>() <= 1 {
            return Ok(Array::from_vec_layout(data, layout));
        }
        let src = Layout {
            shape,
            strides: src_strides,
        };
        // SAFETY: `src` addresses the owned buffer's elements by the tensor's strides.
        let v: View<'_, T, M> =
            unsafe { View::from_raw(NonNull::new_unchecked(data.as_ptr() as *mut T), src) };
        return Ok(v.to_owned());
    }
    let src = Layout {
        shape,
        strides: src_strides,
    };
    // SAFETY: a borrowed operand whose labels are exactly the output's (a transpose or a
    // diagonal of the input); the operand's borrow outlives this call.
    let v: View<'_, T, M> = unsafe { View::from_raw(NonNull::new_unchecked(t.ptr as *mut T), src) };
    Ok(v.to_owned())
}

/// A naive reference einsum: one loop over every label, for tests.
///
/// Slow by design (no path, no GEMM); the property tests compare [`run`] against it.
pub fn reference<T: Element, const M: usize>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    let all = bound
        .iter()
        .fold(out.clone(), |acc, b| union(&acc, &b.labels));
    let all_sizes: Vec<usize> = all.iter().map(|&l| sizes.get(l)).collect();
    let mut shape = [0usize; M];
    for (k, &l) in out.iter().enumerate() {
        shape[k] = sizes.get(l);
    }
    let layout = Layout::dense(shape, Order::C);
    let mut data = vec![T::zero(); layout.size()];
    let out_strides: Vec<isize> = all
        .iter()
        .map(|l| {
            out.iter()
                .position(|x| x == l)
                .map_or(0, |k| layout.strides[k])
        })
        .collect();
    let op_strides: Vec<Vec<isize>> = bound
        .iter()
        .map(|b| {
            all.iter()
                .map(|&l| {
                    b.labels
                        .iter()
                        .position(|&x| x == l)
                        .map_or(0, |k| b.strides[k])
                })
                .collect()
        })
        .collect();
    let n = all.len();
    let total: usize = all_sizes.iter().product();
    let mut idx = vec![0usize; n];
    for _ in 0..total {
        let mut prod: Option<T> = None;
        for (o, strides) in ops.iter().zip(&op_strides) {
            let off: isize = (0..n).map(|k| idx[k] as isize * strides[k]).sum();
            // SAFETY: every label index is below its size, so `off` is in bounds.
            let x = unsafe { *o.ptr.offset(off) };
            prod = Some(prod.map_or(x, |p| p * x));
        }
        let o: isize = (0..n).map(|k| idx[k] as isize * out_strides[k]).sum();
        data[o as usize] = data[o as usize] + prod.unwrap_or_else(T::zero);
        for k in (0..n).rev() {
            idx[k] += 1;
            if idx[k] < all_sizes[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    Ok(Array::from_vec_layout(data, layout))
}

/// What an `einsum!` operand may be: `&Array`, `View`, `&View`, `&ViewMut`, `&CowArray`, of
/// rank `N` with elements `T` and static-size parameter `S`. The expansion converts operand
/// `K` with `EinsumOperand::<K, N, _, _>::into_einsum_view`, so a rank that differs from its
/// term's label count is a type error naming the operand.
///
/// The element and shape types are trait parameters (not associated types), so a rank
/// mismatch is one unmet bound: one error.
#[diagnostic::on_unimplemented(
    message = "einsum operand {K} must be an array of rank {N}, one axis per label of its term; found `{Self}`",
    label = "expected an array of rank {N} here"
)]
pub trait EinsumOperand<'a, const K: usize, const N: usize, T, S> {
    /// The operand as a view.
    fn into_einsum_view(self) -> View<'a, T, N, S>
    where
        S: crate::Shape<N>;
}

impl<'a, const K: usize, const N: usize, T, S: crate::Shape<N>> EinsumOperand<'a, K, N, T, S>
    for &'a Array<T, N, S>
{
    fn into_einsum_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const K: usize, const N: usize, T, S: crate::Shape<N>> EinsumOperand<'a, K, N, T, S>
    for View<'a, T, N, S>
{
    fn into_einsum_view(self) -> View<'a, T, N, S> {
        self
    }
}
impl<'b, const K: usize, const N: usize, T, S: crate::Shape<N>> EinsumOperand<'b, K, N, T, S>
    for &View<'b, T, N, S>
{
    fn into_einsum_view(self) -> View<'b, T, N, S> {
        *self
    }
}
impl<'a, const K: usize, const N: usize, T, S: crate::Shape<N>> EinsumOperand<'a, K, N, T, S>
    for &'a crate::ViewMut<'_, T, N, S>
{
    fn into_einsum_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const K: usize, const N: usize, T> EinsumOperand<'a, K, N, T, [usize; N]>
    for &'a crate::CowArray<'_, T, N>
{
    fn into_einsum_view(self) -> View<'a, T, N> {
        self.view()
    }
}

/// A reference to an operand is an operand (`einsum!("…", &a)` where `a` is already `&Array`).
impl<'a, 'b: 'a, const K: usize, const N: usize, T: 'b, S: crate::Shape<N>, A>
    EinsumOperand<'a, K, N, T, S> for &'a &'b A
where
    &'b A: EinsumOperand<'b, K, N, T, S>,
{
    fn into_einsum_view(self) -> View<'a, T, N, S> {
        (*self).into_einsum_view()
    }
}

/// Static size checks: `LabelCheck::<L, A, X, B, Y>::same_dim(&op_a, &op_b)` compiles only if
/// axis `X` of operand `A` and axis `Y` of operand `B` (both labelled `L`) may have the same
/// size: equal `Const`s, or at least one dynamic.
pub struct LabelCheck<const L: char, const A: usize, const X: usize, const B: usize, const Y: usize>;

/// Two axis markers that may carry the same label (see [`LabelCheck`]).
#[diagnostic::on_unimplemented(
    message = "einsum: label {L} has static size `{Self}` in operand {A} (axis {X}) but `{Other}` in operand {B} (axis {Y})",
    label = "`{Other}` here, `{Self}` in operand {A}"
)]
pub trait LabelDim<
    const L: char,
    const A: usize,
    const X: usize,
    const B: usize,
    const Y: usize,
    Other,
>
{
}

#[diagnostic::do_not_recommend]
impl<
        const L: char,
        const A: usize,
        const X: usize,
        const B: usize,
        const Y: usize,
        const D: usize,
    > LabelDim<L, A, X, B, Y, crate::Const<D>> for crate::Const<D>
{
}
#[diagnostic::do_not_recommend]
impl<
        const L: char,
        const A: usize,
        const X: usize,
        const B: usize,
        const Y: usize,
        const D: usize,
    > LabelDim<L, A, X, B, Y, crate::Dyn> for crate::Const<D>
{
}
#[diagnostic::do_not_recommend]
impl<
        const L: char,
        const A: usize,
        const X: usize,
        const B: usize,
        const Y: usize,
        O: crate::Dim,
    > LabelDim<L, A, X, B, Y, O> for crate::Dyn
{
}

impl<const L: char, const A: usize, const X: usize, const B: usize, const Y: usize>
    LabelCheck<L, A, X, B, Y>
{
    /// Compiles only when the two axes' static sizes agree.
    pub fn same_dim<T, U, const N0: usize, const N1: usize, S0, S1>(
        _: &View<'_, T, N0, S0>,
        _: &View<'_, U, N1, S1>,
    ) where
        S0: crate::Shape<N0> + crate::AxisDim<X>,
        S1: crate::Shape<N1> + crate::AxisDim<Y>,
        <S0 as crate::AxisDim<X>>::Dim: LabelDim<L, A, X, B, Y, <S1 as crate::AxisDim<Y>>::Dim>,
    {
    }
}

/// A rank as a value, for the output-rank arithmetic of specs with `...` in the output.
#[derive(Clone, Copy, Debug)]
pub struct Dims<const D: usize>;

pub use crate::rank::{EllDims, MaxDims, PlusDims};

/// Output-rank arithmetic for `...`: each function infers its output from the tables above.
pub struct RankOf;

impl RankOf {
    /// The ellipsis axes of an operand whose term has `E` labels besides `...`.
    pub fn ellipsis<const E: usize, const N: usize, const D: usize, T, S: crate::Shape<N>>(
        _: &View<'_, T, N, S>,
    ) -> Dims<D>
    where
        crate::rank::Rank<N>: EllDims<E, D>,
    {
        Dims
    }
    /// The broadcast ellipsis of two operands.
    pub fn max<const A: usize, const B: usize, const C: usize>(_: Dims<A>, _: Dims<B>) -> Dims<C>
    where
        crate::rank::Rank<A>: MaxDims<B, C>,
    {
        Dims
    }
    /// The ellipsis axes plus `O` output labels.
    pub fn plus<const O: usize, const A: usize, const M: usize>(_: Dims<A>) -> Dims<M>
    where
        crate::rank::Rank<A>: PlusDims<O, M>,
    {
        Dims
    }
}

/// The value an `einsum!` with a compile error expands to, typed like a likely result so the
/// error does not cascade. Never runs: the crate does not compile.
pub fn fallback<T, const M: usize>() -> Array<T, M> {
    unreachable!("einsum! expanded after a compile error")
}

/// `run` with the output rank pinned by a [`Dims`] value.
#[track_caller]
pub fn run_ranked<T: Element, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Array<T, M> {
    run(spec, ops)
}

/// `try_run` with the output rank pinned by a [`Dims`] value.
pub fn try_run_ranked<T: Element, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    try_run(spec, ops)
}

/// `view` with the output rank pinned by a [`Dims`] value.
#[track_caller]
pub fn view_ranked<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> View<'a, T, M> {
    view(spec, v)
}

/// `try_view` with the output rank pinned by a [`Dims`] value.
pub fn try_view_ranked<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> Result<View<'a, T, M>, ShapeError> {
    try_view(spec, v)
}

/// The direct kernel of small contractions, specialized at compile time.
///
/// For subscripts without `...`, the macro numbers the labels (output labels first, in output
/// order, then the summed ones) and passes, per operand, the label of each axis. Everything
/// that shapes the loops is then a constant: the number of labels `L`, of operands `K`, of
/// output labels `M`, and — for operands with static sizes — the sizes themselves, which
/// [`DirectOperand::new`] reads from the type. The loop nest (every output element, the sum
/// inside) is the fastest order for tiny operands, where GEMM's setup would dominate.
pub struct DirectOperand<'a, T, const L: usize> {
    ptr: *const T,
    /// Per label, the sum of the strides of the axes bound to it.
    strides: [isize; L],
    /// The strides a C-contiguous operand of this shape would have, per label: constants when
    /// the shape is static, so a kernel using them can be fully unrolled and vectorized.
    dense: [isize; L],
    /// Whether `dense` reaches the same element as `strides` at every index the kernel forms:
    /// each axis longer than 1 has its C-contiguous stride (the others are only ever indexed
    /// at 0, or, for a length 0, never read at all).
    is_dense: bool,
    /// Whether every size of the operand is static (a constant once inlined).
    is_static: bool,
    _borrow: std::marker::PhantomData<&'a T>,
}

impl<'a, T, const L: usize> DirectOperand<'a, T, L> {
    /// Binds the axes of `v` to labels (`labels[axis]`), recording each label's size in `sizes`
    /// (the first operand to see a label sets it) and checking it against the others'.
    /// A label repeated in one operand takes the diagonal (its strides add).
    #[inline(always)]
    pub fn new<const N: usize, S: crate::Shape<N>>(
        spec: &Spec<'_>,
        op: usize,
        v: View<'a, T, N, S>,
        labels: [usize; N],
        sizes: &mut [usize; L],
        first: &mut [(usize, usize); L],
    ) -> Result<Self, ShapeError> {
        let mut strides = [0isize; L];
        let mut dense = [0isize; L];
        let mut is_dense = true;
        let shape = v.shape();
        let vs = v.strides();
        // A static size is a constant the optimizer folds.
        let dims: [usize; N] = std::array::from_fn(|axis| S::STATIC[axis].unwrap_or(shape[axis]));
        let is_static = S::STATIC.iter().all(|d| d.is_some());
        // The C-contiguous stride of each axis. Wrapping: with a zero-length axis nothing is
        // read and the values are never used for an access; with none, each is at most the
        // operand's length.
        let mut c_strides = [0isize; N];
        let mut c = 1isize;
        for axis in (0..N).rev() {
            c_strides[axis] = c;
            c = c.wrapping_mul(dims[axis] as isize);
        }
        for axis in 0..N {
            let l = labels[axis];
            let d = dims[axis];
            if sizes[l] == usize::MAX {
                sizes[l] = d;
                first[l] = (op, axis);
            } else if sizes[l] != d {
                return Err(label_mismatch(spec, first[l], sizes[l], (op, axis), d));
            }
            strides[l] += vs[axis];
            dense[l] = dense[l].wrapping_add(c_strides[axis]);
            is_dense &= d <= 1 || vs[axis] == c_strides[axis];
        }
        Ok(DirectOperand {
            ptr: v.as_ptr(),
            strides,
            dense,
            is_dense,
            is_static,
            _borrow: std::marker::PhantomData,
        })
    }
}

/// The error of a label whose size differs between two operands (kept out of the kernel).
#[cold]
#[inline(never)]
fn label_mismatch(
    spec: &Spec<'_>,
    (fo, fa): (usize, usize),
    first_size: usize,
    (op, axis): (usize, usize),
    d: usize,
) -> ShapeError {
    let name = spec.inputs[fo][fa] as char;
    shape_err!(
        IncompatibleShape,
        "einsum \"{}\": label `{name}` is {first_size} in operand {fo} (axis {fa}) but {d} in \
         operand {op} (axis {axis})",
        spec.subscripts
    )
}

/// The direct kernel: `out[first M labels] = Σ over the other labels of Π operands`, returned
/// as a new C-order array.
///
/// Every label's size was recorded by [`DirectOperand::new`] (each label appears in some
/// operand, checked by the macro), so every offset the kernel forms stays inside its operand.
#[inline(always)]
pub fn direct<T: Element, const L: usize, const K: usize, const M: usize>(
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
) -> Array<T, M> {
    let mut shape = [0usize; M];
    shape.copy_from_slice(&sizes[..M]);
    let layout = Layout::dense(shape, Order::C);
    let dst = dense_out_strides::<L, M>(&sizes);
    // Small outputs (the usual case here, always for static sizes) are built inside the array
    // value, without an allocation.
    // SAFETY: the slots are `len` elements, the product of the output sizes, and `dst` are
    // the C-order strides of those sizes, so every offset `direct_kernel` writes is below
    // `len`, and it writes each of them (one per index of the output sizes); the slots are
    // fresh, so they overlap no operand.
    unsafe {
        Array::build(
            layout,
            #[inline(always)]
            |slots| {
                direct_kernel::<T, L, K, M>(&sizes, &ops, slots.as_mut_ptr() as *mut T, dst, true)
            },
        )
    }
}

/// The direct kernel writing into `out` (NumPy's `out=`), which must have the result's shape.
#[inline(always)]
pub fn direct_into<T: Element, const L: usize, const K: usize, const M: usize>(
    spec: &Spec<'_>,
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
    out: crate::ViewMut<'_, T, M>,
) -> Result<(), ShapeError> {
    let got = out.layout.shape;
    if (0..M).any(|i| got[i] != sizes[i]) {
        let mut want = [0usize; M];
        want.copy_from_slice(&sizes[..M]);
        return Err(out_mismatch(spec, &want, &got));
    }
    let dense = dense_out_strides::<L, M>(&sizes);
    let ostr = out.layout.strides;
    // Whether `dense` reaches the same elements as `out`'s strides (axes of length ≤ 1 are
    // only indexed at 0, or never).
    let out_dense = (0..M).all(|i| sizes[i] <= 1 || ostr[i] == dense[i]);
    // SAFETY: `out` has the output sizes (checked above) and its own strides, so every offset
    // formed from them is an element of `out`; `out` is a unique borrow, so it overlaps no
    // operand (those are shared borrows alive for the call).
    unsafe { direct_kernel::<T, L, K, M>(&sizes, &ops, out.ptr.as_ptr(), ostr, out_dense) };
    Ok(())
}

/// C-order strides of the output sizes (the first `M` labels): constants for static sizes.
#[inline(always)]
fn dense_out_strides<const L: usize, const M: usize>(sizes: &[usize; L]) -> [isize; M] {
    let mut s = [0isize; M];
    let mut acc = 1isize;
    for i in (0..M).rev() {
        s[i] = acc;
        acc = acc.wrapping_mul(sizes[i] as isize);
    }
    s
}

/// Checks that `out` has the result's shape.
#[inline(always)]
fn check_out<const M: usize>(
    spec: &Spec<'_>,
    want: &[usize; M],
    got: &[usize; M],
) -> Result<(), ShapeError> {
    // Element by element: comparing the arrays as a whole loads them as one vector, which
    // waits on the scalar stores that just wrote them.
    if (0..M).any(|i| want[i] != got[i]) {
        return Err(out_mismatch(spec, want, got));
    }
    Ok(())
}

/// The error of an `out` of the wrong shape (kept out of the kernel).
#[cold]
#[inline(never)]
fn out_mismatch<const M: usize>(
    spec: &Spec<'_>,
    want: &[usize; M],
    got: &[usize; M],
) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "einsum \"{}\": `out` has shape {got:?} but the result has shape {want:?}",
        spec.subscripts
    )
}

/// Runs the loop nest, writing output element `[i₀, …]` at `dst + Σ iₘ·dstr[m]`.
///
/// When every operand has a static shape and is C-contiguous, and `dst_dense` (the output
/// strides are the C-order ones of the output sizes), the loop nest is instantiated with the
/// C-order strides, which are then constants: the optimizer unrolls it as it would a
/// hand-written loop on nested arrays. Otherwise it takes the operands' own strides.
///
/// # Safety
/// `sizes` holds every label's size, each checked against every operand axis bound to it (as
/// [`DirectOperand::new`] does), and for every index below the output sizes,
/// `dst + Σ iₘ·dstr[m]` is a distinct element valid for writes, overlapping no operand. If
/// `dst_dense`, the C-order strides of the output sizes address those same elements.
#[inline(always)]
unsafe fn direct_kernel<T: Element, const L: usize, const K: usize, const M: usize>(
    sizes: &[usize; L],
    ops: &[DirectOperand<'_, T, L>; K],
    dst: *mut T,
    dstr: [isize; M],
    dst_dense: bool,
) {
    let ptrs: [*const T; K] = std::array::from_fn(|k| ops[k].ptr);
    // `is_static` is a constant once inlined: for dynamic shapes only the general loop nest
    // is compiled.
    let all_static = ops.iter().all(|o| o.is_static);
    if all_static && dst_dense && ops.iter().all(|o| o.is_dense) {
        let strides: [[isize; L]; K] = std::array::from_fn(|k| ops[k].dense);
        let dense = dense_out_strides::<L, M>(sizes);
        let total: usize = sizes[..M].iter().product();
        if total.saturating_mul(size_of::<T>()) <= size_of::<Scratch>()
            && align_of::<T>() <= align_of::<Scratch>()
        {
            // Through a local buffer: `dst` is a raw pointer the optimizer must assume may
            // alias the operands, so it keeps every store before the next loads and cannot
            // vectorize across output elements (3×3: 3.96 ns this way, 7.9 ns without). The
            // buffer is a local whose address does not escape; with static sizes the copy
            // folds into the kernel's stores.
            let mut buf = std::mem::MaybeUninit::<Scratch>::uninit();
            let b = buf.as_mut_ptr() as *mut T;
            // SAFETY: the caller's contract, the dense strides addressing the same operand
            // elements; the output offsets are the C-order ones, below `total`, which fits
            // the buffer (size and alignment checked above).
            unsafe { direct_emit::<T, L, K, M>(sizes, ptrs, strides, b, dense) };
            // SAFETY: the kernel wrote all `total` elements of the buffer in C order; `dst`
            // (with C-order strides, `dst_dense`) holds `total` distinct elements from `dst`
            // on, valid for writes and overlapping neither the operands nor the local buffer.
            unsafe { std::ptr::copy_nonoverlapping(b, dst, total) };
        } else {
            // SAFETY: the caller's contract; the dense strides address the same elements.
            unsafe { direct_emit::<T, L, K, M>(sizes, ptrs, strides, dst, dense) }
        }
    } else {
        let strides: [[isize; L]; K] = std::array::from_fn(|k| ops[k].strides);
        // SAFETY: the caller's contract.
        unsafe { direct_emit::<T, L, K, M>(sizes, ptrs, strides, dst, dstr) }
    }
}

/// The local output buffer of [`direct_kernel`]: 64 `f64`s (8×8), cache-line aligned.
#[repr(C, align(64))]
struct Scratch([u8; 512]);

/// Computes every output element in C order, the sum inside, and writes each at
/// `dst + Σ iₘ·dstr[m]`.
///
/// # Safety
/// As [`direct_kernel`]; additionally, for every label index below its size, operand `k`'s
/// element at `ptrs[k] + Σ i_l·strides[k][l]` is readable.
#[inline(always)]
unsafe fn direct_emit<T: Element, const L: usize, const K: usize, const M: usize>(
    sizes: &[usize; L],
    ptrs: [*const T; K],
    strides: [[isize; L]; K],
    dst: *mut T,
    dstr: [isize; M],
) {
    let total_out: usize = sizes[..M].iter().product();
    if total_out == 0 {
        return;
    }
    if M <= 4 && L - M <= 3 {
        // SAFETY: the caller's contract.
        unsafe { nested_emit::<T, L, K, M>(sizes, ptrs, strides, dst, dstr) };
        return;
    }
    let inner_total: usize = sizes[M..].iter().product();
    let mut oidx = [0usize; L];
    let mut base = [0isize; K];
    let mut dbase = 0isize;
    for _ in 0..total_out {
        let mut acc = T::zero();
        if inner_total > 0 {
            // The summed labels: an odometer over labels M..L.
            let mut idx = oidx;
            let mut off = base;
            loop {
                // SAFETY: every label index is below its size, so `off[k]` is an in-bounds
                // element offset of operand k (the caller's contract; K ≥ 1: every spec has
                // at least one term).
                let mut prod = unsafe { *ptrs[0].offset(off[0]) };
                for k in 1..K {
                    // SAFETY: as above.
                    prod = prod * unsafe { *ptrs[k].offset(off[k]) };
                }
                acc = acc + prod;
                let mut l = L;
                let done = loop {
                    if l == M {
                        break true;
                    }
                    l -= 1;
                    idx[l] += 1;
                    for k in 0..K {
                        off[k] = off[k].wrapping_add(strides[k][l]);
                    }
                    if idx[l] < sizes[l] {
                        break false;
                    }
                    for k in 0..K {
                        off[k] = off[k].wrapping_sub(strides[k][l].wrapping_mul(sizes[l] as isize));
                    }
                    idx[l] = 0;
                };
                if done {
                    break;
                }
            }
        }
        // SAFETY: every output index is below its size, so `dbase` is the offset of a
        // distinct writable output element (the caller's contract).
        unsafe { dst.offset(dbase).write(acc) };
        // Next output element: an odometer over labels 0..M.
        let mut l = M;
        while l > 0 {
            l -= 1;
            oidx[l] += 1;
            for k in 0..K {
                base[k] = base[k].wrapping_add(strides[k][l]);
            }
            dbase = dbase.wrapping_add(dstr[l]);
            if oidx[l] < sizes[l] {
                break;
            }
            for k in 0..K {
                base[k] = base[k].wrapping_sub(strides[k][l].wrapping_mul(sizes[l] as isize));
            }
            dbase = dbase.wrapping_sub(dstr[l].wrapping_mul(sizes[l] as isize));
            oidx[l] = 0;
        }
    }
}

/// [`direct_emit`] as plain nested loops, four output levels and three summed ones, the
/// missing levels padded with length 1 and stride 0. With the label count, operand count and
/// (for static operands) the sizes all constants, the optimizer drops the padding and unrolls
/// what is small, as it would a hand-written loop nest.
///
/// # Safety
/// As [`direct_emit`].
#[inline(always)]
unsafe fn nested_emit<T: Element, const L: usize, const K: usize, const M: usize>(
    sizes: &[usize; L],
    ptrs: [*const T; K],
    strides: [[isize; L]; K],
    dst: *mut T,
    dstr: [isize; M],
) {
    let os: [usize; 4] = std::array::from_fn(|i| if i < M { sizes[i] } else { 1 });
    let ss: [usize; 3] = std::array::from_fn(|i| if M + i < L { sizes[M + i] } else { 1 });
    let ostr: [[isize; 4]; K] =
        std::array::from_fn(|k| std::array::from_fn(|i| if i < M { strides[k][i] } else { 0 }));
    let sstr: [[isize; 3]; K] = std::array::from_fn(|k| {
        std::array::from_fn(|i| if M + i < L { strides[k][M + i] } else { 0 })
    });
    let dstr: [isize; 4] = std::array::from_fn(|i| if i < M { dstr[i] } else { 0 });
    for o0 in 0..os[0] {
        for o1 in 0..os[1] {
            for o2 in 0..os[2] {
                for o3 in 0..os[3] {
                    let base: [isize; K] = std::array::from_fn(|k| {
                        o0 as isize * ostr[k][0]
                            + o1 as isize * ostr[k][1]
                            + o2 as isize * ostr[k][2]
                            + o3 as isize * ostr[k][3]
                    });
                    let mut acc = T::zero();
                    for s0 in 0..ss[0] {
                        for s1 in 0..ss[1] {
                            for s2 in 0..ss[2] {
                                let off = |k: usize| {
                                    base[k]
                                        + s0 as isize * sstr[k][0]
                                        + s1 as isize * sstr[k][1]
                                        + s2 as isize * sstr[k][2]
                                };
                                // SAFETY: every loop index is below its label's size, so each
                                // offset is in bounds (the caller's contract; K ≥ 1: every
                                // spec has a term).
                                let mut prod = unsafe { *ptrs[0].offset(off(0)) };
                                for k in 1..K {
                                    // SAFETY: as above.
                                    prod = prod * unsafe { *ptrs[k].offset(off(k)) };
                                }
                                acc = acc + prod;
                            }
                        }
                    }
                    let d = o0 as isize * dstr[0]
                        + o1 as isize * dstr[1]
                        + o2 as isize * dstr[2]
                        + o3 as isize * dstr[3];
                    // SAFETY: every output index is below its size, so `d` is the offset of a
                    // distinct writable output element (the caller's contract).
                    unsafe { dst.offset(d).write(acc) };
                }
            }
        }
    }
}

/// What an `out = …` target of `einsum!` may be: `&mut Array`, `&mut ViewMut` or a `ViewMut`.
#[diagnostic::on_unimplemented(
    message = "einsum `out` must be a mutable array of rank {M} (the output's), found `{Self}`",
    label = "expected `&mut Array<_, {M}>` or a `ViewMut` of rank {M}"
)]
pub trait EinsumOut<'a, const M: usize, T> {
    /// The target as a mutable view.
    fn into_einsum_out(self) -> crate::ViewMut<'a, T, M>;
}

impl<'a, const M: usize, T, S: crate::Shape<M>> EinsumOut<'a, M, T> for &'a mut Array<T, M, S> {
    fn into_einsum_out(self) -> crate::ViewMut<'a, T, M> {
        self.view_mut().into_dynamic()
    }
}
impl<'a, const M: usize, T, S: crate::Shape<M>> EinsumOut<'a, M, T>
    for crate::ViewMut<'a, T, M, S>
{
    fn into_einsum_out(self) -> crate::ViewMut<'a, T, M> {
        self.into_dynamic()
    }
}
impl<'a, 'b, const M: usize, T, S: crate::Shape<M>> EinsumOut<'a, M, T>
    for &'a mut crate::ViewMut<'b, T, M, S>
{
    fn into_einsum_out(self) -> crate::ViewMut<'a, T, M> {
        self.view_mut().into_dynamic()
    }
}

/// `try_run` into an `out` target.
pub fn try_run_into<T: Element, const M: usize>(
    d: Dims<M>,
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
    mut out: crate::ViewMut<'_, T, M>,
) -> Result<(), ShapeError> {
    let r = try_run_ranked(d, spec, ops)?;
    check_out(spec, &r.shape(), &out.shape())?;
    out.assign(&r);
    Ok(())
}

/// `try_view` into an `out` target (a copy of the view).
pub fn try_view_into<'a, T: Clone, const N: usize, S: crate::Shape<N>, const M: usize>(
    d: Dims<M>,
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
    mut out: crate::ViewMut<'_, T, M>,
) -> Result<(), ShapeError> {
    let r = try_view_ranked(d, spec, v)?;
    check_out(spec, &r.shape(), &out.shape())?;
    out.assign(&r);
    Ok(())
}

/// Loop points (the product of every label's size) up to which the direct kernel beats the
/// pairwise path: below it, GEMM's setup costs more than the arithmetic.
pub const DIRECT_MAX_WORK: usize = 4096;

/// Whether a contraction with these label sizes takes the direct kernel.
#[inline(always)]
pub fn is_small<const L: usize>(sizes: &[usize; L]) -> bool {
    let mut work: usize = 1;
    for &d in sizes {
        work = work.saturating_mul(d);
    }
    work <= DIRECT_MAX_WORK
}

/// Unwraps an einsum result, panicking with its message at the macro's call site.
#[track_caller]
#[inline(always)]
pub fn unwrap<R>(r: Result<R, ShapeError>) -> R {
    unwrap_or_panic(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(pairs: &[(u8, usize)]) -> Sizes {
        let mut s = Sizes {
            of: [usize::MAX; 256],
        };
        for &(l, d) in pairs {
            s.of[l as usize] = d;
        }
        s
    }

    #[test]
    fn optimal_path_avoids_the_big_intermediate() {
        // abc,cd,de->abe with 100 each: contract cd,de first (NumPy's optimize=True does too).
        let s = sizes(&[
            (b'a', 100),
            (b'b', 100),
            (b'c', 100),
            (b'd', 100),
            (b'e', 100),
        ]);
        let terms = vec![b"abc".to_vec(), b"cd".to_vec(), b"de".to_vec()];
        let (path, cost) = contraction_path(&terms, b"abe", &s);
        assert_eq!(path, vec![(1, 2), (0, 1)]);
        assert_eq!(cost, 1e6 + 1e8);
        let (gpath, _) = greedy_path(&terms, b"abe", &s);
        assert_eq!(gpath, vec![(1, 2), (0, 1)]);
    }

    #[test]
    fn remembered_paths_follow_the_sizes() {
        // a,ab,b->: contracting a with ab first is cheaper when b is small, ab with b when a
        // is; the remembered paths must not leak from one set of sizes to the other.
        let terms = vec![b"a".to_vec(), b"ab".to_vec(), b"b".to_vec()];
        let small_b = sizes(&[(b'a', 1000), (b'b', 2)]);
        let small_a = sizes(&[(b'a', 2), (b'b', 1000)]);
        for _ in 0..3 {
            assert_eq!(
                contraction_path(&terms, b"", &small_b),
                optimal_path(&terms, b"", &small_b)
            );
            assert_eq!(
                contraction_path(&terms, b"", &small_a),
                optimal_path(&terms, b"", &small_a)
            );
        }
        assert_ne!(
            contraction_path(&terms, b"", &small_b).0,
            contraction_path(&terms, b"", &small_a).0
        );
        // More label sets than are remembered: still right.
        for d in 1..40 {
            let s = sizes(&[(b'a', d), (b'b', 41 - d)]);
            assert_eq!(
                contraction_path(&terms, b"", &s),
                optimal_path(&terms, b"", &s)
            );
        }
    }

    #[test]
    fn collapse_merges_contiguous_groups() {
        let t = Tensor::<f64> {
            ptr: std::ptr::null(),
            owned: None,
            labels: b"abc".to_vec(),
            sizes: vec![2, 3, 4],
            strides: vec![12, 4, 1],
        };
        let s = sizes(&[(b'a', 2), (b'b', 3), (b'c', 4)]);
        assert_eq!(collapse(&t, b"bc", &s), Some((12, 1)));
        assert_eq!(collapse(&t, b"ac", &s), None);
        assert_eq!(collapse(&t, b"", &s), Some((1, 1)));
    }
}

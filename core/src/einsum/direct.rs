//! The direct kernel: small contractions without `...`, specialized at compile time.
//!
//! # Unsafe code here
//!
//! - `direct_kernel`, `direct_emit` and `nested_emit` are `unsafe fn`s that read operands and
//!   write the output through raw pointers at offsets from label indices below `sizes`.
//! - `direct::check_sizes` checks in release builds that `sizes` match every operand's axes and
//!   that the output size fits (`layout::checked_size`) before any call (invariants 2–3).
//! - `direct` writes fresh slots of exactly the output's size; `direct_into` checks `out`'s
//!   shape and writes through a unique `ViewMut`, disjoint from the operands (invariant 4).

use super::*;

/// The direct kernel of small contractions, specialized at compile time.
///
/// For subscripts without `...`, the macro numbers the labels (output labels first, in output
/// order, then the summed ones) and passes, per operand, the label of each axis. Everything
/// that shapes the loops is then a constant: the number of labels `L`, of operands `K`, of
/// output labels `M`, and — for operands with static sizes — the sizes themselves, which
/// [`DirectOperand::new`] reads from the type. The loop nest (every output element, the sum
/// inside) is the fastest order for tiny operands, where GEMM's setup would dominate.
#[doc(hidden)]
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
    /// Per label, the size of the axes bound to it (`usize::MAX` for a label this operand
    /// does not have): what [`direct`] checks the caller's sizes against.
    dims: [usize; L],
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
        let mut own = [usize::MAX; L];
        let mut is_dense = true;
        let shape = v.shape();
        let vs = v.strides();
        // A static size is a constant the optimizer folds.
        let dims: [usize; N] = std::array::from_fn(|axis| S::STATIC[axis].unwrap_or(shape[axis]));
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
            // Every axis bound to `l` was compared with `sizes[l]` just above.
            own[l] = d;
            strides[l] += vs[axis];
            dense[l] = dense[l].wrapping_add(c_strides[axis]);
            is_dense &= d <= 1 || vs[axis] == c_strides[axis];
        }
        Ok(DirectOperand {
            ptr: v.as_ptr(),
            strides,
            dense,
            is_dense,
            dims: own,
            _borrow: std::marker::PhantomData,
        })
    }
}

/// The error of a label whose size differs between two operands (kept out of the kernel).
#[cold]
#[inline(never)]
pub(super) fn label_mismatch(
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

/// Checks `sizes` against the operands before the kernel forms any offset: every label is
/// bound by some operand, each operand's axes have exactly the label's size, and the output's
/// size fits. With static sizes every comparison is between constants and folds away.
#[inline(always)]
fn check_sizes<T, const L: usize, const K: usize, const M: usize>(
    sizes: &[usize; L],
    ops: &[DirectOperand<'_, T, L>; K],
) -> Result<(), ShapeError> {
    for l in 0..L {
        let mut bound = false;
        for op in ops {
            let d = op.dims[l];
            if d != usize::MAX {
                bound = true;
                if d != sizes[l] {
                    return Err(direct_mismatch(l, sizes[l], Some(d)));
                }
            }
        }
        if !bound {
            return Err(direct_mismatch(l, sizes[l], None));
        }
    }
    // The output's bytes must fit in `isize` (invariant 3); the message, out of line.
    let mut bytes = std::mem::size_of::<T>().max(1);
    for &d in &sizes[..M] {
        bytes = bytes.saturating_mul(d.max(1));
    }
    if bytes > isize::MAX as usize {
        let mut out = [0usize; M];
        out.copy_from_slice(&sizes[..M]);
        // The same test as `checked_size`'s, which words the error.
        let size = std::mem::size_of::<T>();
        return Err(
            crate::layout::checked_size("einsum direct kernel", &out, size)
                .expect_err("the output's bytes overflow `isize`"),
        );
    }
    Ok(())
}

/// The error of sizes that do not match the operands (kept out of the kernel).
#[cold]
#[inline(never)]
fn direct_mismatch(label: usize, size: usize, operand: Option<usize>) -> ShapeError {
    let Some(operand) = operand else {
        return shape_err!(
            InvalidArgument,
            "einsum direct kernel: label {label} (size {size}) is not bound by any operand"
        );
    };
    shape_err!(
        IncompatibleShape,
        "einsum direct kernel: label {label} has size {size} but an operand's axes bound to it \
         have {operand}"
    )
}

/// Whether every operand of a direct-kernel call has static sizes, as a constant of the
/// operands' types, listed as `(&View<T, N0, S0>, (&View<T, N1, S1>, (…, ())))` (any number).
///
/// The kernel is inlined into every call (it is small, and the call's context makes its loops
/// faster than one shared copy's: measured 42 ns against 65 ns for a dynamic 3×3 product).
/// With static operands it has two loop nests, one with constant C-order strides the optimizer
/// unrolls; with dynamic ones only the general nest can run, and this constant (an `if` rustc
/// resolves before code generation) keeps the other from being compiled at every call site:
/// half of the release-build cost of an `einsum!` call (BENCHMARKS.md, compile time).
#[doc(hidden)]
pub trait AllStatic {
    /// Every operand's sizes are static.
    const ALL: bool;
}

/// One operand's part of [`AllStatic`].
#[doc(hidden)]
pub trait StaticView {
    /// Every size of this view's shape type is static.
    const STATIC: bool;
}

impl<T, const N: usize, S: crate::Shape<N>> StaticView for &View<'_, T, N, S> {
    const STATIC: bool = {
        let mut k = 0;
        let mut all = true;
        while k < N {
            all &= S::STATIC[k].is_some();
            k += 1;
        }
        all
    };
}

/// No operands left: all were static.
impl AllStatic for () {
    const ALL: bool = true;
}

/// One operand, then the rest.
impl<A: StaticView, Rest: AllStatic> AllStatic for (A, Rest) {
    const ALL: bool = A::STATIC && Rest::ALL;
}

/// The direct kernel: `out[first M labels] = Σ over the other labels of Π operands`, returned
/// as a new C-order array. `V` tells whether every operand is static ([`AllStatic`]): only
/// then is the constant-stride loop nest compiled.
///
/// # Panics
/// When `sizes` disagree with the operands' (see `check_sizes`), which cannot happen with the
/// sizes [`DirectOperand::new`] recorded for every label.
#[inline(always)]
#[doc(hidden)]
pub fn direct<T: Element, const L: usize, const K: usize, const M: usize, V: AllStatic>(
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
    _views: V,
) -> Array<T, M> {
    if V::ALL {
        direct_inline::<T, L, K, M, true>(sizes, ops)
    } else {
        direct_inline::<T, L, K, M, false>(sizes, ops)
    }
}

/// The body of [`direct`]; `STATIC`: whether the operands may be static (see
/// [`direct_kernel`]).
#[inline(always)]
fn direct_inline<T: Element, const L: usize, const K: usize, const M: usize, const STATIC: bool>(
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
) -> Array<T, M> {
    unwrap_or_panic(check_sizes::<T, L, K, M>(&sizes, &ops));
    let mut shape = [0usize; M];
    shape.copy_from_slice(&sizes[..M]);
    let layout = Layout::dense(shape, Order::C);
    let dst = dense_out_strides::<L, M>(&sizes);
    // Small outputs (the usual case here, always for static sizes) are built inside the array
    // value, without an allocation.
    // SAFETY: operand reads: `check_sizes` (above, in release builds) matched `sizes` to every
    // operand's axes. Writes: the slots are `len` elements, the product of the output sizes,
    // and `dst` are the C-order strides of those sizes, so every offset `direct_kernel` writes
    // is below `len`, and it writes each of them (one per index of the output sizes); the
    // slots are fresh, so they overlap no operand.
    unsafe {
        Array::build(
            layout,
            #[inline(always)]
            |slots| {
                direct_kernel::<T, L, K, M, STATIC>(
                    &sizes,
                    &ops,
                    slots.as_mut_ptr() as *mut T,
                    dst,
                    true,
                )
            },
        )
    }
}

/// The direct kernel writing into `out` (NumPy's `out=`), which must have the result's shape;
/// `V` as in [`direct`].
#[inline(always)]
#[doc(hidden)]
pub fn direct_into<T: Element, const L: usize, const K: usize, const M: usize, V: AllStatic>(
    spec: &Spec<'_>,
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
    out: crate::ViewMut<'_, T, M>,
    _views: V,
) -> Result<(), ShapeError> {
    if V::ALL {
        direct_into_inline::<T, L, K, M, true>(spec, sizes, ops, out)
    } else {
        direct_into_inline::<T, L, K, M, false>(spec, sizes, ops, out)
    }
}

/// The body of [`direct_into`], as [`direct_inline`].
#[inline(always)]
fn direct_into_inline<
    T: Element,
    const L: usize,
    const K: usize,
    const M: usize,
    const STATIC: bool,
>(
    spec: &Spec<'_>,
    sizes: [usize; L],
    ops: [DirectOperand<'_, T, L>; K],
    out: crate::ViewMut<'_, T, M>,
) -> Result<(), ShapeError> {
    check_sizes::<T, L, K, M>(&sizes, &ops)?;
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
    // SAFETY: operand reads: `check_sizes` (a release check, above) matched `sizes` to every
    // operand's axes. Writes: `out` has the output sizes (compared above, in release builds)
    // and its own strides, so every offset formed from them is an element of `out`, and
    // `out_dense` says whether the C-order strides reach the same ones; `out` is a unique
    // borrow, so it overlaps no operand (those are shared borrows alive for the call).
    unsafe { direct_kernel::<T, L, K, M, STATIC>(&sizes, &ops, out.ptr.as_ptr(), ostr, out_dense) };
    Ok(())
}

/// C-order strides of the output sizes (the first `M` labels): constants for static sizes.
#[inline(always)]
pub(super) fn dense_out_strides<const L: usize, const M: usize>(sizes: &[usize; L]) -> [isize; M] {
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
pub(super) fn check_out<const M: usize>(
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
pub(super) fn out_mismatch<const M: usize>(
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
/// When `STATIC` (every operand's type has static sizes, [`AllStatic`]), every operand is
/// C-contiguous and `dst_dense` (the output strides are the C-order ones of the output sizes),
/// the loop nest is instantiated with the C-order strides, which are then constants: the
/// optimizer unrolls it as it would a hand-written loop on nested arrays. Otherwise it takes
/// the operands' own strides. `STATIC` only selects code: a wrong value costs speed, never
/// soundness (the dense strides are used only where `is_dense` says they are the operand's).
///
/// # Safety
/// `sizes` holds every label's size, each checked against every operand axis bound to it (as
/// [`DirectOperand::new`] does), and for every index below the output sizes,
/// `dst + Σ iₘ·dstr[m]` is a distinct element valid for writes, overlapping no operand. If
/// `dst_dense`, the C-order strides of the output sizes address those same elements.
#[inline(always)]
pub(super) unsafe fn direct_kernel<
    T: Element,
    const L: usize,
    const K: usize,
    const M: usize,
    const STATIC: bool,
>(
    sizes: &[usize; L],
    ops: &[DirectOperand<'_, T, L>; K],
    dst: *mut T,
    dstr: [isize; M],
    dst_dense: bool,
) {
    let ptrs: [*const T; K] = std::array::from_fn(|k| ops[k].ptr);
    // `STATIC && …`: with a dynamic operand (known from the types) the `if` on the constant is
    // resolved before code generation, and only the general loop nest is compiled.
    if STATIC && dst_dense && ops.iter().all(|o| o.is_dense) {
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
            // SAFETY: operand reads: `sizes` are the operands' own (the caller's contract,
            // which `direct`/`direct_into` establish with `check_sizes` in release builds), and
            // each operand's `dense` strides reach the same elements as its own strides
            // (`is_dense`, computed by `DirectOperand::new` from the view's runtime strides and
            // its sizes, whose static part every view keeps: `as_static`, `into_static` and
            // array construction check it in release builds). Writes: the C-order offsets of
            // the output sizes, below `total`, which fits the buffer (size and alignment
            // checked just above).
            unsafe { direct_emit::<T, L, K, M, true>(sizes, ptrs, strides, b, dense) };
            // SAFETY: the kernel wrote all `total` elements of the buffer in C order; `dst`
            // (with C-order strides, `dst_dense`) holds `total` distinct elements from `dst`
            // on, valid for writes and overlapping neither the operands nor the local buffer.
            unsafe { std::ptr::copy_nonoverlapping(b, dst, total) };
        } else {
            // SAFETY: operand reads as above; writes at `dst` with the C-order strides of the
            // output sizes, which address the same elements as `dstr` (`dst_dense`, the
            // caller's contract: `direct` passes a fresh C-order buffer, `direct_into`
            // compares `out`'s strides in release builds).
            unsafe { direct_emit::<T, L, K, M, true>(sizes, ptrs, strides, dst, dense) }
        }
    } else {
        let strides: [[isize; L]; K] = std::array::from_fn(|k| ops[k].strides);
        // SAFETY: the caller's contract, with each operand's own strides: `sizes` are the
        // operands' sizes (`check_sizes`, a release check in `direct`/`direct_into`), so every
        // offset formed is an element of its view; `dst`/`dstr` address distinct writable
        // elements (a fresh buffer in `direct`, `out`'s own layout in `direct_into`).
        unsafe { direct_emit::<T, L, K, M, STATIC>(sizes, ptrs, strides, dst, dstr) }
    }
}

/// The local output buffer of [`direct_kernel`]: 64 `f64`s (8×8), cache-line aligned.
#[repr(C, align(64))]
pub(super) struct Scratch([u8; 512]);

/// Computes every output element in C order, the sum inside, and writes each at
/// `dst + Σ iₘ·dstr[m]`.
///
/// With `NEST` (static operands), up to four output and three summed labels run as plain
/// nested loops ([`nested_emit`]), which the optimizer unrolls when the sizes are constants.
/// Otherwise (dynamic sizes) one odometer loop runs every case: as fast there (1 207
/// against 1 206 instructions per iteration of `benches/instructions.rs dynamic`) and much
/// cheaper to compile at each call site (an `einsum!` call: 52 → 30 ms in a release build).
///
/// # Safety
/// As [`direct_kernel`]; additionally, for every label index below its size, operand `k`'s
/// element at `ptrs[k] + Σ i_l·strides[k][l]` is readable.
#[inline(always)]
pub(super) unsafe fn direct_emit<
    T: Element,
    const L: usize,
    const K: usize,
    const M: usize,
    const NEST: bool,
>(
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
    if NEST && M <= 4 && L - M <= 3 {
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
pub(super) unsafe fn nested_emit<T: Element, const L: usize, const K: usize, const M: usize>(
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

//! The runtime of `einsum!`: what its expansion calls once the macro has parsed and checked
//! the subscripts.
//!
//! The macro turns `"ij,jk->ik"` into a `Spec` constant and each operand into a [`View`] of
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
//! A single operand without reduction returns a view (`view`), as NumPy does.
//!
//! The functions and types the expansion calls are `#[doc(hidden)]`: not API, free to change in
//! any release. Each is safe to call with any arguments (it checks in release builds what the
//! macro checked at compile time), so a hand-written call can fail, never corrupt memory. The
//! public items are [`Element`] (the element types `einsum!` accepts) and [`EinsumPath`]
//! (what `einsum_path!` returns).
//!
//! # Unsafe code here
//!
//! - `try_view` and the final write make `View`s with `View::from_raw`, and the reference loop
//!   reads operands through raw pointers; label sizes agree with every operand's axes, checked
//!   by `bind` before any offset is formed (invariant 2).
//! - `try_run` checks, with `checked_len`, the size of the output and every operand before the
//!   first step and each step's result before it is made: overflow is `ErrorKind::Overflow`
//!   (invariant 3).
//! - `Operand` keeps its pointer private and borrows its source, so the memory stays live.

use crate::array::Array;
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::{Layout, Order};
use crate::view::View;
use num_traits::Zero;
use std::any::TypeId;
use std::fmt;
use std::ops::{Add, Mul};
use std::ptr::NonNull;

mod contract;
mod direct;
mod matmul;
mod operand;
mod path;

pub(crate) use contract::dot_lane;
use contract::{contract_pair, reduce, Tensor};
pub use direct::*;
pub use operand::*;
use path::{contraction_path, union};
pub use path::{path, try_path, EinsumPath, Step};

/// Marks `...` in a term's label list.
#[doc(hidden)]
pub const ELLIPSIS: u8 = b'.';
/// Ellipsis axes get the labels `ELL_BASE + k` (outside the 52 letters).
const ELL_BASE: u8 = 128;

/// The parsed subscripts, as the macro emits them: ASCII letters, [`ELLIPSIS`] for `...`.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
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
#[doc(hidden)]
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

/// Checks what the macro has checked already, for a [`Spec`] made by hand: labels are ASCII
/// letters or [`ELLIPSIS`], at most one `...` a term, every output letter once and in some
/// input, and `...` in the output only with one in an input. Everything after binding relies
/// on these (internal labels of ellipsis axes must not appear as letters, for one).
fn check_spec(spec: &Spec<'_>) -> Result<(), ShapeError> {
    let sub = spec.subscripts;
    let bad = |what: String| Err(shape_err!(InvalidArgument, "einsum \"{sub}\": {what}"));
    let terms = spec
        .inputs
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("term {i}"), *t));
    for (name, term) in terms.chain([("the output".to_string(), spec.output)]) {
        if let Some(&l) = term
            .iter()
            .find(|&&l| l != ELLIPSIS && !l.is_ascii_alphabetic())
        {
            return bad(format!("label byte {l} in {name} is not an ASCII letter"));
        }
        if term.iter().filter(|&&l| l == ELLIPSIS).count() > 1 {
            return bad(format!("{name} has more than one `...`"));
        }
    }
    for (k, &l) in spec.output.iter().enumerate() {
        if l == ELLIPSIS {
            if !spec.inputs.iter().any(|t| t.contains(&ELLIPSIS)) {
                return bad("`...` in the output but in no input".into());
            }
        } else if spec.output[..k].contains(&l) {
            return bad(format!(
                "output label `{}` appears more than once",
                l as char
            ));
        } else if !spec.inputs.iter().any(|t| t.contains(&l)) {
            return bad(format!(
                "output label `{}` does not appear in any input term",
                l as char
            ));
        }
    }
    Ok(())
}

/// Checks that the bound output has the rank `M` the caller's result type has.
fn check_rank<const M: usize>(spec: &Spec<'_>, out: &[u8]) -> Result<(), ShapeError> {
    if out.len() != M {
        return Err(shape_err!(
            IncompatibleShape,
            "einsum \"{}\": the output has {} axes but the result has rank {M}",
            spec.subscripts,
            out.len()
        ));
    }
    Ok(())
}

/// The number of elements over `labels`, checked: every buffer and every loop of a run is over
/// a subset of the labels of an operand, a path step's result or the output, so checking those
/// once keeps every size product below exact.
fn checked_len(
    spec: &Spec<'_>,
    what: &str,
    labels: &[u8],
    sizes: &Sizes,
    elem: usize,
) -> Result<usize, ShapeError> {
    let shape: Vec<usize> = labels.iter().map(|&l| sizes.get(l)).collect();
    let too_large = || {
        shape_err!(
            Overflow,
            "einsum \"{}\": {what} shape {shape:?} is too large: its size overflows `usize`",
            spec.subscripts
        )
    };
    if shape.contains(&0) {
        return Ok(0);
    }
    let mut n: usize = 1;
    for &d in &shape {
        n = n.checked_mul(d).ok_or_else(too_large)?;
    }
    if n.checked_mul(elem.max(1))
        .is_none_or(|b| b > isize::MAX as usize)
    {
        return Err(too_large());
    }
    Ok(n)
}

/// Step 1: expands ellipses, folds diagonals, checks sizes.
fn bind<T>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<(Vec<Bound>, Vec<u8>, Sizes), ShapeError> {
    check_spec(spec)?;
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
#[doc(hidden)]
pub fn view<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> View<'a, T, M> {
    unwrap_or_panic(try_view(spec, v))
}

/// [`view`], returning the error instead of panicking.
#[doc(hidden)]
pub fn try_view<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> Result<View<'a, T, M>, ShapeError> {
    let (bound, out, _) = bind(spec, &[Operand::new(&v)])?;
    check_rank::<M>(spec, &out)?;
    let b = &bound[0];
    let mut layout = Layout {
        shape: [0; M],
        strides: [0; M],
    };
    for (k, l) in out.iter().enumerate() {
        let j = b
            .labels
            .iter()
            .position(|x| x == l)
            .expect("`check_spec`: every output label is in the only input");
        layout.shape[k] = b.sizes[j];
        layout.strides[k] = b.strides[j];
    }
    // SAFETY: every output index maps, label by label, to an index of `v` (a diagonal index
    // repeats one coordinate), so to one of its elements.
    Ok(unsafe { View::from_raw(NonNull::new_unchecked(v.as_ptr() as *mut T), layout) })
}

/// `einsum!` with an owned result of rank `M`.
///
/// # Panics
/// On size mismatches: `einsum "ij,jk->ik": label `j` is 3 in operand 0 (axis 1) but 4 in
/// operand 1 (axis 0)`.
#[track_caller]
#[doc(hidden)]
pub fn run<T: Element, const M: usize>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> Array<T, M> {
    unwrap_or_panic(try_run(spec, ops))
}

/// [`run`], returning the error instead of panicking.
#[doc(hidden)]
pub fn try_run<T: Element, const M: usize>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    check_rank::<M>(spec, &out)?;
    let terms: Vec<Vec<u8>> = bound.iter().map(|b| b.labels.clone()).collect();
    let mut list: Vec<Tensor<T>> = bound
        .into_iter()
        .zip(ops)
        .map(|(b, op)| Tensor::from_bound(op.ptr, b))
        .collect();
    // Every buffer and loop of the run is over a subset of the labels of an operand (broadcast
    // `...` axes included), of a step's result or of the output: checking those sizes before
    // each is made keeps every size product below exact.
    let elem = std::mem::size_of::<T>();
    checked_len(spec, "the output", &out, &sizes, elem)?;
    for t in &terms {
        checked_len(spec, "an operand's", t, &sizes, elem)?;
    }
    let (path, _) = contraction_path(&terms, &out, &sizes);
    for &(i, j) in &path {
        let b = list.remove(j);
        let a = list.remove(i);
        let others: Vec<u8> = list.iter().flat_map(|t| t.labels.iter().copied()).collect();
        let needed: Vec<u8> = union(&out, &others);
        let rest: Vec<&[u8]> = list.iter().map(|t| &t.labels[..]).collect();
        let result = path::result_labels(&a.labels, &b.labels, &rest, &out);
        checked_len(spec, "an intermediate", &result, &sizes, elem)?;
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
#[doc(hidden)]
pub fn reference<T: Element, const M: usize>(
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    check_rank::<M>(spec, &out)?;
    let all = bound
        .iter()
        .fold(out.clone(), |acc, b| union(&acc, &b.labels));
    checked_len(spec, "the label space's", &all, &sizes, 1)?;
    checked_len(spec, "the output", &out, &sizes, std::mem::size_of::<T>())?;
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

/// A rank as a value, for the output-rank arithmetic of specs with `...` in the output.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub struct Dims<const D: usize>;

impl<const D: usize> Dims<D> {
    /// Compiles only when these `D` ellipsis axes of operand `K` (from [`RankOf::ellipsis`])
    /// are none: the expansion's check for an explicit output without `...`, which would
    /// otherwise sum them (NumPy refuses that too). A method, so that `D` comes from the
    /// receiver, which the compiler resolves first.
    pub fn kept_by_output<const K: usize>(self)
    where
        EllipsisAxes: EllipsisDropped<K, D>,
    {
    }
}

#[doc(hidden)]
pub use crate::rank::{EllDims, MaxDims, PlusDims};

/// Output-rank arithmetic for `...`: each function infers its output from the tables above.
#[doc(hidden)]
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

/// `run` with the output rank pinned by a [`Dims`] value.
#[track_caller]
#[doc(hidden)]
pub fn run_ranked<T: Element, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Array<T, M> {
    run(spec, ops)
}

/// `try_run` with the output rank pinned by a [`Dims`] value.
#[doc(hidden)]
pub fn try_run_ranked<T: Element, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    ops: &[Operand<'_, T>],
) -> Result<Array<T, M>, ShapeError> {
    try_run(spec, ops)
}

/// `view` with the output rank pinned by a [`Dims`] value.
#[track_caller]
#[doc(hidden)]
pub fn view_ranked<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> View<'a, T, M> {
    view(spec, v)
}

/// `try_view` with the output rank pinned by a [`Dims`] value.
#[doc(hidden)]
pub fn try_view_ranked<'a, T, const N: usize, S: crate::Shape<N>, const M: usize>(
    _: Dims<M>,
    spec: &Spec<'_>,
    v: View<'a, T, N, S>,
) -> Result<View<'a, T, M>, ShapeError> {
    try_view(spec, v)
}

/// What an `out = …` target of `einsum!` (or the target of a `tensor!` write) may be:
/// `&mut Array`, `&mut ViewMut` or a `ViewMut`.
#[diagnostic::on_unimplemented(
    message = "this target must be a mutable array of rank {M}, the result's; found `{Self}`",
    label = "expected `&mut Array<_, {M}>` or a `ViewMut` of rank {M}"
)]
#[doc(hidden)]
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
#[doc(hidden)]
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
#[doc(hidden)]
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
#[doc(hidden)]
pub const DIRECT_MAX_WORK: usize = 4096;

/// Whether a contraction with these label sizes takes the direct kernel.
#[inline(always)]
#[doc(hidden)]
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
#[doc(hidden)]
pub fn unwrap<R>(r: Result<R, ShapeError>) -> R {
    unwrap_or_panic(r)
}

#[cfg(test)]
mod tests {
    use super::contract::collapse;
    use super::path::{greedy_path, optimal_path};
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

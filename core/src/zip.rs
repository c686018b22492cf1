//! Broadcasting, and the element-wise engine under every operator, ufunc and `zip_map`.
//!
//! # The rule
//!
//! NumPy's: shapes are aligned on the right, a missing leading axis counts as length 1, and each
//! pair of lengths must be equal or contain a 1, which is stretched (stride 0, no copy). So
//! `(2, 3) + (3,)` is `(2, 3)` and `(4, 1) + (3,)` is `(4, 3)`. [`broadcast_shapes`] applies it
//! to plain shapes, `broadcast_to` ([`View::broadcast_to`]) to one array, and every element-wise
//! operation to its operands.
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::zip::{broadcast_shapes, zip_map};
//! assert_eq!(broadcast_shapes(&[&[4, 1], &[3]]).unwrap(), vec![4, 3]);
//! let col = Array::<i32, 2>::from_shape_vec([2, 1], vec![10, 20]).unwrap();
//! let row = Array::<i32, 1>::arange(3);
//! let grid: Array<i32, 2> = zip_map(&col, &row, |c, r| c + r);
//! assert_eq!(grid.to_vec(), vec![10, 11, 12, 20, 21, 22]);
//! ```
//!
//! # Errors
//!
//! Dynamic sizes are checked once, before any element is touched. The panicking forms panic with
//! NumPy's words behind the operation's name
//! (`add: operands could not be broadcast together with shapes (2, 3) (2,)`); every one has a
//! `try_` form returning the [`ShapeError`]. Static sizes ([`crate::shape`]) are checked by the
//! compiler: `Const<3>` against `Const<4>` on one axis does not build (a `const` assertion,
//! reported by `cargo build`, not by `cargo check`). Ranks are checked by the type system.
//!
//! # The engine
//!
//! Operands are broadcast to the output shape by strides alone, then handed to one loop planner
//! ([`crate::layout`]'s layouts, the `kernel` module's plan): length-1 axes dropped, the
//! output's smallest stride innermost, axes merged wherever they are contiguous in every operand.
//! The innermost run is a loop over slices when every stride is 1 (or 0 for a broadcast scalar),
//! which the compiler vectorizes; there is no index arithmetic per element.
//!
//! A new output is C-ordered, except when every operand of the output's full shape is F-ordered
//! (NumPy's `order='K'` for that case): `&a.t() + &b.t()` then streams through memory too.
//!
//! # Aliasing
//!
//! An output that overlaps an input cannot be written with the operators or the `_into`
//! functions: they take the output as `&mut` and the inputs as `&`, so the borrow checker rules
//! it out. The seed's aliasing cells are done with the methods that read the destination's own
//! memory ([`ViewMut::zip_mut_with_self`], [`ViewMut::zip_within`]): they detect overlap at run
//! time and read through a copy when the memory overlaps, so the result is always NumPy's (which
//! behaves as if every input were copied first).
//!
//! ```
//! use einarray::prelude::*;
//! let mut a = Array::<i32, 1>::arange(9).into_reshape([3, 3]);
//! a.zip_mut_with_self(|a| a.t(), |x, y| *x += *y); // NumPy: a += a.T
//! assert_eq!(a.to_vec(), vec![0, 4, 8, 4, 8, 12, 8, 12, 16]);
//! ```
//!
//! # Unsafe code here
//!
//! - `lanes2`, `lanes3`, `lanes4` and `build2` read and write lanes through raw pointers, relying
//!   on invariants 1–3 of each operand and an output disjoint from the inputs (invariant 4).
//! - `try_zip_views_sync` and `map_par` run those loops on pieces of the output from several
//!   threads (`crate::parallel`): the pieces are disjoint rows of the fresh output, the inputs
//!   are only read, and they do so only for plain element types (`Send` and `Sync`) and
//!   closures that are `Sync` or capture only plain values.
//! - operands are broadcast by strides only after `broadcast_dyn` or `check_out_shape` accept the
//!   shapes; new outputs are sized by `new_output` through `layout::checked_size`.
//! - `zip_within` writes through `self`'s pointer only after `own_element_view` (an offset range
//!   or `Layout::locator`) and `Layout::is_unique` pass; overlapping sources are read from a copy.

use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::kernel::{dispatch, Plan};
use crate::layout::{checked_size, Layout, Order};
use crate::parallel;
use crate::rank::{MaxDims, PlusDims, Rank};
use crate::shape::Shape;
use crate::view::{AsView, AsViewMut, View, ViewMut};
use crate::Array;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// The largest rank the engine handles (the largest rank of the crate).
pub(crate) const MAXR: usize = 8;

/// NumPy's tuple notation for shapes in messages: `(2, 3)`, `(2,)`, `()`.
pub(crate) fn tuple(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn broadcast_dyn(shapes: &[&[usize]]) -> Option<Vec<usize>> {
    let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; rank];
    for s in shapes {
        for (k, &d) in s.iter().enumerate() {
            let o = &mut out[rank - s.len() + k];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                return None;
            }
        }
    }
    Some(out)
}

fn mismatch(op: &str, shapes: &[&[usize]]) -> ShapeError {
    let shapes: Vec<String> = shapes.iter().map(|s| tuple(s)).collect();
    shape_err!(
        IncompatibleShape,
        "{op}: operands could not be broadcast together with shapes {}",
        shapes.join(" ")
    )
}

/// The shape that `shapes` broadcast to, by NumPy's rule (`np.broadcast_shapes`).
///
/// # Errors
/// When two lengths of one (right-aligned) axis differ and neither is 1.
///
/// ```
/// use einarray::zip::broadcast_shapes;
/// assert_eq!(broadcast_shapes(&[&[2, 3], &[3]]).unwrap(), vec![2, 3]);
/// assert_eq!(broadcast_shapes(&[&[8, 1, 6, 1], &[7, 1, 5]]).unwrap(), vec![8, 7, 6, 5]);
/// assert_eq!(broadcast_shapes(&[&[0, 1], &[1, 4]]).unwrap(), vec![0, 4]);
/// assert_eq!(
///     broadcast_shapes(&[&[2, 3], &[2]]).unwrap_err().to_string(),
///     "broadcast_shapes: operands could not be broadcast together with shapes (2, 3) (2,)"
/// );
/// ```
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
    broadcast_dyn(shapes).ok_or_else(|| mismatch("broadcast_shapes", shapes))
}

/// Whether two static shapes can broadcast: no right-aligned axis with two different static
/// sizes of which neither is 1. Evaluated by the compiler in every element-wise operation.
///
/// ```
/// use einarray::zip::static_compatible;
/// assert!(static_compatible(&[Some(2), None], &[Some(7)]));
/// assert!(static_compatible(&[Some(1)], &[Some(4)]));
/// assert!(!static_compatible(&[Some(3)], &[Some(4)]));
/// ```
pub const fn static_compatible(a: &[Option<usize>], b: &[Option<usize>]) -> bool {
    let n = if a.len() < b.len() { a.len() } else { b.len() };
    let mut k = 0;
    while k < n {
        if let (Some(x), Some(y)) = (a[a.len() - 1 - k], b[b.len() - 1 - k]) {
            if x != y && x != 1 && y != 1 {
                return false;
            }
        }
        k += 1;
    }
    true
}

/// The compile-time half of broadcasting: fails the build when static sizes cannot broadcast.
#[doc(hidden)]
pub struct StaticCheck<const N: usize, const M: usize, SA, SB>(std::marker::PhantomData<(SA, SB)>);

impl<const N: usize, const M: usize, SA: Shape<N>, SB: Shape<M>> StaticCheck<N, M, SA, SB> {
    /// Evaluating it fails the build when `SA` and `SB` cannot broadcast.
    pub const OK: () = assert!(
        static_compatible(&SA::STATIC, &SB::STATIC),
        "operands could not be broadcast together: on one axis their static sizes differ and \
         neither is 1 (the two shape types are named below)"
    );
}

/// Fails the build (post-monomorphization) when `SA` and `SB` cannot broadcast.
#[inline(always)]
pub(crate) fn static_check<const N: usize, const M: usize, SA: Shape<N>, SB: Shape<M>>() {
    #[allow(clippy::let_unit_value)]
    let () = StaticCheck::<N, M, SA, SB>::OK;
}

/// `shape` right-aligned in `MAXR` axes, leading axes of length 1.
pub(crate) fn pad_shape(shape: &[usize]) -> [usize; MAXR] {
    let mut out = [1usize; MAXR];
    out[MAXR - shape.len()..].copy_from_slice(shape);
    out
}

/// An operand's strides broadcast to an output of rank `>= shape.len()`, right-aligned in
/// `MAXR` axes: stretched and missing axes get stride 0.
pub(crate) fn stretch(shape: &[usize], strides: &[isize]) -> [isize; MAXR] {
    let mut out = [0isize; MAXR];
    let n = shape.len();
    for k in 0..n {
        out[MAXR - n + k] = if shape[k] == 1 { 0 } else { strides[k] };
    }
    out
}

/// NumPy's `order='K'` for the simple cases: F when every operand with the output's full shape
/// is F-contiguous (and one of them is not also C-contiguous), otherwise C.
fn out_order(out: &[usize], operands: &[(&[usize], bool, bool)]) -> Order {
    let full: Vec<_> = operands.iter().filter(|o| o.0 == out).collect();
    if !full.is_empty() && full.iter().all(|o| o.2) && full.iter().any(|o| !o.1) {
        Order::F
    } else {
        Order::C
    }
}

fn contiguity<T, const N: usize, S: Shape<N>>(v: &View<'_, T, N, S>) -> (bool, bool) {
    (v.is_c_contiguous(), v.is_f_contiguous())
}

/// The dense layout of a new output of `shape` in `order`, its size checked.
fn new_output<V, const R: usize>(
    op: &str,
    shape: &[usize],
    order: Order,
) -> Result<Layout<R>, ShapeError> {
    if shape.len() != R {
        return Err(shape_err!(
            IncompatibleShape,
            "{op}: the broadcast shape {} has rank {} but the output has rank {R}",
            tuple(shape),
            shape.len()
        ));
    }
    let shape: [usize; R] = std::array::from_fn(|k| shape[k]);
    checked_size(op, &shape, std::mem::size_of::<V>())?;
    Ok(Layout::dense(shape, order))
}

/// Calls `f(dst, src)` for every element of the broadcast layouts, innermost lanes as slices.
///
/// # Safety
/// `d` is valid for unique writes and `s` for reads at every in-bounds offset of their strides
/// over `shape`; `d` repeats no element and does not overlap `s`.
pub(crate) unsafe fn lanes2<D, A>(
    shape: &[usize; MAXR],
    d: *mut D,
    sd: &[isize; MAXR],
    a: *const A,
    sa: &[isize; MAXR],
    mut f: impl FnMut(&mut D, &A),
) {
    Plan::new(shape, [*sd, *sa]).for_each_lane(|[od, oa], [id, ia], len| {
        // SAFETY: the plan's offsets and lanes stay inside both layouts.
        let (pd, pa) = unsafe { (d.offset(od), a.offset(oa)) };
        match (id, ia) {
            (1, 1) => {
                // SAFETY: unit-stride lanes are slices; `d` is unique and disjoint from `a`.
                let (ds, as_) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(pd, len),
                        std::slice::from_raw_parts(pa, len),
                    )
                };
                dispatch(|| ds.iter_mut().zip(as_).for_each(|(d, a)| f(d, a)));
            }
            (1, 0) => {
                // SAFETY: as above; the broadcast operand is one element.
                let (ds, a) = unsafe { (std::slice::from_raw_parts_mut(pd, len), &*pa) };
                dispatch(|| ds.iter_mut().for_each(|d| f(d, a)));
            }
            _ => {
                for i in 0..len as isize {
                    // SAFETY: element `i` of each lane is in bounds.
                    unsafe { f(&mut *pd.offset(i * id), &*pa.offset(i * ia)) };
                }
            }
        }
    });
}

/// [`lanes2`] with two inputs.
///
/// # Safety
/// As [`lanes2`], for `a` and `b` both.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn lanes3<D, A, B>(
    shape: &[usize; MAXR],
    d: *mut D,
    sd: &[isize; MAXR],
    a: *const A,
    sa: &[isize; MAXR],
    b: *const B,
    sb: &[isize; MAXR],
    mut f: impl FnMut(&mut D, &A, &B),
) {
    Plan::new(shape, [*sd, *sa, *sb]).for_each_lane(|[od, oa, ob], [id, ia, ib], len| {
        // SAFETY: the plan's offsets and lanes stay inside every layout.
        let (pd, pa, pb) = unsafe { (d.offset(od), a.offset(oa), b.offset(ob)) };
        match (id, ia, ib) {
            (1, 1, 1) => {
                // SAFETY: unit-stride lanes are slices; `d` is unique and disjoint from the rest.
                let (ds, as_, bs) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(pd, len),
                        std::slice::from_raw_parts(pa, len),
                        std::slice::from_raw_parts(pb, len),
                    )
                };
                dispatch(|| {
                    for ((d, a), b) in ds.iter_mut().zip(as_).zip(bs) {
                        f(d, a, b);
                    }
                });
            }
            (1, 1, 0) => {
                // SAFETY: as above; `b` is one broadcast element.
                let (ds, as_, b) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(pd, len),
                        std::slice::from_raw_parts(pa, len),
                        &*pb,
                    )
                };
                dispatch(|| ds.iter_mut().zip(as_).for_each(|(d, a)| f(d, a, b)));
            }
            (1, 0, 1) => {
                // SAFETY: as above; `a` is one broadcast element.
                let (ds, a, bs) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(pd, len),
                        &*pa,
                        std::slice::from_raw_parts(pb, len),
                    )
                };
                dispatch(|| ds.iter_mut().zip(bs).for_each(|(d, b)| f(d, a, b)));
            }
            _ => {
                for i in 0..len as isize {
                    // SAFETY: element `i` of each lane is in bounds.
                    unsafe {
                        f(
                            &mut *pd.offset(i * id),
                            &*pa.offset(i * ia),
                            &*pb.offset(i * ib),
                        )
                    };
                }
            }
        }
    });
}

/// [`lanes2`] with three inputs.
///
/// # Safety
/// As [`lanes2`], for `a`, `b` and `c`.
#[allow(clippy::too_many_arguments)]
unsafe fn lanes4<D, A, B, C>(
    shape: &[usize; MAXR],
    d: (*mut D, &[isize; MAXR]),
    a: (*const A, &[isize; MAXR]),
    b: (*const B, &[isize; MAXR]),
    c: (*const C, &[isize; MAXR]),
    mut f: impl FnMut(&mut D, &A, &B, &C),
) {
    Plan::new(shape, [*d.1, *a.1, *b.1, *c.1]).for_each_lane(
        |[od, oa, ob, oc], [id, ia, ib, ic], len| {
            // SAFETY: the plan's offsets and lanes stay inside every layout.
            let (pd, pa, pb, pc) = unsafe {
                (
                    d.0.offset(od),
                    a.0.offset(oa),
                    b.0.offset(ob),
                    c.0.offset(oc),
                )
            };
            if (id, ia, ib, ic) == (1, 1, 1, 1) {
                // SAFETY: unit-stride lanes are slices; `d` is unique and disjoint from the rest.
                let (ds, as_, bs, cs) = unsafe {
                    (
                        std::slice::from_raw_parts_mut(pd, len),
                        std::slice::from_raw_parts(pa, len),
                        std::slice::from_raw_parts(pb, len),
                        std::slice::from_raw_parts(pc, len),
                    )
                };
                for (((d, a), b), c) in ds.iter_mut().zip(as_).zip(bs).zip(cs) {
                    f(d, a, b, c);
                }
            } else {
                for i in 0..len as isize {
                    // SAFETY: element `i` of each lane is in bounds.
                    unsafe {
                        f(
                            &mut *pd.offset(i * id),
                            &*pa.offset(i * ia),
                            &*pb.offset(i * ib),
                            &*pc.offset(i * ic),
                        )
                    };
                }
            }
        },
    );
}

/// `f(a, b)` over the broadcast shape into a new array: the body of `zip_map` (the
/// operators take [`try_zip_views_sync`]).
#[doc(hidden)]
pub fn try_zip_views<A, B, V, const N: usize, const M: usize, const R: usize, SA, SB>(
    op: &str,
    a: View<'_, A, N, SA>,
    b: View<'_, B, M, SB>,
    f: impl FnMut(&A, &B) -> V,
) -> Result<Array<V, R>, ShapeError>
where
    SA: Shape<N>,
    SB: Shape<M>,
{
    let (layout, sa, sb) = zip_output::<V, N, M, R, SA, SB>(op, &a, &b)?;
    // SAFETY: the inputs are valid views broadcast by strides to the output's shape.
    Ok(unsafe { build2(layout, (a.as_ptr(), &sa), (b.as_ptr(), &sb), f) })
}

/// [`try_zip_views`] for a closure that may run on several threads at once: the body of every
/// binary operator and comparison. A large output of plain element types is cut into pieces
/// that run on [`crate::config::num_threads`] threads (`crate::parallel`), each piece through
/// the same loop, so the result does not depend on the count.
pub(crate) fn try_zip_views_sync<A, B, V, const N: usize, const M: usize, const R: usize, SA, SB>(
    op: &str,
    a: View<'_, A, N, SA>,
    b: View<'_, B, M, SB>,
    f: impl Fn(&A, &B) -> V + Sync,
) -> Result<Array<V, R>, ShapeError>
where
    SA: Shape<N>,
    SB: Shape<M>,
{
    let (layout, sa, sb) = zip_output::<V, N, M, R, SA, SB>(op, &a, &b)?;
    let threads = parallel::threads_for(layout.size(), parallel::ELEMENTWISE_MIN);
    if threads == 1
        || !(parallel::is_plain::<A>() && parallel::is_plain::<B>() && parallel::is_plain::<V>())
    {
        // SAFETY: as in `try_zip_views`.
        return Ok(unsafe { build2(layout, (a.as_ptr(), &sa), (b.as_ptr(), &sb), f) });
    }
    let (shape, sd) = (
        pad_shape(&layout.shape),
        stretch(&layout.shape, &layout.strides),
    );
    let (pa, pb) = (
        parallel::SendPtr(a.as_ptr().cast_mut()),
        parallel::SendPtr(b.as_ptr().cast_mut()),
    );
    // SAFETY: the slots are fresh, of the dense layout's size, unique and disjoint from the
    // inputs; the pieces (`in_pieces`) cover every output element once and no two share one;
    // the inputs, broadcast by strides to the output's shape, are only read; `A`, `B` and `V`
    // are plain types (checked above), so their elements may be read and written from other
    // threads, and `f` is `Sync`.
    Ok(unsafe {
        Array::build(layout, |slots| {
            let pd = parallel::SendPtr(slots.as_mut_ptr());
            in_pieces(&shape, [&sd, &sa, &sb], threads, |sub, [od, oa, ob]| {
                lanes3(
                    sub,
                    pd.get().offset(od),
                    &sd,
                    pa.get().offset(oa).cast_const(),
                    &sa,
                    pb.get().offset(ob).cast_const(),
                    &sb,
                    |d: &mut MaybeUninit<V>, x, y| {
                        d.write(f(x, y));
                    },
                )
            })
        })
    })
}

/// The output layout of a binary operation on `a` and `b` (checked: broadcastable, and a size
/// that fits), and the inputs' strides broadcast to it.
#[allow(clippy::type_complexity)]
fn zip_output<V, const N: usize, const M: usize, const R: usize, SA, SB>(
    op: &str,
    a: &View<'_, impl Sized, N, SA>,
    b: &View<'_, impl Sized, M, SB>,
) -> Result<(Layout<R>, [isize; MAXR], [isize; MAXR]), ShapeError>
where
    SA: Shape<N>,
    SB: Shape<M>,
{
    static_check::<N, M, SA, SB>();
    let (sa, sb) = (a.shape(), b.shape());
    let out = broadcast_dyn(&[&sa, &sb]).ok_or_else(|| mismatch(op, &[&sa, &sb]))?;
    let (ca, cb) = (contiguity(a), contiguity(b));
    let order = out_order(&out, &[(&sa, ca.0, ca.1), (&sb, cb.0, cb.1)]);
    let layout = new_output::<V, R>(op, &out, order)?;
    Ok((
        layout,
        stretch(&sa, &a.strides()),
        stretch(&sb, &b.strides()),
    ))
}

/// Cuts the `MAXR`-axis `shape` along the output's outermost axis (its largest stride
/// `strides[0]` among axes longer than 1) into pieces of whole rows, at least
/// [`parallel::ELEMENTWISE_CHUNK`] elements each: boundaries fixed by the shape alone. Calls
/// `body(piece_shape, offsets)` for each piece on up to `threads` threads, `offsets[k]` being
/// the piece's first element's offset at `strides[k]`.
pub(crate) fn in_pieces<const K: usize>(
    shape: &[usize; MAXR],
    strides: [&[isize; MAXR]; K],
    threads: usize,
    body: impl Fn(&[usize; MAXR], [isize; K]) + Sync,
) {
    let axis = (0..MAXR)
        .filter(|&k| shape[k] > 1)
        .max_by_key(|&k| strides[0][k].unsigned_abs())
        .unwrap_or(0);
    let n = shape[axis];
    let row: usize = shape.iter().product::<usize>() / n.max(1);
    let rows = parallel::ELEMENTWISE_CHUNK.div_ceil(row.max(1)).max(1);
    let pieces = n.div_ceil(rows);
    parallel::run_pieces(pieces, threads, |i| {
        let start = i * rows;
        let mut sub = *shape;
        sub[axis] = rows.min(n - start);
        body(&sub, strides.map(|s| start as isize * s[axis]));
    });
}

/// `v.map(f)`, on several threads when the output is large and `T` and `U` are plain types:
/// the body of the unary math methods and the operators with a scalar. Pieces as
/// [`in_pieces`] cuts them, each through the same loop, so the result does not depend on the
/// thread count.
///
/// # Safety
/// `f` may be called from several threads at once when `T` and `U` are plain types
/// (`parallel::is_plain`): it captures nothing but values of plain types (einarray's own
/// closures, capturing at most a scalar of type `T` or a primitive).
pub(crate) unsafe fn map_par<T, U, const N: usize, S: Shape<N>>(
    v: View<'_, T, N, S>,
    f: impl Fn(&T) -> U,
) -> Array<U, N, S> {
    let threads = parallel::threads_for(v.len(), parallel::ELEMENTWISE_MIN);
    if threads == 1 || !(parallel::is_plain::<T>() && parallel::is_plain::<U>()) {
        return v.map(f);
    }
    let shape = v.shape();
    let layout = Layout::dense(shape, Order::C);
    let (sd, ss) = (
        stretch(&shape, &layout.strides),
        stretch(&shape, &v.strides()),
    );
    let ps = parallel::SendPtr(v.as_ptr().cast_mut());
    // SAFETY: `f` captures only plain values when `T` and `U` are plain (the caller's
    // contract; checked just above), so sharing it between threads is sound.
    let f = parallel::AssertSync(f);
    // SAFETY: the slots are fresh, of the dense layout's size, unique and disjoint from `v`;
    // the pieces cover every output element once and no two share one; `v` is only read, at
    // its own strides over its own shape; `T` and `U` are plain, so their elements may be read
    // and written from other threads.
    unsafe {
        Array::build(layout, |slots| {
            let pd = parallel::SendPtr(slots.as_mut_ptr());
            in_pieces(&pad_shape(&shape), [&sd, &ss], threads, |sub, [od, os]| {
                let f = &f;
                lanes2(
                    sub,
                    pd.get().offset(od),
                    &sd,
                    ps.get().offset(os).cast_const(),
                    &ss,
                    |d: &mut MaybeUninit<U>, x: &T| {
                        d.write((f.0)(x));
                    },
                )
            })
        })
    }
}

/// A new array of `layout` with `f(a[…], b[…])` at every element, the inputs read at their
/// strides (as `stretch` gives them: right-aligned in `MAXR` axes, 0 where broadcast).
///
/// # Safety
/// Every index of `layout`'s shape, taken at `a`'s and `b`'s strides, is in bounds of them.
unsafe fn build2<A, B, V, const R: usize>(
    layout: Layout<R>,
    (a, sa): (*const A, &[isize; MAXR]),
    (b, sb): (*const B, &[isize; MAXR]),
    mut f: impl FnMut(&A, &B) -> V,
) -> Array<V, R> {
    // SAFETY: the slots are fresh, of the dense layout's size, unique and disjoint from the
    // inputs; the inputs are in bounds (the caller's contract); the walk writes every element
    // of the dense layout exactly once.
    unsafe {
        Array::build(layout, |slots| {
            lanes3(
                &pad_shape(&layout.shape),
                slots.as_mut_ptr(),
                &stretch(&layout.shape, &layout.strides),
                a,
                sa,
                b,
                sb,
                |d: &mut MaybeUninit<V>, x, y| {
                    d.write(f(x, y));
                },
            )
        })
    }
}

/// `a` as an array of rank `R` with dynamic sizes, when `R == N`.
#[doc(hidden)]
#[allow(clippy::result_large_err)]
pub fn recast<T, const N: usize, const R: usize, S: Shape<N>>(
    a: Array<T, N, S>,
) -> Result<Array<T, R>, Array<T, N, S>> {
    if N != R {
        return Err(a);
    }
    let (data, layout) = a.into_storage_parts();
    let layout = Layout {
        shape: std::array::from_fn(|k| layout.shape[k]),
        strides: std::array::from_fn(|k| layout.strides[k]),
    };
    Ok(Array::from_storage_layout(data, layout))
}

/// A custom binary ufunc: `f(a, b)` element by element over the broadcast shape of `a` and `b`,
/// into a new array (NumPy's `np.frompyfunc(f, 2, 1)(a, b)`, compiled).
///
/// Either operand may be a scalar (`&2.0`), which broadcasts against anything. The result's
/// rank is the larger of the two, inferred.
///
/// # Panics
/// When the shapes cannot be broadcast; see [`try_zip_map`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::zip_map;
/// let x = Array::<f64, 1>::linspace(0.0, 1.0, 3);
/// let y = Array::<f64, 2>::from_shape_vec([2, 1], vec![1.0, 2.0]).unwrap();
/// let hyp: Array<f64, 2> = zip_map(&x, &y, |a, b| a.hypot(*b));
/// assert_eq!(hyp.shape(), [2, 3]);
/// let shifted: Array<f64, 1> = zip_map(&x, &10.0, |a, b| a + b);
/// assert_eq!(shifted.to_vec(), vec![10.0, 10.5, 11.0]);
/// ```
#[track_caller]
pub fn zip_map<A, B, V, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    f: impl FnMut(&A, &B) -> V,
) -> Array<V, R>
where
    Rank<N>: MaxDims<M, R>,
{
    unwrap_or_panic(try_zip_map(a, b, f))
}

/// [`zip_map`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::try_zip_map;
/// let a = Array::<i32, 2>::zeros([2, 3]);
/// let b = Array::<i32, 1>::zeros([2]);
/// let err = try_zip_map::<_, _, i32, 2, 1, 2>(&a, &b, |x, y| x + y).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "zip_map: operands could not be broadcast together with shapes (2, 3) (2,)"
/// );
/// ```
pub fn try_zip_map<A, B, V, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    f: impl FnMut(&A, &B) -> V,
) -> Result<Array<V, R>, ShapeError>
where
    Rank<N>: MaxDims<M, R>,
{
    try_zip_views("zip_map", a.as_view(), b.as_view(), f)
}

/// The three-operand [`zip_map`]: `f(a, b, c)` over the broadcast shape of all three.
///
/// # Panics
/// When the shapes cannot be broadcast; see [`try_zip_map3`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::zip_map3;
/// let x = Array::<f64, 1>::from_vec(vec![1.0, 2.0, 3.0]);
/// let fma: Array<f64, 1> = zip_map3(&x, &2.0, &0.5, |x, a, b| x.mul_add(*a, *b));
/// assert_eq!(fma.to_vec(), vec![2.5, 4.5, 6.5]);
/// ```
#[track_caller]
pub fn zip_map3<
    A,
    B,
    C,
    V,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    c: &impl AsView<C, P>,
    f: impl FnMut(&A, &B, &C) -> V,
) -> Array<V, R>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    unwrap_or_panic(try_zip_map3(a, b, c, f))
}

/// [`zip_map3`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::try_zip_map3;
/// let a = Array::<i32, 1>::zeros([3]);
/// let b = Array::<i32, 1>::zeros([4]);
/// let r = try_zip_map3::<_, _, _, i32, 1, 0, 1, 1, 1>(&a, &1, &b, |x, y, z| x + y + z);
/// assert_eq!(
///     r.unwrap_err().to_string(),
///     "zip_map3: operands could not be broadcast together with shapes (3,) () (4,)"
/// );
/// ```
pub fn try_zip_map3<
    A,
    B,
    C,
    V,
    const N: usize,
    const M: usize,
    const P: usize,
    const Q: usize,
    const R: usize,
>(
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    c: &impl AsView<C, P>,
    f: impl FnMut(&A, &B, &C) -> V,
) -> Result<Array<V, R>, ShapeError>
where
    Rank<N>: MaxDims<M, Q>,
    Rank<Q>: MaxDims<P, R>,
{
    try_zip3_views("zip_map3", a.as_view(), b.as_view(), c.as_view(), f)
}

/// The body of [`try_zip_map3`] and of three-operand selections (`where_`, `clip`).
pub(crate) fn try_zip3_views<
    A,
    B,
    C,
    V,
    const N: usize,
    const M: usize,
    const P: usize,
    const R: usize,
    SA,
    SB,
    SC,
>(
    op: &str,
    a: View<'_, A, N, SA>,
    b: View<'_, B, M, SB>,
    c: View<'_, C, P, SC>,
    mut f: impl FnMut(&A, &B, &C) -> V,
) -> Result<Array<V, R>, ShapeError>
where
    SA: Shape<N>,
    SB: Shape<M>,
    SC: Shape<P>,
{
    static_check::<N, M, SA, SB>();
    static_check::<N, P, SA, SC>();
    static_check::<M, P, SB, SC>();
    let (sa, sb, sc) = (a.shape(), b.shape(), c.shape());
    let out = broadcast_dyn(&[&sa, &sb, &sc]).ok_or_else(|| mismatch(op, &[&sa, &sb, &sc]))?;
    let (ca, cb, cc) = (contiguity(&a), contiguity(&b), contiguity(&c));
    let order = out_order(
        &out,
        &[(&sa, ca.0, ca.1), (&sb, cb.0, cb.1), (&sc, cc.0, cc.1)],
    );
    let layout = new_output::<V, R>(op, &out, order)?;
    // SAFETY: as in `try_zip_views`, with three inputs.
    Ok(unsafe {
        Array::build(layout, |slots| {
            lanes4(
                &pad_shape(&out),
                (slots.as_mut_ptr(), &stretch(&layout.shape, &layout.strides)),
                (a.as_ptr(), &stretch(&sa, &a.strides())),
                (b.as_ptr(), &stretch(&sb, &b.strides())),
                (c.as_ptr(), &stretch(&sc, &c.strides())),
                |d: &mut MaybeUninit<V>, x, y, z| {
                    d.write(f(x, y, z));
                },
            )
        })
    })
}

/// `out[…] = f(a, b)` over `out`'s shape, the inputs broadcast to it: the `out=` form of every
/// binary ufunc (NumPy's `np.add(a, b, out=c)`).
///
/// The inputs are shared borrows and `out` a unique one, so they cannot overlap (for an output
/// that is also an input, see [`ViewMut::zip_mut_with`]).
///
/// # Panics
/// When the shapes cannot be broadcast, or broadcast to a larger shape than `out`'s; see
/// [`try_zip_map_into`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::zip_map_into;
/// let a = Array::<f64, 1>::from_vec(vec![1.0, 2.0, 3.0]);
/// let mut out = Array::<f64, 2>::zeros([2, 3]);
/// zip_map_into(&mut out, &a, &10.0, |x, y| x * y);
/// assert_eq!(out.to_vec(), vec![10.0, 20.0, 30.0, 10.0, 20.0, 30.0]);
/// ```
#[track_caller]
pub fn zip_map_into<O, A, B, const R: usize, const N: usize, const M: usize>(
    out: &mut impl AsViewMut<O, R>,
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    f: impl FnMut(&A, &B) -> O,
) {
    unwrap_or_panic(try_zip_map_into(out, a, b, f))
}

/// [`zip_map_into`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::try_zip_map_into;
/// let mut out = Array::<i32, 1>::zeros([3]);
/// let a = Array::<i32, 2>::zeros([2, 3]);
/// assert_eq!(
///     try_zip_map_into(&mut out, &a, &1, |x, y| x + y).unwrap_err().to_string(),
///     "zip_map_into: non-broadcastable output operand with shape (3,) doesn't match the \
///      broadcast shape (2, 3)"
/// );
/// ```
pub fn try_zip_map_into<O, A, B, const R: usize, const N: usize, const M: usize>(
    out: &mut impl AsViewMut<O, R>,
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    f: impl FnMut(&A, &B) -> O,
) -> Result<(), ShapeError> {
    zip_into_views(
        "zip_map_into",
        out.as_view_mut(),
        a.as_view(),
        b.as_view(),
        f,
    )
}

/// Checks that `inputs` broadcast to exactly `out` (NumPy's rule for `out=`).
pub(crate) fn check_out_shape(
    op: &str,
    out: &[usize],
    inputs: &[&[usize]],
) -> Result<(), ShapeError> {
    let mut all: Vec<&[usize]> = vec![out];
    all.extend_from_slice(inputs);
    let full = broadcast_dyn(&all).ok_or_else(|| mismatch(op, &all))?;
    if full != out {
        return Err(shape_err!(
            IncompatibleShape,
            "{op}: non-broadcastable output operand with shape {} doesn't match the broadcast \
             shape {}",
            tuple(out),
            tuple(&full)
        ));
    }
    Ok(())
}

/// The body of the `_into` forms: `out = f(a, b)`, inputs broadcast to `out`'s shape.
pub(crate) fn zip_into_views<O, A, B, const R: usize, const N: usize, const M: usize, SO, SA, SB>(
    op: &str,
    mut out: ViewMut<'_, O, R, SO>,
    a: View<'_, A, N, SA>,
    b: View<'_, B, M, SB>,
    mut f: impl FnMut(&A, &B) -> O,
) -> Result<(), ShapeError>
where
    SO: Shape<R>,
    SA: Shape<N>,
    SB: Shape<M>,
{
    static_check::<R, N, SO, SA>();
    static_check::<R, M, SO, SB>();
    static_check::<N, M, SA, SB>();
    let (so, sa, sb) = (out.shape(), a.shape(), b.shape());
    check_out_shape(op, &so, &[&sa, &sb])?;
    // SAFETY: `out` is a unique borrow, so disjoint from the shared inputs; every input is a
    // valid view broadcast by strides to `out`'s shape.
    unsafe {
        lanes3(
            &pad_shape(&so),
            out.as_mut_ptr_internal(),
            &stretch(&so, &out.strides()),
            a.as_ptr(),
            &stretch(&sa, &a.strides()),
            b.as_ptr(),
            &stretch(&sb, &b.strides()),
            |d: &mut O, x, y| *d = f(x, y),
        )
    };
    Ok(())
}

/// NumPy's `ufunc.outer`: `f(a[i…], b[j…])` for every pair, in an array of shape
/// `a.shape() ++ b.shape()`.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::zip::outer_map;
/// let a = Array::<i32, 1>::arange(3);
/// let b = Array::<i32, 1>::from_vec(vec![10, 20]);
/// let t: Array<i32, 2> = outer_map(&a, &b, |x, y| x + y);
/// assert_eq!(t.to_vec(), vec![10, 20, 11, 21, 12, 22]);
/// ```
#[track_caller]
pub fn outer_map<A, B, V, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<A, N>,
    b: &impl AsView<B, M>,
    f: impl FnMut(&A, &B) -> V,
) -> Array<V, R>
where
    Rank<N>: PlusDims<M, R>,
{
    let (a, b) = (a.as_view(), b.as_view());
    let (sa, sb) = (a.shape(), b.shape());
    let out: Vec<usize> = sa.iter().chain(&sb).copied().collect();
    let layout = unwrap_or_panic(new_output::<V, R>("outer", &out, Order::C));
    // `a` on the leading axes, `b` on the trailing ones, each with zero strides on the other's.
    let mut stra = [0isize; MAXR];
    let mut strb = [0isize; MAXR];
    let base = MAXR - R;
    stra[base..base + N].copy_from_slice(&a.strides());
    strb[base + N..].copy_from_slice(&b.strides());
    // SAFETY: `a`'s strides address only its own axes (the others are zero) and likewise for
    // `b`, so every offset is in bounds of each input.
    unsafe { build2(layout, (a.as_ptr(), &stra), (b.as_ptr(), &strb), f) }
}

/// Raw parts of a view made inside `zip_within`, with no lifetime.
struct Raw<const N: usize> {
    ptr: *const u8,
    layout: Layout<N>,
}

impl<const N: usize> Raw<N> {
    fn of<T>(v: View<'_, T, N>) -> Self {
        Raw {
            ptr: v.as_ptr() as *const u8,
            layout: v.layout(),
        }
    }

    /// The half-open byte range the view's elements occupy.
    fn byte_range(&self, size: isize) -> (isize, isize) {
        let (lo, hi) = self.layout.offset_range();
        let base = self.ptr as isize;
        (base + lo * size, base + (hi + 1) * size)
    }
}

impl<'a, T, const N: usize, S: Shape<N>> ViewMut<'a, T, N, S> {
    /// `f(&mut self[…], &rhs[…])` for every element, `rhs` broadcast to this view's shape: the
    /// in-place form of every binary ufunc (`a += b` is `a.zip_mut_with(&b, |x, y| *x += *y)`).
    ///
    /// `rhs` is a shared borrow and `self` a unique one, so they cannot overlap; to read this
    /// view's own elements see [`ViewMut::zip_mut_with_self`].
    ///
    /// # Panics
    /// When `rhs` does not broadcast to this view's shape; see [`ViewMut::try_zip_mut_with`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<i32, 2>::zeros([2, 3]);
    /// let row = Array::<i32, 1>::arange(3);
    /// a.view_mut().zip_mut_with(&row, |x, r| *x += 10 * r);
    /// assert_eq!(a.to_vec(), vec![0, 10, 20, 0, 10, 20]);
    /// ```
    #[track_caller]
    pub fn zip_mut_with<B, const M: usize>(
        &mut self,
        rhs: &impl AsView<B, M>,
        f: impl FnMut(&mut T, &B),
    ) {
        unwrap_or_panic(self.try_zip_mut_with_op("zip_mut_with", rhs.as_view(), f))
    }

    /// [`ViewMut::zip_mut_with`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<i32, 1>::zeros([3]);
    /// let b = Array::<i32, 2>::zeros([2, 3]);
    /// assert_eq!(
    ///     a.view_mut().try_zip_mut_with(&b, |x, y| *x += y).unwrap_err().to_string(),
    ///     "zip_mut_with: non-broadcastable output operand with shape (3,) doesn't match the \
    ///      broadcast shape (2, 3)"
    /// );
    /// ```
    pub fn try_zip_mut_with<B, const M: usize>(
        &mut self,
        rhs: &impl AsView<B, M>,
        f: impl FnMut(&mut T, &B),
    ) -> Result<(), ShapeError> {
        self.try_zip_mut_with_op("zip_mut_with", rhs.as_view(), f)
    }

    /// The body of `zip_mut_with` and the compound operators, `op` naming the operation.
    pub(crate) fn try_zip_mut_with_op<B, const M: usize, SB: Shape<M>>(
        &mut self,
        op: &str,
        rhs: View<'_, B, M, SB>,
        f: impl FnMut(&mut T, &B),
    ) -> Result<(), ShapeError> {
        static_check::<N, M, S, SB>();
        let (sd, sb) = (self.shape(), rhs.shape());
        check_out_shape(op, &sd, &[&sb])?;
        // SAFETY: `self` is unique, so disjoint from the shared `rhs`, which is broadcast by
        // strides to `self`'s shape.
        unsafe {
            lanes2(
                &pad_shape(&sd),
                self.as_mut_ptr_internal(),
                &stretch(&sd, &self.strides()),
                rhs.as_ptr(),
                &stretch(&sb, &rhs.strides()),
                f,
            )
        };
        Ok(())
    }

    /// `f(&mut self[…], &src[…])` where `src` is a view of this same array chosen by `read`:
    /// NumPy's `a += a.T`, with NumPy's result.
    ///
    /// `src` is broadcast to this view's shape. When it shares memory with `self` it is first
    /// copied, so every element reads the value from before the call, as NumPy guarantees.
    ///
    /// # Panics
    /// When `src` does not broadcast to this view's shape; see
    /// [`ViewMut::try_zip_mut_with_self`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<i32, 1>::arange(4).into_reshape([2, 2]);
    /// a.view_mut().zip_mut_with_self(|a| a.t(), |x, y| *x += *y);
    /// assert_eq!(a.to_vec(), vec![0, 3, 3, 6]);
    /// // reversing in place reads the old values
    /// let mut x = Array::<i32, 1>::arange(5);
    /// x.zip_mut_with_self(|x| x.slice(s![..;-1]), |a, b| *a = *b);
    /// assert_eq!(x.to_vec(), vec![4, 3, 2, 1, 0]);
    /// ```
    #[track_caller]
    pub fn zip_mut_with_self<const M: usize>(
        &mut self,
        read: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) where
        T: Clone,
    {
        unwrap_or_panic(self.try_zip_mut_with_self(read, f))
    }

    /// [`ViewMut::zip_mut_with_self`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// let r = x.view_mut().try_zip_mut_with_self(|x| x.slice(s![..3]), |a, b| *a += *b);
    /// assert_eq!(
    ///     r.unwrap_err().to_string(),
    ///     "zip_mut_with_self: operands could not be broadcast together with shapes (6,) (3,)"
    /// );
    /// ```
    pub fn try_zip_mut_with_self<const M: usize>(
        &mut self,
        read: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) -> Result<(), ShapeError>
    where
        T: Clone,
    {
        self.zip_within_op("zip_mut_with_self", |v| v.as_dynamic(), read, f)
    }

    /// `f(&mut dst[…], &src[…])` where `dst` and `src` are both views of this array, chosen by
    /// the two closures: NumPy's `np.subtract(x[:5], x[5:], out=x[:5])`.
    ///
    /// `src` is broadcast to `dst`'s shape and read through a copy when the two share memory,
    /// so the result is NumPy's. `dst` must not repeat elements (no zero strides).
    ///
    /// # Panics
    /// When `dst` repeats elements or `src` does not broadcast to it; see
    /// [`ViewMut::try_zip_within`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i64, 1>::arange(10);
    /// x.zip_within(|x| x.slice(s![..5]), |x| x.slice(s![5..]), |a, b| *a -= *b);
    /// assert_eq!(x.to_vec(), vec![-5, -5, -5, -5, -5, 5, 6, 7, 8, 9]);
    /// ```
    #[track_caller]
    pub fn zip_within<const D: usize, const M: usize>(
        &mut self,
        dst: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, D>,
        src: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) where
        T: Clone,
    {
        unwrap_or_panic(self.zip_within_op("zip_within", dst, src, f))
    }

    /// [`ViewMut::zip_within`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i64, 1>::arange(4);
    /// let r = x
    ///     .view_mut()
    ///     .try_zip_within(|x| x.slice(s![..1]).broadcast_to([3]), |x| x.slice(s![1..]), |a, b| *a += *b);
    /// assert_eq!(
    ///     r.unwrap_err().to_string(),
    ///     "zip_within: the destination view repeats elements (shape (3,), strides [0])"
    /// );
    /// ```
    pub fn try_zip_within<const D: usize, const M: usize>(
        &mut self,
        dst: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, D>,
        src: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) -> Result<(), ShapeError>
    where
        T: Clone,
    {
        self.zip_within_op("zip_within", dst, src, f)
    }

    /// `d`'s first element as a pointer derived from `self`'s, when every element of `d` is an
    /// element of `self`; `None` otherwise.
    fn own_element_view<const D: usize>(&mut self, d: &Raw<D>) -> Option<*mut T> {
        let base = self.as_mut_ptr_internal();
        let size = std::mem::size_of::<T>();
        if size == 0 || d.layout.shape.contains(&0) {
            // Nothing is read or written through the pointer.
            return Some(base);
        }
        let bytes = (d.ptr as isize).wrapping_sub(base as isize);
        if bytes % size as isize != 0 {
            return None;
        }
        let delta = bytes / size as isize;
        let inside = if self.layout.is_c_contiguous() || self.layout.is_f_contiguous() {
            // Every offset in `0..len` is an element: compare the ranges.
            let (lo, hi) = d.layout.offset_range();
            let len = self.layout.size() as isize;
            matches!((delta.checked_add(lo), delta.checked_add(hi)),
                (Some(a), Some(b)) if a >= 0 && b < len)
        } else {
            // A `ViewMut` repeats no element, so its locator exists.
            let loc = self.layout.locator()?;
            let mut inside = true;
            crate::kernel::for_each_offset_c(&d.layout.shape, &d.layout.strides, |o| {
                inside &= delta.checked_add(o).is_some_and(|x| loc.contains(x));
            });
            inside
        };
        // SAFETY: `delta` is the offset of `d`'s first element, an element of `self` (checked
        // just above), so the result stays inside `self`'s allocation.
        inside.then(|| unsafe { base.offset(delta) })
    }

    fn zip_within_op<const D: usize, const M: usize>(
        &mut self,
        op: &str,
        dst: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, D>,
        src: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) -> Result<(), ShapeError>
    where
        T: Clone,
    {
        let (d, s) = (Raw::of(dst(self.view())), Raw::of(src(self.view())));
        // The closure may return any view that lives long enough (a `static`'s, another
        // array's): write only where every element of `dst` is an element of `self`, and
        // through `self`'s own pointer.
        let d_ptr = self.own_element_view(&d).ok_or_else(|| {
            shape_err!(
                InvalidArgument,
                "{op}: the destination is not a view of the array being written"
            )
        })?;
        if !d.layout.is_unique() {
            return Err(shape_err!(
                InvalidArgument,
                "{op}: the destination view repeats elements (shape {}, strides {:?})",
                tuple(&d.layout.shape),
                d.layout.strides
            ));
        }
        let (sd, ss) = (d.layout.shape, s.layout.shape);
        check_out_shape(op, &sd, &[&ss])?;
        let size = std::mem::size_of::<T>() as isize;
        let (d0, d1) = d.byte_range(size);
        let (s0, s1) = s.byte_range(size);
        let empty = sd.contains(&0);
        let overlap = !empty && size > 0 && d0 < s1 && s0 < d1;
        // SAFETY: `s` came from a view of `self`, so it addresses live elements for the length
        // of this call.
        let src_view: View<'_, T, M> =
            unsafe { View::from_raw(NonNull::new_unchecked(s.ptr as *mut T), s.layout) };
        let copy;
        let (sp, sst) = if overlap {
            copy = src_view.to_owned();
            (copy.as_ptr(), copy.strides())
        } else {
            (src_view.as_ptr(), src_view.strides())
        };
        // SAFETY: every element of `d` is an element of `self` (checked above), which this call
        // borrows uniquely, and `d_ptr` derives from `self`'s pointer, so writing through it is
        // allowed; it repeats no element (checked above); the source is either disjoint from it
        // (no overlap of their address ranges) or a fresh copy.
        unsafe {
            lanes2(
                &pad_shape(&sd),
                d_ptr,
                &stretch(&sd, &d.layout.strides),
                sp,
                &stretch(&ss, &sst),
                f,
            )
        };
        Ok(())
    }
}

impl<T, const N: usize, S: Shape<N>> Array<T, N, S> {
    /// [`ViewMut::zip_mut_with`] on the whole array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<f64, 1>::ones([3]);
    /// a.zip_mut_with(&2.0, |x, y| *x *= y);
    /// assert_eq!(a.to_vec(), vec![2.0; 3]);
    /// ```
    #[track_caller]
    pub fn zip_mut_with<B, const M: usize>(
        &mut self,
        rhs: &impl AsView<B, M>,
        f: impl FnMut(&mut T, &B),
    ) {
        self.view_mut().zip_mut_with(rhs, f)
    }

    /// [`ViewMut::try_zip_mut_with`] on the whole array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<f64, 1>::ones([3]);
    /// assert!(a.try_zip_mut_with(&Array::<f64, 1>::ones([2]), |x, y| *x += y).is_err());
    /// ```
    pub fn try_zip_mut_with<B, const M: usize>(
        &mut self,
        rhs: &impl AsView<B, M>,
        f: impl FnMut(&mut T, &B),
    ) -> Result<(), ShapeError> {
        self.view_mut().try_zip_mut_with(rhs, f)
    }

    /// [`ViewMut::zip_mut_with_self`] on the whole array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut a = Array::<i32, 1>::arange(3);
    /// a.zip_mut_with_self(|a| a.slice(s![..;-1]), |x, y| *x -= *y);
    /// assert_eq!(a.to_vec(), vec![-2, 0, 2]);
    /// ```
    #[track_caller]
    pub fn zip_mut_with_self<const M: usize>(
        &mut self,
        read: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) where
        T: Clone,
    {
        self.view_mut().zip_mut_with_self(read, f)
    }

    /// [`ViewMut::zip_within`] on the whole array.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let mut x = Array::<i32, 1>::arange(6);
    /// x.zip_within(|x| x.slice(s![1..]), |x| x.slice(s![..5]), |a, b| *a += *b);
    /// assert_eq!(x.to_vec(), vec![0, 1, 3, 5, 7, 9]);
    /// ```
    #[track_caller]
    pub fn zip_within<const D: usize, const M: usize>(
        &mut self,
        dst: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, D>,
        src: impl for<'v> FnOnce(View<'v, T, N, S>) -> View<'v, T, M>,
        f: impl FnMut(&mut T, &T),
    ) where
        T: Clone,
    {
        self.view_mut().zip_within(dst, src, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large output of plain types runs on other threads (the pool's workers), a small one on
    /// the calling thread.
    #[test]
    fn large_outputs_of_plain_types_run_on_other_threads() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let run = |n: usize| {
            let a = Array::<f64, 1>::zeros([n]);
            let caller = std::thread::current().id();
            let elsewhere = AtomicBool::new(false);
            let out: Array<f64, 1> = crate::config::with_num_threads(2, || {
                try_zip_views_sync("t", a.view(), a.view(), |x: &f64, y: &f64| {
                    if std::thread::current().id() != caller {
                        elsewhere.store(true, Ordering::Relaxed);
                    }
                    x + y
                })
                .unwrap()
            });
            assert_eq!(out.len(), n);
            elsewhere.load(Ordering::Relaxed)
        };
        assert!(run(2 * parallel::ELEMENTWISE_MIN));
        assert!(!run(parallel::ELEMENTWISE_MIN / 2));
    }

    /// The parallel pieces against the one-thread loop, on strided, transposed and broadcast
    /// operands and the unary path (small enough for Miri, which lowers the thresholds and
    /// checks the threads for races).
    #[test]
    fn pieces_agree_with_one_thread() {
        let n = 3 * parallel::ELEMENTWISE_MIN;
        let a = Array::<f64, 1>::from_fn([n], |[i]| i as f64 * 0.5 - 7.0).into_reshape([n / 8, 8]);
        let b = Array::<f64, 1>::from_fn([8], |[i]| i as f64 + 1.0);
        let at = a.t().to_owned(); // (8, n / 8), C-ordered
        let pieces = |threads| {
            crate::config::with_num_threads(threads, || {
                let s: Array<f64, 2> =
                    try_zip_views_sync("t", a.view(), b.view(), |x: &f64, y: &f64| x * y).unwrap();
                let t: Array<f64, 2> =
                    try_zip_views_sync("t", a.view(), at.t(), |x: &f64, y: &f64| x - y).unwrap();
                // SAFETY: the closure captures nothing.
                let m = unsafe { map_par(at.view(), |x: &f64| x * 3.0 + 1.0) };
                (s, t, m)
            })
        };
        let (one, two) = (pieces(1), pieces(2));
        assert_eq!(one, two);
        assert!(two.1.iter().all(|&v| v == 0.0));
        assert_eq!(two.2[[7, 1]], at[[7, 1]] * 3.0 + 1.0);
    }

    #[test]
    fn tuples_print_like_numpy() {
        assert_eq!(tuple(&[]), "()");
        assert_eq!(tuple(&[3]), "(3,)");
        assert_eq!(tuple(&[2, 3]), "(2, 3)");
    }

    #[test]
    fn broadcast_rule() {
        assert_eq!(broadcast_dyn(&[&[5, 4], &[1]]), Some(vec![5, 4]));
        assert_eq!(
            broadcast_dyn(&[&[15, 3, 5], &[15, 1, 5]]),
            Some(vec![15, 3, 5])
        );
        assert_eq!(broadcast_dyn(&[&[0], &[1]]), Some(vec![0]));
        assert_eq!(broadcast_dyn(&[&[0], &[2]]), None);
        assert_eq!(broadcast_dyn(&[]), Some(vec![]));
        assert_eq!(broadcast_dyn(&[&[3], &[4]]), None);
    }

    #[test]
    fn stretch_zeroes_length_one_axes() {
        let s = stretch(&[3, 1], &[1, 3]);
        assert_eq!(&s[6..], &[1, 0]);
        assert!(s[..6].iter().all(|&x| x == 0));
    }

    #[test]
    fn f_order_inputs_give_f_order_output() {
        assert_eq!(
            out_order(&[2, 3], &[(&[2, 3], false, true), (&[3], true, true)]),
            Order::F
        );
        assert_eq!(
            out_order(&[2, 3], &[(&[2, 3], false, true), (&[2, 3], true, false)]),
            Order::C
        );
        assert_eq!(out_order(&[2, 3], &[(&[3], true, true)]), Order::C);
    }
}

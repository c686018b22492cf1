//! The runtime of `tensor!`: what its expansion calls for operands, reductions, size checks
//! and results. Not public API (reached through `__private`), but documented for readers of
//! expansions.
//!
//! # Unsafe code here
//!
//! - the `tensor!` loops read terms through the private pointers of `Line` and `Lane`; `line`
//!   asserts each index and length against the view's shape, and `Lane::check` each term's
//!   sizes against the output's, in release builds, before any read (invariant 2).
//! - `:=` outputs fill spare capacity (then `set_len`) or a fresh buffer (then
//!   `view::assume_init_vec` and `Array::from_vec_layout`) once every slot is written.
//! - in-place statements write through a unique `ViewMut` (invariant 4).

use crate::array::Array;
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::Layout;
use crate::view::View;
use num_traits::{One, Zero};
use std::ops::{Add, Mul};

/// What a `tensor!` indexed term may read: `&Array`, `View`, `&View`, `&ViewMut`, `&CowArray`
/// of rank `N` (its label count).
#[diagnostic::on_unimplemented(
    message = "this array is indexed with {N} labels, so it must have rank {N}; found `{Self}`",
    label = "indexed with {N} labels"
)]
pub trait TensorOperand<'a, const N: usize, T, S> {
    /// The operand as a view.
    fn into_tensor_view(self) -> View<'a, T, N, S>
    where
        S: crate::Shape<N>;
}

/// Whether a `:=` whose right side is a contraction with a scalar divisor
/// (`g[k, i] := x[n, i] * d[n, k] / nb`) may divide the contracted result instead of every
/// product: true for `f32`/`f64` elements, whose sums `tensor!` reassociates anyway; false for
/// integers, where `Σ (a·b / s)` and `(Σ a·b) / s` differ. The statement checks it when it runs
/// and takes GEMM or the general loops accordingly.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::__private::tensor::divides_after_sum;
/// assert!(divides_after_sum(&Array::<f64, 1>::zeros([2]).view()));
/// assert!(!divides_after_sum(&Array::<i64, 1>::zeros([2]).view()));
/// ```
pub fn divides_after_sum<T: 'static, const N: usize, S: crate::Shape<N>>(
    _first_operand: &View<'_, T, N, S>,
) -> bool {
    use std::any::TypeId;
    TypeId::of::<T>() == TypeId::of::<f64>() || TypeId::of::<T>() == TypeId::of::<f32>()
}

impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S> for &'a Array<T, N, S> {
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S> for View<'a, T, N, S> {
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self
    }
}
impl<'b, const N: usize, T, S: crate::Shape<N>> TensorOperand<'b, N, T, S> for &View<'b, T, N, S> {
    fn into_tensor_view(self) -> View<'b, T, N, S> {
        *self
    }
}
impl<'a, const N: usize, T, S: crate::Shape<N>> TensorOperand<'a, N, T, S>
    for &'a crate::ViewMut<'_, T, N, S>
{
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        self.view()
    }
}
impl<'a, const N: usize, T> TensorOperand<'a, N, T, [usize; N]> for &'a crate::CowArray<'_, T, N> {
    fn into_tensor_view(self) -> View<'a, T, N> {
        self.view()
    }
}

/// `Σ`, with `0` for an empty range.
#[derive(Debug)]
pub struct Sum<T>(Option<T>);
/// `Π`, with `1` for an empty range.
#[derive(Debug)]
pub struct Prod<T>(Option<T>);
/// The largest value; an empty range is an error.
#[derive(Debug)]
pub struct Max<T>(Option<T>);
/// The smallest value; an empty range is an error.
#[derive(Debug)]
pub struct Min<T>(Option<T>);

/// A reduction's accumulator: how two partial results combine. Folding a value in is the same
/// combination, so a loop may also keep several independent partial results (vector lanes)
/// and combine them at the end.
pub trait Fold<T> {
    /// Two partial results as one.
    fn combine(a: T, b: T) -> T;
    /// The partial result so far (`None` before the first value).
    fn slot(&mut self) -> &mut Option<T>;
    /// Folds in one value.
    #[inline(always)]
    fn push(&mut self, v: T)
    where
        Self: Sized,
    {
        let slot = self.slot();
        *slot = Some(match slot.take() {
            None => v,
            Some(a) => Self::combine(a, v),
        });
    }
}

macro_rules! accumulator {
    ($ty:ident [$($bound:tt)*] |$a:ident, $b:ident| $combine:expr) => {
        impl<T> $ty<T> {
            /// An empty fold.
            #[inline(always)]
            pub fn new() -> Self {
                $ty(None)
            }
        }
        impl<T> Default for $ty<T> {
            fn default() -> Self {
                $ty(None)
            }
        }
        impl<T: $($bound)*> Fold<T> for $ty<T> {
            #[inline(always)]
            #[allow(clippy::eq_op)]
            fn combine($a: T, $b: T) -> T {
                $combine
            }
            #[inline(always)]
            fn slot(&mut self) -> &mut Option<T> {
                &mut self.0
            }
        }
    };
}
accumulator!(Sum [Add<Output = T>] |a, b| a + b);
accumulator!(Prod [Mul<Output = T>] |a, b| a * b);
// NaN wins from either side, as in NumPy: a NaN `a` is kept because no comparison with it is
// true, and a NaN `b` replaces anything.
accumulator!(Max[PartialOrd] | a, b | if b > a || b != b { b } else { a });
accumulator!(Min[PartialOrd] | a, b | if b < a || b != b { b } else { a });

impl<T: Zero> Sum<T> {
    /// The sum.
    #[inline(always)]
    pub fn finish(self, _what: &str) -> T {
        self.0.unwrap_or_else(T::zero)
    }
}

impl<T: One> Prod<T> {
    /// The product.
    #[inline(always)]
    pub fn finish(self, _what: &str) -> T {
        self.0.unwrap_or_else(T::one)
    }
}

macro_rules! extremum_finish {
    ($ty:ident, $name:literal) => {
        impl<T> $ty<T> {
            /// The result.
            ///
            /// # Panics
            /// When the range was empty (NumPy: "zero-size array to reduction operation").
            #[track_caller]
            pub fn finish(self, what: &str) -> T {
                match self.0 {
                    Some(v) => v,
                    None => panic!("{what}: {} over an empty range", $name),
                }
            }
        }
    };
}
extremum_finish!(Max, "max");
extremum_finish!(Min, "min");

/// One term's elements along the innermost loop's label, its other labels fixed: `n` elements
/// `stride` apart. Built only by [`line()`], which checks every index, so reading element
/// `k < len` is in bounds.
#[derive(Clone, Copy)]
pub struct Line<'a, T> {
    ptr: *const T,
    stride: isize,
    len: usize,
    _borrow: std::marker::PhantomData<&'a T>,
}

/// The elements of `v` at `index`, with the axes marked in `along` running over `0..n` together
/// (one label; a label repeated in the term walks the diagonal: strides add).
///
/// # Panics
/// When an `along` axis is not `n` long or a fixed index is out of bounds (the expansion has
/// checked sizes already; this keeps the line sound on its own).
#[inline(always)]
pub fn line<'a, T, const N: usize, S: crate::Shape<N>>(
    v: View<'a, T, N, S>,
    index: [usize; N],
    along: [bool; N],
    n: usize,
) -> Line<'a, T> {
    let (shape, strides) = (v.shape(), v.strides());
    let mut off = 0isize;
    let mut stride = 0isize;
    for k in 0..N {
        if along[k] {
            assert!(
                shape[k] == n,
                "tensor: a term's axis {k} is not the loop's length"
            );
            stride += strides[k];
        } else {
            assert!(
                index[k] < shape[k],
                "tensor: index out of bounds on axis {k}"
            );
            off += index[k] as isize * strides[k];
        }
    }
    Line {
        ptr: v.as_ptr().wrapping_offset(off),
        stride,
        len: n,
        _borrow: std::marker::PhantomData,
    }
}

/// How far apart consecutive elements of `v` are when the axes marked in `along` advance
/// together (one label), in elements (negative for a reversed axis: only +1 reads a line at
/// unit stride).
#[inline(always)]
pub fn stride_along<T, const N: usize, S: crate::Shape<N>>(
    v: View<'_, T, N, S>,
    along: [bool; N],
) -> isize {
    let strides = v.strides();
    (0..N).filter(|&k| along[k]).map(|k| strides[k]).sum()
}

/// The index of the highest score, the last one on ties: which label a reduction's innermost
/// loop runs over (scores count the reads contiguous along each label; the last label is the
/// order as written).
#[inline(always)]
pub fn pick_inner<const L: usize>(scores: [usize; L]) -> usize {
    let mut best = 0;
    for (k, &s) in scores.iter().enumerate() {
        if s >= scores[best] {
            best = k;
        }
    }
    best
}

/// Independent partial results a fold keeps (one vector's worth of `f64` on AVX-512).
const LANES: usize = 8;

/// The closure itself: an attribute such as `#[inline(always)]` is allowed on a closure that
/// is a call's argument, not on one bound by `let`.
#[inline(always)]
fn closure<F>(f: F) -> F {
    f
}

/// `acc` folded over `g(0), …, g(n - 1)`: [`LANES`] interleaved partial results combined
/// pairwise at the end, so the loop vectorizes (floating-point sums are reassociated, as in
/// NumPy's pairwise summation).
#[inline(always)]
fn fold_lanes<A: Fold<R>, R: Copy>(acc: &mut A, n: usize, mut g: impl FnMut(usize) -> R) {
    let mut k = 0;
    if n >= LANES {
        let mut lanes: [R; LANES] = std::array::from_fn(&mut g);
        k = LANES;
        while k + LANES <= n {
            for (j, lane) in lanes.iter_mut().enumerate() {
                *lane = A::combine(*lane, g(k + j));
            }
            k += LANES;
        }
        let mut w = LANES;
        while w > 1 {
            w /= 2;
            for j in 0..w {
                lanes[j] = A::combine(lanes[j], lanes[j + w]);
            }
        }
        acc.push(lanes[0]);
    }
    while k < n {
        acc.push(g(k));
        k += 1;
    }
}

/// `g(0), …, g(n - 1)` written into `out` (`n` slots). Small elements go through a buffer on
/// the stack, [`BLOCK`] at a time: stores into it cannot alias what `g` reads through its
/// captures, so the loop vectorizes (stores into `out` could, as far as the compiler knows).
#[inline(always)]
fn fill_lanes<R>(out: &mut [std::mem::MaybeUninit<R>], mut g: impl FnMut(usize) -> R) {
    use std::mem::MaybeUninit;
    let n = out.len();
    if std::mem::size_of::<R>() > 16 {
        for (k, slot) in out.iter_mut().enumerate() {
            slot.write(g(k));
        }
        return;
    }
    let mut buf: [MaybeUninit<R>; BLOCK] = [const { MaybeUninit::uninit() }; BLOCK];
    let mut k = 0;
    while k < n {
        let len = BLOCK.min(n - k);
        for (j, slot) in buf[..len].iter_mut().enumerate() {
            slot.write(g(k + j));
        }
        // Moves the `len` values written above (a `MaybeUninit` never drops its contents, so
        // they are owned by `out` alone afterwards).
        out[k..k + len].swap_with_slice(&mut buf[..len]);
        k += len;
    }
}

/// Elements per stack buffer in [`fill_lanes`].
const BLOCK: usize = 64;

macro_rules! fold_k {
    ($fold:ident, $fill:ident; $($line:ident: $t:ident, $p:ident, $s:ident);*) => {
        /// The innermost loop of a `tensor!` reduction: `f(k, elements at k…)` for `k` in
        /// `0..n`, folded into `acc`; contiguous lines read at unit stride so the loop
        /// vectorizes, with the widest SIMD the CPU has.
        ///
        /// # Panics
        /// When a line's length is not `n`.
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub fn $fold<A: Fold<R>, R: Copy, $($t: Copy,)*>(
            acc: &mut A,
            n: usize,
            $($line: Line<'_, $t>,)*
            mut f: impl FnMut(usize, $($t),*) -> R,
        ) {
            $(assert!($line.len == n, "tensor: a line's length is not the loop's");)*
            $(let ($p, $s) = ($line.ptr, $line.stride);)*
            // SAFETY (every read below): `line` checked that each of the n elements of a
            // line, `stride` apart from `ptr`, is in bounds of its view, and k < n.
            if true $(&& $s == 1)* {
                let body = closure(#[inline(always)]
                move || {
                    // Moving the captures out makes this closure `FnOnce` only: called through
                    // no shim, so `#[inline(always)]` puts the loop in the dispatched function.
                    let (acc, mut f) = (acc, f);
                    fold_lanes(acc, n, #[inline(always)] |k| {
                        // SAFETY: see above.
                        f(k, $(unsafe { *$p.add(k) }),*)
                    })
                });
                crate::kernel::dispatch_long(n, body)
            } else {
                fold_lanes(acc, n, #[inline(always)] |k| {
                    // SAFETY: see above.
                    f(k, $(unsafe { *$p.offset(k as isize * $s) }),*)
                })
            }
        }

        /// The innermost loop of a `tensor!` `:=` statement: appends `f(k, elements at k…)`
        /// for `k` in `0..n` to `data` (the output's next `n` elements in C order).
        ///
        /// # Panics
        /// When a line's length is not `n`.
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub fn $fill<R, $($t: Copy,)*>(
            data: &mut Vec<R>,
            n: usize,
            $($line: Line<'_, $t>,)*
            mut f: impl FnMut(usize, $($t),*) -> R,
        ) {
            $(assert!($line.len == n, "tensor: a line's length is not the loop's");)*
            $(let ($p, $s) = ($line.ptr, $line.stride);)*
            data.reserve(n);
            let len = data.len();
            let spare = &mut data.spare_capacity_mut()[..n];
            // SAFETY (every read below): as in the fold, k < n.
            if true $(&& $s == 1)* {
                let body = closure(#[inline(always)]
                move || {
                    let (spare, mut f) = (spare, f); // `FnOnce` only, as in the fold
                    fill_lanes(spare, #[inline(always)] |k| {
                        // SAFETY: see above.
                        f(k, $(unsafe { *$p.add(k) }),*)
                    })
                });
                crate::kernel::dispatch_long(n, body)
            } else {
                fill_lanes(spare, #[inline(always)] |k| {
                    // SAFETY: see above.
                    f(k, $(unsafe { *$p.offset(k as isize * $s) }),*)
                });
            }
            // SAFETY: the n slots after `len` were written above (a panic in `f` leaves the
            // length as it was, leaking what was written, never exposing uninitialized slots).
            unsafe { data.set_len(len + n) };
        }
    };
}
fold_k!(fold0, fill0;);
fold_k!(fold1, fill1; l0: A0, p0, s0);
fold_k!(fold2, fill2; l0: A0, p0, s0; l1: A1, p1, s1);
fold_k!(fold3, fill3; l0: A0, p0, s0; l1: A1, p1, s1; l2: A2, p2, s2);
fold_k!(fold4, fill4; l0: A0, p0, s0; l1: A1, p1, s1; l2: A2, p2, s2; l3: A3, p3, s3);

/// The error for two axes with one label and different sizes.
pub fn size_error(
    what: &str,
    label: &str,
    first: (&str, usize, usize),
    other: (&str, usize, usize),
) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "{what}: label `{label}` is {} in `{}` (axis {}) but {} in `{}` (axis {})",
        first.1,
        first.0,
        first.2,
        other.1,
        other.0,
        other.2
    )
}

/// The empty buffer a `:=` statement's loops push its elements into: room for every element of
/// `shape`, whose size is checked first (terms broadcast by stride can span more elements than
/// `usize` counts).
pub fn new_data<T, const M: usize>(shape: [usize; M]) -> Result<Vec<T>, ShapeError> {
    let n = crate::layout::checked_size("tensor", &shape, std::mem::size_of::<T>())?;
    crate::alloc::try_vec_with_capacity(n).map_err(|e| e.for_shape("tensor", &shape))
}

/// The new array of a `:=` statement from its elements in C order.
#[inline(always)]
pub fn finish<T, const M: usize>(shape: [usize; M], data: Vec<T>) -> Array<T, M> {
    Array::from_shape_vec(shape, data).expect("one element per index of the shape")
}

/// Unwraps a `tensor!` result, panicking with its message at the macro's call site.
#[track_caller]
#[inline(always)]
pub fn unwrap<R>(r: Result<R, ShapeError>) -> R {
    unwrap_or_panic(r)
}

/// [`unwrap`] for a `:=` statement, whose new array must be used: `tensor!(c[i] := …);` as a
/// statement was almost always meant as `tensor!(c[i] = …)`, a write into `c`.
#[track_caller]
#[inline(always)]
#[must_use = "`tensor!(c[…] := …)` returns a new array and leaves any existing `c` alone; bind it (`let c = tensor!(…)`), or write into `c` with `=`"]
pub fn unwrap_new<R>(r: Result<R, ShapeError>) -> R {
    unwrap_or_panic(r)
}

/// A result as an owned array: `Array` as is, a `View` copied. The temporary of an aliased
/// write must not borrow the array it is written into.
pub trait IntoOwned<T, const M: usize> {
    /// The owned array.
    fn into_owned_array(self) -> Array<T, M>;
}

impl<T, const M: usize> IntoOwned<T, M> for Array<T, M> {
    fn into_owned_array(self) -> Array<T, M> {
        self
    }
}

impl<T: Clone, const M: usize> IntoOwned<T, M> for View<'_, T, M> {
    fn into_owned_array(self) -> Array<T, M> {
        self.to_owned()
    }
}

/// A reference to an operand is an operand (`let a = &array; tensor!(… a[i] …)`).
impl<'a, 'b: 'a, const N: usize, T: 'b, S: crate::Shape<N>, A> TensorOperand<'a, N, T, S>
    for &'a &'b A
where
    &'b A: TensorOperand<'b, N, T, S>,
{
    fn into_tensor_view(self) -> View<'a, T, N, S> {
        (*self).into_tensor_view()
    }
}

/// Static size checks of `tensor!`: `TermCheck::<A, X, B, Y>::same_dim(&a, &b)` compiles only
/// if axis `X` of term `A` and axis `Y` of term `B` (one label) may have the same size: equal
/// `Const`s, or at least one dynamic. The expansion puts the call on the second label token.
pub struct TermCheck<const A: usize, const X: usize, const B: usize, const Y: usize>;

/// Two axis markers that may carry one label (see [`TermCheck`]).
#[diagnostic::on_unimplemented(
    message = "tensor!: this label has static size `{Self}` in term {A} (axis {X}) but `{Other}` in term {B} (axis {Y})",
    label = "`{Other}` here, `{Self}` in term {A}"
)]
pub trait TermDim<const A: usize, const X: usize, const B: usize, const Y: usize, Other> {}

#[diagnostic::do_not_recommend]
impl<const A: usize, const X: usize, const B: usize, const Y: usize, const D: usize>
    TermDim<A, X, B, Y, crate::Const<D>> for crate::Const<D>
{
}
#[diagnostic::do_not_recommend]
impl<const A: usize, const X: usize, const B: usize, const Y: usize, const D: usize>
    TermDim<A, X, B, Y, crate::Dyn> for crate::Const<D>
{
}
#[diagnostic::do_not_recommend]
impl<const A: usize, const X: usize, const B: usize, const Y: usize, O: crate::Dim>
    TermDim<A, X, B, Y, O> for crate::Dyn
{
}

impl<const A: usize, const X: usize, const B: usize, const Y: usize> TermCheck<A, X, B, Y> {
    /// Compiles only when the two axes' static sizes agree.
    pub fn same_dim<T, U, const N0: usize, const N1: usize, S0, S1>(
        _: &View<'_, T, N0, S0>,
        _: &View<'_, U, N1, S1>,
    ) where
        S0: crate::Shape<N0> + crate::AxisDim<X>,
        S1: crate::Shape<N1> + crate::AxisDim<Y>,
        <S0 as crate::AxisDim<X>>::Dim: TermDim<A, X, B, Y, <S1 as crate::AxisDim<Y>>::Dim>,
    {
    }
}

/// One term of an element-wise `tensor!` statement: a view, with the output axis each of its
/// axes runs along (a label repeated in the term takes the diagonal: strides add).
pub struct Lane<'a, T, const M: usize> {
    ptr: *const T,
    strides: [isize; M],
    /// The term's size along each output axis; `usize::MAX` where it does not index it.
    sizes: [usize; M],
    _borrow: std::marker::PhantomData<&'a T>,
}

impl<'a, T, const M: usize> Lane<'a, T, M> {
    /// Binds the axes of `v` to output axes `axes[k]`.
    ///
    /// # Panics
    /// When two axes of `v` bound to one output axis differ in size (the expansion has checked
    /// sizes already; this keeps the lane sound on its own).
    #[inline(always)]
    pub fn new<const N: usize, S: crate::Shape<N>>(v: View<'a, T, N, S>, axes: [usize; N]) -> Self {
        let mut strides = [0isize; M];
        let mut sizes = [usize::MAX; M];
        let (shape, vs) = (v.shape(), v.strides());
        for k in 0..N {
            let d = axes[k];
            assert!(
                sizes[d] == usize::MAX || sizes[d] == shape[k],
                "tensor: diagonal of unequal axes"
            );
            sizes[d] = shape[k];
            strides[d] += vs[k];
        }
        Lane {
            ptr: v.as_ptr(),
            strides,
            sizes,
            _borrow: std::marker::PhantomData,
        }
    }

    #[inline(always)]
    fn check(&self, shape: &[usize; M]) {
        for d in 0..M {
            assert!(
                self.sizes[d] == usize::MAX || self.sizes[d] == shape[d],
                "tensor: a term's size differs from the output's on axis {d}"
            );
        }
    }
}

macro_rules! map_k {
    ($name:ident; $($lane:ident: $t:ident, $p:ident, $s:ident);+) => {
        /// An element-wise `tensor!` statement: `f` of the terms' elements at every output
        /// index, in C order, lane by lane (no index arithmetic per element).
        ///
        /// # Errors
        /// When the output's size overflows (terms broadcast by stride can span more elements
        /// than fit in memory) or its buffer cannot be had.
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($t: Copy,)+ R, const M: usize>(
            shape: [usize; M],
            $($lane: Lane<'_, $t, M>,)+
            mut f: impl FnMut($($t),+) -> R,
        ) -> Result<Array<R, M>, ShapeError> {
            $($lane.check(&shape);)+
            let n = crate::layout::checked_size("tensor", &shape, std::mem::size_of::<R>())?;
            let layout = crate::layout::Layout::dense(shape, crate::layout::Order::C);
            let mut out = crate::alloc::try_uninit_vec::<R>(n)
                .map_err(|e| e.for_shape("tensor", &shape))?;
            if n > 0 {
                let len = if M == 0 { 1 } else { shape[M - 1] };
                let last = M.saturating_sub(1);
                let inner = |l: &[isize; M]| if M == 0 { 0 } else { l[last] };
                let mut outer = [0usize; M];
                let mut pos = 0usize;
                loop {
                    let chunk = &mut out[pos..pos + len];
                    $(
                        let mut base = 0isize;
                        for d in 0..last {
                            base += outer[d] as isize * $lane.strides[d];
                        }
                        // SAFETY: `check` matched every lane's sizes to `shape`, so for each
                        // index below `shape` (outer indices, and `i < len` on the last axis)
                        // the offset is an in-bounds element of the lane's view.
                        let $p = unsafe { $lane.ptr.offset(base) };
                        let $s = inner(&$lane.strides);
                    )+
                    if true $(&& $s == 1)+ {
                        // Every lane contiguous: unit offsets the compiler can vectorize.
                        for (i, slot) in chunk.iter_mut().enumerate() {
                            // SAFETY: as above, i < len, stride 1.
                            slot.write(f($(unsafe { *$p.add(i) }),+));
                        }
                    } else {
                        for (i, slot) in chunk.iter_mut().enumerate() {
                            let i = i as isize;
                            // SAFETY: as above, i < len.
                            slot.write(f($(unsafe { *$p.offset(i * $s) }),+));
                        }
                    }
                    pos += len;
                    // Next lane: odometer over the outer axes.
                    let mut d = last;
                    loop {
                        if d == 0 {
                            break;
                        }
                        d -= 1;
                        outer[d] += 1;
                        if outer[d] < shape[d] {
                            break;
                        }
                        outer[d] = 0;
                    }
                    if pos >= n {
                        break;
                    }
                }
            }
            // SAFETY: every element is written: the loop above writes `len` slots per lane
            // (the last axis) and steps the odometer over the outer axes until all `n` slots,
            // `n` being the product of `shape` (`checked_size`, a release check), are written
            // in C order, each once. The lanes' sizes match `shape` (`check`, an `assert!`).
            Ok(Array::from_vec_layout(unsafe { crate::view::assume_init_vec(out) }, layout))
        }
    };
}
map_k!(map1; l0: A0, p0, s0);
map_k!(map2; l0: A0, p0, s0; l1: A1, p1, s1);
map_k!(map3; l0: A0, p0, s0; l1: A1, p1, s1; l2: A2, p2, s2);
map_k!(map4; l0: A0, p0, s0; l1: A1, p1, s1; l2: A2, p2, s2; l3: A3, p3, s3);

macro_rules! update_k {
    ($name:ident; $($lane:ident: $t:ident, $p:ident, $s:ident);*) => {
        /// An element-wise `tensor!` write (`=`, `+=`, `-=`, `*=`) into `out`: `f(slot, terms…)`
        /// at every index, lane by lane.
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<R, $($t: Copy,)* const M: usize>(
            mut out: crate::ViewMut<'_, R, M>,
            $($lane: Lane<'_, $t, M>,)*
            mut f: impl FnMut(&mut R, $($t),*),
        ) {
            let shape = out.shape();
            $($lane.check(&shape);)*
            if shape.contains(&0) {
                return;
            }
            let ostrides = out.strides();
            let optr = out.as_mut_ptr_internal();
            let len = if M == 0 { 1 } else { shape[M - 1] };
            let last = M.saturating_sub(1);
            let inner = |l: &[isize; M]| if M == 0 { 0 } else { l[last] };
            let so = inner(&ostrides);
            let mut outer = [0usize; M];
            loop {
                let mut obase = 0isize;
                for d in 0..last {
                    obase += outer[d] as isize * ostrides[d];
                }
                $(
                    let mut base = 0isize;
                    for d in 0..last {
                        base += outer[d] as isize * $lane.strides[d];
                    }
                    // SAFETY: `check` matched the lane's sizes to the output's shape, so every
                    // index below it is an in-bounds element of the lane's view.
                    let $p = unsafe { $lane.ptr.offset(base) };
                    let $s = inner(&$lane.strides);
                )*
                for i in 0..len as isize {
                    // SAFETY: the output is a unique view (its invariant 4), the index is in
                    // bounds, and no lane aliases it (the borrow checker rules that out: the
                    // lanes borrow other arrays).
                    let slot = unsafe { &mut *optr.offset(obase + i * so) };
                    // SAFETY: as above for the lanes.
                    f(slot, $(unsafe { *$p.offset(i * $s) }),*);
                }
                let mut d = last;
                let done = loop {
                    if d == 0 {
                        break true;
                    }
                    d -= 1;
                    outer[d] += 1;
                    if outer[d] < shape[d] {
                        break false;
                    }
                    outer[d] = 0;
                };
                if done {
                    break;
                }
            }
        }
    };
}
update_k!(update0;);
update_k!(update1; l0: A0, p0, s0);
update_k!(update2; l0: A0, p0, s0; l1: A1, p1, s1);
update_k!(update3; l0: A0, p0, s0; l1: A1, p1, s1; l2: A2, p2, s2);

/// One axis of a `tensor!` term with index arithmetic, as the range solver sees it: the index
/// `Σ coefficient · label + offset` into axis `axis` (of length `len`) of array `array`.
/// `target` is the label whose range this axis bounds, or `None` when every label of the
/// index is bounded elsewhere and the axis is only checked. The macro orders the constraints
/// so that each target's other labels are bounded first.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Constraint<'s> {
    pub target: Option<usize>,
    pub array: &'s str,
    pub axis: usize,
    pub len: usize,
    pub index: &'s str,
    pub terms: &'s [(usize, isize)],
    pub offset: isize,
}

/// An axis read with a bare label (`a[i]`): the label's range is the axis, `0..len`.
/// `cover`: the label must keep that whole range (the output's axes when writing).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct BareAxis<'s> {
    pub label: usize,
    pub array: &'s str,
    pub axis: usize,
    pub len: usize,
    pub cover: bool,
}

/// The smallest and largest value of `offset + Σ c·label` over the labels' ranges, `skip`
/// left out (an empty range counts as its first value).
fn affine_extent(
    terms: &[(usize, isize)],
    offset: isize,
    ranges: &[(i128, i128)],
    skip: Option<usize>,
) -> (i128, i128) {
    let (mut lo, mut hi) = (offset as i128, offset as i128);
    for &(l, c) in terms {
        if Some(l) == skip {
            continue;
        }
        let (a, b) = ranges[l];
        let b = b.max(a);
        let (x, y) = (c as i128 * a, c as i128 * b);
        lo += x.min(y);
        hi += x.max(y);
    }
    (lo, hi)
}

/// Each label's range `(first, last)` for a `tensor!` statement with index arithmetic, by
/// Tullio's rule: the largest range that keeps every access in bounds, labels starting at 0.
/// A bare axis keeps its label within `0..len`; a constraint then narrows its target so that
/// the index stays inside its axis for every value of the other labels (ranges intersect). An
/// empty range is `(first, first - 1)`. A `cover` axis (the target of a write) must keep its
/// label's whole range. Errors name the statement, the label, the array and the index.
#[doc(hidden)]
pub fn affine_ranges<const L: usize>(
    what: &str,
    names: [&str; L],
    bare: &[BareAxis<'_>],
    constraints: &[Constraint<'_>],
) -> Result<[(isize, isize); L], ShapeError> {
    const OPEN: i128 = i128::MAX / 4;
    let mut ranges = [(0i128, OPEN); L];
    // The axis each label must cover (the left side's, when writing), and what last narrowed
    // each label, for messages.
    let mut cover: [Option<&BareAxis<'_>>; L] = [None; L];
    let mut narrowed: [Option<String>; L] = std::array::from_fn(|_| None);
    let mut narrow = |ranges: &mut [(i128, i128); L], l: usize, lo: i128, hi: i128, by: String| {
        let (a, b) = ranges[l];
        let (na, nb) = (a.max(lo), b.min(hi));
        if (na, nb) != (a, b) && b < OPEN {
            narrowed[l] = Some(by);
        }
        ranges[l] = (na, nb.max(na - 1));
    };
    for b in bare {
        if b.cover {
            cover[b.label] = Some(b);
        }
        let by = format!("`{}` has length {} along axis {}", b.array, b.len, b.axis);
        narrow(&mut ranges, b.label, 0, b.len as i128 - 1, by);
    }
    for c in constraints {
        let dim = c.len as i128;
        match c.target {
            Some(t) => {
                let coef = c.terms.iter().find(|x| x.0 == t).map_or(0, |x| x.1) as i128;
                if coef == 0 {
                    continue;
                }
                let (rmin, rmax) = affine_extent(c.terms, c.offset, &ranges, Some(t));
                // 0 ≤ coef·u + r ≤ dim − 1 for every r in [rmin, rmax].
                let (lo, hi) = if coef > 0 {
                    (div_ceil(-rmin, coef), div_floor(dim - 1 - rmax, coef))
                } else {
                    (div_ceil(rmax - dim + 1, -coef), div_floor(rmin, -coef))
                };
                let by = format!(
                    "`{}[…{}…]` reads axis {} of length {}",
                    c.array, c.index, c.axis, c.len
                );
                narrow(&mut ranges, t, lo, hi, by);
            }
            None => {
                let empty = c.terms.iter().any(|&(l, _)| ranges[l].1 < ranges[l].0);
                let (lo, hi) = affine_extent(c.terms, c.offset, &ranges, None);
                if !empty && (lo < 0 || hi > dim - 1) {
                    let reached = if lo < 0 { lo } else { hi };
                    return Err(shape_err!(
                        OutOfBounds,
                        "{what}: index `{}` of `{}` reaches {reached}, outside its axis {} of \
                         length {}",
                        c.index,
                        c.array,
                        c.axis,
                        c.len
                    ));
                }
            }
        }
    }
    let mut out = [(0isize, -1isize); L];
    for l in 0..L {
        let (a, b) = ranges[l];
        if b >= OPEN / 2 {
            return Err(shape_err!(
                InvalidArgument,
                "{what}: no access bounds label `{}`",
                names[l]
            ));
        }
        if let Some(f) = cover[l] {
            if (a, b) != (0, f.len as i128 - 1) {
                let by = narrowed[l].as_ref().map_or(String::new(), |by| {
                    format!(": {by}, so only {a}..={b} is in bounds")
                });
                return Err(shape_err!(
                    IncompatibleShape,
                    "{what}: label `{}` must run over all of `{}`'s axis {} (0..{}), but the \
                     accesses keep it in bounds only over part of it{by}",
                    names[l],
                    f.array,
                    f.axis,
                    f.len
                ));
            }
        }
        let overflow = || {
            shape_err!(
                Overflow,
                "{what}: the range of label `{}` overflows `isize`",
                names[l]
            )
        };
        out[l] = (
            isize::try_from(a).map_err(|_| overflow())?,
            isize::try_from(b).map_err(|_| overflow())?,
        );
    }
    Ok(out)
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

/// The view of a term with index arithmetic over its labels' ranges: axis `k` of the result
/// runs over label `labels[k]`, starting at its range's first value; `axes[a]` is the index
/// of source axis `a` (label, coefficient pairs) and `offsets[a]` its constant. Every access
/// is checked to lie inside the source first, so the view is in bounds whatever the ranges.
#[doc(hidden)]
pub fn affine_view<'a, T, const N: usize, S: crate::Shape<N>, const K: usize>(
    what: &str,
    array: &str,
    src: View<'a, T, N, S>,
    ranges: &[(isize, isize)],
    labels: [usize; K],
    axes: [&[(usize, isize)]; N],
    offsets: [isize; N],
) -> Result<View<'a, T, K>, ShapeError> {
    let shape: [usize; K] = std::array::from_fn(|k| {
        let (a, b) = ranges[labels[k]];
        (b - a + 1).max(0) as usize
    });
    crate::layout::checked_size("tensor", &shape, std::mem::size_of::<T>())?;
    let wide: Vec<(i128, i128)> = ranges
        .iter()
        .map(|&(a, b)| (a as i128, b as i128))
        .collect();
    let src_layout = src.layout();
    let overflow = || {
        shape_err!(
            Overflow,
            "{what}: the indices of `{array}` overflow `isize`"
        )
    };
    let mut base: i128 = 0;
    let mut strides = [0i128; K];
    let empty = shape.contains(&0);
    for a in 0..N {
        for &(l, _) in axes[a] {
            if !labels.contains(&l) {
                return Err(shape_err!(
                    InvalidArgument,
                    "{what}: `{array}` is indexed by a label its view does not run over"
                ));
            }
        }
        let (lo, hi) = affine_extent(axes[a], offsets[a], &wide, None);
        let len = src_layout.shape[a] as i128;
        if !empty && (lo < 0 || hi >= len) {
            let reached = if lo < 0 { lo } else { hi };
            return Err(shape_err!(
                OutOfBounds,
                "{what}: an index of `{array}` reaches {reached}, outside its axis {a} of length \
                 {len}"
            ));
        }
        let stride = src_layout.strides[a] as i128;
        // The first element: every label at its range's start.
        let start = offsets[a] as i128
            + axes[a]
                .iter()
                .map(|&(l, c)| c as i128 * wide[l].0)
                .sum::<i128>();
        base += stride * start;
        for &(l, c) in axes[a] {
            let k = labels.iter().position(|&x| x == l).expect("checked above");
            strides[k] += stride * c as i128;
        }
    }
    let strides: [isize; K] = {
        let mut out = [0isize; K];
        for k in 0..K {
            out[k] = isize::try_from(strides[k]).map_err(|_| overflow())?;
        }
        out
    };
    let base = isize::try_from(base).map_err(|_| overflow())?;
    // SAFETY: unless the view is empty (then nothing is read, and `relayout` keeps the base
    // pointer), every index of the new layout is a choice of label values within their
    // ranges, which reaches along each source axis `a` an index between the extremes checked
    // above by a plain `if` (so in release builds too), inside `0..len`; its offset is that source element's offset, so the element is
    // in bounds of `src` (layout invariants 2–3).
    Ok(unsafe { src.relayout(Layout { shape, strides }, base) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_inner_takes_the_most_contiguous_label_and_the_last_on_ties() {
        assert_eq!(pick_inner([0, 2, 1]), 1);
        assert_eq!(pick_inner([2, 2, 1]), 1);
        assert_eq!(pick_inner([1, 1, 1]), 2);
        assert_eq!(pick_inner([0usize; 0]), 0);
    }

    #[test]
    fn stride_along_adds_diagonal_axes_and_keeps_the_sign() {
        let a = Array::<f64, 2>::zeros([3, 3]);
        assert_eq!(stride_along(a.view(), [true, true]), 4);
        assert_eq!(stride_along(a.view(), [false, true]), 1);
        let r = a.slice(crate::s![.., ..;-1]);
        assert_eq!(stride_along(r, [false, true]), -1);
    }

    #[test]
    fn affine_ranges_and_views_stay_in_bounds() {
        // out[i, j] := img[i + k, j + l] * kern[k, l], img 5×6, kern 2×3.
        let img = Array::<i32, 1>::arange(30).into_reshape([5, 6]);
        let bare = [
            BareAxis {
                label: 2,
                array: "kern",
                axis: 0,
                len: 2,
                cover: false,
            },
            BareAxis {
                label: 3,
                array: "kern",
                axis: 1,
                len: 3,
                cover: false,
            },
        ];
        let c = |target, axis, len, index, terms| Constraint {
            target: Some(target),
            array: "img",
            axis,
            len,
            index,
            terms,
            offset: 0,
        };
        let cons = [
            c(0, 0, 5, "i + k", &[(0, 1), (2, 1)][..]),
            c(1, 1, 6, "j + l", &[(1, 1), (3, 1)][..]),
        ];
        let r = affine_ranges("t", ["i", "j", "k", "l"], &bare, &cons).unwrap();
        assert_eq!(r, [(0, 3), (0, 3), (0, 1), (0, 2)]);
        let w = affine_view(
            "t",
            "img",
            img.view(),
            &r,
            [0, 1, 2, 3],
            [&[(0, 1), (2, 1)], &[(1, 1), (3, 1)]],
            [0, 0],
        )
        .unwrap();
        assert_eq!(w.shape(), [4, 4, 2, 3]);
        assert_eq!(w[[3, 3, 1, 2]], img[[4, 5]]);
        // An offset start (x[i - 1] starts i at 1) and a reversal (x[4 - i]).
        let x = Array::<i32, 1>::arange(5);
        let cons = [Constraint {
            target: Some(0),
            array: "x",
            axis: 0,
            len: 5,
            index: "i - 1",
            terms: &[(0, 1)],
            offset: -1,
        }];
        let r = affine_ranges("t", ["i"], &[], &cons).unwrap();
        assert_eq!(r, [(1, 5)]);
        let v = affine_view("t", "x", x.view(), &r, [0], [&[(0, 1)]], [-1]).unwrap();
        assert_eq!(v.to_vec(), vec![0, 1, 2, 3, 4]);
        let v = affine_view("t", "x", x.view(), &[(0, 4)], [0], [&[(0, -1)]], [4]).unwrap();
        assert_eq!(v.to_vec(), vec![4, 3, 2, 1, 0]);
        // Ranges that would read out of bounds are refused by the view itself.
        assert!(affine_view("t", "x", x.view(), &[(0, 5)], [0], [&[(0, 1)]], [0]).is_err());
        assert!(affine_view("t", "x", x.view(), &[(0, 2)], [0], [&[(0, 1)]], [-1]).is_err());
        // An empty range: an empty view, whatever the offsets.
        let e = affine_view("t", "x", x.view(), &[(3, 2)], [0], [&[(0, 1)]], [99]).unwrap();
        assert!(e.is_empty());
    }
}

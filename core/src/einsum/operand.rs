//! What the expansion converts operands with, and its compile-time checks of them: static
//! sizes, element types, and the axes an operand's `...` covers.

use super::*;

/// What an `einsum!` operand may be: `&Array`, `View`, `&View`, `&ViewMut`, `&CowArray`, of
/// rank `N` with elements `T` and static-size parameter `S`. The expansion converts operand
/// `K` with `EinsumOperand::<K, N, _, _>::into_einsum_view`, so a rank that differs from its
/// term's label count is a type error naming the operand.
///
/// The element and shape types are trait parameters (not associated types), so a rank
/// mismatch is one unmet bound: one error.
#[diagnostic::on_unimplemented(
    message = "einsum operand {K} must be a borrowed array of rank {N}, one axis per label of its term; found `{Self}`",
    label = "expected a borrowed array of rank {N} here",
    note = "an operand is borrowed (`&a`, not `a`: einsum! reads it without taking it) or a view, with one axis per label"
)]
#[doc(hidden)]
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
#[doc(hidden)]
pub struct LabelCheck<const L: char, const A: usize, const X: usize, const B: usize, const Y: usize>;

/// Two axis markers that may carry the same label (see [`LabelCheck`]).
#[diagnostic::on_unimplemented(
    message = "einsum: label {L} has static size `{Self}` in operand {A} (axis {X}) but `{Other}` in operand {B} (axis {Y})",
    label = "`{Other}` here, `{Self}` in operand {A}"
)]
#[doc(hidden)]
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

/// The element checks of the `einsum!` expansion, on the operand views: operand 0's elements
/// must be numbers ([`Numeric`]), and every other operand `B`'s the same type
/// ([`SameElement`]). Each returns its view retyped to the checked element type, so a failed
/// check is the one error of the call: what follows sees the expected type.
#[doc(hidden)]
pub struct Checked<const B: usize>;

impl<const B: usize> Checked<B> {
    /// Operand `B`, whose elements must be operand 0's type `T`.
    pub fn same<'a, T, U, const M: usize, R, const N: usize, S>(
        _first: &View<'_, T, M, R>,
        v: View<'a, U, N, S>,
    ) -> View<'a, T, N, S>
    where
        U: SameElement<B, T>,
        R: crate::Shape<M>,
        S: crate::Shape<N>,
    {
        U::cast(v)
    }
}

/// Operand 0 on its way to the numeric-element check: `(&ElementCheck(v)).checked()`
/// resolves to [`IsNumeric::checked`] when the elements are an [`Element`] and to
/// [`NotNumeric::checked`] otherwise (method lookup tries `&ElementCheck` before
/// `ElementCheck`). The second is one error, [`NumericElements`]'s message, however many of
/// `Zero`, `+` and `*` the type lacks; its result is typed `f64` so nothing after it fails too.
#[doc(hidden)]
pub struct ElementCheck<'a, T, const N: usize, S: crate::Shape<N>>(pub View<'a, T, N, S>);

/// See [`ElementCheck`]: numeric elements.
#[doc(hidden)]
pub trait IsNumeric<'a, T, const N: usize, S: crate::Shape<N>> {
    /// The view, unchanged.
    fn checked(self) -> View<'a, T, N, S>;
}
impl<'a, T: Element, const N: usize, S> IsNumeric<'a, T, N, S> for &ElementCheck<'a, T, N, S>
where
    S: crate::Shape<N>,
{
    fn checked(self) -> View<'a, T, N, S> {
        self.0
    }
}

/// See [`ElementCheck`]: elements that are not numbers.
#[doc(hidden)]
pub trait NotNumeric<'a, T, const N: usize, S: crate::Shape<N>> {
    /// Never compiles: its bound `Elements: NumericElements<T>` holds for no `T`. (The
    /// bound is on the method, not the impl, so that method lookup picks it and reports it.)
    fn checked(self) -> View<'a, f64, N, S>
    where
        Elements: NumericElements<T>;
}
impl<'a, T, const N: usize, S> NotNumeric<'a, T, N, S> for ElementCheck<'a, T, N, S>
where
    S: crate::Shape<N>,
{
    fn checked(self) -> View<'a, f64, N, S>
    where
        Elements: NumericElements<T>,
    {
        unreachable!("NumericElements has no implementations")
    }
}

/// The subject of [`NumericElements`].
#[doc(hidden)]
pub struct Elements;

/// Implemented for no type: the bound that reports a non-numeric operand, once.
#[diagnostic::on_unimplemented(
    message = "einsum needs numeric elements (a zero, `+` and `*`); `{T}` is not one",
    label = "`{T}` elements",
    note = "einsum multiplies and adds: use numbers (f64, f32, integers, or your own `Copy` type implementing `num_traits::Zero`, `Add` and `Mul`); in generic code, bound the element type by `einarray::einsum::Element`"
)]
#[doc(hidden)]
pub trait NumericElements<T> {}

/// `U: SameElement<B, T>`: operand `B`'s element type `U` is operand 0's, `T`.
#[diagnostic::on_unimplemented(
    message = "einsum operands 0 and {B} have different element types: `{T}` and `{Self}`",
    label = "`{Self}` elements here, `{T}` in operand 0",
    note = "einsum does not convert: convert one operand first, e.g. with `.mapv(|x| x as {T})`"
)]
#[doc(hidden)]
pub trait SameElement<const B: usize, T>: Sized {
    /// The identity.
    fn cast<const N: usize, S: crate::Shape<N>>(v: View<'_, Self, N, S>) -> View<'_, T, N, S>;
}
#[diagnostic::do_not_recommend]
impl<const B: usize, T> SameElement<B, T> for T {
    fn cast<const N: usize, S: crate::Shape<N>>(v: View<'_, T, N, S>) -> View<'_, T, N, S> {
        v
    }
}

/// The subject of [`EllipsisDropped`].
#[doc(hidden)]
pub struct EllipsisAxes;

/// `EllipsisAxes: EllipsisDropped<K, D>` holds when `D`, the number of axes operand `K`'s `...`
/// covers, is zero: an explicit output without `...` keeps no ellipsis axes.
#[diagnostic::on_unimplemented(
    message = "einsum operand {K}: its `...` stands for {D} of its axes, and the output has no `...` to keep them",
    label = "`...` covers {D} of this operand's axes",
    note = "NumPy refuses to sum ellipsis axes silently: write `...` in the output to keep them, or name them with letters to sum them"
)]
#[doc(hidden)]
pub trait EllipsisDropped<const K: usize, const D: usize> {}
#[diagnostic::do_not_recommend]
impl<const K: usize> EllipsisDropped<K, 0> for EllipsisAxes {}

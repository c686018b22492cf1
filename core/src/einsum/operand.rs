//! What the expansion converts operands with, and the compile-time static-size checks.

use super::*;

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

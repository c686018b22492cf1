//! Rank arithmetic for operations that add or remove one axis.
//!
//! Stable Rust cannot write `View<T, { N + 1 }>` for a generic `N`, so those operations take
//! the output rank as a parameter bound by `Rank<N>: Up<M>` (or `Down<M>`), implemented for each
//! rank up to 8. At a call site `N` is known and the compiler finds the one `M` that fits: the
//! caller never annotates it.
//!
//! ```
//! use einarray::{Array, Axis};
//! let x = Array::<f64, 2>::zeros([2, 3]);
//! let y = x.view().insert_axis(Axis(1)); // a View<f64, 3>, inferred
//! assert_eq!(y.shape(), [2, 1, 3]);
//! ```

/// The rank `N` as a type.
#[derive(Clone, Copy, Debug)]
pub struct Rank<const N: usize>;

/// `M = N + 1`.
#[diagnostic::on_unimplemented(message = "`{Self}` cannot gain an axis: ranks go up to 8")]
pub trait Up<const M: usize> {}

/// `M = N - 1`.
#[diagnostic::on_unimplemented(message = "`{Self}` has no axis to remove")]
pub trait Down<const M: usize> {}

macro_rules! ranks {
    ($($n:literal => $m:literal),*) => {$(
        impl Up<$m> for Rank<$n> {}
        impl Down<$n> for Rank<$m> {}
    )*};
}
ranks!(0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 7, 7 => 8);

/// `Rank<N>: EllDims<E, D>`: an operand of rank `N` whose `einsum!` term has `E` labels and a
/// `...` has `D = N - E` ellipsis axes.
#[diagnostic::on_unimplemented(
    message = "einsum: this operand (`{Self}`) does not fit its term of {E} labels and `...`: it needs at least {E} axes, and `...` works up to rank 8"
)]
pub trait EllDims<const E: usize, const D: usize> {}

/// `Rank<A>: MaxDims<B, C>`: `C = max(A, B)`, the rank of two broadcast operands.
///
/// ```
/// use einarray::rank::{MaxDims, Rank};
/// fn max_rank<const A: usize, const B: usize, const C: usize>() -> usize
/// where
///     Rank<A>: MaxDims<B, C>,
/// {
///     C
/// }
/// assert_eq!(max_rank::<2, 3, _>(), 3);
/// ```
#[diagnostic::on_unimplemented(
    message = "ranks go up to 8: `{Self}` cannot be broadcast with rank {B}"
)]
pub trait MaxDims<const B: usize, const C: usize> {}

/// `Rank<A>: PlusDims<B, C>`: `C = A + B`, up to rank 8 (the rank of an outer product).
#[diagnostic::on_unimplemented(
    message = "the result would have more than 8 axes, einarray's rank limit (`{Self}` plus {B})"
)]
pub trait PlusDims<const B: usize, const C: usize> {}

/// `Rank<N>: TakeDims<K, R>`: `R = N - 1 + K`, the rank of taking along one axis of a rank-`N`
/// array with a rank-`K` index array (`np.take`).
///
/// ```
/// use einarray::prelude::*;
/// let m = Array::<i32, 1>::arange(20).into_reshape([4, 5]);
/// let idx = array![[1, 1, 2], [0, 1, 2]];
/// let t = m.slice(s![0..1, ..]).take(&idx, Axis(1)); // seed In [26]: rank 2 - 1 + 2
/// assert_eq!(t.shape(), [1, 2, 3]);
/// ```
#[diagnostic::on_unimplemented(
    message = "taking with a rank-{K} index from `{Self}` would give more than 8 axes"
)]
pub trait TakeDims<const K: usize, const R: usize> {}

/// `Rank<N>: MaskDims<M, R>`: `R = N - M + 1`, the rank of selecting with a boolean mask over
/// the leading `M` axes of a rank-`N` array (NumPy's `x[mask]`).
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i32, 1>::arange(12).into_reshape([2, 3, 2]);
/// let m = array![[true, false, true], [false, false, true]];
/// let rows = x.mask(&m); // rank 3 - 2 + 1
/// assert_eq!(rows.shape(), [3, 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a mask of rank {M} cannot index `{Self}`: it has more axes than the array"
)]
pub trait MaskDims<const M: usize, const R: usize> {}

/// `Rank<N>: IndexAxesDims<J, K, R>`: `R = N - J + K`, the rank of indexing `J` axes of a
/// rank-`N` array with `J` index arrays of rank `K` (NumPy's advanced indexing on several axes).
///
/// ```
/// use einarray::prelude::*;
/// let x = Array::<i32, 1>::arange(24).into_reshape([2, 3, 4]);
/// let (i, j) = (array![0, 1], array![3, 2]);
/// let r = x.index_axes([Axis(0), Axis(2)], [i.view(), j.view()]); // rank 3 - 2 + 1
/// assert_eq!(r.shape(), [2, 3]);
/// ```
#[diagnostic::on_unimplemented(
    message = "indexing {J} axes of `{Self}` with rank-{K} index arrays is not possible (more axes than the array, or a result of more than 8)"
)]
pub trait IndexAxesDims<const J: usize, const K: usize, const R: usize> {}

/// The subject of [`BroadcastRanks`]: a type that stands for "the table of ranks".
#[derive(Clone, Copy, Debug)]
pub struct Ranks;

/// The result of a broadcasting operator between ranks `N` and `M`: an `Array` of rank
/// `max(N, M)`.
///
/// Operators (`&a + &b`) are trait impls, whose output type cannot be computed from const
/// generics on stable Rust; this table (ranks up to 8) names it instead. Users never write it:
/// the compiler finds the one entry that fits.
///
/// ```
/// use einarray::prelude::*;
/// let m = Array::<i32, 2>::zeros([2, 3]);
/// let row = Array::<i32, 1>::arange(3);
/// let sum: Array<i32, 2> = &m + &row; // rank 2 + rank 1 → rank 2
/// assert_eq!(sum.to_vec(), vec![0, 1, 2, 0, 1, 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "cannot broadcast rank {N} with rank {M}: ranks go up to 8"
)]
pub trait BroadcastRanks<const N: usize, const M: usize> {
    /// `Array<V, max(N, M)>`.
    type Out<V>;
    /// The element-wise `f(a, b)` over the broadcast shape, `op` naming the operation in errors;
    /// `f` may run on several threads at once for a large output.
    #[doc(hidden)]
    fn zip<A, B, V, SA: crate::Shape<N>, SB: crate::Shape<M>>(
        op: &str,
        a: crate::View<'_, A, N, SA>,
        b: crate::View<'_, B, M, SB>,
        f: impl Fn(&A, &B) -> V + Sync,
    ) -> Result<Self::Out<V>, crate::ShapeError>;
    /// The array itself as the output type, when its rank is the output's (`Err` otherwise).
    #[doc(hidden)]
    #[allow(clippy::result_large_err)]
    fn reuse<T, S: crate::Shape<N>>(
        a: crate::Array<T, N, S>,
    ) -> Result<Self::Out<T>, crate::Array<T, N, S>>;
}

include!(concat!(env!("OUT_DIR"), "/rank_impls.rs"));

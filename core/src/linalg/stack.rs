//! Stacks of matrices: how a `(..., M, N)` operand reaches faer and how results come back.
//!
//! Every `linalg` function takes operands of any rank ≥ 2 and works on each matrix of the
//! stack (the axes before the last two), as NumPy does. [`Matrices`] reads an operand's
//! matrices in place as faer `MatRef`s with the view's own strides (any layout, no copy);
//! [`Out`] is a result buffer of column-major matrices (faer's native layout) that becomes an
//! einarray [`Array`] without a copy.
//!
//! # Unsafe code here
//!
//! - [`Offsets::mat`] reads a view's matrices at offsets that only
//!   [`stack_offsets`] forms, for an output stack `Matrices::offsets` checked (in release
//!   builds) to broadcast from the view's: in-bounds stack indices (invariant 2). The
//!   `MatRef` borrows the view's data for `'a`.
//! - [`Out::mat`] makes a `MatMut` over one matrix of the buffer, `i < count` (checked in
//!   release builds), unique while the `&mut self` borrow lasts.

use super::error::{linalg_err, LinAlgError};
use crate::layout::Layout;
use crate::shape::Shape;
use crate::view::View;
use crate::Array;
use faer::{MatMut, MatRef};
use std::marker::PhantomData;

/// `Rank<N>: Down2<M>`: `M = N - 2`, the rank of one number per matrix of a stack (`det`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a stack of matrices: linalg needs at least 2 axes (up to 8)"
)]
pub trait Down2<const M: usize> {}

/// `Rank<N>: StackRank`: `N ≥ 2`, a stack of matrices whose result keeps its rank (`inv`,
/// `cholesky`, `qr`, `pinv`, `matrix_power`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a stack of matrices: linalg needs at least 2 axes (up to 8)"
)]
pub trait StackRank {}

/// `Rank<N>: SolveRank<M, R>`: the rank `R` of `solve`'s result for a rank-`N` stack of
/// matrices and a rank-`M` right-hand side: `N - 1` when `b` is one vector (`M = 1`), else the
/// broadcast rank `max(N, M)` of two stacks of matrices (NumPy 2's rule).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be solved against a rank-{M} right-hand side: the matrix needs at least 2 axes, the right-hand side at least 1 (ranks up to 8)"
)]
pub trait SolveRank<const M: usize, const R: usize> {}

use crate::rank::Rank;
macro_rules! down2 {
    ($($n:literal => $m:literal),*) => {$( impl Down2<$m> for Rank<$n> {} impl StackRank for Rank<$n> {} )*};
}
down2!(2 => 0, 3 => 1, 4 => 2, 5 => 3, 6 => 4, 7 => 5, 8 => 6);

macro_rules! solve_rank {
    ($n:literal; $($m:literal => $r:literal),*) => {$( impl SolveRank<$m, $r> for Rank<$n> {} )*};
}
solve_rank!(2; 1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8);
solve_rank!(3; 1 => 2, 2 => 3, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8);
solve_rank!(4; 1 => 3, 2 => 4, 3 => 4, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8);
solve_rank!(5; 1 => 4, 2 => 5, 3 => 5, 4 => 5, 5 => 5, 6 => 6, 7 => 7, 8 => 8);
solve_rank!(6; 1 => 5, 2 => 6, 3 => 6, 4 => 6, 5 => 6, 6 => 6, 7 => 7, 8 => 8);
solve_rank!(7; 1 => 6, 2 => 7, 3 => 7, 4 => 7, 5 => 7, 6 => 7, 7 => 7, 8 => 8);
solve_rank!(8; 1 => 7, 2 => 8, 3 => 8, 4 => 8, 5 => 8, 6 => 8, 7 => 8, 8 => 8);

/// The compile-time half of "the matrices must be square": fails the build when the last two
/// axes have different static sizes.
#[doc(hidden)]
pub struct SquareCheck<const N: usize, S>(PhantomData<S>);

impl<const N: usize, S: Shape<N>> SquareCheck<N, S> {
    /// Evaluating it fails the build when `S`'s last two static sizes differ.
    pub const OK: () = assert!(
        static_square(&S::STATIC),
        "linalg: the last two axes of this operand have different static sizes, and the \
         operation needs square matrices (the shape type is named below)"
    );
}

const fn static_square(s: &[Option<usize>]) -> bool {
    let n = s.len();
    if n < 2 {
        return true;
    }
    match (s[n - 2], s[n - 1]) {
        (Some(r), Some(c)) => r == c,
        _ => true,
    }
}

/// Fails the build (post-monomorphization) when `v`'s matrices are statically not square.
#[inline(always)]
pub(crate) fn square_check<T, const N: usize, S: Shape<N>>(_v: &View<'_, T, N, S>) {
    #[allow(clippy::let_unit_value)]
    let () = SquareCheck::<N, S>::OK;
}

/// The compile-time half of "`b` has as many rows as `a`": fails the build when `a`'s last
/// static size differs from the static size of `b`'s row axis (its last axis for a vector).
#[doc(hidden)]
pub struct RowsCheck<const N: usize, SA, const M: usize, SB>(PhantomData<(SA, SB)>);

impl<const N: usize, SA: Shape<N>, const M: usize, SB: Shape<M>> RowsCheck<N, SA, M, SB> {
    /// Evaluating it fails the build when the sizes are static and differ.
    pub const OK: () = assert!(
        static_rows(&SA::STATIC, &SB::STATIC),
        "linalg: `a` is n×n and `b` must have n rows, but their static sizes differ (the two \
         shape types are named below)"
    );
}

const fn static_rows(a: &[Option<usize>], b: &[Option<usize>]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let rows = if b.len() == 1 { b[0] } else { b[b.len() - 2] };
    match (a[a.len() - 1], rows) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Fails the build (post-monomorphization) when `b`'s rows statically differ from `a`'s size.
#[inline(always)]
pub(crate) fn rows_check<T, const N: usize, SA: Shape<N>, const M: usize, SB: Shape<M>>(
    _a: &View<'_, T, N, SA>,
    _b: &View<'_, T, M, SB>,
) {
    #[allow(clippy::let_unit_value)]
    let () = RowsCheck::<N, SA, M, SB>::OK;
}

/// A view seen as a stack of matrices: its last two axes are the matrix, the others the stack.
pub(crate) struct Matrices<'a, T> {
    ptr: *const T,
    rows: usize,
    cols: usize,
    rs: isize,
    cs: isize,
    stack: Vec<usize>,
    stack_strides: Vec<isize>,
    _borrow: PhantomData<&'a T>,
}

impl<'a, T> Matrices<'a, T> {
    /// Each matrix's rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Each matrix's columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The stack's shape (the axes before the matrix).
    pub fn stack(&self) -> &[usize] {
        &self.stack
    }

    /// The matrices of `v` (rank `N ≥ 2`, which the callers' rank bounds ensure).
    pub fn new<const N: usize, S: Shape<N>>(v: View<'a, T, N, S>) -> Self {
        assert!(N >= 2, "linalg: an operand needs at least 2 axes");
        let (shape, strides) = (v.shape(), v.strides());
        Matrices {
            ptr: v.as_ptr(),
            rows: shape[N - 2],
            cols: shape[N - 1],
            rs: strides[N - 2],
            cs: strides[N - 1],
            stack: shape[..N - 2].to_vec(),
            stack_strides: strides[..N - 2].to_vec(),
            _borrow: PhantomData,
        }
    }

    /// [`Matrices::new`] for an operation that needs square matrices: a build error where the
    /// static sizes already say they are not.
    pub fn new_square<const N: usize, S: Shape<N>>(v: View<'a, T, N, S>) -> Self {
        square_check(&v);
        Self::new(v)
    }

    /// The vectors of a view whose last axis is the vector and the others the stack, as
    /// `len × 1` matrices (`solve`'s one-dimensional right-hand side).
    pub fn vectors<const N: usize, S: Shape<N>>(v: View<'a, T, N, S>) -> Self {
        assert!(N >= 1, "linalg: a vector operand needs at least 1 axis");
        let (shape, strides) = (v.shape(), v.strides());
        Matrices {
            ptr: v.as_ptr(),
            rows: shape[N - 1],
            cols: 1,
            rs: strides[N - 1],
            cs: 0,
            stack: shape[..N - 1].to_vec(),
            stack_strides: strides[..N - 1].to_vec(),
            _borrow: PhantomData,
        }
    }

    /// Fails with NumPy's message unless the matrices are square.
    pub fn square(&self, op: &str) -> Result<usize, LinAlgError> {
        if self.rows != self.cols {
            return Err(linalg_err!(
                NotSquare,
                op,
                "Last 2 dimensions of the array must be square (they are {}×{})",
                self.rows,
                self.cols
            ));
        }
        Ok(self.rows)
    }

    /// This operand's matrices, one per index of `out_stack` in C order, which must broadcast
    /// from this operand's stack (checked in release builds: `broadcast_stacks` makes such
    /// stacks).
    ///
    /// # Panics
    /// When `out_stack` does not broadcast from this operand's stack.
    pub fn offsets(&self, out_stack: &[usize]) -> Offsets<'_, 'a, T> {
        let fits = out_stack.len() >= self.stack.len()
            && self
                .stack
                .iter()
                .rev()
                .zip(out_stack.iter().rev())
                .all(|(&d, &o)| d == o || d == 1);
        assert!(
            fits,
            "linalg: a stack of shape {:?} read as {out_stack:?}",
            self.stack
        );
        Offsets {
            m: self,
            at: stack_offsets(out_stack, &self.stack, &self.stack_strides),
        }
    }
}

/// The matrices of a [`Matrices`] for an output stack ([`Matrices::offsets`]): the offsets of
/// their first elements, which only `stack_offsets` forms, so every read through them is in
/// bounds of the view.
pub(crate) struct Offsets<'m, 'a, T> {
    m: &'m Matrices<'a, T>,
    at: Vec<isize>,
}

impl<'a, T> Offsets<'_, 'a, T> {
    /// The number of matrices.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Each matrix's rows and columns.
    pub fn shape(&self) -> (usize, usize) {
        (self.m.rows, self.m.cols)
    }

    /// Whether matrix `i` is matrix `j` (a broadcast operand repeats its matrices).
    pub fn same(&self, i: usize, j: usize) -> bool {
        self.at[i] == self.at[j]
    }

    /// Matrix `i`, read in place with the view's strides.
    ///
    /// # Panics
    /// When `i` is not below [`Offsets::len`].
    pub fn mat(&self, i: usize) -> MatRef<'a, T> {
        let m = self.m;
        // SAFETY: `m`'s pointer, sizes and strides are a view's own (`Matrices::new` and
        // `vectors` copy them from a `View`, whose layout invariants hold in release builds;
        // the fields are private to this module and never changed). `at[i]` (a bounds-checked
        // index) comes from `stack_offsets` for an output stack that broadcasts from `m`'s
        // (the `assert!` in `Matrices::offsets`), which forms `Σ index·stride` only for stack
        // indices below `m`'s stack shape (broadcast axes use stride 0): `ptr + at[i]` is the
        // first element of one of the view's matrices, whose `rows × cols` elements at strides
        // `rs`, `cs` are elements of the view, kept alive and unaliased by writers by the `'a`
        // borrow. With a zero-sized matrix nothing is read.
        unsafe {
            MatRef::from_raw_parts(
                m.ptr.wrapping_offset(self.at[i]),
                m.rows,
                m.cols,
                m.rs,
                m.cs,
            )
        }
    }

    /// Every matrix, in order.
    pub fn iter(&self) -> impl Iterator<Item = MatRef<'a, T>> + '_ {
        (0..self.len()).map(|i| self.mat(i))
    }
}

/// The stack shape two stacks broadcast to (NumPy's rule: `zip::broadcast_shapes`), or the
/// error naming both.
pub(crate) fn broadcast_stacks(
    op: &str,
    a: &[usize],
    b: &[usize],
) -> Result<Vec<usize>, LinAlgError> {
    crate::zip::broadcast_shapes(&[a, b]).map_err(|_| {
        linalg_err!(
            Shape,
            op,
            "the stacks of shape {a:?} and {b:?} do not broadcast together"
        )
    })
}

/// `Σ index[k]·strides[k]` for every index of `out_stack` in C order; `stack` (with
/// `strides`) is aligned at the right of `out_stack` and its axes of length 1 broadcast.
pub(crate) fn stack_offsets(out_stack: &[usize], stack: &[usize], strides: &[isize]) -> Vec<isize> {
    let count: usize = out_stack.iter().product();
    let lead = out_stack.len() - stack.len();
    // Each output axis's stride in this operand: 0 where it broadcasts.
    let st: Vec<isize> = (0..out_stack.len())
        .map(|k| {
            if k < lead || stack[k - lead] == 1 {
                0
            } else {
                strides[k - lead]
            }
        })
        .collect();
    if let [s0] = st[..] {
        // One stack axis, the usual case: a plain progression.
        return (0..count).map(|i| i as isize * s0).collect();
    }
    let mut offsets = Vec::with_capacity(count);
    let mut index = vec![0usize; out_stack.len()];
    let mut off = 0isize;
    for _ in 0..count {
        offsets.push(off);
        for k in (0..out_stack.len()).rev() {
            index[k] += 1;
            off += st[k];
            if index[k] < out_stack[k] {
                break;
            }
            off -= st[k] * out_stack[k] as isize;
            index[k] = 0;
        }
    }
    offsets
}

/// A result: `count` matrices of `rows × cols`, each column-major, one after the other.
#[derive(Debug)]
pub(crate) struct Out<T> {
    data: Vec<T>,
    stack: Vec<usize>,
    rows: usize,
    cols: usize,
}

impl<T: Copy + num_traits::Zero> Out<T> {
    /// A zeroed result of one `rows × cols` matrix per index of `stack`.
    pub fn zeros(op: &str, stack: &[usize], rows: usize, cols: usize) -> Result<Self, LinAlgError> {
        let len = stack
            .iter()
            .chain([&rows, &cols])
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .filter(|&n| {
                n.checked_mul(size_of::<T>().max(1))
                    .is_some_and(|b| b <= isize::MAX as usize)
            })
            .ok_or_else(|| {
                linalg_err!(
                    Argument,
                    op,
                    "a result of {stack:?} × {rows}×{cols} elements is too large"
                )
            })?;
        Ok(Out {
            data: vec![T::zero(); len],
            stack: stack.to_vec(),
            rows,
            cols,
        })
    }
}

impl<T> Out<T> {
    /// Each matrix's rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Each matrix's columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The stack's shape.
    pub fn stack(&self) -> &[usize] {
        &self.stack
    }

    /// The number of matrices.
    pub fn count(&self) -> usize {
        self.stack.iter().product()
    }

    /// Matrix `i`, column-major.
    pub fn mat(&mut self, i: usize) -> MatMut<'_, T> {
        let size = self.rows * self.cols;
        assert!(
            i < self.count(),
            "linalg: result matrix {i} of {}",
            self.count()
        );
        // SAFETY: `i < count` (checked above, in release builds) and the buffer holds `count`
        // matrices of `size` elements: `Out::zeros` sized it `count·rows·cols` (an overflow-
        // checked product), and its fields are private to this module, which never changes
        // them (`data_mut` lends a slice, whose length cannot change). So `i·size ..
        // (i+1)·size` is inside the buffer; those elements are matrix `i` in column-major
        // order (row stride 1, column stride `rows`), and the `&mut self` borrow makes the
        // `MatMut` their only access while it lives.
        unsafe {
            MatMut::from_raw_parts_mut(
                self.data.as_mut_ptr().add(i * size),
                self.rows,
                self.cols,
                1,
                self.rows as isize,
            )
        }
    }

    /// The buffer, matrix after matrix.
    pub fn data(&self) -> &[T] {
        &self.data
    }

    /// The buffer, matrix after matrix, to write.
    pub fn data_mut(&mut self) -> &mut [T] {
        &mut self.data
    }

    /// The result as an array of shape `stack ++ [rows, cols]` (rank `R = stack + 2`), each
    /// matrix column-major: no copy.
    pub fn into_array<const R: usize>(self) -> Array<T, R> {
        let (rows, cols) = (self.rows, self.cols);
        self.into_layout([rows, cols], [1, rows as isize])
    }

    /// The result as an array of the matrices' transposes: shape `stack ++ [cols, rows]`, each
    /// matrix row-major (`svd`'s `Vh` from faer's `V`): no copy.
    pub fn into_array_transposed<const R: usize>(self) -> Array<T, R> {
        let (rows, cols) = (self.rows, self.cols);
        self.into_layout([cols, rows], [rows as isize, 1])
    }

    /// The result as an array of shape `stack ++ [rows]` when each matrix is one column
    /// (vectors: eigenvalues, singular values, `solve` against a vector): no copy.
    pub fn into_vectors<const R: usize>(self) -> Array<T, R> {
        assert_eq!(self.cols, 1, "linalg: vectors are one column");
        let rows = self.rows;
        assert_eq!(R, self.stack.len() + 1, "linalg: result rank");
        let mut shape = [0usize; R];
        shape[..R - 1].copy_from_slice(&self.stack);
        shape[R - 1] = rows;
        Array::from_vec_layout(self.data, Layout::dense(shape, crate::layout::Order::C))
    }

    /// One number per matrix (`1 × 1` matrices): shape `stack` (rank `R`).
    pub fn into_scalars<const R: usize>(self) -> Array<T, R> {
        assert_eq!(
            (self.rows, self.cols),
            (1, 1),
            "linalg: one number per matrix"
        );
        assert_eq!(R, self.stack.len(), "linalg: result rank");
        let mut shape = [0usize; R];
        shape.copy_from_slice(&self.stack);
        Array::from_vec_layout(self.data, Layout::dense(shape, crate::layout::Order::C))
    }

    fn into_layout<const R: usize>(
        self,
        last: [usize; 2],
        last_strides: [isize; 2],
    ) -> Array<T, R> {
        assert_eq!(R, self.stack.len() + 2, "linalg: result rank");
        let size = (self.rows * self.cols) as isize;
        let mut shape = [0usize; R];
        let mut strides = [0isize; R];
        shape[..R - 2].copy_from_slice(&self.stack);
        shape[R - 2..].copy_from_slice(&last);
        strides[R - 2..].copy_from_slice(&last_strides);
        let mut acc = size;
        for k in (0..R - 2).rev() {
            strides[k] = acc;
            acc *= shape[k] as isize;
        }
        Array::from_vec_layout(self.data, Layout { shape, strides })
    }
}

/// faer's parallelism for a problem of `flops` floating-point operations: one thread below a
/// threshold where threads cost more than they save, else [`crate::config::num_threads`].
pub(crate) fn par(flops: f64) -> faer::Par {
    let n = crate::config::num_threads();
    if n <= 1 || flops < 4.0e6 {
        faer::Par::Seq
    } else {
        faer::Par::rayon(n)
    }
}

/// A faer work buffer for `req`.
pub(crate) fn scratch(req: faer::dyn_stack::StackReq) -> faer::dyn_stack::MemBuffer {
    faer::dyn_stack::MemBuffer::new(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_walk_the_stack_in_c_order_and_broadcast() {
        assert_eq!(
            stack_offsets(&[2, 3], &[2, 3], &[30, 10]),
            vec![0, 10, 20, 30, 40, 50]
        );
        assert_eq!(
            stack_offsets(&[2, 3], &[3], &[10]),
            vec![0, 10, 20, 0, 10, 20]
        );
        assert_eq!(
            stack_offsets(&[2, 3], &[2, 1], &[7, 99]),
            vec![0, 0, 0, 7, 7, 7]
        );
        assert_eq!(stack_offsets(&[], &[], &[]), vec![0]);
        assert!(stack_offsets(&[0, 3], &[0, 3], &[3, 1]).is_empty());
    }

    #[test]
    fn stacks_broadcast_as_numpy_or_name_both_shapes() {
        assert_eq!(
            broadcast_stacks("solve", &[4, 1], &[3]).unwrap(),
            vec![4, 3]
        );
        assert_eq!(broadcast_stacks("solve", &[], &[5]).unwrap(), vec![5]);
        let e = broadcast_stacks("solve", &[2], &[3]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "solve: the stacks of shape [2] and [3] do not broadcast together"
        );
    }

    #[test]
    fn results_keep_their_column_major_matrices() {
        let mut out = Out::<f64>::zeros("t", &[2], 2, 3).unwrap();
        for i in 0..2 {
            let mut m = out.mat(i);
            for r in 0..2 {
                for c in 0..3 {
                    m[(r, c)] = (100 * i + 10 * r + c) as f64;
                }
            }
        }
        let a: Array<f64, 3> = out.into_array();
        assert_eq!(a.shape(), [2, 2, 3]);
        assert_eq!(a[[1, 1, 2]], 112.0);
        assert_eq!(a.strides(), [6, 1, 2]);
        let e = Out::<f64>::zeros("inv", &[usize::MAX], 2, 2).unwrap_err();
        assert!(e.to_string().starts_with("inv: a result of"), "{e}");
    }
}

//! # einarray
//!
//! NumPy's array model in Rust, with index notation checked at compile time.
//!
//! - [`Array<T, N>`], [`View<'a, T, N>`] and [`ViewMut<'a, T, N>`]: owned, borrowed and mutably
//!   borrowed strided arrays whose rank `N` is part of the type; negative and zero strides,
//!   C and F order, views vs copies exactly as NumPy teaches.
//! - [`s!`] slicing with NumPy's rules (negative steps, clamped bounds, `NewAxis`, `...`), the
//!   output rank computed by the compiler.
//! - Static sizes per axis when you want them ([`shape`]): `Array<f64, 2, (Const<3>, Dyn)>`.
//! - [`einsum!`]: NumPy's einsum with the subscripts checked by the compiler, contracted
//!   pairwise along the cheapest path, GEMM-shaped pairs through the GEMM backend.
//! - [`tensor!`]: index notation with Rust expressions (reductions, broadcasting, GEMM inside).
//!
//! Coming from NumPy? [`numpy_users`] maps every call of the "Advanced NumPy Techniques"
//! notebook to einarray, and `cargo run --release --example tour` runs the notebook.
//!
//! ```
//! use einarray::prelude::*;
//!
//! let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
//! let v = x.slice(s![1, ..;-1, NewAxis, 0]);    // x[1, ::-1, np.newaxis, 0]
//! assert_eq!(v.shape(), [3, 1]);
//! assert_eq!(v.to_vec(), vec![20, 16, 12]);
//! assert!(v.shares_memory(&x));                // a view, not a copy
//! println!("{}", x.t());
//! ```

#![warn(missing_docs)]

pub use einarray_core::*;

pub mod numpy_users;

/// NumPy's `einsum`, with the subscripts parsed and checked at compile time.
///
/// `einsum!("subscripts", operand, …)` takes NumPy's subscripts exactly, read as NumPy's C
/// parser reads them (52 letters, ASCII spaces between labels, `->` and `...` as single tokens,
/// implicit output, one `...` per term, repeated labels for diagonals) and operands that are
/// `&Array`, `View`, `&View`, `&ViewMut` or `&CowArray` of one numeric element type. It returns an
/// owned `Array<T, M>`, or a `View` for a single operand with nothing summed (as NumPy does).
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
/// let b = Array::<f64, 1>::arange(12.0).into_reshape([3, 4]);
/// let c = einsum!("ij,jk->ik", &a, &b);          // matrix product (GEMM)
/// assert_eq!(c.shape(), [2, 4]);
/// assert_eq!(c[[1, 2]], 3.0 * 2.0 + 4.0 * 6.0 + 5.0 * 10.0);
/// let t = einsum!("ij->ji", &a);                 // a view: no copy
/// assert!(t.shares_memory(&a));
/// let total = einsum!("ij->", &a);               // rank-0 result
/// assert_eq!(total[[]], 15.0);
/// let eye = Array::<i32, 2>::eye(3);
/// let d = einsum!("ii->i", &eye);                // diagonal view
/// assert_eq!(d.to_vec(), vec![1, 1, 1]);
/// ```
///
/// Mistakes known at compile time are compile errors, one per mistake: a character that is not
/// a letter (a tab or a no-break space included), a malformed or second `->`, a second `...`
/// in a term, an output label missing from the inputs or repeated, an explicit output without
/// `...` that would drop the axes an operand's `...` covers, the wrong number of operands, an
/// operand whose rank differs from its term's label count, operands of different element types
/// or of non-numeric ones, and a label whose static sizes differ:
///
/// ```compile_fail
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::zeros([2, 3]);
/// let _ = einsum!("ij,jk->il", &a, &a); // output label `l` does not appear in any input term
/// ```
///
/// Dynamic sizes are checked once at run time, before any loop:
///
/// ```should_panic
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::zeros([2, 3]);
/// let b = Array::<f64, 2>::zeros([4, 5]);
/// // panics: einsum "ij,jk->ik": label `j` is 3 in operand 0 (axis 1) but 4 in operand 1 (axis 0)
/// let _ = einsum!("ij,jk->ik", &a, &b);
/// ```
///
/// Unlike NumPy's C implementation, a label of size 1 in one operand and N in another is an
/// error, not a silent broadcast; broadcasting goes through `...`.
///
/// A trailing `out = target` (NumPy's `out=`) writes the result into an existing `&mut Array`
/// or `ViewMut` of the output's shape instead of allocating one:
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::ones([2, 3]);
/// let b = Array::<f64, 2>::ones([3, 4]);
/// let mut c = Array::<f64, 2>::zeros([2, 4]);
/// einsum!("ij,jk->ik", &a, &b, out = &mut c);
/// assert_eq!(c[[1, 3]], 3.0);
/// ```
pub use einarray_macros::einsum;

/// [`einsum!`] returning `Result<_, ShapeError>` instead of panicking on size mismatches.
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::zeros([2, 3]);
/// let e = try_einsum!("ij,jk->ik", &a, &a).unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "einsum \"ij,jk->ik\": label `j` is 3 in operand 0 (axis 1) but 2 in operand 1 (axis 0)"
/// );
/// ```
pub use einarray_macros::try_einsum;

/// The pairwise contraction order [`einsum!`] takes for these operands' sizes, and its cost,
/// as `np.einsum_path` reports them.
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 3>::zeros([10, 10, 10]);
/// let m = Array::<f64, 2>::zeros([10, 10]);
/// let p = einsum_path!("abc,cd,de->abe", &a, &m, &m);
/// assert_eq!(p.path, vec![(1, 2), (0, 1)]); // cd,de first: the cheap pair
/// assert!(p.optimized_cost < p.naive_cost);
/// println!("{p}");
/// ```
pub use einarray_macros::einsum_path;

/// Support for macro expansions. Not public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use einarray_core::__private::*;
}

/// Index notation with Rust expressions: `tensor!(out[i, k] := EXPR)`.
///
/// The left side of `:=` is the new array's name (one identifier, used in messages; bind the
/// result with `let`); with `=`, `+=`, `-=`, `*=` it is the array written, or a place giving
/// one (`self.c`, `c.view_mut()`, `c.slice_mut(s![.., 0])`, `(*r)`), borrowed for the statement.
/// `EXPR` is any Rust expression in which `name[l1, l2, …]` reads one element of an array-like
/// (`&Array`, `View`, `ViewMut`, `CowArray`, a call giving one such as `a.t()[j, i]`, or a
/// parenthesised expression giving one, which lives for the statement). Labels
/// are identifiers of any length, and inside the expression each label is also a `usize`
/// variable. Labels on the right that the left side lacks are summed over the whole right side;
/// `sum[j](…)`, `prod[j](…)`, `max[j](…)` and `min[j](…)` fold explicitly, nest, and are
/// computed once per binding of the labels they depend on (hoisted out of loops that do not
/// change them).
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
/// let b = Array::<f64, 1>::arange(12.0).into_reshape([3, 4]);
/// let c = tensor!(c[i, k] := a[i, j] * b[j, k]);          // einsum!("ij,jk->ik"): GEMM
/// assert_eq!(c, einsum!("ij,jk->ik", &a, &b));
///
/// // A softmax over o, in one line; max[k] and sum[k] run once per row b. `exp` is the
/// // prelude's (einarray::scalar::exp): unlike `f64::exp`, loops calling it vectorize.
/// let z = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
/// let y = tensor!(y[b, o] := exp(z[b, o] - max[k](z[b, k]))
///     / sum[k](exp(z[b, k] - max[m](z[b, m]))));
/// assert!((y.slice(s![0, ..]).iter().sum::<f64>() - 1.0).abs() < 1e-12);
///
/// // Into an existing array; reading it under another label order goes through a temporary.
/// let mut m = Array::<f64, 1>::arange(4.0).into_reshape([2, 2]);
/// tensor!(m[i, j] += m[j, i]);                            // NumPy's m += m.T
/// assert_eq!(m, array![[0.0, 3.0], [3.0, 6.0]]);
/// ```
///
/// A `:=` whose right side is a product of terms is [`einsum!`] itself (GEMM when it is
/// GEMM-shaped, the cheapest path for more terms). Scalar factors in the product, such as a
/// batch average `g[k, i] := x[n, i] * d[n, k] / nb` or `0.5 * a[i, j] * b[j, k]`, are applied
/// to the contracted result (one token tree each: a literal, a variable, or a parenthesized
/// expression that reads no label). A division moves out of the sum only for `f32`/`f64`
/// elements; for integers, where `Σ (a·b / s)` and `(Σ a·b) / s` differ, the loops below run
/// it as written.
///
/// How it runs otherwise: the output is a loop nest in the order its labels are written (so a new array
/// is filled in C order); a reduction over several labels runs innermost the label along which
/// most of its reads are contiguous, chosen once from the strides. The innermost loop walks
/// every operand it reads along its label (vectorized, without index arithmetic, when they are
/// contiguous along it); reads that do not depend on the innermost label are made once outside
/// it. The expression may be evaluated
/// inside a closure, so don't use `return`, `?` or `break` in it. Sums,
/// maxima and minima along the innermost label fold eight partial results at a time, so a
/// floating-point sum may differ from a left-to-right one in the last bits, as NumPy's
/// pairwise sums do.
///
/// # Index arithmetic
///
/// An index on the right side may be affine in the labels, with integer constants:
/// `img[i + k, j + l]`, `x[i - 1]`, `y[2 * i + 1]`, `m[0, 3 - j]`. Each label then runs over
/// the largest range that keeps every access in bounds (Tullio.jl's rule), starting at 0:
/// computed once before the loops, so the loops have no bounds checks. `x[i - 1]` starts `i` at
/// 1, and the result's first element is that of the first `i`. A range that comes out empty
/// gives an empty result. When writing into an existing array (`=`, `+=`, …), each label of the
/// left side must run over the whole axis it indexes, and an access out of bounds is an error
/// naming the index. Products of labels and calls (`a[i * j]`, `a[f(i)]`) are compile errors,
/// as is a label whose range no access gives (`img[i + k]` with neither indexed alone).
///
/// ```
/// use einarray::prelude::*;
/// let img = Array::<f64, 1>::arange(30.0).into_reshape([5, 6]);
/// let kern = array![[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]];
/// let out = tensor!(out[i, j] := img[i + k, j + l] * kern[k, l]); // a 'valid' 2-D filter
/// assert_eq!(out.shape(), [3, 4]);
/// let x = array![1.0, 4.0, 9.0, 16.0];
/// assert_eq!(tensor!(d[i] := x[i + 1] - x[i]).to_vec(), vec![3.0, 5.0, 7.0]); // np.diff(x)
/// ```
///
/// Sizes must agree for every use of a label indexed alone; a mismatch panics naming the
/// label, the arrays and the axes ([`try_tensor!`] returns the error instead; with index
/// arithmetic in the statement, dynamic sizes intersect as above, and static ones must still
/// agree). Compile errors: a label on the left of `:=` absent from the right, a label twice on
/// the left, a term whose index count differs from its array's rank, an unknown reduction.
pub use einarray_macros::tensor;

/// [`tensor!`] returning `Result<_, ShapeError>` instead of panicking on size mismatches.
///
/// ```
/// use einarray::prelude::*;
/// let a = Array::<f64, 2>::ones([2, 3]);
/// let b = Array::<f64, 1>::ones([4]);
/// let e = try_tensor!(c[i, j] := a[i, j] + b[j]).unwrap_err();
/// assert_eq!(e.to_string(), "tensor c[i, j] := …: label `j` is 3 in `a` (axis 1) but 4 in `b` (axis 0)");
/// ```
pub use einarray_macros::try_tensor;

/// The names most programs need, macros included: `use einarray::prelude::*;`.
///
/// ```
/// use einarray::prelude::*;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(einsum!("ii", &a)[[]], 5.0);
/// ```
pub mod prelude {
    pub use crate::{einsum, einsum_path, tensor, try_einsum, try_tensor};
    pub use einarray_core::prelude::*;
}

/// The README's code, compiled and run as a doctest so it cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

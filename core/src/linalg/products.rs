//! Products and matrix helpers: [`outer`], [`kron`], [`matmul`], `dot`, and the 2-D
//! `diagonal`, `trace`, `triu`, `tril` and [`Array::from_diag`].
//!
//! `dot` and `matmul` run on the `einsum!` runtime: `f32`/`f64` products go to GEMM (faer's
//! `gemm` or `matrixmultiply`) directly on the strided operands, other element types to its
//! loop kernels.
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::linalg::{kron, matmul};
//! let a = Array::<f64, 2>::from_shape_vec([2, 2], vec![1., 2., 3., 4.]).unwrap();
//! let i = Array::<f64, 2>::eye(2);
//! assert_eq!(a.dot(&i), a);
//! assert_eq!(a.dot(&Array::<f64, 1>::ones([2])).to_vec(), vec![3., 7.]);
//! let k = kron(&i, &a); // block diagonal
//! assert_eq!(k.shape(), [4, 4]);
//! assert_eq!(k.slice(s![2.., 2..]), a.view());
//! let batch = Array::<f64, 3>::ones([5, 2, 2]);
//! let p: Array<f64, 3> = matmul(&batch, &a); // (5, 2, 2) @ (2, 2)
//! assert_eq!(p.shape(), [5, 2, 2]);
//! ```
//!
//! # Unsafe code here
//!
//! - `kron` writes a fresh buffer, sized by `layout::checked_size`, through `zip::lanes3`, then
//!   `view::assume_init_vec` and `Array::from_vec_layout` (invariant 5).
//! - the norms' lane sums and `diagonal` read through raw pointers at in-bounds offsets from
//!   `kernel::Plan` or computed starts (invariant 2); `diagonal` returns a `View`.
//! - `gemv_rows` calls the `#[target_feature]` `gemv_f64_avx2` only after `kernel::has_avx2`,
//!   a `TypeId` check that `T` is `f64`, and a unit column stride check.

use crate::einsum::{self, Element, Operand, Spec, ELLIPSIS};
use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::{checked_size, Layout, Order};
use crate::rank::{MaxDims, Rank};
use crate::shape::Shape;
use crate::view::{assume_init_vec, AsView, View, ViewMut};
use crate::zip::{lanes3, tuple, MAXR};
use crate::Array;
use num_traits::Zero;
use std::mem::MaybeUninit;
use std::ops::{Add, Mul};
use std::ptr::NonNull;

/// The Euclidean norm of all elements, `sqrt(Σ x²)`: `np.linalg.norm(x)` for a vector, and the
/// Frobenius norm (`ord='fro'`, NumPy's default for matrices) for any rank. Like NumPy's, it
/// does not rescale, so squares beyond `f64::MAX` overflow to infinity.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::norm;
/// assert_eq!(norm(&array![3.0, 4.0]), 5.0);
/// let m = array![[1.0, 2.0], [3.0, 4.0]];
/// assert!((norm(&m) - 30f64.sqrt()).abs() < 1e-15);
/// assert_eq!(norm(&m.t()), norm(&m)); // any layout
/// assert_eq!(norm(&array![1e200, 1e200]), f64::INFINITY); // no rescaling, as NumPy
/// ```
pub fn norm<T, const N: usize>(x: &impl AsView<T, N>) -> T
where
    T: num_traits::Float + Element,
{
    let v = x.as_view();
    // Every lane (one, when contiguous) through einsum's inner-product lane with itself:
    // eight independent sums, at the lane's stride.
    let p = v.as_ptr();
    let mut sum = T::zero();
    crate::kernel::Plan::new(&v.shape(), [v.strides()]).for_each_lane(|[o], [s], len| {
        // SAFETY: the plan's lanes are in bounds of the view: `len` elements `s` apart from
        // `p + o`.
        sum = sum + unsafe { einsum::dot_lane(p.offset(o), s, p.offset(o), s, len) };
    });
    sum.sqrt()
}

/// The outer product of two arrays, flattened first (`np.outer`): `out[i, j] = a[i]·b[j]`.
///
/// For the outer product that keeps the operands' shapes use
/// `ufunc::multiply.outer(&a, &b)` ([`crate::ufunc::BinaryUfunc::outer`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::outer;
/// let a = Array::<i32, 1>::from_vec(vec![1, 2]);
/// let b = Array::<i32, 1>::from_vec(vec![1, 10, 100]);
/// assert_eq!(outer(&a, &b).to_vec(), vec![1, 10, 100, 2, 20, 200]);
/// ```
pub fn outer<T, const N: usize, const M: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
) -> Array<T, 2>
where
    T: Clone + Mul<Output = T>,
{
    let (a, b) = (a.as_view().ravel(), b.as_view().ravel());
    crate::zip::outer_map(&a, &b, |x: &T, y: &T| x.clone() * y.clone())
}

/// The Kronecker product of two arrays of the same rank (`np.kron`): blocks `a[i…]·b`, so the
/// result has shape `a.shape()[k] · b.shape()[k]` per axis. Ranks up to 4.
///
/// # Panics
/// When the result's size overflows.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::kron;
/// // seed In [53]
/// let a = array![[1, 2], [3, 4]];
/// let b = array![[0, 1], [1, 0]];
/// let k = kron(&a, &b);
/// assert_eq!(k.to_vec(), vec![0, 1, 0, 2, 1, 0, 2, 0, 0, 3, 0, 4, 3, 0, 4, 0]);
/// ```
#[track_caller]
pub fn kron<T, const N: usize>(a: &impl AsView<T, N>, b: &impl AsView<T, N>) -> Array<T, N>
where
    T: Clone + Mul<Output = T>,
{
    const { assert!(N <= MAXR / 2, "kron: ranks go up to 4") };
    let (a, b) = (a.as_view(), b.as_view());
    let (sa, sb) = (a.shape(), b.shape());
    let shape: [usize; N] = std::array::from_fn(|k| sa[k].saturating_mul(sb[k]));
    let size = unwrap_or_panic(checked_size("kron", &shape, std::mem::size_of::<T>()));
    let layout = Layout::dense(shape, Order::C);
    let mut data = crate::alloc::uninit_vec::<T>(size);
    // Rank 2N view of the output: axis 2k walks a's axis k (stride sb[k]·out[k]), axis 2k+1
    // walks b's axis k (stride out[k]).
    let base = MAXR - 2 * N;
    let mut big = [1usize; MAXR];
    let (mut so, mut s1, mut s2) = ([0isize; MAXR], [0isize; MAXR], [0isize; MAXR]);
    let (ta, tb) = (a.strides(), b.strides());
    for k in 0..N {
        big[base + 2 * k] = sa[k];
        big[base + 2 * k + 1] = sb[k];
        so[base + 2 * k] = layout.strides[k] * sb[k] as isize;
        so[base + 2 * k + 1] = layout.strides[k];
        s1[base + 2 * k] = ta[k];
        s2[base + 2 * k + 1] = tb[k];
    }
    // SAFETY: the output map (i, j) ↦ i·sb·os + j·os is the dense layout's offset of i·sb + j,
    // a bijection onto the fresh buffer; each input's strides address only its own axes.
    unsafe {
        lanes3(
            &big,
            data.as_mut_ptr(),
            &so,
            a.as_ptr(),
            &s1,
            b.as_ptr(),
            &s2,
            |d: &mut MaybeUninit<T>, x: &T, y: &T| {
                d.write(x.clone() * y.clone());
            },
        )
    };
    // SAFETY: every element was written once.
    Array::from_vec_layout(unsafe { assume_init_vec(data) }, layout)
}

/// Products by rank, the implementation of the `dot` methods (`np.dot`): 1-D·1-D is the inner
/// product, 2-D·1-D and 1-D·2-D matrix–vector products, 2-D·2-D the matrix product.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::Dot;
/// let v = Array::<i64, 1>::from_vec(vec![1, 2, 3]);
/// assert_eq!(v.view().dot(&v.view()), 14);
/// ```
pub trait Dot<Rhs> {
    /// A scalar for two vectors, an array otherwise.
    type Output;
    /// The product.
    ///
    /// # Panics
    /// When the contracted lengths differ; see [`Dot::try_dot`].
    #[track_caller]
    fn dot(&self, rhs: &Rhs) -> Self::Output {
        unwrap_or_panic(self.try_dot(rhs))
    }
    /// The product, or the error when the contracted lengths differ.
    fn try_dot(&self, rhs: &Rhs) -> Result<Self::Output, ShapeError>;
}

fn not_aligned(sa: &[usize], sb: &[usize], ka: usize, kb: usize) -> ShapeError {
    shape_err!(
        IncompatibleShape,
        "dot: shapes {} and {} not aligned: {} (dim {ka}) != {} (dim {kb})",
        tuple(sa),
        tuple(sb),
        sa[ka],
        sb[kb]
    )
}

fn run2<T: Element, const R: usize, const N: usize, const M: usize, SA: Shape<N>, SB: Shape<M>>(
    a: &View<'_, T, N, SA>,
    b: &View<'_, T, M, SB>,
    spec: &Spec<'_>,
) -> Result<Array<T, R>, ShapeError> {
    einsum::try_run(spec, &[Operand::new(a), Operand::new(b)])
}

macro_rules! dot_impl {
    ($n:literal, $m:literal, $out:ty, $ka:literal, $kb:literal, $subs:literal, $ia:expr, $ib:expr, $io:expr, $fast:expr) => {
        impl<'a, 'b, T: Element, S: Shape<$n>, S2: Shape<$m>> Dot<View<'b, T, $m, S2>>
            for View<'a, T, $n, S>
        {
            type Output = $out;
            fn try_dot(&self, rhs: &View<'b, T, $m, S2>) -> Result<$out, ShapeError> {
                let (sa, sb) = (self.shape(), rhs.shape());
                if sa[$ka] != sb[$kb] {
                    return Err(not_aligned(&sa, &sb, $ka, $kb));
                }
                #[allow(clippy::redundant_closure_call)]
                if let Some(out) = ($fast)(self, rhs) {
                    return Ok(out);
                }
                let spec = Spec {
                    subscripts: $subs,
                    inputs: &[$ia, $ib],
                    output: $io,
                };
                Ok(dot_finish(run2(self, rhs, &spec)?))
            }
        }
    };
}

/// The rank-0 result of a vector product as its element; other ranks unchanged.
trait DotFinish<O> {
    fn finish(self) -> O;
}
impl<T: Copy> DotFinish<T> for Array<T, 0> {
    fn finish(self) -> T {
        self[[]]
    }
}
impl<T, const R: usize> DotFinish<Array<T, R>> for Array<T, R> {
    fn finish(self) -> Array<T, R> {
        self
    }
}
fn dot_finish<O, A: DotFinish<O>>(a: A) -> O {
    a.finish()
}

dot_impl!(1, 1, T, 0, 0, "i,i->", b"i", b"i", b"", |_, _| None);
dot_impl!(2, 1, Array<T, 1>, 1, 0, "ij,j->i", b"ij", b"j", b"i", gemv_rows);
dot_impl!(1, 2, Array<T, 1>, 0, 0, "j,jk->k", b"j", b"jk", b"k", |_, _| None);
dot_impl!(2, 2, Array<T, 2>, 1, 0, "ij,jk->ik", b"ij", b"jk", b"ik", |_, _| None);

/// Matrix–vector product over contiguous rows: four rows per sweep of the vector, eight
/// independent sums per row, compiled for AVX2 when the CPU has it (`f64` through an
/// explicit FMA kernel that prefetches its rows: the matrix streams from L3 or DRAM;
/// `kron_mvm_40x40/kron_dot` was 0.91× OpenBLAS before and is 1.03× in BENCHMARKS.md's
/// single-call table, 0.79–1.33× across the seed-cell runs: a noisy, L3-bound case). The FMA
/// rounds once per multiply-add, so its `f64` results may differ in the last bits from the
/// einsum path's (strided rows) — the one exception to `kernel::dispatch`'s same-results rule.
/// `None` when the rows are not contiguous or too short to gain (the einsum path takes those).
fn gemv_rows<T: Element, S: Shape<2>, S2: Shape<1>>(
    a: &View<'_, T, 2, S>,
    x: &View<'_, T, 1, S2>,
) -> Option<Array<T, 1>> {
    let [m, k] = a.shape();
    let [rs, cs] = a.strides();
    if cs != 1 || k < 32 || m == 0 {
        return None;
    }
    let xv: Vec<T> = x.iter().copied().collect();
    #[cfg(target_arch = "x86_64")]
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<f64>() && crate::kernel::has_avx2() {
        let mut y = vec![0.0f64; m];
        // SAFETY: T is f64; every row has k contiguous elements at `a + i·rs`; the CPU has
        // AVX2 and FMA.
        unsafe {
            gemv_f64_avx2(
                m,
                k,
                a.as_ptr() as *const f64,
                rs,
                xv.as_ptr() as *const f64,
                &mut y,
            )
        };
        // SAFETY: T is f64 (same TypeId).
        let y: Vec<T> = unsafe { std::mem::transmute::<Vec<f64>, Vec<T>>(y) };
        return Some(Array::from_vec(y));
    }
    let row = |i: usize| {
        // SAFETY: row `i < m` of a view with unit column stride is `k` contiguous elements.
        unsafe { std::slice::from_raw_parts(a.as_ptr().offset(i as isize * rs), k) }
    };
    let dot = |rows: [&[T]; 4], n: usize| -> [T; 4] {
        let mut acc = [[T::zero(); 8]; 4];
        let body = k / 8 * 8;
        for (c, xs) in xv[..body].chunks_exact(8).enumerate() {
            for (r, acc) in acc.iter_mut().enumerate().take(n) {
                let a = &rows[r][c * 8..c * 8 + 8];
                for l in 0..8 {
                    acc[l] = acc[l] + a[l] * xs[l];
                }
            }
        }
        let mut out = [T::zero(); 4];
        for r in 0..n {
            let mut t = acc[r].iter().fold(T::zero(), |s, &v| s + v);
            for j in body..k {
                t = t + rows[r][j] * xv[j];
            }
            out[r] = t;
        }
        out
    };
    let mut y = Vec::with_capacity(m);
    crate::kernel::dispatch_avx2(|| {
        let mut i = 0;
        while i < m {
            let n = (m - i).min(4);
            let rows = [
                row(i),
                row(i + 1.min(n - 1)),
                row(i + 2.min(n - 1)),
                row(i + 3.min(n - 1)),
            ];
            y.extend_from_slice(&dot(rows, n)[..n]);
            i += n;
        }
    });
    Some(Array::from_vec(y))
}

/// `y = A·x` for f64 rows with fused multiply-adds: four rows per sweep of `x`, two 4-lane
/// accumulators per row, prefetching each row a few cache lines ahead.
///
/// # Safety
/// Rows `0..m` of `a` (stride `rs`) have `k` contiguous elements; `x` has `k`; the CPU has
/// AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gemv_f64_avx2(
    m: usize,
    k: usize,
    a: *const f64,
    rs: isize,
    x: *const f64,
    y: &mut [f64],
) {
    use std::arch::x86_64::*;
    let body = k / 8 * 8;
    let hsum = |v: __m256d| -> f64 {
        let mut t = [0.0f64; 4];
        // SAFETY: `t` has four f64.
        unsafe { _mm256_storeu_pd(t.as_mut_ptr(), v) };
        (t[0] + t[1]) + (t[2] + t[3])
    };
    let mut i = 0;
    while i < m {
        let n = (m - i).min(4);
        // Rows past the end repeat the last one (their sums are not stored).
        let r: [*const f64; 4] =
            std::array::from_fn(|q| a.wrapping_offset((i + q.min(n - 1)) as isize * rs));
        let mut acc = [[_mm256_setzero_pd(); 2]; 4];
        let mut c = 0;
        while c < body {
            // SAFETY: c + 8 <= k: in bounds of x and of each row.
            unsafe {
                let x0 = _mm256_loadu_pd(x.add(c));
                let x1 = _mm256_loadu_pd(x.add(c + 4));
                for q in 0..4 {
                    _mm_prefetch::<_MM_HINT_T0>(r[q].wrapping_add(c + 64) as *const i8);
                    acc[q][0] = _mm256_fmadd_pd(_mm256_loadu_pd(r[q].add(c)), x0, acc[q][0]);
                    acc[q][1] = _mm256_fmadd_pd(_mm256_loadu_pd(r[q].add(c + 4)), x1, acc[q][1]);
                }
            }
            c += 8;
        }
        for q in 0..n {
            let mut t = hsum(_mm256_add_pd(acc[q][0], acc[q][1]));
            for j in body..k {
                // SAFETY: j < k.
                t += unsafe { *r[q].add(j) * *x.add(j) };
            }
            y[i + q] = t;
        }
        i += n;
    }
}

macro_rules! dot_methods {
    ($([$($g:tt)*] $ty:ty;)*) => {$(
        impl<$($g)*> $ty {
            /// The product by rank (`np.dot`, `a @ b` for 1-D and 2-D): see [`Dot`].
            ///
            /// # Panics
            /// When the contracted lengths differ.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let m = array![[1.0, 2.0], [3.0, 4.0]];
            /// let v = array![1.0, 1.0];
            /// assert_eq!(m.dot(&v).to_vec(), vec![3.0, 7.0]);
            /// assert_eq!(v.dot(&m).to_vec(), vec![4.0, 6.0]);
            /// assert_eq!(v.dot(&v), 2.0);
            /// assert_eq!(m.dot(&m).to_vec(), vec![7.0, 10.0, 15.0, 22.0]);
            /// ```
            #[track_caller]
            pub fn dot<'r, const M: usize, B: AsView<T, M>>(
                &self,
                rhs: &'r B,
            ) -> <View<'_, T, N, S> as Dot<View<'r, T, M, B::Shape>>>::Output
            where
                for<'s> View<'s, T, N, S>: Dot<View<'r, T, M, B::Shape>>,
            {
                Dot::dot(&AsView::as_view(self), &rhs.as_view())
            }

            /// [`dot`](Self::dot), returning the error instead of panicking.
            ///
            /// ```
            /// use einarray::prelude::*;
            /// let m = Array::<f64, 2>::ones([2, 3]);
            /// assert_eq!(
            ///     m.try_dot(&Array::<f64, 1>::ones([2])).unwrap_err().to_string(),
            ///     "dot: shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)"
            /// );
            /// ```
            pub fn try_dot<'r, const M: usize, B: AsView<T, M>>(
                &self,
                rhs: &'r B,
            ) -> Result<<View<'_, T, N, S> as Dot<View<'r, T, M, B::Shape>>>::Output, ShapeError>
            where
                for<'s> View<'s, T, N, S>: Dot<View<'r, T, M, B::Shape>>,
            {
                Dot::try_dot(&AsView::as_view(self), &rhs.as_view())
            }
        }
    )*};
}

dot_methods! {
    [T, const N: usize, S: Shape<N>] Array<T, N, S>;
    ['a, T, const N: usize, S: Shape<N>] View<'a, T, N, S>;
    ['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>;
}

/// The matrix product of stacks of matrices (`np.matmul`, `a @ b` for rank 2 and up): the last
/// two axes are matrices, the leading axes are broadcast.
///
/// # Panics
/// When the inner lengths differ or the leading axes cannot be broadcast; see [`try_matmul`].
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::matmul;
/// let a = Array::<f64, 3>::ones([4, 2, 3]);
/// let b = Array::<f64, 3>::ones([1, 3, 5]);
/// let c: Array<f64, 3> = matmul(&a, &b);
/// assert_eq!(c.shape(), [4, 2, 5]);
/// assert_eq!(c[[0, 0, 0]], 3.0);
/// ```
#[track_caller]
pub fn matmul<T: Element, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
) -> Array<T, R>
where
    Rank<N>: MaxDims<M, R>,
{
    unwrap_or_panic(try_matmul(a, b))
}

/// [`matmul`], returning the error instead of panicking.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::try_matmul;
/// let a = Array::<f64, 2>::ones([2, 3]);
/// let b = Array::<f64, 2>::ones([4, 5]);
/// let r: Result<Array<f64, 2>, _> = try_matmul(&a, &b);
/// assert_eq!(
///     r.unwrap_err().to_string(),
///     "matmul: shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)"
/// );
/// ```
pub fn try_matmul<T: Element, const N: usize, const M: usize, const R: usize>(
    a: &impl AsView<T, N>,
    b: &impl AsView<T, M>,
) -> Result<Array<T, R>, ShapeError>
where
    Rank<N>: MaxDims<M, R>,
{
    const {
        assert!(
            N >= 2 && M >= 2,
            "matmul: operands need at least 2 axes; use `dot` for vectors"
        )
    };
    let (a, b) = (a.as_view(), b.as_view());
    let (sa, sb) = (a.shape(), b.shape());
    if sa[N - 1] != sb[M - 2] {
        return Err(shape_err!(
            IncompatibleShape,
            "matmul: shapes {} and {} not aligned: {} (dim {}) != {} (dim {})",
            tuple(&sa),
            tuple(&sb),
            sa[N - 1],
            N - 1,
            sb[M - 2],
            M - 2
        ));
    }
    crate::zip::broadcast_shapes(&[&sa[..N - 2], &sb[..M - 2]]).map_err(|_| {
        shape_err!(
            IncompatibleShape,
            "matmul: the leading axes of shapes {} and {} cannot be broadcast together",
            tuple(&sa),
            tuple(&sb)
        )
    })?;
    let spec = Spec {
        subscripts: "...ij,...jk->...ik",
        inputs: &[&[ELLIPSIS, b'i', b'j'], &[ELLIPSIS, b'j', b'k']],
        output: &[ELLIPSIS, b'i', b'k'],
    };
    einsum::try_run(&spec, &[Operand::new(&a), Operand::new(&b)])
}

impl<T: Zero + Clone> Array<T, 2> {
    /// A square matrix with `v` on its `k`-th diagonal and zeros elsewhere (`np.diag(v, k)`;
    /// `k > 0` above the main diagonal).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let d = Array::<i32, 2>::from_diag(&array![1, 2], 1);
    /// assert_eq!(d.to_vec(), vec![0, 1, 0, 0, 0, 2, 0, 0, 0]);
    /// ```
    pub fn from_diag(v: &impl AsView<T, 1>, k: isize) -> Array<T, 2> {
        let v = v.as_view();
        let n = v.len() + k.unsigned_abs();
        let mut out = Array::from_elem_zero(n);
        for (i, x) in v.iter().enumerate() {
            let (r, c) = if k >= 0 {
                (i, i + k as usize)
            } else {
                (i + k.unsigned_abs(), i)
            };
            out[[r, c]] = x.clone();
        }
        out
    }

    fn from_elem_zero(n: usize) -> Array<T, 2> {
        Array::from_fn([n, n], |_| T::zero())
    }
}

impl<'a, T, S: Shape<2>> View<'a, T, 2, S> {
    /// The `k`-th diagonal as a view (`np.diagonal(x, k)`; `k > 0` above the main diagonal,
    /// empty when `k` is past the edge).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(12).into_reshape([3, 4]);
    /// assert_eq!(x.diagonal(0).to_vec(), vec![0, 5, 10]);
    /// assert_eq!(x.diagonal(1).to_vec(), vec![1, 6, 11]);
    /// assert_eq!(x.diagonal(-2).to_vec(), vec![8]);
    /// assert!(x.diagonal(9).is_empty());
    /// ```
    pub fn diagonal(self, k: isize) -> View<'a, T, 1> {
        let [rows, cols] = self.shape();
        let [s0, s1] = self.strides();
        let (r0, c0) = if k >= 0 {
            (0, k.unsigned_abs())
        } else {
            (k.unsigned_abs(), 0)
        };
        let len = rows.saturating_sub(r0).min(cols.saturating_sub(c0));
        let offset = if len == 0 {
            0
        } else {
            r0 as isize * s0 + c0 as isize * s1
        };
        // SAFETY: for len > 0, (r0 + i, c0 + i) is in bounds for every i < len, so the start
        // and every step stay inside the view; for len == 0 nothing is read.
        unsafe {
            View::from_raw(
                NonNull::new_unchecked(self.as_ptr().offset(offset) as *mut T),
                Layout {
                    shape: [len],
                    strides: [s0 + s1],
                },
            )
        }
    }

    /// The sum of the main diagonal (`np.trace`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// assert_eq!(Array::<f64, 2>::eye(3).trace(), 3.0);
    /// ```
    pub fn trace(self) -> T
    where
        T: Zero + Add<Output = T> + Copy,
    {
        self.diagonal(0).sum()
    }

    /// A copy with the elements below the `k`-th diagonal zeroed (`np.triu`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::ones([3, 3]);
    /// assert_eq!(x.triu(0).to_vec(), vec![1, 1, 1, 0, 1, 1, 0, 0, 1]);
    /// assert_eq!(x.triu(1).to_vec(), vec![0, 1, 1, 0, 0, 1, 0, 0, 0]);
    /// ```
    pub fn triu(self, k: isize) -> Array<T, 2>
    where
        T: Zero + Clone,
    {
        Array::from_fn(self.shape(), |[i, j]| {
            if (j as isize) - (i as isize) >= k {
                self[[i, j]].clone()
            } else {
                T::zero()
            }
        })
    }

    /// A copy with the elements above the `k`-th diagonal zeroed (`np.tril`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 2>::ones([2, 3]);
    /// assert_eq!(x.tril(0).to_vec(), vec![1, 0, 0, 1, 1, 0]);
    /// assert_eq!(x.tril(-1).to_vec(), vec![0, 0, 0, 1, 0, 0]);
    /// ```
    pub fn tril(self, k: isize) -> Array<T, 2>
    where
        T: Zero + Clone,
    {
        Array::from_fn(self.shape(), |[i, j]| {
            if (j as isize) - (i as isize) <= k {
                self[[i, j]].clone()
            } else {
                T::zero()
            }
        })
    }
}

macro_rules! matrix_forward {
    ($([$($g:tt)*] $ty:ty;)*) => {$(
        impl<$($g)*> $ty {
            /// See [`View::diagonal`].
            pub fn diagonal(&self, k: isize) -> View<'_, T, 1> {
                self.view().diagonal(k)
            }
            /// See [`View::trace`].
            pub fn trace(&self) -> T
            where
                T: Zero + Add<Output = T> + Copy,
            {
                self.view().trace()
            }
            /// See [`View::triu`].
            pub fn triu(&self, k: isize) -> Array<T, 2>
            where
                T: Zero + Clone,
            {
                self.view().triu(k)
            }
            /// See [`View::tril`].
            pub fn tril(&self, k: isize) -> Array<T, 2>
            where
                T: Zero + Clone,
            {
                self.view().tril(k)
            }
        }
    )*};
}

matrix_forward! {
    [T, S: Shape<2>] Array<T, 2, S>;
    ['a, T, S: Shape<2>] ViewMut<'a, T, 2, S>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_is_the_same_sum_on_every_layout() {
        let m = Array::from_fn([37, 29], |[i, j]| ((i * 29 + j) as f64 * 0.37).sin());
        let want: f64 = m.iter().map(|x| x * x).sum::<f64>().sqrt();
        for got in [
            norm(&m),
            norm(&m.t()),
            norm(&m.slice(s![..;-1, ..])),
            norm(&m.copy(crate::Order::F)),
        ] {
            assert!((got - want).abs() <= 1e-13 * want, "{got} vs {want}");
        }
        let evens = m.slice(s![.., ..;2]);
        let want_evens: f64 = evens.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!((norm(&evens) - want_evens).abs() <= 1e-13 * want_evens);
    }
    use crate::prelude::*;

    #[test]
    fn kron_of_strided_and_3d() {
        let a = Array::<i64, 1>::arange(6).into_reshape([2, 3]);
        let b = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
        let k = kron(&a.t(), &b);
        assert_eq!(k.shape(), [6, 4]);
        for i in 0..6 {
            for j in 0..4 {
                assert_eq!(k[[i, j]], a[[j / 2, i / 2]] * b[[i % 2, j % 2]]);
            }
        }
        let c = Array::<i64, 1>::arange(8).into_reshape([2, 2, 2]);
        let kk = kron(&c, &Array::<i64, 3>::ones([1, 2, 1]));
        assert_eq!(kk.shape(), [2, 4, 2]);
        assert_eq!(kk[[1, 3, 1]], c[[1, 1, 1]]);
    }

    #[test]
    fn matrix_vector_rows_kernel() {
        for (m, k) in [(1, 32), (7, 45), (9, 64), (4, 100)] {
            let a = Array::<i64, 1>::arange((m * k) as i64).into_reshape([m, k]);
            let x = Array::<i64, 1>::arange_step(3, 3 + k as i64, 1);
            let rev = a.slice(s![..;-1, ..]);
            for v in [a.view(), rev] {
                let y = v.dot(&x.slice(s![..;-1]));
                for i in 0..m {
                    let want: i64 = (0..k).map(|j| v[[i, j]] * x[[k - 1 - j]]).sum();
                    assert_eq!(y[[i]], want, "m={m} k={k} i={i}");
                }
            }
        }
    }

    #[test]
    fn matrix_vector_f64_kernel() {
        // The f64 kernel (fused multiply-adds): integer-valued data, so exact; negative row
        // strides, partial row blocks and a tail after the last 8 columns.
        // The 13 × 1601 case streams rows longer than the prefetch distance; too slow for Miri.
        let sizes: &[(usize, usize)] = if cfg!(miri) {
            &[(1, 32), (7, 45), (9, 64), (4, 100)]
        } else {
            &[(1, 32), (7, 45), (9, 64), (4, 100), (13, 1601)]
        };
        for &(m, k) in sizes {
            let a = Array::<i64, 1>::arange((m * k) as i64)
                .into_reshape([m, k])
                .map(|&v| (v % 17 - 8) as f64);
            let x = Array::<f64, 1>::from_fn([k], |[j]| (j % 5) as f64 - 2.0);
            let rev = a.slice(s![..;-1, ..]);
            for v in [a.view(), rev] {
                let y = v.dot(&x);
                for i in 0..m {
                    let want: f64 = (0..k).map(|j| v[[i, j]] * x[[j]]).sum();
                    assert_eq!(y[[i]], want, "m={m} k={k} i={i}");
                }
            }
        }
    }

    #[test]
    fn norm_of_vectors_matrices_and_strided_views() {
        let v = Array::<f64, 1>::arange(20.0);
        let want = (0..20).map(|i| (i * i) as f64).sum::<f64>().sqrt();
        assert_eq!(norm(&v), want);
        assert_eq!(norm(&v.slice(s![..;-1])), want);
        let m = v.view().reshape([4, 5]).into_owned();
        assert_eq!(norm(&m.t()), norm(&m));
        assert!((norm(&m) - want).abs() <= 1e-12 * want);
        assert_eq!(norm(&Array::<f32, 1>::zeros([0])), 0.0);
        assert_eq!(norm(&Array::<f64, 0>::full([], -3.0)), 3.0);
    }

    #[test]
    fn dot_checks_alignment() {
        let a = Array::<f64, 2>::ones([2, 3]);
        let r = std::panic::catch_unwind(|| a.dot(&Array::<f64, 1>::ones([4])));
        assert!(r.is_err());
        let ints = Array::<i32, 2>::ones([2, 3]);
        assert_eq!(ints.dot(&ints.t()).to_vec(), vec![3, 3, 3, 3]);
    }
}

//! GEMM dispatch: one strided `c = a·b` to faer's `gemm`, `matrixmultiply` or the small-matrix
//! kernels, with a loop kernel for element types other than `f32`/`f64`.
//!
//! # Unsafe code here
//!
//! - `gemm`, `blas_gemm` and `unit_columns` are `unsafe fn`s that read `a`, `b` and write `c`
//!   through raw pointers and strides; callers in `contract` promise in-bounds matrices and a
//!   `c` that overlaps neither input (invariants 1–2).
//! - the small-matrix kernels run only after `gemm_small::fits`, which admits only `f32`/`f64`
//!   and requires `kernel::has_avx2`; the BLAS backends only for `f32`/`f64`, checked by
//!   `TypeId`, which also guards the `transmute_copy` in `one_of`.

use super::*;

/// One `c = a·b` (m×k times k×n) on strided data: `a[i, p]` at `a + i·rsa + p·csa`, `b[p, j]`
/// at `b + p·rsb + j·csb`, `c[i, j]` at `c + i·rsc + j`.
#[derive(Clone, Copy)]
pub(super) struct Gemm<T> {
    pub(super) m: usize,
    pub(super) k: usize,
    pub(super) n: usize,
    pub(super) a: *const T,
    pub(super) rsa: isize,
    pub(super) csa: isize,
    pub(super) b: *const T,
    pub(super) rsb: isize,
    pub(super) csb: isize,
    pub(super) c: *mut T,
    pub(super) rsc: isize,
}

/// Multiply-adds below which `gemm` runs its loop kernel rather than the GEMM backend.
pub(super) const SMALL_GEMM: usize = 2048;

/// Whether `gemm` hands an m×k·k×n product to the GEMM backend, which overwrites `c`
/// (beta = 0); otherwise a loop kernel adds into a zeroed `c`. Small products and dot
/// products take the loops: the backend's packing would cost more than the arithmetic.
pub(super) fn gemm_overwrites<T: 'static>(m: usize, n: usize, k: usize) -> bool {
    let float =
        TypeId::of::<T>() == TypeId::of::<f64>() || TypeId::of::<T>() == TypeId::of::<f32>();
    float && !(m == 1 && n == 1) && m * n * k > SMALL_GEMM
}

/// `c[i, j] = Σ_p a[i, p] · b[p, j]` for a zeroed m×n `c` with row stride `rsc`, unit column
/// stride (GEMM overwrites with beta = 0; the loop kernels add to the zeros).
///
/// # Safety
/// All three matrices are in bounds for their sizes and strides; `c` does not overlap `a`/`b`.
pub(super) unsafe fn gemm<T: Element>(g: Gemm<T>) {
    let Gemm {
        m,
        k,
        n,
        a,
        rsa,
        csa,
        b,
        rsb,
        csb,
        c,
        rsc,
    } = g;
    if gemm_overwrites::<T>(m, n, k) {
        // A right factor that fits in L2 goes to our own unpacked kernels, which need its
        // columns contiguous (a strided one is copied first when the copy is small next to the
        // product).
        use crate::gemm_small;
        if gemm_small::fits::<T>(k, n) && (csb == 1 || m >= 8) {
            // SAFETY: the caller's bounds for `b` (k × n).
            let (bp, rsbp) = unsafe { unit_columns(b, k, n, rsb, csb) };
            let b_ptr = bp.as_ref().map_or(b, |v| v.as_ptr());
            // SAFETY: `fits` admitted T, k and n on this CPU; `b` has unit column stride; the
            // caller's bounds carry over.
            unsafe { gemm_small::gemm(m, n, k, a, rsa, csa, b_ptr, rsbp, c, rsc) };
            return;
        }
        // SAFETY: T is f32 or f64 (checked by `gemm_overwrites`); the caller's bounds carry over.
        unsafe { blas_gemm(g) };
        return;
    }
    if m == 1 && n == 1 {
        // A dot product: GEMM would pack a 1×k panel for one number.
        // SAFETY: both lanes have k elements in bounds; `c` is one element.
        unsafe { *c = *c + dot_lane(a, csa, b, rsb, k) };
        return;
    }
    // The loop kernel: i-p-j ("axpy") order, c's contiguous row innermost.
    for i in 0..m as isize {
        for p in 0..k as isize {
            // SAFETY: i < m, p < k: in bounds of `a`.
            let aip = unsafe { *a.offset(i * rsa + p * csa) };
            for j in 0..n as isize {
                // SAFETY: in bounds of `b` and `c`.
                unsafe {
                    let cij = c.offset(i * rsc + j);
                    *cij = *cij + aip * *b.offset(p * rsb + j * csb);
                }
            }
        }
    }
}

/// A `rows × cols` matrix at `(rs, cs)` with unit column stride: itself (`None`, row stride
/// `rs`) when `cs` is 1, else a C-order copy (row stride `cols`).
///
/// # Safety
/// The matrix is in bounds at its strides.
pub(super) unsafe fn unit_columns<T: Copy>(
    p: *const T,
    rows: usize,
    cols: usize,
    rs: isize,
    cs: isize,
) -> (Option<Vec<T>>, isize) {
    if cs == 1 || cols <= 1 {
        return (None, rs);
    }
    let mut copy: Vec<T> = Vec::with_capacity(rows * cols);
    // SAFETY: the source is in bounds by the caller's contract; the destination is the fresh
    // buffer's `rows · cols` uninitialised slots in C order, each written once by the tiled
    // walk before `set_len`.
    unsafe {
        crate::kernel::walk2_tiled(
            copy.spare_capacity_mut().as_mut_ptr(),
            &[cols as isize, 1],
            p,
            &[rs, cs],
            &[rows, cols],
            |d: &mut std::mem::MaybeUninit<T>, s: &T| {
                d.write(*s);
            },
        );
        copy.set_len(rows * cols);
    }
    (Some(copy), cols as isize)
}

/// `c = a·b` for `f32`/`f64` through the GEMM backend (faer's `gemm`, or `matrixmultiply`
/// without the `faer-gemm` feature), overwriting `c` (row stride `rsc`, unit column stride).
///
/// # Safety
/// `T` is `f32` or `f64`; the matrices are in bounds for their sizes and strides; `c` does not
/// overlap `a` or `b`.
pub(super) unsafe fn blas_gemm<T: Element>(g: Gemm<T>) {
    let Gemm {
        m,
        k,
        n,
        a,
        rsa,
        csa,
        b,
        rsb,
        csb,
        c,
        rsc,
    } = g;
    #[cfg(feature = "faer-gemm")]
    {
        let (zero, one) = (T::zero(), T::zero() + one_of::<T>());
        // faer's convention: dst = alpha·dst + beta·lhs·rhs; with read_dst = false, alpha is
        // ignored. Strides are given column first.
        // SAFETY: forwarded from the caller; `gemm` supports f32 and f64.
        unsafe {
            gemm::gemm(
                m,
                n,
                k,
                c,
                1,
                rsc,
                false,
                a,
                csa,
                rsa,
                b,
                csb,
                rsb,
                zero,
                one,
                false,
                false,
                false,
                gemm_parallelism(m.saturating_mul(n).saturating_mul(k)),
            )
        };
    }
    #[cfg(not(feature = "faer-gemm"))]
    {
        if TypeId::of::<T>() == TypeId::of::<f64>() {
            // SAFETY: T is f64; forwarded from the caller.
            unsafe {
                matrixmultiply::dgemm(
                    m,
                    k,
                    n,
                    1.0,
                    a as *const f64,
                    rsa,
                    csa,
                    b as *const f64,
                    rsb,
                    csb,
                    0.0,
                    c as *mut f64,
                    rsc,
                    1,
                )
            };
        } else {
            // SAFETY: T is f32; forwarded from the caller.
            unsafe {
                matrixmultiply::sgemm(
                    m,
                    k,
                    n,
                    1.0,
                    a as *const f32,
                    rsa,
                    csa,
                    b as *const f32,
                    rsb,
                    csb,
                    0.0,
                    c as *mut f32,
                    rsc,
                    1,
                )
            };
        }
    }
}

/// How faer's `gemm` may split a product of `work` multiply-adds: over
/// [`crate::parallel::threads_for`] threads, by blocks of the output (each element's sum over
/// the contracted axis in the same order as on one thread, so the result does not depend on
/// the count).
#[cfg(feature = "faer-gemm")]
fn gemm_parallelism(work: usize) -> gemm::Parallelism {
    match crate::parallel::threads_for(work, crate::parallel::GEMM_MIN_WORK) {
        1 => gemm::Parallelism::None,
        t => gemm::Parallelism::Rayon(t),
    }
}

/// The one of a float type (Element has no `One` bound; floats are the only callers).
#[cfg(feature = "faer-gemm")]
pub(super) fn one_of<T: Element>() -> T {
    if TypeId::of::<T>() == TypeId::of::<f64>() {
        // SAFETY: T is f64.
        unsafe { std::mem::transmute_copy(&1.0f64) }
    } else {
        // SAFETY: the only other caller type is f32.
        unsafe { std::mem::transmute_copy(&1.0f32) }
    }
}

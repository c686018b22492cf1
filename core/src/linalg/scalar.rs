//! [`LinalgScalar`]: the element types the decompositions take (faer's four).

use crate::einsum::Element;
use num_complex::Complex;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for num_complex::Complex<f32> {}
    impl Sealed for num_complex::Complex<f64> {}
}

/// An element type of `linalg`'s decompositions: `f32`, `f64`, `Complex<f32>` or
/// `Complex<f64>` (NumPy's `float32`, `float64`, `complex64`, `complex128`). Integer arrays
/// are a compile error: cast them first, as NumPy does silently.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg;
/// let a = array![[2, 1], [1, 3]];
/// let d = linalg::det(&a.map(|&x| x as f64)); // `det(&a)` would not compile
/// assert!((d[[]] - 5.0).abs() < 1e-12); // a rank-0 array, as `einsum!("ii->", …)`
/// ```
#[diagnostic::on_unimplemented(
    message = "linalg works on f32, f64, Complex<f32> and Complex<f64>, not `{Self}`",
    label = "this array's elements are `{Self}`",
    note = "cast the array first, e.g. `a.map(|&x| x as f64)`"
)]
pub trait LinalgScalar:
    Element
    + faer::traits::ComplexField<Real = Self::RealPart>
    + std::ops::Sub<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::ops::MulAssign
    + std::ops::SubAssign
    + std::ops::DivAssign
    + num_traits::One
    + std::fmt::Debug
    + PartialEq
    + Send
    + Sync
    + sealed::Sealed
{
    /// The type of the modulus and of singular and self-adjoint eigenvalues: `f32` or `f64`.
    type RealPart: LinalgScalar<RealPart = Self::RealPart>
        + faer::traits::RealField
        + num_traits::Float
        + std::ops::AddAssign
        + std::ops::MulAssign
        + std::fmt::Display;
    /// `Complex<Self::RealPart>`: the element type of general eigenvalues.
    type Complex: LinalgScalar<RealPart = Self::RealPart>;
    /// Whether the type is complex.
    const IS_COMPLEX: bool;
    /// `x + 0i`, or `x` for a real type.
    fn from_re(x: Self::RealPart) -> Self;
    /// The real part.
    fn re(self) -> Self::RealPart;
    /// The imaginary part (0 for a real type).
    fn im(self) -> Self::RealPart;
    /// `|x|`.
    fn modulus(self) -> Self::RealPart;
    /// The complex conjugate (`x` for a real type).
    fn conjugate(self) -> Self;
    /// The value as a complex number.
    fn to_complex(self) -> Self::Complex;
    /// The eigenvalues `s` (and right eigenvectors `u`, when given) of the square `a`, as
    /// complex numbers: faer's real algorithm for a real type (its conjugate pairs unpacked
    /// as LAPACK's `geev` convention says), the complex one otherwise.
    #[doc(hidden)]
    fn eig_into(
        a: faer::MatRef<'_, Self>,
        s: &mut [Self::Complex],
        u: Option<faer::MatMut<'_, Self::Complex>>,
        par: faer::Par,
    ) -> Result<(), faer::linalg::evd::EvdError>;
}

/// The general eigenvalue problem for one matrix, on faer's `evd_real` or `evd_cplx`.
fn eig_scratch<T: faer::traits::ComplexField>(
    n: usize,
    vectors: bool,
    par: faer::Par,
) -> faer::dyn_stack::MemBuffer {
    use faer::linalg::evd::ComputeEigenvectors::{No, Yes};
    faer::dyn_stack::MemBuffer::new(faer::linalg::evd::evd_scratch::<T>(
        n,
        No,
        if vectors { Yes } else { No },
        par,
        Default::default(),
    ))
}

macro_rules! real {
    ($t:ty) => {
        impl LinalgScalar for $t {
            type RealPart = $t;
            type Complex = Complex<$t>;
            const IS_COMPLEX: bool = false;
            #[inline]
            fn from_re(x: $t) -> $t {
                x
            }
            #[inline]
            fn re(self) -> $t {
                self
            }
            #[inline]
            fn im(self) -> $t {
                0.0
            }
            #[inline]
            fn modulus(self) -> $t {
                self.abs()
            }
            #[inline]
            fn conjugate(self) -> $t {
                self
            }
            #[inline]
            fn to_complex(self) -> Complex<$t> {
                Complex::new(self, 0.0)
            }
            fn eig_into(
                a: faer::MatRef<'_, $t>,
                s: &mut [Complex<$t>],
                u: Option<faer::MatMut<'_, Complex<$t>>>,
                par: faer::Par,
            ) -> Result<(), faer::linalg::evd::EvdError> {
                let n = a.nrows();
                let mut re = faer::Col::<$t>::zeros(n);
                let mut im = faer::Col::<$t>::zeros(n);
                let mut ur = u.as_ref().map(|_| faer::Mat::<$t>::zeros(n, n));
                let mut mem = eig_scratch::<$t>(n, ur.is_some(), par);
                faer::linalg::evd::evd_real(
                    a,
                    re.as_mut().as_diagonal_mut(),
                    im.as_mut().as_diagonal_mut(),
                    None,
                    ur.as_mut().map(|m| m.as_mut()),
                    par,
                    faer::dyn_stack::MemStack::new(&mut mem),
                    Default::default(),
                )?;
                let mut u = u;
                let mut j = 0;
                while j < n {
                    // A real eigenvalue, or the first of a conjugate pair (whose vectors are
                    // `u[:, j] ± i·u[:, j + 1]`).
                    let pair = im[j] != 0.0 && j + 1 < n;
                    s[j] = Complex::new(re[j], im[j]);
                    if pair {
                        s[j + 1] = Complex::new(re[j], -im[j]);
                    }
                    if let (Some(u), Some(ur)) = (u.as_mut(), ur.as_ref()) {
                        for i in 0..n {
                            if pair {
                                u[(i, j)] = Complex::new(ur[(i, j)], ur[(i, j + 1)]);
                                u[(i, j + 1)] = Complex::new(ur[(i, j)], -ur[(i, j + 1)]);
                            } else {
                                u[(i, j)] = Complex::new(ur[(i, j)], 0.0);
                            }
                        }
                    }
                    j += if pair { 2 } else { 1 };
                }
                Ok(())
            }
        }

        impl LinalgScalar for Complex<$t> {
            type RealPart = $t;
            type Complex = Complex<$t>;
            const IS_COMPLEX: bool = true;
            #[inline]
            fn from_re(x: $t) -> Self {
                Complex::new(x, 0.0)
            }
            #[inline]
            fn re(self) -> $t {
                self.re
            }
            #[inline]
            fn im(self) -> $t {
                self.im
            }
            #[inline]
            fn modulus(self) -> $t {
                self.norm()
            }
            #[inline]
            fn conjugate(self) -> Self {
                self.conj()
            }
            #[inline]
            fn to_complex(self) -> Self {
                self
            }
            fn eig_into(
                a: faer::MatRef<'_, Self>,
                s: &mut [Self],
                u: Option<faer::MatMut<'_, Self>>,
                par: faer::Par,
            ) -> Result<(), faer::linalg::evd::EvdError> {
                let n = a.nrows();
                let mut mem = eig_scratch::<Self>(n, u.is_some(), par);
                let mut col = faer::Col::<Self>::zeros(n);
                faer::linalg::evd::evd_cplx(
                    a,
                    col.as_mut().as_diagonal_mut(),
                    None,
                    u,
                    par,
                    faer::dyn_stack::MemStack::new(&mut mem),
                    Default::default(),
                )?;
                for (k, v) in s.iter_mut().enumerate() {
                    *v = col[k];
                }
                Ok(())
            }
        }
    };
}
real!(f32);
real!(f64);

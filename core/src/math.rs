//! Element-wise math and comparisons as methods: `x.sqrt()`, `x.less(&y)`, `x.clip(0.0, 1.0)`.
//!
//! Each method makes a new array (the shape and static sizes of `x` for the unary ones, the
//! broadcast shape for the comparisons), running the strided engine of [`crate::zip`]. In-place
//! forms are `x.map_inplace(|v| *v = v.sqrt())`; forms into an existing output are
//! [`crate::zip::map_into`] and [`crate::zip::zip_map_into`].
//!
//! Floating-point methods follow IEEE like NumPy: `sqrt(-1)` is NaN, `ln(0)` is `-inf`, and
//! `maximum`/`minimum` propagate NaN. `round` rounds half to even, as `np.round` does.
//!
//! ```
//! use einarray::prelude::*;
//! let x = Array::<f64, 1>::from_vec(vec![-1.5, 0.5, 2.5]);
//! assert_eq!(x.abs().to_vec(), vec![1.5, 0.5, 2.5]);
//! assert_eq!(x.round().to_vec(), vec![-2.0, 0.0, 2.0]);
//! assert_eq!(x.greater(&0.0).to_vec(), vec![false, true, true]);
//! assert_eq!(x.clip(0.0, 1.0).to_vec(), vec![0.0, 0.5, 1.0]);
//! ```
//!
//! # Unsafe code here
//!
//! - `exp_any` reinterprets a `T` as `f64` or `f32` with `transmute_copy`, only after a
//!   `TypeId` check shows `T` is that type; no pointers or layouts are involved.

use crate::error::unwrap_or_panic;
use crate::rank::{MaxDims, Rank};
use crate::shape::Shape;
use crate::view::{AsView, View, ViewMut};
use crate::zip::try_zip_views_sync;
use crate::Array;
use num_traits::{AsPrimitive, Float, Signed};
use std::ops::Mul;

/// NumPy's `maximum`: the larger, NaN if either is NaN.
#[inline]
pub(crate) fn max_nan<T: PartialOrd + Clone>(a: &T, b: &T) -> T {
    // `a != a` is NaN; when `b` is NaN, `a >= b` is false and `b` is returned.
    #[allow(clippy::eq_op)]
    if a >= b || a != a {
        a.clone()
    } else {
        b.clone()
    }
}

/// NumPy's `minimum`: the smaller, NaN if either is NaN.
#[inline]
pub(crate) fn min_nan<T: PartialOrd + Clone>(a: &T, b: &T) -> T {
    #[allow(clippy::eq_op)]
    if a <= b || a != a {
        a.clone()
    } else {
        b.clone()
    }
}

/// `x.exp()`, through the vectorizable [`exp_f64`] when `T` is `f64` or `f32` (computed in
/// `f64` and rounded once).
#[inline(always)]
pub(crate) fn exp_any<T: Float + 'static>(x: T) -> T {
    use std::any::TypeId;
    if TypeId::of::<T>() == TypeId::of::<f64>() {
        // SAFETY: `T` is `f64` (same TypeId): reading one as the other is the identity.
        let y = exp_f64(unsafe { std::mem::transmute_copy::<T, f64>(&x) });
        // SAFETY: as above.
        return unsafe { std::mem::transmute_copy::<f64, T>(&y) };
    }
    if TypeId::of::<T>() == TypeId::of::<f32>() {
        // SAFETY: `T` is `f32` (same TypeId).
        let x = unsafe { std::mem::transmute_copy::<T, f32>(&x) };
        let y = exp_f64(f64::from(x)) as f32;
        // SAFETY: as above.
        return unsafe { std::mem::transmute_copy::<f32, T>(&y) };
    }
    x.exp()
}

/// `e^x` for `f64` without branches or library calls, so loops over it vectorize: Cody–Waite
/// reduction `x = k·ln2 + r` with `|r| <= ln2/2`, a degree-13 Taylor polynomial for `e^r`, and
/// the scaling by `2^k` done in two exact steps (so subnormal results are right). Within 2 ulp
/// of the C library's `exp` (tested), like NumPy's SIMD `exp`; NaN, ±inf, overflow to `inf`
/// and underflow to 0 as IEEE requires.
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    // ln2 split so that k·LN2_HI is exact for |k| < 2^11.
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    // Rounds to the nearest integer by the 1.5·2^52 trick (no `round` call on baseline x86-64).
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    // Beyond these the result is inf or 0 anyway; clamping keeps k in range.
    let xc = x.clamp(-746.0, 710.0);
    let t = xc * LOG2E + SHIFTER;
    let kf = t - SHIFTER;
    let r = (xc - kf * LN2_HI) - kf * LN2_LO;
    // e^r = 1 + r + r²/2! + … + r^13/13!, Horner.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^k as two factors 2^(k/2)·2^(k - k/2), each a normal number for k in [-1076, 1024].
    // k comes from the bits of t = 1.5·2^52 + k (no float-to-integer conversion, which has no
    // packed form before AVX-512), offset by 2048 so the halving is a logical shift.
    let kb = t
        .to_bits()
        .wrapping_sub(SHIFTER.to_bits())
        .wrapping_add(2048);
    let k1 = kb >> 1; // ⌊(k + 2048) / 2⌋ = ⌊k / 2⌋ + 1024
    let k2 = kb - k1; // k - ⌊k / 2⌋ + 1024
                      // biased exponents (k/2 + 1023 and so on): k1 - 1, k2 - 1, both in [485, 1536] here
    let s1 = f64::from_bits((k1 - 1) << 52);
    let s2 = f64::from_bits((k2 - 1) << 52);
    let y = p * s1 * s2;
    // NaN in, NaN out (the clamp turned it into a number); x = +inf gives inf by overflow and
    // -inf gives 0 by underflow already.
    if x.is_nan() {
        x
    } else {
        y
    }
}

/// Round half to even (`np.round`, `np.rint`).
#[inline]
fn round_half_even<T: Float>(x: T) -> T {
    let r = x.round();
    let half = T::from(0.5).unwrap();
    if (x - x.trunc()).abs() == half {
        let two = T::from(2.0).unwrap();
        two * (x / two).round()
    } else {
        r
    }
}

/// The unary methods: each maps every element through one function into a new array.
macro_rules! unary_methods {
    ($(
        $(#[$meta:meta])*
        fn $name:ident[$($b:tt)*]($($arg:ident: $argty:ty),*) -> $out:ty = |$x:ident| $body:expr;
    )*) => {
        impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
            $(
                $(#[$meta])*
                pub fn $name(self, $($arg: $argty),*) -> Array<$out, N, S>
                where
                    T: $($b)*,
                {
                    // SAFETY: the closure captures only the method's arguments (`T` or `i32`
                    // values), plain whenever `T` is.
                    unsafe { crate::zip::map_par(self, |$x: &T| $body) }
                }
            )*
        }
        unary_methods!(@forward [T, const N: usize, S: Shape<N>] Array<T, N, S>;
            $(fn $name[$($b)*]($($arg: $argty),*) -> $out;)*);
        unary_methods!(@forward ['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>;
            $(fn $name[$($b)*]($($arg: $argty),*) -> $out;)*);
    };
    (@forward [$($g:tt)*] $ty:ty; $(fn $name:ident[$($b:tt)*]($($arg:ident: $argty:ty),*) -> $out:ty;)*) => {
        impl<$($g)*> $ty {
            $(
                #[doc = concat!("See [`View::", stringify!($name), "`].")]
                pub fn $name(&self, $($arg: $argty),*) -> Array<$out, N, S>
                where
                    T: $($b)*,
                {
                    self.view().$name($($arg),*)
                }
            )*
        }
    };
}

unary_methods! {
    /// Absolute value of every element (`np.abs`), for signed integers and floats.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::from_vec(vec![-3, 0, 4]);
    /// assert_eq!(x.abs().to_vec(), vec![3, 0, 4]);
    /// ```
    fn abs[Signed]() -> T = |x| x.abs();

    /// Every element squared (`np.square`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i64, 1>::arange(4);
    /// assert_eq!(x.square().to_vec(), vec![0, 1, 4, 9]);
    /// ```
    fn square[Clone + Mul<Output = T>]() -> T = |x| x.clone() * x.clone();

    /// Square root (`np.sqrt`); NaN for negative numbers.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![4.0, 2.25]);
    /// assert_eq!(x.sqrt().to_vec(), vec![2.0, 1.5]);
    /// ```
    fn sqrt[Float]() -> T = |x| x.sqrt();

    /// `e` to the power of every element (`np.exp`). For `f64` the loop is vectorized (a
    /// branch-free exponential within 2 ulp of the C library's, as NumPy's own SIMD `exp`);
    /// other types use their `exp`.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.0, 1.0]);
    /// let e = x.exp();
    /// assert_eq!(e[[0]], 1.0);
    /// assert!((e[[1]] - std::f64::consts::E).abs() <= 2.0 * f64::EPSILON * std::f64::consts::E);
    /// ```
    fn exp[Float + 'static]() -> T = |x| exp_any(*x);

    /// Natural logarithm (`np.log`); `-inf` at 0, NaN below.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, std::f64::consts::E]);
    /// assert_eq!(x.ln().to_vec(), vec![0.0, 1.0]);
    /// ```
    fn ln[Float]() -> T = |x| x.ln();

    /// Base-10 logarithm (`np.log10`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, 1000.0]);
    /// assert_eq!(x.log10().to_vec(), vec![0.0, 3.0]);
    /// ```
    fn log10[Float]() -> T = |x| x.log10();

    /// Sine, in radians (`np.sin`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.0, std::f64::consts::FRAC_PI_2]);
    /// assert_eq!(x.sin().to_vec(), vec![0.0, 1.0]);
    /// ```
    fn sin[Float]() -> T = |x| x.sin();

    /// Cosine, in radians (`np.cos`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.0, std::f64::consts::PI]);
    /// assert_eq!(x.cos().to_vec(), vec![1.0, -1.0]);
    /// ```
    fn cos[Float]() -> T = |x| x.cos();

    /// Hyperbolic tangent (`np.tanh`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.0, 100.0]);
    /// assert_eq!(x.tanh().to_vec(), vec![0.0, 1.0]);
    /// ```
    fn tanh[Float]() -> T = |x| x.tanh();

    /// Largest integer not above each element (`np.floor`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![-1.5, 1.5]);
    /// assert_eq!(x.floor().to_vec(), vec![-2.0, 1.0]);
    /// ```
    fn floor[Float]() -> T = |x| x.floor();

    /// Smallest integer not below each element (`np.ceil`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![-1.5, 1.5]);
    /// assert_eq!(x.ceil().to_vec(), vec![-1.0, 2.0]);
    /// ```
    fn ceil[Float]() -> T = |x| x.ceil();

    /// The nearest integer, halves to even (`np.round`, `np.rint`), not Rust's `f64::round`,
    /// which rounds halves away from zero.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.5, 1.5, 2.5, -2.5, 2.6]);
    /// assert_eq!(x.round().to_vec(), vec![0.0, 2.0, 2.0, -2.0, 3.0]);
    /// ```
    fn round[Float]() -> T = |x| round_half_even(*x);

    /// Every element to an integer power (`x ** n`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![2.0, 3.0]);
    /// assert_eq!(x.powi(3).to_vec(), vec![8.0, 27.0]);
    /// ```
    fn powi[Float](n: i32) -> T = |x| x.powi(n);

    /// Every element to a floating-point power (`np.power` with a scalar exponent).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![4.0, 9.0]);
    /// assert_eq!(x.powf(0.5).to_vec(), vec![2.0, 3.0]);
    /// ```
    fn powf[Float](p: T) -> T = |x| x.powf(p);

    /// Whether each element is NaN (`np.isnan`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, f64::NAN]);
    /// assert_eq!(x.isnan().to_vec(), vec![false, true]);
    /// ```
    fn isnan[Float]() -> bool = |x| x.is_nan();

    /// Whether each element is neither infinite nor NaN (`np.isfinite`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, f64::INFINITY, f64::NAN]);
    /// assert_eq!(x.isfinite().to_vec(), vec![true, false, false]);
    /// ```
    fn isfinite[Float]() -> bool = |x| x.is_finite();

    /// Whether each element is infinite (`np.isinf`).
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, f64::NEG_INFINITY]);
    /// assert_eq!(x.isinf().to_vec(), vec![false, true]);
    /// ```
    fn isinf[Float]() -> bool = |x| x.is_infinite();

    /// Every element limited to `[lo, hi]` (`np.clip` with scalar bounds); NaN stays NaN.
    /// For array bounds, broadcast, see [`crate::ufunc::clip`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(6);
    /// assert_eq!(x.clip(1, 3).to_vec(), vec![1, 1, 2, 3, 3, 3]);
    /// ```
    fn clip[PartialOrd + Clone](lo: T, hi: T) -> T = |x| min_nan(&max_nan(x, &lo), &hi);
}

/// The casting and comparison methods, which need a second type or rank parameter.
macro_rules! compare_methods {
    ($($(#[$meta:meta])* fn $name:ident($op:literal) = |$a:ident, $b:ident| $body:expr;)*) => {
        impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
            $(
                $(#[$meta])*
                #[track_caller]
                pub fn $name<const M: usize, const R: usize>(self, rhs: &impl AsView<T, M>) -> Array<bool, R>
                where
                    T: PartialOrd,
                    Rank<N>: MaxDims<M, R>,
                {
                    unwrap_or_panic(try_zip_views_sync($op, self, rhs.as_view(), |$a: &T, $b: &T| $body))
                }
            )*
        }
        compare_methods!(@forward [T, const N: usize, S: Shape<N>] Array<T, N, S>; $($name)*);
        compare_methods!(@forward ['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>; $($name)*);
    };
    (@forward [$($g:tt)*] $ty:ty; $($name:ident)*) => {
        impl<$($g)*> $ty {
            $(
                #[doc = concat!("See [`View::", stringify!($name), "`].")]
                #[track_caller]
                pub fn $name<const M: usize, const R: usize>(&self, rhs: &impl AsView<T, M>) -> Array<bool, R>
                where
                    T: PartialOrd,
                    Rank<N>: MaxDims<M, R>,
                {
                    self.view().$name(rhs)
                }
            )*
        }
    };
}

compare_methods! {
    /// `self < rhs` element by element, broadcast (`np.less`); `rhs` may be a scalar (`&0.0`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(4);
    /// assert_eq!(x.less(&2).to_vec(), vec![true, true, false, false]);
    /// ```
    fn less("less") = |a, b| a < b;

    /// `self <= rhs` element by element, broadcast (`np.less_equal`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(4);
    /// assert_eq!(x.less_equal(&2).to_vec(), vec![true, true, true, false]);
    /// ```
    fn less_equal("less_equal") = |a, b| a <= b;

    /// `self > rhs` element by element, broadcast (`np.greater`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(3);
    /// let col = Array::<i32, 2>::from_shape_vec([2, 1], vec![0, 1]).unwrap();
    /// assert_eq!(x.greater(&col).to_vec(), vec![false, true, true, false, false, true]);
    /// ```
    fn greater("greater") = |a, b| a > b;

    /// `self >= rhs` element by element, broadcast (`np.greater_equal`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![0.5, f64::NAN]);
    /// assert_eq!(x.greater_equal(&0.5).to_vec(), vec![true, false]);
    /// ```
    fn greater_equal("greater_equal") = |a, b| a >= b;

    /// `self == rhs` element by element, broadcast (`np.equal`; `==` on two arrays compares
    /// whole arrays, as `np.array_equal`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(3);
    /// assert_eq!(x.equal(&1).to_vec(), vec![false, true, false]);
    /// ```
    fn equal("equal") = |a, b| a == b;

    /// `self != rhs` element by element, broadcast (`np.not_equal`).
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(3);
    /// assert_eq!(x.not_equal(&1).to_vec(), vec![true, false, true]);
    /// ```
    fn not_equal("not_equal") = |a, b| a != b;
}

impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
    /// Every element converted with Rust's `as` (NumPy's `astype`): floats to integers truncate
    /// toward zero and saturate (NumPy leaves out-of-range results undefined), integers wrap.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.7, -1.7, 300.0]);
    /// assert_eq!(x.cast::<i32>().to_vec(), vec![1, -1, 300]);
    /// assert_eq!(x.cast::<u8>().to_vec(), vec![1, 0, 255]);
    /// ```
    pub fn cast<U: Copy + 'static>(self) -> Array<U, N, S>
    where
        T: AsPrimitive<U>,
    {
        self.map(|x| x.as_())
    }

    /// The larger of each pair, broadcast (`np.maximum`); NaN if either is NaN.
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::from_vec(vec![1.0, 5.0, f64::NAN]);
    /// let m = x.maximum(&2.0);
    /// assert_eq!(m.slice(s![..2]).to_vec(), vec![2.0, 5.0]);
    /// assert!(m[[2]].is_nan());
    /// ```
    #[track_caller]
    pub fn maximum<const M: usize, const R: usize>(self, rhs: &impl AsView<T, M>) -> Array<T, R>
    where
        T: PartialOrd + Clone,
        Rank<N>: MaxDims<M, R>,
    {
        unwrap_or_panic(try_zip_views_sync("maximum", self, rhs.as_view(), max_nan))
    }

    /// The smaller of each pair, broadcast (`np.minimum`); NaN if either is NaN.
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let a = Array::<i32, 1>::from_vec(vec![1, 5]);
    /// let b = Array::<i32, 1>::from_vec(vec![3, 2]);
    /// assert_eq!(a.minimum(&b).to_vec(), vec![1, 2]);
    /// ```
    #[track_caller]
    pub fn minimum<const M: usize, const R: usize>(self, rhs: &impl AsView<T, M>) -> Array<T, R>
    where
        T: PartialOrd + Clone,
        Rank<N>: MaxDims<M, R>,
    {
        unwrap_or_panic(try_zip_views_sync("minimum", self, rhs.as_view(), min_nan))
    }

    /// Whether each pair of elements is equal within a tolerance, broadcast (`np.isclose`):
    /// `|a − b| ≤ atol + rtol·|b|` (NumPy's defaults are `rtol = 1e-5`, `atol = 1e-8`).
    /// Infinities are close only to themselves and NaN to nothing, as NumPy's
    /// `equal_nan=False`.
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![1.0, 1e-9, f64::INFINITY, f64::NAN];
    /// let y = array![1.0 + 1e-7, 0.0, f64::INFINITY, f64::NAN];
    /// assert_eq!(x.isclose(&y, 1e-5, 1e-8).to_vec(), vec![true, true, true, false]);
    /// ```
    #[track_caller]
    pub fn isclose<const M: usize, const R: usize>(
        self,
        rhs: &impl AsView<T, M>,
        rtol: f64,
        atol: f64,
    ) -> Array<bool, R>
    where
        T: Close,
        Rank<N>: MaxDims<M, R>,
    {
        unwrap_or_panic(try_zip_views_sync(
            "isclose",
            self,
            rhs.as_view(),
            |a: &T, b: &T| a.is_close(*b, rtol, atol),
        ))
    }

    /// Whether every pair of elements is close ([`View::isclose`], broadcast): `np.allclose`,
    /// the comparison floating-point results need where `==` is too strict.
    ///
    /// # Panics
    /// When the shapes cannot be broadcast.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let third = array![1.0 / 3.0, 2.0 / 3.0];
    /// assert!((&third * 3.0).allclose(&array![1.0, 2.0], 1e-12, 0.0));
    /// assert!(!third.allclose(&array![0.3, 0.7], 1e-5, 1e-8));
    /// ```
    #[track_caller]
    pub fn allclose<const M: usize, const R: usize>(
        self,
        rhs: &impl AsView<T, M>,
        rtol: f64,
        atol: f64,
    ) -> bool
    where
        T: Close,
        Rank<N>: MaxDims<M, R>,
    {
        let close: Array<bool, R> = self.isclose(rhs, rtol, atol);
        close.iter().all(|&c| c)
    }

    /// Whether `other` has the same shape and equal elements (`np.array_equal`). Arrays of
    /// different shapes (or ranks) are not equal, and NaN equals nothing; see
    /// [`View::array_equal_nan`]. For floats computed two ways, [`View::allclose`] is usually
    /// what is meant.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![[1.0, 2.0], [3.0, 4.0]];
    /// assert!(x.array_equal(&x.t().t()));
    /// assert!(!x.array_equal(&x.t()));
    /// assert!(!x.array_equal(&x.flatten())); // other shape: not equal, no panic
    /// ```
    pub fn array_equal<U, const M: usize>(self, other: &impl AsView<U, M>) -> bool
    where
        T: PartialEq<U>,
    {
        self.equal_with(other, |a, b| a == b)
    }

    /// [`View::array_equal`] with NaN equal to NaN (`np.array_equal(a, b, equal_nan=True)`):
    /// two elements are equal when `==` says so or when each is unequal to itself.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = array![1.0, f64::NAN];
    /// assert!(!x.array_equal(&x));
    /// assert!(x.array_equal_nan(&x));
    /// ```
    pub fn array_equal_nan<const M: usize>(self, other: &impl AsView<T, M>) -> bool
    where
        T: PartialEq,
    {
        #[allow(clippy::eq_op)]
        self.equal_with(other, |a, b| a == b || (a != a && b != b))
    }

    fn equal_with<U, const M: usize>(
        self,
        other: &impl AsView<U, M>,
        eq: impl Fn(&T, &U) -> bool,
    ) -> bool {
        let other = other.as_view();
        if self.shape()[..] != other.shape()[..] {
            return false;
        }
        self.iter().zip(other.iter()).all(|(a, b)| eq(a, b))
    }
}

/// Element types [`View::isclose`] and [`View::allclose`] compare: `f32`, `f64` and their
/// complex numbers (the distance is the modulus of the difference).
pub trait Close: Copy {
    /// `|self − other| ≤ atol + rtol·|other|`; infinities equal only to themselves, NaN never.
    fn is_close(self, other: Self, rtol: f64, atol: f64) -> bool;
}

macro_rules! close {
    ($($t:ty),*) => {$(
        impl Close for $t {
            fn is_close(self, other: $t, rtol: f64, atol: f64) -> bool {
                let (a, b) = (self as f64, other as f64);
                if a == b {
                    return true;
                }
                a.is_finite() && b.is_finite() && (a - b).abs() <= atol + rtol * b.abs()
            }
        }
        impl Close for num_complex::Complex<$t> {
            fn is_close(self, other: Self, rtol: f64, atol: f64) -> bool {
                if self == other {
                    return true;
                }
                let finite = |z: Self| z.re.is_finite() && z.im.is_finite();
                let d = (self - other).norm() as f64;
                finite(self) && finite(other) && d <= atol + rtol * other.norm() as f64
            }
        }
    )*};
}
close!(f32, f64);

macro_rules! forward_misc {
    ([$($g:tt)*] $ty:ty) => {
        impl<$($g)*> $ty {
            /// See [`View::cast`].
            pub fn cast<U: Copy + 'static>(&self) -> Array<U, N, S>
            where
                T: AsPrimitive<U>,
            {
                self.view().cast()
            }
            /// See [`View::maximum`].
            #[track_caller]
            pub fn maximum<const M: usize, const R: usize>(&self, rhs: &impl AsView<T, M>) -> Array<T, R>
            where
                T: PartialOrd + Clone,
                Rank<N>: MaxDims<M, R>,
            {
                self.view().maximum(rhs)
            }
            /// See [`View::minimum`].
            #[track_caller]
            pub fn minimum<const M: usize, const R: usize>(&self, rhs: &impl AsView<T, M>) -> Array<T, R>
            where
                T: PartialOrd + Clone,
                Rank<N>: MaxDims<M, R>,
            {
                self.view().minimum(rhs)
            }
            /// See [`View::isclose`].
            #[track_caller]
            pub fn isclose<const M: usize, const R: usize>(
                &self,
                rhs: &impl AsView<T, M>,
                rtol: f64,
                atol: f64,
            ) -> Array<bool, R>
            where
                T: Close,
                Rank<N>: MaxDims<M, R>,
            {
                self.view().isclose(rhs, rtol, atol)
            }
            /// See [`View::allclose`].
            #[track_caller]
            pub fn allclose<const M: usize, const R: usize>(
                &self,
                rhs: &impl AsView<T, M>,
                rtol: f64,
                atol: f64,
            ) -> bool
            where
                T: Close,
                Rank<N>: MaxDims<M, R>,
            {
                self.view().allclose(rhs, rtol, atol)
            }
            /// See [`View::array_equal`].
            pub fn array_equal<U, const M: usize>(&self, other: &impl AsView<U, M>) -> bool
            where
                T: PartialEq<U>,
            {
                self.view().array_equal(other)
            }
            /// See [`View::array_equal_nan`].
            pub fn array_equal_nan<const M: usize>(&self, other: &impl AsView<T, M>) -> bool
            where
                T: PartialEq,
            {
                self.view().array_equal_nan(other)
            }
        }
    };
}
forward_misc!([T, const N: usize, S: Shape<N>] Array<T, N, S>);
forward_misc!(['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>);

#[cfg(test)]
mod tests {
    use super::*;

    /// `isclose` against NumPy 2.4.6's `np.isclose` on the same values (the expected
    /// booleans were printed by NumPy): defaults, `atol` alone, complex numbers, infinities,
    /// NaN and broadcasting.
    #[test]
    fn isclose_agrees_with_numpy() {
        let inf = f64::INFINITY;
        let a = Array::from_vec(vec![
            1.0,
            1e-9,
            inf,
            -inf,
            f64::NAN,
            1e10,
            0.0,
            1.0,
            100.0,
            -0.0,
        ]);
        let b = Array::from_vec(vec![
            1.0 + 1e-6,
            0.0,
            inf,
            inf,
            f64::NAN,
            1.00001e10,
            1e-8,
            1.1,
            100.001,
            0.0,
        ]);
        let got = |r: Array<bool, 1>| r.to_vec().iter().map(|&x| u8::from(x)).collect::<Vec<_>>();
        assert_eq!(
            got(a.isclose(&b, 1e-5, 1e-8)),
            [1, 1, 1, 0, 0, 1, 1, 0, 1, 1]
        );
        assert_eq!(
            got(a.isclose(&b, 0.0, 1e-7)),
            [0, 1, 1, 0, 0, 0, 1, 0, 0, 1]
        );
        use num_complex::Complex;
        let c = Array::from_vec(vec![
            Complex::new(1.0, 1.0),
            Complex::new(0.0, 1e-9),
            Complex::new(inf, 0.0),
            Complex::new(2.0, 2.0),
        ]);
        let d = Array::from_vec(vec![
            Complex::new(1.0, 1.000001),
            Complex::new(0.0, 0.0),
            Complex::new(inf, 0.0),
            Complex::new(2.0, 2.1),
        ]);
        assert_eq!(got(c.isclose(&d, 1e-5, 1e-8)), [1, 1, 1, 0]);
        let col = Array::from_shape_vec([2, 1], vec![1.0, 2.0]).unwrap();
        let row = Array::from_vec(vec![1.0, 2.0, 2.000001]);
        let m: Array<bool, 2> = col.isclose(&row, 1e-5, 1e-8);
        assert_eq!(m.to_vec(), [true, false, false, false, true, true]);
        assert!(!a.allclose(&b, 1e-5, 1e-8));
    }

    #[test]
    fn nan_propagation() {
        assert!(max_nan(&f64::NAN, &1.0).is_nan());
        assert!(max_nan(&1.0, &f64::NAN).is_nan());
        assert!(min_nan(&f64::NAN, &1.0).is_nan());
        assert!(min_nan(&1.0, &f64::NAN).is_nan());
        assert_eq!(max_nan(&1.0, &2.0), 2.0);
        assert_eq!(min_nan(&1, &2), 1);
    }

    /// Distance in units in the last place between two finite positive doubles.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    // Miri perturbs the results of libm calls on purpose, so ulp comparisons against them
    // do not hold there.
    #[cfg_attr(miri, ignore)]
    fn f32_exp_goes_through_f64_and_rounds_once() {
        let mut x = -104.0f32;
        while x < 90.0 {
            let (got, want) = (exp_any(x), x.exp());
            let ulp = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            assert!(ulp <= 1, "exp({x}_f32) = {got}, libm {want}");
            x += 0.37;
        }
        assert!(exp_any(f32::NAN).is_nan());
        assert_eq!(exp_any(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_any(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_any(89.0f32), f32::INFINITY);
    }

    #[test]
    // Miri perturbs the results of libm calls on purpose, so ulp comparisons against them
    // do not hold there.
    #[cfg_attr(miri, ignore)]
    fn exp_within_two_ulp_of_libm() {
        let mut worst = 0;
        let mut x = -745.0f64;
        while x < 709.7 {
            for d in [0.0, 1e-7, 0.123_456_789, 0.5, 0.69] {
                let v = x + d;
                let (got, want) = (exp_f64(v), v.exp());
                if want == 0.0 || want.is_infinite() {
                    assert_eq!(got, want, "exp({v})");
                } else {
                    worst = worst.max(ulps(got, want));
                }
            }
            x += 0.37;
        }
        assert!(worst <= 2, "worst error {worst} ulp");
        for v in [0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 700.0, -700.0, -740.0] {
            assert!(ulps(exp_f64(v), v.exp()) <= 2, "exp({v})");
        }
        // the same through the array method, whose loop is compiled for AVX2/AVX-512
        let xs: Vec<f64> = (0..20_000).map(|i| -745.0 + i as f64 * 0.0727).collect();
        let arr = crate::Array::from_vec(xs.clone()).exp();
        for (v, got) in xs.iter().zip(arr.iter()) {
            let want = v.exp();
            if want == 0.0 || want.is_infinite() {
                assert_eq!(*got, want, "exp({v})");
            } else {
                assert!(ulps(*got, want) <= 2, "exp({v}) = {got}, libm {want}");
            }
        }
        assert!(exp_f64(f64::NAN).is_nan());
        assert_eq!(exp_f64(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp_f64(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_f64(710.0), f64::INFINITY);
        assert_eq!(exp_f64(-746.0), 0.0);
        assert_eq!(exp_f64(0.0), 1.0);
    }

    #[test]
    fn half_to_even() {
        let got: Vec<f64> = [-1.5, -0.5, 0.5, 1.5, 2.5, 1.4999, -3.7]
            .iter()
            .map(|&x| round_half_even(x))
            .collect();
        assert_eq!(got, vec![-2.0, -0.0, 0.0, 2.0, 2.0, 1.0, -4.0]);
    }
}

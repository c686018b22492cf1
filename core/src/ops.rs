//! Arithmetic and bit operators on arrays, views and scalars, with NumPy's broadcasting.
//!
//! `+ - * / %`, `& | ^ << >>` between any two of `Array`, `&Array`, `View`, `&View` and
//! `&ViewMut` (of one element type), and between any of them and a scalar on either side; unary
//! `-` and `!`; and the compound forms (`+=` …) on `Array` and `ViewMut`, which write in place.
//!
//! ```
//! use einarray::prelude::*;
//! let a = Array::<f64, 2>::from_shape_vec([2, 3], vec![1., 2., 3., 4., 5., 6.]).unwrap();
//! let row = Array::<f64, 1>::from_vec(vec![10., 20., 30.]);
//! let b = &a + &row;                      // (2, 3) + (3,) → (2, 3)
//! assert_eq!(b.to_vec(), vec![11., 22., 33., 14., 25., 36.]);
//! let c = 2.0 * &a - 1.0;                 // scalars on either side
//! assert_eq!(c.to_vec(), vec![1., 3., 5., 7., 9., 11.]);
//! let mut d = a.clone();
//! d *= &a.slice(s![.., ..1]);             // in place, broadcasting a (2, 1) column
//! assert_eq!(d.to_vec(), vec![1., 2., 3., 16., 20., 24.]);
//! ```
//!
//! # Results and ownership
//!
//! The result of a binary operator between arrays is an `Array<T, R>` whose rank `R` is the
//! larger operand rank (inferred through [`BroadcastRanks`]), with dynamic sizes. An owned
//! left operand whose shape is already the result's is reused (`a + &b` allocates nothing);
//! otherwise a new array is made. With a scalar the result keeps the array's type, static sizes
//! included, and an owned array is updated in place.
//!
//! # Element types
//!
//! Both operands have the same element type `T`, with `T: Clone + Add<Output = T>` (and so on
//! per operator). A scalar is any [`ScalarOperand`]: the primitive numbers, `bool` and
//! `num_complex::Complex`; mark your own element types with it to use them as scalars.
//! Integer overflow behaves as Rust's `+` does (a panic in debug builds, wrapping in release),
//! not as NumPy's silent wrap; `%` is Rust's remainder (NumPy's `fmod`), whose sign follows the
//! dividend, not NumPy's `%` (`mod`), whose sign follows the divisor.
//!
//! # Errors
//!
//! Shapes that cannot be broadcast panic with NumPy's words, at the operator:
//!
//! ```should_panic
//! use einarray::prelude::*;
//! let a = Array::<f64, 2>::zeros([2, 3]);
//! let b = Array::<f64, 1>::zeros([2]);
//! let _ = &a + &b; // panics: "add: operands could not be broadcast together with shapes (2, 3) (2,)"
//! ```
//!
//! For a `Result` use [`crate::zip::try_zip_map`] (`try_zip_map(&a, &b, |x, y| x + y)`).
//! Static sizes that cannot broadcast fail the build.
//!
//! # Unsafe code here
//!
//! - a scalar's `as_view` makes a rank-0 `View` over `&self` with `View::from_raw`: the empty
//!   layout addresses exactly that one live, aligned value (invariants 1–2), shared only.

use crate::error::unwrap_or_panic;
use crate::layout::Layout;
use crate::rank::{BroadcastRanks, Ranks};
use crate::shape::Shape;
use crate::view::{AsView, AsViewMut, View, ViewMut};
use crate::Array;
use num_complex::Complex;
use std::ops::{
    Add, AddAssign, BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Div, DivAssign,
    Mul, MulAssign, Neg, Not, Rem, RemAssign, Shl, ShlAssign, Shr, ShrAssign, Sub, SubAssign,
};
use std::ptr::NonNull;

/// Element types that operators accept as a scalar operand (`&a + 1.0`, `2 * &a`).
///
/// Implemented for the primitive numbers, `bool` and `num_complex::Complex<f32/f64>`. A scalar
/// is also a rank-0 operand of every broadcasting function ([`AsView<T, 0>`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::ScalarOperand;
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// struct Meters(f64);
/// impl std::ops::Add for Meters {
///     type Output = Meters;
///     fn add(self, o: Meters) -> Meters { Meters(self.0 + o.0) }
/// }
/// impl ScalarOperand for Meters {}
/// let a = Array::<Meters, 1>::from_vec(vec![Meters(1.0), Meters(2.0)]);
/// assert_eq!((&a + Meters(0.5)).to_vec(), vec![Meters(1.5), Meters(2.5)]);
/// ```
pub trait ScalarOperand: Clone + 'static {}

macro_rules! scalars {
    ($($t:ty),*) => {$( impl ScalarOperand for $t {} )*};
}
scalars!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool);
scalars!(Complex<f32>, Complex<f64>);

/// A scalar is a rank-0 array: it broadcasts against anything.
impl<T: ScalarOperand> AsView<T, 0> for T {
    type Shape = [usize; 0];
    fn as_view(&self) -> View<'_, T, 0> {
        // SAFETY: a rank-0 layout addresses exactly `*self`, borrowed for the view's lifetime.
        unsafe {
            View::from_raw(
                NonNull::from(self),
                Layout {
                    shape: [],
                    strides: [],
                },
            )
        }
    }
}

/// Every pairing of a left and a right operand kind, calling `$m!` once per pair.
macro_rules! cross {
    ($m:ident $args:tt; [$($l:tt)*]; $rs:tt) => { $( cross!(@l $m $args; $l; $rs); )* };
    (@l $m:ident $args:tt; $l:tt; [$($r:tt)*]) => { $( $m!($args; $l; $r); )* };
}

/// Binary operator between two borrowed array kinds: a new array of the broadcast shape.
macro_rules! binop_borrowed {
    (($Trait:ident $method:ident $name:literal); ([$($lg:tt)*] $L:ty); ([$($rg:tt)*] $R:ty)) => {
        impl<$($lg)* $($rg)* T, const N: usize, S: Shape<N>, const M: usize, S2: Shape<M>>
            $Trait<$R> for $L
        where
            T: Clone + $Trait<Output = T>,
            Ranks: BroadcastRanks<N, M>,
        {
            type Output = <Ranks as BroadcastRanks<N, M>>::Out<T>;
            #[track_caller]
            fn $method(self, rhs: $R) -> Self::Output {
                // Static sizes that cannot broadcast fail the build here, so the compiler's
                // note names this operator and both operand types.
                #[allow(clippy::let_unit_value)]
                let () = crate::zip::StaticCheck::<N, M, S, S2>::OK;
                unwrap_or_panic(<Ranks as BroadcastRanks<N, M>>::zip(
                    $name,
                    self.as_view(),
                    rhs.as_view(),
                    |x: &T, y: &T| $Trait::$method(x.clone(), y.clone()),
                ))
            }
        }
    };
}

/// Binary operator with an owned left array: reused when it already has the result's shape.
macro_rules! binop_owned {
    (($Trait:ident $method:ident $name:literal); ([$($rg:tt)*] $R:ty)) => {
        impl<$($rg)* T, const N: usize, S: Shape<N>, const M: usize, S2: Shape<M>>
            $Trait<$R> for Array<T, N, S>
        where
            T: Clone + $Trait<Output = T>,
            Ranks: BroadcastRanks<N, M>,
        {
            type Output = <Ranks as BroadcastRanks<N, M>>::Out<T>;
            #[track_caller]
            fn $method(mut self, rhs: $R) -> Self::Output {
                #[allow(clippy::let_unit_value)]
                let () = crate::zip::StaticCheck::<N, M, S, S2>::OK;
                let r = rhs.as_view();
                let fits = N >= M && {
                    let (sa, sb) = (self.shape(), r.shape());
                    sb.iter().zip(&sa[N - M..]).all(|(&b, &a)| b == a || b == 1)
                };
                if fits {
                    self.view_mut().zip_mut_with(&r, |x: &mut T, y: &T| {
                        *x = $Trait::$method(x.clone(), y.clone())
                    });
                    if let Ok(out) = <Ranks as BroadcastRanks<N, M>>::reuse(self) {
                        return out;
                    }
                    unreachable!("an operand of the result's shape has the result's rank");
                }
                unwrap_or_panic(<Ranks as BroadcastRanks<N, M>>::zip(
                    $name,
                    self.as_view(),
                    r,
                    |x: &T, y: &T| $Trait::$method(x.clone(), y.clone()),
                ))
            }
        }
    };
}

/// Binary operator between an array kind and a scalar on the right.
macro_rules! binop_scalar_rhs {
    (($Trait:ident $method:ident); [$($lg:tt)*] $L:ty) => {
        impl<$($lg)* T, const N: usize, S: Shape<N>> $Trait<T> for $L
        where
            T: ScalarOperand + $Trait<Output = T>,
        {
            type Output = Array<T, N, S>;
            fn $method(self, rhs: T) -> Array<T, N, S> {
                // SAFETY: the closure captures only the scalar, a `T`.
                unsafe {
                    crate::zip::map_par(self.as_view(), |x: &T| {
                        $Trait::$method(x.clone(), rhs.clone())
                    })
                }
            }
        }
    };
}

/// Binary operator between a primitive scalar on the left and an array kind.
macro_rules! binop_scalar_lhs {
    (($Trait:ident $method:ident $t:ty); ([$($rg:tt)*] $R:ty)) => {
        impl<$($rg)* const N: usize, S: Shape<N>> $Trait<$R> for $t {
            type Output = Array<$t, N, S>;
            fn $method(self, rhs: $R) -> Array<$t, N, S> {
                // SAFETY: the closure captures only the scalar, a primitive.
                unsafe { crate::zip::map_par(rhs.as_view(), |x: &$t| $Trait::$method(self, *x)) }
            }
        }
    };
}

/// One binary operator in every form: array–array, owned–array, array–scalar, scalar–array
/// (for the scalar types listed) and the compound assignment.
macro_rules! binop {
    ($Trait:ident $method:ident $name:literal, $Assign:ident $assign:ident $aname:literal;
     $($t:ty),*) => {
        cross!(binop_borrowed ($Trait $method $name);
            [
                (['l,] &'l Array<T, N, S>)
                (['l,] View<'l, T, N, S>)
                (['l, 'l2,] &'l View<'l2, T, N, S>)
                (['l, 'l2,] &'l ViewMut<'l2, T, N, S>)
            ];
            [
                (['r,] &'r Array<T, M, S2>)
                ([] Array<T, M, S2>)
                (['r,] View<'r, T, M, S2>)
                (['r, 'r2,] &'r View<'r2, T, M, S2>)
                (['r, 'r2,] &'r ViewMut<'r2, T, M, S2>)
            ]
        );
        binop_owned!(($Trait $method $name); (['r,] &'r Array<T, M, S2>));
        binop_owned!(($Trait $method $name); ([] Array<T, M, S2>));
        binop_owned!(($Trait $method $name); (['r,] View<'r, T, M, S2>));
        binop_owned!(($Trait $method $name); (['r, 'r2,] &'r View<'r2, T, M, S2>));
        binop_owned!(($Trait $method $name); (['r, 'r2,] &'r ViewMut<'r2, T, M, S2>));

        binop_scalar_rhs!(($Trait $method); ['l,] &'l Array<T, N, S>);
        binop_scalar_rhs!(($Trait $method); ['l,] View<'l, T, N, S>);
        binop_scalar_rhs!(($Trait $method); ['l, 'l2,] &'l View<'l2, T, N, S>);
        binop_scalar_rhs!(($Trait $method); ['l, 'l2,] &'l ViewMut<'l2, T, N, S>);
        impl<T, const N: usize, S: Shape<N>> $Trait<T> for Array<T, N, S>
        where
            T: ScalarOperand + $Trait<Output = T>,
        {
            type Output = Array<T, N, S>;
            fn $method(mut self, rhs: T) -> Array<T, N, S> {
                self.map_inplace(|x| *x = $Trait::$method(x.clone(), rhs.clone()));
                self
            }
        }

        $(
            binop_scalar_lhs!(($Trait $method $t); (['r,] &'r Array<$t, N, S>));
            binop_scalar_lhs!(($Trait $method $t); (['r,] View<'r, $t, N, S>));
            binop_scalar_lhs!(($Trait $method $t); (['r, 'r2,] &'r View<'r2, $t, N, S>));
            binop_scalar_lhs!(($Trait $method $t); (['r, 'r2,] &'r ViewMut<'r2, $t, N, S>));
            impl<const N: usize, S: Shape<N>> $Trait<Array<$t, N, S>> for $t {
                type Output = Array<$t, N, S>;
                fn $method(self, mut rhs: Array<$t, N, S>) -> Array<$t, N, S> {
                    rhs.map_inplace(|x| *x = $Trait::$method(self, *x));
                    rhs
                }
            }
        )*

        cross!(assignop ($Assign $assign $aname);
            [
                ([] Array<T, N, S>)
                (['l,] ViewMut<'l, T, N, S>)
            ];
            [
                (['r,] &'r Array<T, M, S2>)
                ([] Array<T, M, S2>)
                (['r,] View<'r, T, M, S2>)
                (['r, 'r2,] &'r View<'r2, T, M, S2>)
                (['r, 'r2,] &'r ViewMut<'r2, T, M, S2>)
            ]
        );
        impl<T, const N: usize, S: Shape<N>> $Assign<T> for Array<T, N, S>
        where
            T: ScalarOperand + $Assign,
        {
            fn $assign(&mut self, rhs: T) {
                self.map_inplace(|x| $Assign::$assign(x, rhs.clone()));
            }
        }
        impl<T, const N: usize, S: Shape<N>> $Assign<T> for ViewMut<'_, T, N, S>
        where
            T: ScalarOperand + $Assign,
        {
            fn $assign(&mut self, rhs: T) {
                self.map_inplace(|x| $Assign::$assign(x, rhs.clone()));
            }
        }
    };
}

/// Compound assignment: the right side broadcast to the left's shape, written in place.
macro_rules! assignop {
    (($Assign:ident $assign:ident $aname:literal); ([$($lg:tt)*] $L:ty); ([$($rg:tt)*] $R:ty)) => {
        impl<$($lg)* $($rg)* T, const N: usize, S: Shape<N>, const M: usize, S2: Shape<M>>
            $Assign<$R> for $L
        where
            T: Clone + $Assign,
        {
            #[track_caller]
            fn $assign(&mut self, rhs: $R) {
                #[allow(clippy::let_unit_value)]
                let () = crate::zip::StaticCheck::<N, M, S, S2>::OK;
                unwrap_or_panic(self.as_view_mut().try_zip_mut_with_op(
                    $aname,
                    rhs.as_view(),
                    |x: &mut T, y: &T| $Assign::$assign(x, y.clone()),
                ))
            }
        }
    };
}

binop!(Add add "add", AddAssign add_assign "add_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    Complex<f32>, Complex<f64>);
binop!(Sub sub "subtract", SubAssign sub_assign "subtract_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    Complex<f32>, Complex<f64>);
binop!(Mul mul "multiply", MulAssign mul_assign "multiply_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    Complex<f32>, Complex<f64>);
binop!(Div div "divide", DivAssign div_assign "divide_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    Complex<f32>, Complex<f64>);
binop!(Rem rem "remainder", RemAssign rem_assign "remainder_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);
binop!(BitAnd bitand "bitwise_and", BitAndAssign bitand_assign "bitwise_and_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);
binop!(BitOr bitor "bitwise_or", BitOrAssign bitor_assign "bitwise_or_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);
binop!(BitXor bitxor "bitwise_xor", BitXorAssign bitxor_assign "bitwise_xor_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);
binop!(Shl shl "left_shift", ShlAssign shl_assign "left_shift_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
binop!(Shr shr "right_shift", ShrAssign shr_assign "right_shift_assign";
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// What an integer scalar lacks to combine with an array of floats (`&floats * 2`): nothing
/// implements it, so the operator impls below bounded by it exist only to turn rustc's list
/// of every `Mul` impl into one sentence. Sealed, and bounded on a shape type no user crate
/// can implement it for, so those impls can never be used.
#[diagnostic::on_unimplemented(
    message = "an integer scalar cannot combine with an array of `{E}`: einarray does not convert scalars; write a float literal, e.g. `2.0`",
    label = "an integer here",
    note = "for a variable, convert it: `k as {E}`"
)]
#[doc(hidden)]
pub trait IntScalar<E>: crate::sealed::IntScalar {}

/// The impls that give `&floats * 2` its message (see [`IntScalar`]).
macro_rules! int_scalar_hints {
    ($Trait:ident $method:ident, $Assign:ident $assign:ident; $($e:ty),*) => {$(
        int_scalar_hints!(@rhs $Trait $method $e; ['l,] &'l Array<$e, N, S>);
        int_scalar_hints!(@rhs $Trait $method $e; [] Array<$e, N, S>);
        int_scalar_hints!(@rhs $Trait $method $e; ['l,] View<'l, $e, N, S>);
        int_scalar_hints!(@rhs $Trait $method $e; ['l, 'l2,] &'l View<'l2, $e, N, S>);
        int_scalar_hints!(@rhs $Trait $method $e; ['l, 'l2,] &'l ViewMut<'l2, $e, N, S>);
        int_scalar_hints!(@lhs $Trait $method $e; ['r,] &'r Array<$e, N, S>);
        int_scalar_hints!(@lhs $Trait $method $e; [] Array<$e, N, S>);
        int_scalar_hints!(@lhs $Trait $method $e; ['r,] View<'r, $e, N, S>);
        int_scalar_hints!(@lhs $Trait $method $e; ['r, 'r2,] &'r View<'r2, $e, N, S>);
        int_scalar_hints!(@lhs $Trait $method $e; ['r, 'r2,] &'r ViewMut<'r2, $e, N, S>);
        impl<const N: usize, S: Shape<N> + IntScalar<$e>> $Assign<i32> for Array<$e, N, S> {
            fn $assign(&mut self, _: i32) {
                unreachable!("`IntScalar` has no implementation")
            }
        }
        impl<const N: usize, S: Shape<N> + IntScalar<$e>> $Assign<i32> for ViewMut<'_, $e, N, S> {
            fn $assign(&mut self, _: i32) {
                unreachable!("`IntScalar` has no implementation")
            }
        }
    )*};
    (@rhs $Trait:ident $method:ident $e:ty; [$($g:tt)*] $L:ty) => {
        impl<$($g)* const N: usize, S: Shape<N> + IntScalar<$e>> $Trait<i32> for $L {
            type Output = Array<$e, N, S>;
            fn $method(self, _: i32) -> Array<$e, N, S> {
                unreachable!("`IntScalar` has no implementation")
            }
        }
    };
    (@lhs $Trait:ident $method:ident $e:ty; [$($g:tt)*] $R:ty) => {
        impl<$($g)* const N: usize, S: Shape<N> + IntScalar<$e>> $Trait<$R> for i32 {
            type Output = Array<$e, N, S>;
            fn $method(self, _: $R) -> Array<$e, N, S> {
                unreachable!("`IntScalar` has no implementation")
            }
        }
    };
}
int_scalar_hints!(Add add, AddAssign add_assign; f32, f64);
int_scalar_hints!(Sub sub, SubAssign sub_assign; f32, f64);
int_scalar_hints!(Mul mul, MulAssign mul_assign; f32, f64);
int_scalar_hints!(Div div, DivAssign div_assign; f32, f64);

/// Unary `-` and `!`: a new array from a borrowed one, in place for an owned one.
macro_rules! unop {
    ($Trait:ident $method:ident) => {
        impl<T: Clone + $Trait<Output = T>, const N: usize, S: Shape<N>> $Trait for Array<T, N, S> {
            type Output = Array<T, N, S>;
            fn $method(mut self) -> Array<T, N, S> {
                self.map_inplace(|x| *x = $Trait::$method(x.clone()));
                self
            }
        }
        unop!(@borrowed $Trait $method; ['l,] &'l Array<T, N, S>);
        unop!(@borrowed $Trait $method; ['l,] View<'l, T, N, S>);
        unop!(@borrowed $Trait $method; ['l, 'l2,] &'l View<'l2, T, N, S>);
        unop!(@borrowed $Trait $method; ['l, 'l2,] &'l ViewMut<'l2, T, N, S>);
    };
    (@borrowed $Trait:ident $method:ident; [$($lg:tt)*] $L:ty) => {
        impl<$($lg)* T: Clone + $Trait<Output = T>, const N: usize, S: Shape<N>> $Trait for $L {
            type Output = Array<T, N, S>;
            fn $method(self) -> Array<T, N, S> {
                self.as_view().map(|x| $Trait::$method(x.clone()))
            }
        }
    };
}

unop!(Neg neg);
unop!(Not not);

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    #[allow(clippy::op_ref)]
    fn every_operand_kind_pairs() {
        let a = Array::<i32, 1>::arange(3);
        let b = Array::<i32, 2>::ones([2, 3]);
        let expect = vec![1, 2, 3, 1, 2, 3];
        assert_eq!((&a + &b).to_vec(), expect);
        assert_eq!((a.view() + b.view()).to_vec(), expect);
        assert_eq!((&a.view() + &b.view()).to_vec(), expect);
        assert_eq!((&a + b.clone()).to_vec(), expect);
        assert_eq!((a.clone() + &b).to_vec(), expect);
        let mut bm = b.clone();
        assert_eq!((&a + &bm.view_mut()).to_vec(), expect);
        assert_eq!((&b + &a).to_vec(), expect);
    }

    #[test]
    fn owned_left_is_reused_when_it_fits() {
        let a = Array::<f64, 2>::ones([2, 3]);
        let p = a.as_ptr();
        let b = a + &Array::<f64, 1>::ones([3]);
        assert_eq!(b.as_ptr(), p);
        assert_eq!(b.to_vec(), vec![2.0; 6]);
        // (2, 1) + (2, 3) cannot reuse the left buffer
        let c = Array::<f64, 2>::ones([2, 1]) + &b;
        assert_eq!(c.shape(), [2, 3]);
    }

    #[test]
    fn scalars_both_sides_and_unary() {
        let a = Array::<i64, 1>::arange(4);
        assert_eq!((10 - &a).to_vec(), vec![10, 9, 8, 7]);
        assert_eq!((&a - 10).to_vec(), vec![-10, -9, -8, -7]);
        assert_eq!((-&a).to_vec(), vec![0, -1, -2, -3]);
        assert_eq!((!&a).to_vec(), vec![-1, -2, -3, -4]);
        assert_eq!((&a << 2).to_vec(), vec![0, 4, 8, 12]);
        assert_eq!((&a % 3).to_vec(), vec![0, 1, 2, 0]);
        let m = Array::<bool, 1>::from_vec(vec![true, false]);
        assert_eq!((&m ^ true).to_vec(), vec![false, true]);
    }

    #[test]
    fn compound_assign_broadcasts() {
        let mut a = Array::<i32, 2>::zeros([2, 3]);
        a += &Array::<i32, 1>::arange(3);
        a *= 2;
        let mut v = a.view_mut();
        v -= &Array::<i32, 2>::ones([2, 1]);
        assert_eq!(a.to_vec(), vec![-1, 1, 3, -1, 1, 3]);
    }

    #[test]
    #[should_panic(
        expected = "add_assign: non-broadcastable output operand with shape (3,) \
                               doesn't match the broadcast shape (2, 3)"
    )]
    fn compound_assign_cannot_grow() {
        let mut a = Array::<i32, 1>::zeros([3]);
        a += &Array::<i32, 2>::zeros([2, 3]);
    }
}

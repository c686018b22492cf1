// `arange` trusts `arange_fill` to write every element: the trait is sealed to the primitive
// numbers.
use einarray::{ArangeElem, ShapeError};

#[derive(Clone, Copy)]
struct Lazy;

impl ArangeElem for Lazy {
    fn arange_len(_: Self, _: Self, _: Self) -> Result<usize, ShapeError> {
        Ok(10)
    }
    fn arange_nth(start: Self, _: Self, _: usize) -> Self {
        start
    }
    fn zero_one() -> (Self, Self) {
        (Lazy, Lazy)
    }
    fn arange_fill(_: Self, _: Self, _: &mut [std::mem::MaybeUninit<Self>]) {}
}

fn main() {}

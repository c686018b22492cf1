// A shape type of one's own: unsafe code reads `STATIC` without checking it again, so the
// trait is sealed and only einarray's `[usize; N]` and `Const`/`Dyn` tuples implement it.
use einarray::{Shape, Dim};

#[derive(Clone, Copy)]
struct Lying;

impl Shape<1> for Lying {
    const STATIC: [Option<usize>; 1] = [Some(1000)];
}

#[derive(Clone, Copy)]
struct Mine;

impl Dim for Mine {
    const SIZE: Option<usize> = Some(7);
}

fn main() {}

// An index type whose value changes between the bounds check and the access: sealed, so the
// integers einarray lists are the only index types.
use einarray::IndexInt;

#[derive(Clone, Copy)]
struct Shifty;

impl IndexInt for Shifty {
    fn to_isize(self) -> isize {
        0
    }
}

fn main() {}

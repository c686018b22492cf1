// An integer literal with an array of floats: one sentence saying to write `2.0`, not rustc's
// list of every operator impl.
use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 1>::zeros([2]);
    let _b = &a * 2;
    let _c = 2 - a.view();
    let mut d = Array::<f32, 1>::zeros([2]);
    d += 1;
}

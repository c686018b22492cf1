#![deny(confusable_idents)]
use einarray::prelude::*;

// Labels that look alike (Latin `o`, Greek `ο`) are the user's own to rename: the lint names
// them, and never a variable of the expansion (`__tensor_n_o` and `__tensor_n_ο` are at the
// macro's definition site, out of the lint's sight).
fn main() {
    let a = Array::<f64, 2>::ones([2, 2]);
    let c = tensor!(c[o, ο] := a[o, ο] * 2.0);
    println!("{c}");
}

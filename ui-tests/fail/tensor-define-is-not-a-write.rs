#![deny(unused_must_use)]
use einarray::prelude::*;

fn main() {
    // `:=` makes a new array and returns it: it never writes into an existing `c`.
    let mut c = Array::<f64, 1>::zeros([3]);
    let a = Array::<f64, 1>::ones([3]);
    tensor!(c[i] := a[i] * 2.0);
    c[[0]] = 1.0;
}

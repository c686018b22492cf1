use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 1>::zeros([3]);
    let _ = tensor!(c[i] := a[i, j] + b[i, j]);
}

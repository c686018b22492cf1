use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([3, 3]);
    let _ = tensor!(c[i, i] := a[i, j]);
}

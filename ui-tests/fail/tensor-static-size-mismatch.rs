use einarray::prelude::*;

fn main() {
    let a: Array<f64, 2, (Dyn, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    let b: Array<f64, 1, (Const<4>,)> = Array::zeros([4]).into_static().unwrap();
    let _ = tensor!(c[i, j] := a[i, j] + b[j]);
}

// With index arithmetic in the statement, a label indexed alone in two arrays of different
// static sizes is still a compile error.
use einarray::prelude::*;

fn main() {
    let a: Array<f64, 1, (Const<4>,)> = Array::zeros([4]).into_static().unwrap();
    let b: Array<f64, 1, (Const<5>,)> = Array::zeros([5]).into_static().unwrap();
    let _c = tensor!(c[i] := a[i] * b[i] + a[i + 1]);
}

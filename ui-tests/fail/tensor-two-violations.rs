use einarray::prelude::*;

// Two rule violations in one statement: both are reported, and the result's later use adds
// nothing.
fn main() {
    let a = Array::<f64, 2>::ones([3, 3]);
    let s = tensor!(s[i, i] := sum[k](a[i, j]));
    let _: f64 = s[[0, 0]];
}

use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let _ = tensor!(c[i] := sum[j](max[j](a[i, j])));
}

// Indices may be labels combined with `+`, `-` and `*` by integer constants; a product of two
// labels or a call is not affine, and the error names the index.
use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([4, 4]);
    let f = |i: usize| i;
    let _x = tensor!(x[i, j] := a[i * j, j]);
    let _y = tensor!(y[i] := a[f(i), i]);
    let _z = tensor!(z[i] := a[i / 2, i]);
}

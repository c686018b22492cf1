// A 2×3 matrix whose sizes are static cannot be inverted: the build fails.
use einarray::linalg;
use einarray::prelude::*;

fn main() {
    let a: Array<f64, 2, (Const<2>, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    let _ = linalg::inv(&a);
}

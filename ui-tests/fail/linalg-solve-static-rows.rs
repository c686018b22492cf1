// `solve(a, b)` with a 3×3 `a` and a `b` of 4 rows, both static: the build fails.
use einarray::linalg;
use einarray::prelude::*;

fn main() {
    let a: Array<f64, 2, (Const<3>, Const<3>)> = Array::eye(3).into_static().unwrap();
    let b: Array<f64, 1, (Const<4>,)> = Array::ones([4]).into_static().unwrap();
    let _x: Array<f64, 1> = linalg::solve(&a, &b);
}

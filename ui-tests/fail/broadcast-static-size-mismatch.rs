// Static sizes that cannot broadcast (3 against 4, neither is 1) fail the build.
use einarray::prelude::*;

fn main() {
    let a: Array<f64, 1, (Const<3>,)> = Array::zeros([3]).into_static().unwrap();
    let b: Array<f64, 2, (Dyn, Const<4>)> = Array::zeros([2, 4]).into_static().unwrap();
    let _c = &a + &b;
}

use einarray::prelude::*;

fn main() {
    let mut a: Array<f64, 2, (Dyn, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    let b: Array<f64, 2, (Dyn, Const<4>)> = Array::zeros([2, 4]).into_static().unwrap();
    a.assign(&b);
}

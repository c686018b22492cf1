use einarray::prelude::*;

fn main() {
    let a: Array<f64, 2, (Dyn, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    let b: Array<f64, 2, (Const<4>, Dyn)> = Array::zeros([4, 5]).into_static().unwrap();
    let _ = einsum!("ij,jk->ik", &a, &b);
}

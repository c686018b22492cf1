use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 2>::zeros([3, 4]);
    let _ = einsum!("ij,jk->il", &a, &b);
}

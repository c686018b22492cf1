use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 2>::zeros([3, 4]);
    let mut c = Array::<f64, 1>::zeros([8]);
    einsum!("ij,jk->ik", &a, &b, out = &mut c);
}

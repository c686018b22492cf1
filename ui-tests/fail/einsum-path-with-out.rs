use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let mut c = Array::<f64, 2>::zeros([2, 2]);
    let _ = einsum_path!("ij,kj->ik", &a, &a, out = &mut c);
}

use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 1>::zeros([3]);
    let _ = einsum!("i->...i", &a);
}

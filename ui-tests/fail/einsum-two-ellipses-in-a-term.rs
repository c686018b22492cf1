use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 3>::zeros([2, 3, 4]);
    let _ = einsum!("...i...->i", &a);
}

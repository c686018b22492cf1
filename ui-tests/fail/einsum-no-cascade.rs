use einarray::prelude::*;

// Two mistakes in the subscripts: both are reported, on the literal, and nothing else
// (the result's use below type-checks against the fallback expansion).
fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let c = einsum!("ij,jk->ikk", &a);
    let _: f64 = c[[0, 0]];
}

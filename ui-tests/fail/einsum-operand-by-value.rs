// An owned array passed to einsum! by value: one error, saying to borrow it (not blaming its
// rank, which is right).
use einarray::prelude::*;

fn main() {
    let q = Array::<f64, 4>::zeros([2, 3, 4, 5]);
    let k = Array::<f64, 4>::zeros([2, 3, 6, 5]);
    let _s = einsum!("bhqd,bhkd->bhqk", q, &k);
}

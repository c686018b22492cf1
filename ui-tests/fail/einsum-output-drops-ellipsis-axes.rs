use einarray::prelude::*;

// An explicit output without `...` would sum the axes `...` covers: NumPy refuses it, and the
// ranks are known here, so it is a compile error naming the operand and the axis count.
fn main() {
    let a = Array::<f64, 4>::zeros([5, 2, 3, 3]);
    let b = Array::<f64, 2>::zeros([4, 3]);
    let _ = einsum!("...ij->ij", &a);
    let _ = einsum!("...i,...i->i", &b, &a);
    // `...` covering no axis stays fine.
    let _ = einsum!("...ij->ij", &b);
}

use einarray::prelude::*;

// NumPy's rules: `...` may cover no axes, in an input or in the output.
fn main() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    assert_eq!(einsum!("...ij->ij", &a), a);
    assert_eq!(einsum!("i...i->", &a)[[]], 5.0);
    let v = array![1.0, 2.0];
    assert_eq!(einsum!("i->...i", &v), v);
    assert_eq!(einsum!("i,...->...i", &v, &v)[[1, 0]], 2.0);
}

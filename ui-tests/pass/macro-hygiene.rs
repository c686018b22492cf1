use einarray::prelude::*;

// User names never collide with the names an expansion introduces: every one of these is the
// user's own variable, read or written as written.
#[allow(non_snake_case)]
fn main() {
    let __einsum_op0 = array![[1.0, 2.0], [3.0, 4.0]];
    let __einsum_x = array![[1.0, 0.0], [0.0, 1.0]];
    let mut __sizes = Array::<f64, 2>::zeros([2, 2]);
    einsum!("ij,jk->ik", &__einsum_op0, &__einsum_x, out = &mut __sizes);
    assert_eq!(__sizes, __einsum_op0);
    let __EINSUM_SPEC = 2.0;
    let __first = einsum!("ij->", &__einsum_op0);
    assert_eq!(__first[[]] * __EINSUM_SPEC, 20.0);

    let __tensor_n_i = array![1.0, 2.0];
    let __tensor_op0 = array![10.0, 20.0];
    let __tensor_x = 3.0;
    let __tensor_term0 = 1.0;
    let r = tensor!(r[i] := __tensor_n_i[i] * __tensor_op0[i] + __tensor_x + __tensor_term0);
    assert_eq!(r, array![14.0, 44.0]);
    let mut __tensor_out = Array::<f64, 1>::zeros([2]);
    tensor!(__tensor_out[i] = sum[j](__einsum_op0[i, j]) * __tensor_x);
    assert_eq!(__tensor_out, array![9.0, 21.0]);
    let __tensor_red0 = 1.0;
    let m = tensor!(m[i] := max[j](__einsum_op0[i, j]) - __tensor_red0);
    assert_eq!(m, array![1.0, 3.0]);
}

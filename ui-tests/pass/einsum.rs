use einarray::prelude::*;

fn main() {
    let a: Array<f64, 2, (Const<2>, Dyn)> = Array::ones([2, 3]).into_static().unwrap();
    let b = Array::<f64, 2>::ones([3, 4]);
    let c: Array<f64, 2> = einsum!("ij,jk->ik", &a, &b);
    assert_eq!(c[[1, 3]], 3.0);
    let t: View<f64, 2> = einsum!("ij->ji", &b);
    assert_eq!(t.shape(), [4, 3]);
    let x = Array::<f64, 3>::ones([5, 2, 3]);
    let y: Array<f64, 3> = einsum!("...ij,jk->...ik", &x, &b);
    assert_eq!(y.shape(), [5, 2, 4]);
    let s: Array<i32, 0> = einsum!("ii", &Array::<i32, 2>::eye(4));
    assert_eq!(s[[]], 4);
    assert!(try_einsum!("ij,jk->ik", &b, &b).is_err());
    let mut out = Array::<f64, 2>::zeros([2, 4]);
    einsum!("ij,jk->ik", &a, &b, out = &mut out);
    assert_eq!(out, c);
}

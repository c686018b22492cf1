use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 2>::ones([2, 3]);
    let b = Array::<f64, 2>::ones([3, 4]);
    let c: Array<f64, 2> = tensor!(c[i, k] := a[i, j] * b[j, k]);
    assert_eq!(c[[1, 3]], 3.0);
    let s: Array<f64, 1> = tensor!(s[i] := max[j](a[i, j]) + sum[j](a[i, j]));
    assert_eq!(s[[0]], 4.0);
    let mut m = Array::<f64, 2>::ones([3, 3]);
    tensor!(m[i, j] += m[j, i]);
    assert!(try_tensor!(x[i] := a[i, j] * b[i, j]).is_err());
}

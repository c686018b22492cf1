// The pass twin of the tensor-index-* cases: affine indices of every form, static sizes that
// agree, and ranges inferred from a label indexed alone.
use einarray::prelude::*;

fn main() {
    let img = Array::<f64, 1>::arange(30.0).into_reshape([5, 6]);
    let kern = array![[1.0, 0.0], [0.0, -1.0]];
    let out = tensor!(out[i, j] := img[i + k, j + l] * kern[k, l]);
    assert_eq!(out.shape(), [4, 5]);
    assert!(out.iter().all(|&v| v == -7.0));
    let x = Array::<f64, 1>::arange(8.0);
    let c = tensor!(c[i] := sum[k](x[i + k] * x[k]));
    assert_eq!(c.shape(), [1]);
    let pairs = tensor!(p[i] := x[2 * i] + x[(i + 1) * 2 - 1]);
    assert_eq!(pairs.to_vec(), vec![1.0, 5.0, 9.0, 13.0]);
    let a: Array<f64, 1, (Const<4>,)> = Array::zeros([4]).into_static().unwrap();
    let b: Array<f64, 1, (Const<4>,)> = Array::ones([4]).into_static().unwrap();
    let s = tensor!(s[i] := a[i] * b[i] + b[i - 1]);
    assert_eq!(s.to_vec(), vec![1.0; 3]);
}

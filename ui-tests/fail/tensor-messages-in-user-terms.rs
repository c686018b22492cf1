use einarray::prelude::*;

// Messages name the user's arrays and labels, never the expansion's: no placeholders, no
// einsum letters for a statement lowered to einsum!, no einsum `out` for a tensor! target.

fn main() {
    // A term used where a Rust value of another type is expected.
    let a = Array::<f64, 2>::ones([2, 3]);
    let _ = tensor!(c[i] := sum[j](a[i, j]) + "x");
    // A write target of the wrong rank.
    let mut r = Array::<f64, 2>::zeros([2, 3]);
    tensor!(r[i] += sum[j](a[i, j]));
    // A contraction whose static sizes disagree, lowered to einsum.
    let x: Array<f64, 2, (Const<2>, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    let y: Array<f64, 2, (Const<4>, Const<5>)> = Array::zeros([4, 5]).into_static().unwrap();
    let _ = tensor!(z[i, k] := x[i, j] * y[j, k]);
}

use einarray::prelude::*;

// Temporaries as targets and operands live for the whole statement, and a tensor! nests in
// another's right side.
fn main() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let mut c = Array::<f64, 2>::zeros([2, 2]);
    tensor!(c.view_mut()[i, j] = a[i, j] * 2.0);
    assert_eq!(c, array![[2.0, 4.0], [6.0, 8.0]]);
    tensor!(c.slice_mut(s![.., 0])[i] += a[i, i]);
    assert_eq!(c, array![[3.0, 4.0], [10.0, 8.0]]);
    let d = tensor!(d[i, j] := (&a * 2.0)[i, j] + (einsum!("ij->ji", &a))[i, j]);
    assert_eq!(d, array![[3.0, 7.0], [8.0, 12.0]]);
    let s = tensor!(s[i] := sum[j]((tensor!(t[i, j] := a[i, j] * a[i, j]))[i, j]));
    assert_eq!(s, array![5.0, 25.0]);
    // Method calls as the array of a term.
    let t = tensor!(t[i, j] := a.t()[i, j] - a.view()[j, i]);
    assert_eq!(t, Array::<f64, 2>::zeros([2, 2]));
    let mut r = Array::<f64, 1>::zeros([2]);
    let rr = &mut r;
    tensor!((*rr)[i] = a[i, i]);
    assert_eq!(r, array![1.0, 4.0]);
}

//! The notebook's timed functions, written once: the tour runs them, and the benchmarks
//! (`benches/seed.rs`, `benches/ufunc.rs`) time them, so the code measured is the code shown.

use einarray::linalg::kron;
use einarray::prelude::*;

/// Saatci's product (In [54]): (A ⊗ B)·z without forming A ⊗ B. For each factor M, reshape x
/// to rows of M's width, transpose (a view), multiply.
pub fn saatci_mvm(a: &Array<f64, 2>, b: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let mut x: Array<f64, 2> = z.view().reshape([1, z.len()]).into_owned();
    for m in [b, a] {
        let n = m.shape()[1];
        let xr = x.view().reshape([x.len() / n, n]);
        x = m.dot(&xr.t());
    }
    let len = x.len();
    x.into_reshape([len])
}

/// In [64]'s Python loop, element by element through the array's indexing (its `res[i-1]` at
/// i = 0 reads the last element, still zero: a running value does the same).
pub fn manual_accum(x: &Array<i64, 1>) -> Array<i64, 1> {
    let mut res = Array::<i64, 1>::zeros_like(x);
    let mut prev = 0;
    for i in 0..x.len() {
        prev |= x[[i]];
        res[[i]] = prev;
    }
    res
}

/// In [82]: K = Σ_N B_N ⊗ diag(D_N), formed (a·b)² large, then K·z.
pub fn quadratic_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let (a, b) = (bs.shape()[1], ds.shape()[1]);
    let mut k = Array::<f64, 2>::zeros([a * b, a * b]);
    for n in 0..bs.shape()[0] {
        let d = Array::from_diag(&ds.index_axis::<1>(Axis(0), n), 0);
        k += &kron(&bs.index_axis::<2>(Axis(0), n), &d);
    }
    k.dot(z)
}

/// In [82] with two einsums: the diagonal factor scales z's rows (the ellipsis broadcasts),
/// then the small factors contract; K is never formed.
pub fn einsum_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let (a, b) = (bs.shape()[1], ds.shape()[1]);
    let left_kron_saatci = einsum!("N...b,ab->Nab", ds, &z.reshape([a, b]));
    let full_sum = einsum!("Nca,Nab->cb", bs, &left_kron_saatci);
    full_sum.into_reshape([a * b])
}

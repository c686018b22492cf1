use einarray::prelude::*;

// The left side is one identifier for `:=` and a place for a write; two-character operators
// are one token. Nothing before `[labels]` is silently dropped.
fn main() {
    let a = Array::<f64, 1>::ones([3]);
    let mut r = Array::<f64, 1>::zeros([3]);
    let _ = tensor!(out.r[i] := a[i]);
    let _ = tensor!(1 + r[i] := a[i]);
    tensor!(&mut r[i] += a[i]);
    tensor!(r[i] + = a[i]);
    tensor!(r[i] == a[i]);
    tensor!(r.len() + r[i] = a[i]);
}

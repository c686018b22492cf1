use einarray::prelude::*;

// A label listed twice by one reduction: `sum` and `max` would fold once and `prod` n times,
// so it is refused, at the repeat.
fn main() {
    let a = Array::<f64, 2>::ones([3, 3]);
    tensor!(s[i] := sum[j, j](a[i, j]));
    tensor!(p[i] := prod[j, j](a[i, j]));
    tensor!(m[i] := max[k, k](a[i, k]));
}

// Each label's range comes from an access: here `i` and `k` only appear together, so neither
// range follows from anything; indexing one of them alone fixes it.
use einarray::prelude::*;

fn main() {
    let img = Array::<f64, 1>::zeros([8]);
    let _c = tensor!(c[i] := sum[k](img[i + k]));
}

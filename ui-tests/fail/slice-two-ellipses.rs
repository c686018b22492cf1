use einarray::prelude::*;

fn main() {
    let x = Array::<i64, 3>::zeros([2, 3, 4]);
    let _ = x.slice(s![..., 0, ...]);
}

use einarray::prelude::*;

fn main() {
    let x = Array::<i64, 1>::arange(10);
    let _ = x.slice(s![1, 2]);
}

use einarray::prelude::*;

fn main() {
    let mut c = Array::<f64, 1>::zeros([3]);
    let head = c.slice(s![..]); // a view of `c`, still used below
    tensor!(c[i] += head[i]);
    println!("{head}");
}

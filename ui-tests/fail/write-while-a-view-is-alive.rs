use einarray::prelude::*;

// NumPy lets `s3 = x[:5]; x[2] = -1` change s3 behind its back; here a view borrows its base.
fn main() {
    let mut x = Array::<i64, 1>::arange(10);
    let s3 = x.slice(s![..5]);
    x[[2]] = -1;
    println!("{s3}");
}

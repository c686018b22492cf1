use einarray::prelude::*;

fn main() {
    let x = Array::<u8, 8>::zeros([1; 8]);
    let _ = x.insert_axis(Axis(0));
}

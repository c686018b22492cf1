use einarray::prelude::*;

fn main() {
    let v = {
        let x = Array::<i64, 1>::arange(10);
        x.slice(s![..;2])
    };
    println!("{v}");
}

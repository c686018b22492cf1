// `Ax::<K>` names an axis at compile time: on a rank-2 array the axes are 0, 1, -1 and -2, so
// `Ax::<-3>` and `Ax::<2>` fail the build, naming the axis and the rank.
use einarray::prelude::*;

fn main() {
    let x = Array::<f64, 2>::zeros([2, 3]);
    let _s: Array<f64, 1> = x.sum_axis(Ax::<-3>);
}

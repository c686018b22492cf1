// The pass twin of axis-static-out-of-bounds: every spelling of an axis, counted from either
// end, and the keepdims reductions that broadcast back against their input.
use einarray::prelude::*;

fn main() {
    let x = Array::<f64, 1>::arange(24.0).into_reshape([2, 3, 4]);
    let last: Array<f64, 2> = x.sum_axis(Ax::<-1>);
    assert_eq!(last, x.sum_axis(2));
    assert_eq!(last, x.sum_axis(-1));
    assert_eq!(last, x.sum_axis(Axis(-1)));
    assert_eq!(last, x.sum_axis(Axis(2usize)));
    assert_eq!(x.max_axis(Ax::<-3>), x.max_axis(Axis(0)));
    let k: i64 = -2;
    assert_eq!(x.mean_axis(k).shape(), [2, 4]);
    let centred = &x - &x.mean_keepdims(-1);
    assert_eq!(centred.sum_keepdims(-1).shape(), [2, 3, 1]);
    assert_eq!(x.view().insert_axis(-1).shape(), [2, 3, 4, 1]);
    assert_eq!(x.swapaxes(0, -1).shape(), [4, 3, 2]);
    assert_eq!(x.moveaxis(-1, 0).shape(), [4, 2, 3]);
}

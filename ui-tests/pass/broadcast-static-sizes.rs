// Static sizes broadcast like dynamic ones: equal sizes, a static 1 against anything, and
// static against dynamic all build; the results run as NumPy's.
use einarray::prelude::*;

fn main() {
    let a: Array<f64, 1, (Const<3>,)> = Array::ones([3]).into_static().unwrap();
    let col: Array<f64, 2, (Const<2>, Const<1>)> =
        Array::from_shape_vec([2, 1], vec![10.0, 20.0]).unwrap().into_static().unwrap();
    let dynamic = Array::<f64, 2>::zeros([2, 3]);
    let grid = &col + &a;
    assert_eq!(grid.to_vec(), vec![11.0, 11.0, 11.0, 21.0, 21.0, 21.0]);
    let mixed = &dynamic - &a;
    assert_eq!(mixed.shape(), [2, 3]);
    let mut acc: Array<f64, 2, (Const<2>, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
    acc += &grid;
    acc *= &a;
    assert_eq!(acc.sum(), 96.0);
}

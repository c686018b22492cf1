use einarray::prelude::*;

fn main() {
    let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
    let v: View<i64, 2> = x.slice(s![1, .., ..;-1]);
    assert_eq!(v[[0, 0]], 15);
    let e: View<i64, 4> = x.slice(s![..., NewAxis, 0]).insert_axis(Axis(0));
    assert_eq!(e.shape(), [1, 2, 3, 1]);
    let mut a: Array<f64, 2, (Const<2>, Dyn)> = Array::zeros([2, 5]).into_static().unwrap();
    let b: Array<f64, 2, (Const<2>, Const<5>)> = Array::ones([2, 5]).into_static().unwrap();
    a.assign(&b);
    assert_eq!(a.iter().sum::<f64>(), 10.0);
}

// The pass twin of float-array-integer-scalar: scalars of the element's own type, on either
// side, for float and integer arrays alike.
use einarray::prelude::*;

fn main() {
    let a = Array::<f64, 1>::ones([2]);
    assert_eq!((&a * 2.0).to_vec(), vec![2.0, 2.0]);
    assert_eq!((2.0 - a.view()).to_vec(), vec![1.0, 1.0]);
    let mut d = Array::<f32, 1>::zeros([2]);
    d += 1.0;
    assert_eq!(d.to_vec(), vec![1.0, 1.0]);
    let i = Array::<i64, 1>::ones([2]);
    assert_eq!((&i * 2).to_vec(), vec![2, 2]);
    assert_eq!((3 - &i).to_vec(), vec![2, 2]);
    let k = 3usize;
    assert_eq!((&a * k as f64).to_vec(), vec![3.0, 3.0]);
}

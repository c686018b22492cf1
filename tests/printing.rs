//! `Display` prints like NumPy's `print`; `Debug` adds the layout.

use einarray::prelude::*;
use num_complex::Complex;

#[test]
fn integers_align_right() {
    let x = Array::<i64, 1>::arange(24).into_reshape([2, 3, 4]);
    assert_eq!(
        x.to_string(),
        "[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]"
    );
    assert_eq!(array![-1, 10].to_string(), "[-1 10]");
    assert_eq!(array![true, false].to_string(), "[ true false]");
}

#[test]
fn floats_use_numpys_default_format() {
    assert_eq!(Array::<f64, 1>::arange(3.0).to_string(), "[0. 1. 2.]");
    assert_eq!(array![0.5, 1.0, -2.25].to_string(), "[ 0.5   1.   -2.25]");
    assert_eq!(array![1e-5, 1.0].to_string(), "[1.e-05 1.e+00]");
    assert_eq!(
        array![1.0, f64::NAN, f64::NEG_INFINITY].to_string(),
        "[  1.  nan -inf]"
    );
    assert_eq!(format!("{:.2}", array![1.0 / 3.0, 2.0]), "[0.33 2.  ]");
    assert_eq!(
        array![Complex::new(1.0, 2.0), Complex::new(3.0, -1.0)].to_string(),
        "[1.+2.j 3.-1.j]"
    );
}

#[test]
fn large_arrays_are_summarised() {
    let x = Array::<i64, 1>::arange(2000);
    assert_eq!(x.to_string(), "[   0    1    2 ... 1997 1998 1999]");
    let y = Array::<i64, 1>::arange(2000).into_reshape([1000, 2]);
    assert_eq!(
        y.to_string(),
        "[[   0    1]\n [   2    3]\n [   4    5]\n ...\n [1994 1995]\n [1996 1997]\n [1998 1999]]"
    );
}

#[test]
fn long_rows_wrap_at_75_columns() {
    let x = Array::<i64, 1>::arange(40);
    let s = x.to_string();
    assert!(s.lines().all(|l| l.len() <= 75), "{s}");
    assert_eq!(s.lines().count(), 2);
    assert!(s.lines().nth(1).unwrap().starts_with(' '));
}

#[test]
fn debug_shows_layout() {
    let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    assert_eq!(
        format!("{:?}", a.t()),
        "[[0, 3],\n [1, 4],\n [2, 5]], shape=[3, 2], strides=[1, 3], layout=F"
    );
    assert_eq!(
        format!("{:?}", a.slice(s![.., ..;2])),
        "[[0, 2],\n [3, 5]], shape=[2, 2], strides=[3, 2], layout=strided"
    );
}

#[test]
fn debug_lines_numbers_up_as_numpy_repr_does() {
    let a = array![[12, 24, 8], [24, 28, 18], [8, 18, 32]];
    assert_eq!(
        format!("{a:?}"),
        "[[12, 24,  8],\n [24, 28, 18],\n [ 8, 18, 32]], shape=[3, 3], strides=[3, 1], layout=C"
    );
    let b = array![true, false];
    assert!(format!("{b:?}").starts_with("[true, false]"));
}

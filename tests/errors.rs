//! Bad input: every panic names the operation and the shapes, and has a `try_` form.

use einarray::prelude::*;
use einarray::ErrorKind;

#[test]
#[should_panic(expected = "index 3 is out of bounds for axis 0 with size 3")]
fn index_out_of_bounds_panics_like_numpy() {
    let a = Array::<i32, 2>::zeros([3, 4]);
    let _ = a[[3, 0]];
}

#[test]
#[should_panic(expected = "index 4 is out of bounds for axis 1 with size 4")]
fn index_mut_out_of_bounds_names_the_axis() {
    let mut a = Array::<i32, 2>::zeros([3, 4]);
    a[[0, 4]] = 1;
}

#[test]
#[should_panic(expected = "slice: step 0 on axis 0 (a slice step cannot be zero)")]
fn zero_step_panics() {
    let a = Array::<i32, 1>::arange(4);
    let _ = a.slice(s![..;0]);
}

#[test]
#[should_panic(expected = "slice: index -5 is out of bounds for axis 0 with size 4")]
fn negative_index_out_of_bounds_panics() {
    let a = Array::<i32, 1>::arange(4);
    let _ = a.slice(s![-5]);
}

#[test]
#[should_panic(expected = "reshape: cannot reshape an array of size 6 into shape [4, 2]")]
fn reshape_to_another_size_panics() {
    let _ = Array::<i32, 1>::arange(6).into_reshape([4, 2]);
}

#[test]
#[should_panic(expected = "reshape: can only specify one unknown dimension, found [-1, -1]")]
fn reshape_with_two_unknowns_panics() {
    let _ = Array::<i32, 1>::arange(6).reshape([-1, -1]);
}

#[test]
#[should_panic(
    expected = "broadcast_to: cannot broadcast an array of shape [2, 3] to shape [3, 3]"
)]
fn broadcast_mismatch_panics() {
    let _ = Array::<i32, 2>::zeros([2, 3]).broadcast_to([3, 3]);
}

#[test]
#[should_panic(expected = "assign: destination has shape [2, 3] but source has shape [3, 2]")]
fn assign_shape_mismatch_panics() {
    let mut a = Array::<i32, 2>::zeros([2, 3]);
    let b = Array::<i32, 2>::zeros([3, 2]);
    a.assign(&b);
}

#[test]
#[should_panic(expected = "permute: axis 1 is repeated in [1, 1]")]
fn bad_permutation_panics() {
    let _ = Array::<i32, 2>::zeros([2, 3]).permute([1, 1]);
}

#[test]
#[should_panic(expected = "moveaxis: axis 3 is out of bounds for an array of rank 3")]
fn moveaxis_out_of_bounds_panics() {
    let _ = Array::<i32, 3>::zeros([2, 3, 4]).moveaxis(3, 0);
}

#[test]
#[should_panic(
    expected = "squeeze: cannot select an axis to squeeze out which has size not equal to one"
)]
fn squeeze_of_a_long_axis_panics() {
    let _ = Array::<i32, 2>::zeros([2, 3]).squeeze_axis(Axis(0));
}

#[test]
#[should_panic(expected = "arange: step cannot be zero")]
fn arange_zero_step_panics() {
    let _ = Array::<f64, 1>::arange_step(0.0, 1.0, 0.0);
}

#[test]
#[should_panic(expected = "full: shape [4611686018427387904, 4] is too large")]
fn overflowing_product_panics() {
    let _ = Array::<u8, 2>::full([1 << 62, 4], 0);
}

#[test]
fn try_forms_return_the_same_errors() {
    let a = Array::<i32, 1>::arange(4);
    assert_eq!(
        a.view().try_slice(s![4]).unwrap_err().kind(),
        ErrorKind::OutOfBounds
    );
    assert_eq!(
        a.view().try_slice(s![..;0]).unwrap_err().kind(),
        ErrorKind::ZeroStep
    );
    assert_eq!(
        a.view().try_reshape([3, -1]).unwrap_err().kind(),
        ErrorKind::IncompatibleShape
    );
    assert_eq!(
        a.view().try_reshape([-1, -1]).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        a.view().try_broadcast_to([3]).unwrap_err().kind(),
        ErrorKind::IncompatibleShape
    );
    assert_eq!(
        a.clone().try_into_reshape([5]).unwrap_err().to_string(),
        "reshape: cannot reshape an array of size 4 into shape [5]"
    );
    let mut b = Array::<i32, 1>::zeros([3]);
    assert!(b.view_mut().try_assign(&a).is_err());
    assert!(b.try_slice_mut(s![3]).is_err());
    assert_eq!(a.get([4]), None);
    // Out-of-range slice bounds are not errors: they clamp.
    assert_eq!(a.view().try_slice(s![-100..100]).unwrap().len(), 4);
    assert_eq!(
        a.view().try_slice(s![100..;-1]).unwrap().to_vec(),
        vec![3, 2, 1, 0]
    );
}

//! Creation routines: NumPy's names, NumPy's results.

use einarray::prelude::*;
use einarray::ErrorKind;

#[test]
fn zeros_ones_full_and_likes() {
    let z = Array::<f64, 3>::zeros([2, 0, 3]);
    assert_eq!((z.shape(), z.len()), ([2, 0, 3], 0));
    let o = Array::<i32, 2>::ones([2, 3]);
    assert_eq!(o.to_vec(), vec![1; 6]);
    let f = Array::full([3], "na");
    assert_eq!(f.to_vec(), vec!["na"; 3]);
    let t = o.t();
    assert_eq!(Array::<u8, 2>::zeros_like(&t).shape(), [3, 2]);
    assert_eq!(Array::<f32, 2>::ones_like(&t).shape(), [3, 2]);
    assert_eq!(Array::full_like(&t, 9i8).to_vec(), vec![9; 6]);
    // A large zeros array is served zeroed by the allocator; every element must read 0.
    let big = Array::<i64, 1>::zeros([1 << 22]);
    assert!(big.iter().all(|&x| x == 0));
    let strings = Array::<String, 1>::full([2], String::from("x"));
    assert_eq!(strings.to_vec(), vec!["x", "x"]);
}

#[test]
fn rank_zero_arrays() {
    let s = Array::<f64, 0>::full([], 3.0);
    assert_eq!((s.len(), s.shape(), s[[]]), (1, [], 3.0));
    assert_eq!(s.to_string(), "3.0");
    assert_eq!(s.broadcast_to([2]).to_vec(), vec![3.0, 3.0]);
}

#[test]
fn arange_follows_numpys_length_rule() {
    assert_eq!(Array::<i64, 1>::arange(0).len(), 0);
    assert_eq!(Array::<i64, 1>::arange(-3).len(), 0);
    assert_eq!(
        Array::<i32, 1>::arange_step(1, 10, 4).to_vec(),
        vec![1, 5, 9]
    );
    assert_eq!(Array::<i32, 1>::arange_step(5, 5, 1).len(), 0);
    assert_eq!(Array::<i32, 1>::arange_step(0, 5, -1).len(), 0);
    assert_eq!(
        Array::<u8, 1>::arange_step(250, 255, 2).to_vec(),
        vec![250, 252, 254]
    );
    // NumPy: len(np.arange(0, 1, 0.1)) == 10 and np.arange(1, 2.05, 0.25) has 5 elements.
    assert_eq!(Array::<f64, 1>::arange_step(0.0, 1.0, 0.1).len(), 10);
    assert_eq!(
        Array::<f64, 1>::arange_step(1.0, 2.05, 0.25).to_vec(),
        vec![1.0, 1.25, 1.5, 1.75, 2.0]
    );
    let e = Array::<i32, 1>::try_arange_step(0, 3, 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ZeroStep);
    assert!(Array::<f64, 1>::try_arange_step(0.0, f64::NAN, 1.0).is_err());
    assert!(Array::<f64, 1>::try_arange_step(0.0, f64::INFINITY, 1.0).is_err());
}

#[test]
fn linspace_and_logspace_match_numpy() {
    // np.linspace(0, 1, 7): i * (1/6) with the last element set to stop.
    let l = Array::<f64, 1>::linspace(0.0, 1.0, 7);
    let expect: Vec<f64> = (0..7)
        .map(|i| if i == 6 { 1.0 } else { i as f64 * (1.0 / 6.0) })
        .collect();
    assert_eq!(l.to_vec(), expect);
    assert_eq!(Array::<f64, 1>::linspace(2.0, 3.0, 1).to_vec(), vec![2.0]);
    assert_eq!(Array::<f64, 1>::linspace(2.0, 3.0, 0).len(), 0);
    assert_eq!(
        Array::<f64, 1>::linspace(5.0, 1.0, 3).to_vec(),
        vec![5.0, 3.0, 1.0]
    );
    assert_eq!(
        Array::<f32, 1>::logspace(0.0, 2.0, 3).to_vec(),
        vec![1.0, 10.0, 100.0]
    );
}

#[test]
fn eye_identity_and_from_fn() {
    let e = Array::<f64, 2>::eye_k(3, 4, -1);
    assert_eq!(
        e.to_vec(),
        vec![0., 0., 0., 0., 1., 0., 0., 0., 0., 1., 0., 0.]
    );
    assert_eq!(Array::<i32, 2>::identity(2), array![[1, 0], [0, 1]]);
    assert_eq!(Array::<i32, 2>::eye_k(2, 2, 5).iter().sum::<i32>(), 0);
    let f = Array::from_fn([2, 2, 2], |[i, j, k]| (i, j, k));
    assert_eq!(f[[1, 0, 1]], (1, 0, 1));
}

#[test]
fn from_shape_vec_checks_lengths_and_order() {
    let a = Array::<i32, 2>::from_shape_vec([2, 3], (0..6).collect()).unwrap();
    assert_eq!(a[[1, 2]], 5);
    let e = Array::<i32, 2>::from_shape_vec([2, 3], vec![0; 7]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::IncompatibleShape);
    assert_eq!(
        e.to_string(),
        "from_shape_vec: shape [2, 3] needs 6 elements, found a vector of 7"
    );
    let e = Array::<u8, 2>::from_shape_vec([usize::MAX, 2], vec![]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
    let f = Array::<i32, 2>::from_shape_vec_order([2, 3], (0..6).collect(), Order::F).unwrap();
    assert_eq!(f.to_vec(), vec![0, 2, 4, 1, 3, 5]);
    let v: Array<i32, 1> = (1..4).collect();
    assert_eq!(v, Array::from_vec(vec![1, 2, 3]));
}

#[test]
fn uninit_is_safe_until_assumed() {
    let mut a = Array::<String, 2>::uninit([2, 2]);
    for (k, x) in a.iter_mut().enumerate() {
        x.write(k.to_string());
    }
    // SAFETY: all four elements were written.
    let a = unsafe { a.assume_init() };
    assert_eq!(a.to_vec(), vec!["0", "1", "2", "3"]);
}

#[test]
fn array_literal_infers_rank() {
    let a = array![[[1u8, 2], [3, 4]], [[5, 6], [7, 8]]];
    assert_eq!(a.shape(), [2, 2, 2]);
    let b = array![[[[1.0]]]];
    assert_eq!(b.shape(), [1, 1, 1, 1]);
    let c = array![true, false];
    assert_eq!(c.to_vec(), vec![true, false]);
}

#[test]
#[should_panic(expected = "zeros: shape [18446744073709551615, 2] is too large")]
fn overflowing_shape_panics_with_the_operation_name() {
    let _ = Array::<u8, 2>::zeros([usize::MAX, 2]);
}

#[test]
fn integer_aranges_at_the_ends_of_their_types() {
    // Every element is start + i·step exactly, also where i·step alone overflows the type.
    let a = Array::<i8, 1>::arange_step(-128, 127, 3);
    assert_eq!(a.len(), 85);
    assert!(a
        .iter()
        .enumerate()
        .all(|(i, &v)| v as i32 == -128 + 3 * i as i32));
    let b = Array::<i8, 1>::arange_step(127, -128, -5);
    assert!(b
        .iter()
        .enumerate()
        .all(|(i, &v)| v as i32 == 127 - 5 * i as i32));
    let c = Array::<u8, 1>::arange_step(200, 255, 7);
    assert_eq!(c.to_vec(), vec![200, 207, 214, 221, 228, 235, 242, 249]);
    let d = Array::<i64, 1>::arange_step(i64::MIN, i64::MAX, i64::MAX / 2);
    let want: Vec<i64> = (0..d.len() as i128)
        .map(|i| (i64::MIN as i128 + i * (i64::MAX / 2) as i128) as i64)
        .collect();
    assert_eq!(d.to_vec(), want);
    assert_eq!(d.len(), 5);
    let e = Array::<u64, 1>::arange_step(u64::MAX - 10, u64::MAX, 4);
    assert_eq!(e.to_vec(), vec![u64::MAX - 10, u64::MAX - 6, u64::MAX - 2]);
}

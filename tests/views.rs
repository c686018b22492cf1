//! Views vs copies, layout operations and iteration.

use einarray::prelude::*;
use einarray::ErrorKind;

fn arange3() -> Array<i64, 3> {
    Array::<i64, 1>::arange(24).into_reshape([2, 3, 4])
}

#[test]
fn views_share_and_copies_do_not() {
    let x = arange3();
    assert!(x.slice(s![.., 1, ..]).shares_memory(&x));
    assert!(x.t().shares_memory(&x));
    assert!(x.broadcast_to([5, 2, 3, 4]).shares_memory(&x));
    assert!(x.reshape([6, 4]).shares_memory(&x));
    assert!(!x.t().reshape([24]).shares_memory(&x)); // needed a copy
    assert!(!x.flatten().shares_memory(&x));
    assert!(!x.copy(Order::F).shares_memory(&x));
    let a = x.slice(s![0, ..;2]);
    let b = x.slice(s![0, 1..;2]);
    assert!(a.may_share_memory(&b) && !a.shares_memory(&b));
}

#[test]
fn writes_through_a_mutable_view_reach_the_base() {
    let mut x = Array::<i64, 1>::arange(10);
    {
        let mut v = x.slice_mut(s![..;-3]);
        assert_eq!(v.to_vec(), vec![9, 6, 3, 0]);
        v.fill(-1);
    }
    assert_eq!(x.to_vec(), vec![-1, 1, 2, -1, 4, 5, -1, 7, 8, -1]);
    let mut m = Array::<i32, 2>::zeros([3, 3]);
    m.slice_mut(s![.., 1]).assign(&array![1, 2, 3]);
    m.t_mut().slice_mut(s![0, ..]).map_inplace(|v| *v += 10);
    assert_eq!(m, array![[10, 1, 0], [10, 2, 0], [10, 3, 0]]);
    *m.get_mut([2, 2]).unwrap() = 7;
    m[[0, 2]] = 5;
    assert_eq!(m.slice(s![.., 2]).to_vec(), vec![5, 0, 7]);
}

#[test]
fn transposes_and_axis_moves() {
    let x = arange3();
    let t = x.t();
    assert_eq!((t.shape(), t.strides()), ([4, 3, 2], [1, 4, 12]));
    assert_eq!(t[[3, 2, 1]], x[[1, 2, 3]]);
    let p = x.permute([2, 0, 1]);
    assert_eq!(p.shape(), [4, 2, 3]);
    assert_eq!(p[[3, 1, 2]], x[[1, 2, 3]]);
    assert_eq!(x.swapaxes(0, 1).shape(), [3, 2, 4]);
    assert_eq!(x.moveaxis(2, 0).shape(), [4, 2, 3]);
    assert_eq!(x.moveaxis(0, 2).shape(), [3, 4, 2]);
    assert_eq!(x.rollaxis(2, 1).shape(), [2, 4, 3]);
    assert_eq!(x.rollaxis(1, 3).shape(), [2, 4, 3]);
    assert_eq!(
        x.view().try_permute([0, 1, 1]).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        x.view().try_permute([0, 1, 3]).unwrap_err().kind(),
        ErrorKind::OutOfBounds
    );
}

#[test]
fn insert_remove_and_squeeze_axes() {
    let x = arange3();
    let y = x.insert_axis(Axis(3));
    assert_eq!(y.shape(), [2, 3, 4, 1]);
    let z = y.squeeze_axis(Axis(3));
    assert_eq!(z.shape(), [2, 3, 4]);
    let r = x.index_axis(Axis(1), 2);
    assert_eq!(r, x.slice(s![.., 2, ..]));
    let w = Array::<f64, 4>::zeros([1, 3, 1, 2]);
    assert_eq!(w.squeeze::<2>().shape(), [3, 2]);
    assert!(w.view().try_squeeze::<3>().is_err());
    assert!(x.view().try_index_axis::<2>(Axis(3), 0).is_err());
}

#[test]
fn reshape_is_a_view_when_strides_allow() {
    let x = arange3();
    let r = x.reshape([4, -1]);
    assert!(r.is_view());
    assert_eq!(r.shape(), [4, 6]);
    assert_eq!(r.to_vec(), x.to_vec());
    // A stepped slice reshapes as a view too (NumPy agrees).
    let stepped = x.slice(s![.., .., ..;2]);
    let rs = stepped.reshape([3, 4]);
    assert!(rs.is_view());
    assert_eq!(rs.to_vec(), stepped.to_vec());
    // F order on a C array: a copy with NumPy's element order.
    let f = x.reshape_order([4, 6], Order::F);
    assert!(!f.is_view());
    let expect: Vec<i64> = {
        let flat_f = x.ravel_order(Order::F).to_vec();
        // element [i, j] of an F-order (4, 6) fill is flat_f[i + 4 j]
        (0..4)
            .flat_map(|i| (0..6).map(move |j| (i, j)))
            .map(|(i, j)| flat_f[i + 4 * j])
            .collect()
    };
    assert_eq!(f.to_vec(), expect);
    let e = x.view().try_reshape([5, -1]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "reshape: cannot reshape an array of size 24 into shape [5, -1]"
    );
    assert!(x.view().try_reshape([-2, 12]).is_err());
    assert_eq!(
        Array::<f64, 2>::zeros([0, 3]).reshape([2, 0, 5]).shape(),
        [2, 0, 5]
    );
    // NumPy too refuses to infer -1 next to a zero-length axis: any size would fit.
    let e = Array::<f64, 2>::zeros([0, 3])
        .view()
        .try_reshape([-1, 0])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::IncompatibleShape);
}

#[test]
fn ravel_flatten_and_memory_order() {
    let a = Array::<i64, 1>::arange(6).into_reshape([2, 3]);
    let f = a.copy(Order::F);
    assert!(f.is_f_contiguous() && !f.is_c_contiguous());
    assert_eq!(f, a);
    assert_eq!(f.ravel_order(Order::F).to_vec(), vec![0, 3, 1, 4, 2, 5]);
    assert!(f.ravel_order(Order::F).is_view());
    assert!(!f.ravel().is_view());
    assert_eq!(f.flatten_order(Order::C).to_vec(), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(f.as_slice(), None);
    assert_eq!(a.as_slice(), Some(&[0, 1, 2, 3, 4, 5][..]));
    assert_eq!(f.clone().into_vec(), vec![0, 1, 2, 3, 4, 5]);
}

#[test]
fn broadcast_to_follows_numpy() {
    let col = Array::<i32, 1>::arange(3).into_reshape([3, 1]);
    let b = col.broadcast_to([2, 3, 4]);
    assert_eq!(b.strides(), [0, 1, 0]);
    assert_eq!(b[[1, 2, 3]], 2);
    assert!(col.view().try_broadcast_to([4]).is_err());
    assert!(col.view().try_broadcast_to([3, 0]).is_ok());
    assert!(Array::<i32, 1>::zeros([0])
        .view()
        .try_broadcast_to([2, 0])
        .is_ok());
    assert!(Array::<i32, 1>::zeros([0])
        .view()
        .try_broadcast_to([2, 1])
        .is_err());
}

#[test]
fn iteration_is_in_logical_c_order() {
    let x = arange3();
    let t: Vec<i64> = x.t().iter().copied().collect();
    let mut expect = vec![];
    for k in 0..4 {
        for j in 0..3 {
            for i in 0..2 {
                expect.push(x[[i, j, k]]);
            }
        }
    }
    assert_eq!(t, expect);
    assert_eq!(x.t().iter().len(), 24);
    let idx: Vec<[usize; 2]> = x
        .slice(s![0, ..2, ..2])
        .indexed_iter()
        .map(|(i, _)| i)
        .collect();
    assert_eq!(idx, vec![[0, 0], [0, 1], [1, 0], [1, 1]]);
    let mut y = x.clone();
    for (k, v) in y.slice_mut(s![.., .., ..;-1]).iter_mut().enumerate() {
        *v = k as i64;
    }
    assert_eq!(y[[0, 0, 3]], 0);
    assert_eq!(y[[0, 0, 0]], 3);
}

#[test]
fn map_to_owned_and_sort() {
    let x = arange3();
    let m = x.t().map(|&v| v as f64 * 0.5);
    assert_eq!(m.shape(), [4, 3, 2]);
    assert_eq!(m[[3, 2, 1]], 11.5);
    let o = x.slice(s![..;-1, .., 1..3]).to_owned();
    assert!(o.is_c_contiguous());
    assert_eq!(o.to_vec(), vec![13, 14, 17, 18, 21, 22, 1, 2, 5, 6, 9, 10]);
    let mut v = Array::from_vec(vec![5, 1, 4, 2, 3, 0]);
    v.slice_mut(s![..;2]).sort();
    assert_eq!(v.to_vec(), vec![3, 1, 4, 2, 5, 0]);
    v.slice_mut(s![..;-1]).sort();
    assert_eq!(v.to_vec(), vec![5, 4, 3, 2, 1, 0]);
}

#[test]
fn zero_length_axes_work_everywhere() {
    let e = Array::<f64, 3>::zeros([2, 0, 3]);
    assert_eq!(e.t().shape(), [3, 0, 2]);
    assert_eq!(e.slice(s![1, .., ..;-1]).shape(), [0, 3]);
    assert_eq!(e.to_vec(), Vec::<f64>::new());
    assert_eq!(e.reshape([0, 6]).shape(), [0, 6]);
    assert_eq!(e.iter().count(), 0);
    assert_eq!(e.map(|x| x + 1.0).len(), 0);
    assert_eq!(e.to_string(), "[]");
    let mut e = e;
    e.fill(1.0);
    e.view_mut().assign(&Array::<f64, 3>::zeros([2, 0, 3]));
}

#[test]
fn static_shapes_are_checked_once_and_kept() {
    let a = Array::<f64, 2>::zeros([2, 3])
        .into_static::<(Const<2>, Const<3>)>()
        .unwrap();
    let b = a.map(|x| x + 1.0); // keeps the static shape type
    let mut c: Array<f64, 2, (Const<2>, Dyn)> = Array::zeros([2, 3]).into_static().unwrap();
    c.assign(&b);
    assert_eq!(c.to_vec(), vec![1.0; 6]);
    let dynamic: Array<f64, 2> = c.into_dynamic();
    assert_eq!(dynamic.shape(), [2, 3]);
    let e = Array::<f64, 2>::zeros([3, 3])
        .into_static::<(Const<2>, Dyn)>()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "into_static: axis 0 has size 3 but the type says `Const<2>` (shape [3, 3])"
    );
}

#[test]
fn views_from_slices() {
    let data = [1.0, 2.0, 3.0, 4.0];
    let v = View::from_shape([2, 2], &data).unwrap();
    assert_eq!(v.t().to_vec(), vec![1.0, 3.0, 2.0, 4.0]);
    assert!(View::from_shape([3], &data).is_err());
    let mut buf = [0u8; 4];
    ViewMut::from_shape([2, 2], &mut buf)
        .unwrap()
        .t_mut()
        .slice_mut(s![0, ..])
        .fill(1);
    assert_eq!(buf, [1, 0, 1, 0]);
}

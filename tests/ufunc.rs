//! Broadcasting, operators, ufunc methods, reductions and aliasing through the facade, on the
//! seed's cells (In [55]–[67]) and the layouts NumPy users meet: transposed, stepped,
//! negative-stride and broadcast operands, zero-length axes.

use einarray::linalg::{kron, matmul, outer};
use einarray::prelude::*;
use einarray::ufunc::{self, select, where_, BinaryUfunc};
use einarray::zip::{broadcast_shapes, outer_map, try_zip_map, zip_map, zip_map3, zip_map_into};
use einarray::ErrorKind;

fn a23() -> Array<i64, 2> {
    Array::<i64, 1>::arange(6).into_reshape([2, 3])
}

#[test]
fn seed_broadcasting_cells() {
    // In [55]
    let a = Array::<i64, 1>::arange(6);
    let b = Array::<i64, 1>::from_vec(vec![1, 1, 1, 2, 2, 2]);
    assert_eq!((&a + &b).to_vec(), vec![1, 2, 3, 5, 6, 7]);
    let sum: Array<i64, 1> = ufunc::add.call(&a, &b);
    assert_eq!(sum.to_vec(), vec![1, 2, 3, 5, 6, 7]);
    // In [57]-[58]
    let big_a = a23();
    let c = Array::<i64, 1>::arange(3);
    assert_eq!((&big_a * &c).to_vec(), vec![0, 1, 4, 0, 4, 10]);
    assert_eq!(big_a.dot(&Array::from_diag(&c, 0)), &big_a * &c);
    // In [60]: the append-instead-of-prepend mistake
    let b2 = Array::<i64, 1>::arange(2);
    let err = try_zip_map(&big_a, &b2, |x, y| x + y).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::IncompatibleShape);
    assert_eq!(
        err.to_string(),
        "zip_map: operands could not be broadcast together with shapes (2, 3) (2,)"
    );
    // In [61]: b[:, np.newaxis], and order-invariant broadcasting of a non-commutative op
    let col = b2.slice(s![.., NewAxis]);
    assert_eq!(col.shape(), [2, 1]);
    let f: Array<String, 2> = zip_map(&big_a, &col, |x, y| format!("f({x}, {y})"));
    assert_eq!(f[[1, 2]], "f(5, 1)");
    let g: Array<String, 2> = zip_map(&col, &big_a, |x, y| format!("f({x}, {y})"));
    assert_eq!(g[[1, 2]], "f(1, 5)");
    // In [62]: cheap diagonal matrix multiplication
    assert_eq!(col * &big_a, Array::from_diag(&b2, 0).dot(&big_a));
    // In [63]
    let a4 = Array::<i64, 1>::arange(4);
    let b4 = Array::<i64, 1>::arange_step(4, 8, 1);
    let table: Array<String, 2> = outer_map(&a4, &b4, |x, y| format!("f({x}, {y})"));
    assert_eq!(table[[3, 1]], "f(3, 5)");
    assert_eq!(
        ufunc::bitwise_or.accumulate(&b4, Axis(0)).to_vec(),
        vec![4, 5, 7, 7]
    );
    assert_eq!(ufunc::bitwise_or.reduce_all(&b4), 7);
}

#[test]
fn seed_aliasing_cells() {
    // In [65]: A += A.T with the notebook's matrix
    let mut a = array![[3, 5, 0], [7, 7, 9], [4, 0, 8]];
    a.zip_mut_with_self(|a| a.t(), |x, y| *x += *y);
    assert_eq!(a, array![[6, 12, 4], [12, 14, 9], [4, 9, 16]]);
    // In [66]: np.add(A, A, out=A)
    a.zip_mut_with_self(|a| a, |x, y| *x += *y);
    assert_eq!(a, array![[12, 24, 8], [24, 28, 18], [8, 18, 32]]);
    // In [67]: np.subtract(x[:5], x[5:], x[:5])
    let mut x = Array::<i64, 1>::arange(10);
    x.zip_within(|x| x.slice(s![..5]), |x| x.slice(s![5..]), |d, s| *d -= *s);
    assert_eq!(x.to_vec(), vec![-5, -5, -5, -5, -5, 5, 6, 7, 8, 9]);
}

#[test]
fn overlapping_reads_see_old_values() {
    // shifting right by one through overlapping views: NumPy gives the old values
    let mut x = Array::<i32, 1>::arange(6);
    x.zip_within(|x| x.slice(s![1..]), |x| x.slice(s![..5]), |d, s| *d = *s);
    assert_eq!(x.to_vec(), vec![0, 0, 1, 2, 3, 4]);
    // interleaved (non-overlapping elements, overlapping ranges)
    let mut y = Array::<i32, 1>::arange(6);
    y.zip_within(
        |y| y.slice(s![..;2]),
        |y| y.slice(s![1..;2]),
        |d, s| *d += *s,
    );
    assert_eq!(y.to_vec(), vec![1, 1, 5, 3, 9, 5]);
    // a broadcast source read from the destination's own first row
    let mut m = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
    m.zip_mut_with_self(|m| m.slice(s![0, ..]), |d, s| *d -= *s);
    assert_eq!(m.to_vec(), vec![0, 0, 0, 3, 3, 3]);
    // a destination that repeats elements is refused
    let mut z = Array::<i32, 1>::arange(4);
    let e = z
        .view_mut()
        .try_zip_within(
            |z| z.slice(s![..1]).broadcast_to([3]),
            |z| z.slice(s![1..]),
            |d, s| *d += *s,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn operators_on_strided_layouts() {
    let base = Array::<f64, 1>::arange(24.0).into_reshape([4, 6]);
    let t = base.t(); // (6, 4), F-ordered
    let rev = base.slice(s![..;-1, ..;2]); // (4, 3), negative and stepped strides
    let sum = t + t;
    assert!(
        sum.is_f_contiguous(),
        "F-ordered inputs give an F-ordered result"
    );
    for i in 0..6 {
        for j in 0..4 {
            assert_eq!(sum[[i, j]], 2.0 * base[[j, i]]);
        }
    }
    let prod = rev * rev.slice(s![0, ..]);
    for i in 0..4 {
        for j in 0..3 {
            assert_eq!(prod[[i, j]], rev[[i, j]] * rev[[0, j]]);
        }
    }
    let stretched = base.slice(s![0, ..]).broadcast_to([5, 6]);
    let d = stretched - base.slice(s![1, ..]);
    assert_eq!(d.shape(), [5, 6]);
    assert!(d.iter().all(|&v| v == -6.0));
}

#[test]
fn zero_length_axes_broadcast() {
    assert_eq!(broadcast_shapes(&[&[0, 3], &[1, 3]]).unwrap(), vec![0, 3]);
    assert!(broadcast_shapes(&[&[0], &[2]]).is_err());
    let e = Array::<f64, 2>::zeros([0, 3]);
    let r = &e + &Array::<f64, 1>::ones([3]);
    assert_eq!(r.shape(), [0, 3]);
    assert_eq!(e.sum_axis(Axis(0)).to_vec(), vec![0.0; 3]);
    assert_eq!(e.prod_axis(Axis(0)).to_vec(), vec![1.0; 3]);
    assert_eq!(e.count_nonzero(), 0);
    assert!(!e.greater(&0.0).any());
    assert!(e.greater(&0.0).all());
}

#[test]
#[should_panic(
    expected = "multiply: operands could not be broadcast together with shapes (2, 3) (2,)"
)]
fn operator_mismatch_panics_like_numpy() {
    let _ = &a23() * &Array::<i64, 1>::arange(2);
}

#[test]
fn into_destinations() {
    let a = Array::<f64, 1>::from_vec(vec![1.0, 2.0, 3.0]);
    let mut out = Array::<f64, 2>::zeros([2, 3]);
    zip_map_into(&mut out, &a, &a.slice(s![..;-1]), |x, y| x - y);
    assert_eq!(out.to_vec(), vec![-2.0, 0.0, 2.0, -2.0, 0.0, 2.0]);
    ufunc::maximum.call_into(&mut out.slice_mut(s![.., 1..]), &a.slice(s![1..]), &2.5);
    assert_eq!(out.to_vec(), vec![-2.0, 2.5, 3.0, -2.0, 2.5, 3.0]);
    let mut small = Array::<f64, 1>::zeros([3]);
    let r = std::panic::catch_unwind(move || {
        ufunc::add.call_into(&mut small, &Array::<f64, 2>::zeros([2, 3]), &1.0)
    });
    assert!(r.is_err());
}

#[test]
fn math_comparisons_and_selection() {
    let x = Array::<f64, 1>::from_vec(vec![-2.0, -0.5, 0.0, 0.5, 2.0]);
    assert_eq!(x.clip(-1.0, 1.0).to_vec(), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    let relu: Array<f64, 1> = where_(&x.greater(&0.0), &x, &0.0);
    assert_eq!(relu.to_vec(), vec![0.0, 0.0, 0.0, 0.5, 2.0]);
    let sq = x.square();
    let y = select(
        &[x.less(&-1.0).view(), x.greater(&1.0).view()],
        &[sq.view(), x.view()],
        9.0,
    );
    assert_eq!(y.to_vec(), vec![4.0, 9.0, 9.0, 9.0, 2.0]);
    let grid: Array<bool, 2> = x.less(&x.slice(s![.., NewAxis]));
    assert_eq!(grid.count_nonzero(), 10);
    let three: Array<f64, 1> = zip_map3(&x, &2.0, &1.0, |v, a, b| v * a + b);
    assert_eq!(three.to_vec(), vec![-3.0, 0.0, 1.0, 2.0, 5.0]);
    assert_eq!(x.abs().cast::<i32>().to_vec(), vec![2, 0, 0, 0, 2]);
    let nan = Array::<f64, 1>::from_vec(vec![1.0, f64::NAN]);
    assert!(nan.maximum(&0.0)[[1]].is_nan());
    assert!(nan.max().is_nan());
    assert_eq!(nan.isnan().to_vec(), vec![false, true]);
}

#[test]
fn reductions_match_folds_on_every_layout() {
    let x = Array::<i64, 1>::arange(120).into_reshape([4, 5, 6]);
    let views = [
        x.view(),
        x.slice(s![..;-1, 1.., ..;2]),
        x.view().permute([2, 0, 1]),
    ];
    for v in views {
        let total: i64 = v.iter().sum();
        assert_eq!(v.sum(), total);
        assert_eq!(ufunc::add.reduce_all(&v), total);
        for k in 0..3 {
            let s: Array<i64, 2> = v.sum_axis(Axis(k));
            let f: Array<i64, 2> = v.fold_axis(Axis(k), 0, |a, b| *a += *b);
            assert_eq!(s, f);
            let m: Array<i64, 2> = v.max_axis(Axis(k));
            let r: Array<i64, 2> = ufunc::maximum.reduce(&v, Axis(k));
            assert_eq!(m, r);
            let idx: Array<usize, 2> = v.argmax_axis(Axis(k));
            for (pos, &i) in idx.indexed_iter() {
                let mut full = [0usize; 3];
                let mut q = 0;
                for (a, slot) in full.iter_mut().enumerate() {
                    if a == k {
                        *slot = i;
                    } else {
                        *slot = pos[q];
                        q += 1;
                    }
                }
                assert_eq!(v[full], m[pos]);
            }
            let acc = ufunc::add.accumulate(&v, Axis(k));
            let last: Array<i64, 2> = acc.index_axis(Axis(k), v.shape()[k] - 1).to_owned();
            assert_eq!(last, s);
        }
    }
}

#[test]
fn statistics() {
    let x = Array::<f64, 2>::from_shape_vec([2, 4], vec![1., 2., 3., 4., 2., 4., 6., 8.]).unwrap();
    assert_eq!(x.mean(), 3.75);
    assert_eq!(x.mean_axis(Axis(1)).to_vec(), vec![2.5, 5.0]);
    assert_eq!(x.var_axis(Axis(1), 0).to_vec(), vec![1.25, 5.0]);
    assert_eq!(x.std_axis(Axis(0), 0).to_vec(), vec![0.5, 1.0, 1.5, 2.0]);
    assert!((x.std(1) - 2.314550249431379).abs() < 1e-15);
    let keep = x.mean_axis(Axis(1)).into_insert_axis(Axis(1));
    let centered = &x - &keep;
    assert_eq!(centered.sum_axis(Axis(1)).to_vec(), vec![0.0, 0.0]);
}

#[test]
fn kron_outer_matmul_and_matrix_helpers() {
    // seed In [53]
    let a = array![[1.0, 0.5], [-0.5, -1.0]];
    let b = Array::<f64, 2>::identity(2);
    let ab = kron(&a, &b);
    assert_eq!(ab.slice(s![..2, 2..]), (&b * 0.5).view());
    let ba = kron(&b, &a);
    assert_eq!(ba.slice(s![2.., 2..]), a.view());
    assert_eq!(
        outer(&array![1, 2], &array![3, 4]).to_vec(),
        vec![3, 4, 6, 8]
    );
    let stack = Array::<f64, 1>::arange(12.0).into_reshape([3, 2, 2]);
    let p: Array<f64, 3> = matmul(&stack, &a.t());
    for k in 0..3 {
        assert_eq!(
            p.index_axis::<2>(Axis(0), k).to_owned(),
            stack.index_axis::<2>(Axis(0), k).dot(&a.t())
        );
    }
    let m = Array::<i32, 1>::arange(9).into_reshape([3, 3]);
    assert_eq!(m.trace(), 12);
    assert_eq!(m.diagonal(1).to_vec(), vec![1, 5]);
    assert_eq!(m.triu(1).sum() + m.tril(0).sum(), m.sum());
}

#[test]
fn static_shapes_keep_their_type_with_scalars() {
    let v: Array<f64, 1, (Const<3>,)> = Array::ones([3]).into_static().unwrap();
    let w: Array<f64, 1, (Const<3>,)> = &v * 2.0;
    assert_eq!(w.to_vec(), vec![2.0; 3]);
    let s: Array<f64, 1, (Const<3>,)> = v.sqrt();
    assert_eq!(s.shape(), [3]);
    // static against dynamic broadcasts like any other pair
    let d = Array::<f64, 2>::ones([2, 3]);
    assert_eq!((&d + &v).shape(), [2, 3]);
}

//! `einsum!`: the seed's examples, NumPy's rules, views vs copies, errors.

use einarray::einsum::{reference, Operand, Spec};
use einarray::prelude::*;
use einarray::ErrorKind;

fn arange_f(shape: [usize; 3]) -> Array<f64, 3> {
    Array::<f64, 1>::arange((shape[0] * shape[1] * shape[2]) as f64).into_reshape(shape)
}

#[test]
fn seed_in_70_to_75() {
    // x = [[[5, 9], [-4, 2]], [[10, 5], [7, -1]]] (seed In [69], from np.random.seed(1234)).
    let x = array![[[5i64, 9], [-4, 2]], [[10, 5], [7, -1]]];
    let swapped = einsum!("ijk->kji", &x);
    assert_eq!(swapped, array![[[5, 10], [-4, 7]], [[9, 5], [2, -1]]]);
    assert!(swapped.shares_memory(&x));
    assert_eq!(einsum!("ijk->", &x)[[]], 33);
    let y = x.map(|v| v * 2 - 3);
    let prod = einsum!("ijk,ijk->ijk", &x, &y);
    assert_eq!(
        prod.to_vec(),
        x.iter()
            .zip(y.iter())
            .map(|(a, b)| a * b)
            .collect::<Vec<_>>()
    );
    let along = einsum!("ijk,kji->ijk", &x, &y);
    assert_eq!(along[[0, 1, 1]], x[[0, 1, 1]] * y[[1, 1, 0]]);
    let rolled = einsum!("ijk,jki->ijk", &x, &y);
    assert_eq!(rolled[[1, 0, 1]], x[[1, 0, 1]] * y[[0, 1, 1]]);
    let a = Array::<i64, 1>::arange(4);
    let b = Array::<i64, 1>::arange_step(4, 8, 1);
    let outer = einsum!("i,j->ij", &a, &b);
    assert_eq!(outer[[3, 2]], 18);
    let m = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
    assert_eq!(einsum!("ij,ij->", &m, &m)[[]], 14);
}

#[test]
fn seed_in_77_to_81_three_operands() {
    // The seed's x (3,2,2,1), y (3,2,2), z (2,3): compare with the naive reference.
    let x = Array::<i64, 1>::arange(12)
        .into_reshape([3, 2, 2, 1])
        .map(|v| v - 5);
    let y = Array::<i64, 1>::arange(12)
        .into_reshape([3, 2, 2])
        .map(|v| 7 - v);
    let z = Array::<i64, 1>::arange(6)
        .into_reshape([2, 3])
        .map(|v| 2 * v - 3);
    let r = einsum!("ijkm,iko,kp->mip", &x, &y, &z);
    assert_eq!(r.shape(), [1, 3, 3]);
    const SPEC: Spec = Spec {
        subscripts: "ijkm,iko,kp->mip",
        inputs: &[b"ijkm", b"iko", b"kp"],
        output: b"mip",
    };
    let ops = [
        Operand::new(&x.view()),
        Operand::new(&y.view()),
        Operand::new(&z.view()),
    ];
    let expect = reference::<i64, 3>(&SPEC, &ops).unwrap();
    assert_eq!(r, expect);
}

#[test]
fn matmul_and_batched_matmul_match_loops() {
    let a = arange_f([1, 5, 7]).into_reshape([5, 7]);
    let b = arange_f([1, 7, 3]).into_reshape([7, 3]);
    let c = einsum!("ij,jk->ik", &a, &b);
    for i in 0..5 {
        for k in 0..3 {
            let s: f64 = (0..7).map(|j| a[[i, j]] * b[[j, k]]).sum();
            assert_eq!(c[[i, k]], s);
        }
    }
    // The same through transposed and reversed (negative-stride) views: strided GEMM.
    let at = a.t().to_owned();
    let c2 = einsum!("ji,jk->ik", &at, &b.slice(s![.., ..]));
    assert_eq!(c2, c);
    let rev = b.slice(s![..;-1, ..]);
    let c3 = einsum!("ij,jk->ik", &a.slice(s![.., ..;-1]), rev);
    assert_eq!(c3, c);
    let x = arange_f([4, 3, 5]);
    let y = arange_f([4, 5, 2]);
    let z = einsum!("bij,bjk->bik", &x, &y);
    for bb in 0..4 {
        for i in 0..3 {
            for k in 0..2 {
                let s: f64 = (0..5).map(|j| x[[bb, i, j]] * y[[bb, j, k]]).sum();
                assert_eq!(z[[bb, i, k]], s);
            }
        }
    }
    // f32 and integers take their own kernels.
    let af = a.map(|&v| v as f32);
    let bf = b.map(|&v| v as f32);
    assert_eq!(einsum!("ij,jk->ik", &af, &bf), c.map(|&v| v as f32));
    let ai = a.map(|&v| v as i64);
    let bi = b.map(|&v| v as i64);
    assert_eq!(einsum!("ij,jk->ik", &ai, &bi), c.map(|&v| v as i64));
}

#[test]
fn mlp_shapes_from_the_seed() {
    let w = arange_f([1, 5, 7]).into_reshape([5, 7]).map(|v| v - 17.0);
    let xb = arange_f([1, 4, 7]).into_reshape([4, 7]);
    let h = einsum!("hi, Bi -> Bh", &w, &xb);
    assert_eq!(h.shape(), [4, 5]);
    assert_eq!(
        h[[2, 3]],
        (0..7).map(|i| w[[3, i]] * xb[[2, i]]).sum::<f64>()
    );
    let grad = einsum!("Bh,Bi->hi", &h, &xb);
    assert_eq!(grad.shape(), [5, 7]);
}

#[test]
fn ellipsis_broadcasts_right_aligned() {
    let a = arange_f([2, 3, 4]);
    let t = einsum!("...ij->...ji", &a);
    assert_eq!(t.shape(), [2, 4, 3]);
    assert!(t.shares_memory(&a));
    let m = arange_f([1, 4, 5]).into_reshape([4, 5]);
    let p = einsum!("...ij,jk->...ik", &a, &m);
    assert_eq!(p.shape(), [2, 3, 5]);
    assert_eq!(
        p[[1, 2, 4]],
        (0..4).map(|j| a[[1, 2, j]] * m[[j, 4]]).sum::<f64>()
    );
    // Size-1 ellipsis axes broadcast, as in NumPy.
    let b = arange_f([1, 3, 4]);
    let s = einsum!("...ij,...ij->...i", &a, &b);
    assert_eq!(s.shape(), [2, 3]);
    assert_eq!(
        s[[1, 2]],
        (0..4).map(|j| a[[1, 2, j]] * b[[0, 2, j]]).sum::<f64>()
    );
    // `...` covering no axes, the output without it (seed In [82]: `Ds` is `(N, b)`). With
    // ellipsis axes it is a compile error (NumPy refuses to sum them), see
    // ui-tests/fail/einsum-output-drops-ellipsis-axes.rs.
    let k = Array::<f64, 1>::arange(10.0 * 4.0).into_reshape([10, 4]);
    let ab = Array::<f64, 1>::arange(5.0 * 4.0).into_reshape([5, 4]);
    let r = einsum!("N...b,ab->Nab", &k, &ab);
    assert_eq!(r.shape(), [10, 5, 4]);
    assert_eq!(r[[7, 2, 3]], k[[7, 3]] * ab[[2, 3]]);
    // Implicit output with ellipsis first.
    assert_eq!(
        einsum!("...ij,...jk", &a, &arange_f([2, 4, 6])).shape(),
        [2, 3, 6]
    );
}

#[test]
fn diagonals_traces_and_implicit_mode() {
    let m = Array::<i64, 1>::arange(9).into_reshape([3, 3]);
    assert_eq!(einsum!("ii", &m)[[]], 12);
    assert_eq!(einsum!("ii->i", &m).to_vec(), vec![0, 4, 8]);
    let t = Array::<i64, 1>::arange(18).into_reshape([3, 3, 2]);
    assert_eq!(einsum!("iij->j", &t).to_vec(), vec![8 + 16, 1 + 9 + 17]);
    assert_eq!(einsum!("ba", &m), m.t());
    assert_eq!(einsum!("ij,jk", &m, &m).shape(), [3, 3]);
    let v = Array::<i64, 1>::arange(3);
    assert_eq!(einsum!("i,i", &v, &v)[[]], 5);
    assert_eq!(einsum!("i,i->i", &v, &v).to_vec(), vec![0, 1, 4]);
}

#[test]
fn zero_length_axes_and_scalars() {
    let a = Array::<f64, 2>::zeros([0, 3]);
    let b = Array::<f64, 2>::ones([3, 4]);
    assert_eq!(einsum!("ij,jk->ik", &a, &b).shape(), [0, 4]);
    let c = Array::<f64, 2>::ones([4, 0]);
    let d = Array::<f64, 2>::ones([0, 5]);
    let r = einsum!("ij,jk->ik", &c, &d);
    assert_eq!(r, Array::<f64, 2>::zeros([4, 5]));
    let s = Array::<f64, 0>::full([], 3.0);
    assert_eq!(
        einsum!(",i->i", &s, &b.slice(s![0, ..])).to_vec(),
        vec![3.0; 4]
    );
}

#[test]
fn broadcast_and_repeated_operands() {
    let row = Array::<f64, 1>::arange(4.0);
    let bcast = row.broadcast_to([3, 4]);
    let m = arange_f([1, 4, 2]).into_reshape([4, 2]);
    let r = einsum!("ij,jk->ik", bcast, &m);
    for i in 0..3 {
        assert_eq!(
            r.slice(s![i, ..]).to_vec(),
            einsum!("j,jk->k", &row, &m).to_vec()
        );
    }
}

#[test]
fn size_errors_name_label_operands_and_axes() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 2>::zeros([4, 5]);
    let e = try_einsum!("ij,jk->ik", &a, &b).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::IncompatibleShape);
    assert_eq!(
        e.to_string(),
        "einsum \"ij,jk->ik\": label `j` is 3 in operand 0 (axis 1) but 4 in operand 1 (axis 0)"
    );
    // A labelled size-1 axis does not broadcast (NumPy's C path would): it is an error.
    let one = Array::<f64, 2>::zeros([1, 3]);
    assert!(try_einsum!("ij,ij->ij", &a, &one).is_err());
    // A non-square diagonal.
    let e = try_einsum!("ii->i", &a).unwrap_err();
    assert!(e
        .to_string()
        .contains("label `i` is 2 in operand 0 (axis 0) but 3 in operand 0 (axis 1)"));
    let x = Array::<f64, 3>::zeros([2, 3, 4]);
    let y = Array::<f64, 3>::zeros([3, 3, 4]);
    assert!(try_einsum!("...i,...i->...", &x, &y).is_err());
    assert!(try_einsum!("...ij->...ji", &x).is_ok());
}

#[test]
#[should_panic(
    expected = "einsum \"ij,jk->ik\": label `j` is 3 in operand 0 (axis 1) but 4 in operand 1 (axis 0)"
)]
fn size_mismatch_panics() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 2>::zeros([4, 5]);
    let _ = einsum!("ij,jk->ik", &a, &b);
}

#[test]
fn paths_pick_the_cheap_order() {
    let a = Array::<f64, 3>::zeros([20, 20, 20]);
    let m = Array::<f64, 2>::zeros([20, 20]);
    let p = einsum_path!("abc,cd,de->abe", &a, &m, &m);
    assert_eq!(p.path, vec![(1, 2), (0, 1)]);
    assert_eq!(
        p.steps,
        vec!["cd,de->ce".to_string(), "abc,ce->abe".to_string()]
    );
    // NumPy's counts: 20^5 loop points × (2 + 1 for the sum); 2·20^3 + 2·20^4 along the path,
    // plus the one NumPy adds.
    assert_eq!(p.naive_cost, 3.0 * 20f64.powi(5));
    assert_eq!(
        p.optimized_cost,
        2.0 * 20f64.powi(3) + 2.0 * 20f64.powi(4) + 1.0
    );
    // The report's header is NumPy's, line for line (np.einsum_path(..., optimize='optimal')).
    let report = p.to_string();
    let header: Vec<&str> = report.lines().take(7).collect();
    assert_eq!(
        header,
        [
            "  Complete contraction:  abc,cd,de->abe",
            "         Naive scaling:  5",
            "     Optimized scaling:  4",
            "      Naive FLOP count:  9.600e+06",
            "  Optimized FLOP count:  3.360e+05",
            "   Theoretical speedup:  28.571",
            "  Largest intermediate:  8.000e+03 elements",
        ]
    );
    assert_eq!((p.naive_scaling, p.optimized_scaling), (5, 4));
    let r = einsum!(
        "abc,cd,de->abe",
        &arange_f([2, 3, 4]),
        &Array::<f64, 2>::ones([4, 5]),
        &Array::<f64, 2>::ones([5, 6])
    );
    assert_eq!(
        r[[1, 2, 5]],
        (0..4).map(|c| 5.0 * (12.0 + 8.0 + c as f64)).sum::<f64>()
    );
}

#[test]
fn static_sizes_flow_through() {
    let a: Array<f64, 2, (Const<2>, Const<3>)> = Array::ones([2, 3]).into_static().unwrap();
    let b: Array<f64, 2, (Const<3>, Dyn)> = Array::ones([3, 4]).into_static().unwrap();
    let c = einsum!("ij,jk->ik", &a, &b);
    assert_eq!(c.to_vec(), vec![3.0; 8]);
}

#[test]
fn direct_kernel_and_pairwise_path_agree() {
    // The same subscripts below and above the direct kernel's work limit (4096 loop points).
    let small_a = arange_f([1, 6, 5]).into_reshape([6, 5]);
    let small_b = arange_f([1, 5, 4]).into_reshape([5, 4]);
    let big_a = arange_f([1, 30, 20])
        .into_reshape([30, 20])
        .map(|v| v - 100.0);
    let big_b = arange_f([1, 20, 25]).into_reshape([20, 25]);
    for (a, b) in [(&small_a, &small_b), (&big_a, &big_b)] {
        let c = einsum!("ij,jk->ik", a, b);
        let [m, n] = c.shape();
        let k = a.shape()[1];
        let want = Array::from_fn([m, n], |[i, j]| {
            (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum::<f64>()
        });
        assert_eq!(c, want);
        // Diagonal + sum + transpose in one call, through both paths.
        let d = einsum!("ij,jk->ki", a, b);
        assert_eq!(d, want.t());
    }
    let big = arange_f([20, 20, 20]);
    let tr = einsum!("iij->j", &big);
    assert_eq!(tr[[3]], (0..20).map(|i| big[[i, i, 3]]).sum::<f64>());
    assert!(try_einsum!("ij,jk->ik", &big_a, &small_b).is_err());
    assert!(try_einsum!("ij,jk->ik", &small_a, &big_b).is_err());
}

#[test]
fn gemm_backend_on_strided_negative_and_broadcast_operands() {
    // Large enough for the GEMM backend (m·n·k far above the loop kernel's limit).
    let (m, k, n) = (40, 50, 30);
    let a = Array::from_fn([m, 2 * k], |[i, j]| ((i * 7 + j * 3) % 11) as f64 - 5.0);
    let b = Array::from_fn([n, k], |[i, j]| ((i * 5 + j) % 13) as f64 - 6.0);
    // a: every other column, reversed; b: transposed.
    let av = a.slice(s![.., ..;-2]);
    let bv = b.t();
    let want = Array::from_fn([m, n], |[i, j]| {
        (0..k).map(|p| av[[i, p]] * bv[[p, j]]).sum::<f64>()
    });
    assert_eq!(einsum!("ij,jk->ik", av, bv), want);
    let af = av.map(|&v| v as f32);
    let bf = bv.map(|&v| v as f32);
    assert_eq!(einsum!("ij,jk->ik", &af, &bf), want.map(|&v| v as f32));
    // A zero-stride (broadcast) operand.
    let row = Array::from_fn([k], |[j]| j as f64 - 20.0);
    let bc = row.broadcast_to([m, k]);
    let want = Array::from_fn([m, n], |[_, j]| {
        (0..k).map(|p| row[[p]] * bv[[p, j]]).sum::<f64>()
    });
    assert_eq!(einsum!("ij,jk->ik", bc, bv), want);
    // Batched, with the batch axis last in memory.
    let x = Array::from_fn([k, m, 6], |[p, i, t]| {
        ((p + 2 * i + 3 * t) % 9) as f64 - 4.0
    });
    let y = Array::from_fn([6, k, n], |[t, p, j]| ((p * j + t) % 7) as f64 - 3.0);
    let xv = x.permute([2, 1, 0]); // t, i, p
    let z = einsum!("tip,tpj->tij", xv, &y);
    let want = Array::from_fn([6, m, n], |[t, i, j]| {
        (0..k).map(|p| xv[[t, i, p]] * y[[t, p, j]]).sum::<f64>()
    });
    assert_eq!(z, want);
}

#[test]
fn out_targets_like_numpys_out_keyword() {
    let a = arange_f([1, 3, 4]).into_reshape([3, 4]);
    let b = arange_f([1, 4, 2]).into_reshape([4, 2]);
    let want = einsum!("ij,jk->ik", &a, &b);
    let mut c = Array::<f64, 2>::full([3, 2], 99.0);
    einsum!("ij,jk->ik", &a, &b, out = &mut c);
    assert_eq!(c, want);
    // Into a strided view (the transpose of a buffer), through the pairwise path too.
    let mut buf = Array::<f64, 2>::zeros([2, 3]);
    einsum!("ij,jk->ik", &a, &b, out = buf.t_mut());
    assert_eq!(buf.t(), want);
    let big_a = arange_f([1, 30, 20]).into_reshape([30, 20]);
    let big_b = arange_f([1, 20, 25]).into_reshape([20, 25]);
    let mut big = Array::<f64, 2>::zeros([30, 25]);
    einsum!("ij,jk->ik", &big_a, &big_b, out = &mut big);
    assert_eq!(big, einsum!("ij,jk->ik", &big_a, &big_b));
    // Views and ellipses.
    let mut t = Array::<f64, 2>::zeros([4, 3]);
    einsum!("ij->ji", &a, out = &mut t);
    assert_eq!(t, a.t());
    let x = arange_f([2, 3, 4]);
    let mut y = Array::<f64, 2>::zeros([2, 3]);
    einsum!("...i->...", &x, out = &mut y);
    assert_eq!(y[[1, 2]], (0..4).map(|i| x[[1, 2, i]]).sum::<f64>());
    // A wrong shape is an error naming `out`.
    let mut wrong = Array::<f64, 2>::zeros([2, 2]);
    let e = try_einsum!("ij,jk->ik", &a, &b, out = &mut wrong).unwrap_err();
    assert_eq!(
        e.to_string(),
        "einsum \"ij,jk->ik\": `out` has shape [2, 2] but the result has shape [3, 2]"
    );
    assert!(try_einsum!("ij,jk->ik", &big_a, &big_b, out = &mut wrong).is_err());
}

#[test]
fn static_shapes_take_the_constant_stride_kernel_correctly() {
    type S33 = (Const<3>, Const<3>);
    let a = arange_f([1, 3, 3]).into_reshape([3, 3]).map(|v| v - 4.0);
    let b = arange_f([1, 3, 3])
        .into_reshape([3, 3])
        .map(|v| 2.0 * v - 3.0);
    let want = Array::from_fn([3, 3], |[i, k]| {
        (0..3).map(|j| a[[i, j]] * b[[j, k]]).sum::<f64>()
    });
    let sa: Array<f64, 2, S33> = a.clone().into_static().unwrap();
    let sb: Array<f64, 2, S33> = b.clone().into_static().unwrap();
    assert_eq!(einsum!("ij,jk->ik", &sa, &sb), want);
    // Static but not C-contiguous: an F-order copy keeps the static type.
    let fa = sa.copy(Order::F);
    assert_eq!(einsum!("ij,jk->ik", &fa, &sb), want);
    // Static views: transposed and reversed.
    let at = a.t().to_owned();
    let ta = at.t().as_static::<S33>().unwrap();
    assert_eq!(einsum!("ij,jk->ik", ta, &sb), want);
    let rev = b.slice(s![..;-1, ..]).to_owned();
    let rb = rev.slice(s![..;-1, ..]).as_static::<S33>().unwrap();
    assert_eq!(einsum!("ij,jk->ik", &sa, rb), want);
    // Into contiguous, transposed and strided static targets.
    let mut out: Array<f64, 2, S33> = Array::zeros([3, 3]).into_static().unwrap();
    einsum!("ij,jk->ik", &sa, &sb, out = &mut out);
    assert_eq!(out, want);
    let mut buf = Array::<f64, 2>::zeros([3, 6]);
    einsum!("ij,jk->ik", &sa, &sb, out = buf.slice_mut(s![.., ..;2]));
    assert_eq!(buf.slice(s![.., ..;2]), want);
    let mut tbuf = Array::<f64, 2>::zeros([3, 3]);
    einsum!("ij,jk->ki", &sa, &sb, out = &mut tbuf);
    assert_eq!(tbuf, want.t());
    // Diagonal and trace of a static operand; an output too big for the local buffer.
    assert_eq!(einsum!("ii->i", &sa).to_vec(), vec![-4.0, 0.0, 4.0]);
    assert_eq!(einsum!("ii", &sa)[[]], 0.0);
    let n9 = Array::from_fn([9, 9], |[i, j]| (i * 9 + j) as f64 % 7.0);
    let s9: Array<f64, 2, (Const<9>, Const<9>)> = n9.clone().into_static().unwrap();
    let w9 = Array::from_fn([9, 9], |[i, k]| {
        (0..9).map(|j| n9[[i, j]] * n9[[j, k]]).sum::<f64>()
    });
    assert_eq!(einsum!("ij,jk->ik", &s9, &s9), w9);
    let ones: Array<i64, 2, (Const<4>, Const<1>)> = Array::ones([4, 1]).into_static().unwrap();
    assert_eq!(
        einsum!("ij,kj->ik", &ones, &ones),
        Array::<i64, 2>::ones([4, 4])
    );
}

/// A deterministic matrix of small values, exact in f32 and f64 products of moderate length.
fn mat<T: From<i8>>(rows: usize, cols: usize, seed: usize) -> Array<T, 2> {
    Array::from_fn([rows, cols], |[i, j]| {
        T::from((((i * 31 + j * 17 + seed * 7) % 9) as i8) - 4)
    })
}

/// Every product here has small integer entries, so f32/f64 results are exact whatever the
/// summation order or fused multiply-adds: GEMM kernels must equal the integer loops.
fn check_gemm_shapes<T>()
where
    T: From<i8> + Into<f64> + einarray::einsum::Element + std::fmt::Debug,
{
    for (m, k, n) in [
        (64, 64, 64),   // whole vector blocks
        (37, 29, 41),   // every edge: 4-, 2-, 1-row and half-width and single-column blocks
        (10, 128, 500), // a wide output
        (500, 128, 10), // a narrow one, computed transposed (the MLP's `Bh,Bo->oh`)
        (3, 700, 5),
        (130, 70, 300),
    ] {
        let a: Array<T, 2> = mat(m, k, 1);
        let b: Array<T, 2> = mat(k, n, 2);
        let ai: Array<i64, 2> = mat(m, k, 1);
        let bi: Array<i64, 2> = mat(k, n, 2);
        let want = einsum!("ij,jk->ik", &ai, &bi);
        let check = |got: &Array<T, 2>, what: &str| {
            assert_eq!(got.shape(), [m, n], "{what}");
            for i in 0..m {
                for j in 0..n {
                    let (g, w) = (got[[i, j]], want[[i, j]]);
                    assert!(
                        g.into() == w as f64,
                        "{what} {m}x{k}x{n} at ({i}, {j}): {g:?} vs {w}"
                    );
                }
            }
        };
        check(&einsum!("ij,jk->ik", &a, &b), "row-major");
        // A transposed right factor (copied to unit columns), a transposed left one, both.
        let bt = b.t().to_owned();
        check(&einsum!("ij,kj->ik", &a, &bt), "b transposed");
        let at = a.t().to_owned();
        check(&einsum!("ji,jk->ik", &at, &b), "a transposed");
        check(&einsum!("ji,kj->ik", &at, &bt), "both transposed");
        // Batched: the same product twice, through a batch label.
        let a2 = Array::from_fn([2, m, k], |[_, i, j]| a[[i, j]]);
        let b2 = Array::from_fn([2, k, n], |[_, i, j]| b[[i, j]]);
        let c2 = einsum!("bij,bjk->bik", &a2, &b2);
        for t in 0..2 {
            check(&c2.slice(s![t, .., ..]).to_owned(), "batched");
        }
    }
}

#[test]
fn gemm_kernels_are_exact_on_integer_valued_floats() {
    check_gemm_shapes::<f64>();
    check_gemm_shapes::<f32>();
}

#[test]
fn large_results_wanted_in_the_second_operands_order_come_out_right() {
    // Outputs of at least 1 MiB whose order puts the second operand's labels first are
    // computed as the transposed product (no transposing copy); check them against loops.
    let (n, i, k) = (3, 400, 380);
    let x = Array::from_fn([n, i], |[a, b]| ((a * 31 + b * 7) % 13) as f64 - 6.0);
    let d = Array::from_fn([n, k], |[a, b]| ((a * 17 + b * 5) % 11) as f64 - 5.0);
    let g = einsum!("ni,nk->ki", &x, &d);
    assert_eq!(g.shape(), [k, i]);
    for (kk, ii) in [(0, 0), (379, 399), (200, 17), (5, 300)] {
        let want: f64 = (0..n).map(|a| x[[a, ii]] * d[[a, kk]]).sum();
        assert_eq!(g[[kk, ii]], want);
    }
    // Batched, and integers (the loop kernels) the same way.
    let xb = Array::from_fn([2, n, 300], |[b, a, c]| ((b + a * 3 + c) % 9) as i64 - 4);
    let db = Array::from_fn([2, n, 290], |[b, a, c]| {
        ((2 * b + a + c * 5) % 7) as i64 - 3
    });
    let gb = einsum!("bni,bnk->bki", &xb, &db);
    assert_eq!(gb.shape(), [2, 290, 300]);
    for (b, kk, ii) in [(0, 0, 0), (1, 289, 299), (1, 100, 7)] {
        let want: i64 = (0..n).map(|a| xb[[b, a, ii]] * db[[b, a, kk]]).sum();
        assert_eq!(gb[[b, kk, ii]], want);
    }
    // The same product in the first operand's order is its transpose.
    assert_eq!(einsum!("ni,nk->ik", &x, &d), g.t());
}

/// Batches of 2×2, 3×3 and 4×4 products (the unrolled kernels) on contiguous, strided and
/// transposed operands: bitwise the sum from 0 in increasing `j`, as the general loop adds.
#[test]
fn small_square_batches_match_the_loop_bit_for_bit() {
    for d in 2..=4usize {
        let mut s = 11u64;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let a = Array::<f64, 3>::from_fn([14, d, d], |_| next());
        let b = Array::<f64, 3>::from_fn([14, d, d], |_| next());
        let naive =
            |x: &dyn Fn(usize, usize, usize) -> f64, y: &dyn Fn(usize, usize, usize) -> f64, nb| {
                Array::<f64, 3>::from_fn([nb, d, d], |[q, i, k]| {
                    (0..d).fold(0.0, |acc, j| acc + x(q, i, j) * y(q, j, k))
                })
            };
        let c: Array<f64, 3> = einsum!("bij,bjk->bik", &a, &b);
        assert_eq!(
            c,
            naive(&|q, i, j| a[[q, i, j]], &|q, j, k| b[[q, j, k]], 14),
            "{d}×{d}"
        );
        let (a2, b2) = (a.slice(s![..;2, .., ..]), b.slice(s![1..;2, .., ..]));
        let c: Array<f64, 3> = einsum!("bij,bkj->bik", &a2, &b2.permute([0, 2, 1]));
        let want = naive(
            &|q, i, j| a[[2 * q, i, j]],
            &|q, j, k| b[[2 * q + 1, j, k]],
            7,
        );
        assert_eq!(c, want, "{d}×{d} strided, transposed");
        let ai = Array::<i32, 1>::arange((5 * d * d) as i32).into_reshape([5, d, d]);
        let ci: Array<i32, 3> = einsum!("bij,bjk->bik", &ai, &ai);
        let want = Array::<i32, 3>::from_fn([5, d, d], |[q, i, k]| {
            (0..d).map(|j| ai[[q, i, j]] * ai[[q, j, k]]).sum()
        });
        assert_eq!(ci, want, "{d}×{d} i32");
    }
}

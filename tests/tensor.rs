//! `tensor!`: index notation with Rust expressions, checked against loops written out.

use einarray::prelude::*;
use std::cell::Cell;

fn grid(shape: [usize; 2], seed: i64) -> Array<f64, 2> {
    Array::from_fn(shape, |[i, j]| {
        ((i as i64 * 7 + j as i64 * 3 + seed) % 11 - 5) as f64
    })
}

#[test]
fn contraction_is_einsum() {
    let a = grid([4, 5], 1);
    let b = grid([5, 3], 2);
    let c = tensor!(c[i, k] := a[i, j] * b[j, k]);
    assert_eq!(c, einsum!("ij,jk->ik", &a, &b));
    // Long label names, and a parenthesised array expression.
    let d = tensor!(d[row, col] := (b.t())[col, inner] * (a.t())[inner, row]);
    assert_eq!(d, c);
}

#[test]
fn broadcasting_by_labels_and_implicit_sums() {
    let a = grid([3, 4], 3);
    let b = Array::<f64, 1>::arange(4.0);
    let c = tensor!(c[i, j] := a[i, j] + b[j]);
    assert_eq!(c, Array::from_fn([3, 4], |[i, j]| a[[i, j]] + b[[j]]));
    // j is summed over the whole right side: Σ_j (2 a[i, j] + 1).
    let s = tensor!(s[i] := 2.0 * a[i, j] + 1.0);
    assert_eq!(
        s,
        Array::from_fn([3], |[i]| (0..4)
            .map(|j| 2.0 * a[[i, j]] + 1.0)
            .sum::<f64>())
    );
    // A label is a usize value in the expression too.
    let w = tensor!(w[i] := b[i] * (i as f64));
    assert_eq!(w.to_vec(), vec![0.0, 1.0, 4.0, 9.0]);
}

#[test]
fn reductions_nest_and_are_hoisted() {
    let z = grid([4, 6], 5);
    let evaluations = Cell::new(0usize);
    let count = |v: f64| {
        evaluations.set(evaluations.get() + 1);
        v
    };
    // max[k] depends on b only: computed 4 · 6 times (B·K), not 4 · 6 · 6 (B·O·K).
    let y = tensor!(y[b, o] := z[b, o] - max[k](count(z[b, k])));
    assert_eq!(evaluations.get(), 4 * 6);
    let want = Array::from_fn([4, 6], |[b, o]| {
        let m = (0..6).map(|k| z[[b, k]]).fold(f64::MIN, f64::max);
        z[[b, o]] - m
    });
    assert_eq!(y, want);
    // The seed's softmax, one line.
    let sm = tensor!(y[b, o] := (z[b, o] - max[k](z[b, k])).exp() / sum[k]((z[b, k] - max[m](z[b, m])).exp()));
    for b in 0..4 {
        let row: f64 = sm.slice(s![b, ..]).iter().sum();
        assert!((row - 1.0).abs() < 1e-12);
        let m = (0..6).map(|k| z[[b, k]]).fold(f64::MIN, f64::max);
        let denom: f64 = (0..6).map(|k| (z[[b, k]] - m).exp()).sum();
        assert!((sm[[b, 2]] - (z[[b, 2]] - m).exp() / denom).abs() < 1e-15);
    }
    let p = tensor!(p[i] := prod[j](z[i, j] + 10.0) + min[j](z[i, j]));
    assert_eq!(
        p[[1]],
        (0..6).map(|j| z[[1, j]] + 10.0).product::<f64>()
            + (0..6).map(|j| z[[1, j]]).fold(f64::MAX, f64::min)
    );
}

#[test]
fn mlp_layer_with_bias_and_activation() {
    fn sigmoid(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }
    let w = grid([5, 7], 1).map(|v| v / 10.0);
    let x = grid([3, 7], 2);
    let c = Array::<f64, 1>::arange(5.0);
    let h = tensor!(h[b, o] := sigmoid(sum[i](w[o, i] * x[b, i]) + c[o]));
    let want = Array::from_fn([3, 5], |[b, o]| {
        sigmoid((0..7).map(|i| w[[o, i]] * x[[b, i]]).sum::<f64>() + c[[o]])
    });
    for (g, e) in h.iter().zip(want.iter()) {
        assert!((g - e).abs() < 1e-15);
    }
}

#[test]
fn writing_into_existing_arrays_and_views() {
    let a = grid([3, 3], 4);
    let mut c = Array::<f64, 2>::full([3, 3], 1.0);
    tensor!(c[i, j] = a[i, j] * 2.0);
    assert_eq!(c, a.map(|v| v * 2.0));
    tensor!(c[i, j] += a[j, i]);
    assert_eq!(
        c,
        Array::from_fn([3, 3], |[i, j]| 2.0 * a[[i, j]] + a[[j, i]])
    );
    tensor!(c[i, j] -= 1.0);
    tensor!(c[i, j] *= 0.5);
    assert_eq!(
        c,
        Array::from_fn([3, 3], |[i, j]| (2.0 * a[[i, j]] + a[[j, i]] - 1.0) * 0.5)
    );
    // Into a strided view; the view's shape sizes a label the right side lacks (broadcast).
    let mut buf = Array::<f64, 2>::zeros([3, 8]);
    let mut every_other = buf.slice_mut(s![.., ..;2]);
    let row = Array::<f64, 1>::arange(3.0);
    tensor!(every_other[i, j] = row[i] + (j as f64));
    assert_eq!(
        buf.slice(s![2, ..]).to_vec(),
        vec![2.0, 0.0, 3.0, 0.0, 4.0, 0.0, 5.0, 0.0]
    );
}

#[test]
fn aliasing_matches_numpy() {
    // NumPy: A += A.T reads the original A everywhere (through a temporary).
    let orig = grid([4, 4], 6);
    let mut a = orig.clone();
    tensor!(a[i, j] += a[j, i]);
    assert_eq!(
        a,
        Array::from_fn([4, 4], |[i, j]| orig[[i, j]] + orig[[j, i]])
    );
    // The same order needs no temporary and reads the element being written.
    let mut b = orig.clone();
    tensor!(b[i, j] *= b[i, j]);
    assert_eq!(b, orig.map(|v| v * v));
    let mut c = orig.clone();
    tensor!(c[i, j] = c[j, i] - c[i, j]);
    assert_eq!(
        c,
        Array::from_fn([4, 4], |[i, j]| orig[[j, i]] - orig[[i, j]])
    );
}

#[test]
fn size_errors_name_label_arrays_and_axes() {
    let a = Array::<f64, 2>::ones([2, 3]);
    let b = Array::<f64, 1>::ones([4]);
    let e = try_tensor!(c[i, j] := a[i, j] + b[j]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tensor c[i, j] := …: label `j` is 3 in `a` (axis 1) but 4 in `b` (axis 0)"
    );
    let mut out = Array::<f64, 2>::zeros([2, 4]);
    let e = try_tensor!(out[i, j] = a[i, j]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tensor out[i, j] = …: label `j` is 4 in `out` (axis 1) but 3 in `a` (axis 1)"
    );
    assert!(try_tensor!(c[i, k] := a[i, j] * a[j, k]).is_err());
}

#[test]
#[should_panic(
    expected = "tensor c[i, j] := …: label `j` is 3 in `a` (axis 1) but 4 in `b` (axis 0)"
)]
fn size_mismatch_panics() {
    let a = Array::<f64, 2>::ones([2, 3]);
    let b = Array::<f64, 1>::ones([4]);
    let _ = tensor!(c[i, j] := a[i, j] + b[j]);
}

#[test]
#[should_panic(expected = "max over an empty range")]
fn max_over_nothing_panics() {
    let a = Array::<f64, 2>::ones([2, 0]);
    let _ = tensor!(c[i] := max[j](a[i, j]));
}

#[test]
fn zero_length_axes_and_integers() {
    let a = Array::<i64, 2>::ones([0, 3]);
    let c = tensor!(c[i, j] := a[i, j] * 2);
    assert_eq!(c.shape(), [0, 3]);
    let b = Array::<i64, 2>::ones([2, 0]);
    let s = tensor!(s[i] := sum[j](b[i, j]) + 1);
    assert_eq!(s.to_vec(), vec![1, 1]);
    let m = Array::<i64, 1>::arange(12).into_reshape([3, 4]);
    let r = tensor!(r[j] := m[i, j] * m[i, j]);
    assert_eq!(r[[1]], 1 + 25 + 81);
}

#[test]
fn tensor_contractions_equal_einsum_on_random_shapes() {
    for (n, m, k) in [(1, 1, 1), (2, 3, 4), (7, 1, 5), (30, 20, 25)] {
        let a = grid([n, k], 9);
        let b = grid([k, m], 10);
        assert_eq!(
            tensor!(c[i, l] := a[i, j] * b[j, l]),
            einsum!("ij,jl->il", &a, &b)
        );
        let viaexpr = tensor!(c[i, l] := 1.0 * a[i, j] * b[j, l]);
        assert_eq!(viaexpr, einsum!("ij,jl->il", &a, &b));
    }
}

#[test]
fn regressions_found_by_the_numpy_fixtures() {
    // An implicit sum around an explicit reduction that depends on left labels only.
    let a = Array::<f64, 2>::ones([2, 3]);
    let b = Array::from_fn([2, 4], |[i, k]| (i * 4 + k) as f64);
    let s = tensor!(s[i] := a[i, j] + max[k](b[i, k]));
    assert_eq!(s.to_vec(), vec![3.0 * (1.0 + 3.0), 3.0 * (1.0 + 7.0)]);
    // A label used only as a value inside a reduction stays inside its loop.
    let x = Array::<f64, 1>::arange(3.0);
    let y = Array::<f64, 1>::arange(2.0);
    let t = tensor!(t[i] := y[i] + sum[k](x[k] * (i as f64)));
    assert_eq!(t.to_vec(), vec![0.0, 1.0 + 3.0]);
    // Aliased writes whose right side lacks a left label take its size from the target.
    let orig = Array::from_fn([3, 3], |[i, j]| (i * 3 + j) as f64);
    let mut m = orig.clone();
    tensor!(m[i, j] -= sum[k](m[i, k]));
    assert_eq!(
        m,
        Array::from_fn([3, 3], |[i, j]| orig[[i, j]]
            - (0..3).map(|k| orig[[i, k]]).sum::<f64>())
    );
    let mut d = orig.clone();
    tensor!(d[i, j] = d[i, i]);
    assert_eq!(d, Array::from_fn([3, 3], |[i, _]| orig[[i, i]]));
    // := always makes a new array, even for a transpose or a diagonal.
    let a6 = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
    let tr: Array<f64, 2> = tensor!(t[j, i] := a6[i, j]);
    assert_eq!(tr, a6.t());
    let sq = Array::<f64, 1>::arange(9.0).into_reshape([3, 3]);
    let dg: Array<f64, 1> = tensor!(d[i] := sq[i, i]);
    assert_eq!(dg.to_vec(), vec![0.0, 4.0, 8.0]);
    // Size errors of contractions name the statement's labels and arrays.
    let p = Array::<f64, 2>::ones([2, 3]);
    let q = Array::<f64, 2>::ones([4, 5]);
    let e = try_tensor!(c[i, k] := p[i, j] * q[j, k]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tensor c[i, k] := …: label `j` is 3 in `p` (axis 1) but 4 in `q` (axis 0)"
    );
    let mut ns = Array::<f64, 2>::ones([2, 3]);
    let e = try_tensor!(ns[i, j] += ns[j, i]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tensor ns[i, j] += …: label `j` is 3 in `ns` (axis 1) but 2 in `ns` (axis 0)"
    );
}

/// Reference loops for the line tests: the reduction of `f(k)` over `0..n`, in order.
fn seq_sum(n: usize, f: impl Fn(usize) -> f64) -> f64 {
    (0..n).map(f).sum()
}

#[test]
fn innermost_loops_on_strided_transposed_and_diagonal_operands() {
    // Lengths around the fold's 8 lanes and the dispatch threshold of 32.
    for n in [0usize, 1, 7, 8, 9, 31, 33, 70] {
        let a = Array::from_fn([n, n], |[i, j]| ((i * 13 + j * 7) % 17) as f64 - 8.0);
        let at = a.t(); // every line strided
        let rev = a.slice(s![..;-1, ..;-1]); // negative strides
                                             // Sums over the innermost label, contiguous and strided.
        let r1 = tensor!(r[i] := sum[k](a[i, k] * 2.0));
        let r2 = tensor!(r[i] := sum[k](at[k, i] * 2.0));
        let r3 = tensor!(r[i] := sum[k](rev[i, k]));
        for i in 0..n {
            assert!((r1[[i]] - seq_sum(n, |k| a[[i, k]] * 2.0)).abs() < 1e-9);
            assert!((r2[[i]] - r1[[i]]).abs() < 1e-9);
            assert!((r3[[i]] - seq_sum(n, |k| a[[n - 1 - i, n - 1 - k]])).abs() < 1e-9);
        }
        // A label repeated in a term walks the diagonal of the line.
        let one = Array::<f64, 1>::zeros([1]);
        let tr = tensor!(t[u] := one[u] + sum[k](a[k, k]));
        assert!((tr[[0]] - seq_sum(n, |k| a[[k, k]])).abs() < 1e-9);
        // The innermost loop of a `:=` writes through lines too, strided or not, with a read
        // that does not depend on the innermost label hoisted out of it.
        let c = tensor!(c[i, j] := at[i, j] * rev[j, i] + a[i, i] + (j as f64));
        assert_eq!(
            c,
            Array::from_fn([n, n], |[i, j]| a[[j, i]] * a[[n - 1 - j, n - 1 - i]]
                + a[[i, i]]
                + j as f64)
        );
    }
}

#[test]
fn max_and_min_propagate_nan_from_any_lane() {
    let one = Array::<f64, 1>::zeros([1]);
    for n in [1usize, 5, 8, 16, 40] {
        for at in 0..n {
            let mut v = Array::from_fn([n], |[k]| k as f64);
            v[[at]] = f64::NAN;
            let mx = tensor!(m[u] := one[u] + max[k](v[k]));
            let mn = tensor!(m[u] := one[u] + min[k](v[k]));
            assert!(mx[[0]].is_nan() && mn[[0]].is_nan(), "n = {n}, NaN at {at}");
        }
        let v = Array::from_fn([n], |[k]| ((k * 5) % 7) as f64 - 3.0);
        let mx = tensor!(m[u] := one[u] + max[k](v[k]));
        let mn = tensor!(m[u] := one[u] + min[k](v[k]));
        assert_eq!(mx[[0]], v.iter().copied().fold(f64::MIN, f64::max));
        assert_eq!(mn[[0]], v.iter().copied().fold(f64::MAX, f64::min));
    }
}

#[test]
fn sums_keep_the_sign_of_zero_and_integers_are_exact() {
    // NumPy's sum of [-0.0, -0.0, ...] is -0.0: the first term starts the sum, not +0.0.
    // (A bare product under `sum` is einsum!, which like NumPy's einsum starts from +0.0.)
    for n in [1usize, 8, 20] {
        let z = Array::full([1, n], 0.0f64);
        let s = tensor!(s[u] := sum[k](-z[u, k]));
        assert!(s[[0]] == 0.0 && s[[0]].is_sign_negative(), "n = {n}");
    }
    let x = Array::from_fn([3, 100], |[i, k]| (i as i64 + 1) * k as i64 - 40);
    let s = tensor!(s[i] := sum[k](x[i, k] * x[i, k]));
    let y = x.slice(s![.., ..30]);
    let p = tensor!(p[i] := prod[k](y[i, k].rem_euclid(3) + 1));
    for i in 0..3 {
        assert_eq!(s[[i]], (0..100).map(|k| x[[i, k]] * x[[i, k]]).sum::<i64>());
        assert_eq!(
            p[[i]],
            (0..30)
                .map(|k| y[[i, k]].rem_euclid(3) + 1)
                .product::<i64>()
        );
    }
}

#[test]
fn elements_that_are_not_copy_and_the_scalar_functions() {
    let a = Array::<i32, 1>::arange(40).into_reshape([4, 10]);
    let names = tensor!(s[i, j] := format!("{}:{}", a[i, j], i + j));
    assert_eq!(names[[3, 9]], "39:12");
    // `exp` and `sigmoid` from the prelude: within 2 ulp of the C library's.
    let z = Array::from_fn([3, 50], |[i, k]| {
        (i as f64 - 1.0) * 7.0 + k as f64 * 0.31 - 8.0
    });
    let e = tensor!(e[i, k] := exp(z[i, k]));
    let g = tensor!(g[i, k] := sigmoid(z[i, k]));
    // Miri perturbs libm's results on purpose, so the ulp bounds hold only natively.
    for ((x, y), s) in z.iter().zip(e.iter()).zip(g.iter()).filter(|_| !cfg!(miri)) {
        assert!(
            (y - x.exp()).abs() <= 4.0 * f64::EPSILON * x.exp(),
            "exp({x})"
        );
        let want = 1.0 / (1.0 + (-x).exp());
        assert!(
            (s - want).abs() <= 4.0 * f64::EPSILON * want,
            "sigmoid({x})"
        );
    }
    let f = Array::from_fn([100], |[k]| k as f32 * 0.9 - 45.0);
    let ef = tensor!(e[k] := exp(f[k]));
    for (x, y) in f.iter().zip(ef.iter()).filter(|_| !cfg!(miri)) {
        let want = x.exp();
        assert!(
            (y - want).abs() <= 2.0 * f32::EPSILON * want,
            "exp({x}_f32)"
        );
    }
}

#[test]
fn reductions_run_their_contiguous_label_innermost() {
    // Written with j innermost, but x is contiguous along i: the loops run i innermost. Either
    // way the sums must be the same as the loops written out.
    let x = Array::from_fn([3, 5, 37], |[b, j, i]| {
        ((b * 31 + j * 7 + i * 3) % 13) as f64 - 6.0
    });
    let s = tensor!(s[b] := sum[i, j](x[b, j, i] * 2.0 + 1.0));
    let m = tensor!(m[b] := max[i, j](x[b, j, i] - (i as f64)));
    let xt = x.t(); // (37, 5, 3): now the written innermost label is the contiguous one
    let st = tensor!(s[b] := sum[j, i](xt[i, j, b] * 2.0 + 1.0));
    for b in 0..3 {
        let mut want = 0.0;
        let mut most = f64::MIN;
        for j in 0..5 {
            for i in 0..37 {
                want += x[[b, j, i]] * 2.0 + 1.0;
                most = most.max(x[[b, j, i]] - i as f64);
            }
        }
        assert!((s[[b]] - want).abs() < 1e-9);
        assert!((st[[b]] - want).abs() < 1e-9);
        assert_eq!(m[[b]], most);
    }
    // Three labels, an implicit sum, and a reduction nested in another.
    let y = Array::from_fn([4, 6, 8], |[i, j, k]| (i + 2 * j + 3 * k) as f64);
    let one = Array::<f64, 1>::ones([1]);
    let t = tensor!(t[u] := sum[k, j, i](y[i, j, k] + one[u]));
    let total: f64 = y.iter().sum::<f64>() + (4 * 6 * 8) as f64;
    assert!((t[[0]] - total).abs() < 1e-9);
    let z = Array::from_fn([6, 4], |[j, i]| (i * 10 + j) as f64);
    let w = tensor!(w[i] := z[j, i] * max[k, l](y[l, j, k]));
    for i in 0..4 {
        let want: f64 = (0..6)
            .map(|j| {
                let mut most = f64::MIN;
                for l in 0..4 {
                    for k in 0..8 {
                        most = most.max(y[[l, j, k]]);
                    }
                }
                z[[j, i]] * most
            })
            .sum();
        assert!((w[[i]] - want).abs() < 1e-9);
    }
}

#[test]
fn contractions_with_scalar_factors_scale_the_einsum_result() {
    // The batch average of an MLP gradient: a GEMM, then one division per output element.
    let x = grid([6, 5], 3);
    let d = grid([6, 4], 4);
    let nb = 6.0;
    let g = tensor!(g[k, i] := x[n, i] * d[n, k] / nb);
    let want = einsum!("ni,nk->ki", &x, &d);
    assert_eq!(g.shape(), [4, 5]);
    for (a, b) in g.iter().zip(want.iter()) {
        assert!((a - b / nb).abs() < 1e-12, "{a} vs {}", b / nb);
    }
    // Factors before, between and after the terms, parenthesized expressions, `/` and `*`.
    let two = 2.0;
    let h = tensor!(h[k, i] := (1.0 / 4.0) * x[n, i] * two * d[n, k] / (nb * 0.5));
    for (a, b) in h.iter().zip(want.iter()) {
        assert!((a - b * 0.25 * 2.0 / 3.0).abs() < 1e-12);
    }
    let lead = tensor!(l[k, i] := 3.0 / two * x[n, i] * d[n, k]);
    for (a, b) in lead.iter().zip(want.iter()) {
        assert!((a - 1.5 * b).abs() < 1e-12);
    }
}

#[test]
fn integer_division_inside_a_sum_is_not_moved_out_of_it() {
    // Σ_j (a·b / 2) rounds every product; (Σ_j a·b) / 2 would round once. Integers keep the
    // first, as written (the general loops); a `*` factor is exact either way.
    let a = Array::from_fn([3, 4], |[i, j]| (i * 4 + j) as i64 + 1);
    let b = Array::from_fn([4], |[j]| j as i64 + 1);
    let halves = tensor!(c[i] := a[i, j] * b[j] / 2);
    let doubled = tensor!(c[i] := 2 * a[i, j] * b[j]);
    for i in 0..3 {
        let per_term: i64 = (0..4).map(|j| a[[i, j]] * b[[j]] / 2).sum();
        let once: i64 = (0..4).map(|j| a[[i, j]] * b[[j]]).sum::<i64>() / 2;
        assert_eq!(halves[[i]], per_term);
        assert_eq!(
            doubled[[i]],
            2 * (0..4).map(|j| a[[i, j]] * b[[j]]).sum::<i64>()
        );
        if i == 0 {
            assert_ne!(per_term, once, "the test needs a row where the two differ");
        }
    }
}

#[test]
fn a_factor_that_reads_a_label_is_not_a_scalar() {
    let a = grid([3, 4], 5);
    let b = grid([4, 2], 6);
    let c = tensor!(c[i, k] := a[i, j] * b[j, k] * (j as f64));
    for i in 0..3 {
        for k in 0..2 {
            let want: f64 = (0..4).map(|j| a[[i, j]] * b[[j, k]] * j as f64).sum();
            assert_eq!(c[[i, k]], want);
        }
    }
}

#[test]
fn scaled_contractions_in_try_tensor_and_on_f32_and_views() {
    let x = grid([6, 5], 7);
    let d = grid([6, 4], 8);
    let nb = 3usize;
    // try_tensor!: the same result, and size mismatches still name the label.
    let g = try_tensor!(g[k, i] := x[n, i] * d[n, k] / (nb as f64)).unwrap();
    let want = einsum!("ni,nk->ki", &x, &d);
    assert!(g
        .iter()
        .zip(want.iter())
        .all(|(a, b)| (a - b / 3.0).abs() < 1e-12));
    let short = grid([5, 4], 9);
    let e = try_tensor!(g[k, i] := x[n, i] * short[n, k] / 2.0).unwrap_err();
    assert!(e.to_string().contains("label `n`"), "{e}");
    // f32, and views as operands.
    let xf = x.map(|&v| v as f32);
    let df = d.map(|&v| v as f32);
    let (xv, dv) = (xf.view(), df.t());
    let h = tensor!(h[k, i] := xv[n, i] * dv[k, n] / 2.0f32);
    for (a, b) in h.iter().zip(want.iter()) {
        assert!((*a as f64 - b / 2.0).abs() < 1e-4);
    }
}

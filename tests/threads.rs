//! Results do not depend on the thread count: every operation that may run on several threads
//! (large GEMMs, element-wise operators and comparisons, the unary math methods, the operators
//! with a scalar) gives bitwise the same result with 1, 2, 3 and 4 threads, and the same values
//! as an element-by-element reference.

use einarray::config::with_num_threads;
use einarray::prelude::*;

/// Uniform values in [-1, 1) from a fixed LCG.
fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut s = seed;
    Array::from_fn(shape, |_| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    })
}

/// `f` run with 1 thread and with 2, 3 and 4: the results' bits must agree.
fn same_on_any_count<T: PartialEq + std::fmt::Debug, const N: usize>(
    what: &str,
    f: impl Fn() -> Array<T, N>,
    bits: impl Fn(&T) -> u64,
) -> Array<T, N> {
    let one = with_num_threads(1, &f);
    for n in 2..=4 {
        let many = with_num_threads(n, &f);
        assert_eq!(one.shape(), many.shape(), "{what}");
        let differ = one
            .iter()
            .zip(many.iter())
            .filter(|(a, b)| bits(a) != bits(b))
            .count();
        assert_eq!(
            differ, 0,
            "{what}: {differ} elements differ between 1 and {n} threads"
        );
    }
    one
}

fn f64_bits(x: &f64) -> u64 {
    x.to_bits()
}

#[test]
fn elementwise_operations_are_bitwise_the_same_on_any_thread_count() {
    // 700 × 500 = 350,000 elements: above the threshold, several pieces.
    let a = data([700, 500], 1);
    let b = data([700, 500], 2);
    let row = data([500], 3);
    let sum = same_on_any_count("a + b", || &a + &b, f64_bits);
    let naive: Vec<f64> = a.iter().zip(b.iter()).map(|(x, y)| x + y).collect();
    assert_eq!(sum.to_vec(), naive);
    same_on_any_count("a * row", || &a * &row, f64_bits);
    same_on_any_count(
        "a / b.t() (strided)",
        || a.slice(s![..500, ..]) / b.slice(s![..500, ..500]).t(),
        f64_bits,
    );
    let e = same_on_any_count("exp", || a.exp(), f64_bits);
    assert!(e
        .iter()
        .zip(a.iter())
        .all(|(y, x)| *y == x.exp() || (y - x.exp()).abs() <= 1e-15 * y.abs()));
    same_on_any_count("sin of a transposed view", || a.t().sin(), f64_bits);
    same_on_any_count("powf", || a.abs().powf(0.3), f64_bits);
    same_on_any_count("clip", || a.clip(-0.5, 0.25), f64_bits);
    let scaled = same_on_any_count("a * 2.5", || &a * 2.5, f64_bits);
    assert!(scaled.iter().zip(a.iter()).all(|(y, x)| *y == x * 2.5));
    same_on_any_count("2.5 - a", || 2.5 - &a, f64_bits);
    let lt = same_on_any_count("a < b", || a.less(&b), |x| u64::from(*x));
    assert!(lt
        .iter()
        .zip(a.iter().zip(b.iter()))
        .all(|(l, (x, y))| *l == (x < y)));
    same_on_any_count("maximum", || a.maximum(&b), f64_bits);
    let ai = Array::<i64, 1>::arange(400_000);
    same_on_any_count("i64 * 3", || &ai * 3, |x| *x as u64);
}

#[test]
fn large_products_are_bitwise_the_same_on_any_thread_count() {
    // 300 × 400 × 500 = 60 million multiply-adds: above the GEMM threshold.
    let a = data([300, 400], 4);
    let b = data([400, 500], 5);
    let c = same_on_any_count(
        "einsum ij,jk->ik",
        || einsum!("ij,jk->ik", &a, &b),
        f64_bits,
    );
    // Spot checks against the plain sum (to rounding: the kernel's order of additions differs).
    for (i, k) in [(0, 0), (17, 333), (299, 499)] {
        let want: f64 = (0..400).map(|j| a[[i, j]] * b[[j, k]]).sum();
        assert!((c[[i, k]] - want).abs() < 1e-12, "({i}, {k})");
    }
    same_on_any_count(
        "a @ b.t() (transposed operand)",
        || {
            let bt = b.t().to_owned();
            einsum!("ij,kj->ik", &a, &bt)
        },
        f64_bits,
    );
    let af = a.map(|x| *x as f32);
    let bf = b.map(|x| *x as f32);
    same_on_any_count(
        "f32 product",
        || einsum!("ij,jk->ik", &af, &bf),
        |x: &f32| u64::from(x.to_bits()),
    );
}

#[test]
fn batched_products_are_bitwise_the_same_on_any_thread_count() {
    // Many products each below the GEMM threshold: the batch is split instead.
    for (nb, d) in [(64, 48), (100_000, 3)] {
        let a = data([nb, d, d], 6);
        let b = data([nb, d, d], 7);
        let c = same_on_any_count("bij,bjk->bik", || einsum!("bij,bjk->bik", &a, &b), f64_bits);
        for (q, i, k) in [(0, 0, 0), (nb / 2, 1, 2), (nb - 1, d - 1, d - 1)] {
            let want: f64 = (0..d).map(|j| a[[q, i, j]] * b[[q, j, k]]).sum();
            assert!(
                (c[[q, i, k]] - want).abs() < 1e-12,
                "{nb}×{d}: ({q}, {i}, {k})"
            );
        }
        // A strided batch (every other matrix) and a transposed right factor.
        let a2 = a.slice(s![..;2, .., ..]);
        let bt = b.slice(s![..;2, .., ..]).permute([0, 2, 1]);
        same_on_any_count(
            "strided batch",
            || einsum!("bij,bkj->bik", &a2, &bt),
            f64_bits,
        );
    }
    let ai = Array::<i64, 1>::arange(200_000 * 9).into_reshape([200_000, 3, 3]);
    let ci = same_on_any_count(
        "i64 batch",
        || einsum!("bij,bjk->bik", &ai, &ai),
        |x| *x as u64,
    );
    assert_eq!(ci[[1, 0, 0]], 9 * 9 + 10 * 12 + 11 * 15);
}

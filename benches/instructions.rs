//! Instruction counts of the smallest calls, for `valgrind --tool=callgrind` (repeatable where
//! wall-clock times of a few nanoseconds on a shared machine are not). Runs `n` iterations
//! (the first argument, default 100 000) of a static 3×3 `einsum!` into a new array and into
//! `out` — or, with the argument `dynamic`, the same two calls on dynamic-size 3×3 arrays, or
//! with `tensor16` `tensor!` row sums and maxima over a 16×16 array; the
//! difference of two runs' totals divided by the difference in `n` is the cost of one
//! iteration. BENCHMARKS.md § One-off experiments has the command.

use einarray::prelude::*;
use std::hint::black_box;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or(100_000, |s| s.parse().expect("an iteration count"));
    let a: Array<f64, 2, (Const<3>, Const<3>)> = Array::<f64, 1>::arange(9.0)
        .into_reshape([3, 3])
        .into_static()
        .unwrap();
    let b = a.clone();
    let mut out: Array<f64, 2, (Const<3>, Const<3>)> = Array::zeros([3, 3]).into_static().unwrap();
    let mut s = 0.0;
    if std::env::args().any(|a| a == "tensor16") {
        // A reduction over lines of 16 elements (below the wide-tier dispatch threshold).
        let m = Array::<f64, 1>::arange(256.0).into_reshape([16, 16]);
        for _ in 0..n {
            let m = black_box(&m);
            let r = tensor!(r[i] := sum[j](m[i, j].abs()) + max[j](m[i, j]));
            s += r[[3]];
        }
        println!("{s}");
        return;
    }
    // One iteration: a product into a new array and one into `out`.
    macro_rules! pair {
        ($a:expr, $b:expr, $out:expr) => {
            for _ in 0..n {
                let c = einsum!("ij,jk->ik", black_box($a), black_box($b));
                s += c[[1, 1]];
                einsum!("ij,jk->ik", black_box($a), black_box($b), out = $out);
                s += black_box(&*$out)[[2, 2]];
            }
        };
    }
    if std::env::args().any(|a| a == "dynamic") {
        let (a, b) = (a.into_dynamic(), b.into_dynamic());
        let mut out = Array::<f64, 2>::zeros([3, 3]);
        pair!(&a, &b, &mut out);
    } else {
        pair!(&a, &b, &mut out);
    }
    println!("{s}");
}

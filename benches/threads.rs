//! Issue 17's thread cases: each operation on one thread and on the default count (every CPU),
//! in the same run, with a two-thread STREAM-style copy as the memory-bound reference and a
//! small case that must not slow down (no thread is woken below the threshold).
//!
//! `cargo bench --bench threads`; `bench/compare_threads.py` times NumPy doing the same with
//! one BLAS thread and with its default threads, and prints the ratios for BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use einarray::config::with_num_threads;
use einarray::prelude::*;
use std::time::Duration;

fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    })
}

/// The thread counts each case runs with: 1, and 0 (the default: every CPU).
const COUNTS: [(usize, &str); 2] = [(1, "1_thread"), (0, "default_threads")];

fn gemm(c: &mut Criterion) {
    let a = data([2048, 2048], 1);
    let b = data([2048, 2048], 2);
    let mut g = c.benchmark_group("gemm_2048");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (n, name) in COUNTS {
        g.bench_function(BenchmarkId::from_parameter(name), |bch| {
            bch.iter(|| with_num_threads(n, || einsum!("ij,jk->ik", black_box(&a), black_box(&b))))
        });
    }
    g.finish();
}

fn batched(c: &mut Criterion) {
    // Many products, each below the GEMM threshold: the batch is split over threads.
    for (nb, d) in [(100_000usize, 3usize), (256, 64)] {
        let a = data([nb, d, d], 7);
        let b = data([nb, d, d], 8);
        let mut g = c.benchmark_group(format!("batched_{nb}x{d}x{d}"));
        g.sample_size(20);
        for (t, name) in COUNTS {
            g.bench_function(BenchmarkId::from_parameter(name), |bch| {
                bch.iter(|| {
                    with_num_threads(t, || einsum!("bij,bjk->bik", black_box(&a), black_box(&b)))
                })
            });
        }
        if d == 3 {
            // The limit the issue names: a plain loop over fixed-size arrays, one thread.
            let fa: Vec<[[f64; 3]; 3]> = (0..nb)
                .map(|q| std::array::from_fn(|i| std::array::from_fn(|j| a[[q, i, j]])))
                .collect();
            let fb: Vec<[[f64; 3]; 3]> = (0..nb)
                .map(|q| std::array::from_fn(|i| std::array::from_fn(|j| b[[q, i, j]])))
                .collect();
            g.bench_function(BenchmarkId::from_parameter("hand_loop"), |bch| {
                bch.iter(|| {
                    let (fa, fb) = (black_box(&fa), black_box(&fb));
                    let out: Vec<[[f64; 3]; 3]> = fa
                        .iter()
                        .zip(fb)
                        .map(|(x, y)| {
                            std::array::from_fn(|i| {
                                std::array::from_fn(|k| (0..3).map(|j| x[i][j] * y[j][k]).sum())
                            })
                        })
                        .collect();
                    out
                })
            });
        }
        g.finish();
    }
}

fn elementwise(c: &mut Criterion) {
    let n = 10_000_000;
    let a = data([n], 3);
    let b = data([n], 4);
    let a6 = data([1_000_000], 5);
    let cases: [(&str, &dyn Fn() -> Array<f64, 1>); 4] = [
        ("exp_1e7", &|| black_box(&a).exp()),
        ("exp_1e6", &|| black_box(&a6).exp()),
        ("add_1e7", &|| black_box(&a) + black_box(&b)),
        ("scale_1e7", &|| black_box(&a) * 2.5),
    ];
    for (case, f) in cases {
        let mut g = c.benchmark_group(case);
        g.sample_size(20);
        for (t, name) in COUNTS {
            g.bench_function(BenchmarkId::from_parameter(name), |bch| {
                bch.iter(|| with_num_threads(t, f))
            });
        }
        g.finish();
    }
    // The memory-bound reference (STREAM's copy): 10^7 f64 into a buffer already in memory,
    // on one thread and in two halves on two; the same bytes `a * 2.5` reads and writes,
    // without the fresh output's page faults.
    let src = a.to_vec();
    let mut dst = vec![0.0f64; n];
    let mut g = c.benchmark_group("stream_copy_1e7");
    g.sample_size(20);
    g.bench_function(BenchmarkId::from_parameter("1_thread"), |bch| {
        bch.iter(|| dst.copy_from_slice(black_box(&src)))
    });
    g.bench_function(BenchmarkId::from_parameter("default_threads"), |bch| {
        bch.iter(|| {
            let (lo, hi) = black_box(&src).split_at(n / 2);
            let (dlo, dhi) = dst.split_at_mut(n / 2);
            std::thread::scope(|s| {
                s.spawn(|| dhi.copy_from_slice(hi));
                dlo.copy_from_slice(lo);
            });
        })
    });
    g.finish();
}

fn small(c: &mut Criterion) {
    // Below every threshold: the default count must cost nothing.
    let a = data([1000], 5);
    let b = data([1000], 6);
    let mut g = c.benchmark_group("add_1000");
    for (t, name) in COUNTS {
        g.bench_function(BenchmarkId::from_parameter(name), |bch| {
            bch.iter(|| with_num_threads(t, || black_box(&a) + black_box(&b)))
        });
    }
    g.finish();
}

criterion_group!(benches, gemm, batched, elementwise, small);
criterion_main!(benches);

//! `einarray::linalg` on the sizes of issue 15's table: single large problems on one thread
//! (`linalg_1t`) and on every thread (`linalg_mt`), and stacks of 100,000 small matrices
//! (`linalg_stack`, where NumPy's per-matrix LAPACK call dominates).
//!
//! `cargo bench --bench linalg`; `bench/compare_linalg.py` times the same calls in NumPy (one
//! thread and its default threads) in the same run and prints the ratios BENCHMARKS.md quotes.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkGroup, Criterion};
use einarray::linalg::{self, Uplo};
use einarray::prelude::*;
use einarray::random::RandomState;

/// A random `m × n` matrix, uniform in [-1, 1).
fn rand(rng: &mut RandomState, shape: [usize; 2]) -> Array<f64, 2> {
    rng.uniform(-1.0, 1.0, shape)
}

/// `a aᵀ + n·I`: symmetric positive definite.
fn spd(rng: &mut RandomState, n: usize) -> Array<f64, 2> {
    let a = rand(rng, [n, n]);
    linalg::matmul(&a, &a.t()) + Array::<f64, 2>::eye(n) * n as f64
}

fn large(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let mut rng = RandomState::new(15);
    let a1000 = rand(&mut rng, [1000, 1000]);
    let b1000 = rand(&mut rng, [1000, 1]).into_reshape([1000]);
    let s2000 = spd(&mut rng, 2000);
    let a1000x500 = rand(&mut rng, [1000, 500]);
    let a500 = rand(&mut rng, [500, 500]);
    let sym1000 = &a1000 + a1000.t();
    let a10000x50 = rand(&mut rng, [10000, 50]);
    let b10000 = rand(&mut rng, [10000, 1]).into_reshape([10000]);
    g.bench_function("solve_1000", |b| {
        b.iter(|| black_box(linalg::solve(&a1000, &b1000)))
    });
    g.bench_function("cholesky_2000", |b| {
        b.iter(|| black_box(linalg::cholesky(&s2000)))
    });
    g.bench_function("qr_1000x500", |b| {
        b.iter(|| black_box(linalg::qr(&a1000x500, linalg::QrMode::Reduced)))
    });
    g.bench_function("svdvals_500", |b| {
        b.iter(|| black_box(linalg::svdvals(&a500)))
    });
    g.bench_function("svd_500", |b| {
        b.iter(|| black_box(linalg::svd(&a500, true)))
    });
    g.bench_function("eigh_1000", |b| {
        b.iter(|| black_box(linalg::eigh(&sym1000, Uplo::Lower)))
    });
    g.bench_function("lstsq_10000x50", |b| {
        b.iter(|| black_box(linalg::lstsq(&a10000x50, &b10000, None)))
    });
    g.bench_function("inv_1000", |b| b.iter(|| black_box(linalg::inv(&a1000))));
    g.bench_function("det_1000", |b| b.iter(|| black_box(linalg::det(&a1000))));
}

fn one_thread(c: &mut Criterion) {
    einarray::config::set_num_threads(1);
    let mut g = c.benchmark_group("linalg_1t");
    g.sample_size(10);
    large(&mut g);
    g.finish();
}

fn all_threads(c: &mut Criterion) {
    einarray::config::set_num_threads(0);
    let mut g = c.benchmark_group("linalg_mt");
    g.sample_size(10);
    large(&mut g);
    g.finish();
}

fn stacks(c: &mut Criterion) {
    einarray::config::set_num_threads(1);
    let mut rng = RandomState::new(16);
    let mut g = c.benchmark_group("linalg_stack");
    g.sample_size(10);
    for n in [3, 4] {
        let a: Array<f64, 3> = rng.uniform(-1.0, 1.0, [100_000, n, n]);
        let a = &a + &Array::<f64, 2>::eye(n).into_reshape([1, n, n]) * n as f64;
        let sym = &a + a.swapaxes(1, 2);
        let b: Array<f64, 2> = rng.uniform(-1.0, 1.0, [100_000, n]);
        let b = b.into_reshape([100_000, n, 1]);
        g.bench_function(format!("solve_{n}x{n}"), |bch| {
            bch.iter(|| black_box(linalg::solve(&a, &b)))
        });
        g.bench_function(format!("inv_{n}x{n}"), |bch| {
            bch.iter(|| black_box(linalg::inv(&a)))
        });
        g.bench_function(format!("det_{n}x{n}"), |bch| {
            bch.iter(|| black_box(linalg::det(&a)))
        });
        g.bench_function(format!("eigh_{n}x{n}"), |bch| {
            bch.iter(|| black_box(linalg::eigh(&sym, Uplo::Lower)))
        });
    }
    g.finish();
}

criterion_group!(benches, stacks, one_thread, all_threads);
criterion_main!(benches);

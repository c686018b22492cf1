//! Issue 17's sort cases: `sort_axis` (and `argsort_axis`, random data) of 10^6 numbers (f64, f32, i64, i32; random, sorted,
//! reversed, few distinct values, f64 with NaNs), against NumPy's `np.sort` in
//! `bench/compare_sort.py`.
//!
//! `cargo bench --bench sort`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use einarray::prelude::*;

const N: usize = 1_000_000;

/// Uniform in [-1e9, 1e9) from a fixed LCG, then shaped by `kind`.
fn values(kind: &str) -> Vec<f64> {
    let mut s = 9u64;
    let mut v: Vec<f64> = (0..N)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2e9
        })
        .collect();
    match kind {
        "sorted" => v.sort_by(|a, b| a.total_cmp(b)),
        "reversed" => v.sort_by(|a, b| b.total_cmp(a)),
        "few" => v.iter_mut().for_each(|x| *x = (*x / 1e8).round()),
        "nans" => v.iter_mut().step_by(10).for_each(|x| *x = f64::NAN),
        _ => {}
    }
    v
}

fn sort(c: &mut Criterion) {
    for kind in ["random", "sorted", "reversed", "few", "nans"] {
        let v = values(kind);
        let mut g = c.benchmark_group(format!("sort_1e6_{kind}"));
        g.sample_size(20);
        let f64s = Array::from_vec(v.clone());
        g.bench_function(BenchmarkId::from_parameter("f64"), |b| {
            b.iter(|| black_box(&f64s).sort_axis(0))
        });
        if kind != "nans" {
            let f32s = Array::from_vec(v.iter().map(|&x| x as f32).collect::<Vec<_>>());
            let i64s = Array::from_vec(v.iter().map(|&x| x as i64).collect::<Vec<_>>());
            let i32s = Array::from_vec(v.iter().map(|&x| x as i32).collect::<Vec<_>>());
            g.bench_function(BenchmarkId::from_parameter("f32"), |b| {
                b.iter(|| black_box(&f32s).sort_axis(0))
            });
            g.bench_function(BenchmarkId::from_parameter("i64"), |b| {
                b.iter(|| black_box(&i64s).sort_axis(0))
            });
            g.bench_function(BenchmarkId::from_parameter("i32"), |b| {
                b.iter(|| black_box(&i32s).sort_axis(0))
            });
        }
        g.finish();
    }
}

fn argsort(c: &mut Criterion) {
    let v = values("random");
    let mut g = c.benchmark_group("argsort_1e6_random");
    g.sample_size(20);
    let f64s = Array::from_vec(v.clone());
    let i64s = Array::from_vec(v.iter().map(|&x| x as i64).collect::<Vec<_>>());
    g.bench_function(BenchmarkId::from_parameter("f64"), |b| {
        b.iter(|| black_box(&f64s).argsort_axis(0))
    });
    g.bench_function(BenchmarkId::from_parameter("i64"), |b| {
        b.iter(|| black_box(&i64s).argsort_axis(0))
    });
    g.finish();
}

criterion_group!(benches, sort, argsort);
criterion_main!(benches);

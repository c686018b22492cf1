//! Issue 16's cases: the 2-D 'valid' filter (5×5 over a 256² f64 image, 7×7 over 100²) as
//! `einsum!` over sliding windows and as `tensor!` index arithmetic, and reductions along the first, middle and last axes.
//!
//! `cargo bench --bench ports`; `bench/compare_ports.py` times NumPy doing the same
//! (`sliding_window_view` + `einsum(optimize=True)`, `x.max(axis=k)`, …) in the same run and
//! prints the ratios for BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use einarray::prelude::*;

fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    })
}

fn filters(c: &mut Criterion) {
    for (n, k) in [(256usize, 5usize), (100, 7)] {
        let img = data([n, n], 1);
        let kernel = data([k, k], 2);
        let mut g = c.benchmark_group(format!("filter_{k}x{k}_{n}"));
        g.bench_function("einsum_windows", |b| {
            b.iter(|| {
                let w = black_box(&img).sliding_window_view([k, k]);
                let out: Array<f64, 2> = einsum!("ijkl,kl->ij", &w, black_box(&kernel));
                out
            })
        });
        g.bench_function("tensor_index_arithmetic", |b| {
            b.iter(|| {
                let (img, kern) = (black_box(&img), black_box(&kernel));
                tensor!(out[i, j] := img[i + k, j + l] * kern[k, l])
            })
        });
        g.finish();
    }
}

fn reductions(c: &mut Criterion) {
    let x = data([4, 8, 64, 64], 3);
    let mut g = c.benchmark_group("reduce_4x8x64x64");
    for axis in [0usize, 2, 3] {
        g.bench_function(format!("max_axis{axis}"), |b| {
            b.iter(|| black_box(&x).max_axis::<3>(axis))
        });
        g.bench_function(format!("min_axis{axis}"), |b| {
            b.iter(|| black_box(&x).min_axis::<3>(axis))
        });
        g.bench_function(format!("argmax_axis{axis}"), |b| {
            b.iter(|| black_box(&x).argmax_axis::<3>(axis))
        });
        g.bench_function(format!("argmin_axis{axis}"), |b| {
            b.iter(|| black_box(&x).argmin_axis::<3>(axis))
        });
        g.bench_function(format!("var_axis{axis}"), |b| {
            b.iter(|| black_box(&x).var_axis::<3>(axis, 0))
        });
        g.bench_function(format!("sum_axis{axis}"), |b| {
            b.iter(|| black_box(&x).sum_axis::<3>(axis))
        });
    }
    g.finish();
}

criterion_group!(benches, filters, reductions);
criterion_main!(benches);

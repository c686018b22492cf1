//! `tensor!` against `einsum!` and plain composition: the softmax and MLP layer of issue 5
//! (B = 128, i = 784, o = 500) and the matmul form.
//!
//! `cargo bench --bench tensor`; `bench/compare_tensor.py` times NumPy composing the same
//! from ufuncs and einsum, in the same run, and prints the ratios for BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use einarray::prelude::*;

const B: usize = 128;
const I: usize = 784;
const O: usize = 500;

fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    })
}

fn softmax(c: &mut Criterion) {
    let z = data([B, O], 1);
    let mut g = c.benchmark_group("softmax_128x500");
    g.bench_function("tensor", |bn| {
        bn.iter(|| {
            let z = black_box(&z);
            tensor!(y[b, o] := exp(z[b, o] - max[k](z[b, k])) / sum[k](exp(z[b, k] - max[m](z[b, m]))))
        })
    });
    // The same with `f64::exp`: a C library call per element, which no loop vectorizes.
    g.bench_function("tensor_libm_exp", |bn| {
        bn.iter(|| {
            let z = black_box(&z);
            tensor!(y[b, o] := (z[b, o] - max[k](z[b, k])).exp() / sum[k]((z[b, k] - max[m](z[b, m])).exp()))
        })
    });
    g.finish();
}

fn mlp_layer(c: &mut Criterion) {
    let w = data([O, I], 2);
    let x = data([B, I], 3);
    let bias = data([O], 4);
    let mut g = c.benchmark_group("mlp_layer_128x784x500");
    g.bench_function("tensor", |bn| {
        bn.iter(|| {
            let (w, x, bias) = (black_box(&w), black_box(&x), black_box(&bias));
            tensor!(h[b, o] := sigmoid(sum[i](w[o, i] * x[b, i]) + bias[o]))
        })
    });
    // The layer's GEMM alone: what bounds the layer from below.
    g.bench_function("einsum_gemm_only", |bn| {
        bn.iter(|| einsum!("oi,bi->bo", black_box(&w), black_box(&x)))
    });
    g.finish();
}

fn matmul_form(c: &mut Criterion) {
    let a = data([512, 512], 5);
    let b = data([512, 512], 6);
    let mut g = c.benchmark_group("matmul_512_forms");
    g.bench_function("tensor", |bn| {
        bn.iter(|| {
            let (a, b) = (black_box(&a), black_box(&b));
            tensor!(c[i, k] := a[i, j] * b[j, k])
        })
    });
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("ij,jk->ik", black_box(&a), black_box(&b)))
    });
    g.finish();
}

/// The MLP's weight gradient with its batch average, `g[k, i] := x[n, i] * d[n, k] / nb`: a
/// GEMM then a division per element (issue 7). `integer_loops` is the same statement on `i64`,
/// where the division cannot leave the sum, so the general loops run it.
fn scaled_contraction(c: &mut Criterion) {
    let x = data([128, 784], 10);
    let d = data([128, 500], 11);
    let nb = 128.0;
    let mut g = c.benchmark_group("grad_w_128x784x500");
    g.bench_function("tensor_scaled", |bn| {
        bn.iter(|| {
            let (x, d) = (black_box(&x), black_box(&d));
            tensor!(g[k, i] := x[n, i] * d[n, k] / nb)
        })
    });
    g.bench_function("einsum_then_divide", |bn| {
        bn.iter(|| einsum!("ni,nk->ki", black_box(&x), black_box(&d)) / nb)
    });
    let xi = x.map(|&v| v as i64);
    let di = d.map(|&v| v as i64);
    g.bench_function("integer_loops", |bn| {
        bn.iter(|| {
            let (x, d) = (black_box(&xi), black_box(&di));
            tensor!(g[k, i] := x[n, i] * d[n, k] / 128)
        })
    });
    g.finish();
}

fn broadcast_add(c: &mut Criterion) {
    let a = data([2048, 2048], 7);
    let b = data([2048], 8);
    let mut g = c.benchmark_group("broadcast_add_2048");
    g.bench_function("tensor", |bn| {
        bn.iter(|| {
            let (a, b) = (black_box(&a), black_box(&b));
            tensor!(c[i, j] := a[i, j] + b[j])
        })
    });
    g.finish();
    let mut target = data([2048, 2048], 9);
    let mut g = c.benchmark_group("inplace_add_2048");
    g.bench_function("tensor", |bn| {
        bn.iter(|| {
            let b = black_box(&b);
            tensor!(target[i, j] += b[j]);
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = softmax, mlp_layer, matmul_form, scaled_contraction, broadcast_add
}
criterion_main!(benches);

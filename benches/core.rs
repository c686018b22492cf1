//! Core array operations: creation, deep copy, layout-changing copies, ravel.
//!
//! `cargo bench --bench core`; `bench/compare_core.py` runs the same cases in NumPy and the
//! memory-bandwidth baseline, and writes the ratios into BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use einarray::prelude::*;

const N: usize = 10_000_000;
const SIDE: usize = 2048;

fn creation(c: &mut Criterion) {
    let mut g = c.benchmark_group("create_1e7_f64");
    g.throughput(Throughput::Bytes((N * 8) as u64));
    g.bench_function("zeros", |b| {
        b.iter(|| black_box(Array::<f64, 1>::zeros([N])))
    });
    g.bench_function("zeros_touched", |b| {
        b.iter(|| {
            let a = Array::<f64, 1>::zeros([N]);
            // Read one element per page, as the first use of a result would.
            let s: f64 = a.as_slice().unwrap().iter().step_by(512).sum();
            black_box(s)
        })
    });
    g.bench_function("ones", |b| b.iter(|| black_box(Array::<f64, 1>::ones([N]))));
    g.bench_function("arange", |b| {
        b.iter(|| black_box(Array::<f64, 1>::arange(N as f64)))
    });
    g.finish();
}

fn copies(c: &mut Criterion) {
    let src = Array::<f64, 1>::arange(N as f64);
    let mut g = c.benchmark_group("copy_1e7_f64");
    g.throughput(Throughput::Bytes((N * 8 * 2) as u64));
    g.bench_function("stream_copy_baseline", |b| {
        // The bandwidth bound: a plain slice copy into a reused buffer.
        let mut dst = vec![0.0f64; N];
        b.iter(|| {
            dst.copy_from_slice(src.as_slice().unwrap());
            black_box(&dst);
        })
    });
    g.bench_function("to_owned", |b| b.iter(|| black_box(src.to_owned())));
    g.bench_function("assign_into_existing", |b| {
        let mut dst = Array::<f64, 1>::zeros([N]);
        b.iter(|| {
            dst.assign(&src);
            black_box(&dst);
        })
    });
    g.finish();

    let m = Array::<f64, 1>::arange((SIDE * SIDE) as f64).into_reshape([SIDE, SIDE]);
    let f = m.copy(Order::F);
    let mut g = c.benchmark_group("copy_2048x2048_f64");
    g.throughput(Throughput::Bytes((SIDE * SIDE * 8 * 2) as u64));
    g.bench_function("transposed_to_owned", |b| {
        b.iter(|| black_box(m.t().to_owned()))
    });
    g.bench_function("transposed_assign_into_existing", |b| {
        let mut dst = Array::<f64, 2>::zeros([SIDE, SIDE]);
        b.iter(|| {
            dst.assign(&m.t());
            black_box(&dst);
        })
    });
    g.bench_function("ravel_of_f_order", |b| {
        b.iter(|| black_box(f.ravel().into_owned()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = creation, copies
}
criterion_main!(benches);

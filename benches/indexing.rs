//! Advanced indexing and random numbers (issue: indexing, RandomState).
//!
//! `cargo bench --bench indexing`; `bench/compare_indexing.py` runs the same cases in NumPy and
//! writes the ratios into BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use einarray::prelude::*;
use einarray::random::RandomState;

const N: usize = 10_000_000;

fn gather(c: &mut Criterion) {
    let mut rs = RandomState::new(0);
    let x = rs.rand([N]);
    let idx = rs.randint(0, N as i64, [1_000_000]);
    let mut g = c.benchmark_group("gather_1e6_of_1e7_f64");
    g.bench_function("take", |b| b.iter(|| black_box(x.take(&idx, Axis(0)))));
    g.finish();
}

fn mask(c: &mut Criterion) {
    let mut rs = RandomState::new(1);
    let x = rs.rand([N]);
    let m = rs.rand([N]).less(&0.5);
    let mut g = c.benchmark_group("mask_1e7_f64_half");
    g.bench_function("mask", |b| b.iter(|| black_box(x.mask(&m))));
    g.finish();
}

fn random(c: &mut Criterion) {
    let mut g = c.benchmark_group("random_1e7");
    g.bench_function("randn", |b| {
        let mut rs = RandomState::new(2);
        b.iter(|| black_box(rs.randn([N])))
    });
    g.bench_function("rand", |b| {
        let mut rs = RandomState::new(3);
        b.iter(|| black_box(rs.rand([N])))
    });
    g.bench_function("standard_normal_fast", |b| {
        // the non-NumPy path: rand's SmallRng and rand_distr's Ziggurat normal
        use einarray::random::rand::{rngs::SmallRng, SeedableRng};
        let mut rng = SmallRng::seed_from_u64(4);
        b.iter(|| {
            let z: Array<f64, 1> = einarray::random::sample(
                &mut rng,
                einarray::random::rand_distr::StandardNormal,
                [N],
            );
            black_box(z)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = gather, mask, random
}
criterion_main!(benches);

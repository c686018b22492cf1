//! Element-wise operations, broadcasting, reductions and scans (issue: ufuncs).
//!
//! `cargo bench --bench ufunc`; `bench/compare_ufunc.py` runs the same cases in NumPy and writes
//! the ratios into BENCHMARKS.md. The `*_baseline` cases are plain slice loops over reused
//! buffers: the machine's bandwidth bound for the same bytes.

#[path = "../examples/tour/notebook.rs"]
#[allow(dead_code)] // the bench uses one of the notebook's functions
mod notebook;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use einarray::linalg::kron;
use einarray::prelude::*;
use einarray::ufunc::{self, BinaryUfunc};
use notebook::saatci_mvm;

const N: usize = 10_000_000;
const SIDE: usize = 4096;

/// Deterministic pseudo-random numbers in [-1, 1) (no RNG dependency in the bench).
fn noise(len: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

fn square(c: &mut Criterion) {
    // seed In [5]-[6]: squaring 10^7 integers in and out of place
    let x = Array::<i64, 1>::arange(N as i64);
    let mut g = c.benchmark_group("square_1e7_i64");
    g.throughput(Throughput::Bytes((N * 8 * 2) as u64));
    g.bench_function("out_of_place", |b| b.iter(|| black_box(x.square())));
    g.bench_function("in_place", |b| {
        let mut y = x.clone();
        b.iter(|| {
            y.map_inplace(|v| *v = v.wrapping_mul(*v));
            black_box(&y);
        })
    });
    g.finish();
}

fn add(c: &mut Criterion) {
    let a = Array::from_vec(noise(N, 1));
    let bb = Array::from_vec(noise(N, 2));
    let mut g = c.benchmark_group("add_1e7_f64");
    g.throughput(Throughput::Bytes((N * 8 * 3) as u64));
    g.bench_function("stream_add_baseline", |b| {
        let mut out = vec![0.0f64; N];
        let (x, y) = (a.as_slice().unwrap(), bb.as_slice().unwrap());
        b.iter(|| {
            for ((o, p), q) in out.iter_mut().zip(x).zip(y) {
                *o = p + q;
            }
            black_box(&out);
        })
    });
    g.bench_function("fresh", |b| b.iter(|| black_box(&a + &bb)));
    g.bench_function("into", |b| {
        let mut out = Array::<f64, 1>::zeros([N]);
        b.iter(|| {
            ufunc::add.call_into(&mut out, &a, &bb);
            black_box(&out);
        })
    });
    g.bench_function("in_place", |b| {
        let mut out = a.clone();
        b.iter(|| {
            out += &bb;
            black_box(&out);
        })
    });
    g.finish();
}

fn broadcast(c: &mut Criterion) {
    let m = Array::from_vec(noise(SIDE * SIDE, 3)).into_reshape([SIDE, SIDE]);
    let row = Array::from_vec(noise(SIDE, 4));
    let col = row.clone().into_reshape([SIDE, 1]);
    let mut g = c.benchmark_group("broadcast_add_4096x4096_f64");
    g.throughput(Throughput::Bytes((SIDE * SIDE * 8 * 2) as u64));
    g.bench_function("stream_copy_baseline", |b| {
        let mut out = vec![0.0f64; SIDE * SIDE];
        b.iter(|| {
            out.copy_from_slice(m.as_slice().unwrap());
            black_box(&out);
        })
    });
    g.bench_function("row", |b| b.iter(|| black_box(&m + &row)));
    g.bench_function("column", |b| b.iter(|| black_box(&m + &col)));
    g.bench_function("row_into", |b| {
        let mut out = Array::<f64, 2>::zeros([SIDE, SIDE]);
        b.iter(|| {
            ufunc::add.call_into(&mut out, &m, &row);
            black_box(&out);
        })
    });
    g.bench_function("column_into", |b| {
        let mut out = Array::<f64, 2>::zeros([SIDE, SIDE]);
        b.iter(|| {
            ufunc::add.call_into(&mut out, &m, &col);
            black_box(&out);
        })
    });
    g.finish();
}

fn in_cache(c: &mut Criterion) {
    // Small arrays that live in L1/L2: here the loop's vector width matters (AVX2 is chosen at
    // run time), not memory bandwidth.
    let a = Array::from_vec(noise(2048, 9));
    let b = Array::from_vec(noise(2048, 10));
    let i = Array::<i32, 1>::arange(4096);
    let mut g = c.benchmark_group("in_cache");
    g.bench_function("add_into_2048_f64", |bn| {
        let mut out = Array::<f64, 1>::zeros([2048]);
        bn.iter(|| {
            ufunc::add.call_into(&mut out, &a, &b);
            black_box(&out);
        })
    });
    g.bench_function("sqrt_2048_f64", |bn| {
        let pos = a.abs();
        bn.iter(|| black_box(pos.sqrt()))
    });
    g.bench_function("square_4096_i32", |bn| bn.iter(|| black_box(i.square())));
    g.bench_function("exp_2048_f64", |bn| bn.iter(|| black_box(a.exp())));
    g.finish();
}

fn sums(c: &mut Criterion) {
    let m = Array::from_vec(noise(SIDE * SIDE, 5)).into_reshape([SIDE, SIDE]);
    let mut g = c.benchmark_group("sum_4096x4096_f64");
    g.throughput(Throughput::Bytes((SIDE * SIDE * 8) as u64));
    g.bench_function("stream_read_baseline", |b| {
        b.iter(|| {
            // eight independent sums: the read bandwidth bound
            let mut acc = [0.0f64; 8];
            for ch in m.as_slice().unwrap().chunks_exact(8) {
                for (a, v) in acc.iter_mut().zip(ch) {
                    *a += v;
                }
            }
            black_box(acc)
        })
    });
    g.bench_function("all", |b| b.iter(|| black_box(m.sum())));
    g.bench_function("axis0", |b| b.iter(|| black_box(m.sum_axis(Axis(0)))));
    g.bench_function("axis1", |b| b.iter(|| black_box(m.sum_axis(Axis(1)))));
    g.finish();
}

fn accumulate(c: &mut Criterion) {
    // seed In [64]: np.bitwise_or.accumulate(np.arange(10 ** 6))
    let x = Array::<i64, 1>::arange(1_000_000);
    let mut g = c.benchmark_group("accumulate_1e6_i64");
    g.bench_function("bitwise_or", |b| {
        b.iter(|| black_box(ufunc::bitwise_or.accumulate(&x, Axis(0))))
    });
    g.finish();
}

fn kronecker(c: &mut Criterion) {
    let a = Array::from_vec(noise(1600, 6)).into_reshape([40, 40]);
    let b = Array::from_vec(noise(1600, 7)).into_reshape([40, 40]);
    let z = Array::from_vec(noise(1600, 8));
    let ab = kron(&a, &b);
    let mut g = c.benchmark_group("kron_mvm_40x40");
    g.bench_function("kron_dot", |bn| bn.iter(|| black_box(ab.dot(&z))));
    g.bench_function("saatci", |bn| bn.iter(|| black_box(saatci_mvm(&a, &b, &z))));
    g.bench_function("kron_build", |bn| bn.iter(|| black_box(kron(&a, &b))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = square, add, broadcast, in_cache, sums, accumulate, kronecker
}
criterion_main!(benches);

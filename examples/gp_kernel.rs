//! A Gaussian-process kernel as a sum of Kronecker products, multiplied by a vector without
//! forming it: seed cell In [82].
//!
//! K = Σ_N B_N ⊗ diag(D_N), with B_N small (a × a) and D_N long (b). The quadratic way builds
//! the (ab × ab) matrix; the einsum way never does. Run with
//! `cargo run --release --example gp_kernel`.

use einarray::prelude::*;
use std::time::Instant;

/// Normal-ish deterministic numbers (a sum of uniforms), for a reproducible run.
fn randn<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        let mut s = 0.0;
        for _ in 0..4 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s += (x >> 11) as f64 / (1u64 << 53) as f64;
        }
        (s - 2.0) * 1.7
    })
}

fn quadratic_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let [n, a, _] = bs.shape();
    let b = ds.shape()[1];
    let mut k = Array::<f64, 2>::zeros([a * b, a * b]);
    for t in 0..n {
        // The notebook's baseline: K += np.kron(B, np.diag(D)), every entry of the dense product.
        let mut diag = Array::<f64, 2>::zeros([b, b]);
        for i in 0..b {
            diag[[i, i]] = ds[[t, i]];
        }
        let kron = einsum!("rc,ij->ricj", &bs.index_axis(einarray::Axis(0), t), &diag)
            .into_reshape([a * b, a * b]);
        k.as_slice_mut()
            .unwrap()
            .iter_mut()
            .zip(kron.iter())
            .for_each(|(x, y)| *x += y);
    }
    einsum!("ij,j->i", &k, z)
}

fn einsum_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let [_, a, _] = bs.shape();
    let b = ds.shape()[1];
    let zm = z.reshape([a, b]);
    // Ellipses trigger broadcasting.
    let left_kron_saatci = einsum!("N...b,ab->Nab", ds, &zm);
    let full_sum = einsum!("Nca,Nab->cb", bs, &left_kron_saatci);
    full_sum.into_reshape([a * b])
}

/// The notebook's `compare_times`: mean seconds (standard error) over `runs`, and the ratio.
fn mean_time(runs: usize, mut f: impl FnMut() -> Array<f64, 1>) -> (f64, f64) {
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    let mean = times.iter().sum::<f64>() / runs as f64;
    let var = times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (runs as f64 - 1.0);
    (mean, (var / runs as f64).sqrt())
}

fn main() {
    let (a, b) = (3, 300);
    let bs = randn([10, a, a], 1234);
    let ds = randn([10, b], 1235);
    let z = randn([a * b], 1236);
    let q = quadratic_impl(&bs, &ds, &z);
    let e = einsum_impl(&bs, &ds, &z);
    let diff: f64 = q
        .iter()
        .zip(e.iter())
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt();
    println!("L2 norm of difference {diff:e}");
    println!("Matrix-vector multiplication");
    let runs = 5;
    println!("format: mean seconds (standard error) {runs} runs");
    let (tq, sq) = mean_time(runs, || quadratic_impl(&bs, &ds, &z));
    let (te, se) = mean_time(runs, || einsum_impl(&bs, &ds, &z));
    println!("quadratic_impl {tq:.2e} ({sq:.2e})");
    println!("einsum_impl {te:.2e} ({se:.2e})");
    println!("improvement ratio {:.1}", tq / te);
}

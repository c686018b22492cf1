//! The seed notebook's own timing cells (In [2]–[6], [54], [64], [82]), einarray's side: each
//! case is the best of 5 single calls, its setup (fresh arguments) untimed, as the notebook's
//! `compare_times` runs them.
//!
//! `cargo bench --bench seed [filter]` prints one `name milliseconds` line per case;
//! `bench/compare_seed.py` runs the notebook's Python and NumPy versions of the same cells and
//! prints the table for BENCHMARKS.md.

use einarray::linalg::kron;
use einarray::prelude::*;
use einarray::ufunc::{self, map_into, BinaryUfunc};
use std::hint::black_box;
use std::time::Instant;

const RUNS: usize = 5;
const SIZE: usize = 10_000_000;

/// The best time of `RUNS` calls of `f`, each on fresh arguments from `setup` (untimed), in
/// ms. As in the notebook's `compare_times` (and `bench/compare_seed.py`), what `f` returns is
/// dropped inside the timed call and the arguments after it.
fn best_ms<S, R>(mut setup: impl FnMut() -> S, mut f: impl FnMut(&mut S) -> R) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..RUNS {
        let mut args = black_box(setup());
        let t = Instant::now();
        drop(black_box(f(&mut args)));
        best = best.min(t.elapsed().as_secs_f64());
        drop(args);
    }
    best * 1e3
}

/// In [54]: (A ⊗ B)·z by reshapes, transposes and two small products.
fn saatci_mvm(a: &Array<f64, 2>, b: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let mut x: Array<f64, 2> = z.view().reshape([1, z.len()]).into_owned();
    for m in [b, a] {
        let n = m.shape()[1];
        let xr = x.view().reshape([x.len() / n, n]);
        x = m.dot(&xr.t());
    }
    let len = x.len();
    x.into_reshape([len])
}

/// In [82]: K = Σ B_N ⊗ diag(D_N) formed, then K·z.
fn quadratic_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let (a, b) = (bs.shape()[1], ds.shape()[1]);
    let mut k = Array::<f64, 2>::zeros([a * b, a * b]);
    for n in 0..bs.shape()[0] {
        let d = Array::from_diag(&ds.index_axis::<1>(Axis(0), n), 0);
        k += &kron(&bs.index_axis::<2>(Axis(0), n), &d);
    }
    k.dot(z)
}

/// In [82] with two einsums.
fn einsum_impl(bs: &Array<f64, 3>, ds: &Array<f64, 2>, z: &Array<f64, 1>) -> Array<f64, 1> {
    let (a, b) = (bs.shape()[1], ds.shape()[1]);
    let left = einsum!("N...b,ab->Nab", ds, &z.reshape([a, b]));
    einsum!("Nca,Nab->cb", bs, &left).into_reshape([a * b])
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str, f: &mut dyn FnMut() -> f64| {
        if filter.as_deref().is_none_or(|p| name.contains(p)) {
            println!("{name} {:.4}", f());
        }
    };
    let arange = || Array::<i64, 1>::arange(SIZE as i64);
    run("create", &mut || best_ms(|| (), |_| arange()));
    run("copy", &mut || {
        let ar = arange();
        best_ms(|| (), |_| ar.clone())
    });
    run("deep_copy_preallocated", &mut || {
        best_ms(
            || (arange(), Array::<i64, 1>::zeros([SIZE])),
            |(src, dst)| {
                dst.assign(&*src);
            },
        )
    });
    run("square_out_of_place", &mut || {
        best_ms(
            || (arange(), Array::<i64, 1>::zeros([SIZE])),
            |(src, dst)| {
                map_into(dst, &*src, |v| v * v);
            },
        )
    });
    run("square_in_place", &mut || {
        best_ms(arange, |ar| {
            ar.map_inplace(|v| *v *= *v);
        })
    });
    let small = || Array::<i64, 1>::arange(1_000_000);
    run("accumulate_1e6", &mut || {
        best_ms(small, |x| ufunc::bitwise_or.accumulate(&*x, Axis(0)))
    });
    run("accumulate_1e6_manual", &mut || {
        best_ms(small, |x| {
            let mut res = Array::<i64, 1>::zeros_like(&*x);
            let mut prev = 0;
            for i in 0..x.len() {
                prev |= x[[i]];
                res[[i]] = prev;
            }
            res
        })
    });
    let mut rng = einarray::random::RandomState::new(1234);
    let a = rng.randn([40, 40]);
    let b = rng.randn([40, 40]);
    let ab = kron(&a, &b);
    let z = rng.randn([1600]);
    run("kron_mvm_40", &mut || best_ms(|| (), |_| ab.dot(&z)));
    run("saatci_mvm_40", &mut || {
        best_ms(|| (), |_| saatci_mvm(&a, &b, &z))
    });
    let bs = rng.randn([10, 3, 3]);
    let ds = rng.randn([10, 300]);
    let zz = rng.randn([900]);
    run("gp_quadratic", &mut || {
        best_ms(|| (), |_| quadratic_impl(&bs, &ds, &zz))
    });
    run("gp_einsum", &mut || {
        best_ms(|| (), |_| einsum_impl(&bs, &ds, &zz))
    });
}

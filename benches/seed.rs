//! The seed notebook's own timing cells (In [2]–[6], [54], [64], [82]), einarray's side: each
//! case is the best of 5 single calls, its setup (fresh arguments) untimed, as the notebook's
//! `compare_times` runs them.
//!
//! `cargo bench --bench seed [filter]` prints one `name milliseconds` line per case;
//! `bench/compare_seed.py` runs the notebook's Python and NumPy versions of the same cells and
//! prints the table for BENCHMARKS.md.

use einarray::linalg::kron;
#[path = "../examples/tour/notebook.rs"]
mod notebook;
use einarray::prelude::*;
use einarray::ufunc::{self, map_into, BinaryUfunc};
use notebook::{einsum_impl, manual_accum, quadratic_impl, saatci_mvm};

const RUNS: usize = 5;
const SIZE: usize = 10_000_000;

#[path = "single_calls.rs"]
mod single_calls;

/// The best of `RUNS` single calls of `f` on fresh `setup()` arguments, in ms.
fn best_ms<S, R>(setup: impl FnMut() -> S, f: impl FnMut(&mut S) -> R) -> f64 {
    single_calls::best_ms(RUNS, setup, f)
}

fn main() {
    let cases = single_calls::Cases::from_args();
    let run = |name: &str, f: &mut dyn FnMut() -> f64| cases.run(name, f);
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
        best_ms(small, |x| manual_accum(x))
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

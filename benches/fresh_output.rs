//! Operations that write a large new array, timed as NumPy's `timeit` times them: the best of
//! 15 single calls, the new array freed inside each. (Criterion's samples average many calls,
//! and a fresh output's page faults and its release vary from call to call, so the two
//! harnesses disagree by up to 15 % on these cases.)
//!
//! `cargo bench --bench fresh_output` prints one `name milliseconds` line per case;
//! `bench/compare_fresh.py` runs it and NumPy alternately and prints the table for
//! BENCHMARKS.md.

use einarray::prelude::*;
use std::hint::black_box;
use std::time::Instant;

fn best_ms<R>(mut f: impl FnMut() -> R) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..15 {
        let t = Instant::now();
        black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best * 1e3
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument selects cases by substring.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str, f: &mut dyn FnMut() -> f64| {
        if filter.as_deref().is_none_or(|p| name.contains(p)) {
            println!("{name} {:.4}", f());
        }
    };
    let n = 10_000_000;
    let a = Array::from_fn([n], |[i]| i as f64);
    let b = Array::from_fn([n], |[i]| (2 * i) as f64);
    let x = Array::from_fn([n], |[i]| i as i64);
    let m = Array::from_fn([4096, 4096], |[i, j]| (i + j) as f64);
    let row = Array::from_fn([4096], |[j]| j as f64);
    let t3 = Array::from_fn([200, 200, 200], |[i, j, k]| (i + j + k) as f64);
    // The seed's Kronecker step 1 (In [82]): Ds (N, b), z (a, b), N = 10, a = 3.
    let ds = Array::from_fn([10, 100_000], |[i, k]| (i + k) as f64);
    let z = Array::from_fn([3, 100_000], |[i, k]| (i * k) as f64);
    run("add_1e7_f64", &mut || best_ms(|| &a + &b));
    run("square_1e7_i64", &mut || best_ms(|| x.square()));
    run("broadcast_add_row_4096", &mut || best_ms(|| &m + &row));
    run("einsum_ijk_kji_owned_200", &mut || {
        best_ms(|| einsum!("ijk->kji", &t3).to_owned())
    });
    run("einsum_Nab_b100000", &mut || {
        best_ms(|| einsum!("N...b,ab->Nab", &ds, &z))
    });
}

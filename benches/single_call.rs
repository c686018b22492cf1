//! Memory-bound cases timed as NumPy's `timeit` times them: the best of 15 single calls, any
//! new result freed inside each.
//!
//! Criterion's samples average many calls. On memory-bound cases that average drifts with the
//! machine's memory traffic (page faults of fresh outputs, other processes' streams), and the
//! two harnesses then disagree by up to 15 %. So the ufunc and einsum comparisons of
//! bandwidth-bound work are also run here, with the same statistic on both sides.
//!
//! `cargo bench --bench single_call [filter]` prints one `name milliseconds` line per case;
//! `bench/compare_single_call.py` runs it and NumPy alternately and prints the table for
//! BENCHMARKS.md.

use einarray::prelude::*;
use einarray::ufunc::{self, BinaryUfunc};

#[path = "single_calls.rs"]
mod single_calls;

/// The best of 15 single calls of `f`, in ms.
fn best_ms<R>(mut f: impl FnMut() -> R) -> f64 {
    single_calls::best_ms(15, || (), |_| f())
}

fn main() {
    let cases = single_calls::Cases::from_args();
    let run = |name: &str, f: &mut dyn FnMut() -> f64| cases.run(name, f);
    let n = 10_000_000;
    let a = Array::from_fn([n], |[i]| i as f64);
    let b = Array::from_fn([n], |[i]| (2 * i) as f64);
    let x = Array::from_fn([n], |[i]| i as i64);
    let side = 4096;
    let m = Array::from_fn([side, side], |[i, j]| (i + j) as f64);
    let row = Array::from_fn([side], |[j]| j as f64);
    let col = row.clone().into_reshape([side, 1]);
    run("square_1e7_i64/out_of_place", &mut || {
        best_ms(|| x.square())
    });
    run("square_1e7_i64/in_place", &mut || {
        let mut y = x.clone();
        best_ms(|| y.map_inplace(|v| *v = v.wrapping_mul(*v)))
    });
    run("add_1e7_f64/fresh", &mut || best_ms(|| &a + &b));
    run("add_1e7_f64/into", &mut || {
        let mut out = Array::<f64, 1>::zeros([n]);
        best_ms(|| ufunc::add.call_into(&mut out, &a, &b))
    });
    run("add_1e7_f64/in_place", &mut || {
        let mut y = a.clone();
        best_ms(|| y += &b)
    });
    run("broadcast_add_4096x4096_f64/row", &mut || {
        best_ms(|| &m + &row)
    });
    run("broadcast_add_4096x4096_f64/column", &mut || {
        best_ms(|| &m + &col)
    });
    run("broadcast_add_4096x4096_f64/row_into", &mut || {
        let mut out = Array::<f64, 2>::zeros([side, side]);
        best_ms(|| ufunc::add.call_into(&mut out, &m, &row))
    });
    run("broadcast_add_4096x4096_f64/column_into", &mut || {
        let mut out = Array::<f64, 2>::zeros([side, side]);
        best_ms(|| ufunc::add.call_into(&mut out, &m, &col))
    });
    run("sum_4096x4096_f64/all", &mut || best_ms(|| m.sum()));
    run("sum_4096x4096_f64/axis0", &mut || {
        best_ms(|| m.sum_axis(Axis(0)))
    });
    run("sum_4096x4096_f64/axis1", &mut || {
        best_ms(|| m.sum_axis(Axis(1)))
    });
    let ka = Array::from_fn([40, 40], |[i, j]| ((i * 7 + j * 3) % 11) as f64 - 5.0);
    let ab = einarray::linalg::kron(&ka, &ka);
    let z = Array::from_fn([1600], |[i]| (i % 13) as f64);
    run("kron_mvm_40x40/kron_dot", &mut || best_ms(|| ab.dot(&z)));
    let t3 = Array::from_fn([200, 200, 200], |[i, j, k]| (i + j + k) as f64);
    // The seed's Kronecker step 1 (In [82]): Ds (N, b), z (a, b), N = 10, a = 3.
    let ds = Array::from_fn([10, 100_000], |[i, k]| (i + k) as f64);
    let zb = Array::from_fn([3, 100_000], |[i, k]| (i * k) as f64);
    run("einsum/ijk_kji_owned_200", &mut || {
        best_ms(|| einsum!("ijk->kji", &t3).to_owned())
    });
    run("einsum/ijk_sum_200", &mut || {
        best_ms(|| einsum!("ijk->", &t3))
    });
    run("einsum/Nab_b100000", &mut || {
        best_ms(|| einsum!("N...b,ab->Nab", &ds, &zb))
    });
}

//! Ufuncs, broadcasting and aliasing: seed cells In [53]–[67] of "Advanced NumPy Techniques"
//! (the Kronecker product, the Saatci matrix–vector product, broadcasting, custom ufuncs and
//! their methods, and in-place updates that read their own output), printing what the notebook
//! prints.
//!
//! Run with `cargo run --release --example ufuncs`.

use einarray::linalg::kron;
use einarray::prelude::*;
use einarray::ufunc::{self, BinaryUfunc};
use einarray::zip::{outer_map, try_zip_map, zip_map};
use einarray::FormatElement;
use std::time::Instant;

/// NumPy's way of printing a shape: `(2, 4)`, `(4,)`, `()`.
fn tuple(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The seed's `display(exp)`: the expression, its shape, the array.
fn display<T: FormatElement, const N: usize>(exp: &str, x: View<'_, T, N>) {
    println!("{exp} {}", tuple(&x.shape()));
    println!("{x}");
}

/// The seed's `compare_times`: mean seconds (standard error) over 5 runs, and the ratio.
fn compare_times<A, B>(
    name_a: &str,
    mut a: impl FnMut() -> A,
    name_b: &str,
    mut b: impl FnMut() -> B,
) {
    fn stats<R>(f: &mut impl FnMut() -> R) -> (f64, f64) {
        let reps = 5;
        // enough calls per run to be measurable
        let mut calls = 1usize;
        loop {
            let t = Instant::now();
            for _ in 0..calls {
                std::hint::black_box(f());
            }
            if t.elapsed().as_secs_f64() > 2e-3 || calls >= 1 << 20 {
                break;
            }
            calls *= 4;
        }
        let times: Vec<f64> = (0..reps)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..calls {
                    std::hint::black_box(f());
                }
                t.elapsed().as_secs_f64() / calls as f64
            })
            .collect();
        let mean = times.iter().sum::<f64>() / reps as f64;
        let var = times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (reps - 1) as f64;
        (mean, (var / reps as f64).sqrt())
    }
    let (ma, sa) = stats(&mut a);
    let (mb, sb) = stats(&mut b);
    println!("    format: mean seconds (standard error) 5 runs");
    println!("    {name_a:>10} {ma:.2e} ({sa:.2e})");
    println!("    {name_b:>10} {mb:.2e} ({sb:.2e})");
    println!("    improvement ratio {:.1}", ma / mb);
}

/// Reproducible standard-normal-ish numbers (the seed's `np.random.randn`; NumPy's exact
/// stream comes with `RandomState`).
fn randn(len: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    let mut uniform = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    (0..len)
        .map(|_| {
            let (u, v) = (uniform(), uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        })
        .collect()
}

/// seed In [54]: x ← z; for M in [B, A]: x = M · x.reshape(-1, n)ᵀ; ravel.
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

fn main() {
    println!("In [53]: Kronecker demo");
    let a = array![[1.0, 0.5], [-0.5, -1.0]];
    let b = Array::<f64, 2>::identity(2);
    display("A", a.view());
    display("B", b.view());
    display("np.kron(A, B)", kron(&a, &b).view());
    display("np.kron(B, A)", kron(&b, &a).view());
    println!();

    println!("In [54]: Kronecker matrix-vector multiplication, the quadratic way and Saatci's");
    let a = Array::from_vec(randn(1600, 1)).into_reshape([40, 40]);
    let b = Array::from_vec(randn(1600, 2)).into_reshape([40, 40]);
    let ab = kron(&a, &b);
    let z = Array::from_vec(randn(1600, 3));
    let diff = &ab.dot(&z) - &saatci_mvm(&a, &b, &z);
    println!("diff {:e}", diff.square().sum().sqrt());
    println!("Kronecker matrix vector multiplication");
    compare_times(
        "kron_mvm",
        || ab.dot(&z),
        "saatci_mvm",
        || saatci_mvm(&a, &b, &z),
    );
    println!();

    println!("In [55]: a ufunc applies an operation to parallel elements");
    let a = Array::<i64, 1>::arange(6);
    let b = Array::<i64, 1>::from_vec(vec![1, 1, 1, 2, 2, 2]);
    println!("{a}\n{b}\n{}", &a + &b);
    let sum: Array<i64, 1> = ufunc::add.call(&a, &b);
    println!("{sum}");
    println!();

    println!("In [56]-[58]: lower-rank arguments are prepended with 1s, then stretched");
    let big_a = Array::<i64, 1>::arange(6).into_reshape([2, 3]);
    let b = Array::<i64, 1>::arange(2);
    let c = Array::<i64, 1>::arange(3);
    display("A", big_a.view());
    display("b", b.view());
    display("c", c.view());
    display("A * c", (&big_a * &c).view());
    display("c.reshape(1, 3)", c.reshape([1, 3]).view());
    display(
        "np.repeat(c.reshape(1, 3), 2, axis=0)",
        c.broadcast_to([2, 3]).to_owned().view(),
    );
    display("np.diag(c)", Array::from_diag(&c, 0).view());
    display(
        "A.dot(np.diag(c))",
        big_a.dot(&Array::from_diag(&c, 0)).view(),
    );
    display("A * c", (&big_a * &c).view());
    println!();

    println!("In [59]-[61]: a custom ufunc, compiled (np.frompyfunc), and a broadcasting mistake");
    let demo = |x: &i64, y: &i64| format!("'f({x}, {y})'");
    display("A", big_a.view());
    display("b", b.view());
    match try_zip_map(&big_a, &b, demo) {
        Ok(_) => unreachable!(),
        Err(e) => println!("ShapeError!\n{e}"),
    }
    let col = b.slice(s![.., NewAxis]);
    display("b[:, np.newaxis]", col);
    display(
        "np.repeat(b[:, np.newaxis], 3, axis=1)",
        col.broadcast_to([2, 3]).to_owned().view(),
    );
    let ab: Array<String, 2> = zip_map(&big_a, &col, demo);
    display("demo(A, b[:, np.newaxis])", ab.view());
    let ba: Array<String, 2> = zip_map(&col, &big_a, demo);
    display("demo(b[:, np.newaxis], A)", ba.view());
    println!();

    println!("In [62]: cheap diagonal matrix multiplication by broadcasting");
    display("b", b.view());
    display("np.diag(b)", Array::from_diag(&b, 0).view());
    display("b[:, np.newaxis] * A", (col * &big_a).view());
    display(
        "np.diag(b).dot(A)",
        Array::from_diag(&b, 0).dot(&big_a).view(),
    );
    println!();

    println!("In [63]: binary ufuncs get outer, accumulate and reduce for free");
    let a4 = Array::<i64, 1>::arange(4);
    let b4 = Array::<i64, 1>::arange_step(4, 8, 1);
    let table: Array<String, 2> = outer_map(&a4, &b4, demo);
    display("demo.outer(a, b)", table.view());
    display(
        "np.bitwise_or.accumulate(b)",
        ufunc::bitwise_or.accumulate(&b4, Axis(0)).view(),
    );
    println!(
        "np.bitwise_or.reduce(b) ()\n{}",
        ufunc::bitwise_or.reduce_all(&b4)
    );
    println!();

    println!("In [64]: accumulation speed comparison");
    let x = Array::<i64, 1>::arange(1_000_000);
    let manual_accum = || {
        // the notebook's Python loop, element by element through the array's indexing
        let mut res = Array::<i64, 1>::zeros([x.len()]);
        let mut prev = 0;
        for i in 0..x.len() {
            prev |= x[[i]];
            res[[i]] = prev;
        }
        res
    };
    let np_accum = || ufunc::bitwise_or.accumulate(&x, Axis(0));
    assert_eq!(manual_accum(), np_accum());
    compare_times("manual_accum", manual_accum, "np_accum", np_accum);
    println!("(compiled, the element loop is no longer the slow path it is in Python)");
    println!();

    println!("In [65]: A += A.T is well-defined even though A is changing");
    let mut a = array![[3, 5, 0], [7, 7, 9], [4, 0, 8]];
    println!("{a}");
    a.zip_mut_with_self(|a| a.t(), |x, y| *x += *y);
    println!("{a}");
    println!("In [66]: np.add(A, A, out=A)");
    a.zip_mut_with_self(|a| a, |x, y| *x += *y);
    println!("{a}");
    println!("In [67]: np.subtract(x[:5], x[5:], x[:5])");
    let mut x = Array::<i64, 1>::arange(10);
    println!("{x}");
    x.zip_within(|x| x.slice(s![..5]), |x| x.slice(s![5..]), |d, s| *d -= *s);
    println!("{x}");
}

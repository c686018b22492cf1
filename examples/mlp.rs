//! The seed's batched MLP, forward and backward, with `einsum!` (the "Neural Nets with Einsum"
//! section): h = sigmoid(W x + b), y = softmax(V h + c), cross-entropy loss, gradients by
//! einsum, checked against finite differences, then a few steps of gradient descent.
//!
//! Run with `cargo run --release --example mlp`.

use einarray::prelude::*;

const NI: usize = 784;
const NH: usize = 500;
const NO: usize = 10;
const BATCH: usize = 128;

fn uniform<const N: usize>(shape: [usize; N], seed: u64, scale: f64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale
    })
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

struct Params {
    w: Array<f64, 2>, // Nh × Ni
    b: Array<f64, 1>, // Nh
    v: Array<f64, 2>, // No × Nh
    c: Array<f64, 1>, // No
}

struct Forward {
    ha: Array<f64, 2>,
    h: Array<f64, 2>,
    y: Array<f64, 2>,
}

fn forward(p: &Params, x: &Array<f64, 2>) -> Forward {
    let ha = einsum!("hi, Bi -> Bh", &p.w, x) + &p.b; // the bias broadcasts along B
    let h = ha.map(|&v| sigmoid(v));
    let ya = einsum!("oh, Bh -> Bo", &p.v, &h) + &p.c;
    // Softmax along o, shifted by the row maximum for stability.
    let y = Array::from_fn(ya.shape(), |[n, o]| {
        let row = ya.slice(s![n, ..]);
        let m = row.iter().copied().fold(f64::MIN, f64::max);
        let z: f64 = row.iter().map(|v| (v - m).exp()).sum();
        (ya[[n, o]] - m).exp() / z
    });
    Forward { ha, h, y }
}

fn loss(p: &Params, x: &Array<f64, 2>, t: &Array<f64, 2>) -> f64 {
    let f = forward(p, x);
    -einsum!("Bo,Bo->", t, &f.y.map(|v| v.ln()))[[]] / BATCH as f64
}

/// The seed's bprop, batch version.
fn backward(p: &Params, x: &Array<f64, 2>, t: &Array<f64, 2>, f: &Forward) -> Params {
    let n = BATCH as f64;
    let dl_dya = Array::from_fn(f.y.shape(), |[b, o]| f.y[[b, o]] - t[[b, o]]);
    let dl_dv = einsum!("Bh, Bo -> oh", &f.h, &dl_dya).map(|v| v / n);
    let dl_dc = einsum!("Bo -> o", &dl_dya).map(|v| v / n);
    let dl_dh = einsum!("oh, Bo -> Bh", &p.v, &dl_dya);
    let dl_dha = Array::from_fn(dl_dh.shape(), |[b, h]| {
        let s = sigmoid(f.ha[[b, h]]);
        dl_dh[[b, h]] * s * (1.0 - s)
    });
    let dl_dw = einsum!("Bi, Bh -> hi", x, &dl_dha).map(|v| v / n);
    let dl_db = einsum!("Bh -> h", &dl_dha).map(|v| v / n);
    Params {
        w: dl_dw,
        b: dl_db,
        v: dl_dv,
        c: dl_dc,
    }
}

fn main() {
    let mut p = Params {
        w: uniform([NH, NI], 1, 0.05),
        b: uniform([NH], 2, 0.05),
        v: uniform([NO, NH], 3, 0.05),
        c: uniform([NO], 4, 0.05),
    };
    let x = uniform([BATCH, NI], 5, 1.0);
    // One-hot targets.
    let t = Array::from_fn(
        [BATCH, NO],
        |[b, o]| if (b * 7 + 3) % NO == o { 1.0 } else { 0.0 },
    );

    let f = forward(&p, &x);
    println!(
        "forward: x {:?} -> h {:?} -> y {:?}",
        x.shape(),
        f.h.shape(),
        f.y.shape()
    );
    let g = backward(&p, &x, &t, &f);
    println!(
        "gradients: W {:?}, b {:?}, V {:?}, c {:?}",
        g.w.shape(),
        g.b.shape(),
        g.v.shape(),
        g.c.shape()
    );

    // Finite-difference check of a few gradient entries.
    let eps = 1e-6;
    for (name, (i, j)) in [("W", (7, 100)), ("V", (3, 42))] {
        let mut plus = Params {
            w: p.w.clone(),
            b: p.b.clone(),
            v: p.v.clone(),
            c: p.c.clone(),
        };
        let mut minus = Params {
            w: p.w.clone(),
            b: p.b.clone(),
            v: p.v.clone(),
            c: p.c.clone(),
        };
        let (analytic, tp, tm) = if name == "W" {
            plus.w[[i, j]] += eps;
            minus.w[[i, j]] -= eps;
            (g.w[[i, j]], &plus, &minus)
        } else {
            plus.v[[i, j]] += eps;
            minus.v[[i, j]] -= eps;
            (g.v[[i, j]], &plus, &minus)
        };
        let numeric = (loss(tp, &x, &t) - loss(tm, &x, &t)) / (2.0 * eps);
        println!(
            "d loss / d {name}[{i}, {j}]: einsum {analytic:.6e}, finite difference {numeric:.6e}"
        );
    }

    // A few steps of gradient descent.
    let lr = 0.1;
    for step in 0..5 {
        let f = forward(&p, &x);
        let g = backward(&p, &x, &t, &f);
        println!("step {step}: loss {:.4}", loss(&p, &x, &t));
        p.w.iter_mut()
            .zip(g.w.iter())
            .for_each(|(w, d)| *w -= lr * d);
        p.b.iter_mut()
            .zip(g.b.iter())
            .for_each(|(w, d)| *w -= lr * d);
        p.v.iter_mut()
            .zip(g.v.iter())
            .for_each(|(w, d)| *w -= lr * d);
        p.c.iter_mut()
            .zip(g.c.iter())
            .for_each(|(w, d)| *w -= lr * d);
    }
}

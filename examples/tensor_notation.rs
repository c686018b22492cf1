//! The seed's neural-net section written with `tensor!`: a softmax in one line, and the
//! batched MLP's forward and backward passes, checked against the `einsum!` version.
//!
//! Run with `cargo run --release --example tensor_notation`.

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

fn main() {
    let w = uniform([NH, NI], 1, 0.05);
    let b = uniform([NH], 2, 0.05);
    let v = uniform([NO, NH], 3, 0.05);
    let c = uniform([NO], 4, 0.05);
    let x = uniform([BATCH, NI], 5, 1.0);
    let t = Array::from_fn(
        [BATCH, NO],
        |[n, o]| if (n * 7 + 3) % NO == o { 1.0 } else { 0.0 },
    );

    // Forward: h = sigmoid(W x + b), y = softmax(V h + c), each one statement. `exp` and
    // `sigmoid` are the prelude's (einarray::scalar): loops calling them vectorize.
    let ha = tensor!(ha[n, h] := sum[i](w[h, i] * x[n, i]) + b[h]);
    let hid = tensor!(hid[n, h] := sigmoid(ha[n, h]));
    let ya = tensor!(ya[n, o] := sum[h](v[o, h] * hid[n, h]) + c[o]);
    let y = tensor!(y[n, o] := exp(ya[n, o] - max[k](ya[n, k]))
        / sum[k](exp(ya[n, k] - max[m](ya[n, m]))));
    println!(
        "forward: x {:?} -> h {:?} -> y {:?}",
        x.shape(),
        hid.shape(),
        y.shape()
    );
    let rows: f64 = tensor!(r[n] := y[n, o]).iter().sum::<f64>() / BATCH as f64;
    println!("softmax rows sum to {rows:.12} on average");
    let loss = -tensor!(l[n] := t[n, o] * y[n, o].ln()).iter().sum::<f64>() / BATCH as f64;
    println!("cross-entropy loss {loss:.6}");

    // Backward, the seed's bprop in index notation.
    let nb = BATCH as f64;
    let dl_dya = tensor!(d[n, o] := y[n, o] - t[n, o]);
    let dl_dv = tensor!(g[o, h] := hid[n, h] * dl_dya[n, o] / nb);
    let dl_dc = tensor!(g[o] := dl_dya[n, o] / nb);
    let dl_dha = tensor!(g[n, h] := sum[o](v[o, h] * dl_dya[n, o]) * hid[n, h] * (1.0 - hid[n, h]));
    let dl_dw = tensor!(g[h, i] := x[n, i] * dl_dha[n, h] / nb);
    let dl_db = tensor!(g[h] := dl_dha[n, h] / nb);
    println!(
        "gradients: W {:?}, b {:?}, V {:?}, c {:?}",
        dl_dw.shape(),
        dl_db.shape(),
        dl_dv.shape(),
        dl_dc.shape()
    );

    // The same gradient of W with einsum!, as examples/mlp.rs computes it.
    let dl_dh = einsum!("oh, Bo -> Bh", &v, &dl_dya);
    let dl_dha2 = Array::from_fn(dl_dh.shape(), |[n, h]| {
        dl_dh[[n, h]] * hid[[n, h]] * (1.0 - hid[[n, h]])
    });
    let dl_dw2 = einsum!("Bi, Bh -> hi", &x, &dl_dha2).map(|g| g / nb);
    let diff = dl_dw
        .iter()
        .zip(dl_dw2.iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!("largest difference from the einsum! gradient: {diff:.3e}");
}

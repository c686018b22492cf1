//! "Cherry on Top: Einsum" (In [69]–[82]): einsum from swapping axes to a three-operand
//! contraction taken apart step by step, the batched MLP written with `einsum!` and again with
//! `tensor!`, and the Gaussian-process kernel that makes a quadratic product linear.

use crate::notebook::{einsum_impl, quadratic_impl};
use crate::{cell, compare_times, section, tuple, Timing};
use einarray::linalg::{norm, outer};
use einarray::prelude::*;
use einarray::random::RandomState;
use einarray::select::stack;

const NI: usize = 784;
const NH: usize = 500;
const NO: usize = 10;
const BATCH: usize = 128;

/// The network's parameters: h = sigmoid(W x + b), y = softmax(V h + c).
struct Mlp {
    w: Array<f64, 2>, // Nh × Ni
    b: Array<f64, 1>, // Nh
    v: Array<f64, 2>, // No × Nh
    c: Array<f64, 1>, // No
}

/// The gradients of the cross-entropy loss, in the notebook's names.
struct Grads {
    dl_dw: Array<f64, 2>,
    dl_db: Array<f64, 1>,
    dl_dv: Array<f64, 2>,
    dl_dc: Array<f64, 1>,
}

/// The notebook's batch fprop and bprop, with `einsum!` and ufuncs, as it writes them.
fn mlp_einsum(p: &Mlp, x: &Array<f64, 2>, t: &Array<f64, 2>) -> (Array<f64, 2>, Grads) {
    let n = BATCH as f64;
    // Fprop
    let ha = einsum!("hi, Bi -> Bh", &p.w, x) + &p.b;
    let h = ha.map(|&v| sigmoid(v));
    let ya = einsum!("oh, Bh -> Bo", &p.v, &h) + &p.c;
    let shifted = &ya - &ya.max_keepdims(-1); // ya.max(axis=-1, keepdims=True)
    let e = shifted.exp();
    let y = &e / &e.sum_keepdims(-1); // softmax

    // Bprop
    let dl_dya = &y - t;
    let dl_dv = einsum!("Bh, Bo -> oh", &h, &dl_dya) / n;
    let dl_dc = einsum!("Bo -> o", &dl_dya) / n;
    let dl_dh = einsum!("oh, Bo -> Bh", &p.v, &dl_dya);
    let dl_dha = &dl_dh * &(&h * &(1.0 - &h)); // sigmoidgrad(ha) = h (1 - h)
    let dl_dw = einsum!("Bi, Bh -> hi", x, &dl_dha) / n;
    let dl_db = einsum!("Bh -> h", &dl_dha) / n;
    let g = Grads {
        dl_dw,
        dl_db,
        dl_dv,
        dl_dc,
    };
    (y, g)
}

/// The same network in `tensor!` index notation: one statement per line of the notebook,
/// reductions written where they happen (the softmax is one expression).
fn mlp_tensor(p: &Mlp, x: &Array<f64, 2>, t: &Array<f64, 2>) -> (Array<f64, 2>, Grads) {
    let nb = BATCH as f64;
    let (w, b, v, c) = (&p.w, &p.b, &p.v, &p.c);
    let h = tensor!(h[n, k] := sigmoid(sum[i](w[k, i] * x[n, i]) + b[k]));
    let ya = tensor!(ya[n, o] := sum[k](v[o, k] * h[n, k]) + c[o]);
    let y = tensor!(y[n, o] := exp(ya[n, o] - max[q](ya[n, q]))
        / sum[q](exp(ya[n, q] - max[m](ya[n, m]))));
    let dl_dya = tensor!(d[n, o] := y[n, o] - t[n, o]);
    // A product of terms and scalar factors is einsum! (GEMM here), then one division per
    // output element.
    let dl_dv = tensor!(g[o, k] := h[n, k] * dl_dya[n, o] / nb);
    let dl_dc = tensor!(g[o] := dl_dya[n, o] / nb);
    let dl_dha = tensor!(g[n, k] := sum[o](v[o, k] * dl_dya[n, o]) * h[n, k] * (1.0 - h[n, k]));
    let dl_dw = tensor!(g[k, i] := x[n, i] * dl_dha[n, k] / nb);
    let dl_db = tensor!(g[k] := dl_dha[n, k] / nb);
    let g = Grads {
        dl_dw,
        dl_db,
        dl_dv,
        dl_dc,
    };
    (y, g)
}

/// The largest absolute difference between two arrays of one shape.
fn max_diff<const N: usize>(a: &Array<f64, N>, b: &Array<f64, N>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

pub fn run(rng: &mut RandomState) {
    section("Cherry on Top: Einsum");

    cell(
        "69",
        "x = np.random.randint(-10, 11, size=(2, 2, 2)) after np.random.seed(1234)",
    );
    *rng = RandomState::new(1234);
    let x = rng.randint(-10, 11, [2, 2, 2]);
    assert_eq!(x, array![[[5, 9], [-4, 2]], [[10, 5], [7, -1]]]); // the notebook's x
    println!("{x}");

    cell(
        "70",
        "swap axes, einsum('ijk->kji', x): a view, as in NumPy",
    );
    let swapped = einsum!("ijk->kji", &x);
    println!("{swapped}");
    println!("shares memory with x: {}", swapped.shares_memory(&x));

    cell("71", "sum: contraction along every axis");
    println!("{} {}", x.sum(), einsum!("ijk->", &x));

    cell(
        "72",
        "multiply pointwise: the diagonal of the outer product",
    );
    let y = rng.randint(-10, 11, [2, 2, 2]);
    println!("{}", &x * &y == einsum!("ijk,ijk->ijk", &x, &y));

    cell("73", "multiply pointwise along other axes");
    println!("{}", &x * y.t() == einsum!("ijk,kji->ijk", &x, &y));
    println!(
        "{}",
        &x * y.rollaxis(2, 0) == einsum!("ijk,jki->ijk", &x, &y)
    );

    cell("74", "outer (tensor) product");
    let a = Array::<i64, 1>::arange(4);
    let b = Array::<i64, 1>::arange_step(4, 8, 1);
    println!("{}", outer(&a, &b) == einsum!("i,j->ij", &a, &b));

    cell("75", "an inner product: the squared Frobenius norm");
    let m = Array::<i64, 1>::arange(2 * 2).into_reshape([2, 2]);
    // np.linalg.norm(a, 'fro') is a float; the einsum of integers stays an integer
    let fro = norm(&m.cast::<f64>());
    println!("{:.1} {}", fro.powi(2), einsum!("ij,ij->", &m, &m));

    cell("76", "matrix multiply and batched matrix multiply");
    *rng = RandomState::new(1234);
    let x = rng.randn([2, 2]);
    let y = rng.randn([2, 2]);
    println!("{}", x.dot(&y) == einsum!("ij,jk->ik", &x, &y));
    let x = rng.randn([3, 2, 2]);
    let y = rng.randn([3, 2, 2]);
    // np.array([i.dot(j) for i, j in zip(x, y)])
    let products: Vec<Array<f64, 2>> = (0..3)
        .map(|n| {
            x.index_axis::<2>(Axis(0), n)
                .dot(&y.index_axis::<2>(Axis(0), n))
        })
        .collect();
    let views: Vec<View<'_, f64, 2>> = products.iter().map(|p| p.view()).collect();
    let looped: Array<f64, 3> = stack(&views, Axis(0));
    println!("{}", looped == einsum!("bij,bjk->bik", &x, &y));

    cell(
        "77",
        "the general approach, on np.einsum('ijkm,iko,kp->mip', x, y, z)",
    );
    *rng = RandomState::new(1234);
    let x = rng.randint(-10, 11, [3 * 2 * 2]).into_reshape([3, 2, 2, 1]);
    let y = rng.randint(-10, 11, [3 * 2 * 2]).into_reshape([3, 2, 2]);
    let z = rng.randint(-10, 11, [2 * 3]).into_reshape([2, 3]);
    println!("1. line up each word with its array's axes");
    println!("x.shape {}  ijkm", tuple(&x.shape()));
    println!("y.shape {}     iko", tuple(&y.shape()));
    println!("z.shape {}        kp", tuple(&z.shape()));

    cell(
        "78",
        "2. the complete tensor product (np.tensordot(..., axes=0)), rank 9",
    );
    let outer = einsum!("ijkm,IKo,Lp->ijkmIKoLp", &x, &y, &z);
    println!("{}\n(i j k m i k o k p)", tuple(&outer.shape()));

    cell(
        "79",
        "3. where a letter repeats, keep the diagonal (a repeated label is a view)",
    );
    // Repeat i: outer[span_i, :, :, :, span_i, ...]. The outer product has rank 9, and
    // einarray's advanced indexing goes to rank 8; a label repeated in one einsum term is the
    // same diagonal, as a view.
    let repeat_i = einsum!("ijkmiKoLp->ijkmKoLp", &outer).to_owned();
    println!("{}\n(i j k m k o k p)", tuple(&repeat_i.shape()));
    // Repeat k: repeat_i[:, :, span_k, :, span_k, :, span_k, :], three advanced indices
    // separated by slices. GOTCHA: NumPy's placement rule moves their shared axis to the
    // front, and index_axes follows it; rollaxis puts it back.
    let span_k = Array::<i64, 1>::arange(2);
    let repeat_k = repeat_i.index_axes(
        [Axis(2), Axis(4), Axis(6)],
        [span_k.view(), span_k.view(), span_k.view()],
    );
    println!("{} (the shared k axis in front)", tuple(&repeat_k.shape()));
    let repeat_k = repeat_k.rollaxis(0, 2);
    println!("{}\n(i j k m o p)", tuple(&repeat_k.shape()));

    cell("80", "4. sum out the letters the result word lacks");
    let sumj = repeat_k.sum_axis(Axis(1));
    println!("{}\n(i k m o p)", tuple(&sumj.shape()));
    let sumk = sumj.sum_axis(Axis(1));
    println!("{}\n(i m o p)", tuple(&sumk.shape()));
    let sumo = sumk.sum_axis(Axis(2));
    println!("{}\n(i m p)", tuple(&sumo.shape()));

    cell("81", "6. transpose to the result word, and compare");
    let by_hand = sumo.moveaxes([0, 1, 2], [1, 0, 2]).to_owned();
    let direct = einsum!("ijkm,iko,kp->mip", &x, &y, &z);
    let notebook = array![[[808, -1006, -1139], [-1672, 228, 552], [806, 35, -125]]];
    assert_eq!(direct, notebook);
    println!("{by_hand}");
    println!("{direct}");
    println!("equal: {}", by_hand == direct);
    println!("\nThe path einarray takes instead of the outer product:");
    println!("{}", einsum_path!("ijkm,iko,kp->mip", &x, &y, &z));

    section("Neural Nets with Einsum");
    println!("The notebook's batch MLP (Ni 784, Nh 500, No 10, batch 128), weights drawn with");
    println!("np.random.normal; once with einsum! as the notebook writes it, once with tensor!.");
    let p = Mlp {
        w: rng.normal(0.0, 1.0, [NH, NI]),
        b: rng.normal(0.0, 1.0, [NH]),
        v: rng.normal(0.0, 1.0, [NO, NH]),
        c: rng.normal(0.0, 1.0, [NO]),
    };
    // Inputs in [0, 1) scaled so the hidden layer does not saturate; one-hot targets.
    let x = rng.rand([BATCH, NI]) / (NI as f64).sqrt();
    let labels = rng.randint(0, NO as i64, [BATCH]);
    let t = Array::<f64, 2>::from_fn([BATCH, NO], |[n, o]| {
        f64::from(u8::from(labels[[n]] == o as i64))
    });
    let (y, g) = mlp_einsum(&p, &x, &t);
    let (y2, g2) = mlp_tensor(&p, &x, &t);
    let loss = -einsum!("Bo,Bo->", &t, &y.ln())[[]] / BATCH as f64;
    println!(
        "forward: x {} -> y {}, loss {loss:.4}",
        tuple(&x.shape()),
        tuple(&y.shape())
    );
    println!(
        "gradients: dLdW {} dLdb {} dLdV {} dLdc {}",
        tuple(&g.dl_dw.shape()),
        tuple(&g.dl_db.shape()),
        tuple(&g.dl_dv.shape()),
        tuple(&g.dl_dc.shape())
    );
    println!(
        "einsum! against tensor!: y {:.1e}, dLdW {:.1e}, dLdb {:.1e}, dLdV {:.1e}, dLdc {:.1e}",
        max_diff(&y, &y2),
        max_diff(&g.dl_dw, &g2.dl_dw),
        max_diff(&g.dl_db, &g2.dl_db),
        max_diff(&g.dl_dv, &g2.dl_dv),
        max_diff(&g.dl_dc, &g2.dl_dc)
    );
    println!("one training step (forward and backward):");
    compare_times(
        &[
            Timing::of("mlp_einsum", || (), |_| mlp_einsum(&p, &x, &t)),
            Timing::of("mlp_tensor", || (), |_| mlp_tensor(&p, &x, &t)),
        ],
        None,
    );

    section("Real Application: a Gaussian-process kernel");
    cell(
        "82",
        "K = Σ B_i ⊗ diag(D_i) times z, the quadratic way and with einsum",
    );
    *rng = RandomState::new(1234);
    let (a, b) = (3, 300);
    let bs = rng.randn([10, a, a]);
    let ds = rng.randn([10, b]); // just the diagonal
    let z = rng.randn([a * b]);
    println!(
        "L2 norm of difference {:e}",
        norm(&(quadratic_impl(&bs, &ds, &z) - einsum_impl(&bs, &ds, &z)))
    );
    // Of course, we can make this arbitrarily better by increasing b...
    println!("Matrix-vector multiplication");
    compare_times(
        &[
            Timing::of("quadratic_impl", || (), |_| quadratic_impl(&bs, &ds, &z)),
            Timing::of("einsum_impl", || (), |_| einsum_impl(&bs, &ds, &z)),
        ],
        Some(449.5),
    );
}

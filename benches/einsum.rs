//! `einsum!` on the seed's expressions and the classic shapes (GEMM, batched GEMM, transposes,
//! reductions, diagonals, outer products, multi-operand chains), f64 throughout.
//!
//! `cargo bench --bench einsum`; `bench/compare_einsum.py` runs the same cases in NumPy
//! (`einsum` with and without `optimize`) and `opt_einsum.contract`, and prints the ratios.
//!
//! One criterion group per case. In each group `einsum` is the macro call; GEMM-shaped cases
//! also time `dgemm_direct` (`matrixmultiply::dgemm` called by hand on the same data, into a
//! fresh zeroed buffer as `einsum!` returns a fresh array), and the 3×3/4×4 matmuls a
//! `hand_loop` on `[[f64; N]; N]`. Inputs are built outside the timed closures from a seeded
//! hash, values in [-1, 1).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use einarray::prelude::*;

/// A splitmix64 finaliser: cheap, deterministic, well mixed.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// An array of `shape` with values in [-1, 1), a pure function of `seed` and the index.
fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    Array::from_fn(shape, |idx| {
        let h = idx
            .iter()
            .fold(mix(seed.wrapping_add(0x9E37_79B9_7F4A_7C15)), |h, &i| {
                mix(h ^ i as u64)
            });
        (h >> 11) as f64 * (2.0 / (1u64 << 53) as f64) - 1.0
    })
}

/// `c[i, j] = Σ_p a[i, p] · b[p, j]` through `matrixmultiply::dgemm` (β = 0), `c` row-major with
/// row stride `rsc`. Strides are in elements and must be non-negative.
#[allow(clippy::too_many_arguments)]
fn dgemm(
    (m, k, n): (usize, usize, usize),
    a: &[f64],
    (rsa, csa): (usize, usize),
    b: &[f64],
    (rsb, csb): (usize, usize),
    c: &mut [f64],
    rsc: usize,
) {
    let last = |rows: usize, cols: usize, rs: usize, cs: usize| {
        (rows.max(1) - 1) * rs + (cols.max(1) - 1) * cs
    };
    assert!(m > 0 && k > 0 && n > 0);
    assert!(last(m, k, rsa, csa) < a.len());
    assert!(last(k, n, rsb, csb) < b.len());
    assert!(last(m, n, rsc, 1) < c.len());
    // SAFETY: the asserts above keep every element the three matrices address inside its
    // slice; `c` is a `&mut` borrow, so it overlaps neither `a` nor `b`.
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            rsa as isize,
            csa as isize,
            b.as_ptr(),
            rsb as isize,
            csb as isize,
            0.0,
            c.as_mut_ptr(),
            rsc as isize,
            1,
        )
    }
}

fn slice<const N: usize>(a: &Array<f64, N>) -> &[f64] {
    a.as_slice().expect("bench inputs are contiguous")
}

/// Checked once per group, untimed: the baseline computes what `einsum!` computes.
fn assert_close<const N: usize>(e: &Array<f64, N>, direct: &[f64]) {
    let e = slice(e);
    assert_eq!(e.len(), direct.len());
    for (x, y) in e.iter().zip(direct) {
        assert!((x - y).abs() <= 1e-9 * (1.0 + x.abs()), "{x} vs {y}");
    }
}

/// Runs a baseline once and checks it against `einsum!`'s result, then times it.
fn bench_direct<const N: usize>(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    einsum_result: &Array<f64, N>,
    mut f: impl FnMut() -> Vec<f64>,
) {
    assert_close(einsum_result, &f());
    g.bench_function(name, |bn| bn.iter(&mut f));
}

/// `ij,jk->ik` at 512: one GEMM, the bar is the GEMM kernel itself.
fn matmul_512(c: &mut Criterion) {
    const D: usize = 512;
    let a = data([D, D], 1);
    let b = data([D, D], 2);
    let want = einsum!("ij,jk->ik", &a, &b);
    let mut g = c.benchmark_group("matmul_512");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("ij,jk->ik", black_box(&a), black_box(&b)))
    });
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut out = vec![0.0; D * D];
        dgemm((D, D, D), slice(&a), (D, 1), slice(&b), (D, 1), &mut out, D);
        out
    });
    g.finish();
}

/// `bij,bjk->bik` at 64×64×64: 64 small GEMMs.
fn batched_matmul_64(c: &mut Criterion) {
    const D: usize = 64;
    let a = data([D, D, D], 3);
    let b = data([D, D, D], 4);
    let want = einsum!("bij,bjk->bik", &a, &b);
    let mut g = c.benchmark_group("bmm_64");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("bij,bjk->bik", black_box(&a), black_box(&b)))
    });
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut out = vec![0.0; D * D * D];
        let (sa, sb) = (slice(&a), slice(&b));
        for ((ca, cb), cc) in sa
            .chunks_exact(D * D)
            .zip(sb.chunks_exact(D * D))
            .zip(out.chunks_exact_mut(D * D))
        {
            dgemm((D, D, D), ca, (D, 1), cb, (D, 1), cc, D);
        }
        out
    });
    g.finish();
}

/// Single-operand cases: transpose (a view, and materialised), full sum, diagonal.
fn single_operand(c: &mut Criterion) {
    const D: usize = 200;
    let x = data([D, D, D], 5);
    let mut g = c.benchmark_group("transpose_ijk_kji_200");
    g.bench_function("einsum_view", |bn| {
        bn.iter(|| einsum!("ijk->kji", black_box(&x)).shape())
    });
    g.bench_function("einsum_to_owned", |bn| {
        bn.iter(|| einsum!("ijk->kji", black_box(&x)).to_owned())
    });
    g.finish();

    let mut g = c.benchmark_group("sum_ijk_200");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("ijk->", black_box(&x))[[]])
    });
    g.finish();

    const S: usize = 2000;
    let m = data([S, S], 6);
    let mut g = c.benchmark_group("diag_ii_i_2000");
    g.bench_function("einsum_view", |bn| {
        bn.iter(|| einsum!("ii->i", black_box(&m)).shape())
    });
    g.bench_function("einsum_to_owned", |bn| {
        bn.iter(|| einsum!("ii->i", black_box(&m)).to_owned())
    });
    g.finish();
}

/// Two-operand element-wise cases: a full dot product and an outer product.
fn elementwise(c: &mut Criterion) {
    const S: usize = 2000;
    let a = data([S, S], 7);
    let b = data([S, S], 8);
    let mut g = c.benchmark_group("dot_ij_ij_2000");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("ij,ij->", black_box(&a), black_box(&b))[[]])
    });
    g.finish();

    const L: usize = 4000;
    let u = data([L], 9);
    let v = data([L], 10);
    let mut g = c.benchmark_group("outer_i_j_4000");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("i,j->ij", black_box(&u), black_box(&v)))
    });
    g.finish();
}

/// The seed's three-operand example (In [77]–[81]) at d = 8, and with m = 1 as in the seed.
fn seed_three_operands(c: &mut Criterion) {
    for (name, md) in [("seed_ijkm_iko_kp_d8", 8), ("seed_ijkm_iko_kp_d8_m1", 1)] {
        let x = data([8, 8, 8, md], 11);
        let y = data([8, 8, 8], 12);
        let z = data([8, 8], 13);
        let mut g = c.benchmark_group(name);
        g.bench_function("einsum", |bn| {
            bn.iter(|| {
                einsum!(
                    "ijkm,iko,kp->mip",
                    black_box(&x),
                    black_box(&y),
                    black_box(&z)
                )
            })
        });
        g.finish();
    }
}

/// The seed's neural-net layer: forward `hi,Bi->Bh` and weight gradient `Bh,Bo->oh`.
fn mlp(c: &mut Criterion) {
    const H: usize = 500;
    const I: usize = 784;
    const B: usize = 128;
    const O: usize = 10;
    let w = data([H, I], 14);
    let x = data([B, I], 15);
    let want = einsum!("hi,Bi->Bh", &w, &x);
    let mut g = c.benchmark_group("mlp_forward_hi_bi_bh");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("hi,Bi->Bh", black_box(&w), black_box(&x)))
    });
    // out[B, h] = Σ_i x[B, i] · w[h, i]: b is w transposed (row stride 1, column stride I).
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut out = vec![0.0; B * H];
        dgemm((B, I, H), slice(&x), (I, 1), slice(&w), (1, I), &mut out, H);
        out
    });
    g.finish();

    let h = data([B, H], 16);
    let o = data([B, O], 17);
    let want = einsum!("Bh,Bo->oh", &h, &o);
    let mut g = c.benchmark_group("mlp_grad_bh_bo_oh");
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("Bh,Bo->oh", black_box(&h), black_box(&o)))
    });
    // out[o, h] = Σ_B o[B, o] · h[B, h]: a is o transposed (row stride 1, column stride O).
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut out = vec![0.0; O * H];
        dgemm((O, B, H), slice(&o), (1, O), slice(&h), (H, 1), &mut out, H);
        out
    });
    g.finish();
}

/// The seed's Kronecker-sum matrix-vector product (In [82]): `Ds` (N, b), `Bs` (N, a, a),
/// `z` reshaped to (a, b); step 1 `N...b,ab->Nab` (the ellipsis is empty), step 2
/// `Nca,Nab->cb`.
fn kron(c: &mut Criterion) {
    const N: usize = 10;
    const A: usize = 3;
    for b in [300, 100_000] {
        let bs = data([N, A, A], 18);
        let ds = data([N, b], 19);
        let z = data([A, b], 20);
        let left = einsum!("N...b,ab->Nab", &ds, &z);

        let mut g = c.benchmark_group(format!("kron_b{b}_step1"));
        g.bench_function("einsum", |bn| {
            bn.iter(|| einsum!("N...b,ab->Nab", black_box(&ds), black_box(&z)))
        });
        g.finish();

        let want = einsum!("Nca,Nab->cb", &bs, &left);
        let mut g = c.benchmark_group(format!("kron_b{b}_step2"));
        g.bench_function("einsum", |bn| {
            bn.iter(|| einsum!("Nca,Nab->cb", black_box(&bs), black_box(&left)))
        });
        // out[c, b] = Σ_(N,a) bs[N, c, a] · left[(N, a), b]: (N, a) is one stride in
        // `left` but not in `bs`, so `bs` (90 elements) is packed to (c, N·a) first.
        bench_direct(&mut g, "dgemm_direct", &want, || {
            let src = slice(&bs);
            let mut packed = vec![0.0; A * N * A];
            for cc in 0..A {
                for n in 0..N {
                    for a in 0..A {
                        packed[cc * N * A + n * A + a] = src[n * A * A + cc * A + a];
                    }
                }
            }
            let mut out = vec![0.0; A * b];
            dgemm(
                (A, N * A, b),
                &packed,
                (N * A, 1),
                slice(&left),
                (b, 1),
                &mut out,
                b,
            );
            out
        });
        g.finish();

        let mut g = c.benchmark_group(format!("kron_b{b}_both"));
        g.bench_function("einsum", |bn| {
            bn.iter(|| {
                let l = einsum!("N...b,ab->Nab", black_box(&ds), black_box(&z));
                einsum!("Nca,Nab->cb", black_box(&bs), &l)
            })
        });
        g.finish();
    }
}

/// Multi-operand chains where the contraction order decides: `abc,cd,de->abe` and the
/// five-operand mode product `ea,fb,abcd,gc,hd->efgh`.
fn chains(c: &mut Criterion) {
    const D: usize = 100;
    let a = data([D, D, D], 21);
    let m1 = data([D, D], 22);
    let m2 = data([D, D], 23);
    let want = einsum!("abc,cd,de->abe", &a, &m1, &m2);
    let mut g = c.benchmark_group("chain_abc_cd_de_100");
    g.bench_function("einsum", |bn| {
        bn.iter(|| {
            einsum!(
                "abc,cd,de->abe",
                black_box(&a),
                black_box(&m1),
                black_box(&m2)
            )
        })
    });
    // ce = cd·de, then (ab)c·ce: the optimal path, two GEMMs.
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut ce = vec![0.0; D * D];
        dgemm(
            (D, D, D),
            slice(&m1),
            (D, 1),
            slice(&m2),
            (D, 1),
            &mut ce,
            D,
        );
        let mut out = vec![0.0; D * D * D];
        dgemm((D * D, D, D), slice(&a), (D, 1), &ce, (D, 1), &mut out, D);
        out
    });
    g.finish();

    const F: usize = 10;
    let t = data([F, F, F, F], 24);
    let [e, f, gg, h] = [25, 26, 27, 28].map(|s| data([F, F], s));
    let mut g = c.benchmark_group("five_op_10");
    g.bench_function("einsum", |bn| {
        bn.iter(|| {
            einsum!(
                "ea,fb,abcd,gc,hd->efgh",
                black_box(&e),
                black_box(&f),
                black_box(&t),
                black_box(&gg),
                black_box(&h)
            )
        })
    });
    g.finish();
}

/// A plain triple loop, sum innermost.
fn matmul_loop<const N: usize>(a: &[[f64; N]; N], b: &[[f64; N]; N]) -> [[f64; N]; N] {
    let mut c = [[0.0; N]; N];
    for i in 0..N {
        for k in 0..N {
            let mut s = 0.0;
            for j in 0..N {
                s += a[i][j] * b[j][k];
            }
            c[i][k] = s;
        }
    }
    c
}

fn to_nested<const N: usize>(a: &Array<f64, 2>) -> [[f64; N]; N] {
    std::array::from_fn(|i| std::array::from_fn(|j| a[[i, j]]))
}

/// Tiny matmuls, where per-call overhead is everything.
fn small_matmul<const N: usize>(c: &mut Criterion, seed: u64) {
    let a = data([N, N], seed);
    let b = data([N, N], seed + 1);
    let sa: Array<f64, 2, (Const<N>, Const<N>)> = a.clone().into_static().unwrap();
    let sb: Array<f64, 2, (Const<N>, Const<N>)> = b.clone().into_static().unwrap();
    let (na, nb) = (to_nested::<N>(&a), to_nested::<N>(&b));
    let want = einsum!("ij,jk->ik", &a, &b);
    assert_eq!(einsum!("ij,jk->ik", &sa, &sb).to_vec(), want.to_vec());
    assert_close(&want, matmul_loop(&na, &nb).as_flattened());
    let mut g = c.benchmark_group(format!("matmul_{N}x{N}"));
    g.bench_function("einsum", |bn| {
        bn.iter(|| einsum!("ij,jk->ik", black_box(&a), black_box(&b)))
    });
    g.bench_function("einsum_static", |bn| {
        bn.iter(|| einsum!("ij,jk->ik", black_box(&sa), black_box(&sb)))
    });
    g.bench_function("einsum_static_out", |bn| {
        // NumPy's `out=`: the product written into an existing static array, no allocation.
        let mut out: Array<f64, 2, (Const<N>, Const<N>)> =
            Array::zeros([N, N]).into_static().unwrap();
        bn.iter(|| {
            einsum!("ij,jk->ik", black_box(&sa), black_box(&sb), out = &mut out);
            black_box(&out);
        })
    });
    g.bench_function("hand_loop", |bn| {
        bn.iter(|| matmul_loop(black_box(&na), black_box(&nb)))
    });
    bench_direct(&mut g, "dgemm_direct", &want, || {
        let mut out = vec![0.0; N * N];
        dgemm((N, N, N), slice(&a), (N, 1), slice(&b), (N, 1), &mut out, N);
        out
    });
    g.finish();
}

fn tiny(c: &mut Criterion) {
    small_matmul::<3>(c, 29);
    small_matmul::<4>(c, 31);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = matmul_512, batched_matmul_64, single_operand, elementwise, seed_three_operands,
        mlp, kron, chains, tiny
}
criterion_main!(benches);

//! `tensor!` with index arithmetic: affine indices (`img[i + k, j + l]`, `x[i - 1]`,
//! `y[2 * i + 1]`), each label's range the largest that keeps every access in bounds
//! (Tullio's rule), against naive loops.

use einarray::prelude::*;

fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<f64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % 9) as f64 - 4.0
    })
}

#[test]
fn valid_convolution_matches_loops() {
    let img = data([9, 11], 1);
    let kern = data([3, 4], 2);
    let out = tensor!(out[i, j] := img[i + k, j + l] * kern[k, l]);
    assert_eq!(out.shape(), [7, 8]);
    for i in 0..7 {
        for j in 0..8 {
            let mut want = 0.0;
            for k in 0..3 {
                for l in 0..4 {
                    want += img[[i + k, j + l]] * kern[[k, l]];
                }
            }
            assert_eq!(out[[i, j]], want);
        }
    }
    // The same through sliding windows and einsum!.
    let w = img.sliding_window_view([3, 4]);
    let e: Array<f64, 2> = einsum!("ijkl,kl->ij", &w, &kern);
    assert_eq!(out, e);
}

#[test]
fn offsets_and_strides() {
    let x = data([10], 3);
    // np.diff, both ways: labels start at 0, so `x[i - 1]` starts i at 1.
    let d1 = tensor!(d[i] := x[i + 1] - x[i]);
    let d2 = tensor!(d[i] := x[i] - x[i - 1]);
    assert_eq!(d1.shape(), [9]);
    assert_eq!(d1, d2);
    for i in 0..9 {
        assert_eq!(d1[[i]], x[[i + 1]] - x[[i]]);
    }
    // Every other element, odd ones: 2i + 1 ≤ 9.
    let odd = tensor!(o[i] := x[2 * i + 1]);
    assert_eq!(odd.to_vec(), x.slice(s![1..;2]).to_vec());
    // A reversal and a constant index.
    let m = data([3, 4], 4);
    let rev = tensor!(r[j] := m[0, 3 - j]);
    assert_eq!(
        rev.to_vec(),
        vec![m[[0, 3]], m[[0, 2]], m[[0, 1]], m[[0, 0]]]
    );
    // A 1-D correlation with an explicit reduction.
    let w = data([4], 5);
    let c = tensor!(c[i] := sum[k](x[i + k] * w[k]));
    assert_eq!(c.shape(), [7]);
    for i in 0..7 {
        let want: f64 = (0..4).map(|k| x[[i + k]] * w[[k]]).sum();
        assert_eq!(c[[i]], want);
    }
}

#[test]
fn empty_ranges_give_empty_results() {
    let img = data([2, 3], 6);
    let kern = data([3, 3], 7);
    let out = tensor!(out[i, j] := img[i + k, j + l] * kern[k, l]);
    assert_eq!(out.shape(), [0, 1]);
}

#[test]
fn writes_must_cover_the_target() {
    let x = data([10], 8);
    let mut d = Array::<f64, 1>::zeros([9]);
    tensor!(d[i] = x[i + 1] - x[i]);
    assert_eq!(d, tensor!(e[i] := x[i + 1] - x[i]));
    let mut short = Array::<f64, 1>::zeros([10]);
    let e = try_tensor!(short[i] = x[i + 1] - x[i]).unwrap_err();
    assert!(
        e.to_string()
            .contains("must run over all of `short`'s axis 0"),
        "{e}"
    );
    // Reading the array being written, shifted: computed into a temporary first.
    let mut y = Array::<f64, 1>::arange(5.0);
    tensor!(y[i] += y[4 - i]);
    assert_eq!(y.to_vec(), vec![4.0; 5]);
}

#[test]
fn checked_accesses_report_the_index() {
    let img = data([6], 9);
    let w = data([3], 10);
    let mut c = Array::<f64, 1>::zeros([5]);
    // c has 5 elements, so i runs to 4 and i + k reaches 6: img is one element short.
    let e = try_tensor!(c[i] = sum[k](img[i + k] * w[k])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tensor c[i] = …: index `i + k` of `img` reaches 6, outside its axis 0 of length 6"
    );
    let mut c = Array::<f64, 1>::zeros([4]);
    tensor!(c[i] = sum[k](img[i + k] * w[k]));
    assert_eq!(c, tensor!(d[i] := sum[k](img[i + k] * w[k])));
    // A negative coefficient: the reversal of x, and its upper bound from the offset.
    let x = data([5], 11);
    let r = tensor!(r[i] := x[4 - i]);
    assert_eq!(r.to_vec(), x.slice(s![..;-1]).to_vec());
    let r = tensor!(r[i] := x[2 - i]);
    assert_eq!(r.to_vec(), vec![x[[2]], x[[1]], x[[0]]]);
}

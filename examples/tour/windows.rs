//! Beyond the notebook: windows and index arithmetic. A 2-D image filter three ways — NumPy's
//! idiom (`sliding_window_view` + `einsum`), `tensor!` with index arithmetic, and a box blur
//! as a mean over the window axes — with a figure of the image, its blur and its edges.

use crate::plot;
use crate::{cell, figure, section, tuple};
use einarray::index::mgrid_points;
use einarray::prelude::*;

pub fn run() {
    section("Windows and index arithmetic");

    cell(
        "w1",
        "an image: sin(x)·sin(y) on a 96 × 96 grid, with a bright square",
    );
    let [xs, ys] = mgrid_points([(0.0, 6.0, 96), (0.0, 6.0, 96)]);
    let mut img = &xs.sin() * &ys.sin();
    img.slice_mut(s![30..50, 55..75]).fill(1.5);
    println!("img {}", tuple(&img.shape()));

    cell(
        "w2",
        "sliding_window_view(img, (5, 5)): a read-only view of rank 4, no copy",
    );
    let windows = img.sliding_window_view([5, 5]);
    println!(
        "windows {} strides {:?}, shares memory with img: {}",
        tuple(&windows.shape()),
        windows.strides(),
        windows.shares_memory(&img)
    );
    // A 5 × 5 box blur: the mean over the two window axes (np.mean(windows, axis=(-2, -1))).
    let blurred: Array<f64, 2> = windows.mean_axis::<3>(-1).mean_axis(-1);
    println!("blurred {}", tuple(&blurred.shape()));

    cell(
        "w3",
        "edges: a Laplacian kernel, as einsum over the windows and as tensor! index arithmetic",
    );
    let kernel = array![
        [0.0, 0.0, 1.0, 0.0, 0.0],
        [0.0, 1.0, 2.0, 1.0, 0.0],
        [1.0, 2.0, -16.0, 2.0, 1.0],
        [0.0, 1.0, 2.0, 1.0, 0.0],
        [0.0, 0.0, 1.0, 0.0, 0.0]
    ];
    let by_einsum: Array<f64, 2> = einsum!("ijkl,kl->ij", &windows, &kernel);
    let edges = tensor!(edges[i, j] := img[i + k, j + l] * kernel[k, l]);
    println!(
        "edges {}; einsum over windows and tensor! agree: {}",
        tuple(&edges.shape()),
        edges.allclose(&by_einsum, 1e-12, 1e-12)
    );
    // np.diff along a row, and every other column: more index arithmetic.
    let row = img.index_axis::<1>(0, 40);
    let d = tensor!(d[j] := row[j + 1] - row[j]);
    let odd = tensor!(o[i, j] := img[i, 2 * j + 1]);
    println!(
        "np.diff(img[40]) {}, img[:, 1::2] {}",
        tuple(&d.shape()),
        tuple(&odd.shape())
    );
    let r = plot::range(&img);
    figure(plot::panels(
        "filters.png",
        (1, 3),
        &[
            ("img", img.view()),
            ("5 × 5 box blur", blurred.view()),
            ("edges (clipped)", edges.clip(r.0, r.1).view()),
        ],
        r,
    ));
}

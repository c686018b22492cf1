//! "Indexing" (In [15]–[39]): basic slicing returns views, advanced indexing copies, and the
//! applications the notebook builds on them (data cleanup, labelled data, a heat map, imputing
//! a failed sensor, cubic interpolation), with their figures.

use crate::plot::{self, Mark, Series};
use crate::{cell, display, figure, section, tuple};
use einarray::index::mgrid_points;
use einarray::prelude::*;
use einarray::r_;
use einarray::random::RandomState;
use einarray::select::unique;
use plotters::style::{BLACK, BLUE, GREEN, MAGENTA, RED};

/// Keys' cubic convolution kernel (In [38]), with the notebook's masked assignments
/// `y[q] = f(x[q])`: `nonzero` turns the mask into indices, `put` writes through them.
fn cubic_kernel(x: &Array<f64, 1>) -> Array<f64, 1> {
    let mut y = Array::<f64, 1>::zeros_like(x);
    let x = x.abs();
    assert!(!x.greater(&2.0).any(), "only absolute values <= 2 allowed");
    let [q] = x.less_equal(&1.0).nonzero();
    let xq = x.take(&q, Axis(0));
    y.put(&q, &(((1.5 * &xq - 2.5) * &xq) * &xq + 1.0));
    let [q] = (&x.greater(&1.0) & &x.less_equal(&2.0)).nonzero();
    let xq = x.take(&q, Axis(0));
    y.put(&q, &(((-0.5 * &xq + 2.5) * &xq - 4.0) * &xq + 2.0));
    y
}

/// The `n_samples × grid_size` matrix W with W·f(grid) ≈ f(samples) (In [38]). The notebook
/// sums four sparse matrices; W is small here, so it is dense.
fn interp_cubic(grid: &Array<f64, 1>, samples: &Array<f64, 1>) -> Array<f64, 2> {
    let delta = grid[[1]] - grid[[0]];
    let factors = (samples - grid[[0]]) / delta;
    // closest refers to the closest grid point that is smaller
    let idx_of_closest = factors.floor();
    let dist_to_closest = &factors - &idx_of_closest; // in units of delta
    let (n_samples, grid_size) = (samples.len(), grid.len());
    let mut w = Array::<f64, 2>::zeros([n_samples, grid_size]);
    for conv_idx in -2..2 {
        // sliding convolution window
        let mut coeff_idx = &idx_of_closest - conv_idx as f64;
        let below = coeff_idx.less(&0.0);
        coeff_idx.mask_assign(&below, 0.0); // threshold (no wraparound below)
        let above = coeff_idx.greater_equal(&(grid_size as f64));
        coeff_idx.mask_assign(&above, (grid_size - 1) as f64);
        let data = cubic_kernel(&(&dist_to_closest + conv_idx as f64));
        for (i, (&col, &d)) in coeff_idx.iter().zip(data.iter()).enumerate() {
            w[[i, col as usize]] += d;
        }
    }
    w
}

/// scikit-learn's `make_blobs(n_samples, centers, cluster_std, random_state=seed)`: equal
/// shares of points drawn around each centre in turn from `RandomState(seed)`, then shuffled
/// by the same generator. (Its own generator: the notebook's global stream is untouched.)
fn make_blobs(
    n: usize,
    centers: &Array<f64, 2>,
    std: f64,
    seed: u32,
) -> (Array<f64, 2>, Array<i64, 1>) {
    let mut rng = RandomState::new(seed);
    let (k, dims) = (centers.shape()[0], centers.shape()[1]);
    let mut points = Array::<f64, 2>::zeros([n, dims]);
    let mut labels = Array::<i64, 1>::zeros([n]);
    let mut start = 0;
    for c in 0..k {
        // scikit-learn gives the first n % k centres one point more
        let count = n / k + usize::from(c < n % k);
        let blob = &rng.normal(0.0, std, [count, dims]) + centers.slice(s![c, ..]);
        points.slice_mut(s![start..start + count, ..]).assign(&blob);
        labels.slice_mut(s![start..start + count]).fill(c as i64);
        start += count;
    }
    let order = rng.permutation(n);
    (points.take(&order, Axis(0)), labels.take(&order, Axis(0)))
}

pub fn run(rng: &mut RandomState) {
    section("Indexing");

    cell("15", "start:stop:step; a slice is a view of the same base");
    let x = Array::<i64, 1>::arange(10);
    println!("{x}");
    println!("{}", x.slice(s![2..6;2]));
    println!("same base: {}", x.slice(s![2..6;2]).shares_memory(&x));
    cell("16", "default start, stop and step");
    println!("{}", x.slice(s![..3]));
    println!("{}", x.slice(s![7..]));
    cell("17", "overshooting is fine");
    println!("{}", x.slice(s![..100]));
    #[allow(clippy::reversed_empty_ranges)] // x[7:2] is empty, on purpose
    let empty = x.slice(s![7..2]);
    println!("{empty}");
    cell("18", "negatives wrap around");
    println!("{}", x.slice(s![-4..-1]));
    cell("19", "a reversed view");
    println!("{}", x.slice(s![..;-1]));
    println!("{}", x.slice(s![..;-1]).slice(s![..3]));

    cell("20", "sorting a reversed view sorts the base in reverse");
    let mut x = Array::<i64, 1>::arange(10);
    println!("x[:5]                {}", x.slice(s![..5]));
    println!("x[:5][::-1]          {}", x.slice(s![..5]).slice(s![..;-1]));
    x.slice_mut(s![..5]).slice_mut(s![..;-1]).sort();
    println!("calling x[:5][::-1].sort()");
    println!("x[:5][::-1] (sorted) {}", x.slice(s![..5]).slice(s![..;-1]));
    println!("x[:5] (rev-sorted)   {}", x.slice(s![..5]));
    println!("x                    {x}");

    cell("21", "several axes");
    let x = Array::<i64, 1>::arange(4 * 4 * 2).into_reshape([2, 4, 4]);
    display("x", &x);
    display("x[1, :, :1]", &x.slice(s![1, .., ..1]));
    display("x[1, :, 0]", &x.slice(s![1, .., 0]));

    cell("22", "as many length-1 axes as you want");
    let y = Array::<i64, 1>::arange(2 * 2).into_reshape([2, 2]);
    display("y", &y);
    display("y[:, :, np.newaxis]", &y.slice(s![.., .., NewAxis]));
    display(
        "y[np.newaxis, :, :, np.newaxis]",
        &y.slice(s![NewAxis, .., .., NewAxis]),
    );

    cell("23", "indices made by a program");
    let f = || Slice::new(0, 2, 1);
    let sl = f();
    println!(
        "slice {} {} {}",
        sl.start.unwrap(),
        sl.stop.unwrap(),
        sl.step
    );
    display("x[0, 0, s]", &x.slice(s![0, 0, sl]));
    let info = SliceInfo::new().push(0).push(0).push(sl);
    display("x[tuple([0, 0, s])]", &x.slice(info));
    display("x[(0, 0, s)]", &x.slice(s![0, 0, sl])); // a tuple is the comma form

    section("Advanced Indexing (copies, not views)");
    let m = Array::<i64, 1>::arange(4 * 5).into_reshape([4, 5]);
    cell("24", "1D advanced index");
    display("m", &m);
    display("m[[1,2,1],:]", &m.take(&array![1, 2, 1], Axis(0)));
    cell("25", "the indices it uses");
    println!("original indices");
    println!("  rows {}", Array::<i64, 1>::arange(m.shape()[0] as i64));
    println!("  cols {}", Array::<i64, 1>::arange(m.shape()[1] as i64));
    println!("new indices");
    println!("  rows [1, 2, 1]");
    println!("  cols {}", Array::<i64, 1>::arange(m.shape()[1] as i64));
    cell("26", "2D advanced index");
    display("m", &m);
    display(
        "m[0:1, [[1, 1, 2],[0, 1, 2]]]",
        &m.slice(s![0..1, ..])
            .take(&array![[1, 1, 2], [0, 1, 2]], Axis(1)),
    );

    cell("27", "GOTCHA: accidentally invoking advanced indexing");
    display("x", &x);
    display("x[(0, 0, 1),]", &x.take(&array![0, 0, 1], Axis(0)));
    println!("x[(0, 0, 1)] ()\n{}", x[[0, 0, 1]]);
    println!("(in Rust they are different calls: `take` copies rows, `[[..]]` reads one element)");

    cell("28", "every index advanced, ix_ and r_");
    display("m", &m);
    let (rows, cols) = (array![1, 2], array![3, 4]);
    display("m[[1,2],[3,4]]", &m.take_points([rows.view(), cols.view()]));
    display("m[np.ix_([1,2],[3,4])]", &m.ix([&[1, 2], &[3, 4]]));
    let r = r_![..2, 3..1;-1, 2];
    display(
        "m[0, np.r_[:2, slice(3, 1, -1), 2]]",
        &m.slice(s![0, ..]).take(&r, Axis(0)),
    );

    cell(
        "29",
        "booleans select by truth; 0/1 integers select elements 0 and 1",
    );
    *rng = RandomState::new(1234); // np.random.seed(1234)
    let digits = rng.permutation(10);
    // The notebook's numbers; CI runs the tour, so these checks keep them.
    assert_eq!(digits.to_vec(), [7, 2, 9, 1, 0, 8, 4, 5, 6, 3]);
    let is_odd = &digits % 2;
    println!("{digits}");
    println!("{is_odd}");
    let odd = is_odd.not_equal(&0); // is_odd.astype(bool)
    println!("{odd}");
    println!("{}", digits.take(&is_odd, Axis(0))); // GOTCHA: integer indexing
    println!("{}", digits.mask(&odd));

    cell("30", "nonzero");
    println!("{digits}");
    let [nz] = is_odd.nonzero();
    println!("{nz}");
    println!("{}", digits.take(&nz, Axis(0)));

    cell("31", "boolean selection in higher dimensions");
    let x = Array::<i64, 1>::arange(2 * 2).into_reshape([2, 2]);
    let y = (&x % 2).not_equal(&0);
    println!("{x}");
    println!("{y}");
    let [r0, r1] = y.nonzero();
    println!("({r0}, {r1})");
    println!("{}", x.mask(&y));

    section("Indexing Applications");
    cell("32", "data cleanup / filtering");
    let x = array![1.0, 2.0, 3.0, f64::NAN, 2.0, 1.0, f64::NAN];
    let b = !x.isnan();
    println!("{x}");
    println!("{b}");
    println!("{}", x.mask(&b));

    cell(
        "33",
        "selecting labelled data (make_blobs around (0, 0) and (1, 1))",
    );
    // make_blobs(n_samples=100, centers=[[0, 0], [1, 1]], cluster_std=0.4, random_state=0)
    let (blobs, labels) = make_blobs(100, &array![[0.0, 0.0], [1.0, 1.0]], 0.4, 0);
    println!("{}", tuple(&blobs.shape()));
    println!("{}", tuple(&labels.shape()));
    println!("{}", unique(&labels));
    cell("34", "X[labels == label] for each label");
    let colors = [BLUE, RED];
    let groups: Vec<Array<f64, 2>> = (0..2)
        .map(|label| blobs.mask_axis(&labels.equal(&label), Axis(0)))
        .collect();
    let series: Vec<Series<'_>> = groups
        .iter()
        .zip(["label 0", "label 1"])
        .zip(colors)
        .map(|((g, name), c)| {
            Series::new(
                name,
                &g.slice(s![.., 0]),
                &g.slice(s![.., 1]),
                c,
                Mark::Dots,
            )
        })
        .collect();
    // scikit-learn's make_blobs(..., random_state=0) gives these means (NumPy 2.4, sklearn's
    // draw order).
    let numpy_means = [
        [0.006722465350939661, 0.041123947076648334],
        [0.9925113892054049, 1.073098987392865],
    ];
    for (g, want) in groups.iter().zip(numpy_means) {
        let mean = g.mean_axis(Axis(0));
        assert!(mean.iter().zip(want).all(|(m, w)| (m - w).abs() < 1e-12));
    }
    for (label, g) in groups.iter().enumerate() {
        println!(
            "label {label}: {} points, mean {:.4}",
            g.shape()[0],
            g.mean_axis(Axis(0))
        );
    }
    figure(plot::chart("blobs.png", "X[labels == label]", &series));

    cell(
        "35",
        "contour plots: sin(x)·sin(y) on np.mgrid[0:5:100j, 0:5:100j]",
    );
    let [xs, ys] = mgrid_points([(0.0, 5.0, 100), (0.0, 5.0, 100)]);
    let z = &xs.sin() * &ys.sin();
    println!(
        "Z {} from {:.4} to {:.4}",
        tuple(&z.shape()),
        z.min(),
        z.max()
    );
    figure(plot::image(
        "sin_sin.png",
        "sin(x) sin(y), extent (0, 5, 0, 5)",
        z.view(),
        Some((0.0, 5.0, 0.0, 5.0)),
    ));

    cell("36", "two strongly correlated sensors");
    *rng = RandomState::new(1234); // np.random.seed(1234)
    let t = Array::<f64, 1>::linspace(0.0, 10.0, 100);
    let s1 = &t.sin() + &(rng.randn([100]) * 0.05);
    let s2 = &(2.0 * &t.sin()) + &(rng.randn([100]) * 0.05);
    let times = Array::<f64, 1>::arange(100.0);
    figure(plot::chart(
        "sensors.png",
        "s1 (blue) and s2 (red)",
        &[
            Series::new("", &times, &s1, BLUE, Mark::Line),
            Series::new("", &times, &s2, RED, Mark::Line),
        ],
    ));

    cell("37", "impute a 40-sample failure of sensor 2 from sensor 1");
    let n = s2.len() as i64;
    // gives an arbitrary slice from 0 to 100 of width 40, and the indices outside it
    let mut holdout = || {
        let width = 40;
        let start = rng.randint(0, n - width, [1])[[0]];
        (r_![start..start + width], r_![..start, start + width..n])
    };
    // the most likely scaling for reconstructing s2 from s1
    let factor_finder = |train: &Array<i64, 1>| {
        ((&s2.take(train, Axis(0)) + 0.0001) / (&s1.take(train, Axis(0)) + 0.0001)).mean()
    };
    let (test, train) = holdout();
    let f = factor_finder(&train);
    assert_eq!((test[[0]], f), (46, 2.204310082004304)); // the notebook's title
    println!(
        "held out {}..{}: prediction factor {f}",
        test[[0]],
        test[[test.len() - 1]] + 1
    );
    // plot_factor draws a fresh holdout, as the notebook's does
    let (test, train) = holdout();
    let err = (&s1.take(&test, Axis(0)) * f - &s2.take(&test, Axis(0)))
        .abs()
        .max();
    println!(
        "plotted with held-out {}..{}; largest error there {err:.4}",
        test[[0]],
        test[[test.len() - 1]] + 1
    );
    let ti = |ix: &Array<i64, 1>| ix.map(|&i| i as f64);
    figure(plot::chart(
        "imputation.png",
        &format!("prediction factor {f}"),
        &[
            Series::new("s1", &times, &s1, BLUE, Mark::Dashed),
            Series::new(
                "train",
                &ti(&train),
                &s2.take(&train, Axis(0)),
                RED,
                Mark::Dots,
            ),
            Series::new(
                "prediction",
                &ti(&test),
                &(&s1.take(&test, Axis(0)) * f),
                GREEN,
                Mark::Line,
            ),
            Series::new(
                "test",
                &ti(&test),
                &s2.take(&test, Axis(0)),
                MAGENTA,
                Mark::Dots,
            ),
        ],
    ));

    cell("38", "cubic convolution interpolation (Keys 1981)");
    let fine = Array::<f64, 1>::linspace(0.0, 1.0, 100);
    let coarse = Array::<f64, 1>::linspace(0.0, 1.0, 15);
    let w = interp_cubic(&coarse, &fine);
    println!("{}", tuple(&w.shape()));
    cell("39", "interpolate f from the coarse grid");
    let f = |x: &Array<f64, 1>| (2.0 / (x + 0.2)).sin() * (x + 0.1) * (2.0 * x).cos();
    let known = f(&coarse); // only use coarse
    let interp = w.dot(&known);
    let err = (&interp - &f(&fine)).abs();
    println!(
        "interpolated {} points from {}: largest error {:.4}, mean {:.4}",
        fine.len(),
        coarse.len(),
        err.max(),
        err.mean()
    );
    figure(plot::chart(
        "interpolation.png",
        "cubic convolution interpolation",
        &[
            Series::new("grid", &coarse, &known, BLUE, Mark::Dots),
            Series::new("interp", &fine, &interp, RED, Mark::Line),
            Series::new("exact", &fine, &f(&fine), BLACK, Mark::Dashed),
        ],
    ));
}

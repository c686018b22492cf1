//! Advanced indexing and its applications: seed cells In [24]–[44] of "Advanced NumPy
//! Techniques" (integer-array and boolean indexing, `ix_`, `r_`, the 0/1-integer GOTCHA, data
//! cleanup, labelled selection, `mgrid`, the sensor-imputation example, cubic-convolution
//! interpolation, and the creation cells that follow), printing what the notebook prints; the
//! random numbers are NumPy's own (`RandomState` reproduces `np.random.seed`).
//!
//! Run with `cargo run --release --example indexing`.

use einarray::index::mgrid_points;
use einarray::prelude::*;
use einarray::r_;
use einarray::random::RandomState;
use einarray::select::unique;
use einarray::ufunc::where_;
use einarray::FormatElement;

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

/// Keys' cubic convolution kernel (In [38]), written with masks as the notebook does.
fn cubic_kernel(x: &Array<f64, 1>) -> Array<f64, 1> {
    let x = x.abs();
    assert!(!x.greater(&2.0).any(), "only absolute values <= 2 allowed");
    let near = x.less_equal(&1.0);
    let far = &x.greater(&1.0) & &x.less_equal(&2.0);
    let inner = (1.5 * &x - 2.5) * &x * &x + 1.0;
    let outer = ((-0.5 * &x + 2.5) * &x - 4.0) * &x + 2.0;
    let y = Array::<f64, 1>::zeros_like(&x);
    let y: Array<f64, 1> = where_(&near, &inner, &y);
    where_(&far, &outer, &y)
}

/// The (n_samples × grid) matrix W with W·f(grid) ≈ f(samples) (In [38]), dense.
fn interp_cubic(grid: &Array<f64, 1>, samples: &Array<f64, 1>) -> Array<f64, 2> {
    let delta = grid[[1]] - grid[[0]];
    let factors = (samples - grid[[0]]) / delta;
    let idx_of_closest = factors.floor();
    let dist_to_closest = &factors - &idx_of_closest;
    let (n, g) = (samples.len(), grid.len());
    let mut w = Array::<f64, 2>::zeros([n, g]);
    for conv_idx in -2..2 {
        let coeff_idx = (&idx_of_closest - conv_idx as f64)
            .clip(0.0, (g - 1) as f64)
            .cast::<usize>();
        let data = cubic_kernel(&(&dist_to_closest + conv_idx as f64));
        for i in 0..n {
            w[[i, coeff_idx[[i]]]] += data[[i]];
        }
    }
    w
}

fn main() {
    let m = Array::<i64, 1>::arange(20).into_reshape([4, 5]);

    println!("In [24]: 1D advanced index");
    display("m", m.view());
    display("m[[1,2,1],:]", m.take(&array![1, 2, 1], Axis(0)).view());

    println!("\nIn [26]: 2D advanced index");
    let idx = array![[1, 1, 2], [0, 1, 2]];
    display(
        "m[0:1, [[1, 1, 2],[0, 1, 2]]]",
        m.slice(s![0..1, ..]).take(&idx, Axis(1)).view(),
    );

    println!("\nIn [27]: GOTCHA: accidentally invoking advanced indexing");
    let x = Array::<i64, 1>::arange(32).into_reshape([2, 4, 4]);
    display("x[(0, 0, 1),]", x.take(&array![0, 0, 1], Axis(0)).view());
    println!("x[(0, 0, 1)] ()\n{}", x[[0, 0, 1]]);
    println!("(in Rust the two are different calls: `take` copies, `[[…]]` reads one element)");

    println!("\nIn [28]: every index advanced, ix_ and r_");
    let rows = array![1, 2];
    let cols = array![3, 4];
    display(
        "m[[1,2],[3,4]]",
        m.take_points([rows.view(), cols.view()]).view(),
    );
    display("m[np.ix_([1,2],[3,4])]", m.ix([&[1, 2], &[3, 4]]).view());
    let r = r_![..2, 3..1;-1, 2];
    display(
        "m[0, np.r_[:2, slice(3, 1, -1), 2]]",
        m.slice(s![0, ..]).take(&r, Axis(0)).view(),
    );

    println!("\nIn [29]: boolean arrays select by truth; 0/1 integers select elements 0 and 1");
    let digits = RandomState::new(1234).permutation(10);
    let is_odd = &digits % 2;
    println!("{digits}");
    println!("{is_odd}");
    let odd = is_odd.cast::<u8>().not_equal(&0);
    println!("{odd}");
    println!("{}", digits.take(&is_odd, Axis(0))); // GOTCHA: integer indexing
    println!("{}", digits.mask(&odd));

    println!("\nIn [30]");
    println!("{digits}");
    let [nz] = is_odd.nonzero();
    println!("{nz}");
    println!("{}", digits.take(&nz, Axis(0)));

    println!("\nIn [31]: boolean selection in higher dimensions");
    let x = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
    let y = (&x % 2).equal(&1);
    println!("{x}");
    println!("{y}");
    let [r0, r1] = y.nonzero();
    println!("({r0}, {r1})");
    println!("{}", x.mask(&y));

    println!("\nIn [32]: data cleanup / filtering");
    let x = array![1.0, 2.0, 3.0, f64::NAN, 2.0, 1.0, f64::NAN];
    let b = !x.isnan();
    println!("{x}");
    println!("{b}");
    println!("{}", x.mask(&b));

    println!("\nIn [33]: selecting labelled data (two blobs around (0, 0) and (1, 1))");
    let mut rs = RandomState::new(0);
    let labels = rs.randint(0, 2, [100]);
    let centers = array![[0.0, 0.0], [1.0, 1.0]];
    let blobs = &centers.take(&labels, Axis(0)) + &(rs.randn([100, 2]) * 0.1);
    println!("{}", tuple(&blobs.shape()));
    println!("{}", tuple(&labels.shape()));
    println!("{}", unique(&labels));
    for label in 0..2 {
        let members = blobs.mask_axis(&labels.equal(&label), Axis(0));
        println!(
            "label {label}: {} points, mean {}",
            members.shape()[0],
            members.mean_axis(Axis(0))
        );
    }

    println!("\nIn [35]: a mesh for the sin(x)·sin(y) heat map");
    let [xs, ys] = mgrid_points([(0.0, 5.0, 100), (0.0, 5.0, 100)]);
    let z = &xs.sin() * &ys.sin();
    println!(
        "Z {} from {:.4} to {:.4}",
        tuple(&z.shape()),
        z.min(),
        z.max()
    );

    println!("\nIn [36]-[37]: imputing a failed sensor from a correlated one");
    let mut rs = RandomState::new(1234);
    let t = Array::<f64, 1>::linspace(0.0, 10.0, 100);
    let s1 = &t.sin() + &(rs.randn([100]) * 0.05);
    let s2 = &(2.0 * &t.sin()) + &(rs.randn([100]) * 0.05);
    let width = 40;
    let start = rs.randint(0, s2.len() as i64 - width, [1])[[0]];
    let test = r_![start..start + width];
    let train = r_![..start, start + width..s2.len() as i64];
    let ratio = (&s2.take(&train, Axis(0)) + 0.0001) / (&s1.take(&train, Axis(0)) + 0.0001);
    let factor = ratio.mean();
    println!(
        "held out {start}..{}: prediction factor {factor}",
        start + width
    );
    let predicted = &s1.take(&test, Axis(0)) * factor;
    let err = (&predicted - &s2.take(&test, Axis(0))).abs().max();
    println!("largest error on the held-out window {err:.4}");

    println!("\nIn [38]-[39]: cubic convolution interpolation");
    let fine = Array::<f64, 1>::linspace(0.0, 1.0, 100);
    let coarse = Array::<f64, 1>::linspace(0.0, 1.0, 15);
    let w = interp_cubic(&coarse, &fine);
    println!("{}", tuple(&w.shape()));
    let f = |x: &Array<f64, 1>| (2.0 / (x + 0.2)).sin() * (x + 0.1) * (2.0 * x).cos();
    let known = f(&coarse);
    let interp = w.dot(&known);
    let err = (&interp - &f(&fine)).abs();
    println!(
        "interpolated {} points from {}: largest error {:.4}, mean error {:.4}",
        fine.len(),
        coarse.len(),
        err.max(),
        err.mean()
    );

    println!("\nIn [40]: GOTCHA: linspace counts points, arange steps");
    display(
        "np.linspace(4, 8, 2)",
        Array::<f64, 1>::linspace(4.0, 8.0, 2).view(),
    );
    display(
        "np.arange(4, 8, 2)",
        Array::<i64, 1>::arange_step(4, 8, 2).view(),
    );

    println!("\nIn [41]: linspace against logspace");
    let lin = Array::<f64, 1>::linspace(1.0, 4.0, 10);
    let log = Array::<f64, 1>::logspace(1.0, 4.0, 10);
    println!("{lin}\n{log}");

    println!("\nIn [42]: zeros (np.empty is Array::uninit, which Rust makes you initialise)");
    println!("{}", Array::<f64, 2>::zeros([4, 2]));

    println!("\nIn [43]: from nested lists");
    println!("{:?}", array![[1, 2], [3, 4], [5, 6]]);

    println!("\nIn [44]: deep copies and shape-preserving creation");
    let mut x = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
    let y = x.clone();
    let z = Array::<i64, 2>::zeros_like(&x);
    x[[1, 1]] = 5;
    println!("{x}\n{y}\n{z}");
}

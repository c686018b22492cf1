//! "Array Creation and Initialization" (In [40]–[44]).

use crate::plot::{self, Mark, Series};
use crate::{cell, display, figure, repr, section};
use einarray::prelude::*;
use plotters::style::BLUE;

pub fn run() {
    section("Array Creation and Initialization");

    cell("40", "GOTCHA: linspace counts points, arange steps");
    display(
        "np.linspace(4, 8, 2)",
        &Array::<f64, 1>::linspace(4.0, 8.0, 2),
    );
    display("np.arange(4, 8, 2)", &Array::<i64, 1>::arange_step(4, 8, 2));

    cell(
        "41",
        "plt.plot(np.linspace(1, 4, 10), np.logspace(1, 4, 10))",
    );
    let lin = Array::<f64, 1>::linspace(1.0, 4.0, 10);
    let log = Array::<f64, 1>::logspace(1.0, 4.0, 10);
    println!("{lin}\n{log}");
    figure(plot::chart(
        "linspace_logspace.png",
        "np.logspace(1, 4, 10) against np.linspace(1, 4, 10)",
        &[Series::new("", &lin, &log, BLUE, Mark::Line)],
    ));

    cell(
        "42",
        "zeros; np.empty is Array::uninit, which Rust makes you initialise",
    );
    println!("{}", Array::<f64, 2>::zeros([4, 2]));
    // The notebook's np.empty printed [[1. 2.] [0. 0.] ...]: the stale values of the array it
    // had just deleted. `Array::uninit` gives `MaybeUninit` elements, which cannot be read as
    // `f64` without `unsafe`, so the tour writes every element before `assume_init`.
    let mut e = Array::<f64, 2>::uninit([4, 2]);
    e.map_inplace(|v| {
        v.write(0.0);
    });
    // SAFETY: every element was written just above.
    let e = unsafe { e.assume_init() };
    println!("{e}");
    println!("(np.empty showed stale memory here; einarray never reads uninitialised elements)");

    cell(
        "43",
        "from nested lists: array! flattens at compile time; ragged rows do not compile",
    );
    println!("{}", repr(&array![[1, 2], [3, 4], [5, 6]]));

    cell("44", "deep copies and shape-preserving creation");
    let mut x = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
    let y = x.clone(); // np.copy(x)
    let z = Array::<i64, 2>::zeros_like(&x);
    x[[1, 1]] = 5;
    println!("{x}\n{y}\n{z}");
    println!("(np.random: einarray::random::RandomState, NumPy's own stream; remember to seed!)");
}

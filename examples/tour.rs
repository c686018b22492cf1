//! The tour: every section of "Advanced NumPy Techniques" (the notebook einarray grew from), in
//! order, in Rust. Each cell prints what the notebook prints; where the notebook seeds NumPy's
//! generator, one `RandomState` is passed from cell to cell in the notebook's order, so the
//! random numbers are NumPy's own. Timings print the notebook's `compare_times` report, with the
//! ratio the notebook measured beside it; figures are written as PNGs under `target/tour/`.
//!
//! Run with `cargo run --release --example tour` (under 30 s on a 2-core machine).
//!
//! The sections live in `examples/tour/`, one file each.

use einarray::prelude::*;
use einarray::random::RandomState;
use einarray::FormatElement;
use std::time::Instant;

#[path = "tour/array.rs"]
mod array;
#[path = "tour/compile_time.rs"]
mod compile_time;
#[path = "tour/creation.rs"]
mod creation;
#[path = "tour/einsum.rs"]
mod einsum;
#[path = "tour/hardware.rs"]
mod hardware;
#[path = "tour/indexing.rs"]
mod indexing;
#[path = "tour/lists.rs"]
mod lists;
#[path = "tour/notebook.rs"]
mod notebook;
#[path = "tour/plot.rs"]
mod plot;
#[path = "tour/transposition.rs"]
mod transposition;
#[path = "tour/ufuncs.rs"]
mod ufuncs;
#[path = "tour/windows.rs"]
mod windows;

/// NumPy's way of printing a shape: `(2, 4)`, `(4,)`, `()`.
pub fn tuple(shape: &[usize]) -> String {
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

/// The notebook's `display(exp)`: the expression, its shape, the array, a blank line.
pub fn display<T: FormatElement, const N: usize>(exp: &str, x: &impl AsView<T, N>) {
    let x = x.as_view();
    println!("{exp} {}", tuple(&x.shape()));
    println!("{x}");
    println!();
}

/// NumPy's `repr(x)`, the `Out[n]:` of a notebook cell: `array([[1, 2],\n       [3, 4]])`
/// (einarray's `{:?}` is that text plus shape, strides and layout).
pub fn repr<T: std::fmt::Debug, const N: usize>(x: &impl AsView<T, N>) -> String {
    let debug = format!("{:?}", x.as_view());
    let body = debug.split(", shape=").next().unwrap_or(&debug);
    format!("array({})", body.replace('\n', "\n      "))
}

/// A cell's heading: `In [n]:` and what it is about.
pub fn cell(n: &str, what: &str) {
    println!("\nIn [{n}]: {what}");
}

/// A section's heading, as the notebook's markdown titles.
pub fn section(title: &str) {
    println!(
        "\n{}\n{title}\n{}",
        "=".repeat(title.len()),
        "=".repeat(title.len())
    );
}

/// Prints the path of a figure just written.
///
/// # Panics
/// When the figure could not be drawn or written, so that CI, which runs the tour, fails.
pub fn figure(result: Result<std::path::PathBuf, Box<dyn std::error::Error>>) {
    match result {
        Ok(path) => println!("[figure] {}", path.display()),
        Err(e) => panic!("a figure could not be written: {e}"),
    }
}

/// Seconds taken by one call, over `RUNS` calls (each after its own `setup`, untimed, as the
/// notebook's `compare_times` does), after one untimed warm-up call.
pub struct Timing {
    /// The contestant's name, printed as the notebook prints its function names.
    pub name: &'static str,
    /// Seconds of each timed run.
    pub times: Vec<f64>,
}

/// Runs per contestant, as in the notebook.
pub const RUNS: usize = 5;

impl Timing {
    /// Times `f` on fresh `setup()` arguments, as the notebook's `compare_times` does: what
    /// `f` returns is dropped inside the timed call (Python frees a discarded result at once),
    /// the arguments after it (the notebook keeps `args` alive).
    pub fn of<S, R>(
        name: &'static str,
        mut setup: impl FnMut() -> S,
        mut f: impl FnMut(&mut S) -> R,
    ) -> Timing {
        drop(std::hint::black_box(f(&mut setup())));
        let times = (0..RUNS)
            .map(|_| {
                let mut args = std::hint::black_box(setup());
                let t = Instant::now();
                drop(std::hint::black_box(f(&mut args)));
                let dt = t.elapsed().as_secs_f64();
                drop(args);
                dt
            })
            .collect();
        Timing { name, times }
    }

    /// Mean seconds and the standard error of the mean (NumPy's `np.std`, ddof 0, over √n).
    pub fn mean_se(&self) -> (f64, f64) {
        let n = self.times.len() as f64;
        let mean = self.times.iter().sum::<f64>() / n;
        let var = self.times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
        (mean, var.sqrt() / n.sqrt())
    }
}

/// Python's `{:.2e}`: two decimals and a signed two-digit exponent (`2.86e-01`).
pub fn sci(x: f64) -> String {
    let s = format!("{x:.2e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let e: i32 = exp.parse().unwrap_or(0);
            format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
        }
        None => s,
    }
}

/// The notebook's `compare_times` report: each contestant's mean (standard error), then the
/// improvement ratio of the first over the last (and over the last of each one between), and the
/// ratio the notebook printed for the same cell.
pub fn compare_times(timings: &[Timing], notebook_ratio: Option<f64>) {
    println!("    format: mean seconds (standard error) {RUNS} runs");
    let pad = timings.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in timings {
        let (m, se) = t.mean_se();
        println!("    {:pad$} {} ({})", t.name, sci(m), sci(se));
    }
    let last = timings.last().expect("at least one timing");
    let (ml, _) = last.mean_se();
    for t in &timings[..timings.len() - 1] {
        println!(
            "    improvement ratio {:.1} ({} over {})",
            t.mean_se().0 / ml,
            t.name,
            last.name
        );
    }
    if let Some(r) = notebook_ratio {
        println!("    (the notebook's improvement ratio: {r:.1})");
    }
}

fn main() {
    let start = Instant::now();
    println!("Advanced NumPy Techniques, in einarray");
    // The one generator of the notebook: each `np.random.seed(1234)` replaces it, and every
    // cell in between keeps drawing from it, in the notebook's order.
    let mut rng = RandomState::new(1234);
    lists::run();
    array::run();
    indexing::run(&mut rng);
    creation::run();
    transposition::run(&mut rng);
    ufuncs::run(&mut rng);
    hardware::run();
    einsum::run(&mut rng);
    windows::run();
    compile_time::run();
    println!(
        "\nThe tour took {:.1} s. Figures are in target/tour/.",
        start.elapsed().as_secs_f64()
    );
}

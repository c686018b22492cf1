//! What the harness-less benches share (`single_call`, `seed`): timing single calls as NumPy's
//! `timeit(number=1)` and the notebook's `compare_times` do, and printing one `name ms` line
//! per case for the comparison scripts under `bench/`.

use std::hint::black_box;
use std::time::Instant;

/// The best time of `runs` calls of `f`, each on fresh arguments from `setup` (untimed), in
/// ms. What `f` returns is dropped inside the timed call (as Python frees a discarded result),
/// the arguments after it (as the notebook keeps `args` alive).
pub fn best_ms<S, R>(
    runs: usize,
    mut setup: impl FnMut() -> S,
    mut f: impl FnMut(&mut S) -> R,
) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let mut args = black_box(setup());
        let t = Instant::now();
        drop(black_box(f(&mut args)));
        best = best.min(t.elapsed().as_secs_f64());
        drop(args);
    }
    best * 1e3
}

/// Runs and prints the cases whose names contain the command line's filter (`cargo bench`
/// passes `--bench`, which is skipped), one `name milliseconds` line each.
pub struct Cases {
    filter: Option<String>,
}

impl Cases {
    /// The filter from the command line, if any.
    pub fn from_args() -> Cases {
        Cases {
            filter: std::env::args().skip(1).find(|a| !a.starts_with('-')),
        }
    }

    /// Prints `name ms` when the filter selects `name`; `f` times the case.
    pub fn run(&self, name: &str, f: &mut dyn FnMut() -> f64) {
        if self.filter.as_deref().is_none_or(|p| name.contains(p)) {
            println!("{name} {:.4}", f());
        }
    }
}

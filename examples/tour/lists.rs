//! "Why not a Python list?" (In [1]–[7]): the notebook times a Python list against a NumPy
//! array. A Python list is an array of pointers to reference-counted integer objects; its
//! faithful Rust picture is `Vec<Rc<i64>>`, and a nested list is `Vec<Vec<_>>`. Each cell times
//! that picture, a plain `Vec<i64>` loop, and einarray.
//!
//! The plain `Vec` is already a classical array: in the pre-allocated cells einarray matches
//! it (ratios near 1: the N-dimensional view model costs nothing), and both leave the pointer
//! picture far behind. Where a cell allocates 80 MB afresh, einarray is several times faster
//! than `Vec`: it asks the kernel for huge pages, so it takes 40 page faults instead of 20,000.

use crate::{cell, compare_times, section, Timing};
use einarray::prelude::*;
use einarray::ufunc::map_into;
use std::rc::Rc;

const SIZE: usize = 10_000_000;

/// A Python list of ints: a vector of pointers to counted, separately allocated integers.
type List = Vec<Rc<i64>>;

fn list(n: usize) -> List {
    (0..n as i64).map(Rc::new).collect()
}

/// Python's `[0] * size`: every slot points to the one shared `0` object.
#[allow(clippy::rc_clone_in_vec_init)] // sharing one counted zero is the point
fn zeros_list(n: usize) -> List {
    vec![Rc::new(0); n]
}

/// The notebook's `create_lists`: a source list and a destination `[0] * size`.
fn create_lists() -> (List, List) {
    (list(SIZE), zeros_list(SIZE))
}

/// `create_lists` with plain vectors.
fn create_vecs() -> (Vec<i64>, Vec<i64>) {
    ((0..SIZE as i64).collect(), vec![0; SIZE])
}

/// The notebook's `create_arrays`: `np.arange(size)` and a destination array.
fn create_arrays() -> (Array<i64, 1>, Array<i64, 1>) {
    (
        Array::<i64, 1>::arange(SIZE as i64),
        Array::<i64, 1>::zeros([SIZE]),
    )
}

pub fn run() {
    section("Why not a Python list?");
    println!("A list is a resizing array of pointers (Rust: Vec<Rc<i64>>); nested lists add a");
    println!("second level of indirection (Vec<Vec<_>>). An array is one contiguous block.");

    cell(
        "1",
        "compare_times: mean seconds (standard error) over 5 runs, each after its setup",
    );

    cell("2", "bandwidth-limited: create 0, 1, 2, ...");
    println!("create a list 1, 2, ... {SIZE}");
    compare_times(
        &[
            Timing::of("create_list", || (), |_| list(SIZE)),
            Timing::of(
                "create_vec",
                || (),
                |_| (0..SIZE as i64).collect::<Vec<i64>>(),
            ),
            Timing::of(
                "create_array",
                || (),
                |_| Array::<i64, 1>::arange(SIZE as i64),
            ),
        ],
        Some(8.2),
    );

    cell(
        "3",
        "deep copies (no pre-allocation); a list copy copies pointers and counts",
    );
    let ls = list(SIZE);
    let v: Vec<i64> = (0..SIZE as i64).collect();
    let ar = Array::<i64, 1>::arange(SIZE as i64);
    compare_times(
        &[
            Timing::of("copy_list", || (), |_| ls.clone()),
            Timing::of("copy_vec", || (), |_| v.clone()),
            Timing::of("copy_array", || (), |_| ar.clone()),
        ],
        Some(2.3),
    );
    drop((ls, v, ar));

    cell("4", "deep copy (pre-allocated): dst[:] = src");
    compare_times(
        &[
            Timing::of("deep_copy_lists", create_lists, |(src, dst)| {
                dst.clone_from_slice(src);
            }),
            Timing::of("deep_copy_vecs", create_vecs, |(src, dst)| {
                dst.copy_from_slice(src);
            }),
            Timing::of("deep_copy_arrays", create_arrays, |(src, dst)| {
                dst.assign(&*src);
            }),
        ],
        Some(2.8),
    );

    cell(
        "5",
        "flop-limited: square out-of-place, np.square(src, out=dst)",
    );
    compare_times(
        &[
            Timing::of("square_lists", create_lists, |(src, dst)| {
                for (d, v) in dst.iter_mut().zip(src.iter()) {
                    *d = Rc::new(**v * **v);
                }
            }),
            Timing::of("square_vecs", create_vecs, |(src, dst)| {
                for (d, v) in dst.iter_mut().zip(src.iter()) {
                    *d = v * v;
                }
            }),
            Timing::of("square_arrays", create_arrays, |(src, dst)| {
                map_into(dst, &*src, |v| v * v);
            }),
        ],
        Some(38.7),
    );

    cell("6", "square in-place, np.square(ar, out=ar)");
    compare_times(
        &[
            Timing::of(
                "square_list",
                || list(SIZE),
                |ls| {
                    for v in ls.iter_mut() {
                        *v = Rc::new(**v * **v);
                    }
                },
            ),
            Timing::of(
                "square_vec",
                || (0..SIZE as i64).collect::<Vec<_>>(),
                |v| {
                    for x in v.iter_mut() {
                        *x *= *x;
                    }
                },
            ),
            Timing::of(
                "square_array",
                || Array::<i64, 1>::arange(SIZE as i64),
                |ar| {
                    ar.map_inplace(|x| *x *= *x);
                },
            ),
        ],
        Some(113.4),
    );

    cell(
        "6b",
        "nested lists: the sum of 1000 rows of 10^4, Vec<Vec<i64>> against a 2-D array",
    );
    let (rows, cols) = (1000, 10_000);
    let nested: Vec<Vec<i64>> = (0..rows)
        .map(|i| (0..cols).map(|j| (i * cols + j) as i64).collect())
        .collect();
    let grid = Array::<i64, 1>::arange((rows * cols) as i64).into_reshape([rows, cols]);
    compare_times(
        &[
            Timing::of(
                "sum_nested",
                || (),
                |_| nested.iter().map(|r| r.iter().sum::<i64>()).sum::<i64>(),
            ),
            Timing::of("sum_array", || (), |_| grid.sum()),
        ],
        None,
    );
    println!("(rows of a Vec<Vec<_>> are contiguous, so the second indirection costs one pointer");
    println!(" per row; a column, though, is a copy there and a strided view of the array:");
    println!(
        " grid.slice(s![.., 7]) shares memory with grid: {})",
        grid.slice(s![.., 7]).shares_memory(&grid)
    );

    cell("7", "memory: 8 extra bytes (and more) for every value");
    let size = 10_000;
    // The list holds a pointer to each value; each `Rc` allocation holds two counts and the
    // value (24 bytes), which glibc's malloc keeps in a 32-byte chunk.
    let list_bytes = size * (std::mem::size_of::<Rc<i64>>() + 32);
    let array = Array::<i64, 1>::arange(size as i64);
    println!("list kb {}", list_bytes / 1024);
    println!(
        "array kb {}",
        array.len() * std::mem::size_of::<i64>() / 1024
    );
    println!("(the notebook: list kb 400, array kb 78)");
}

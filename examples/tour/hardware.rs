//! "Configuration and Hardware Acceleration", "Stuff to Avoid" and "Stuff Not Mentioned": what
//! this build runs on, and where the notebook's last lists land in einarray.

use crate::section;

pub fn run() {
    section("Configuration and Hardware Acceleration");
    // np.show_config(): NumPy's ufuncs may or may not be vectorized depending on how it was
    // built; einarray compiles its loops for every SIMD tier and picks one when it runs.
    println!("{}", einarray::config::config());
    println!("Element loops, reductions and einsum's small products use the SIMD tier above;");
    println!("large products go to the GEMM backend. NumPy's BLAS takes every core for dot;");
    println!("einarray runs each operation on the calling thread, so parallelism is yours to");
    println!("choose (std::thread::scope over index_axis views, or rayon).");

    section("Stuff to Avoid, and Stuff Not Mentioned");
    for (numpy, here) in [
        ("np.chararray", "Array<String, N> (any element type)"),
        (
            "np.ma.MaskedArray",
            "a boolean mask: x.mask(&m), where_, mask_assign",
        ),
        (
            "np.matrix",
            "Array<T, 2>; x.dot(&y) or einsum!(\"ij,jk->ik\", ...)",
        ),
        (
            "np.sort, np.unique",
            "sort on any view (even reversed), select::unique",
        ),
        ("np.split, np.stack", "select::{split, stack, concatenate}"),
        (
            "np.sum, np.prod, np.count_nonzero",
            "sum, prod, count_nonzero (and their _axis forms)",
        ),
        (
            "np.linalg.cholesky, solve, svd, eigh, ...",
            "linalg::cholesky, solve, svd, eigh, ... (on faer, stacks as NumPy)",
        ),
        ("np.fft", "not in einarray: use rustfft on as_slice()"),
        (
            "np.array2string",
            "Display / Debug: println!(\"{x}\") prints as NumPy does",
        ),
        (
            "np.loadtxt, np.savetxt, np.save",
            "npy::{loadtxt, savetxt, save, load} (.npy: any byte order)",
        ),
        (
            "np.testing",
            "assert_eq! on arrays; differential tests against NumPy fixtures",
        ),
    ] {
        println!("  {numpy:36} -> {here}");
    }
}

// linalg's decompositions take floats or complex numbers, and at least two axes.
use einarray::linalg;
use einarray::prelude::*;

fn main() {
    // Integers: cast first, as NumPy does silently.
    let counts = array![[2, 1], [1, 3]];
    let _ = linalg::det(&counts);
    // A vector is not a stack of matrices.
    let v = array![1.0, 2.0];
    let _ = linalg::inv(&v);
}

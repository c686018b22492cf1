// NumPy's `x.dot(v, out=x)` reads x while writing it (the seed's In [68] GOTCHA); here the
// output cannot be borrowed mutably while it is also an input.
use einarray::prelude::*;

fn main() {
    let mut x = Array::<f64, 2>::zeros([2, 2]);
    let v = Array::<f64, 2>::ones([2, 2]);
    einsum!("ij,jk->ik", &x, &v, out = &mut x);
}

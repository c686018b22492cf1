use einarray::prelude::*;

// Call forms that are mistakes, one error each, in words: a bad spec under `?`, `out =`
// misplaced or doubled, a declared result of another rank, ranks beyond 8, a spec that is not
// a string literal.

fn f() -> Result<(), einarray::ShapeError> {
    let a = Array::<f64, 2>::zeros([2, 2]);
    let _ = try_einsum!("ij,jk->ikk", &a, &a)?;
    Ok(())
}

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]);
    let b = Array::<f64, 2>::zeros([3, 4]);
    let mut c = Array::<f64, 2>::zeros([2, 4]);
    einsum!("ij,jk->ik", out = &mut c, &a, &b);
    einsum!("ij,jk->ik", &a, &b, out = &mut c, out = &mut c);
    let _d: Array<f64, 3> = einsum!("ij,jk->ik", &a, &b);
    let _e: Array<f64, 3> = einsum!("ij->ji", &a).to_owned();
    let _f: Array<f64, 1> = einsum!("...ij,...jk->...ik", &a, &b);
    let g = Array::<f64, 8>::zeros([1; 8]);
    let _ = einsum!("...i,...j->...ij", &g, &g);
    let v = Array::<f64, 1>::zeros([3]);
    let _ = einsum!("...ij->...ji", &v);
    const SPEC: &str = "ij->ji";
    let _ = einsum!(SPEC, &a);
    let _ = einsum!(b"ij->ji", &a);
    let _ = einsum!(concat!("ij", "->ji"), &a);
    f().unwrap();
}

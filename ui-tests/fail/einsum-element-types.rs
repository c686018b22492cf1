use einarray::prelude::*;
fn main() {
    generic(&Array::<u8, 2>::zeros([1, 1]));
    strings();
    let a = Array::<f64, 2>::zeros([2, 2]);
    let b = Array::<f32, 2>::zeros([2, 2]);
    let _ = einsum!("ij,jk->ik", &a, &b);
    let c = Array::<bool, 2>::full([2, 2], true);
    let _ = einsum!("ij,jk->ik", &c, &c);
    let _ = einsum!("ij->", &c);
}

fn generic<T>(a: &Array<T, 2>) {
    let _ = einsum!("ij,jk->ik", a, a);
}

fn strings() {
    let s = Array::<String, 1>::full([2], String::new());
    let _ = einsum!("i,i->", &s, &s);
    let i = Array::<i64, 1>::zeros([2]);
    let f = Array::<f64, 1>::zeros([2]);
    let _ = einsum!("i,i->", &i, &f);
}

use einarray::prelude::*;

// NumPy's C parser, strictly: only the ASCII space is skipped, and only between labels; `->`
// and `...` are single tokens. Each call has one mistake and gets one error, with a caret.
fn main() {
    let a = Array::<f64, 2>::zeros([2, 2]);
    let _ = einsum!("i\tj->ji", &a);
    let _ = einsum!("ij
        ->ji", &a);
    let _ = einsum!("ij\u{a0}->ji", &a);
    let _ = einsum!("ij- >ji", &a);
    let _ = einsum!(". . .ij->ji", &a);
    let _ = einsum!("ij,jk-0>ik", &a, &a);
    let _ = einsum!("ij->j,i", &a);
}

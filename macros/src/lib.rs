//! Procedural macros of [einarray](https://docs.rs/einarray): NumPy's einsum subscripts
//! parsed, checked and planned at compile time.
//!
//! The pipeline reads in four lines (see `entry`): parse the subscripts, check every rule
//! (all errors reported at once), plan what the subscripts decide, expand to calls into
//! `::einarray::__private`. Use the macros through the `einarray` crate, whose docs hold the
//! examples.

#![warn(missing_docs)]

mod check;
mod errors;
mod expand;
mod hygiene;
mod parse;
mod plan;
mod spec;
mod tensor;

use expand::Mode;
use proc_macro::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Token};

/// `"subscripts", operand, operand, …[, out = target]`
struct Input {
    lit: LitStr,
    operands: Vec<Expr>,
    out: Option<Expr>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if !input.peek(LitStr) {
            let what = if input.peek(syn::LitByteStr) {
                "a byte string"
            } else if input.is_empty() {
                "nothing"
            } else {
                "an expression"
            };
            return Err(input.error(format!(
                "einsum needs its subscripts as a string literal (\"ij,jk->ik\"), found {what}: \
                 they are parsed and checked when the program compiles, so a `const`, a \
                 `concat!` or a variable cannot stand in for them"
            )));
        }
        let lit: LitStr = input.parse()?;
        let mut operands = vec![];
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
            let rest = Punctuated::<Expr, Token![,]>::parse_terminated(input)?;
            operands = rest.into_iter().collect();
        }
        // A trailing `out = target` is NumPy's `out=` keyword; given anywhere else, or twice,
        // it is one error saying where it goes.
        let is_out = |e: &Expr| matches!(e, Expr::Assign(a) if matches!(&*a.left, Expr::Path(p) if p.path.is_ident("out")));
        let outs: Vec<usize> = (0..operands.len())
            .filter(|&k| is_out(&operands[k]))
            .collect();
        if let Some(&second) = outs.get(1) {
            return Err(syn::Error::new_spanned(
                &operands[second],
                "`out =` is given twice: einsum writes one result",
            ));
        }
        if let Some(&k) = outs.first().filter(|&&k| k + 1 != operands.len()) {
            return Err(syn::Error::new_spanned(
                &operands[k],
                "`out = target` goes last, after the operands (as NumPy's `out=` keyword)",
            ));
        }
        let out = match outs.first() {
            Some(_) => match operands.pop() {
                Some(Expr::Assign(a)) => Some(*a.right),
                _ => unreachable!("`out =` is the last argument"),
            },
            None => None,
        };
        Ok(Input { lit, operands, out })
    }
}

fn entry(tokens: TokenStream, mode: Mode) -> TokenStream {
    einsum_tokens(tokens.into(), mode).into()
}

/// The whole `einsum!` pipeline on `proc_macro2` tokens (so tests can run it).
fn einsum_tokens(tokens: proc_macro2::TokenStream, mode: Mode) -> proc_macro2::TokenStream {
    let input = match syn::parse2::<Input>(tokens) {
        Ok(input) => input,
        Err(e) => return expand::fallback(e, &[]),
    };
    let mut errors = errors::Errors::default();
    let spec = match parse::parse(&input.lit.value()) {
        Ok(spec) => Some(spec),
        Err(msgs) => {
            msgs.into_iter()
                .for_each(|m| errors.push(input.lit.span(), m));
            None
        }
    };
    if let Some(spec) = &spec {
        for m in check::check(spec, input.operands.len()) {
            errors.push(input.lit.span(), m);
        }
    }
    match (errors.finish(), spec) {
        (Ok(()), Some(spec)) => {
            let plan = plan::plan(&spec);
            if let (Some(out), Mode::Path) = (&input.out, mode) {
                let e = syn::Error::new_spanned(out, "einsum_path!: `out =` has no meaning here");
                return expand::fallback(e, &input.operands);
            }
            expand::expand(&plan, &input.lit, &input.operands, input.out.as_ref(), mode)
        }
        (Err(e), _) => expand::fallback(e, &input.operands),
        (Ok(()), None) => unreachable!("a parse failure records an error"),
    }
}

/// NumPy's `einsum`, checked at compile time. See `einarray::einsum!`.
#[proc_macro]
pub fn einsum(tokens: TokenStream) -> TokenStream {
    entry(tokens, Mode::Run)
}

/// `einsum!` returning `Result<_, ShapeError>` instead of panicking.
#[proc_macro]
pub fn try_einsum(tokens: TokenStream) -> TokenStream {
    entry(tokens, Mode::Try)
}

/// The contraction path `einsum!` takes for these operands, as `np.einsum_path` reports it.
#[proc_macro]
pub fn einsum_path(tokens: TokenStream) -> TokenStream {
    entry(tokens, Mode::Path)
}

/// Index notation with Rust expressions. See `einarray::tensor!`.
#[proc_macro]
pub fn tensor(tokens: TokenStream) -> TokenStream {
    tensor::tensor(tokens.into(), tensor::expand::Mode::Run).into()
}

/// `tensor!` returning `Result<_, ShapeError>` instead of panicking.
#[proc_macro]
pub fn try_tensor(tokens: TokenStream) -> TokenStream {
    tensor::tensor(tokens.into(), tensor::expand::Mode::Try).into()
}

#[cfg(test)]
mod properties;

//! `tensor!`: index notation with Rust expressions. One phase a file: [`parse`] (tokens →
//! statement, grammar in its docs), [`check`] (every rule, all errors at once), [`expand`]
//! (plan and tokens).

pub mod check;
pub mod expand;
pub mod parse;

use proc_macro2::TokenStream;

/// The whole pipeline.
pub fn tensor(input: TokenStream, mode: expand::Mode) -> TokenStream {
    let st = match parse::parse(input) {
        Ok(st) => st,
        Err((span, msg)) => return syn::Error::new(span, msg).to_compile_error(),
    };
    let errors = check::check(&st);
    if let Some(((span, msg), rest)) = errors.split_first() {
        let mut e = syn::Error::new(*span, msg);
        for (span, msg) in rest {
            e.combine(syn::Error::new(*span, msg));
        }
        return e.to_compile_error();
    }
    expand::expand(&st, mode)
}

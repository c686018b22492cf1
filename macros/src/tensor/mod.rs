//! `tensor!`: index notation with Rust expressions. One phase a file: [`parse`] (tokens →
//! statement, grammar in its docs), [`check`] (every rule, all errors at once), [`expand`]
//! (plan and tokens).

pub mod check;
pub mod expand;
pub mod parse;

use proc_macro2::TokenStream;

/// The whole pipeline. Errors expand to `compile_error!` expressions in a block (see
/// [`crate::expand::errors_as_expressions`]): every message is kept, and the statement's value
/// has rustc's error type, so later uses of it add no errors.
pub fn tensor(input: TokenStream, mode: expand::Mode) -> TokenStream {
    let errors = match parse::parse(input) {
        Ok(st) => match check::check(&st).split_first() {
            None => return expand::expand(&st, mode),
            Some(((span, msg), rest)) => {
                let mut e = syn::Error::new(*span, msg);
                for (span, msg) in rest {
                    e.combine(syn::Error::new(*span, msg));
                }
                e
            }
        },
        Err((span, msg)) => syn::Error::new(span, msg),
    };
    let errors = crate::expand::errors_as_expressions(errors);
    quote::quote!({ #errors })
}

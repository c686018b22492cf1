//! `tensor!`: index notation with Rust expressions. One phase a file: [`parse`] (tokens →
//! statement, grammar in its docs), [`check`] (every rule, all errors at once), [`expand`]
//! (plan and tokens); [`affine`] for index arithmetic (`img[i + k]`).

pub mod affine;
pub mod check;
pub mod expand;
pub mod parse;

use proc_macro2::TokenStream;

/// The whole pipeline. Errors expand as `einsum!`'s do ([`crate::expand::fallback`]): every
/// message is kept, and the statement's value has rustc's error type, so later uses of it add
/// no errors.
pub fn tensor(input: TokenStream, mode: expand::Mode) -> TokenStream {
    let mut errors = crate::errors::Errors::default();
    match parse::parse(input) {
        Ok(st) => {
            for (span, msg) in check::check(&st) {
                errors.push(span, msg);
            }
            if let Err(e) = errors.finish() {
                return crate::expand::fallback(e, &[]);
            }
            expand::expand(&st, mode)
        }
        Err((span, msg)) => crate::expand::fallback(syn::Error::new(span, msg), &[]),
    }
}

//! Hygiene: every identifier an expansion introduces (locals, labels, placeholders) resolves
//! at the macros' definition site (`Span::mixed_site`), so no user name can collide with one:
//! an operand named `__einsum_op0` or an `out = &mut __sizes` means the user's variable.
//! Paths (`::einarray::…`) still resolve where the macro is called.

use proc_macro2::{Span, TokenStream};

/// `quote!` with every token it writes at the mixed site; interpolated user tokens keep their
/// own spans.
macro_rules! q {
    ($($tt:tt)*) => {
        ::quote::quote_spanned!(::proc_macro2::Span::mixed_site()=> $($tt)*)
    };
}
pub(crate) use q;

/// The mixed site, located at `span` (for messages that point at the user's tokens).
pub fn at(span: Span) -> Span {
    Span::mixed_site().located_at(span)
}

/// The mixed site.
pub fn site() -> Span {
    Span::mixed_site()
}

/// The span of the first token of `ts` (a user's expression), where messages about it point.
pub fn first_span(ts: &TokenStream) -> Option<Span> {
    ts.clone().into_iter().next().map(|t| t.span())
}

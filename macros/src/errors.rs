//! Collecting every independent error, then reporting them at once.

use proc_macro2::Span;

/// Errors gathered across the phases; all are reported together, each on its span.
#[derive(Default)]
pub struct Errors {
    messages: Vec<(Span, String)>,
}

impl Errors {
    /// Records one error.
    pub fn push(&mut self, span: Span, message: impl Into<String>) {
        self.messages.push((span, message.into()));
    }

    /// `Ok` if nothing was recorded, otherwise every error combined.
    pub fn finish(self) -> Result<(), syn::Error> {
        let mut it = self.messages.into_iter();
        let Some((span, msg)) = it.next() else {
            return Ok(());
        };
        let mut err = syn::Error::new(span, msg);
        for (span, msg) in it {
            err.combine(syn::Error::new(span, msg));
        }
        Err(err)
    }
}

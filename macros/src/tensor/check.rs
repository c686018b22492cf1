//! Rules of a parsed `tensor!` statement, one function per rule; every failure is collected,
//! each on the exact token it concerns.

use super::parse::{Op, Statement};
use proc_macro2::Span;

/// Every rule violation of `st`.
pub fn check(st: &Statement) -> Vec<(Span, String)> {
    let mut errors = vec![];
    check_left_labels_unique(st, &mut errors);
    check_left_labels_on_right(st, &mut errors);
    check_reduction_labels_free(st, &mut errors);
    check_reduction_labels_used(st, &mut errors);
    check_ranges_inferable(st, &mut errors);
    errors
}

fn name(st: &Statement) -> String {
    st.out.to_string().replace(' ', "")
}

/// A label names one axis of the result; twice would leave one unconstrained.
fn check_left_labels_unique(st: &Statement, errors: &mut Vec<(Span, String)>) {
    for (k, l) in st.out_labels.iter().enumerate() {
        if st.out_labels[..k].contains(l) {
            errors.push((
                l.span(),
                format!("label `{l}` is used twice on the left of `{}[…]`", name(st)),
            ));
        }
    }
}

/// A new array takes each axis's size from the right side; a label only on the left has none.
fn check_left_labels_on_right(st: &Statement, errors: &mut Vec<(Span, String)>) {
    if st.op != Op::Define {
        return; // writing into an existing array: its shape gives the size (broadcast)
    }
    for (k, l) in st.out_labels.iter().enumerate() {
        // A repeat is its own mistake (check_left_labels_unique).
        if st.out_labels[..k].contains(l) {
            continue;
        }
        if !st.terms.iter().any(|t| t.labels.contains(l)) {
            errors.push((
                l.span(),
                format!(
                    "label `{l}` on the left of `{}[…] :=` does not appear on the right",
                    name(st)
                ),
            ));
        }
    }
}

/// A reduction folds over labels of its own; one already bound outside would be ambiguous.
fn check_reduction_labels_free(st: &Statement, errors: &mut Vec<(Span, String)>) {
    for r in &st.reductions {
        for (k, l) in r.labels.iter().enumerate() {
            if r.labels[..k].contains(l) {
                errors.push((
                    l.span(),
                    format!("label `{l}` is listed twice by this reduction; each label it folds over is listed once"),
                ));
                continue;
            }
            // The same label re-bound by several reductions is one mistake: reported once, at
            // the first (fixing it shows the next).
            let once = |errors: &mut Vec<(Span, String)>, message: String| {
                if !errors.iter().any(|(_, m)| *m == message) {
                    errors.push((l.span(), message));
                }
            };
            if st.out_labels.contains(l) {
                once(errors, format!("label `{l}` is bound by the left side; a reduction needs labels of its own"));
            }
            for &outer in &r.scope {
                if st.reductions[outer].labels.contains(l) {
                    once(
                        errors,
                        format!("label `{l}` is already bound by an enclosing reduction"),
                    );
                }
            }
        }
    }
}

/// A reduction over a label its body never indexes has no size to run over.
fn check_reduction_labels_used(st: &Statement, errors: &mut Vec<(Span, String)>) {
    for (k, r) in st.reductions.iter().enumerate() {
        for (n, l) in r.labels.iter().enumerate() {
            if r.labels[..n].contains(l) {
                continue; // a repeat is its own mistake
            }
            let used = st
                .terms
                .iter()
                .any(|t| t.scope.contains(&k) && t.labels.contains(l));
            if !used {
                errors.push((
                    l.span(),
                    format!("label `{l}` of this reduction is not indexed in its body"),
                ));
            }
        }
    }
}

/// With index arithmetic, every label's range must follow from some access
/// ([`super::affine::solve`]).
fn check_ranges_inferable(st: &Statement, errors: &mut Vec<(Span, String)>) {
    if !st.terms.iter().any(|t| t.is_affine()) {
        return;
    }
    if let Err(es) = super::affine::solve(st, st.op != Op::Define) {
        errors.extend(es);
    }
}

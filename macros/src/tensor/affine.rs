//! Index arithmetic (`img[i + k, j + l]`): which access bounds which label, decided at compile
//! time, and the expansion that turns every term into a view over its labels before the
//! statement's usual loops run.
//!
//! Tullio's rule: each label's range is the largest that keeps every access in bounds, labels
//! starting at 0. A label indexed alone somewhere (`kern[k, l]`) takes that axis's range; an
//! index with exactly one label of unknown range bounds that label (`img[i + k]` bounds `i`
//! once `k` is known); an index whose labels are all bounded elsewhere narrows its one output
//! label when it has one (`x[i] + y[i + 1]` narrows `i`), and is otherwise checked when the
//! statement runs. A label no access can bound is a compile error.
//!
//! The expansion then reads every term through `affine_view` (a strided view over the term's
//! labels, starting at each range's first value, checked in bounds when it is made), so the
//! loops, GEMM lowering and hoisting of ordinary statements apply unchanged, with no bounds
//! checks inside the loops.

use super::expand::{expand_with, name_of, run_or_try, Borrows, Mode};
use super::parse::{Index, Op, Statement};
use crate::hygiene::first_span;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote as q, quote_spanned};

/// One non-bare index: term `term`, axis `axis`, and the label it bounds (`None`: checked).
#[derive(Clone, Debug)]
pub struct Bound {
    pub term: usize,
    pub axis: usize,
    pub target: Option<Ident>,
}

/// The order in which the statement's non-bare indices bound their labels, or the errors of
/// labels that no access can bound. `out_known`: the left side's labels have sizes of their
/// own (a write into an existing array).
pub fn solve(st: &Statement, out_known: bool) -> Result<Vec<Bound>, Vec<(Span, String)>> {
    let mut known: Vec<Ident> = vec![];
    if out_known {
        known.extend(st.out_labels.iter().cloned());
    }
    for t in &st.terms {
        for i in &t.indices {
            if let Some(l) = i.bare() {
                if !known.contains(l) {
                    known.push(l.clone());
                }
            }
        }
    }
    let mut pending: Vec<(usize, usize, &Index)> = vec![];
    for (k, t) in st.terms.iter().enumerate() {
        for (a, i) in t.indices.iter().enumerate() {
            if i.bare().is_none() {
                pending.push((k, a, i));
            }
        }
    }
    let mut order: Vec<Bound> = vec![];
    // Round 0: an index of one known label narrows it (`x[i + 1]` with `x[i]` elsewhere).
    pending.retain(|&(k, a, i)| match &i.terms[..] {
        [(l, _)] if known.contains(l) => {
            order.push(Bound {
                term: k,
                axis: a,
                target: Some(l.clone()),
            });
            false
        }
        _ => true,
    });
    // Then, round by round, every index with exactly one unknown label bounds it.
    loop {
        let mut solved: Vec<Ident> = vec![];
        pending.retain(|&(k, a, i)| {
            if let [l] = unknown_labels(i, &known)[..] {
                order.push(Bound {
                    term: k,
                    axis: a,
                    target: Some(l.clone()),
                });
                if !solved.contains(l) {
                    solved.push(l.clone());
                }
                false
            } else {
                true
            }
        });
        if solved.is_empty() {
            break;
        }
        known.extend(solved);
    }
    let mut errors = vec![];
    for (k, a, i) in pending {
        let unknown = unknown_labels(i, &known);
        if let Some(l) = unknown.first() {
            let others: Vec<String> = unknown.iter().map(|l| format!("`{l}`")).collect();
            errors.push((
                i.span,
                format!(
                    "cannot infer the range of {}: index `{}` of `{}` combines labels whose ranges nothing else gives; index `{l}` alone somewhere (as in `w[{l}]`)",
                    others.join(" and "),
                    i.text,
                    name_of(&st.terms[k].array),
                ),
            ));
            continue;
        }
        // Every label known: narrow the one output label if there is exactly one.
        let outs: Vec<&Ident> = i
            .terms
            .iter()
            .map(|t| &t.0)
            .filter(|l| st.out_labels.contains(l))
            .collect();
        let target = match outs[..] {
            [l] if !out_known => Some(l.clone()),
            _ => None,
        };
        order.push(Bound {
            term: k,
            axis: a,
            target,
        });
    }
    if errors.is_empty() {
        Ok(order)
    } else {
        Err(errors)
    }
}

/// The labels of `index` whose ranges are not known yet.
fn unknown_labels<'i>(index: &'i Index, known: &[Ident]) -> Vec<&'i Ident> {
    index
        .terms
        .iter()
        .map(|t| &t.0)
        .filter(|l| !known.contains(l))
        .collect()
}

/// The statement with every term read through a view over its labels: see the module docs.
/// `shape_from`: the target whose shape gives the left side's sizes (an aliased write's
/// temporary).
pub fn expand(
    st: &Statement,
    mode: Mode,
    shape_from: Option<&TokenStream>,
    what: &str,
) -> TokenStream {
    let p = q!(::einarray::__private::tensor);
    let writes = st.op != Op::Define;
    let out_known = writes || shape_from.is_some();
    let order = match solve(st, out_known) {
        Ok(o) => o,
        // `check` reported these already; nothing more to expand.
        Err(_) => return q!(::core::unreachable!()),
    };
    // Every label, the left side's first.
    let mut labels: Vec<Ident> = st.out_labels.clone();
    for t in &st.terms {
        for l in t.indices.iter().flat_map(|i| i.terms.iter().map(|x| &x.0)) {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let idx = |l: &Ident| {
        labels
            .iter()
            .position(|x| x == l)
            .expect("a statement label")
    };
    let names: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
    let nl = labels.len();

    // Distinct arrays, each borrowed once.
    let mut arrays: Vec<String> = vec![];
    let mut array_tokens: Vec<TokenStream> = vec![];
    let mut array_rank: Vec<usize> = vec![];
    let mut source_of: Vec<usize> = vec![];
    for t in &st.terms {
        let name = name_of(&t.array);
        let o = match arrays.iter().position(|n| *n == name) {
            Some(o) => o,
            None => {
                arrays.push(name);
                array_tokens.push(t.array.clone());
                array_rank.push(t.indices.len());
                arrays.len() - 1
            }
        };
        source_of.push(o);
    }
    let src_vars: Vec<Ident> = (0..arrays.len())
        .map(|o| format_ident!("__tensor_src{}", o, span = crate::hygiene::site()))
        .collect();
    // Each array borrowed by one `match` around the statement (as ordinary statements do).
    let mut borrows = Borrows::default();
    let binds: Vec<TokenStream> = array_tokens
        .iter()
        .zip(&src_vars)
        .zip(&array_rank)
        .map(|((a, v), n)| {
            let span = crate::hygiene::at(first_span(a).unwrap_or_else(Span::call_site));
            let b = borrows.add(quote_spanned!(span=> &(#a)), span);
            quote_spanned!(span=> let #v = #p::TensorOperand::<#n, _, _>::into_tensor_view(#b);)
        })
        .collect();
    let Borrows {
        scrutinees,
        names: borrow_vars,
    } = borrows;

    // The left side's sizes, when they are given: read before the statement borrows anything.
    let dims_var = format_ident!("__tensor_dims", span = crate::hygiene::site());
    let m = st.out_labels.len();
    let (dims_def, dims_name) = match shape_from.or(writes.then_some(&st.out)) {
        Some(target) => (
            q!(let #dims_var: [usize; #m] = #p::TensorOperand::<#m, _, _>::into_tensor_view(&(#target)).shape();),
            name_of(target),
        ),
        _ => (q!(), String::new()),
    };

    // Static sizes of bare axes: a later bare axis of a label against its first.
    let mut static_checks = TokenStream::new();
    let mut firsts: Vec<(Ident, usize, usize)> = vec![];
    let mut bare = TokenStream::new();
    if out_known {
        for (axis, l) in st.out_labels.iter().enumerate() {
            let li = idx(l);
            bare.extend(q!(#p::BareAxis { label: #li, array: #dims_name, axis: #axis, len: #dims_var[#axis], cover: true },));
        }
    }
    for (k, t) in st.terms.iter().enumerate() {
        let o = source_of[k];
        let v = &src_vars[o];
        let name = &arrays[o];
        for (axis, i) in t.indices.iter().enumerate() {
            let Some(l) = i.bare() else { continue };
            let li = idx(l);
            bare.extend(q!(#p::BareAxis { label: #li, array: #name, axis: #axis, len: #v.shape()[#axis], cover: false },));
            match firsts.iter().find(|(x, _, _)| x == l) {
                None => firsts.push((l.clone(), k, axis)),
                Some((_, fk, fa)) => {
                    let fv = &src_vars[source_of[*fk]];
                    let (fk, fa) = (*fk, *fa);
                    static_checks.extend(quote_spanned!(crate::hygiene::at(l.span())=>
                        ::einarray::__private::tensor::TermCheck::<#fk, #fa, #k, #axis>::same_dim(&#fv, &#v);));
                }
            }
        }
    }
    let lin = |i: &Index| {
        let pairs = i.terms.iter().map(|(l, c)| {
            let li = idx(l);
            let c = *c as isize;
            q!((#li, #c))
        });
        q!(&[#(#pairs),*])
    };
    let mut constraints = TokenStream::new();
    for b in &order {
        let t = &st.terms[b.term];
        let i = &t.indices[b.axis];
        let o = source_of[b.term];
        let (v, name, axis, text) = (&src_vars[o], &arrays[o], b.axis, &i.text);
        let target = match &b.target {
            Some(l) => {
                let li = idx(l);
                q!(::core::option::Option::Some(#li))
            }
            None => q!(::core::option::Option::None),
        };
        let terms = lin(i);
        let offset = i.offset as isize;
        constraints.extend(q!(#p::Constraint {
            target: #target, array: #name, axis: #axis, len: #v.shape()[#axis],
            index: #text, terms: #terms, offset: #offset,
        },));
    }
    let ranges = format_ident!("__tensor_ranges", span = crate::hygiene::site());
    let mut views = TokenStream::new();
    let mut inner = st.clone();
    for (k, t) in st.terms.iter().enumerate() {
        let o = source_of[k];
        let (v, name) = (&src_vars[o], &arrays[o]);
        let mut own: Vec<Ident> = vec![];
        for l in t.indices.iter().flat_map(|i| i.terms.iter().map(|x| &x.0)) {
            if !own.contains(l) {
                own.push(l.clone());
            }
        }
        let own_idx: Vec<usize> = own.iter().map(idx).collect();
        let axes = t.indices.iter().map(lin);
        let offsets = t.indices.iter().map(|i| i.offset as isize);
        let view = format_ident!("__tensor_aff{}", k, span = crate::hygiene::site());
        views.extend(q! {
            let #view = match #p::affine_view(#what, #name, #v, &#ranges, [#(#own_idx),*], [#(#axes),*], [#(#offsets),*]) {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => break '__tensor_aff (::core::result::Result::Err(e)),
            };
        });
        let it = &mut inner.terms[k];
        it.array = q!(#view);
        it.indices = own
            .iter()
            .map(|l| Index {
                terms: vec![(l.clone(), 1)],
                offset: 0,
                text: l.to_string(),
                span: l.span(),
            })
            .collect();
        it.labels = own;
    }
    let body = expand_with(&inner, Mode::Try, None, Some(what));
    let block = q! {{
        #dims_def
        match (#(#scrutinees,)*) {
            (#(#borrow_vars,)*) => '__tensor_aff: {
                #(#binds)*
                #static_checks
                let #ranges = match #p::affine_ranges::<#nl>(#what, [#(#names),*], &[#bare], &[#constraints]) {
                    ::core::result::Result::Ok(r) => r,
                    ::core::result::Result::Err(e) => break '__tensor_aff (::core::result::Result::Err(e)),
                };
                #views
                #body
            }
        }
    }};
    run_or_try(st, mode, block)
}

//! [`Plan`] → tokens. Generated code names only `::einarray::__private`.

use crate::hygiene::q;
use crate::plan::{OutRank, Plan};
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{format_ident, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, LitByteStr, LitStr};

/// Which macro is being expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `einsum!`: the result, panicking on size mismatches.
    Run,
    /// `try_einsum!`: `Result<_, ShapeError>`.
    Try,
    /// `einsum_path!`: the contraction path report.
    Path,
}

/// The expansion of a checked call.
pub fn expand(
    plan: &Plan,
    lit: &LitStr,
    operands: &[Expr],
    out: Option<&Expr>,
    mode: Mode,
) -> TokenStream {
    let p = q!(::einarray::__private::einsum);
    let names: Vec<_> = (0..operands.len())
        .map(|k| format_ident!("__einsum_op{}", k, span = crate::hygiene::site()))
        .collect();
    // Operands are bound by a `match`, so temporaries (`&Array::ones(…)`) live to the end; each
    // is first bound by a `match` of its own so that a borrow the user writes is not passed
    // straight to a generic function (which clippy would flag in the user's code).
    let views = operands.iter().enumerate().map(|(k, e)| {
        let (letters, ellipsis) = plan.ranks[k];
        if ellipsis {
            quote_spanned!(crate::hygiene::at(e.span())=> match #e { __einsum_x =>
                ::einarray::__private::einsum::EinsumOperand::<#k, _, _, _>::into_einsum_view(__einsum_x) })
        } else {
            quote_spanned!(crate::hygiene::at(e.span())=> match #e { __einsum_x =>
                ::einarray::__private::einsum::EinsumOperand::<#k, #letters, _, _>::into_einsum_view(__einsum_x) })
        }
    });
    let static_checks = plan.static_checks.iter().map(|c| {
        let (l, (a, x), (b, y)) = (c.label, c.first, c.other);
        let (na, nb) = (&names[a], &names[b]);
        let span = operands[b].span();
        quote_spanned!(crate::hygiene::at(span)=>
            ::einarray::__private::einsum::LabelCheck::<#l, #a, #x, #b, #y>::same_dim(&#na, &#nb);)
    });
    // An output without `...` keeps no ellipsis axes: each such operand must have none.
    let static_checks = static_checks.chain(plan.ellipsis_dropped.iter().map(|&k| {
        let (e, name) = (plan.ranks[k].0, &names[k]);
        quote_spanned!(crate::hygiene::at(operands[k].span())=>
            #p::RankOf::ellipsis::<#e, _, _, _, _>(&#name).kept_by_output::<#k>();)
    }));
    // For `...` in the output, the rank: broadcast ellipsis of the operands, plus the letters.
    let ellipsis_ops: Vec<usize> = (0..operands.len()).filter(|&k| plan.ranks[k].1).collect();
    let dims = match plan.out_rank {
        OutRank::Fixed(_) => None,
        OutRank::Ellipsis { letters } => {
            let mut it = ellipsis_ops.iter().map(|&k| {
                let (e, name) = (plan.ranks[k].0, &names[k]);
                q!(#p::RankOf::ellipsis::<#e, _, _, _, _>(&#name))
            });
            let first = it.next().expect("checked: an input has `...`");
            let broadcast = it.fold(first, |acc, d| q!(#p::RankOf::max(#acc, #d)));
            Some(q!(#p::RankOf::plus::<#letters, _, _>(#broadcast)))
        }
    };
    let inputs = plan.inputs.iter().map(|t| LitByteStr::new(t, lit.span()));
    let output = LitByteStr::new(&plan.output, lit.span());
    let spec = q! {
        const __EINSUM_SPEC: #p::Spec<'static> = #p::Spec {
            subscripts: #lit,
            inputs: &[#(#inputs),*],
            output: #output,
        };
    };
    let ops = q!(&[#(#p::Operand::new(&#names)),*]);
    // Every expansion: operands bound by a `match` (temporaries live to the end), the static
    // checks, the spec constant, then the call.
    let views: Vec<TokenStream> = views.collect();
    let static_checks: Vec<TokenStream> = static_checks.collect();
    // Every operand's elements are numbers (one error, on the subscripts, identical for each
    // operand, which rustc reports once), and the same type as operand 0's (one error, on the
    // operand); the checked views carry the expected type onward, so nothing after fails too.
    let element_checks = names.iter().enumerate().map(|(k, name)| {
        let numeric = quote_spanned!(crate::hygiene::at(lit.span())=>
            (&#p::ElementCheck(#name)).checked());
        if k == 0 {
            q!(let #name = #numeric;)
        } else {
            let first = &names[0];
            let span = crate::hygiene::at(operands[k].span());
            let here = proc_macro2::Ident::new(&name.to_string(), span);
            quote_spanned!(span=>
                let #name = #numeric;
                let #name = #p::Checked::<#k>::same(&#first, #here);)
        }
    });
    let element_checks: Vec<TokenStream> = element_checks.collect();
    let wrap = |call: TokenStream| {
        q! {
            match (#(#views,)*) {
                (#(#names,)*) => {
                    #[allow(unused_imports)]
                    use #p::{IsNumeric as _, NotNumeric as _};
                    #(#element_checks)*
                    #(#static_checks)*
                    #spec
                    #call
                }
            }
        }
    };
    // An owned result is bound before it is returned, so that a declared type of another rank
    // is one mismatch with the result's type (`Array<f64, 3>` and `Array<f64, 2>`), not one
    // per branch of the expansion. (A view result stays the tail expression: binding it would
    // drop the temporaries it borrows.)
    let wrap = |call: TokenStream| {
        let value = wrap(call);
        if plan.is_view || mode == Mode::Path {
            value
        } else {
            q!({
                let __einsum_result = #value;
                __einsum_result
            })
        }
    };
    // A fixed output rank pins M the same way, through a `Dims` value.
    let dims = dims.or_else(|| match plan.out_rank {
        OutRank::Fixed(m) => Some(q!(#p::Dims::<#m>)),
        OutRank::Ellipsis { .. } => None,
    });
    // Small contractions without `...`: the direct kernel, when the label sizes (constants for
    // static operands) make the work small; the pairwise path otherwise.
    if let (Some(direct), OutRank::Fixed(m), Mode::Run | Mode::Try) =
        (&plan.direct, &plan.out_rank, mode)
    {
        let l = direct.labels;
        let k = operands.len();
        let binds = direct.axes.iter().enumerate().map(|(op, axes)| {
            let name = &names[op];
            let d = format_ident!("__einsum_direct{}", op, span = crate::hygiene::site());
            q! {
                let #d = match #p::DirectOperand::new(&__EINSUM_SPEC, #op, #name, [#(#axes),*], &mut __sizes, &mut __first) {
                    ::core::result::Result::Ok(d) => d,
                    ::core::result::Result::Err(e) => break 'einsum (::core::result::Result::Err(e)),
                };
            }
        });
        // The operands' views as `(&op0, (&op1, (…, ())))`: their static-ness as a type.
        let views_list = names
            .iter()
            .rev()
            .fold(q!(()), |rest, name| q!((&#name, #rest)));
        let ds: Vec<_> = (0..k)
            .map(|op| format_ident!("__einsum_direct{}", op, span = crate::hygiene::site()))
            .collect();
        let compute = match out {
            None => q! {
                if #p::is_small(&__sizes) {
                    ::core::result::Result::Ok(#p::direct::<_, #l, #k, #m, _>(__sizes, [#(#ds),*], #views_list))
                } else {
                    #p::try_run_ranked(#p::Dims::<#m>, &__EINSUM_SPEC, #ops)
                }
            },
            Some(target) => {
                let target = out_target(target, q!(#m));
                q! {
                    let __einsum_out = #target;
                    if #p::is_small(&__sizes) {
                        #p::direct_into::<_, #l, #k, #m, _>(&__EINSUM_SPEC, __sizes, [#(#ds),*], __einsum_out, #views_list)
                    } else {
                        #p::try_run_into(#p::Dims::<#m>, &__EINSUM_SPEC, #ops, __einsum_out)
                    }
                }
            }
        };
        let result = q! {
            'einsum: {
                let mut __sizes = [usize::MAX; #l];
                let mut __first = [(0usize, 0usize); #l];
                #(#binds)*
                #compute
            }
        };
        let call = match mode {
            Mode::Run => q!(#p::unwrap(#result)),
            _ => result,
        };
        return wrap(call);
    }
    if let Some(target) = out {
        let d = dims.as_ref().expect("every output rank is pinned above");
        let target = out_target(target, q!(_));
        let into = if plan.is_view {
            q!(#p::try_view_into(#d, &__EINSUM_SPEC, #(#names),*, #target))
        } else {
            q!(#p::try_run_into(#d, &__EINSUM_SPEC, #ops, #target))
        };
        let call = match mode {
            Mode::Run => q!(#p::unwrap(#into)),
            _ => into,
        };
        return wrap(call);
    }
    let call = match (mode, plan.is_view, &dims) {
        (Mode::Path, _, _) => q!(#p::path(&__EINSUM_SPEC, #ops)),
        (Mode::Run, true, Some(d)) => q!(#p::view_ranked(#d, &__EINSUM_SPEC, #(#names),*)),
        (Mode::Try, true, Some(d)) => q!(#p::try_view_ranked(#d, &__EINSUM_SPEC, #(#names),*)),
        (Mode::Run, false, Some(d)) => q!(#p::run_ranked(#d, &__EINSUM_SPEC, #ops)),
        (Mode::Try, false, Some(d)) => q!(#p::try_run_ranked(#d, &__EINSUM_SPEC, #ops)),
        (_, _, None) => unreachable!("every output rank is pinned above"),
    };
    wrap(call)
}

/// The `out = target` argument as a `ViewMut` of rank `m` (a type error naming `out` otherwise).
fn out_target(target: &Expr, m: TokenStream) -> TokenStream {
    quote_spanned!(crate::hygiene::at(target.span())=> match #target { __einsum_t =>
        ::einarray::__private::einsum::EinsumOut::<#m, _>::into_einsum_out(__einsum_t) })
}

/// The expansion after an error: the operands still borrowed (no unused-variable warnings),
/// then each error as a `compile_error!` expression, the last one as the block's value. An
/// expression that failed to expand has rustc's error type, which every later use accepts
/// silently, so one mistake gives one error whatever the caller does with the result, and no
/// "unreachable code" warning follows (as it would after a diverging placeholder).
pub fn fallback(err: syn::Error, operands: &[Expr]) -> TokenStream {
    let errors = errors_as_expressions(err);
    q! {{
        #(let _ = &#operands;)*
        #errors
    }}
}

/// `compile_error!(…)` for each message of `err`, on its span, separated by `;` so that the
/// last is the value of the enclosing block. syn writes `compile_error! { … }` (a statement);
/// its braces become parentheses (an expression), keeping syn's spans, which cover the whole
/// offending tokens.
fn errors_as_expressions(err: syn::Error) -> TokenStream {
    let each: Vec<TokenStream> = err
        .into_iter()
        .map(|e| {
            e.to_compile_error()
                .into_iter()
                .map(|tt| match tt {
                    TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                        let mut paren = Group::new(Delimiter::Parenthesis, g.stream());
                        paren.set_span(g.span());
                        TokenTree::Group(paren)
                    }
                    tt => tt,
                })
                .collect()
        })
        .collect();
    q!(#(#each);*)
}

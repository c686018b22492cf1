//! A checked `tensor!` statement → tokens.
//!
//! Plan (decided here, at expansion time):
//! - **operands**: each distinct array expression of the right side becomes one view, its rank
//!   checked by the type system against its label count;
//! - **sizes**: each label takes its size from its first axis; every other axis with that label
//!   is compared once, before any loop;
//! - **implicit sum**: labels of the right side that neither the left side nor an enclosing
//!   reduction binds are summed over the whole right side (Einstein's convention);
//! - **hoisting**: each reduction is computed where the labels it depends on are bound — in the
//!   innermost enclosing loop scope that binds one of them, right inside the loop of the last
//!   such label — so `max[k](z[b, k])` runs once per `b`, never once per `(b, o)`;
//! - **aliasing**: writing `a` while reading `a` under another label order goes through a
//!   temporary (NumPy's `A += A.T`); the same order reads the element being written;
//! - **GEMM**: a `:=` whose right side is a product of indexed terms is `einsum!` itself;
//! - **lines**: the innermost loop of each reduction and of a `:=` is one call of the runtime's
//!   `foldK`/`fillK`, which walks each read along the loop's label at its stride (unit-stride
//!   lines vectorize) — reads without that label are hoisted out of it;
//! - **loop order**: the output's loops run in the written order (a new array fills in C
//!   order); a reduction over 2–4 labels with nothing defined inside its loops gets one nest
//!   per choice of innermost label, and the choice is made once, before any loop, from the
//!   strides (`tensor::pick_inner`: the label most reads are contiguous along).

use super::parse::{Op, RedOp, Statement};
use crate::hygiene::{first_span, q};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote_spanned};
use std::collections::HashMap;

/// Which macro is expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `tensor!`: panics on size mismatches.
    Run,
    /// `try_tensor!`: `Result<_, ShapeError>`.
    Try,
}

/// A loop scope: the left side's loops, or one reduction's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    Top,
    Red(usize),
}

struct Ctx<'s> {
    st: &'s Statement,
    /// Reduction labels, with the implicit sum (if any) as the last reduction.
    red_labels: Vec<Vec<Ident>>,
    red_ops: Vec<RedOp>,
    red_bodies: Vec<TokenStream>,
    red_scopes: Vec<Vec<usize>>,
    /// Where each reduction is defined: scope and loop depth in it.
    home: Vec<(Scope, usize)>,
    /// Placeholder → the tokens it stands for.
    subst: HashMap<String, TokenStream>,
    /// Reductions computed before the loops by `einsum!` (pure products under a `sum`).
    lifted: Vec<usize>,
    /// Placeholder → the view it reads and its labels, for every read an innermost loop may
    /// walk as a line (terms of operands, lifted reductions; not reads of the written array).
    reads: HashMap<String, (TokenStream, Vec<Ident>)>,
    what: String,
}

/// What the innermost loop of a scope does with the body's value.
enum Inner {
    /// Folds it into the scope's `__tensor_acc` (a reduction's body, unsubstituted).
    Fold(TokenStream),
    /// Appends it to `__tensor_data` (a `:=` statement's value, unsubstituted).
    Fill(TokenStream),
    /// Runs these tokens (a write into an existing array).
    Plain(TokenStream),
}

/// The arrays a statement borrows, in one `match` around it (so temporaries live to its end):
/// each borrow expression and the name it is bound to.
#[derive(Default)]
pub(super) struct Borrows {
    pub(super) scrutinees: Vec<TokenStream>,
    pub(super) names: Vec<Ident>,
}

impl Borrows {
    /// Borrows with `expr` (`&(a)`, `&mut c`), bound to a new name at `span`.
    pub(super) fn add(&mut self, expr: TokenStream, span: Span) -> Ident {
        let name = format_ident!("__tensor_x{}", self.names.len(), span = span);
        self.scrutinees.push(expr);
        self.names.push(name.clone());
        name
    }
}

pub(super) fn name_of(ts: &TokenStream) -> String {
    ts.to_string().replace(' ', "")
}

/// Every identifier in `ts`, recursively.
fn collect_idents(ts: &TokenStream, out: &mut Vec<Ident>) {
    for tt in ts.clone() {
        match tt {
            TokenTree::Ident(id) => out.push(id),
            TokenTree::Group(g) => collect_idents(&g.stream(), out),
            _ => {}
        }
    }
}

/// Replaces placeholders in `ts`, recursively.
fn substitute(ts: &TokenStream, map: &HashMap<String, TokenStream>) -> TokenStream {
    ts.clone()
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Ident(ref id) => match map.get(&id.to_string()) {
                Some(rep) => {
                    let rep = rep.clone();
                    q!((#rep))
                }
                None => q!(#tt),
            },
            TokenTree::Group(g) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), substitute(&g.stream(), map));
                ng.set_span(g.span());
                q!(#ng)
            }
            other => q!(#other),
        })
        .collect()
}

impl Ctx<'_> {
    fn size_var(l: &Ident) -> Ident {
        format_ident!("__tensor_n_{}", l, span = crate::hygiene::site())
    }

    /// Labels the reduction `r` depends on from outside.
    fn free_labels(&self, r: usize) -> Vec<Ident> {
        let mut free: Vec<Ident> = vec![];
        for t in &self.st.terms {
            let scope = self.term_scope(&t.scope);
            let Some(pos) = scope.iter().position(|&x| x == r) else {
                continue;
            };
            for l in &t.labels {
                let bound_inside = scope[pos..].iter().any(|&q| self.red_labels[q].contains(l));
                if !bound_inside && !free.contains(l) {
                    free.push(l.clone());
                }
            }
        }
        // Labels used as values (`i as f64`) in the body of r or of a reduction inside it.
        let known: Vec<&Ident> = self
            .st
            .out_labels
            .iter()
            .chain(self.red_labels.iter().flatten())
            .collect();
        for q in 0..self.red_labels.len() {
            let chain = self.full_scope(q);
            let Some(pos) = chain.iter().position(|&x| x == r) else {
                continue;
            };
            let mut idents = vec![];
            collect_idents(&self.red_bodies[q], &mut idents);
            for id in idents {
                let is_label = known.iter().any(|l| **l == id);
                let bound_inside = chain[pos..]
                    .iter()
                    .any(|&x| self.red_labels[x].contains(&id));
                if is_label && !bound_inside && !free.contains(&id) {
                    free.push(id);
                }
            }
        }
        free
    }

    /// A reduction's scope chain including itself (outermost first).
    fn full_scope(&self, q: usize) -> Vec<usize> {
        let mut chain = self.red_scopes[q].clone();
        chain.push(q);
        chain
    }

    /// A term's or reduction's scope chain, with the implicit sum outermost.
    fn term_scope(&self, scope: &[usize]) -> Vec<usize> {
        let mut s = vec![];
        if self.red_labels.len() > self.st.reductions.len() {
            s.push(self.st.reductions.len());
        }
        s.extend_from_slice(scope);
        s
    }

    fn place(&mut self) {
        let n = self.red_labels.len();
        self.home = vec![(Scope::Top, 0); n];
        for r in 0..n {
            let free = self.free_labels(r);
            let chain = self.red_scopes[r].clone();
            let mut placed = None;
            for &e in chain.iter().rev() {
                let depth = self.red_labels[e]
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| free.contains(l))
                    .map(|(k, _)| k + 1)
                    .max();
                if let Some(d) = depth {
                    placed = Some((Scope::Red(e), d));
                    break;
                }
            }
            self.home[r] = placed.unwrap_or_else(|| {
                let d = self
                    .st
                    .out_labels
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| free.contains(l))
                    .map(|(k, _)| k + 1)
                    .max()
                    .unwrap_or(0);
                (Scope::Top, d)
            });
        }
    }

    /// The definitions placed at `scope`, depth `d`: inner reductions first.
    fn defs_at(&self, scope: Scope, d: usize) -> TokenStream {
        let mut ids: Vec<usize> = (0..self.red_labels.len())
            .filter(|&r| self.home[r] == (scope, d) && !self.lifted.contains(&r))
            .collect();
        // Inner reductions first: deeper scope chains before shallower ones.
        ids.sort_by_key(|&r| std::cmp::Reverse((self.red_scopes[r].len(), r)));
        ids.into_iter().map(|r| self.def(r)).collect()
    }

    fn def(&self, r: usize) -> TokenStream {
        let var = self.red_var(r);
        let acc = match self.red_ops[r] {
            RedOp::Sum => q!(::einarray::__private::tensor::Sum),
            RedOp::Prod => q!(::einarray::__private::tensor::Prod),
            RedOp::Max => q!(::einarray::__private::tensor::Max),
            RedOp::Min => q!(::einarray::__private::tensor::Min),
        };
        let inner = Inner::Fold(self.red_bodies[r].clone());
        let loops = self.loops(Scope::Red(r), &self.red_labels[r], 0, &inner);
        let what = &self.what;
        q! {
            let #var = {
                let mut __tensor_acc = #acc::new();
                #loops
                __tensor_acc.finish(#what)
            };
        }
    }

    fn red_var(&self, r: usize) -> Ident {
        format_ident!("__tensor_val{}", r, span = crate::hygiene::site())
    }

    /// Nested loops over `labels[d..]` of `scope`, with the definitions placed at each depth.
    fn loops(&self, scope: Scope, labels: &[Ident], d: usize, inner: &Inner) -> TokenStream {
        if let (Scope::Red(r), 0) = (scope, d) {
            if self.reorderable(r) {
                // One nest per choice of innermost label, picked before the loops from the
                // operands' strides (`inner_choices`); the last arm is the written order.
                let var = Self::inner_var(r);
                let last = labels.len() - 1;
                let arms = (0..labels.len()).map(|i| {
                    let mut order = labels.to_vec();
                    let x = order.remove(i);
                    order.push(x);
                    let nest = self.nest(scope, &order, 0, inner);
                    if i == last {
                        q!(_ => { #nest })
                    } else {
                        q!(#i => { #nest })
                    }
                });
                return q!(match #var { #(#arms)* });
            }
        }
        self.nest(scope, labels, d, inner)
    }

    /// The variable holding reduction `r`'s innermost label (an index into its labels).
    fn inner_var(r: usize) -> Ident {
        format_ident!("__tensor_inner{}", r, span = crate::hygiene::site())
    }

    /// Whether reduction `r`'s loops may run in any order: two to four labels, nothing defined
    /// inside them (so no placement depends on their order), and an innermost loop that walks
    /// lines.
    fn reorderable(&self, r: usize) -> bool {
        let labels = &self.red_labels[r];
        if !(2..=4).contains(&labels.len()) || self.lifted.contains(&r) {
            return false;
        }
        if (1..=labels.len()).any(|d| !self.defs_at(Scope::Red(r), d).is_empty()) {
            return false;
        }
        let last = &labels[labels.len() - 1];
        self.line_loop(
            last,
            &Self::size_var(last),
            &Inner::Fold(self.red_bodies[r].clone()),
        )
        .is_some()
    }

    /// For each reorderable reduction, its innermost label, chosen once before any loop: the
    /// label along which the most of its reads are contiguous (the written last one on ties).
    fn inner_choices(&self) -> TokenStream {
        let p = q!(::einarray::__private::tensor);
        let mut out = TokenStream::new();
        for r in 0..self.red_labels.len() {
            if !self.reorderable(r) {
                continue;
            }
            let mut ids = vec![];
            collect_idents(&self.red_bodies[r], &mut ids);
            let mut reads: Vec<&(TokenStream, Vec<Ident>)> = vec![];
            let mut seen: Vec<String> = vec![];
            for id in ids {
                let key = id.to_string();
                if let Some(read) = self.reads.get(&key) {
                    if !seen.contains(&key) {
                        seen.push(key);
                        reads.push(read);
                    }
                }
            }
            let scores =
                self.red_labels[r].iter().map(|x| {
                    let units = reads.iter().filter(|(_, labels)| labels.contains(x)).map(
                        |(view, labels)| {
                            let along = labels.iter().map(|l| l == x);
                            q!((#p::stride_along(#view, [#(#along),*]) == 1) as usize)
                        },
                    );
                    q!(0usize #(+ #units)*)
                });
            let var = Self::inner_var(r);
            out.extend(q!(let #var: usize = #p::pick_inner([#(#scores),*]);));
        }
        out
    }

    /// [`Ctx::loops`] in the given label order.
    fn nest(&self, scope: Scope, labels: &[Ident], d: usize, inner: &Inner) -> TokenStream {
        let defs = self.defs_at(scope, d);
        if d == labels.len() {
            let last = match inner {
                Inner::Fold(body) => {
                    let body = substitute(body, &self.subst);
                    q!(::einarray::__private::tensor::Fold::push(&mut __tensor_acc, #body);)
                }
                Inner::Fill(value) => {
                    let value = substitute(value, &self.subst);
                    q!(__tensor_data.push(#value);)
                }
                Inner::Plain(tokens) => tokens.clone(),
            };
            return q!(#defs #last);
        }
        let l = &labels[d];
        let n = Self::size_var(l);
        if d + 1 == labels.len() && self.defs_at(scope, d + 1).is_empty() {
            if let Some(line_loop) = self.line_loop(l, &n, inner) {
                return q!(#defs #line_loop);
            }
        }
        let rest = self.nest(scope, labels, d + 1, inner);
        q! {
            #defs
            for #l in 0..#n {
                // A label the body does not read (it only orders the output) is still used.
                let _ = #l;
                #rest
            }
        }
    }

    /// The innermost loop, over label `l`, as one call of the runtime's `foldK`/`fillK`: each
    /// read whose term has `l` becomes a line (contiguous ones vectorize, with no index
    /// arithmetic or bounds check per element), each read without `l` is hoisted out of the
    /// loop. `None` when the body reads the written array or more than four lines.
    fn line_loop(&self, l: &Ident, n: &Ident, inner: &Inner) -> Option<TokenStream> {
        let (raw, fold) = match inner {
            Inner::Fold(body) => (body, true),
            Inner::Fill(value) => (value, false),
            Inner::Plain(_) => return None,
        };
        let mut ids = vec![];
        collect_idents(raw, &mut ids);
        let mut map = self.subst.clone();
        let mut lines: Vec<(Ident, &TokenStream, &Vec<Ident>)> = vec![];
        let mut hoisted = TokenStream::new();
        for id in ids {
            let key = id.to_string();
            if let Some((view, labels)) = self.reads.get(&key) {
                let Some(read) = map.remove(&key) else {
                    continue; // seen already
                };
                if labels.contains(l) {
                    lines.push((id, view, labels));
                } else {
                    hoisted.extend(q!(let #id = #read;));
                }
            } else if self.st.terms.iter().any(|t| t.placeholder == id) {
                return None; // a read of the array being written
            }
        }
        if lines.len() > 4 {
            return None;
        }
        let p = q!(::einarray::__private::tensor);
        let body = substitute(raw, &map);
        let line_vars: Vec<Ident> = (0..lines.len())
            .map(|k| format_ident!("__tensor_line{}", k, span = crate::hygiene::site()))
            .collect();
        let make_lines = lines.iter().zip(&line_vars).map(|((_, view, labels), v)| {
            let index = labels
                .iter()
                .map(|x| if x == l { q!(0usize) } else { q!(#x) });
            let along = labels.iter().map(|x| x == l);
            q!(let #v = #p::line(#view, [#(#index),*], [#(#along),*], #n);)
        });
        let params = lines.iter().map(|(id, _, _)| id);
        let (func, target) = if fold {
            (format_ident!("fold{}", lines.len()), q!(&mut __tensor_acc))
        } else {
            (format_ident!("fill{}", lines.len()), q!(&mut __tensor_data))
        };
        Some(q! {{
            #hoisted
            #(#make_lines)*
            #p::#func(#target, #n, #(#line_vars,)* #[inline(always)] |#l: usize, #(#params),*| {
                let _ = #l;
                #body
            });
        }})
    }
}

/// A factor of a product that is not a term: one token tree (a literal, a variable, a
/// parenthesized expression) that reads no label and no term, applied to the contraction's
/// result in its place in the product.
struct Scale {
    /// It came before the first term (`s * a[i] * …`: applied as `s * v`).
    left: bool,
    /// `*` or `/`.
    op: char,
    factor: TokenTree,
}

/// The `einsum!` subscripts of a pure product of terms, if the right side is one.
fn as_einsum(st: &Statement) -> Option<String> {
    match as_scaled_einsum(st)? {
        (subscripts, scales) if scales.is_empty() => Some(subscripts),
        _ => None,
    }
}

/// The `einsum!` subscripts of a product of terms and scalar factors (`x[n, i] * d[n, k] / nb`),
/// and the scalar factors, if the right side is one.
fn as_scaled_einsum(st: &Statement) -> Option<(String, Vec<Scale>)> {
    if st.op != Op::Define || !st.reductions.is_empty() || st.terms.is_empty() {
        return None;
    }
    // Every output label must come from a term (an aliased write's temporary may have others).
    if !st
        .out_labels
        .iter()
        .all(|l| st.terms.iter().any(|t| t.labels.contains(l)))
    {
        return None;
    }
    // The right side must be `t0 * t1 * …`, with scalar factors (`* s`, `/ s`) anywhere.
    let labels: Vec<&Ident> = st
        .terms
        .iter()
        .flat_map(|t| t.labels.iter())
        .chain(&st.out_labels)
        .collect();
    let is_scalar = |tt: &TokenTree| {
        let mut ids = vec![];
        collect_idents(&TokenStream::from(tt.clone()), &mut ids);
        let reads_nothing = ids
            .iter()
            .all(|id| !labels.contains(&id) && !st.terms.iter().any(|t| t.placeholder == *id));
        reads_nothing && !matches!(tt, TokenTree::Punct(_))
    };
    let mut scales = vec![];
    let mut op = '*';
    let mut expect_factor = true;
    let mut k = 0;
    for tt in st.rhs.clone() {
        match (&tt, expect_factor) {
            (TokenTree::Ident(id), true)
                if k < st.terms.len() && *id == st.terms[k].placeholder && op == '*' =>
            {
                k += 1;
                expect_factor = false;
            }
            (_, true) if is_scalar(&tt) => {
                scales.push(Scale {
                    left: k == 0,
                    op,
                    factor: tt.clone(),
                });
                expect_factor = false;
            }
            (TokenTree::Punct(p), false) if matches!(p.as_char(), '*' | '/') => {
                op = p.as_char();
                expect_factor = true;
            }
            _ => return None,
        }
    }
    if expect_factor || k != st.terms.len() {
        return None;
    }
    let mut letters: Vec<String> = vec![];
    let mut letter = |l: &Ident| -> Option<char> {
        let s = l.to_string();
        let k = match letters.iter().position(|x| *x == s) {
            Some(k) => k,
            None => {
                letters.push(s);
                letters.len() - 1
            }
        };
        let alphabet: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
        alphabet.get(k).copied()
    };
    let mut terms = vec![];
    for t in &st.terms {
        terms.push(
            t.labels
                .iter()
                .map(&mut letter)
                .collect::<Option<String>>()?,
        );
    }
    let out: String = st
        .out_labels
        .iter()
        .map(&mut letter)
        .collect::<Option<String>>()?;
    Some((format!("{}->{}", terms.join(","), out), scales))
}

/// `einsum!`'s `try_` expansion of generated `subscripts` on the operand variables.
fn einsum_call<'a>(subscripts: &str, operands: impl Iterator<Item = &'a Ident>) -> TokenStream {
    let lit = syn::LitStr::new(subscripts, Span::call_site());
    let spec = crate::parse::parse(subscripts).expect("generated subscripts parse");
    let mut plan = crate::plan::plan(&spec);
    // The statement's own checks compare every label's static sizes, naming its labels and
    // terms; the generated subscripts' letters would only repeat them under other names.
    plan.static_checks.clear();
    let operands: Vec<syn::Expr> = operands
        .map(|v| syn::parse2(q!(#v)).expect("an identifier"))
        .collect();
    crate::expand::expand(&plan, &lit, &operands, None, crate::expand::Mode::Try)
}

/// The expansion of a checked statement.
/// A statement's `Result`-valued block as its mode wants it: unwrapped (panicking with the
/// error) for `tensor!`, as is for `try_tensor!`.
pub(super) fn run_or_try(st: &Statement, mode: Mode, body: TokenStream) -> TokenStream {
    let p = q!(::einarray::__private::tensor);
    match mode {
        Mode::Run if st.op == Op::Define => q!(#p::unwrap_new(#body)),
        Mode::Run => q!(#p::unwrap(#body)),
        Mode::Try => body,
    }
}

pub fn expand(st: &Statement, mode: Mode) -> TokenStream {
    expand_with(st, mode, None, None)
}

/// [`expand`], with `shape_from` (an aliased write's target) giving the sizes of labels that
/// only the left side has, when a `:=` temporary is computed for it.
pub(super) fn expand_with(
    st: &Statement,
    mode: Mode,
    shape_from: Option<&TokenStream>,
    what: Option<&str>,
) -> TokenStream {
    let p = q!(::einarray::__private::tensor);
    let out_name = name_of(&st.out);
    let op_str = match st.op {
        Op::Define => ":=",
        Op::Assign => "=",
        Op::Add => "+=",
        Op::Sub => "-=",
        Op::Mul => "*=",
    };
    let labels_str = st
        .out_labels
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let what = what.map_or_else(
        || format!("tensor {out_name}[{labels_str}] {op_str} …"),
        str::to_string,
    );

    // Aliasing: terms that read the array being written.
    let writes = st.op != Op::Define;
    let self_terms: Vec<usize> = (0..st.terms.len())
        .filter(|&k| writes && name_of(&st.terms[k].array) == out_name)
        .collect();
    let needs_temp = self_terms
        .iter()
        .any(|&k| st.terms[k].labels != st.out_labels || st.terms[k].is_affine());
    if needs_temp {
        // Evaluate the right side into a new array first, then combine: NumPy's `A += A.T`.
        let mut define = st.clone();
        define.op = Op::Define;
        define.out = q!(__tensor_tmp);
        let tmp = expand_with(&define, mode, Some(&st.out), Some(&what));
        let tmp_labels = &st.out_labels;
        // Then `target[labels] op __tensor_tmp[labels]`, a same-order statement.
        let target = &st.out;
        let op_tokens = match st.op {
            Op::Assign => q!(=),
            Op::Add => q!(+=),
            Op::Sub => q!(-=),
            Op::Mul => q!(*=),
            Op::Define => unreachable!(),
        };
        let second = super::parse::parse(
            q!(#target[#(#tmp_labels),*] #op_tokens __tensor_tmp[#(#tmp_labels),*]),
        )
        .expect("generated statement parses");
        let second = expand(&second, mode);
        return match mode {
            Mode::Run => q! {{
                let __tensor_tmp = #p::IntoOwned::into_owned_array(#tmp);
                #second
            }},
            Mode::Try => q! {
                match #tmp {
                    ::core::result::Result::Ok(__tensor_tmp) => {
                        let __tensor_tmp = #p::IntoOwned::into_owned_array(__tensor_tmp);
                        #second
                    }
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            },
        };
    }

    // Index arithmetic: every term becomes a view over its labels first.
    if st.terms.iter().any(|t| t.is_affine()) {
        return super::affine::expand(st, mode, shape_from, &what);
    }

    // Operands: distinct array expressions (self terms read the output).
    let mut operand_names: Vec<String> = vec![];
    let mut operand_of_term: Vec<Option<usize>> = vec![];
    let mut operand_rank: Vec<usize> = vec![];
    let mut operand_tokens: Vec<TokenStream> = vec![];
    for (k, t) in st.terms.iter().enumerate() {
        if self_terms.contains(&k) {
            operand_of_term.push(None);
            continue;
        }
        let name = name_of(&t.array);
        let idx = match operand_names.iter().position(|n| *n == name) {
            Some(i) => i,
            None => {
                operand_names.push(name);
                operand_rank.push(t.labels.len());
                operand_tokens.push(t.array.clone());
                operand_names.len() - 1
            }
        };
        operand_of_term.push(Some(idx));
    }
    let op_vars: Vec<Ident> = (0..operand_names.len())
        .map(|i| format_ident!("__tensor_op{}", i, span = crate::hygiene::site()))
        .collect();
    // Every array the statement touches is borrowed by one `match` around the whole
    // statement, so temporaries (`(&a * 2.0)[i]`, `c.view_mut()[i, j] = …`) live to its end;
    // each borrow is then converted by a `let` inside, its error on the user's tokens.
    let mut borrows = Borrows::default();
    let mut bind_ops: Vec<TokenStream> = vec![];
    for ((a, v), n) in operand_tokens.iter().zip(&op_vars).zip(&operand_rank) {
        let span = crate::hygiene::at(first_span(a).unwrap_or_else(Span::call_site));
        let x = borrows.add(quote_spanned!(span=> &(#a)), span);
        bind_ops.push(quote_spanned!(span=> let #v =
            #p::TensorOperand::<#n, _, _>::into_tensor_view(#x);));
    }

    // Static sizes: every later axis of a label against its first, on the later label token.
    let mut static_checks = TokenStream::new();
    let mut firsts: Vec<(Ident, usize, usize)> = vec![]; // label, term, axis
    for (k, t) in st.terms.iter().enumerate() {
        let Some(o) = operand_of_term[k] else {
            continue;
        };
        for (axis, l) in t.labels.iter().enumerate() {
            match firsts.iter().find(|(x, _, _)| x == l) {
                None => firsts.push((l.clone(), k, axis)),
                Some((_, fk, fa)) => {
                    let fo = operand_of_term[*fk].expect("firsts are operand terms");
                    let (va, vb) = (&op_vars[fo], &op_vars[o]);
                    let (fk, fa) = (*fk, *fa);
                    static_checks.extend(quote_spanned!(crate::hygiene::at(l.span())=>
                        ::einarray::__private::tensor::TermCheck::<#fk, #fa, #k, #axis>::same_dim(&#va, &#vb);));
                }
            }
        }
    }

    // Label sizes: from the first axis that carries the label (the output's, when writing).
    let out_var = format_ident!("__tensor_out", span = crate::hygiene::site());
    let mut sources: Vec<(Ident, TokenStream, String, usize)> = vec![]; // label, source var, name, axis
    let shape_var = format_ident!("__tensor_shape", span = crate::hygiene::site());
    let mut bind_shape = TokenStream::new();
    if let Some(target) = shape_from {
        let m = st.out_labels.len();
        let x = borrows.add(q!(&(#target)), crate::hygiene::site());
        bind_shape = q!(let #shape_var = #p::TensorOperand::<#m, _, _>::into_tensor_view(#x););
        for (axis, l) in st.out_labels.iter().enumerate() {
            sources.push((l.clone(), q!(#shape_var), name_of(target), axis));
        }
    }
    if writes {
        for (axis, l) in st.out_labels.iter().enumerate() {
            sources.push((l.clone(), q!(#out_var), out_name.clone(), axis));
        }
    }
    for (k, t) in st.terms.iter().enumerate() {
        let Some(o) = operand_of_term[k] else {
            continue;
        };
        let v = &op_vars[o];
        for (axis, l) in t.labels.iter().enumerate() {
            sources.push((l.clone(), q!(#v), operand_names[o].clone(), axis));
        }
    }
    let mut size_defs = TokenStream::new();
    let mut size_checks = TokenStream::new();
    let mut seen: Vec<(Ident, usize)> = vec![];
    for (i, (l, src, name, axis)) in sources.iter().enumerate() {
        let n = Ctx::size_var(l);
        match seen.iter().find(|(x, _)| x == l) {
            None => {
                size_defs.extend(q!(let #n: usize = #src.shape()[#axis];));
                seen.push((l.clone(), i));
            }
            Some(&(_, first)) => {
                let (_, fsrc, fname, faxis) = &sources[first];
                let label = l.to_string();
                size_checks.extend(q! {
                    if #src.shape()[#axis] != #n {
                        break '__tensor (::core::result::Result::Err(#p::size_error(
                            #what, #label, (#fname, #fsrc.shape()[#faxis], #faxis), (#name, #src.shape()[#axis], #axis),
                        )));
                    }
                });
            }
        }
    }

    // Reductions, with the implicit sum over the whole right side as the last one.
    let mut red_labels: Vec<Vec<Ident>> = st.reductions.iter().map(|r| r.labels.clone()).collect();
    let mut red_ops: Vec<RedOp> = st.reductions.iter().map(|r| r.op).collect();
    let mut red_bodies: Vec<TokenStream> = st.reductions.iter().map(|r| r.body.clone()).collect();
    let mut red_scopes: Vec<Vec<usize>> = st.reductions.iter().map(|r| r.scope.clone()).collect();
    let mut implicit: Vec<Ident> = vec![];
    for t in &st.terms {
        for l in &t.labels {
            let bound = st.out_labels.contains(l)
                || t.scope.iter().any(|&r| st.reductions[r].labels.contains(l));
            if !bound && !implicit.contains(l) {
                implicit.push(l.clone());
            }
        }
    }
    let mut value = st.rhs.clone();
    if !implicit.is_empty() {
        let imp = st.reductions.len();
        for s in &mut red_scopes {
            s.insert(0, imp);
        }
        red_labels.push(implicit);
        red_ops.push(RedOp::Sum);
        red_bodies.push(st.rhs.clone());
        red_scopes.push(vec![]);
        let v = format_ident!("__tensor_val{}", imp, span = crate::hygiene::site());
        value = q!(#v);
    }
    let mut subst: HashMap<String, TokenStream> = HashMap::new();
    let mut reads: HashMap<String, (TokenStream, Vec<Ident>)> = HashMap::new();
    for (k, t) in st.terms.iter().enumerate() {
        let labels = &t.labels;
        let read = match operand_of_term[k] {
            Some(o) => {
                let v = &op_vars[o];
                reads.insert(t.placeholder.to_string(), (q!(#v), labels.clone()));
                q!(#v[[#(#labels),*]])
            }
            None => q!(#out_var[[#(#labels),*]]),
        };
        subst.insert(t.placeholder.to_string(), read);
    }
    for (r, red) in st.reductions.iter().enumerate() {
        let v = format_ident!("__tensor_val{}", r, span = crate::hygiene::site());
        subst.insert(red.placeholder.to_string(), q!(#v));
    }
    // A `sum` whose body is a product of indexed terms is a contraction: computed once, before
    // the loops, by einsum! (GEMM when it is GEMM-shaped), and read per element in the loops.
    let mut lifted = vec![];
    let mut lift_defs = TokenStream::new();
    for (r, red) in st.reductions.iter().enumerate() {
        if red.op != RedOp::Sum {
            continue;
        }
        let terms: Vec<usize> = (0..st.terms.len())
            .filter(|&k| st.terms[k].scope.last() == Some(&r))
            .collect();
        let nested = st.reductions.iter().any(|q| q.scope.contains(&r));
        if nested || terms.is_empty() || terms.iter().any(|&k| operand_of_term[k].is_none()) {
            continue;
        }
        let sub = Statement {
            out: q!(__tensor_lift),
            out_labels: vec![],
            op: Op::Define,
            rhs: red.body.clone(),
            terms: terms.iter().map(|&k| st.terms[k].clone()).collect(),
            reductions: vec![],
        };
        // Its free labels, in the order the left side (then the term) names them.
        let mut free: Vec<Ident> = vec![];
        for l in st
            .out_labels
            .iter()
            .chain(sub.terms.iter().flat_map(|t| t.labels.iter()))
        {
            let used = sub.terms.iter().any(|t| t.labels.contains(l));
            if used && !red.labels.contains(l) && !free.contains(l) {
                free.push(l.clone());
            }
        }
        let sub = Statement {
            out_labels: free.clone(),
            ..sub
        };
        let Some(subscripts) = as_einsum(&sub) else {
            continue;
        };
        let call = einsum_call(
            &subscripts,
            terms
                .iter()
                .map(|&k| &op_vars[operand_of_term[k].expect("checked above")]),
        );
        let var = format_ident!("__tensor_lift{}", r, span = crate::hygiene::site());
        lift_defs.extend(q! {
            let #var = match #call {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => break '__tensor (::core::result::Result::Err(e)),
            };
        });
        let view = format_ident!("__tensor_liftv{}", r, span = crate::hygiene::site());
        let m = free.len();
        lift_defs.extend(q! {
            let #view = #p::TensorOperand::<#m, _, _>::into_tensor_view(&#var);
        });
        subst.insert(red.placeholder.to_string(), q!(#view[[#(#free),*]]));
        reads.insert(red.placeholder.to_string(), (q!(#view), free.clone()));
        lifted.push(r);
    }
    let mut ctx = Ctx {
        st,
        lifted,
        red_labels,
        red_ops,
        red_bodies,
        red_scopes,
        home: vec![],
        subst,
        reads,
        what: what.clone(),
    };
    ctx.place();
    let raw_value = value;
    let value = substitute(&raw_value, &ctx.subst);
    let labels = &st.out_labels;
    let write = match st.op {
        Op::Define => Inner::Fill(raw_value),
        Op::Assign => Inner::Plain(q!(#out_var[[#(#labels),*]] = #value;)),
        Op::Add => Inner::Plain(q!(#out_var[[#(#labels),*]] += #value;)),
        Op::Sub => Inner::Plain(q!(#out_var[[#(#labels),*]] -= #value;)),
        Op::Mul => Inner::Plain(q!(#out_var[[#(#labels),*]] *= #value;)),
    };
    let loops = ctx.loops(Scope::Top, labels, 0, &write);
    let sizes: Vec<Ident> = labels.iter().map(Ctx::size_var).collect();
    let m = labels.len();
    let (setup, alloc, result) = match st.op {
        Op::Define => (
            q!(),
            q!(let mut __tensor_data = match #p::new_data([#(#sizes),*]) {
                ::core::result::Result::Ok(d) => d,
                ::core::result::Result::Err(e) => break '__tensor (::core::result::Result::Err(e)),
            };),
            q!(#p::finish([#(#sizes),*], __tensor_data)),
        ),
        _ => {
            let target = &st.out;
            let span = crate::hygiene::at(first_span(target).unwrap_or_else(Span::call_site));
            let x = borrows.add(quote_spanned!(span=> &mut #target), span);
            let setup = quote_spanned!(span=> let mut #out_var =
                ::einarray::__private::einsum::EinsumOut::<#m, _>::into_einsum_out(#x););
            (setup, q!(), q!(()))
        }
    };
    // Every path: the target (when writing), operands, static checks, sizes and their checks,
    // then the path's own work, in a labelled block that size errors break out of.
    let Borrows { scrutinees, names } = borrows;
    let finish = |inner: TokenStream| {
        let body = q! {
            match (#(#scrutinees,)*) {
                (#(#names,)*) => '__tensor: {
                    #setup
                    #bind_shape
                    #(#bind_ops)*
                    #static_checks
                    #size_defs
                    #size_checks
                    #inner
                }
            }
        };
        run_or_try(st, mode, body)
    };
    // A `:=` whose right side is a product of terms is einsum! itself (GEMM, paths), run on the
    // views after this statement's own size checks (so errors name its labels and arrays),
    // and always an owned array.
    // Scalar factors (`* s`, `/ s`) are applied to the contraction's result. Reassociating a
    // division with the sum is exact enough for floats (whose sums are reassociated anyway)
    // and wrong for integers, so a `/` takes this path only for float elements, checked when
    // the statement runs; the general loops below stay the other branch.
    let mut guarded: Option<(TokenStream, TokenStream)> = None;
    // Scaling after the product pays only when the product sums a label; element-wise
    // products with scalar factors stay in one pass (the element-wise path below).
    let sums_a_label = st
        .terms
        .iter()
        .any(|t| t.labels.iter().any(|l| !st.out_labels.contains(l)));
    let contraction = as_scaled_einsum(st).filter(|(_, scales)| scales.is_empty() || sums_a_label);
    if let Some((subscripts, scales)) = contraction {
        let call = einsum_call(
            &subscripts,
            (0..st.terms.len())
                .map(|k| &op_vars[operand_of_term[k].expect("a := has no self terms")]),
        );
        if scales.is_empty() {
            return finish(q! {
                match #call {
                        ::core::result::Result::Ok(v) => ::core::result::Result::Ok(#p::IntoOwned::into_owned_array(v)),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            });
        }
        // The factors before the first term, as written (`s1 / s2 * a[i]…`), then the rest.
        let mut left = TokenStream::new();
        let mut right = TokenStream::new();
        for sc in &scales {
            let f = &sc.factor;
            let op = proc_macro2::Punct::new(sc.op, proc_macro2::Spacing::Alone);
            if sc.left {
                if left.is_empty() {
                    left = q!((#f));
                } else {
                    left = q!(#left #op (#f));
                }
            } else {
                right.extend(q!(*__tensor_v = __tensor_v.clone() #op (#f);));
            }
        }
        let apply_left = if left.is_empty() {
            q!()
        } else {
            q!(*__tensor_v = #left * __tensor_v.clone();)
        };
        let scaled = q! {
            match #call {
                ::core::result::Result::Ok(v) => {
                    let mut __tensor_r = #p::IntoOwned::into_owned_array(v);
                    __tensor_r.map_inplace(|__tensor_v| {
                        #apply_left
                        #right
                    });
                    ::core::result::Result::Ok(__tensor_r)
                }
                ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
            }
        };
        if scales.iter().all(|sc| sc.op == '*') {
            return finish(scaled);
        }
        let first = &op_vars[operand_of_term[0].expect("a := has no self terms")];
        guarded = Some((q!(#p::divides_after_sum(&#first)), scaled));
    }
    // With a guarded contraction, `finish` runs it when its check holds, else `inner`.
    let finish = |inner: TokenStream| match &guarded {
        Some((check, scaled)) => finish(q!(if #check { #scaled } else { #inner })),
        None => finish(inner),
    };
    // Element-wise `:=` (every label on the left, no reduction, no label read as a value):
    // lanes over the output with one closure call per element, no per-element index math.
    let value_labels = {
        let mut ids = vec![];
        collect_idents(&st.rhs, &mut ids);
        ids.iter().any(|id| st.out_labels.contains(id))
    };
    let elementwise = st.op == Op::Define
        && st.reductions.is_empty()
        && (1..=4).contains(&st.terms.len())
        && st
            .terms
            .iter()
            .all(|t| t.labels.iter().all(|l| st.out_labels.contains(l)))
        && !value_labels;
    if elementwise {
        let lanes = st.terms.iter().enumerate().map(|(k, t)| {
            let v = &op_vars[operand_of_term[k].expect("a := has no self terms")];
            let axes = t
                .labels
                .iter()
                .map(|l| st.out_labels.iter().position(|x| x == l).expect("checked"));
            q!(#p::Lane::new(#v, [#(#axes),*]))
        });
        let params = st.terms.iter().map(|t| &t.placeholder);
        let map = format_ident!("map{}", st.terms.len());
        let rhs = &st.rhs;
        return finish(q!(#p::#map([#(#sizes),*], #(#lanes,)* |#(#params),*| #rhs)));
    }
    // Element-wise writes (`=`, `+=`, `-=`, `*=`): lanes over the target, each element updated
    // in place by a closure; same-order reads of the target read the slot being written.
    let write_elementwise = st.op != Op::Define
        && st.reductions.is_empty()
        && st
            .terms
            .iter()
            .all(|t| t.labels.iter().all(|l| st.out_labels.contains(l)))
        && !value_labels
        && operand_of_term.iter().filter(|o| o.is_some()).count() <= 3;
    if write_elementwise {
        let lane_terms: Vec<usize> = (0..st.terms.len())
            .filter(|&k| operand_of_term[k].is_some())
            .collect();
        let lanes = lane_terms.iter().map(|&k| {
            let t = &st.terms[k];
            let v = &op_vars[operand_of_term[k].expect("filtered")];
            let axes = t
                .labels
                .iter()
                .map(|l| st.out_labels.iter().position(|x| x == l).expect("checked"));
            q!(#p::Lane::new(#v, [#(#axes),*]))
        });
        let params = lane_terms.iter().map(|&k| &st.terms[k].placeholder);
        let mut slot_subst: HashMap<String, TokenStream> = HashMap::new();
        for (k, t) in st.terms.iter().enumerate() {
            if operand_of_term[k].is_none() {
                slot_subst.insert(t.placeholder.to_string(), q!(*__tensor_slot));
            }
        }
        let rhs = substitute(&st.rhs, &slot_subst);
        let apply = match st.op {
            Op::Assign => q!(*__tensor_slot = __tensor_v;),
            Op::Add => q!(*__tensor_slot += __tensor_v;),
            Op::Sub => q!(*__tensor_slot -= __tensor_v;),
            Op::Mul => q!(*__tensor_slot *= __tensor_v;),
            Op::Define => unreachable!(),
        };
        let update = format_ident!("update{}", lane_terms.len());
        return finish(q! {
                #p::#update(#out_var, #(#lanes,)* |__tensor_slot, #(#params),*| {
                    let __tensor_v = #rhs;
                    #apply
                });
            ::core::result::Result::Ok(())
        });
    }
    let choices = ctx.inner_choices();
    finish(q! {
            #lift_defs
            #choices
            #alloc
            #loops
            ::core::result::Result::Ok(#result)
    })
}

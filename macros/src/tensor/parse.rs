//! `tensor!` tokens → [`Statement`]: the left side, the operator, and the right side with every
//! indexed term and explicit reduction found and replaced by a placeholder.
//!
//! ```text
//! statement := place "[" labels "]" op expr
//! op        := ":=" | "=" | "+=" | "-=" | "*="
//! labels    := ident ("," ident)*            (any identifiers, any length)
//! expr      := any Rust expression, in which
//!     term      := (ident ("." ident | "::" ident)* | "(" expr ")") "[" indices "]"
//!                  reads one element of an array-like;
//!     indices   := index ("," index)*
//!     index     := an affine combination of labels with integer constants: `i`, `i + k`,
//!                  `i - 1`, `2 * i + 1`, `-j + 3`, `(i + k) * 2`, `4`;
//!     reduction := ("sum" | "prod" | "max" | "min") "[" labels "]" "(" expr ")"
//!                  folds its body over its labels
//! ```
//!
//! Labels of the right side that the left side lacks, and no reduction binds, are summed over
//! the whole right side (Einstein's convention).

use crate::hygiene::first_span;
use proc_macro2::{Delimiter, Group, Ident, Spacing, Span, TokenStream, TokenTree};
use quote::format_ident;

/// How the result is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `:=` — a new array.
    Define,
    /// `=` — overwrite an existing one.
    Assign,
    /// `+=`.
    Add,
    /// `-=`.
    Sub,
    /// `*=`.
    Mul,
}

/// A reduction operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedOp {
    /// `sum[…](…)`.
    Sum,
    /// `prod[…](…)`.
    Prod,
    /// `max[…](…)`.
    Max,
    /// `min[…](…)`.
    Min,
}

/// One index of a term: `Σ coefficient · label + offset`, with integer constants.
#[derive(Clone, Debug)]
pub struct Index {
    /// The labels and their coefficients (each label once, no zero coefficient).
    pub terms: Vec<(Ident, i64)>,
    /// The constant.
    pub offset: i64,
    /// The index as written, for messages.
    pub text: String,
    /// Its first token.
    pub span: Span,
}

impl Index {
    /// The label, when the index is one label alone.
    pub fn bare(&self) -> Option<&Ident> {
        match &self.terms[..] {
            [(l, 1)] if self.offset == 0 => Some(l),
            _ => None,
        }
    }
}

/// One indexed read `a[i, j]` on the right side.
#[derive(Clone, Debug)]
pub struct Term {
    /// The array expression's tokens.
    pub array: TokenStream,
    /// The labels, in axis order when every index is a bare label (a repeat reads a
    /// diagonal); otherwise each label of the indices once, in order of appearance.
    pub labels: Vec<Ident>,
    /// The indices, one per axis.
    pub indices: Vec<Index>,
    /// The placeholder standing for the element in the rewritten expression.
    pub placeholder: Ident,
    /// Reductions (innermost last) enclosing the term.
    pub scope: Vec<usize>,
}

/// One explicit reduction.
#[derive(Clone, Debug)]
pub struct Reduction {
    /// The operator.
    pub op: RedOp,
    /// The labels it folds over.
    pub labels: Vec<Ident>,
    /// Its body, rewritten (terms and nested reductions replaced by placeholders).
    pub body: TokenStream,
    /// The placeholder standing for its value.
    pub placeholder: Ident,
    /// Reductions enclosing this one (innermost last).
    pub scope: Vec<usize>,
}

/// A parsed `tensor!` statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// The written array's tokens (its name, for `:=`).
    pub out: TokenStream,
    /// The left side's labels.
    pub out_labels: Vec<Ident>,
    /// The operator.
    pub op: Op,
    /// The right side, rewritten.
    pub rhs: TokenStream,
    /// Every indexed term of the right side, in order.
    pub terms: Vec<Term>,
    /// Every reduction, in order of appearance (outer before inner).
    pub reductions: Vec<Reduction>,
}

type Error = (Span, String);

fn err<T>(span: Span, msg: impl Into<String>) -> Result<T, Error> {
    Err((span, msg.into()))
}

impl Term {
    /// Whether some index is arithmetic (or a constant), not a bare label.
    pub fn is_affine(&self) -> bool {
        self.indices.iter().any(|i| i.bare().is_none())
    }
}

/// A linear form under construction: label coefficients and a constant.
#[derive(Clone, Default)]
struct Linear {
    terms: Vec<(Ident, i64)>,
    offset: i64,
}

impl Linear {
    fn scaled(mut self, c: i64) -> Option<Linear> {
        for t in &mut self.terms {
            t.1 = t.1.checked_mul(c)?;
        }
        self.offset = self.offset.checked_mul(c)?;
        Some(self)
    }

    fn plus(mut self, other: Linear, sign: i64) -> Option<Linear> {
        for (l, c) in other.terms {
            let c = c.checked_mul(sign)?;
            match self.terms.iter_mut().find(|(x, _)| *x == l) {
                Some(t) => t.1 = t.1.checked_add(c)?,
                None => self.terms.push((l, c)),
            }
        }
        self.offset = self.offset.checked_add(other.offset.checked_mul(sign)?)?;
        Some(self)
    }
}

/// Parses one index (the tokens between commas) as an affine combination of labels.
fn parse_index(tts: &[TokenTree]) -> Result<Index, Error> {
    let span = tts.first().map_or_else(Span::call_site, |t| t.span());
    let text = tts.iter().cloned().collect::<TokenStream>().to_string();
    if tts.is_empty() {
        return err(span, "expected an index (a label, or labels with `+`, `-`, `*` and integer constants) between the commas");
    }
    let mut p = AffineParser {
        tts,
        pos: 0,
        text: &text,
    };
    let lin = p.sum()?;
    if p.pos < tts.len() {
        return err(tts[p.pos].span(), p.not_affine());
    }
    let terms: Vec<(Ident, i64)> = lin.terms.into_iter().filter(|t| t.1 != 0).collect();
    Ok(Index {
        terms,
        offset: lin.offset,
        text,
        span,
    })
}

/// Recursive descent over `sum := product (("+" | "-") product)*`,
/// `product := unary ("*" unary)*`, `unary := "-" unary | atom`,
/// `atom := label | integer | "(" sum ")"`; a product keeps at most one factor with labels.
struct AffineParser<'t> {
    tts: &'t [TokenTree],
    pos: usize,
    text: &'t str,
}

impl AffineParser<'_> {
    fn not_affine(&self) -> String {
        format!(
            "index `{}` is not affine: indices are labels combined with `+`, `-` and `*` by integer constants (`i + k`, `2 * i + 1`)",
            self.text
        )
    }

    fn punct(&self) -> Option<char> {
        match self.tts.get(self.pos) {
            Some(TokenTree::Punct(p)) => Some(p.as_char()),
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Linear, Error> {
        let mut acc = self.product()?;
        while let Some(c @ ('+' | '-')) = self.punct() {
            self.pos += 1;
            let rhs = self.product()?;
            let sign = if c == '+' { 1 } else { -1 };
            acc = acc.plus(rhs, sign).ok_or_else(|| self.overflow())?;
        }
        Ok(acc)
    }

    fn product(&mut self) -> Result<Linear, Error> {
        let mut acc = self.unary()?;
        while self.punct() == Some('*') {
            let at = self.tts[self.pos].span();
            self.pos += 1;
            let rhs = self.unary()?;
            acc = match (acc.terms.is_empty(), rhs.terms.is_empty()) {
                (true, _) => rhs.scaled(acc.offset),
                (_, true) => acc.scaled(rhs.offset),
                _ => {
                    return err(
                        at,
                        format!(
                            "index `{}` is not affine: it multiplies two labels; indices are labels combined with `+`, `-` and `*` by integer constants",
                            self.text
                        ),
                    )
                }
            }
            .ok_or_else(|| self.overflow())?;
        }
        Ok(acc)
    }

    fn unary(&mut self) -> Result<Linear, Error> {
        if self.punct() == Some('-') {
            self.pos += 1;
            let inner = self.unary()?;
            return inner.scaled(-1).ok_or_else(|| self.overflow());
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Linear, Error> {
        let Some(tt) = self.tts.get(self.pos) else {
            let span = self.tts.last().map_or_else(Span::call_site, |t| t.span());
            return err(span, self.not_affine());
        };
        self.pos += 1;
        match tt {
            TokenTree::Ident(id) if !is_keyword(id) => {
                if let Some(TokenTree::Group(g)) = self.tts.get(self.pos) {
                    if g.delimiter() == Delimiter::Parenthesis {
                        return err(
                            id.span(),
                            format!(
                                "index `{}` is not affine: `{id}(…)` is a call; indices are labels combined with `+`, `-` and `*` by integer constants",
                                self.text
                            ),
                        );
                    }
                }
                Ok(Linear {
                    terms: vec![(id.clone(), 1)],
                    offset: 0,
                })
            }
            TokenTree::Literal(lit) => {
                let s = lit.to_string();
                let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic() && c != 'e');
                let digits = digits.trim_end_matches(['u', 'i']).replace('_', "");
                match digits.parse::<i64>() {
                    Ok(v) if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                        Ok(Linear {
                            terms: vec![],
                            offset: v,
                        })
                    }
                    _ => err(lit.span(), self.not_affine()),
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut p = AffineParser {
                    tts: &inner,
                    pos: 0,
                    text: self.text,
                };
                let lin = p.sum()?;
                if p.pos < inner.len() {
                    return err(inner[p.pos].span(), self.not_affine());
                }
                Ok(lin)
            }
            other => err(other.span(), self.not_affine()),
        }
    }

    fn overflow(&self) -> (Span, String) {
        let span = self.tts.first().map_or_else(Span::call_site, |t| t.span());
        (
            span,
            format!("index `{}`: its constants overflow `i64`", self.text),
        )
    }
}

/// The indices of a term's `[…]` group: one affine index per comma-separated part.
fn indices_of(g: &Group) -> Result<Vec<Index>, Error> {
    let tts: Vec<TokenTree> = g.stream().into_iter().collect();
    let mut out = vec![];
    for part in tts.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        out.push(parse_index(part)?);
    }
    if out.is_empty() {
        return err(g.span(), "expected indices (labels, or labels with `+`, `-`, `*` and integer constants) in an indexed term");
    }
    Ok(out)
}

/// The identifiers of a `[a, b, c]` group, or `None` if it is not a label list.
fn labels_of(g: &Group) -> Option<Vec<Ident>> {
    let mut out = vec![];
    let mut expect_ident = true;
    for tt in g.stream() {
        match (&tt, expect_ident) {
            (TokenTree::Ident(i), true) => {
                out.push(i.clone());
                expect_ident = false;
            }
            (TokenTree::Punct(p), false) if p.as_char() == ',' => expect_ident = true,
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

struct Scanner {
    terms: Vec<Term>,
    reductions: Vec<Reduction>,
    /// The placeholders' prefix: one no identifier of the statement starts with, so that
    /// substituting placeholders by name never touches a user's variable.
    prefix: String,
}

/// Every identifier in `ts`, groups included.
fn idents(ts: &TokenStream, out: &mut Vec<String>) {
    for tt in ts.clone() {
        match tt {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents(&g.stream(), out),
            _ => {}
        }
    }
}

/// `__tensor_`, or `__tensor1_`, `__tensor2_`, … : the first that no identifier of `ts`
/// starts with.
fn fresh_prefix(ts: &TokenStream) -> String {
    let mut names = vec![];
    idents(ts, &mut names);
    (0..)
        .map(|k| match k {
            0 => "__tensor_".to_string(),
            k => format!("__tensor{k}_"),
        })
        .find(|p| !names.iter().any(|n| n.starts_with(p.as_str())))
        .expect("a prefix no identifier has")
}

impl Scanner {
    /// Rewrites `ts`, recording terms and reductions found in it under `scope`.
    fn scan(&mut self, ts: TokenStream, scope: &[usize]) -> Result<TokenStream, Error> {
        let tts: Vec<TokenTree> = ts.into_iter().collect();
        let mut out: Vec<TokenTree> = Vec::with_capacity(tts.len());
        let mut i = 0;
        while i < tts.len() {
            let tt = &tts[i];
            // A reduction: sum|prod|max|min [labels] (body)
            if let TokenTree::Ident(id) = tt {
                let op = match id.to_string().as_str() {
                    "sum" => Some(RedOp::Sum),
                    "prod" => Some(RedOp::Prod),
                    "max" => Some(RedOp::Max),
                    "min" => Some(RedOp::Min),
                    _ => None,
                };
                if let (Some(op), Some(TokenTree::Group(b)), Some(TokenTree::Group(p))) =
                    (op, tts.get(i + 1), tts.get(i + 2))
                {
                    if b.delimiter() == Delimiter::Bracket
                        && p.delimiter() == Delimiter::Parenthesis
                    {
                        let Some(labels) = labels_of(b) else {
                            return err(
                                b.span(),
                                "expected labels (identifiers separated by commas)",
                            );
                        };
                        let k = self.reductions.len();
                        let placeholder =
                            format_ident!("{}red{}", self.prefix, k, span = crate::hygiene::site());
                        self.reductions.push(Reduction {
                            op,
                            labels,
                            body: TokenStream::new(),
                            placeholder: placeholder.clone(),
                            scope: scope.to_vec(),
                        });
                        let mut inner = scope.to_vec();
                        inner.push(k);
                        let body = self.scan(p.stream(), &inner)?;
                        self.reductions[k].body = body;
                        out.push(TokenTree::Ident(placeholder));
                        i += 3;
                        continue;
                    }
                }
            }
            // An indexed term: the array expression is what precedes the brackets.
            if let TokenTree::Group(g) = tt {
                if g.delimiter() == Delimiter::Bracket {
                    if let Some(start) = array_start(&out) {
                        let indices = indices_of(g)?;
                        let labels = match labels_of(g) {
                            Some(labels) => labels,
                            None => {
                                let mut distinct: Vec<Ident> = vec![];
                                for l in indices.iter().flat_map(|i| i.terms.iter().map(|t| &t.0)) {
                                    if !distinct.contains(l) {
                                        distinct.push(l.clone());
                                    }
                                }
                                distinct
                            }
                        };
                        if let Some(TokenTree::Group(p)) = tts.get(i + 1) {
                            if p.delimiter() == Delimiter::Parenthesis && out.len() - start == 1 {
                                return err(
                                    out[start].span(),
                                    format!(
                                        "unknown reduction `{}`: expected `sum`, `prod`, `max` or `min`",
                                        out[start]
                                    ),
                                );
                            }
                        }
                        let array: TokenStream = out.drain(start..).collect();
                        let placeholder = format_ident!(
                            "{}term{}",
                            self.prefix,
                            self.terms.len(),
                            span = crate::hygiene::site()
                        );
                        self.terms.push(Term {
                            array,
                            labels,
                            indices,
                            placeholder: placeholder.clone(),
                            scope: scope.to_vec(),
                        });
                        out.push(TokenTree::Ident(placeholder));
                        i += 1;
                        continue;
                    }
                }
                // A nested `tensor!` is a statement of its own, with its own labels: left as
                // written, to expand on its own. (Other macros' tokens are scanned, so
                // `format!("{}", a[i])` reads `a`.)
                let nested_statement = matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '!')
                    && matches!(out.len().checked_sub(2).map(|k| &out[k]),
                        Some(TokenTree::Ident(m)) if m == "tensor" || m == "try_tensor");
                if nested_statement {
                    out.push(tt.clone());
                    i += 1;
                    continue;
                }
                // Recurse into other groups (calls, parentheses, blocks).
                let inner = self.scan(g.stream(), scope)?;
                let mut ng = Group::new(g.delimiter(), inner);
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
                i += 1;
                continue;
            }
            out.push(tt.clone());
            i += 1;
        }
        Ok(out.into_iter().collect())
    }
}

/// Where the array expression before a `[` starts in `out`: segments joined by `.` or `::`,
/// each an identifier, a call (`a.t()`, `f(x)`, `m!(…)`) or a parenthesised expression
/// (`(&a * 2.0)`); `None` when the bracket is not an index (an array literal, say).
fn array_start(out: &[TokenTree]) -> Option<usize> {
    let mut start = segment_start(out, out.len().checked_sub(1)?)?;
    loop {
        let dot = start >= 2 && is_punct(&out[start - 1], '.');
        let path = start >= 3 && is_punct(&out[start - 1], ':') && is_punct(&out[start - 2], ':');
        let before = if dot {
            segment_start(out, start - 2)
        } else if path {
            segment_start(out, start - 3)
        } else {
            None
        };
        match before {
            Some(s) => start = s,
            None => return Some(start),
        }
    }
}

/// Where the segment ending at `end` starts (see [`array_start`]).
fn segment_start(out: &[TokenTree], end: usize) -> Option<usize> {
    match &out[end] {
        TokenTree::Ident(id) if !is_keyword(id) => Some(end),
        TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
            let callee = end.checked_sub(1).map(|k| &out[k]);
            match callee {
                Some(TokenTree::Ident(id)) if !is_keyword(id) => Some(end - 1),
                Some(bang) if is_punct(bang, '!') && end >= 2 => match &out[end - 2] {
                    TokenTree::Ident(_) => Some(end - 2),
                    _ => Some(end),
                },
                _ => Some(end),
            }
        }
        _ => None,
    }
}

fn is_punct(tt: &TokenTree, c: char) -> bool {
    matches!(tt, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_keyword(id: &Ident) -> bool {
    matches!(
        id.to_string().as_str(),
        "in" | "if"
            | "else"
            | "match"
            | "return"
            | "as"
            | "let"
            | "move"
            | "for"
            | "while"
            | "loop"
    )
}

/// The left side before `[labels]`: one identifier for `:=` (the new array's name, in
/// messages), a place for a write (`c`, `self.c`, `c.view_mut()`, `(*r)`): nothing is dropped.
fn check_target(out: &TokenStream, op: Op) -> Result<(), Error> {
    let first = first_span(out).unwrap_or_else(Span::call_site);
    let shown = out.to_string();
    if op == Op::Define {
        let mut it = out.clone().into_iter();
        return match (it.next(), it.next()) {
            (Some(TokenTree::Ident(i)), None) if !is_keyword(&i) => Ok(()),
            _ => err(
                first,
                format!("`:=` defines a new array, named by one identifier before `[labels]` (bind the result with `let`); found `{shown}`"),
            ),
        };
    }
    let place = |e: &syn::Expr| -> bool {
        let mut e = e;
        loop {
            match e {
                syn::Expr::Paren(p) => e = &p.expr,
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
                syn::Expr::Path(_)
                | syn::Expr::Field(_)
                | syn::Expr::MethodCall(_)
                | syn::Expr::Call(_)
                | syn::Expr::Index(_)
                | syn::Expr::Macro(_) => return true,
                _ => return false,
            }
        }
    };
    match syn::parse2::<syn::Expr>(out.clone()) {
        Ok(syn::Expr::Reference(_)) => err(
            first,
            format!("the target is the array itself, without `&`: tensor! borrows it mutably; found `{shown}`"),
        ),
        Ok(e) if place(&e) => Ok(()),
        _ => err(
            first,
            format!("the target before `[labels]` must be an array or a place holding one (`c`, `self.c`, `c.view_mut()`); found `{shown}`"),
        ),
    }
}

/// `ts` with every placeholder (an identifier starting with `prefix`) in parentheses, as the
/// expansion places its value.
fn parenthesize(ts: &TokenStream, prefix: &str) -> TokenStream {
    ts.clone()
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i.to_string().starts_with(prefix) => {
                let mut g = proc_macro2::Group::new(
                    Delimiter::Parenthesis,
                    TokenTree::Ident(i.clone()).into(),
                );
                g.set_span(i.span());
                TokenTree::Group(g)
            }
            TokenTree::Group(g) => {
                let mut inner =
                    proc_macro2::Group::new(g.delimiter(), parenthesize(&g.stream(), prefix));
                inner.set_span(g.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

/// Parses a `tensor!` invocation.
pub fn parse(input: TokenStream) -> Result<Statement, Error> {
    let tts: Vec<TokenTree> = input.into_iter().collect();
    // The left side: tokens up to the first top-level bracket group.
    let Some(bracket) = tts
        .iter()
        .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket))
    else {
        return err(
            Span::call_site(),
            "expected `out[labels] := expression` (or `=`, `+=`, `-=`, `*=`)",
        );
    };
    if bracket == 0 {
        return err(
            tts[0].span(),
            "expected the name of the array to write before `[labels]`",
        );
    }
    let out: TokenStream = tts[..bracket].iter().cloned().collect();
    let TokenTree::Group(g) = &tts[bracket] else {
        unreachable!()
    };
    let Some(out_labels) = labels_of(g) else {
        return err(
            g.span(),
            "expected labels (identifiers separated by commas) on the left side",
        );
    };
    // The operator.
    let punct = |k: usize| match tts.get(k) {
        Some(TokenTree::Punct(p)) => Some(p.as_char()),
        _ => None,
    };
    // Two-character operators are one token: `+ =` is not `+=`.
    let joint =
        matches!(tts.get(bracket + 1), Some(TokenTree::Punct(p)) if p.spacing() == Spacing::Joint);
    let (op, len) = match (punct(bracket + 1), punct(bracket + 2), joint) {
        (Some(':'), Some('='), true) => (Op::Define, 2),
        (Some('+'), Some('='), true) => (Op::Add, 2),
        (Some('-'), Some('='), true) => (Op::Sub, 2),
        (Some('*'), Some('='), true) => (Op::Mul, 2),
        (Some('='), Some('='), true) => {
            return err(
                tts[bracket + 1].span(),
                "`==` compares; expected `:=`, `=`, `+=`, `-=` or `*=` after the left side",
            );
        }
        (Some('='), _, _) => (Op::Assign, 1),
        (Some(c @ (':' | '+' | '-' | '*')), Some('='), false) => {
            return err(
                tts[bracket + 1].span(),
                format!("`{c} =` is two tokens: write `{c}=`, without a space"),
            );
        }
        _ => {
            let span = tts.get(bracket + 1).map_or(g.span(), |t| t.span());
            return err(
                span,
                "expected `:=`, `=`, `+=`, `-=` or `*=` after the left side",
            );
        }
    };
    check_target(&out, op)?;
    let rhs_tokens: TokenStream = tts[bracket + 1 + len..].iter().cloned().collect();
    if rhs_tokens.is_empty() {
        return err(g.span(), "expected an expression on the right side");
    }
    let mut scanner = Scanner {
        terms: vec![],
        reductions: vec![],
        prefix: fresh_prefix(&rhs_tokens),
    };
    let rhs = scanner.scan(rhs_tokens, &[])?;
    // Each piece the expansion places is an expression on its own (placeholders stand for the
    // terms and reductions): one error here, rather than the compiler's on the expansion.
    // The expansion places a value for each placeholder, bare or in parentheses, so both
    // forms must parse: `c sum[i]` is not an expression, nor is `s . max[k](…)` once the
    // reduction is `(value)`.
    let pieces = std::iter::once(&rhs).chain(scanner.reductions.iter().map(|r| &r.body));
    for piece in pieces.chain(scanner.terms.iter().map(|t| &t.array)) {
        let parsed = syn::parse2::<syn::Expr>(piece.clone())
            .and_then(|_| syn::parse2::<syn::Expr>(parenthesize(piece, &scanner.prefix)));
        if let Err(e) = parsed {
            let span = first_span(piece).unwrap_or_else(|| e.span());
            return err(span, format!("expected a Rust expression here: {e}"));
        }
    }
    Ok(Statement {
        out,
        out_labels,
        op,
        rhs,
        terms: scanner.terms,
        reductions: scanner.reductions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as the compiler lexes them (`:=` as a joint `:` then `=`; `quote!` would space
    /// them).
    fn ts(s: &str) -> TokenStream {
        s.parse().expect("tokens")
    }

    #[test]
    fn finds_terms_and_reductions() {
        let s = parse(ts(
            "y[b, o] := exp(z[b, o] - max[k](z[b, k])) / sum[k](exp(z[b, k] - max[m](z[b, m])))",
        ))
        .unwrap();
        assert_eq!(s.op, Op::Define);
        assert_eq!(s.out.to_string(), "y");
        assert_eq!(s.terms.len(), 4);
        assert_eq!(s.reductions.len(), 3);
        assert_eq!(s.reductions[2].scope, vec![1]);
        assert_eq!(s.terms[3].scope, vec![1, 2]);
        assert!(s.rhs.to_string().contains("__tensor_red1"));
        // Placeholders never share a prefix with a user identifier.
        let s = parse(ts("y[i] := __tensor_red0 + sum[k](a[i, k])")).unwrap();
        assert!(s.rhs.to_string().contains("__tensor1_red0"), "{}", s.rhs);
        let s = parse(ts("c[i, k] += (a.t())[k, j] * self.b[j, i]")).unwrap();
        assert_eq!(s.op, Op::Add);
        assert_eq!(s.terms[0].array.to_string(), "(a . t ())");
        assert_eq!(s.terms[1].array.to_string(), "self . b");
        let s = parse(ts("c[j, i] := a.t()[i, j] + b.view()[j, i] * m::f(x)[i]")).unwrap();
        let arrays: Vec<String> = s.terms.iter().map(|t| t.array.to_string()).collect();
        assert_eq!(arrays, ["a . t ()", "b . view ()", "m :: f (x)"]);
        let s = parse(ts("c[i] = [1.0, 2.0][0] * a[i]")).unwrap();
        assert_eq!(s.terms.len(), 1, "an array literal is not a term");
    }

    #[test]
    fn reads_affine_indices() {
        let s = parse(ts(
            "c[i] := a[2 * (i + 1) - k, i - i + 3, -j * 3, 4, k] * b[k, j]",
        ))
        .unwrap();
        let t = &s.terms[0];
        let form = |n: usize| {
            let i = &t.indices[n];
            let terms: Vec<(String, i64)> =
                i.terms.iter().map(|(l, c)| (l.to_string(), *c)).collect();
            (terms, i.offset)
        };
        assert_eq!(form(0), (vec![("i".into(), 2), ("k".into(), -1)], 2));
        assert_eq!(form(1), (vec![], 3), "i - i cancels");
        assert_eq!(form(2), (vec![("j".into(), -3)], 0));
        assert_eq!(form(3), (vec![], 4));
        assert!(t.indices[4].bare().is_some());
        assert!(t.is_affine() && !s.terms[1].is_affine());
        let labels: Vec<String> = t.labels.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            labels,
            ["i", "k", "j"],
            "each label once, in order of appearance"
        );
        for (stmt, says) in [
            ("c[i] := a[i * j]", "multiplies two labels"),
            ("c[i] := a[f(i)]", "is a call"),
            ("c[i] := a[i / 2]", "is not affine"),
            ("c[i] := a[i, ]", "expected an index"),
            ("c[i] := a[1.5]", "is not affine"),
            ("c[i] := a[i + 9223372036854775807 + 1]", "overflow"),
        ] {
            let e = parse(ts(stmt)).unwrap_err();
            assert!(e.1.contains(says), "{stmt}: {}", e.1);
        }
    }

    #[test]
    fn rejects_malformed_statements() {
        assert!(parse(ts("c[i, k] a[i, k]")).is_err());
        assert!(parse(ts("[i] := a[i]")).is_err());
        assert!(parse(ts("c[i + 1] := a[i]")).is_err());
        assert!(parse(ts("c[i] := ")).is_err());
        let e = parse(ts("c[i] := mean[j](a[i, j])")).unwrap_err();
        assert_eq!(
            e.1,
            "unknown reduction `mean`: expected `sum`, `prod`, `max` or `min`"
        );
        for (stmt, says) in [
            ("c[i] : = a[i]", "`: =` is two tokens"),
            ("c[i] + = a[i]", "`+ =` is two tokens"),
            ("c[i] == a[i]", "`==` compares"),
            ("out.r[i] := a[i]", "one identifier"),
            ("&mut r[i] += a[i]", "without `&`"),
            ("1 + r[i] = a[i]", "must be an array"),
            ("c[i] := a[i] +", "expected a Rust expression here"),
            (
                "c[i] := sum[j](a[i, j] *)",
                "expected a Rust expression here",
            ),
            // A placeholder's value goes in parentheses: no method name after `.`.
            (
                "c[i] := s . max[k](a[i, k])",
                "expected a Rust expression here",
            ),
            ("c[i] = c sum [i]", "expected a Rust expression here"),
        ] {
            let e = parse(ts(stmt)).unwrap_err();
            assert!(e.1.contains(says), "{stmt}: {}", e.1);
        }
        assert!(parse(ts("c.view_mut()[i] = a[i]")).is_ok());
        assert!(parse(ts("(*r)[i] = a[i]")).is_ok());
        // A nested tensor! is one operand, expanded on its own.
        let s = parse(ts("s[i] := (tensor!(t[i] := a[i]))[i]")).unwrap();
        assert_eq!(s.terms.len(), 1);
        assert_eq!(s.terms[0].array.to_string(), "(tensor ! (t [i] := a [i]))");
    }
}

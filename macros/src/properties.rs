//! Property tests of both front ends on arbitrary input: subscripts strings, `einsum!`
//! argument lists and `tensor!` statements. None may panic the macro; the expansion is always
//! one Rust expression (so a mistake never adds parser noise in the user's code); every
//! error is a distinct message (no cascade repeats one), and a call whose arguments do not
//! parse gets exactly one.

use crate::expand::Mode;
use proc_macro2::{TokenStream, TokenTree};
use proptest::prelude::*;

/// The messages of the `compile_error!(…)` calls in `ts`.
fn errors(ts: &TokenStream) -> Vec<String> {
    let tts: Vec<TokenTree> = ts.clone().into_iter().collect();
    let mut out = vec![];
    for (k, tt) in tts.iter().enumerate() {
        match tt {
            TokenTree::Ident(i) if i == "compile_error" => {
                if let Some(TokenTree::Group(g)) = tts.get(k + 2) {
                    out.push(g.stream().to_string());
                }
            }
            TokenTree::Group(g) => out.extend(errors(&g.stream())),
            _ => {}
        }
    }
    out
}

/// The expansion is one expression, and no error message is repeated.
fn well_formed(out: &TokenStream) -> Vec<String> {
    let errs = errors(out);
    assert!(
        syn::parse2::<syn::Expr>(out.clone()).is_ok(),
        "not an expression: {out}"
    );
    let mut unique = errs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), errs.len(), "a repeated error: {errs:?}");
    errs
}

fn subscripts() -> impl Strategy<Value = String> {
    let alphabet = prop::sample::select(vec![
        'i', 'j', 'k', 'A', 'z', 'i', 'j', ',', ',', '-', '>', '.', '.', '.', ' ', '\t', '\n', '$',
        '0', 'é', '\u{a0}', '"', '\\',
    ]);
    prop::collection::vec(alphabet, 0..14).prop_map(|v| v.into_iter().collect())
}

/// Token vocabulary for arbitrary argument lists and statements (joined by spaces, so only
/// balanced results are token streams).
fn tokens(vocab: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocab), 0..max).prop_map(|v| v.join(" "))
}

const EINSUM_VOCAB: &[&str] = &[
    "\"ij,jk->ik\"",
    "\"ii\"",
    "\"...i->i\"",
    "\"i->\"",
    "b\"ij\"",
    ",",
    ",",
    "a",
    "&a",
    "&b",
    "out",
    "=",
    "&mut c",
    "(",
    ")",
    "[",
    "]",
    "1",
    "SPEC",
    "concat!(\"i\")",
    "?",
    "::",
];

const TENSOR_VOCAB: &[&str] = &[
    "c",
    "a",
    "b",
    "[i]",
    "[i, j]",
    "[j, i]",
    "[i, i]",
    "[]",
    ":=",
    "=",
    "+=",
    "+ =",
    "==",
    ":",
    "*",
    "+",
    "-",
    "sum",
    "max",
    "prod",
    "mean",
    "[j]",
    "[j, j]",
    "[k]",
    "(",
    ")",
    "a.t()",
    ".",
    "&mut",
    "1",
    "2.0",
    "tensor!",
    "(tensor!(t[i] := a[i]))",
    "exp",
    "__tensor_red0",
    "sum[j, j](a[i])",
    "max[k](a[i, k])",
    "sum[i](b[i])",
    "(a[i])",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Parsing and checking any string: no panic, one error per term at most (and one for
    /// the arrow), each distinct; what passes the checks plans without panicking.
    #[test]
    fn any_subscripts(text in subscripts(), operands in 0usize..4) {
        match crate::parse::parse(&text) {
            Ok(spec) => {
                let errs = crate::check::check(&spec, operands);
                if errs.is_empty() {
                    let _ = crate::plan::plan(&spec);
                }
            }
            Err(errs) => {
                let head = text.split('-').next().unwrap_or("");
                prop_assert!(errs.len() <= head.split(',').count() + 1, "{text:?}: {errs:?}");
                let mut unique = errs.clone();
                unique.dedup();
                prop_assert_eq!(unique.len(), errs.len());
            }
        }
    }

    /// `einsum!` on any subscripts with any operand count, in every mode.
    #[test]
    fn einsum_any_subscripts(text in subscripts(), operands in 0usize..4, out in any::<bool>()) {
        let mut args = format!("{text:?}");
        for k in 0..operands {
            args.push_str(&format!(", &op{k}"));
        }
        if out {
            args.push_str(", out = &mut c");
        }
        let ts: TokenStream = args.parse().expect("a literal and identifiers");
        for mode in [Mode::Run, Mode::Try, Mode::Path] {
            well_formed(&crate::einsum_tokens(ts.clone(), mode));
        }
    }

    /// `einsum!` on any argument list: one error when it does not parse.
    #[test]
    fn einsum_any_tokens(args in tokens(EINSUM_VOCAB, 8)) {
        let Ok(ts) = args.parse::<TokenStream>() else { return Ok(()) };
        let out = crate::einsum_tokens(ts.clone(), Mode::Run);
        let errs = well_formed(&out);
        if syn::parse2::<crate::Input>(ts).is_err() {
            prop_assert_eq!(errs.len(), 1, "{}: {:?}", args, errs);
        }
    }

    /// `tensor!` on any statement: no panic, one expression, distinct errors, and exactly
    /// one when the statement does not parse.
    #[test]
    fn tensor_any_tokens(
        target in prop::sample::select(vec!["c", "a.b", "1 + c", "&mut c", "(c)", "c.view_mut()", ""]),
        labels in prop::sample::select(vec!["[i]", "[i, j]", "[i, i]", "[]", "[1]", ""]),
        op in prop::sample::select(vec![":=", "=", "+=", "+ =", "==", ":", ""]),
        rhs in tokens(TENSOR_VOCAB, 10),
    ) {
        let stmt = format!("{target}{labels} {op} {rhs}");
        let Ok(ts) = stmt.parse::<TokenStream>() else { return Ok(()) };
        for mode in [crate::tensor::expand::Mode::Run, crate::tensor::expand::Mode::Try] {
            let out = crate::tensor::tensor(ts.clone(), mode);
            let errs = well_formed(&out);
            if crate::tensor::parse::parse(ts.clone()).is_err() {
                prop_assert_eq!(errs.len(), 1, "{}: {:?}", stmt, errs);
            }
        }
    }
}

/// The argument-list errors `einsum!` words itself, one each.
#[test]
fn einsum_argument_errors() {
    for (args, says) in [
        ("", "found nothing"),
        ("SPEC, &a", "found an expression"),
        ("b\"ij\", &a", "found a byte string"),
        ("\"ij->ji\", out = &mut c, &a", "`out = target` goes last"),
        (
            "\"ij->ji\", &a, out = &mut c, out = &mut d",
            "`out =` is given twice",
        ),
    ] {
        let out = crate::einsum_tokens(args.parse().expect("tokens"), Mode::Run);
        let errs = well_formed(&out);
        assert_eq!(errs.len(), 1, "{args}: {errs:?}");
        assert!(errs[0].contains(says), "{args}: {errs:?}");
    }
}

//! Cross-cutting rules of a parsed [`Spec`], one function per rule; every failure is collected.

use crate::spec::{Label, Spec};

/// All rule violations of `spec` for a call with `operands` operands.
pub fn check(spec: &Spec, operands: usize) -> Vec<String> {
    let mut errors = vec![];
    check_operand_count(spec, operands, &mut errors);
    if let Some(out) = &spec.explicit_output {
        check_output_labels_unique(spec, out.letters().collect(), &mut errors);
        check_output_labels_in_inputs(spec, out.letters().collect(), &mut errors);
    }
    errors
}

/// NumPy pairs terms and operands one to one.
fn check_operand_count(spec: &Spec, operands: usize, errors: &mut Vec<String>) {
    let terms = spec.inputs.len();
    if terms != operands {
        errors.push(format!(
            "einsum \"{}\": expected {terms} operand{} (one per term), found {operands}",
            spec.text,
            if terms == 1 { "" } else { "s" }
        ));
    }
}

/// An output label names one output axis; twice would be ambiguous (NumPy refuses it too).
fn check_output_labels_unique(spec: &Spec, out: Vec<u8>, errors: &mut Vec<String>) {
    for (k, c) in out.iter().enumerate() {
        if out[..k].contains(c) && !out[k + 1..].contains(c) {
            errors.push(format!(
                "einsum \"{}\": output label `{}` appears more than once",
                spec.text, *c as char
            ));
        }
    }
}

/// Every output axis takes its size from an input axis with the same label.
fn check_output_labels_in_inputs(spec: &Spec, mut out: Vec<u8>, errors: &mut Vec<String>) {
    out.sort_unstable();
    out.dedup();
    for c in out {
        if !spec
            .inputs
            .iter()
            .any(|t| t.labels.contains(&Label::Char(c)))
        {
            errors.push(format!(
                "einsum \"{}\": output label `{}` does not appear in any input term",
                spec.text, c as char
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn each_rule_fires_once() {
        let errs = |s: &str, n: usize| check(&parse(s).unwrap(), n);
        assert!(errs("ij,jk->ik", 2).is_empty());
        assert_eq!(errs("ij,jk->ik", 3).len(), 1);
        assert!(errs("ij,jk->ik", 1)[0].contains("expected 2 operands (one per term), found 1"));
        assert!(errs("ij->iii", 1)[0].contains("output label `i` appears more than once"));
        assert_eq!(errs("ij->iii", 1).len(), 1);
        assert!(errs("ij->ix", 1)[0].contains("output label `x` does not appear"));
        assert!(
            errs("i->...i", 1).is_empty(),
            "NumPy: `...` covering no axes"
        );
        assert_eq!(errs("i->xx", 2).len(), 3);
    }

    /// NumPy's verdict on every subscripts string of its own test suite (and the fuzz's
    /// malformed forms), from `scripts/gen_einsum_spec_fixtures.py`: parse and check accept
    /// exactly what NumPy's C parser accepts. With `...` covering an axis, the operands of
    /// [`Spec::ellipsis_dropped`] are refused too (by the type checker, in the expansion).
    #[test]
    fn numpy_test_suite_specs() {
        let fixture = include_str!("../../tests/fixtures/einsum_specs.txt");
        let mut cases = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let (v0, rest) = line.split_once(' ').expect("two verdicts");
            let (v1, quoted) = rest.split_once(' ').expect("two verdicts");
            let text = unquote(quoted);
            let ours = parse(&text).map_err(|e| e.join("; ")).and_then(|spec| {
                let e = check(&spec, spec.inputs.len());
                if e.is_empty() {
                    Ok(spec)
                } else {
                    Err(e.join("; "))
                }
            });
            let (ok0, ok1) = match &ours {
                Ok(spec) => (true, spec.ellipsis_dropped().is_empty()),
                Err(_) => (false, false),
            };
            assert_eq!(
                (ok0, ok1),
                (v0 == "ok", v1 == "ok"),
                "{text:?}: NumPy says {v0} {v1}, einsum! says {ours:?}"
            );
            cases += 1;
        }
        assert!(cases > 200, "{cases} subscripts in the fixture");
    }

    /// The fixture's quoting: Rust's `\\`, `\"`, `\t`, `\n`, `\u{…}` escapes.
    fn unquote(q: &str) -> String {
        let inner = q.strip_prefix('"').and_then(|q| q.strip_suffix('"'));
        let mut chars = inner.expect("a quoted string").chars();
        let mut out = String::new();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    let code = u32::from_str_radix(&hex, 16).expect("hex");
                    out.push(char::from_u32(code).expect("a char"));
                }
                Some(c) => out.push(c),
                None => panic!("a dangling escape in {q}"),
            }
        }
        out
    }
}

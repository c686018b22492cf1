//! Cross-cutting rules of a parsed [`Spec`], one function per rule; every failure is collected.

use crate::spec::{Label, Spec};

/// All rule violations of `spec` for a call with `operands` operands.
pub fn check(spec: &Spec, operands: usize) -> Vec<String> {
    let mut errors = vec![];
    check_operand_count(spec, operands, &mut errors);
    if let Some(out) = &spec.explicit_output {
        check_output_labels_unique(spec, out.letters().collect(), &mut errors);
        check_output_labels_in_inputs(spec, out.letters().collect(), &mut errors);
        check_output_ellipsis(spec, out.has_ellipsis(), &mut errors);
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

/// `...` in the output stands for input ellipsis axes; with none it would stand for nothing.
fn check_output_ellipsis(spec: &Spec, out_has: bool, errors: &mut Vec<String>) {
    if out_has && !spec.inputs.iter().any(|t| t.has_ellipsis()) {
        errors.push(format!(
            "einsum \"{}\": the output has `...` but no input term does",
            spec.text
        ));
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
        assert!(errs("i->...i", 1)[0].contains("the output has `...` but no input term does"));
        assert_eq!(errs("i->xx", 2).len(), 3);
    }
}

//! Subscripts → [`Spec`]: NumPy's einsum grammar, with the checks that need no context.
//!
//! ```text
//! subscripts := terms ( "->" term )?          spaces anywhere are ignored
//! terms      := term ( "," term )*
//! term       := ( letter | "..." )*           at most one "..." per term
//! letter     := 'a'..='z' | 'A'..='Z'
//! ```
//!
//! Errors are messages quoting the whole subscripts (a string literal cannot be sub-spanned on
//! stable) and naming the term and character.

use crate::spec::{Label, Spec, Term};

/// Parses `text`, returning every error found (not just the first).
pub fn parse(text: &str) -> Result<Spec, Vec<String>> {
    let mut errors = vec![];
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = compact.split("->").collect();
    if parts.len() > 2 {
        errors.push(format!("einsum \"{text}\": `->` may appear only once"));
    }
    let mut term = |s: &str, what: &str| -> Term {
        let mut labels = vec![];
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c.is_ascii_alphabetic() {
                labels.push(Label::Char(c));
                i += 1;
            } else if c == b'.' {
                if s[i..].starts_with("...") {
                    if labels.contains(&Label::Ellipsis) {
                        errors.push(format!(
                            "einsum \"{text}\": {what} `{s}` has more than one `...`"
                        ));
                    }
                    labels.push(Label::Ellipsis);
                    i += 3;
                } else {
                    errors.push(format!(
                        "einsum \"{text}\": {what} `{s}` has a `.` that is not part of `...`"
                    ));
                    while i < bytes.len() && bytes[i] == b'.' {
                        i += 1;
                    }
                }
            } else {
                let ch = s[i..].chars().next().unwrap_or('?');
                let hint = if ch == '-' || ch == '>' {
                    " (the output arrow is `->`)"
                } else {
                    ""
                };
                errors.push(format!(
                    "einsum \"{text}\": {what} `{s}` has `{ch}`, expected a letter `a`-`z`, `A`-`Z` or `...`{hint}"
                ));
                i += ch.len_utf8();
            }
        }
        Term { labels }
    };
    let inputs: Vec<Term> = parts[0]
        .split(',')
        .enumerate()
        .map(|(k, s)| term(s, &format!("term {k}")))
        .collect();
    let explicit_output = (parts.len() >= 2).then(|| term(parts[1], "the output"));
    if errors.is_empty() {
        Ok(Spec {
            text: text.to_string(),
            inputs,
            explicit_output,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numpy_forms() {
        let s = parse("hi, Bi -> Bh").unwrap();
        assert_eq!(s.inputs.len(), 2);
        assert_eq!(s.inputs[1].text(), "Bi");
        assert_eq!(s.explicit_output.unwrap().text(), "Bh");
        let s = parse("N...b,ab->Nab").unwrap();
        assert!(s.inputs[0].has_ellipsis());
        let s = parse("ii").unwrap();
        assert_eq!(s.output().text(), "");
        assert_eq!(parse("ij,jk").unwrap().output().text(), "ik");
        assert_eq!(parse("ba").unwrap().output().text(), "ab");
        assert_eq!(parse("aB,Ba").unwrap().output().text(), "");
        assert_eq!(parse("bA,c").unwrap().output().text(), "Abc");
        assert_eq!(parse("...ij,...jk").unwrap().output().text(), "...ik");
        assert_eq!(parse("->").unwrap().inputs[0].labels.len(), 0);
    }

    #[test]
    fn reports_every_error() {
        let e = parse("i$j,k..l->i->j").unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("`->` may appear only once"));
        assert!(e[1].contains("term 0 `i$j` has `$`"));
        assert!(e[2].contains("`.` that is not part of `...`"));
        let e = parse("...i...,j").unwrap_err();
        assert!(e[0].contains("term 0 `...i...` has more than one `...`"));
        let e = parse("ij-jk").unwrap_err();
        assert!(e[0].contains("(the output arrow is `->`)"), "{e:?}");
    }
}

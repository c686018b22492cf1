//! Subscripts → [`Spec`]: NumPy's einsum grammar, read as NumPy's C parser reads it
//! (`PyArray_EinsteinSum`), with the checks that need no context.
//!
//! ```text
//! subscripts := terms ( "->" output )?
//! terms      := term ( "," term )*           a term ends at "," or at the first "-"
//! term       := ( letter | "..." | " " )*    at most one "..." per term
//! output     := ( letter | "..." | " " )*
//! letter     := 'a'..='z' | 'A'..='Z'
//! ```
//!
//! Only the ASCII space is skipped, and only between labels: `->` and `...` are single tokens,
//! and a tab, a newline or a no-break space is an invalid subscript, as in NumPy.
//!
//! Each mistake is one error: a malformed arrow is reported once (NumPy's "does not contain
//! proper '->'"), a run of stray dots once. Messages quote the subscripts and put a caret under
//! the offending character (a string literal cannot be sub-spanned on stable Rust).

use crate::spec::{Label, Spec, Term};

/// The subscripts as the user would read them in a message: Rust's escapes for what is not
/// printable ASCII, so a tab shows as `\t`.
fn shown(text: &str) -> String {
    text.chars().flat_map(char::escape_debug).collect()
}

/// An error at the character that starts at byte `at` of `text`: the message, then the
/// subscripts with a caret under that character.
fn at_char(text: &str, at: usize, msg: String) -> String {
    let col: usize = text[..at].chars().map(|c| c.escape_debug().count()).sum();
    format!(
        "einsum \"{}\": {msg}\n  \"{}\"\n   {}^",
        shown(text),
        shown(text),
        " ".repeat(col)
    )
}

/// What one character of a term is, for the message about it.
fn describe(c: char) -> String {
    match c {
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        c if c.is_whitespace() => format!("the whitespace `{}`", c.escape_unicode()),
        c if c.is_alphabetic() => format!("the non-ASCII letter `{c}`"),
        c => format!("`{}`", c.escape_debug()),
    }
}

struct Parser<'a> {
    text: &'a str,
    errors: Vec<String>,
}

impl Parser<'_> {
    /// One term: the characters of `text[start..end]`; `what` names it in messages.
    ///
    /// Only a term's first mistake is reported: after it, the term's characters no longer say
    /// what was meant.
    fn term(&mut self, start: usize, end: usize, what: &str) -> Term {
        let text = self.text;
        let mut labels = vec![];
        let reported = self.errors.len();
        let mut chars = text[start..end].char_indices().map(|(i, c)| (start + i, c));
        let mut pending = chars.next();
        while let Some((i, c)) = pending {
            pending = chars.next();
            match c {
                'a'..='z' | 'A'..='Z' => labels.push(Label::Char(c as u8)),
                ' ' => {}
                '.' if text[i..end].starts_with("...") => {
                    if labels.contains(&Label::Ellipsis) {
                        self.errors.push(at_char(
                            text,
                            i,
                            format!("{what} has more than one `...`"),
                        ));
                    }
                    labels.push(Label::Ellipsis);
                    pending = chars.nth(1);
                }
                '.' => {
                    self.errors.push(at_char(
                        text,
                        i,
                        format!("{what} has a `.` that is not part of `...` (write the three dots together)"),
                    ));
                    // The rest of the run of dots and whitespace is the same mistake.
                    while matches!(pending, Some((_, c)) if c == '.' || c.is_whitespace()) {
                        pending = chars.next();
                    }
                }
                _ => {
                    let hint = match c {
                        '>' | '-' => " (the output arrow is `->`, after the last input term)",
                        ',' => " (the output is one term)",
                        c if c.is_whitespace() => " (only the ASCII space may separate labels)",
                        _ => "",
                    };
                    self.errors.push(at_char(
                        text,
                        i,
                        format!(
                            "{what} has {}; a subscript is a letter `a`-`z` or `A`-`Z`, or `...`{hint}",
                            describe(c)
                        ),
                    ));
                }
            }
        }
        self.errors.truncate(reported + 1);
        Term { labels }
    }
}

/// Parses `text`, returning one error per mistake (not just the first).
pub fn parse(text: &str) -> Result<Spec, Vec<String>> {
    let mut p = Parser {
        text,
        errors: vec![],
    };
    // The terms end at the first `-`, which must begin `->`.
    let head_end = text.find('-').unwrap_or(text.len());
    let mut inputs = vec![];
    let mut start = 0;
    for (k, piece) in text[..head_end].split(',').enumerate() {
        inputs.push(p.term(start, start + piece.len(), &format!("term {k}")));
        start += piece.len() + 1;
    }
    let explicit_output = if head_end == text.len() {
        None
    } else if text[head_end..].starts_with("->") {
        let out = head_end + 2;
        match text[out..].find("->") {
            Some(again) => {
                p.errors.push(at_char(
                    text,
                    out + again,
                    "`->` may appear only once".into(),
                ));
                None
            }
            None => Some(p.term(out, text.len(), "the output")),
        }
    } else {
        p.errors.push(at_char(
            text,
            head_end,
            "expected the output arrow `->` here (`-` and `>` together, after the last input term)"
                .into(),
        ));
        None
    };
    if p.errors.is_empty() {
        Ok(Spec {
            text: shown(text),
            inputs,
            explicit_output,
        })
    } else {
        Err(p.errors)
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
        assert_eq!(parse(" i j , j k -> i k ").unwrap().output().text(), "ik");
    }

    #[test]
    fn one_error_per_mistake() {
        let e = parse("i$j,k..l").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        // A term's first mistake only.
        assert_eq!(parse("i$j$k").unwrap_err().len(), 1);
        assert!(e[0].contains("term 0 has `$`"), "{e:?}");
        assert!(e[1].contains("term 1 has a `.` that is not part of `...`"));
        let e = parse("ij->i->j").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("`->` may appear only once"));
        let e = parse("...i...,j").unwrap_err();
        assert!(e[0].contains("term 0 has more than one `...`"));
        // A malformed arrow is one mistake, with a caret under its `-`.
        let e = parse("ij,jk-0>ik").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].ends_with("\n  \"ij,jk-0>ik\"\n        ^"), "{}", e[0]);
        assert_eq!(parse(". . .i").unwrap_err().len(), 1);
        assert!(parse("ij>jk").unwrap_err()[0].contains("the output arrow is `->`"));
    }

    #[test]
    fn only_the_ascii_space_is_skipped() {
        for bad in [
            "i\tj", "i\nj", "i\u{a0}j", "i- >i", "i-\t>i", ". . .i", "..\t.i", "é",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.len(), 1, "{bad:?}: {e:?}");
        }
        let e = parse("i\tj->ij").unwrap_err();
        assert!(e[0].contains("has a tab"), "{e:?}");
        assert!(e[0].contains("\"i\\tj->ij\"\n    ^"), "{}", e[0]);
        let e = parse("i\u{a0}j").unwrap_err();
        assert!(e[0].contains("whitespace `\\u{a0}`"), "{e:?}");
    }
}

//! What to generate for a checked [`Spec`]: no syn, no tokens, unit-testable.
//!
//! The plan decides at compile time what the subscripts alone decide: whether the result is a
//! view (one operand, nothing summed), each operand's rank (when its term has no `...`), the
//! output rank (a number, or arithmetic on operand ranks when the output has `...`), and which
//! axis pairs must agree in static size. The contraction *path* depends on sizes and is chosen
//! at run time (`einarray_core::einsum`), where the sizes are known.

use crate::spec::{Label, Spec};

/// Axes of two operands (or of one) that carry the same label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticCheck {
    /// The label.
    pub label: char,
    /// First occurrence: operand and axis.
    pub first: (usize, usize),
    /// Another occurrence: operand and axis.
    pub other: (usize, usize),
}

/// The output rank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutRank {
    /// Known from the subscripts.
    Fixed(usize),
    /// The broadcast ellipsis of the operands with `...` plus this many letters.
    Ellipsis { letters: usize },
}

/// Everything the expansion needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Each input term as bytes, `.` for `...`.
    pub inputs: Vec<Vec<u8>>,
    /// The output term as bytes.
    pub output: Vec<u8>,
    /// A single operand with nothing summed: the result is a view.
    pub is_view: bool,
    /// Each operand's rank when its term has no `...`; with one, its letter count.
    pub ranks: Vec<(usize, bool)>,
    /// The output rank.
    pub out_rank: OutRank,
    /// Pairs of axes whose static sizes the type checker compares.
    pub static_checks: Vec<StaticCheck>,
    /// Operands with `...` whose ellipsis axes the output does not keep: each must have none.
    pub ellipsis_dropped: Vec<usize>,
    /// For the direct kernel (no `...` anywhere): the label number of each axis of each
    /// operand, output labels numbered first in output order, then the summed ones.
    pub direct: Option<Direct>,
}

/// Label numbering of the direct kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Direct {
    /// Distinct labels.
    pub labels: usize,
    /// Per operand, each axis's label number.
    pub axes: Vec<Vec<usize>>,
}

fn bytes(labels: &[Label]) -> Vec<u8> {
    labels
        .iter()
        .map(|l| match l {
            Label::Char(c) => *c,
            Label::Ellipsis => b'.',
        })
        .collect()
}

/// Plans a spec that passed [`crate::check::check`].
pub fn plan(spec: &Spec) -> Plan {
    let output = spec.output();
    let inputs: Vec<Vec<u8>> = spec.inputs.iter().map(|t| bytes(&t.labels)).collect();
    let ranks: Vec<(usize, bool)> = spec
        .inputs
        .iter()
        .map(|t| (t.letters().count(), t.has_ellipsis()))
        .collect();
    let is_view = spec.inputs.len() == 1 && {
        let t = &spec.inputs[0];
        t.letters().all(|c| output.labels.contains(&Label::Char(c)))
            && (!t.has_ellipsis() || output.has_ellipsis())
    };
    let letters = output.letters().count();
    let out_rank = if output.has_ellipsis() {
        OutRank::Ellipsis { letters }
    } else {
        OutRank::Fixed(letters)
    };
    // Static axis positions: known for letters before any `...` of their term.
    let mut first: [Option<(usize, usize)>; 128] = [None; 128];
    let mut static_checks = vec![];
    for (op, t) in spec.inputs.iter().enumerate() {
        for (axis, l) in t.labels.iter().enumerate() {
            match l {
                Label::Ellipsis => break,
                Label::Char(c) => match first[*c as usize] {
                    None => first[*c as usize] = Some((op, axis)),
                    Some(f) => static_checks.push(StaticCheck {
                        label: *c as char,
                        first: f,
                        other: (op, axis),
                    }),
                },
            }
        }
    }
    let direct = (!spec.inputs.iter().any(|t| t.has_ellipsis()) && !is_view).then(|| {
        let mut order: Vec<u8> = output.letters().collect();
        for t in &spec.inputs {
            for c in t.letters() {
                if !order.contains(&c) {
                    order.push(c);
                }
            }
        }
        let number = |c: u8| {
            order
                .iter()
                .position(|&x| x == c)
                .expect("every letter numbered")
        };
        let axes = spec
            .inputs
            .iter()
            .map(|t| t.letters().map(number).collect())
            .collect();
        Direct {
            labels: order.len(),
            axes,
        }
    });
    Plan {
        inputs,
        output: bytes(&output.labels),
        is_view,
        ranks,
        out_rank,
        static_checks,
        ellipsis_dropped: spec.ellipsis_dropped(),
        direct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn views_and_ranks() {
        let p = plan(&parse("ij->ji").unwrap());
        assert!(p.is_view);
        assert_eq!(p.out_rank, OutRank::Fixed(2));
        assert!(plan(&parse("ii->i").unwrap()).is_view);
        assert!(!plan(&parse("ii").unwrap()).is_view);
        assert!(!plan(&parse("ijk->").unwrap()).is_view);
        assert!(plan(&parse("...ij->...ji").unwrap()).is_view);
        assert!(!plan(&parse("...ij->ji").unwrap()).is_view);
        assert_eq!(
            plan(&parse("...ij,...jk").unwrap()).out_rank,
            OutRank::Ellipsis { letters: 2 }
        );
        assert_eq!(
            plan(&parse("N...b,ab->Nab").unwrap()).ranks,
            vec![(2, true), (2, false)]
        );
    }

    #[test]
    fn direct_numbering_puts_output_labels_first() {
        let d = plan(&parse("ij,jk->ik").unwrap()).direct.unwrap();
        assert_eq!(
            d,
            Direct {
                labels: 3,
                axes: vec![vec![0, 2], vec![2, 1]]
            }
        );
        let d = plan(&parse("ii").unwrap()).direct.unwrap();
        assert_eq!(
            d,
            Direct {
                labels: 1,
                axes: vec![vec![0, 0]]
            }
        );
        assert!(plan(&parse("...i,i").unwrap()).direct.is_none());
        assert!(plan(&parse("ij->ji").unwrap()).direct.is_none());
    }

    #[test]
    fn static_checks_pair_each_repeat_with_the_first() {
        let p = plan(&parse("ij,jk,kj->ik").unwrap());
        let check = |label, first, other| StaticCheck {
            label,
            first,
            other,
        };
        assert_eq!(
            p.static_checks,
            vec![
                check('j', (0, 1), (1, 0)),
                check('k', (1, 1), (2, 0)),
                check('j', (0, 1), (2, 1))
            ]
        );
        // Letters after `...` have no static axis number.
        assert!(plan(&parse("...i,...i").unwrap()).static_checks.is_empty());
        assert_eq!(plan(&parse("ii").unwrap()).static_checks.len(), 1);
    }
}

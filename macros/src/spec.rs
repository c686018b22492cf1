//! The IR both syntaxes lower to: terms of labels, as parsed from the subscripts.

/// One axis label of a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// A letter `a`–`z`, `A`–`Z`.
    Char(u8),
    /// `...`: the ellipsis axes.
    Ellipsis,
}

/// The labels of one operand (or of the output), in axis order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Term {
    /// The labels.
    pub labels: Vec<Label>,
}

impl Term {
    /// Whether the term has `...`.
    pub fn has_ellipsis(&self) -> bool {
        self.labels.contains(&Label::Ellipsis)
    }

    /// The letters, without `...`.
    pub fn letters(&self) -> impl Iterator<Item = u8> + '_ {
        self.labels.iter().filter_map(|l| match l {
            Label::Char(c) => Some(*c),
            Label::Ellipsis => None,
        })
    }

    /// The term as written (`...` included).
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.labels
            .iter()
            .map(|l| match l {
                Label::Char(c) => (*c as char).to_string(),
                Label::Ellipsis => "...".to_string(),
            })
            .collect()
    }
}

/// Parsed subscripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The subscripts as written, for messages.
    pub text: String,
    /// One term per operand.
    pub inputs: Vec<Term>,
    /// The output term after `->`, or `None` in implicit mode.
    pub explicit_output: Option<Term>,
}

impl Spec {
    /// The operands whose `...` the output does not keep: an explicit output without `...`
    /// would sum their ellipsis axes, which NumPy refuses unless `...` covers no axis. Their
    /// ranks are known only at type checking, where the expansion checks it.
    pub fn ellipsis_dropped(&self) -> Vec<usize> {
        match &self.explicit_output {
            Some(out) if !out.has_ellipsis() => (0..self.inputs.len())
                .filter(|&k| self.inputs[k].has_ellipsis())
                .collect(),
            _ => vec![],
        }
    }

    /// The output term: the explicit one, or NumPy's implicit output (`...` first if any input
    /// has one, then the letters seen exactly once, in ASCII order: uppercase first).
    ///
    /// An explicit output's `...` with no `...` among the inputs stands for no axes (NumPy
    /// accepts `"i->...i"`), so it is dropped here.
    pub fn output(&self) -> Term {
        if let Some(t) = &self.explicit_output {
            let mut t = t.clone();
            if !self.inputs.iter().any(Term::has_ellipsis) {
                t.labels.retain(|l| *l != Label::Ellipsis);
            }
            return t;
        }
        let mut counts = [0usize; 128];
        for t in &self.inputs {
            for c in t.letters() {
                counts[c as usize] += 1;
            }
        }
        let mut labels = vec![];
        if self.inputs.iter().any(Term::has_ellipsis) {
            labels.push(Label::Ellipsis);
        }
        labels.extend(
            (0u8..128)
                .filter(|&c| counts[c as usize] == 1)
                .map(Label::Char),
        );
        Term { labels }
    }
}

//! [`LinAlgError`]: what a `linalg` function reports, worded as NumPy words it.

use std::fmt;

/// The kind of a [`LinAlgError`], for matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinAlgErrorKind {
    /// A matrix has no inverse (an exact zero pivot): NumPy's "Singular matrix".
    Singular,
    /// Cholesky met a pivot that is not positive: "Matrix is not positive definite".
    NotPositiveDefinite,
    /// A matrix that must be square is not: "Last 2 dimensions of the array must be square".
    NotSquare,
    /// Operands whose shapes do not fit together (a right-hand side of the wrong length,
    /// stacks that do not broadcast, a chain whose inner sizes differ).
    Shape,
    /// An iterative algorithm (SVD, eigenvalues) did not converge.
    NoConvergence,
    /// An argument outside its domain (a norm order NumPy does not define for the rank, a
    /// negative power of a singular matrix, an empty chain).
    Argument,
}

/// The error of a `linalg` function: the operation, NumPy's message, and the shapes involved.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::linalg::{self, LinAlgErrorKind};
/// let err = linalg::try_inv(&array![[1.0, 2.0], [2.0, 4.0]]).unwrap_err();
/// assert_eq!(err.kind(), LinAlgErrorKind::Singular);
/// assert_eq!(err.to_string(), "inv: Singular matrix (a 2×2 matrix)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct LinAlgError {
    kind: LinAlgErrorKind,
    message: String,
}

impl LinAlgError {
    pub(crate) fn new(kind: LinAlgErrorKind, message: String) -> Self {
        LinAlgError { kind, message }
    }

    /// What went wrong, for matching.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// use einarray::linalg::{self, LinAlgErrorKind};
    /// let e = linalg::try_det(&Array::<f64, 2>::zeros([2, 3])).unwrap_err();
    /// assert_eq!(e.kind(), LinAlgErrorKind::NotSquare);
    /// ```
    pub fn kind(&self) -> LinAlgErrorKind {
        self.kind
    }
}

impl fmt::Display for LinAlgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LinAlgError {}

/// `a 3×3 matrix` or `matrix [1, 0] of a stack of shape [2, 4] of 3×3 matrices`: where in its
/// operand a failing matrix is.
pub(crate) fn which(stack: &[usize], index: usize, rows: usize, cols: usize) -> String {
    if stack.is_empty() {
        return format!("a {rows}×{cols} matrix");
    }
    let mut at = vec![0usize; stack.len()];
    let mut rest = index;
    for k in (0..stack.len()).rev() {
        at[k] = rest % stack[k].max(1);
        rest /= stack[k].max(1);
    }
    format!("matrix {at:?} of a stack of shape {stack:?} of {rows}×{cols} matrices")
}

/// The panic of the plain forms: the error's message.
#[track_caller]
pub(crate) fn or_panic<R>(r: Result<R, LinAlgError>) -> R {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

/// An error of `kind` in `op`, with a formatted message after `op: `.
macro_rules! linalg_err {
    ($kind:ident, $op:expr, $($fmt:tt)+) => {
        $crate::linalg::error::LinAlgError::new(
            $crate::linalg::error::LinAlgErrorKind::$kind,
            format!("{}: {}", $op, format_args!($($fmt)+)),
        )
    };
}
pub(crate) use linalg_err;

/// The message, as [`Display`](std::fmt::Display) prints it: what `main` prints for an error
/// it returns. The kind is [`LinAlgError::kind`].
impl std::fmt::Debug for LinAlgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_names_the_stack_index_in_c_order() {
        assert_eq!(which(&[], 0, 3, 3), "a 3×3 matrix");
        assert_eq!(
            which(&[2, 4], 5, 3, 2),
            "matrix [1, 1] of a stack of shape [2, 4] of 3×2 matrices"
        );
    }

    #[test]
    fn the_macro_prefixes_the_operation() {
        let e = linalg_err!(
            NotSquare,
            "inv",
            "Last 2 dimensions of the array must be square"
        );
        assert_eq!(e.kind(), LinAlgErrorKind::NotSquare);
        assert_eq!(
            e.to_string(),
            "inv: Last 2 dimensions of the array must be square"
        );
    }
}

//! The one error type of fallible array operations.

use std::fmt;

/// Why a shape-dependent operation could not be carried out.
///
/// Every operation that can panic on bad shapes, indices or steps has a `try_` form returning
/// `Result<_, ShapeError>`; the panicking form panics with exactly this error's message.
///
/// ```
/// use einarray::{Array, ShapeError};
/// let err = Array::<f64, 2>::from_shape_vec([2, 3], vec![0.0; 5]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "from_shape_vec: shape [2, 3] needs 6 elements, found a vector of 5"
/// );
/// assert!(matches!(err, ShapeError { .. }));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ShapeError {
    kind: ErrorKind,
    message: String,
}

/// The broad class of a [`ShapeError`], for code that reacts differently to each.
///
/// ```
/// use einarray::{prelude::*, ErrorKind};
/// let x = Array::<i64, 1>::arange(5);
/// assert_eq!(x.view().try_slice(s![7]).unwrap_err().kind(), ErrorKind::OutOfBounds);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Two shapes (or a shape and a length) that must agree do not.
    IncompatibleShape,
    /// An index lies outside its axis.
    OutOfBounds,
    /// A slice step of zero.
    ZeroStep,
    /// The product of a shape's sizes does not fit in `usize` (or the byte size in `isize`).
    Overflow,
    /// An argument outside its domain (a repeated axis, two `-1` in a reshape, …).
    InvalidArgument,
    /// The memory layout does not allow the operation without a copy.
    IncompatibleLayout,
    /// The system cannot give the memory the result needs (NumPy's `MemoryError`).
    Memory,
}

impl ShapeError {
    /// Makes an error of `kind` with the full user-facing `message`.
    ///
    /// ```
    /// use einarray::{ErrorKind, ShapeError};
    /// let e = ShapeError::new(ErrorKind::InvalidArgument, "my_op: expected 2 axes, found 3");
    /// assert_eq!(e.to_string(), "my_op: expected 2 axes, found 3");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ShapeError {
            kind,
            message: message.into(),
        }
    }

    /// The class of the error.
    ///
    /// ```
    /// use einarray::{Array, ErrorKind};
    /// let e = Array::<u8, 1>::from_shape_vec([3], vec![1, 2]).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::IncompatibleShape);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, as the panicking form of the operation prints it.
    ///
    /// ```
    /// use einarray::{Array, ErrorKind};
    /// let e = Array::<u8, 1>::from_shape_vec([3], vec![1, 2]).unwrap_err();
    /// assert!(e.message().starts_with("from_shape_vec"));
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message, as [`Display`](fmt::Display) prints it: what `main` prints for an error it
/// returns (`Error: …`), and what `unwrap` shows. The kind is [`ShapeError::kind`].
///
/// ```
/// use einarray::prelude::*;
/// let e = Array::<f64, 1>::zeros([3]).try_into_reshape([2, 2]).unwrap_err();
/// assert_eq!(format!("{e:?}"), e.to_string());
/// ```
impl fmt::Debug for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShapeError {}

/// Builds a `ShapeError` with `format!` arguments: `shape_err!(OutOfBounds, "…", …)`.
macro_rules! shape_err {
    ($kind:ident, $($arg:tt)*) => {
        $crate::error::ShapeError::new($crate::error::ErrorKind::$kind, format!($($arg)*))
    };
}
pub(crate) use shape_err;

impl ShapeError {
    /// The same error with `op` in place of the operation that raised it (the text before the
    /// first `:`), for an operation that reports an inner call's error as its own.
    pub(crate) fn renamed(self, op: &str) -> ShapeError {
        let rest = self
            .message
            .split_once(": ")
            .map_or(&self.message[..], |(_, r)| r);
        ShapeError::new(self.kind, format!("{op}: {rest}"))
    }
}

/// NumPy's `MemoryError` text for an array of `shape` that needs `bytes` bytes:
/// `zeros: unable to allocate 8.00 TiB for an array with shape [1099511627776]`.
pub(crate) fn memory_err(op: &str, shape: &[usize], bytes: usize) -> ShapeError {
    shape_err!(
        Memory,
        "{op}: unable to allocate {} for an array with shape {shape:?}",
        size_to_string(bytes)
    )
}

/// A byte count as NumPy words it in a `MemoryError`: binary units, three significant digits.
pub(crate) fn size_to_string(bytes: usize) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bits = usize::BITS - bytes.leading_zeros();
    let mut unit = (bits.saturating_sub(1).max(1) / 10) as usize;
    let mut n = bytes as f64 / (1u64 << (10 * unit)) as f64;
    if n.round() == 1024.0 && unit + 1 < UNITS.len() {
        unit += 1;
        n /= 1024.0;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else if n.round() < 10.0 {
        format!("{n:.2} {}", UNITS[unit])
    } else if n.round() < 100.0 {
        format!("{n:.1} {}", UNITS[unit])
    } else {
        format!("{n:.0}. {}", UNITS[unit])
    }
}

/// Unwraps a `Result<_, ShapeError>`, panicking with the error's message at the caller.
/// Inlined, so the value is not copied through a call (arrays are a few hundred bytes).
#[track_caller]
#[inline(always)]
pub(crate) fn unwrap_or_panic<T>(r: Result<T, ShapeError>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => shape_panic(e),
    }
}

/// The panic of [`unwrap_or_panic`], out of line.
#[cold]
#[inline(never)]
#[track_caller]
fn shape_panic(e: ShapeError) -> ! {
    panic!("{}", e.message)
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn sizes_read_as_numpy_prints_them() {
        // numpy/_core/_exceptions.py `_size_to_string`
        assert_eq!(super::size_to_string(1000), "1000 bytes");
        assert_eq!(super::size_to_string(8 << 40), "8.00 TiB");
        assert_eq!(super::size_to_string(1536), "1.50 KiB");
        assert_eq!(super::size_to_string(50 << 20), "50.0 MiB");
        assert_eq!(super::size_to_string(512 << 30), "512. GiB");
        assert_eq!(super::size_to_string((1 << 30) - 1), "1.00 GiB");
    }
}

//! Printing like NumPy: `Display` is `print(x)`, `Debug` adds the layout.
//!
//! Elements are right-aligned to one width; floats use NumPy's default ("maxprec") format:
//! up to 8 fractional digits, only as many as the most precise element needs, `1.` for whole
//! numbers, and scientific notation when the magnitudes call for it. Arrays of more than 1000
//! elements are summarised with `...`, three items at each edge; lines wrap at 75 characters.
//! A precision given to the formatter (`{:.3}`) fixes the fractional digits of floats.

use crate::array::{Array, CowArray};
use crate::shape::Shape;
use crate::view::{View, ViewMut};
use num_complex::Complex;
use std::fmt;

/// How elements of one type print inside an array.
///
/// Implemented for numbers, `bool`, `char`, strings and `Complex`. For a type of your own,
/// implement [`format_one`](FormatElement::format_one); [`format_all`](FormatElement::format_all)
/// is there for types that align their elements jointly, as floats do.
///
/// ```
/// use einarray::{array, FormatElement};
/// #[derive(Clone, Copy)]
/// struct Gauss { re: i32, im: i32 } // the seed's exact Gaussian integers (In [13])
/// impl FormatElement for Gauss {
///     fn format_one(&self) -> String {
///         format!("({}, {})", self.re, self.im)
///     }
/// }
/// let c2 = array![Gauss { re: 1, im: 1 }, Gauss { re: 2, im: -1 }];
/// assert_eq!(c2.to_string(), "[(1, 1) (2, -1)]");
/// ```
pub trait FormatElement {
    /// One element's text.
    fn format_one(&self) -> String;

    /// The text of a rank-0 array's only element; NumPy prints a 0-d float as Python does
    /// (`3.0`, where an array element would print `3.`).
    fn format_scalar(&self) -> String {
        self.format_one()
    }

    /// The texts of the elements shown together (before alignment); `precision` is the
    /// formatter's, if any.
    fn format_all(elems: &[&Self], precision: Option<usize>) -> Vec<String>
    where
        Self: Sized,
    {
        let _ = precision;
        elems.iter().map(|e| e.format_one()).collect()
    }
}

macro_rules! format_display {
    ($($t:ty),*) => {$(
        impl FormatElement for $t {
            fn format_one(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
format_display!(char);

/// Python's `repr` of a string, as NumPy prints string elements: `'text'`, or `"it's"` when the
/// text has a single quote and no double one.
fn quoted(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{}\"", s.replace('\\', "\\\\"))
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// Strings print quoted, as NumPy prints its string arrays (`['a' 'b']`).
impl FormatElement for String {
    fn format_one(&self) -> String {
        quoted(self)
    }
}

/// Strings print quoted, as NumPy prints its string arrays (`['a' 'b']`).
impl FormatElement for &str {
    fn format_one(&self) -> String {
        quoted(self)
    }
}

/// Numbers and booleans line up: each is right-aligned to the widest shown.
macro_rules! format_aligned {
    ($($t:ty),*) => {$(
        impl FormatElement for $t {
            fn format_one(&self) -> String {
                self.to_string()
            }
            fn format_all(elems: &[&Self], _precision: Option<usize>) -> Vec<String> {
                right_align(elems.iter().map(|e| e.to_string()).collect())
            }
        }
    )*};
}
format_aligned!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);

fn right_align(mut words: Vec<String>) -> Vec<String> {
    let width = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    for w in &mut words {
        let pad = width - w.chars().count();
        w.insert_str(0, &" ".repeat(pad));
    }
    words
}

macro_rules! format_float {
    ($($t:ty),*) => {$(
        impl FormatElement for $t {
            fn format_one(&self) -> String {
                format_floats(&[*self], None).pop().unwrap_or_default()
            }
            fn format_scalar(&self) -> String {
                let s = self.format_one();
                if s.ends_with('.') { format!("{s}0") } else { s }
            }
            fn format_all(elems: &[&Self], precision: Option<usize>) -> Vec<String> {
                let vals: Vec<$t> = elems.iter().map(|&&x| x).collect();
                format_floats(&vals, precision)
            }
        }
        impl FormatElement for Complex<$t> {
            fn format_one(&self) -> String {
                Self::format_all(&[self], None).pop().unwrap_or_default()
            }
            fn format_all(elems: &[&Self], precision: Option<usize>) -> Vec<String> {
                let re: Vec<$t> = elems.iter().map(|z| z.re).collect();
                let im: Vec<$t> = elems.iter().map(|z| z.im).collect();
                let (re, im) = (format_floats(&re, precision), format_floats(&im, precision));
                let words = re
                    .iter()
                    .zip(im)
                    .map(|(r, i)| {
                        let i = i.trim_start();
                        let sign = if i.starts_with('-') { "" } else { "+" };
                        format!("{r}{sign}{i}j")
                    })
                    .collect();
                right_align(words)
            }
        }
    )*};
}
format_float!(f32, f64);

/// A float that prints its own shortest round-tripping digits: an `f32` as NumPy prints a
/// `float32` (`1.0714285`), not as the `f64` it widens to (`1.0714285373687744`).
trait ShortFloat: Copy + std::fmt::Display + std::fmt::LowerExp {
    fn wide(self) -> f64;
}
impl ShortFloat for f32 {
    fn wide(self) -> f64 {
        self as f64
    }
}
impl ShortFloat for f64 {
    fn wide(self) -> f64 {
        self
    }
}

/// Formats floats as NumPy does by default: the same scheme for every element, positional or
/// scientific, padded so that decimal points line up.
fn format_floats<F: ShortFloat>(vals: &[F], precision: Option<usize>) -> Vec<String> {
    let short: Vec<F> = vals.to_vec();
    let vals: Vec<f64> = vals.iter().map(|x| x.wide()).collect();
    let vals = &vals[..];
    let finite: Vec<f64> = vals.iter().copied().filter(|x| x.is_finite()).collect();
    let nonzero: Vec<f64> = finite
        .iter()
        .map(|x| x.abs())
        .filter(|&x| x != 0.0)
        .collect();
    let scientific = if nonzero.is_empty() {
        false
    } else {
        let max = nonzero.iter().copied().fold(f64::MIN, f64::max);
        let min = nonzero.iter().copied().fold(f64::MAX, f64::min);
        max >= 1e8 || min < 1e-4 || max / min > 1e3
    };
    let max_digits = precision.unwrap_or(8);
    // Shortest round-tripping digits, capped at `max_digits` fractional digits.
    let digits = |x: f64, xs: F| -> (String, String, String) {
        // The element's own type's shortest digits (a negative sign is added by the caller).
        let shortest = |e: bool| {
            let s = if e {
                format!("{xs:e}")
            } else {
                format!("{xs}")
            };
            s.trim_start_matches('-').to_string()
        };
        if scientific {
            let s = match precision {
                Some(p) => format!("{:.p$e}", x.abs()),
                None => {
                    let s = shortest(true);
                    let frac_len = s
                        .split('e')
                        .next()
                        .unwrap()
                        .split('.')
                        .nth(1)
                        .map_or(0, str::len);
                    if frac_len > max_digits {
                        format!("{:.max_digits$e}", x.abs())
                    } else {
                        s
                    }
                }
            };
            let (mant, exp) = s.split_once('e').unwrap();
            let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
            let frac = frac.trim_end_matches('0');
            (int.to_string(), frac.to_string(), exp.to_string())
        } else {
            let s = match precision {
                Some(p) => format!("{:.p$}", x.abs()),
                None => {
                    let s = shortest(false);
                    let frac_len = s.split('.').nth(1).map_or(0, str::len);
                    if frac_len > max_digits {
                        format!("{:.max_digits$}", x.abs())
                    } else {
                        s
                    }
                }
            };
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            (
                int.to_string(),
                frac.trim_end_matches('0').to_string(),
                String::new(),
            )
        }
    };
    let parts: Vec<Option<(String, String, String)>> = vals
        .iter()
        .zip(&short)
        .map(|(&x, &xs)| {
            x.is_finite().then(|| {
                let (int, frac, exp) = digits(x, xs);
                let sign = if x.is_sign_negative() { "-" } else { "" };
                (format!("{sign}{int}"), frac, exp)
            })
        })
        .collect();
    let pad_left = parts.iter().flatten().map(|p| p.0.len()).max().unwrap_or(0);
    let frac_width = parts.iter().flatten().map(|p| p.1.len()).max().unwrap_or(0);
    let exp_width = parts
        .iter()
        .flatten()
        .map(|p| p.2.trim_start_matches('-').len())
        .max()
        .unwrap_or(0)
        .max(2);
    let mut out: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Some((int, frac, exp)) if scientific => format!(
                "{int:>pad_left$}.{frac:0<frac_width$}{}",
                py_exponent(exp.parse().unwrap_or(0), exp_width)
            ),
            Some((int, frac, _)) => format!("{int:>pad_left$}.{frac:<frac_width$}"),
            None => String::new(),
        })
        .collect();
    for (s, &x) in out.iter_mut().zip(vals) {
        if x.is_nan() {
            *s = "nan".into();
        } else if x.is_infinite() {
            *s = if x > 0.0 { "inf" } else { "-inf" }.into();
        }
    }
    right_align(out)
}

/// Arrays with more elements than this are summarised.
const THRESHOLD: usize = 1000;
/// Items kept at each edge of a summarised axis.
const EDGE_ITEMS: usize = 3;
/// NumPy's default line width.
const LINE_WIDTH: usize = 75;

/// The indices shown along an axis of length `len`: all, or the edges when summarising.
fn shown(len: usize, summarize: bool) -> (Vec<usize>, bool) {
    if summarize && len > 2 * EDGE_ITEMS {
        let mut v: Vec<usize> = (0..EDGE_ITEMS).collect();
        v.extend(len - EDGE_ITEMS..len);
        (v, true)
    } else {
        ((0..len).collect(), false)
    }
}

/// The shown elements of `v` in C order.
fn gather<'a, T, const N: usize>(v: View<'a, T, N>, summarize: bool) -> Vec<&'a T> {
    fn rec<'a, T, const N: usize>(
        v: View<'a, T, N>,
        summarize: bool,
        index: &mut [usize; N],
        axis: usize,
        out: &mut Vec<&'a T>,
    ) {
        if axis == N {
            out.push(v.get(*index).expect("shown indices are in bounds"));
            return;
        }
        for i in shown(v.shape()[axis], summarize).0 {
            index[axis] = i;
            rec(v, summarize, index, axis + 1, out);
        }
    }
    let mut out = Vec::new();
    rec(v, summarize, &mut [0; N], 0, &mut out);
    out
}

/// NumPy's `_formatArray`: nests `[…]`, wraps lines, inserts `...`.
fn render(
    shape: &[usize],
    words: &mut std::vec::IntoIter<String>,
    summarize: bool,
    sep: &str,
) -> String {
    fn rec(
        shape: &[usize],
        words: &mut std::vec::IntoIter<String>,
        summarize: bool,
        sep: &str,
        hanging: &str,
        width: usize,
    ) -> String {
        let Some((&len, rest)) = shape.split_first() else {
            return words.next().unwrap_or_default();
        };
        let (idx, gap) = shown(len, summarize);
        let next_hanging = format!("{hanging} ");
        let mut s = String::new();
        if rest.is_empty() {
            let elem_width = width - sep.trim_end().len();
            let mut line = hanging.to_string();
            let extend = |s: &mut String, line: &mut String, word: &str| {
                if line.len() + word.len() > elem_width && line.len() > hanging.len() {
                    s.push_str(line.trim_end());
                    s.push('\n');
                    *line = hanging.to_string();
                }
                line.push_str(word);
            };
            for (k, _) in idx.iter().enumerate() {
                let word = rec(rest, words, summarize, sep, &next_hanging, width - 1);
                extend(&mut s, &mut line, &word);
                if k + 1 < idx.len() {
                    line.push_str(sep);
                    if gap && k + 1 == EDGE_ITEMS {
                        extend(&mut s, &mut line, "...");
                        line.push_str(sep);
                    }
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{}{}", sep.trim_end(), "\n".repeat(rest.len()));
            for (k, _) in idx.iter().enumerate() {
                let nested = rec(rest, words, summarize, sep, &next_hanging, width - 1);
                s.push_str(hanging);
                s.push_str(&nested);
                if k + 1 < idx.len() {
                    s.push_str(&line_sep);
                    if gap && k + 1 == EDGE_ITEMS {
                        s.push_str(hanging);
                        s.push_str("...");
                        s.push_str(&line_sep);
                    }
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
    // An empty array prints as NumPy's `[]`, whichever axis is zero-length (the nested
    // layout below needs at least one element per level).
    if shape.contains(&0) {
        return "[]".to_string();
    }
    rec(shape, words, summarize, sep, " ", LINE_WIDTH)
}

fn display<T: FormatElement, const N: usize>(
    v: View<'_, T, N>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if N == 0 {
        let x = v.iter().next().expect("a rank-0 array has one element");
        return match f.precision() {
            Some(_) => f.write_str(&T::format_all(&[x], f.precision())[0]),
            None => f.write_str(&x.format_scalar()),
        };
    }
    let summarize = v.len() > THRESHOLD;
    let elems = gather(v, summarize);
    let words = T::format_all(&elems, f.precision());
    f.write_str(&render(&v.shape(), &mut words.into_iter(), summarize, " "))
}

fn debug<T: fmt::Debug, const N: usize>(
    v: View<'_, T, N>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let summarize = v.len() > THRESHOLD;
    let words: Vec<String> = gather(v, summarize)
        .iter()
        .map(|e| format!("{e:?}"))
        .collect();
    // Numbers line up, right-aligned, as in NumPy's repr (`[ 8, 18, 32]`).
    let words = if words.iter().all(|w| w.parse::<f64>().is_ok()) {
        right_align(words)
    } else {
        words
    };
    if N == 0 {
        f.write_str(words.first().map_or("", String::as_str))?;
    } else {
        f.write_str(&render(&v.shape(), &mut words.into_iter(), summarize, ", "))?;
    }
    let layout = match (v.is_c_contiguous(), v.is_f_contiguous()) {
        (true, true) => "C|F",
        (true, false) => "C",
        (false, true) => "F",
        (false, false) => "strided",
    };
    write!(
        f,
        ", shape={:?}, strides={:?}, layout={layout}",
        v.shape(),
        v.strides()
    )
}

macro_rules! impl_fmt {
    (impl[$($gen:tt)*] $ty:ty) => {
        impl<$($gen)*> fmt::Display for $ty
        where
            T: FormatElement,
        {
            /// NumPy's `print(x)`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                display(self.view().as_dynamic(), f)
            }
        }
        impl<$($gen)*> fmt::Debug for $ty
        where
            T: fmt::Debug,
        {
            /// NumPy's `repr(x)` plus shape, strides and layout.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug(self.view().as_dynamic(), f)
            }
        }
    };
}
impl_fmt!(impl[T, const N: usize, S: Shape<N>] Array<T, N, S>);
impl_fmt!(impl['a, T, const N: usize, S: Shape<N>] View<'a, T, N, S>);
impl_fmt!(impl['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>);
impl_fmt!(impl['a, T, const N: usize] CowArray<'a, T, N>);

/// An exponent as Python writes it: `e`, a sign, at least `width` digits (`e+02`).
fn py_exponent(e: i32, width: usize) -> String {
    let sign = if e < 0 { '-' } else { '+' };
    format!("e{sign}{:0>width$}", e.unsigned_abs())
}

/// Python's `{:.3e}` of one number (`2.160e+02`), as `np.einsum_path` prints its counts.
pub(crate) fn py_sci3(x: f64) -> String {
    let s = format!("{x:.3e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => format!("{mantissa}{}", py_exponent(exp.parse().unwrap_or(0), 2)),
        None => s, // inf and NaN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_like_numpy() {
        assert_eq!(quoted("f(0, 4)"), "'f(0, 4)'");
        assert_eq!(quoted("it's"), "\"it's\"");
        assert_eq!(quoted("'\""), "'\\'\"'");
        assert_eq!(quoted("a\\b"), "'a\\\\b'");
        let a = crate::Array::from_vec(vec!["a".to_string(), "bc".to_string()]);
        assert_eq!(a.to_string(), "['a' 'bc']");
    }

    #[test]
    fn floats_like_numpy() {
        assert_eq!(format_floats(&[0.0, 1.0, 2.0], None), ["0.", "1.", "2."]);
        assert_eq!(format_floats(&[0.5, 1.0], None), ["0.5", "1. "]);
        assert_eq!(format_floats(&[-1.0, 2.0], None), ["-1.", " 2."]);
        assert_eq!(format_floats(&[0.1 + 0.2], None), ["0.3"]);
        assert_eq!(format_floats(&[1.0 / 3.0], None), ["0.33333333"]);
        assert_eq!(format_floats(&[1e-5, 1.5e-5], None), ["1.0e-05", "1.5e-05"]);
        assert_eq!(format_floats(&[1e10], None), ["1.e+10"]);
        // float32 prints its own shortest digits, as NumPy's float32 repr does.
        assert_eq!(format_floats(&[15.0f32 / 14.0], None), ["1.0714285"]);
        assert_eq!(
            format_floats(&[1.0f32 / 3.0, 2.0], None),
            ["0.33333334", "2.        "]
        );
        assert_eq!(
            format_floats(&[1.0f32 / 3.0 * 1e-6], None),
            ["3.3333333e-07"]
        );
        assert_eq!(format_floats(&[1.0, f64::NAN], None), [" 1.", "nan"]);
        assert_eq!(format_floats(&[1.23456], Some(2)), ["1.23"]);
    }
}

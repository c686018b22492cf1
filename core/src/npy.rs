//! NumPy's `.npy` files ([`save`], [`load`], [`write_npy`], [`read_npy`]) and simple delimited
//! text ([`savetxt`], [`loadtxt`]).
//!
//! # The `.npy` format
//!
//! A `.npy` file is the magic string `\x93NUMPY`, a version byte pair, the header length
//! (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), a header that is a Python
//! dictionary literal, and the raw elements:
//!
//! ```text
//! {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
//! ```
//!
//! padded with spaces and a final newline so that the data starts at a multiple of 64 bytes.
//! `descr` is the element type with its byte order (`<` little-endian, `>` big-endian, `|` not
//! applicable, `=` native); the elements follow in C order, or in F order when `fortran_order`
//! is `True`.
//!
//! einarray reads versions 1.0, 2.0 and 3.0 and every byte order (big-endian data is converted
//! on load), and writes what `np.save` writes: version 1.0 (2.0 only for a header too long for
//! it), the native byte order, `fortran_order: True` with F-order data when the array is
//! F-contiguous but not C-contiguous, C order otherwise. Files written by einarray are byte for
//! byte those NumPy writes for the same array.
//!
//! | NumPy | einarray |
//! |---|---|
//! | `np.save("a.npy", a)` | `npy::save("a.npy", &a)?` |
//! | `np.load("a.npy")` | `npy::load::<f64, 2>("a.npy")?` |
//! | `np.savetxt("a.txt", a, delimiter=",")` | `npy::savetxt("a.txt", &a, ',')?` |
//! | `np.loadtxt("a.txt")` | `npy::loadtxt::<2>("a.txt", None)?` |
//!
//! The element type and rank are part of the array's type, so [`load`] requires the file's dtype
//! to be exactly `T`'s ([`NpyElement::DESCR`], no silent casting) and its number of axes to be
//! `N`. The supported dtypes are those of [`NpyElement`]'s implementors.
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::npy;
//!
//! let a = Array::<f64, 1>::arange(6.0).into_reshape([2, 3]);
//! let mut bytes = Vec::new();
//! npy::write_npy(&mut bytes, &a).unwrap();
//! assert_eq!(&bytes[..10], b"\x93NUMPY\x01\x00\x76\x00");
//! assert_eq!(bytes.len(), 128 + 6 * 8);
//!
//! let b: Array<f64, 2> = npy::read_npy(&bytes[..]).unwrap();
//! assert_eq!(b.to_vec(), a.to_vec());
//! ```
//!
//! # Unsafe code here
//!
//! - `bytes_of` and `bytes_of_mut` view element slices as bytes, relying on the private
//!   `unsafe trait Pod` (integers, floats, `Complex` of floats: no padding, any bits valid).
//! - `read_pod_file` copies and `read(2)`s into spare capacity, then `set_len`s once every byte
//!   is written; the size was checked by `layout::checked_size` in `read_array` (invariant 3).
//! - arrays are made by `Array::from_shape_vec` or `Array::from_shape_vec_order`, which check
//!   the sizes (invariant 5).

use crate::alloc;
use crate::array::Array;
use crate::layout::{checked_size, Order};
use crate::view::AsView;
use num_complex::Complex;
use std::fmt::{self, Display};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

/// The first six bytes of every `.npy` file.
const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// The data starts at a multiple of this many bytes (NumPy's `ARRAY_ALIGN`).
const ARRAY_ALIGN: usize = 64;
/// NumPy leaves room in the header for the growth axis to reach this many digits.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;
/// Elements per write when a non-contiguous array is written in C order.
const WRITE_CHUNK: usize = 1 << 13;
/// The type codes (dtype without byte order) of the supported element types.
const SUPPORTED: [&str; 13] = [
    "b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "c8", "c16",
];

/// Why a `.npy` or text file could not be read or written.
///
/// `Io` is the error of the file or stream; `Format` a file einarray cannot read as the array
/// asked for. Format messages start with the operation, as `npy::load: expected dtype '<f8',
/// found '<i4'`.
///
/// ```
/// use einarray::npy::{self, NpyError};
/// let err = npy::read_npy::<f64, 1, _>(&b"hello, world"[..]).unwrap_err();
/// assert!(matches!(err, NpyError::Format(_)));
/// assert_eq!(err.to_string(), "npy::read_npy: not a .npy file (bad magic)");
/// ```
#[non_exhaustive]
pub enum NpyError {
    /// The file or stream failed (not found, permission denied, disk full, …).
    Io(io::Error),
    /// The contents are not a file of the requested element type and rank.
    Format(String),
}

impl Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyError::Io(e) => Display::fmt(e, f),
            NpyError::Format(message) => f.write_str(message),
        }
    }
}

/// The message, as [`Display`] prints it: what `main` prints for an error it returns.
impl fmt::Debug for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

impl std::error::Error for NpyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NpyError::Io(e) => e.source(),
            NpyError::Format(_) => None,
        }
    }
}

impl From<io::Error> for NpyError {
    fn from(e: io::Error) -> Self {
        NpyError::Io(e)
    }
}

/// `Err(NpyError::Format(format!(…)))`.
macro_rules! format_err {
    ($($arg:tt)*) => {
        Err(NpyError::Format(format!($($arg)*)))
    };
}

/// The element types of `.npy` files: `f64`, `f32`, `i8`…`i64`, `u8`…`u64`, `bool`,
/// `Complex<f32>` and `Complex<f64>`.
///
/// Each knows its NumPy dtype ([`NpyElement::DESCR`]) and how to decode itself from little- or
/// big-endian bytes. The trait is sealed: reading and writing rely on the memory layout of
/// exactly these types.
///
/// ```
/// use einarray::npy::NpyElement;
/// use num_complex::Complex;
/// assert_eq!(f64::DESCR, "<f8");
/// assert_eq!(bool::DESCR, "|b1");
/// assert_eq!(Complex::<f64>::DESCR, "<c16");
/// assert_eq!(<i32 as NpyElement>::from_be_bytes(&[0, 0, 1, 2]), 258);
/// ```
pub trait NpyElement: Copy + sealed::Sealed {
    /// NumPy's dtype string of the type, in little-endian byte order (`|` for one-byte types):
    /// `<f8`, `<f4`, `|i1`, `<i2`, `<i4`, `<i8`, `|u1`, `<u2`, `<u4`, `<u8`, `|b1`, `<c8`,
    /// `<c16`. Files are written in the machine's byte order (`>` on big-endian machines).
    ///
    /// ```
    /// use einarray::npy::NpyElement;
    /// assert_eq!(<u16 as NpyElement>::DESCR, "<u2");
    /// assert_eq!(<i8 as NpyElement>::DESCR, "|i1");
    /// ```
    const DESCR: &'static str;

    /// The element stored in `bytes`, little-endian (complex: the real part, then the
    /// imaginary part).
    ///
    /// # Panics
    /// When `bytes` is not `size_of::<Self>()` long.
    ///
    /// ```
    /// use einarray::npy::NpyElement;
    /// assert_eq!(<f64 as NpyElement>::from_le_bytes(&1.5f64.to_le_bytes()), 1.5);
    /// assert!(<bool as NpyElement>::from_le_bytes(&[1]));
    /// ```
    fn from_le_bytes(bytes: &[u8]) -> Self;

    /// The element stored in `bytes`, big-endian (complex: the real part, then the imaginary
    /// part, each big-endian).
    ///
    /// # Panics
    /// When `bytes` is not `size_of::<Self>()` long.
    ///
    /// ```
    /// use einarray::npy::NpyElement;
    /// use num_complex::Complex;
    /// let bytes = [1.0f32.to_be_bytes(), (-2.0f32).to_be_bytes()].concat();
    /// assert_eq!(Complex::<f32>::from_be_bytes(&bytes), Complex::new(1.0, -2.0));
    /// ```
    fn from_be_bytes(bytes: &[u8]) -> Self;
}

/// The machinery behind [`NpyElement`], kept out of the public API.
mod sealed {
    use super::NpyError;
    use std::fs::File;
    use std::io::{self, BufReader, Read, Write};

    /// Bulk reading, writing and byte swapping of one element type.
    pub trait Sealed: Sized {
        /// Reverses the byte order of every scalar (each part of a complex) in place.
        fn swap_in_place(data: &mut [Self]);
        /// Reads `len` elements stored in the machine's byte order.
        fn read_vec<R: Read>(r: &mut R, len: usize, op: &str) -> Result<Vec<Self>, NpyError>;
        /// [`Sealed::read_vec`] from a file.
        fn read_file_vec(
            r: &mut BufReader<File>,
            len: usize,
            op: &str,
        ) -> Result<Vec<Self>, NpyError> {
            Self::read_vec(r, len, op)
        }
        /// Writes the elements in the machine's byte order.
        fn write_slice<W: Write>(w: &mut W, data: &[Self]) -> io::Result<()>;
    }
}

/// Plain old data: element types that are their bytes.
///
/// # Safety
/// `Self` has no padding, and every pattern of `size_of::<Self>()` bytes is a valid `Self`.
unsafe trait Pod: Copy + Default + 'static {}

macro_rules! pod {
    ($($t:ty),*) => {$(
        // SAFETY: integers, floats and `Complex` of floats (`repr(C)`, two floats) have no
        // padding, and any bit pattern is one of their values.
        unsafe impl Pod for $t {}
    )*};
}
pod! { f32, f64, i8, i16, i32, i64, u8, u16, u32, u64, Complex<f32>, Complex<f64> }

/// The bytes of `data`.
fn bytes_of<T: Pod>(data: &[T]) -> &[u8] {
    // SAFETY: `T: Pod` has no padding, so all `size_of_val(data)` bytes behind the pointer are
    // initialised; `u8` has alignment 1, and the slice borrows `data` for its lifetime.
    unsafe { std::slice::from_raw_parts(data.as_ptr().cast::<u8>(), std::mem::size_of_val(data)) }
}

/// The bytes of `data`, writable.
fn bytes_of_mut<T: Pod>(data: &mut [T]) -> &mut [u8] {
    // SAFETY: as in `bytes_of`; and any bytes written leave a valid `T` (`Pod`). The slice
    // borrows `data` uniquely for its lifetime.
    unsafe {
        std::slice::from_raw_parts_mut(data.as_mut_ptr().cast::<u8>(), std::mem::size_of_val(data))
    }
}

/// A zeroed buffer of `len` elements (straight from the allocator, and advised for huge pages
/// when large, like NumPy's own buffers), or an error when there is not that much memory: the
/// shape comes from a file and may be damaged.
fn zeroed_buffer<T: Pod>(len: usize, op: &str) -> Result<Vec<T>, NpyError> {
    if Vec::<T>::new().try_reserve_exact(len).is_err() {
        return format_err!(
            "{op}: cannot allocate {} bytes for the data",
            len.saturating_mul(std::mem::size_of::<T>())
        );
    }
    Ok(alloc::zeros_vec(len, T::default()))
}

/// Fills `buf` from `r`, with a format error naming the byte counts when the data runs out.
fn read_data<R: Read>(r: &mut R, buf: &mut [u8], op: &str) -> Result<(), NpyError> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => return format_err!("{op}: data ends after {filled} of {} bytes", buf.len()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Reads `len` plain elements in one bulk read into the output buffer.
fn read_pod<T: Pod, R: Read>(r: &mut R, len: usize, op: &str) -> Result<Vec<T>, NpyError> {
    let mut data = zeroed_buffer::<T>(len, op)?;
    read_data(r, bytes_of_mut(&mut data), op)?;
    Ok(data)
}

/// Reads `len` plain elements from the file behind `r` straight into the spare capacity of a
/// new buffer (Linux: `read(2)`), so that its pages are neither zeroed by a pass of ours nor
/// copied twice; like [`alloc::vec_with_capacity`]'s other users, the buffer is advised for huge
/// pages with a huge page of slack, so the tail of the data gets one too.
#[cfg(target_os = "linux")]
fn read_pod_file<T: Pod>(
    r: &mut BufReader<File>,
    len: usize,
    op: &str,
) -> Result<Vec<T>, NpyError> {
    use std::os::fd::AsRawFd;
    let bytes = len * std::mem::size_of::<T>(); // no overflow: the shape was checked
    if Vec::<T>::new().try_reserve_exact(len).is_err() {
        return format_err!("{op}: cannot allocate {bytes} bytes for the data");
    }
    let mut data: Vec<T> = alloc::vec_with_capacity(len);
    let dst = data.as_mut_ptr().cast::<u8>();
    // First what the reader has buffered, then the rest from the file itself.
    let buffered = r.buffer();
    let mut filled = buffered.len().min(bytes);
    // SAFETY: `data` has capacity for `bytes >= filled` bytes at `dst`, and the reader's buffer
    // is another allocation.
    unsafe { std::ptr::copy_nonoverlapping(buffered.as_ptr(), dst, filled) };
    r.consume(filled);
    // Either the data is complete or the buffer is empty: the file's position is the stream's.
    let fd = r.get_ref().as_raw_fd();
    while filled < bytes {
        // SAFETY: `dst + filled .. dst + bytes` lies inside `data`'s allocation, which nothing
        // else references; `read(2)` writes at most `bytes - filled` bytes there.
        let n = unsafe { libc::read(fd, dst.add(filled).cast(), bytes - filled) };
        if n > 0 {
            filled += n as usize;
        } else if n == 0 {
            return format_err!("{op}: data ends after {filled} of {bytes} bytes");
        } else {
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e.into());
            }
        }
    }
    // SAFETY: all `bytes` bytes of the first `len` elements were written above, and any bytes
    // are a valid `T` (`Pod`).
    unsafe { data.set_len(len) };
    Ok(data)
}

macro_rules! pod_io {
    () => {
        fn read_vec<R: Read>(r: &mut R, len: usize, op: &str) -> Result<Vec<Self>, NpyError> {
            read_pod(r, len, op)
        }
        #[cfg(target_os = "linux")]
        fn read_file_vec(
            r: &mut BufReader<File>,
            len: usize,
            op: &str,
        ) -> Result<Vec<Self>, NpyError> {
            read_pod_file(r, len, op)
        }
        fn write_slice<W: Write>(w: &mut W, data: &[Self]) -> io::Result<()> {
            w.write_all(bytes_of(data))
        }
    };
}

/// The `N` bytes of an element, or a panic naming the method.
fn exact_bytes<const B: usize>(bytes: &[u8], method: &str, descr: &str) -> [u8; B] {
    match bytes.try_into() {
        Ok(b) => b,
        Err(_) => panic!(
            "NpyElement::{method}: expected {B} bytes for '{descr}', found {}",
            bytes.len()
        ),
    }
}

macro_rules! npy_scalar {
    ($($t:ty => $descr:literal, $bits:ident;)*) => {$(
        impl NpyElement for $t {
            const DESCR: &'static str = $descr;
            fn from_le_bytes(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(exact_bytes(bytes, "from_le_bytes", $descr))
            }
            fn from_be_bytes(bytes: &[u8]) -> Self {
                <$t>::from_be_bytes(exact_bytes(bytes, "from_be_bytes", $descr))
            }
        }
        impl sealed::Sealed for $t {
            fn swap_in_place(data: &mut [Self]) {
                for x in data {
                    *x = npy_scalar!(@swap $bits, *x, $t);
                }
            }
            pod_io!();
        }
    )*};
    (@swap int, $x:expr, $t:ty) => { $x.swap_bytes() };
    (@swap float, $x:expr, $t:ty) => { <$t>::from_bits($x.to_bits().swap_bytes()) };
}

npy_scalar! {
    f64 => "<f8", float;
    f32 => "<f4", float;
    i8 => "|i1", int;
    i16 => "<i2", int;
    i32 => "<i4", int;
    i64 => "<i8", int;
    u8 => "|u1", int;
    u16 => "<u2", int;
    u32 => "<u4", int;
    u64 => "<u8", int;
}

macro_rules! npy_complex {
    ($($t:ty => $descr:literal;)*) => {$(
        impl NpyElement for Complex<$t> {
            const DESCR: &'static str = $descr;
            fn from_le_bytes(bytes: &[u8]) -> Self {
                const H: usize = std::mem::size_of::<$t>();
                let b: [u8; 2 * H] = exact_bytes(bytes, "from_le_bytes", $descr);
                Complex::new(
                    <$t as NpyElement>::from_le_bytes(&b[..H]),
                    <$t as NpyElement>::from_le_bytes(&b[H..]),
                )
            }
            fn from_be_bytes(bytes: &[u8]) -> Self {
                const H: usize = std::mem::size_of::<$t>();
                let b: [u8; 2 * H] = exact_bytes(bytes, "from_be_bytes", $descr);
                Complex::new(
                    <$t as NpyElement>::from_be_bytes(&b[..H]),
                    <$t as NpyElement>::from_be_bytes(&b[H..]),
                )
            }
        }
        impl sealed::Sealed for Complex<$t> {
            fn swap_in_place(data: &mut [Self]) {
                for z in data {
                    z.re = <$t>::from_bits(z.re.to_bits().swap_bytes());
                    z.im = <$t>::from_bits(z.im.to_bits().swap_bytes());
                }
            }
            pod_io!();
        }
    )*};
}

npy_complex! {
    f32 => "<c8";
    f64 => "<c16";
}

impl NpyElement for bool {
    const DESCR: &'static str = "|b1";
    fn from_le_bytes(bytes: &[u8]) -> Self {
        exact_bytes::<1>(bytes, "from_le_bytes", "|b1")[0] != 0
    }
    fn from_be_bytes(bytes: &[u8]) -> Self {
        exact_bytes::<1>(bytes, "from_be_bytes", "|b1")[0] != 0
    }
}

impl sealed::Sealed for bool {
    fn swap_in_place(_data: &mut [Self]) {}
    fn read_vec<R: Read>(r: &mut R, len: usize, op: &str) -> Result<Vec<Self>, NpyError> {
        // Not every byte is a `bool`: read bytes, then map them (any non-zero byte is `True`,
        // as in NumPy).
        let bytes = read_pod::<u8, R>(r, len, op)?;
        Ok(bytes.iter().map(|&b| b != 0).collect())
    }
    fn write_slice<W: Write>(w: &mut W, data: &[Self]) -> io::Result<()> {
        for chunk in data.chunks(WRITE_CHUNK) {
            let bytes: Vec<u8> = chunk.iter().map(|&b| u8::from(b)).collect();
            w.write_all(&bytes)?;
        }
        Ok(())
    }
}

/// `T`'s dtype in the machine's byte order: what einarray writes, and what messages expect.
fn native_descr<T: NpyElement>() -> String {
    match T::DESCR.strip_prefix('<') {
        Some(code) if cfg!(target_endian = "big") => format!(">{code}"),
        _ => T::DESCR.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes `a` to `w` in `.npy` format, as `np.save` does (see the [module docs](self)).
///
/// The header is version 1.0, padded so that the data starts at a multiple of 64 bytes. A
/// C-contiguous array is written as it lies in memory, and so is an F-contiguous one that is
/// not C-contiguous (with `fortran_order: True`, no transposing copy); any other view is
/// written in C order, a chunk at a time. `w` is flushed at the end; wrap unbuffered writers
/// in a [`BufWriter`] (or use [`save`]).
///
/// ```
/// use einarray::prelude::*;
/// use einarray::npy;
/// let a = Array::<i32, 1>::arange(6).into_reshape([2, 3]);
/// let mut bytes = Vec::new();
/// npy::write_npy(&mut bytes, &a.t()).unwrap(); // F-contiguous: written as is
/// let header = String::from_utf8_lossy(&bytes[10..128]);
/// assert!(header.starts_with("{'descr': '<i4', 'fortran_order': True, 'shape': (3, 2), }"));
/// // The data starts at byte 128, in F order: `a`'s memory as it is.
/// assert_eq!(&bytes[128..136], &[0, 0, 0, 0, 1, 0, 0, 0]);
/// ```
pub fn write_npy<T: NpyElement, const N: usize, W: Write>(
    w: W,
    a: &impl AsView<T, N>,
) -> Result<(), NpyError> {
    let mut w = w;
    let v = a.as_view();
    let c_slice = v.as_memory_slice(Order::C);
    let f_slice = if c_slice.is_none() && !v.is_c_contiguous() {
        v.as_memory_slice(Order::F)
    } else {
        None
    };
    let fortran_order = f_slice.is_some();
    w.write_all(&header_bytes(
        &native_descr::<T>(),
        fortran_order,
        &v.shape(),
    ))?;
    match c_slice.or(f_slice) {
        Some(data) => T::write_slice(&mut w, data)?,
        None => {
            let mut chunk = Vec::with_capacity(WRITE_CHUNK.min(v.len()));
            for &x in v.iter() {
                chunk.push(x);
                if chunk.len() == WRITE_CHUNK {
                    T::write_slice(&mut w, &chunk)?;
                    chunk.clear();
                }
            }
            T::write_slice(&mut w, &chunk)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The magic string, version, header length and header of an array, exactly as NumPy's
/// `_write_array_header` makes them.
fn header_bytes(descr: &str, fortran_order: bool, shape: &[usize]) -> Vec<u8> {
    let order = if fortran_order { "True" } else { "False" };
    let mut dict = format!(
        "{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {}, }}",
        py_tuple(shape)
    );
    // Room for the growth axis (the first, or the last in F order) to grow in place.
    let growth = if fortran_order {
        shape.last()
    } else {
        shape.first()
    };
    if let Some(d) = growth {
        let digits = d.to_string().len();
        dict.extend(std::iter::repeat_n(
            ' ',
            GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits),
        ));
    }
    // `hlen` counts the final newline; the padding makes magic + length + header a multiple of
    // ARRAY_ALIGN (a whole ARRAY_ALIGN of it when already aligned, as NumPy does).
    let hlen = dict.len() + 1;
    let pad = |prefix: usize| ARRAY_ALIGN - (prefix + hlen) % ARRAY_ALIGN;
    let mut out = Vec::with_capacity(hlen + 2 * ARRAY_ALIGN);
    out.extend_from_slice(MAGIC);
    let padlen = match u16::try_from(hlen + pad(MAGIC.len() + 4)) {
        Ok(total) => {
            out.extend_from_slice(&[1, 0]);
            out.extend_from_slice(&total.to_le_bytes());
            pad(MAGIC.len() + 4)
        }
        Err(_) => {
            let total = hlen + pad(MAGIC.len() + 6);
            out.extend_from_slice(&[2, 0]);
            out.extend_from_slice(&(total as u32).to_le_bytes());
            pad(MAGIC.len() + 6)
        }
    };
    out.extend_from_slice(dict.as_bytes());
    out.extend(std::iter::repeat_n(b' ', padlen));
    out.push(b'\n');
    out
}

/// Python's `repr` of a tuple of integers: `()`, `(3,)`, `(2, 3)`.
fn py_tuple(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [d] => format!("({d},)"),
        _ => {
            let items: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", items.join(", "))
        }
    }
}

/// Writes `a` to the file at `path` in `.npy` format (NumPy's `np.save`), creating or
/// truncating it; see [`write_npy`]. Unlike `np.save`, no `.npy` extension is added.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::npy;
/// let path = std::env::temp_dir().join(format!("einarray-doc-save-{}.npy", std::process::id()));
/// let a = Array::<f32, 1>::linspace(0.0, 1.0, 5);
/// npy::save(&path, &a).unwrap();
/// assert_eq!(std::fs::metadata(&path).unwrap().len(), 128 + 5 * 4);
/// assert_eq!(npy::load::<f32, 1>(&path).unwrap().to_vec(), a.to_vec());
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save<T: NpyElement, const N: usize>(
    path: impl AsRef<Path>,
    a: &impl AsView<T, N>,
) -> Result<(), NpyError> {
    let file = create_file(path.as_ref(), "npy::save")?;
    write_npy(BufWriter::new(file), a)
}

/// Opens `path` for reading, with the operation and path in the error.
fn open_file(path: &Path, op: &str) -> Result<File, NpyError> {
    File::open(path).map_err(|e| {
        NpyError::Io(io::Error::new(
            e.kind(),
            format!("{op}: cannot open {}: {e}", path.display()),
        ))
    })
}

/// Creates `path` for writing, with the operation and path in the error.
fn create_file(path: &Path, op: &str) -> Result<File, NpyError> {
    File::create(path).map_err(|e| {
        NpyError::Io(io::Error::new(
            e.kind(),
            format!("{op}: cannot create {}: {e}", path.display()),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads a `.npy` array from `r` (NumPy's `np.load` of a file object).
///
/// Reads headers of versions 1.0, 2.0 and 3.0. The file's dtype must be `T`'s in any byte order
/// (`<`, `>`, `|` or `=`; data in the other byte order than the machine's is converted in
/// place), and it must have `N` axes. With `fortran_order: True` the result is an F-ordered
/// array over the data as read, with no transposing copy. The data is read with one bulk read
/// into the array's buffer; nothing after it is read.
///
/// Errors start with `npy::read_npy:` (a [`NpyError::Format`]) or come from `r`.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::npy;
/// let a = Array::<u8, 1>::arange(12).into_reshape([3, 4]).copy(Order::F);
/// let mut bytes = Vec::new();
/// npy::write_npy(&mut bytes, &a).unwrap();
/// let b: Array<u8, 2> = npy::read_npy(&bytes[..]).unwrap();
/// assert!(b.is_f_contiguous() && !b.is_c_contiguous());
/// assert_eq!(b.to_vec(), a.to_vec());
/// let e = npy::read_npy::<i8, 2, _>(&bytes[..]).unwrap_err();
/// assert_eq!(e.to_string(), "npy::read_npy: expected dtype '|i1', found '|u1'");
/// ```
pub fn read_npy<T: NpyElement, const N: usize, R: Read>(r: R) -> Result<Array<T, N>, NpyError> {
    let mut r = r;
    read_array(&mut r, "npy::read_npy", None, T::read_vec)
}

/// Reads the `.npy` file at `path` (NumPy's `np.load`), through a buffered reader; see
/// [`read_npy`].
///
/// Errors start with `npy::load:`. A file too short for the shape in its header is reported
/// before anything is allocated.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::npy;
/// let path = std::env::temp_dir().join(format!("einarray-doc-load-{}.npy", std::process::id()));
/// npy::save(&path, &Array::<i64, 1>::arange(24).into_reshape([2, 3, 4])).unwrap();
/// let a = npy::load::<i64, 3>(&path).unwrap();
/// assert_eq!(a[[1, 2, 3]], 23);
/// let e = npy::load::<i64, 2>(&path).unwrap_err();
/// assert_eq!(e.to_string(), "npy::load: the file has 3 axes but the array type has 2");
/// let e = npy::load::<f64, 3>(&path).unwrap_err();
/// assert_eq!(e.to_string(), "npy::load: expected dtype '<f8', found '<i8'");
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn load<T: NpyElement, const N: usize>(
    path: impl AsRef<Path>,
) -> Result<Array<T, N>, NpyError> {
    let op = "npy::load";
    let file = open_file(path.as_ref(), op)?;
    let file_len = file.metadata()?.len();
    read_array(
        &mut BufReader::new(file),
        op,
        Some(file_len),
        T::read_file_vec,
    )
}

/// The parsed header of a `.npy` file.
#[derive(Debug, PartialEq)]
struct Header {
    descr: Lit,
    fortran_order: bool,
    shape: Vec<usize>,
}

/// The function that reads the elements after the header.
type ReadVec<R, T> = fn(&mut R, usize, &str) -> Result<Vec<T>, NpyError>;

/// Reads header and data; `stream_len` is the length of the whole stream when known.
fn read_array<T: NpyElement, const N: usize, R: Read>(
    r: &mut R,
    op: &str,
    stream_len: Option<u64>,
    read_vec: ReadVec<R, T>,
) -> Result<Array<T, N>, NpyError> {
    let (header, header_len) = read_header(r, op)?;
    let swap = check_descr::<T>(&header.descr, op)?;
    let shape: [usize; N] = match header.shape.as_slice().try_into() {
        Ok(shape) => shape,
        Err(_) => {
            return format_err!(
                "{op}: the file has {} but the array type has {N}",
                axes(header.shape.len())
            )
        }
    };
    let elem = std::mem::size_of::<T>();
    let len = checked_size(op, &shape, elem).map_err(|e| NpyError::Format(e.to_string()))?;
    let needed = (len * elem) as u64;
    if let Some(total) = stream_len {
        let available = total.saturating_sub(header_len as u64);
        if available < needed {
            return format_err!("{op}: data ends after {available} of {needed} bytes");
        }
    }
    let mut data = read_vec(r, len, op)?;
    if swap {
        T::swap_in_place(&mut data);
    }
    let order = if header.fortran_order {
        Order::F
    } else {
        Order::C
    };
    Array::from_shape_vec_order(shape, data, order).map_err(|e| NpyError::Format(e.to_string()))
}

/// "1 axis", "3 axes".
fn axes(n: usize) -> String {
    if n == 1 {
        "1 axis".to_string()
    } else {
        format!("{n} axes")
    }
}

/// Reads `buf.len()` bytes or as many as there are; returns how many were read.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> Result<usize, NpyError> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(filled)
}

/// Reads and parses the header; returns it with the number of bytes before the data.
fn read_header<R: Read>(r: &mut R, op: &str) -> Result<(Header, usize), NpyError> {
    let mut preamble = [0u8; 8];
    let got = read_up_to(r, &mut preamble)?;
    if got < preamble.len() || &preamble[..6] != MAGIC {
        return format_err!("{op}: not a .npy file (bad magic)");
    }
    let (major, minor) = (preamble[6], preamble[7]);
    let len_bytes = match (major, minor) {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        _ => return format_err!("{op}: unsupported .npy format version {major}.{minor}"),
    };
    let mut len_buf = [0u8; 4];
    if read_up_to(r, &mut len_buf[..len_bytes])? < len_bytes {
        return format_err!("{op}: the file ends before the header length");
    }
    let hlen = u32::from_le_bytes(len_buf) as usize;
    let mut raw = Vec::new();
    let got = r.by_ref().take(hlen as u64).read_to_end(&mut raw)?;
    if got < hlen {
        return format_err!("{op}: the header ends after {got} of {hlen} bytes");
    }
    let text: String = if major == 3 {
        match String::from_utf8(raw) {
            Ok(s) => s,
            Err(_) => return format_err!("{op}: the header is not valid UTF-8"),
        }
    } else {
        // Latin-1: every byte is the code point of the same value.
        raw.iter().map(|&b| char::from(b)).collect()
    };
    let header = parse_header(&text, major < 3)
        .map_err(|why| NpyError::Format(format!("{op}: bad header {:?}: {why}", text.trim())))?;
    Ok((header, 8 + len_bytes + hlen))
}

/// Parses the header dictionary; `py2` accepts Python 2's `L` suffix on integers.
fn parse_header(text: &str, py2: bool) -> Result<Header, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        pos: 0,
        py2,
    };
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(format!(
            "unexpected text after the dictionary at byte {}",
            p.pos
        ));
    }
    let Lit::Dict(entries) = value else {
        return Err(format!("expected a dictionary, found {value}"));
    };
    let (mut descr, mut fortran_order, mut shape) = (None, None, None);
    for (key, value) in entries {
        match key {
            Lit::Str(k) if k == "descr" => descr = Some(value),
            Lit::Str(k) if k == "fortran_order" => fortran_order = Some(value),
            Lit::Str(k) if k == "shape" => shape = Some(value),
            other => {
                return Err(format!(
                    "expected the keys 'descr', 'fortran_order' and 'shape', found {other}"
                ))
            }
        }
    }
    let (Some(descr), Some(fortran_order), Some(shape)) = (descr, fortran_order, shape) else {
        return Err("expected the keys 'descr', 'fortran_order' and 'shape'".to_string());
    };
    let Lit::Bool(fortran_order) = fortran_order else {
        return Err(format!(
            "expected True or False for 'fortran_order', found {fortran_order}"
        ));
    };
    let dims = match &shape {
        Lit::Tuple(items) => items
            .iter()
            .map(|d| match d {
                Lit::Int(d) => usize::try_from(*d).ok(),
                _ => None,
            })
            .collect::<Option<Vec<usize>>>(),
        _ => None,
    };
    let Some(shape) = dims else {
        return Err(format!(
            "expected a tuple of non-negative integers for 'shape', found {shape}"
        ));
    };
    Ok(Header {
        descr,
        fortran_order,
        shape,
    })
}

/// Checks the file's dtype against `T`'s; returns whether the data must be byte-swapped.
fn check_descr<T: NpyElement>(descr: &Lit, op: &str) -> Result<bool, NpyError> {
    let Lit::Str(descr) = descr else {
        return format_err!("{op}: unsupported dtype {descr}");
    };
    let (order, code) = match descr.as_bytes().first() {
        Some(b'<' | b'>' | b'|' | b'=') => (descr.as_bytes()[0], &descr[1..]),
        _ => (b'=', descr.as_str()),
    };
    if !SUPPORTED.contains(&code) {
        return format_err!("{op}: unsupported dtype '{descr}'");
    }
    if code != &T::DESCR[1..] {
        return format_err!(
            "{op}: expected dtype '{}', found '{descr}'",
            native_descr::<T>()
        );
    }
    let little = cfg!(target_endian = "little");
    Ok(match order {
        b'<' => !little,
        b'>' => little,
        _ => false,
    })
}

/// A Python literal of a header.
#[derive(Debug, PartialEq)]
enum Lit {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
}

impl Display for Lit {
    /// Python's `repr`, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn seq(f: &mut fmt::Formatter<'_>, items: &[Lit]) -> fmt::Result {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            Lit::Str(s) => write!(f, "'{s}'"),
            Lit::Int(i) => write!(f, "{i}"),
            Lit::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Lit::None => f.write_str("None"),
            Lit::Tuple(items) => {
                f.write_str("(")?;
                seq(f, items)?;
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Lit::List(items) => {
                f.write_str("[")?;
                seq(f, items)?;
                f.write_str("]")
            }
            Lit::Dict(entries) => {
                f.write_str("{")?;
                for (k, (key, value)) in entries.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key}: {value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A recursive-descent parser of the Python literals headers hold: dictionaries, tuples,
/// lists, strings, integers, `True`, `False` and `None`.
///
/// ```text
/// value := dict | tuple | list | string | int | 'True' | 'False' | 'None'
/// dict  := '{' (value ':' value (',' value ':' value)* ','?)? '}'
/// tuple := '(' (value (',' value)* ','?)? ')'      (one item needs the comma)
/// list  := '[' (value (',' value)* ','?)? ']'
/// int   := [+-]? digit+ 'L'?                      ('L' in versions 1.0 and 2.0 only)
/// ```
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    py2: bool,
}

/// Nesting deeper than this is not a header NumPy could write.
const MAX_DEPTH: usize = 32;

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        match self.peek() {
            Some(found) if found == c => {
                self.pos += 1;
                Ok(())
            }
            Some(found) => Err(format!(
                "expected '{}' at byte {}, found '{}'",
                char::from(c),
                self.pos,
                char::from(found)
            )),
            None => Err(format!("expected '{}', found the end", char::from(c))),
        }
    }

    fn value(&mut self) -> Result<Lit, String> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Result<Lit, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_string());
        }
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                while self.peek() != Some(b'}') {
                    let key = self.value_at(depth + 1)?;
                    self.expect(b':')?;
                    let value = self.value_at(depth + 1)?;
                    entries.push((key, value));
                    if self.peek() != Some(b'}') {
                        self.expect(b',')?;
                    }
                }
                self.pos += 1;
                Ok(Lit::Dict(entries))
            }
            Some(open @ (b'(' | b'[')) => {
                self.pos += 1;
                let close = if open == b'(' { b')' } else { b']' };
                let (mut items, mut comma) = (Vec::new(), false);
                while self.peek() != Some(close) {
                    items.push(self.value_at(depth + 1)?);
                    comma = false;
                    if self.peek() != Some(close) {
                        self.expect(b',')?;
                        comma = true;
                    }
                }
                self.pos += 1;
                if open == b'[' {
                    Ok(Lit::List(items))
                } else if items.len() == 1 && !comma {
                    Ok(items.pop().expect("one item"))
                } else {
                    Ok(Lit::Tuple(items))
                }
            }
            Some(quote @ (b'\'' | b'"')) => {
                self.pos += 1;
                let mut bytes = Vec::new();
                loop {
                    match self.s.get(self.pos) {
                        None => return Err("unterminated string".to_string()),
                        Some(&c) if c == quote => break,
                        Some(b'\\') => {
                            let Some(&c) = self.s.get(self.pos + 1) else {
                                return Err("unterminated string".to_string());
                            };
                            bytes.push(c);
                            self.pos += 2;
                        }
                        Some(&c) => {
                            bytes.push(c);
                            self.pos += 1;
                        }
                    }
                }
                self.pos += 1;
                String::from_utf8(bytes)
                    .map(Lit::Str)
                    .map_err(|_| "a string is not valid text".to_string())
            }
            Some(b'0'..=b'9' | b'-' | b'+') => {
                let start = self.pos;
                self.pos += 1;
                while self.s.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    self.pos += 1;
                }
                let digits = std::str::from_utf8(&self.s[start..self.pos]).expect("ASCII");
                let value = digits
                    .parse::<i128>()
                    .map_err(|_| format!("expected an integer, found '{digits}'"))?;
                if self.py2 && self.s.get(self.pos) == Some(&b'L') {
                    self.pos += 1;
                }
                Ok(Lit::Int(value))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.pos;
                while self.s.get(self.pos).is_some_and(u8::is_ascii_alphanumeric) {
                    self.pos += 1;
                }
                match &self.s[start..self.pos] {
                    b"True" => Ok(Lit::Bool(true)),
                    b"False" => Ok(Lit::Bool(false)),
                    b"None" => Ok(Lit::None),
                    word => Err(format!(
                        "expected a literal, found '{}'",
                        String::from_utf8_lossy(word)
                    )),
                }
            }
            Some(c) => Err(format!(
                "expected a literal at byte {}, found '{}'",
                self.pos,
                char::from(c)
            )),
            None => Err("expected a literal, found the end".to_string()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Writes a 1-D or 2-D array as delimited text (NumPy's `np.savetxt(path, a, delimiter=…)`).
///
/// A 2-D array is written one row per line, its elements separated by `delimiter`; a 1-D array
/// one element per line (as NumPy does). Elements are written with [`Display`], which for
/// floats is Rust's shortest representation that reads back exactly (`0.1`, `1`, `NaN`,
/// `-inf`), so [`loadtxt`] returns the very same `f64`s.
///
/// ```
/// use einarray::prelude::*;
/// use einarray::npy;
/// let path = std::env::temp_dir().join(format!("einarray-doc-savetxt-{}.csv", std::process::id()));
/// npy::savetxt(&path, &array![[1.5, 0.1], [-2.0, 1e-9]], ',').unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "1.5,0.1\n-2,0.000000001\n");
/// npy::savetxt(&path, &array![1, 2, 3], ' ').unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "1\n2\n3\n");
/// std::fs::remove_file(&path).unwrap();
/// ```
///
/// Other ranks do not compile:
///
/// ```compile_fail
/// use einarray::prelude::*;
/// let a = Array::<f64, 3>::zeros([2, 2, 2]);
/// einarray::npy::savetxt("a.txt", &a, ',').unwrap(); // error: savetxt writes 1-D or 2-D arrays
/// ```
pub fn savetxt<T: Display, const N: usize>(
    path: impl AsRef<Path>,
    a: &impl AsView<T, N>,
    delimiter: char,
) -> Result<(), NpyError> {
    const { assert!(N == 1 || N == 2, "savetxt writes 1-D or 2-D arrays") };
    let v = a.as_view();
    let shape = v.shape();
    let (rows, cols) = if N == 2 {
        (shape[0], shape[N - 1])
    } else {
        (shape[0], 1)
    };
    let mut w = BufWriter::new(create_file(path.as_ref(), "npy::savetxt")?);
    if cols == 0 {
        for _ in 0..rows {
            writeln!(w)?;
        }
    }
    for (k, x) in v.iter().enumerate() {
        let j = k % cols;
        if j > 0 {
            write!(w, "{delimiter}")?;
        }
        write!(w, "{x}")?;
        if j + 1 == cols {
            writeln!(w)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Reads delimited text of numbers into a 1-D or 2-D `f64` array (NumPy's `np.loadtxt`).
///
/// Fields are separated by `delimiter`, or by runs of whitespace when it is `None`; spaces
/// around fields are ignored. Text from `#` to the end of a line is a comment, and lines left
/// blank are skipped. Every row must have the same number of fields. A 2-D result has one row
/// per line; a 1-D one reads a single column or a single row. Fields are parsed by Rust's
/// `f64` parser (`1e-3`, `+2.5`, `nan`, `inf`, `-Infinity`).
///
/// Errors name the line (counting every line from 1): `npy::loadtxt: line 3 has 2 columns,
/// expected 3 as on line 1`, `npy::loadtxt: line 2, column 1: expected a number, found 'x'`.
///
/// ```
/// use einarray::npy;
/// let path = std::env::temp_dir().join(format!("einarray-doc-loadtxt-{}.txt", std::process::id()));
/// std::fs::write(&path, "# x y\n1 2.5\n\n3 -4e2  # last\n").unwrap();
/// let a = npy::loadtxt::<2>(&path, None).unwrap();
/// assert_eq!(a.shape(), [2, 2]);
/// assert_eq!(a.to_vec(), vec![1.0, 2.5, 3.0, -400.0]);
/// std::fs::write(&path, "1,2,3\n4,5\n").unwrap();
/// let e = npy::loadtxt::<2>(&path, Some(',')).unwrap_err();
/// assert_eq!(e.to_string(), "npy::loadtxt: line 2 has 2 columns, expected 3 as on line 1");
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn loadtxt<const N: usize>(
    path: impl AsRef<Path>,
    delimiter: Option<char>,
) -> Result<Array<f64, N>, NpyError> {
    const { assert!(N == 1 || N == 2, "loadtxt reads 1-D or 2-D arrays") };
    let op = "npy::loadtxt";
    let mut text = String::new();
    BufReader::new(open_file(path.as_ref(), op)?).read_to_string(&mut text)?;
    parse_text(&text, delimiter, op)
}

/// The numbers of `text` as an `N`-dimensional array (`N` is 1 or 2).
fn parse_text<const N: usize>(
    text: &str,
    delimiter: Option<char>,
    op: &str,
) -> Result<Array<f64, N>, NpyError> {
    let mut data = Vec::new();
    let mut rows = 0usize;
    let mut first: Option<(usize, usize)> = None; // (columns, line)
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let content = line
            .split_once('#')
            .map_or(line, |(before, _)| before)
            .trim();
        if content.is_empty() {
            continue;
        }
        let start = data.len();
        let mut push = |(c, field): (usize, &str)| -> Result<(), NpyError> {
            let field = field.trim();
            match field.parse::<f64>() {
                Ok(x) => {
                    data.push(x);
                    Ok(())
                }
                Err(_) => format_err!(
                    "{op}: line {line_no}, column {}: expected a number, found '{field}'",
                    c + 1
                ),
            }
        };
        match delimiter {
            None => content
                .split_whitespace()
                .enumerate()
                .try_for_each(&mut push)?,
            Some(d) => content.split(d).enumerate().try_for_each(&mut push)?,
        }
        let cols = data.len() - start;
        match first {
            None => first = Some((cols, line_no)),
            Some((want, at)) if want != cols => {
                return format_err!(
                    "{op}: line {line_no} has {cols} columns, expected {want} as on line {at}"
                )
            }
            Some(_) => {}
        }
        rows += 1;
    }
    let cols = first.map_or(0, |(cols, _)| cols);
    let mut shape = [0usize; N];
    if N == 2 {
        shape[0] = rows;
        shape[N - 1] = cols;
    } else if rows <= 1 || cols == 1 {
        shape[0] = data.len();
    } else {
        return format_err!(
            "{op}: expected one row or one column for a 1-D array, found {rows} rows of {cols} \
             columns"
        );
    }
    Array::from_shape_vec(shape, data).map_err(|e| NpyError::Format(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::sealed::Sealed;
    use super::*;

    fn header(text: &str) -> Result<Header, String> {
        parse_header(text, true)
    }

    #[test]
    // Parses a header of 30 000 dimensions (safe code only): minutes under Miri.
    #[cfg_attr(miri, ignore)]
    fn header_matches_numpy_layout() {
        let h = header_bytes("<f8", false, &[2, 3]);
        assert_eq!(h.len(), 128);
        assert_eq!(&h[..8], b"\x93NUMPY\x01\x00");
        assert_eq!(u16::from_le_bytes([h[8], h[9]]), 118);
        let text = std::str::from_utf8(&h[10..]).unwrap();
        assert!(text.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"));
        assert!(text.ends_with(" \n"));
        // 0-D: no growth padding; the header is still padded to 64.
        let h = header_bytes("|b1", false, &[]);
        assert_eq!(h.len() % ARRAY_ALIGN, 0);
        assert!(std::str::from_utf8(&h[10..])
            .unwrap()
            .contains("'shape': (), }"));
        // A header too long for version 1.0 moves to 2.0.
        let long = vec![1usize; 30_000];
        let h = header_bytes("<f8", false, &long);
        assert_eq!(&h[6..8], &[2, 0]);
        assert_eq!(h.len() % ARRAY_ALIGN, 0);
        let (parsed, len) = read_header(&mut &h[..], "t").unwrap();
        assert_eq!((parsed.shape, len), (long, h.len()));
    }

    #[test]
    fn header_parser_reads_python_literals() {
        let h = header("{'descr': '<i4', 'fortran_order': True, 'shape': (3L, 4), }").unwrap();
        assert_eq!(h.descr, Lit::Str("<i4".into()));
        assert!(h.fortran_order);
        assert_eq!(h.shape, vec![3, 4]);
        let h =
            header("{\"shape\": (), \"fortran_order\": False, \"descr\": \"|b1\"}  \n").unwrap();
        assert_eq!(h.shape, Vec::<usize>::new());
        let h = header(
            "{'descr': [('x', '<i4'), ('y', '<f8')], 'fortran_order': False, 'shape': (5,)}",
        );
        let descr = h.unwrap().descr;
        assert_eq!(descr.to_string(), "[('x', '<i4'), ('y', '<f8')]");
        assert!(check_descr::<f64>(&descr, "t").is_err());
        // (7) is 7, not a tuple.
        let e = header("{'descr': '<f8', 'fortran_order': False, 'shape': (7)}").unwrap_err();
        assert_eq!(
            e,
            "expected a tuple of non-negative integers for 'shape', found 7"
        );
        let e = header("{'descr': '<f8', 'shape': (1,)}").unwrap_err();
        assert_eq!(e, "expected the keys 'descr', 'fortran_order' and 'shape'");
        let e = header("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}").unwrap_err();
        assert_eq!(e, "expected True or False for 'fortran_order', found 0");
        assert!(header("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}").is_err());
        assert!(header("{'descr': '<f8'").is_err());
        assert!(header("[1, 2]").is_err());
        assert!(header(&"(".repeat(100))
            .unwrap_err()
            .contains("nested too deeply"));
        assert!(parse_header(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,)}",
            false
        )
        .is_err());
    }

    #[test]
    fn descr_checks_kind_size_and_byte_order() {
        let s = |d: &str| Lit::Str(d.to_string());
        let little = cfg!(target_endian = "little");
        assert_eq!(check_descr::<f64>(&s("<f8"), "t").unwrap(), !little);
        assert_eq!(check_descr::<f64>(&s(">f8"), "t").unwrap(), little);
        assert!(!check_descr::<f64>(&s("=f8"), "t").unwrap());
        assert!(!check_descr::<f64>(&s("f8"), "t").unwrap());
        assert!(check_descr::<u8>(&s("|u1"), "t").is_ok());
        assert!(check_descr::<Complex<f32>>(&s(">c8"), "t").is_ok());
        let e = check_descr::<f32>(&s("<f8"), "t").unwrap_err().to_string();
        assert_eq!(e, "t: expected dtype '<f4', found '<f8'");
        let e = check_descr::<f32>(&s("<f2"), "t").unwrap_err().to_string();
        assert_eq!(e, "t: unsupported dtype '<f2'");
    }

    #[test]
    fn swapping_reverses_each_scalar() {
        let mut z = [Complex::new(1.0f64, -2.0)];
        Complex::<f64>::swap_in_place(&mut z);
        assert_eq!(z[0].re.to_bits(), 1.0f64.to_bits().swap_bytes());
        assert_eq!(z[0].im.to_bits(), (-2.0f64).to_bits().swap_bytes());
        let mut x = [0x0102_0304i32];
        i32::swap_in_place(&mut x);
        assert_eq!(x, [0x0403_0201]);
    }

    #[test]
    fn text_shapes() {
        let a: Array<f64, 1> = parse_text("1\n2\n3\n", None, "t").unwrap();
        assert_eq!(a.shape(), [3]);
        let a: Array<f64, 1> = parse_text("1, 2, 3\n", Some(','), "t").unwrap();
        assert_eq!(a.to_vec(), vec![1.0, 2.0, 3.0]);
        let a: Array<f64, 2> = parse_text("1 2 3\n", None, "t").unwrap();
        assert_eq!(a.shape(), [1, 3]);
        let a: Array<f64, 2> = parse_text("# nothing\n\n", None, "t").unwrap();
        assert_eq!(a.shape(), [0, 0]);
        let e = parse_text::<1>("1 2\n3 4\n", None, "t")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t: expected one row or one column for a 1-D array, found 2 rows of 2 columns"
        );
        let e = parse_text::<2>("1,,2\n", Some(','), "t")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t: line 1, column 2: expected a number, found ''");
    }
}

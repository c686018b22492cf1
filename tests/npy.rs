//! `.npy` and text I/O against files NumPy wrote (`scripts/gen_npy_fixtures.py`, listed in
//! `tests/fixtures/npy/manifest.txt`).
//!
//! Every `.npy` fixture (each dtype, C and F order, 0-D, empty, 3-D, big-endian, header versions
//! 2.0 and 3.0, views) loads with NumPy's values, shape and layout, its memory holding the file's
//! data in file order (F-ordered files give F-ordered arrays, no transposing copy); einarray
//! writes the very bytes `np.save` wrote for the same array or view; arrays of every element type
//! and layout round-trip through `write_npy`/`read_npy` in memory; text files load as
//! `np.loadtxt` reads them and `savetxt` of integers matches `np.savetxt(fmt='%d')`; and every
//! error message is checked word for word.

use einarray::npy::{self, NpyElement, NpyError};
use einarray::prelude::*;
use num_complex::Complex;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

const MANIFEST: &str = include_str!("fixtures/npy/manifest.txt");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/npy")
        .join(name)
}

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A fresh path in the temporary directory, unique to this process and `name`.
fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("einarray-npy-test-{}-{name}", std::process::id()))
}

/// The element types of the fixtures, as the test compares and makes them.
trait Elem: NpyElement + PartialEq + Debug {
    /// The elements of the manifest's values (complex numbers take two entries each).
    fn parse(values: &[&str]) -> Vec<Self>;
    /// Equal bit for bit, any NaN equal to any NaN.
    fn same(self, other: Self) -> bool {
        self == other
    }
    /// Element `i` of a sequence of varied values, for round trips.
    fn sample(i: usize) -> Self;
}

fn parse_each<T: std::str::FromStr>(values: &[&str]) -> Vec<T>
where
    T::Err: Debug,
{
    values.iter().map(|v| v.parse().unwrap()).collect()
}

macro_rules! elem_int {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn parse(values: &[&str]) -> Vec<Self> {
                parse_each(values)
            }
            fn sample(i: usize) -> Self {
                (i as $t).wrapping_mul(37).wrapping_sub(11)
            }
        }
    )*};
}
elem_int!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! elem_float {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn parse(values: &[&str]) -> Vec<Self> {
                parse_each(values)
            }
            fn same(self, other: Self) -> bool {
                self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
            }
            fn sample(i: usize) -> Self {
                const SPECIAL: [$t; 6] = [<$t>::NAN, <$t>::INFINITY, -0.0, <$t>::MAX, <$t>::MIN_POSITIVE, 0.1];
                SPECIAL.get(i).copied().unwrap_or((i as $t - 50.0) / 7.0)
            }
        }
        impl Elem for Complex<$t> {
            fn parse(values: &[&str]) -> Vec<Self> {
                let parts: Vec<$t> = parse_each(values);
                parts.chunks(2).map(|p| Complex::new(p[0], p[1])).collect()
            }
            fn same(self, other: Self) -> bool {
                self.re.same(other.re) && self.im.same(other.im)
            }
            fn sample(i: usize) -> Self {
                Complex::new(<$t>::sample(i), <$t>::sample(i + 3))
            }
        }
    )*};
}
elem_float!(f32, f64);

impl Elem for bool {
    fn parse(values: &[&str]) -> Vec<Self> {
        values.iter().map(|&v| v == "1").collect()
    }
    fn sample(i: usize) -> Self {
        i % 3 == 1
    }
}

#[track_caller]
fn assert_same<T: Elem>(got: &[T], want: &[T], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths differ");
    for (k, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(g.same(w), "{what}: element {k} is {g:?}, expected {w:?}");
    }
}

/// Strides of a dense array of `shape` in `order`, as einarray lays out new arrays.
fn dense_strides<const N: usize>(shape: [usize; N], order: Order) -> [isize; N] {
    Array::<u8, N>::zeros(shape).copy(order).strides()
}

// ---------------------------------------------------------------------------------------------
// The manifest

struct NpyCase<'a> {
    file: &'a str,
    descr: &'a str,
    fortran: bool,
    version: &'a str,
    same: bool,
    shape: Vec<usize>,
    values: Vec<&'a str>,
}

fn list(s: &str) -> Vec<&str> {
    let inner = s
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap();
    if inner.is_empty() {
        vec![]
    } else {
        inner.split(',').collect()
    }
}

fn shape_of(s: &str) -> Vec<usize> {
    list(s).iter().map(|d| d.parse().unwrap()).collect()
}

fn delimiter(name: &str) -> Option<char> {
    match name {
        "ws" => None,
        "tab" => Some('\t'),
        "space" => Some(' '),
        c => Some(c.chars().next().unwrap()),
    }
}

/// The manifest's lines of `kind`, split into fields.
fn manifest(kind: &str) -> Vec<Vec<&'static str>> {
    MANIFEST
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(' ').collect::<Vec<_>>())
        .filter(|f| f[0] == kind)
        .collect()
}

fn npy_cases() -> Vec<NpyCase<'static>> {
    manifest("npy")
        .into_iter()
        .map(|f| NpyCase {
            file: f[1],
            descr: f[2],
            fortran: f[3] == "F",
            version: f[4],
            same: f[5] == "1",
            shape: shape_of(f[6]),
            values: list(f[7]),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Loading NumPy's files

/// The data section of a fixture, decoded element by element in file order.
fn file_data<T: Elem>(bytes: &[u8], descr: &str, len: usize) -> Vec<T> {
    let size = std::mem::size_of::<T>();
    let data = &bytes[bytes.len() - len * size..];
    data.chunks(size)
        .map(|b| {
            if descr.starts_with('>') {
                T::from_be_bytes(b)
            } else {
                T::from_le_bytes(b)
            }
        })
        .collect()
}

fn check_case<T: Elem, const N: usize>(case: &NpyCase) {
    let what = case.file;
    let bytes = read_fixture(what);
    let a: Array<T, N> = npy::load(fixture(what)).unwrap_or_else(|e| panic!("{what}: {e}"));
    let shape: [usize; N] = case.shape.as_slice().try_into().unwrap();
    assert_eq!(a.shape(), shape, "{what}");
    let got: Vec<T> = a.iter().copied().collect();
    assert_same(&got, &T::parse(&case.values), what);

    // Layout: `fortran_order` True gives an F-ordered array whose memory is the file's data in
    // file order (no transposing copy); False a C-ordered one.
    let order = if case.fortran { Order::F } else { Order::C };
    assert_eq!(a.strides(), dense_strides(shape, order), "{what}: strides");
    let memory = if case.fortran {
        a.t().as_slice()
    } else {
        a.as_slice()
    };
    let in_file = file_data::<T>(&bytes, case.descr, a.len());
    assert_same(memory.unwrap(), &in_file, what);

    // The same through `read_npy` from memory.
    let b: Array<T, N> = npy::read_npy(&bytes[..]).unwrap();
    assert_eq!(b.strides(), a.strides(), "{what}");
    assert_same(&b.to_vec(), &got, what);

    // Writing gives NumPy's bytes (native byte order, version 1.0), and reads back.
    let mut out = Vec::new();
    npy::write_npy(&mut out, &a).unwrap();
    if case.same {
        assert!(
            out == bytes,
            "{what}: einarray wrote other bytes than np.save"
        );
    } else {
        assert_eq!(out.len() % 64, (a.len() * std::mem::size_of::<T>()) % 64);
    }
    let c: Array<T, N> = npy::read_npy(&out[..]).unwrap();
    assert_eq!(c.strides(), a.strides(), "{what}: round trip");
    assert_same(&c.to_vec(), &got, what);
}

fn check_rank<T: Elem>(case: &NpyCase) {
    match case.shape.len() {
        0 => check_case::<T, 0>(case),
        1 => check_case::<T, 1>(case),
        2 => check_case::<T, 2>(case),
        3 => check_case::<T, 3>(case),
        36 => check_case::<T, 36>(case),
        n => panic!("{}: no test instance for {n} axes", case.file),
    }
}

#[test]
fn every_numpy_file_loads_with_its_values_and_layout() {
    let cases = npy_cases();
    assert!(cases.len() >= 45, "{} cases", cases.len());
    let mut seen = std::collections::BTreeSet::new();
    for case in &cases {
        let code = case.descr.trim_start_matches(['<', '>', '|', '=']);
        seen.insert(code);
        match code {
            "f8" => check_rank::<f64>(case),
            "f4" => check_rank::<f32>(case),
            "i1" => check_rank::<i8>(case),
            "i2" => check_rank::<i16>(case),
            "i4" => check_rank::<i32>(case),
            "i8" => check_rank::<i64>(case),
            "u1" => check_rank::<u8>(case),
            "u2" => check_rank::<u16>(case),
            "u4" => check_rank::<u32>(case),
            "u8" => check_rank::<u64>(case),
            "b1" => check_rank::<bool>(case),
            "c8" => check_rank::<Complex<f32>>(case),
            "c16" => check_rank::<Complex<f64>>(case),
            other => panic!("{}: unexpected dtype {other}", case.file),
        }
    }
    assert_eq!(seen.len(), 13, "every dtype has a fixture: {seen:?}");
    // The manifest covers what it should.
    let has = |f: &dyn Fn(&NpyCase) -> bool| cases.iter().any(f);
    assert!(has(&|c| c.fortran && c.shape.len() == 3));
    assert!(has(&|c| c.shape.is_empty()));
    assert!(has(&|c| c.shape.contains(&0)));
    assert!(has(&|c| c.descr == ">f8") && has(&|c| c.descr == ">i4"));
    assert!(has(&|c| c.version == "2.0") && has(&|c| c.version == "3.0"));
}

#[test]
fn views_are_written_as_numpy_writes_them() {
    let base = Array::<f64, 1>::arange(24.0).into_reshape([4, 6]);
    let write = |v: &dyn Fn(&mut Vec<u8>)| {
        let mut out = Vec::new();
        v(&mut out);
        out
    };
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "view_sliced.npy",
            write(&|o| npy::write_npy(o, &base.slice(s![..;2, 1..;2])).unwrap()),
        ),
        (
            "view_reversed.npy",
            write(&|o| npy::write_npy(o, &base.slice(s![..;-1, ..;-1])).unwrap()),
        ),
        (
            "view_transposed.npy",
            write(&|o| npy::write_npy(o, &base.t()).unwrap()),
        ),
        (
            "view_column.npy",
            write(&|o| npy::write_npy(o, &base.slice(s![.., 2])).unwrap()),
        ),
    ];
    for (name, out) in cases {
        assert!(
            out == read_fixture(name),
            "{name}: einarray wrote other bytes"
        );
    }
    // An F-ordered array that is also C-contiguous is written in C order, as NumPy does.
    let row = array![[1.0, 2.0, 3.0]].copy(Order::F);
    let mut out = Vec::new();
    npy::write_npy(&mut out, &row).unwrap();
    assert!(out == read_fixture("f8_1x3_fortran.npy"));
}

#[test]
fn save_writes_numpys_bytes_to_a_file() {
    let path = temp_path("save.npy");
    for case in npy_cases().iter().filter(|c| c.same && c.descr == "<f8") {
        let a: Array<f64, 2> = match case.shape.len() {
            2 => npy::load(fixture(case.file)).unwrap(),
            _ => continue,
        };
        npy::save(&path, &a).unwrap();
        assert!(
            std::fs::read(&path).unwrap() == read_fixture(case.file),
            "{}",
            case.file
        );
    }
    std::fs::remove_file(&path).unwrap();
}

/// The fixture with `from` replaced by `to` in its header (same length, so the padding stays).
fn with_header_text(name: &str, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut bytes = read_fixture(name);
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap();
    bytes[at..at + to.len()].copy_from_slice(to.as_bytes());
    bytes
}

#[test]
fn every_byte_order_is_read() {
    let want: Array<f64, 2> = npy::load(fixture("f8.npy")).unwrap();
    for descr in ["'=f8'", "'|f8'", "'f8' "] {
        let bytes = with_header_text("f8.npy", "'<f8'", descr);
        let a: Array<f64, 2> = npy::read_npy(&bytes[..]).unwrap();
        assert_same(&a.to_vec(), &want.to_vec(), descr);
    }
    // The same bytes declared big-endian read as the byte-swapped values.
    let bytes = with_header_text("f8.npy", "'<f8'", "'>f8'");
    let a: Array<f64, 2> = npy::read_npy(&bytes[..]).unwrap();
    let swapped: Vec<f64> = want
        .iter()
        .map(|x| f64::from_bits(x.to_bits().swap_bytes()))
        .collect();
    assert_same(&a.to_vec(), &swapped, ">f8");
    // One-byte types accept any byte order.
    let want: Array<u8, 2> = npy::load(fixture("u1.npy")).unwrap();
    for descr in ["'<u1'", "'>u1'", "'=u1'"] {
        let a: Array<u8, 2> =
            npy::read_npy(&with_header_text("u1.npy", "'|u1'", descr)[..]).unwrap();
        assert_eq!(a.to_vec(), want.to_vec());
    }
    // Any non-zero byte is True.
    let mut bytes = read_fixture("b1_0d.npy");
    *bytes.last_mut().unwrap() = 7;
    assert!(npy::read_npy::<bool, 0, _>(&bytes[..]).unwrap()[[]]);
}

// ---------------------------------------------------------------------------------------------
// Round trips

fn round_trip<T: Elem, const N: usize>(a: &impl AsView<T, N>, what: &str) -> Array<T, N> {
    let mut bytes = Vec::new();
    npy::write_npy(&mut bytes, a).unwrap();
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize + 10;
    assert_eq!(
        header_len % 64,
        0,
        "{what}: data starts at a multiple of 64"
    );
    let v = a.as_view();
    assert_eq!(bytes.len(), header_len + v.len() * std::mem::size_of::<T>());
    let b: Array<T, N> = npy::read_npy(&bytes[..]).unwrap();
    assert_eq!(b.shape(), v.shape(), "{what}");
    assert_same(&b.to_vec(), &v.to_vec(), what);
    let f_only = v.is_f_contiguous() && !v.is_c_contiguous();
    assert_eq!(
        b.is_f_contiguous() && !b.is_c_contiguous(),
        f_only,
        "{what}: layout"
    );
    b
}

fn round_trips<T: Elem>() {
    let name = std::any::type_name::<T>();
    let c = Array::from_fn([3, 5], |[i, j]| T::sample(5 * i + j));
    round_trip(&c, name);
    round_trip(&c.t(), name); // F-contiguous view
    round_trip(&c.copy(Order::F), name);
    round_trip(&c.slice(s![..;-1, 1..;2]), name); // neither
    let d3 = Array::from_fn([2, 3, 4], |[i, j, k]| T::sample(12 * i + 4 * j + k));
    round_trip(&d3.copy(Order::F), name);
    round_trip(&d3.permute([1, 0, 2]), name);
    round_trip(&Array::from_fn([], |_| T::sample(1)), name);
    round_trip(&Array::from_fn([0, 4], |_| T::sample(0)), name);
    round_trip(
        &Array::from_fn([4, 0], |_| T::sample(0)).copy(Order::F),
        name,
    );
    round_trip(&c.view().broadcast_to([2, 3, 5]), name); // zero strides
                                                         // More elements than one write chunk, not contiguous.
    let big = Array::from_fn([100, 300], |[i, j]| T::sample(300 * i + j));
    round_trip(&big.slice(s![.., ..;-2]), name);
}

#[test]
fn every_element_type_round_trips_in_every_layout() {
    round_trips::<f64>();
    round_trips::<f32>();
    round_trips::<i8>();
    round_trips::<i16>();
    round_trips::<i32>();
    round_trips::<i64>();
    round_trips::<u8>();
    round_trips::<u16>();
    round_trips::<u32>();
    round_trips::<u64>();
    round_trips::<bool>();
    round_trips::<Complex<f32>>();
    round_trips::<Complex<f64>>();
}

/// `save` then `load` of an array larger than the reader's buffer (the data is read straight
/// from the file into the array).
fn file_round_trip<T: Elem, const N: usize>(a: &Array<T, N>, name: &str) {
    let path = temp_path(name);
    npy::save(&path, a).unwrap();
    let b: Array<T, N> = npy::load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(b.strides(), a.strides(), "{name}");
    assert_same(&b.to_vec(), &a.to_vec(), name);
}

#[test]
fn large_files_load_through_the_file() {
    let a = Array::from_fn([300_001], |[i]| f64::sample(i));
    file_round_trip(&a, "large_f64.npy");
    let a = Array::from_fn([301, 77], |[i, j]| Complex::<f32>::sample(77 * i + j)).copy(Order::F);
    file_round_trip(&a, "large_c8.npy");
    let a = Array::from_fn([5, 7, 999], |[i, j, k]| {
        i16::sample(7 * 999 * i + 999 * j + k)
    });
    file_round_trip(&a, "large_i16.npy");
    let a = Array::from_fn([40_000], |[i]| bool::sample(i));
    file_round_trip(&a, "large_bool.npy");
    // Big-endian, converted: einarray's bytes with the descr and every element swapped.
    let a = Array::from_fn([100_000], |[i]| u32::sample(i));
    let mut bytes = Vec::new();
    npy::write_npy(&mut bytes, &a).unwrap();
    let at = bytes.windows(5).position(|w| w == b"'<u4'").unwrap();
    bytes[at + 1] = b'>';
    for x in bytes[128..].chunks_exact_mut(4) {
        x.reverse();
    }
    let path = temp_path("large_u4_big.npy");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(npy::load::<u32, 1>(&path).unwrap().to_vec(), a.to_vec());
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn arrays_can_follow_each_other_in_one_stream() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let b = array![true, false, true];
    let mut bytes = Vec::new();
    npy::write_npy(&mut bytes, &a).unwrap();
    npy::write_npy(&mut bytes, &b.slice(s![..;-1])).unwrap();
    let mut r = &bytes[..];
    let a2: Array<f64, 2> = npy::read_npy(&mut r).unwrap();
    let b2: Array<bool, 1> = npy::read_npy(&mut r).unwrap();
    assert!(r.is_empty(), "read_npy reads exactly one array");
    assert_eq!(a2.to_vec(), a.to_vec());
    assert_eq!(b2.to_vec(), vec![true, false, true]);
}

#[test]
fn element_descriptors_and_decoding() {
    let descrs = [
        f64::DESCR,
        f32::DESCR,
        i8::DESCR,
        i16::DESCR,
        i32::DESCR,
        i64::DESCR,
        u8::DESCR,
        u16::DESCR,
        u32::DESCR,
        u64::DESCR,
        bool::DESCR,
        Complex::<f32>::DESCR,
        Complex::<f64>::DESCR,
    ];
    assert_eq!(
        descrs,
        [
            "<f8", "<f4", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "|b1", "<c8",
            "<c16"
        ]
    );
    assert_eq!(<u16 as NpyElement>::from_le_bytes(&[1, 2]), 0x0201);
    assert_eq!(<u16 as NpyElement>::from_be_bytes(&[1, 2]), 0x0102);
    assert_eq!(
        <i64 as NpyElement>::from_be_bytes(&(-5i64).to_be_bytes()),
        -5
    );
    let z = Complex::new(1.5f64, -0.25);
    let le = [z.re.to_le_bytes(), z.im.to_le_bytes()].concat();
    assert_eq!(Complex::<f64>::from_le_bytes(&le), z);
    assert!(!<bool as NpyElement>::from_be_bytes(&[0]));
    let panic = std::panic::catch_unwind(|| <f64 as NpyElement>::from_le_bytes(&[0; 3]));
    let message = *panic.unwrap_err().downcast::<String>().unwrap();
    assert_eq!(
        message,
        "NpyElement::from_le_bytes: expected 8 bytes for '<f8', found 3"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

#[track_caller]
fn format_error<T>(r: Result<T, NpyError>) -> String {
    match r {
        Err(NpyError::Format(message)) => message,
        Err(e) => panic!("expected a format error, found {e:?}"),
        Ok(_) => panic!("expected a format error, found Ok"),
    }
}

#[test]
fn wrong_dtype_or_rank_is_an_error() {
    let load_err = |r| format_error(r);
    assert_eq!(
        load_err(npy::load::<f64, 2>(fixture("i4.npy")).map(drop)),
        "npy::load: expected dtype '<f8', found '<i4'"
    );
    assert_eq!(
        load_err(npy::load::<i32, 2>(fixture("f8_big.npy")).map(drop)),
        "npy::load: expected dtype '<i4', found '>f8'"
    );
    assert_eq!(
        load_err(npy::load::<Complex<f32>, 2>(fixture("c16.npy")).map(drop)),
        "npy::load: expected dtype '<c8', found '<c16'"
    );
    assert_eq!(
        load_err(npy::read_npy::<u8, 2, _>(&read_fixture("b1.npy")[..]).map(drop)),
        "npy::read_npy: expected dtype '|u1', found '|b1'"
    );
    assert_eq!(
        load_err(npy::load::<i64, 2>(fixture("i8_3d.npy")).map(drop)),
        "npy::load: the file has 3 axes but the array type has 2"
    );
    assert_eq!(
        load_err(npy::load::<f64, 1>(fixture("f8_0d.npy")).map(drop)),
        "npy::load: the file has 0 axes but the array type has 1"
    );
    assert_eq!(
        load_err(npy::load::<f64, 0>(fixture("f8_empty.npy")).map(drop)),
        "npy::load: the file has 1 axis but the array type has 0"
    );
}

#[test]
fn unsupported_dtypes_are_an_error() {
    assert_eq!(
        format_error(npy::load::<f64, 1>(fixture("err_unicode.npy"))),
        "npy::load: unsupported dtype '<U5'"
    );
    assert_eq!(
        format_error(npy::load::<f64, 1>(fixture("err_half.npy"))),
        "npy::load: unsupported dtype '<f2'"
    );
    assert_eq!(
        format_error(npy::load::<f64, 1>(fixture("err_structured.npy"))),
        "npy::load: unsupported dtype [('x', '<i4'), ('y', '<f8')]"
    );
}

/// A `.npy` stream of `header` (a dictionary) and `data`, version 1.0, unpadded.
fn npy_bytes(header: &str, data: &[u8]) -> Vec<u8> {
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

#[test]
fn damaged_files_are_an_error() {
    let read = |bytes: &[u8]| format_error(npy::read_npy::<f64, 1, _>(bytes));
    assert_eq!(
        format_error(npy::load::<f64, 2>(fixture("comments.csv"))),
        "npy::load: not a .npy file (bad magic)"
    );
    assert_eq!(read(b""), "npy::read_npy: not a .npy file (bad magic)");
    assert_eq!(
        read(b"\x93NUMPY"),
        "npy::read_npy: not a .npy file (bad magic)"
    );
    assert_eq!(
        format_error(npy::load::<f64, 1>(fixture("err_truncated.npy"))),
        "npy::load: data ends after 40 of 48 bytes"
    );
    let truncated = read_fixture("err_truncated.npy");
    assert_eq!(
        read(&truncated),
        "npy::read_npy: data ends after 40 of 48 bytes"
    );
    let mut future = truncated.clone();
    future[6] = 4;
    assert_eq!(
        read(&future),
        "npy::read_npy: unsupported .npy format version 4.0"
    );
    assert_eq!(
        read(&truncated[..9]),
        "npy::read_npy: the file ends before the header length"
    );
    assert_eq!(
        read(&truncated[..50]),
        "npy::read_npy: the header ends after 40 of 118 bytes"
    );

    let bad = npy_bytes(
        "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }",
        &[0; 8],
    );
    assert_eq!(
        read(&bad),
        "npy::read_npy: bad header \"{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }\": \
         expected a literal, found 'Maybe'"
    );
    let bad = npy_bytes("{'descr': '<f8', 'shape': (1,), 'extra': 1}", &[0; 8]);
    assert!(read(&bad)
        .ends_with("expected the keys 'descr', 'fortran_order' and 'shape', found 'extra'"));
    let bad = npy_bytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': [1]}",
        &[0; 8],
    );
    assert!(
        read(&bad).ends_with("expected a tuple of non-negative integers for 'shape', found [1]")
    );
    // Python 2's long integers in a version 1.0 header.
    let old = npy_bytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1L,)}",
        &[0; 8],
    );
    assert_eq!(
        npy::read_npy::<f64, 1, _>(&old[..]).unwrap().to_vec(),
        vec![0.0]
    );

    // A shape too large for memory is an error, not an abort.
    let huge = npy_bytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,)}",
        &[],
    );
    let message = read(&huge);
    assert!(
        message == "npy::read_npy: cannot allocate 8796093022208 bytes for the data"
            || message == "npy::read_npy: data ends after 0 of 8796093022208 bytes",
        "{message}"
    );
    let path = temp_path("huge.npy");
    std::fs::write(&path, &huge).unwrap();
    assert_eq!(
        format_error(npy::load::<f64, 1>(&path)),
        "npy::load: data ends after 0 of 8796093022208 bytes"
    );
    std::fs::remove_file(&path).unwrap();
    let overflow = npy_bytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}",
        &[],
    );
    assert_eq!(
        format_error(npy::read_npy::<f64, 2, _>(&overflow[..])),
        "npy::read_npy: shape [4611686018427387904, 4] is too large: its size overflows `usize`"
    );
}

#[test]
fn io_errors_name_the_operation_and_path() {
    let path = fixture("no-such-file.npy");
    let err = npy::load::<f64, 1>(&path).unwrap_err();
    let NpyError::Io(io) = &err else {
        panic!("expected an I/O error, found {err:?}")
    };
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("npy::load: cannot open {}: ", path.display())),
        "{message}"
    );
    let err = npy::loadtxt::<2>(fixture("no-such-file.txt"), None).unwrap_err();
    assert!(err.to_string().starts_with("npy::loadtxt: cannot open "));
    let dir = fixture("no-such-dir/a.npy");
    let err = npy::save(&dir, &array![1.0]).unwrap_err();
    assert!(err.to_string().starts_with("npy::save: cannot create "));
    let err = npy::savetxt(&dir, &array![1.0], ',').unwrap_err();
    assert!(err.to_string().starts_with("npy::savetxt: cannot create "));
    // From, Display and Error.
    let e: NpyError = std::io::Error::other("disk on fire").into();
    assert!(matches!(e, NpyError::Io(_)));
    assert_eq!(e.to_string(), "disk on fire");
    let boxed: Box<dyn std::error::Error> = Box::new(NpyError::Format("npy::load: x".into()));
    assert_eq!(boxed.to_string(), "npy::load: x");
    // Errors of the stream are passed on.
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("stream broke"))
        }
    }
    let err = npy::read_npy::<f64, 1, _>(Failing).unwrap_err();
    assert!(matches!(&err, NpyError::Io(e) if e.to_string() == "stream broke"));
}

// ---------------------------------------------------------------------------------------------
// Text

#[test]
fn text_files_load_as_numpy_reads_them() {
    let cases = manifest("txt");
    assert!(cases.len() >= 7);
    for f in cases {
        let (file, delim, ndim, shape, values) = (f[1], delimiter(f[2]), f[3], f[4], f[5]);
        let want: Vec<f64> = f64::parse(&list(values));
        let (got_shape, got) = match ndim {
            "1" => {
                let a = npy::loadtxt::<1>(fixture(file), delim).unwrap();
                (a.shape().to_vec(), a.to_vec())
            }
            _ => {
                let a = npy::loadtxt::<2>(fixture(file), delim).unwrap();
                (a.shape().to_vec(), a.to_vec())
            }
        };
        assert_eq!(got_shape, shape_of(shape), "{file}");
        assert_same(&got, &want, file);
    }
}

#[test]
fn savetxt_of_integers_writes_numpys_bytes() {
    let path = temp_path("savetxt.txt");
    for f in manifest("savetxt") {
        let (file, delim, shape, values) = (f[1], delimiter(f[2]).unwrap(), f[3], f[4]);
        let data: Vec<i64> = i64::parse(&list(values));
        match shape_of(shape).as_slice() {
            &[n] => npy::savetxt(&path, &Array::from_shape_vec([n], data).unwrap(), delim),
            &[r, c] => npy::savetxt(&path, &Array::from_shape_vec([r, c], data).unwrap(), delim),
            other => panic!("{file}: shape {other:?}"),
        }
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(fixture(file)).unwrap(),
            "{file}"
        );
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn savetxt_and_loadtxt_round_trip_floats_exactly() {
    let path = temp_path("round.csv");
    let values = [
        0.1,
        1.0 / 3.0,
        -0.0,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e300,
        -1e-300,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        12345.678,
    ];
    let a = Array::from_shape_vec([3, 4], values.to_vec()).unwrap();
    for delim in [',', ' ', '\t', ';'] {
        npy::savetxt(&path, &a, delim).unwrap();
        let b = npy::loadtxt::<2>(&path, Some(delim)).unwrap();
        assert_eq!(b.shape(), [3, 4]);
        assert_same(&b.to_vec(), &a.to_vec(), "2-D");
    }
    // Views are written in logical order, one row per line.
    npy::savetxt(&path, &a.t(), ',').unwrap();
    let b = npy::loadtxt::<2>(&path, Some(',')).unwrap();
    assert_same(&b.to_vec(), &a.t().to_vec(), "transposed");
    // 1-D: one value per line.
    let v = Array::from_vec(values.to_vec());
    npy::savetxt(&path, &v, ',').unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), values.len());
    assert_same(
        &npy::loadtxt::<1>(&path, None).unwrap().to_vec(),
        &values,
        "1-D",
    );
    // Empty arrays.
    npy::savetxt(&path, &Array::<f64, 1>::zeros([0]), ',').unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    assert_eq!(npy::loadtxt::<1>(&path, None).unwrap().shape(), [0]);
    assert_eq!(npy::loadtxt::<2>(&path, None).unwrap().shape(), [0, 0]);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn text_errors_name_the_line() {
    assert_eq!(
        format_error(npy::loadtxt::<2>(fixture("ragged.csv"), Some(','))),
        "npy::loadtxt: line 4 has 2 columns, expected 3 as on line 1"
    );
    assert_eq!(
        format_error(npy::loadtxt::<2>(fixture("not_a_number.txt"), None)),
        "npy::loadtxt: line 2, column 2: expected a number, found 'x'"
    );
    assert_eq!(
        format_error(npy::loadtxt::<1>(fixture("savetxt_default.txt"), None)),
        "npy::loadtxt: expected one row or one column for a 1-D array, found 3 rows of 4 columns"
    );
    assert_eq!(
        format_error(npy::loadtxt::<2>(fixture("comments.csv"), None)),
        "npy::loadtxt: line 2, column 1: expected a number, found '1.5,'"
    );
}

//! "The NumPy Array" (In [8]–[14]): ranks and shapes, views sharing one base, element types
//! and their sizes, a record type of your own (exact Gaussian integers), and byte order.

use crate::{cell, section, tuple};
use einarray::prelude::*;
use einarray::FormatElement;

/// An exact Gaussian integer, the notebook's record dtype `[('re', i32), ('im', i32)]`: in Rust
/// a struct is the record, and an array of them is laid out as the record array is.
#[derive(Clone, Copy, Default)]
struct Gauss {
    re: i32,
    im: i32,
}

/// How an array prints its elements (NumPy prints records as tuples).
impl FormatElement for Gauss {
    fn format_one(&self) -> String {
        format!("({}, {})", self.re, self.im)
    }
}

fn print_gauss(g: &Gauss) {
    println!("{}{:+}i", g.re, g.im);
}

/// Python's `bytes` repr: `b'\x00\x05'`.
fn bytes_repr(bytes: &[u8]) -> String {
    let body: String = bytes.iter().map(|b| format!("\\x{b:02x}")).collect();
    format!("b'{body}'")
}

pub fn run() {
    section("The NumPy Array");

    cell("8", "arrays of rank 0 to 3; the rank is part of the type");
    let n0 = Array::<f64, 0>::full([], 3.0);
    // np.stack of copies of one array is a broadcast made concrete.
    let n1 = n0.broadcast_to([4]).to_owned();
    let n2 = n1.broadcast_to([2, 4]).to_owned();
    let n3 = n2.broadcast_to([2, 2, 4]).to_owned();
    println!("ndim {} shape {}\n{n0}", n0.ndim(), tuple(&n0.shape()));
    println!("ndim {} shape {}\n{n1}", n1.ndim(), tuple(&n1.shape()));
    println!("ndim {} shape {}\n{n2}", n2.ndim(), tuple(&n2.shape()));
    println!("ndim {} shape {}\n{n3}", n3.ndim(), tuple(&n3.shape()));

    cell("9-11", "views share their base");
    let mut original = Array::<i64, 1>::arange(10);
    println!("{original}");
    // A view lives only while nobody else writes its base, so the write comes first and the
    // views are taken after it. NumPy lets you write under a live view; Rust refuses to
    // compile that (see the compile-time section). `shares_memory` answers the `base` question.
    original[[2]] = -1;
    let s1 = original.slice(s![..]);
    let s2 = s1.view();
    let s3 = original.slice(s![..5]);
    println!("s1 {s1}");
    println!("s2 {s2}");
    println!("s3 {s3}");
    println!(
        "same base as original: s1 {}, s2 {}, s3 {}",
        s1.shares_memory(&original),
        s2.shares_memory(&original),
        s3.shares_memory(&original)
    );

    cell("12", "element types set the size");
    let i16s = Array::<u16, 1>::arange(100);
    let i64s = Array::<u64, 1>::arange(100);
    let header = std::mem::size_of::<Array<u16, 1>>();
    println!(
        "i16 {} i64 {} (bytes: the {header}-byte array value plus its elements)",
        header + i16s.len() * std::mem::size_of::<u16>(),
        header + i64s.len() * std::mem::size_of::<u64>()
    );
    println!("(the notebook: i16 296 i64 896)");

    cell("13", "a record type of your own: exact Gaussian integers");
    let mut c2 = Array::<Gauss, 1>::full([2], Gauss::default());
    c2[[0]] = Gauss { re: 1, im: 1 };
    c2[[1]] = Gauss { re: 2, im: -1 };
    println!("{c2}");
    c2.iter().for_each(print_gauss);

    cell("14", "byte order: the same u16 big- and little-endian");
    let x = Array::<u16, 1>::from_vec(vec![5]);
    let big: Vec<u8> = x.iter().flat_map(|v| v.to_be_bytes()).collect();
    let little: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
    println!(
        "{} {:016b}",
        bytes_repr(&big),
        u16::from_be_bytes([big[0], big[1]])
    );
    println!(
        "{} {:016b}",
        bytes_repr(&little),
        u16::from_le_bytes([little[0], little[1]])
    );
    println!(
        "(einarray arrays hold native-endian values; .npy files record and convert the order)"
    );
}

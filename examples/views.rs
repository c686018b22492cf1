//! Views vs copies, basic indexing and memory order: seed cells In [8]–[23] and [45]–[52] of
//! "Advanced NumPy Techniques", printing what the notebook prints.
//!
//! Run with `cargo run --release --example views`.

use einarray::prelude::*;
use einarray::FormatElement;

/// NumPy's way of printing a shape: `(2, 4)`, `(4,)`, `()`.
fn tuple(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The seed's `display(exp)`: the expression, its shape, the array.
fn display<T: FormatElement, const N: usize>(exp: &str, x: View<'_, T, N>) {
    println!("{exp} {}", tuple(&x.shape()));
    println!("{x}");
    println!();
}

/// An exact Gaussian integer, the seed's record dtype `[('re', i32), ('im', i32)]` (In [13]).
#[derive(Clone, Copy, Default)]
struct Gauss {
    re: i32,
    im: i32,
}

impl FormatElement for Gauss {
    fn format_one(&self) -> String {
        format!("({}, {})", self.re, self.im)
    }
}

fn print_gauss(g: &Gauss) {
    println!("{}{:+}i", g.re, g.im);
}

fn main() {
    println!("In [8]: arrays of rank 0 to 3");
    let n0 = Array::<f64, 0>::full([], 3.0);
    // np.stack of copies is a broadcast made concrete.
    let n1 = n0.broadcast_to([4]).to_owned();
    let n2 = n1.broadcast_to([2, 4]).to_owned();
    let n3 = n2.broadcast_to([2, 2, 4]).to_owned();
    println!("ndim {} shape {}\n{n0}", n0.ndim(), tuple(&n0.shape()));
    println!("ndim {} shape {}\n{n1}", n1.ndim(), tuple(&n1.shape()));
    println!("ndim {} shape {}\n{n2}", n2.ndim(), tuple(&n2.shape()));
    println!("ndim {} shape {}\n{n3}", n3.ndim(), tuple(&n3.shape()));

    println!("\nIn [9]-[11]: views share their base");
    let mut original = Array::<i64, 1>::arange(10);
    println!("{original}");
    // Rust lets a view live only while nobody else writes the base, so the write comes first
    // and the views are taken after it; `shares_memory` is NumPy's `base` question.
    original[[2]] = -1;
    let s1 = original.slice(s![..]);
    let s2 = s1.view();
    let s3 = original.slice(s![..5]);
    println!("s1 {s1}");
    println!("s2 {s2}");
    println!("s3 {s3}");
    println!(
        "same base: s1 {}, s2 {}, s3 {}, a copy {}",
        s1.shares_memory(&original),
        s2.shares_memory(&original),
        s3.shares_memory(&original),
        original.to_owned().shares_memory(&original)
    );

    println!("\nIn [12]: element types set the size");
    let i16s = Array::<u16, 1>::arange(100);
    let i64s = Array::<u64, 1>::arange(100);
    println!(
        "i16 {} i64 {} (bytes of elements)",
        i16s.len() * std::mem::size_of::<u16>(),
        i64s.len() * std::mem::size_of::<u64>()
    );

    println!("\nIn [13]: a record type of your own");
    let mut c2 = Array::<Gauss, 1>::full([2], Gauss::default());
    c2[[0]] = Gauss { re: 1, im: 1 };
    c2[[1]] = Gauss { re: 2, im: -1 };
    println!("{c2}");
    c2.iter().for_each(print_gauss);

    println!("\nIn [15]-[19]: basic slicing");
    let x = Array::<i64, 1>::arange(10);
    println!("{x}");
    println!("{}", x.slice(s![2..6;2]));
    println!("same base: {}", x.slice(s![2..6;2]).shares_memory(&x));
    println!("{}", x.slice(s![..3]));
    println!("{}", x.slice(s![7..]));
    println!("{}", x.slice(s![..100]));
    #[allow(clippy::reversed_empty_ranges)] // seed In [17]: x[7:2] is empty, on purpose
    let empty = x.slice(s![7..2]);
    println!("{empty}");
    println!("{}", x.slice(s![-4..-1]));
    println!("{}", x.slice(s![..;-1]));
    println!("{}", x.slice(s![..;-1]).slice(s![..3]));

    println!("\nIn [20]: sorting a reversed view sorts the base in reverse");
    let mut x = Array::<i64, 1>::arange(10);
    println!("x[:5]                {}", x.slice(s![..5]));
    println!("x[:5][::-1]          {}", x.slice(s![..5]).slice(s![..;-1]));
    x.slice_mut(s![..5]).slice_mut(s![..;-1]).sort();
    println!("calling x[:5][::-1].sort()");
    println!("x[:5][::-1] (sorted) {}", x.slice(s![..5]).slice(s![..;-1]));
    println!("x[:5] (rev-sorted)   {}", x.slice(s![..5]));
    println!("x                    {x}");

    println!("\nIn [21]: several axes");
    let x = Array::<i64, 1>::arange(4 * 4 * 2).into_reshape([2, 4, 4]);
    display("x", x.view());
    display("x[1, :, :1]", x.slice(s![1, .., ..1]));
    display("x[1, :, 0]", x.slice(s![1, .., 0]));

    println!("In [22]: new axes of length 1");
    let y = Array::<i64, 1>::arange(2 * 2).into_reshape([2, 2]);
    display("y", y.view());
    display("y[:, :, np.newaxis]", y.slice(s![.., .., NewAxis]));
    display(
        "y[np.newaxis, :, :, np.newaxis]",
        y.slice(s![NewAxis, .., .., NewAxis]),
    );

    println!("In [23]: indices made by a program");
    let f = || Slice::new(0, 2, 1);
    let sl = f();
    println!(
        "slice {:?} {:?} {}",
        sl.start.unwrap(),
        sl.stop.unwrap(),
        sl.step
    );
    display("x[0, 0, s]", x.slice(s![0, 0, sl]));
    let info = SliceInfo::new().push(0).push(0).push(sl);
    display("x[tuple([0, 0, s])]", x.slice(info));

    println!("In [45]-[46]: shape, size and the flat base");
    let x = Array::<i64, 1>::arange(2 * 3 * 4).into_reshape([2, 3, 4]);
    println!("{}", tuple(&x.shape()));
    println!("{}", x.len());
    println!("{x}");
    println!("{}", x.ravel());

    println!("\nIn [47]: transposes are views with permuted strides");
    println!(
        "transpose {} -> {}",
        tuple(&x.shape()),
        tuple(&x.t().shape())
    );
    println!(
        "rollaxis {} -> {}",
        tuple(&x.shape()),
        tuple(&x.rollaxis(1, 0).shape())
    );
    let perm = [0, 2, 1];
    let moved = x.moveaxes([0, 1, 2], perm);
    println!("arbitrary permutation [0, 1, 2] {perm:?}");
    println!("{} -> {}", tuple(&x.shape()), tuple(&moved.shape()));
    println!(
        "moved[1, 2, 0] {} x[1, 0, 2] {}",
        moved[[1, 2, 0]],
        x[[1, 0, 2]]
    );

    println!("\nIn [50]: C and F order hold the same abstraction");
    let a = Array::<i64, 1>::arange(2 * 3)
        .into_reshape([2, 3])
        .copy(Order::C);
    let b = Array::<i64, 1>::arange(2 * 3)
        .into_reshape([2, 3])
        .copy(Order::F);
    println!("{a}");
    println!("{b}");
    println!("strides: A {:?}, B {:?}", a.strides(), b.strides());

    println!("\nIn [51]: order arguments are about index order, not memory");
    println!("{}", a.ravel());
    println!("{}", a.ravel_order(Order::F));
    println!("{}", a.ravel_order(Order::F).reshape([-1, 3]));
    println!(
        "{}",
        a.ravel_order(Order::F).reshape_order([-1, 3], Order::F)
    );

    println!("\nIn [52]: ravel copies only when the order differs");
    println!(
        "A.ravel() is a view: {}, A.ravel(order='F') is a view: {}",
        a.ravel().is_view(),
        a.ravel_order(Order::F).is_view()
    );
}

//! "Ufuncs and Broadcasting" and "Aliasing" (In [55]–[68]): element-wise operations, NumPy's
//! broadcasting rules, a custom ufunc (compiled, unlike `np.frompyfunc`) with `outer`,
//! `accumulate` and `reduce`, and writes whose inputs overlap their output.

use crate::notebook::manual_accum;
use crate::{cell, compare_times, display, repr, section, Timing};
use einarray::prelude::*;
use einarray::random::RandomState;
use einarray::ufunc::{self, BinaryUfunc};
use einarray::zip::{outer_map, try_zip_map, zip_map};

pub fn run(rng: &mut RandomState) {
    section("Ufuncs and Broadcasting");

    cell("55", "a ufunc applies one operation to parallel elements");
    let a = Array::<i64, 1>::arange(6);
    let b = Array::<i64, 1>::from_vec(vec![1, 2]).repeat(3, Axis(0));
    println!("{a}\n{b}\n{}", &a + &b);
    let sum: Array<i64, 1> = ufunc::add.call(&a, &b);
    println!("{sum}");

    cell(
        "56",
        "lower-rank arguments are prepended with length-1 axes, then stretched",
    );
    let big_a = Array::<i64, 1>::arange(2 * 3).into_reshape([2, 3]);
    let b = Array::<i64, 1>::arange(2);
    let c = Array::<i64, 1>::arange(3);
    display("A", &big_a);
    display("b", &b);
    display("c", &c);
    cell("57", "A * c is A * c.reshape(1, 3) repeated along axis 0");
    display("A * c", &(&big_a * &c));
    display("c.reshape(1, 3)", &c.reshape([1, 3]));
    display(
        "np.repeat(c.reshape(1, 3), 2, axis=0)",
        &c.slice(s![NewAxis, ..]).repeat(2, Axis(0)),
    );
    cell("58", "a diagonal matrix product without the matrix");
    let diag_c = Array::from_diag(&c, 0);
    display("np.diag(c)", &diag_c);
    display("A.dot(np.diag(c))", &big_a.dot(&diag_c));
    display("A * c", &(&big_a * &c));

    cell(
        "59",
        "a custom ufunc: np.frompyfunc('f({}, {})'.format, 2, 1), compiled",
    );
    let demo = |x: &i64, y: &i64| format!("f({x}, {y})");

    cell(
        "60",
        "GOTCHA: the common broadcasting mistake, append instead of prepend",
    );
    display("A", &big_a);
    display("b", &b);
    match try_zip_map(&big_a, &b, demo) {
        Ok(_) => unreachable!("(2, 3) and (2,) do not broadcast"),
        Err(e) => println!("ShapeError!\n{e}"),
    }
    println!("(with static shapes this mistake is a compile error; see the last section)");

    cell("61", "np.newaxis adds the length-1 axis where it belongs");
    let col = b.slice(s![.., NewAxis]);
    display("b[:, np.newaxis]", &col);
    display(
        "np.repeat(b[:, np.newaxis], 3, axis=1)",
        &col.repeat(3, Axis(1)),
    );
    let ab: Array<String, 2> = zip_map(&big_a, &col, demo);
    display("demo(A, b[:, np.newaxis])", &ab);
    // broadcasting rules are invariant to order, even if the ufunc isn't
    let ba: Array<String, 2> = zip_map(&col, &big_a, demo);
    display("demo(b[:, np.newaxis], A)", &ba);

    cell("62", "cheap diagonal matrix multiplication by broadcasting");
    display("b", &b);
    let diag_b = Array::from_diag(&b, 0);
    display("np.diag(b)", &diag_b);
    display("b[:, np.newaxis] * A", &(col * &big_a));
    display("np.diag(b).dot(A)", &diag_b.dot(&big_a));

    cell(
        "63",
        "binary ufuncs get outer, accumulate and reduce for free",
    );
    let a4 = Array::<i64, 1>::arange(4);
    let b4 = Array::<i64, 1>::arange_step(4, 8, 1);
    let table: Array<String, 2> = outer_map(&a4, &b4, demo);
    display("demo.outer(a, b)", &table);
    display(
        "np.bitwise_or.accumulate(b)",
        &ufunc::bitwise_or.accumulate(&b4, Axis(0)),
    );
    println!(
        "np.bitwise_or.reduce(b) ()\n{}",
        ufunc::bitwise_or.reduce_all(&b4)
    );

    cell("64", "accumulation speed comparison");
    let setup = || Array::<i64, 1>::arange(1_000_000);
    let manual_accum = |x: &mut Array<i64, 1>| manual_accum(x);
    let np_accum = |x: &mut Array<i64, 1>| ufunc::bitwise_or.accumulate(&*x, Axis(0));
    assert_eq!(manual_accum(&mut setup()), np_accum(&mut setup()));
    compare_times(
        &[
            Timing::of("manual_accum", setup, manual_accum),
            Timing::of("np_accum", setup, np_accum),
        ],
        Some(155.2),
    );
    println!("(compiled, the element loop is no longer the slow path it is in Python)");

    section("Aliasing");
    cell("65", "A += A.T is well-defined even though A is changing");
    let mut a = rng.randint(0, 10, [3, 3]);
    assert_eq!(a, array![[3, 5, 0], [7, 7, 9], [4, 0, 8]]); // the notebook's A
    println!("{a}");
    // `a += &a.t()` does not compile (a is borrowed while written); the method that reads its
    // own output copies just what overlaps, as NumPy's ufuncs do since numpy/numpy#8043.
    a.zip_mut_with_self(|a| a.t(), |x, y| *x += *y);
    println!("{a}");

    cell("66", "the same as np.add(A, A, out=A)");
    a.zip_mut_with_self(|a| a, |x, y| *x += *y);
    println!("{}", repr(&a));

    cell("67", "np.subtract(x[:5], x[5:], x[:5])");
    let mut x = Array::<i64, 1>::arange(10);
    println!("{x}");
    x.zip_within(|x| x.slice(s![..5]), |x| x.slice(s![5..]), |d, s| *d -= *s);
    println!("{x}");

    cell("68", "GOTCHA: aliasing outside ufuncs, x.dot(y, out=x)");
    let x = Array::<f64, 1>::arange(4.0).into_reshape([2, 2]);
    let v = Array::<f64, 1>::arange(2.0);
    // `einsum!("ij,j->i", &x, &v, out = &mut x)` does not compile: `x` cannot be borrowed
    // mutably while it is also read. The output gets its own buffer, or an `out` that is not
    // an input:
    let mut out = Array::<f64, 1>::zeros([2]);
    einsum!("ij,j->i", &x, &v, out = &mut out);
    println!("x.dot(np.arange(2)) = {out}");
    println!("(the notebook's NumPy 1.12 raised 'output array is not acceptable' for an out= of");
    println!(" the wrong type or shape, and did not promise anything when out= overlapped an");
    println!(" input outside ufuncs; NumPy now buffers np.dot's overlapping out=. Here a wrong");
    println!(" rank does not compile, a wrong size panics, and an overlap is a borrow error)");
}

//! The calls real ports needed, against NumPy: reductions with `keepdims` along axes written
//! from either end (and the memory order of their results), `cumsum`/`cumprod`, `bincount`,
//! `sliding_window_view` with the 2-D filter built on it, `array_equal`, and `tensor!` index
//! arithmetic.
//!
//! Expected values are NumPy's, from `tests/fixtures/ports.txt`; regenerate with
//! `python3 scripts/gen_ports_fixtures.py` (the format is described there).

use einarray::prelude::*;
use einarray::select::{bincount, bincount_weighted};
use std::collections::HashMap;
use std::sync::OnceLock;

const FIXTURE: &str = include_str!("fixtures/ports.txt");

struct Record {
    shape: Vec<usize>,
    data: Vec<&'static str>,
}

struct Fixture {
    arrays: HashMap<&'static str, Record>,
    orders: HashMap<&'static str, &'static str>,
    flags: HashMap<&'static str, bool>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut f = Fixture {
            arrays: HashMap::new(),
            orders: HashMap::new(),
            flags: HashMap::new(),
        };
        for line in FIXTURE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts[0] {
                "order" => {
                    f.orders.insert(parts[1], parts[2]);
                }
                "bool" if parts.len() == 3 => {
                    f.flags.insert(parts[1], parts[2] == "1");
                }
                _ => {
                    let list = |s: &'static str| -> Vec<&'static str> {
                        let inner = &s[1..s.len() - 1];
                        if inner.is_empty() {
                            vec![]
                        } else {
                            inner.split(',').collect()
                        }
                    };
                    let shape = list(parts[2]).iter().map(|d| d.parse().unwrap()).collect();
                    f.arrays.insert(
                        parts[0],
                        Record {
                            shape,
                            data: list(parts[3]),
                        },
                    );
                }
            }
        }
        f
    })
}

fn get<T: std::str::FromStr, const N: usize>(name: &str) -> Array<T, N>
where
    T::Err: std::fmt::Debug,
{
    let r = fixture()
        .arrays
        .get(name)
        .unwrap_or_else(|| panic!("no fixture record {name}"));
    let data = r
        .data
        .iter()
        .map(|v| match *v {
            "nan" => "NaN".parse().unwrap(),
            v => v.parse().unwrap(),
        })
        .collect();
    let shape: [usize; N] = r.shape.clone().try_into().unwrap();
    Array::from_shape_vec(shape, data).unwrap()
}

fn get_bool<const N: usize>(name: &str) -> Array<bool, N> {
    get::<u8, N>(name).map(|&v| v == 1)
}

/// Same shape, and equal values to a relative 1e-12 (NaN equal to NaN).
fn assert_close<const N: usize>(what: &str, got: &Array<f64, N>, want: &Array<f64, N>) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for (g, w) in got.iter().zip(want.iter()) {
        let ok = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-12 * w.abs().max(1.0);
        assert!(ok, "{what}: got {got:?}, NumPy gives {want:?}");
    }
}

/// The layout NumPy gave the result (`C`, `F` or `CF`), checked against ours.
fn assert_order<T, const N: usize>(name: &str, got: &Array<T, N>) {
    let want = fixture().orders[name];
    assert_eq!(
        (got.is_c_contiguous(), got.is_f_contiguous()),
        (want.contains('C'), want.contains('F')),
        "{name}: memory order (NumPy: {want}), strides {:?}",
        got.strides()
    );
}

fn layouts() -> [(&'static str, Array<f64, 3>, Array<bool, 3>); 2] {
    let (x, b) = (get::<f64, 3>("x"), get_bool::<3>("b"));
    let (xf, bf) = (x.copy(Order::F), b.copy(Order::F));
    [("c", x, b), ("f", xf, bf)]
}

#[test]
fn float_reductions_keepdims_along_axes_from_either_end() {
    for (layout, x, _) in layouts() {
        for k in 0..3usize {
            let neg = k as i32 - 3;
            let cases: [(&str, Array<f64, 3>, Array<f64, 3>); 7] = [
                ("sum", x.sum_keepdims(k), x.sum_keepdims(neg)),
                ("prod", x.prod_keepdims(k), x.prod_keepdims(Axis(neg))),
                ("mean", x.mean_keepdims(k), x.mean_keepdims(neg)),
                ("var1", x.var_keepdims(k, 1), x.var_keepdims(neg, 1)),
                ("std0", x.std_keepdims(k, 0), x.std_keepdims(neg, 0)),
                ("max", x.max_keepdims(k), x.max_keepdims(neg)),
                ("min", x.min_keepdims(k), x.min_keepdims(neg)),
            ];
            for (name, from_start, from_end) in cases {
                let key = format!("{layout}/{name}/{k}");
                assert_close(&key, &from_start, &get(&key));
                assert_eq!(from_start, from_end, "{key}: axis {k} and {neg} differ");
                assert_order(&key, &from_start);
            }
            // The axis-removing forms: the same values, NumPy's memory order.
            let removed: [(&str, Array<f64, 2>); 7] = [
                ("sum", x.sum_axis(k)),
                ("prod", x.prod_axis(k)),
                ("mean", x.mean_axis(neg)),
                ("var1", x.var_axis(k, 1)),
                ("std0", x.std_axis(neg, 0)),
                ("max", x.max_axis(k)),
                ("min", x.min_axis(neg)),
            ];
            for (name, r) in removed {
                let key = format!("{layout}/{name}_axis/{k}");
                let want: Array<f64, 3> = get(&format!("{layout}/{name}/{k}"));
                assert_close(&key, &r.view().insert_axis(k).to_owned(), &want);
                assert_order(&key, &r);
            }
        }
    }
}

#[test]
fn index_and_count_reductions_keepdims() {
    for (layout, x, b) in layouts() {
        for k in 0..3usize {
            let neg = k as isize - 3;
            let usize_cases: [(&str, Array<usize, 3>); 3] = [
                ("argmax", x.argmax_keepdims(neg)),
                ("argmin", x.argmin_keepdims(k)),
                ("count_nonzero", x.count_nonzero_keepdims(neg)),
            ];
            for (name, got) in usize_cases {
                let key = format!("{layout}/{name}/{k}");
                assert_eq!(got, get::<usize, 3>(&key), "{key}");
                assert_order(&key, &got);
            }
            let removed: [(&str, Array<usize, 2>); 3] = [
                ("argmax", x.argmax_axis(k)),
                ("argmin", x.argmin_axis(neg)),
                ("count_nonzero", x.count_nonzero_axis(k)),
            ];
            for (name, r) in removed {
                assert_order(&format!("{layout}/{name}_axis/{k}"), &r);
            }
            for (name, got) in [("any", b.any_keepdims(neg)), ("all", b.all_keepdims(k))] {
                let key = format!("{layout}/{name}/{k}");
                assert_eq!(got, get_bool::<3>(&key), "{key}");
                assert_order(&key, &got);
            }
        }
    }
}

#[test]
fn keepdims_results_broadcast_back() {
    let x = get::<f64, 3>("x");
    // softmax along the last axis, written as NumPy users write it
    let e = (&x - &x.max_keepdims(-1)).exp();
    let p = &e / &e.sum_keepdims(-1);
    assert_close("softmax rows", &p.sum_axis(-1), &Array::ones([2, 3]));
    // take_along_axis with a keepdims argmax picks the maxima
    let i = x.argmax_keepdims(1);
    assert_eq!(x.take_along_axis(&i, 1), x.max_keepdims(1));
}

#[test]
fn scans_match_numpy() {
    let (xi, x) = (get::<i64, 3>("xi"), get::<f64, 3>("x"));
    assert_eq!(xi.cumsum(), get::<i64, 1>("xi/cumsum"));
    assert_eq!(xi.cumprod(), get::<i64, 1>("xi/cumprod"));
    assert_close("x/cumsum", &x.copy(Order::F).cumsum(), &get("x/cumsum"));
    for k in 0..3usize {
        let neg = k as i64 - 3;
        assert_eq!(xi.cumsum_axis(k), get::<i64, 3>(&format!("xi/cumsum/{k}")));
        assert_eq!(
            xi.cumprod_axis(neg),
            get::<i64, 3>(&format!("xi/cumprod/{k}"))
        );
        assert_close(
            "x/cumsum",
            &x.cumsum_axis(neg),
            &get(&format!("x/cumsum/{k}")),
        );
        let xf = x.copy(Order::F);
        let scan = xf.cumprod_axis(k);
        assert_close("x/cumprod", &scan, &get(&format!("x/cumprod/{k}")));
        assert_order(&format!("f/cumsum/{k}"), &xf.cumsum_axis(k));
    }
}

#[test]
fn bincount_matches_numpy() {
    let (labels, weights) = (get::<i64, 1>("labels"), get::<f64, 1>("weights"));
    for minlength in [0, 3, 10] {
        assert_eq!(
            bincount(&labels, minlength),
            get::<usize, 1>(&format!("bincount/{minlength}"))
        );
        assert_close(
            "bincount_weighted",
            &bincount_weighted(&labels, &weights, minlength),
            &get(&format!("bincount_weighted/{minlength}")),
        );
    }
    let none = Array::<i64, 1>::zeros([0]);
    assert_eq!(bincount(&none, 0), get::<usize, 1>("bincount/empty"));
    assert_eq!(bincount(&none, 5), get::<usize, 1>("bincount/empty5"));
    // Through a strided view, and with unsigned labels.
    let rev = labels.slice(s![..;-1]);
    assert_eq!(bincount(&rev, 0), bincount(&labels, 0));
    let unsigned = labels.map(|&v| v as usize);
    assert_eq!(bincount(&unsigned, 0), bincount(&labels, 0));
    let err = einarray::select::try_bincount_weighted(&labels, &weights.slice(s![1..]), 0);
    assert!(err.unwrap_err().to_string().contains("same length"));
}

#[test]
fn sliding_windows_match_numpy() {
    let img = get::<f64, 2>("img");
    for (a, b) in [(1, 1), (3, 3), (2, 5), (7, 9), (7, 1)] {
        let w = img.sliding_window_view([a, b]);
        assert!(w.shares_memory(&img));
        assert_eq!(w.to_owned(), get::<f64, 4>(&format!("windows/{a}x{b}")));
    }
    let w = img.sliding_window_view_axes([4], [-1]);
    assert_eq!(w.to_owned(), get::<f64, 3>("windows/axis-1/4"));
    let w = img.sliding_window_view_axes([3], [Axis(0)]);
    assert_eq!(w.to_owned(), get::<f64, 3>("windows/axis0/3"));
    let w = img.sliding_window_view_axes([2, 3], [1, 1]);
    assert_eq!(w.to_owned(), get::<f64, 4>("windows/axes1,1/2,3"));
    let w = img.slice(s![..;-1, ..;2]).sliding_window_view([3, 2]);
    assert_eq!(w.to_owned(), get::<f64, 4>("windows/reversed/3x2"));
}

#[test]
fn the_windowed_filter_is_numpys() {
    let (img, kernel) = (get::<f64, 2>("img"), get::<f64, 2>("kernel"));
    let windows = img.sliding_window_view([3, 3]);
    let filtered: Array<f64, 2> = einsum!("ijkl,kl->ij", &windows, &kernel);
    assert_close("filter", &filtered, &get("filter/3x3"));
    let direct = tensor!(out[i, j] := img[i + k, j + l] * kernel[k, l]);
    assert_close("tensor! filter", &direct, &get("filter/3x3"));
}

#[test]
fn index_arithmetic_matches_numpy() {
    let (x, kernel) = (get::<f64, 1>("row"), get::<f64, 2>("kernel"));
    let diff = tensor!(d[i] := x[i + 1] - x[i]);
    assert_close("np.diff", &diff, &get("diff"));
    let odd = tensor!(o[i] := x[2 * i + 1]);
    assert_close("x[1::2]", &odd, &get("odd"));
    let w = kernel.index_axis::<1>(0, 0);
    let corr = tensor!(c[i] := sum[k](x[i + k] * w[k]));
    assert_close("np.correlate", &corr, &get("corr"));
}

#[test]
fn array_equal_matches_numpy() {
    let a = get::<f64, 1>("eq/a");
    let f = &fixture().flags;
    assert_eq!(a.array_equal(&a), f["eq/aa"]);
    assert_eq!(a.array_equal_nan(&a), f["eq/aa_nan"]);
    let x = get::<f64, 3>("x");
    let x0 = x.index_axis::<2>(0, 0);
    assert_eq!(x0.array_equal(&x0.t()), f["eq/x_xT"]);
    assert_eq!(x.array_equal(&x.copy(Order::F)), f["eq/x_x2"]);
    assert!(!x.array_equal(&x0)); // other rank: not equal
}

#[test]
fn rank_zero_results_read_as_scalars() {
    let v = array![1.0, 2.0, 3.0];
    let d: Array<f64, 0> = einsum!("i,i->", &v, &v);
    assert_eq!(d.item(), 14.0);
    assert_eq!(d.into_scalar(), 14.0);
    assert_eq!(v.slice(s![1..2]).item(), 2.0);
    assert!(v.try_item().is_err());
}

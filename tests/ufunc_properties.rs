//! Property tests of broadcasting and the ufunc methods against plain reference models:
//! broadcasting is symmetric in shape and reads the right elements, `reduce` equals a fold in
//! index order, and `accumulate`'s last slice equals `reduce`, on every layout.

use einarray::prelude::*;
use einarray::ufunc::{self, BinaryUfunc};
use einarray::zip::{broadcast_shapes, try_zip_map};
use proptest::prelude::*;

/// A rank-3 shape whose axes are each 1 or a shared size, or a random size (maybe mismatched).
fn shape3() -> impl Strategy<Value = [usize; 3]> {
    prop::array::uniform3(prop_oneof![Just(1usize), Just(3usize), 0usize..5])
}

/// NumPy's rule written as the definition: per right-aligned axis, equal or one of them 1.
fn reference_broadcast(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let get = |s: &[usize], k: usize| {
        if k + s.len() >= n {
            s[k + s.len() - n]
        } else {
            1
        }
    };
    (0..n)
        .map(|k| match (get(a, k), get(b, k)) {
            (x, y) if x == y => Some(x),
            (1, y) => Some(y),
            (x, 1) => Some(x),
            _ => None,
        })
        .collect()
}

/// An array of `shape` seen through one of several layouts with the same logical content.
fn layout_of(shape: [usize; 3], kind: u8) -> (Array<i64, 3>, u8) {
    let n: usize = shape.iter().product();
    let data: Vec<i64> = (0..n as i64).map(|v| (v * 7919) % 23 - 11).collect();
    (Array::from_shape_vec(shape, data).unwrap(), kind % 3)
}

fn with_layout<R>(a: &Array<i64, 3>, kind: u8, f: impl FnOnce(View<'_, i64, 3>) -> R) -> R {
    match kind {
        // the same values through a transposed copy, transposed back
        1 => {
            let t = a.t().copy(Order::C);
            f(t.t())
        }
        // the same values through a reversed copy, reversed back (negative strides)
        2 => {
            let r = a.slice(s![..;-1, .., ..;-1]).to_owned();
            f(r.slice(s![..;-1, .., ..;-1]))
        }
        _ => f(a.view()),
    }
}

proptest! {
    #[test]
    fn broadcasting_is_symmetric_and_matches_the_rule(
        a in prop::collection::vec(prop_oneof![Just(1usize), 0usize..4], 0..4),
        b in prop::collection::vec(prop_oneof![Just(1usize), 0usize..4], 0..4),
    ) {
        let ab = broadcast_shapes(&[&a, &b]).ok();
        let ba = broadcast_shapes(&[&b, &a]).ok();
        prop_assert_eq!(&ab, &ba);
        prop_assert_eq!(ab, reference_broadcast(&a, &b));
    }

    #[test]
    fn binary_results_read_the_broadcast_elements(
        sa in shape3(), sb in shape3(), ka in 0u8..3, kb in 0u8..3,
    ) {
        let (a, ka) = layout_of(sa, ka);
        let (b, kb) = layout_of(sb, kb);
        with_layout(&a, ka, |va| with_layout(&b, kb, |vb| {
            let got = try_zip_map::<_, _, i64, 3, 3, 3>(&va, &vb, |x, y| x * 100 + y);
            let back = try_zip_map::<_, _, i64, 3, 3, 3>(&vb, &va, |y, x| x * 100 + y);
            match reference_broadcast(&sa, &sb) {
                None => {
                    prop_assert!(got.is_err());
                    prop_assert!(back.is_err());
                }
                Some(out) => {
                    let got = got.unwrap();
                    prop_assert_eq!(&got, &back.unwrap());
                    prop_assert_eq!(got.shape().to_vec(), out);
                    for (idx, &v) in got.indexed_iter() {
                        let pick = |s: [usize; 3], k: usize| if s[k] == 1 { 0 } else { idx[k] };
                        let ia = [pick(sa, 0), pick(sa, 1), pick(sa, 2)];
                        let ib = [pick(sb, 0), pick(sb, 1), pick(sb, 2)];
                        prop_assert_eq!(v, a[ia] * 100 + b[ib]);
                    }
                }
            }
            Ok(())
        }))?;
    }

    #[test]
    fn reduce_equals_a_fold_and_accumulate_ends_in_reduce(
        s in prop::array::uniform3(1usize..5), kind in 0u8..3, axis in 0usize..3,
    ) {
        let (a, kind) = layout_of(s, kind);
        with_layout(&a, kind, |v| {
            // reduce along `axis` is a fold over index order, for a non-commutative operation
            let f = ufunc::from_fn("poly", |p: &i64, x: &i64| (p * 3 + x) % 1_000_003);
            let r: Array<i64, 2> = f.reduce(&v, Axis(axis));
            for (pos, &got) in r.indexed_iter() {
                let mut expect = None;
                for i in 0..s[axis] {
                    let mut idx = [0usize; 3];
                    let mut q = 0;
                    for (k, slot) in idx.iter_mut().enumerate() {
                        *slot = if k == axis { i } else { let p = pos[q]; q += 1; p };
                    }
                    let x = v[idx];
                    expect = Some(match expect { None => x, Some(p) => (p * 3 + x) % 1_000_003 });
                }
                prop_assert_eq!(Some(got), expect);
            }
            let acc = f.accumulate(&v, Axis(axis));
            let last: Array<i64, 2> = acc.index_axis(Axis(axis), s[axis] - 1).to_owned();
            prop_assert_eq!(&last, &r);
            // sums: the eight-lane kernel against the identity fold
            let sum: Array<i64, 2> = v.sum_axis(Axis(axis));
            let fold: Array<i64, 2> = ufunc::add.reduce(&v, Axis(axis));
            prop_assert_eq!(&sum, &fold);
            prop_assert_eq!(v.sum(), v.iter().sum::<i64>());
            Ok(())
        })?;
    }
}

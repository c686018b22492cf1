//! Property tests of the layout algebra against plain reference models.

use einarray::prelude::*;
use proptest::prelude::*;

/// Python's `range(n)[start:stop:step]`, by walking indices one by one.
fn reference_slice(n: usize, start: Option<isize>, stop: Option<isize>, step: isize) -> Vec<usize> {
    let len = n as isize;
    let norm = |b: isize| if b < 0 { b + len } else { b };
    let (mut i, end) = if step > 0 {
        (
            start.map_or(0, norm).clamp(0, len),
            stop.map_or(len, norm).clamp(0, len),
        )
    } else {
        (
            start.map_or(len - 1, norm).clamp(-1, len - 1),
            stop.map_or(-1, norm).clamp(-1, len - 1),
        )
    };
    let mut out = vec![];
    while (step > 0 && i < end) || (step < 0 && i > end) {
        out.push(i as usize);
        i += step;
    }
    out
}

fn bound() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![Just(None), (-12isize..12).prop_map(Some)]
}

fn step() -> impl Strategy<Value = isize> {
    prop_oneof![-4isize..0, 1isize..5]
}

proptest! {
    #[test]
    fn slicing_matches_pythons_rule(n in 0usize..10, a in bound(), b in bound(), c in step()) {
        let x = Array::<usize, 1>::arange(n);
        let got = x.slice(s![Slice { start: a, stop: b, step: c }]).to_vec();
        prop_assert_eq!(got, reference_slice(n, a, b, c));
    }

    #[test]
    fn slices_of_slices_compose(
        n in 0usize..12,
        s1 in (bound(), bound(), step()),
        s2 in (bound(), bound(), step()),
    ) {
        let x = Array::<usize, 1>::arange(n);
        let first = Slice { start: s1.0, stop: s1.1, step: s1.2 };
        let second = Slice { start: s2.0, stop: s2.1, step: s2.2 };
        let got = x.slice(s![first]).slice(s![second]).to_vec();
        let mid = reference_slice(n, s1.0, s1.1, s1.2);
        let expect: Vec<usize> = reference_slice(mid.len(), s2.0, s2.1, s2.2).into_iter().map(|i| mid[i]).collect();
        prop_assert_eq!(got, expect);
    }

    #[test]
    fn two_dimensional_slices_pick_the_cross_product(
        (r, c) in (0usize..6, 0usize..6),
        s0 in (bound(), bound(), step()),
        s1 in (bound(), bound(), step()),
    ) {
        let x = Array::<usize, 1>::arange(r * c).into_reshape([r, c]);
        let v = x.slice(s![Slice { start: s0.0, stop: s0.1, step: s0.2 }, Slice { start: s1.0, stop: s1.1, step: s1.2 }]);
        let rows = reference_slice(r, s0.0, s0.1, s0.2);
        let cols = reference_slice(c, s1.0, s1.1, s1.2);
        prop_assert_eq!(v.shape(), [rows.len(), cols.len()]);
        let expect: Vec<usize> = rows.iter().flat_map(|&i| cols.iter().map(move |&j| i * c + j)).collect();
        prop_assert_eq!(v.to_vec(), expect);
    }

    #[test]
    fn reshape_round_trips(d in prop::collection::vec(1usize..5, 3), order in prop_oneof![Just(Order::C), Just(Order::F)]) {
        let n = d[0] * d[1] * d[2];
        let x = Array::<usize, 1>::arange(n).into_reshape([d[0], d[1], d[2]]);
        let there = x.reshape_order([d[2], d[0] * d[1]], order);
        let back = there.reshape_order([d[0], d[1], d[2]], order);
        prop_assert_eq!(back, x.view());
        let flat = x.ravel_order(order);
        prop_assert_eq!(flat.reshape_order([d[0], d[1], d[2]], order), x.view());
    }

    #[test]
    fn reshape_of_any_view_equals_reshape_of_its_copy(
        d in prop::collection::vec(1usize..5, 3),
        perm in Just([0usize, 1, 2]).prop_shuffle(),
        rev in any::<bool>(),
        order in prop_oneof![Just(Order::C), Just(Order::F)],
    ) {
        let n = d[0] * d[1] * d[2];
        let x = Array::<usize, 1>::arange(n).into_reshape([d[0], d[1], d[2]]);
        let p = [perm[0], perm[1], perm[2]];
        let base = if rev { x.slice(s![..;-1, .., ..]) } else { x.view() };
        let v = base.permute(p);
        let copy = v.to_owned();
        let a = v.reshape_order([-1], order);
        let b = copy.reshape_order([-1], order);
        prop_assert_eq!(a.to_vec(), b.to_vec());
        let sh = v.shape();
        let c = v.reshape_order([sh[0] * sh[1], sh[2]], order);
        prop_assert_eq!(c.to_vec(), copy.reshape_order([sh[0] * sh[1], sh[2]], order).to_vec());
    }

    #[test]
    fn transpose_twice_is_identity_and_strides_permute(d in prop::collection::vec(0usize..5, 3)) {
        let n = d[0] * d[1] * d[2];
        let x = Array::<usize, 1>::arange(n).into_reshape([d[0], d[1], d[2]]);
        let t = x.t();
        prop_assert_eq!(t.t(), x.view());
        let s = x.strides();
        prop_assert_eq!(t.strides(), [s[2], s[1], s[0]]);
        for (i, v) in x.indexed_iter() {
            prop_assert_eq!(t[[i[2], i[1], i[0]]], *v);
        }
    }

    #[test]
    fn copies_in_any_order_keep_the_elements(
        d in prop::collection::vec(0usize..40, 2),
        order in prop_oneof![Just(Order::C), Just(Order::F)],
    ) {
        let x = Array::<u32, 1>::arange((d[0] * d[1]) as u32).into_reshape([d[0], d[1]]);
        let t = x.t();
        let c = t.copy(order);
        prop_assert_eq!(&c, &t);
        let contiguous = match order {
            Order::C => c.is_c_contiguous(),
            Order::F => c.is_f_contiguous(),
        };
        prop_assert!(contiguous);
    }

    #[test]
    fn broadcast_to_repeats_along_stretched_axes(a in 1usize..4, b in 1usize..4, extra in 1usize..3) {
        let col = Array::<usize, 1>::arange(a).into_reshape([a, 1]);
        let v = col.broadcast_to([extra, a, b]);
        for ([_, i, _], x) in v.indexed_iter() {
            prop_assert_eq!(*x, i);
        }
    }
}

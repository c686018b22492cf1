//! Properties: `tensor!` contractions equal `einsum!`, and fused reductions equal the loops
//! written out, on random shapes, layouts and data.

use einarray::prelude::*;
use proptest::prelude::*;

fn data<const N: usize>(shape: [usize; N], seed: u64) -> Array<i64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % 9) as i64 - 4
    })
}

proptest! {
    #[test]
    fn contractions_equal_einsum(i in 0usize..6, j in 0usize..6, k in 0usize..6, seed in any::<u64>(), flip in any::<bool>()) {
        let a = data([i, j], seed);
        let b = data([j, k], seed ^ 1);
        // Also through a reversed view, so strides differ from the einsum operands'.
        let a_rev = data([i, j], seed).slice(s![..;-1, ..]).to_owned();
        let a_view = a_rev.slice(s![..;-1, ..]);
        let lhs = if flip { tensor!(c[p, q] := a_view[p, r] * b[r, q]) } else { tensor!(c[p, q] := a[p, r] * b[r, q]) };
        prop_assert_eq!(&lhs, &einsum!("ij,jk->ik", &a, &b));
        // With an element-wise factor the loop nest runs instead of GEMM: same numbers.
        let looped = tensor!(c[p, q] := 1 * a[p, r] * b[r, q]);
        prop_assert_eq!(&looped, &lhs);
        let reduced = tensor!(c[p, q] := sum[r](a[p, r] * b[r, q]) + 0);
        prop_assert_eq!(&reduced, &lhs);
        let c3 = data([k, 3], seed ^ 2);
        let chain = tensor!(d[p, s] := a[p, r] * b[r, q] * c3[q, s]);
        prop_assert_eq!(chain, einsum!("ij,jk,kl->il", &a, &b, &c3));
        let tr = data([j, j], seed ^ 3);
        prop_assert_eq!(tensor!(t[p] := a[p, r] * tr[r, r]), einsum!("ij,jj->i", &a, &tr));
    }
}

proptest! {
    #[test]
    fn fused_reductions_equal_loops_on_any_layout(
        n0 in 1usize..5, n1 in 0usize..6, n2 in 0usize..20, seed in any::<u64>(), how in 0u8..5,
    ) {
        // One (n0, n1, n2) operand in a layout chosen by `how`: C order, F order, reversed
        // axes, every other element of a larger array, or the transpose of a C-order array.
        let backing = match how {
            0 | 2 => data([n0, n1, n2], seed),
            1 => data([n0, n1, n2], seed).copy(Order::F),
            3 => data([n0, n1, 2 * n2], seed),
            _ => data([n2, n1, n0], seed),
        };
        let x = match how {
            2 => backing.slice(s![..;-1, .., ..;-1]),
            3 => backing.slice(s![.., .., ..;2]),
            4 => backing.t(),
            _ => backing.view(),
        };
        let w = data([n2], seed ^ 5);
        // Sums over one label and over two in either written order, a maximum over two
        // labels nested in the output's expression: each against the loops written out.
        let s1 = tensor!(s[a, b] := sum[c](x[a, b, c] * w[c] - 1));
        let s2 = tensor!(s[a] := sum[b, c](x[a, b, c] * 3 + (c as i64)));
        let s3 = tensor!(s[a] := sum[c, b](x[a, b, c] * 3 + (c as i64)));
        for a in 0..n0 {
            let mut two = 0;
            for b in 0..n1 {
                let one: i64 = (0..n2).map(|c| x[[a, b, c]] * w[[c]] - 1).sum();
                prop_assert_eq!(s1[[a, b]], one);
                two += (0..n2).map(|c| x[[a, b, c]] * 3 + c as i64).sum::<i64>();
            }
            prop_assert_eq!(s2[[a]], two);
            prop_assert_eq!(s3[[a]], two);
        }
        if n1 > 0 && n2 > 0 {
            let m = tensor!(m[a, c] := x[a, b, c] - max[d, e](x[a, d, e]));
            for a in 0..n0 {
                let most = x.slice(s![a, .., ..]).iter().copied().max().unwrap();
                for c in 0..n2 {
                    let want: i64 = (0..n1).map(|b| x[[a, b, c]] - most).sum();
                    prop_assert_eq!(m[[a, c]], want);
                }
            }
        }
    }
}

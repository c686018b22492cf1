//! Property: `tensor!` contractions equal `einsum!` on random shapes, layouts and data.

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

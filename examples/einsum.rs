//! Einsum, from swapping axes to three-operand contractions: seed cells In [69]–[81].
//!
//! Run with `cargo run --release --example einsum`. The notebook draws its inputs from
//! `np.random.seed(1234)`; In [69]'s printed `x` is used as is, the other cells use small
//! deterministic integers (NumPy's generator arrives with `einarray::random`).

use einarray::prelude::*;

/// Small deterministic integers in `-10..=10` (a linear congruential generator).
fn ints<const N: usize>(shape: [usize; N], seed: u64) -> Array<i64, N> {
    let mut x = seed;
    Array::from_fn(shape, |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % 21) as i64 - 10
    })
}

fn main() {
    println!("In [69]: x = np.random.randint(-10, 11, size=(2, 2, 2)) after np.random.seed(1234)");
    let x = array![[[5i64, 9], [-4, 2]], [[10, 5], [7, -1]]];
    println!("{x}");

    println!("\nIn [70]: swap axes, einsum('ijk->kji', x) (a view, like NumPy)");
    let swapped = einsum!("ijk->kji", &x);
    println!("{swapped}");
    println!("shares memory with x: {}", swapped.shares_memory(&x));

    println!("\nIn [71]: sum over every axis");
    println!("{} {}", x.iter().sum::<i64>(), einsum!("ijk->", &x));

    println!("\nIn [72]: pointwise product");
    let y = ints([2, 2, 2], 72);
    let pointwise: Array<i64, 3> =
        Array::from_fn([2, 2, 2], |[i, j, k]| x[[i, j, k]] * y[[i, j, k]]);
    println!("{}", pointwise == einsum!("ijk,ijk->ijk", &x, &y));

    println!("\nIn [73]: pointwise along other axes");
    let along_t: Array<i64, 3> =
        Array::from_fn([2, 2, 2], |[i, j, k]| x[[i, j, k]] * y.t()[[i, j, k]]);
    println!("{}", along_t == einsum!("ijk,kji->ijk", &x, &y));
    let rolled = y.rollaxis(2, 0);
    let along_r: Array<i64, 3> =
        Array::from_fn([2, 2, 2], |[i, j, k]| x[[i, j, k]] * rolled[[i, j, k]]);
    println!("{}", along_r == einsum!("ijk,jki->ijk", &x, &y));

    println!("\nIn [74]: outer product");
    let a = Array::<i64, 1>::arange(4);
    let b = Array::<i64, 1>::arange_step(4, 8, 1);
    let outer = Array::from_fn([4, 4], |[i, j]| a[[i]] * b[[j]]);
    println!("{}", outer == einsum!("i,j->ij", &a, &b));

    println!("\nIn [75]: an inner product, the squared Frobenius norm");
    let m = Array::<i64, 1>::arange(4).into_reshape([2, 2]);
    let fro2: i64 = m.iter().map(|v| v * v).sum();
    println!("{:.1} {}", fro2 as f64, einsum!("ij,ij->", &m, &m));

    println!("\nIn [76]: matrix and batched matrix products");
    let xf = ints([2, 2], 76).map(|&v| v as f64);
    let yf = ints([2, 2], 77).map(|&v| v as f64);
    let dot = Array::from_fn([2, 2], |[i, k]| {
        (0..2).map(|j| xf[[i, j]] * yf[[j, k]]).sum::<f64>()
    });
    let xb = ints([3, 2, 2], 78).map(|&v| v as f64);
    let yb = ints([3, 2, 2], 79).map(|&v| v as f64);
    let batched = Array::from_fn([3, 2, 2], |[n, i, k]| {
        (0..2).map(|j| xb[[n, i, j]] * yb[[n, j, k]]).sum::<f64>()
    });
    println!(
        "{} {}",
        dot == einsum!("ij,jk->ik", &xf, &yf),
        batched == einsum!("bij,bjk->bik", &xb, &yb)
    );

    println!("\nIn [77]-[81]: 'ijkm,iko,kp->mip' step by step");
    let x = ints([3, 2, 2, 1], 1234);
    let y = ints([3, 2, 2], 1235);
    let z = ints([2, 3], 1236);
    println!("x.shape {:?}  ijkm", x.shape());
    println!("y.shape {:?}     iko", y.shape());
    println!("z.shape {:?}        kp", z.shape());
    // 2. The complete tensor product, (i j k m i k o k p).
    let outer = einsum!("ijkm,IKo,Lp->ijkmIKoLp", &x, &y, &z);
    println!("{:?}\n(i j k m i k o k p)", outer.shape());
    // 3. Diagonals where letters repeat (a repeated label in one term is the diagonal view),
    // 4. sums over the letters the result drops, 6. the transpose to the result word.
    let repeat_i = einsum!("ijkmiKoLp->ijkmKoLp", &outer);
    println!("{:?}\n(i j k m k o k p)", repeat_i.shape());
    let repeat_k = einsum!("ijkmkokp->ijkmop", repeat_i);
    println!("{:?}\n(i j k m o p)", repeat_k.shape());
    let sumj = einsum!("ijkmop->ikmop", &repeat_k);
    let sumk = einsum!("ikmop->imop", &sumj);
    let sumo = einsum!("imop->imp", &sumk);
    println!("{:?}\n(i m p)", sumo.shape());
    let by_hand = sumo.moveaxes([0, 1, 2], [1, 0, 2]).to_owned();
    let direct = einsum!("ijkm,iko,kp->mip", &x, &y, &z);
    println!("{by_hand}");
    println!("{direct}");
    println!("equal: {}", by_hand == direct);
    println!("\n{}", einsum_path!("ijkm,iko,kp->mip", &x, &y, &z));
}

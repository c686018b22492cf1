//! "Transposition" (In [45]–[54]): one flat base under every shape, transposes and axis moves
//! as views, a little linear algebra, C and F order, and the Kronecker product with Saatci's
//! matrix–vector trick.

use crate::notebook::saatci_mvm;
use crate::plot;
use crate::{cell, compare_times, figure, section, tuple, Timing};
use einarray::linalg::{kron, norm};
use einarray::prelude::*;
use einarray::random::RandomState;

/// The eigenvalues of a symmetric matrix (`np.linalg.eigvalsh`), by cyclic Jacobi rotations:
/// each rotation zeroes one off-diagonal pair, and sweeps repeat until none is left.
/// (einarray has no LAPACK; for the notebook's 3×3 and 4×4 matrices this is exact enough.)
fn eigvalsh(a: &Array<f64, 2>) -> Vec<f64> {
    let n = a.shape()[0];
    let mut a = a.clone();
    for _sweep in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]] * a[[i, j]])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[[p, q]] == 0.0 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * a[[p, q]]);
                // the smaller root of t² + 2θt − 1 = 0 (`signum` of 0.0 is 1.0)
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // a ← Jᵀ a J, with J the rotation in the (p, q) plane
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
            }
        }
    }
    (0..n).map(|i| a[[i, i]]).collect()
}

/// The singular values of `x` (`np.linalg.svd(X)[1]`), by one-sided Jacobi rotations
/// (Hestenes): rotate pairs of columns until every pair is orthogonal; the column norms are
/// then the singular values. No eigenvalue problem is solved on the way.
fn singular_values(x: &Array<f64, 2>) -> Vec<f64> {
    // Work on the side with fewer columns: X and Xᵀ have the same singular values.
    let mut u = if x.shape()[1] > x.shape()[0] {
        x.t().to_owned()
    } else {
        x.clone()
    };
    let n = u.shape()[1];
    for _sweep in 0..50 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (cp, cq) = (u.slice(s![.., p]), u.slice(s![.., q]));
                let alpha = cp.iter().map(|v| v * v).sum::<f64>();
                let beta = cq.iter().map(|v| v * v).sum::<f64>();
                let gamma = cp.iter().zip(cq.iter()).map(|(a, b)| a * b).sum::<f64>();
                if gamma.abs() <= 1e-15 * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for r in 0..u.shape()[0] {
                    let (a, b) = (u[[r, p]], u[[r, q]]);
                    u[[r, p]] = c * a - s * b;
                    u[[r, q]] = s * a + c * b;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    (0..n).map(|j| norm(&u.slice(s![.., j]))).collect()
}

pub fn run(rng: &mut RandomState) {
    section("Transposition");

    cell("45", "shape and size");
    let x = Array::<i64, 1>::arange(2 * 3 * 4).into_reshape([2, 3, 4]);
    println!("{}", tuple(&x.shape()));
    println!("{}", x.len());

    cell(
        "46",
        "ravel() shows the flat base (a view here; flatten() always copies)",
    );
    println!("{x}");
    println!("{}", x.ravel());
    println!("ravel is a view: {}", x.ravel().is_view());

    cell(
        "47",
        "transpose, rollaxis and moveaxis: views with permuted strides",
    );
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
    println!();
    let perm = [0, 2, 1];
    let moved = x.moveaxes([0, 1, 2], perm);
    let perm_array = Array::from_vec(perm.to_vec()); // np.array([0, 2, 1]) prints as [0 2 1]
    println!("arbitrary permutation [0, 1, 2] {perm_array}");
    println!("{} -> {}", tuple(&x.shape()), tuple(&moved.shape()));
    println!(
        "moved[1, 2, 0] {} x[1, 0, 2] {}",
        moved[[1, 2, 0]],
        x[[1, 0, 2]]
    );

    cell(
        "48",
        "matrix stuff: the largest singular value of X is √ of XXᵀ's largest eigenvalue",
    );
    *rng = RandomState::new(1234); // np.random.seed(1234)
    let x = rng.randn([3, 4]);
    let eig = eigvalsh(&x.dot(&x.t()))
        .into_iter()
        .fold(f64::MIN, f64::max);
    let sigma = singular_values(&x).into_iter().fold(f64::MIN, f64::max);
    // NumPy's svd and eigvalsh give 3.1929223638602697 and ...693.
    assert!((sigma - 3.1929223638602697).abs() < 1e-12 && (eig.sqrt() - sigma).abs() < 1e-12);
    println!("sigma {sigma:.2}, eig {:.2}", eig.sqrt());

    cell(
        "49",
        "a random symmetric matrix: X += X.T (well-defined although X changes)",
    );
    let mut x = rng.randn([3, 3]);
    let before = x.clone();
    x.zip_mut_with_self(|x| x.t(), |a, b| *a += *b);
    let r = plot::range(&before);
    let r = (r.0.min(x.min()), r.1.max(x.max()));
    figure(plot::panels(
        "symmetric.png",
        (1, 2),
        &[("X", before.view()), ("X += X.T", x.view())],
        r,
    ));
    println!(
        "Check frob norm upper vs lower tri {:?}",
        norm(&(x.triu(0) - x.tril(0).t()))
    );

    cell("50", "C order and F order hold the same abstraction");
    let a = Array::<i64, 1>::arange(2 * 3)
        .into_reshape([2, 3])
        .copy(Order::C);
    let b = Array::<i64, 1>::arange(2 * 3)
        .into_reshape([2, 3])
        .copy(Order::F);
    println!("{a}");
    println!("{b}");
    println!(
        "strides (in elements): A {:?}, B {:?}",
        a.strides(),
        b.strides()
    );

    cell("51", "order arguments are about index order, not memory");
    println!("{}", a.ravel());
    println!("{}", a.ravel_order(Order::F));
    println!("{}", a.ravel_order(Order::F).reshape([-1, 3]));
    println!(
        "{}",
        a.ravel_order(Order::F).reshape_order([-1, 3], Order::F)
    );

    cell("52", "GOTCHA: ravel copies when the order differs");
    println!(
        "A.ravel() shares A's memory: {}; A.ravel(order='F') does: {}",
        a.ravel().shares_memory(&a),
        a.ravel_order(Order::F).shares_memory(&a)
    );

    section("Transposition Example: Kronecker multiplication");
    cell("53", "Kronecker demo");
    let a = array![[1.0, 0.5], [-0.5, -1.0]];
    let b = Array::<f64, 2>::identity(2);
    let (ab, ba) = (kron(&a, &b), kron(&b, &a));
    // print(type(axs)) gave <class 'numpy.ndarray'>: matplotlib keeps its 2×2 subplots in an
    // ndarray of objects. An einarray array holds any element type the same way.
    let titles = array![["A", "B"], ["A ⊗ B", "B ⊗ A"]];
    println!("einarray::Array<&str, {}>", titles.ndim());
    println!("{titles}");
    println!("A ⊗ B\n{ab}\nB ⊗ A\n{ba}");
    figure(plot::panels(
        "kronecker.png",
        (2, 2),
        &[
            ("A", a.view()),
            ("B", b.view()),
            ("A ⊗ B", ab.view()),
            ("B ⊗ A", ba.view()),
        ],
        (-1.0, 1.0),
    ));

    cell("54", "transposition demo: (A ⊗ B)·z without forming A ⊗ B");
    let a = rng.randn([40, 40]);
    let b = rng.randn([40, 40]);
    let ab = kron(&a, &b);
    let z = rng.randn([40 * 40]);
    let kron_mvm = || ab.dot(&z);
    println!("diff {:e}", norm(&(kron_mvm() - saatci_mvm(&a, &b, &z))));
    println!("Kronecker matrix vector multiplication");
    compare_times(
        &[
            Timing::of("kron_mvm", || (), |_| kron_mvm()),
            Timing::of("saatci_mvm", || (), |_| saatci_mvm(&a, &b, &z)),
        ],
        Some(14.9),
    );
}

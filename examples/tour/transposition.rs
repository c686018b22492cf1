//! "Transposition" (In [45]–[54]): one flat base under every shape, transposes and axis moves
//! as views, a little linear algebra, C and F order, and the Kronecker product with Saatci's
//! matrix–vector trick.

use crate::notebook::saatci_mvm;
use crate::plot;
use crate::{cell, compare_times, figure, section, tuple, Timing};
use einarray::linalg::{self, kron, norm, Uplo};
use einarray::prelude::*;
use einarray::random::RandomState;

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
    // np.linalg.svd(X)[1].max() and np.linalg.eigvalsh(X.dot(X.T)).max(): the values come
    // sorted (descending and ascending), so the largest is the first and the last.
    let sigma = linalg::svdvals(&x)[[0]];
    let eig = linalg::eigvalsh(&x.dot(&x.t()), Uplo::Lower)[[2]];
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

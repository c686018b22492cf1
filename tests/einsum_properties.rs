//! Property: the einsum runtime (label binding, path, GEMM/loop kernels, packing) equals a
//! naive reference einsum on random specs, sizes, layouts and data.

use einarray::einsum::{reference, run, Operand, Spec};
use einarray::prelude::*;
use proptest::prelude::*;

const LETTERS: &[u8] = b"abcde";

/// A random term of 0..=3 labels, with repeats allowed (diagonals).
fn term() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(LETTERS), 0..=3)
}

#[derive(Debug, Clone)]
struct Case {
    inputs: Vec<Vec<u8>>,
    output: Vec<u8>,
    sizes: [usize; 5],
    seed: u64,
    layouts: Vec<u8>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(term(), 1..=4),
        prop::array::uniform5(prop_oneof![6 => 1usize..5, 1 => Just(0usize)]),
        any::<u64>(),
        any::<u64>(),
    )
        .prop_flat_map(|(inputs, sizes, seed, pick)| {
            let mut used: Vec<u8> = inputs.iter().flatten().copied().collect();
            used.sort_unstable();
            used.dedup();
            // The output: a subset of the used labels, in a random order, each once.
            let n = inputs.len();
            (
                Just(inputs),
                Just(sizes),
                Just(seed),
                Just(used).prop_shuffle(),
                Just(pick),
                prop::collection::vec(0u8..4, n),
            )
        })
        .prop_map(|(inputs, sizes, seed, used, pick, layouts)| {
            let output: Vec<u8> = used
                .iter()
                .enumerate()
                .filter(|(k, _)| pick >> k & 1 == 1)
                .map(|(_, &l)| l)
                .collect();
            Case {
                inputs,
                output,
                sizes,
                seed,
                layouts,
            }
        })
}

fn size(c: &Case, l: u8) -> usize {
    c.sizes[(l - b'a') as usize]
}

/// Operand data: a C array of the term's shape, then viewed in one of four layouts.
fn make(c: &Case, k: usize) -> Array<i64, 1> {
    let n: usize = c.inputs[k].iter().map(|&l| size(c, l)).product();
    let mut x = c.seed.wrapping_add(k as u64 * 7919);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % 7) as i64 - 3
        })
        .collect()
}

macro_rules! with_rank {
    ($n:expr, $body:ident, $($args:expr),*) => {
        match $n {
            0 => $body::<0>($($args),*),
            1 => $body::<1>($($args),*),
            2 => $body::<2>($($args),*),
            3 => $body::<3>($($args),*),
            _ => unreachable!(),
        }
    };
}

/// The buffer behind operand `k`: `data` (C order) laid out as `kind` says — C order, F order,
/// all strides negative, or every other element of a larger buffer (see [`operand`]).
fn buffer<const N: usize>(c: &Case, k: usize, data: &Array<i64, 1>) -> Array<i64, 1> {
    let shape = shape_of::<N>(c, k);
    let values = data.to_vec();
    let buffer: Vec<i64> = match c.layouts[k] {
        0 => values,
        // The transpose's C order: viewed transposed, the logical order is the original.
        1 => Array::<i64, N>::from_shape_vec(shape, values)
            .unwrap()
            .t()
            .to_vec(),
        2 => values.into_iter().rev().collect(),
        _ => values.into_iter().flat_map(|v| [v, 99]).collect(),
    };
    Array::from_vec(buffer)
}

fn shape_of<const N: usize>(c: &Case, k: usize) -> [usize; N] {
    let mut shape = [0usize; N];
    for (d, &l) in c.inputs[k].iter().enumerate() {
        shape[d] = size(c, l);
    }
    shape
}

/// An operand of rank N with the term's shape over `buf` (made by [`buffer`]), equal to `data`
/// in C order. The operand borrows `buf`.
fn operand<'a, const N: usize>(
    c: &Case,
    k: usize,
    data: &Array<i64, 1>,
    buf: &'a Array<i64, 1>,
) -> Operand<'a, i64> {
    let shape = shape_of::<N>(c, k);
    let kind = c.layouts[k];
    let flat = match kind {
        2 => buf.slice(s![..;-1]),
        3 => buf.slice(s![..;2]),
        _ => buf.view(),
    };
    let mut storage_shape = shape;
    if kind == 1 {
        storage_shape.reverse();
    }
    let laid = match flat.reshape(storage_shape) {
        CowArray::View(v) => v,
        CowArray::Owned(_) => panic!("these layouts reshape without a copy"),
    };
    let v = if kind == 1 { laid.t() } else { laid };
    assert_eq!(v.to_vec(), data.to_vec());
    Operand::new(&v)
}

fn run_case<const M: usize>(c: &Case) -> Result<(), TestCaseError> {
    let inputs: Vec<&[u8]> = c.inputs.iter().map(|t| t.as_slice()).collect();
    let spec = Spec {
        subscripts: "proptest",
        inputs: &inputs,
        output: &c.output,
    };
    let datas: Vec<Array<i64, 1>> = (0..c.inputs.len()).map(|k| make(c, k)).collect();
    // Every buffer first, then the operands that borrow them.
    let bufs: Vec<Array<i64, 1>> = (0..c.inputs.len())
        .map(|k| match c.inputs[k].len() {
            0 => buffer::<0>(c, k, &datas[k]),
            1 => buffer::<1>(c, k, &datas[k]),
            2 => buffer::<2>(c, k, &datas[k]),
            _ => buffer::<3>(c, k, &datas[k]),
        })
        .collect();
    let ops: Vec<Operand<i64>> = (0..c.inputs.len())
        .map(|k| match c.inputs[k].len() {
            0 => operand::<0>(c, k, &datas[k], &bufs[k]),
            1 => operand::<1>(c, k, &datas[k], &bufs[k]),
            2 => operand::<2>(c, k, &datas[k], &bufs[k]),
            _ => operand::<3>(c, k, &datas[k], &bufs[k]),
        })
        .collect();
    let want = reference::<i64, M>(&spec, &ops);
    let got = einarray::einsum::try_run::<i64, M>(&spec, &ops);
    match (want, got) {
        (Ok(w), Ok(g)) => prop_assert_eq!(g, w, "{:?}", c),
        (Err(_), Err(_)) => {}
        (w, g) => prop_assert!(
            false,
            "{c:?}: reference {:?} but run {:?}",
            w.map(|_| ()),
            g.map(|_| ())
        ),
    }
    // The panicking entry point agrees with the fallible one on valid input.
    if let Ok(w) = reference::<i64, M>(&spec, &ops) {
        prop_assert_eq!(run::<i64, M>(&spec, &ops), w);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn einsum_runtime_matches_the_naive_reference(c in case()) {
        prop_assume!(c.output.len() <= 3);
        with_rank!(c.output.len(), run_case, &c)?;
    }
}

/// Operands whose elements overlap (sliding windows over an image, some transposed or
/// reversed first): the runtime contracts them without packing them, and must still equal the
/// reference.
fn run_window_case(
    (h, w, kh, kw, seed, pick, flip): (usize, usize, usize, usize, u64, usize, bool),
) -> Result<(), TestCaseError> {
    /// A spec, its two input terms and its output.
    type WindowSpec = (&'static str, &'static [u8], &'static [u8], &'static [u8]);
    const SPECS: [WindowSpec; 6] = [
        ("ijkl,kl->ij", b"ijkl", b"kl", b"ij"),
        ("ijkl,kl->ji", b"ijkl", b"kl", b"ji"),
        ("ijkl,jl->ik", b"ijkl", b"jl", b"ik"),
        ("ijkl,ik->jl", b"ijkl", b"ik", b"jl"),
        ("ijkl,l->ijk", b"ijkl", b"l", b"ijk"),
        ("ijkl,kli->j", b"ijkl", b"kli", b"j"),
    ];
    let (name, ta, tb, out) = SPECS[pick % SPECS.len()];
    let mut x = seed;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % 7) as i64 - 3
    };
    let img = Array::<i64, 2>::from_fn([h, w], |_| next());
    let base = if flip {
        img.slice(s![..;-1, ..])
    } else {
        img.view()
    };
    let windows = base.sliding_window_view([kh, kw]);
    let (oh, ow) = (h - kh + 1, w - kw + 1);
    let size = |l: u8| match l {
        b'i' => oh,
        b'j' => ow,
        b'k' => kh,
        _ => kw,
    };
    let bshape: Vec<usize> = tb.iter().map(|&l| size(l)).collect();
    let bdata: Vec<i64> = (0..bshape.iter().product::<usize>())
        .map(|_| next())
        .collect();
    let inputs: [&[u8]; 2] = [ta, tb];
    let spec = Spec {
        subscripts: name,
        inputs: &inputs,
        output: out,
    };
    macro_rules! go {
        ($rb:literal, $m:literal) => {{
            let b = Array::<i64, $rb>::from_shape_vec(bshape.clone().try_into().unwrap(), bdata)
                .unwrap();
            let ops = [Operand::new(&windows), Operand::new(&b.view())];
            let want = reference::<i64, $m>(&spec, &ops).unwrap();
            prop_assert_eq!(run::<i64, $m>(&spec, &ops), want, "{}", name);
        }};
    }
    match (tb.len(), out.len()) {
        (2, 2) => go!(2, 2),
        (1, 3) => go!(1, 3),
        (3, 1) => go!(3, 1),
        _ => unreachable!(),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn einsum_over_sliding_windows_matches_the_reference(
        (h, w) in (1usize..9, 1usize..9),
        (fk, fl) in (0.0f64..1.0, 0.0f64..1.0),
        seed in any::<u64>(),
        pick in 0usize..6,
        flip in any::<bool>(),
    ) {
        let kh = 1 + ((h - 1) as f64 * fk) as usize;
        let kw = 1 + ((w - 1) as f64 * fl) as usize;
        run_window_case((h, w, kh, kw, seed, pick, flip))?;
    }
}

//! Safe calls that once corrupted memory or aborted the process (issue 13), one test each.
//!
//! Several of these only misbehaved in release builds, where `debug_assert!` is off and integer
//! overflow wraps: CI runs this file with `--release` as well as in the debug test run.

use einarray::einsum::{DirectOperand, Operand, Spec, ELLIPSIS};
use einarray::prelude::*;
use einarray::random::RandomState;
use einarray::ErrorKind;

// ---- 1. `zip_within` writes only through views of `self` ----

static READ_ONLY: [i64; 4] = [1, 2, 3, 4];

/// A `'static` borrow of a leaked box, kept reachable from a static so that leak checkers
/// (valgrind) do not count it as lost.
fn keep<T: ?Sized + Send + 'static>(b: Box<T>) -> &'static mut T {
    static KEPT: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());
    let r = Box::leak(b);
    KEPT.lock().unwrap().push(r as *mut T as *mut u8 as usize);
    r
}

#[test]
fn zip_within_refuses_a_destination_outside_self() {
    let mut x = Array::<i64, 1>::arange(4);
    let e = x
        .view_mut()
        .try_zip_within(
            |_| View::from_shape([4], &READ_ONLY).unwrap(),
            |x| x,
            |a, b| *a += *b,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        e.to_string(),
        "zip_within: the destination is not a view of the array being written"
    );
    assert_eq!(READ_ONLY, [1, 2, 3, 4]);
    assert_eq!(x.to_vec(), vec![0, 1, 2, 3]);
}

#[test]
// It leaks a buffer (`keep`) to get a `'static` borrow, which Miri reports as a leak.
#[cfg_attr(miri, ignore)]
#[should_panic(expected = "zip_within: the destination is not a view of the array being written")]
fn zip_within_panics_on_a_destination_outside_self() {
    // Any `'static` view fits the closure's signature: a leaked buffer's too.
    let other: &'static Array<i64, 1> = keep(Box::new(Array::zeros([4])));
    let mut x = Array::<i64, 1>::zeros([4]);
    x.zip_within(|_| other.view(), |x| x, |a, b| *a += *b);
}

#[test]
// It leaks a buffer (`keep`) to get a `'static` borrow, which Miri reports as a leak.
#[cfg_attr(miri, ignore)]
fn zip_within_refuses_a_neighbouring_destination() {
    // Two halves of one buffer: `x` may not write into the other half, borrowed shared.
    let data: &'static mut [i64] = keep(vec![0i64, 1, 2, 3, 4, 5, 6, 7].into_boxed_slice());
    let (lo, hi) = data.split_at_mut(4);
    let hi: &'static [i64] = hi;
    let hi_view = View::from_shape([4], hi).unwrap();
    let mut x = ViewMut::from_shape([4], lo).unwrap();
    assert!(x
        .try_zip_within(|_| hi_view, |x| x, |a, b| *a += *b)
        .is_err());
    // Reading the neighbour is fine; the destination is part of `x`.
    x.zip_within(
        |x| x.slice(s![2..]),
        |_| hi_view.slice(s![..2]),
        |a, b| *a += *b,
    );
    assert_eq!(x.to_vec(), vec![0, 1, 6, 8]);
    assert_eq!(hi, &[4, 5, 6, 7]);
}

#[test]
fn zip_within_on_a_strided_view_reaches_only_its_elements() {
    let mut a = Array::<i64, 1>::arange(12).into_reshape([3, 4]);
    let mut cols = a.slice_mut(s![.., 1..;2]); // columns 1 and 3
    cols.zip_within(
        |v| v.slice(s![.., 0]),
        |v| v.slice(s![.., 1]),
        |a, b| *a += 100 * *b,
    );
    assert_eq!(
        a.to_vec(),
        vec![0, 301, 2, 3, 4, 705, 6, 7, 8, 1109, 10, 11]
    );
}

// ---- 2. Output sizes that overflow `usize` are errors, never tiny buffers ----

fn huge() -> Array<f64, 1> {
    Array::<f64, 1>::ones([1])
}

#[test]
fn einsum_output_too_large_is_an_error() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let e = try_einsum!("i,j->ij", big, big).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
    assert!(e.to_string().contains("is too large"), "{e}");
    let e = try_einsum!("i,j,k->ijk", big, big, big).unwrap_err();
    assert!(e.to_string().contains("is too large"), "{e}");
}

#[test]
#[should_panic(expected = "is too large")]
fn einsum_output_too_large_panics() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let _ = einsum!("i,j->ij", big, big);
}

#[test]
fn dot_output_too_large_is_an_error() {
    let one = Array::<f64, 2>::ones([1, 1]);
    let tall = one.broadcast_to([1usize << 33, 1]);
    let wide = one.broadcast_to([1, 1usize << 33]);
    let e = tall.try_dot(&wide).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

#[test]
#[should_panic(expected = "too large")]
fn outer_output_too_large_panics() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let _ = einarray::linalg::outer(&big, &big);
}

#[test]
#[should_panic(expected = "kron: shape")]
fn kron_output_too_large_panics() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let _ = einarray::linalg::kron(&big, &big);
}

#[test]
#[should_panic(expected = "too large")]
fn multiply_outer_too_large_panics() {
    use einarray::ufunc::BinaryUfunc;
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let _: Array<f64, 2> = einarray::ufunc::multiply.outer(&big, &big);
}

// ---- 4. The functions macro expansions call validate what they are given ----

#[test]
fn einsum_view_checks_a_hand_made_spec() {
    let a = Array::<f64, 2>::zeros([5, 1]);
    // `...` then the ellipsis' own internal label: a diagonal over axes of sizes 5 and 1.
    let bad = [ELLIPSIS, 128];
    let spec = Spec {
        subscripts: "hand-made",
        inputs: &[&bad],
        output: &[128],
    };
    let e = einarray::einsum::try_view::<f64, 2, _, 1>(&spec, a.view()).unwrap_err();
    assert!(e.to_string().contains("not an ASCII letter"), "{e}");
    // Two ellipses in a term, and `...` in the output but in no input.
    for (input, output, says) in [
        (
            &[ELLIPSIS, b'i', ELLIPSIS][..],
            &[b'i'][..],
            "more than one `...`",
        ),
        (
            b"ij",
            &[ELLIPSIS, b'i'][..],
            "`...` in the output but in no input",
        ),
    ] {
        let spec = Spec {
            subscripts: "hand-made",
            inputs: &[input],
            output,
        };
        let e = einarray::einsum::try_view::<f64, 2, _, 1>(&spec, a.view()).unwrap_err();
        assert!(e.to_string().contains(says), "{e}");
    }
    // An output label no input has, a repeated one, and an output of the wrong rank.
    for (input, output) in [(&b"ij"[..], &b"ik"[..]), (b"ij", b"i"), (b"ij", b"iji")] {
        let spec = Spec {
            subscripts: "hand-made",
            inputs: &[input],
            output,
        };
        assert!(einarray::einsum::try_view::<f64, 2, _, 2>(&spec, a.view()).is_err());
        let r = einarray::einsum::try_run::<f64, 2>(&spec, &[Operand::new(&a.view())]);
        assert!(r.is_err());
    }
}

/// The direct kernel's operand for a 1-D view bound to label 0 of `L`.
fn direct_operand<const L: usize>(a: &Array<f64, 1>) -> DirectOperand<'_, f64, L> {
    let spec = Spec {
        subscripts: "hand-made",
        inputs: &[b"i"],
        output: b"i",
    };
    let (mut sizes, mut first) = ([usize::MAX; L], [(0, 0); L]);
    DirectOperand::new(&spec, 0, a.view(), [0], &mut sizes, &mut first).unwrap()
}

#[test]
#[should_panic(expected = "einsum direct kernel: label 0 has size 1000 but an operand's axes")]
fn einsum_direct_checks_its_sizes() {
    let a = Array::<f64, 1>::zeros([2]);
    // Sizes larger than the operand's: the kernel would read past its buffer.
    let _ =
        einarray::einsum::direct::<f64, 1, 1, 1, _>([1000], [direct_operand(&a)], (&a.view(), ()));
}

#[test]
#[should_panic(expected = "einsum direct kernel: label 1 (size 3) is not bound by any operand")]
fn einsum_direct_checks_that_every_label_is_bound() {
    let a = Array::<f64, 1>::zeros([2]);
    // The operands' static-size marker only selects which loop nest is compiled: both check.
    let s: Array<f64, 1, (Const<2>,)> = a.clone().into_static().unwrap();
    let _ =
        einarray::einsum::direct::<f64, 2, 1, 2, _>([2, 3], [direct_operand(&a)], (&s.view(), ()));
}

#[test]
fn zip_views_checks_the_output_rank() {
    let a = Array::<f64, 1>::zeros([3]);
    let r = einarray::zip::try_zip_views::<f64, f64, f64, 1, 1, 3, _, _>(
        "add",
        a.view(),
        a.view(),
        |x, y| x + y,
    );
    assert!(r.is_err());
    let r = einarray::zip::try_zip_views::<f64, f64, f64, 1, 1, 0, _, _>(
        "add",
        a.view(),
        a.view(),
        |x, y| x + y,
    );
    assert!(r.is_err());
}

// ---- 6. Printing empty arrays ----

#[test]
fn empty_arrays_print_as_numpy_does() {
    let a = Array::<f64, 2>::zeros([0, 3]);
    assert_eq!(a.to_string(), "[]");
    assert_eq!(
        format!("{a:?}"),
        "[], shape=[0, 3], strides=[3, 1], layout=C|F"
    );
    let b = Array::<i32, 3>::zeros([2, 0, 4]);
    assert_eq!(b.to_string(), "[]");
    assert!(format!("{b:?}").starts_with("[], shape=[2, 0, 4]"));
    let c = Array::<i32, 1>::zeros([0]);
    assert_eq!(c.to_string(), "[]");
}

#[test]
#[should_panic(expected = "assertion `left == right` failed")]
fn a_failing_assert_on_empty_arrays_panics_instead_of_aborting() {
    let a = Array::<f64, 2>::zeros([0, 3]);
    let b = Array::<f64, 2>::zeros([2, 0]);
    assert_eq!(a, b);
}

// ---- 7. Requests too large for memory are errors, not aborts ----

const TOO_MUCH: usize = 1 << 40; // 8 TiB of f64

#[test]
// Under Miri an allocation is real memory of the host: no 8 TiB requests.
#[cfg_attr(miri, ignore)]
fn zeros_too_large_for_memory_is_an_error() {
    let e = Array::<f64, 1>::try_zeros([TOO_MUCH]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Memory);
    assert_eq!(
        e.to_string(),
        "zeros: unable to allocate 8.00 TiB for an array with shape [1099511627776]"
    );
    assert!(Array::<f64, 2>::try_ones([TOO_MUCH, 2]).is_err());
    assert!(Array::<f64, 1>::try_full([TOO_MUCH], 1.5).is_err());
}

#[test]
// Under Miri an allocation is real memory of the host: no 8 TiB requests.
#[cfg_attr(miri, ignore)]
#[should_panic(expected = "zeros: unable to allocate 8.00 TiB")]
fn zeros_too_large_for_memory_panics() {
    let _ = Array::<f64, 1>::zeros([TOO_MUCH]);
}

#[test]
// Under Miri an allocation is real memory of the host: no 8 TiB requests.
#[cfg_attr(miri, ignore)]
#[should_panic(expected = "linspace: unable to allocate")]
fn linspace_too_large_for_memory_panics() {
    let _ = Array::<f64, 1>::linspace(0.0, 1.0, TOO_MUCH);
}

#[test]
// Under Miri an allocation is real memory of the host: no 8 TiB requests.
#[cfg_attr(miri, ignore)]
fn linspace_too_large_is_an_error() {
    let e = Array::<f64, 1>::try_linspace(0.0, 1.0, TOO_MUCH).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Memory);
    let e = Array::<f64, 1>::try_linspace(0.0, 1.0, usize::MAX).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

#[test]
// Under Miri an allocation is real memory of the host: no 8 TiB requests.
#[cfg_attr(miri, ignore)]
fn choice_of_a_huge_population_is_an_error_naming_choice() {
    let mut rng = RandomState::new(0);
    let e = rng.try_choice(TOO_MUCH, 3, false).unwrap_err();
    assert!(e.to_string().starts_with("choice: "), "{e}");
    let e = rng.try_choice(usize::MAX, 3, true).unwrap_err();
    assert!(e.to_string().starts_with("choice: "), "{e}");
    // A population that fits is still sampled.
    assert_eq!(rng.try_choice(10, 3, true).unwrap().len(), 3);
}

#[test]
fn shares_memory_of_huge_broadcast_views_needs_no_buffer() {
    let a = Array::<f64, 1>::arange(4.0);
    let big = a.slice(s![..1]).broadcast_to([TOO_MUCH]);
    let other = a.slice(s![1..3]).broadcast_to([TOO_MUCH, 2]);
    assert!(big.shares_memory(&a));
    assert!(!big.shares_memory(&other));
    assert!(other.shares_memory(&a.slice(s![2..3])));
}

// ---- 8. Sub-views of empty arrays never point past their buffer ----

#[test]
fn index_axis_of_an_empty_array_keeps_the_base_pointer() {
    let a = Array::<f64, 2>::zeros([3, 0]);
    let row = a.index_axis::<1>(Axis(0), 2);
    assert_eq!(row.shape(), [0]);
    assert_eq!(row.as_ptr(), a.as_ptr());
    let b = Array::<f64, 3>::zeros([4, 0, 2]);
    let sub = b.view().index_axis::<2>(Axis(2), 1);
    assert_eq!(sub.as_ptr(), b.as_ptr());
}

// ---- Every SIMD tier is tested: `EINARRAY_SIMD` caps the tier the loops dispatch to ----

#[test]
fn the_simd_tier_follows_its_cap() {
    use einarray::config::{simd_level, SimdLevel};
    match std::env::var("EINARRAY_SIMD").as_deref() {
        Ok("scalar") => assert_eq!(simd_level(), SimdLevel::Baseline),
        Ok("avx2") => assert_ne!(simd_level(), SimdLevel::Avx512),
        _ => {}
    }
    // Whatever the tier, the dispatched element loops give the same products.
    let a = Array::<f64, 1>::linspace(-1.0, 1.0, 1001);
    let b = &a * &a;
    assert!(b.iter().zip(a.iter()).all(|(y, x)| *y == x * x));
}

#[test]
fn tensor_output_too_large_is_an_error() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    let e = try_tensor!(c[i, j] := big[i] + big[j]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
    assert!(
        e.to_string()
            .starts_with("tensor: shape [8589934592, 8589934592] is too large"),
        "{e}"
    );
}

#[test]
fn tensor_loops_output_too_large_is_an_error() {
    let one = huge();
    let big = one.broadcast_to([1usize << 33]);
    // A reduction nested in the right side: the loop-nest path, not the element-wise one.
    let small = Array::<f64, 1>::ones([3]);
    let e = try_tensor!(c[i, j] := big[i] * sum[k](small[k]) + big[j]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

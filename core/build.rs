//! Generates the `SliceArg` impls: for an array of rank `N` and an `s![]` taking `A` input axes
//! and making `B` output axes, the view has rank `M = N - A + B` (ranks up to 8).

use std::fmt::Write;

const MAX_RANK: usize = 8;

fn main() {
    let mut out = String::new();
    for n in 0..=MAX_RANK {
        for a in 0..=n {
            for b in 0..=MAX_RANK {
                let m = n - a + b;
                if m > MAX_RANK {
                    continue;
                }
                for e in 0..=1 {
                    writeln!(
                        out,
                        "#[diagnostic::do_not_recommend] impl SliceArg<{n}, {m}> for SliceInfo<R<{a}>, R<{b}>, R<{e}>> {{ \
                         fn elems(&self) -> &[SliceElem] {{ SliceInfo::elems(self) }} }}"
                    )
                    .unwrap();
                }
            }
        }
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("slice_arg_impls.rs");
    std::fs::write(dest, out).unwrap();
    std::fs::write(
        std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("rank_impls.rs"),
        rank_impls(),
    )
    .unwrap();
    avx512_intrinsics();
    println!("cargo:rerun-if-changed=build.rs");
}

/// Sets `einarray_avx512_intrinsics` when the compiler has the AVX-512 intrinsics (stable
/// since Rust 1.89): the explicit-SIMD argmax uses them there, and its AVX2 kernel on older
/// compilers (the crate's MSRV is 1.85).
fn avx512_intrinsics() {
    println!("cargo::rustc-check-cfg=cfg(einarray_avx512_intrinsics)");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let minor = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| {
            // "rustc 1.95.0 (…)" or "rustc 1.96.0-nightly (…)".
            let version = v.split_whitespace().nth(1)?;
            let mut parts = version.split('.');
            (parts.next()? == "1").then_some(())?;
            parts.next()?.parse::<u32>().ok()
        });
    if minor.is_some_and(|m| m >= 89) {
        println!("cargo:rustc-cfg=einarray_avx512_intrinsics");
    }
}

/// Rank arithmetic tables (ranks up to 8), included by `rank.rs`:
/// `Rank<N>: EllDims<E, N - E>`, `Rank<A>: MaxDims<B, max(A, B)>`, `Rank<A>: PlusDims<B, A + B>`,
/// and `Ranks: BroadcastRanks<A, B>` (the result type of a broadcasting operator).
fn rank_impls() -> String {
    let mut out = String::new();
    for n in 0..=MAX_RANK {
        for e in 0..=n {
            writeln!(
                out,
                "impl EllDims<{e}, {}> for crate::rank::Rank<{n}> {{}}",
                n - e
            )
            .unwrap();
        }
    }
    for a in 0..=MAX_RANK {
        for b in 0..=MAX_RANK {
            let r = a.max(b);
            writeln!(
                out,
                "impl MaxDims<{b}, {r}> for crate::rank::Rank<{a}> {{}}"
            )
            .unwrap();
            writeln!(
                out,
                "impl BroadcastRanks<{a}, {b}> for Ranks {{ type Out<V> = crate::Array<V, {r}>; \
                 fn zip<A, B, V, SA: crate::Shape<{a}>, SB: crate::Shape<{b}>>(\
                 op: &str, a: crate::View<'_, A, {a}, SA>, b: crate::View<'_, B, {b}, SB>, \
                 f: impl Fn(&A, &B) -> V + Sync) -> Result<crate::Array<V, {r}>, crate::ShapeError> \
                 {{ crate::zip::try_zip_views_sync(op, a, b, f) }} \
                 fn reuse<T, S: crate::Shape<{a}>>(x: crate::Array<T, {a}, S>) \
                 -> Result<crate::Array<T, {r}>, crate::Array<T, {a}, S>> {{ crate::zip::recast(x) }} }}"
            )
            .unwrap();
            for k in 0..=MAX_RANK {
                if b >= 1 && b <= a && a - b + k <= MAX_RANK {
                    writeln!(
                        out,
                        "impl IndexAxesDims<{b}, {k}, {}> for crate::rank::Rank<{a}> {{}}",
                        a - b + k
                    )
                    .unwrap();
                }
            }
            if b <= a && a - b < MAX_RANK {
                writeln!(
                    out,
                    "impl MaskDims<{b}, {}> for crate::rank::Rank<{a}> {{}}",
                    a - b + 1
                )
                .unwrap();
            }
            if a >= 1 && a + b - 1 <= MAX_RANK {
                writeln!(
                    out,
                    "impl TakeDims<{b}, {}> for crate::rank::Rank<{a}> {{}}",
                    a + b - 1
                )
                .unwrap();
            }
            if a + b <= MAX_RANK {
                writeln!(
                    out,
                    "impl PlusDims<{b}, {}> for crate::rank::Rank<{a}> {{}}",
                    a + b
                )
                .unwrap();
            }
        }
    }
    out
}

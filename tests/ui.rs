//! Compile-fail cases: each `ui-tests/fail/*.rs` must fail with its committed `.stderr`, and the
//! `pass` cases must build and run (so post-monomorphization errors are seen too).
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then read it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/pass/*.rs");
    t.compile_fail("ui-tests/fail/*.rs");
}

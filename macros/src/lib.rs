//! Procedural macros of [einarray](https://docs.rs/einarray).
//!
//! This crate will hold `einsum!` and `tensor!`: index notation parsed, checked and planned at
//! compile time, expanded to calls into `::einarray::__private`. It exports nothing yet; the
//! array macros that need no parsing (`s!`, `array!`) are `macro_rules!` in `einarray-core`.

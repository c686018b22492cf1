//! What the compiler now catches: NumPy finds each of these mistakes when the line runs (or
//! never); einarray refuses to build. Every snippet is a compile-fail case in `ui-tests/fail/`
//! with its committed error text, run by `cargo test --test ui`; the tour prints those files,
//! so what it shows is what the test suite checks.

use crate::section;

/// A UI case: what it shows, what NumPy does, the source, and the compiler's message.
struct Case {
    title: &'static str,
    numpy: &'static str,
    source: &'static str,
    stderr: &'static str,
}

macro_rules! case {
    ($title:expr, $numpy:expr, $file:literal) => {
        Case {
            title: $title,
            numpy: $numpy,
            source: include_str!(concat!("../../ui-tests/fail/", $file, ".rs")),
            stderr: include_str!(concat!("../../ui-tests/fail/", $file, ".stderr")),
        }
    };
}

const CASES: &[Case] = &[
    case!(
        "a misspelled einsum label",
        "np.einsum('ij,jk->il', a, b): ValueError when the line runs",
        "einsum-unknown-output-label"
    ),
    case!(
        "an operand of the wrong rank",
        "np.einsum('ij,jk->ik', a, b3d): ValueError when the line runs",
        "einsum-operand-rank"
    ),
    case!(
        "a static size mismatch between contracted axes",
        "a (2, 3) times a (4, 5): ValueError when the line runs",
        "einsum-static-size-mismatch"
    ),
    case!(
        "a broadcast mistake with static sizes (an error at `cargo build`)",
        "(3,) + (2, 4): ValueError when the line runs",
        "broadcast-static-size-mismatch"
    ),
    case!(
        "writing into an array a live view reads",
        "s3 = x[:5]; x[2] = -1 silently changes s3",
        "write-while-a-view-is-alive"
    ),
    case!(
        "an einsum whose out= is also an input (the In [68] GOTCHA)",
        "x.dot(v, out=x): unspecified in the notebook's NumPy 1.12 (buffered since)",
        "einsum-out-aliases-input"
    ),
    case!(
        "a tensor! label with nowhere to come from",
        "(no index notation in NumPy)",
        "tensor-left-label-not-on-right"
    ),
];

/// The lines of `main`'s body (the snippet a user would write).
fn body(source: &str) -> String {
    let start = source
        .find("fn main() {")
        .map_or(0, |i| i + "fn main() {".len());
    let end = source.rfind('}').unwrap_or(source.len());
    source[start..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("    {}", l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The compiler's message up to its first blank line (the error and where it points), and,
/// when that points into einarray (a post-monomorphization error), the later block that
/// points at the user's line.
fn headline(stderr: &str) -> String {
    let blocks: Vec<&str> = stderr.split("\n\n").collect();
    let mut shown = vec![blocks[0]];
    if !blocks[0].contains("--> ui-tests/") {
        if let Some(user) = blocks.iter().find(|b| b.contains("--> ui-tests/")) {
            shown.push(user);
        }
    }
    shown
        .iter()
        .flat_map(|b| b.lines())
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run() {
    section("What the compiler catches");
    for (n, c) in CASES.iter().enumerate() {
        println!("\n{}. {}", n + 1, c.title);
        println!("  NumPy: {}", c.numpy);
        println!("  einarray:\n{}", body(c.source));
        println!("  cargo build says:\n{}", headline(c.stderr));
    }
    println!(
        "\n(each is a compile-fail case under ui-tests/fail/, checked by cargo test --test ui)"
    );
}

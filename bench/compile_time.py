#!/usr/bin/env python3
"""What one `einsum!` call or `tensor!` statement costs to compile (issue 14).

Usage (from the repository root; needs only cargo):

    python3 bench/compile_time.py [--calls 300] [--statements 100] [--profile release]

Builds four throw-away library crates under `target/compile-time/`, each depending on this
workspace by path and sharing one target directory, so einarray itself is compiled once,
before any timing:

- `einsum_macro`: `--calls` functions, one `einsum!` call each, on dynamic-shape `f64` arrays
  (thirty contractions in turn: matrix products, batched products, traces, transposes, outer
  products, three-operand chains, `...` broadcasting);
- `einsum_runtime`: the same contractions through the runtime entry point
  (`einarray::einsum::try_run`), the spec a value: what a call costs without the macro;
- `tensor_macro`: `--statements` functions, one `tensor!` statement each (products, element-wise
  expressions, reductions, the one-line softmax, writes into existing arrays);
- `tensor_hand`: the same statements as hand-written loops over `a[[i, j]]`.

Each crate is built once to warm the dependency, then its `lib.rs` is touched and rebuilt;
the best of two rebuilds is reported, with the cost per call (the crate's time divided by its
call count). A crate also pays once for what its calls share (the runtime einsum path and
each shared kernel instantiation), so each crate is built a second time with twice the calls:
the difference divided by the added calls is the marginal cost of one more call. The cost is
monomorphisation and LLVM's work on each function; `cargo check` costs far less and is
reported too.
"""
import argparse
import os
import pathlib
import platform
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compile-time"

# (subscripts, operand ranks): dynamic f64 arrays of these ranks.
EINSUM = [
    ("ij,jk->ik", (2, 2)), ("ij,kj->ik", (2, 2)), ("ji,jk->ik", (2, 2)), ("bij,bjk->bik", (3, 3)),
    ("ii->", (2,)), ("ii->i", (2,)), ("ij->", (2,)), ("ij->i", (2,)), ("ij->j", (2,)),
    ("i,i->", (1, 1)), ("i,j->ij", (1, 1)), ("ij,j->i", (2, 1)), ("i,ij->j", (1, 2)),
    ("ijk->kji", (3,)), ("ijk,jk->i", (3, 2)), ("ij,jk,kl->il", (2, 2, 2)),
    ("ijk,ikl->ijl", (3, 3)), ("ij,ij->", (2, 2)), ("ij,ij->ij", (2, 2)), ("abc,cd->abd", (3, 2)),
    ("...ij,...jk->...ik", (3, 3)), ("...i,...i->...", (2, 2)), ("i...->...", (3,)),
    ("ijkl,kl->ij", (4, 2)), ("ab,bc,cd,de->ae", (2, 2, 2, 2)), ("i,i,i->i", (1, 1, 1)),
    ("ijk,ijk->", (3, 3)), ("bn,anm,bm->ba", (2, 3, 2)), ("ij,jk->ki", (2, 2)), ("ik,kj", (2, 2)),
]

TENSOR = [
    # (tensor! statement, hand loops); arrays a, b: rank 2 (n×n); v, w: rank 1; c: rank 2 out.
    ("c[i, k] := a[i, j] * b[j, k]",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for i in 0..n { for k in 0..n { let mut s = 0.0; "
     "for j in 0..n { s += a[[i, j]] * b[[j, k]]; } c[[i, k]] = s; } }"),
    ("c[i, j] := a[i, j] * 2.0 + b[j, i]",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for i in 0..n { for j in 0..n { "
     "c[[i, j]] = a[[i, j]] * 2.0 + b[[j, i]]; } }"),
    ("c[i] := sum[j](a[i, j] * v[j])",
     "let mut c = Array::<f64, 1>::zeros([n]); for i in 0..n { let mut s = 0.0; "
     "for j in 0..n { s += a[[i, j]] * v[[j]]; } c[[i]] = s; }"),
    ("c[i] := max[j](a[i, j]) - min[j](a[i, j])",
     "let mut c = Array::<f64, 1>::zeros([n]); for i in 0..n { let mut hi = f64::NEG_INFINITY; "
     "let mut lo = f64::INFINITY; for j in 0..n { hi = hi.max(a[[i, j]]); lo = lo.min(a[[i, j]]); } "
     "c[[i]] = hi - lo; }"),
    ("c[b, o] := (a[b, o] - max[k](a[b, k])).exp() / sum[k]((a[b, k] - max[m](a[b, m])).exp())",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for b in 0..n { let mut mx = f64::NEG_INFINITY; "
     "for k in 0..n { mx = mx.max(a[[b, k]]); } let mut s = 0.0; for k in 0..n { "
     "s += (a[[b, k]] - mx).exp(); } for o in 0..n { c[[b, o]] = (a[[b, o]] - mx).exp() / s; } }"),
    ("c[i, j] := v[i] * w[j]",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for i in 0..n { for j in 0..n { "
     "c[[i, j]] = v[[i]] * w[[j]]; } }"),
    ("c[i] := a[i, i] + v[i]",
     "let mut c = Array::<f64, 1>::zeros([n]); for i in 0..n { c[[i]] = a[[i, i]] + v[[i]]; }"),
    ("c[i, j] := sum[k](a[i, k] * b[k, j]) / (1.0 + v[i])",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for i in 0..n { for j in 0..n { let mut s = 0.0; "
     "for k in 0..n { s += a[[i, k]] * b[[k, j]]; } c[[i, j]] = s / (1.0 + v[[i]]); } }"),
    ("c[i] := prod[j](1.0 + a[i, j])",
     "let mut c = Array::<f64, 1>::zeros([n]); for i in 0..n { let mut p = 1.0; "
     "for j in 0..n { p *= 1.0 + a[[i, j]]; } c[[i]] = p; }"),
    ("c[j, i] := a[i, j].abs().sqrt()",
     "let mut c = Array::<f64, 2>::zeros([n, n]); for i in 0..n { for j in 0..n { "
     "c[[j, i]] = a[[i, j]].abs().sqrt(); } }"),
]


def crate(name, body, fns):
    d = WORK / name
    (d / "src").mkdir(parents=True, exist_ok=True)
    (d / "Cargo.toml").write_text(
        f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\neinarray = {{ path = "{ROOT}" }}\n\n[workspace]\n'
    )
    lib = "#![allow(clippy::all, unused)]\nuse einarray::prelude::*;\n\n" + "\n".join(
        body(k) for k in range(fns)
    )
    return d, lib


def einsum_macro(k):
    spec, ranks = EINSUM[k % len(EINSUM)]
    args = ", ".join(f"x{i}: &Array<f64, {r}>" for i, r in enumerate(ranks))
    ops = ", ".join(f"x{i}" for i in range(len(ranks)))
    return (f"pub fn f{k}({args}) -> usize {{\n"
            f"    einarray::try_einsum!(\"{spec}\", {ops}).map(|r| r.len()).unwrap_or(0)\n}}\n")


def einsum_runtime(k):
    spec, ranks = EINSUM[k % len(EINSUM)]
    args = ", ".join(f"x{i}: &Array<f64, {r}>" for i, r in enumerate(ranks))
    ops = ", ".join(f"Operand::new(&x{i}.view())" for i in range(len(ranks)))
    terms, _, out = spec.partition("->")
    inputs = ", ".join(f'b"{t}"' for t in terms.split(","))
    if "->" not in spec:  # implicit output, spelled out for the runtime
        letters = "".join(sorted(c for c in terms if terms.count(c) == 1 and c.isalpha()))
        out = ("..." if "..." in terms else "") + letters
    ell = max((r - len(t.replace("...", "")) for t, r in zip(terms.split(","), ranks)
               if "..." in t), default=0)
    m = len(out.replace("...", "")) + (ell if "..." in out else 0)
    return (f"pub fn f{k}({args}) -> usize {{\n"
            f"    use einarray::einsum::{{Operand, Spec}};\n"
            f"    const S: Spec<'static> = Spec {{ subscripts: \"{spec}\", inputs: &[{inputs}], "
            f"output: b\"{out}\" }};\n"
            f"    einarray::einsum::try_run::<f64, {m}>(&S, &[{ops}]).map(|r| r.len()).unwrap_or(0)\n}}\n")


SIG = ("a: &Array<f64, 2>, b: &Array<f64, 2>, v: &Array<f64, 1>, w: &Array<f64, 1>")


def tensor_macro(k):
    stmt, _ = TENSOR[k % len(TENSOR)]
    return f"pub fn f{k}({SIG}) -> usize {{\n    einarray::tensor!({stmt}).len()\n}}\n"


def tensor_hand(k):
    _, loops = TENSOR[k % len(TENSOR)]
    return f"pub fn f{k}({SIG}) -> usize {{\n    let n = a.shape()[0];\n    {loops}\n    c.len()\n}}\n"


def build(d, lib, profile, env):
    (d / "src" / "lib.rs").write_text("pub fn warm() {}\n")
    cmd = ["cargo", "build", "-q"] + (["--release"] if profile == "release" else [])
    subprocess.run(cmd, cwd=d, env=env, check=True)
    subprocess.run(["cargo", "check", "-q"], cwd=d, env=env, check=True)
    (d / "src" / "lib.rs").write_text(lib)
    best = None
    for _ in range(2):
        os.utime(d / "src" / "lib.rs")
        t = time.perf_counter()
        subprocess.run(cmd, cwd=d, env=env, check=True)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    t = time.perf_counter()
    os.utime(d / "src" / "lib.rs")
    subprocess.run(["cargo", "check", "-q"], cwd=d, env=env, check=True)
    return best, time.perf_counter() - t


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=300)
    p.add_argument("--statements", type=int, default=100)
    p.add_argument("--profile", default="release", choices=["release", "dev"])
    p.add_argument("--only", help="build only this crate (einsum_macro, einsum_runtime, ...)")
    a = p.parse_args()
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    print(f"{cpu}, {os.cpu_count()} threads, rustc "
          + subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip())
    print(f"| crate | {a.profile} build | cargo check | per call | one more call (2× the calls) |")
    print("|---|---|---|---|---|")
    rows = [("einsum_macro", einsum_macro, a.calls, f"{a.calls} `einsum!` calls"),
            ("einsum_runtime", einsum_runtime, a.calls, f"the same {a.calls} through `einsum::try_run`"),
            ("tensor_macro", tensor_macro, a.statements, f"{a.statements} `tensor!` statements"),
            ("tensor_hand", tensor_hand, a.statements, f"the same {a.statements} as hand loops")]
    for name, body, n, label in rows:
        if a.only and name != a.only:
            continue
        d, lib = crate(name, body, n)
        full, check = build(d, lib, a.profile, env)
        d, lib = crate(name, body, 2 * n)
        double, _ = build(d, lib, a.profile, env)
        print(f"| {label} | {full:.1f} s | {check:.1f} s | {full / n * 1000:.0f} ms "
              f"| {(double - full) / n * 1000:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Runs the unsafe-heavy tests under Miri, which checks every memory access, alignment, use of
# uninitialised memory and aliasing rule (Stacked Borrows by default, Tree Borrows with
# `--tree-borrows`) that the tests reach.
#
#   scripts/miri.sh          core unit tests + the views, soundness and einsum suites (slow)
#   scripts/miri.sh --ci     the subset CI runs: core unit tests of the unsafe files + soundness
#
# Installs Miri through rustup when it is missing (`rustup component add --toolchain nightly
# miri`). Where it cannot be installed, it says so and exits 0: CI goes on without it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
flags="-Zmiri-strict-provenance"
for arg in "$@"; do
  case "$arg" in
    --ci) mode=ci ;;
    --tree-borrows) flags="$flags -Zmiri-tree-borrows" ;;
    *) echo "usage: scripts/miri.sh [--ci] [--tree-borrows]" >&2; exit 2 ;;
  esac
done
if ! cargo +nightly miri --version >/dev/null 2>&1; then
  if ! rustup component add --toolchain nightly miri rust-src >/dev/null 2>&1; then
    echo "miri: could not install Miri (no nightly toolchain or no network): skipped"
    exit 0
  fi
fi
cargo +nightly miri setup >/dev/null 2>&1 || { echo "miri: setup failed: skipped"; exit 0; }
export MIRIFLAGS="$flags"
# The unit tests of the files that hold unsafe code (layout, views, zip, reduce, einsum, tensor,
# index, storage, the allocation cache, the kernels). GEMM backends are foreign-SIMD heavy and
# slow under Miri: their tests run under valgrind (scripts/valgrind.sh) instead.
core_filters=(layout:: view:: zip:: reduce:: einsum:: tensor:: index:: storage:: alloc:: kernel:: select:: iter:: slice:: array:: fmt::)
if [ "$mode" = ci ]; then
  # About a minute on this 2-core machine with the soundness suite. The allocation-cache and
  # kernel tests use buffers of megabytes, which take Miri many minutes: full mode only.
  core_filters=(layout:: zip:: storage:: iter::)
fi
cargo +nightly miri test -q -p einarray-core --lib -- "${core_filters[@]}"
cargo +nightly miri test -q --test soundness
if [ "$mode" = full ]; then
  cargo +nightly miri test -q --test views
  cargo +nightly miri test -q --test einsum
  cargo +nightly miri test -q --test tensor
fi
echo "miri: no undefined behaviour found ($mode)"

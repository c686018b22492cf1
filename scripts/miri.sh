#!/usr/bin/env bash
# Runs the unsafe-heavy tests under Miri, which checks every memory access, alignment, use of
# uninitialised memory and aliasing rule (Stacked Borrows by default, Tree Borrows with
# `--tree-borrows`) that the tests reach.
#
#   scripts/miri.sh          every unit test of einarray-core, and the soundness, views and
#                            tensor suites (about 6 minutes on this 2-core machine)
#   scripts/miri.sh --ci     the unit tests and the soundness suite (about 2.5 minutes)
#
# Under Miri the allocation cache works in KiB where it works in MiB (`alloc::MIB`), copies use
# 8-wide tiles, and the few tests that compare with libm to the ulp skip that comparison (Miri
# perturbs libm's results on purpose). The `einsum` suite (large GEMMs) is left out: it takes
# Miri over 7 minutes; einsum's unit tests and the soundness suite cover its unsafe paths.
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
cargo +nightly miri test -q -p einarray-core --lib
cargo +nightly miri test -q --test soundness
if [ "$mode" = full ]; then
  cargo +nightly miri test -q --test views
  cargo +nightly miri test -q --test tensor
fi
echo "miri: no undefined behaviour found ($mode, MIRIFLAGS=$flags)"

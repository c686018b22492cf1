#!/usr/bin/env bash
# Runs the test binaries under valgrind memcheck (scripts/miri.sh is the other check of the
# unsafe code). Installs valgrind with apt when missing. Exits non-zero on any memory error or
# definite leak.
#
#   scripts/valgrind.sh            debug builds: every debug_assert of the layout invariants on
#   scripts/valgrind.sh --release  release builds: what users run, with the release-only checks
set -euo pipefail
cd "$(dirname "$0")/.."
profile=()
case "${1:-}" in
  "") ;;
  --release) profile=(--release) ;;
  *) echo "usage: scripts/valgrind.sh [--release]" >&2; exit 2 ;;
esac
if ! command -v valgrind >/dev/null; then
  apt-get update -qq && apt-get install -y -qq valgrind
fi
cargo test --workspace "${profile[@]}" --no-run --message-format=json 2>/dev/null \
  | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        name = m["target"]["name"]
        # Skip trybuild (it runs cargo) and proptest-heavy suites (too slow under valgrind).
        # The proc-macro crate links libstd dynamically and has no unsafe code.
        if name not in ("ui", "properties", "einarray_macros"):
            print(m["executable"])
' > target/valgrind-tests.txt
status=0
while read -r bin; do
  echo "== valgrind $(basename "$bin")"
  # "Possibly lost" blocks are the test harness's thread-local channels, not ours.
  if ! valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      --show-possibly-lost=no --quiet "$bin" --test-threads=1 -q; then
    status=1
  fi
done < target/valgrind-tests.txt
if [ $status -eq 0 ]; then echo "valgrind: no memory errors, no definite leaks"; fi
exit $status

#!/usr/bin/env bash
# Runs each fuzz target for a fixed time (default 120 s each).
#   bash fuzz/run.sh [SECONDS]
# Needs cargo-fuzz (cargo install cargo-fuzz --locked). The stable toolchain
# is used with RUSTC_BOOTSTRAP=1 for the sanitizer flags cargo fuzz passes.
# A finding is written to fuzz/artifacts/<target>/; turn it into a test.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-120}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
status=0
for target in probe response strip; do
  echo "== fuzzing $target for ${secs}s"
  if cargo fuzz run "$target" -- -max_total_time="$secs" -rss_limit_mb=2048 > "target-$target.log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "target-$target.log" || tail -n 2 "target-$target.log"
  else
    status=1
    echo "finding in $target:"
    grep -E -A4 'panicked|ERROR: |SUMMARY' "target-$target.log" | head -n 20
    echo "reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run $target fuzz/artifacts/$target/<file>"
  fi
done
exit $status

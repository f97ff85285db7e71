#!/usr/bin/env bash
# A 40-prompt `venice generate --prompts` batch against the emulator at the
# key's rate limit: wall time against what the limit admits, and how many
# requests were refused with 429. Venice's default is 20 image requests a
# minute; the window is scaled down tenfold (20 per 6 s), as in
# benches/pacing.sh and benches/pipeline.sh. Prints a markdown table
# (BENCHMARKS.md, "Generation batches").
#
#   bash benches/generate.sh              # the debug binaries (cargo build first)
#   PROFILE=release bash benches/generate.sh
#
# Ideal: N requests at L per window W need ceil(N/L) windows; the last
# starts (ceil(N/L) - 1) x W after the first, and its requests take
# ceil(last / jobs) rounds of one request's time.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-debug}
cargo build -q $([ "$profile" = release ] && echo --release) -p venice-cli -p venice-mock
venice=$PWD/target/$profile/venice
mock=$PWD/target/$profile/venice-mock
work=$PWD/target/generate-bench
rm -rf "$work" && mkdir -p "$work"
port=${PORT:-18092}
key=generate-key
latency_ms=100
prompts=40 limit=20 window=6

for i in $(seq 1 "$prompts"); do echo "a lighthouse on a rocky coast, study number $i"; done >"$work/prompts.txt"

run() { # jobs reset_form
  local jobs=$1 form=$2
  local out=$work/out-$jobs-$form log=$work/log-$jobs-$form.jsonl
  "$mock" --port "$port" --key "$key" --rate-limit "$limit/${window}s" --rate-reset "$form" \
    --latency "${latency_ms}ms" --no-lockout --balance 1000000 --no-decode --log "$log" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/models" >/dev/null && break; sleep 0.05; done
  local start end
  start=$(date +%s.%N)
  VENICE_API_KEY=$key "$venice" -q --base-url "http://127.0.0.1:$port/api/v1" --max-retries 10 \
    generate --prompts "$work/prompts.txt" --out-dir "$out" --jobs "$jobs" --seed 1 || true
  end=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local written sent refused
  written=$(find "$out" -maxdepth 1 -type f | wc -l)
  sent=$(grep -c '"/api/v1/image/generate' "$log" || true)
  refused=$(grep '"/api/v1/image/' "$log" | grep -c '"status":429' || true)
  python3 -c "
import math
n, l, w, j, lat = $prompts, $limit, $window, $jobs, $latency_ms / 1000
wall = $end - $start
windows = math.ceil(n / l)
last = n - (windows - 1) * l
ideal = (windows - 1) * w + math.ceil(last / j) * lat
print(f'| {n} prompts at {l} per {w} s, --jobs {j}, reset as $form | {$written} of {n} | {$sent} | {wall:.2f} s | {ideal:.2f} s | {wall / ideal:.3f}x | {$refused} |')"
}

echo "| batch | written | requests | wall | ideal | ratio | 429s |"
echo "|---|---|---|---|---|---|---|"
run 3 seconds
run 8 seconds
run 8 timestamp

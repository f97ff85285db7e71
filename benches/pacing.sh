#!/usr/bin/env bash
# Batches at the key's rate limit, against the emulator: wall time against
# what the limit admits, and how many requests were refused with 429.
# Prints a markdown table (BENCHMARKS.md, "Pacing").
#
#   bash benches/pacing.sh              # the debug binaries (cargo build first)
#   PROFILE=release bash benches/pacing.sh
#
# Ideal: N edits at L per window W need ceil(N/L) windows; the last starts
# (ceil(N/L) - 1) x W after the first, and its edits take ceil(last / jobs)
# rounds of one edit's time.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-debug}
cargo build -q $([ "$profile" = release ] && echo --release) -p venice-cli -p venice-mock
venice=$PWD/target/$profile/venice
mock=$PWD/target/$profile/venice-mock
work=$PWD/target/pacing
rm -rf "$work" && mkdir -p "$work"
port=${PORT:-18090}
key=pacing-key
latency_ms=100

seed=$work/seed.png
"$venice" --version >/dev/null
python3 - "$seed" <<'PY'
import struct, sys, zlib
w, h = 320, 240
raw = b"".join(b"\x00" + bytes([200, 120, 40]) * w for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

run() { # images limit window_s jobs reset_form
  local n=$1 limit=$2 window=$3 jobs=$4 form=$5
  local d=$work/in-$n-$limit-$form
  mkdir -p "$d"; for i in $(seq -w 1 "$n"); do cp "$seed" "$d/$i.png"; done
  local log=$work/log-$n-$limit-$form.jsonl
  "$mock" --port "$port" --key "$key" --rate-limit "$limit/${window}s" --rate-reset "$form" \
    --latency "${latency_ms}ms" --no-lockout --balance 1000000 --no-decode --log "$log" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/models" >/dev/null && break; sleep 0.05; done
  local start end
  start=$(date +%s.%N)
  VENICE_API_KEY=$key "$venice" -q --base-url "http://127.0.0.1:$port/api/v1" edit "$d" --out-dir "$d/out" -p x \
    --jobs "$jobs" --max-retries 10 || true
  end=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local written refused
  written=$(find "$d/out" -name '*.png' | wc -l)
  refused=$(grep '"/api/v1/image/' "$log" | grep -c '"status":429' || true)
  python3 -c "
import math
n, l, w, j, lat = $n, $limit, $window, $jobs, $latency_ms / 1000
wall = $end - $start
windows = math.ceil(n / l)
last = n - (windows - 1) * l
ideal = (windows - 1) * w + math.ceil(last / j) * lat
print(f'| {n} edits at {l} per {w} s, --jobs {j}, reset as $form | {$written} of {n} | {wall:.2f} s | {ideal:.2f} s | {wall / ideal:.3f}x | {$refused} |')"
}

echo "| batch | written | wall | ideal | ratio | 429s |"
echo "|---|---|---|---|---|---|"
run 18 6 4 6 seconds
run 18 6 4 6 timestamp
run 60 20 5 8 seconds

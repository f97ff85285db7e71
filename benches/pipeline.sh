#!/usr/bin/env bash
# A 60-input, 3-step pipeline (remove-bg, upscale --scale 2, edit) against
# the emulator at the key's rate limit: wall time against what the limit
# admits, and how many requests were refused with 429. Venice's default is
# 20 image requests a minute; the window is scaled down tenfold (20 per 6 s)
# so that a run takes about a minute. Prints a markdown table
# (BENCHMARKS.md, "Pipelines").
#
#   bash benches/pipeline.sh              # the debug binaries (cargo build first)
#   PROFILE=release bash benches/pipeline.sh
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
work=$PWD/target/pipeline-bench
rm -rf "$work" && mkdir -p "$work/in"
port=${PORT:-18091}
key=pipeline-key
latency_ms=100
inputs=60 limit=20 window=6 jobs=3

python3 - "$work/in" "$inputs" <<'PY'
import struct, sys, zlib
def png(w, h, shade):
    raw = b"".join(b"\x00" + bytes([shade, 120, 40]) * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for i in range(int(sys.argv[2])):
    open(f"{sys.argv[1]}/{i:03}.png", "wb").write(png(320, 240, i % 256))
PY
cat > "$work/recipe.toml" <<'TOML'
[[step]]
op = "remove-bg"

[[step]]
op = "upscale"
scale = 2

[[step]]
op = "edit"
prompt = "place it on a warm studio backdrop"
TOML

log=$work/log.jsonl
"$mock" --port "$port" --key "$key" --rate-limit "$limit/${window}s" --latency "${latency_ms}ms" \
  --no-lockout --balance 1000000 --no-decode --log "$log" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/models" >/dev/null && break; sleep 0.05; done
start=$(date +%s.%N)
VENICE_API_KEY=$key "$venice" -q --base-url "http://127.0.0.1:$port/api/v1" --max-retries 10 \
  pipeline "$work/recipe.toml" "$work/in" --out-dir "$work/out" --jobs "$jobs" || true
end=$(date +%s.%N)
written=$(find "$work/out" -maxdepth 1 -name '*.png' | wc -l)
sent=$(grep -c '"/api/v1/image/' "$log" || true)
refused=$(grep '"/api/v1/image/' "$log" | grep -c '"status":429' || true)
python3 -c "
import math
n, l, w, j, lat = $inputs * 3, $limit, $window, $jobs, $latency_ms / 1000
wall = $end - $start
windows = math.ceil(n / l)
last = n - (windows - 1) * l
ideal = (windows - 1) * w + math.ceil(last / j) * lat
print('| pipeline | outputs | requests | wall | ideal | ratio | 429s |')
print('|---|---|---|---|---|---|---|')
print(f'| $inputs inputs x 3 steps at {l} per {w} s, --jobs {j} | {$written} of $inputs | {$sent} | {wall:.2f} s | {ideal:.2f} s | {wall / ideal:.3f}x | {$refused} |')"

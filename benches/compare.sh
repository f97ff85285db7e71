#!/usr/bin/env bash
# Compares `venice` with `curl -F` and the seeds' Python snippet on the same
# input, against the local emulator, in one run; then batches, a rate-limited
# batch, start-up time and binary size. Prints a markdown table.
#
#   bash benches/compare.sh            # full run (a few minutes)
#   RUNS=5 bash benches/compare.sh     # fewer timing runs
#
# It installs what it needs: hyperfine and GNU time (apt), and Pillow and
# requests in a virtualenv under target/compare.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/compare
mkdir -p "$work"
runs=${RUNS:-15}
port=${PORT:-18080}
url=http://127.0.0.1:$port/api/v1
key=compare-key

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine and GNU time" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine time >/dev/null
fi
if [ ! -x "$work/venv/bin/python" ]; then
  echo "installing Pillow and requests into $work/venv" >&2
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q pillow requests
fi
py=$work/venv/bin/python

echo "building release binaries" >&2
cargo build --release -q -p venice-cli -p venice-mock
venice=$root/target/release/venice
mock=$root/target/release/venice-mock

# The test image: 6000x4000 JPEG of noise, about 21.5 MB.
big=$work/big.jpg
if [ ! -f "$big" ]; then
  "$py" - "$big" <<'EOF'
import sys
from PIL import Image
w, h = 6000, 4000
bands = [Image.effect_noise((w, h), 60 + 10 * i) for i in range(3)]
Image.merge("RGB", bands).save(sys.argv[1], quality=93)
EOF
fi
cat > "$work/snippet.py" <<EOF
# The seeds' Python example (requests + base64 JSON), pointed at the emulator.
import base64, requests
with open("$big", "rb") as f:
    image_base64 = base64.b64encode(f.read()).decode("utf-8")
response = requests.post("$url/image/edit",
    headers={"Authorization": "Bearer $key", "Content-Type": "application/json"},
    json={"prompt": "Remove the tourist crowd", "image": image_base64})
response.raise_for_status()
with open("$work/out-python.png", "wb") as f:
    f.write(response.content)
EOF

start_mock() { # extra flags...
  "$mock" --port "$port" --key "$key" --rate-limit off --no-lockout --balance 1000000 --no-decode "$@" >/dev/null 2>&1 &
  mock_pid=$!
  for _ in $(seq 50); do curl -sf "$url/models" >/dev/null && return; sleep 0.1; done
  echo "the emulator did not start" >&2; exit 1
}
stop_mock() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; }
trap stop_mock EXIT

export VENICE_API_KEY=$key VENICE_BASE_URL=$url NO_COLOR=1

declare -A cmd
cmd[curl]="curl -sf -o $work/out-curl.png -F prompt=x -F image=@$big -H 'Authorization: Bearer $key' $url/image/edit"
cmd[venice]="$venice -q edit $big -p x -o $work/out-venice.png --force"
cmd[venice-json]="$venice -q edit $big -p x -o $work/out-venice-json.png --force --encoding json"
cmd[python]="$py $work/snippet.py"
order=(curl venice venice-json python)

start_mock
echo "timing single edits of $(du -h "$big" | cut -f1) ($runs runs each)" >&2
args=()
for n in "${order[@]}"; do args+=(-n "$n" "${cmd[$n]}"); done
hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/single.json" "${args[@]}" >/dev/null

rss() { # median peak RSS in MiB of 5 runs
  for _ in 1 2 3 4 5; do /usr/bin/time -f '%M' bash -c "$1" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p | awk '{printf "%.1f", $1/1024}'
}
declare -A mem
for n in "${order[@]}"; do mem[$n]=$(rss "${cmd[$n]}"); done
stop_mock

median() { "$py" -c "import json,sys; r=json.load(open('$work/single.json'))['results']; print([x['median'] for x in r if x['command']==sys.argv[1]][0])" "$1"; }
curl_t=$(median curl); python_t=$(median python)
echo
echo "| command | wall (median) | peak RSS | wall vs curl | wall vs Python | RSS vs Python |"
echo "|---|---|---|---|---|---|"
for n in "${order[@]}"; do
  t=$(median "$n")
  "$py" -c "
t,c,p,m,pm='$t','$curl_t','$python_t','${mem[$n]}','${mem[python]}'
t,c,p,m,pm=float(t),float(c),float(p),float(m),float(pm)
print(f'| {\"$n\"} | {t*1000:.0f} ms | {m:.1f} MiB | {t/c:.2f}x | {t/p:.2f}x | {m/pm:.2f}x |')"
done

# Upscale's upload path against edit's, each against curl on the same
# endpoint and the same input: a 2000x1800 16-bit noise PNG of about 21.6 MB
# (an upscale takes at most 4,194,304 pixels, so the 24 MP JPEG above would
# be refused before sending).
up=$work/up.png
[ -f "$up" ] || "$py" - "$up" <<'PYEOF'
import os, struct, sys, zlib
w, h = 2000, 1800
rows = b"".join(b"\x00" + os.urandom(w * 6) for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PYEOF
start_mock
hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/upscale.json" \
  -n curl-edit "curl -sf -o $work/out-up-curl-edit.png -F prompt=x -F image=@$up -H 'Authorization: Bearer $key' $url/image/edit" \
  -n edit "$venice -q edit $up -p x -o $work/out-up-edit.png --force" \
  -n curl-upscale "curl -sf -o $work/out-up-curl.png -F scale=2 -F image=@$up -H 'Authorization: Bearer $key' $url/image/upscale" \
  -n upscale "$venice -q upscale $up -o $work/out-up-upscale.png --force" \
  -n upscale-json "$venice -q upscale $up -o $work/out-up-upscale-json.png --force --encoding json" >/dev/null
stop_mock
echo
echo "| $(du -h "$up" | cut -f1) PNG | wall (median) | vs curl, same endpoint |"
echo "|---|---|---|"
"$py" -c "
import json
r = {x['command']: x['median'] for x in json.load(open('$work/upscale.json'))['results']}
for n, c in (('curl-edit', 'curl-edit'), ('edit', 'curl-edit'), ('curl-upscale', 'curl-upscale'), ('upscale', 'curl-upscale'), ('upscale-json', 'curl-upscale')):
    print(f'| {n} | {r[n]*1000:.0f} ms | {r[n]/r[c]:.2f}x |')"

# Batches: small edits, 100 ms each at the emulator, 8 at a time.
batch=$work/batch
mkdir -p "$batch"
[ -f "$batch/seed.png" ] || "$py" -c "
from PIL import Image
Image.new('RGB', (320, 240), (200, 120, 40)).save('$batch/seed.png')"
inputs() { # n -> a folder of n images
  local d=$batch/in-$1
  if [ ! -d "$d" ]; then mkdir -p "$d"; for i in $(seq 1 "$1"); do cp "$batch/seed.png" "$d/$i.png"; done; fi
  echo "$d"
}
timed() { # command... -> "seconds peak_KiB"
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>&1 || true
  cat "$work/time.out"
}
start_mock --latency 100ms
rm -rf "$batch/out"; read -r t200 m200 < <(timed "$venice" -q edit "$(inputs 200)" --out-dir "$batch/out" -p x --jobs 8)
n200=$(find "$batch/out" -name '*.png' | wc -l)
rm -rf "$batch/out"; read -r t50 m50 < <(timed "$venice" -q edit "$(inputs 50)" --out-dir "$batch/out" -p x --jobs 8)
stop_mock
echo
echo "| batch | written | wall | ideal | ratio | peak RSS |"
echo "|---|---|---|---|---|---|"
"$py" -c "print(f'| 200 edits, --jobs 8, 100 ms each | $n200 of 200 | {$t200:.2f} s | {200/8*0.1:.2f} s | {$t200/(200/8*0.1):.3f}x | {$m200/1024:.1f} MiB |')"
"$py" -c "print(f'| 50 edits, same settings | 50 | {$t50:.2f} s | {50/8*0.1:.2f} s | {$t50/(50/8*0.1):.3f}x | {$m50/1024:.1f} MiB |')"

# Under a rate limit of 20 requests per 5 s window: 60 edits, 8 at a time.
# The limit admits 20 per window, so the ideal is two full windows (10 s)
# plus the last edit's own time.
"$mock" --port "$port" --key "$key" --rate-limit 20/5s --no-lockout --balance 1000000 --no-decode >/dev/null 2>&1 &
mock_pid=$!
for _ in $(seq 50); do curl -sf "$url/models" >/dev/null && break; sleep 0.1; done
rm -rf "$batch/out"; read -r trl mrl < <(timed "$venice" -q edit "$(inputs 60)" --out-dir "$batch/out" -p x --jobs 8 --max-retries 10)
nrl=$(find "$batch/out" -name '*.png' | wc -l)
stop_mock
"$py" -c "print(f'| 60 edits under 20 per 5 s | $nrl of 60 | {$trl:.2f} s | 10.00 s | {$trl/10:.3f}x | {$mrl/1024:.1f} MiB |')"

# Start-up and size.
hyperfine -N --warmup 5 --runs 50 --export-json "$work/help.json" "$venice --help" >/dev/null
help_ms=$("$py" -c "import json; print(round(json.load(open('$work/help.json'))['results'][0]['median']*1000, 2))")
size=$(stat -c %s "$venice")
echo
echo "venice --help: ${help_ms} ms median; release binary: $((size / 1024 / 1024)) MiB ($size bytes)"

#!/usr/bin/env bash
# What taking a phone's HEIC costs (issue 32): a 12 MP HEIC (4032x3024, as
# an iPhone's main camera, made by pillow-heif) converted for upload by
# `venice` against libheif's own `heif-convert` turning the same file into a
# JPEG at the same quality (95), in one run. venice's conversion is timed as
# the difference between `venice edit photo.heic` and `venice edit photo.jpg`
# (the same picture as a quality-95 JPEG, about the size venice uploads),
# both against the release emulator on 127.0.0.1 (`--no-decode`), so that
# the upload and the rest of the edit cancel out. hyperfine medians.
#
#   cargo build --release -p venice-cli -p venice-mock
#   apt-get install hyperfine libheif-examples     # heif-convert
#   bash benches/heic.sh                           # RUNS=10 by default
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/heic-bench
mkdir -p "$work"
runs=${RUNS:-10}
port=${PORT:-18083}
url=http://127.0.0.1:$port/api/v1
key=bench-key
venice=$root/target/release/venice
mock=$root/target/release/venice-mock
[ -x "$venice" ] && [ -x "$mock" ] || { echo "build the release binaries first" >&2; exit 1; }
command -v hyperfine >/dev/null && command -v heif-convert >/dev/null ||
  { echo "needs hyperfine and heif-convert (apt-get install hyperfine libheif-examples)" >&2; exit 1; }
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q pillow==13.0.0 pillow-heif==1.9.0
fi
if [ ! -f "$work/photo.heic" ]; then
  "$work/venv/bin/python" - "$work" <<'EOF'
import sys
from PIL import Image
import pillow_heif
pillow_heif.register_heif_opener()
work = sys.argv[1]
w, h = 4032, 3024
# A photo-like picture: smooth gradients with grain.
grad = Image.linear_gradient("L").resize((w, h))
bands = [Image.blend(grad.rotate(90 * i, expand=False).resize((w, h)), Image.effect_noise((w, h), 40), 0.25) for i in range(3)]
im = Image.merge("RGB", bands)
im.save(f"{work}/photo.heic", quality=90)
im.save(f"{work}/photo.jpg", quality=95)
EOF
fi
ls -l "$work/photo.heic" "$work/photo.jpg"

"$mock" --port "$port" --key "$key" --rate-limit off --no-lockout --balance 1000000 --no-decode >/dev/null 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$url/models" >/dev/null && break; sleep 0.1; done
export VENICE_API_KEY=$key VENICE_BASE_URL=$url NO_COLOR=1

hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/heic.md" \
  -n "heif-convert -q 95 photo.heic out.jpg" "heif-convert -q 95 $work/photo.heic $work/hc.jpg" \
  -n "venice edit photo.heic" "$venice -q edit $work/photo.heic -p x -o $work/v-heic.png --force" \
  -n "venice edit photo.jpg" "$venice -q edit $work/photo.jpg -p x -o $work/v-jpg.png --force"
cat "$work/heic.md"

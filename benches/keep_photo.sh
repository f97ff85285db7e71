#!/usr/bin/env bash
# What keeping the photo costs (issue 29, point 17): the default edit of a
# camera JPEG (its ICC, EXIF and XMP carried into the answer, provenance
# written) against the same edit with `--strip-metadata --no-provenance`,
# and `curl -F`, against the release emulator on 127.0.0.1 (`--no-decode`).
# Wall time: the median of RUNS runs after 2 warm-ups; peak RSS: the median
# of 5 runs of /usr/bin/time. Prints a markdown table.
#
#   cargo build --release -p venice-cli -p venice-mock
#   bash benches/keep_photo.sh            # RUNS=15 by default
#
# The photo: a 6000x4000 noise JPEG (Pillow, quality 93, as compare.sh
# makes it) with an EXIF block (make, date taken), an XMP packet and an ICC
# profile put in front of its picture, about 23 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/compare
mkdir -p "$work"
runs=${RUNS:-15}
port=${PORT:-18081}
url=http://127.0.0.1:$port/api/v1
key=compare-key
venice=$root/target/release/venice
mock=$root/target/release/venice-mock
[ -x "$venice" ] && [ -x "$mock" ] || { echo "build the release binaries first" >&2; exit 1; }
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q pillow
fi
py=$work/venv/bin/python

photo=$work/camera.jpg
if [ ! -f "$photo" ]; then
  "$py" - "$photo" <<'EOF'
import io, struct, sys
from PIL import Image
w, h = 6000, 4000
bands = [Image.effect_noise((w, h), 60 + 10 * i) for i in range(3)]
buf = io.BytesIO()
Image.merge("RGB", bands).save(buf, format="JPEG", quality=93)
jpeg = buf.getvalue()
le = lambda f, *a: struct.pack("<" + f, *a)
make, date = b"Camera\0", b"2024:05:01 10:00:00\0"
tiff = b"II*\0" + le("I", 8)
tiff += le("H", 2) + le("HHII", 0x010F, 2, len(make), 38) + le("HHII", 0x8769, 4, 1, 46) + le("I", 0)
tiff += make + b"\0"
tiff += le("H", 1) + le("HHII", 0x9003, 2, len(date), 64) + le("I", 0) + date
icc = bytearray(132)
icc[0:4] = struct.pack(">I", 132); icc[12:16] = b"mntr"; icc[16:20] = b"RGB "; icc[20:24] = b"XYZ "; icc[36:40] = b"acsp"
xmp = (b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
       b"xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
       b"xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator><rdf:Seq><rdf:li>A. Photographer"
       b"</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>")
seg = lambda m, d: b"\xff" + bytes([m]) + struct.pack(">H", len(d) + 2) + d
out = jpeg[:2] + seg(0xE1, b"Exif\0\0" + tiff) + seg(0xE1, xmp) + seg(0xE2, b"ICC_PROFILE\0\x01\x01" + bytes(icc)) + jpeg[2:]
open(sys.argv[1], "wb").write(out)
EOF
fi

"$mock" --port "$port" --key "$key" --rate-limit off --no-lockout --balance 1000000 --no-decode >/dev/null 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$url/models" >/dev/null && break; sleep 0.1; done
export VENICE_API_KEY=$key VENICE_BASE_URL=$url NO_COLOR=1

"$py" - "$runs" "$photo" "$work" "$venice" "$url" "$key" <<'EOF'
import statistics, subprocess, sys, time, os
runs, photo, work, venice, url, key = int(sys.argv[1]), *sys.argv[2:]
cmds = {
    "`curl -F image=@camera.jpg`": ["curl", "-sf", "-o", f"{work}/kp-curl.png", "-F", "prompt=x", "-F", f"image=@{photo}",
                                  "-H", f"Authorization: Bearer {key}", f"{url}/image/edit"],
    "`venice edit camera.jpg` (metadata and provenance kept, the default)":
        [venice, "-q", "edit", photo, "-p", "x", "-o", f"{work}/kp-kept.png", "--force"],
    "`venice edit camera.jpg --strip-metadata --no-provenance`":
        [venice, "-q", "edit", photo, "-p", "x", "-o", f"{work}/kp-bare.png", "--force", "--strip-metadata", "--no-provenance"],
    # The upload streamed from disk as it is: what carrying costs on its own.
    "`venice edit camera.jpg --keep-metadata-in-upload`":
        [venice, "-q", "edit", photo, "-p", "x", "-o", f"{work}/kp-kept-up.png", "--force", "--keep-metadata-in-upload"],
    "`venice edit camera.jpg --keep-metadata-in-upload --strip-metadata --no-provenance`":
        [venice, "-q", "edit", photo, "-p", "x", "-o", f"{work}/kp-bare-up.png", "--force", "--keep-metadata-in-upload",
         "--strip-metadata", "--no-provenance"],
}
rows = []
for name, cmd in cmds.items():
    for _ in range(2):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        walls.append((time.perf_counter() - t) * 1000)
    rss = []
    for _ in range(5):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
    rows.append((name, statistics.median(walls), statistics.median(rss)))
print(f"photo: {os.path.getsize(photo):,} bytes; {runs} runs")
print("| command | wall (median) | peak RSS | wall vs the same edit bare | wall vs curl |")
print("|---|---|---|---|---|")
for i, (name, wall, rss) in enumerate(rows):
    # Each kept edit against its bare twin (rows 1-2, 3-4).
    bare = rows[i + 1][1] if i in (1, 3) else wall
    print(f"| {name} | {wall:.0f} ms | {rss:.1f} MiB | {wall / bare:.2f}x | {wall / rows[0][1]:.2f}x |")
EOF

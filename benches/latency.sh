#!/usr/bin/env bash
# venice against curl over a network round trip: the release emulator waits
# RTT before every answer (`venice-mock --rtt`, GET /models included), and
# each case is timed as a whole command, median of RUNS runs:
#
#   single edit, curl -F                       (one request: one round trip)
#   single edit, venice, warm catalogue cache  (no GET /models)
#   single edit, venice, cold cache            (GET /models, then the edit)
#   a 20-input batch, 3 at once: xargs -P 3 curl, and venice --jobs 3 (warm)
#   venice mcp: edit_image calls on one server (the first one of a server
#   with a warm cache, and the ones after), against one curl edit
#
# and the GET /models the warm runs sent (from the emulator's log). Prints
# a markdown table with ratios to curl.
#
#   bash benches/latency.sh                   # RTT=150ms RUNS=7
#   RTT=50ms RUNS=5 bash benches/latency.sh
#
# Needs curl and python3 (standard library only). Loopback has no
# handshakes: the round trips counted here are requests, not TCP or TLS.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
work=$target/latency
rm -rf "$work" && mkdir -p "$work/in"
rtt=${RTT:-150ms}
runs=${RUNS:-7}
port=${PORT:-18180}
url=http://127.0.0.1:$port/api/v1
key=latency-key

echo "building release binaries" >&2
cargo build --release -q -p venice-cli -p venice-mock
venice=$target/release/venice
mock=$target/release/venice-mock

photo=$root/examples/photo.jpg
for i in $(seq -w 1 20); do cp "$photo" "$work/in/p$i.jpg"; done

"$mock" --port "$port" --key "$key" --rtt "$rtt" --rate-limit off --no-lockout --balance 1000000 \
  --no-decode --log "$work/requests.jsonl" >/dev/null 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "$url/models?type=upscale" && break; sleep 0.1; done

export VENICE=$venice URL=$url KEY=$key WORK=$work PHOTO=$photo RUNS=$runs RTT=$rtt
python3 - <<'EOF'
import json, os, shutil, statistics, subprocess, time

venice, url, key, work, photo = (os.environ[k] for k in ("VENICE", "URL", "KEY", "WORK", "PHOTO"))
runs = int(os.environ["RUNS"])
cache = os.path.join(work, "cache")
env = dict(os.environ, VENICE_API_KEY=key, XDG_CACHE_HOME=cache, NO_COLOR="1")
env.pop("VENICE_BASE_URL", None)
log = os.path.join(work, "requests.jsonl")

def catalogue_requests():
    with open(log) as f:
        return sum(1 for line in f if json.loads(line)["path"].endswith("/models"))

def timed(argv, before=None, shell=False):
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, shell=shell, cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)

curl_edit = ["curl", "-sf", "-H", f"Authorization: Bearer {key}", "-F", "prompt=make the sky a sunrise",
             "-F", f"image=@{photo}", f"{url}/image/edit", "-o", os.path.join(work, "curl.png")]
venice_edit = [venice, "--base-url", url, "edit", photo, "-p", "make the sky a sunrise",
               "-o", os.path.join(work, "venice.png"), "--force"]
rows = []
curl = timed(curl_edit)
rows.append(("single edit: `curl -F`", curl, curl, None))

def empty_cache():
    shutil.rmtree(cache, ignore_errors=True)

cold = timed(venice_edit, before=empty_cache)
subprocess.run(venice_edit, env=env, check=True, capture_output=True)  # warm the cache
n = catalogue_requests()
warm = timed(venice_edit)
warm_models = catalogue_requests() - n
rows.append(("single edit: `venice edit`, warm cache", warm, curl, warm_models))
rows.append(("single edit: `venice edit`, cold cache", cold, curl, None))

os.makedirs(os.path.join(work, "curl-out"), exist_ok=True)
batch_curl = (f"cd {work}/in && ls *.jpg | xargs -P 3 -I{{}} curl -sf -H 'Authorization: Bearer {key}' "
              f"-F 'prompt=make the sky a sunrise' -F image=@{{}} {url}/image/edit -o ../curl-out/{{}}.png")
curl20 = timed(batch_curl, shell=True)
rows.append(("20 inputs, 3 at once: `xargs -P 3 curl`", curl20, curl20, None))
n = catalogue_requests()
out = os.path.join(work, "out")
venice20 = timed([venice, "--base-url", url, "-q", "edit", os.path.join(work, "in"), "--out-dir", out,
                  "--force", "--jobs", "3", "-p", "make the sky a sunrise"])
rows.append(("20 inputs: `venice edit in/ --jobs 3`, warm", venice20, curl20, catalogue_requests() - n))

def mcp_calls(calls):
    """Seconds per edit_image call of one `venice mcp` server (first, rest)."""
    proc = subprocess.Popen([venice, "--base-url", url, "mcp"], env=env, cwd=work, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    def send(msg):
        proc.stdin.write(json.dumps(msg) + "\n")
        proc.stdin.flush()
    def answer(id_):
        while True:
            msg = json.loads(proc.stdout.readline())
            if msg.get("id") == id_:
                return msg
    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    answer(0)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    times = []
    for i in range(1, calls + 1):
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": "edit_image", "arguments": {
            "image": photo, "prompt": "make the sky a sunrise",
            "output": os.path.join(work, f"mcp{i}.png"), "overwrite": True}}})
        reply = answer(i)
        assert not reply["result"].get("isError"), reply
        times.append(time.perf_counter() - start)
    proc.stdin.close()
    proc.wait()
    return times

n = catalogue_requests()
firsts, rest = [], []
for _ in range(max(3, runs // 2)):
    t = mcp_calls(5)
    firsts.append(t[0])
    rest.extend(t[1:])
mcp_models = catalogue_requests() - n
rows.append(("`venice mcp` edit_image, first call of a server (warm cache)", statistics.median(firsts), curl, mcp_models))
rows.append(("`venice mcp` edit_image, later calls", statistics.median(rest), curl, None))

print(f"\nRTT {os.environ['RTT']} before every answer; median of {runs} runs\n")
print("| case | wall (median) | vs curl | GET /models sent |")
print("|---|---|---|---|")
for name, t, base, models in rows:
    print(f"| {name} | {t * 1000:.0f} ms | {t / base:.2f}x | {'' if models is None else models} |")
EOF

#!/usr/bin/env python3
"""`venice serve`'s overhead against calling the emulator directly: a 2 MB
image on loopback, sequential requests (median wall time), then 32 clients
at once, and the server's peak memory (VmHWM). Run from the workspace root
after building `venice` and `venice-mock`, with the MCP venv's Python
(httpx2 comes with the openai package):

    target/mcp-venv/bin/python benches/serve_overhead.py [target/debug]
    RTT=150ms target/mcp-venv/bin/python benches/serve_overhead.py target/release

RTT makes the emulator wait that long before every answer (`venice-mock
--rtt`): the network round trip a real client pays, which loopback hides.
"""

import os
import random
import statistics
import subprocess
import sys
import time
import zlib
import struct
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug"
RTT = os.environ.get("RTT", "0ms")
KEY, TOKEN, MOCK, SERVE = "bench-key-123456", "bench-token", 18901, 18902


def png(w, h):
    rnd = random.Random(1)
    raw = b"".join(b"\x00" + bytes(rnd.getrandbits(8) for _ in range(w * 3)) for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


def timed(f, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    image = png(820, 820)  # about 2 MB of noise
    mock = subprocess.Popen([f"{BIN}/venice-mock", "--port", str(MOCK), "--key", KEY, "--rate-limit", "off", "--no-decode", "--rtt", RTT],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, VENICE_API_KEY=KEY, VENICE_SERVE_TOKEN=TOKEN, XDG_STATE_HOME="/tmp/venice-bench-state")
    serve = subprocess.Popen([f"{BIN}/venice", "--base-url", f"http://127.0.0.1:{MOCK}/api/v1", "--allow-insecure-http",
                              "serve", "--listen", f"127.0.0.1:{SERVE}", "--jobs", "32"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    try:
        c = httpx.Client(timeout=120)
        direct = lambda: c.post(f"http://127.0.0.1:{MOCK}/api/v1/image/edit", headers={"Authorization": f"Bearer {KEY}"},
                                files={"image": ("a.png", image, "image/png")}, data={"prompt": "night"}).raise_for_status()
        served = lambda: c.post(f"http://127.0.0.1:{SERVE}/v1/images/edits", headers={"Authorization": f"Bearer {TOKEN}"},
                                files={"image": ("a.png", image, "image/png")}, data={"prompt": "night"}).raise_for_status()
        print(f"image: {len(image) / 1e6:.2f} MB")
        served()  # the catalogue is fetched once
        d, s = timed(direct, 15), timed(served, 15)
        print(f"direct to the emulator: {d * 1000:.1f} ms; through venice serve: {s * 1000:.1f} ms; ratio {s / d:.2f}x")
        # The hop a store-and-forward server adds: the same upload to venice
        # serve, read whole and refused (an unknown field), nothing sent on.
        received = lambda: c.post(f"http://127.0.0.1:{SERVE}/v1/images/edits", headers={"Authorization": f"Bearer {TOKEN}"},
                                  files={"image": ("a.png", image, "image/png")}, data={"prompt": "night", "bench": "1"})
        h = timed(received, 15)
        print(f"the upload alone, read and refused by venice serve: {h * 1000:.1f} ms; "
              f"direct + that hop: {(d + h) * 1000:.1f} ms ({(d + h) / d:.2f}x)")
        t = time.perf_counter()
        with ThreadPoolExecutor(32) as pool:
            list(pool.map(lambda _: served(), range(32)))
        print(f"32 clients at once: {time.perf_counter() - t:.2f} s, all served")
        with open(f"/proc/{serve.pid}/status") as f:
            print("venice serve peak memory:", next(l for l in f if l.startswith("VmHWM")).split(":")[1].strip())
    finally:
        serve.terminate()
        mock.terminate()
        serve.wait()
        mock.wait()


if __name__ == "__main__":
    main()

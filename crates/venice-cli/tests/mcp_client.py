#!/usr/bin/env python3
"""Drives `venice mcp` with the official MCP Python SDK (`mcp` on PyPI), a
client no one in this project wrote.

Reads a JSON spec on stdin:
  {"command": PATH, "args": [...], "env": {...}, "cwd": DIR, "roots": [DIR, ...],
   "calls": [{"name": ..., "arguments": {...}} | {"parallel": [call, call, ...]}]}
starts the server over stdio, initialises a session (offering `roots` as
the client's roots when given), lists the tools, makes the calls in order on
that one session (a `parallel` item makes its calls at once and gives a list
of their results), and prints one JSON object:
  {"server": {...}, "tools": [...], "results": [...], "stderr": "..."}
where each result is the CallToolResult as the SDK parsed it (camelCase),
or {"protocolError": "..."} when the server answered with a JSON-RPC error.
"""

import asyncio
import json
import pathlib
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def call(session, c):
    try:
        return dump(await session.call_tool(c["name"], c.get("arguments", {})))
    except Exception as e:  # a JSON-RPC error: report it, go on with the session
        return {"protocolError": str(e)}


def roots_callback(dirs):
    async def list_roots(context):
        return types.ListRootsResult(roots=[types.Root(uri=pathlib.Path(d).resolve().as_uri()) for d in dirs])

    return list_roots


async def run(spec, errlog):
    params = StdioServerParameters(
        command=spec["command"], args=spec.get("args", []), env=spec.get("env"), cwd=spec.get("cwd")
    )
    out = {}
    async with stdio_client(params, errlog=errlog) as (read, write):
        roots = spec.get("roots")
        callback = roots_callback(roots) if roots is not None else None
        async with ClientSession(read, write, list_roots_callback=callback) as session:
            init = await session.initialize()
            out["server"] = dump(init)
            out["tools"] = [dump(t) for t in (await session.list_tools()).tools]
            results = []
            for c in spec.get("calls", []):
                if "parallel" in c:
                    results.append(list(await asyncio.gather(*(call(session, p) for p in c["parallel"]))))
                else:
                    results.append(await call(session, c))
            out["results"] = results
    return out


def main():
    spec = json.load(sys.stdin)
    with tempfile.TemporaryFile(mode="w+") as errlog:
        out = asyncio.run(run(spec, errlog))
        errlog.seek(0)
        out["stderr"] = errlog.read()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

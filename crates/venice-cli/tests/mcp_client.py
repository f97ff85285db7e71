#!/usr/bin/env python3
"""Drives `venice mcp` with the official MCP Python SDK (`mcp` on PyPI), a
client no one in this project wrote.

Reads a JSON spec on stdin:
  {"command": PATH, "args": [...], "env": {...}, "cwd": DIR, "calls": [{"name": ..., "arguments": {...}}]}
starts the server over stdio, initialises a session, lists the tools, makes
the calls in order on that one session, and prints one JSON object:
  {"server": {...}, "tools": [...], "results": [...], "stderr": "..."}
where each result is the CallToolResult as the SDK parsed it (camelCase),
or {"protocolError": "..."} when the server answered with a JSON-RPC error.
"""

import asyncio
import json
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def run(spec, errlog):
    params = StdioServerParameters(
        command=spec["command"], args=spec.get("args", []), env=spec.get("env"), cwd=spec.get("cwd")
    )
    out = {}
    async with stdio_client(params, errlog=errlog) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["server"] = dump(init)
            out["tools"] = [dump(t) for t in (await session.list_tools()).tools]
            results = []
            for call in spec.get("calls", []):
                try:
                    result = await session.call_tool(call["name"], call.get("arguments", {}))
                    results.append(dump(result))
                except Exception as e:  # a JSON-RPC error: report it, go on with the session
                    results.append({"protocolError": str(e)})
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

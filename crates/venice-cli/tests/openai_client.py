#!/usr/bin/env python3
"""Drives `venice serve` with the official OpenAI Python SDK (`openai` on
PyPI), a client no one in this project wrote.

Reads a JSON spec on stdin:
  {"base_url": URL, "api_key": TOKEN, "timeout": S, "max_retries": N,
   "calls": [call | {"parallel": [call, ...]}]}
where a call is {"op": "edit", "images": [PATH, ...], "mask": PATH?, "args": {...}} (the
keyword arguments of `images.edit`; `api_key`, `timeout` and `max_retries`
override the client's), {"op": "generate", "args": {...}} (those of
`images.generate`) or {"op": "models"}. Makes the calls in order (a
`parallel` item makes its calls at once) and prints one JSON object:
  {"results": [...]}
where an edit's or a generation's result is {"data": [{"b64_json" | "url"}], "output_format",
"size", "quality"}, the models' {"ids": [...]}, and a failure
{"error": {"status", "type", "code", "param", "message", "retry_after"}}.
"""

import asyncio
import json
import sys

import openai
from openai import AsyncOpenAI


def client(spec, call):
    return AsyncOpenAI(
        base_url=spec["base_url"],
        api_key=call.get("api_key", spec.get("api_key", "none")),
        timeout=call.get("timeout", spec.get("timeout", 60)),
        max_retries=call.get("max_retries", spec.get("max_retries", 2)),
    )


async def one(spec, call):
    c = client(spec, call)
    try:
        if call["op"] == "models":
            page = await c.models.list()
            return {"ids": [m.id for m in page.data]}
        if call["op"] == "generate":
            answer = await c.images.generate(**call.get("args", {}))
            return answer.model_dump(mode="json", exclude_none=True)
        files = [open(p, "rb") for p in call["images"]]
        mask = open(call["mask"], "rb") if "mask" in call else None
        try:
            image = files[0] if len(files) == 1 else files
            extra = {"mask": mask} if mask else {}
            answer = await c.images.edit(image=image, **extra, **call.get("args", {}))
        finally:
            for f in files + ([mask] if mask else []):
                f.close()
        return answer.model_dump(mode="json", exclude_none=True)
    except openai.APIStatusError as e:
        body = e.body if isinstance(e.body, dict) else {}
        return {
            "error": {
                "status": e.status_code,
                "type": body.get("type"),
                "code": body.get("code"),
                "param": body.get("param"),
                "message": body.get("message"),
                "retry_after": e.response.headers.get("retry-after"),
            }
        }
    except openai.APIError as e:
        return {"error": {"status": None, "message": f"{type(e).__name__}: {e}"}}
    finally:
        await c.close()


async def run(spec):
    results = []
    for call in spec.get("calls", []):
        if "parallel" in call:
            results.append(list(await asyncio.gather(*(one(spec, p) for p in call["parallel"]))))
        else:
            results.append(await one(spec, call))
    return {"results": results}


def main():
    spec = json.load(sys.stdin)
    json.dump(asyncio.run(run(spec)), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

"""Local model servers for the provider tests: real HTTP on 127.0.0.1, streamed.

``ScriptedServer`` answers each request with the next step of its script, in the OpenAI chat
completions format or the Anthropic Messages format: streamed text, tool calls, an HTTP error,
a stall (for timeouts) or a malformed tool call. It records every request body it received.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route


@dataclass
class Step:
    kind: Literal["text", "tool", "status", "stall", "malformed", "slow_text"]
    text: str = ""
    tool: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    seconds: float = 0.0


def text(value: str) -> Step:
    return Step("text", text=value)


def slow_text(value: str, seconds_per_word: float) -> Step:
    return Step("slow_text", text=value, seconds=seconds_per_word)


def tool(name: str, **arguments: Any) -> Step:
    return Step("tool", tool=name, arguments=arguments)


def status(code: int) -> Step:
    return Step("status", status=code)


def stall(seconds: float) -> Step:
    return Step("stall", seconds=seconds)


def malformed(name: str) -> Step:
    return Step("malformed", tool=name)


def _sse(data: dict[str, Any], event: str | None = None) -> str:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data)}\n\n"


async def _openai(step: Step) -> AsyncIterator[str]:
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "fake-gpt"}
    if step.kind in ("text", "slow_text"):
        for word in step.text.split(" "):
            if step.kind == "slow_text":
                await asyncio.sleep(step.seconds)
            yield _sse({**base, "choices": [{"index": 0, "delta": {"content": word + " "}}]})
        yield _sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    else:
        arguments = '{"file": ' if step.kind == "malformed" else json.dumps(step.arguments)
        half = len(arguments) // 2
        for i, part in enumerate((arguments[:half], arguments[half:])):
            delta: dict[str, Any] = {"index": 0, "function": {"arguments": part}}
            if i == 0:
                delta.update(id="call_1", type="function")
                delta["function"]["name"] = step.tool
            yield _sse({**base, "choices": [{"index": 0, "delta": {"tool_calls": [delta]}}]})
        yield _sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    yield _sse({**base, "choices": [], "usage": {"prompt_tokens": 120, "completion_tokens": 30}})
    yield "data: [DONE]\n\n"


async def _anthropic(step: Step) -> AsyncIterator[str]:
    yield _sse(
        {
            "type": "message_start",
            "message": {"id": "msg_1", "model": "fake-claude", "usage": {"input_tokens": 110}},
        },
        "message_start",
    )
    if step.kind in ("text", "slow_text"):
        yield _sse(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
            "content_block_start",
        )
        for word in step.text.split(" "):
            if step.kind == "slow_text":
                await asyncio.sleep(step.seconds)
            yield _sse(
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": word + " "},
                },
                "content_block_delta",
            )
        stop = "end_turn"
    else:
        yield _sse(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": step.tool,
                    "input": {},
                },
            },
            "content_block_start",
        )
        arguments = '{"file": ' if step.kind == "malformed" else json.dumps(step.arguments)
        yield _sse(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "input_json_delta", "partial_json": arguments},
            },
            "content_block_delta",
        )
        stop = "tool_use"
    yield _sse({"type": "content_block_stop", "index": 0}, "content_block_stop")
    yield _sse(
        {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 25}},
        "message_delta",
    )
    yield _sse({"type": "message_stop"}, "message_stop")


class ScriptedServer:
    """A model server in a thread; ``steps`` are served in order, the last one repeats."""

    def __init__(self, flavour: Literal["openai", "anthropic"]) -> None:
        self.flavour = flavour
        self.steps: list[Step] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        path = "/v1/chat/completions" if flavour == "openai" else "/v1/messages"
        self.app = Starlette(routes=[Route(path, self._handle, methods=["POST"])])
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.server = uvicorn.Server(
            uvicorn.Config(
                self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + ("/v1" if self.flavour == "openai" else "")

    def script(self, *steps: Step) -> ScriptedServer:
        self.steps = list(steps)
        self.requests.clear()
        return self

    def start(self) -> ScriptedServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake model server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)

    async def _handle(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        if step.kind == "status":
            return JSONResponse(
                {"error": {"message": "scripted failure"}},
                status_code=step.status,
                headers={"Retry-After": "0"},
            )
        if step.kind == "stall":
            await asyncio.sleep(step.seconds)
        stream = _openai(step) if self.flavour == "openai" else _anthropic(step)
        return StreamingResponse(stream, media_type="text/event-stream")

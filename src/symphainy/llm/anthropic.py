"""Anthropic Messages API with tool use, streamed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from symphainy.llm.base import (
    ModelReply,
    Provider,
    ProviderError,
    ToolCallRequest,
    ToolSpec,
    parse_arguments,
    sse_lines,
)

DEFAULT_BASE_URL = "https://api.anthropic.com"
API_VERSION = "2023-06-01"


def to_anthropic(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Neutral messages as Anthropic turns: tool results travel in a user turn."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m["role"] == "tool":
            block = {
                "type": "tool_result",
                "tool_use_id": m["tool_call_id"],
                "content": m["content"],
            }
            if out and out[-1]["role"] == "user" and isinstance(out[-1]["content"], list):
                out[-1]["content"].append(block)
            else:
                out.append({"role": "user", "content": [block]})
        elif m.get("tool_calls"):
            blocks: list[dict[str, Any]] = []
            if m.get("content"):
                blocks.append({"type": "text", "text": m["content"]})
            blocks += [
                {"type": "tool_use", "id": c["id"], "name": c["name"], "input": c["arguments"]}
                for c in m["tool_calls"]
            ]
            out.append({"role": "assistant", "content": blocks})
        else:
            out.append({"role": m["role"], "content": m["content"]})
    return out


class AnthropicProvider(Provider):
    name = "anthropic"

    async def stream(
        self, system: str, messages: list[dict[str, Any]], tools: list[ToolSpec], max_tokens: int
    ) -> AsyncIterator[str | ModelReply]:
        url = f"{self.base_url or DEFAULT_BASE_URL}/v1/messages"
        headers = {
            "x-api-key": self.api_key,
            "anthropic-version": API_VERSION,
            "content-type": "application/json",
        }
        body: dict[str, Any] = {
            "model": self.model,
            "system": system,
            "stream": True,
            "max_tokens": max_tokens,
            "messages": to_anthropic(messages),
        }
        if tools:
            body["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.parameters}
                for t in tools
            ]
        reply = ModelReply(model=self.model)
        blocks: dict[int, dict[str, str]] = {}
        async with self.open_stream(url, body, headers) as response:
            async for event, data in sse_lines(response):
                try:
                    payload = json.loads(data)
                except json.JSONDecodeError as exc:
                    raise ProviderError("malformed stream event", retryable=True) from exc
                kind = payload.get("type", event)
                if kind == "message_start":
                    message = payload.get("message") or {}
                    reply.model = message.get("model") or reply.model
                    reply.tokens_in = int((message.get("usage") or {}).get("input_tokens") or 0)
                elif kind == "content_block_start":
                    block = payload.get("content_block") or {}
                    blocks[int(payload.get("index", 0))] = {
                        "type": block.get("type", ""),
                        "id": block.get("id", ""),
                        "name": block.get("name", ""),
                        "json": "",
                    }
                elif kind == "content_block_delta":
                    delta = payload.get("delta") or {}
                    if delta.get("type") == "text_delta" and delta.get("text"):
                        reply.text += delta["text"]
                        yield delta["text"]
                    elif delta.get("type") == "input_json_delta":
                        blocks.setdefault(
                            int(payload.get("index", 0)),
                            {"type": "tool_use", "id": "", "name": "", "json": ""},
                        )["json"] += delta.get("partial_json") or ""
                elif kind == "message_delta":
                    reply.tokens_out = int(
                        (payload.get("usage") or {}).get("output_tokens") or reply.tokens_out
                    )
                    reply.stop_reason = (payload.get("delta") or {}).get(
                        "stop_reason"
                    ) or reply.stop_reason
                elif kind == "error":
                    error = payload.get("error") or {}
                    raise ProviderError(
                        f"the model reported {error.get('type', 'an error')}",
                        retryable=error.get("type")
                        in ("overloaded_error", "rate_limit_error", "api_error"),
                    )
        for index in sorted(blocks):
            block = blocks[index]
            if block["type"] != "tool_use":
                continue
            if not block["name"]:
                raise ProviderError("malformed tool call without a name", retryable=True)
            reply.tool_calls.append(
                ToolCallRequest(
                    block["id"] or f"toolu_{index}",
                    block["name"],
                    parse_arguments(block["json"] or "{}", block["name"]),
                )
            )
        yield reply

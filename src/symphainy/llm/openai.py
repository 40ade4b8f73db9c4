"""OpenAI-compatible chat completions with native function calling, streamed.

The same wire format serves OpenAI, Azure OpenAI (base URL of the deployment, the key in an
``api-key`` header and an ``api-version`` query parameter), vLLM, Ollama, llama.cpp server and
LM Studio.
"""

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
    estimate_tokens,
    parse_arguments,
    sse_lines,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"


def to_openai(system: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for m in messages:
        if m["role"] == "tool":
            out.append({"role": "tool", "tool_call_id": m["tool_call_id"], "content": m["content"]})
        elif m.get("tool_calls"):
            out.append(
                {
                    "role": "assistant",
                    "content": m.get("content") or None,
                    "tool_calls": [
                        {
                            "id": c["id"],
                            "type": "function",
                            "function": {
                                "name": c["name"],
                                "arguments": json.dumps(c["arguments"]),
                            },
                        }
                        for c in m["tool_calls"]
                    ],
                }
            )
        else:
            out.append({"role": m["role"], "content": m["content"]})
    return out


class OpenAIProvider(Provider):
    name = "openai"

    def _request(self) -> tuple[str, dict[str, str], dict[str, str]]:
        base = self.base_url or DEFAULT_BASE_URL
        header = self.settings.LLM_API_KEY_HEADER
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers[header] = (
                f"Bearer {self.api_key}" if header.lower() == "authorization" else self.api_key
            )
        params = (
            {"api-version": self.settings.LLM_API_VERSION} if self.settings.LLM_API_VERSION else {}
        )
        return f"{base}/chat/completions", headers, params

    async def stream(
        self, system: str, messages: list[dict[str, Any]], tools: list[ToolSpec], max_tokens: int
    ) -> AsyncIterator[str | ModelReply]:
        url, headers, params = self._request()
        body: dict[str, Any] = {
            "model": self.model,
            "messages": to_openai(system, messages),
            "stream": True,
            "max_tokens": max_tokens,
            "stream_options": {"include_usage": True},
        }
        if tools:
            body["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": t.parameters,
                    },
                }
                for t in tools
            ]
        reply = ModelReply(model=self.model)
        calls: dict[int, dict[str, str]] = {}
        async with self.open_stream(url, body, headers, params) as response:
            async for _event, data in sse_lines(response):
                if data.strip() == "[DONE]":
                    break
                try:
                    chunk = json.loads(data)
                except json.JSONDecodeError as exc:
                    raise ProviderError("malformed stream chunk", retryable=True) from exc
                if usage := chunk.get("usage"):
                    reply.tokens_in = int(usage.get("prompt_tokens") or 0)
                    reply.tokens_out = int(usage.get("completion_tokens") or 0)
                reply.model = chunk.get("model") or reply.model
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") or {}
                    if text := delta.get("content"):
                        reply.text += text
                        yield text
                    for part in delta.get("tool_calls") or []:
                        slot = calls.setdefault(
                            int(part.get("index", 0)), {"id": "", "name": "", "arguments": ""}
                        )
                        function = part.get("function") or {}
                        slot["id"] = part.get("id") or slot["id"]
                        slot["name"] += function.get("name") or ""
                        slot["arguments"] += function.get("arguments") or ""
                    if choice.get("finish_reason"):
                        reply.stop_reason = choice["finish_reason"]
        for index in sorted(calls):
            slot = calls[index]
            if not slot["name"]:
                raise ProviderError("malformed tool call without a name", retryable=True)
            reply.tool_calls.append(
                ToolCallRequest(
                    slot["id"] or f"call_{index}",
                    slot["name"],
                    parse_arguments(slot["arguments"], slot["name"]),
                )
            )
        if not reply.tokens_out:
            reply.tokens_in = reply.tokens_in or estimate_tokens(
                [system] + [str(m.get("content") or "") for m in messages]
            )
            reply.tokens_out = estimate_tokens(
                [reply.text] + [c["arguments"] for c in calls.values()]
            )
        yield reply

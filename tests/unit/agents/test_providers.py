"""The OpenAI-compatible and Anthropic providers against local servers over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from symphainy.config import Settings
from symphainy.llm.anthropic import AnthropicProvider
from symphainy.llm.base import ModelReply, Provider, ProviderError, ToolSpec
from symphainy.llm.openai import OpenAIProvider
from tests.unit.agents.llm_servers import (
    ScriptedServer,
    malformed,
    stall,
    status,
    text,
    tool,
)

TOOLS = [ToolSpec("list_files", "List the journey's files.", {"type": "object", "properties": {}})]
MESSAGES: list[dict[str, Any]] = [{"role": "user", "content": "status of my files?"}]


@pytest.fixture(scope="module", params=["openai", "anthropic"])
def server(request: pytest.FixtureRequest) -> Iterator[ScriptedServer]:
    srv = ScriptedServer(request.param).start()
    yield srv
    srv.stop()


def provider(server: ScriptedServer, **overrides: Any) -> Provider:
    settings = Settings(
        SYMPHAINY_ENV="test",
        LLM_PROVIDER=server.flavour,
        LLM_BASE_URL=server.base_url,
        LLM_API_KEY="test-key",
        LLM_MODEL="fake-model",
        LLM_TIMEOUT_SECONDS=1.0,
        **overrides,
    )
    return (OpenAIProvider if server.flavour == "openai" else AnthropicProvider)(settings)


def run(p: Provider, messages: list[dict[str, Any]] | None = None) -> tuple[list[str], ModelReply]:
    async def collect() -> tuple[list[str], ModelReply]:
        pieces: list[str] = []
        reply = None
        async for item in p.stream("You help.", messages or MESSAGES, TOOLS, 256):
            if isinstance(item, str):
                pieces.append(item)
            else:
                reply = item
        assert reply is not None
        return pieces, reply

    return asyncio.run(collect())


def test_text_streams_in_pieces_with_usage(server: ScriptedServer) -> None:
    server.script(text("You have two files ready."))
    pieces, reply = run(provider(server))
    assert len(pieces) == 5
    assert "".join(pieces) == reply.text == "You have two files ready. "
    assert reply.tokens_in > 0 and reply.tokens_out > 0
    assert reply.model.startswith("fake-")
    sent = server.requests[0]
    assert sent["stream"] is True and sent["tools"]


def test_tool_calls_arrive_with_their_arguments(server: ScriptedServer) -> None:
    server.script(tool("list_files", status="failed"))
    _pieces, reply = run(provider(server))
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [
        ("list_files", {"status": "failed"})
    ]


def test_tool_results_are_sent_back_in_the_providers_format(server: ScriptedServer) -> None:
    server.script(text("Done."))
    history = [
        *MESSAGES,
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"id": "c1", "name": "list_files", "arguments": {}}],
        },
        {"role": "tool", "tool_call_id": "c1", "name": "list_files", "content": '{"ok": true}'},
    ]
    run(provider(server), history)
    sent = server.requests[0]["messages"]
    if server.flavour == "openai":
        assert sent[0]["role"] == "system"
        assert sent[2]["tool_calls"][0]["function"]["name"] == "list_files"
        assert sent[3] == {"role": "tool", "tool_call_id": "c1", "content": '{"ok": true}'}
    else:
        assert server.requests[0]["system"] == "You help."
        assert sent[1]["content"][0]["type"] == "tool_use"
        assert sent[2]["content"][0] == {
            "type": "tool_result",
            "tool_use_id": "c1",
            "content": '{"ok": true}',
        }


@pytest.mark.parametrize(
    ("code", "retryable"), [(429, True), (500, True), (503, True), (400, False), (401, False)]
)
def test_http_errors_say_whether_to_retry(
    server: ScriptedServer, code: int, retryable: bool
) -> None:
    server.script(status(code))
    with pytest.raises(ProviderError) as caught:
        run(provider(server))
    assert caught.value.retryable is retryable
    assert str(code) in caught.value.reason


def test_a_stalled_model_times_out_as_retryable(server: ScriptedServer) -> None:
    server.script(stall(3.0))
    with pytest.raises(ProviderError) as caught:
        run(provider(server))
    assert caught.value.retryable and "in time" in caught.value.reason


def test_a_malformed_tool_call_is_retryable(server: ScriptedServer) -> None:
    server.script(malformed("list_files"))
    with pytest.raises(ProviderError) as caught:
        run(provider(server))
    assert caught.value.retryable and "malformed" in caught.value.reason


def test_keys_travel_in_the_providers_header(server: ScriptedServer) -> None:
    server.script(text("ok"))
    run(provider(server))
    headers = server.headers[-1]
    if server.flavour == "openai":
        assert headers["authorization"] == "Bearer test-key"
    else:
        assert headers["x-api-key"] == "test-key"
        assert headers["anthropic-version"]


def test_azure_style_key_header_and_api_version() -> None:
    srv = ScriptedServer("openai").start()
    try:
        srv.script(text("ok"))
        run(provider(srv, LLM_API_KEY_HEADER="api-key", LLM_API_VERSION="2024-10-21"))
        assert srv.headers[-1]["api-key"] == "test-key"
        assert "authorization" not in srv.headers[-1]
    finally:
        srv.stop()

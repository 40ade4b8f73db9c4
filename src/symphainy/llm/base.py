"""What every provider offers: one streamed model call with tools, and its errors.

Messages use one neutral shape that each provider translates:
``{"role": "user"|"assistant", "content": str, "tool_calls": [{id, name, arguments}]}`` and
``{"role": "tool", "tool_call_id": str, "name": str, "content": str}``.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from symphainy.config import Settings

if TYPE_CHECKING:
    # Imported where a provider is made: an instance without a model never needs the HTTP client
    # (about 0.1 s of start-up, issue 19).
    import httpx


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]


@dataclass
class ToolCallRequest:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass
class ModelReply:
    """One finished model call: its text, the tools it asked for, and what it cost."""

    text: str = ""
    tool_calls: list[ToolCallRequest] = field(default_factory=list)
    tokens_in: int = 0
    tokens_out: int = 0
    model: str = ""
    stop_reason: str = ""


class ProviderError(Exception):
    """A failed model call; ``retryable`` for timeouts, 429, 5xx and malformed tool calls."""

    def __init__(self, reason: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


class Provider(ABC):
    name: str

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        import httpx

        self.settings = settings
        self.model = settings.LLM_MODEL
        self.base_url = settings.LLM_BASE_URL.rstrip("/")
        self.api_key = settings.LLM_API_KEY.get_secret_value()
        self.timeout = httpx.Timeout(settings.LLM_TIMEOUT_SECONDS, connect=5.0)
        self._client = client

    def client(self) -> httpx.AsyncClient:
        import httpx

        return self._client or httpx.AsyncClient(timeout=self.timeout)

    @asynccontextmanager
    async def open_stream(
        self,
        url: str,
        body: dict[str, Any],
        headers: dict[str, str],
        params: dict[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """A streamed POST whose HTTP and network failures become :class:`ProviderError`."""
        import httpx

        client = self.client()
        try:
            async with client.stream(
                "POST", url, json=body, headers=headers, params=params
            ) as response:
                if response.status_code >= 400:
                    await response.aread()
                check_status(response)
                yield response
        except httpx.TimeoutException as exc:
            raise ProviderError("the model did not answer in time", retryable=True) from exc
        except httpx.TransportError as exc:
            raise ProviderError(f"could not reach the model: {exc}", retryable=True) from exc
        finally:
            if self._client is None:
                await client.aclose()

    @abstractmethod
    def stream(
        self, system: str, messages: list[dict[str, Any]], tools: list[ToolSpec], max_tokens: int
    ) -> AsyncIterator[str | ModelReply]:
        """Text deltas as they arrive, then the finished :class:`ModelReply`."""


def check_status(response: httpx.Response) -> None:
    """Raise the right :class:`ProviderError` for an unsuccessful answer."""
    if response.status_code < 400:
        return
    retry_after = None
    if value := response.headers.get("retry-after"):
        try:
            retry_after = float(value)
        except ValueError:
            retry_after = None
    retryable = response.status_code == 429 or response.status_code >= 500
    raise ProviderError(
        f"the model answered HTTP {response.status_code}",
        retryable=retryable,
        retry_after=retry_after,
    )


def parse_arguments(raw: str | dict[str, Any] | None, name: str) -> dict[str, Any]:
    """A tool call's JSON arguments, or a retryable error when the model wrote broken JSON."""
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise ProviderError(f"malformed tool call to {name}: {exc.msg}", retryable=True) from exc
    if not isinstance(value, dict):
        raise ProviderError(
            f"malformed tool call to {name}: arguments are not an object", retryable=True
        )
    return value


async def sse_lines(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) pairs of a Server-Sent Events body."""
    event = ""
    data: list[str] = []
    async for line in response.aiter_lines():
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "", []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
    if data:
        yield event, "\n".join(data)


def estimate_tokens(texts: Iterator[str] | list[str]) -> int:
    """About four characters a token, for servers that do not report usage."""
    return max(1, sum(len(t) for t in texts) // 4)

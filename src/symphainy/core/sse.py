"""Progress of background work as Server-Sent Events, for every pillar.

The stream re-reads the work's row every half second in a short session of its own, so it
works the same whichever process or worker does the work (the database is the shared truth)
and holds no connection between reads. It ends with a ``done`` event once the status is final.

The wire format is FastAPI's own (``fastapi.sse.format_sse_event`` and ``EventSourceResponse``):
this module only decides *what* to send; every stream in the product (progress here, the chat's
turn in ``agents``) is framed by the same function.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi.sse import EventSourceResponse, format_sse_event
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
MAX_SECONDS = 3600.0
FINAL = frozenset({"ready", "failed"})

StateReader = Callable[[Session], dict[str, Any] | None]


def event(name: str, data: dict[str, Any]) -> str:
    """One named event whose data is ``data`` as JSON (dates and ids as strings)."""
    return format_sse_event(event=name, data_str=json.dumps(data, default=str)).decode()


def _comment(text: str) -> str:
    return format_sse_event(comment=text).decode()


def _read(runtime: Runtime, scope: Scope, reader: StateReader) -> dict[str, Any] | None:
    with runtime.db.session(scope) as session:
        return reader(session)


async def progress_events(
    runtime: Runtime,
    scope: Scope,
    reader: StateReader,
    *,
    gone: str,
    poll: float = POLL_SECONDS,
    max_seconds: float = MAX_SECONDS,
) -> AsyncIterator[str]:
    """``progress`` on every change, then ``done``; ``error`` with ``gone`` if the row vanishes."""
    yield format_sse_event(retry=2000).decode()
    last: dict[str, Any] | None = None
    started = last_sent = time.monotonic()
    while time.monotonic() - started < max_seconds:
        state = await run_in_threadpool(_read, runtime, scope, reader)
        if state is None:
            yield event("error", {"detail": gone})
            return
        if state != last:
            yield event("progress", state)
            last, last_sent = state, time.monotonic()
            if state.get("status") in FINAL:
                yield event("done", state)
                return
        elif time.monotonic() - last_sent > KEEPALIVE_SECONDS:
            yield _comment("keep-alive")
            last_sent = time.monotonic()
        await asyncio.sleep(poll)


def sse_response(stream: AsyncIterator[str]) -> EventSourceResponse:
    """The stream as ``text/event-stream``, uncached and unbuffered by proxies."""
    return EventSourceResponse(
        stream, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )

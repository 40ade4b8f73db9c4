"""Progress of a file's parsing as Server-Sent Events.

The stream reads the file's row every half second in a short session of its own, so it works
the same whichever process or worker is doing the parsing (the database is the shared truth),
and holds no connection between reads.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.content import File

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
MAX_SECONDS = 3600.0
FINAL = ("ready", "failed")


def _state(runtime: Runtime, scope: Scope, file_id: str) -> dict[str, Any] | None:
    with runtime.db.session(scope) as session:
        file = session.get(File, file_id)
        if file is None:
            return None
        return {"id": file.id, "status": file.status, "progress": file.progress,
                "message": file.status_message, "error": file.error, "kind": file.kind,
                "summary": file.summary}


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


async def file_events(runtime: Runtime, scope: Scope, file_id: str,
                      poll: float = POLL_SECONDS) -> AsyncIterator[str]:
    yield "retry: 2000\n\n"
    last: dict[str, Any] | None = None
    started = last_sent = time.monotonic()
    while time.monotonic() - started < MAX_SECONDS:
        state = await run_in_threadpool(_state, runtime, scope, file_id)
        if state is None:
            yield _event("error", {"detail": "the file no longer exists"})
            return
        if state != last:
            yield _event("progress", state)
            last, last_sent = state, time.monotonic()
            if state["status"] in FINAL:
                yield _event("done", state)
                return
        elif time.monotonic() - last_sent > KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            last_sent = time.monotonic()
        await asyncio.sleep(poll)

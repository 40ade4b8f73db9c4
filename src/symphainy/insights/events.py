"""Progress of a background analysis as Server-Sent Events (polls the row, like content's)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.insights import Analysis

POLL_SECONDS = 0.5
MAX_SECONDS = 3600.0


def _state(runtime: Runtime, scope: Scope, analysis_id: str) -> dict[str, Any] | None:
    with runtime.db.session(scope) as session:
        row = session.get(Analysis, analysis_id)
        if row is None:
            return None
        return {"id": row.id, "kind": row.kind, "status": row.status, "progress": row.progress,
                "message": row.params.get("message"), "error": row.error}


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


async def analysis_events(runtime: Runtime, scope: Scope, analysis_id: str,
                          poll: float = POLL_SECONDS) -> AsyncIterator[str]:
    yield "retry: 2000\n\n"
    last: dict[str, Any] | None = None
    started = time.monotonic()
    while time.monotonic() - started < MAX_SECONDS:
        state = await run_in_threadpool(_state, runtime, scope, analysis_id)
        if state is None:
            yield _event("error", {"detail": "the analysis no longer exists"})
            return
        if state != last:
            yield _event("progress", state)
            last = state
            if state["status"] in ("ready", "failed"):
                yield _event("done", state)
                return
        await asyncio.sleep(poll)

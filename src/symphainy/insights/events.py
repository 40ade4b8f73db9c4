"""Progress of a background analysis as Server-Sent Events (see ``core.sse``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.orm import Session

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.core.sse import progress_events
from symphainy.models.insights import Analysis


def analysis_events(runtime: Runtime, scope: Scope, analysis_id: str) -> AsyncIterator[str]:
    def read(session: Session) -> dict[str, Any] | None:
        row = session.get(Analysis, analysis_id)
        if row is None:
            return None
        return {
            "id": row.id,
            "kind": row.kind,
            "status": row.status,
            "progress": row.progress,
            "message": row.params.get("message"),
            "error": row.error,
        }

    return progress_events(runtime, scope, read, gone="the analysis no longer exists")

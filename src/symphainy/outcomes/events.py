"""Progress of an export as Server-Sent Events (see ``core.sse``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.orm import Session

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.core.sse import progress_events
from symphainy.models.outcomes import Export


def export_events(runtime: Runtime, scope: Scope, export_id: str) -> AsyncIterator[str]:
    def read(session: Session) -> dict[str, Any] | None:
        row = session.get(Export, export_id)
        if row is None:
            return None
        return {
            "id": row.id,
            "status": row.status,
            "progress": row.progress,
            "error": row.error,
            "download_url": f"/api/v1/exports/{row.id}/download",
        }

    return progress_events(
        runtime, scope, read, gone="the export no longer exists", max_seconds=600.0
    )

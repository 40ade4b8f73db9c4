"""Progress of a file's parsing as Server-Sent Events (see ``core.sse``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.orm import Session

from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.core.sse import progress_events
from symphainy.models.content import File


def file_events(runtime: Runtime, scope: Scope, file_id: str) -> AsyncIterator[str]:
    def read(session: Session) -> dict[str, Any] | None:
        file = session.get(File, file_id)
        if file is None:
            return None
        return {
            "id": file.id,
            "status": file.status,
            "progress": file.progress,
            "message": file.status_message,
            "error": file.error,
            "kind": file.kind,
            "summary": file.summary,
        }

    return progress_events(runtime, scope, read, gone="the file no longer exists")

"""Rendering an export in the background, with its progress in short transactions.

Each step opens its own short session, so the progress is visible to the SSE stream and a
crash leaves the export ``processing`` or ``failed`` (never ``ready`` with no file).

Only a refusal (the roadmap or proposal was deleted: an :class:`AppError`) fails the export at
once; anything else (the database or storage briefly unavailable) propagates, so the job system
retries it with backoff and records the reason only after the last attempt.
"""

from __future__ import annotations

import io

from symphainy.core.errors import AppError
from symphainy.core.jobs import PermanentJobError
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.outcomes import Export
from symphainy.outcomes import exports, service


def _set(runtime: Runtime, export_id: str, **values: object) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Export, export_id)
        if row is not None:
            for key, value in values.items():
                setattr(row, key, value)


def storage_key(row: Export) -> str:
    return f"ws/{row.workspace_id}/journeys/{row.journey_id}/exports/{row.id}.{row.format}"


def render(runtime: Runtime, export_id: str) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Export, export_id)
        if row is None or row.status == "ready":
            return
        row.status, row.progress, row.error = "processing", 0.1, None
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Export, export_id)
        if row is None:
            return
        try:
            doc = service.export_document(session, row)
        except AppError as exc:  # the subject is gone: retrying cannot help
            raise PermanentJobError(exc.detail) from exc
        fmt, key = row.format, storage_key(row)
    _set(runtime, export_id, progress=0.4)
    data = exports.render(doc, fmt)
    _set(runtime, export_id, progress=0.85)
    runtime.storage.put(key, io.BytesIO(data))
    _set(runtime, export_id, status="ready", progress=1.0, storage_key=key, size=len(data))


def mark_failed(runtime: Runtime, export_id: str, reason: str) -> None:
    _set(runtime, export_id, status="failed", error=reason[:2000])

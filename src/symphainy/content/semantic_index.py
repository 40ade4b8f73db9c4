"""Semantic indexing: sentence embeddings for a parsed file's passages, after it is ready.

A file is usable (preview, profile, questions, keyword search) the moment it is parsed;
embedding its passages can take a minute for a long PDF, so it runs afterwards as its own
job, a batch at a time. Each batch is a separate job queued at a lower priority than parsing,
so a file uploaded behind a long document is parsed between two of its batches instead of
waiting for all of them. Progress lives in ``File.summary["semantic"]``, which the file's
page and API show ("semantic search available in about N s").
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from symphainy.core.db import lock_row
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.logging import get_logger
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.content import Chunk, File

log = get_logger(__name__)
JOB = "content.embed_file"
BATCH = 16  # passages per job: ~2-3 s of CPU, so parse jobs get a turn between batches
EMBEDDED_SOURCES = ("section", "schema")  # rows of tables are found by keyword only
SEMANTIC = "semantic"  # key in File.summary


def pending_state(total: int) -> dict[str, Any]:
    """The summary entry a freshly parsed file starts with."""
    if total == 0:
        return {"status": "available", "chunks": 0, "done": 0, "eta_seconds": 0}
    return {"status": "pending", "chunks": total, "done": 0, "eta_seconds": None}


def _set_state(file: File, state: dict[str, Any]) -> None:
    # A new dict, so SQLAlchemy sees the JSON column change.
    file.summary = {**(file.summary or {}), SEMANTIC: state}


def _missing(file_id: str) -> Any:
    return (
        select(Chunk.id, Chunk.text)
        .where(
            Chunk.file_id == file_id,
            Chunk.source.in_(EMBEDDED_SOURCES),
            Chunk.embedding.is_(None),
        )
        .order_by(Chunk.position)
    )


def embed_next_batch(runtime: Runtime, file_id: str, version: int) -> None:
    """Embed the next ``BATCH`` passages of ``file_id`` and queue the rest as a new job."""
    from symphainy.content.embeddings import EmbeddingsUnavailable, get_embedder
    from symphainy.content.vector_index import to_bytes

    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.status != "ready" or file.parse_version != version:
            return  # deleted or re-parsed since: the newer parse queued its own indexing
        rows = session.execute(_missing(file_id).limit(BATCH)).all()
    if not rows:
        _finish(runtime, file_id, version)
        return
    started = time.perf_counter()
    try:
        vectors = get_embedder().encode([r.text for r in rows])
    except EmbeddingsUnavailable as exc:
        _record(runtime, file_id, version, {"status": "unavailable", "message": str(exc)})
        return
    seconds = time.perf_counter() - started
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.parse_version != version:
            return
        lock_row(session, file)  # the table-reading jobs rewrite File.summary too
        by_id = {r.id: to_bytes(v) for r, v in zip(rows, vectors, strict=True)}
        for chunk in session.scalars(select(Chunk).where(Chunk.id.in_(list(by_id)))):
            chunk.embedding = by_id[chunk.id]
        left = int(
            session.scalar(select(func.count()).select_from(_missing(file_id).subquery())) or 0
        )
        state = dict((file.summary or {}).get(SEMANTIC) or {})
        total = int(state.get("chunks") or 0) or left + len(rows)
        per_passage = seconds / len(rows)
        _set_state(
            file,
            {
                "status": "indexing" if left else "available",
                "chunks": total,
                "done": total - left,
                "eta_seconds": round(left * per_passage) if left else 0,
            },
        )
        if left:
            enqueue_after_commit(session, JOB, {"file_id": file_id, "version": version})
    if not left:
        log.info("content.semantic_ready", file_id=file_id, passages=total)


def _finish(runtime: Runtime, file_id: str, version: int) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.parse_version != version:
            return
        lock_row(session, file)
        state = dict((file.summary or {}).get(SEMANTIC) or {})
        total = int(state.get("chunks") or 0)
        _set_state(file, {"status": "available", "chunks": total, "done": total, "eta_seconds": 0})


def _record(runtime: Runtime, file_id: str, version: int, extra: dict[str, Any]) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.parse_version != version:
            return
        lock_row(session, file)
        state = dict((file.summary or {}).get(SEMANTIC) or {})
        _set_state(file, {**state, "eta_seconds": None, **extra})


def requeue_stalled(runtime: Runtime, stale_after_seconds: int) -> list[str]:
    """Ready files whose indexing stopped (a worker killed between batches) go back in line.

    A file counts as stalled when passages still lack a vector, its semantic state says work
    is under way, and the file row has not changed for ``stale_after_seconds`` (each batch
    updates it). Two chains for one file at worst repeat a batch's work; they never lose one.
    """
    cutoff = datetime.now(UTC) - timedelta(seconds=stale_after_seconds)
    waiting = (
        select(Chunk.file_id)
        .where(Chunk.source.in_(EMBEDDED_SOURCES), Chunk.embedding.is_(None))
        .distinct()
    )
    requeued = []
    with runtime.db.session(Scope.for_system()) as session:
        files = session.scalars(
            select(File).where(
                File.status == "ready", File.updated_at < cutoff, File.id.in_(waiting)
            )
        ).all()
        for file in files:
            state = (file.summary or {}).get(SEMANTIC) or {}
            if state.get("status") not in ("pending", "indexing"):
                continue  # unavailable or failed: said on the file, not retried forever
            # Touching the row claims the file for another ``stale_after_seconds``.
            _set_state(file, {**state, "eta_seconds": None, "requeued_at": _now_iso()})
            enqueue_after_commit(session, JOB, {"file_id": file.id, "version": file.parse_version})
            requeued.append(file.id)
    if requeued:
        log.warning("content.semantic_requeued", files=requeued)
    return requeued


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def mark_failed(runtime: Runtime, file_id: str, version: int, reason: str) -> None:
    """The last retry failed: keyword search still works; say semantic search does not."""
    _record(runtime, file_id, version, {"status": "failed", "message": reason[:500]})

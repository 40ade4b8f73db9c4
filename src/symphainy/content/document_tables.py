"""Tables inside a PDF's pages, read after the file is ready (issue 19: ready means usable).

pdfplumber finds ruled tables but costs 0.1-0.8 s of CPU a page in pure Python: reading them
inside the parse kept a 15-page paper from being ready for 40 s on a busy machine and held
the files uploaded behind it. So the parse reads the text only (the file is ready: preview,
outline, keyword search) and lists the pages to look at; this module reads them as separate
jobs of ``PAGES_PER_JOB`` pages at a priority below semantic indexing, so any parse and any
embedding waiting in the queue goes first. Progress lives in ``File.summary["document_tables"]``,
its note in the parse summary's ``details["tables"]`` (what the file page lists); the tables
themselves go where they always went, ``Document.meta["tables"]`` (Operations reads a
Responsibilities table there, and reads what is left at once with :func:`read_rest_now` if a
workflow is asked for before the jobs are done).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.content.parsers import pdf
from symphainy.core.db import lock_row
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.logging import get_logger
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.content import Document, File

log = get_logger(__name__)
JOB = "content.read_document_tables"
PAGES_PER_JOB = 5  # about 1-3 s of CPU: a parse queued meanwhile waits for one batch at most
MAX_TABLES = 50  # kept on the document, as before
STATE = "document_tables"  # key in File.summary; its "note" is also the "tables" detail


def pending_state(pages: list[int], page_count: int | None) -> dict[str, Any] | None:
    """The summary entry a freshly parsed document starts with (None: nothing to read)."""
    if not pages:
        return None
    return {
        "status": "pending",
        "pages": pages,
        "page_count": page_count or max(pages),
        "done": 0,
        "found": 0,
        "failed_pages": [],
        "note": _progress_note(0, len(pages), 0),
    }


def _progress_note(done: int, total: int, found: int) -> str:
    return f"being read: {done} of {total} pages looked at so far ({found} found)"


def _final_note(state: dict[str, Any]) -> str:
    found, failed = int(state["found"]), list(state["failed_pages"])
    limited = pdf.table_note(int(state["page_count"]), found, failed)
    return limited or f"{found} found on {len(state['pages'])} page(s) with text"


def read_next_pages(runtime: Runtime, file_id: str, version: int) -> None:
    """Read the next ``PAGES_PER_JOB`` pages of ``file_id`` and queue the rest as a new job."""
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        state = _state_of(file, version)
        if file is None or state is None:
            return  # deleted, re-parsed since (the newer parse queued its own) or done
        start = int(state["done"])
        batch = list(state["pages"])[start : start + PAGES_PER_JOB]
        storage_key = file.storage_key
    tables, failed = _read(runtime, storage_key, batch)
    with runtime.db.session(Scope.for_system()) as session:
        file = _locked(session, file_id)
        state = _state_of(file, version)
        if file is None or state is None or int(state["done"]) != start:
            return  # another delivery of this job got here first
        _add(session, file_id, tables)
        state = {
            **state,
            "done": start + len(batch),
            "found": int(state["found"]) + len(tables),
            "failed_pages": [*state["failed_pages"], *failed],
        }
        left = len(state["pages"]) - int(state["done"])
        if left > 0:
            state["status"] = "reading"
            state["note"] = _progress_note(int(state["done"]), len(state["pages"]), state["found"])
            enqueue_after_commit(session, JOB, {"file_id": file_id, "version": version})
        else:
            state["status"] = "done"
            state["note"] = _final_note(state)
        _save(file, state)
    if left <= 0:
        log.info("content.document_tables_read", file_id=file_id, found=state["found"])


def read_rest_now(session: Session, runtime: Runtime, document: Document) -> list[list[list[str]]]:
    """The document's tables, reading at once the pages the jobs have not reached yet.

    For a caller that needs the tables now (Operations); the jobs still record their own
    progress, so the pages read here are read again by them, which costs time, never tables.
    """
    tables = list((document.meta or {}).get("tables") or [])
    file = session.get(File, document.file_id)
    state = _state_of(file, document.version)
    if file is None or state is None:
        return tables
    rest = list(state["pages"])[int(state["done"]) :]
    found, _failed = _read(runtime, file.storage_key, rest)
    return (tables + found)[:MAX_TABLES]


def mark_failed(runtime: Runtime, file_id: str, version: int, reason: str) -> None:
    """The last retry failed: the text is there; say which pages lost their tables."""
    with runtime.db.session(Scope.for_system()) as session:
        file = _locked(session, file_id)
        state = _state_of(file, version)
        if file is None or state is None:
            return
        rest = list(state["pages"])[int(state["done"]) :]
        note = f"table detection stopped ({reason[:200]}); pages {rest[0]}–{rest[-1]} not read"
        _save(file, {**state, "status": "failed", "note": note})


def requeue_stalled(runtime: Runtime, stale_after_seconds: int) -> list[str]:
    """Ready documents whose table reading stopped (a worker killed between jobs) go back in
    line. Each job touches the file row, so an untouched row with work left is stalled; a
    page read twice costs time, never a table (a job whose start page was passed is dropped)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=stale_after_seconds)
    status = File.summary[(STATE, "status")].as_string()
    requeued = []
    with runtime.db.session(Scope.for_system()) as session:
        files = session.scalars(
            select(File).where(
                File.status == "ready",
                File.updated_at < cutoff,
                status.in_(("pending", "reading")),
            )
        ).all()
        for file in files:
            state = dict((file.summary or {})[STATE])
            state["requeued_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            _save(file, state)  # touching the row claims it for another while
            enqueue_after_commit(session, JOB, {"file_id": file.id, "version": file.parse_version})
            requeued.append(file.id)
    if requeued:
        log.warning("content.document_tables_requeued", files=requeued)
    return requeued


def _locked(session: Session, file_id: str) -> File | None:
    """The file, re-read under a write lock: the semantic-index jobs rewrite File.summary too."""
    file = session.get(File, file_id)
    if file is not None:
        lock_row(session, file)
    return file


def _save(file: File, state: dict[str, Any]) -> None:
    """Store the state and show its note among the parse details (new dicts: SQLAlchemy sees a
    JSON column change only when the value is replaced)."""
    summary = dict(file.summary or {})
    summary["details"] = {**(summary.get("details") or {}), "tables": state["note"]}
    summary[STATE] = state
    file.summary = summary


def _state_of(file: File | None, version: int) -> dict[str, Any] | None:
    """The table reading still to do for this parse of ``file``, or None."""
    if file is None or file.status != "ready" or file.parse_version != version:
        return None
    state = (file.summary or {}).get(STATE)
    if not isinstance(state, dict) or state.get("status") not in ("pending", "reading"):
        return None
    return state


def _read(runtime: Runtime, storage_key: str, pages: list[int]) -> tuple[list[Any], list[int]]:
    from symphainy.content.service import local_path

    if not pages:
        return [], []
    try:
        return pdf.read_tables(local_path(runtime, storage_key), pages)
    except Exception as exc:  # a damaged page stream: the text is already read, say what is lost
        log.warning("content.document_tables_unreadable", error=str(exc)[:300])
        return [], pages


def _add(session: Session, file_id: str, tables: list[Any]) -> None:
    if not tables:
        return
    document = session.scalars(select(Document).where(Document.file_id == file_id)).first()
    if document is None:
        return
    meta = dict(document.meta or {})
    meta["tables"] = [*(meta.get("tables") or []), *tables][:MAX_TABLES]
    document.meta = meta  # a new dict, so SQLAlchemy sees the JSON column change

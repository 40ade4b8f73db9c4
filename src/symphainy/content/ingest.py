"""Parsing an uploaded original into datasets, a document and searchable chunks.

Runs in a worker. Each step that the user should see (started, progress, done, failed) is its
own short transaction, so the page's progress bar moves while the work happens; the derived
rows are replaced in one final transaction, so a crash never leaves a half-parsed file that
looks ready. Running it twice for the same version is harmless: a file that is already ready
is left alone.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import delete, select

from symphainy.content import document_tables, names, search, semantic_index, storage_keys
from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import (
    DocumentResult,
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    TableResult,
)
from symphainy.content.sniff import sniff
from symphainy.content.tables.columns import ReadingOptions
from symphainy.core.jobs import PermanentJobError, enqueue_after_commit
from symphainy.core.logging import get_logger
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.models.content import Chunk, Dataset, Document, File

log = get_logger(__name__)
ROWS_PER_CHUNK = 25
PROGRESS_EVERY = 0.4  # seconds between progress writes
READING_OPTIONS = "reading_options"  # key in File.summary: the user's undo of reading choices


def limits_from(runtime: Runtime) -> ParseLimits:
    s = runtime.settings
    return ParseLimits(
        max_decompressed_bytes=s.PARSE_MAX_DECOMPRESSED_BYTES,
        max_rows=s.PARSE_MAX_ROWS,
        max_columns=s.PARSE_MAX_COLUMNS,
        max_cells=s.PARSE_MAX_CELLS,
        max_pages=s.PARSE_MAX_PAGES,
    )


def _now() -> datetime:
    return datetime.now(UTC)


class _Reporter:
    """Writes progress to the file row, at most every PROGRESS_EVERY seconds."""

    def __init__(self, runtime: Runtime, file_id: str, start: float, end: float) -> None:
        self.runtime, self.file_id, self.start, self.end = runtime, file_id, start, end
        self._last = 0.0

    def __call__(self, fraction: float, message: str, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        value = self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0)
        with self.runtime.db.session(Scope.for_system()) as session:
            file = session.get(File, self.file_id)
            if file is not None and file.status == "processing":
                file.progress = round(value, 3)
                file.status_message = message[:500]
                file.heartbeat_at = _now()


def _start(runtime: Runtime, file_id: str) -> tuple[str, str, str, int, ReadingOptions] | None:
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.status not in ("pending", "processing"):
            return None  # deleted, or already parsed by an earlier delivery of this job
        file.status, file.progress, file.error = "processing", 0.02, None
        file.status_message = "reading the file"
        file.parse_attempts += 1
        file.heartbeat_at = _now()
        file.parse_version += 1
        return (
            file.storage_key,
            file.display_name,
            file.workspace_id,
            file.parse_version,
            ReadingOptions.from_json((file.summary or {}).get(READING_OPTIONS)),
        )


def parse(runtime: Runtime, file_id: str) -> None:
    started = _start(runtime, file_id)
    if started is None:
        return
    key, name, _workspace_id, version, reading = started
    work = Path(tempfile.mkdtemp(prefix="parse-", dir=_tmp_dir(runtime)))
    try:
        download = work / "download"
        with download.open("wb") as out:
            for block in runtime.storage.iter_bytes(key):
                out.write(block)
        sniffed = sniff(download, name)
        # Readers such as openpyxl insist on the right extension, and parsers name a table
        # after its file: give the copy the sanitised display name with the sniffed extension.
        stem = names.safe_name(name).rsplit(".", 1)[0] or "file"
        original = work / f"{stem}.{sniffed.extension}" if sniffed.extension else work / stem
        download.rename(original)
        report = _Reporter(runtime, file_id, 0.05, 0.75)
        try:
            result = parse_file(
                original, sniffed, work / "out", limits_from(runtime), report, reading
            )
        except ParseError as exc:
            raise PermanentJobError(str(exc)) from exc
        _Reporter(runtime, file_id, 0, 1)(0.8, "indexing for keyword search", force=True)
        _store(runtime, file_id, version, result)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _tmp_dir(runtime: Runtime) -> Path:
    path = runtime.settings.data_dir / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store(runtime: Runtime, file_id: str, version: int, result: ParseResult) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.status != "processing" or file.parse_version != version:
            return
        ws, journey = file.workspace_id, file.journey_id
    table_keys = []
    for position, table in enumerate(result.tables):
        table_key = storage_keys.table(ws, journey, file_id, version, position)
        with table.parquet_path.open("rb") as data:
            runtime.storage.put(table_key, data)
        table_keys.append(table_key)
    chunk_specs = _chunk_specs(result, runtime.settings.SEARCH_MAX_INDEXED_ROWS)

    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None or file.parse_version != version:
            return
        old_keys = [
            d.storage_key
            for d in session.scalars(select(Dataset).where(Dataset.file_id == file_id))
        ]
        search.delete_file_chunks(session, file_id)
        session.execute(delete(Dataset).where(Dataset.file_id == file_id))
        session.execute(delete(Document).where(Document.file_id == file_id))
        lineage = {"root_id": file.id, "parent_id": file.id, "generation": file.generation + 1}
        for position, (table, table_key) in enumerate(zip(result.tables, table_keys, strict=True)):
            session.add(
                Dataset(
                    workspace_id=ws,
                    file_id=file_id,
                    journey_id=journey,
                    position=position,
                    name=table.name,
                    storage_key=table_key,
                    rows=table.rows,
                    columns=[
                        {
                            "name": c.name,
                            "type": c.type.value,
                            "source_name": c.source_name,
                            "identifier": c.identifier,
                            **({"reading": c.reading} if c.reading else {}),
                        }
                        for c in table.columns
                    ],
                    details=table.details,
                    version=version,
                    method=f"parse:{file.extension or 'data'}",
                    **lineage,
                )
            )
        if result.document is not None:
            session.add(_document_row(ws, journey, file, version, result.document, lineage))
        chunks = []
        for position, spec in enumerate(chunk_specs):
            chunks.append(
                Chunk(
                    workspace_id=ws,
                    journey_id=journey,
                    file_id=file_id,
                    source=spec["source"],
                    position=position,
                    text=spec["text"],
                    location=spec["location"],
                )
            )
        session.add_all(chunks)
        search.index_chunks(session, chunks)
        file.kind = result.kind.value
        file.status, file.progress, file.error = "ready", 1.0, None
        file.status_message = _ready_message(result)
        kept = (file.summary or {}).get(READING_OPTIONS)
        file.summary = _summary(result, len(chunks))
        # Usable now; sentence embeddings follow in their own, lower-priority jobs.
        to_embed = sum(1 for spec in chunk_specs if spec["embed"])
        file.summary[semantic_index.SEMANTIC] = semantic_index.pending_state(to_embed)
        if to_embed:
            enqueue_after_commit(
                session, semantic_index.JOB, {"file_id": file_id, "version": version}
            )
        tables = document_tables.pending_state(
            result.document.table_pages if result.document else [],
            result.document.pages if result.document else None,
        )
        if tables is not None:  # a PDF's tables are read after it is ready, in their own jobs
            file.summary[document_tables.STATE] = tables
            file.summary["details"] = {**result.details, "tables": tables["note"]}
            enqueue_after_commit(
                session, document_tables.JOB, {"file_id": file_id, "version": version}
            )
        if kept:  # the user's reading choices hold for every later parse of this file
            file.summary[READING_OPTIONS] = kept
        file.heartbeat_at = _now()
    for old in old_keys:
        if old not in table_keys:
            runtime.storage.delete(old)


def _document_row(
    ws: str, journey: str, file: File, version: int, doc: DocumentResult, lineage: dict[str, Any]
) -> Document:
    sections = [
        {
            "title": s.title,
            "heading_path": s.heading_path,
            "level": s.level,
            "page": s.page,
            "text": s.text,
        }
        for s in doc.sections
    ]
    meta = {
        **doc.metadata,
        "needs_ocr_pages": doc.needs_ocr_pages,
        "ocr_pages": doc.ocr_pages,
        "tables": doc.tables[:50],
    }
    return Document(
        workspace_id=ws,
        file_id=file.id,
        journey_id=journey,
        title=doc.title or file.display_name,
        pages=doc.pages,
        sections=sections,
        meta=meta,
        version=version,
        method=f"parse:{file.extension or 'text'}",
        **lineage,
    )


def _chunk_specs(result: ParseResult, max_rows: int) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    if result.document is not None:
        for chunk in result.document.chunks:
            specs.append(
                {
                    "source": "section",
                    "text": chunk.text,
                    "embed": True,
                    "location": {
                        "page": chunk.page,
                        "heading_path": chunk.heading_path,
                        "section_index": chunk.section_index,
                    },
                }
            )
    for position, table in enumerate(result.tables):
        specs.append(
            {
                "source": "schema",
                "text": _schema_text(table),
                "embed": True,
                "location": {"dataset": table.name, "dataset_position": position},
            }
        )
        specs.extend(_row_specs(table, position, max_rows))
    return specs


def _schema_text(table: TableResult) -> str:
    columns = ", ".join(f"{c.name} ({c.type.value})" for c in table.columns)
    return f"Dataset {table.name} with {table.rows:,} rows. Columns: {columns}."


def _row_specs(table: TableResult, position: int, max_rows: int) -> list[dict[str, Any]]:
    """Blocks of rows as "column: value" text, so values are findable by keyword."""
    specs: list[dict[str, Any]] = []
    parquet = pq.ParquetFile(table.parquet_path)
    row = 0
    for batch in parquet.iter_batches(batch_size=ROWS_PER_CHUNK * 40):
        records = batch.to_pylist()
        for start in range(0, len(records), ROWS_PER_CHUNK):
            block = records[start : start + ROWS_PER_CHUNK]
            lines = [
                "; ".join(f"{k}: {v}" for k, v in r.items() if v is not None and v != "")
                for r in block
            ]
            first = row + start + 1
            specs.append(
                {
                    "source": "rows",
                    "text": "\n".join(lines),
                    "embed": False,
                    "location": {
                        "dataset": table.name,
                        "dataset_position": position,
                        "rows": [first, first + len(block) - 1],
                    },
                }
            )
        row += len(records)
        if row >= max_rows:
            break
    return specs


def _ready_message(result: ParseResult) -> str:
    if result.kind is FileKind.dataset:
        tables = len(result.tables)
        rows = sum(t.rows for t in result.tables)
        return f"{tables} table{'s' if tables != 1 else ''}, {rows:,} rows"
    if result.kind is FileKind.document and result.document is not None:
        doc = result.document
        pages = f"{doc.pages} page{'s' if doc.pages != 1 else ''}, " if doc.pages else ""
        ocr = f", {len(doc.needs_ocr_pages)} pages need OCR" if doc.needs_ocr_pages else ""
        sections = len(doc.sections)
        if not sections and not doc.needs_ocr_pages:
            return f"{pages}{doc.metadata.get('no_text', 'no text found')}"
        return f"{pages}{sections} section{'s' if sections != 1 else ''}{ocr}"
    if result.kind is FileKind.workflow:
        return "BPMN workflow, ready for Operations"
    return result.reason or "stored"


def _summary(result: ParseResult, chunks: int) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "kind": result.kind.value,
        "chunks": chunks,
        "details": result.details,
    }
    if result.tables:
        summary["tables"] = [
            {
                "name": t.name,
                "rows": t.rows,
                "columns": len(t.columns),
                # What the reading decided (markers read as missing, totals excluded...).
                "decisions": t.details.get("reading", {}).get("decisions", []),
            }
            for t in result.tables
        ]
        summary["rows"] = sum(t.rows for t in result.tables)
        summary["columns"] = sum(len(t.columns) for t in result.tables)
    if result.document is not None:
        summary["pages"] = result.document.pages
        summary["sections"] = len(result.document.sections)
        summary["needs_ocr_pages"] = result.document.needs_ocr_pages
    if result.workflow_xml is not None:
        summary["workflow_xml_chars"] = len(result.workflow_xml)
    return summary


def mark_failed(file_id: str, reason: str, runtime: Runtime) -> None:
    with runtime.db.session(Scope.for_system()) as session:
        file = session.get(File, file_id)
        if file is None:
            return
        file.status, file.progress = "failed", 0.0
        file.error = reason[:2000]
        file.status_message = "could not be parsed"
        file.heartbeat_at = _now()
    log.info("content.parse_failed", file_id=file_id, reason=reason[:200])


def requeue_stalled(runtime: Runtime, stale_after_seconds: int = 120) -> list[str]:
    """Files whose parse stopped without an answer (a worker killed mid-job) go back in line.

    The status change is a conditional UPDATE, so when several workers run this at once each
    stalled file is claimed, and re-queued, exactly once.
    """
    from datetime import timedelta

    from sqlalchemy import update

    cutoff = _now() - timedelta(seconds=stale_after_seconds)
    requeued = []
    with runtime.db.session(Scope.for_system()) as session:
        candidates = list(
            session.scalars(
                select(File.id).where(File.status == "processing", File.heartbeat_at < cutoff)
            )
        )
    for file_id in candidates:
        with runtime.db.session(Scope.for_system()) as session:
            claimed = session.execute(
                update(File)
                .where(File.id == file_id, File.status == "processing", File.heartbeat_at < cutoff)
                .values(
                    status="pending",
                    status_message="restarting after an interruption",
                    heartbeat_at=_now(),
                )
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                enqueue_after_commit(session, "content.parse_file", {"file_id": file_id})
                requeued.append(file_id)
    if requeued:
        log.warning("content.requeued_stalled", files=requeued)
    return requeued

"""First rows with column types, or the first sections of text."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from symphainy.content import service
from symphainy.content.schemas import Preview, SectionPreview, TablePreview
from symphainy.core.runtime import Runtime
from symphainy.models.content import File

MAX_SECTIONS = 20
MAX_SECTION_CHARS = 4000


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def build_preview(session: Session, runtime: Runtime, file: File, rows: int) -> Preview:
    preview = Preview(file_id=file.id, kind=file.kind, status=file.status)
    if file.status != "ready":
        preview.note = (
            f"parsing failed: {file.error}"
            if file.status == "failed"
            else f"the file is {file.status}; the preview appears when it is ready"
        )
        return preview
    for dataset in service.datasets_of(session, file):
        table = pq.ParquetFile(service.local_path(runtime, dataset.storage_key))
        first = next(table.iter_batches(batch_size=rows), None)
        records = first.to_pylist() if first is not None else []
        names = [c["name"] for c in dataset.columns]
        preview.tables.append(
            TablePreview(
                dataset_id=dataset.id,
                name=dataset.name,
                columns=dataset.columns,
                rows=[[_cell(r.get(n)) for n in names] for r in records[:rows]],
                total_rows=dataset.rows,
            )
        )
    document = service.document_of(session, file)
    if document is not None:
        for section in document.sections[:MAX_SECTIONS]:
            preview.sections.append(
                SectionPreview(
                    title=section["title"],
                    heading_path=section["heading_path"],
                    page=section["page"],
                    text=section["text"][:MAX_SECTION_CHARS],
                )
            )
    if file.kind == "unsupported":
        preview.note = file.status_message
    return preview

"""The Content pillar's behaviour: upload, list, read, preview, lifecycle.

Pages, API, agents and the CLI all call these functions. They take the request's session and
never commit; parsing happens in ``content.tasks`` after the upload's transaction commits.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.principal import Principal
from symphainy.content import names, search, storage_keys
from symphainy.content.parsers.base import FileKind, ParseError
from symphainy.content.schemas import Preview, SearchResults
from symphainy.content.sniff import MismatchError, check_declared, sniff
from symphainy.core.errors import (
    Conflict,
    InsufficientStorage,
    Invalid,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.pagination import Page, paginate
from symphainy.core.runtime import Runtime
from symphainy.journeys import service as journeys
from symphainy.models.content import Chunk, Dataset, Document, File
from symphainy.models.workspace import Role

CHUNK = 1024 * 1024
PARSE_JOB = "content.parse_file"
STATUSES = ("pending", "processing", "ready", "failed")


@dataclass
class Received:
    path: Path
    size: int
    sha256: str


def _receive(runtime: Runtime, stream: BinaryIO) -> Received:
    """Copy the upload to a temporary file, hashing as it goes and stopping at the size limit."""
    limit = runtime.settings.SYMPHAINY_MAX_UPLOAD_BYTES
    tmp_dir = runtime.settings.data_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            while block := stream.read(CHUNK):
                size += len(block)
                if size > limit:
                    raise PayloadTooLarge(f"the file is larger than the limit of {limit:,} bytes")
                digest.update(block)
                out.write(block)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _storage_error(exc) from exc
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Received(path, size, digest.hexdigest())


def _storage_error(exc: OSError) -> Exception:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InsufficientStorage(
            "the server's storage is full; the file was not stored. "
            "Ask an administrator to free space, then try again."
        )
    return exc


def upload(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    journey_id: str,
    stream: BinaryIO,
    filename: str,
) -> File:
    """Store an original and queue its parsing; refuse duplicates and lying file names."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    received = _receive(runtime, stream)
    try:
        if received.size == 0:
            raise Invalid("the file is empty", field="file")
        try:
            sniffed = sniff(received.path, filename)
            check_declared(sniffed, filename)
        except MismatchError as exc:
            raise UnsupportedMediaType(str(exc)) from exc
        except ParseError as exc:
            raise UnsupportedMediaType(str(exc)) from exc
        existing = session.scalar(
            select(File).where(File.journey_id == journey.id, File.sha256 == received.sha256)
        )
        if existing is not None:
            raise Conflict(
                f"this journey already has the same file as “{existing.display_name}”; "
                "it was not stored twice",
                extra={"existing_file_id": existing.id},
            )
        file = File(
            workspace_id=journey.workspace_id,
            journey_id=journey.id,
            display_name=names.display_name(filename),
            safe_name=names.safe_name(filename),
            extension=names.extension_of(filename),
            size=received.size,
            sha256=received.sha256,
            media_type=sniffed.media_type,
            kind=sniffed.kind.value,
            status="pending",
            progress=0.0,
            status_message="waiting to be parsed",
            storage_key="",
            uploaded_by=principal.user.id,
        )
        session.add(file)
        session.flush()
        file.storage_key = storage_keys.original(file.workspace_id, journey.id, file.id)
        try:
            with received.path.open("rb") as data:
                runtime.storage.put(file.storage_key, data)
        except OSError as exc:
            raise _storage_error(exc) from exc
    finally:
        received.path.unlink(missing_ok=True)
    if sniffed.kind is FileKind.unsupported:
        file.status, file.progress = "ready", 1.0
        file.status_message = sniffed.reason or "stored as is; this format is not parsed"
    else:
        enqueue_after_commit(session, PARSE_JOB, {"file_id": file.id})
    return file


def list_files(
    session: Session,
    principal: Principal,
    journey_id: str,
    *,
    status: str | None = None,
    kind: str | None = None,
    kinds: Sequence[str] = (),
    q: str | None = None,
    archived: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[File]:
    """The journey's files, newest first; ``kinds`` keeps any of several kinds."""
    journey = journeys.get_journey(session, principal, journey_id)
    query = select(File).where(File.journey_id == journey.id)
    query = query.where(File.archived_at.is_not(None) if archived else File.archived_at.is_(None))
    if status:
        query = query.where(File.status == status)
    if kind:
        query = query.where(File.kind == kind)
    if kinds:
        query = query.where(File.kind.in_(kinds))
    if q:
        query = query.where(func.lower(File.display_name).contains(q.lower(), autoescape=True))
    return paginate(session, query, File.id, limit=limit, cursor=cursor)


def get_file(
    session: Session, principal: Principal, file_id: str, minimum: Role = Role.viewer
) -> File:
    return principal.fetch(session, File, file_id, minimum, noun="file")


def datasets_of(session: Session, file: File) -> list[Dataset]:
    return list(
        session.scalars(
            select(Dataset).where(Dataset.file_id == file.id).order_by(Dataset.position)
        )
    )


def datasets_of_files(session: Session, file_ids: Sequence[str]) -> dict[str, list[Dataset]]:
    """The datasets of many files in one query, by file id (for journey-wide readers)."""
    out: dict[str, list[Dataset]] = {file_id: [] for file_id in file_ids}
    if not file_ids:
        return out
    for dataset in session.scalars(
        select(Dataset)
        .where(Dataset.file_id.in_(list(file_ids)))
        .order_by(Dataset.file_id, Dataset.position)
    ):
        out.setdefault(dataset.file_id, []).append(dataset)
    return out


def dataset_by_id(session: Session, dataset_id: str) -> Dataset | None:
    """A dataset row by id, within the session's scope (background jobs pass the system scope)."""
    return session.get(Dataset, dataset_id)


def file_of_dataset(session: Session, dataset: Dataset) -> File:
    """The file a dataset was parsed from."""
    file = session.get(File, dataset.file_id)
    if file is None:
        raise NotFound("file not found")
    return file


def document_of(session: Session, file: File) -> Document | None:
    return session.scalar(select(Document).where(Document.file_id == file.id))


def get_dataset(
    session: Session, principal: Principal, file_id: str, dataset_id: str | None = None
) -> Dataset:
    """The file's dataset (its first table unless ``dataset_id`` names another one)."""
    file = get_file(session, principal, file_id)
    if file.status != "ready" or file.kind != FileKind.dataset.value:
        raise Conflict(_not_ready(file, "a dataset"))
    tables = datasets_of(session, file)
    if dataset_id is not None:
        tables = [t for t in tables if t.id == dataset_id]
    if not tables:
        raise NotFound("dataset not found")
    return tables[0]


def get_document(session: Session, principal: Principal, file_id: str) -> Document:
    file = get_file(session, principal, file_id)
    document = document_of(session, file) if file.status == "ready" else None
    if document is None:
        raise Conflict(_not_ready(file, "a document"))
    return document


def document_tables(session: Session, runtime: Runtime, document: Document) -> list[Any]:
    """The tables of a document, all of them now: a PDF's are read after it is ready, so pages
    its table jobs have not reached yet are read at once (for Operations' Responsibilities)."""
    from symphainy.content import document_tables as tables

    return tables.read_rest_now(session, runtime, document)


def _not_ready(file: File, wanted: str) -> str:
    if file.status in ("pending", "processing"):
        return f"“{file.display_name}” is still being parsed ({file.status}); try again shortly"
    if file.status == "failed":
        return f"“{file.display_name}” could not be parsed: {file.error}"
    return f"“{file.display_name}” is {file.kind}, not {wanted}"


def local_path(runtime: Runtime, key: str) -> Path:
    """A local file with the object's bytes: the object itself on local storage, else a cache."""
    from symphainy.core.storage import LocalStorage

    if isinstance(runtime.storage, LocalStorage):
        return runtime.storage.root / key
    cached = runtime.settings.data_dir / "cache" / key
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        with runtime.storage.open(key) as src:
            fd, tmp = tempfile.mkstemp(dir=cached.parent)
            with os.fdopen(fd, "wb") as out:
                while block := src.read(CHUNK):
                    out.write(block)
            os.replace(tmp, cached)
    return cached


def download(runtime: Runtime, file: File) -> Iterator[bytes]:
    return runtime.storage.iter_bytes(file.storage_key)


def archive(session: Session, principal: Principal, file_id: str) -> File:
    file = get_file(session, principal, file_id, Role.member)
    if file.archived_at is None:
        file.archived_at = datetime.now(UTC)
        audit.record(
            session,
            "file.archived",
            audit.actor_for(principal.user, principal.ip),
            workspace_id=file.workspace_id,
            target_type="file",
            target_id=file.id,
        )
    return file


def restore(session: Session, principal: Principal, file_id: str) -> File:
    file = get_file(session, principal, file_id, Role.member)
    file.archived_at = None
    return file


def reprocess(
    session: Session,
    principal: Principal,
    file_id: str,
    reading: dict[str, Any] | None = None,
) -> File:
    """Parse the stored original again (after a failure, or with a newer parser).

    ``reading`` undoes table-reading decisions for named columns (markers kept as text, a
    column left as written, the day/month order); it is kept for later parses of the file.
    """
    file = get_file(session, principal, file_id, Role.member)
    if file.kind == FileKind.unsupported.value:
        raise Conflict(
            f"“{file.display_name}” is a format that is not parsed: {file.status_message}"
        )
    if file.status in ("pending", "processing"):
        raise Conflict(f"“{file.display_name}” is already being parsed")
    if reading is not None:
        from symphainy.content.ingest import READING_OPTIONS

        # A new dict, so the JSON column sees the change.
        file.summary = {**(file.summary or {}), READING_OPTIONS: reading}
    file.status, file.progress, file.error = "pending", 0.0, None
    file.status_message = "waiting to be parsed again"
    enqueue_after_commit(session, PARSE_JOB, {"file_id": file.id})
    return file


def delete_file(session: Session, runtime: Runtime, principal: Principal, file_id: str) -> None:
    """Delete the original with everything derived from it: datasets, document, chunks, vectors."""
    from symphainy.content import search

    file = get_file(session, principal, file_id, Role.member)
    keys = [file.storage_key, *(d.storage_key for d in datasets_of(session, file))]
    search.delete_file_chunks(session, file.id)
    session.execute(delete(Dataset).where(Dataset.file_id == file.id))
    session.execute(delete(Document).where(Document.file_id == file.id))
    audit.record(
        session,
        "file.deleted",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=file.workspace_id,
        target_type="file",
        target_id=file.id,
        name=file.display_name,
        sha256=file.sha256,
    )
    session.delete(file)
    session.flush()
    for key in keys:  # after the rows are gone; a leftover object is invisible, not harmful
        runtime.storage.delete(key)


def counts_by_journey(session: Session, journey_ids: list[str]) -> dict[str, dict[str, int]]:
    rows = session.execute(
        select(File.journey_id, File.kind, func.count())
        .where(File.journey_id.in_(journey_ids), File.archived_at.is_(None))
        .group_by(File.journey_id, File.kind)
    )
    out: dict[str, dict[str, int]] = {}
    # Keys name content artefacts only; workflows and the like are counted by their pillars.
    key_of = {
        "dataset": "datasets",
        "document": "documents",
        "workflow": "workflow_files",
        "unsupported": "other_files",
    }
    for journey_id, kind, count in rows:
        kinds = out.setdefault(journey_id, {"files": 0})
        kinds["files"] += count
        kinds[key_of.get(kind, f"{kind}_files")] = count
    return out


journeys.register_count_provider(counts_by_journey)


def last_changes(session: Session, journey_ids: list[str]) -> dict[str, datetime]:
    """When each journey's newest content artefact changed (for the journey's "Last change")."""
    return journeys.newest_by_journey(session, journey_ids, File)


journeys.register_change_provider(last_changes)


def chunk_count(session: Session, file_id: str) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Chunk).where(Chunk.file_id == file_id)) or 0
    )


def preview(session: Session, runtime: Runtime, file: File, rows: int) -> Preview:
    """The first rows of each table with their types, or the first sections of text."""
    # preview.py reads datasets and documents through this module, so it is imported here.
    from symphainy.content.preview import build_preview

    return build_preview(session, runtime, file, rows)


def search_journey(
    session: Session, principal: Principal, journey_id: str, query: str, limit: int = 10
) -> SearchResults:
    """Ranked passages and row blocks of the journey's files (archived files excluded)."""
    return search.search(session, principal, journey_id, query, limit)

"""The Content pillar's pages: a journey's files, uploads, one file's detail, and search.

Every action calls the same functions as the API (``content.service``); these routes only read
forms, pick what to show and redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Request, Response, UploadFile
from fastapi import File as FormFile
from sqlalchemy.orm import Session

from symphainy.auth.deps import DbSession, RuntimeDep
from symphainy.auth.principal import Principal
from symphainy.content import service
from symphainy.content.schemas import SearchHit, TablePreview
from symphainy.core.errors import Conflict, Invalid, PayloadTooLarge, UnsupportedMediaType
from symphainy.journeys import service as journeys
from symphainy.models.workspace import Role
from symphainy.web import flash
from symphainy.web.deps import FormPrincipal, PagePrincipal
from symphainy.web.render import redirect, render, sentence

if TYPE_CHECKING:  # the type of what content.service returns, not a read of its table
    from symphainy.models.content import File

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
PREVIEW_ROWS = 50
SEARCH_LIMIT = 20
OUTLINE_LIMIT = 200
SECTIONS_PER_PART = 8  # sections of a document shown at once on its page
SECTION_FOLD_CHARS = 700  # longer section texts open on demand past this many characters
KINDS = ("dataset", "document", "workflow", "unsupported")
# Refusals the upload service raises before it writes anything: one file's problem, not the
# whole request's, so the other files of the same form are still stored.
PER_FILE_REFUSALS = (PayloadTooLarge, UnsupportedMediaType, Conflict, Invalid)
ACCEPT = (
    ".csv,.tsv,.txt,.xlsx,.xls,.json,.jsonl,.ndjson,.parquet,.pdf,.docx,.pptx,.md,"
    ".markdown,.html,.htm,.bpmn,.xml"
)


def human_size(size: int) -> str:
    """Bytes as a person reads them: 980 B, 12.4 KB, 3.1 MB."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def describe_location(hit: SearchHit) -> str:
    """Where a hit sits in its file: page and heading path, or the dataset's rows."""
    where = hit.location
    parts: list[str] = []
    if where.get("dataset"):
        parts.append(str(where["dataset"]))
    if where.get("page"):
        parts.append(f"page {where['page']}")
    if where.get("heading_path"):
        parts.append(" › ".join(str(h) for h in where["heading_path"]))
    rows = where.get("rows")
    if isinstance(rows, list) and len(rows) == 2:
        parts.append(f"rows {rows[0]:,}–{rows[1]:,}")
    elif hit.source == "schema":
        parts.append("columns")
    return " · ".join(parts) or hit.source


def _can_edit(principal: Principal, workspace_id: str) -> bool:
    role = principal.role_in(workspace_id)
    return role is not None and role.at_least(Role.member)


def _choice(value: str, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def _list_url(journey_id: str) -> str:
    return f"/journeys/{journey_id}/content"


@router.get("/journeys/{journey_id}/content", name="pillar_content")
def content_page(
    request: Request,
    journey_id: str,
    principal: PagePrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    status: str = "",
    kind: str = "",
    q: str = "",
    archived: str = "",
    cursor: str = "",
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    chosen_status, chosen_kind = _choice(status, service.STATUSES), _choice(kind, KINDS)
    name, show_archived = q.strip()[:200] or None, archived in ("1", "on", "true")
    page = service.list_files(
        session,
        principal,
        journey.id,
        status=chosen_status,
        kind=chosen_kind,
        q=name,
        archived=show_archived,
        limit=PAGE_SIZE,
        cursor=cursor[:64] or None,
    )
    filters: dict[str, Any] = {
        "status": chosen_status,
        "kind": chosen_kind,
        "q": name,
        "archived": show_archived,
    }
    query = {k: ("1" if v is True else v) for k, v in filters.items() if v}
    return render(
        request,
        "content/files.html",
        {
            "journey": journey,
            "files": page.items,
            "next_cursor": page.next_cursor,
            "paged": bool(cursor),
            "filters": filters,
            "query": query,
            "filtered": any(filters.values()),
            "statuses": service.STATUSES,
            "kinds": KINDS,
            "can_edit": _can_edit(principal, journey.workspace_id),
            "human_size": human_size,
            "max_bytes": runtime.settings.SYMPHAINY_MAX_UPLOAD_BYTES,
            "accept": ACCEPT,
            "tab": "files",
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/files")
def upload_files(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    files: Annotated[list[UploadFile] | None, FormFile()] = None,
) -> Response:
    """The upload form without JavaScript: store each file, report each one's outcome."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    chosen = [f for f in files or [] if f.filename]
    if not chosen:
        return redirect(
            request, _list_url(journey.id), "Choose at least one file to upload.", "error"
        )
    stored: list[str] = []
    messages: list[flash.Flash] = []
    for upload in chosen:
        name = upload.filename or "untitled"
        try:
            service.upload(session, runtime, principal, journey.id, upload.file, name)
        except PER_FILE_REFUSALS as exc:
            reason = exc.detail.strip().rstrip(".")
            messages.append(flash.Flash("error", f"“{name}” was not stored: {reason}."))
            continue
        stored.append(name)
    if stored:
        names = ", ".join(f"“{n}”" for n in stored)
        plural = "they are" if len(stored) > 1 else "it is"
        messages.insert(0, flash.Flash("success", f"Uploaded {names}; {plural} being parsed."))
    response = redirect(request, _list_url(journey.id))
    flash.attach(response, request.app.state.settings, messages)
    return response


def _selected_table(tables: list[TablePreview], sheet: str | None) -> TablePreview | None:
    return next((t for t in tables if t.dataset_id == sheet), tables[0] if tables else None)


@router.get("/files/{file_id}", name="file_page")
def file_page(
    request: Request,
    file_id: str,
    principal: PagePrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    sheet: str = "",
    part: int = 1,
) -> Response:
    file = service.get_file(session, principal, file_id)
    journey = journeys.get_journey(session, principal, file.journey_id)
    document = service.document_of(session, file)
    preview = service.preview(session, runtime, file, PREVIEW_ROWS)
    outline: list[dict[str, Any]] = document.sections[:OUTLINE_LIMIT] if document else []
    sections = document.sections if document else []
    return render(
        request,
        "content/file.html",
        {
            "journey": journey,
            "file": file,
            "datasets": service.datasets_of(session, file),
            "document": document,
            "outline": outline,
            "preview": preview,
            "table": _selected_table(preview.tables, sheet or None),
            "reading": _reading_part(sections, part),
            "chunks": service.chunk_count(session, file.id),
            "human_size": human_size,
            "can_edit": _can_edit(principal, file.workspace_id),
        },
        principal=principal,
    )


def _reading_part(sections: list[dict[str, Any]], part: int) -> dict[str, Any]:
    """One part of a document's text, a few sections at a time: a long PDF is read in parts
    (outline links open the right one) instead of a page many screens tall."""
    parts = max(1, -(-len(sections) // SECTIONS_PER_PART))
    part = min(max(part, 1), parts)
    first = (part - 1) * SECTIONS_PER_PART
    return {
        "part": part,
        "parts": parts,
        "first": first + 1,
        "sections": sections[first : first + SECTIONS_PER_PART],
        "per_part": SECTIONS_PER_PART,
        "fold_at": SECTION_FOLD_CHARS,
    }


FileAction = Callable[[Session, Principal, str], "File"]


def _file_action(
    request: Request,
    session: Session,
    file_id: str,
    done: str,
    action: FileAction,
    principal: Principal,
) -> Response:
    try:
        file = action(session, principal, file_id)
    except Conflict as exc:
        session.rollback()
        return redirect(request, f"/files/{file_id}", sentence(exc.detail), "error")
    return redirect(request, f"/files/{file.id}", done.format(name=file.display_name))


@router.post("/files/{file_id}/archive")
def archive_file(
    request: Request, file_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    return _file_action(
        request,
        session,
        file_id,
        "“{name}” archived. It is hidden from the list and from search.",
        service.archive,
        principal,
    )


@router.post("/files/{file_id}/restore")
def restore_file(
    request: Request, file_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    return _file_action(request, session, file_id, "“{name}” restored.", service.restore, principal)


@router.post("/files/{file_id}/reprocess")
def reprocess_file(
    request: Request, file_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    return _file_action(
        request, session, file_id, "“{name}” will be parsed again.", service.reprocess, principal
    )


@router.get("/files/{file_id}/delete", name="file_delete")
def delete_file_page(
    request: Request, file_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    file = service.get_file(session, principal, file_id, Role.member)
    journey = journeys.get_journey(session, principal, file.journey_id)
    return render(
        request,
        "content/delete.html",
        {
            "journey": journey,
            "file": file,
            "datasets": service.datasets_of(session, file),
            "document": service.document_of(session, file),
            "chunks": service.chunk_count(session, file.id),
        },
        principal=principal,
    )


@router.post("/files/{file_id}/delete")
def delete_file(
    request: Request,
    file_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
) -> Response:
    file = service.get_file(session, principal, file_id, Role.member)
    name, journey_id = file.display_name, file.journey_id
    service.delete_file(session, runtime, principal, file_id)
    return redirect(
        request, _list_url(journey_id), f"“{name}” deleted with what was derived from it."
    )


@router.get("/journeys/{journey_id}/search", name="content_search")
def search_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession, q: str = ""
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    query = q.strip()[:500]
    results = (
        service.search_journey(session, principal, journey.id, query, SEARCH_LIMIT)
        if query
        else None
    )
    hits = [(hit, describe_location(hit)) for hit in results.items] if results else []
    return render(
        request,
        "content/search.html",
        {
            "journey": journey,
            "q": query,
            "results": results,
            "hits": hits,
            "tab": "search",
            "can_edit": _can_edit(principal, journey.workspace_id),
        },
        principal=principal,
    )

"""HTTP for the Content pillar. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status
from fastapi import File as FormFile
from fastapi.responses import StreamingResponse

from symphainy.auth.deps import CurrentPrincipal, DbSession, RuntimeDep
from symphainy.content import events, service
from symphainy.content.schemas import (
    DatasetPublic,
    DocumentOutline,
    FileDetail,
    FilePublic,
    Lineage,
    Preview,
    ReprocessOptions,
    SearchResults,
)
from symphainy.core.pagination import PageOut
from symphainy.core.scoping import Scope
from symphainy.core.sse import sse_response
from symphainy.models.content import File

router = APIRouter(prefix="/api/v1", tags=["content"])


def _public(file: File) -> FilePublic:
    return FilePublic.model_validate(file).model_copy(
        update={"archived": file.archived_at is not None}
    )


@router.post(
    "/journeys/{journey_id}/files", status_code=status.HTTP_202_ACCEPTED, response_model=FilePublic
)
def upload_file(
    journey_id: str,
    file: Annotated[UploadFile, FormFile()],
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
) -> FilePublic:
    stored = service.upload(
        session, runtime, principal, journey_id, file.file, file.filename or "untitled"
    )
    return _public(stored)


@router.get("/journeys/{journey_id}/files", response_model=PageOut[FilePublic])
def list_files(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    status: Annotated[str | None, Query(pattern="^(pending|processing|ready|failed)$")] = None,
    kind: Annotated[str | None, Query(pattern="^(dataset|document|workflow|unsupported)$")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    archived: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> PageOut[FilePublic]:
    page = service.list_files(
        session,
        principal,
        journey_id,
        status=status,
        kind=kind,
        q=q,
        archived=archived,
        limit=limit,
        cursor=cursor,
    )
    return PageOut(items=[_public(f) for f in page.items], next_cursor=page.next_cursor)


@router.get("/files/{file_id}", response_model=FileDetail)
def get_file(file_id: str, principal: CurrentPrincipal, session: DbSession) -> FileDetail:
    file = service.get_file(session, principal, file_id)
    datasets = service.datasets_of(session, file)
    document = service.document_of(session, file)
    lineage = [
        Lineage(
            id=file.id,
            kind="file",
            name=file.display_name,
            root_id=file.id,
            parent_id=None,
            generation=file.generation,
            method=file.method,
        )
    ]
    lineage += [
        Lineage(
            id=d.id,
            kind="dataset",
            name=d.name,
            root_id=d.root_id,
            parent_id=d.parent_id,
            generation=d.generation,
            method=d.method,
        )
        for d in datasets
    ]
    if document is not None:
        lineage.append(
            Lineage(
                id=document.id,
                kind="document",
                name=document.title,
                root_id=document.root_id,
                parent_id=document.parent_id,
                generation=document.generation,
                method=document.method,
            )
        )
    outline = None
    if document is not None:
        outline = DocumentOutline(
            id=document.id,
            title=document.title,
            pages=document.pages,
            sections=[
                {k: s[k] for k in ("title", "heading_path", "level", "page")}
                for s in document.sections
            ],
            meta={k: v for k, v in document.meta.items() if k != "tables"},
        )
    return FileDetail(
        **_public(file).model_dump(),
        lineage=lineage,
        datasets=[DatasetPublic.model_validate(d) for d in datasets],
        document=outline,
    )


@router.get("/files/{file_id}/events")
def file_events(
    file_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    file = service.get_file(session, principal, file_id)
    scope = Scope.for_workspaces(principal.workspace_ids)
    return sse_response(events.file_events(runtime, scope, file.id))


@router.get("/files/{file_id}/preview", response_model=Preview)
def preview(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    rows: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Preview:
    file = service.get_file(session, principal, file_id)
    return service.preview(session, runtime, file, rows)


@router.get("/files/{file_id}/download")
def download(
    file_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    file = service.get_file(session, principal, file_id)
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(file.safe_name)}"
    return StreamingResponse(
        service.download(runtime, file),
        media_type=file.media_type,
        headers={
            "Content-Disposition": disposition,
            "Content-Length": str(file.size),
            "X-Content-SHA256": file.sha256,
        },
    )


@router.post("/files/{file_id}/archive", response_model=FilePublic)
def archive(file_id: str, principal: CurrentPrincipal, session: DbSession) -> FilePublic:
    return _public(service.archive(session, principal, file_id))


@router.post("/files/{file_id}/restore", response_model=FilePublic)
def restore(file_id: str, principal: CurrentPrincipal, session: DbSession) -> FilePublic:
    return _public(service.restore(session, principal, file_id))


@router.post(
    "/files/{file_id}/reprocess", status_code=status.HTTP_202_ACCEPTED, response_model=FilePublic
)
def reprocess(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    options: ReprocessOptions | None = None,
) -> FilePublic:
    reading = options.model_dump() if options is not None else None
    return _public(service.reprocess(session, principal, file_id, reading))


@router.delete("/files/{file_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_file(
    file_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> None:
    service.delete_file(session, runtime, principal, file_id)


@router.get("/journeys/{journey_id}/search", response_model=SearchResults)
def search_journey(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResults:
    return service.search_journey(session, principal, journey_id, q, limit)

"""HTTP for the Operations pillar. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from symphainy.auth.deps import CurrentPrincipal, DbSession, RuntimeDep
from symphainy.core.compute import ComputeTurn
from symphainy.core.errors import BadRequest, Invalid, PayloadTooLarge, UnsupportedMediaType
from symphainy.core.pagination import PageOut
from symphainy.models.operations import Blueprint, Sop, Workflow
from symphainy.operations import bpmn, service
from symphainy.operations.schemas import (
    BlueprintCreate,
    BlueprintPublic,
    SopPublic,
    WorkflowCreate,
    WorkflowPublic,
    WorkflowSummary,
    WorkflowUpdate,
)

router = APIRouter(prefix="/api/v1", tags=["operations"])
API = "/api/v1"


def workflow_public(workflow: Workflow) -> WorkflowPublic:
    graph = workflow.graph
    base = f"{API}/workflows/{workflow.id}"
    return WorkflowPublic(
        id=workflow.id,
        journey_id=workflow.journey_id,
        workspace_id=workflow.workspace_id,
        title=workflow.title,
        version=workflow.version,
        source_kind=workflow.source_kind,
        source_file_id=workflow.source_file_id,
        method=workflow.method,
        model=workflow.model,
        steps=graph["steps"],
        actors=graph.get("actors", []),
        decisions=graph.get("decisions", []),
        handoffs=graph.get("handoffs", []),
        systems=graph.get("systems", []),
        raci=graph.get("raci", []),
        notes=graph.get("notes", []),
        warnings=[
            n.removeprefix("Warning: ") for n in graph.get("notes", []) if n.startswith("Warning: ")
        ],
        pools=graph.get("pools", []),
        message_flows=graph.get("message_flows", []),
        artifacts=graph.get("artifacts", []),
        associations=graph.get("associations", []),
        created_at=workflow.created_at,
        updated_at=workflow.updated_at,
        links={
            "diagram": f"{base}/diagram.svg",
            "bpmn": f"{base}/bpmn",
            "mermaid": f"{base}/mermaid",
            "sop": f"{base}/sop",
            "blueprint": f"{base}/blueprint",
        },
    )


def sop_public(record: Sop) -> SopPublic:
    base = f"{API}/sops/{record.id}/export"
    return SopPublic(
        id=record.id,
        workflow_id=record.workflow_id,
        journey_id=record.journey_id,
        workflow_version=record.workflow_version,
        method=record.method,
        content=record.content,
        markdown=record.markdown,
        created_at=record.created_at,
        links={"markdown": f"{base}?format=md", "docx": f"{base}?format=docx"},
    )


def blueprint_public(record: Blueprint) -> BlueprintPublic:
    result = record.result
    return BlueprintPublic(
        id=record.id,
        workflow_id=record.workflow_id,
        journey_id=record.journey_id,
        workflow_version=record.workflow_version,
        method=record.method,
        assumptions=record.assumptions,
        steps=result["steps"],
        handoffs=result["handoffs"],
        controls=result["controls"],
        summary=result["summary"],
        created_at=record.created_at,
        links={
            "diagram": f"{API}/blueprints/{record.id}/diagram.svg",
            "markdown": f"{API}/blueprints/{record.id}/export?format=md",
            "csv": f"{API}/blueprints/{record.id}/export?format=csv",
        },
    )


def _attachment(body: bytes | str, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


CREATE_DOC: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/json": {"schema": WorkflowCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        }
    }
}


@router.post(
    "/journeys/{journey_id}/workflows",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ComputeTurn],
    response_model=WorkflowPublic,
    openapi_extra=CREATE_DOC,
)
async def create_workflow(
    journey_id: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
) -> WorkflowPublic:
    """JSON ``{source_file_id}`` or ``{text, title?}``, or a multipart BPMN ``file``."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("send the BPMN file in the multipart field “file”", field="file")
        data = await upload.read(bpmn.MAX_BYTES + 1)
        if len(data) > bpmn.MAX_BYTES:
            raise PayloadTooLarge(f"the BPMN file is larger than {bpmn.MAX_BYTES:,} bytes")
        workflow = await run_in_threadpool(
            service.create_from_bpmn, session, principal, journey_id, data, upload.filename or ""
        )
        return workflow_public(workflow)
    if content_type and not content_type.startswith("application/json"):
        raise UnsupportedMediaType("send JSON {source_file_id} or {text}, or a multipart BPMN file")
    try:
        body = await request.json()
    except ValueError as exc:
        raise BadRequest("the body is not valid JSON") from exc
    try:
        payload = WorkflowCreate.model_validate(body)
    except ValidationError as exc:
        raise Invalid(
            "the request body is not valid",
            errors=[
                {"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]}
                for e in exc.errors(include_url=False, include_input=False)
            ],
        ) from exc
    workflow = await run_in_threadpool(
        service.create_workflow, session, runtime, principal, journey_id, payload
    )
    return workflow_public(workflow)


@router.get("/journeys/{journey_id}/workflows", response_model=PageOut[WorkflowSummary])
def list_workflows(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> PageOut[WorkflowSummary]:
    page = service.list_workflows(session, principal, journey_id, limit=limit, cursor=cursor)
    return PageOut(
        items=[
            WorkflowSummary(
                id=w.id,
                title=w.title,
                version=w.version,
                source_kind=w.source_kind,
                method=w.method,
                steps=len(w.graph.get("steps", [])),
                actors=len(w.graph.get("actors", [])),
                created_at=w.created_at,
                updated_at=w.updated_at,
            )
            for w in page.items
        ],
        next_cursor=page.next_cursor,
    )


@router.get("/workflows/{workflow_id}", response_model=WorkflowPublic)
def get_workflow(
    workflow_id: str, principal: CurrentPrincipal, session: DbSession
) -> WorkflowPublic:
    return workflow_public(service.get_workflow(session, principal, workflow_id))


@router.patch("/workflows/{workflow_id}", response_model=WorkflowPublic)
def update_workflow(
    workflow_id: str, data: WorkflowUpdate, principal: CurrentPrincipal, session: DbSession
) -> WorkflowPublic:
    return workflow_public(service.update_workflow(session, principal, workflow_id, data))


@router.get("/workflows/{workflow_id}/diagram.svg", response_class=Response)
def workflow_svg(workflow_id: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    workflow = service.get_workflow(session, principal, workflow_id)
    return Response(service.render_svg(workflow), media_type="image/svg+xml")


@router.get("/workflows/{workflow_id}/bpmn", response_class=Response)
def workflow_bpmn(workflow_id: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    workflow = service.get_workflow(session, principal, workflow_id)
    return _attachment(
        service.render_bpmn(workflow), "application/bpmn+xml", f"workflow-{workflow.id}.bpmn"
    )


@router.get("/workflows/{workflow_id}/mermaid", response_class=Response)
def workflow_mermaid(workflow_id: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    workflow = service.get_workflow(session, principal, workflow_id)
    return Response(service.render_mermaid(workflow), media_type="text/plain; charset=utf-8")


@router.post(
    "/workflows/{workflow_id}/sop",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ComputeTurn],
    response_model=SopPublic,
)
def create_sop(workflow_id: str, principal: CurrentPrincipal, session: DbSession) -> SopPublic:
    return sop_public(service.create_sop(session, principal, workflow_id))


@router.get("/sops/{sop_id}", response_model=SopPublic)
def get_sop(sop_id: str, principal: CurrentPrincipal, session: DbSession) -> SopPublic:
    return sop_public(service.get_sop(session, principal, sop_id))


@router.get("/sops/{sop_id}/export", response_class=Response)
def export_sop(
    sop_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    format: Annotated[str, Query(pattern="^(md|docx)$")] = "md",
) -> Response:
    body, media_type, filename = service.export_sop(
        service.get_sop(session, principal, sop_id), format
    )
    return _attachment(body, media_type, filename)


@router.post(
    "/workflows/{workflow_id}/blueprint",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ComputeTurn],
    response_model=BlueprintPublic,
)
def create_blueprint(
    workflow_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    data: BlueprintCreate | None = None,
) -> BlueprintPublic:
    return blueprint_public(
        service.create_blueprint(session, principal, workflow_id, data or BlueprintCreate())
    )


@router.get("/blueprints/{blueprint_id}", response_model=BlueprintPublic)
def get_blueprint(
    blueprint_id: str, principal: CurrentPrincipal, session: DbSession
) -> BlueprintPublic:
    return blueprint_public(service.get_blueprint(session, principal, blueprint_id))


@router.get("/blueprints/{blueprint_id}/export", response_class=Response)
def export_blueprint(
    blueprint_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    format: Annotated[str, Query(pattern="^(md|csv)$")] = "md",
) -> Response:
    record = service.get_blueprint(session, principal, blueprint_id)
    body, media_type, filename = service.export_blueprint(session, record, format)
    return _attachment(body, media_type, filename)


@router.get("/blueprints/{blueprint_id}/diagram.svg", response_class=Response)
def blueprint_svg(blueprint_id: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    record = service.get_blueprint(session, principal, blueprint_id)
    return Response(service.blueprint_svg(session, record), media_type="image/svg+xml")

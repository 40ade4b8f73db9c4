"""HTTP for the Business outcomes pillar. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse, StreamingResponse

from symphainy.auth.deps import CurrentPrincipal, DbSession, RuntimeDep
from symphainy.core.compute import ComputeTurn
from symphainy.core.links import page_linker
from symphainy.core.scoping import Scope
from symphainy.core.sse import sse_response
from symphainy.models.outcomes import Export, Proposal, Roadmap
from symphainy.outcomes import events, service
from symphainy.outcomes.exports import MEDIA_TYPES
from symphainy.outcomes.schemas import (
    AssumptionsConfirm,
    ExportFormat,
    ExportPublic,
    ProposalCreate,
    ProposalPublic,
    ProposalUpdate,
    RoadmapCreate,
    RoadmapPublic,
    RoadmapUpdate,
)

router = APIRouter(prefix="/api/v1", tags=["outcomes"])


def roadmap_public(row: Roadmap) -> RoadmapPublic:
    return RoadmapPublic(
        id=row.id,
        journey_id=row.journey_id,
        inputs=row.inputs,
        method=row.method,
        created_at=row.created_at,
        updated_at=row.updated_at,
        result=service.roadmap_of(row),
        gantt_url=f"/api/v1/roadmaps/{row.id}/gantt.svg",
    )


def proposal_public(row: Proposal) -> ProposalPublic:
    return ProposalPublic(
        id=row.id,
        journey_id=row.journey_id,
        roadmap_id=row.roadmap_id,
        inputs=row.inputs,
        method=row.method,
        created_at=row.created_at,
        updated_at=row.updated_at,
        result=service.proposal_of(row),
    )


def export_public(row: Export) -> ExportPublic:
    return ExportPublic.model_validate(row).model_copy(
        update={
            "download_url": f"/api/v1/exports/{row.id}/download",
            "events_url": f"/api/v1/exports/{row.id}/events",
        }
    )


@router.get("/journeys/{journey_id}/summary")
def journey_summary(
    journey_id: str, request: Request, principal: CurrentPrincipal, session: DbSession
) -> dict[str, object]:
    return service.journey_summary(session, principal, journey_id, page_linker(request))


@router.post(
    "/journeys/{journey_id}/roadmap",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ComputeTurn],
    response_model=RoadmapPublic,
)
def create_roadmap(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    body: RoadmapCreate | None = None,
) -> RoadmapPublic:
    body = body or RoadmapCreate()
    row = service.create_roadmap(
        session,
        principal,
        journey_id,
        start_date=body.start_date,
        horizon_months=body.horizon_months,
        durations=body.durations,
        holidays=body.holidays,
    )
    return roadmap_public(row)


@router.get("/roadmaps/{roadmap_id}", response_model=RoadmapPublic)
def get_roadmap(roadmap_id: str, principal: CurrentPrincipal, session: DbSession) -> RoadmapPublic:
    return roadmap_public(service.get_roadmap(session, principal, roadmap_id))


@router.patch("/roadmaps/{roadmap_id}", response_model=RoadmapPublic)
def update_roadmap(
    roadmap_id: str, body: RoadmapUpdate, principal: CurrentPrincipal, session: DbSession
) -> RoadmapPublic:
    row = service.update_roadmap(
        session,
        principal,
        roadmap_id,
        durations=body.durations,
        dependencies=body.dependencies,
        start_date=body.start_date,
        holidays=body.holidays,
    )
    return roadmap_public(row)


@router.get("/roadmaps/{roadmap_id}/gantt.svg")
def roadmap_gantt(roadmap_id: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    return Response(
        service.gantt_svg(session, principal, roadmap_id),
        media_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


@router.post(
    "/journeys/{journey_id}/proposal",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ComputeTurn],
    response_model=ProposalPublic,
)
def create_proposal(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    body: ProposalCreate | None = None,
) -> ProposalPublic:
    body = body or ProposalCreate()
    row = service.create_proposal(
        session, principal, journey_id, body.assumptions.model_dump(exclude_none=True)
    )
    return proposal_public(row)


@router.get("/proposals/{proposal_id}", response_model=ProposalPublic)
def get_proposal(
    proposal_id: str, principal: CurrentPrincipal, session: DbSession
) -> ProposalPublic:
    return proposal_public(service.get_proposal(session, principal, proposal_id))


@router.patch("/proposals/{proposal_id}", response_model=ProposalPublic)
def update_proposal(
    proposal_id: str, body: ProposalUpdate, principal: CurrentPrincipal, session: DbSession
) -> ProposalPublic:
    row = service.update_proposal(
        session, principal, proposal_id, body.assumptions.model_dump(exclude_none=True)
    )
    return proposal_public(row)


@router.post("/proposals/{proposal_id}/assumptions", response_model=ProposalPublic)
def confirm_assumptions(
    proposal_id: str, body: AssumptionsConfirm, principal: CurrentPrincipal, session: DbSession
) -> ProposalPublic:
    """Confirm built-in defaults (send their own value) or replace them (another value)."""
    row = service.confirm_assumptions(session, principal, proposal_id, body.values)
    return proposal_public(row)


def _export(
    session: DbSession, principal: CurrentPrincipal, subject: str, subject_id: str, fmt: str
) -> JSONResponse:
    row, ready = service.request_export(session, principal, subject, subject_id, fmt)
    session.flush()
    body = export_public(row).model_dump(mode="json")
    return JSONResponse(
        body, status_code=200 if ready else 202, headers={"Location": f"/api/v1/exports/{row.id}"}
    )


@router.get(
    "/roadmaps/{roadmap_id}/export",
    response_model=ExportPublic,
    status_code=status.HTTP_202_ACCEPTED,
)
def export_roadmap(
    roadmap_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    format: Annotated[ExportFormat, Query()] = "pdf",
) -> JSONResponse:
    return _export(session, principal, "roadmap", roadmap_id, format)


@router.get(
    "/proposals/{proposal_id}/export",
    response_model=ExportPublic,
    status_code=status.HTTP_202_ACCEPTED,
)
def export_proposal(
    proposal_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    format: Annotated[ExportFormat, Query()] = "pdf",
) -> JSONResponse:
    return _export(session, principal, "proposal", proposal_id, format)


@router.get("/exports/{export_id}", response_model=ExportPublic)
def get_export(export_id: str, principal: CurrentPrincipal, session: DbSession) -> ExportPublic:
    return export_public(service.get_export(session, principal, export_id))


@router.get("/exports/{export_id}/download")
def download_export(
    export_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    row = service.get_export(session, principal, export_id)
    chunks = service.download_export(runtime, row)
    name = quote(service.export_filename(row))
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[row.format],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
            "Content-Length": str(row.size or 0),
        },
    )


@router.get("/exports/{export_id}/events")
def export_events(
    export_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    row = service.get_export(session, principal, export_id)
    scope = Scope.for_workspaces(principal.workspace_ids)
    return sse_response(events.export_events(runtime, scope, row.id))

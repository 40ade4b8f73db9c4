"""HTTP for the Insights pillar. Thin: parse, call the service, shape the answer.

Profile and quality answer 200 with the result when it is cached or small enough to compute
now, and 202 with the analysis' status when a background job is computing it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse, StreamingResponse

from symphainy.auth.deps import AskLimit, CurrentPrincipal, DbSession, RuntimeDep
from symphainy.core.compute import ComputeTurn
from symphainy.core.scoping import Scope
from symphainy.core.sse import sse_response
from symphainy.insights import events, service
from symphainy.insights.schemas import AnalysisOut, AnalysisStatus, AskIn, MappingIn
from symphainy.models.insights import Analysis

router = APIRouter(prefix="/api/v1", tags=["insights"])
DatasetId = Annotated[str | None, Query(max_length=32, description="a sheet of a workbook")]
ColumnName = Annotated[str | None, Query(max_length=255)]
PENDING: dict[int | str, dict[str, Any]] = {
    202: {"model": AnalysisStatus, "description": "being computed in the background"}
}


def _status(row: Analysis) -> AnalysisStatus:
    return AnalysisStatus.model_validate(row).model_copy(
        update={
            "poll_url": f"/api/v1/analyses/{row.id}",
            "events_url": f"/api/v1/analyses/{row.id}/events",
        }
    )


def _answer(row: Analysis, file_id: str) -> dict[str, Any] | JSONResponse:
    if row.status != "ready":
        return JSONResponse(
            _status(row).model_dump(mode="json"),
            status_code=status.HTTP_202_ACCEPTED,
            headers={"Location": f"/api/v1/analyses/{row.id}", "Retry-After": "2"},
        )
    return {
        "analysis_id": row.id,
        "file_id": file_id,
        "dataset_id": row.cache_key.split(":")[1],
        "source_version": row.source_version,
        **row.result,
    }


@router.get("/files/{file_id}/profile", responses=PENDING, response_model=None)
def profile(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
) -> dict[str, Any] | JSONResponse:
    row = service.dataset_analysis(session, runtime, principal, file_id, "profile", dataset_id)
    return _answer(row, file_id)


@router.get("/files/{file_id}/quality", responses=PENDING, response_model=None)
def quality(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
) -> dict[str, Any] | JSONResponse:
    row = service.dataset_analysis(session, runtime, principal, file_id, "quality", dataset_id)
    return _answer(row, file_id)


@router.get("/files/{file_id}/charts")
def charts(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
    chart: Annotated[
        str | None, Query(pattern="^(histogram|bar|timeseries|scatter|missing)$")
    ] = None,
    x: ColumnName = None,
    y: ColumnName = None,
) -> dict[str, Any]:
    row, dataset = service.chart_list(session, runtime, principal, file_id, dataset_id, chart, x, y)
    query = "&".join(
        f"{k}={v}"
        for k, v in (("dataset_id", dataset_id), ("chart", chart), ("x", x), ("y", y))
        if v
    )
    suffix = f"?{query}" if query else ""
    return {
        "file_id": file_id,
        "dataset_id": dataset.id,
        "analysis_id": row.id,
        "charts": [
            {**c, "n": n, "svg_url": f"/api/v1/files/{file_id}/charts/{n}.svg{suffix}"}
            for n, c in enumerate(row.result["charts"])
        ],
        "method": row.result["method"],
    }


@router.get(
    "/files/{file_id}/charts/{n}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def chart_svg(
    file_id: str,
    n: int,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
    chart: Annotated[
        str | None, Query(pattern="^(histogram|bar|timeseries|scatter|missing)$")
    ] = None,
    x: ColumnName = None,
    y: ColumnName = None,
) -> Response:
    svg = service.chart_svg(
        session, runtime, principal, file_id, n, dataset_id=dataset_id, kind=chart, x=x, y=y
    )
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )


@router.get("/files/{file_id}/summary")
def file_summary(
    file_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
) -> dict[str, Any]:
    return {
        "file_id": file_id,
        **service.file_summary(session, runtime, principal, file_id, dataset_id),
    }


@router.post("/files/{file_id}/ask", dependencies=[ComputeTurn, AskLimit])
def ask(
    file_id: str,
    body: AskIn,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    dataset_id: DatasetId = None,
) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "question": body.question,
        **service.ask(
            session, runtime, principal, file_id, body.question, dataset_id, body.corrections
        ),
    }


@router.post("/insights/mapping", dependencies=[ComputeTurn])
def field_mapping(
    body: MappingIn, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    return service.map_fields(
        session,
        runtime,
        principal,
        body.source_file_id,
        body.target_file_id,
        body.overrides,
        source_dataset_id=body.source_dataset_id,
        target_dataset_id=body.target_dataset_id,
        target_schema=[f.model_dump() for f in body.target_schema]
        if body.target_schema is not None
        else None,
        use_embeddings=body.use_embeddings,
    )


@router.post("/files/{file_id}/review", dependencies=[ComputeTurn])
def review(file_id: str, principal: CurrentPrincipal, session: DbSession) -> dict[str, Any]:
    return {"file_id": file_id, **service.review(session, principal, file_id)}


@router.get("/analyses/{analysis_id}", response_model=AnalysisOut)
def get_analysis(analysis_id: str, principal: CurrentPrincipal, session: DbSession) -> AnalysisOut:
    row = service.get_analysis(session, principal, analysis_id)
    return AnalysisOut(**_status(row).model_dump(), result=row.result)


@router.get("/analyses/{analysis_id}/events")
def analysis_events(
    analysis_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    row = service.get_analysis(session, principal, analysis_id)
    scope = Scope.for_workspaces(principal.workspace_ids)
    return sse_response(events.analysis_events(runtime, scope, row.id))

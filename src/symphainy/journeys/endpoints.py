"""HTTP for journeys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from symphainy.auth.deps import CurrentPrincipal, DbSession
from symphainy.core.pagination import PageOut
from symphainy.journeys import service
from symphainy.journeys.schemas import JourneyCreate, JourneyPublic, JourneyUpdate
from symphainy.models.journey import Journey

router = APIRouter(prefix="/api/v1/journeys", tags=["journeys"])


def _public(journey: Journey, counts: dict[str, int]) -> JourneyPublic:
    return JourneyPublic.model_validate(journey).model_copy(update={"counts": counts})


def _json(model: BaseModel) -> Response:
    """``model`` as JSON, serialised on the handler's thread.

    Returned as a model, FastAPI would validate it once more and serialise it on a second trip
    through the thread pool (a sync handler's response is checked there): a measurable share of
    a hot list's time under load. ``response_model`` still documents the shape.
    """
    return Response(model.__pydantic_serializer__.to_json(model), media_type="application/json")


@router.get("", response_model=PageOut[JourneyPublic])
def list_journeys(
    principal: CurrentPrincipal,
    session: DbSession,
    workspace_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    counts: Annotated[
        bool,
        Query(
            description="Include each journey's artefact counts (one query per "
            "pillar; the single-journey endpoint always has them)."
        ),
    ] = False,
) -> Response:
    page = service.list_journeys(
        session, principal, workspace_id=workspace_id, limit=limit, cursor=cursor
    )
    ids = [j.id for j in page.items]
    counts_by_id = service.artefact_counts(session, ids) if counts and ids else {}
    return _json(
        PageOut[JourneyPublic](
            items=[_public(j, counts_by_id.get(j.id, {})) for j in page.items],
            next_cursor=page.next_cursor,
        )
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=JourneyPublic)
def create_journey(
    data: JourneyCreate, principal: CurrentPrincipal, session: DbSession
) -> JourneyPublic:
    journey = service.create_journey(session, principal, data)
    return _public(journey, service.artefact_counts(session, [journey.id])[journey.id])


@router.get("/{journey_id}", response_model=JourneyPublic)
def get_journey(journey_id: str, principal: CurrentPrincipal, session: DbSession) -> JourneyPublic:
    journey = service.get_journey(session, principal, journey_id)
    public = _public(journey, service.artefact_counts(session, [journey.id])[journey.id])
    return public.model_copy(
        update={"last_change": service.last_changes(session, [journey])[journey.id]}
    )


@router.patch("/{journey_id}", response_model=JourneyPublic)
def update_journey(
    journey_id: str, data: JourneyUpdate, principal: CurrentPrincipal, session: DbSession
) -> JourneyPublic:
    journey = service.update_journey(session, principal, journey_id, data)
    return _public(journey, service.artefact_counts(session, [journey.id])[journey.id])


@router.delete("/{journey_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_journey(journey_id: str, principal: CurrentPrincipal, session: DbSession) -> None:
    service.delete_journey(session, principal, journey_id)

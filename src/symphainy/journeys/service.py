"""Journeys: create, list, read, change, delete.

Artefact counts come from providers each pillar registers, so this module does not import the
pillars (they import it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.principal import Principal
from symphainy.core.errors import Invalid
from symphainy.core.pagination import Page, paginate
from symphainy.journeys.schemas import JourneyCreate, JourneyUpdate
from symphainy.models.journey import Journey
from symphainy.models.workspace import Role

CountProvider = Callable[[Session, list[str]], dict[str, dict[str, int]]]
_count_providers: list[CountProvider] = []


def register_count_provider(provider: CountProvider) -> None:
    """A pillar tells journeys how many of its artefacts each journey has."""
    _count_providers.append(provider)


def artefact_counts(session: Session, journey_ids: list[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {jid: {} for jid in journey_ids}
    for provider in _count_providers:
        for jid, kinds in provider(session, journey_ids).items():
            counts.setdefault(jid, {}).update(kinds)
    return counts


ChangeProvider = Callable[[Session, list[str]], dict[str, datetime]]
_change_providers: list[ChangeProvider] = []


def register_change_provider(provider: ChangeProvider) -> None:
    """A pillar tells journeys when each journey's newest artefact of that pillar changed."""
    _change_providers.append(provider)


def newest_by_journey(
    session: Session, journey_ids: list[str], *models: Any
) -> dict[str, datetime]:
    """The newest ``updated_at`` per journey over rows of ``models`` (each a mapped class with
    ``journey_id`` and ``updated_at``): what a pillar's change provider usually answers."""
    newest: dict[str, datetime] = {}
    for model in models:
        rows = session.execute(
            select(model.journey_id, func.max(model.updated_at))
            .where(model.journey_id.in_(journey_ids))
            .group_by(model.journey_id)
        )
        for jid, when in rows:
            if when is not None and (jid not in newest or when > newest[jid]):
                newest[jid] = when
    return newest


class JourneyLike(Protocol):
    """A journey or a row of its columns."""

    @property
    def id(self) -> str: ...

    @property
    def updated_at(self) -> datetime: ...


def last_changes(session: Session, journeys: Sequence[JourneyLike]) -> dict[str, datetime]:
    """When each journey last changed: its own edits or any artefact's, whichever is newest.

    One batched query per provider for all the journeys, so a dashboard of many journeys
    costs the same few queries as one journey page.
    """
    newest = {j.id: j.updated_at for j in journeys}
    ids = list(newest)
    if not ids:
        return newest
    for provider in _change_providers:
        for jid, when in provider(session, ids).items():
            if jid in newest and when is not None and when > newest[jid]:
                newest[jid] = when
    return newest


def _personal_workspace(principal: Principal, session: Session) -> str:
    from symphainy.models.workspace import Workspace

    ws_id = session.scalar(
        select(Workspace.id).where(
            Workspace.id.in_(principal.workspace_ids),
            Workspace.personal.is_(True),
            Workspace.created_by == principal.user.id,
        )
    )
    if ws_id is None:
        raise Invalid("say which workspace the journey belongs to", field="workspace_id")
    return ws_id


def create_journey(session: Session, principal: Principal, data: JourneyCreate) -> Journey:
    workspace_id = data.workspace_id or _personal_workspace(principal, session)
    principal.require(workspace_id, Role.member)
    journey = Journey(
        workspace_id=workspace_id,
        title=data.title.strip(),
        description=data.description.strip(),
        goals=data.goals,
        created_by=principal.user.id,
    )
    session.add(journey)
    session.flush()
    return journey


# A list reads every column of the journeys as plain rows: no ORM object to build, track in the
# session and hand to the serialiser for each of them (issue 19). The mapped attributes, not
# the table's columns, so the session's workspace filter (core.scoping) applies; named from the
# table so that importing this module does not configure every mapper (start-up time).
LIST_COLUMNS = tuple(getattr(Journey, column.key) for column in Journey.__table__.columns)


def list_journeys(
    session: Session,
    principal: Principal,
    *,
    workspace_id: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Row[Any]]:
    """A page of the journeys the caller may see, newest first, as rows read by attribute
    (``row.title``) like the journeys themselves."""
    query = select(*LIST_COLUMNS)
    if workspace_id is not None:
        principal.require(workspace_id, Role.viewer)
        query = query.where(Journey.workspace_id == workspace_id)
    return paginate(session, query, Journey.id, limit=limit, cursor=cursor)


def get_journey(
    session: Session, principal: Principal, journey_id: str, minimum: Role = Role.viewer
) -> Journey:
    """The journey if the caller may see it (404 otherwise) and has ``minimum`` role (403)."""
    return principal.fetch(session, Journey, journey_id, minimum, noun="journey")


def journey_by_id(session: Session, journey_id: str) -> Journey | None:
    """A journey within the session's scope, without a role check (background jobs)."""
    return session.get(Journey, journey_id)


def update_journey(
    session: Session, principal: Principal, journey_id: str, data: JourneyUpdate
) -> Journey:
    journey = get_journey(session, principal, journey_id, Role.member)
    if data.title is not None:
        journey.title = data.title.strip()
    if data.description is not None:
        journey.description = data.description.strip()
    if data.goals is not None:
        journey.goals = data.goals
    session.flush()
    return journey


def delete_journey(session: Session, principal: Principal, journey_id: str) -> None:
    journey = get_journey(session, principal, journey_id, Role.admin)
    audit.record(
        session,
        "journey.deleted",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=journey.workspace_id,
        target_type="journey",
        target_id=journey.id,
        title=journey.title,
    )
    session.delete(journey)

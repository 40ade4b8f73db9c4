"""The dashboard of journeys and a journey's own pages: overview, create, edit, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from symphainy.auth.deps import DbSession
from symphainy.auth.principal import Principal
from symphainy.core.errors import AppError
from symphainy.journeys import service
from symphainy.journeys.schemas import JourneyCreate, JourneyUpdate
from symphainy.models.workspace import Role
from symphainy.web.deps import FormPrincipal, PagePrincipal
from symphainy.web.pillars import PILLARS, pillar_counts
from symphainy.web.render import form_failed, redirect, render
from symphainy.workspaces import service as workspaces

if TYPE_CHECKING:  # types of what other pillars' services return
    from symphainy.models.journey import Journey

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
PAGE_SIZE = 24


def split_goals(text: str) -> list[str]:
    """One goal per line; blank lines are dropped (the schema trims and checks each)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _workspace_names(session: DbSession, principal: Principal) -> dict[str, str]:
    return {
        ws_id: name
        for ws_id, (name, _personal) in workspaces.names_and_kinds(session, principal).items()
    }


@router.get("/", name="dashboard")
def dashboard(
    request: Request,
    principal: PagePrincipal,
    session: DbSession,
    workspace: str | None = None,
    cursor: str | None = None,
) -> Response:
    all_workspaces = workspaces.list_workspaces(session, principal)
    selected = workspace if workspace in principal.roles else None
    page = service.list_journeys(
        session,
        principal,
        workspace_id=selected,
        limit=PAGE_SIZE,
        cursor=cursor[:64] if cursor else None,
    )
    counts = service.artefact_counts(session, [j.id for j in page.items])
    can_create = any(
        w.role.at_least(Role.member) for w in all_workspaces if selected is None or w.id == selected
    )
    return render(
        request,
        "journeys/dashboard.html",
        {
            "journeys": page.items,
            "next_cursor": page.next_cursor,
            "counts": counts,
            "changed": service.last_changes(session, page.items),
            "workspaces": all_workspaces,
            "selected": selected,
            "paged": bool(cursor),
            "names": {w.id: w.name for w in all_workspaces},
            "can_create": can_create,
        },
        principal=principal,
    )


def _form_context(
    session: DbSession,
    principal: Principal,
    *,
    journey: Journey | None,
    title: str,
    description: str,
    goals: str,
    workspace_id: str | None,
) -> dict[str, Any]:
    writable = [
        w for w in workspaces.list_workspaces(session, principal) if w.role.at_least(Role.member)
    ]
    return {
        "journey": journey,
        "title": title,
        "description": description,
        "goals": goals,
        "workspace_id": workspace_id,
        "writable": writable,
    }


@router.get("/journeys/new", name="journey_new")
def new_journey_page(
    request: Request, principal: PagePrincipal, session: DbSession, workspace: str | None = None
) -> Response:
    context = _form_context(
        session, principal, journey=None, title="", description="", goals="", workspace_id=workspace
    )
    return render(request, "journeys/form.html", context, principal=principal)


@router.post("/journeys/new")
def create_journey(
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    title: Text = "",
    description: Text = "",
    goals: Text = "",
    workspace_id: Text = "",
) -> Response:
    context = _form_context(
        session,
        principal,
        journey=None,
        title=title,
        description=description,
        goals=goals,
        workspace_id=workspace_id,
    )
    try:
        data = JourneyCreate(
            title=title,
            description=description,
            goals=split_goals(goals),
            workspace_id=workspace_id or None,
        )
        journey = service.create_journey(session, principal, data)
    except (AppError, ValidationError) as exc:
        return form_failed(
            request, session, "journeys/form.html", exc, context, principal=principal
        )
    return redirect(request, f"/journeys/{journey.id}", "Journey created.")


@router.get("/journeys/{journey_id}", name="journey_page")
def journey_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = service.get_journey(session, principal, journey_id)
    counts = service.artefact_counts(session, [journey.id]).get(journey.id, {})
    pillars = [(p, pillar_counts(p, counts)) for p in PILLARS]
    role = principal.role_in(journey.workspace_id)
    return render(
        request,
        "journeys/detail.html",
        {
            "journey": journey,
            "last_change": service.last_changes(session, [journey])[journey.id],
            "pillars": pillars,
            "role": role,
            "workspace_name": _workspace_names(session, principal).get(journey.workspace_id, ""),
            "can_edit": role is not None and role.at_least(Role.member),
            "can_delete": role is not None and role.at_least(Role.admin),
        },
        principal=principal,
    )


@router.get("/journeys/{journey_id}/edit", name="journey_edit")
def edit_journey_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = service.get_journey(session, principal, journey_id, Role.member)
    context = _form_context(
        session,
        principal,
        journey=journey,
        title=journey.title,
        description=journey.description,
        goals="\n".join(journey.goals),
        workspace_id=journey.workspace_id,
    )
    return render(request, "journeys/form.html", context, principal=principal)


@router.post("/journeys/{journey_id}/edit")
def update_journey(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    title: Text = "",
    description: Text = "",
    goals: Text = "",
) -> Response:
    journey = service.get_journey(session, principal, journey_id, Role.member)
    context = _form_context(
        session,
        principal,
        journey=journey,
        title=title,
        description=description,
        goals=goals,
        workspace_id=journey.workspace_id,
    )
    try:
        data = JourneyUpdate(title=title, description=description, goals=split_goals(goals))
        service.update_journey(session, principal, journey_id, data)
    except (AppError, ValidationError) as exc:
        return form_failed(
            request, session, "journeys/form.html", exc, context, principal=principal
        )
    return redirect(request, f"/journeys/{journey_id}", "Changes saved.")


@router.get("/journeys/{journey_id}/delete", name="journey_delete")
def delete_journey_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = service.get_journey(session, principal, journey_id, Role.admin)
    return render(request, "journeys/delete.html", {"journey": journey}, principal=principal)


@router.post("/journeys/{journey_id}/delete")
def delete_journey(
    request: Request, journey_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    title = service.get_journey(session, principal, journey_id, Role.admin).title
    service.delete_journey(session, principal, journey_id)
    return redirect(request, "/", f"Journey “{title}” deleted.")

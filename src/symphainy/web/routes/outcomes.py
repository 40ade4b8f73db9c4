"""Business outcomes pages: the journey summary, a roadmap, a proposal and their exports."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from symphainy.auth.deps import DbSession
from symphainy.core.compute import ComputeTurn
from symphainy.core.errors import AppError, Conflict, Invalid
from symphainy.core.links import page_linker
from symphainy.journeys import service as journeys
from symphainy.outcomes import service
from symphainy.outcomes.schemas import RoadmapCreate
from symphainy.web.deps import FormFields, FormPrincipal, PagePrincipal
from symphainy.web.proposal_form import (
    FORM_FIELDS,
    form_values,
    parse_assumption,
    parse_proposal_form,
)
from symphainy.web.render import redirect, render, sentence

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def _export_state(session: DbSession, principal: Any, export_id: str | None) -> Any:
    if not export_id:
        return None
    try:
        return service.get_export(session, principal, export_id[:32])
    except AppError:
        return None


@router.get("/journeys/{journey_id}/outcomes", name="pillar_outcomes")
def overview(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    summary = service.journey_summary(session, principal, journey_id, page_linker(request))
    return render(
        request,
        "outcomes/overview.html",
        {
            "journey": journey,
            "s": summary,
            "section": "journeys",
            "today": date.today().isoformat(),
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/outcomes/roadmap", dependencies=[ComputeTurn])
def create_roadmap(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    start_date: Text = "",
    horizon_months: Text = "",
) -> Response:
    back = f"/journeys/{journey_id}/outcomes"
    try:
        body = RoadmapCreate.model_validate(
            {"start_date": start_date or None, "horizon_months": horizon_months or None}
        )
    except ValidationError:
        return redirect(
            request,
            back,
            "Enter the start as a date between the years 1900 and 9000 and the horizon in "
            "whole months (1 to 120).",
            "error",
        )
    try:
        row = service.create_roadmap(
            session,
            principal,
            journey_id,
            start_date=body.start_date,
            horizon_months=body.horizon_months,
        )
    except AppError as exc:
        session.rollback()
        return redirect(request, back, sentence(exc.detail), "error")
    return redirect(
        request, f"/journeys/{journey_id}/outcomes/roadmaps/{row.id}", "Roadmap generated."
    )


@router.get("/journeys/{journey_id}/outcomes/roadmaps/{roadmap_id}", name="outcomes_roadmap")
def roadmap_page(
    request: Request,
    journey_id: str,
    roadmap_id: str,
    principal: PagePrincipal,
    session: DbSession,
    export: str | None = None,
) -> Response:
    row = service.get_roadmap(session, principal, roadmap_id)
    journey = journeys.get_journey(session, principal, row.journey_id)
    return render(
        request,
        "outcomes/roadmap.html",
        {
            "journey": journey,
            "roadmap": row,
            "r": service.roadmap_of(row),
            "section": "journeys",
            "export": _export_state(session, principal, export),
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/outcomes/roadmaps/{roadmap_id}")
def update_roadmap(
    request: Request,
    journey_id: str,
    roadmap_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
) -> Response:
    url = f"/journeys/{journey_id}/outcomes/roadmaps/{roadmap_id}"
    try:
        current = {
            t.id: t.duration_days
            for t in service.roadmap_of(service.get_roadmap(session, principal, roadmap_id)).tasks
        }
        typed = {
            str(k)[2:]: int(str(v))
            for k, v in form.items()
            if str(k).startswith("d_") and str(v).strip()
        }
        # only what was changed counts as entered; the rest keeps its source
        durations = {k: v for k, v in typed.items() if current.get(k) != v}
        service.update_roadmap(session, principal, roadmap_id, durations=durations)
    except ValueError:
        return redirect(request, url, "Durations are whole numbers of working days.", "error")
    except AppError as exc:
        session.rollback()
        return redirect(request, url, sentence(exc.detail), "error")
    return redirect(request, url, "Durations saved; the dates were recomputed.")


@router.post("/journeys/{journey_id}/outcomes/proposal", dependencies=[ComputeTurn])
def create_proposal(
    request: Request, journey_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    try:
        row = service.create_proposal(session, principal, journey_id, {})
    except AppError as exc:
        session.rollback()
        return redirect(request, f"/journeys/{journey_id}/outcomes", sentence(exc.detail), "error")
    return redirect(
        request,
        f"/journeys/{journey_id}/outcomes/proposals/{row.id}",
        "Proposal drafted. Enter the rates below to compute the financials.",
    )


@router.get("/journeys/{journey_id}/outcomes/proposals/{proposal_id}", name="outcomes_proposal")
def proposal_page(
    request: Request,
    journey_id: str,
    proposal_id: str,
    principal: PagePrincipal,
    session: DbSession,
    export: str | None = None,
) -> Response:
    row = service.get_proposal(session, principal, proposal_id)
    try:
        service.proposal_of(row)
    except Conflict:  # stored by an earlier version: a member's visit computes it again
        row = service.refresh_proposal(session, principal, proposal_id)
        return redirect(
            request,
            str(request.url.path),
            "This proposal was recomputed so that every figure shows its source.",
        )
    return _proposal_page(request, session, principal, row, form_values(row.inputs), {}, export)


def _proposal_page(
    request: Request,
    session: DbSession,
    principal: Any,
    row: Any,
    values: dict[str, str],
    errors: dict[str, str],
    export: str | None = None,
) -> Response:
    journey = journeys.get_journey(session, principal, row.journey_id)
    return render(
        request,
        "outcomes/proposal.html",
        {
            "journey": journey,
            "proposal": row,
            "p": service.proposal_of(row),
            "v": values,
            "errors": errors,
            "section": "journeys",
            "export": _export_state(session, principal, export),
        },
        principal=principal,
        status_code=422 if errors else 200,
    )


@router.post("/journeys/{journey_id}/outcomes/proposals/{proposal_id}")
def update_proposal(
    request: Request,
    journey_id: str,
    proposal_id: str,
    principal: FormPrincipal,
    posted: FormFields,
    session: DbSession,
) -> Response:
    """Save the financial inputs; on any error show the form again with what was typed."""
    form = {k: str(v).strip() for k, v in posted.items()}
    url = f"/journeys/{journey_id}/outcomes/proposals/{proposal_id}"
    row = service.get_proposal(session, principal, proposal_id)
    data, errors = parse_proposal_form(form)
    if not errors:
        try:
            service.update_proposal(session, principal, proposal_id, data)
        except Invalid as exc:
            session.rollback()
            errs = exc.extra.get("errors") or [{}]
            loc = errs[0].get("loc") or ["body", "form"]
            errors = {str(loc[-1]): sentence(exc.detail)}
    if errors:
        values = {k: form.get(k, "") for k in FORM_FIELDS}
        return _proposal_page(request, session, principal, row, values, errors)
    return redirect(request, url, "Assumptions saved; the financials were recomputed.")


@router.post("/journeys/{journey_id}/outcomes/proposals/{proposal_id}/assumptions")
def confirm_assumptions(
    request: Request,
    journey_id: str,
    proposal_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
) -> Response:
    """One click: confirm a default (its own value) or replace it (the value typed)."""
    url = f"/journeys/{journey_id}/outcomes/proposals/{proposal_id}#assumptions"
    names = [str(n) for n in form.getlist("name")]
    try:
        values = {
            name: parse_assumption(name, str(form.get(f"value:{name}", ""))) for name in names[:200]
        }
        service.confirm_assumptions(session, principal, proposal_id, values)
    except ValueError as exc:
        return redirect(request, url, sentence(str(exc)), "error")
    except AppError as exc:
        session.rollback()
        return redirect(request, url, sentence(exc.detail), "error")
    count = len(values)
    return redirect(
        request,
        url,
        f"{count} assumption{'s' if count != 1 else ''} confirmed; the financials were recomputed.",
    )


@router.post("/journeys/{journey_id}/outcomes/exports", dependencies=[ComputeTurn])
def create_export(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    subject: Text = "",
    subject_id: Text = "",
    format: Text = "pdf",
) -> Response:
    if subject not in ("roadmap", "proposal"):
        return redirect(request, f"/journeys/{journey_id}/outcomes", "Unknown export.", "error")
    row, _ready = service.request_export(session, principal, subject, subject_id[:32], format)
    return redirect(
        request,
        f"/journeys/{journey_id}/outcomes/{subject}s/{row.subject_id}?export={row.id}#export",
    )

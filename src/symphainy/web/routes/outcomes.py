"""Business outcomes pages: the journey summary, a roadmap, a proposal and their exports."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from symphainy.auth.deps import DbSession
from symphainy.core.errors import AppError, Invalid
from symphainy.journeys import service as journeys
from symphainy.outcomes import service
from symphainy.outcomes.endpoints import page_linker
from symphainy.outcomes.schemas import Assumptions, MoneyItem
from symphainy.web.deps import FormPrincipal, PagePrincipal
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


@router.post("/journeys/{journey_id}/outcomes/roadmap")
def create_roadmap(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    start_date: Text = "",
    horizon_months: Text = "",
) -> Response:
    try:
        start = date.fromisoformat(start_date) if start_date else None
        horizon = int(horizon_months) if horizon_months else None
        row = service.create_roadmap(
            session, principal, journey_id, start_date=start, horizon_months=horizon
        )
    except ValueError:
        return redirect(
            request,
            f"/journeys/{journey_id}/outcomes",
            "Enter the start as a date and the horizon in whole months.",
            "error",
        )
    except AppError as exc:
        session.rollback()
        return redirect(request, f"/journeys/{journey_id}/outcomes", sentence(exc.detail), "error")
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
            "r": row.result,
            "section": "journeys",
            "export": _export_state(session, principal, export),
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/outcomes/roadmaps/{roadmap_id}")
async def update_roadmap(
    request: Request, journey_id: str, roadmap_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    form = await request.form()
    url = f"/journeys/{journey_id}/outcomes/roadmaps/{roadmap_id}"
    try:
        durations = {
            str(k)[2:]: int(str(v))
            for k, v in form.items()
            if str(k).startswith("d_") and str(v).strip()
        }
        service.update_roadmap(session, principal, roadmap_id, durations=durations)
    except ValueError:
        return redirect(request, url, "Durations are whole numbers of working days.", "error")
    except AppError as exc:
        session.rollback()
        return redirect(request, url, sentence(exc.detail), "error")
    return redirect(request, url, "Durations saved; the dates were recomputed.")


@router.post("/journeys/{journey_id}/outcomes/proposal")
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
    journey = journeys.get_journey(session, principal, row.journey_id)
    return render(
        request,
        "outcomes/proposal.html",
        {
            "journey": journey,
            "proposal": row,
            "p": row.result,
            "a": row.inputs,
            "section": "journeys",
            "export": _export_state(session, principal, export),
        },
        principal=principal,
    )


def _items(text: str) -> list[MoneyItem]:
    """Lines of "label: amount"."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _, amount = line.rpartition(":")
        out.append(MoneyItem(label=label.strip() or line.strip(), amount=float(amount)))
    return out


@router.post("/journeys/{journey_id}/outcomes/proposals/{proposal_id}")
async def update_proposal(
    request: Request,
    journey_id: str,
    proposal_id: str,
    principal: FormPrincipal,
    session: DbSession,
) -> Response:
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    url = f"/journeys/{journey_id}/outcomes/proposals/{proposal_id}"
    try:
        numbers = {
            k: form[k]
            for k in ("day_rate", "loaded_hourly_rate", "discount_rate", "years", "effort_days")
            if form.get(k)
        }
        data = Assumptions.model_validate(
            {
                **numbers,
                "currency": form.get("currency") or None,
                "other_costs": _items(form.get("other_costs", "")),
                "other_benefits": _items(form.get("other_benefits", "")),
                "notes": [n.strip() for n in form.get("notes", "").splitlines() if n.strip()],
            }
        )
        service.update_proposal(
            session, principal, proposal_id, data.model_dump(exclude_none=True, mode="json")
        )
    except (ValueError, ValidationError, Invalid) as exc:
        session.rollback()
        detail = (
            exc.detail
            if isinstance(exc, Invalid)
            else (
                "check the numbers: rates are positive, the discount rate a fraction (0.08), "
                "years a whole number from 1 to 30, other items written as “label: amount”"
            )
        )
        return redirect(request, url, sentence(detail), "error")
    return redirect(request, url, "Assumptions saved; the financials were recomputed.")


@router.post("/journeys/{journey_id}/outcomes/exports")
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

"""The Business outcomes pillar's behaviour: summary, roadmap, proposal, exports.

Pages, API, agents and the CLI call these functions. They take the request's session and
never commit; exports are rendered by ``outcomes.tasks`` after the request commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.core.errors import Conflict, Invalid, NotFound
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.runtime import Runtime
from symphainy.journeys import service as journeys
from symphainy.models.journey import Journey
from symphainy.models.outcomes import Export, Proposal, Roadmap
from symphainy.models.workspace import Role
from symphainy.outcomes import artefacts as gathering
from symphainy.outcomes import financials, gantt, proposal, roadmap, summary
from symphainy.outcomes.documents import Doc, proposal_blocks, roadmap_blocks
from symphainy.outcomes.schedule import CycleError

EXPORT_JOB = "outcomes.render_export"
FORMATS = ("pdf", "docx", "md")


def _material(
    session: Session, principal: Principal, journey: Journey
) -> gathering.JourneyArtefacts:
    """The journey's artefacts, or a 409 saying what to do first when there are none."""
    found = gathering.gather(session, principal, journey)
    if not found.has_material:
        steps = gathering.what_to_do_first(found)
        raise Conflict(
            "this journey has nothing to plan from yet. First: " + "; ".join(steps),
            extra={"next_steps": steps},
        )
    return found


def journey_summary(
    session: Session,
    principal: Principal,
    journey_id: str,
    page_url: summary.PageLinker | None = None,
) -> dict[str, Any]:
    journey = journeys.get_journey(session, principal, journey_id)
    found = gathering.gather(session, principal, journey)
    roadmaps = [
        {
            "id": r.id,
            "created_at": r.created_at.isoformat(),
            "finish_date": r.result.get("finish_date"),
            "api_url": f"/api/v1/roadmaps/{r.id}",
            "page_url": f"/journeys/{journey.id}/outcomes/roadmaps/{r.id}",
        }
        for r in _of_journey(session, Roadmap, journey.id)
    ]
    proposals = [
        {
            "id": p.id,
            "created_at": p.created_at.isoformat(),
            "api_url": f"/api/v1/proposals/{p.id}",
            "page_url": f"/journeys/{journey.id}/outcomes/proposals/{p.id}",
        }
        for p in _of_journey(session, Proposal, journey.id)
    ]
    return summary.build(found, roadmaps, proposals, page_url or (lambda _k, _i: None))


def _of_journey(
    session: Session, model: type[Roadmap] | type[Proposal], journey_id: str
) -> list[Any]:
    return list(
        session.scalars(
            select(model).where(model.journey_id == journey_id).order_by(model.id.desc()).limit(20)
        )
    )


def _schedule(
    tasks: list[roadmap.Task],
    inputs: dict[str, Any],
    durations: dict[str, int] | None = None,
    dependencies: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    try:
        return roadmap.schedule(
            tasks,
            date.fromisoformat(inputs["start_date"]),
            inputs.get("horizon_months"),
            durations,
            dependencies,
        )
    except CycleError as exc:
        raise Invalid(str(exc), field="dependencies") from exc
    except roadmap.RoadmapError as exc:
        raise Invalid(str(exc), field="durations") from exc


def create_roadmap(
    session: Session,
    principal: Principal,
    journey_id: str,
    *,
    start_date: date | None = None,
    horizon_months: int | None = None,
    durations: dict[str, int] | None = None,
) -> Roadmap:
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    found = _material(session, principal, journey)
    tasks = roadmap.derive_tasks(found)
    if not tasks:
        raise Conflict(
            "nothing in this journey calls for a task yet. First: "
            + "; ".join(gathering.what_to_do_first(found)),
            extra={"next_steps": gathering.what_to_do_first(found)},
        )
    start = start_date or datetime.now(UTC).date()
    inputs = {
        "start_date": start.isoformat(),
        "horizon_months": horizon_months,
        "durations": dict(durations or {}),
    }
    result = _schedule(tasks, inputs, durations)
    row = Roadmap(
        workspace_id=journey.workspace_id,
        journey_id=journey.id,
        inputs=inputs,
        result=result,
        method="deterministic",
    )
    session.add(row)
    session.flush()
    return row


def get_roadmap(
    session: Session, principal: Principal, roadmap_id: str, minimum: Role = Role.viewer
) -> Roadmap:
    return principal.fetch(session, Roadmap, roadmap_id, minimum, noun="roadmap")


def update_roadmap(
    session: Session,
    principal: Principal,
    roadmap_id: str,
    *,
    durations: dict[str, int],
    dependencies: dict[str, list[str]] | None = None,
    start_date: date | None = None,
) -> Roadmap:
    """Edit durations (and optionally dependencies or the start) and recompute the dates."""
    row = get_roadmap(session, principal, roadmap_id, Role.member)
    inputs = dict(row.inputs)
    if start_date is not None:
        inputs["start_date"] = start_date.isoformat()
    tasks = roadmap.tasks_from_result(row.result)
    result = _schedule(tasks, inputs, durations, dependencies)
    inputs["durations"] = {**inputs.get("durations", {}), **durations}
    if dependencies:
        inputs["dependencies"] = {**inputs.get("dependencies", {}), **dependencies}
    row.inputs, row.result = inputs, result
    row.updated_at = datetime.now(UTC)
    return row


def gantt_svg(session: Session, principal: Principal, roadmap_id: str) -> str:
    row = get_roadmap(session, principal, roadmap_id)
    return gantt.render(row.result, row.journey_id)


def latest_roadmap(session: Session, principal: Principal, journey_id: str) -> Roadmap | None:
    """The journey's newest roadmap, if it has one."""
    journey = journeys.get_journey(session, principal, journey_id)
    return session.scalar(
        select(Roadmap).where(Roadmap.journey_id == journey.id).order_by(Roadmap.id.desc()).limit(1)
    )


def latest_proposal(session: Session, principal: Principal, journey_id: str) -> Proposal | None:
    """The journey's newest proposal, if it has one."""
    journey = journeys.get_journey(session, principal, journey_id)
    return session.scalar(
        select(Proposal)
        .where(Proposal.journey_id == journey.id)
        .order_by(Proposal.id.desc())
        .limit(1)
    )


def _latest_roadmap(session: Session, principal: Principal, journey: Journey) -> Roadmap:
    return latest_roadmap(session, principal, journey.id) or create_roadmap(
        session, principal, journey.id
    )


def _proposal_result(
    found: gathering.JourneyArtefacts, plan: Roadmap, assumptions: dict[str, Any]
) -> dict[str, Any]:
    try:
        return proposal.build(found, plan.id, plan.result, assumptions)
    except financials.FinancialInputError as exc:
        raise Invalid(str(exc), field=exc.field) from exc


def create_proposal(
    session: Session, principal: Principal, journey_id: str, assumptions: dict[str, Any]
) -> Proposal:
    """A proposal on the journey's latest roadmap (made now if there is none)."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    found = _material(session, principal, journey)
    plan = _latest_roadmap(session, principal, journey)
    row = Proposal(
        workspace_id=journey.workspace_id,
        journey_id=journey.id,
        roadmap_id=plan.id,
        inputs=assumptions,
        result=_proposal_result(found, plan, assumptions),
        method="deterministic",
    )
    session.add(row)
    session.flush()
    return row


def get_proposal(
    session: Session, principal: Principal, proposal_id: str, minimum: Role = Role.viewer
) -> Proposal:
    return principal.fetch(session, Proposal, proposal_id, minimum, noun="proposal")


def update_proposal(
    session: Session, principal: Principal, proposal_id: str, assumptions: dict[str, Any]
) -> Proposal:
    """New assumptions: the whole proposal is computed again from them."""
    row = get_proposal(session, principal, proposal_id, Role.member)
    journey = journeys.get_journey(session, principal, row.journey_id, Role.member)
    found = _material(session, principal, journey)
    plan = session.get(Roadmap, row.roadmap_id) if row.roadmap_id else None
    plan = plan or _latest_roadmap(session, principal, journey)
    row.roadmap_id, row.inputs = plan.id, assumptions
    row.result = _proposal_result(found, plan, assumptions)
    row.updated_at = datetime.now(UTC)
    return row


# --- exports --------------------------------------------------------------------------------


def request_export(
    session: Session, principal: Principal, subject_type: str, subject_id: str, fmt: str
) -> tuple[Export, bool]:
    """The export of this version of the subject: (export, True) if one is ready already."""
    if fmt not in FORMATS:
        raise Invalid(f"format must be one of {', '.join(FORMATS)}", field="format")
    subject: Roadmap | Proposal = (
        get_roadmap(session, principal, subject_id)
        if subject_type == "roadmap"
        else get_proposal(session, principal, subject_id)
    )
    existing = session.scalar(
        select(Export)
        .where(
            Export.subject_type == subject_type,
            Export.subject_id == subject.id,
            Export.format == fmt,
            Export.status.in_(("pending", "processing", "ready")),
            Export.created_at >= subject.updated_at,
        )
        .order_by(Export.id.desc())
        .limit(1)
    )
    if existing is not None:
        return existing, existing.status == "ready"
    row = Export(
        workspace_id=subject.workspace_id,
        journey_id=subject.journey_id,
        subject_type=subject_type,
        subject_id=subject.id,
        format=fmt,
        status="pending",
        progress=0.0,
    )
    session.add(row)
    session.flush()
    enqueue_after_commit(session, EXPORT_JOB, {"export_id": row.id})
    return row, False


def get_export(session: Session, principal: Principal, export_id: str) -> Export:
    return principal.fetch(session, Export, export_id, noun="export")


def export_filename(row: Export) -> str:
    return f"{row.subject_type}-{row.subject_id}.{row.format}"


def download_export(runtime: Runtime, row: Export) -> Iterator[bytes]:
    if row.status != "ready" or not row.storage_key:
        raise Conflict(
            f"the export is {row.status}"
            + (f": {row.error}" if row.error else "; try again when it is ready")
        )
    return runtime.storage.iter_bytes(row.storage_key)


def export_document(
    session: Session, row: Export, progress: Callable[[float], None] | None = None
) -> Doc:
    """The document an export renders (called by the job with a system-scoped session)."""
    journey = session.get(Journey, row.journey_id)
    title = journey.title if journey else ""
    if row.subject_type == "roadmap":
        plan = session.get(Roadmap, row.subject_id)
        if plan is None:
            raise NotFound("the roadmap was deleted")
        result = plan.result
        doc = Doc(
            f"Roadmap: {title}",
            "Phases, milestones and the critical path",
            _facts(result, plan.id),
            roadmap_blocks(result),
        )
    else:
        prop = session.get(Proposal, row.subject_id)
        if prop is None:
            raise NotFound("the proposal was deleted")
        plan = session.get(Roadmap, prop.roadmap_id) if prop.roadmap_id else None
        result = plan.result if plan else {}
        doc = Doc(
            prop.result["title"],
            "Proof-of-concept proposal",
            _facts(result, prop.id),
            proposal_blocks(prop.result),
        )
    if progress:
        progress(0.3)
    doc.gantt_svg = gantt.render(result, title) if result.get("tasks") else None
    return doc


def _facts(result: dict[str, Any], subject_id: str) -> list[tuple[str, str]]:
    return [
        ("Start", str(result.get("start_date", "—"))),
        ("Finish", str(result.get("finish_date", "—"))),
        ("Method", "deterministic: every figure is computed from the listed inputs"),
        ("Reference", subject_id),
        ("Generated", datetime.now(UTC).strftime("%d %b %Y %H:%M UTC")),
    ]


def counts_by_journey(session: Session, journey_ids: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for model, kind in ((Roadmap, "roadmaps"), (Proposal, "proposals")):
        for jid in session.scalars(
            select(model.journey_id).where(model.journey_id.in_(journey_ids))
        ):
            kinds = out.setdefault(jid, {})
            kinds[kind] = kinds.get(kind, 0) + 1
    return out


journeys.register_count_provider(counts_by_journey)

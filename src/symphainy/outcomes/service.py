"""The Business outcomes pillar's behaviour: summary, roadmap, proposal, exports.

Pages, API, agents and the CLI call these functions. They take the request's session and
never commit; exports are rendered by ``outcomes.tasks`` after the request commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.core.errors import Conflict, Invalid, NotFound
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.links import PageLinker
from symphainy.core.runtime import Runtime
from symphainy.journeys import service as journeys
from symphainy.models.outcomes import Export, Proposal, Roadmap
from symphainy.models.workspace import Role
from symphainy.outcomes import artefacts as gathering
from symphainy.outcomes import financials, gantt, proposal, roadmap, summary
from symphainy.outcomes.documents import Doc, proposal_blocks, roadmap_blocks
from symphainy.outcomes.schedule import CycleError

if TYPE_CHECKING:  # types of what other pillars' services return
    from symphainy.models.journey import Journey

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
    page_url: PageLinker | None = None,
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
    dependencies: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The scheduled roadmap as stored JSON (the typed result, dumped)."""
    try:
        result = roadmap.schedule(
            tasks,
            date.fromisoformat(inputs["start_date"]),
            inputs.get("horizon_months"),
            inputs.get("durations") or {},
            dependencies,
            inputs.get("entered") or {},
            [date.fromisoformat(d) for d in inputs.get("holidays") or []],
        )
    except CycleError as exc:
        raise Invalid(str(exc), field="dependencies") from exc
    except roadmap.RoadmapError as exc:
        field = "start_date" if "start date" in str(exc) or "9999" in str(exc) else "durations"
        raise Invalid(str(exc), field=field) from exc
    return result.model_dump(mode="json")


def _stamp(principal: Principal) -> dict[str, str]:
    """Who entered a value and when, as stored beside the inputs."""
    return {"by": principal.user.email, "at": datetime.now(UTC).isoformat()}


def create_roadmap(
    session: Session,
    principal: Principal,
    journey_id: str,
    *,
    start_date: date | None = None,
    horizon_months: int | None = None,
    durations: dict[str, int] | None = None,
    holidays: list[date] | None = None,
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
        "entered": {task_id: _stamp(principal) for task_id in durations or {}},
        "holidays": sorted({d.isoformat() for d in holidays or []}),
    }
    result = _schedule(tasks, inputs)
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
    holidays: list[date] | None = None,
) -> Roadmap:
    """Edit durations (and optionally dependencies, the start or the holidays); recompute."""
    row = get_roadmap(session, principal, roadmap_id, Role.member)
    inputs = dict(row.inputs)
    if start_date is not None:
        inputs["start_date"] = start_date.isoformat()
    if holidays is not None:
        inputs["holidays"] = sorted({d.isoformat() for d in holidays})
    tasks = roadmap.tasks_from_result(row.result)
    inputs["durations"] = {**inputs.get("durations", {}), **durations}
    inputs["entered"] = {
        **inputs.get("entered", {}),
        **{task_id: _stamp(principal) for task_id in durations},
    }
    result = _schedule(tasks, inputs, dependencies)
    if dependencies:
        inputs["dependencies"] = {**inputs.get("dependencies", {}), **dependencies}
    row.inputs, row.result = inputs, result
    row.updated_at = datetime.now(UTC)
    return row


def gantt_svg(session: Session, principal: Principal, roadmap_id: str) -> str:
    row = get_roadmap(session, principal, roadmap_id)
    return gantt.render(roadmap_of(row), row.journey_id)


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
    """The proposal as stored JSON (the typed result, dumped)."""
    try:
        built = proposal.build(found, plan.id, plan.result, assumptions)
    except financials.FinancialInputError as exc:
        raise Invalid(str(exc), field=exc.field) from exc
    return built.model_dump(mode="json")


def proposal_of(row: Proposal) -> proposal.ProposalResult:
    """A stored proposal as the typed result (what pages, exports and the chat read)."""
    try:
        return proposal.ProposalResult.model_validate(row.result)
    except ValidationError:
        raise Conflict(
            "this proposal was computed by an earlier version, before every figure carried "
            f"its source; recompute it (PATCH /api/v1/proposals/{row.id} with its assumptions, "
            "or open its page as a member)",
            extra={"proposal_id": row.id},
        ) from None


def refresh_proposal(session: Session, principal: Principal, proposal_id: str) -> Proposal:
    """Compute the proposal again from its stored inputs (after an upgrade, or new artefacts)."""
    row = get_proposal(session, principal, proposal_id, Role.member)
    inputs = {k: v for k, v in row.inputs.items() if k != "entered"}
    return update_proposal(session, principal, proposal_id, inputs)


def roadmap_of(row: Roadmap) -> roadmap.RoadmapResult:
    """A stored roadmap as the typed result."""
    return roadmap.parse(row.result)


def proposal_facts(row: Proposal) -> list[str]:
    """The headline figures as every page shows them (one rounding, ROI in %), for the chat.

    Each line names whether the figure is final or an estimate resting on defaults nobody
    confirmed, and what is still missing.
    """
    result = proposal_of(row)
    money = result.financials
    lines = [f"status: {STATUS_WORDS[result.status]}"]
    for key in ("cost", "annual_benefit", "roi", "npv", "payback_months"):
        figure = money.figures[key]
        if figure.value is None:
            lines.append(f"{figure.label}: not computed ({figure.message})")
        else:
            mark = " (estimate from defaults)" if figure.is_estimate else ""
            lines.append(f"{figure.label}: {figure.display}{mark}")
    if money.unconfirmed:
        lines.append("assumptions to confirm: " + "; ".join(a.label for a in money.unconfirmed[:5]))
    return lines


STATUS_WORDS = {
    "final": "final figures",
    "estimate": "estimates from defaults",
    "incomplete": "inputs missing",
}


def _with_entered(principal: Principal, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with who entered each changed value and when (unchanged ones keep theirs)."""
    entered = dict(old.get("entered") or {})
    for key, value in new.items():
        if key in ("entered", "confirmed"):
            continue
        if old.get(key) != value:
            entered[key] = _stamp(principal)
    for name, value in (new.get("confirmed") or {}).items():
        if (old.get("confirmed") or {}).get(name) != value or f"confirmed.{name}" not in entered:
            entered[f"confirmed.{name}"] = _stamp(principal)
    return {**new, "entered": entered}


def create_proposal(
    session: Session, principal: Principal, journey_id: str, assumptions: dict[str, Any]
) -> Proposal:
    """A proposal on the journey's latest roadmap (made now if there is none)."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    found = _material(session, principal, journey)
    plan = _latest_roadmap(session, principal, journey)
    assumptions = _with_entered(principal, {}, assumptions)
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
    """New assumptions: the whole proposal is computed again from them.

    Confirmed defaults are kept unless ``assumptions`` says otherwise.
    """
    row = get_proposal(session, principal, proposal_id, Role.member)
    journey = journeys.get_journey(session, principal, row.journey_id, Role.member)
    found = _material(session, principal, journey)
    plan = session.get(Roadmap, row.roadmap_id) if row.roadmap_id else None
    plan = plan or _latest_roadmap(session, principal, journey)
    if "confirmed" not in assumptions and row.inputs.get("confirmed"):
        assumptions = {**assumptions, "confirmed": row.inputs["confirmed"]}
    assumptions = _with_entered(principal, row.inputs, assumptions)
    row.roadmap_id, row.inputs = plan.id, assumptions
    row.result = _proposal_result(found, plan, assumptions)
    row.updated_at = datetime.now(UTC)
    return row


def confirm_assumptions(
    session: Session, principal: Principal, proposal_id: str, values: dict[str, float]
) -> Proposal:
    """Confirm defaults (the same value) or replace them (another value), then recompute.

    ``values`` maps an assumption's name (as the proposal lists it) to the value to use.
    """
    row = get_proposal(session, principal, proposal_id, Role.member)
    known = {a.name: a for a in proposal_of(row).financials.assumptions}
    unknown = [n for n in values if n not in known]
    if unknown:
        raise Invalid(f"this proposal has no assumption {unknown[0]!r}", field="assumptions")
    for name, value in values.items():
        if value != value or value < 0 or (".remaining_share." in name and value > 1):
            raise Invalid(
                f"{known[name].label}: enter a positive number"
                + (" (a share from 0 to 100 %)" if ".remaining_share." in name else ""),
                field=name,
            )
    inputs = {k: v for k, v in row.inputs.items() if k != "entered"}
    inputs["confirmed"] = {**(row.inputs.get("confirmed") or {}), **values}
    return update_proposal(session, principal, proposal_id, inputs)


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
    journey = journeys.journey_by_id(session, row.journey_id)
    title = journey.title if journey else ""
    typed: roadmap.RoadmapResult | None
    if row.subject_type == "roadmap":
        plan = session.get(Roadmap, row.subject_id)
        if plan is None:
            raise NotFound("the roadmap was deleted")
        typed = roadmap_of(plan)
        doc = Doc(
            f"Roadmap: {title}",
            "Phases, milestones and the tasks on the critical path",
            _facts(typed, plan.id),
            roadmap_blocks(typed),
        )
    else:
        prop = session.get(Proposal, row.subject_id)
        if prop is None:
            raise NotFound("the proposal was deleted")
        plan = session.get(Roadmap, prop.roadmap_id) if prop.roadmap_id else None
        typed = roadmap_of(plan) if plan else None
        result = proposal_of(prop)
        doc = Doc(
            result.title,
            "Proof-of-concept proposal"
            + (": estimates from defaults" if result.status == "estimate" else ""),
            _facts(typed, prop.id),
            proposal_blocks(result),
            cover=False,
        )
    if progress:
        progress(0.3)
    doc.gantt_svg = gantt.render(typed, title) if typed is not None and typed.tasks else None
    return doc


def _facts(plan: roadmap.RoadmapResult | None, subject_id: str) -> list[tuple[str, str]]:
    return [
        ("Start", plan.start_date if plan else "—"),
        ("Finish", (plan.finish_date or "—") if plan else "—"),
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


def last_changes(session: Session, journey_ids: list[str]) -> dict[str, datetime]:
    """When each journey's newest outcomes artefact changed (for the journey's "Last change")."""
    return journeys.newest_by_journey(session, journey_ids, Roadmap, Proposal)


journeys.register_change_provider(last_changes)

"""The Operations pillar's behaviour: workflows from documents, text or BPMN; edits;
renderings; SOPs and coexistence blueprints.

Pages, API and agents call these functions. They take the request's session and never commit.
A ``Proposer`` (the configured language model, see ``llm_proposer``) may suggest a graph as
JSON; it is validated exactly like a user's edit before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.content import service as content
from symphainy.core.errors import Conflict, Invalid, NotFound, PayloadTooLarge
from symphainy.core.pagination import Page, paginate
from symphainy.core.runtime import Runtime
from symphainy.journeys import service as journeys
from symphainy.llm import can_draft
from symphainy.llm.base import ProviderError
from symphainy.models.operations import Blueprint, Sop, Workflow
from symphainy.models.workspace import Role
from symphainy.operations import blueprint as blueprints
from symphainy.operations import (
    bpmn,
    diagram,
    edits,
    llm_proposer,
    mermaid,
    sop,
    structure,
)
from symphainy.operations.bpmn_assemble import Imported
from symphainy.operations.graph import GraphError, WorkflowGraph, from_json
from symphainy.operations.schemas import BlueprintCreate, WorkflowCreate, WorkflowUpdate
from symphainy.operations.service_types import Proposer


def _graph_problem(exc: GraphError, prefix: str = "the workflow is not valid") -> Invalid:
    return Invalid(
        f"{prefix}: {'; '.join(exc.problems)}",
        errors=[{"loc": ["body", "graph"], "msg": p, "type": "value_error"} for p in exc.problems],
    )


def graph_of(workflow: Workflow) -> WorkflowGraph:
    return WorkflowGraph.model_validate({k: v for k, v in workflow.graph.items() if k != "notes"})


def notes_of(workflow: Workflow) -> list[str]:
    return list(workflow.graph.get("notes", []))


def _store(graph: WorkflowGraph, notes: list[str]) -> dict[str, Any]:
    return {**graph.public(), "notes": notes}


def _from_file(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    journey_id: str,
    file_id: str,
    title: str | None,
) -> tuple[WorkflowGraph, list[str], str]:
    file = content.get_file(session, principal, file_id)
    if file.journey_id != journey_id:
        raise Invalid("the file belongs to another journey", field="source_file_id")
    if file.kind == "workflow":
        if file.size > bpmn.MAX_BYTES:
            raise PayloadTooLarge(
                f"the BPMN file is {file.size:,} bytes; the limit is {bpmn.MAX_BYTES:,}"
            )
        with runtime.storage.open(file.storage_key) as stream:
            data = stream.read(bpmn.MAX_BYTES + 1)
        imported = _import_bpmn(data, title or file.display_name.rsplit(".", 1)[0])
        return imported.graph, imported.notes, "bpmn"
    if file.kind != "document":
        raise Invalid(
            f"“{file.display_name}” is a {file.kind}; a workflow is read from a "
            "document (an SOP or a process description) or a BPMN file",
            field="source_file_id",
        )
    document = content.get_document(session, principal, file_id)
    # A PDF's tables are read after it is ready; a Responsibilities table may still be waiting.
    tables = content.document_tables(session, runtime, document)
    graph, notes = _extract(document.sections, title or document.title, tables)
    return graph, notes, "file"


def _import_bpmn(data: bytes, title: str | None) -> Imported:
    try:
        return bpmn.import_bpmn(data, title)
    except bpmn.BpmnError as exc:
        raise Invalid(f"the BPMN file cannot be used: {exc}", field="file") from exc
    except GraphError as exc:
        raise _graph_problem(exc, "the BPMN model is not a valid workflow") from exc


def _extract(
    sections: list[dict[str, Any]], title: str, tables: list[list[list[str]]] | None
) -> tuple[WorkflowGraph, list[str]]:
    # The procedure reader parses with spaCy, about a second to import: it is loaded on first
    # use, not at start-up (issue 19).
    from symphainy.operations import extract, reading

    try:
        return extract.extract(sections, title, tables)
    except reading.TooLong as exc:
        raise PayloadTooLarge(str(exc)) from exc
    except extract.ExtractionError as exc:
        raise Invalid(str(exc), field="text") from exc
    except GraphError as exc:
        raise _graph_problem(exc, "the procedure does not describe a valid workflow") from exc


def accept_proposal(
    proposer: Proposer, title: str, sections: list[dict[str, Any]]
) -> tuple[WorkflowGraph, str]:
    """Ask ``proposer`` for a graph and keep it only if it passes every validation rule."""
    proposal = proposer(title, sections)
    try:
        return from_json(proposal.graph), proposal.model
    except GraphError as exc:
        raise _graph_problem(
            exc, f"the workflow proposed by {proposal.model} was rejected and not saved"
        ) from exc


def create_workflow(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    journey_id: str,
    data: WorkflowCreate,
    proposer: Proposer | None = None,
) -> Workflow:
    """A workflow read from a document, pasted text or BPMN file, validated and stored."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    method, model = "deterministic", None
    if data.source_file_id is not None:
        graph, notes, kind = _from_file(
            session, runtime, principal, journey.id, data.source_file_id, data.title
        )
    else:
        from symphainy.operations import reading  # see _extract

        text = data.text or ""
        try:
            sections = reading.sections_from_text(text, data.title or "")
        except reading.TooLong as exc:
            raise PayloadTooLarge(str(exc)) from exc
        title = (
            data.title
            or next((s["title"] for s in sections if s["title"]), "")
            or "Workflow from text"
        )
        kind = "text"
        fallback = proposer is None and can_draft(runtime.settings)
        if fallback:
            proposer = llm_proposer.proposer(runtime.settings)
        if proposer is not None:
            try:
                graph, model = accept_proposal(proposer, title, sections)
                notes, method = [], "llm"
            except (Invalid, ProviderError, llm_proposer.DraftRejected) as exc:
                if not fallback:
                    raise
                graph, notes = _extract(sections, title, None)
                reason = exc.reason if isinstance(exc, ProviderError) else str(exc)
                notes = [
                    f"The language model's proposal was rejected and not saved "
                    f"({reason}); the text was read deterministically.",
                    *notes,
                ]
        else:
            graph, notes = _extract(sections, title, None)
    workflow = Workflow(
        workspace_id=journey.workspace_id,
        journey_id=journey.id,
        title=graph.title,
        source_kind=kind,
        source_file_id=data.source_file_id,
        source_text=data.text,
        graph=_store(graph, notes),
        version=1,
        method=method,
        model=model,
        created_by=principal.user.id,
    )
    session.add(workflow)
    session.flush()
    return workflow


def create_from_bpmn(
    session: Session, principal: Principal, journey_id: str, data: bytes, filename: str
) -> Workflow:
    """A workflow from BPMN bytes uploaded straight to the workflows path."""
    journey = journeys.get_journey(session, principal, journey_id, Role.member)
    imported = _import_bpmn(data, None)
    graph = imported.graph
    if graph.title == "Imported workflow" and filename:
        graph = graph.model_copy(update={"title": filename.rsplit(".", 1)[0][:300]})
    workflow = Workflow(
        workspace_id=journey.workspace_id,
        journey_id=journey.id,
        title=graph.title,
        source_kind="bpmn",
        graph=_store(graph, imported.notes),
        version=1,
        method="bpmn-import",
        created_by=principal.user.id,
    )
    session.add(workflow)
    session.flush()
    return workflow


def get_workflow(
    session: Session, principal: Principal, workflow_id: str, minimum: Role = Role.viewer
) -> Workflow:
    return principal.fetch(session, Workflow, workflow_id, minimum, noun="workflow")


def step_numbers(graph: WorkflowGraph) -> dict[str, int]:
    """The number each step has in the written SOP, so pages number steps the same way."""
    return sop.numbering(graph)


def recent_sops(session: Session, workflow_id: str, limit: int = 5) -> list[Sop]:
    """The newest SOPs written from a workflow (the caller has already loaded the workflow)."""
    query = select(Sop).where(Sop.workflow_id == workflow_id).order_by(Sop.id.desc())
    return list(session.scalars(query.limit(limit)))


def recent_blueprints(session: Session, workflow_id: str, limit: int = 5) -> list[Blueprint]:
    """The newest blueprints of a workflow (the caller has already loaded the workflow)."""
    query = select(Blueprint).where(Blueprint.workflow_id == workflow_id)
    return list(session.scalars(query.order_by(Blueprint.id.desc()).limit(limit)))


def list_workflows(
    session: Session,
    principal: Principal,
    journey_id: str,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Workflow]:
    journey = journeys.get_journey(session, principal, journey_id)
    query = select(Workflow).where(Workflow.journey_id == journey.id)
    return paginate(session, query, Workflow.id, limit=limit, cursor=cursor)


def update_workflow(
    session: Session, principal: Principal, workflow_id: str, data: WorkflowUpdate
) -> Workflow:
    """Apply a full graph or edit operations; 422 naming the problem, 409 on a stale version."""
    workflow = get_workflow(session, principal, workflow_id, Role.member)
    if data.version is not None and data.version != workflow.version:
        raise Conflict(
            f"the workflow changed since you loaded it (now version "
            f"{workflow.version}); reload and apply your edit again"
        )
    # A workflow imported from BPMN follows BPMN's rules (several starts, implicit splits,
    # event paths): an edit is refused only if it breaks a reference, and what looks odd is
    # listed as a warning. Workflows read from text keep the strict workflow rules.
    check = _check_bpmn if workflow.source_kind == "bpmn" else _check_strict
    notes = [n for n in notes_of(workflow) if not n.startswith(WARNING)]
    try:
        if data.graph is not None:
            graph, _ = check({**data.graph, "title": data.graph.get("title", workflow.title)})
        else:
            graph = graph_of(workflow)
        if data.operations:
            graph = edits.apply(graph, data.operations)
        if data.title:
            graph = graph.model_copy(update={"title": data.title.strip()})
        graph, warnings = check(graph.model_dump(mode="json"))
    except GraphError as exc:
        raise _graph_problem(exc) from exc
    workflow.graph = _store(graph, notes + [f"{WARNING}{w}" for w in warnings])
    workflow.title = graph.title
    workflow.version += 1
    session.flush()
    return workflow


WARNING = "Warning: "


def _check_strict(data: dict[str, Any]) -> tuple[WorkflowGraph, list[str]]:
    return from_json(data), []


def _check_bpmn(data: dict[str, Any]) -> tuple[WorkflowGraph, list[str]]:
    payload = {
        k: v for k, v in data.items() if k not in ("actors", "decisions", "handoffs", "systems")
    }
    try:
        graph = WorkflowGraph.model_validate(payload)
    except ValidationError as exc:
        raise GraphError(
            [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:20]]
        ) from exc
    return structure.accept(graph)


def render_svg(workflow: Workflow) -> str:
    return diagram.render(graph_of(workflow))


def render_mermaid(workflow: Workflow) -> str:
    return mermaid.render(graph_of(workflow))


def render_bpmn(workflow: Workflow) -> str:
    return bpmn.export(graph_of(workflow))


def create_sop(session: Session, principal: Principal, workflow_id: str) -> Sop:
    workflow = get_workflow(session, principal, workflow_id, Role.member)
    content_ = sop.build(graph_of(workflow), workflow.version, principal.user.full_name)
    record = Sop(
        workspace_id=workflow.workspace_id,
        workflow_id=workflow.id,
        journey_id=workflow.journey_id,
        workflow_version=workflow.version,
        content=content_,
        markdown=sop.to_markdown(content_),
        method="deterministic",
    )
    session.add(record)
    session.flush()
    return record


def get_sop(session: Session, principal: Principal, sop_id: str) -> Sop:
    return principal.fetch(session, Sop, sop_id, noun="SOP")


def export_sop(record: Sop, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of the SOP as Markdown or DOCX."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in record.content["title"])
    stem = stem.strip("-")[:80] or "sop"
    if fmt == "md":
        return record.markdown.encode(), "text/markdown; charset=utf-8", f"{stem}.md"
    if fmt == "docx":
        return (
            sop.to_docx(record.content),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"{stem}.docx",
        )
    raise Invalid("format must be md or docx", field="format")


def create_blueprint(
    session: Session, principal: Principal, workflow_id: str, data: BlueprintCreate
) -> Blueprint:
    workflow = get_workflow(session, principal, workflow_id, Role.member)
    graph = graph_of(workflow)
    assumptions = data.assumptions()
    unknown = [s for s in assumptions.steps if s not in graph.by_id()]
    if unknown:
        raise Invalid(
            f"overrides name steps this workflow does not have: {', '.join(unknown)}",
            field="overrides",
        )
    bad = [k for k, v in assumptions.remaining_share.items() if not 0 <= v <= 1] + [
        k for k, v in assumptions.minutes_by_category.items() if not 0 <= v <= 100_000
    ]
    if bad:
        raise Invalid(
            f"assumptions out of range: {', '.join(bad)} (shares 0..1, minutes 0..100000)",
            field="assumptions",
        )
    author = blueprints.Author(by=principal.user.email, at=datetime.now(UTC))
    result = blueprints.build(graph, assumptions, author).model_dump(mode="json")
    record = Blueprint(
        workspace_id=workflow.workspace_id,
        workflow_id=workflow.id,
        journey_id=workflow.journey_id,
        workflow_version=workflow.version,
        assumptions=result["assumptions"],
        result=result,
        method=blueprints.METHOD,
    )
    session.add(record)
    session.flush()
    return record


def get_blueprint(session: Session, principal: Principal, blueprint_id: str) -> Blueprint:
    return principal.fetch(session, Blueprint, blueprint_id, noun="blueprint")


def export_blueprint(session: Session, record: Blueprint, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of the blueprint as Markdown or CSV."""
    workflow = session.get(Workflow, record.workflow_id)
    title = workflow.title if workflow is not None else "workflow"
    if fmt == "md":
        return (
            blueprints.to_markdown(record.result, title).encode(),
            "text/markdown; charset=utf-8",
            f"blueprint-{record.id}.md",
        )
    if fmt == "csv":
        return (
            blueprints.to_csv(record.result).encode(),
            "text/csv; charset=utf-8",
            f"blueprint-{record.id}.csv",
        )
    raise Invalid("format must be md or csv", field="format")


def blueprint_svg(session: Session, record: Blueprint) -> str:
    """The workflow diagram coloured by each step's ai_role in this blueprint."""
    workflow = session.get(Workflow, record.workflow_id)
    if workflow is None:
        raise NotFound("the blueprint's workflow no longer exists")
    roles = {row["step_id"]: row["ai_role"] for row in record.result["steps"]}
    return diagram.render(graph_of(workflow), roles)


def latest_for(session: Session, workflow_id: str) -> tuple[Sop | None, Blueprint | None]:
    last_sop = session.scalar(
        select(Sop).where(Sop.workflow_id == workflow_id).order_by(Sop.id.desc()).limit(1)
    )
    last_blueprint = session.scalar(
        select(Blueprint)
        .where(Blueprint.workflow_id == workflow_id)
        .order_by(Blueprint.id.desc())
        .limit(1)
    )
    return last_sop, last_blueprint


def latest_blueprints(session: Session, workflow_ids: Sequence[str]) -> dict[str, Blueprint]:
    """The newest blueprint of each of many workflows in one query, by workflow id."""
    if not workflow_ids:
        return {}
    newest = (
        select(Blueprint.workflow_id, func.max(Blueprint.id).label("id"))
        .where(Blueprint.workflow_id.in_(list(workflow_ids)))
        .group_by(Blueprint.workflow_id)
        .subquery()
    )
    rows = session.scalars(select(Blueprint).join(newest, Blueprint.id == newest.c.id))
    return {row.workflow_id: row for row in rows}


def counts_by_journey(session: Session, journey_ids: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for model, key in ((Workflow, "workflows"), (Sop, "sops"), (Blueprint, "blueprints")):
        rows = session.execute(
            select(model.journey_id, func.count())
            .where(model.journey_id.in_(journey_ids))
            .group_by(model.journey_id)
        )
        for journey_id, count in rows:
            out.setdefault(journey_id, {})[key] = count
    return out


journeys.register_count_provider(counts_by_journey)


def last_changes(session: Session, journey_ids: list[str]) -> dict[str, datetime]:
    """When each journey's newest workflow, SOP or blueprint changed (its "Last change")."""
    return journeys.newest_by_journey(session, journey_ids, Workflow, Sop, Blueprint)


journeys.register_change_provider(last_changes)

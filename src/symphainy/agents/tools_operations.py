"""The Operations liaison's tools: workflows from SOPs, their SOPs and coexistence blueprints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from symphainy.agents.artefacts import resolve_file
from symphainy.agents.tools import (
    NoArgs,
    ToolContext,
    ToolResult,
    link_card,
    registrar,
    table_card,
)
from symphainy.core.errors import NotFound
from symphainy.operations import service
from symphainy.operations.schemas import BlueprintCreate, WorkflowCreate


class CreateWorkflowArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the SOP or process document (name or id)")
    description: str | None = Field(
        None, max_length=20000, description="a process described in words, if no file"
    )
    title: str | None = Field(None, max_length=300)


class WorkflowArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    workflow: str | None = Field(
        None, description="the workflow's title (or id); the latest one if not given"
    )


class BlueprintArgs(WorkflowArgs):
    volume_per_month: float | None = Field(
        None, ge=0, le=10_000_000, description="how many times a month it runs"
    )


def resolve_workflow(ctx: ToolContext, ref: str | None) -> Any:
    """The workflow ``ref`` names (the newest when none), read through the Operations service."""
    workflows = sorted(
        service.list_workflows(ctx.session, ctx.principal, ctx.journey.id, limit=200).items,
        key=lambda w: w.id,
        reverse=True,
    )
    if not workflows:
        raise NotFound(
            "this journey has no workflows yet; ask me to turn an SOP or process document into one"
        )
    if not ref:
        return workflows[0]
    for workflow in workflows:
        if workflow.id == ref:
            return workflow
    best = process.extractOne(
        ref.lower(), {w.id: w.title.lower() for w in workflows}, scorer=fuzz.WRatio
    )
    if best is None or best[1] < 70:
        names = ", ".join(f"“{w.title}”" for w in workflows[:8])
        raise NotFound(f"no workflow called “{ref}” (the journey has {names})")
    return next(w for w in workflows if w.id == best[2])


def _steps(n: int) -> str:
    return f"{n} step{'s' if n != 1 else ''}"


def _steps_table(workflow: Any) -> dict[str, object]:
    graph = service.graph_of(workflow)
    rows = [[s.name, s.actor or "", s.kind, ", ".join(e.to for e in s.next)] for s in graph.steps]
    return table_card(f"Steps of {workflow.title}", ["step", "actor", "kind", "next"], rows)


def _workflow_facts(workflow: Any) -> list[str]:
    graph = service.graph_of(workflow).derive()
    tasks = [s for s in graph.steps if s.kind not in ("start", "end")]
    facts = [f"{len(tasks)} steps, {len(graph.actors)} actors, {len(graph.decisions)} decisions"]
    if graph.actors:
        facts.append("actors: " + ", ".join(a.name for a in graph.actors[:8]))
    facts += [f"decision: {d.question}" for d in graph.decisions[:3]]
    facts += service.notes_of(workflow)[:3]
    return facts


def _links(workflow: Any) -> list[dict[str, object]]:
    return [
        link_card("Diagram", f"/api/v1/workflows/{workflow.id}/diagram.svg", "Open the diagram"),
        link_card("BPMN", f"/api/v1/workflows/{workflow.id}/bpmn", "Download BPMN"),
    ]


def create_workflow(ctx: ToolContext, args: CreateWorkflowArgs) -> ToolResult:
    if args.description:
        data = WorkflowCreate(text=args.description, title=args.title)
    else:
        file = resolve_file(ctx, args.file, kind="document")
        data = WorkflowCreate(source_file_id=file.id, title=args.title)
    workflow = service.create_workflow(
        ctx.session, ctx.runtime, ctx.principal, ctx.journey.id, data
    )
    return ToolResult(
        data={
            "workflow_id": workflow.id,
            "title": workflow.title,
            "file_id": workflow.source_file_id,
        },
        facts=_workflow_facts(workflow),
        cards=[_steps_table(workflow), *_links(workflow)],
        headline=f"I mapped the workflow “{workflow.title}”.",
    )


def list_workflows(ctx: ToolContext, args: NoArgs) -> ToolResult:
    page = service.list_workflows(ctx.session, ctx.principal, ctx.journey.id, limit=100)
    rows = []
    for workflow in page.items:
        sop, blueprint = service.latest_for(ctx.session, workflow.id)
        steps = len([s for s in service.graph_of(workflow).steps if s.kind not in ("start", "end")])
        rows.append([workflow.title, steps, "yes" if sop else "", "yes" if blueprint else ""])
    if not rows:
        return ToolResult(
            headline="This journey has no workflows yet.",
            facts=["ask me to turn an SOP or process document into one"],
        )
    return ToolResult(
        data={"workflows": [{"id": w.id, "title": w.title} for w in page.items]},
        facts=[f"“{r[0]}”: {r[1]} steps" for r in rows],
        cards=[table_card("Workflows", ["workflow", "steps", "SOP", "blueprint"], rows)],
        headline=f"This journey has {len(rows)} workflow{'s' if len(rows) != 1 else ''}.",
    )


def workflow_details(ctx: ToolContext, args: WorkflowArgs) -> ToolResult:
    workflow = resolve_workflow(ctx, args.workflow)
    return ToolResult(
        data={"workflow_id": workflow.id, "title": workflow.title},
        facts=_workflow_facts(workflow),
        cards=[_steps_table(workflow), *_links(workflow)],
        headline=f"The workflow “{workflow.title}” (version {workflow.version}):",
    )


def coexistence_blueprint(ctx: ToolContext, args: BlueprintArgs) -> ToolResult:
    workflow = resolve_workflow(ctx, args.workflow)
    _sop, blueprint = service.latest_for(ctx.session, workflow.id)
    if (
        blueprint is None
        or blueprint.workflow_version != workflow.version
        or args.volume_per_month is not None
    ):
        blueprint = service.create_blueprint(
            ctx.session,
            ctx.principal,
            workflow.id,
            BlueprintCreate(volume_per_month=args.volume_per_month),
        )
    result = blueprint.result
    summary = result["summary"]
    steps = result["steps"]
    facts = [
        f"{_steps(summary['automate'])} AI can automate, {summary['assist']} it can "
        f"assist, {summary['human']} left to people",
        f"{summary['minutes_per_run_before']} minutes per run before, "
        f"{summary['minutes_per_run_after']} after "
        f"({summary['hours_saved_per_run']} hours saved per run)",
    ]
    if summary.get("hours_saved_per_month") is not None:
        facts.append(f"{summary['hours_saved_per_month']} hours saved per month")
    facts += [
        f"automate “{s['name']}”: {s['reason']}" for s in steps if s["ai_role"] == "automate"
    ][:5]
    rows = [
        [s["name"], s.get("actor") or "", s["ai_role"], s["reason"], s["minutes_saved"]]
        for s in steps
    ]
    return ToolResult(
        data={
            "blueprint_id": blueprint.id,
            "workflow_id": workflow.id,
            "file_id": workflow.source_file_id,
            "summary": summary,
        },
        facts=facts,
        headline=f"Coexistence blueprint of “{workflow.title}”:",
        cards=[
            table_card(
                "Who does each step", ["step", "actor", "AI role", "why", "minutes saved"], rows
            )
        ],
    )


def generate_sop(ctx: ToolContext, args: WorkflowArgs) -> ToolResult:
    workflow = resolve_workflow(ctx, args.workflow)
    record = service.create_sop(ctx.session, ctx.principal, workflow.id)
    content = record.content
    facts = [f"purpose: {content['purpose']}", f"{len(content['procedure'])} numbered steps"]
    facts += [str(line) for line in content["procedure"][:5]]
    return ToolResult(
        data={"sop_id": record.id, "workflow_id": workflow.id, "file_id": workflow.source_file_id},
        facts=facts,
        headline=f"I wrote the SOP “{content['title']}”.",
        cards=[
            link_card(
                "SOP (Markdown)", f"/api/v1/sops/{record.id}/export?format=md", "Download the SOP"
            ),
            link_card(
                "SOP (Word)", f"/api/v1/sops/{record.id}/export?format=docx", "Download as DOCX"
            ),
        ],
    )


_tool = registrar("operations")


_tool(
    "create_workflow",
    "Turn an SOP, a process document or a described process into a "
    "workflow: steps, actors, decisions and hand-offs.",
    (
        "turn the onboarding SOP into a workflow",
        "map the process in the claims document",
        "make a workflow from the procedure",
        "convert this sop to a process diagram",
    ),
    CreateWorkflowArgs,
    create_workflow,
    ("workflow", "turn", "convert", "map", "process", "diagram"),
    writes=True,
)
_tool(
    "list_workflows",
    "List the journey's workflows with their SOPs and blueprints.",
    ("which workflows do we have?", "list the processes", "show all workflows"),
    NoArgs,
    list_workflows,
    ("workflows", "processes", "list"),
)
_tool(
    "workflow_details",
    "Show a workflow's steps, actors and decisions, with its diagram.",
    (
        "show me the onboarding workflow",
        "who is involved in the process?",
        "what are the steps of the workflow?",
        "which decisions does the process have?",
    ),
    WorkflowArgs,
    workflow_details,
    ("steps", "actors", "involved", "decisions", "who"),
)
_tool(
    "coexistence_blueprint",
    "Say which workflow steps AI can automate or assist and which stay "
    "with people, with reasons and effort saved.",
    (
        "which steps can AI automate?",
        "where can AI help in this process?",
        "how much time would automation save?",
        "build the coexistence blueprint",
        "what should stay manual?",
    ),
    BlueprintArgs,
    coexistence_blueprint,
    ("automate", "ai", "automation", "blueprint", "manual", "save", "saved"),
)
_tool(
    "generate_sop",
    "Write a standard operating procedure from a workflow.",
    (
        "write an SOP for the workflow",
        "generate the standard operating procedure",
        "turn the workflow back into an SOP document",
    ),
    WorkflowArgs,
    generate_sop,
    ("sop", "procedure", "write", "generate"),
    writes=True,
)

"""The Outcomes liaison's tools: the journey summary, roadmap, proposal and their exports."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from symphainy.agents.tools import (
    NoArgs,
    ToolContext,
    ToolResult,
    link_card,
    registrar,
    status_card,
    table_card,
)
from symphainy.core.errors import NotFound
from symphainy.models.outcomes import Proposal, Roadmap
from symphainy.outcomes import service


class RoadmapArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_date: date | None = Field(None, description="first day of the roadmap (YYYY-MM-DD)")
    horizon_months: int | None = Field(None, ge=1, le=60, description="how many months it spans")


class ExportArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: Literal["proposal", "roadmap"] | None = Field(
        None, description="what to export; the proposal if not said"
    )
    format: Literal["pdf", "docx", "md"] = Field("pdf", description="pdf, docx or md")


def _latest(ctx: ToolContext, kind: str) -> Roadmap | Proposal | None:
    latest = service.latest_roadmap if kind == "roadmap" else service.latest_proposal
    return latest(ctx.session, ctx.principal, ctx.journey.id)


def journey_summary(ctx: ToolContext, args: NoArgs) -> ToolResult:
    result = service.journey_summary(ctx.session, ctx.principal, ctx.journey.id)
    content, insights, operations = result["content"], result["insights"], result["operations"]
    facts = [
        f"content: {len(content['files'])} files, {content['datasets']} datasets",
        f"insights: {insights['findings']} data-quality findings"
        + (
            f", average quality score {insights['average_quality_score']:.0f}"
            if insights["average_quality_score"] is not None
            else ""
        ),
        f"operations: {len(operations['workflows'])} workflows, "
        f"{len(operations['blueprints'])} blueprints"
        + (
            f", {operations['hours_saved_per_month']} hours saved per month"
            if operations["hours_saved_per_month"] is not None
            else ""
        ),
        f"outcomes: {len(result['outcomes']['roadmaps'])} roadmaps, "
        f"{len(result['outcomes']['proposals'])} proposals",
    ]
    facts += [f"next: {step}" for step in result["next_steps"][:3]]
    return ToolResult(
        data=result, facts=facts, headline=f"What each pillar produced for “{result['title']}”:"
    )


def _roadmap_result(row: Roadmap, verb: str) -> ToolResult:
    result = row.result
    phases = result.get("phases", [])
    facts = [
        f"from {result['start_date']} to {result.get('finish_date')}, "
        f"{result['duration_days']} working days, {len(result.get('tasks', []))} tasks"
    ]
    facts += [f"{p['name']}: {p['start']} → {p['finish']}" for p in phases]
    facts += [f"milestone {m['name']} on {m['date']}" for m in result.get("milestones", [])[:4]]
    facts += [str(w) for w in result.get("warnings", [])[:2]]
    return ToolResult(
        data={
            "roadmap_id": row.id,
            "start_date": result["start_date"],
            "finish_date": result.get("finish_date"),
        },
        facts=facts,
        headline=f"{verb} the roadmap, starting {result['start_date']}:",
        cards=[
            table_card(
                "Roadmap phases",
                ["phase", "start", "finish", "effort (days)"],
                [[p["name"], p["start"], p["finish"], p.get("effort_days")] for p in phases],
            ),
            link_card(
                "Gantt chart", f"/api/v1/roadmaps/{row.id}/gantt.svg", "Open the Gantt chart"
            ),
        ],
    )


def draft_roadmap(ctx: ToolContext, args: RoadmapArgs) -> ToolResult:
    row = service.create_roadmap(
        ctx.session,
        ctx.principal,
        ctx.journey.id,
        start_date=args.start_date,
        horizon_months=args.horizon_months,
    )
    return _roadmap_result(row, "I drafted")


def show_roadmap(ctx: ToolContext, args: NoArgs) -> ToolResult:
    row = _latest(ctx, "roadmap")
    if row is None:
        raise NotFound("this journey has no roadmap yet; ask me to draft one")
    return _roadmap_result(service.get_roadmap(ctx.session, ctx.principal, row.id), "Here is")


def _proposal_result(row: Proposal, verb: str) -> ToolResult:
    result = row.result
    money = result["financials"]
    facts = [
        f"objective: {o['text'] if isinstance(o, dict) else o}"
        for o in result.get("objectives", [])[:3]
    ]
    timeline = result["timeline"]
    effort = result.get("effort_days")
    effort_text = (
        str(effort.get("display")) if isinstance(effort, dict) else f"{effort} effort days"
    )
    facts.append(
        f"timeline {timeline.get('start_date')} → {timeline.get('finish_date')}, {effort_text}"
    )
    # The headline figures as every page shows them (one rounding, estimates marked).
    facts += service.proposal_facts(row)
    return ToolResult(
        data={
            "proposal_id": row.id,
            "title": result["title"],
            "figures": {k: f.get("value") for k, f in money["figures"].items()},
        },
        facts=facts,
        headline=f"{verb} the proposal “{result['title']}”:",
        cards=[
            table_card(
                "Financial inputs",
                ["input", "value", "source"],
                [
                    [
                        i.get("label", i["name"]),
                        i.get("value"),
                        (i.get("source") or {}).get("type", ""),
                    ]
                    for i in money["inputs"]
                ],
            ),
            link_card("Proposal", f"/api/v1/proposals/{row.id}", "Open the proposal"),
        ],
    )


def draft_proposal(ctx: ToolContext, args: NoArgs) -> ToolResult:
    row = service.create_proposal(ctx.session, ctx.principal, ctx.journey.id, {})
    return _proposal_result(row, "I drafted")


def show_proposal(ctx: ToolContext, args: NoArgs) -> ToolResult:
    row = _latest(ctx, "proposal")
    if row is None:
        raise NotFound("this journey has no proposal yet; ask me to draft one")
    return _proposal_result(service.get_proposal(ctx.session, ctx.principal, row.id), "Here is")


def export_document(ctx: ToolContext, args: ExportArgs) -> ToolResult:
    subject = args.subject or "proposal"
    row = _latest(ctx, subject)
    if row is None:
        raise NotFound(f"this journey has no {subject} to export yet; ask me to draft one")
    export, ready = service.request_export(ctx.session, ctx.principal, subject, row.id, args.format)
    href = f"/api/v1/exports/{export.id}/download"
    return ToolResult(
        data={"export_id": export.id, "status": export.status, "format": args.format},
        facts=[f"format: {args.format.upper()}", f"status: {export.status}"],
        cards=[
            status_card(
                f"{subject.title()} export",
                export.status,
                "ready to download" if ready else "being rendered",
            ),
            link_card(f"{subject.title()} ({args.format.upper()})", href, "Download"),
        ],
        headline=(
            f"The {subject} is exported as {args.format.upper()}."
            if ready
            else f"The {subject} is being exported as {args.format.upper()}; the download "
            "link works as soon as it is ready."
        ),
    )


_tool = registrar("outcomes")


_tool(
    "journey_summary",
    "Summarise what each pillar produced for this journey.",
    (
        "summarise the journey's results",
        "what have all the pillars produced?",
        "give me the executive summary",
    ),
    NoArgs,
    journey_summary,
    ("summary", "summarise", "produced", "executive", "results"),
)
_tool(
    "draft_roadmap",
    "Draft a phased roadmap with milestones and dependencies from the journey's artefacts.",
    (
        "draft the roadmap starting in March",
        "make a 6 month roadmap",
        "build the implementation plan",
        "create a roadmap from next month",
    ),
    RoadmapArgs,
    draft_roadmap,
    ("roadmap", "draft", "timeline", "milestones", "phases", "starting"),
    writes=True,
)
_tool(
    "show_roadmap",
    "Show the journey's latest roadmap.",
    ("show me the roadmap", "when does the roadmap finish?", "what are the milestones?"),
    NoArgs,
    show_roadmap,
    ("roadmap", "milestones", "finish", "when"),
)
_tool(
    "draft_proposal",
    "Draft the proof-of-concept proposal: objectives, scope, success "
    "criteria, timeline, resources and financials.",
    (
        "draft the proof of concept proposal",
        "write the POC proposal",
        "prepare a business case",
        "create the proposal",
    ),
    NoArgs,
    draft_proposal,
    ("proposal", "poc", "business", "case", "draft"),
    writes=True,
)
_tool(
    "show_proposal",
    "Show the latest proposal with its financials.",
    (
        "show me the proposal",
        "what is the ROI?",
        "what's the payback period?",
        "how much will the pilot cost?",
    ),
    NoArgs,
    show_proposal,
    ("roi", "payback", "cost", "npv", "financials"),
)
_tool(
    "export_document",
    "Export the proposal or the roadmap as PDF, DOCX or Markdown.",
    (
        "export the proposal as PDF",
        "download the roadmap in word",
        "give me a markdown version of the proposal",
    ),
    ExportArgs,
    export_document,
    ("export", "pdf", "docx", "word", "markdown", "download", "send"),
)

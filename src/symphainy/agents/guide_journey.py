"""The Guide's questions over the whole journey: which dataset is worst, what was found so far.

Both call the pillars' services over every file and artefact of the journey; every figure
in the reply is one of the quality results or counts they return.
"""

from __future__ import annotations

from typing import Any

from symphainy.agents.artefacts import journey_files
from symphainy.agents.guide import read_state
from symphainy.agents.tools import NoArgs, Tool, ToolContext, ToolResult, register, table_card
from symphainy.core.errors import AppError
from symphainy.insights import service as insights
from symphainy.operations import service as operations

SEVERITIES = ("critical", "warning", "info")


def _quality_of(ctx: ToolContext) -> tuple[list[dict[str, Any]], list[str]]:
    """Each ready dataset's quality result, worst first, and the datasets still being analysed."""
    scored: list[dict[str, Any]] = []
    waiting: list[str] = []
    for file in journey_files(ctx):
        if file.kind != "dataset" or file.status != "ready":
            continue
        try:
            row = insights.dataset_analysis(
                ctx.session, ctx.runtime, ctx.principal, file.id, "quality"
            )
        except AppError:
            waiting.append(file.display_name)
            continue
        if row.status != "ready":
            waiting.append(file.display_name)
            continue
        counts = row.result.get("counts", {})
        findings = row.result.get("findings") or []
        scored.append(
            {
                "file_id": file.id,
                "name": file.display_name,
                "score": row.result["score"],
                "counts": {s: int(counts.get(s, 0)) for s in SEVERITIES},
                "findings": len(findings),
                "top_finding": findings[0]["message"] if findings else None,
            }
        )
    scored.sort(key=lambda d: (d["score"], -d["counts"]["critical"], -d["findings"]))
    return scored, waiting


def _counts(d: dict[str, Any]) -> str:
    return ", ".join(f"{d['counts'][s]} {s}" for s in SEVERITIES)


def compare_quality(ctx: ToolContext, args: NoArgs) -> ToolResult:
    scored, waiting = _quality_of(ctx)
    data: dict[str, Any] = {"datasets": scored, "still_analysing": waiting}
    if not scored:
        text = (
            "no dataset has a quality result yet"
            + (f" ({', '.join(waiting)} still being analysed)" if waiting else "")
            + "; upload a CSV or spreadsheet first" * (not waiting)
        )
        return ToolResult(data=data, headline=text[:1].upper() + text[1:] + ".")
    worst = scored[0]
    facts = [
        f"{d['name']}: score {d['score']} out of 100 ({_counts(d)})"
        + (f"; top finding: {d['top_finding']}" if d["top_finding"] else "")
        for d in scored
    ]
    if waiting:
        facts.append("still being analysed: " + ", ".join(waiting))
    headline = (
        f"“{worst['name']}” has the worst data quality of the journey's {len(scored)} "
        f"dataset{'s' if len(scored) != 1 else ''}: score {worst['score']} out of 100 "
        f"({_counts(worst)})."
        if len(scored) > 1
        else f"“{worst['name']}” is the only dataset: score {worst['score']} out of 100."
    )
    return ToolResult(
        data=data,
        facts=facts,
        headline=headline,
        cards=[
            table_card(
                "Data quality by dataset (worst first)",
                ["dataset", "score", *SEVERITIES],
                [[d["name"], d["score"], *(d["counts"][s] for s in SEVERITIES)] for d in scored],
            )
        ],
    )


def journey_findings(ctx: ToolContext, args: NoArgs) -> ToolResult:
    state = read_state(ctx)
    scored, waiting = _quality_of(ctx)
    facts = [
        f"{d['name']}: quality score {d['score']} out of 100 ({_counts(d)})"
        + (f"; top finding: {d['top_finding']}" if d["top_finding"] else "")
        for d in scored
    ]
    workflows = []
    for w in state.workflows:
        steps = len(operations.graph_of(w).steps)
        blueprint = "with a blueprint" if w.id in state.blueprinted else "no blueprint yet"
        workflows.append({"title": w.title, "steps": steps, "blueprint": w.id in state.blueprinted})
        facts.append(f"workflow “{w.title}”: {steps} steps, {blueprint}")
    untouched = [f.display_name for f in state.documents if f.id not in state.workflow_sources]
    if untouched:
        facts.append("documents not yet turned into workflows: " + ", ".join(untouched))
    if waiting:
        facts.append("still being analysed: " + ", ".join(waiting))
    facts.append(f"{state.roadmaps} roadmap(s), {state.proposals} proposal(s)")
    headline = (
        f"So far: {len(scored)} dataset{'s' if len(scored) != 1 else ''} with a quality review"
        f", {len(state.workflows)} workflow{'s' if len(state.workflows) != 1 else ''}"
        f", {len(state.files)} file{'s' if len(state.files) != 1 else ''} in all."
    )
    return ToolResult(
        data={
            "datasets": scored,
            "workflows": workflows,
            "documents_without_workflow": untouched,
            "files": len(state.files),
            "roadmaps": state.roadmaps,
            "proposals": state.proposals,
        },
        facts=facts,
        headline=headline,
    )


for _name, _description, _examples, _run, _keywords in (
    (
        "compare_quality",
        "Compare the data quality of every dataset in the journey and say which is worst.",
        (
            "which of my datasets has the worst data quality?",
            "which file has the most problems?",
            "rank the datasets by quality",
        ),
        compare_quality,
        ("worst", "rank", "compare"),
    ),
    (
        "journey_findings",
        "Say what the journey has found so far: each dataset's quality, the workflows, the "
        "documents still to use, the roadmap and proposal.",
        (
            "what have we found so far?",
            "give me an overview of the findings",
            "what do we know so far",
        ),
        journey_findings,
        ("found", "findings", "learned", "far"),
    ),
):
    register(
        Tool(
            name=_name,
            agent="guide",
            description=_description,
            examples=_examples,
            args=NoArgs,
            run=_run,
            keywords=_keywords,
        )
    )

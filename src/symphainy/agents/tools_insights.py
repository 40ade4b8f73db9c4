"""The Insights liaison's tools: quality, missing values, profile, questions, charts, reviews."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from symphainy.agents import naming
from symphainy.agents.artefacts import file_refs, resolve_file
from symphainy.agents.slots import match_columns
from symphainy.agents.tools import (
    ToolContext,
    ToolResult,
    registrar,
    table_card,
)
from symphainy.content import service as content
from symphainy.core.errors import Conflict
from symphainy.insights import service
from symphainy.models.content import File


class DatasetArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the dataset file's name (or id)")


class ColumnArgs(DatasetArgs):
    column: str | None = Field(None, description="one column to look at, if the user named one")


class AskArgs(DatasetArgs):
    question: str = Field(
        min_length=1,
        max_length=1000,
        description="the user's question about the data, in their words",
    )


class DocumentArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the document's name (or id)")


class SummaryArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the file's name (or id)")


class MappingArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_file: str | None = Field(None, description="the dataset whose fields are mapped")
    target_file: str | None = Field(None, description="the dataset they are mapped onto")


def _dataset_file(ctx: ToolContext, ref: str | None, text: str = "") -> File:
    """The dataset meant: named, the only one, or the one whose columns the text names."""
    if ref is None and text:
        datasets = [r for r in file_refs(ctx) if r.kind == "dataset" and r.status == "ready"]
        scored = [(len(match_columns(text, list(r.columns))), r) for r in datasets]
        scored = [(n, r) for n, r in scored if n]
        if len(datasets) > 1 and scored:
            best = max(scored, key=lambda pair: pair[0])[1]
            return resolve_file(ctx, best.id, kind="dataset")
    return resolve_file(ctx, ref, kind="dataset")


def _ready(row: Any, file: File) -> dict[str, Any]:
    if row.status != "ready":
        raise Conflict(
            f"“{file.display_name}” is still being analysed "
            f"({round(row.progress * 100)}%); ask again in a moment"
        )
    return dict(row.result)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def data_quality(ctx: ToolContext, args: DatasetArgs) -> ToolResult:
    file = _dataset_file(ctx, args.file)
    result = _ready(
        service.dataset_analysis(ctx.session, ctx.runtime, ctx.principal, file.id, "quality"), file
    )
    findings = result["findings"]
    counts = result.get("counts", {})
    facts = [
        f"quality score {result['score']} out of 100",
        ", ".join(f"{counts.get(s, 0)} {s}" for s in ("critical", "warning", "info")),
    ]
    facts += [f"{f['severity']}: {f['message']} → {f['suggestion']}" for f in findings[:5]]
    rows = [
        [f["severity"], f.get("column") or "(all)", f["check"], f["count"], f["suggestion"]]
        for f in findings
    ]
    headline = (
        f"“{file.display_name}” has {len(findings)} data-quality finding"
        f"{'s' if len(findings) != 1 else ''}."
        if findings
        else f"“{file.display_name}” passed every data-quality check."
    )
    return ToolResult(
        data={
            "file_id": file.id,
            "score": result["score"],
            "counts": counts,
            "findings": findings[:20],
        },
        facts=facts,
        headline=headline,
        cards=[
            table_card(
                f"Quality of {file.display_name}",
                ["severity", "column", "check", "count", "fix"],
                rows,
            )
        ],
    )


def _profile(ctx: ToolContext, file: File) -> dict[str, Any]:
    return _ready(
        service.dataset_analysis(ctx.session, ctx.runtime, ctx.principal, file.id, "profile"), file
    )


def missing_values(ctx: ToolContext, args: ColumnArgs) -> ToolResult:
    file = _dataset_file(ctx, args.file, args.column or "")
    prof = _profile(ctx, file)
    columns = [c for c in prof["columns"] if args.column is None or c["name"] == args.column]
    missing = sorted((c for c in columns if c["nulls"]), key=lambda c: -c["nulls"])
    facts = [
        f"{c['name']}: {c['nulls']:,} missing of {prof['rows']:,} ({_pct(c['null_share'])})"
        for c in missing
    ]
    if missing:
        headline = (
            f"{len(missing)} column{'s' if len(missing) != 1 else ''} of "
            f"“{file.display_name}” {'have' if len(missing) != 1 else 'has'} missing "
            "values:"
        )
    else:
        scope = f"“{args.column}”" if args.column else "any column"
        headline = f"No missing values in {scope} of “{file.display_name}” ({prof['rows']:,} rows)."
    return ToolResult(
        data={
            "file_id": file.id,
            "rows": prof["rows"],
            "missing": {c["name"]: c["nulls"] for c in missing},
        },
        facts=facts,
        headline=headline,
        cards=[
            table_card(
                "Missing values",
                ["column", "missing", "share"],
                [[c["name"], c["nulls"], _pct(c["null_share"])] for c in missing],
            )
        ]
        if missing
        else [],
    )


def profile_dataset(ctx: ToolContext, args: ColumnArgs) -> ToolResult:
    file = _dataset_file(ctx, args.file, args.column or "")
    prof = _profile(ctx, file)
    columns = [c for c in prof["columns"] if args.column is None or c["name"] == args.column]
    rows = [
        [
            c["name"],
            c["type"],
            c["nulls"],
            c["distinct"],
            c.get("min"),
            c.get("max"),
            round(c["mean"], 2) if isinstance(c.get("mean"), int | float) else None,
        ]
        for c in columns
    ]
    facts = [
        f"{prof['rows']:,} rows, {prof['column_count']} columns, "
        f"{prof['duplicate_rows']:,} duplicate rows"
    ]
    for c in columns[:8]:
        detail = f"{c['name']} ({c['type']}): {c['distinct']:,} distinct"
        if c.get("mean") is not None:
            detail += f", mean {c['mean']:.2f}, min {c.get('min')}, max {c.get('max')}"
        facts.append(detail)
    return ToolResult(
        data={"file_id": file.id, "rows": prof["rows"], "columns": len(prof["columns"])},
        facts=facts,
        headline=f"The profile of “{file.display_name}”:",
        cards=[
            table_card(
                f"Profile of {file.display_name}",
                ["column", "type", "missing", "distinct", "min", "max", "mean"],
                rows,
            )
        ],
    )


def spell_columns(question: str, columns: list[str]) -> str:
    """The question with misspelt column names corrected ("regoin" -> "region")."""
    names = {c.lower(): c for c in columns}
    words = {w for c in columns for w in c.lower().replace("_", " ").split()}

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(lowered) < 4 or lowered in names or lowered in words:
            return word
        if naming.singular(lowered) in words - set(names):
            # "deaths" is a plural, not a typo of ``death_date``'s first word: "death" would
            # be read as a value ("Death") and filter the rows. A plural of a whole column
            # name ("varieties" for ``variety``) is still put as that column.
            return word
        best = process.extractOne(
            lowered, sorted(words | set(names)), scorer=fuzz.ratio, score_cutoff=80
        )
        return str(best[0]) if best else word

    return re.sub(r"[A-Za-z_]+", fix, question)


def ask_data(ctx: ToolContext, args: AskArgs) -> ToolResult:
    file = _dataset_file(ctx, args.file, args.question)
    columns = [c["name"] for d in content.datasets_of(ctx.session, file) for c in d.columns]
    question = spell_columns(args.question, columns)
    result = service.ask(ctx.session, ctx.runtime, ctx.principal, file.id, question)
    evidence = result.get("evidence") or {}
    cards = []
    facts = []
    if evidence:
        cards.append(
            table_card(
                f"From {file.display_name}",
                list(evidence["columns"]),
                evidence["rows"][:50],
                total=len(evidence["rows"]),
            )
        )
        facts.append(f"computed with: {evidence['sql']}")
    elif choices := (result.get("clarification") or {}).get("choices"):
        # The parser asked back: its own readings of this question are the buttons, each
        # sending that reading as the next message (not generic examples).
        cards.append(
            {
                "type": "choices",
                "title": str(result["answer"]),
                "choices": [
                    {"label": str(c["question"]), "message": str(c["question"])} for c in choices
                ],
            }
        )
        facts += [f"did you mean: {c['question']} ({c['interpretation']})" for c in choices]
    elif result.get("examples"):
        facts += [f"try: {e}" for e in result["examples"][:4]]
    if question != args.question:
        facts.append(f"read the question as: {question}")
    return ToolResult(
        data={"file_id": file.id, "question": question, **result},
        facts=facts,
        headline=str(result["answer"]),
        cards=cards,
    )


def summarize_file(ctx: ToolContext, args: SummaryArgs) -> ToolResult:
    file = resolve_file(ctx, args.file)
    result = service.file_summary(ctx.session, ctx.runtime, ctx.principal, file.id)
    if result.get("kind") == "document":
        facts = [str(p["text"]) for p in result.get("key_points", [])[:5]]
        headline = str(result.get("overview", ""))
    else:
        facts = [str(s["text"]) for s in result.get("sentences", [])]
        headline = f"Summary of “{file.display_name}”:"
    return ToolResult(data={"file_id": file.id, **result}, facts=facts, headline=headline)


def suggest_charts(ctx: ToolContext, args: DatasetArgs) -> ToolResult:
    file = _dataset_file(ctx, args.file)
    row, _dataset = service.chart_list(ctx.session, ctx.runtime, ctx.principal, file.id)
    charts = row.result["charts"]
    cards = [
        {
            "type": "chart",
            "title": c["title"],
            "kind": c["kind"],
            "href": f"/api/v1/files/{file.id}/charts/{n}.svg",
        }
        for n, c in enumerate(charts)
    ]
    return ToolResult(
        data={
            "file_id": file.id,
            "charts": [
                {"title": c["title"], "kind": c["kind"], "columns": c["columns"]} for c in charts
            ],
        },
        facts=[f"{c['title']} ({c['kind']})" for c in charts],
        cards=cards,
        headline=f"{len(charts)} chart{'s' if len(charts) != 1 else ''} suit "
        f"“{file.display_name}”:",
    )


def review_document(ctx: ToolContext, args: DocumentArgs) -> ToolResult:
    file = resolve_file(ctx, args.file, kind="document")
    result = service.review(ctx.session, ctx.principal, file.id)
    counts = result["counts"]
    facts = [
        f"{counts['lessons']} lessons, {counts['risks']} risks, "
        f"{counts['recommendations']} recommendations, {counts['events']} dated events"
    ]
    for kind in ("risks", "recommendations", "lessons"):
        facts += [f"{kind[:-1]}: {item['text']}" for item in result[kind][:2]]
    rows = [
        [kind[:-1], item["text"]]
        for kind in ("lessons", "risks", "recommendations")
        for item in result[kind]
    ]
    return ToolResult(
        data={"file_id": file.id, "counts": counts},
        facts=facts,
        headline=f"After-action review of “{file.display_name}”:",
        cards=[table_card("Review", ["kind", "text"], rows)] if rows else [],
    )


def map_fields(ctx: ToolContext, args: MappingArgs) -> ToolResult:
    source = resolve_file(ctx, args.source_file, kind="dataset")
    target = resolve_file(ctx, args.target_file, kind="dataset")
    if source.id == target.id:
        raise Conflict(
            "name two different datasets to map, e.g. “map customers.csv onto crm_export.csv”"
        )
    result = service.map_fields(ctx.session, ctx.runtime, ctx.principal, source.id, target.id)
    mappings = result["mappings"]
    rows = [[m["source"], m["target"], m.get("confidence")] for m in mappings]
    facts = [
        f"{m['source']} → {m['target']} (confidence {m.get('confidence')})" for m in mappings[:8]
    ]
    if result["unmapped_source"]:
        facts.append("not mapped: " + ", ".join(result["unmapped_source"][:8]))
    return ToolResult(
        data={
            "mappings": mappings,
            "unmapped_source": result["unmapped_source"],
            "file_id": source.id,
            "target_file_id": target.id,
        },
        facts=facts,
        cards=[table_card("Field mapping", ["source", "target", "confidence"], rows)],
        headline=f"{len(mappings)} field{'s' if len(mappings) != 1 else ''} of "
        f"“{source.display_name}” map onto “{target.display_name}”:",
    )


_tool = registrar("insights")


_tool(
    "data_quality",
    "Review a dataset's data quality: findings with severity, a score and suggested fixes.",
    (
        "what's wrong with the sales data?",
        "check the data quality of orders.csv",
        "are there problems in the customer file?",
        "run a quality review",
        "how clean is this dataset?",
    ),
    DatasetArgs,
    data_quality,
    ("quality", "wrong", "problems", "issues", "clean", "errors"),
)
_tool(
    "missing_values",
    "Say which columns have missing (empty) values and how many.",
    (
        "which columns have missing values?",
        "are there blanks in the email column?",
        "how many nulls are in the data?",
        "what data is missing in orders.csv?",
    ),
    ColumnArgs,
    missing_values,
    ("missing", "nulls", "null", "blank", "blanks", "empty"),
)
_tool(
    "profile_dataset",
    "Profile a dataset: per column its type, distinct values, min, max, mean.",
    (
        "profile the sales data",
        "give me the statistics of each column",
        "describe the columns of orders.csv",
        "what's the range of the amount column?",
    ),
    ColumnArgs,
    profile_dataset,
    ("profile", "statistics", "stats", "range", "distribution"),
)
_tool(
    "ask_data",
    "Answer a question about a dataset's numbers (totals, averages, counts, by "
    "group), with the query and rows it rests on.",
    (
        "average order value by region",
        "what is the total amount for the north region?",
        "how many orders were placed in january?",
        "which region has the highest sales?",
        "top 5 customers by revenue",
        "sum of amount per month",
    ),
    AskArgs,
    ask_data,
    (
        "average",
        "total",
        "sum",
        "count",
        "many",
        "highest",
        "lowest",
        "per",
        "by",
        "max",
        "min",
        "mean",
    ),
)
_tool(
    "summarize_file",
    "Summarise a dataset or document in plain language with the facts it rests on.",
    (
        "summarise the sales data",
        "give me a summary of the policy document",
        "what's the gist of the report?",
        "sum up orders.csv",
    ),
    SummaryArgs,
    summarize_file,
    ("summary", "summarise", "summarize", "gist", "overview"),
)
_tool(
    "suggest_charts",
    "Chart a dataset: the charts that suit its columns.",
    (
        "chart the sales data",
        "show me some graphs of orders.csv",
        "visualise the dataset",
        "plot the amounts",
    ),
    DatasetArgs,
    suggest_charts,
    ("chart", "charts", "graph", "graphs", "plot", "visualise", "visualize"),
)
_tool(
    "review_document",
    "After-action review of a report: lessons, risks, recommendations and "
    "timeline, each citing its passage.",
    (
        "review the project report",
        "what are the lessons learned in the retrospective?",
        "what risks does the report mention?",
        "after-action review of the incident report",
    ),
    DocumentArgs,
    review_document,
    ("review", "lessons", "risks", "retrospective", "recommendations"),
)
_tool(
    "map_fields",
    "Map the fields of one dataset onto another's, with confidence.",
    (
        "map customers.csv onto the crm export",
        "match the columns of the two files",
        "which fields of the old system correspond to the new one?",
    ),
    MappingArgs,
    map_fields,
    ("map", "mapping", "match", "correspond", "fields"),
)

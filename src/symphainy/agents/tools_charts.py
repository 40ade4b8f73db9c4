"""The chart a user asks for: "chart of body mass by species" draws exactly that.

The question goes to Insights' own parser (``insights.service.ask``, the same as ``/ask``), and
the rows it computed become a Vega-Lite chart, rendered to SVG by Insights' renderer and shown
in the reply. A question about one column's spread ("histogram of weight") gets Insights'
histogram of that column; a single figure is said as a figure, since there is nothing to draw.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from symphainy.agents.artefacts import file_refs, resolve_file
from symphainy.agents.followup import aggregate_of
from symphainy.agents.naming import column_hits
from symphainy.agents.slots import match_columns
from symphainy.agents.tools import Tool, ToolContext, ToolResult, register, table_card
from symphainy.core.errors import AppError
from symphainy.insights import service as insights

WIDTH, HEIGHT = 560, 280
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
_ASKING_FOR_A_CHART = re.compile(
    r"^\W*(please\s+|can you\s+|could you\s+)*(give me|show me|make( me)?|draw( me)?|create|"
    r"plot|chart|graph|visuali[sz]e|i want|i'd like)?\s*(me\s+)?(a|an|the)?\s*"
    r"(bar|line|pie|simple|scatter)?\s*(chart|graph|plot|visuali[sz]ation|diagram)?\s*"
    r"(of|for|showing)?\s+",
    re.I,
)
_OVER_TIME = re.compile(
    r"\b(by|per|each|over) (month|year|week|day|quarter|time)\b|\b(monthly|over time)\b", re.I
)
_SPREAD = re.compile(r"\b(histogram|distribution|spread)\b", re.I)
_PAIR = re.compile(r"\b(vs\.?|versus|against|scatter\w*)\b", re.I)
AGG_TITLES = {
    "avg": "average",
    "sum": "total",
    "count": "number of rows",
    "max": "maximum",
    "min": "minimum",
    "median": "median",
}


class ChartArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the dataset file's name (or id)")
    question: str = Field(
        min_length=1,
        max_length=1000,
        description="what to chart, in the user's words, e.g. 'average body mass by species'",
    )


def answer_spec(result: dict[str, Any]) -> dict[str, Any] | None:
    """A Vega-Lite spec of a grouped answer's rows (bars; a line over dates), or None."""
    evidence = result.get("evidence") or {}
    interpretation = result.get("interpretation") or {}
    group = interpretation.get("group_by")
    columns = list(evidence.get("columns") or [])
    rows = evidence.get("rows") or []
    if not (result.get("answered") and group and len(columns) >= 2 and rows):
        return None
    data = [
        {"group": " / ".join(str(v) for v in r[:-1]), "value": r[-1]}  # "by X and Y": both keys
        for r in rows
        if isinstance(r[-1], int | float) and not isinstance(r[-1], bool)
    ]
    if not data:
        return None
    agg = interpretation.get("aggregate") or "count"
    measure = interpretation.get("measure")
    y_title = AGG_TITLES.get(agg, agg) + (f" {measure}" if measure and agg != "count" else "")
    dated = all(_DATE.match(str(d["group"])) for d in data)
    x: dict[str, Any] = {"field": "group", "title": group}
    if dated:
        x.update(type="temporal")
        mark: dict[str, Any] = {"type": "line", "point": True, "tooltip": True}
    else:
        x.update(type="nominal", sort="-y")
        mark = {"type": "bar", "tooltip": True}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": f"{y_title} by {group}",
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "mark": mark,
        "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": y_title}},
        "config": {"mark": {"color": "#4f46e5"}, "view": {"stroke": None}},
    }


def render(spec: dict[str, Any]) -> str:
    """SVG of ``spec`` through Insights' one renderer (offline vl-convert, one at a time)."""
    return insights.render_chart(spec)


def _svg_card(title: str, spec: dict[str, Any], svg: str) -> dict[str, Any]:
    encoded = base64.b64encode(svg.encode()).decode()
    return {
        "type": "chart",
        "title": title,
        "kind": spec["mark"]["type"] if isinstance(spec.get("mark"), dict) else "chart",
        "src": f"data:image/svg+xml;base64,{encoded}",
        "spec": spec,
    }


def _insights_chart(
    ctx: ToolContext, file_id: str, name: str, question: str, kind: str
) -> ToolResult | None:
    """One of Insights' own charts over the column the request names: the histogram of
    "distribution of X", the series of "X by month"."""
    refs = {r.id: r for r in file_refs(ctx)}
    columns = sorted(column_hits(question, list(refs[file_id].columns))) if file_id in refs else []
    if kind != "scatter":
        columns = named_whole(question, columns)
    if kind == "scatter":
        # x is the column named first: "bill length vs bill depth"
        named = match_columns(question, list(refs[file_id].columns)) if file_id in refs else []
        if len(named) == 2:
            columns = named
        else:
            columns.sort(key=lambda c: _position(question.lower(), c))
        if len(columns) != 2:
            return None
        params = {"kind": kind, "x": columns[0], "y": columns[1]}
    elif len(columns) != 1:
        return None
    elif kind == "histogram":
        params = {"kind": kind, "x": columns[0]}
    else:
        params = {"kind": kind, "y": columns[0]}
    try:
        row, _dataset = insights.chart_list(
            ctx.session, ctx.runtime, ctx.principal, file_id, **params
        )
        svg = insights.chart_svg(ctx.session, ctx.runtime, ctx.principal, file_id, 0, **params)
    except AppError:
        return None
    chart = row.result["charts"][0]
    return ToolResult(
        data={"file_id": file_id, "question": question, "chart": chart["title"], "answered": True},
        headline=f"{chart['title']} in “{name}”:",
        cards=[_svg_card(chart["title"], chart["spec"], svg)],
    )


def named_whole(question: str, columns: list[str]) -> list[str]:
    """Of several columns a request's words hit, the one it names whole ("nonfarm employment
    over time": ``nonfarm``, not ``nonfarm_change``, named by one of its words)."""
    if len(columns) > 1 and len(exact := match_columns(question, columns)) == 1:
        return exact
    return columns


def _position(text: str, column: str) -> int:
    words = [w for w in re.findall(r"[a-z]+", column.lower().replace("_", " ")) if len(w) > 2]
    found = [text.find(w) for w in words if text.find(w) >= 0]
    return min(found) if found else len(text)


def what_to_chart(request: str) -> str:
    """The question a chart request asks: "give me a chart of mass by species" ->
    "mass by species" (the chart words are the form, not the data)."""
    text = _ASKING_FOR_A_CHART.sub("", request, count=1)
    text = re.sub(r"\b(as|in) an? (bar |line )?(chart|graph|plot)\b|\bplease\b", " ", text)
    text = " ".join(text.split()) or request
    if re.search(r"\b(by|per|over)\b", text) and aggregate_of(text) is None:
        text = f"average {text}"  # "mass by species": a measure drawn per group is its average
    return text


def chart_data(ctx: ToolContext, args: ChartArgs) -> ToolResult:
    file = resolve_file(ctx, args.file, kind="dataset")
    args = args.model_copy(update={"question": what_to_chart(args.question)})
    if _SPREAD.search(args.question):
        spread = _insights_chart(ctx, file.id, file.display_name, args.question, "histogram")
        if spread is not None:
            return spread
    if _PAIR.search(args.question):
        pair = _insights_chart(ctx, file.id, file.display_name, args.question, "scatter")
        if pair is not None:
            return pair
    result = insights.ask(ctx.session, ctx.runtime, ctx.principal, file.id, args.question)
    data = {
        "file_id": file.id,
        "question": args.question,
        "answered": result.get("answered"),
        "interpretation": result.get("interpretation"),
        "evidence": result.get("evidence"),
        "method": result.get("method"),
    }
    evidence = result.get("evidence") or {}
    facts = [f"computed with: {evidence['sql']}"] if evidence.get("sql") else []
    spec = answer_spec(result)
    if spec is None and not result.get("answered") and _OVER_TIME.search(args.question):
        series = _insights_chart(ctx, file.id, file.display_name, args.question, "timeseries")
        if series is not None:
            return series
    if spec is None:
        if result.get("answered"):
            facts.insert(
                0, "this is a single figure, so there is nothing to draw; ask “… by <column>”"
            )
        return ToolResult(data=data, facts=facts, headline=str(result["answer"]))
    svg = render(spec)
    cards = [
        _svg_card(str(spec["title"]), spec, svg),
        table_card(
            f"From {file.display_name}",
            list(evidence["columns"]),
            evidence["rows"][:50],
            total=len(evidence["rows"]),
        ),
    ]
    return ToolResult(
        data=data,
        facts=facts,
        cards=cards,
        headline=f"Chart of the {spec['title']} in “{file.display_name}”. {result['answer']}",
    )


register(
    Tool(
        name="chart_data",
        agent="insights",
        description="Draw the chart a user asks for (X by Y, over time, a distribution) from "
        "the dataset's own numbers.",
        examples=(
            "chart of amount by region",
            "plot average price by category",
            "bar chart of orders per month",
            "histogram of the amount column",
            "show that as a chart",
        ),
        args=ChartArgs,
        run=chart_data,
        keywords=("chart", "plot", "graph", "histogram", "visualise", "visualize", "draw"),
    )
)

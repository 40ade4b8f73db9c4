"""A Gantt chart of a scheduled roadmap: a Vega-Lite spec rendered to SVG by ``core.charts``.

It goes through the same chart library as the Insights charts (Vega-Lite, rendered offline by
vl-convert), so fonts, colours and the SVG's properties (no ``style`` attributes: it renders
under a strict CSP, in WeasyPrint and as a plain image) are the same everywhere.

Rows are grouped by phase: a light bar for the phase's span, then its tasks, then its
milestone. Tasks on the critical path keep their phase colour and get a dark outline and a
``▸`` before their name (being on the critical path is not an alarm: it means no slack);
milestones are diamonds at the end of their day with the date beside them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from symphainy.core.charts import vegalite_svg
from symphainy.outcomes.roadmap import RoadmapResult

CHART_W = 640
ROW_H = 22
PHASE_COLOURS = {
    "data_foundation": "#3b6fd8",
    "quick_wins": "#1c8a6b",
    "pilot": "#7a55c7",
    "scale": "#b7791f",
}
INK, MUTED = "#18202e", "#6b7587"
FONT = "Helvetica, Arial, sans-serif"


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _after(day: str) -> str:
    """The start of the day after ``day``: a bar or milestone covers the whole of its day."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def rows(plan: RoadmapResult) -> list[dict[str, Any]]:
    """One record per chart row (phase, task or milestone), in reading order."""
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    critical = set(plan.critical_path)

    def add(kind: str, name: str, phase: str, **fields: Any) -> None:
        label = _short(name)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # the axis needs distinct labels; a repeated name is numbered
            label = f"{label} ({seen[label]})"
        out.append(
            {"row": len(out), "label": label, "kind": kind, "phase": phase, "name": name, **fields}
        )

    for phase in plan.phases:
        add("phase", phase.name, phase.key, start=phase.start, end=_after(phase.finish))
        for task in (t for t in plan.tasks if t.phase == phase.key):
            on_path = task.id in critical
            add(
                "task",
                ("▸ " if on_path else "") + task.name,
                phase.key,
                start=task.start,
                end=_after(task.finish),
                finish=task.finish,
                days=task.duration_days,
                critical="on the critical path" if on_path else "has slack",
            )
        for milestone in (m for m in plan.milestones if m.phase == phase.key):
            add(
                "milestone",
                "◆ " + milestone.name,
                phase.key,
                at=_after(milestone.date),
                date=milestone.date,
            )
    return out


def spec(plan: RoadmapResult, title: str = "") -> dict[str, Any]:
    """The Vega-Lite spec of a scheduled roadmap's Gantt chart."""
    data = rows(plan)
    order = [r["label"] for r in data]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelLimit": 320, "labelColor": INK, "ticks": False, "domain": False},
    }
    x = {
        "field": "start",
        "type": "temporal",
        "title": None,
        "scale": {"nice": "month"},
        "axis": {"format": "%b %Y", "tickCount": "month", "labelColor": MUTED, "orient": "top"},
    }
    colour = {
        "field": "phase",
        "type": "nominal",
        "title": "Phase",
        "scale": {"domain": list(PHASE_COLOURS), "range": list(PHASE_COLOURS.values())},
        "legend": {"orient": "bottom", "labelExpr": "replace(datum.label, '_', ' ')"},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": f"Gantt chart {title}".strip(),
            "subtitle": "▸ outlined: on the critical path (no slack); ◆ milestone",
            "anchor": "start",
            "color": INK,
            "subtitleColor": MUTED,
        },
        "width": CHART_W,
        "height": {"step": ROW_H},
        "background": "#ffffff",
        "config": {"font": FONT, "view": {"stroke": None}},
        "data": {"values": data},
        "encoding": {"y": y},
        "layer": [
            {
                "transform": [{"filter": "datum.kind === 'phase'"}],
                "mark": {"type": "bar", "opacity": 0.25, "height": ROW_H - 8},
                "encoding": {"x": x, "x2": {"field": "end"}, "color": {**colour, "legend": None}},
            },
            {
                "transform": [{"filter": "datum.kind === 'task'"}],
                "mark": {"type": "bar", "cornerRadius": 3, "height": ROW_H - 8},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "color": colour,
                    "stroke": {
                        "condition": {
                            "test": "datum.critical === 'on the critical path'",
                            "value": INK,
                        },
                        "value": None,
                    },
                    "strokeWidth": {"value": 1.6},
                    "description": {"field": "name"},
                    "tooltip": [
                        {"field": "name", "title": "task"},
                        {"field": "start", "title": "start"},
                        {"field": "finish", "title": "finish"},
                        {"field": "days", "title": "working days"},
                        {"field": "critical", "title": "schedule"},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.kind === 'milestone'"}],
                "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 120},
                "encoding": {
                    "x": {**x, "field": "at"},
                    "color": {"value": INK},
                    "tooltip": [{"field": "name"}, {"field": "date"}],
                },
            },
            {
                "transform": [{"filter": "datum.kind === 'milestone'"}],
                "mark": {"type": "text", "align": "left", "dx": 10, "color": MUTED, "fontSize": 11},
                "encoding": {"x": {**x, "field": "at"}, "text": {"field": "date"}},
            },
        ],
    }


def render(plan: RoadmapResult, title: str = "") -> str:
    """The SVG text for a scheduled roadmap."""
    if not plan.tasks:
        return vegalite_svg(
            {
                "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                "data": {"values": [{"text": "This roadmap has no tasks."}]},
                "mark": {"type": "text", "color": MUTED, "fontSize": 13, "align": "left"},
                "encoding": {"text": {"field": "text"}},
                "config": {"font": FONT, "view": {"stroke": None}},
            }
        )
    return vegalite_svg(spec(plan, title))

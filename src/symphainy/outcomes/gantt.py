"""A Gantt chart of a scheduled roadmap as a self-contained SVG (server-rendered).

Bars are grouped by phase on a calendar axis with month ticks; tasks on the critical path
keep their phase colour and get a dark outline and a small marker (being on the critical
path is not an alarm: it means no slack); milestones are diamonds. Only presentation
attributes are used (no ``style``), so the SVG renders under a strict CSP, in WeasyPrint
and as a plain image.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from symphainy.outcomes.roadmap import RoadmapResult

LABEL_W = 300
ROW_H = 24
HEADER_H = 34
CHART_W = 640
PAD = 12
PHASE_COLOURS = {
    "data_foundation": "#3b6fd8",
    "quick_wins": "#1c8a6b",
    "pilot": "#7a55c7",
    "scale": "#b7791f",
}
INK, MUTED, GRID = "#18202e", "#6b7587", "#e2e6ed"


def _d(value: str) -> date:
    return date.fromisoformat(value)


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(plan: RoadmapResult, title: str = "") -> str:
    """The SVG text for a scheduled roadmap."""
    roadmap = plan.model_dump(mode="json")
    tasks = roadmap.get("tasks", [])
    if not tasks:
        return _empty()
    start = _d(roadmap["start_date"])
    finish = max(_d(t["finish"]) for t in tasks)
    span = max(7, (finish - start).days + 1)
    scale = CHART_W / span
    rows: list[tuple[str, Any]] = []
    for phase in roadmap.get("phases", []):
        rows.append(("phase", phase))
        rows.extend(("task", t) for t in tasks if t["phase"] == phase["key"])
        rows.extend(
            ("milestone", m) for m in roadmap.get("milestones", []) if m["phase"] == phase["key"]
        )
    width = LABEL_W + CHART_W + 2 * PAD + 84  # room for the last milestone's date
    height = HEADER_H + ROW_H * len(rows) + PAD + 22
    critical = set(roadmap.get("critical_path", []))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="12" role="img" aria-label={quoteattr("Gantt chart " + title)}>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    x0 = LABEL_W + PAD

    def x(day: date) -> float:
        return x0 + (day - start).days * scale

    out += _month_ticks(start, span, x, HEADER_H, height - 22)
    y = HEADER_H
    for kind, item in rows:
        if kind == "phase":
            colour = PHASE_COLOURS.get(item["key"], MUTED)
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{ROW_H}" fill="#f6f7f9"/>')
            out.append(
                f'<rect x="{PAD}" y="{y + 7}" width="10" height="10" rx="2" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{PAD + 16}" y="{y + 16}" font-weight="bold" '
                f'fill="{INK}">{escape(item["name"])}</text>'
            )
        elif kind == "task":
            on_path = item["id"] in critical
            colour = PHASE_COLOURS.get(item["phase"], MUTED)
            left = x(_d(item["start"]))
            right = x(_d(item["finish"]) + timedelta(days=1))
            label = ("▸ " if on_path else "") + _short(item["name"], 46)
            out.append(
                f'<text x="{PAD + 16}" y="{y + 16}" fill="{INK}">'
                f"<title>{escape(item['name'])}</title>{escape(label)}</text>"
            )
            out.append(
                f'<rect x="{left:.1f}" y="{y + 5}" width="{max(3.0, right - left):.1f}" '
                f'height="{ROW_H - 10}" rx="3" fill="{colour}"'
                + (f' stroke="{INK}" stroke-width="1.6"' if on_path else "")
                + ">"
                f"<title>{escape(item['name'])}: {item['start']} → {item['finish']}, "
                f"{item['duration_days']} working days"
                + (", on the critical path" if on_path else "")
                + "</title></rect>"
            )
        else:
            cx = x(_d(item["date"]) + timedelta(days=1))
            cy = y + ROW_H / 2
            out.append(
                f'<text x="{PAD + 16}" y="{y + 16}" fill="{MUTED}" font-style="italic">'
                f"◆ {escape(item['name'])}</text>"
            )
            out.append(
                f'<polygon points="{cx:.1f},{cy - 7} {cx + 7:.1f},{cy} {cx:.1f},'
                f'{cy + 7} {cx - 7:.1f},{cy}" fill="{INK}"><title>'
                f"{escape(item['name'])}: {item['date']}</title></polygon>"
            )
            out.append(
                f'<text x="{cx + 10:.1f}" y="{y + 16}" fill="{MUTED}" '
                f'font-size="11">{item["date"]}</text>'
            )
        y += ROW_H
    out += _legend(y + 8)
    out.append("</svg>")
    return "\n".join(out)


def _month_ticks(start: date, span: int, x: Any, top: int, bottom: int) -> list[str]:
    out = [
        f'<line x1="{LABEL_W + PAD}" y1="{top}" x2="{LABEL_W + PAD}" y2="{bottom}" '
        f'stroke="{GRID}"/>'
    ]
    month = date(start.year, start.month, 1)
    end = start + timedelta(days=span)
    while month <= end:
        left = max(month, start)
        xpos = x(left)
        out.append(
            f'<line x1="{xpos:.1f}" y1="{top - 6}" x2="{xpos:.1f}" y2="{bottom}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{xpos + 4:.1f}" y="{top - 12}" fill="{MUTED}" font-size="11">'
            f"{left.strftime('%b %Y')}</text>"
        )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


def _legend(y: float) -> list[str]:
    items = [(c, k.replace("_", " ")) for k, c in PHASE_COLOURS.items()]
    out, xpos = [], float(PAD)
    out.append(
        f'<rect x="{xpos:.0f}" y="{y}" width="10" height="10" rx="2" fill="#ffffff" '
        f'stroke="{INK}" stroke-width="1.6"/>'
    )
    out.append(
        f'<text x="{xpos + 14:.0f}" y="{y + 9}" fill="{MUTED}" font-size="11">'
        "▸ outlined: on the critical path (no slack)</text>"
    )
    xpos += 24 + 6.5 * 42
    for colour, label in items:
        out.append(f'<rect x="{xpos:.0f}" y="{y}" width="10" height="10" rx="2" fill="{colour}"/>')
        out.append(
            f'<text x="{xpos + 14:.0f}" y="{y + 9}" fill="{MUTED}" font-size="11">{label}</text>'
        )
        xpos += 24 + 6.5 * len(label)
    return out


def _empty() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" '
        'viewBox="0 0 400 40"><text x="10" y="24" font-family="Helvetica, Arial" '
        'font-size="13" fill="#6b7587">This roadmap has no tasks.</text></svg>'
    )

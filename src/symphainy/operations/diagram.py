"""The workflow as SVG drawn on the server: swimlanes, rounded tasks, diamond decisions.

Every label is escaped; the SVG holds no script and no external reference, so it is safe to
serve and to embed. With ``roles`` (step id -> automate|assist|human) tasks are coloured by
their place in the human/AI blueprint and a legend is added.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.layout import LABEL_W, MARGIN, Box, layout

ROLE_FILL = {
    "automate": ("#dcfce7", "#15803d"),
    "assist": ("#fef3c7", "#b45309"),
    "human": ("#dbeafe", "#1d4ed8"),
}
LANE_FILLS = ("#f8fafc", "#f1f5f9")
FONT = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"


def _text(
    x: float,
    y: float,
    lines: list[str],
    size: float = 12,
    weight: str = "normal",
    anchor: str = "middle",
    fill: str = "#0f172a",
) -> str:
    first = y - (len(lines) - 1) * (size + 2) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * (size + 2):.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" dominant-baseline="middle" fill="{fill}">{spans}</text>'
    )


def _wrap(name: str, width: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(name, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _diamond(box: Box, fill: str, stroke: str) -> str:
    points = (
        f"{box.cx:.1f},{box.y:.1f} {box.x + box.w:.1f},{box.cy:.1f} "
        f"{box.cx:.1f},{box.y + box.h:.1f} {box.x:.1f},{box.cy:.1f}"
    )
    return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>'


def render(graph: WorkflowGraph, roles: dict[str, str] | None = None) -> str:
    """The SVG document for ``graph``."""
    plan = layout(graph)
    legend_h = 36 if roles else 0
    width, height = plan.width, plan.height + legend_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(graph.title, {chr(34): "&quot;"})}">',
        f"<title>{escape(graph.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#475569"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    lane_right = width - MARGIN / 2
    for index, lane in enumerate(plan.lanes):
        out.append(
            f'<rect x="{MARGIN / 2:.0f}" y="{lane.y:.1f}" '
            f'width="{lane_right - MARGIN / 2:.0f}" height="{lane.h:.1f}" '
            f'fill="{LANE_FILLS[index % 2]}" stroke="#cbd5e1"/>'
        )
        out.append(
            f'<rect x="{MARGIN / 2:.0f}" y="{lane.y:.1f}" width="{LABEL_W + 10}" '
            f'height="{lane.h:.1f}" fill="#e2e8f0" stroke="#cbd5e1"/>'
        )
        cx, cy = MARGIN / 2 + (LABEL_W + 10) / 2, lane.y + lane.h / 2
        label = _wrap(lane.name, max(8, int(lane.h / 8)), 2)
        out.append(
            f'<g transform="rotate(-90 {cx:.1f} {cy:.1f})">'
            + _text(cx, cy, label, 12, "600")
            + "</g>"
        )
    steps = graph.by_id()
    for step in graph.steps:
        for edge in step.next:
            points = plan.edges.get((step.id, edge.to))
            if not points:
                continue
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points)
            )
            dashed = ' stroke-dasharray="5 4"' if (step.id, edge.to) in plan.back_edges else ""
            out.append(
                f'<path d="{path}" fill="none" stroke="#475569" stroke-width="1.4"'
                f'{dashed} marker-end="url(#arrow)"/>'
            )
            if edge.condition:
                # On the run that is this edge's own: the vertical turn towards the target
                # (forward), the run underneath (loops), or the straight line, so the labels
                # of one decision's branches, or of two edges into one step, stay apart.
                (x0, y0), (x1, y1) = points[1], points[2] if len(points) == 4 else points[1]
                if len(points) == 2:
                    (x0, y0) = points[0]
                lx, ly = (x0 + x1) / 2, (y0 + y1) / 2 - (8 if y0 == y1 else 0)
                short = _wrap(edge.condition, 24, 1)
                out.append(
                    f'<rect x="{lx - 4 - len(short[0]) * 3.1:.1f}" y="{ly - 8:.1f}" '
                    f'width="{len(short[0]) * 6.2 + 8:.1f}" height="15" rx="3" '
                    'fill="#ffffff" fill-opacity="0.9"/>'
                )
                out.append(_text(lx, ly, short, 11, "500", fill="#334155"))
    for step in graph.steps:
        box = plan.boxes[step.id]
        role = (roles or {}).get(step.id)
        fill, stroke = ROLE_FILL.get(role or "", ("#ffffff", "#334155"))
        tip = escape(
            f"{step.name} — {step.actor or 'no actor'}" + (f" — AI: {role}" if role else "")
        )
        out.append(f'<g id="step-{escape(step.id)}"><title>{tip}</title>')
        if step.kind == "task":
            out.append(
                f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.0f}" '
                f'height="{box.h:.0f}" rx="10" fill="{fill}" stroke="{stroke}" '
                'stroke-width="1.6"/>'
            )
            out.append(_text(box.cx, box.cy, _wrap(step.name, 21, 3), 11.5))
        elif step.kind in ("start", "end"):
            width_ = "1.6" if step.kind == "start" else "3.5"
            colour = "#16a34a" if step.kind == "start" else "#b91c1c"
            out.append(
                f'<circle cx="{box.cx:.1f}" cy="{box.cy:.1f}" r="{box.w / 2:.1f}" '
                f'fill="#ffffff" stroke="{colour}" stroke-width="{width_}"/>'
            )
            out.append(_text(box.cx, box.y + box.h + 12, [step.name], 11, fill="#475569"))
        else:
            decision_fill = fill if role else "#fff7ed"
            out.append(_diamond(box, decision_fill, stroke if role else "#c2410c"))
            mark = "×" if step.kind == "decision" else "+"
            out.append(_text(box.cx, box.cy + 1, [mark], 18, "700", fill="#7c2d12"))
            if step.kind == "decision" or steps[step.id].name:
                out.append(
                    _text(box.cx, box.y - 16, _wrap(step.name, 30, 2), 11, "500", fill="#334155")
                )
        out.append("</g>")
    if roles:
        y = plan.height + 8
        x = float(MARGIN)
        for role, (fill, stroke) in ROLE_FILL.items():
            out.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="18" height="18" rx="4" '
                f'fill="{fill}" stroke="{stroke}"/>'
            )
            out.append(
                _text(
                    x + 26,
                    y + 9,
                    [f"AI {role}s" if role != "human" else "People do it"],
                    12,
                    anchor="start",
                )
            )
            x += 150
    out.append("</svg>")
    return "\n".join(out)

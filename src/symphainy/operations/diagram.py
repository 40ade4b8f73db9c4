"""The workflow as SVG drawn on the server: pools stacked, lanes, BPMN's shapes and markers.

Long flows wrap into bands (see ``layout``) and every label is shown whole, wrapped over as
many lines as it needs. Every label is escaped; the SVG holds no script and no external
reference, so it is safe to serve and to embed. With ``roles`` (step id -> automate|assist|
human) tasks are coloured by their place in the human/AI blueprint and a legend is added.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from symphainy.operations.graph import Step, WorkflowGraph
from symphainy.operations.lanes import with_pools
from symphainy.operations.layout import layout
from symphainy.operations.layout_geometry import (
    LABEL_W,
    MARGIN,
    POOL_LABEL_W,
    TASK_CHARS,
    Box,
    Layout,
    wrap,
)

ROLE_FILL = {
    "automate": ("#dcfce7", "#15803d"),
    "assist": ("#fef3c7", "#b45309"),
    "human": ("#dbeafe", "#1d4ed8"),
}
LANE_FILLS = ("#f8fafc", "#f1f5f9")
FONT = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"
EVENT_GLYPH = {
    "message": "✉",
    "signal": "△",
    "error": "ϟ",
    "escalation": "⇑",
    "conditional": "≡",
    "link": "→",
    "compensate": "«",
    "cancel": "×",
    "terminate": "●",
}
GATEWAY_MARK = {
    "decision": "×",
    "merge": "×",
    "parallel_split": "+",
    "parallel_join": "+",
    "inclusive": "○",
    "complex": "✱",
    "event_gateway": "⬠",
}
LOOP_MARK = {"standard": "↻", "parallel": "⦀", "sequential": "☰"}


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


def _rotated(cx: float, cy: float, name: str, room: float) -> str:
    lines = wrap(name, max(8, int(room / 7)))
    return (
        f'<g transform="rotate(-90 {cx:.1f} {cy:.1f})">' + _text(cx, cy, lines, 12, "600") + "</g>"
    )


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


def _pools(plan: Layout) -> list[str]:
    out: list[str] = []
    for pool in plan.pools:
        out.append(
            f'<g class="pool" data-pool="{escape(pool.id)}">'
            f'<rect x="{pool.x:.1f}" y="{pool.y:.1f}" '
            f'width="{pool.w:.1f}" height="{pool.h:.1f}" fill="#ffffff" stroke="#64748b" '
            'stroke-width="1.4"/>'
        )
        out.append(
            f'<rect x="{pool.x:.1f}" y="{pool.y:.1f}" width="{POOL_LABEL_W}" height="{pool.h:.1f}" '
            'fill="#e2e8f0" stroke="#64748b"/>'
        )
        if pool.name:
            out.append(_rotated(pool.x + POOL_LABEL_W / 2, pool.y + pool.h / 2, pool.name, pool.h))
        for index, lane in enumerate(pool.lanes):
            out.append(
                f'<rect x="{lane.x:.1f}" y="{lane.y:.1f}" width="{lane.w:.1f}" '
                f'height="{lane.h:.1f}" '
                f'fill="{LANE_FILLS[index % 2]}" fill-opacity="0.8" stroke="#cbd5e1"/>'
            )
            if lane.name:
                out.append(
                    f'<rect x="{lane.x:.1f}" y="{lane.y:.1f}" width="{LABEL_W}" '
                    f'height="{lane.h:.1f}" fill="#f1f5f9" stroke="#cbd5e1"/>'
                )
                out.append(_rotated(lane.x + LABEL_W / 2, lane.y + lane.h / 2, lane.name, lane.h))
        out.append("</g>")
    return out


def _edges(graph: WorkflowGraph, plan: Layout) -> list[str]:
    out: list[str] = []
    for step in graph.steps:
        for index, edge in enumerate(step.next):
            points = plan.edges.get((step.id, index))
            if not points:
                continue
            dashed = ' stroke-dasharray="5 4"' if (step.id, index) in plan.back_edges else ""
            start = (
                f'<path d="M{points[0][0]:.1f},{points[0][1]:.1f} l-5,-5 m5,5" stroke="#475569"/>'
                if edge.default
                else ""
            )
            out.append(
                f'<path d="{_path(points)}" fill="none" stroke="#475569" stroke-width="1.4"'
                f'{dashed} marker-end="url(#arrow)"/>{start}'
            )
            if edge.condition:
                # On the run that is this edge's own, so the branches' labels stay apart.
                (x0, y0) = points[1] if len(points) > 2 else points[0]
                (x1, y1) = points[2] if len(points) > 2 else points[1]
                lx, ly = (x0 + x1) / 2, (y0 + y1) / 2 - (8 if y0 == y1 else 0)
                lines = wrap(edge.condition, 24)
                longest = max(len(line) for line in lines)
                out.append(
                    f'<rect x="{lx - 4 - longest * 3.1:.1f}" '
                    f'y="{ly - 8 - (len(lines) - 1) * 6.5:.1f}" '
                    f'width="{longest * 6.2 + 8:.1f}" height="{len(lines) * 13 + 2}" rx="3" '
                    'fill="#ffffff" fill-opacity="0.9"/>'
                )
                out.append(_text(lx, ly, lines, 11, "500", fill="#334155"))
    for flow in graph.message_flows:
        points = plan.messages.get(flow.id, [])
        if len(points) < 2:
            continue
        out.append(
            f'<path d="{_path(points)}" fill="none" stroke="#1e3a8a" stroke-width="1.3" '
            'stroke-dasharray="7 5" marker-end="url(#open)"/>'
            f'<circle cx="{points[0][0]:.1f}" cy="{points[0][1]:.1f}" r="4" fill="#ffffff" '
            'stroke="#1e3a8a"/>'
        )
        if flow.name:
            mx, my = points[len(points) // 2]
            out.append(
                _text(mx + 6, my - 8, wrap(flow.name, 24), 10.5, anchor="start", fill="#1e3a8a")
            )
    for points in plan.contents:
        out.append(
            f'<path class="contains" d="{_path(points)}" fill="none" stroke="#94a3b8" '
            'stroke-width="1" stroke-dasharray="1 3"/>'
        )
    for link_id, points in plan.links.items():
        out.append(
            f'<path d="{_path(points)}" fill="none" stroke="#64748b" stroke-width="1.1" '
            f'stroke-dasharray="2 3" data-link="{escape(link_id)}"/>'
        )
    return out


def _event(step: Step, box: Box, stagger: int = 0) -> str:
    colour = {"start": "#16a34a", "end": "#b91c1c"}.get(step.kind, "#a16207")
    width = "3.5" if step.kind == "end" else "1.6"
    dash = ' stroke-dasharray="4 3"' if not step.interrupting and step.kind != "end" else ""
    r = box.w / 2
    out = (
        f'<circle cx="{box.cx:.1f}" cy="{box.cy:.1f}" r="{r:.1f}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="{width}"{dash}/>'
    )
    if step.kind in ("event", "boundary"):
        out += (
            f'<circle cx="{box.cx:.1f}" cy="{box.cy:.1f}" r="{r - 3:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="1.2"{dash}/>'
        )
    glyph = "".join(EVENT_GLYPH.get(e, "") for e in step.events[:2] if e != "timer")
    if "timer" in step.events:  # a clock face: fonts seldom have the timer glyph
        out += (
            f'<circle cx="{box.cx:.1f}" cy="{box.cy:.1f}" r="{r - 7:.1f}" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="1.2"/><path d="M{box.cx:.1f},{box.cy:.1f} '
            f'v-{r - 10:.1f} M{box.cx:.1f},{box.cy:.1f} h{(r - 10) * 0.7:.1f}" '
            f'stroke="{colour}" stroke-width="1.2"/>'
        )
    if glyph:
        out += _text(box.cx, box.cy + 1, [glyph], 13, "700", fill=colour)
    if not step.unnamed or step.kind not in ("start", "end"):
        label = step.name if not step.unnamed else ""
        if step.event_detail and "timer" in step.events:
            label = f"{label} ({step.event_detail})".strip()
        if label:
            lines = wrap(label, 20)
            # Several events on one border: their labels step down so they do not overlap.
            y = box.y + box.h + 8 + 6 * len(lines) + stagger * 12 * len(lines)
            out += _text(box.cx, y, lines, 10.5 if not stagger else 10, fill="#475569")
    return out


def _activity(step: Step, box: Box, fill: str, stroke: str) -> str:
    width = "3.2" if step.element == "callActivity" else "1.6"
    dash = ' stroke-dasharray="5 3"' if step.triggered_by_event else ""
    out = (
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.0f}" height="{box.h:.0f}" '
        f'rx="10" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>'
    )
    if step.element == "transaction":
        out += (
            f'<rect x="{box.x + 3:.1f}" y="{box.y + 3:.1f}" width="{box.w - 6:.0f}" '
            f'height="{box.h - 6:.0f}" rx="8" fill="none" stroke="{stroke}"/>'
        )
    lines = wrap(step.name, TASK_CHARS)
    out += _text(box.cx, box.cy - (4 if step.kind == "subprocess" or step.loop else 0), lines, 11.5)
    marks = []
    if step.kind == "subprocess":
        marks.append("⊞")
    if step.loop:
        marks.append(LOOP_MARK[step.loop])
    if step.for_compensation:
        marks.append("«")
    if marks:
        out += _text(box.cx, box.y + box.h - 8, [" ".join(marks)], 11, "700", fill=stroke)
    return out


def _artifact(kind: str, box: Box, label: str) -> str:
    if kind == "textAnnotation":
        return (
            f'<path d="M{box.x + 10:.1f},{box.y:.1f} L{box.x:.1f},{box.y:.1f} L{box.x:.1f},'
            f'{box.y + box.h:.1f} L{box.x + 10:.1f},{box.y + box.h:.1f}" fill="none" '
            'stroke="#64748b"/>'
            + _text(box.x + 6, box.cy, wrap(label, 18)[:6], 10.5, anchor="start", fill="#334155")
        )
    if kind == "group":
        return (
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.0f}" '
            f'height="{box.h:.0f}" rx="8" fill="none" stroke="#64748b" stroke-dasharray="8 3 2 3"/>'
            + _text(box.cx, box.y + 10, wrap(label, 22), 10.5, fill="#334155")
        )
    if kind == "dataStoreReference":
        shape = (
            f'<path d="M{box.x:.1f},{box.y + 6:.1f} a{box.w / 2:.1f},6 0 0,0 {box.w:.1f},0 '
            f"a{box.w / 2:.1f},6 0 0,0 -{box.w:.1f},0 v{box.h - 12:.1f} a{box.w / 2:.1f},6 0 0,0 "
            f'{box.w:.1f},0 v-{box.h - 12:.1f}" fill="#ffffff" stroke="#334155"/>'
        )
    else:
        shape = (
            f'<path d="M{box.x:.1f},{box.y:.1f} h{box.w - 10:.1f} l10,10 v{box.h - 10:.1f} '
            f'h-{box.w:.1f} z" fill="#ffffff" stroke="#334155"/>'
        )
    return shape + _text(box.cx, box.y + box.h + 10, wrap(label, 20), 10.5, fill="#475569")


def render(graph: WorkflowGraph, roles: dict[str, str] | None = None) -> str:
    """The SVG document for ``graph``."""
    graph = with_pools(graph)
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
        'fill="#475569"/></marker><marker id="open" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#ffffff" stroke="#1e3a8a"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    out += _pools(plan)
    out += _edges(graph, plan)
    for artifact in graph.artifacts:
        box = plan.boxes.get(artifact.id)
        if box is not None:
            out.append(_artifact(artifact.type, box, artifact.text or artifact.name))
    stagger: dict[str, int] = {}
    seen: dict[str, int] = {}
    for step in graph.steps:
        if step.attached_to:
            stagger[step.id] = seen.get(step.attached_to, 0) % 2
            seen[step.attached_to] = seen.get(step.attached_to, 0) + 1
    # Boundary events last, so they sit on top of their activity's border.
    ordered = sorted(graph.steps, key=lambda s: s.kind == "boundary")
    for step in ordered:
        box = plan.boxes.get(step.id)
        if box is None:
            continue
        role = (roles or {}).get(step.id)
        fill, stroke = ROLE_FILL.get(role or "", ("#ffffff", "#334155"))
        tip = escape(
            f"{step.name} — {step.actor or 'no actor'}" + (f" — AI: {role}" if role else "")
        )
        out.append(f'<g id="step-{escape(step.id)}" data-kind="{step.kind}"><title>{tip}</title>')
        if step.kind in ("task", "subprocess"):
            out.append(_activity(step, box, fill, stroke))
        elif step.kind in ("start", "end", "event", "boundary"):
            out.append(_event(step, box, stagger.get(step.id, 0)))
        else:
            points = (
                f"{box.cx:.1f},{box.y:.1f} {box.x + box.w:.1f},{box.cy:.1f} "
                f"{box.cx:.1f},{box.y + box.h:.1f} {box.x:.1f},{box.cy:.1f}"
            )
            decision_fill = fill if role else "#fff7ed"
            out.append(
                f'<polygon points="{points}" fill="{decision_fill}" '
                f'stroke="{stroke if role else "#c2410c"}" stroke-width="1.6"/>'
            )
            mark = GATEWAY_MARK.get(step.kind, "×")
            out.append(_text(box.cx, box.cy + 1, [mark], 18, "700", fill="#7c2d12"))
            if (not step.unnamed and step.kind not in ("parallel_split", "parallel_join")) or (
                step.kind.startswith("parallel") and not step.unnamed and step.name
            ):
                lines = wrap(step.name, 30)
                out.append(
                    _text(box.cx, box.y - 8 - 7 * len(lines), lines, 11, "500", fill="#334155")
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

"""The workflow as a Mermaid flowchart: one subgraph per actor, decisions as rhombi."""

from __future__ import annotations

import re

from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.layout import lane_of


def _label(text: str) -> str:
    # Mermaid reads entity codes inside quoted labels; quotes and brackets would break it.
    return (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", " ")
    )


def _node_id(step_id: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", step_id)


def render(graph: WorkflowGraph) -> str:
    """Mermaid ``flowchart LR`` text for ``graph``."""
    lines = ["flowchart LR", f"  %% {_label(graph.title)}"]
    lanes: dict[str, list[str]] = {}
    for step in graph.steps:
        lanes.setdefault(lane_of(step, graph), []).append(step.id)
    shapes = {
        "start": '(["{}"])',
        "end": '(["{}"])',
        "task": '["{}"]',
        "decision": '{{"{}"}}',
        "parallel_split": '{{{{"{}"}}}}',
        "parallel_join": '{{{{"{}"}}}}',
    }
    steps = graph.by_id()
    for index, (lane, ids) in enumerate(lanes.items(), start=1):
        lines.append(f'  subgraph lane{index}["{_label(lane)}"]')
        for step_id in ids:
            step = steps[step_id]
            lines.append(f"    {_node_id(step_id)}" + shapes[step.kind].format(_label(step.name)))
        lines.append("  end")
    for step in graph.steps:
        for edge in step.next:
            arrow = f'-->|"{_label(edge.condition)}"|' if edge.condition else "-->"
            lines.append(f"  {_node_id(step.id)} {arrow} {_node_id(edge.to)}")
    return "\n".join(lines) + "\n"

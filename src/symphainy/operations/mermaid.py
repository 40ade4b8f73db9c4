"""The workflow as a Mermaid flowchart: a subgraph per pool and per lane, BPMN shapes as near
as Mermaid draws them, message flows dashed, boundary events tied to their activity."""

from __future__ import annotations

import re

from symphainy.operations.graph import Step, WorkflowGraph
from symphainy.operations.lanes import with_pools

SHAPES = {
    "start": '(["{}"])',
    "end": '(["{}"])',
    "event": '(("{}"))',
    "boundary": '(("{}"))',
    "task": '["{}"]',
    "subprocess": '[["{}"]]',
    "decision": '{{"{}"}}',
    "merge": '{{"{}"}}',
    "inclusive": '{{"{}"}}',
    "complex": '{{"{}"}}',
    "event_gateway": '{{"{}"}}',
    "parallel_split": '{{{{"{}"}}}}',
    "parallel_join": '{{{{"{}"}}}}',
}


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


def _node(step: Step) -> str:
    name = step.name
    if step.events:
        name = f"{name} ({', '.join(step.events)})"
    return f"{_node_id(step.id)}" + SHAPES[step.kind].format(_label(name))


def render(graph: WorkflowGraph) -> str:
    """Mermaid ``flowchart LR`` text for ``graph``."""
    lines = ["flowchart LR", f"  %% {_label(graph.title)}"]
    graph = with_pools(graph)
    several = len(graph.pools) > 1
    for p_index, pool in enumerate(graph.pools, start=1):
        indent = "    " if several else "  "
        if several:
            lines.append(
                f'  subgraph pool{p_index}["{_label(pool.name or pool.process_name or pool.id)}"]'
            )
        members = [s for s in graph.steps if s.pool == pool.id]
        lanes = {lane.id: lane for lane in pool.lanes}
        by_lane: dict[str, list[Step]] = {}
        for step in members:
            by_lane.setdefault(step.lane if step.lane in lanes else "", []).append(step)
        for l_index, (lane_id, steps) in enumerate(by_lane.items(), start=1):
            if lane_id:
                key = f"{p_index}_{l_index}" if several else str(l_index)
                lines.append(f'{indent}subgraph lane{key}["{_label(lanes[lane_id].name)}"]')
            lines += [f"{indent}  {_node(step)}" for step in steps]
            if lane_id:
                lines.append(f"{indent}end")
        if not members and several:
            lines.append(f'    {_node_id(pool.id)}["{_label(pool.name or pool.id)}"]')
        if several:
            lines.append("  end")
    for step in graph.steps:
        if step.attached_to:
            lines.append(f"  {_node_id(step.attached_to)} -.- {_node_id(step.id)}")
        for edge in step.next:
            arrow = f'-->|"{_label(edge.condition)}"|' if edge.condition else "-->"
            lines.append(f"  {_node_id(step.id)} {arrow} {_node_id(edge.to)}")
    for flow in graph.message_flows:
        arrow = f'-.->|"{_label(flow.name)}"|' if flow.name else "-.->"
        lines.append(f"  {_node_id(flow.source)} {arrow} {_node_id(flow.target)}")
    return "\n".join(lines) + "\n"

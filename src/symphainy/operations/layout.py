"""A simple layered layout shared by the SVG diagram and BPMN diagram interchange.

Columns are layers (longest path from the start, ignoring edges that loop back); rows are
swimlanes, one per actor, in order of first appearance. Edges are routed orthogonally: forward
edges through the gap between columns, loops back underneath the boxes they join.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symphainy.operations.graph import UNASSIGNED, Step, WorkflowGraph

LABEL_W = 40  # the lane's name column (BPMN draws the lane label there, rotated)
COL_W = 175
ROW_H = 110
MARGIN = 30
SIZES = {
    "task": (132, 62),
    "decision": (50, 50),
    "parallel_split": (50, 50),
    "parallel_join": (50, 50),
    "start": (36, 36),
    "end": (36, 36),
}


@dataclass
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Lane:
    name: str
    y: float
    h: float
    steps: list[str] = field(default_factory=list)


@dataclass
class Layout:
    boxes: dict[str, Box]
    lanes: list[Lane]
    edges: dict[tuple[str, str], list[tuple[float, float]]]
    back_edges: set[tuple[str, str]]
    width: float
    height: float


def _back_edges(graph: WorkflowGraph) -> set[tuple[str, str]]:
    steps = graph.by_id()
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(graph.start().id, 0)]
    state[graph.start().id] = 1
    while stack:
        node, index = stack.pop()
        edges = steps[node].next
        if index < len(edges):
            stack.append((node, index + 1))
            target = edges[index].to
            if state.get(target) == 1:
                back.add((node, target))
            elif target not in state and target in steps:
                state[target] = 1
                stack.append((target, 0))
        else:
            state[node] = 2
    return back


def _layers(graph: WorkflowGraph, back: set[tuple[str, str]]) -> dict[str, int]:
    indegree = {s.id: 0 for s in graph.steps}
    for step in graph.steps:
        for edge in step.next:
            if (step.id, edge.to) not in back and edge.to in indegree:
                indegree[edge.to] += 1
    layer = {s.id: 0 for s in graph.steps}
    ready = [s.id for s in graph.steps if indegree[s.id] == 0]
    steps = graph.by_id()
    while ready:
        node = ready.pop(0)
        for edge in steps[node].next:
            if (node, edge.to) in back or edge.to not in indegree:
                continue
            layer[edge.to] = max(layer[edge.to], layer[node] + 1)
            indegree[edge.to] -= 1
            if indegree[edge.to] == 0:
                ready.append(edge.to)
    return layer


def lane_of(step: Step, graph: WorkflowGraph) -> str:
    """The lane a step is drawn in; steps without an actor sit with a neighbour."""
    if step.actor:
        return step.actor
    steps = graph.by_id()
    after = [steps[e.to] for e in step.next if e.to in steps]
    before = [s for s in graph.steps if any(e.to == step.id for e in s.next)]
    order = (after + before) if step.kind in ("start", "parallel_join") else (before + after)
    for other in order:
        if other.actor:
            return other.actor
    return UNASSIGNED


def layout(graph: WorkflowGraph) -> Layout:
    back = _back_edges(graph)
    layer = _layers(graph, back)
    ordered = sorted(graph.steps, key=lambda s: layer[s.id])
    lanes: dict[str, Lane] = {}
    for step in ordered:
        name = lane_of(step, graph)
        lanes.setdefault(name, Lane(name, 0, 0)).steps.append(step.id)
    slot: dict[str, int] = {}
    rows_in_lane: dict[str, int] = {}
    for lane in lanes.values():
        used: dict[int, int] = {}
        for step_id in lane.steps:
            row = used.get(layer[step_id], 0)
            used[layer[step_id]] = row + 1
            slot[step_id] = row
        rows_in_lane[lane.name] = max(used.values(), default=1)
    y = float(MARGIN)
    for lane in lanes.values():
        lane.y, lane.h = y, rows_in_lane[lane.name] * ROW_H
        y += lane.h
    boxes: dict[str, Box] = {}
    lane_by_step = {sid: lane for lane in lanes.values() for sid in lane.steps}
    for step in graph.steps:
        w, h = SIZES[step.kind]
        lane = lane_by_step[step.id]
        x = MARGIN + LABEL_W + 20 + layer[step.id] * COL_W + (COL_W - 40 - w) / 2
        top = lane.y + slot[step.id] * ROW_H + (ROW_H - h) / 2
        boxes[step.id] = Box(step.id, x, top, w, h)
    width = MARGIN * 2 + LABEL_W + 20 + (max(layer.values(), default=0) + 1) * COL_W
    edges: dict[tuple[str, str], list[tuple[float, float]]] = {}
    loops = 0
    for step in graph.steps:
        for branch, edge in enumerate(step.next):
            a, b = boxes[step.id], boxes.get(edge.to)
            if b is None:
                continue
            if (step.id, edge.to) in back or b.x <= a.x:
                loops += 1
                below = max(a.y + a.h, b.y + b.h) + 12 + (loops % 4) * 6
                edges[(step.id, edge.to)] = [
                    (a.cx, a.y + a.h),
                    (a.cx, below),
                    (b.cx, below),
                    (b.cx, b.y + b.h),
                ]
            elif abs(a.cy - b.cy) < 1:
                edges[(step.id, edge.to)] = [(a.x + a.w, a.cy), (b.x, b.cy)]
            else:
                mid = b.x - 14 - 9 * min(branch, 2)  # branches of one step run apart
                edges[(step.id, edge.to)] = [
                    (a.x + a.w, a.cy),
                    (mid, a.cy),
                    (mid, b.cy),
                    (b.x, b.cy),
                ]
    return Layout(boxes, list(lanes.values()), edges, back, width, y + MARGIN)

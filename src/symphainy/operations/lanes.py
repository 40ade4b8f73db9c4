"""Which pool and lane each step is drawn in: lanes for real actors only, pools and nested
lanes as an imported collaboration defines them."""

from __future__ import annotations

from collections import deque

from symphainy.operations.elements import LaneDef, Pool
from symphainy.operations.graph import UNASSIGNED, Step, WorkflowGraph


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


def nearest_actor(step: Step, graph: WorkflowGraph) -> str:
    """The actor of the closest step along the flow, either way (lanes are for real actors)."""
    steps = graph.by_id()
    around: dict[str, list[str]] = {
        s.id: [e.to for e in s.next if e.to in steps] for s in graph.steps
    }
    for other in graph.steps:
        for edge in other.next:
            if edge.to in steps:
                around[edge.to].append(other.id)
    seen, queue = {step.id}, deque([step.id])
    while queue:
        for near in around.get(queue.popleft(), []):
            if near in seen:
                continue
            if steps[near].actor:
                return steps[near].actor or UNASSIGNED
            seen.add(near)
            queue.append(near)
    return next((s.actor for s in graph.steps if s.actor), UNASSIGNED)


def with_pools(graph: WorkflowGraph) -> WorkflowGraph:
    """The graph itself if it has pools; else one pool with a lane per real actor."""
    if graph.pools or graph.interchange is not None:
        return graph
    lanes: dict[str, str] = {}
    steps = []
    any_actor = any(s.actor for s in graph.steps)
    for step in graph.steps:
        lane_id = None
        if any_actor:
            name = lane_of(step, graph)
            if name == UNASSIGNED:
                name = nearest_actor(step, graph)
            lane_id = lanes.setdefault(name, f"Lane_{len(lanes) + 1}")
        steps.append(step.model_copy(update={"pool": "Participant_1", "lane": lane_id}))
    pool = Pool(
        id="Participant_1",
        name=graph.title,
        process="Process_1",
        process_name=graph.title,
        executable=False,
        lanes=[LaneDef(id=i, name=n, lane_set="LaneSet_1") for n, i in lanes.items()],
    )
    return graph.model_copy(update={"steps": steps, "pools": [pool]})


def leaf_lanes(pool: Pool) -> list[LaneDef]:
    """The lanes that hold steps (nested lanes: the innermost ones)."""
    parents = {lane.parent for lane in pool.lanes if lane.parent}
    return [lane for lane in pool.lanes if lane.id not in parents]


def row_of(step: Step, pool: Pool, leaves: list[LaneDef]) -> str:
    """The leaf lane a step is drawn in; "" for a step outside any lane."""
    ids = [lane.id for lane in leaves]
    if step.lane in ids:
        return step.lane or ""
    for lane in pool.lanes:  # a parent lane: its first leaf
        if lane.id == step.lane:
            kids = [leaf.id for leaf in leaves if leaf.parent == lane.id]
            if kids:
                return kids[0]
    return ""


def pool_of(graph: WorkflowGraph, step: Step) -> Pool:
    """The pool a step belongs to (the first pool for a step that names none)."""
    found = next((p for p in graph.pools if p.id == step.pool), None)
    return found or (graph.pools[0] if graph.pools else Pool(id="Process_1", process="Process_1"))


def descends(pool: Pool, lane_id: str, ancestor: str) -> bool:
    """Whether ``lane_id`` is nested (at any depth) inside ``ancestor``."""
    parent = next((lane.parent for lane in pool.lanes if lane.id == lane_id), None)
    while parent:
        if parent == ancestor:
            return True
        parent = next((lane.parent for lane in pool.lanes if lane.id == parent), None)
    return False

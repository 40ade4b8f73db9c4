"""Edits a user makes to a workflow: rename, reassign, add, remove, move, change branches.

Each operation changes a copy of the graph; the caller validates the result once all are
applied, so a sequence may pass through an invalid state as long as it ends in a valid one.
"""

from __future__ import annotations

from symphainy.operations.graph import Edge, GraphError, Step, WorkflowGraph, predecessors
from symphainy.operations.schemas import EditOperation


def _find(graph: WorkflowGraph, step_id: str | None, what: str) -> Step:
    if not step_id:
        raise GraphError([f"{what} needs a step_id"])
    try:
        return graph.step(step_id)
    except KeyError:
        raise GraphError([f"{what}: there is no step “{step_id}”"]) from None


def _new_id(graph: WorkflowGraph, prefix: str) -> str:
    taken = {s.id for s in graph.steps}
    n = len(graph.steps) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _detach(graph: WorkflowGraph, step: Step) -> None:
    """Take ``step`` out of the flow, linking what came before it to what came after."""
    if step.kind in ("start", "end"):
        raise GraphError([f"the {step.kind} cannot be removed or moved"])
    attached = [s.name for s in graph.steps if s.attached_to == step.id or s.parent == step.id]
    if attached:
        raise GraphError([f"“{step.name}” holds {', '.join(attached[:5])}; remove those first"])
    if not step.next and graph.pools:
        # A BPMN path may simply stop at a step: removing it ends the path before it.
        for other in graph.steps:
            other.next = [e for e in other.next if e.to != step.id]
        _forget(graph, step.id)
        graph.steps.remove(step)
        return
    if len(step.next) != 1:
        raise GraphError(
            [
                f"“{step.name}” has {len(step.next)} branches; change its branches "
                "to one before removing or moving it"
            ]
        )
    successor = step.next[0].to
    for other in graph.steps:
        if other.id == step.id:
            continue
        for edge in other.next:
            if edge.to == step.id:
                edge.to = successor
        # Two branches of one decision may now meet on the same step: merge their labels.
        merged: dict[str, Edge] = {}
        for edge in other.next:
            if edge.to in merged:
                merged[edge.to].condition = (
                    " / ".join(c for c in (merged[edge.to].condition, edge.condition) if c) or None
                )
            else:
                merged[edge.to] = edge
        other.next = list(merged.values())
    _forget(graph, step.id)
    graph.steps.remove(step)


def _forget(graph: WorkflowGraph, step_id: str) -> None:
    """Message flows and associations of a removed step go with it."""
    graph.message_flows = [m for m in graph.message_flows if step_id not in (m.source, m.target)]
    graph.associations = [
        link for link in graph.associations if step_id not in (link.source, link.target)
    ]


def _insert_after(graph: WorkflowGraph, step: Step, after_id: str | None) -> None:
    after = _find(graph, after_id, "add/move")
    if after.kind == "end":
        raise GraphError(["nothing can come after the end"])
    if len(after.next) != 1:
        raise GraphError(
            [
                f"“{after.name}” has {len(after.next)} branches; say which branch "
                "with set_next instead"
            ]
        )
    old = after.next[0]
    # The flow keeps its id on the run that still reaches its target; where it was drawn
    # no longer holds, so the diagram is laid out afresh.
    step.next = [Edge(to=old.to, id=old.id, expression=None)]
    after.next = [Edge(to=step.id, condition=old.condition, expression=old.expression)]
    step.pool, step.parent = after.pool, after.parent
    if graph.pools and step.actor is None:  # an imported model: the step joins its lane
        step.lane, step.actor = after.lane, after.actor
    graph.steps.insert(graph.steps.index(after) + 1, step)


def _relane(graph: WorkflowGraph, step: Step) -> None:
    """In a model with pools, a step's lane follows its actor (the lane of that name)."""
    pool = next((p for p in graph.pools if p.id == step.pool), None)
    if pool is None or not pool.lanes:
        return
    step.lane = next((lane.id for lane in pool.lanes if lane.name == step.actor), None)
    step.shape = None


def apply(graph: WorkflowGraph, operations: list[EditOperation]) -> WorkflowGraph:
    """The graph after ``operations`` (not yet validated)."""
    graph = graph.model_copy(deep=True)
    for number, op in enumerate(operations, start=1):
        try:
            _apply_one(graph, op)
        except GraphError as exc:
            raise GraphError([f"operation {number} ({op.op}): {p}" for p in exc.problems]) from None
    return graph


def _apply_one(graph: WorkflowGraph, op: EditOperation) -> None:
    if op.op == "set_title":
        if not op.title or not op.title.strip():
            raise GraphError(["set_title needs a title"])
        graph.title = op.title.strip()
    elif op.op == "rename":
        step = _find(graph, op.step_id, "rename")
        if not op.name or not op.name.strip():
            raise GraphError(["rename needs a name"])
        step.name = op.name.strip()
    elif op.op == "reassign":
        step = _find(graph, op.step_id, "reassign")
        step.actor = (op.actor or "").strip() or None
        _relane(graph, step)
    elif op.op == "add":
        if op.step is None:
            raise GraphError(["add needs a step {name, actor?, kind?}"])
        new = Step(
            id=_new_id(graph, "d" if op.step.kind == "decision" else "s"),
            name=op.step.name.strip(),
            actor=(op.step.actor or "").strip() or None,
            kind=op.step.kind,
            systems=op.step.systems,
        )
        _insert_after(graph, new, op.after)
        if new.actor and new.lane is None:
            _relane(graph, new)
    elif op.op == "remove":
        _detach(graph, _find(graph, op.step_id, "remove"))
    elif op.op == "move":
        step = _find(graph, op.step_id, "move")
        if op.after == step.id:
            raise GraphError(["a step cannot move after itself"])
        _detach(graph, step)
        _insert_after(graph, step, op.after)
    elif op.op == "set_next":
        step = _find(graph, op.step_id, "set_next")
        if op.next is None:
            raise GraphError(["set_next needs next: [{to, condition?}]"])
        step.next = [Edge(to=e.to, condition=e.condition) for e in op.next]


__all__ = ["apply", "predecessors"]

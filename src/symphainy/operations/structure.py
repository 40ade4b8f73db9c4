"""Checks for workflows as BPMN allows them: broken references refuse, odd shapes warn.

``graph.validate`` keeps the strict rules of a workflow drawn from an SOP (one start, one
next step per task, every step reachable from the start). A model imported from another
modeller is valid BPMN with several starts, implicit splits, boundary and event paths; it is
accepted, and what looks wrong in it (an unreachable step, a loop with no way out) is listed
as a warning on the workflow instead.
"""

from __future__ import annotations

from collections import Counter, deque

from symphainy.operations.graph import GraphError, Step, WorkflowGraph


def _label(step: Step) -> str:
    return f"“{step.name}” ({step.id})"


def broken(graph: WorkflowGraph) -> list[str]:
    """References that point nowhere: these make a graph unusable, whatever its origin."""
    found: list[str] = []
    ids = [s.id for s in graph.steps]
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        found.append(f"step ids must be unique; repeated: {', '.join(repeated[:10])}")
    known = set(ids)
    for step in graph.steps:
        for edge in step.next:
            if edge.to not in known:
                found.append(f"step {_label(step)} leads to “{edge.to}”, which does not exist")
        if step.parent is not None and step.parent not in known:
            found.append(f"step {_label(step)} is inside a missing sub-process")
    pools = {p.id for p in graph.pools}
    for flow in graph.message_flows:
        for end in (flow.source, flow.target):
            if end not in known and end not in pools:
                found.append(f"message flow {flow.id} joins “{end}”, which does not exist")
    return found


def _entries(graph: WorkflowGraph) -> list[str]:
    """Where BPMN paths may begin: starts, boundary events, event sub-processes, compensation
    handlers and any step nothing leads to."""
    targets = {e.to for s in graph.steps for e in s.next}
    return [
        s.id
        for s in graph.steps
        if s.kind in ("start", "boundary")
        or s.triggered_by_event
        or s.for_compensation
        or s.id not in targets
    ]


def _reach(starts: list[str], forward: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for nxt in forward.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def remarks(graph: WorkflowGraph) -> list[str]:
    """Structural warnings about a valid BPMN model, in words a user can act on."""
    found: list[str] = []
    forward = {s.id: [e.to for e in s.next] for s in graph.steps}
    reached = _reach(_entries(graph), forward)
    unreached = [s for s in graph.steps if s.id not in reached]
    if unreached:
        found.append(
            "no start leads to " + ", ".join(_label(s) for s in unreached[:10]) + " (a cycle "
            "nothing enters)"
        )
    known = {s.id for s in graph.steps}
    loose = [s for s in graph.steps if s.attached_to is not None and s.attached_to not in known]
    if loose:
        found.append(
            "the boundary events "
            + ", ".join(_label(s) for s in loose[:10])
            + " are attached to something that is not an activity of this model"
        )
    backward: dict[str, list[str]] = {s.id: [] for s in graph.steps}
    for step in graph.steps:
        for edge in step.next:
            backward.setdefault(edge.to, []).append(step.id)
    # A path ends where a step has no next step (an end event or BPMN's implicit end).
    finishing = _reach([s.id for s in graph.steps if not s.next], backward)
    stuck = [s for s in graph.steps if s.id in reached and s.id not in finishing]
    if stuck:
        found.append(
            "the steps "
            + ", ".join(_label(s) for s in stuck[:10])
            + " loop with no way out to an end"
        )
    return found


def accept(graph: WorkflowGraph) -> tuple[WorkflowGraph, list[str]]:
    """The graph with derived lists and its warnings; :class:`GraphError` if references break."""
    found = broken(graph)
    if found:
        raise GraphError(found)
    return graph.derive(), remarks(graph)

"""Sentences for what BPMN models and an SOP must still say: exception paths and pools.

The SOP writer lists steps; a model imported from another modeller also has boundary events
(a timer on a task, an error on a sub-process) whose paths only run when something goes wrong,
and several pools, each a party with its own procedure. These helpers phrase both from the
graph, so the SOP can carry them ("If the timer of 2 hours expires during …").
"""

from __future__ import annotations

import re

from symphainy.operations.graph import Step, WorkflowGraph

_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)
_UNITS = (
    ("Y", "year"),
    ("M", "month"),
    ("W", "week"),
    ("D", "day"),
    ("h", "hour"),
    ("m", "minute"),
    ("s", "second"),
)


def duration(text: str) -> str:
    """An ISO 8601 duration in words ("PT2H" -> "2 hours"); other text as it is."""
    found = _DURATION.match(text.strip())
    if not found or not any(found.groupdict().values()):
        return text.strip()
    parts = []
    for key, unit in _UNITS:
        value = found.group(key)
        if value:
            parts.append(f"{int(value)} {unit}{'' if int(value) == 1 else 's'}")
    return " ".join(parts)


def trigger(event: Step) -> str:
    """What sets an event off, as the clause after "If"."""
    detail = event.event_detail
    kinds = event.events or ["none"]
    kind = kinds[0]
    if kind == "timer":
        if event.timer == "timeDuration" and detail:
            return f"the timer of {duration(detail)} expires"
        return f"the time {detail} is reached" if detail else "the timer expires"
    named = f" “{event.name}”" if not event.unnamed else ""
    return {
        "message": f"the message{named} arrives",
        "error": f"the error{named} occurs",
        "escalation": f"the escalation{named} is raised",
        "signal": f"the signal{named} is received",
        "conditional": f"the condition {detail or event.name} holds",
        "compensate": "the work must be compensated (undone)",
        "cancel": "the transaction is cancelled",
    }.get(kind, f"“{event.name}” happens")


def exception_paths(graph: WorkflowGraph) -> list[str]:
    """One sentence per boundary event: its trigger, the step it watches, where it leads."""
    steps = graph.by_id()
    sentences = []
    for event in graph.steps:
        if event.kind != "boundary":
            continue
        host = steps.get(event.attached_to or "")
        where = f" during “{host.name}”" if host is not None else ""
        carry = "" if event.interrupting else " (that step carries on)"
        targets = [steps[e.to].name for e in event.next if e.to in steps]
        compensation = [
            steps[link.target].name
            for link in graph.associations
            if link.source == event.id and link.target in steps
        ]
        targets += compensation
        then = (
            "continue with " + " and ".join(f"“{t}”" for t in targets)
            if targets
            else "that path ends"
        )
        sentences.append(f"If {trigger(event)}{where}{carry}, {then}.")
    return sentences


def pool_sections(graph: WorkflowGraph) -> list[tuple[str, list[Step]]]:
    """Each pool of a collaboration (a party) with its own steps, in the graph's order."""
    return [
        (
            pool.name or pool.process_name or pool.id,
            [s for s in graph.steps if s.pool == pool.id],
        )
        for pool in graph.pools
        if pool.participant
    ]

"""Turning what the reader found in a BPMN file into the workflow graph: kinds, names, flows,
the drawing, and the notes on what was not kept."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from symphainy.operations.bpmn_di import fingerprint, read_diagram
from symphainy.operations.bpmn_vocabulary import (
    BPMN,
    EVENTS,
    EXT,
    SUBPROCESSES,
    TASKS,
    local,
    q,
    ref_id,
    text_of,
)
from symphainy.operations.elements import Artifact, Interchange, Link, MessageFlow, Pool
from symphainy.operations.graph import Edge, RaciRow, Source, Step, WorkflowGraph


@dataclass
class Imported:
    """The imported graph and the notes that tell the user what was not carried over."""

    graph: WorkflowGraph
    notes: list[str] = field(default_factory=list)


@dataclass
class Found:
    root: ET.Element
    steps: list[dict[str, Any]] = field(default_factory=list)
    flows: list[tuple[ET.Element, str | None, str | None]] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    lane_of: dict[str, str] = field(default_factory=dict)
    lane_names: dict[str, str] = field(default_factory=dict)


def loop_marker(element: ET.Element) -> str | None:
    for child in element:
        tag = local(child.tag)
        if tag == "standardLoopCharacteristics":
            return "standard"
        if tag == "multiInstanceLoopCharacteristics":
            return "sequential" if child.get("isSequential") == "true" else "parallel"
    return None


def extension_details(element: ET.Element) -> dict[str, Any]:
    """What a SymphAIny export carried in ``extensionElements`` (actor, action, source …)."""
    found = element.find(f"{q(BPMN, 'extensionElements')}/{q(EXT, 'step')}")
    if found is None or not found.text:
        return {}
    try:
        value = json.loads(found.text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _kind(tag: str, element: ET.Element, outgoing: int) -> str:
    if tag == "startEvent":
        return "start"
    if tag == "endEvent":
        return "end"
    if tag == "boundaryEvent":
        return "boundary"
    if tag in EVENTS:
        return "event"
    if tag in TASKS:
        return "task"
    if tag in SUBPROCESSES:
        return "subprocess"
    if tag == "exclusiveGateway":
        diverging = outgoing > 1 or element.get("gatewayDirection") == "Diverging"
        return "decision" if diverging else "merge"
    if tag == "parallelGateway":
        return "parallel_split" if outgoing > 1 else "parallel_join"
    return {"inclusiveGateway": "inclusive", "complexGateway": "complex"}.get(tag, "event_gateway")


_DEFAULT_NAMES = {
    "start": "Start",
    "end": "End",
    "event": "Event",
    "boundary": "Boundary event",
    "merge": "Merge",
    "parallel_split": "Parallel split",
    "parallel_join": "Parallel join",
    "decision": "Decision",
    "inclusive": "Inclusive gateway",
    "complex": "Complex gateway",
    "event_gateway": "Event-based gateway",
}


def assemble(
    reader: Found,
    pools: list[Pool],
    message_flows: list[MessageFlow],
    raci: list[RaciRow],
    title: str | None,
) -> Imported:
    shapes, routes, planes = read_diagram(reader.root)
    ids = {n["id"] for n in reader.steps}
    outgoing: dict[str, list[Edge]] = {i: [] for i in ids}
    defaults = {n["id"]: n["element"].get("default") for n in reader.steps}
    dropped = 0
    for flow, _pool, _parent in reader.flows:
        source, target, flow_id = (
            flow.get("sourceRef", ""),
            flow.get("targetRef", ""),
            flow.get("id"),
        )
        if source not in ids or target not in ids:
            dropped += 1
            continue
        name = " ".join((flow.get("name") or "").split())
        expression = text_of(flow.find(q(BPMN, "conditionExpression"))) or None
        outgoing[source].append(
            Edge(
                to=target,
                condition=name[:300] or None,
                id=flow_id,
                expression=expression[:4000] if expression else None,
                default=bool(flow_id) and defaults.get(source) == flow_id,
                route=routes.get(flow_id or ""),
            )
        )
    if dropped:
        reader.notes.append(
            f"{dropped} sequence flow{'s' if dropped != 1 else ''} between elements the "
            "workflow does not model were not kept."
        )
    pool_names = {p.id: p.name for p in pools}
    several_pools = sum(1 for p in pools if p.participant) > 1
    steps: list[Step] = []
    for node in reader.steps:
        element, tag = node["element"], node["tag"]
        kind = _kind(tag, element, len(outgoing[node["id"]]))
        details = extension_details(element)
        lane_name = reader.lane_names.get(node["lane"] or "", "") or None
        actor = details.get("actor") if "actor" in details else lane_name
        if actor is None and several_pools and "actor" not in details:
            actor = pool_names.get(node["pool"]) or None
        documentation = element.find(q(BPMN, "documentation"))
        origin: Any = details.get("source") or (
            {"text": text_of(documentation)[:4000]} if text_of(documentation) else None
        )
        name = node["name"] or str(details.get("name") or "")
        steps.append(
            Step(
                id=node["id"],
                kind=kind,
                name=(name or _DEFAULT_NAMES.get(kind, tag))[:300],
                unnamed=not name,
                actor=(actor or None) and str(actor)[:120],
                action=str(details.get("action", ""))[:60],
                inputs=details.get("inputs", []),
                outputs=details.get("outputs", []),
                systems=details.get("systems", []),
                source=Source.model_validate(origin) if origin else None,
                next=outgoing[node["id"]],
                element=tag,
                events=node["events"],
                event_detail=node["detail"],
                timer=node["timer"],
                attached_to=ref_id(element.get("attachedToRef"))
                if tag == "boundaryEvent"
                else None,
                interrupting=(
                    element.get("cancelActivity") != "false"
                    if tag == "boundaryEvent"
                    else element.get("isInterrupting") != "false"
                ),
                parent=node["parent"],
                pool=node["pool"],
                lane=node["lane"],
                loop=loop_marker(element),
                triggered_by_event=element.get("triggeredByEvent") == "true",
                for_compensation=element.get("isForCompensation") == "true",
                called_element=ref_id(element.get("calledElement"))[:200],
                gateway_direction=element.get("gatewayDirection"),
                instantiate=element.get("instantiate") == "true",
                shape=shapes.get(node["id"]),
            )
        )
    for pool in pools:
        pool.shape = shapes.get(pool.id)
        for lane in pool.lanes:
            lane.shape = shapes.get(lane.id)
    for flow_ in message_flows:
        flow_.route = routes.get(flow_.id)
    for artifact in reader.artifacts:
        artifact.shape = shapes.get(artifact.id)
    for link in reader.links:
        link.route = routes.get(link.id)
    known = ids | {p.id for p in pools}
    kept_flows = [m for m in message_flows if m.source in known and m.target in known]
    if len(kept_flows) < len(message_flows):
        reader.notes.append(
            f"{len(message_flows) - len(kept_flows)} message flow(s) that do not join a pool "
            "or a step were not kept."
        )
    if reader.skipped:
        listed = ", ".join(f"{n} × {t}" for t, n in sorted(reader.skipped.items()))
        reader.notes.append(
            f"Not part of the workflow and not kept: {listed} (definitions, resources or "
            "vendor content the workflow does not model)."
        )
    collaboration = reader.root.find(q(BPMN, "collaboration"))
    named = title or (collaboration.get("name") if collaboration is not None else None)
    named = named or next((p.process_name for p in pools if p.process_name), "")
    named = named or next((p.name for p in pools if p.name), "") or "Imported workflow"
    interchange = Interchange(
        definitions_id=reader.root.get("id") or "Definitions_1",
        target_namespace=reader.root.get("targetNamespace") or "https://symphainy.dev/bpmn",
        collaboration_id=collaboration.get("id") if collaboration is not None else None,
        collaboration_name=(collaboration.get("name") or "") if collaboration is not None else "",
        planes=planes,
    )
    graph = WorkflowGraph(
        title=named.strip()[:300] or "Imported workflow",
        steps=steps,
        raci=raci,
        pools=pools,
        message_flows=kept_flows,
        artifacts=reader.artifacts,
        associations=reader.links,
        interchange=interchange,
    )
    graph.interchange = interchange.model_copy(update={"fingerprint": fingerprint(graph)})
    return Imported(graph, reader.notes)

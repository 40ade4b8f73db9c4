"""Writing the workflow as BPMN 2.0 XML with diagram interchange, valid against the OMG XSD.

Every element keeps the id it was imported with; pools, lanes, message flows, events,
sub-processes, data objects, annotations and associations are written back in the order the
schema requires. While the graph's structure is what was imported, the original drawing is
written back; after a structural edit the whole diagram is laid out afresh. What BPMN has no
element for (a step's action, inputs, outputs, systems and source passage) travels in
``extensionElements`` so an export imports back to the same graph.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from symphainy import __version__
from symphainy.operations.bpmn_di import FlowIds, write_diagram
from symphainy.operations.bpmn_vocabulary import (
    BPMN,
    BPMNDI,
    DC,
    DI,
    EXT,
    q,
)
from symphainy.operations.elements import Artifact, Link, Pool
from symphainy.operations.graph import Edge, Step, WorkflowGraph
from symphainy.operations.lanes import with_pools

_TAG = {
    "start": "startEvent",
    "end": "endEvent",
    "task": "task",
    "decision": "exclusiveGateway",
    "merge": "exclusiveGateway",
    "parallel_split": "parallelGateway",
    "parallel_join": "parallelGateway",
    "inclusive": "inclusiveGateway",
    "complex": "complexGateway",
    "event_gateway": "eventBasedGateway",
    "event": "intermediateCatchEvent",
    "boundary": "boundaryEvent",
    "subprocess": "subProcess",
}
_DEFINITION = {
    "message": "messageEventDefinition",
    "timer": "timerEventDefinition",
    "signal": "signalEventDefinition",
    "error": "errorEventDefinition",
    "escalation": "escalationEventDefinition",
    "conditional": "conditionalEventDefinition",
    "link": "linkEventDefinition",
    "compensate": "compensateEventDefinition",
    "cancel": "cancelEventDefinition",
    "terminate": "terminateEventDefinition",
}
_THROWS = ("endEvent", "intermediateThrowEvent")
_CATCHES = ("startEvent", "intermediateCatchEvent", "boundaryEvent")

for _prefix, _uri in (
    ("bpmn", BPMN),
    ("bpmndi", BPMNDI),
    ("dc", DC),
    ("di", DI),
    ("symphainy", EXT),
):
    ET.register_namespace(_prefix, _uri)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, q(BPMN, tag), {k: v for k, v in (attrs or {}).items() if v})


def export(graph: WorkflowGraph) -> str:
    """BPMN 2.0 XML of the graph, with shapes and edges for modellers."""
    graph = with_pools(graph)
    ids = FlowIds(graph)
    info = graph.interchange
    root = ET.Element(
        q(BPMN, "definitions"),
        {
            "id": info.definitions_id if info else "Definitions_1",
            "targetNamespace": info.target_namespace if info else "https://symphainy.dev/bpmn",
            "exporter": "SymphAIny",
            "exporterVersion": __version__,
        },
    )
    participants = [p for p in graph.pools if p.participant]
    collaboration_id = (info.collaboration_id if info else None) or "Collaboration_1"
    if participants or graph.message_flows:
        collab = _sub(
            root,
            "collaboration",
            {"id": collaboration_id, "name": info.collaboration_name if info else ""},
        )
        for pool in participants:
            _sub(
                collab,
                "participant",
                {"id": pool.id, "name": pool.name, "processRef": pool.process or ""},
            )
        for flow in graph.message_flows:
            _sub(
                collab,
                "messageFlow",
                {
                    "id": flow.id,
                    "name": flow.name,
                    "sourceRef": flow.source,
                    "targetRef": flow.target,
                },
            )
        _artifacts(collab, graph, None, None, ids)
    first = True
    written: set[str] = set()
    for pool in graph.pools:
        # Two participants may run the same process: it is written once.
        if pool.process is None or pool.process in written:
            continue
        written.add(pool.process)
        process = _sub(
            root,
            "process",
            {
                "id": pool.process,
                "name": pool.process_name,
                "isExecutable": "" if pool.executable is None else str(pool.executable).lower(),
            },
        )
        if first and graph.raci:
            ext = _sub(process, "extensionElements")
            ET.SubElement(ext, q(EXT, "raci")).text = json.dumps(
                [r.model_dump(mode="json") for r in graph.raci]
            )
        first = False
        _lane_sets(process, pool, graph)
        _content(process, graph, pool.id, None, ids)
    write_diagram(
        root, graph, ids, collaboration_id if (participants or graph.message_flows) else None
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _lane_sets(process: ET.Element, pool: Pool, graph: WorkflowGraph) -> None:
    if not pool.lanes:
        return
    members: dict[str, list[str]] = {}
    for step in graph.steps:
        if step.pool == pool.id and step.lane and step.parent is None:
            members.setdefault(step.lane, []).append(step.id)

    def fill(container: ET.Element, parent: str | None) -> None:
        for lane in [lane for lane in pool.lanes if lane.parent == parent]:
            element = _sub(container, "lane", {"id": lane.id, "name": lane.name})
            nodes = members.get(lane.id, []) + _descendant_members(pool, lane.id, members)
            for node in nodes:
                ET.SubElement(element, q(BPMN, "flowNodeRef")).text = node
            if any(child.parent == lane.id for child in pool.lanes):
                child_set = _sub(element, "childLaneSet", {"id": f"{lane.id}_lanes"})
                fill(child_set, lane.id)

    top_set = next(
        (lane.lane_set for lane in pool.lanes if lane.parent is None and lane.lane_set), None
    )
    lane_set = _sub(process, "laneSet", {"id": top_set or f"LaneSet_{pool.process}"})
    fill(lane_set, None)


def _descendant_members(pool: Pool, lane_id: str, members: dict[str, list[str]]) -> list[str]:
    """A parent lane lists the nodes of its child lanes too, as modellers write it."""
    out: list[str] = []
    for child in pool.lanes:
        if child.parent == lane_id:
            out += members.get(child.id, []) + _descendant_members(pool, child.id, members)
    return out


def _content(
    container: ET.Element, graph: WorkflowGraph, pool: str, parent: str | None, ids: FlowIds
) -> None:
    """Flow nodes, sequence flows, data and annotations of one process or sub-process."""
    inside = [s for s in graph.steps if s.pool == pool and s.parent == parent]
    incoming: dict[str, list[str]] = {}
    for step in graph.steps:
        for index, edge in enumerate(step.next):
            incoming.setdefault(edge.to, []).append(ids.flows[(step.id, index)])
    for step in inside:
        _step(container, step, graph, incoming.get(step.id, []), ids)
    for artifact in graph.artifacts:
        if artifact.pool == pool and artifact.parent == parent and artifact.type.startswith("data"):
            _artifact(container, artifact, graph)
    for step in inside:
        for index, edge in enumerate(step.next):
            _flow(container, step, edge, ids.flows[(step.id, index)])
    _artifacts(container, graph, pool, parent, ids)


def _artifacts(
    container: ET.Element, graph: WorkflowGraph, pool: str | None, parent: str | None, ids: FlowIds
) -> None:
    for artifact in graph.artifacts:
        if (
            artifact.pool == pool
            and artifact.parent == parent
            and not artifact.type.startswith("data")
        ):
            _artifact(container, artifact, graph)
    for link in graph.associations:
        if link.type == "association" and link.pool == pool and link.parent == parent:
            _sub(
                container,
                "association",
                {
                    "id": link.id,
                    "sourceRef": link.source,
                    "targetRef": link.target,
                    "associationDirection": link.direction or "",
                },
            )


def _artifact(container: ET.Element, artifact: Artifact, graph: WorkflowGraph) -> None:
    known = {a.id for a in graph.artifacts}
    attrs = {"id": artifact.id, "name": artifact.name}
    if artifact.type == "dataObjectReference" and artifact.ref in known:
        attrs["dataObjectRef"] = artifact.ref or ""
    if artifact.type == "dataObject" and artifact.collection:
        attrs["isCollection"] = "true"
    element = _sub(container, artifact.type, attrs)
    if artifact.type == "textAnnotation":
        element.attrib.pop("name", None)
        _sub(element, "text").text = artifact.text


def _flow(container: ET.Element, step: Step, edge: Edge, flow_id: str) -> None:
    element = _sub(
        container,
        "sequenceFlow",
        {"id": flow_id, "name": edge.condition or "", "sourceRef": step.id, "targetRef": edge.to},
    )
    if edge.expression:
        _sub(element, "conditionExpression").text = edge.expression


def _step(
    container: ET.Element, step: Step, graph: WorkflowGraph, incoming: list[str], ids: FlowIds
) -> None:
    tag = step.element or _TAG[step.kind]
    attrs = {"id": step.id, "name": "" if step.unnamed else step.name}
    default = next((ids.flows[(step.id, i)] for i, e in enumerate(step.next) if e.default), "")
    if tag.endswith("Gateway"):
        attrs["gatewayDirection"] = step.gateway_direction or {
            "decision": "Diverging",
            "parallel_split": "Diverging",
            "parallel_join": "Converging",
            "merge": "Converging",
        }.get(step.kind, "")
        if tag != "parallelGateway" and tag != "eventBasedGateway":
            attrs["default"] = default
        if tag == "eventBasedGateway" and step.instantiate:
            attrs["instantiate"] = "true"
    elif tag == "boundaryEvent":
        attrs["attachedToRef"] = step.attached_to or ""
        attrs["cancelActivity"] = "" if step.interrupting else "false"
    elif tag == "startEvent" and not step.interrupting:
        attrs["isInterrupting"] = "false"
    elif tag not in _THROWS + _CATCHES:
        attrs["default"] = default
        if step.for_compensation:
            attrs["isForCompensation"] = "true"
        if step.triggered_by_event:
            attrs["triggeredByEvent"] = "true"
        if tag == "callActivity":
            attrs["calledElement"] = step.called_element
    node = _sub(container, tag, attrs)
    if step.source and step.source.text:
        _sub(node, "documentation").text = step.source.text
    details = step.model_dump(
        mode="json", include={"actor", "kind", "action", "inputs", "outputs", "systems", "source"}
    )
    ext = _sub(node, "extensionElements")
    ET.SubElement(ext, q(EXT, "step")).text = json.dumps(details)
    for flow in incoming:
        ET.SubElement(node, q(BPMN, "incoming")).text = flow
    for index in range(len(step.next)):
        ET.SubElement(node, q(BPMN, "outgoing")).text = ids.flows[(step.id, index)]
    into = [
        lk
        for lk in graph.associations
        if lk.type == "dataInputAssociation" and lk.target == step.id
    ]
    out_of = [
        lk
        for lk in graph.associations
        if lk.type == "dataOutputAssociation" and lk.source == step.id
    ]
    if tag in _CATCHES or tag in _THROWS or tag == "intermediateThrowEvent":
        _event_body(node, step, tag, into, out_of)
        return
    for link in into:
        _sub(node, "property", {"id": f"{link.id}_target", "name": "__targetRef_placeholder"})
    _associations(node, into, out_of)
    if step.loop == "standard":
        _sub(node, "standardLoopCharacteristics")
    elif step.loop:
        _sub(
            node,
            "multiInstanceLoopCharacteristics",
            {"isSequential": "true" if step.loop == "sequential" else ""},
        )
    if step.kind == "subprocess" and step.pool:
        _content(node, graph, step.pool, step.id, ids)


def _associations(node: ET.Element, into: list[Link], out_of: list[Link]) -> None:
    for link in into:
        association = _sub(node, "dataInputAssociation", {"id": link.id})
        if link.source:  # empty: the file mapped values by assignment, not a data object
            _sub(association, "sourceRef").text = link.source
        _sub(association, "targetRef").text = f"{link.id}_target"
    for link in out_of:
        association = _sub(node, "dataOutputAssociation", {"id": link.id})
        _sub(association, "targetRef").text = link.target


def _event_body(
    node: ET.Element, step: Step, tag: str, into: list[Link], out_of: list[Link]
) -> None:
    if tag in _THROWS:
        for link in into:
            _sub(node, "dataInput", {"id": f"{link.id}_target"})
        _associations(node, into, [])
    else:
        _associations(node, [], out_of)
    for kind in step.events:
        definition = _sub(node, _DEFINITION[kind])
        if kind == "timer" and step.event_detail:
            _sub(definition, step.timer or "timeDuration").text = step.event_detail
        elif kind == "link":
            definition.set("name", step.event_detail or step.name)
        elif kind == "conditional":
            _sub(definition, "condition").text = step.event_detail

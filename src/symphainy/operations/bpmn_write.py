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
from symphainy.operations.bpmn_read import BPMN, BPMNDI, DC, DI, EXT, fingerprint
from symphainy.operations.elements import Artifact, Link, Pool, Route, Shape
from symphainy.operations.graph import Edge, Step, WorkflowGraph
from symphainy.operations.layout import Box, Layout, layout, with_pools

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


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, _q(BPMN, tag), {k: v for k, v in (attrs or {}).items() if v})


class _Ids:
    """Flow ids: the imported one, else ``Flow_<source>_<target>`` made unique."""

    def __init__(self, graph: WorkflowGraph) -> None:
        self.taken = {s.id for s in graph.steps} | {
            e.id for s in graph.steps for e in s.next if e.id
        }
        self.flows: dict[tuple[str, int], str] = {}
        for step in graph.steps:
            for index, edge in enumerate(step.next):
                flow_id = edge.id
                if not flow_id:
                    flow_id = f"Flow_{step.id}_{edge.to}"[:190]
                    while flow_id in self.taken:
                        flow_id += "_"
                    self.taken.add(flow_id)
                self.flows[(step.id, index)] = flow_id


def export(graph: WorkflowGraph) -> str:
    """BPMN 2.0 XML of the graph, with shapes and edges for modellers."""
    graph = with_pools(graph)
    ids = _Ids(graph)
    info = graph.interchange
    root = ET.Element(
        _q(BPMN, "definitions"),
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
    for pool in graph.pools:
        if pool.process is None:
            continue
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
            ET.SubElement(ext, _q(EXT, "raci")).text = json.dumps(
                [r.model_dump(mode="json") for r in graph.raci]
            )
        first = False
        _lane_sets(process, pool, graph)
        _content(process, graph, pool.id, None, ids)
    _diagram(root, graph, ids, collaboration_id if (participants or graph.message_flows) else None)
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
                ET.SubElement(element, _q(BPMN, "flowNodeRef")).text = node
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
    container: ET.Element, graph: WorkflowGraph, pool: str, parent: str | None, ids: _Ids
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
    container: ET.Element, graph: WorkflowGraph, pool: str | None, parent: str | None, ids: _Ids
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
    container: ET.Element, step: Step, graph: WorkflowGraph, incoming: list[str], ids: _Ids
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
    ET.SubElement(ext, _q(EXT, "step")).text = json.dumps(details)
    for flow in incoming:
        ET.SubElement(node, _q(BPMN, "incoming")).text = flow
    for index in range(len(step.next)):
        ET.SubElement(node, _q(BPMN, "outgoing")).text = ids.flows[(step.id, index)]
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


def _diagram(root: ET.Element, graph: WorkflowGraph, ids: _Ids, collaboration: str | None) -> None:
    info = graph.interchange
    keep = bool(info and info.planes and info.fingerprint == fingerprint(graph))
    used = {str(e.get("id")) for e in root.iter() if e.get("id")}
    order = {str(e.get("id")): i for i, e in enumerate(root.iter()) if e.get("id")}
    if keep and info is not None:
        planes = {}
        for diagram_id, plane_id, element in info.planes:
            diagram = ET.SubElement(root, _q(BPMNDI, "BPMNDiagram"), {"id": diagram_id})
            planes[plane_id] = ET.SubElement(
                diagram,
                _q(BPMNDI, "BPMNPlane"),
                {"id": plane_id, "bpmnElement": element} if element else {"id": plane_id},
            )
        first = next(iter(planes.values()))
        used |= {p for _d, p, _e in info.planes} | {d for d, _p, _e in info.planes}
        # In the order the model was written, so export -> import -> export is stable.
        for element_id, shape in sorted(_shapes(graph), key=lambda s: order.get(s[0], 0)):
            _shape(planes.get(shape.plane or "", first), element_id, shape, used)
        for element_id, route in sorted(_routes(graph, ids), key=lambda r: order.get(r[0], 0)):
            _edge(planes.get(route.plane or "", first), element_id, route, used)
        return
    plan = layout(graph, wrap_columns=None)
    target = collaboration or next((p.process for p in graph.pools if p.process), "")
    diagram_id = _di_id("BPMNDiagram_1", "BPMNDiagram_1", used)
    diagram = ET.SubElement(root, _q(BPMNDI, "BPMNDiagram"), {"id": diagram_id})
    plane_id = _di_id("BPMNPlane_1", "BPMNPlane_1", used)
    attrs = {"id": plane_id, "bpmnElement": target} if target else {"id": plane_id}
    plane = ET.SubElement(diagram, _q(BPMNDI, "BPMNPlane"), attrs)
    _computed(plane, graph, plan, ids, used)


def _shapes(graph: WorkflowGraph) -> list[tuple[str, Shape]]:
    found: list[tuple[str, Shape]] = []
    for pool in graph.pools:
        if pool.shape and pool.participant:
            found.append((pool.id, pool.shape))
        found += [(lane.id, lane.shape) for lane in pool.lanes if lane.shape]
    found += [(s.id, s.shape) for s in graph.steps if s.shape]
    found += [(a.id, a.shape) for a in graph.artifacts if a.shape]
    return found


def _routes(graph: WorkflowGraph, ids: _Ids) -> list[tuple[str, Route]]:
    found: list[tuple[str, Route]] = []
    for step in graph.steps:
        for index, edge in enumerate(step.next):
            if edge.route:
                found.append((ids.flows[(step.id, index)], edge.route))
    found += [(m.id, m.route) for m in graph.message_flows if m.route]
    found += [(lk.id, lk.route) for lk in graph.associations if lk.route]
    return found


def _bounds(parent: ET.Element, x: float, y: float, w: float, h: float) -> None:
    ET.SubElement(
        parent,
        _q(DC, "Bounds"),
        {"x": f"{x:.0f}", "y": f"{y:.0f}", "width": f"{w:.0f}", "height": f"{h:.0f}"},
    )


def _di_id(own: str | None, element_id: str, used: set[str]) -> str:
    candidate = own if own and own not in used else f"{element_id}_di"
    while candidate in used:
        candidate += "_"
    used.add(candidate)
    return candidate


def _shape(plane: ET.Element, element_id: str, shape: Shape, used: set[str]) -> None:
    attrs = {"id": _di_id(shape.id, element_id, used), "bpmnElement": element_id}
    for key, attr in (
        ("horizontal", "isHorizontal"),
        ("expanded", "isExpanded"),
        ("marker_visible", "isMarkerVisible"),
    ):
        value = getattr(shape, key)
        if value is not None:
            attrs[attr] = str(value).lower()
    element = ET.SubElement(plane, _q(BPMNDI, "BPMNShape"), attrs)
    _bounds(element, shape.x, shape.y, shape.w, shape.h)
    if shape.label:
        _bounds(ET.SubElement(element, _q(BPMNDI, "BPMNLabel")), *shape.label)


def _edge(plane: ET.Element, element_id: str, route: Route, used: set[str]) -> None:
    element = ET.SubElement(
        plane,
        _q(BPMNDI, "BPMNEdge"),
        {"id": _di_id(route.id, element_id, used), "bpmnElement": element_id},
    )
    points = (
        route.points
        if len(route.points) >= 2
        else [*route.points, *route.points, (0, 0), (0, 0)][:2]
    )
    for x, y in points:
        ET.SubElement(element, _q(DI, "waypoint"), {"x": f"{x:.0f}", "y": f"{y:.0f}"})
    if route.label:
        _bounds(ET.SubElement(element, _q(BPMNDI, "BPMNLabel")), *route.label)


def _computed(
    plane: ET.Element, graph: WorkflowGraph, plan: Layout, ids: _Ids, used: set[str]
) -> None:
    for pool in plan.pools:
        if pool.participant:
            _shape(
                plane, pool.id, Shape(x=pool.x, y=pool.y, w=pool.w, h=pool.h, horizontal=True), used
            )
        for lane in pool.lanes:
            if lane.id:
                lane_shape = Shape(x=lane.x, y=lane.y, w=lane.w, h=lane.h, horizontal=True)
                _shape(plane, lane.id, lane_shape, used)
    for step in graph.steps:
        box = plan.boxes.get(step.id)
        if box is None:
            continue
        shape = _box(box)
        if step.element == "exclusiveGateway" or step.kind in ("decision", "merge"):
            shape.marker_visible = True
        if step.kind == "subprocess":
            shape.expanded = False
        _shape(plane, step.id, shape, used)
    for artifact in graph.artifacts:
        box = plan.boxes.get(artifact.id)
        if box is not None:
            _shape(plane, artifact.id, _box(box), used)
    for (step_id, index), points in plan.edges.items():
        _edge(plane, ids.flows[(step_id, index)], Route(points=points), used)
    for flow_id, points in plan.messages.items():
        if len(points) >= 2:
            _edge(plane, flow_id, Route(points=points), used)
    for link_id, points in plan.links.items():
        _edge(plane, link_id, Route(points=points), used)


def _box(box: Box) -> Shape:
    return Shape(x=box.x, y=box.y, w=box.w, h=box.h)

"""BPMN 2.0 XML: export with diagram interchange (pool, lanes, shapes, edges), and import.

Export: one pool with a lane per actor; start/end events, tasks, exclusive and parallel
gateways, sequence flows named by their condition. What BPMN has no element for (the step's
action, inputs, outputs, systems and source passage) travels in ``extensionElements`` so an
export imports back to the same graph. Import reads BPMN from any modeller (defusedxml: no DTD,
no entities), folds merge-only gateways into plain edges and validates the result.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from symphainy import __version__
from symphainy.operations.graph import (
    ID_PATTERN,
    Edge,
    GraphError,
    RaciRow,
    Source,
    Step,
    WorkflowGraph,
    validate,
)
from symphainy.operations.layout import lane_of, layout

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
EXT = "https://symphainy.dev/schema/bpmn"
MAX_BYTES = 5 * 1024 * 1024
for _prefix, _uri in (
    ("bpmn", BPMN),
    ("bpmndi", BPMNDI),
    ("dc", DC),
    ("di", DI),
    ("symphainy", EXT),
):
    ET.register_namespace(_prefix, _uri)

_ELEMENT = {
    "start": "startEvent",
    "end": "endEvent",
    "task": "task",
    "decision": "exclusiveGateway",
    "parallel_split": "parallelGateway",
    "parallel_join": "parallelGateway",
}
_TASKS = {
    "task",
    "userTask",
    "serviceTask",
    "manualTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "callActivity",
    "subProcess",
    "transaction",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
}
_CHOICE = {"exclusiveGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}


class BpmnError(ValueError):
    """The file is not BPMN we can read safely; the message says why."""


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _flow_id(source: str, target: str) -> str:
    return f"Flow_{source}_{target}"[:200]


def export(graph: WorkflowGraph) -> str:
    """BPMN 2.0 XML of the graph, with shapes and edges laid out for modellers."""
    plan = layout(graph)
    root = ET.Element(
        _q(BPMN, "definitions"),
        {
            "id": "Definitions_1",
            "targetNamespace": "https://symphainy.dev/bpmn",
            "exporter": "SymphAIny",
            "exporterVersion": __version__,
        },
    )
    collab = ET.SubElement(root, _q(BPMN, "collaboration"), {"id": "Collaboration_1"})
    ET.SubElement(
        collab,
        _q(BPMN, "participant"),
        {"id": "Participant_1", "name": graph.title, "processRef": "Process_1"},
    )
    process = ET.SubElement(
        root, _q(BPMN, "process"), {"id": "Process_1", "name": graph.title, "isExecutable": "false"}
    )
    if graph.raci:
        ext = ET.SubElement(process, _q(BPMN, "extensionElements"))
        ET.SubElement(ext, _q(EXT, "raci")).text = json.dumps(
            [r.model_dump(mode="json") for r in graph.raci]
        )
    lane_set = ET.SubElement(process, _q(BPMN, "laneSet"), {"id": "LaneSet_1"})
    lane_ids = {}
    for index, lane in enumerate(plan.lanes, start=1):
        lane_ids[lane.name] = f"Lane_{index}"
        element = ET.SubElement(
            lane_set, _q(BPMN, "lane"), {"id": f"Lane_{index}", "name": lane.name}
        )
        for step_id in lane.steps:
            ET.SubElement(element, _q(BPMN, "flowNodeRef")).text = step_id
    incoming: dict[str, list[str]] = {s.id: [] for s in graph.steps}
    for step in graph.steps:
        for edge in step.next:
            incoming[edge.to].append(_flow_id(step.id, edge.to))
    for step in graph.steps:
        node = ET.SubElement(
            process, _q(BPMN, _ELEMENT[step.kind]), {"id": step.id, "name": step.name}
        )
        if step.kind == "decision" or step.kind == "parallel_split":
            node.set("gatewayDirection", "Diverging")
        elif step.kind == "parallel_join":
            node.set("gatewayDirection", "Converging")
        if step.source and step.source.text:
            ET.SubElement(node, _q(BPMN, "documentation")).text = step.source.text
        details = step.model_dump(
            mode="json",
            include={"actor", "kind", "action", "inputs", "outputs", "systems", "source"},
        )
        ext = ET.SubElement(node, _q(BPMN, "extensionElements"))
        ET.SubElement(ext, _q(EXT, "step")).text = json.dumps(details)
        for flow in incoming[step.id]:
            ET.SubElement(node, _q(BPMN, "incoming")).text = flow
        for edge in step.next:
            ET.SubElement(node, _q(BPMN, "outgoing")).text = _flow_id(step.id, edge.to)
    for step in graph.steps:
        for edge in step.next:
            attrs = {"id": _flow_id(step.id, edge.to), "sourceRef": step.id, "targetRef": edge.to}
            if edge.condition:
                attrs["name"] = edge.condition
            ET.SubElement(process, _q(BPMN, "sequenceFlow"), attrs)
    _diagram(root, graph, plan, lane_ids)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _bounds(parent: ET.Element, x: float, y: float, w: float, h: float) -> None:
    ET.SubElement(
        parent,
        _q(DC, "Bounds"),
        {"x": f"{x:.0f}", "y": f"{y:.0f}", "width": f"{w:.0f}", "height": f"{h:.0f}"},
    )


def _diagram(root: ET.Element, graph: WorkflowGraph, plan: Any, lane_ids: dict[str, str]) -> None:
    diagram = ET.SubElement(root, _q(BPMNDI, "BPMNDiagram"), {"id": "BPMNDiagram_1"})
    plane = ET.SubElement(
        diagram, _q(BPMNDI, "BPMNPlane"), {"id": "BPMNPlane_1", "bpmnElement": "Collaboration_1"}
    )
    pool_x, pool_y = 10.0, plan.lanes[0].y if plan.lanes else 30.0
    pool_w = plan.width - 20
    pool_h = sum(lane.h for lane in plan.lanes)
    shape = ET.SubElement(
        plane,
        _q(BPMNDI, "BPMNShape"),
        {"id": "Participant_1_di", "bpmnElement": "Participant_1", "isHorizontal": "true"},
    )
    _bounds(shape, pool_x, pool_y, pool_w, pool_h)
    for lane in plan.lanes:
        shape = ET.SubElement(
            plane,
            _q(BPMNDI, "BPMNShape"),
            {
                "id": f"{lane_ids[lane.name]}_di",
                "bpmnElement": lane_ids[lane.name],
                "isHorizontal": "true",
            },
        )
        _bounds(shape, pool_x + 30, lane.y, pool_w - 30, lane.h)
    for step in graph.steps:
        box = plan.boxes[step.id]
        attrs = {"id": f"{step.id}_di", "bpmnElement": step.id}
        if step.kind == "decision":
            attrs["isMarkerVisible"] = "true"
        shape = ET.SubElement(plane, _q(BPMNDI, "BPMNShape"), attrs)
        _bounds(shape, box.x, box.y, box.w, box.h)
    for (source, target), points in plan.edges.items():
        edge = ET.SubElement(
            plane,
            _q(BPMNDI, "BPMNEdge"),
            {"id": f"{_flow_id(source, target)}_di", "bpmnElement": _flow_id(source, target)},
        )
        for x, y in points:
            ET.SubElement(edge, _q(DI, "waypoint"), {"x": f"{x:.0f}", "y": f"{y:.0f}"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _safe_id(value: str, used: set[str]) -> str:
    candidate = (
        value if re.match(ID_PATTERN, value) else "n_" + re.sub(r"[^A-Za-z0-9_.-]", "_", value)[:60]
    )
    while candidate in used:
        candidate += "_"
    used.add(candidate)
    return candidate


def parse(data: bytes) -> ET.Element:
    """The XML root, refusing DTDs and entities (billion laughs, external entities)."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise BpmnError(f"the BPMN file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BpmnError(
            "the XML declares a document type or entities; refused as a possible "
            "entity-expansion attack"
        ) from exc
    except ET.ParseError as exc:
        raise BpmnError(f"the XML is not well-formed ({exc})") from exc
    if root.tag != _q(BPMN, "definitions"):
        raise BpmnError("this is not BPMN 2.0 XML (no bpmn:definitions root element)")
    return root  # type: ignore[no-any-return]


def import_graph(data: bytes, title: str | None = None) -> WorkflowGraph:
    """The workflow a BPMN 2.0 file models, validated."""
    root = parse(data)
    processes = [
        p
        for p in root.findall(_q(BPMN, "process"))
        if any(_local(c.tag) in _TASKS | _CHOICE | {"startEvent"} for c in p)
    ]
    if not processes:
        raise BpmnError("the BPMN model contains no process with steps")
    process = processes[0]
    actors: dict[str, str] = {}
    for lane in process.iter(_q(BPMN, "lane")):
        for ref in lane.findall(_q(BPMN, "flowNodeRef")):
            if ref.text and lane.get("name"):
                actors[ref.text.strip()] = lane.get("name", "").strip()[:120]
    nodes: dict[str, dict[str, Any]] = {}
    flows: list[tuple[str, str, str | None]] = []
    used: set[str] = set()
    for child in process:
        tag, raw_id = _local(child.tag), child.get("id", "")
        if tag == "sequenceFlow":
            flows.append(
                (child.get("sourceRef", ""), child.get("targetRef", ""), child.get("name") or None)
            )
            continue
        kind = (
            "start"
            if tag == "startEvent"
            else "end"
            if tag == "endEvent"
            else "task"
            if tag in _TASKS
            else "decision"
            if tag in _CHOICE
            else "parallel"
            if tag == "parallelGateway"
            else None
        )
        if kind is None or not raw_id:
            continue
        nodes[raw_id] = {
            "id": _safe_id(raw_id, used),
            "kind": kind,
            "tag": tag,
            "name": (child.get("name") or "").strip(),
            "element": child,
        }
    starts = [n for n in nodes.values() if n["kind"] == "start"]
    if len(starts) != 1:
        raise BpmnError(f"the process has {len(starts)} start events; a workflow has exactly one")
    outgoing: dict[str, list[tuple[str, str | None]]] = {k: [] for k in nodes}
    incoming: dict[str, int] = dict.fromkeys(nodes, 0)
    for source, target, name in flows:
        if source in nodes and target in nodes:
            outgoing[source].append((target, name))
            incoming[target] += 1
    # Merge-only gateways have no counterpart in the graph: their edges go straight through.
    passthrough = {
        k
        for k, n in nodes.items()
        if len(outgoing[k]) == 1
        and (n["kind"] == "decision" or (n["kind"] == "parallel" and incoming[k] <= 1))
    }

    def follow(target: str, seen: frozenset[str] = frozenset()) -> str:
        if target in passthrough and target not in seen:
            return follow(outgoing[target][0][0], seen | {target})
        return target

    steps: list[Step] = []
    for raw_id, node in nodes.items():
        if raw_id in passthrough:
            continue
        kind = node["kind"]
        if kind == "parallel":
            kind = "parallel_split" if len(outgoing[raw_id]) > 1 else "parallel_join"
        details = _details(node["element"])
        actor = details["actor"] if "actor" in details else actors.get(raw_id)
        origin: Any = details.get("source") or (
            {"text": node["element"].findtext(_q(BPMN, "documentation"), "")[:4000]}
            if node["element"].find(_q(BPMN, "documentation")) is not None
            else None
        )
        steps.append(
            Step(
                id=node["id"],
                kind=kind,
                actor=actor,
                name=(node["name"] or details.get("name") or node["tag"])[:300],
                action=str(details.get("action", ""))[:60],
                inputs=details.get("inputs", []),
                outputs=details.get("outputs", []),
                systems=details.get("systems", []),
                source=Source.model_validate(origin) if origin else None,
                next=[
                    Edge(to=nodes[follow(t)]["id"], condition=(c or None) and c[:300])
                    for t, c in outgoing[raw_id]
                ],
            )
        )
    raci = _raci(process)
    name = title or process.get("name") or _participant_name(root) or "Imported workflow"
    try:
        return validate(WorkflowGraph(title=name[:300], steps=steps, raci=raci))
    except GraphError:
        raise
    except ValueError as exc:
        raise BpmnError(f"the BPMN model cannot be read as a workflow: {exc}") from exc


def _details(element: ET.Element) -> dict[str, Any]:
    found = element.find(f"{_q(BPMN, 'extensionElements')}/{_q(EXT, 'step')}")
    if found is None or not found.text:
        return {}
    try:
        value = json.loads(found.text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _raci(process: ET.Element) -> list[RaciRow]:
    found = process.find(f"{_q(BPMN, 'extensionElements')}/{_q(EXT, 'raci')}")
    if found is None or not found.text:
        return []
    try:
        return [RaciRow.model_validate(r) for r in json.loads(found.text)]
    except ValueError:
        return []


def _participant_name(root: ET.Element) -> str | None:
    for participant in root.iter(_q(BPMN, "participant")):
        if participant.get("name"):
            return participant.get("name")
    return None


__all__ = ["BpmnError", "export", "import_graph", "lane_of", "parse"]

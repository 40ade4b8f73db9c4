"""Reading BPMN 2.0 that any modeller wrote into the workflow model, without loss.

Every pool, lane, flow node, sequence and message flow, data object, annotation and
association becomes part of the graph with its original id and drawing. What the model has no
place for (resource roles, root definitions such as messages, vendor extensions) is listed in
a note, so nothing disappears silently. Structure is not judged here: a valid BPMN file is
imported, and remarks about it (an unreachable step, a loop without exit) become warnings.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from symphainy.operations.elements import (
    Artifact,
    Interchange,
    LaneDef,
    Link,
    MessageFlow,
    Pool,
    Route,
    Shape,
)
from symphainy.operations.graph import Edge, RaciRow, Source, Step, WorkflowGraph

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
EXT = "https://symphainy.dev/schema/bpmn"

TASKS = frozenset(
    {
        "task",
        "userTask",
        "serviceTask",
        "manualTask",
        "scriptTask",
        "businessRuleTask",
        "sendTask",
        "receiveTask",
        "callActivity",
    }
)
SUBPROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
GATEWAYS = frozenset(
    {
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
        "complexGateway",
        "eventBasedGateway",
    }
)
EVENTS = frozenset(
    {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
)
FLOW_NODES = TASKS | SUBPROCESSES | GATEWAYS | EVENTS
ARTIFACTS = frozenset(
    {"dataObject", "dataObjectReference", "dataStoreReference", "textAnnotation", "group"}
)
EVENT_DEFINITIONS = {
    "messageEventDefinition": "message",
    "timerEventDefinition": "timer",
    "signalEventDefinition": "signal",
    "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation",
    "conditionalEventDefinition": "conditional",
    "linkEventDefinition": "link",
    "compensateEventDefinition": "compensate",
    "cancelEventDefinition": "cancel",
    "terminateEventDefinition": "terminate",
}
# Children that are part of an element already read (or its drawing), not content of their own.
_STRUCTURAL = frozenset(
    {
        "documentation",
        "extensionElements",
        "incoming",
        "outgoing",
        "laneSet",
        "conditionExpression",
        "loopCharacteristics",
        "standardLoopCharacteristics",
        "multiInstanceLoopCharacteristics",
        "dataInputAssociation",
        "dataOutputAssociation",
        "eventDefinitionRef",
        *EVENT_DEFINITIONS,
    }
)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _ns(tag: Any) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


@dataclass
class Imported:
    """The imported graph and the notes that tell the user what was not carried over."""

    graph: WorkflowGraph
    notes: list[str] = field(default_factory=list)


@dataclass
class _Reader:
    root: ET.Element
    steps: list[dict[str, Any]] = field(default_factory=list)
    flows: list[tuple[ET.Element, str | None, str | None]] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    lane_of: dict[str, str] = field(default_factory=dict)
    lane_names: dict[str, str] = field(default_factory=dict)


def _ref(value: str | None) -> str:
    """An id from a reference; QName references may carry a namespace prefix."""
    return (value or "").strip().rsplit(":", 1)[-1]


def _unique(candidate: str, taken: set[str]) -> str:
    while candidate in taken:
        candidate += "_"
    return candidate


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


_IDENTIFIED = (
    FLOW_NODES
    | ARTIFACTS
    | {
        "process",
        "collaboration",
        "participant",
        "messageFlow",
        "sequenceFlow",
        "association",
        "dataInputAssociation",
        "dataOutputAssociation",
        "lane",
        "laneSet",
    }
)


def _name_missing_ids(root: ET.Element) -> int:
    """Give elements the file left without an id (BPMN allows it) a stable one of their own."""
    taken = {e.get("id") for e in root.iter() if e.get("id")}
    given = 0
    for element in root.iter():
        tag = local(element.tag)
        if _ns(element.tag) == BPMN and tag in _IDENTIFIED and not element.get("id"):
            given += 1
            candidate = f"{tag}_{given}"
            while candidate in taken:
                candidate += "_"
            taken.add(candidate)
            element.set("id", candidate)
    return given


def _events(element: ET.Element) -> tuple[list[str], str, str | None]:
    kinds: list[str] = []
    detail, timer = "", None
    for child in element:
        kind = EVENT_DEFINITIONS.get(local(child.tag))
        if kind is None:
            continue
        kinds.append(kind)
        if kind == "timer":
            for part in child:
                if local(part.tag) in ("timeDate", "timeDuration", "timeCycle"):
                    timer, detail = local(part.tag), _text(part)
        elif kind == "link":
            detail = child.get("name", "")
        elif kind == "conditional":
            detail = _text(child.find(_q(BPMN, "condition")))
    return kinds, detail[:300], timer


def _loop(element: ET.Element) -> str | None:
    for child in element:
        tag = local(child.tag)
        if tag == "standardLoopCharacteristics":
            return "standard"
        if tag == "multiInstanceLoopCharacteristics":
            return "sequential" if child.get("isSequential") == "true" else "parallel"
    return None


def _details(element: ET.Element) -> dict[str, Any]:
    """What a SymphAIny export carried in ``extensionElements`` (actor, action, source …)."""
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


def _lanes(reader: _Reader, lane_set: ET.Element, parent: str | None, out: list[LaneDef]) -> None:
    for lane in lane_set.findall(_q(BPMN, "lane")):
        lane_id = lane.get("id", "")
        name = (lane.get("name") or "").strip()
        out.append(LaneDef(id=lane_id, name=name[:300], parent=parent, lane_set=lane_set.get("id")))
        reader.lane_names[lane_id] = name
        for ref in lane.findall(_q(BPMN, "flowNodeRef")):
            if ref.text:
                # The innermost lane wins: nested lanes list their parent's nodes again.
                reader.lane_of[ref.text.strip()] = lane_id
        for child_set in lane.findall(_q(BPMN, "childLaneSet")):
            _lanes(reader, child_set, lane_id, out)


def _node(
    reader: _Reader, element: ET.Element, pool: str, parent: str | None, inherited: str | None
) -> None:
    tag, node_id = local(element.tag), element.get("id", "")
    events, detail, timer = _events(element)
    name = " ".join((element.get("name") or "").split())  # modellers break lines in names
    lane = reader.lane_of.get(node_id, inherited)
    reader.steps.append(
        {
            "element": element,
            "tag": tag,
            "id": node_id,
            "name": name,
            "pool": pool,
            "parent": parent,
            "lane": lane,
            "events": events,
            "detail": detail,
            "timer": timer,
        }
    )
    for association in (
        *element.findall(_q(BPMN, "dataInputAssociation")),
        *element.findall(_q(BPMN, "dataOutputAssociation")),
    ):
        _data_association(reader, association, node_id, pool, parent)
    if tag in SUBPROCESSES:
        _container(reader, element, pool, node_id, lane)
    _unkept_details(reader, element)


# What a flow node may hold that the model keeps (or recomputes, like incoming/outgoing).
_KEPT_IN_NODE = frozenset(
    {
        "documentation",
        "incoming",
        "outgoing",
        "dataInputAssociation",
        "dataOutputAssociation",
        "property",  # the targets data input associations point at; written back as needed
        "laneSet",
        "sequenceFlow",
        "association",
        *EVENT_DEFINITIONS,
        *FLOW_NODES,
        *ARTIFACTS,
    }
)


def _unkept_details(reader: _Reader, element: ET.Element) -> None:
    """Count what a flow node says that the workflow does not keep, for the import's note."""
    for child in element:
        if _ns(child.tag) != BPMN:
            continue
        tag = local(child.tag)
        if tag in _KEPT_IN_NODE:
            continue
        if tag == "extensionElements":
            if any(_ns(c.tag) != EXT for c in child):
                reader.skipped["extensionElements (modeller-specific data)"] += 1
        elif tag in ("standardLoopCharacteristics", "multiInstanceLoopCharacteristics"):
            if len(child) or set(child.attrib) - {"id", "isSequential"}:
                reader.skipped["loop details (cardinality, conditions, test before)"] += 1
        else:
            reader.skipped[tag] += 1


def _data_association(
    reader: _Reader, association: ET.Element, node_id: str, pool: str, parent: str | None
) -> None:
    kind = local(association.tag)
    sources = [s.text.strip() for s in association.findall(_q(BPMN, "sourceRef")) if s.text]
    target = (association.findtext(_q(BPMN, "targetRef")) or "").strip()
    if kind == "dataInputAssociation":
        source, target = (sources[0] if sources else ""), node_id
    else:
        source = node_id
    assignments = len(association.findall(_q(BPMN, "assignment")))
    if assignments:
        reader.skipped["assignment (of a data association)"] += assignments
    if not target:
        reader.skipped[f"{kind} without a target"] += 1
        return
    reader.links.append(
        Link(
            id=association.get("id") or f"{node_id}_{kind}_{len(reader.links)}",
            type=kind,
            source=source,
            target=target,
            pool=pool,
            parent=parent,
        )
    )


def _container(
    reader: _Reader, container: ET.Element, pool: str, parent: str | None, lane: str | None
) -> None:
    for child in container:
        tag = local(child.tag)
        if _ns(child.tag) != BPMN:
            continue
        if tag in FLOW_NODES:
            _node(reader, child, pool, parent, lane)
        elif tag == "sequenceFlow":
            reader.flows.append((child, pool, parent))
        elif tag in ARTIFACTS:
            _artifact(reader, child, pool, parent)
        elif tag == "association":
            _association(reader, child, pool, parent)
        elif tag not in _STRUCTURAL and tag not in ("auditing", "monitoring"):
            reader.skipped[tag] += 1


def _artifact(reader: _Reader, element: ET.Element, pool: str | None, parent: str | None) -> None:
    tag = local(element.tag)
    text = _text(element.find(_q(BPMN, "text"))) if tag == "textAnnotation" else ""
    ref = element.get("dataObjectRef") if tag == "dataObjectReference" else None
    reader.artifacts.append(
        Artifact(
            id=element.get("id", ""),
            type=tag,
            name=(element.get("name") or "").strip()[:300],
            text=text[:4000],
            pool=pool,
            parent=parent,
            ref=ref,
            collection=element.get("isCollection") == "true",
        )
    )


def _association(
    reader: _Reader, element: ET.Element, pool: str | None, parent: str | None
) -> None:
    reader.links.append(
        Link(
            id=element.get("id", ""),
            type="association",
            source=_ref(element.get("sourceRef")),
            target=_ref(element.get("targetRef")),
            direction=element.get("associationDirection"),
            pool=pool,
            parent=parent,
        )
    )


def _diagram(root: ET.Element) -> tuple[dict[str, Shape], dict[str, Route], list[Any]]:
    shapes: dict[str, Shape] = {}
    routes: dict[str, Route] = {}
    planes: list[tuple[str, str, str]] = []
    every_id = {str(e.get("id")) for e in root.iter() if e.get("id")}
    for diagram in root.iter(_q(BPMNDI, "BPMNDiagram")):
        plane = diagram.find(_q(BPMNDI, "BPMNPlane"))
        if plane is None:
            continue
        taken = every_id | {p for _d, p, _e in planes} | {d for d, _p, _e in planes}
        plane_id = plane.get("id") or _unique(f"BPMNPlane_{len(planes) + 1}", taken)
        planes.append(
            (
                diagram.get("id") or _unique(f"BPMNDiagram_{len(planes) + 1}", taken),
                plane_id,
                _ref(plane.get("bpmnElement")),
            )
        )
        for shape in plane.findall(_q(BPMNDI, "BPMNShape")):
            bounds = shape.find(_q(DC, "Bounds"))
            element = _ref(shape.get("bpmnElement"))
            if bounds is None or not element or element in shapes:
                continue
            flags = {
                key: shape.get(attr) == "true" if shape.get(attr) is not None else None
                for key, attr in (
                    ("expanded", "isExpanded"),
                    ("horizontal", "isHorizontal"),
                    ("marker_visible", "isMarkerVisible"),
                )
            }
            shapes[element] = Shape(
                x=float(bounds.get("x", 0)),
                y=float(bounds.get("y", 0)),
                w=float(bounds.get("width", 0)),
                h=float(bounds.get("height", 0)),
                id=shape.get("id"),
                plane=plane_id,
                label=_label_bounds(shape),
                **flags,
            )
        for edge in plane.findall(_q(BPMNDI, "BPMNEdge")):
            element = _ref(edge.get("bpmnElement"))
            if not element or element in routes:
                continue
            points = [
                (float(p.get("x", 0)), float(p.get("y", 0)))
                for p in edge.findall(_q(DI, "waypoint"))
            ]
            routes[element] = Route(
                points=points[:200], id=edge.get("id"), plane=plane_id, label=_label_bounds(edge)
            )
    return shapes, routes, planes


def _label_bounds(element: ET.Element) -> tuple[float, float, float, float] | None:
    bounds = element.find(f"{_q(BPMNDI, 'BPMNLabel')}/{_q(DC, 'Bounds')}")
    if bounds is None:
        return None
    return (
        float(bounds.get("x", 0)),
        float(bounds.get("y", 0)),
        float(bounds.get("width", 0)),
        float(bounds.get("height", 0)),
    )


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


def fingerprint(graph: WorkflowGraph) -> str:
    """A digest of the graph's structure; the original drawing is kept while it is unchanged."""
    parts: list[Any] = [
        [
            s.id,
            s.kind,
            s.element,
            s.pool,
            s.lane,
            s.parent,
            s.attached_to,
            [(e.to, e.id) for e in s.next],
        ]
        for s in graph.steps
    ]
    parts.append([(p.id, p.process, [lane.id for lane in p.lanes]) for p in graph.pools])
    parts.append([(m.id, m.source, m.target) for m in graph.message_flows])
    parts.append([(a.id, a.pool, a.parent) for a in graph.artifacts])
    parts.append([(link.id, link.source, link.target) for link in graph.associations])
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def read(root: ET.Element, title: str | None = None) -> Imported:
    """The workflow a parsed ``bpmn:definitions`` holds, and notes on what was not kept."""
    reader = _Reader(root)
    given = _name_missing_ids(root)
    if given:
        reader.notes.append(f"{given} element(s) had no id in the file and were given one.")
    pools: list[Pool] = []
    collaborations = root.findall(_q(BPMN, "collaboration"))
    processes = {p.get("id", ""): p for p in root.findall(_q(BPMN, "process"))}
    participant_of: dict[str, ET.Element] = {}
    message_flows: list[MessageFlow] = []
    for collaboration in collaborations:
        for child in collaboration:
            tag = local(child.tag)
            if tag == "participant":
                ref = _ref(child.get("processRef"))
                if ref and ref in processes and ref not in participant_of:
                    participant_of[ref] = child
                pools.append(
                    Pool(
                        id=child.get("id", ""),
                        name=(child.get("name") or "").strip()[:300],
                        process=ref if ref in processes else None,
                    )
                )
            elif tag == "messageFlow":
                message_flows.append(
                    MessageFlow(
                        id=child.get("id", ""),
                        name=(child.get("name") or "").strip()[:300],
                        source=_ref(child.get("sourceRef")),
                        target=_ref(child.get("targetRef")),
                    )
                )
            elif tag in ("textAnnotation", "group"):
                _artifact(reader, child, None, None)
            elif tag == "association":
                _association(reader, child, None, None)
            elif tag not in ("documentation", "extensionElements"):
                reader.skipped[tag] += 1
    if len(collaborations) > 1:
        reader.notes.append(
            f"The file has {len(collaborations)} collaborations; their pools are shown together."
        )
    raci: list[RaciRow] = []
    # Pools' order (the collaboration's), then processes outside it: the order export writes.
    ordered = [p.process for p in pools if p.process] + list(processes)
    for process_id in dict.fromkeys(ordered):
        process = processes[process_id]
        participant = participant_of.get(process_id)
        if participant is None:
            pool = Pool(id=process_id, process=process_id, participant=False)
            pools.append(pool)
        else:
            pool = next(p for p in pools if p.id == participant.get("id"))
        pool.process_name = (process.get("name") or "").strip()[:300]
        executable = process.get("isExecutable")
        pool.executable = None if executable is None else executable == "true"
        lanes: list[LaneDef] = []
        for lane_set in process.findall(_q(BPMN, "laneSet")):
            _lanes(reader, lane_set, None, lanes)
        pool.lanes = lanes
        raci = raci or _raci(process)
        _container(reader, process, pool.id, None, None)
    for child in root:
        tag = local(child.tag)
        if tag == "extensionElements":
            continue
        if tag not in ("process", "collaboration", "BPMNDiagram", "documentation", "import"):
            reader.skipped[tag] += 1
    return _assemble(reader, pools, message_flows, raci, title)


def _assemble(
    reader: _Reader,
    pools: list[Pool],
    message_flows: list[MessageFlow],
    raci: list[RaciRow],
    title: str | None,
) -> Imported:
    shapes, routes, planes = _diagram(reader.root)
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
        expression = _text(flow.find(_q(BPMN, "conditionExpression"))) or None
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
        details = _details(element)
        lane_name = reader.lane_names.get(node["lane"] or "", "") or None
        actor = details.get("actor") if "actor" in details else lane_name
        if actor is None and several_pools and "actor" not in details:
            actor = pool_names.get(node["pool"]) or None
        documentation = element.find(_q(BPMN, "documentation"))
        origin: Any = details.get("source") or (
            {"text": _text(documentation)[:4000]} if _text(documentation) else None
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
                attached_to=_ref(element.get("attachedToRef")) if tag == "boundaryEvent" else None,
                interrupting=(
                    element.get("cancelActivity") != "false"
                    if tag == "boundaryEvent"
                    else element.get("isInterrupting") != "false"
                ),
                parent=node["parent"],
                pool=node["pool"],
                lane=node["lane"],
                loop=_loop(element),
                triggered_by_event=element.get("triggeredByEvent") == "true",
                for_compensation=element.get("isForCompensation") == "true",
                called_element=_ref(element.get("calledElement"))[:200],
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
    collaboration = reader.root.find(_q(BPMN, "collaboration"))
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


__all__ = ["Imported", "fingerprint", "local", "read"]

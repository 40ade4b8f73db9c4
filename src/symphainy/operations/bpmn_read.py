"""Reading BPMN 2.0 that any modeller wrote into the workflow model, without loss.

Every pool, lane, flow node, sequence and message flow, data object, annotation and
association becomes part of the graph with its original id and drawing. What the model has no
place for (resource roles, root definitions such as messages, vendor extensions) is listed in
a note, so nothing disappears silently. Structure is not judged here: a valid BPMN file is
imported, and remarks about it (an unreachable step, a loop without exit) become warnings.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from symphainy.operations.bpmn_assemble import Found, Imported, assemble
from symphainy.operations.bpmn_vocabulary import (
    ARTIFACTS,
    BPMN,
    EVENT_DEFINITIONS,
    EXT,
    FLOW_NODES,
    STRUCTURAL,
    SUBPROCESSES,
    local,
    namespace,
    q,
    ref_id,
    text_of,
)
from symphainy.operations.elements import Artifact, LaneDef, Link, MessageFlow, Pool
from symphainy.operations.graph import RaciRow

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
        if namespace(element.tag) == BPMN and tag in _IDENTIFIED and not element.get("id"):
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
                    timer, detail = local(part.tag), text_of(part)
        elif kind == "link":
            detail = child.get("name", "")
        elif kind == "conditional":
            detail = text_of(child.find(q(BPMN, "condition")))
    return kinds, detail[:300], timer


def _raci(process: ET.Element) -> list[RaciRow]:
    found = process.find(f"{q(BPMN, 'extensionElements')}/{q(EXT, 'raci')}")
    if found is None or not found.text:
        return []
    try:
        return [RaciRow.model_validate(r) for r in json.loads(found.text)]
    except ValueError:
        return []


def _lanes(reader: Found, lane_set: ET.Element, parent: str | None, out: list[LaneDef]) -> None:
    for lane in lane_set.findall(q(BPMN, "lane")):
        lane_id = lane.get("id", "")
        name = (lane.get("name") or "").strip()
        out.append(LaneDef(id=lane_id, name=name[:300], parent=parent, lane_set=lane_set.get("id")))
        reader.lane_names[lane_id] = name
        for ref in lane.findall(q(BPMN, "flowNodeRef")):
            if ref.text:
                # The innermost lane wins: nested lanes list their parent's nodes again.
                reader.lane_of[ref.text.strip()] = lane_id
        for child_set in lane.findall(q(BPMN, "childLaneSet")):
            _lanes(reader, child_set, lane_id, out)


def _node(
    reader: Found, element: ET.Element, pool: str, parent: str | None, inherited: str | None
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
        *element.findall(q(BPMN, "dataInputAssociation")),
        *element.findall(q(BPMN, "dataOutputAssociation")),
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


def _unkept_details(reader: Found, element: ET.Element) -> None:
    """Count what a flow node says that the workflow does not keep, for the import's note."""
    for child in element:
        if namespace(child.tag) != BPMN:
            continue
        tag = local(child.tag)
        if tag in _KEPT_IN_NODE:
            continue
        if tag == "extensionElements":
            if any(namespace(c.tag) != EXT for c in child):
                reader.skipped["extensionElements (modeller-specific data)"] += 1
        elif tag in ("standardLoopCharacteristics", "multiInstanceLoopCharacteristics"):
            if len(child) or set(child.attrib) - {"id", "isSequential"}:
                reader.skipped["loop details (cardinality, conditions, test before)"] += 1
        else:
            reader.skipped[tag] += 1


def _data_association(
    reader: Found, association: ET.Element, node_id: str, pool: str, parent: str | None
) -> None:
    kind = local(association.tag)
    sources = [s.text.strip() for s in association.findall(q(BPMN, "sourceRef")) if s.text]
    target = (association.findtext(q(BPMN, "targetRef")) or "").strip()
    if kind == "dataInputAssociation":
        source, target = (sources[0] if sources else ""), node_id
    else:
        source = node_id
    assignments = len(association.findall(q(BPMN, "assignment")))
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
    reader: Found, container: ET.Element, pool: str, parent: str | None, lane: str | None
) -> None:
    for child in container:
        tag = local(child.tag)
        if namespace(child.tag) != BPMN:
            continue
        if tag in FLOW_NODES:
            _node(reader, child, pool, parent, lane)
        elif tag == "sequenceFlow":
            reader.flows.append((child, pool, parent))
        elif tag in ARTIFACTS:
            _artifact(reader, child, pool, parent)
        elif tag == "association":
            _association(reader, child, pool, parent)
        elif tag not in STRUCTURAL and tag not in ("auditing", "monitoring"):
            reader.skipped[tag] += 1


def _artifact(reader: Found, element: ET.Element, pool: str | None, parent: str | None) -> None:
    tag = local(element.tag)
    text = text_of(element.find(q(BPMN, "text"))) if tag == "textAnnotation" else ""
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


def _association(reader: Found, element: ET.Element, pool: str | None, parent: str | None) -> None:
    reader.links.append(
        Link(
            id=element.get("id", ""),
            type="association",
            source=ref_id(element.get("sourceRef")),
            target=ref_id(element.get("targetRef")),
            direction=element.get("associationDirection"),
            pool=pool,
            parent=parent,
        )
    )


def read(root: ET.Element, title: str | None = None) -> Imported:
    """The workflow a parsed ``bpmn:definitions`` holds, and notes on what was not kept."""
    reader = Found(root)
    given = _name_missing_ids(root)
    if given:
        reader.notes.append(f"{given} element(s) had no id in the file and were given one.")
    pools: list[Pool] = []
    collaborations = root.findall(q(BPMN, "collaboration"))
    processes = {p.get("id", ""): p for p in root.findall(q(BPMN, "process"))}
    participant_of: dict[str, ET.Element] = {}
    message_flows: list[MessageFlow] = []
    for collaboration in collaborations:
        for child in collaboration:
            tag = local(child.tag)
            if tag == "participant":
                ref = ref_id(child.get("processRef"))
                if ref and ref in processes and ref not in participant_of:
                    participant_of[ref] = child
                elif ref and ref not in processes:
                    reader.notes.append(
                        f"The pool “{child.get('name') or child.get('id')}” runs a process that "
                        "is not in this file; it is kept as an empty pool."
                    )
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
                        source=ref_id(child.get("sourceRef")),
                        target=ref_id(child.get("targetRef")),
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
        for lane_set in process.findall(q(BPMN, "laneSet")):
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
    return assemble(reader, pools, message_flows, raci, title)


__all__ = ["read"]

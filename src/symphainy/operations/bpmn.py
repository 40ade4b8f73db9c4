"""BPMN 2.0 XML in and out: the checks at the door, the census, and the two directions.

Import reads BPMN from any modeller (defusedxml: no DTD, no entities), refuses only what is
not BPMN or not valid against the OMG XSD (with the schema's message), and keeps every pool,
lane, event, gateway, sub-process, data object and annotation (``bpmn_read``). Export writes
it all back with diagram interchange (``bpmn_write``). ``census`` counts what a file or a graph
holds, so an import can prove it lost nothing, and say what it did not keep when it did.
"""

from __future__ import annotations

from collections import Counter
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from symphainy.config import Environment, get_settings
from symphainy.operations import bpmn_schema
from symphainy.operations.bpmn_assemble import Imported
from symphainy.operations.bpmn_read import read
from symphainy.operations.bpmn_vocabulary import (
    BPMN,
    BPMNDI,
    DC,
    DI,
    EVENTS,
    GATEWAYS,
    SUBPROCESSES,
    TASKS,
    local,
)
from symphainy.operations.bpmn_write import export as _export
from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.lanes import lane_of
from symphainy.operations.structure import accept

MAX_BYTES = 5 * 1024 * 1024
CENSUS_KEYS = (
    "tasks",
    "call_activities",
    "sub_processes",
    "gateways",
    "events",
    "sequence_flows",
    "message_flows",
    "pools",
    "lanes",
    "data",
    "annotations",
    "associations",
)


class BpmnError(ValueError):
    """The file is not BPMN we can read safely; the message says why."""


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
    if root.tag != f"{{{BPMN}}}definitions":
        raise BpmnError("this is not BPMN 2.0 XML (no bpmn:definitions root element)")
    return root  # type: ignore[no-any-return]


def import_bpmn(data: bytes, title: str | None = None) -> Imported:
    """The workflow a BPMN 2.0 file models, with notes and structural warnings.

    Refuses (``BpmnError``) only a file that is not BPMN or not valid against the XSD.
    """
    root = parse(data)
    try:
        bpmn_schema.check(data)
    except bpmn_schema.SchemaViolation as exc:
        raise BpmnError(str(exc)) from exc
    try:
        imported = read(root, title)
    except ValidationError as exc:
        # Beyond the model's limits (e.g. more than 2,000 steps, an id over 200 characters).
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BpmnError(
            f"the model is valid BPMN but beyond what a workflow holds ({where}: {first['msg']})"
        ) from exc
    graph, warnings = accept(imported.graph)
    notes = list(imported.notes)
    lost = {
        k: (n, census_graph(graph)[k])
        for k, n in census_xml(root).items()
        if census_graph(graph)[k] != n
    }
    if lost:
        notes.append(
            "Counts that differ from the file: "
            + ", ".join(f"{k} {a} in the file, {b} kept" for k, (a, b) in lost.items())
        )
    if not graph.steps:
        notes.append("The file holds no process steps.")
    notes += [f"Warning: {w}" for w in warnings]
    return Imported(graph, notes)


def import_graph(data: bytes, title: str | None = None) -> WorkflowGraph:
    """The workflow a BPMN 2.0 file models (notes and warnings: ``import_bpmn``)."""
    return import_bpmn(data, title).graph


def export(graph: WorkflowGraph) -> str:
    """BPMN 2.0 XML of the graph; checked against the XSD in development and tests."""
    xml = _export(graph)
    settings = get_settings()
    if settings.SYMPHAINY_DEBUG or settings.SYMPHAINY_ENV in (Environment.dev, Environment.test):
        found = bpmn_schema.violations(xml.encode())
        if found:
            raise RuntimeError("the BPMN export is not XSD-valid: " + "; ".join(found))
    return xml


def _category(tag: str) -> str | None:
    if tag == "callActivity":
        return "call_activities"
    if tag in TASKS:
        return "tasks"
    if tag in SUBPROCESSES:
        return "sub_processes"
    if tag in GATEWAYS:
        return "gateways"
    if tag in EVENTS:
        return "events"
    return None


def census_xml(root: ET.Element) -> dict[str, int]:
    """What a BPMN document holds, counted from its processes and collaborations."""
    counts: Counter[str] = Counter(dict.fromkeys(CENSUS_KEYS, 0))

    def walk(element: ET.Element) -> None:
        for child in element:
            if not str(child.tag).startswith(f"{{{BPMN}}}"):
                continue
            tag = local(child.tag)
            category = _category(tag)
            if category:
                counts[category] += 1
            elif tag == "sequenceFlow":
                counts["sequence_flows"] += 1
            elif tag in ("dataObjectReference", "dataStoreReference", "dataObject"):
                counts["data"] += 1
            elif tag in ("textAnnotation", "group"):
                counts["annotations"] += 1
            elif tag in ("association", "dataInputAssociation", "dataOutputAssociation"):
                counts["associations"] += 1
            elif tag == "lane":
                counts["lanes"] += 1
            if tag in SUBPROCESSES or tag in ("laneSet", "lane", "childLaneSet") or category:
                walk(child)

    for process in root.findall(f"{{{BPMN}}}process"):
        walk(process)
    for collaboration in root.findall(f"{{{BPMN}}}collaboration"):
        for child in collaboration:
            tag = local(child.tag)
            if tag == "participant":
                counts["pools"] += 1
            elif tag == "messageFlow":
                counts["message_flows"] += 1
            elif tag in ("textAnnotation", "group"):
                counts["annotations"] += 1
            elif tag == "association":
                counts["associations"] += 1
    return dict(counts)


def census_graph(graph: WorkflowGraph) -> dict[str, int]:
    """The same counts for an imported graph."""
    counts: Counter[str] = Counter(dict.fromkeys(CENSUS_KEYS, 0))
    for step in graph.steps:
        category = _category(step.element) if step.element else None
        if category is None:
            category = {"task": "tasks", "subprocess": "sub_processes"}.get(step.kind)
            category = category or (
                "events" if step.kind in ("start", "end", "event", "boundary") else "gateways"
            )
        counts[category] += 1
        counts["sequence_flows"] += len(step.next)
    counts["message_flows"] = len(graph.message_flows)
    counts["pools"] = sum(1 for p in graph.pools if p.participant)
    counts["lanes"] = sum(len(p.lanes) for p in graph.pools)
    counts["data"] = sum(1 for a in graph.artifacts if a.type.startswith("data"))
    counts["annotations"] = sum(1 for a in graph.artifacts if not a.type.startswith("data"))
    counts["associations"] = len(graph.associations)
    return dict(counts)


__all__ = [
    "BPMN",
    "BPMNDI",
    "DC",
    "DI",
    "BpmnError",
    "census_graph",
    "census_xml",
    "export",
    "import_bpmn",
    "import_graph",
    "lane_of",
    "parse",
]

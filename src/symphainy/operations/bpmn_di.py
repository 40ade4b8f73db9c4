"""Diagram interchange (BPMNDI): where a modeller drew each element, read from a file and
written back, or laid out afresh when the structure changed."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.etree import ElementTree as ET

from symphainy.operations.bpmn_vocabulary import (
    BPMNDI,
    DC,
    DI,
    q,
    ref_id,
    unique,
)
from symphainy.operations.elements import Route, Shape
from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.layout import layout
from symphainy.operations.layout_geometry import Box, Layout


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


class FlowIds:
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


def read_diagram(root: ET.Element) -> tuple[dict[str, Shape], dict[str, Route], list[Any]]:
    shapes: dict[str, Shape] = {}
    routes: dict[str, Route] = {}
    planes: list[tuple[str, str, str]] = []
    every_id = {str(e.get("id")) for e in root.iter() if e.get("id")}
    for diagram in root.iter(q(BPMNDI, "BPMNDiagram")):
        plane = diagram.find(q(BPMNDI, "BPMNPlane"))
        if plane is None:
            continue
        taken = every_id | {p for _d, p, _e in planes} | {d for d, _p, _e in planes}
        plane_id = plane.get("id") or unique(f"BPMNPlane_{len(planes) + 1}", taken)
        planes.append(
            (
                diagram.get("id") or unique(f"BPMNDiagram_{len(planes) + 1}", taken),
                plane_id,
                ref_id(plane.get("bpmnElement")),
            )
        )
        for shape in plane.findall(q(BPMNDI, "BPMNShape")):
            bounds = shape.find(q(DC, "Bounds"))
            element = ref_id(shape.get("bpmnElement"))
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
        for edge in plane.findall(q(BPMNDI, "BPMNEdge")):
            element = ref_id(edge.get("bpmnElement"))
            if not element or element in routes:
                continue
            points = [
                (float(p.get("x", 0)), float(p.get("y", 0)))
                for p in edge.findall(q(DI, "waypoint"))
            ]
            routes[element] = Route(
                points=points[:200], id=edge.get("id"), plane=plane_id, label=_label_bounds(edge)
            )
    return shapes, routes, planes


def _label_bounds(element: ET.Element) -> tuple[float, float, float, float] | None:
    bounds = element.find(f"{q(BPMNDI, 'BPMNLabel')}/{q(DC, 'Bounds')}")
    if bounds is None:
        return None
    return (
        float(bounds.get("x", 0)),
        float(bounds.get("y", 0)),
        float(bounds.get("width", 0)),
        float(bounds.get("height", 0)),
    )


def write_diagram(
    root: ET.Element, graph: WorkflowGraph, ids: FlowIds, collaboration: str | None
) -> None:
    info = graph.interchange
    keep = bool(info and info.planes and info.fingerprint == fingerprint(graph))
    used = {str(e.get("id")) for e in root.iter() if e.get("id")}
    order = {str(e.get("id")): i for i, e in enumerate(root.iter()) if e.get("id")}
    if keep and info is not None:
        planes = {}
        for diagram_id, plane_id, element in info.planes:
            diagram = ET.SubElement(root, q(BPMNDI, "BPMNDiagram"), {"id": diagram_id})
            planes[plane_id] = ET.SubElement(
                diagram,
                q(BPMNDI, "BPMNPlane"),
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
    diagram = ET.SubElement(root, q(BPMNDI, "BPMNDiagram"), {"id": diagram_id})
    plane_id = _di_id("BPMNPlane_1", "BPMNPlane_1", used)
    attrs = {"id": plane_id, "bpmnElement": target} if target else {"id": plane_id}
    plane = ET.SubElement(diagram, q(BPMNDI, "BPMNPlane"), attrs)
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


def _routes(graph: WorkflowGraph, ids: FlowIds) -> list[tuple[str, Route]]:
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
        q(DC, "Bounds"),
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
    element = ET.SubElement(plane, q(BPMNDI, "BPMNShape"), attrs)
    _bounds(element, shape.x, shape.y, shape.w, shape.h)
    if shape.label:
        _bounds(ET.SubElement(element, q(BPMNDI, "BPMNLabel")), *shape.label)


def _edge(plane: ET.Element, element_id: str, route: Route, used: set[str]) -> None:
    element = ET.SubElement(
        plane,
        q(BPMNDI, "BPMNEdge"),
        {"id": _di_id(route.id, element_id, used), "bpmnElement": element_id},
    )
    points = (
        route.points
        if len(route.points) >= 2
        else [*route.points, *route.points, (0, 0), (0, 0)][:2]
    )
    for x, y in points:
        ET.SubElement(element, q(DI, "waypoint"), {"x": f"{x:.0f}", "y": f"{y:.0f}"})
    if route.label:
        _bounds(ET.SubElement(element, q(BPMNDI, "BPMNLabel")), *route.label)


def _computed(
    plane: ET.Element, graph: WorkflowGraph, plan: Layout, ids: FlowIds, used: set[str]
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

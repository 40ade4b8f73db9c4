"""BPMN 2.0 export validates against the OMG schema and imports back to the same graph."""

from __future__ import annotations

import pytest
from lxml import etree

from symphainy.operations import bpmn
from symphainy.operations.bpmn_schema import XSD_DIR
from tests.unit.operations.conftest import STYLES, workflow_from

XSD = XSD_DIR / "BPMN20.xsd"
# What the workflow itself says; an import adds where BPMN put each element (pool, lane, DI).
WORKFLOW_FIELDS = {"id", "name", "actor", "kind", "action", "inputs", "outputs", "systems"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("name", STYLES)
def test_export_validates_against_the_bpmn_20_xsd(name: str, schema: etree.XMLSchema) -> None:
    xml = bpmn.export(workflow_from(name))
    document = etree.fromstring(xml.encode())
    assert schema.validate(document), schema.error_log
    ns = {"bpmn": bpmn.BPMN, "bpmndi": bpmn.BPMNDI, "di": bpmn.DI, "dc": bpmn.DC}
    nodes = document.xpath(
        "//bpmn:process/*[not(self::bpmn:sequenceFlow) and "
        "not(self::bpmn:laneSet) and not(self::bpmn:extensionElements)]",
        namespaces=ns,
    )
    shapes = {s.get("bpmnElement") for s in document.xpath("//bpmndi:BPMNShape", namespaces=ns)}
    assert {n.get("id") for n in nodes} <= shapes
    flows = document.xpath("//bpmn:sequenceFlow", namespaces=ns)
    edges = document.xpath("//bpmndi:BPMNEdge", namespaces=ns)
    assert len(flows) == len(edges)
    assert all(len(e.xpath("di:waypoint", namespaces=ns)) >= 2 for e in edges)
    lanes = document.xpath("//bpmn:lane/@name", namespaces=ns)
    graph = workflow_from(name)
    assert {a.name for a in graph.actors} <= set(lanes)


@pytest.mark.parametrize("name", STYLES)
def test_export_then_import_yields_the_same_graph(name: str) -> None:
    graph = workflow_from(name)
    back = bpmn.import_graph(bpmn.export(graph).encode())
    assert back.title == graph.title and back.raci == graph.raci
    assert [s.model_dump(include=WORKFLOW_FIELDS) for s in back.steps] == [
        s.model_dump(include=WORKFLOW_FIELDS) for s in graph.steps
    ]
    assert [s.source for s in back.steps] == [s.source for s in graph.steps]
    assert [[(e.to, e.condition) for e in s.next] for s in back.steps] == [
        [(e.to, e.condition) for e in s.next] for s in graph.steps
    ]
    assert back.derive().actors == graph.derive().actors


def test_billion_laughs_is_refused() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
    <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
    <startEvent id="s" name="&c;"/></process></definitions>"""
    with pytest.raises(bpmn.BpmnError, match="entit"):
        bpmn.import_graph(data)


def test_external_entity_is_refused() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</definitions>"""
    with pytest.raises(bpmn.BpmnError):
        bpmn.import_graph(data)


def test_foreign_modeller_bpmn_with_merge_gateway_imports() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"
  targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Leave" name="Leave request" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Employee"><bpmn:flowNodeRef>t1</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>Start_1</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="l2" name="Manager"><bpmn:flowNodeRef>g1</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>t2</bpmn:flowNodeRef><bpmn:flowNodeRef>t3</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>g2</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="Start_1"/>
    <bpmn:userTask id="t1" name="Request leave"/>
    <bpmn:exclusiveGateway id="g1" name="Enough days left?"/>
    <bpmn:userTask id="t2" name="Approve leave"/>
    <bpmn:userTask id="t3" name="Decline leave"/>
    <bpmn:exclusiveGateway id="g2"/>
    <bpmn:endEvent id="End_1"/>
    <bpmn:sequenceFlow id="f1" sourceRef="Start_1" targetRef="t1"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="g1"/>
    <bpmn:sequenceFlow id="f3" name="yes" sourceRef="g1" targetRef="t2"/>
    <bpmn:sequenceFlow id="f4" name="no" sourceRef="g1" targetRef="t3"/>
    <bpmn:sequenceFlow id="f5" sourceRef="t2" targetRef="g2"/>
    <bpmn:sequenceFlow id="f6" sourceRef="t3" targetRef="g2"/>
    <bpmn:sequenceFlow id="f7" sourceRef="g2" targetRef="End_1"/>
  </bpmn:process>
</bpmn:definitions>"""
    graph = bpmn.import_graph(data)
    assert graph.title == "Leave request"
    assert [(s.kind, s.name, s.actor) for s in graph.steps if s.kind != "start"][:3] == [
        ("task", "Request leave", "Employee"),
        ("decision", "Enough days left?", "Manager"),
        ("task", "Approve leave", "Manager"),
    ]
    # The merging gateway is kept (folding it away would lose an element of the model).
    assert graph.step("t2").next[0].to == "g2"
    assert graph.step("g2").kind == "merge" and graph.step("g2").next[0].to == "End_1"


def test_not_bpmn_and_broken_xml_are_refused() -> None:
    with pytest.raises(bpmn.BpmnError, match="not BPMN"):
        bpmn.import_graph(b"<html/>")
    with pytest.raises(bpmn.BpmnError, match="well-formed"):
        bpmn.import_graph(b"<definitions")

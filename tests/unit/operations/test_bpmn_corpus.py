"""BPMN that other tools wrote imports without loss, exports XSD-valid and round-trips stably."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.operations import bpmn, bpmn_schema, diagram, mermaid

MODELS = Path(__file__).parent / "bpmn_models"
FILES = sorted(MODELS.glob("*/*.bpmn"))


def test_the_corpus_holds_every_source() -> None:
    folders = {f.parent.name for f in FILES}
    assert folders == {
        "miwg-reference",
        "miwg-vendors",
        "bpmn-moddle",
        "bpmn-js",
        "bpmn-js-examples",
    }
    assert len(FILES) >= 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_import_keeps_every_element_and_export_round_trips(path: Path) -> None:
    data = path.read_bytes()
    assert bpmn_schema.violations(data) == []
    imported = bpmn.import_bpmn(data)
    graph = imported.graph
    before = bpmn.census_xml(bpmn.parse(data))
    assert bpmn.census_graph(graph) == before, imported.notes
    xml = bpmn.export(graph)
    assert bpmn_schema.violations(xml.encode()) == []
    assert bpmn.census_xml(bpmn.parse(xml.encode())) == before
    again = bpmn.import_bpmn(xml.encode()).graph
    assert [(s.id, s.kind, s.element, s.pool, s.lane, s.parent) for s in again.steps] == [
        (s.id, s.kind, s.element, s.pool, s.lane, s.parent) for s in graph.steps
    ]
    assert [[(e.id, e.to) for e in s.next] for s in again.steps] == [
        [(e.id, e.to) for e in s.next] for s in graph.steps
    ]
    assert bpmn.export(again) == xml
    svg = diagram.render(graph)
    for pool in graph.pools:
        if pool.participant:
            assert f'data-pool="{pool.id}"' in svg
    assert mermaid.render(graph).startswith("flowchart LR")

"""SVG and Mermaid renderings carry every step and escape what the user wrote."""

from __future__ import annotations

from defusedxml import ElementTree as SafeET

from symphainy.operations import diagram, mermaid
from symphainy.operations.graph import from_json
from tests.unit.operations.conftest import workflow_from

HOSTILE = from_json(
    {
        "title": "<script>alert(1)</script>",
        "steps": [
            {"id": "start", "name": "Start", "kind": "start", "next": [{"to": "a"}]},
            {
                "id": "a",
                "name": 'Check "A" & <b>B</b>',
                "actor": "R&D <team>",
                "next": [{"to": "end"}],
            },
            {"id": "end", "name": "End", "kind": "end"},
        ],
    }
)


def test_svg_has_lanes_shapes_and_condition_labels() -> None:
    graph = workflow_from("claims_numbered.md")
    svg = diagram.render(graph)
    root = SafeET.fromstring(svg)
    text = "".join(root.itertext())
    for actor in graph.actors:
        assert actor.name in text
    assert svg.count("<polygon") == len(graph.decisions)
    assert "yes" in text and "no" in text


def test_svg_escapes_user_text_and_has_no_script() -> None:
    svg = diagram.render(HOSTILE)
    SafeET.fromstring(svg)
    assert "<script" not in svg and "<b>" not in svg


def test_coloured_svg_has_a_legend() -> None:
    graph = workflow_from("purchase_prose.txt")
    roles = {s.id: "automate" for s in graph.steps if s.kind == "task"}
    svg = diagram.render(graph, roles)
    assert "#dcfce7" in svg and "AI automates" in svg


def test_mermaid_has_subgraphs_and_escapes_quotes() -> None:
    text = mermaid.render(workflow_from("incident_parallel.md"))
    assert text.startswith("flowchart LR")
    assert 'subgraph lane1["Service Desk Agent"]' in text
    assert '-->|"yes"|' in text
    hostile = mermaid.render(HOSTILE)
    assert '"Check #quot;A#quot; #amp; #lt;b#gt;B#lt;/b#gt;"' in hostile

"""SOP from a workflow: complete sections; SOP -> workflow -> SOP keeps every step."""

from __future__ import annotations

import io

import pytest

from symphainy.operations import sop
from symphainy.operations.extract import extract
from symphainy.operations.reading import sections_from_text
from tests.unit.operations.conftest import STYLES, flow, workflow_from


@pytest.mark.parametrize("name", STYLES)
def test_sop_to_workflow_to_sop_keeps_every_step(name: str) -> None:
    graph = workflow_from(name)
    first = sop.build(graph, 1, "Tester")
    again, notes = extract(sections_from_text(sop.to_markdown(first)), graph.title)
    assert flow(again) == flow(graph)
    assert notes == []
    assert sop.build(again, 1, "Tester")["procedure"] == first["procedure"]


def test_sop_sections_are_computed_from_the_workflow() -> None:
    graph = workflow_from("claims_numbered.md")
    content = sop.build(graph, 3, "Alice")
    assert "Claims Adjuster" in content["purpose"]
    assert "3 decisions" in content["scope"]
    adjuster = next(r for r in content["roles"] if r["role"] == "Claims Adjuster")
    assert "4. Review the claim form and the photos" in adjuster["steps"]
    assert {d["term"] for d in content["definitions"]} == set(graph.systems)
    assert content["procedure"][4] == (
        "5. Claims Adjuster: Is the claim complete? If no, then continue with step 6. "
        "If yes, then go to step 8."
    )
    assert content["revision"]["version"] == 3 and content["revision"]["author"] == "Alice"
    assert any(r["record"] == "settlement letter" for r in content["records"])


def test_docx_export_holds_the_procedure() -> None:
    from docx import Document

    content = sop.build(workflow_from("incident_parallel.md"), 1, None)
    doc = Document(io.BytesIO(sop.to_docx(content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Procedure" in text and content["procedure"][0] in text
    assert doc.tables[0].cell(1, 0).text == "1"


def _reference(name: str) -> bytes:
    from pathlib import Path

    return (Path(__file__).parent / "bpmn_models" / "miwg-reference" / f"{name}.bpmn").read_bytes()


def test_boundary_events_are_said_with_their_step_not_numbered() -> None:
    from symphainy.operations import bpmn

    graph = bpmn.import_graph(_reference("C.3.0"))
    content = sop.build(graph, 1, None)
    timer = next(line for line in content["procedure"] if "timer" in line)
    assert "Perform repair (premium level)." in timer.split(" If the timer")[0]
    assert "If the timer of 2 hours expires during “Perform repair (premium level)”, " in timer
    assert "continue with “Perform emergency repair”" in timer
    boundaries = [s for s in graph.steps if s.kind == "boundary"]
    assert boundaries and not any(f"“{s.name}”" in content["procedure"][0] for s in boundaries)
    assert len(content["procedure"]) == len(sop.numbering(graph)) - len(boundaries)


def test_each_pool_of_an_imported_collaboration_gets_its_own_section() -> None:
    from symphainy.operations import bpmn

    content = sop.build(bpmn.import_graph(_reference("C.1.0")), 1, None)
    parties = [part["party"] for part in content["sections"]]
    assert parties[:2] == ["Team-Assistant", "Process Engine - Invoice Receipt"]
    text = sop.to_markdown(content)
    assert "### Team-Assistant" in text and "### Process Engine - Invoice Receipt" in text
    engine = content["sections"][1]["procedure"]
    assert any(line.split(". ", 1)[1].startswith("Approver: ") for line in engine)


def test_parallel_steps_are_nested_under_one_step_with_their_roles() -> None:
    content = sop.build(workflow_from("incident_parallel.md"), 1, None)
    group = next(line for line in content["procedure"] if "in parallel" in line)
    head, *items = group.split("\n")
    assert head.endswith("The following happen in parallel:")
    assert items == [
        "    - Incident Manager: Notify the stakeholders by email.",
        "    - Resolver Team: Investigate the root cause.",
    ]
    assert not any(line.split(". ", 1)[1].startswith("Wait until") for line in content["procedure"])
    number = head.split(".")[0]
    manager = next(r for r in content["roles"] if r["role"] == "Incident Manager")
    assert f"{number}. Notify the stakeholders by email" in manager["steps"]

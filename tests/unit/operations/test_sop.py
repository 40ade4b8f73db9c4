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

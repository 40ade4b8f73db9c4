"""Exports open and contain the key sections; no cell can start a spreadsheet formula."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from pypdf import PdfReader

from symphainy.core.text import FORMULA_START
from symphainy.outcomes import documents, exports, gantt, proposal, roadmap
from tests.unit.outcomes.samples import RATES, artefacts


def _docs() -> tuple[documents.Doc, documents.Doc]:
    a = artefacts(goals=('=HYPERLINK("http://x")',))
    plan = roadmap.schedule(roadmap.derive_tasks(a), date(2027, 1, 4), 6)
    svg = gantt.render(plan)
    prop = proposal.build(a, "r1", plan, RATES)
    return (
        documents.Doc(
            "Roadmap", "sub", [("Start", "2027-01-04")], documents.roadmap_blocks(plan), svg
        ),
        documents.Doc(prop["title"], "sub", [], documents.proposal_blocks(prop), svg),
    )


def test_pdf_has_cover_page_numbers_and_sections() -> None:
    road, prop = _docs()
    reader = PdfReader(io.BytesIO(exports.render(road, "pdf")))
    text = [p.extract_text() for p in reader.pages]
    assert "Roadmap" in text[0] and "Page" not in text[0]  # the cover has no number
    assert f"Page 2 of {len(reader.pages)}" in text[1]
    assert "Milestones" in "".join(text) and "Critical path" in "".join(text)
    ptext = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(exports.render(prop, "pdf"))).pages
    )
    for section in (
        "Objectives",
        "Success criteria",
        "Risks and mitigations",
        "Financials",
        "Sensitivity",
    ):
        assert section in ptext


def test_docx_has_headings_tables_and_the_gantt_image() -> None:
    _, prop = _docs()
    doc = Document(io.BytesIO(exports.render(prop, "docx")))
    heads = {p.text for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert {"Objectives", "Scope", "Success criteria", "Financials"} <= heads
    assert len(doc.tables) >= 5 and doc.inline_shapes  # the Gantt as a PNG
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert not any(c.startswith(FORMULA_START) for c in cells)


def test_formula_cells_are_neutralised_in_every_format() -> None:
    road, _ = _docs()
    md = exports.render(road, "md").decode()
    assert "'=HYPERLINK" in md and "| =" not in md
    assert documents.safe_cell("@cmd") == "'@cmd" and documents.safe_cell("+1") == "'+1"
    assert documents.num(-5) == "\u22125"  # our own negatives use a true minus sign


def test_svg_to_png_gives_an_image() -> None:
    road, _ = _docs()
    assert road.gantt_svg is not None
    assert exports.svg_to_png(road.gantt_svg).startswith(b"\x89PNG")

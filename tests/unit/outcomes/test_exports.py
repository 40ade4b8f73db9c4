"""Exports: page 1 of a proposal is the executive summary, every number shown has a source,
a proposal from defaults says it is an estimate in every format, no cell starts a formula."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from symphainy.core.provenance import format_number
from symphainy.core.text import FORMULA_START, safe_cell
from symphainy.outcomes import documents, exports, gantt, proposal, roadmap
from symphainy.outcomes.documents import EXECUTIVE_HEADINGS
from symphainy.outcomes.proposal import ProposalResult
from tests.unit.outcomes.samples import RATES, artefacts

START = date(2027, 1, 4)
PNG_DIR = Path("/tmp/outcomes-export-pngs")
NUMBER = re.compile(r"(?<![\w.])\u2212?\d[\d,]*(?:\.\d+)?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2} \w{3} \d{4} \d{2}:\d{2}")


def _proposal(
    assumptions: dict[str, object], goals: tuple[str, ...] | None = None
) -> tuple[ProposalResult, documents.Doc]:
    a = artefacts(goals=goals) if goals is not None else artefacts()
    plan = roadmap.schedule(roadmap.derive_tasks(a), START, 6)
    prop = proposal.build(a, "r1", plan, assumptions)
    doc = documents.Doc(
        prop.title,
        "Proof-of-concept proposal",
        [("Start", plan.start_date), ("Finish", plan.finish_date or "")],
        documents.proposal_blocks(prop),
        gantt.render(plan),
        cover=False,
    )
    return prop, doc


def _roadmap() -> documents.Doc:
    a = artefacts(goals=('=HYPERLINK("http://x")',))
    plan = roadmap.schedule(roadmap.derive_tasks(a), START, 6)
    return documents.Doc(
        "Roadmap",
        "sub",
        [("Start", "2027-01-04")],
        documents.roadmap_blocks(plan),
        gantt.render(plan),
    )


def _pdf_pages(doc: documents.Doc) -> list[str]:
    reader = PdfReader(io.BytesIO(exports.render(doc, "pdf")))
    return [p.extract_text() for p in reader.pages]


def _docx_text(doc: documents.Doc) -> str:
    d = Document(io.BytesIO(exports.render(doc, "docx")))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _sourced_strings(prop: ProposalResult) -> list[str]:
    """Texts that may carry a number: figures' displays, and statements that have a source."""
    out = [f.display for _p, f in documents.figures_in(prop)]
    out += [f.label for _p, f in documents.figures_in(prop)]
    out += [o.text for o in prop.objectives] + [r.risk for r in prop.risks]
    out += [r.mitigation for r in prop.risks] + [c.text for c in prop.success_criteria]
    out += [i.text for i in prop.scope.in_scope + prop.scope.out_of_scope]
    out += [i.text for i in prop.assumptions] + [a.rule for a in prop.financials.assumptions]
    out += [a.name for a in prop.financials.assumptions] + [prop.decision, *prop.left_out]
    out += [f.source.describe() for _p, f in documents.figures_in(prop)]
    return out


def _unsourced_numbers(text: str, prop: ProposalResult) -> list[str]:
    """Number tokens of a document that no sourced figure or statement accounts for."""
    allowed = " ".join(_sourced_strings(prop))
    text = DATE.sub(" ", text)
    text = re.sub(r"Page \d+ of \d+", " ", text)
    found = []
    for token in NUMBER.findall(text):
        if token not in allowed and token.replace("\u2212", "") not in allowed:
            found.append(token)
    return found


def test_pdf_page_one_is_the_executive_summary_rendered_to_png() -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    prop, doc = _proposal(RATES)
    PNG_DIR.mkdir(exist_ok=True)
    pdf = PNG_DIR / "proposal.pdf"
    pdf.write_bytes(exports.render(doc, "pdf"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(PNG_DIR / "page")],
        check=True,
        timeout=60,
    )
    png = next(PNG_DIR.glob("page*1.png"))
    with Image.open(png) as image:
        assert image.size[0] > 400 and image.getextrema() != ((255, 255),) * 3
    first = _pdf_pages(doc)[0]
    for heading in EXECUTIVE_HEADINGS:
        assert heading in first, heading
    for key in ("cost", "annual_benefit", "roi", "payback_months"):
        assert prop.financials.figures[key].display in first
    assert "Estimates from defaults" in first
    text = "".join(_pdf_pages(doc))
    assert text.index("Financials") < text.index("Appendix: traceability")
    assert "Page 1 of" in first


def test_every_number_in_pdf_docx_and_markdown_has_a_source() -> None:
    for assumptions in (RATES, {}):
        prop, doc = _proposal(assumptions, goals=("Data quality score above 90",))
        md = exports.render(doc, "md").decode()
        for name, text in (
            ("pdf", "\n".join(_pdf_pages(doc))),
            ("docx", _docx_text(doc)),
            ("md", md),
        ):
            assert _unsourced_numbers(text, prop) == [], name
        for _path, figure in documents.figures_in(prop):
            if figure.value is not None:
                assert figure.display in md
    assert _unsourced_numbers("cost 353.27 EUR", prop) == ["353.27"]  # the check can fail


def test_a_proposal_from_defaults_says_estimate_in_every_format() -> None:
    prop, doc = _proposal(RATES)
    assert prop.status == "estimate"
    pdf_first = _pdf_pages(doc)[0]
    docx = _docx_text(doc)
    md = exports.render(doc, "md").decode()
    for text in (pdf_first, docx, md):
        assert "Estimates from defaults" in text
        assert f"{prop.financials.figures['cost'].display} (estimate)" in text
        assert "Assumptions to confirm" in text
    final, final_doc = _proposal(
        {
            **RATES,
            "confirmed": {a.name: a.default.value or 0.0 for a in prop.financials.assumptions},
        }
    )
    assert final.status == "final"
    assert "Estimates from defaults" not in exports.render(final_doc, "md").decode()
    assert "(estimate)" not in _docx_text(final_doc)


def test_roadmap_pdf_has_cover_page_numbers_and_plain_sections() -> None:
    pages = _pdf_pages(_roadmap())
    assert "Roadmap" in pages[0] and "Page" not in pages[0]  # the cover has no number
    assert f"Page 2 of {len(pages)}" in pages[1]
    text = "".join(pages)
    assert "Milestones" in text and "Tasks on the critical path" in text
    assert "CRITICAL" not in text and "person-days" in text and "calendar span" in text


def test_docx_has_headings_tables_and_the_gantt_image() -> None:
    _, doc = _proposal(RATES)
    d = Document(io.BytesIO(exports.render(doc, "docx")))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads[0] == "Executive summary"
    assert {
        "Objectives",
        "Scope",
        "Success criteria",
        "Financials",
        "Appendix: traceability",
    } <= set(heads)
    assert heads.index("Financials") < heads.index("Objectives")
    assert len(d.tables) >= 5 and d.inline_shapes  # the Gantt as a PNG
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert not any(c.startswith(FORMULA_START) for c in cells)


def test_internal_ids_and_formulas_stay_in_the_appendix() -> None:
    _, doc = _proposal(RATES)
    md = exports.render(doc, "md").decode()
    body, appendix = md.split("## Appendix: traceability")
    assert (
        "bp1" not in body
        and "×" not in body
        and "roadmap.days." not in body.split("### Assumptions to confirm")[0]
    )
    assert "bp1" in appendix and "×" in appendix


def test_formula_cells_are_neutralised_in_every_format() -> None:
    md = exports.render(_roadmap(), "md").decode()
    assert "'=HYPERLINK" in md and "| =" not in md
    assert safe_cell("@cmd") == "'@cmd" and safe_cell("+1") == "'+1"
    assert format_number(-5) == "\u22125"  # our own negatives use a true minus sign


def test_svg_to_png_gives_an_image() -> None:
    road = _roadmap()
    assert road.gantt_svg is not None
    assert exports.svg_to_png(road.gantt_svg).startswith(b"\x89PNG")

"""Documents become sections with heading paths and pages; workflows stay XML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import weasyprint
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.util import Inches

from symphainy.content.parsers import pdf as pdf_parser
from symphainy.content.parsers.base import FileKind, ParseResult

ParseFn = Callable[..., ParseResult]

_HTML_REPORT = """
<html><head><title>Onboarding SOP</title>
<style>td, th { border: 1px solid black; padding: 4px }</style></head><body>
<h1>1. Purpose</h1><p>This procedure explains how new suppliers are onboarded.</p>
<h2>1.1 Scope</h2><p>It covers every supplier above ten thousand euros a year.</p>
<table><tr><th>Step</th><th>Owner</th></tr><tr><td>Collect forms</td><td>Buyer</td></tr>
<tr><td>Verify bank details</td><td>Finance</td></tr></table>
<h1 style="page-break-before: always">2. Approval</h1><p>The head of purchasing approves.</p>
</body></html>
"""


def test_text_pdf_sections_pages_and_tables(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "sop.pdf"
    weasyprint.HTML(string=_HTML_REPORT).write_pdf(path)
    result = parse(path)
    assert result.kind is FileKind.document
    document = result.document
    assert document is not None
    assert document.pages == 2
    assert document.title == "Onboarding SOP"
    titles = [(s.title, s.heading_path, s.page) for s in document.sections if s.text]
    assert ("1. Purpose", ["1. Purpose"], 1) in titles
    assert ("1.1 Scope", ["1. Purpose", "1.1 Scope"], 1) in titles
    assert ("2. Approval", ["2. Approval"], 2) in titles
    approval = next(s for s in document.sections if s.title == "2. Approval")
    assert "head of purchasing approves" in approval.text
    assert document.needs_ocr_pages == []
    # Tables are read after the file is ready (content.document_tables), from the listed pages.
    assert document.tables == [] and document.table_pages == [1, 2]
    tables, _failed = pdf_parser.read_tables(path, document.table_pages)
    assert ["Step", "Owner"] in tables[0]
    assert ["Verify bank details", "Finance"] in tables[0]
    assert {c.page for c in document.chunks} == {1, 2}


def _scanned_pdf(path: Path, words: str) -> None:
    image = Image.new("RGB", (1240, 1754), "white")
    font = ImageFont.load_default(size=64)
    ImageDraw.Draw(image).text((100, 200), words, fill="black", font=font)
    image.save(path, "PDF", resolution=150)


def test_image_only_pdf_is_ocrd_when_tesseract_is_installed(tmp_path: Path, parse: ParseFn) -> None:
    if pdf_parser.shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed; the no-OCR path is tested separately")
    path = tmp_path / "scan.pdf"
    _scanned_pdf(path, "INVOICE TOTAL 1250")
    document = parse(path).document
    assert document is not None
    assert document.ocr_pages == [1]
    assert document.needs_ocr_pages == []
    assert "INVOICE" in " ".join(s.text + s.title for s in document.sections)


def test_image_only_pdf_without_tesseract_is_flagged(
    tmp_path: Path, parse: ParseFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_parser.shutil, "which", lambda _name: None)
    path = tmp_path / "scan.pdf"
    _scanned_pdf(path, "RECEIPT")
    document = parse(path).document
    assert document is not None
    assert document.pages == 1
    assert document.needs_ocr_pages == [1]
    assert document.ocr_pages == []
    assert document.sections == []


def test_docx_headings_lists_and_tables(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "policy.docx"
    document = docx.Document()
    document.add_heading("Travel policy", level=0)
    document.add_heading("Booking", level=1)
    document.add_paragraph("Book through the travel portal.")
    document.add_paragraph("Economy class for flights under six hours", style="List Bullet")
    document.add_paragraph("Hotels up to 150 euros a night", style="List Bullet")
    document.add_paragraph("Then:")
    document.add_paragraph("Get approval", style="List Number")
    document.add_paragraph("Book the trip", style="List Number")
    document.add_heading("Exceptions", level=2)
    document.add_paragraph("The CFO approves exceptions in writing.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Role", "Limit"
    table.cell(1, 0).text, table.cell(1, 1).text = "Manager", "5000"
    document.add_heading("Expenses", level=1)
    document.add_paragraph("Submit receipts within 30 days.")
    document.save(path)
    result = parse(path).document
    assert result is not None
    assert result.title == "Travel policy"
    paths = [s.heading_path for s in result.sections]
    assert paths == [["Booking"], ["Booking", "Exceptions"], ["Expenses"]]
    booking = result.sections[0]
    assert booking.text == (
        "Book through the travel portal.\n\n"
        "- Economy class for flights under six hours\n- Hotels up to 150 euros a night\n\n"
        "Then:\n\n1. Get approval\n2. Book the trip"
    )
    assert result.tables == [[["Role", "Limit"], ["Manager", "5000"]]]
    assert "Manager | 5000" in result.sections[1].text
    assert result.chunks[0].heading_path == ["Booking"]


def test_pptx_slides_become_sections_with_notes(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "deck.pptx"
    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Why automate invoices"
    first.placeholders[1].text_frame.text = "Manual entry takes 12 minutes per invoice"
    first.notes_slide.notes_text_frame.text = "Mention the audit finding."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Pilot plan"
    box = second.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
    box.text_frame.text = "Start with the Lyon office"
    deck.save(path)
    document = parse(path).document
    assert document is not None
    assert document.pages == 2
    assert [(s.title, s.page) for s in document.sections] == [
        ("Why automate invoices", 1),
        ("Pilot plan", 2),
    ]
    assert "12 minutes per invoice" in document.sections[0].text
    assert "Notes: Mention the audit finding." in document.sections[0].text
    assert document.sections[1].text == "Start with the Lyon office"


def test_markdown_headings_nest(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Roadmap\n\nIntro text.\n\n## Phase 1\n\nPilot in one team.\n\n"
        "```\n# not a heading\n```\n"
        "\n## Phase 2\n\nRoll out.\n"
    )
    document = parse(path).document
    assert document is not None
    assert document.title == "Roadmap"
    assert [s.heading_path for s in document.sections] == [
        ["Roadmap"],
        ["Roadmap", "Phase 1"],
        ["Roadmap", "Phase 2"],
    ]
    assert "# not a heading" in document.sections[1].text


def test_plain_text_detects_numbered_and_capital_headings(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "procedure.txt"
    path.write_text(
        "RETURNS PROCEDURE\n\n1. Purpose\nHandle customer returns quickly.\n\n"
        "2. Steps\nCheck the receipt.\n\nRefund within five days.\n"
    )
    document = parse(path).document
    assert document is not None
    assert [s.title for s in document.sections] == ["RETURNS PROCEDURE", "1. Purpose", "2. Steps"]
    assert document.sections[2].text == "Check the receipt.\n\nRefund within five days."


def test_html_main_text_without_navigation_or_scripts(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>Pricing</title><style>p{color:red}</style></head>"
        "<body><nav><a href='/'>Home</a></nav><main><h1>Plans</h1><p>Basic costs 10 euros.</p>"
        "<h2>Enterprise</h2><ul><li>SSO</li><li>Audit log</li></ul>"
        "<script>track()</script></main><footer>Copyright</footer></body></html>"
    )
    document = parse(path).document
    assert document is not None
    assert document.title == "Pricing"
    assert [s.heading_path for s in document.sections] == [["Plans"], ["Plans", "Enterprise"]]
    assert document.sections[1].text == "- SSO\n\n- Audit log"
    everything = " ".join(s.text for s in document.sections)
    assert "track()" not in everything
    assert "Home" not in everything
    assert "Copyright" not in everything


_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d1">
  <bpmn:process id="invoice" name="Invoice approval">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t1" name="Check invoice"/>
    <bpmn:serviceTask id="t2" name="Pay"/>
    <bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_bpmn_is_a_workflow(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "invoice.bpmn"
    path.write_text(_BPMN)
    result = parse(path)
    assert result.kind is FileKind.workflow
    assert result.workflow_xml == _BPMN
    assert result.details["processes"] == ["Invoice approval"]
    assert result.details["tasks"] == 2


def test_docx_text_boxes_are_read_once(tmp_path: Path, parse: ParseFn) -> None:
    from lxml import etree

    path = tmp_path / "boxes.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Body text")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (
        f'<w:r xmlns:w="{w}" xmlns:mc="{mc}"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:drawing><w:txbxContent><w:p><w:r><w:t>Last update: May 1, 2017</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>"
        "<w:r><w:t>Last update: May 1, 2017</w:t></w:r></w:p></w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(etree.fromstring(box))
    document.save(str(path))
    text = "\n".join(s.text for s in parse(path).document.sections)
    assert text.count("Last update: May 1, 2017") == 1
    assert "Body text" in text


def test_a_document_without_text_is_ready_and_says_so(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    result = parse(path)
    assert result.document is not None
    assert result.document.sections == []
    assert result.document.metadata["no_text"].startswith("no text found")


def test_pdfium_is_entered_by_one_thread_at_a_time(
    tmp_path: Path, parse: ParseFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PDFium is not thread-safe: two parse jobs on the worker's threads reading real PDFs at
    once failed with "Failed to load page" or crashed the process. Each page load is slowed
    here so that threads not serialised by the process lock would be seen overlapping."""
    import threading
    import time

    import pypdfium2

    inside, most = [0], [0]
    load_page = pypdfium2.PdfDocument.get_page

    def watched(self: pypdfium2.PdfDocument, index: int) -> pypdfium2.PdfPage:
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.002)
        try:
            return load_page(self, index)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", watched)
    paths = []
    for n in range(3):
        path = tmp_path / f"report-{n}.pdf"
        pages = "".join(
            f"<p style='page-break-after: always'>Report {n}, page {i}.</p>" for i in range(15)
        )
        weasyprint.HTML(string=f"<html><body>{pages}</body></html>").write_pdf(path)
        paths.append(path)
    read: list[int | None] = []

    def work(path: Path) -> None:
        result = parse(path)
        read.append(result.document.pages if result.document else None)

    threads = [threading.Thread(target=work, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert read == [15, 15, 15]
    assert most[0] == 1

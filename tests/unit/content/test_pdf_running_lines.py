"""Running headers, footers and page numbers repeated on every PDF page are not content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import weasyprint

from symphainy.content.parsers import pdf as pdf_parser
from symphainy.content.parsers.base import ParseResult

ParseFn = Callable[..., ParseResult]

_MANUAL = """
<html><head><title>Reference manual</title><style>
@page { size: A5; margin: 2cm 1.5cm;
  @top-center { content: "4 Function reference" }
  @bottom-center { content: "Page " counter(page) " of " counter(pages) } }
section { page-break-after: always }
</style></head><body>
{sections}
</body></html>
"""
_TOPICS = ["Loading data", "Filtering rows", "Grouping", "Joining tables", "Writing files"]


def _manual(path: Path) -> None:
    body = "".join(
        f"<section><h2>{topic}</h2><p>{topic} is described here with its options. "
        f"Each option of {topic.lower()} has a default that suits most files.</p></section>"
        for topic in _TOPICS
    )
    weasyprint.HTML(string=_MANUAL.replace("{sections}", body)).write_pdf(path)


def test_running_header_and_page_numbers_leave_chunks_and_outline(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "manual.pdf"
    _manual(path)
    result = parse(path)
    document = result.document
    assert document is not None and document.pages == len(_TOPICS)
    titles = [s.title for s in document.sections]
    assert "4 Function reference" not in titles
    assert [t for t in titles if t in _TOPICS] == _TOPICS
    text = "\n".join(c.text for c in document.chunks)
    assert "Function reference" not in text
    assert "Page 3 of 5" not in text
    assert not any(c.text.strip().isdigit() for c in document.chunks)
    assert "Grouping is described here" in text
    assert result.details["running_headers_and_footers_removed"] == 2 * len(_TOPICS)


def test_a_line_repeated_on_few_pages_stays() -> None:
    pages = [
        "Quarterly report\nRevenue rose.\nSee the appendix",
        "Costs\nCosts fell.\n2",
        "Quarterly report\nOutlook is stable.\n3",
        "Hiring\nWe hired four people.\n4",
        "Risks\nNone new.\n5",
        "Appendix\nTables follow.\n6",
    ]
    kept, removed = pdf_parser.drop_running_lines(pages)
    assert kept[0].startswith("Quarterly report")  # on 2 of 6 pages: content, not a header
    assert removed == 5  # the page numbers
    assert all(not p.rstrip().endswith(("2", "3", "4", "5", "6")) for p in kept[1:])


def test_a_bookmarked_heading_equal_to_the_running_header_is_kept() -> None:
    pages = [f"Chapter 4\nText {i}.\n{i + 1}" for i in range(4)]
    kept, _removed = pdf_parser.drop_running_lines(pages, {0: [(1, "Chapter 4")]})
    assert kept[0].startswith("Chapter 4")
    assert not kept[1].startswith("Chapter 4")


def test_table_pages_past_the_limit_are_not_listed_and_the_note_says_so(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "long.pdf"
    pages = "".join(
        f"<p style='page-break-after: always'>Page body {i}</p>"
        for i in range(pdf_parser.TABLE_PAGE_LIMIT + 1)
    )
    weasyprint.HTML(string=f"<html><body>{pages}</body></html>").write_pdf(path)
    result = parse(path)
    assert result.document is not None
    limit, count = pdf_parser.TABLE_PAGE_LIMIT, pdf_parser.TABLE_PAGE_LIMIT + 1
    # The parse reads no table itself: it lists the pages a later job looks at.
    assert result.document.table_pages == list(range(1, limit + 1))
    assert result.document.tables == []
    note = pdf_parser.table_note(count, 0, [])
    assert note is not None
    assert f"tables read on pages 1–{limit} of {count}" in note
    assert f"past {limit} were not looked at" in note
    assert pdf_parser.table_note(limit, 2, []) is None  # every page looked at: nothing to say
    assert "pages 4 could not be read" in (pdf_parser.table_note(5, 1, [4]) or "")


def test_tables_on_the_listed_pages_are_read(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "long-with-table.pdf"
    style = "<style>td, th { border: 1px solid black; padding: 4px }</style>"
    table = (
        "<table><tr><th>Region</th><th>Sales</th></tr>"
        "<tr><td>North</td><td>120</td></tr><tr><td>South</td><td>95</td></tr></table>"
    )
    pages = "".join(
        f"<p style='page-break-before: always'>Page body {i}</p>"
        for i in range(pdf_parser.TABLE_PAGE_LIMIT + 2)
    )
    html = f"<html><head>{style}</head><body>{table}{pages}</body></html>"
    weasyprint.HTML(string=html).write_pdf(path)
    result = parse(path)
    assert result.document is not None
    tables, failed = pdf_parser.read_tables(path, result.document.table_pages[:3])
    assert ["North", "120"] in tables[0] and failed == []
    assert pdf_parser.read_tables(path, [2, 3]) == ([], [])  # pages without a table
    assert pdf_parser.read_tables(path, [999]) == ([], [999])  # no such page: said, not raised

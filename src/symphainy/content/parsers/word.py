"""DOCX: heading styles become sections; list items and tables stay in reading order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from symphainy.content.parsers.archive import check_office_zip
from symphainy.content.parsers.base import (
    NO_TEXT,
    DocumentResult,
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
    office_metadata,
)
from symphainy.content.parsers.outline import OutlineBuilder

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    import docx
    from docx.table import Table

    check_office_zip(path, limits, "the document")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise ParseError(f"the document is damaged and cannot be opened ({exc})") from exc
    progress(0.3, "Reading paragraphs")
    builder = OutlineBuilder()
    tables: list[list[list[str]]] = []
    title = ""
    chars = 0
    items: list[str] = []  # the list being read; a list is one paragraph
    for block in document.iter_inner_content():
        if isinstance(block, Table) or not _is_list_item(block):
            builder.paragraph("\n".join(items))
            items = []
        if isinstance(block, Table):
            rows = _table_rows(block)
            if rows:
                tables.append(rows)
                builder.paragraph("\n".join(" | ".join(row) for row in rows))
            continue
        for boxed in _text_box_paragraphs(block):
            builder.paragraph(boxed)
            chars += len(boxed)
        text = block.text.strip()
        chars += len(text)
        if chars > limits.max_text_chars:
            raise ParseError(f"the document has more than {limits.max_text_chars:,} characters")
        if not text:
            continue
        style = _style(block)
        heading = _HEADING_STYLE.match(style)
        if style.lower() == "title" and not title:
            title = text
        elif heading:
            builder.heading(text, int(heading.group(1)))
        elif _is_list_item(block):
            numbered = len(items) + 1 if "number" in style.lower() else 0
            items.append((f"{numbered}. " if numbered else "- ") + text)
            continue
        else:
            builder.paragraph(text)
    builder.paragraph("\n".join(items))
    sections = builder.finish()
    properties = document.core_properties
    metadata = office_metadata(properties, "title", "author", "subject", "created", "modified")
    title = (
        title
        or metadata.get("title", "")
        or next((s.title for s in sections if s.heading_path), path.stem)
    )
    if not sections:
        metadata["no_text"] = NO_TEXT
    progress(1.0, f"Found {len(sections)} section(s)")
    return ParseResult(
        kind=FileKind.document,
        document=DocumentResult(
            title=title,
            sections=sections,
            chunks=[],  # filled by parse_file
            metadata=metadata,
            tables=tables,
        ),
    )


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name or "") if paragraph.style is not None else ""


def _is_list_item(paragraph: Any) -> bool:
    """Bulleted or numbered body text; numbered headings stay headings."""
    style = _style(paragraph).lower()
    if _HEADING_STYLE.match(style) or style == "title":
        return False
    properties = paragraph._p.pPr
    return "list" in style or (properties is not None and properties.numPr is not None)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_paragraphs(paragraph: Any) -> list[str]:
    """Text in the paragraph's text boxes and shapes, which ``paragraph.text`` leaves out.

    Word writes each box twice: a DrawingML version and, under ``mc:Fallback``, a VML copy
    for old readers. Only boxes outside a fallback are read, so nothing is read twice; a box
    nested in another box is read with its outer box.
    """
    texts: list[str] = []
    for box in paragraph._p.iter(f"{_W}txbxContent"):
        ancestors = list(box.iterancestors())
        if any(a.tag == _FALLBACK for a in ancestors):
            continue
        if any(a.tag == f"{_W}txbxContent" for a in ancestors):
            continue
        for inner in box.iter(f"{_W}p"):
            if any(a.tag == f"{_W}txbxContent" and a is not box for a in inner.iterancestors()):
                continue
            text = "".join(t.text or "" for t in inner.iter(f"{_W}t")).strip()
            if text:
                texts.append(text)
    return texts


def _table_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # python-docx repeats a merged cell once per grid column
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(cells)
    return rows

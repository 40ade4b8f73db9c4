"""HTML: the page's main text with h1-h6 as sections; scripts, styles and navigation dropped.

selectolax's lexbor backend is a real HTML5 parser in C: fast, tolerant of broken markup and
it never resolves entities from a DTD or fetches anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symphainy.content.parsers.base import (
    NO_TEXT,
    DocumentResult,
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)
from symphainy.content.parsers.outline import OutlineBuilder
from symphainy.content.parsers.text import read_text

_DROP = "script, style, nav, noscript, template, iframe, svg, header, footer, aside, form"
_BLOCKS = {"p", "li", "pre", "blockquote", "tr", "dt", "dd", "figcaption", "caption"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    from selectolax.lexbor import LexborHTMLParser

    html, encoding = read_text(path, limits)
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    page_title = " ".join(title_node.text().split()) if title_node is not None else ""
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body
    if root is None:
        raise ParseError("the HTML page has no body")
    progress(0.4, "Reading the page text")
    builder = OutlineBuilder()
    tables: list[list[list[str]]] = []
    for node in root.traverse(include_text=True):
        _visit(node, builder)
    for table in root.css("table"):
        rows = [
            [" ".join(cell.text().split()) for cell in row.css("th, td")] for row in table.css("tr")
        ]
        rows = [row for row in rows if any(row)]
        if rows:
            tables.append(rows)
    sections = builder.finish()
    metadata: dict[str, Any] = {"encoding": encoding}
    if not sections:
        metadata["no_text"] = NO_TEXT
    if page_title:
        metadata["title"] = page_title
    progress(1.0, f"Found {len(sections)} section(s)")
    return ParseResult(
        kind=FileKind.document,
        document=DocumentResult(
            title=page_title or (sections[0].title if sections else path.stem),
            sections=sections,
            chunks=[],  # filled by parse_file
            metadata=metadata,
            tables=tables,
        ),
    )


def _visit(node: Any, builder: OutlineBuilder) -> None:
    if node.tag in _HEADINGS:
        builder.heading(node.text(separator=" "), _HEADINGS[node.tag])
        return
    if node.tag == "-text":
        if _inside_block(node):
            return
        text = " ".join((node.text_content or "").split())
        if text:
            builder.paragraph(text)
        return
    if node.tag in _BLOCKS and not _inside_block(node):
        separator = " | " if node.tag == "tr" else " "
        cells = node.css("th, td") if node.tag == "tr" else None
        if cells:
            text = separator.join(" ".join(c.text(separator=" ").split()) for c in cells)
        else:
            text = " ".join(node.text(separator=" ").split())
        builder.paragraph(("- " if node.tag == "li" else "") + text)


def _inside_block(node: Any) -> bool:
    """True when an enclosing block or heading already emitted this node's text."""
    parent = node.parent
    while parent is not None:
        if parent.tag in _BLOCKS or parent.tag in _HEADINGS:
            return True
        parent = parent.parent
    return False

"""PPTX: each slide is a section titled by its title placeholder; speaker notes included."""

from __future__ import annotations

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
    Section,
    office_metadata,
)


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    from pptx import Presentation

    check_office_zip(path, limits, "the presentation")
    try:
        presentation = Presentation(str(path))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors...
        raise ParseError(f"the presentation is damaged and cannot be opened ({exc})") from exc
    slides = list(presentation.slides)
    if len(slides) > limits.max_pages:
        raise ParseError(
            f"the presentation has {len(slides):,} slides; the limit is {limits.max_pages:,}"
        )
    sections: list[Section] = []
    tables: list[list[list[str]]] = []
    for number, slide in enumerate(slides, start=1):
        title_shape = slide.shapes.title
        title = " ".join(title_shape.text_frame.text.split()) if title_shape is not None else ""
        parts: list[str] = []
        for shape in slide.shapes:
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            parts.extend(_shape_text(shape, tables))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                parts.append("Notes: " + notes.text.strip())
        if not title and not parts:
            continue
        heading = title or f"Slide {number}"
        sections.append(
            Section(title=heading, heading_path=[heading], text="\n\n".join(parts), page=number)
        )
        if number % 10 == 0:
            progress(number / len(slides), f"Read slide {number} of {len(slides)}")
    properties = presentation.core_properties
    metadata = office_metadata(properties, "title", "author", "created")
    if not sections:
        metadata["no_text"] = NO_TEXT
    progress(1.0, f"Read {len(slides)} slide(s)")
    return ParseResult(
        kind=FileKind.document,
        document=DocumentResult(
            title=metadata.get("title") or (sections[0].title if sections else path.stem),
            sections=sections,
            chunks=[],  # filled by parse_file
            pages=len(slides),
            metadata=metadata,
            tables=tables,
        ),
    )


def _shape_text(shape: Any, tables: list[list[list[str]]]) -> list[str]:
    if shape.shape_type is not None and int(shape.shape_type) == 6:  # MSO_SHAPE_TYPE.GROUP
        return [text for child in shape.shapes for text in _shape_text(child, tables)]
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[" ".join(c.text.split()) for c in row.cells] for row in shape.table.rows]
        tables.append(rows)
        return ["\n".join(" | ".join(row) for row in rows)]
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines = [" ".join(p.text.split()) for p in shape.text_frame.paragraphs]
        text = "\n".join(line for line in lines if line)
        return [text] if text else []
    return []

"""The shapes every parser produces, the limits they obey and the error they raise.

Parsers are pure: a file path in, Parquet files and a document structure out. They never touch
the database or storage, which keeps them easy to test and safe to run in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class ParseError(Exception):
    """The file cannot be parsed; the message is shown to the user as the reason."""


class ColumnType(StrEnum):
    integer = "integer"
    float = "float"
    decimal = "decimal"
    boolean = "boolean"
    date = "date"
    datetime = "datetime"
    text = "text"
    category = "category"
    identifier = "identifier"


class FileKind(StrEnum):
    dataset = "dataset"
    document = "document"
    workflow = "workflow"
    unsupported = "unsupported"


@dataclass(frozen=True)
class ParseLimits:
    """Guards against hostile files; every number is configurable through Settings."""

    max_decompressed_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 200
    max_rows: int = 10_000_000
    max_columns: int = 2_000
    max_cells: int = 200_000_000
    max_pages: int = 2_000
    max_line_bytes: int = 10 * 1024 * 1024
    max_text_chars: int = 50_000_000


@dataclass
class ColumnInfo:
    name: str
    type: ColumnType
    source_name: str | None = None  # the header as written, when it had to be cleaned
    reading: dict[str, Any] = field(default_factory=dict)  # markers, unit, date order, notes
    identifier: str = ""  # a safe snake_case name beside the display name


@dataclass
class TableResult:
    """One dataset: a sheet of a workbook, or the whole of a CSV/JSON/Parquet file."""

    name: str
    parquet_path: Path
    rows: int
    columns: list[ColumnInfo]
    details: dict[str, Any] = field(default_factory=dict)  # delimiter, encoding, header row...


@dataclass
class Section:
    title: str
    heading_path: list[str]
    text: str
    level: int = 1
    page: int | None = None


@dataclass
class Chunk:
    text: str
    section_index: int
    heading_path: list[str]
    page: int | None = None


@dataclass
class DocumentResult:
    title: str
    sections: list[Section]
    chunks: list[Chunk]
    pages: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    needs_ocr_pages: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    # Pages still to be searched for tables, after the file is ready (PDF: content.document_tables).
    table_pages: list[int] = field(default_factory=list)


@dataclass
class ParseResult:
    kind: FileKind
    tables: list[TableResult] = field(default_factory=list)
    document: DocumentResult | None = None
    workflow_xml: str | None = None  # BPMN 2.0, handed to Operations
    reason: str | None = None  # why a file is unsupported
    details: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[float, str], None]

# One behaviour for every document without text (a scanned PDF, a DOCX of pictures, an
# empty page): it is stored and ready, says so, and is never a failed upload.
NO_TEXT = "no text found: the file may hold only images or scans (those pages need OCR)"


def no_progress(_fraction: float, _message: str) -> None:
    return None


def office_metadata(properties: Any, *names: str) -> dict[str, str]:
    """The named core properties of a DOCX/PPTX/XLSX package that are set, as text."""
    values = {name: getattr(properties, name, None) for name in names}
    return {name: str(value) for name, value in values.items() if value}

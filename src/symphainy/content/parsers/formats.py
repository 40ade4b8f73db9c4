"""Every file format SymphAIny recognises: its media type, kind, extension and name in prose.

One table shared by sniffing (what are these bytes?) and parsing (which module reads them?).
"""

from __future__ import annotations

from dataclasses import dataclass

from symphainy.content.parsers.base import FileKind


@dataclass(frozen=True)
class Format:
    label: str
    media_type: str
    kind: FileKind
    extension: str  # canonical extension, without the dot
    described: str  # how a sentence names it: "a CSV file"


ALL_FORMATS = [
    Format("csv", "text/csv", FileKind.dataset, "csv", "a CSV file"),
    Format("tsv", "text/tab-separated-values", FileKind.dataset, "tsv", "a TSV file"),
    Format("json", "application/json", FileKind.dataset, "json", "a JSON file"),
    Format("jsonl", "application/jsonl", FileKind.dataset, "jsonl", "a JSON Lines file"),
    Format(
        "parquet", "application/vnd.apache.parquet", FileKind.dataset, "parquet", "a Parquet file"
    ),
    Format(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.dataset,
        "xlsx",
        "an Excel workbook",
    ),
    Format(
        "xlsb",
        "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
        FileKind.unsupported,
        "xlsb",
        "an Excel binary (.xlsb) workbook",
    ),
    Format(
        "xls", "application/vnd.ms-excel", FileKind.dataset, "xls", "a legacy Excel (.xls) workbook"
    ),
    Format("pdf", "application/pdf", FileKind.document, "pdf", "a PDF document"),
    Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.document,
        "docx",
        "a Word document",
    ),
    Format(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        FileKind.document,
        "pptx",
        "a PowerPoint presentation",
    ),
    Format("text", "text/plain", FileKind.document, "txt", "plain text"),
    Format("markdown", "text/markdown", FileKind.document, "md", "a Markdown document"),
    Format("html", "text/html", FileKind.document, "html", "an HTML page"),
    Format("bpmn", "application/bpmn+xml", FileKind.workflow, "bpmn", "a BPMN 2.0 workflow"),
    Format("xml", "application/xml", FileKind.unsupported, "xml", "an XML file"),
    Format("png", "image/png", FileKind.unsupported, "png", "a PNG image"),
    Format("jpeg", "image/jpeg", FileKind.unsupported, "jpg", "a JPEG image"),
    Format("gif", "image/gif", FileKind.unsupported, "gif", "a GIF image"),
    Format("webp", "image/webp", FileKind.unsupported, "webp", "a WebP image"),
    Format("zip", "application/zip", FileKind.unsupported, "zip", "a ZIP archive"),
    Format(
        "doc", "application/msword", FileKind.unsupported, "doc", "a legacy Word (.doc) document"
    ),
    Format(
        "ppt",
        "application/vnd.ms-powerpoint",
        FileKind.unsupported,
        "ppt",
        "a legacy PowerPoint (.ppt) presentation",
    ),
    Format(
        "encrypted-office",
        "application/x-encrypted-office",
        FileKind.unsupported,
        "bin",
        "a password-protected Office file",
    ),
    Format(
        "binary",
        "application/octet-stream",
        FileKind.unsupported,
        "bin",
        "unrecognised binary data",
    ),
    Format("empty", "application/x-empty", FileKind.unsupported, "", "an empty file"),
]
FORMATS = {f.label: f for f in ALL_FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in ALL_FORMATS}

# What each filename extension claims the content is.
EXTENSION_LABELS = {
    "csv": "csv",
    "tsv": "tsv",
    "tab": "tsv",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "parquet": "parquet",
    "pq": "parquet",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "xls": "xls",
    "xlsb": "xlsb",
    "pdf": "pdf",
    "docx": "docx",
    "pptx": "pptx",
    "txt": "text",
    "text": "text",
    "md": "markdown",
    "markdown": "markdown",
    "html": "html",
    "htm": "html",
    "bpmn": "bpmn",
    "xml": "xml",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
    "zip": "zip",
    "doc": "doc",
    "ppt": "ppt",
}


def by_media_type(media_type: str) -> Format:
    """The format for a sniffed media type; unknown types read as unrecognised binary."""
    return BY_MEDIA_TYPE.get(media_type, FORMATS["binary"])

"""Tell what a file is from its bytes, never from its name alone.

Uploads are type-checked by content (architecture rule 5): the name only breaks ties between
text formats that look alike (a one-column CSV and a plain text file), and ``check_declared``
turns a name that contradicts the bytes into a clear error instead of a confusing parse failure.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from symphainy.content.parsers.archive import MAX_MEMBERS, declared_members
from symphainy.content.parsers.base import FileKind, ParseError
from symphainy.content.parsers.dialect import detect_delimiter
from symphainy.content.parsers.formats import EXTENSION_LABELS, FORMATS, Format, by_media_type

HEAD_BYTES = 64 * 1024


# Content that is fine under a name claiming something close to it.
_COMPATIBLE = {
    ("csv", "tsv"),
    ("tsv", "csv"),
    ("csv", "text"),
    ("tsv", "text"),
    ("json", "jsonl"),
    ("jsonl", "json"),
    ("text", "markdown"),
    ("markdown", "text"),
    ("text", "csv"),
    ("text", "tsv"),
    ("markdown", "tsv"),
    ("xml", "bpmn"),
    ("bpmn", "xml"),
    ("html", "text"),
    ("html", "xml"),
    ("xml", "html"),
    ("xlsx", "encrypted-office"),
    ("docx", "encrypted-office"),
    ("pptx", "encrypted-office"),
}
_IMAGE_LABELS = {"png", "jpeg", "gif", "webp"}
_BPMN_NS = b"http://www.omg.org/spec/BPMN/20100524/MODEL"
_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|div|p|h[1-6]|table|title)[\s>]", re.I)
_MD_RE = re.compile(r"^(#{1,6} \S|```|~~~)|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S[^*\n]*\*\*", re.M)


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are. ``extension`` is the canonical one for the content, not the name's."""

    media_type: str
    kind: FileKind
    extension: str
    reason: str | None


class MismatchError(ParseError):
    """The file's name claims one type and its content is another."""


def format_of(sniffed: Sniffed) -> Format:
    return by_media_type(sniffed.media_type)


def sniff(path: Path, filename: str) -> Sniffed:
    """Identify the file at ``path``; ``filename`` only breaks ties between text formats."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        whole = len(head) < HEAD_BYTES
    declared = _declared_label(filename)
    label = _label_from_bytes(path, head, whole, declared)
    fmt = FORMATS[label]
    return Sniffed(fmt.media_type, fmt.kind, fmt.extension, _reason(label))


def check_declared(sniffed: Sniffed, filename: str) -> None:
    """Raise MismatchError when the filename's extension claims a type the bytes contradict."""
    declared = _declared_label(filename)
    actual = format_of(sniffed)
    if declared is None or declared == actual.label or (declared, actual.label) in _COMPATIBLE:
        return
    if actual.label == "empty":
        return  # an empty file is reported by the parser, whatever its name
    raise MismatchError(
        f"{filename} is named like {FORMATS[declared].described} but its content is "
        f"{actual.described}"
    )


def _declared_label(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower().lstrip(".")
    return EXTENSION_LABELS.get(suffix)


def _reason(label: str) -> str | None:
    fmt = FORMATS[label]
    if fmt.kind is not FileKind.unsupported:
        return None
    if label in _IMAGE_LABELS:
        return f"The file is {fmt.described}; images are stored but their content is not parsed"
    if label == "empty":
        return "The file is empty"
    if label == "encrypted-office":
        return "The file is password-protected; remove the password and upload it again"
    if label == "binary":
        return "The content is not a format SymphAIny can read (unrecognised binary data)"
    return f"The file is {fmt.described}, which SymphAIny does not parse"


def _label_from_bytes(path: Path, head: bytes, whole: bool, declared: str | None) -> str:
    if not head:
        return "empty"
    binary = _binary_label(path, head)
    if binary is not None:
        return binary
    text = _decode_head(head, whole)
    if text is None:
        return "binary"
    return _text_label(text, whole, declared)


def _binary_label(path: Path, head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_label(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_label(head)
    return None


def _zip_label(path: Path) -> str:
    """Office Open XML files are ZIPs; their part names say which application made them."""
    members = declared_members(path)
    names: list[str] = []
    if members is not None and members <= MAX_MEMBERS:  # else the parser refuses it
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
    if not names:
        # Truncated, or too big a directory to load: the local headers still name the parts.
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        names = [m.decode("latin-1") for m in re.findall(rb"(?:xl|word|ppt)/[\w./]+", head)]
    if any(n.startswith("xl/") for n in names):
        return "xlsb" if "xl/workbook.bin" in names else "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    return _content_types_label(path) if "[Content_Types].xml" in names else "zip"


def _content_types_label(path: Path) -> str:
    """Some exporters put a workbook's parts at the archive's root (``sheet1.xml``); the package's
    content types still name the main part."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("[Content_Types].xml") as part:
            types = part.read(HEAD_BYTES)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return "zip"
    for marker, label in (
        (b"spreadsheetml.sheet.main", "xlsx"),
        (b"wordprocessingml.document.main", "docx"),
        (b"presentationml.presentation.main", "pptx"),
    ):
        if marker in types:
            return label
    return "zip"


def _ole_label(head: bytes) -> str:
    """OLE2 holds legacy Office files and, under an EncryptedPackage stream, encrypted OOXML."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in head

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted-office"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("WordDocument"):
        return "doc"
    if has("PowerPoint Document"):
        return "ppt"
    # Directory entries may sit beyond the head; xls is by far the most common OLE upload.
    return "xls"


def _decode_head(head: bytes, whole: bool) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        from symphainy.content.parsers.encoding import utf16_without_bom

        bare = utf16_without_bom(head)
        if bare is None:
            return None
        return head[: len(head) - len(head) % 2].decode(bare, errors="replace")
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not whole and exc.start >= len(head) - 4:
            return head[: exc.start].decode("utf-8-sig")  # a character cut by the head limit
    from symphainy.content.parsers.encoding import guess_encoding

    guessed = guess_encoding(head)
    if guessed is None:
        return None
    try:
        text = head.decode(guessed, errors="strict" if whole else "ignore")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return None if controls > len(text) * 0.01 else text


def _text_label(text: str, whole: bool, declared: str | None) -> str:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        raw = stripped[:HEAD_BYTES].encode("utf-8", "replace")
        if _BPMN_NS in raw and b"definitions" in raw:
            return "bpmn"
        if _HTML_RE.search(raw[:4096]):
            return "html"
        if stripped.startswith("<?xml") or re.match(r"<[A-Za-z_][\w:.-]*[\s>/]", stripped):
            return "xml"
    if stripped[:1] in ("{", "["):
        json_label = _json_label(stripped, whole)
        if json_label is not None:
            return json_label
    if declared in ("text", "markdown"):
        lines = stripped.splitlines()[:50]
        delimiter = detect_delimiter(lines)
        if delimiter == "\t":
            return "tsv"
        if delimiter == "|" and declared == "text" and not _drawn_with_pipes(lines):
            return "csv"  # a pipe-delimited export named .txt; prose seldom splits evenly on |
        if delimiter in (",", ";") and declared == "text" and _evenly_split(lines, delimiter):
            return "csv"  # a comma-separated export named .txt (police, bank and ERP exports)
        if delimiter is None and declared == "text" and _aligned_table(stripped):
            return "csv"  # columns aligned by spaces under a header: a report's table as text
        return declared
    delimiter = detect_delimiter(stripped.splitlines()[:50])
    if delimiter is not None:
        return "tsv" if delimiter == "\t" else "csv"
    if declared in ("csv", "tsv"):
        return declared
    return "markdown" if _looks_markdown(stripped) else "text"


def _evenly_split(lines: list[str], delimiter: str) -> bool:
    """Every line of five or more splits into the same number (at least four) of fields.

    Prose wrapped into lines carries a varying number of commas; a record export carries one
    number on every line.
    """
    filled = [line for line in lines if line.strip()]
    if len(filled) < 5:
        return False
    try:
        counts = {len(row) for row in csv.reader(filled, delimiter=delimiter)}
    except csv.Error:
        return False
    return len(counts) == 1 and min(counts) >= 4


def _aligned_table(text: str) -> bool:
    from symphainy.content.parsers.aligned import fixed_columns

    return bool(fixed_columns(text))


def _drawn_with_pipes(lines: list[str]) -> bool:
    """A table drawn for reading (``| a | b |``, Markdown or ASCII art) starts its lines with |."""
    filled = [line.strip() for line in lines if line.strip()]
    return sum(1 for line in filled if line.startswith(("|", "+"))) > len(filled) / 2


def _json_label(text: str, whole: bool) -> str | None:
    lines = [line for line in text.splitlines() if line.strip()]
    if whole:
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "json"
    complete = lines if whole else lines[:-1]
    if len(complete) >= 2 and all(_is_json_object(line) for line in complete[:20]):
        return "jsonl"
    if len(complete) == 1 and _is_json_object(complete[0]) and whole:
        return "jsonl"
    if text[:1] == "[" or (not whole and text[:1] == "{"):
        return "json"  # a large document; the parser reports it if it is not valid JSON
    return None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _looks_markdown(text: str) -> bool:
    return len(_MD_RE.findall(text[:20_000])) >= 2

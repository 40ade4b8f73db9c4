"""Plain text and Markdown: headings become sections, blank lines separate paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from symphainy.content.parsers.base import (
    NO_TEXT,
    DocumentResult,
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)
from symphainy.content.parsers.encoding import utf16_without_bom
from symphainy.content.parsers.outline import OutlineBuilder, blocks, plain_heading

_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def read_text(path: Path, limits: ParseLimits) -> tuple[str, str]:
    """The decoded text and its encoding; refuses files too long or in no known encoding."""
    size = path.stat().st_size
    if size > limits.max_text_chars * 4:
        raise ParseError(f"the text is {size:,} bytes, above the limit")
    data = path.read_bytes()
    bare = utf16_without_bom(data) if b"\x00" in data[:4096] else None
    try:
        text, encoding = data.decode(bare or "utf-8-sig"), bare or "utf-8"
    except UnicodeDecodeError as exc:
        from symphainy.content.parsers.encoding import guess_encoding

        guessed = guess_encoding(data[: 1024 * 1024])
        try:
            if guessed is None:
                raise LookupError("unknown")
            text, encoding = data.decode(guessed), guessed
        except (LookupError, UnicodeDecodeError):
            raise ParseError(
                f"the text is not valid UTF-8 (byte {exc.start:,}) and its encoding could not "
                "be recognised"
            ) from exc
    if len(text) > limits.max_text_chars:
        raise ParseError(
            f"the text has {len(text):,} characters; the limit is {limits.max_text_chars:,}"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def parse(
    path: Path, out_dir: Path, limits: ParseLimits, progress: Progress, markdown: bool
) -> ParseResult:
    text, encoding = read_text(path, limits)
    progress(0.3, "Finding headings")
    builder = OutlineBuilder()
    if markdown:
        _markdown(text, builder)
    else:
        _plain(text, builder)
    sections = builder.finish()
    first = sections[0].title if sections else ""
    title = next((s.title for s in sections if s.heading_path), first) or path.stem
    document = DocumentResult(
        title=title,
        sections=sections,
        chunks=[],  # filled by parse_file
        metadata={"encoding": encoding, "characters": len(text)},
    )
    if not sections:
        document.metadata["no_text"] = NO_TEXT
    progress(1.0, f"Found {len(sections)} section(s)")
    return ParseResult(kind=FileKind.document, document=document)


def _plain(text: str, builder: OutlineBuilder) -> None:
    for block in blocks(text):
        lines = block.split("\n")
        heading = plain_heading(lines[0])
        if heading is not None:
            builder.heading(heading[1], heading[0])
            lines = lines[1:]
        builder.paragraph("\n".join(lines))


def _markdown(text: str, builder: OutlineBuilder) -> None:
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        builder.paragraph("\n".join(paragraph))
        paragraph.clear()

    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            paragraph.append(line)
            continue
        if in_fence:
            paragraph.append(line)
            continue
        atx = _ATX.match(line)
        if atx:
            flush()
            builder.heading(atx.group(2), len(atx.group(1)))
        elif _SETEXT.match(line) and len(paragraph) == 1 and paragraph[0].strip():
            title = paragraph.pop()
            flush()
            builder.heading(title, 1 if line.lstrip().startswith("=") else 2)
        elif not line.strip():
            flush()
        else:
            paragraph.append(line)
    flush()

"""Split sections into overlapping chunks for embedding and search.

Chunks never cross a section, so each one keeps an exact heading path and page for citing.
Cuts fall on paragraph, then sentence, then word boundaries; the overlap repeats the last
sentences of the previous chunk so a fact split across a boundary is still found whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from symphainy.content.parsers.base import Chunk, Section

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=\S)")


def chunk_sections(
    sections: Sequence[Section], target_chars: int = 1000, overlap_chars: int = 150
) -> list[Chunk]:
    """Chunks of about ``target_chars`` characters, each tagged with its section and page."""
    if target_chars <= 0 or overlap_chars < 0 or overlap_chars >= target_chars:
        raise ValueError("need 0 <= overlap_chars < target_chars")
    chunks: list[Chunk] = []
    for index, section in enumerate(sections):
        for text in _split(section.text, target_chars, overlap_chars):
            chunks.append(
                Chunk(
                    text=text,
                    section_index=index,
                    heading_path=list(section.heading_path),
                    page=section.page,
                )
            )
    return chunks


def _units(text: str, target: int) -> list[str]:
    """Paragraphs, broken into sentences and then words only where they exceed the target."""
    units: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= target:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            units.extend(_hard_split(sentence.strip(), target))
    return [u for u in units if u]


def _hard_split(text: str, target: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > target:
        cut = text.rfind(" ", 0, target)
        if cut <= target // 2:
            cut = target
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    pieces.append(text)
    return pieces


def _split(text: str, target: int, overlap: int) -> list[str]:
    units = _units(text, target)
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    fresh = 0  # units in ``current`` that are not overlap from the previous chunk
    for unit in units:
        extra = len(unit) + (2 if current else 0)
        if current and fresh and size + extra > target:
            chunks.append("\n\n".join(current))
            current = _tail(current, overlap)
            size = len("\n\n".join(current))
            extra = len(unit) + (2 if current else 0)
            fresh = 0
            if size + extra > target:  # the overlap would push the chunk past the target
                current, size, extra = [], 0, len(unit)
        current.append(unit)
        size += extra
        fresh += 1
    if current and fresh:
        chunks.append("\n\n".join(current))
    return chunks


def _tail(units: list[str], overlap: int) -> list[str]:
    """The last sentences of a chunk, up to ``overlap`` characters, to open the next one."""
    if overlap == 0:
        return []
    sentences = [s for u in units for s in _SENTENCE_END.split(u) if s.strip()]
    tail: list[str] = []
    size = 0
    for sentence in reversed(sentences):
        if size + len(sentence) > overlap:
            break
        tail.insert(0, sentence.strip())
        size += len(sentence) + 1
    if not tail and sentences:
        last = sentences[-1][-overlap:]
        space = last.find(" ")
        tail = [last[space + 1 :] if 0 <= space < len(last) - 1 else last]
    return [" ".join(tail)]

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


Unit = tuple[str, str]  # (text, separator that joins it to the unit before)


def _units(text: str, target: int) -> list[Unit]:
    """Paragraphs, broken into sentences and then words only where they exceed the target."""
    units: list[Unit] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= target:
            units.append((paragraph, "\n\n"))
            continue
        separator = "\n\n"
        for sentence in _SENTENCE_END.split(paragraph):
            for piece in _hard_split(sentence.strip(), target):
                if piece:
                    units.append((piece, separator))
                    separator = " "
    return units


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


def _join(units: list[Unit]) -> str:
    return "".join((sep if i else "") + text for i, (text, sep) in enumerate(units))


def _split(text: str, target: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    current: list[Unit] = []
    fresh = 0  # units in ``current`` that are not overlap from the previous chunk
    for unit in _units(text, target):
        if current and fresh and len(_join([*current, unit])) > target:
            chunks.append(_join(current))
            current = _tail(current, overlap)
            fresh = 0
            if current and len(_join([*current, unit])) > target:
                current = []  # the overlap would push the chunk past the target
        current.append(unit)
        fresh += 1
    if current and fresh:
        chunks.append(_join(current))
    return chunks


def _tail(units: list[Unit], overlap: int) -> list[Unit]:
    """The last sentences of a chunk, up to ``overlap`` characters, to open the next one."""
    if overlap == 0:
        return []
    sentences = [s.strip() for text, _ in units for s in _SENTENCE_END.split(text) if s.strip()]
    tail: list[str] = []
    size = 0
    for sentence in reversed(sentences):
        if size + len(sentence) + 1 > overlap:
            break
        tail.insert(0, sentence)
        size += len(sentence) + 1
    if not tail and sentences:
        last = sentences[-1][-overlap:]
        space = last.find(" ")
        tail = [last[space + 1 :] if 0 <= space < len(last) - 1 else last]
    return [(" ".join(tail), "\n\n")]

"""Turns a stream of headings and paragraphs into sections with their heading path.

Every document parser (PDF, Word, slides, HTML, text) feeds the same builder, so sections
nest the same way whatever the format, and plain-text heading detection lives in one place.
"""

from __future__ import annotations

import re

from symphainy.content.parsers.base import Section

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-Z][^.!?:;]{0,80})$")
_WORDS = re.compile(r"[^\W\d_]+")


def plain_heading(line: str) -> tuple[int, str] | None:
    """Level and title when a plain-text line reads as a heading ("1. Purpose", "SCOPE")."""
    text = line.strip()
    if not text or len(text) > 90:
        return None
    numbered = _NUMBERED.match(text)
    if numbered and len(text.split()) <= 9:
        return numbered.group(1).count(".") + 1, text
    words = _WORDS.findall(text)
    letters = "".join(words)
    if (
        len(letters) >= 3
        and letters.isupper()
        and len(words) <= 10
        and not text.endswith((".", ","))
    ):
        return 1, text
    return None


class OutlineBuilder:
    """Collects sections; text before the first heading forms an untitled opening section."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self._path: list[tuple[int, str]] = []
        self._paragraphs: list[str] = []
        self._title: str | None = None
        self._level = 1
        self._page: int | None = None

    def heading(self, title: str, level: int, page: int | None = None) -> None:
        title = " ".join(title.split())
        if not title:
            return
        self._flush()
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, title))
        self._title, self._level, self._page = title, level, page

    def paragraph(self, text: str, page: int | None = None) -> None:
        text = text.strip()
        if not text:
            return
        if self._page is None:
            self._page = page
        self._paragraphs.append(text)

    def new_page(self, page: int) -> None:
        """Continue the current section on a new page so chunks keep the right page number."""
        if self._paragraphs:
            self._flush()
        self._page = page

    def finish(self) -> list[Section]:
        self._flush()
        return self.sections

    def _flush(self) -> None:
        if not self._paragraphs and self._title is None:
            return
        if not self._paragraphs and self.sections and self._title == self.sections[-1].title:
            return
        text = "\n\n".join(self._paragraphs)
        title = self._title
        if title is None:
            first_line = text.splitlines()[0] if text else ""
            title = first_line[:80].strip()
        self.sections.append(
            Section(
                title=title,
                heading_path=[t for _, t in self._path],
                text=text,
                level=self._level if self._path else 0,
                page=self._page,
            )
        )
        self._paragraphs = []


def blocks(text: str) -> list[str]:
    """Paragraphs of plain text: runs of lines separated by blank lines."""
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]

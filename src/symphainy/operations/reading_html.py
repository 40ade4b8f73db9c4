"""HTML written inside a Markdown procedure (handbooks paste ``<table>`` and ``<ul>`` blocks):
its lists become Markdown bullets, its paragraphs blank lines, and a table whose rows pair a
passage with a short name ("| Once the contract is signed, we … | PeopleOps |") becomes that
passage done by that name, as a who-does-it column says without a header."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from symphainy.operations.role_names import clean_actor

_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</table|$)", re.I | re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|br|ul|ol|div|tr|table|tbody|thead|h\d)\b[^>]*>|</li\s*>", re.I)
_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]{1,300}>")
_HTML_BLOCK = re.compile(r"<(?:table|ul|ol|li|p|br|tr|td)\b", re.I)
# a name in a who-does-it cell: a few words, no sentence
_NAME_CELL = re.compile(r"^[A-Za-z][\w &/().'-]{0,50}$")


@dataclass
class Segment:
    """A stretch of the section's text, and who does it when a table row says so."""

    text: str
    actor: str | None = None


def html_segments(text: str) -> list[Segment]:
    """The text with its HTML read as Markdown; rows of a who-does-it table apart."""
    if not _HTML_BLOCK.search(text):
        return [Segment(text)]
    segments: list[Segment] = []
    at = 0
    for table in _TABLE.finditer(text):
        segments.append(Segment(flow(text[at : table.start()])))
        segments.extend(_table_segments(table.group(1)))
        at = table.end()
    segments.append(Segment(flow(text[at:])))
    return [s for s in segments if s.text.strip()]


def flow(fragment: str) -> str:
    """HTML as Markdown lines: ``<li>`` a bullet, block tags line breaks, other tags gone."""
    if not _HTML_BLOCK.search(fragment):
        return fragment
    fragment = _ITEM_TAG.sub("\n- ", fragment)
    fragment = _BLOCK_TAG.sub("\n\n", fragment)
    fragment = html.unescape(_ANY_TAG.sub("", fragment))
    lines = [re.sub(r"\s+", " ", line).strip() for line in fragment.split("\n")]
    out: list[str] = []
    for line in lines:
        if line.startswith("- ") and len(out) >= 2 and not out[-1] and out[-2].startswith("- "):
            out.pop()  # "</li>\n<li>": the next item of the same list
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _table_segments(body: str) -> list[Segment]:
    rows = [
        [flow(c) for c in _CELL.findall(row)] for row in _ROW.findall(body) if _CELL.search(row)
    ]
    column = _name_column(rows)
    segments = []
    for cells in rows:
        if column is None or len(cells) < 2:
            segments.append(Segment("\n\n".join(c for c in cells if c.strip())))
            continue
        name = cells[column].strip() if column < len(cells) else ""
        rest = "\n\n".join(c for i, c in enumerate(cells) if i != column and c.strip())
        first = re.split(r"\s*(?:&|/|,|\band\b)\s*", name)[0]
        segments.append(Segment(rest, clean_actor(first.split()) if first else None))
    return segments


def _name_column(rows: list[list[str]]) -> int | None:
    """The column whose every cell is a short name while another column holds the passage."""
    wide = [r for r in rows if len(r) >= 2]
    if len(wide) < 2:
        return None
    for column in range(max(len(r) for r in wide)):
        cells = [r[column].strip() if column < len(r) else "" for r in wide]
        names = [c for c in cells if c]
        if len(names) == len(wide) and all(
            _NAME_CELL.match(c) and len(c.split()) <= 5 for c in names
        ):
            others = [
                c for r in wide for i, c in enumerate(r) if i != column and len(c.split()) > 5
            ]
            if others:
                return column
    return None


__all__ = ["Segment", "flow", "html_segments"]

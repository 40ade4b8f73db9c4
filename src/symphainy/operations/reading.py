"""From a document's sections and tables to the procedure units the extractor builds from.

A unit is one numbered or bulleted item (with its sub-items), one row of a procedure table, or
one sentence of prose. Sections such as Purpose, Scope or Revision history are not procedure
and are skipped; tables are read as procedure tables or RACI matrices when their headers say so.
"""

from __future__ import annotations

import re
from typing import Any

from symphainy.operations.nlp.actors import role_name
from symphainy.operations.procedure_units import (
    MAX_CHARS,
    MAX_UNITS,
    SOURCE_CHARS,
    Reading,
    TooLong,
    Unit,
)
from symphainy.operations.reading_html import html_segments
from symphainy.operations.reading_lines import (
    BULLET,
    NUMBERED,
    SUBNUMBER,
    plain_text,
    read_lines,
    read_table,
)
from symphainy.operations.role_names import clean_actor

META_SECTIONS = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:purpose|scope|definitions?|glossary|terms|references?|"
    r"revision(?:s| history| block)?|document (?:control|history)|records?(?: and outputs)?|"
    r"outputs?|overview|introduction|background|description|summary|policy|appendix.*|"
    r"approvals? block|"
    r"sign-?off block|change log|version history|roles(?: and responsibilities)?|"
    r"responsibilities|raci.*|systems?(?: used)?|related documents|hand-?offs?)\s*:?$",
    re.I,
)
_HEADING_MD = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<t>.+?)\s*#*\s*$")
_HEADING_KNOWN = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?P<t>(?:purpose|scope|definitions|glossary|references|"
    r"revision history|document control|records|overview|introduction|background|policy|"
    r"roles and responsibilities|responsibilities|roles|procedure|process|steps|"
    r"process steps|workflow|exceptions)\s*:?)\s*$",
    re.I,
)
_RESPONSIBILITIES = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:roles(?: and responsibilities)?|"
    r"responsibilities|raci.*)\s*:?$",
    re.I,
)
_DUTY_VERB = re.compile(
    r"^(?P<role>.{2,60}?)\s+(?:is|are)\s+(?:responsible|accountable)\s+for\s+(?P<duty>.+)$|"
    r"^(?P<role2>.{2,60}?)\s+(?:shall|will|must)\s+(?P<duty2>.+)$",
    re.I,
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# "To serve as Support Manager DRI for an escalation, use the following steps.": the text tells
# its reader which role the steps are for; the section and those under it are that role's
_READER_ROLE = re.compile(
    r"^(?:to|when|while)\s+(?:serve|serving|act|acting|work|working)\s+as\s+(?:the\s+|an?\s+)?"
    r"(?P<role>[^,]{2,60}?)(?:\s+(?:for|on|in|during|of)\s+[^,]{1,80})?,\s*"
    r"(?:use|follow|complete|take|do|read)\b",
    re.I,
)
_UNDERLINE = re.compile(r"^\s{0,3}([=\-~^\"'*+#])\1{2,}\s*$")
_LABEL_LINE = re.compile(r"^(?P<role>[A-Z][\w &/().'-]{1,60}?)\s*[:–—-]\s+(?P<duty>\S.*)$")


def sections_from_text(text: str, title: str = "") -> list[dict[str, Any]]:
    """Split pasted text into sections at Markdown headings and well-known SOP headings."""
    if len(text) > MAX_CHARS:
        raise TooLong(
            f"the text has {len(text):,} characters; a procedure is read up to "
            f"{MAX_CHARS:,}. Paste only the procedure"
        )
    sections: list[dict[str, Any]] = []
    current = {
        "title": title,
        "heading_path": [title] if title else [],
        "level": 1,
        "page": None,
        "lines": [],
    }
    text = _HTML_COMMENT.sub("", text)  # notes to the editor, not read by anyone following it
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(all_lines):
        if _UNDERLINE.match(line) and (
            _underlined(all_lines, index - 1, index) or _underlined(all_lines, index + 1, index)
        ):
            continue  # the rule under (or over) a Setext / reStructuredText heading
        heading = (
            _HEADING_MD.match(line)
            or _HEADING_KNOWN.match(line)
            or _underlined(all_lines, index, index + 1)
            or _title_line(all_lines, index)
        )
        if heading:
            sections.append(current)
            name = plain_text(heading.group("t")).strip().rstrip(":")
            hashes = _HEADING_MD.match(line)
            level = len(hashes.group(1)) if hashes else 1
            current = {
                "title": name,
                "heading_path": [name],
                "level": level,
                "page": None,
                "lines": [],
            }
            continue
        lines: list[str] = current["lines"]  # type: ignore[assignment]
        lines.append(line)
    sections.append(current)
    out = []
    for s in sections:
        body = "\n".join(s.pop("lines")).strip("\n")
        if body.strip() or s["title"]:
            out.append({**s, "text": body})
    return out


def _underlined(lines: list[str], index: int, rule: int) -> re.Match[str] | None:
    """A text line with a rule of one repeated mark under it ("Title" over "=====") is a
    heading in Markdown (Setext) and reStructuredText; the rule may also stand over it."""
    if not (0 <= index < len(lines) and 0 <= rule < len(lines)):
        return None
    line = lines[index].strip()
    if not line or _UNDERLINE.match(line) or not _UNDERLINE.match(lines[rule]):
        return None
    numbered_title = NUMBERED.match(lines[index]) and len(lines[rule].strip()) >= len(line)
    if BULLET.match(lines[index]) or line.startswith("|"):
        return None
    if NUMBERED.match(lines[index]) and not numbered_title:
        # "1. Prepare the release commit" over a rule as long as it is a numbered reST title
        return None
    if len(lines[rule].strip()) < min(len(line), 3) or len(line.split()) > 12 or line[-1] in ".;,":
        return None
    return re.match(r"(?P<t>.+)", line)


def _title_line(lines: list[str], index: int) -> re.Match[str] | None:
    """A short Title Case line on its own between blank lines reads as a heading."""
    line = lines[index].strip()
    words = line.split()
    alone = (index == 0 or not lines[index - 1].strip()) and (
        index + 1 >= len(lines) or not lines[index + 1].strip()
    )
    if not alone or not 1 <= len(words) <= 8 or line[-1] in ".!?;,:" or line.startswith("|"):
        return None
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    if capitals < len(words) - 1 or NUMBERED.match(line) or BULLET.match(line):
        return None
    return re.match(r"(?P<t>.+)", line)


def read(sections: list[dict[str, Any]], tables: list[list[list[str]]] | None = None) -> Reading:
    """Units and RACI rows from parsed sections (``{title, heading_path, page, text}``)."""
    total = sum(len(str(s.get("text", ""))) for s in sections)
    if total > MAX_CHARS:
        raise TooLong(
            f"the document has {total:,} characters of text; a procedure is read up "
            f"to {MAX_CHARS:,}. Upload the procedure on its own"
        )
    reading = Reading()
    # "## Role: Scribe" over "### Duties": a role heading gives its role to the sections under it
    roles_above: list[tuple[int, str]] = []
    for section in sections:
        title = str(section.get("title") or "")
        level = int(section.get("level") or 1)
        roles_above = [(lv, r) for lv, r in roles_above if lv < level]
        reader = _reader_role(str(section.get("text") or ""))
        own_role = reader or (role_name(title, heading=True) if title else None)
        inherited = roles_above[-1][1] if roles_above and level > 1 else None
        if own_role and (level > 1 or reader):
            roles_above.append((level, own_role))
        page = section.get("page")
        for segment in html_segments(str(section.get("text") or "")):
            _read_body(segment.text, title, page, segment.actor or reader or inherited, reading)
    for index, table in enumerate(tables or []):
        read_table(table, f"Table {index + 1}", None, reading)
    if len(reading.units) > MAX_UNITS:
        reading.notes.append(f"only the first {MAX_UNITS} procedure items were read")
        reading.units = reading.units[:MAX_UNITS]
    return reading


def _reader_role(text: str) -> str | None:
    """The role a section's opening sentence gives its reader ("To act as X, follow …")."""
    for line in text.splitlines():
        bare = plain_text(line.strip())
        if bare:
            found = _READER_ROLE.match(bare)
            return role_name(found.group("role")) if found else None
    return None


def _read_body(text: str, title: str, page: Any, inherited: str | None, reading: Reading) -> None:
    body_lines, section_tables = _split_tables(text)
    participant = _participant(section_tables)
    for table in section_tables:
        read_table(table, title or "Table", page, reading)
    if _RESPONSIBILITIES.match(title.strip()):
        reading.duties.extend(_duties(body_lines))
    if META_SECTIONS.match(title.strip()):
        return
    for sub_title, lines in _sub_sections(title, body_lines):
        if _RESPONSIBILITIES.match(sub_title.strip()):
            reading.duties.extend(_duties(lines))
            continue
        if META_SECTIONS.match(sub_title.strip()) and sub_title != title:
            continue
        units = read_lines(lines, sub_title, page, inherited)
        for unit in units:
            unit.actor = unit.actor or participant
        reading.units.extend(units)


def _sub_sections(title: str, lines: list[str]) -> list[tuple[str, list[str]]]:
    """Known headings inside a section's text (plain-text files rarely mark headings).

    A numbered line is a heading when the lines after it are numbered beneath it ("4.1
    Calibration" over "4.1.1 …") or when it names a section such as Purpose or Records.
    """
    parts: list[tuple[str, list[str]]] = [(title, [])]
    numbered = [(i, NUMBERED.match(ln) or SUBNUMBER.match(ln)) for i, ln in enumerate(lines)]
    for index, line in enumerate(lines):
        heading = _HEADING_MD.match(line) or _HEADING_KNOWN.match(line)
        name = (
            heading.group("t").strip().rstrip(":")
            if heading
            else _numbered_heading(numbered, index)
        )
        if name:
            parts.append((name, []))
        else:
            parts[-1][1].append(line)
    return [(t, ls) for t, ls in parts if ls or t == title]


def _numbered_heading(numbered: list[tuple[int, re.Match[str] | None]], index: int) -> str | None:
    match = numbered[index][1]
    if match is None:
        return None
    number, text = match.group("num"), match.group("text").strip()
    label = re.match(r"^(?P<t>[A-Za-z][\w ,&/()-]{0,60}?)\s*:", text)
    if label and META_SECTIONS.match(label.group("t")):
        return label.group("t")
    if META_SECTIONS.match(text.rstrip(":")):
        return text.rstrip(":")
    if len(text.split()) > 8 or text[-1:] in ".!?;,":
        return None
    for _, later in numbered[index + 1 :]:
        if later is not None:
            return text.rstrip(":") if later.group("num").startswith(number + ".") else None
    return None


def _duties(lines: list[str]) -> list[tuple[str, str]]:
    """(role, what the role does) from a Responsibilities section's lines."""
    out: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.strip()
        bullet = BULLET.match(line) or NUMBERED.match(line)
        if bullet:
            line = bullet.group("text").strip()
        line = line.replace("**", "")
        label = _LABEL_LINE.match(line)
        verb = _DUTY_VERB.match(line)
        role, duty = None, ""
        if label:
            role, duty = clean_actor(label.group("role").split()), label.group("duty")
        elif verb:
            who = verb.group("role") or verb.group("role2") or ""
            role = clean_actor(who.split())
            duty = verb.group("duty") or verb.group("duty2") or ""
        if role and duty:
            listed = re.match(r"^steps?\s+(?=\d)", duty, re.I)
            if listed:
                # a written-back SOP lists each role's steps by number and exact name
                for item in duty[listed.end() :].split("; "):
                    name = re.sub(r"^\d+(?:\.\d+)*\.?\s*", "", item).strip()
                    out.append((role, "=" + name))
            else:
                out.append((role, duty))
    return out


_PARTICIPANTS = re.compile(r"^(?:participants?|roles?|performed by|performers?|responsible)$", re.I)


def _participant(tables: list[list[list[str]]]) -> str | None:
    """A step's "| Participants |" table (one column of roles, as QMS SOP templates give each
    step): its first role does the step's actions the text leaves without a doer."""
    for table in tables:
        if len(table) >= 2 and len(table[0]) == 1 and _PARTICIPANTS.match(table[0][0].strip()):
            return _first_role(table[1][0]) if table[1] and table[1][0] else None
        for row in table:
            # "| Participants | Auditor, QMO |": the same table written as label and value
            if len(row) >= 2 and _PARTICIPANTS.match(row[0].strip().strip("*").strip()):
                return _first_role(row[1]) if row[1].strip() else None
    return None


def _first_role(cell: str) -> str | None:
    first = re.split(r"\s*(?:[,;/]|\band\b)\s*", cell.replace("**", "").strip())[0]
    return clean_actor(first.split())


def _split_tables(text: str) -> tuple[list[str], list[list[list[str]]]]:
    lines, tables, current = [], [], []
    for line in text.split("\n"):
        if line.strip().startswith("|") and line.strip().count("|") >= 2:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                current.append(cells)
            continue
        if current:
            tables.append(current)
            current = []
        lines.append(line)
    if current:
        tables.append(current)
    return lines, tables


__all__ = [
    "MAX_CHARS",
    "MAX_UNITS",
    "SOURCE_CHARS",
    "Reading",
    "TooLong",
    "Unit",
    "read",
    "sections_from_text",
]

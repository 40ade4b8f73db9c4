"""From a document's sections and tables to the procedure units the extractor builds from.

A unit is one numbered or bulleted item (with its sub-items), one row of a procedure table, or
one sentence of prose. Sections such as Purpose, Scope or Revision history are not procedure
and are skipped; tables are read as procedure tables or RACI matrices when their headers say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from symphainy.operations.graph import RaciRow, Source
from symphainy.operations.language import clean_actor
from symphainy.operations.nlp.actors import role_name

MAX_CHARS = 400_000
MAX_UNITS = 400
SOURCE_CHARS = 1000

META_SECTIONS = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:purpose|scope|definitions?|glossary|terms|references?|"
    r"revision(?:s| history| block)?|document (?:control|history)|records?(?: and outputs)?|"
    r"outputs?|overview|introduction|background|policy|appendix.*|approvals? block|"
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
_NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?:step\s+)?(?P<num>\d{1,3}(?:\.\d{1,3})*|[a-z])(?:[.):](?!\d)|\s*[-–]\s)\s*"
    r"(?P<text>\S.*)$",
    re.I,
)
_SUBNUMBER = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3}(?:\.\d{1,3})+)\s+(?P<text>\S.*)$")
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:[-*•–·+]\s+(?:\[[ xX✓]?\]\s*)?|\[[ xX✓]?\]\s*|[☐☑✓]\s*)(?P<text>\S.*)$"
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
_LABEL_LINE = re.compile(r"^(?P<role>[A-Z][\w &/().'-]{1,60}?)\s*[:–—-]\s+(?P<duty>\S.*)$")
_ROLE_HEADING = re.compile(r"^(?:for (?:the )?)?(?P<role>[A-Za-z][\w &/().'-]{1,60}?)\s*:$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_OTHERWISE = re.compile(r"^(?:otherwise|else|if not|in all other cases)\b", re.I)
_IF = re.compile(r"^(?:if|where|in case)\s", re.I)
_RACI_LETTERS = re.compile(r"^[RACI](?:\s*[/,&+]?\s*[RACI])*$")


class TooLong(ValueError):
    """The text is too long to read as one procedure."""


@dataclass
class Unit:
    text: str
    source: Source
    number: str | None = None
    children: list[str] = field(default_factory=list)
    actor: str | None = None
    systems: list[str] = field(default_factory=list)
    from_list: bool = True
    whole: bool = False  # a table cell: one step as written


@dataclass
class Reading:
    units: list[Unit] = field(default_factory=list)
    raci: list[RaciRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duties: list[tuple[str, str]] = field(default_factory=list)


def _source(section: str, page: int | None, text: str) -> Source:
    return Source(section=section[:500], page=page, text=" ".join(text.split())[:SOURCE_CHARS])


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
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(all_lines):
        heading = (
            _HEADING_MD.match(line) or _HEADING_KNOWN.match(line) or _title_line(all_lines, index)
        )
        if heading:
            sections.append(current)
            name = heading.group("t").strip().rstrip(":")
            current = {"title": name, "heading_path": [name], "level": 1, "page": None, "lines": []}
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
    if capitals < len(words) - 1 or _NUMBERED.match(line) or _BULLET.match(line):
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
    for section in sections:
        title = str(section.get("title") or "")
        page = section.get("page")
        text = str(section.get("text") or "")
        body_lines, section_tables = _split_tables(text)
        for table in section_tables:
            _read_table(table, title or "Table", page, reading)
        if _RESPONSIBILITIES.match(title.strip()):
            reading.duties.extend(_duties(body_lines))
        if META_SECTIONS.match(title.strip()):
            continue
        for sub_title, lines in _sub_sections(title, body_lines):
            if _RESPONSIBILITIES.match(sub_title.strip()):
                reading.duties.extend(_duties(lines))
                continue
            if META_SECTIONS.match(sub_title.strip()) and sub_title != title:
                continue
            reading.units.extend(_read_lines(lines, sub_title, page))
    for index, table in enumerate(tables or []):
        _read_table(table, f"Table {index + 1}", None, reading)
    if len(reading.units) > MAX_UNITS:
        reading.notes.append(f"only the first {MAX_UNITS} procedure items were read")
        reading.units = reading.units[:MAX_UNITS]
    return reading


def _sub_sections(title: str, lines: list[str]) -> list[tuple[str, list[str]]]:
    """Known headings inside a section's text (plain-text files rarely mark headings).

    A numbered line is a heading when the lines after it are numbered beneath it ("4.1
    Calibration" over "4.1.1 …") or when it names a section such as Purpose or Records.
    """
    parts: list[tuple[str, list[str]]] = [(title, [])]
    numbered = [(i, _NUMBERED.match(ln) or _SUBNUMBER.match(ln)) for i, ln in enumerate(lines)]
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
        bullet = _BULLET.match(line) or _NUMBERED.match(line)
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


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!`)`(?!`))(\S.*?)\1")
_MD_TAG = re.compile(r"<[^>]{1,200}>")


def _plain(line: str) -> str:
    """A Markdown line as words: links keep their text, emphasis and code marks go."""
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2), line)
    return _MD_TAG.sub("", line)


def _read_lines(lines: list[str], section: str, page: int | None) -> list[Unit]:
    items: list[Unit] = []
    prose: list[str] = []
    units: list[Unit] = []
    has_numbers = any(_NUMBERED.match(ln) and not _BULLET.match(ln) for ln in lines)
    item_indent = 0
    last_blank = False

    def flush_prose() -> None:
        if prose:
            units.extend(_prose_units(" ".join(prose), section, page))
            prose.clear()

    role = role_name(section, heading=True) if section else None
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            last_blank = True
            continue
        heading = _ROLE_HEADING.match(line.strip().replace("**", ""))
        if heading and role_name(heading.group("role")):
            flush_prose()
            role = role_name(heading.group("role"))
            items.clear()
            continue
        numbered = _NUMBERED.match(line) or _SUBNUMBER.match(line)
        bullet = _BULLET.match(line)
        match = numbered or bullet
        if match:
            indent = len(match.group("indent").expandtabs(4))
            text = match.group("text").strip()
            is_child = items and (
                (bullet and has_numbers)
                or (
                    indent > item_indent
                    and numbered
                    and not _SUBNUMBER.match(line)
                    and re.fullmatch(r"[a-z]", match.group("num"))
                )
            )
            if is_child:
                items[-1].children.append(_plain(text))
                items[-1].source = _source(section, page, items[-1].source.text + " " + text)
            else:
                flush_prose()
                number = match.group("num") if numbered else None
                unit = Unit(
                    text=_plain(text),
                    source=_source(section, page, text),
                    number=number,
                    actor=role,
                )
                items.append(unit)
                units.append(unit)
                item_indent = indent
        elif items and not last_blank and units and units[-1] is items[-1]:
            item = items[-1]
            if item.children:
                item.children[-1] += " " + _plain(line.strip())
            else:
                item.text += " " + _plain(line.strip())
            item.source = _source(section, page, item.source.text + " " + line.strip())
        else:
            prose.append(line.strip())
        last_blank = False
    flush_prose()
    return _renumber(units)


def _renumber(units: list[Unit]) -> list[Unit]:
    """Word lists number every item "1."; then the position is the step number."""
    numbers = [u.number for u in units if u.number and u.number.isdigit()]
    if len(numbers) > 1 and len(set(numbers)) == 1:
        position = 0
        for unit in units:
            if unit.number is not None:
                position += 1
                unit.number = str(position)
    return units


def _prose_units(paragraph: str, section: str, page: int | None) -> list[Unit]:
    units: list[Unit] = []
    for sentence in (s.strip() for s in _SENTENCE_END.split(paragraph)):
        if not sentence:
            continue
        previous = units[-1].text if units else ""
        joins = _OTHERWISE.match(sentence) or (
            _IF.match(sentence) and (previous.endswith("?") or _IF.match(previous))
        )
        if units and joins:
            units[-1].text += " " + _plain(sentence)
            units[-1].source = _source(section, page, units[-1].text)
        else:
            units.append(
                Unit(
                    text=_plain(sentence),
                    source=_source(section, page, sentence),
                    from_list=False,
                )
            )
    return units


def _names(cell: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|/|\band\b|&)\s*", cell)
    return [a for a in (clean_actor(p.split()) for p in parts if p.strip()) if a]


def _read_table(table: list[list[str]], section: str, page: int | None, reading: Reading) -> None:
    if len(table) < 2:
        return
    header = [h.strip().lower() for h in table[0]]
    rows = [r for r in table[1:] if any(c.strip() for c in r)]

    def col(*names: str) -> int | None:
        for i, h in enumerate(header):
            if any(re.search(rf"\b{n}", h) for n in names):
                return i
        return None

    def cell(row: list[str], i: int | None) -> str:
        return row[i].strip() if i is not None and i < len(row) else ""

    activity = col(
        "activity",
        "task",
        "action",
        "description",
        "what",
        "step name",
        "deliverable",
        "process step",
    )
    if activity is None:
        activity = 0
    resp, acc = col("responsible"), col("accountable")
    cons, inf = col("consulted"), col("informed")
    if resp is not None or acc is not None:
        for row in rows:
            text = cell(row, activity)
            if not text:
                continue
            src = _source(section, page, " | ".join(row))
            reading.raci.append(
                RaciRow(
                    activity=text[:300],
                    responsible=_names(cell(row, resp)),
                    accountable=_names(cell(row, acc)),
                    consulted=_names(cell(row, cons)),
                    informed=_names(cell(row, inf)),
                    source=src,
                )
            )
        return
    role_cols = [
        i
        for i in range(len(header))
        if i != activity
        and rows
        and all(not cell(r, i) or _RACI_LETTERS.match(cell(r, i).upper()) for r in rows)
        and any(cell(r, i) for r in rows)
    ]
    if role_cols:
        for row in rows:
            text = cell(row, activity)
            if not text:
                continue
            entry: dict[str, list[str]] = {"R": [], "A": [], "C": [], "I": []}
            for i in role_cols:
                role = clean_actor(table[0][i].split())
                for letter in re.findall(r"[RACI]", cell(row, i).upper()):
                    if role:
                        entry[letter].append(role)
            reading.raci.append(
                RaciRow(
                    activity=text[:300],
                    responsible=entry["R"],
                    accountable=entry["A"],
                    consulted=entry["C"],
                    informed=entry["I"],
                    source=_source(section, page, " | ".join(row)),
                )
            )
        return
    who = col("role", "owner", "who", "actor", "performed by", "performer", "by")
    number = col("step", "#", "no", "seq")
    system = col("system", "tool", "application")
    if who is None and number is None:
        return
    if number == activity:
        number = None
    for row in rows:
        text = cell(row, activity)
        if not text:
            continue
        num = re.sub(r"[^\d.]", "", cell(row, number)).strip(".") or None
        reading.units.append(
            Unit(
                text=text,
                source=_source(section, page, " | ".join(row)),
                number=num,
                actor=clean_actor(cell(row, who).split()) if cell(row, who) else None,
                systems=[s for s in re.split(r"\s*[,;/]\s*", cell(row, system)) if s],
                whole=True,
            )
        )

"""Lines, prose paragraphs and tables of one section into procedure units: numbered, lettered,
hierarchical, bulleted and checkbox items with their sub-items, Markdown reduced to its words,
role headings, and RACI or step tables."""

from __future__ import annotations

import re

from symphainy.operations.graph import RaciRow
from symphainy.operations.nlp.actors import announces_role, role_name
from symphainy.operations.procedure_units import Reading, Unit, make_source
from symphainy.operations.role_names import clean_actor

NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?:step\s+)?(?P<num>\d{1,3}(?:\.\d{1,3})*|[a-z]|#)(?:[.):](?!\d)|\s*[-–]\s)\s*"
    r"(?P<text>\S.*)$",
    re.I,
)
SUBNUMBER = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3}(?:\.\d{1,3})+)\s+(?P<text>\S.*)$")
BULLET = re.compile(
    r"^(?P<indent>\s*)(?:[-*•–·+]\s+(?:\[[ xX✓]?\]\s*)?|\[[ xX✓]?\]\s*|[☐☑✓]\s*)(?P<text>\S.*)$"
)
_ROLE_HEADING = re.compile(r"^(?:for (?:the )?)?(?P<role>[A-Za-z][\w &/().'-]{1,60}?)\s*:$")
# no sentence ends at "i.e." / "e.g." / "vs." / "cf." ("…, i.e. Transmission of data or rejection")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!i\.e\.)(?<!e\.g\.)(?<!\bvs\.)(?<!\bcf\.)\s+(?=[A-Z0-9\"“(])"
)
# "Prior to the last day, the People Partner is responsible for:", "The manager will:", "The
# editor has the following duties:": the list under the line is that role's (the role is the
# last phrase before the verb)
_LEAD_ROLE = re.compile(
    r"^(?:.*,\s*)?(?P<role>[^,:]{2,60}?)\s+(?:(?:is|are)\s+(?:responsible|accountable)\s+for"
    r"(?:\s+the\s+following(?:\s+\w+)?)?|will|should|must|shall|needs? to"
    r"|(?:has|have)\s+the\s+following\s+(?:goals|duties|responsibilities|tasks|objectives|jobs))"
    r"\s*:$",
    re.I,
)
# "Users are responsible for informing staff of any waste and for handling it:": the duties
# named in the line are that role's steps, and so is the list under it
_LEAD_DUTIES = re.compile(
    r"^(?:.*,\s*)?(?P<role>[^,:]{2,60}?)\s+(?:is|are)\s+(?:responsible|accountable)\s+for\s+"
    r"(?P<duties>\S.*?)\s*:$",
    re.I,
)
# a fenced code block ("```shell"): commands shown, not words of the procedure
_FENCE = re.compile(r"^\s*(?:```|~~~)")
# "**US Teammates:** Once you have …": an item or paragraph opened by the role it is for
_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w &/().'-]{1,40}?)\s*:\s+(?P<rest>\S.*)$")
_OTHERWISE = re.compile(r"^(?:otherwise|else|if not|in all other cases)\b", re.I)
_IF = re.compile(r"^(?:if|where|in case)\s", re.I)
_RACI_LETTERS = re.compile(r"^[RACI](?:\s*[/,&+]?\s*[RACI])*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!`)`(?!`))(\S.*?)\1")
_MD_TAG = re.compile(r"<[^>]{1,200}>")
# reStructuredText inline markup: `text <url>`_, :ref:`text <target>`, ``code``, footnotes [1]_
_RST_ROLE = re.compile(r":[a-z][\w:+-]*:`([^`<]*?)\s*(?:<[^>`]*>)?`")
_RST_LINK = re.compile(r"`([^`<]+?)\s*(?:<[^>`]*>)?`__?")
_RST_LITERAL = re.compile(r"``(\S(?:.*?\S)?)``")
# "@-mention the team": the verb is "mention" (the tokenizer keeps "@-mention" as one word)
_AT_MENTION = re.compile(r"(?<![\w@])@-(?=[a-z])")
_RST_FOOTNOTE = re.compile(r"\s*\[(?:\d+|#\w*|\*)\]_")


# "Use `@bot start review`": inline code of several words is one literal, like a quoted name
_MD_CODE = re.compile(r"(?<!`)`([^`\s][^`]*\s[^`]*[^`\s])`(?!`)")


def _quoted_code(match: re.Match[str]) -> str:
    return f"“{match.group(1)}”"


def plain_text(line: str) -> str:
    """A Markdown or reStructuredText line as words: links keep their text, emphasis, code
    marks and footnote references go."""
    line = _RST_ROLE.sub(lambda m: m.group(1), line)
    line = _RST_LINK.sub(lambda m: m.group(1), line)
    line = _RST_LITERAL.sub(lambda m: m.group(1), line)
    line = _RST_FOOTNOTE.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    line = _MD_CODE.sub(_quoted_code, line)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2), line)
    line = _AT_MENTION.sub("", line)
    return _MD_TAG.sub("", line)


def read_lines(
    lines: list[str], section: str, page: int | None, inherited: str | None = None
) -> list[Unit]:
    items: list[Unit] = []
    prose: list[str] = []
    units: list[Unit] = []
    has_numbers = any(NUMBERED.match(ln) and not BULLET.match(ln) for ln in lines)
    item_indent = 0
    last_blank = False

    paragraph_role: list[str] = []

    def flush_prose() -> None:
        if prose:
            made = prose_units(" ".join(prose), section, page)
            for unit in made:
                unit.actor = paragraph_role[0] if paragraph_role else (unit.actor or given)
            units.extend(made)
            prose.clear()
        paragraph_role.clear()

    role = (role_name(section, heading=True) if section else None) or inherited
    # a role handed down with the lines (a who-does-it column, a role section above) also does
    # the prose's steps that name no doer; a heading of these lines only does its list items
    given = role if role == inherited or (section and announces_role(section)) else None
    literal_indent: int | None = None  # inside a reStructuredText literal block ("text::")
    fenced: list[str] | None = None  # the lines of an open fenced code block
    for raw in lines:
        line = raw.rstrip()
        if fenced is not None:
            if _FENCE.match(line):
                if _code_in_sentence(fenced, prose):
                    last_blank = False
                else:
                    flush_prose()
                    last_blank = True
                fenced = None
            else:
                fenced.append(line.strip())
            continue
        if _FENCE.match(line):
            fenced = []
            continue
        if not line.strip():
            last_blank = True
            continue
        indent_now = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if literal_indent is not None and indent_now > literal_indent:
            continue  # the commands or code shown under "…::", not words of the procedure
        literal_indent = None
        directive = _RST_DIRECTIVE.match(line.strip())
        if directive:
            if directive.group("name") and directive.group("name").lower() in _RST_WARNINGS:
                # ".. important::" / ".. warning:: Wear gloves": its words are instructions
                rest = directive.group("rest").strip()
                if not rest:
                    continue
                line = " " * indent_now + rest
            else:
                # ".. note::", ".. image::", ".. _target:", a comment: an aside, with its block
                literal_indent = indent_now
                continue
        if line.endswith("::"):
            # "Clean the repository::" shows a block of commands: the sentence ends here
            literal_indent = indent_now
            line = line[:-2].rstrip()
            if not line.strip():
                continue
            short = plain_text(line.strip())
            if (
                (last_blank or not prose)
                and len(short.split()) <= 3
                and not (NUMBERED.match(line) or BULLET.match(line))
            ):
                # "Sanity check::" over its commands: the words name the step of running them
                flush_prose()
                source = make_source(section, page, short)
                units.append(Unit(text=short, source=source, actor=role, whole=True))
                items.clear()
                last_blank = False
                continue
            line += "."
        bare = plain_text(line.strip()).strip()
        heading = _ROLE_HEADING.match(line.strip().replace("**", ""))
        lead = _LEAD_ROLE.match(bare)
        named = role_name(heading.group("role")) if heading else None
        if not named and lead and not (NUMBERED.match(line) or BULLET.match(line)):
            named = role_name(lead.group("role"))
        if named:
            flush_prose()
            role = named
            items.clear()
            continue
        duties = _LEAD_DUTIES.match(bare)
        duty_role = role_name(duties.group("role")) if duties else None
        if duty_role and not (NUMBERED.match(line) or BULLET.match(line)):
            flush_prose()
            role = duty_role
            items.clear()
            paragraph_role.append(duty_role)
            prose.append(line.strip()[:-1].rstrip() + ".")
            flush_prose()
            last_blank = False
            continue
        numbered = NUMBERED.match(line) or SUBNUMBER.match(line)
        bullet = BULLET.match(line)
        match = numbered or bullet
        if match:
            indent = len(match.group("indent").expandtabs(4))
            text = match.group("text").strip()
            is_child = items and (
                # a bullet under a numbered step, or deeper than the bullet before it; a bullet
                # back at (or left of) the previous bullet's margin is that bullet's sibling
                (
                    bullet
                    and has_numbers
                    and (
                        indent > item_indent
                        or (items[-1].number is not None and indent >= item_indent)
                    )
                )
                # "- Accidentally used your personal card?" over "  - Claim a reimbursement …":
                # what to do when the answer is yes
                or (bullet and indent > item_indent and items[-1].text.rstrip().endswith("?"))
                or (
                    indent > item_indent
                    and numbered
                    and not SUBNUMBER.match(line)
                    and re.fullmatch(r"[a-z]", match.group("num"))
                )
            )
            if is_child:
                items[-1].children.append(plain_text(text))
                items[-1].source = make_source(section, page, items[-1].source.text + " " + text)
            else:
                flush_prose()
                number = match.group("num") if numbered else None
                said, labelled = _labelled(situation(plain_text(text)))
                command = _COMMAND_ITEM.match(text)
                unit = Unit(
                    text=f"Run {command.group(1).strip()}" if command else said,
                    source=make_source(section, page, text),
                    number=number,
                    actor=labelled or role,
                    whole=command is not None,
                )
                items.append(unit)
                units.append(unit)
                item_indent = indent
        elif items and not last_blank and not prose and units and units[-1] is items[-1]:
            item = items[-1]
            if item.children:
                item.children[-1] += " " + plain_text(line.strip())
            else:
                item.text += " " + plain_text(line.strip())
            item.source = make_source(section, page, item.source.text + " " + line.strip())
        else:
            if last_blank and prose and not re.search(r"[.!?:;]$", prose[-1]):
                # "**Step 3: Find the link**" then a blank line: a paragraph ends its sentence
                prose[-1] += "."
            if last_blank or not prose:
                said, labelled = _labelled(bare)
                if labelled:
                    flush_prose()
                    paragraph_role.append(labelled)
                    line = said
                elif said != bare:
                    line = said  # "**Step 2:** If you are …": the place label is no step
            prose.append(situation(line.strip()))
        last_blank = False
    flush_prose()
    for unit in units:
        unit.text = _IF_SO.sub(r"\1 ", unit.text)
    return renumber(units)


def _code_in_sentence(code: list[str], prose: list[str]) -> bool:
    """A fenced block ends the sentence before it ("… drain the node:" over its command) unless
    that sentence goes on after it ("you need to run [block] afterwards to …"): then a one-line
    block is the sentence's object, as inline code."""
    commands = [c for c in code if c]
    if prose and len(commands) == 1 and not re.search(r"[.:!?]$", prose[-1]):
        prose.append(f"`{commands[0]}`")
        return True
    return False


# reStructuredText explicit markup: ".. note:: …", ".. image:: …", ".. _label:", ".. comment"
_RST_DIRECTIVE = re.compile(r"^\.\.(?:\s+(?:(?P<name>[\w-]+)::\s*(?P<rest>.*)|\S.*))?$")
_RST_WARNINGS = frozenset({"warning", "important", "caution", "attention", "danger", "admonition"})

# "7. `sudo service mysql start`": an item that is only a command is the step of running it
_COMMAND_ITEM = re.compile(r"^`{1,2}([^`]+)`{1,2}[\s.;:]*$")
# "Is this a usage question? If so, close it": "if so" is the question's "yes", no new condition
_IF_SO = re.compile(r"(\?)\s+if so\b[,:]?\s*", re.I)


# "Procedure if you are injured:", "What to do when the alarm sounds:": a lead-in naming the
# situation its list is for; it reads as the condition "If you are injured:"
_SITUATION = re.compile(
    r"^(?:(?:the\s+)?(?:procedure|process|steps|actions|instructions|guidance|what to do)\s+)"
    r"(?:if|when|whenever|in case|in the event)\s+(?P<cond>[^:]{3,}?)\s*:$",
    re.I,
)


def situation(text: str) -> str:
    match = _SITUATION.match(text.strip())
    return f"If {match.group('cond')}:" if match else text


# "Part I / Section 10: Put the date …", "Box 3: Enter …": the place on a form an instruction
# is for; the instruction is the step
_PLACE_LABEL = re.compile(
    r"^(?P<label>[A-Z][\w .&/()-]{0,40}?\b(?:\d{1,3}|[IVX]{1,4})\b[\w .&/()-]{0,20}?)\s*:\s+"
    r"(?P<rest>[A-Z][a-z].*)$"
)


def _labelled(text: str) -> tuple[str, str | None]:
    """An item or paragraph opened by a role label ("All Teammates: Create …") is that role's;
    the label is not part of the step."""
    match = _LABEL.match(text)
    if match is None:
        return text, None
    named = role_name(match.group("label"))
    if named:
        return match.group("rest"), named
    place = _PLACE_LABEL.match(text)
    return (place.group("rest"), None) if place else (text, None)


def renumber(units: list[Unit]) -> list[Unit]:
    """Word lists number every item "1." and reStructuredText's auto-numbered lists "#.";
    then the position is the step number."""
    numbers = [u.number for u in units if u.number and (u.number.isdigit() or u.number == "#")]
    if (len(numbers) > 1 and len(set(numbers)) == 1) or "#" in numbers:
        position = 0
        for unit in units:
            if unit.number is not None:
                position += 1
                unit.number = str(position)
    return units


def prose_units(paragraph: str, section: str, page: int | None) -> list[Unit]:
    units: list[Unit] = []
    for sentence in (s.strip() for s in _SENTENCE_END.split(paragraph)):
        if not sentence:
            continue
        previous = units[-1].text if units else ""
        joins = _OTHERWISE.match(sentence) or (
            _IF.match(sentence) and (previous.endswith("?") or _IF.match(previous))
        )
        if units and joins:
            units[-1].text += " " + plain_text(sentence)
            units[-1].source = make_source(section, page, units[-1].text)
        else:
            units.append(
                Unit(
                    text=plain_text(sentence),
                    source=make_source(section, page, sentence),
                    from_list=False,
                )
            )
    return units


def cell_names(cell: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|/|\band\b|&)\s*", cell)
    return [a for a in (clean_actor(p.split()) for p in parts if p.strip()) if a]


def read_table(table: list[list[str]], section: str, page: int | None, reading: Reading) -> None:
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
    duty_col, role_col = col("responsibilit", "dut"), col("role", "who")
    if activity is None and duty_col is not None and role_col is not None:
        # "| Role | Responsibility |": who does what, read like a Responsibilities section
        for row in rows:
            role = clean_actor(cell(row, role_col).replace("**", "").split())
            if role and cell(row, duty_col):
                reading.duties.append((role, cell(row, duty_col)))
        return
    if activity is None:
        activity = 0
    resp, acc = col("responsible"), col("accountable")
    cons, inf = col("consulted"), col("informed")
    if resp is not None or acc is not None:
        for row in rows:
            text = cell(row, activity)
            if not text:
                continue
            src = make_source(section, page, " | ".join(row))
            reading.raci.append(
                RaciRow(
                    activity=text[:300],
                    responsible=cell_names(cell(row, resp)),
                    accountable=cell_names(cell(row, acc)),
                    consulted=cell_names(cell(row, cons)),
                    informed=cell_names(cell(row, inf)),
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
                    source=make_source(section, page, " | ".join(row)),
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
                source=make_source(section, page, " | ".join(row)),
                number=num,
                actor=clean_actor(cell(row, who).split()) if cell(row, who) else None,
                systems=[s for s in re.split(r"\s*[,;/]\s*", cell(row, system)) if s],
                whole=True,
            )
        )

"""One procedure unit's words as steps: a task from a passage, a branch body (an end, a jump,
"continue" or a task), and the parsed-text cache the extractor shares with its readers.

Also holds the plain-text cues (if/otherwise/in parallel/step lists) the unit readers match
before the parse is consulted."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from spacy.tokens import Doc

from symphainy.operations import word_rules
from symphainy.operations.flow import END_ID, START_ID, FlowBuilder
from symphainy.operations.graph import RaciRow, Step
from symphainy.operations.jumps import (
    CONTINUE_ONLY,
    END_ONLY,
    END_TAIL,
    GOTO_ONLY,
    GOTO_TAIL,
)
from symphainy.operations.nlp import clauses, pipeline, steps
from symphainy.operations.nlp.actors import role_name
from symphainy.operations.reading import Unit
from symphainy.operations.role_names import clean_actor

IF = re.compile(
    r"^(?:if|where|in case)\s+(?P<cond>.+?)(?:,?\s+then\s+|,\s+|:\s+)(?P<body>.+)$", re.I | re.S
)
OTHERWISE = re.compile(
    r"^(?:otherwise|else|if not|in all other cases)[,:]?\s+(?P<body>.+)$", re.I | re.S
)
INLINE_ELSE = re.compile(r"(?:[;,.]\s*|\s+)(?:otherwise|else|if not)[,:]?\s+", re.I)
PARALLEL = re.compile(
    r"\b(?:in parallel|at the same time|simultaneously|concurrently|"
    r"meanwhile|(?:in the )?meantime)\b",
    re.I,
)
NUMBER_LIST = re.compile(
    r"steps?\s+(?P<list>\d{1,3}(?:\.\d{1,3})*(?:\s*(?:,|and)\s*\d{1,3}"
    r"(?:\.\d{1,3})*)+)",
    re.I,
)
JOIN = re.compile(r"^wait\s+(?:until|for)\b.*\b(?:complete|completed|finished|done)\b", re.I)
BRANCH_LABEL = re.compile(r"^(?:if\s+)?(?P<label>[^:,]{1,40}?)\s*[:,]\s+(?P<body>\S.*)$", re.S)
CLAUSE_SPLIT = re.compile(r";\s+|,?\s+(?:and|while)\s+(?=(?:the\s+|a\s+|an\s+)?[A-Z])")
LEADING = re.compile(
    r"^(?:first|next|then|after that|afterwards|finally|lastly|subsequently|"
    r"second|third|now|once (?:this|that) is done)\b,?\s*",
    re.I,
)
TRIGGER = re.compile(r"^(?:once|after|when|as soon as|upon)\s+[^,]{1,120},\s+(?=\S)", re.I)
# no sentence ends at "i.e." / "e.g." / "vs." / "cf." ("…, i.e. Transmission of data or rejection")
SENTENCES = re.compile(r"(?<=[.!?])(?<!i\.e\.)(?<!e\.g\.)(?<!\bvs\.)(?<!\bcf\.)\s+(?=[A-Z0-9\"“(])")
CONTENT_WORD = re.compile(r"[a-z]{3,}")
# A step is a few sentences; longer runs of text are read up to this many characters.
PARSE_CHARS = 3000
CASE = re.compile(r"^\*{0,2}(?P<label>[^:*]{2,60}?)\*{0,2}:\*{0,2}\s+(?P<body>\S.*)$", re.S)
ROLE_LABEL = re.compile(r"^(?P<role>[A-Z][\w &/().'-]{1,60}?):\s+(?P<rest>\S.*)$", re.S)


def clip_text(text: str) -> str:
    return " ".join(text.split())[:2000]


def match_raci(name: str, raci: list[RaciRow]) -> RaciRow | None:
    words = set(CONTENT_WORD.findall(name.lower()))
    best, best_score = None, 0.0
    for row in raci:
        activity = set(CONTENT_WORD.findall(row.activity.lower()))
        if not activity:
            continue
        score = len(words & activity) / len(activity)
        if score > best_score:
            best, best_score = row, score
    return best if best_score >= 0.5 else None


def add_text_task(
    b: FlowBuilder,
    text: str,
    unit: Unit,
    inherit: str | None = None,
    kind: Literal["task", "decision"] = "task",
) -> str:
    if b.parser:
        label = ROLE_LABEL.match(text.strip())
        if label and role_name(label.group("role")):
            # "Resolver Team: investigate the cause" as a branch or sub-item is that role's step
            unit = replace(unit, actor=clean_actor(label.group("role").split()))
            text = label.group("rest")
        before = len(b.steps)
        steps.add_doc(b, unit, parse_text(b, text))
        if len(b.steps) > before:
            return b.steps[-1].id
        return b.pending[0][0] if b.pending else START_ID
    text = TRIGGER.sub("", LEADING.sub("", text.strip()))
    clause = word_rules.analyse(text)
    actor = unit.actor or clause.actor
    if actor is None:
        row = match_raci(clause.name, b.raci)
        if row is not None:
            actor = next(iter(row.responsible or row.accountable), None)
    actor = actor or inherit or b.last_actor
    systems = list(dict.fromkeys([*unit.systems, *clause.systems]))
    step = Step(
        id=b.new_id("d" if kind == "decision" else "s"),
        name=clause.name or "Step",
        actor=actor,
        kind=kind,
        action=clause.action[:60],
        inputs=clause.inputs,
        outputs=clause.outputs,
        systems=systems,
        source=unit.source,
    )
    return b.add(step)


def add_body(b: FlowBuilder, body: str, unit: Unit, actor: str | None) -> None:
    """A branch's body: an end, a jump, "continue", or a task that then continues."""
    body = clip_text(body).strip()
    if END_ONLY.match(body):
        b.land(END_ID)
        return
    jump = GOTO_ONLY.match(body)
    if jump:
        b.goto(jump.group("n"))
        return
    if CONTINUE_ONLY.match(body) or not body:
        return
    tail_goto, tail_end = GOTO_TAIL.search(body), END_TAIL.search(body)
    core = (
        body[: tail_goto.start()] if tail_goto else body[: tail_end.start()] if tail_end else body
    )
    add_text_task(b, core, unit, inherit=actor)
    if tail_goto:
        b.goto(tail_goto.group("n"))
    elif tail_end:
        b.land(END_ID)


def parse_text(b: FlowBuilder, text: str) -> Doc:
    doc = b.parsed.get(text)
    if doc is None:
        doc = pipeline.parse(text[:PARSE_CHARS])
        assert doc is not None
        b.parsed[text] = doc
    return doc


def has_action(b: FlowBuilder, text: str) -> bool:
    doc = parse_text(b, text)
    return any(c.kind == "action" and c.name for s in doc.sents for c in clauses.read_sentence(s))

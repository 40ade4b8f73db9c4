"""The deterministic extractor: procedure units in, a workflow graph out.

Reads what the text says: one step per numbered item, table row or procedural sentence;
"If … then … otherwise …" and "Is …? If yes … If no …" become decisions; "go to step N" and
"repeat … until …" become edges back; "in parallel" / "at the same time" become a split and a
join; "end the process" leads to the end. Every step keeps the passage it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from symphainy.operations import language
from symphainy.operations.graph import Edge, RaciRow, Source, Step, WorkflowGraph, validate
from symphainy.operations.reading import Reading, Unit, read

_N = r"(?P<n>\d{1,3}(?:\.\d{1,3})*)"
GOTO = re.compile(
    r"\b(?:go|return|proceed|continue|loop|jump|skip|move|start again|repeat)\s+"
    r"(?:back\s+)?(?:to|with|at|from)\s+step\s+" + _N + r"\b",
    re.I,
)
GOTO_ONLY = re.compile(r"^(?:then\s+)?" + GOTO.pattern + r"\s*\.?$", re.I)
GOTO_TAIL = re.compile(
    r"(?:[,;.]\s*|\s+)(?:and\s+(?:then\s+)?|then\s+)?" + GOTO.pattern + r"\s*\.?\s*$", re.I
)
END_ONLY = re.compile(
    r"^(?:(?:the\s+)?(?:process|procedure|workflow)\s+(?:ends|stops|is\s+(?:complete|"
    r"finished))|(?:end|stop|terminate|exit|finish)(?:\s+(?:the\s+)?(?:process|procedure|"
    r"workflow))?|end of (?:the\s+)?(?:process|procedure|workflow))\s*\.?$",
    re.I,
)
END_TAIL = re.compile(
    r"(?:[,;.]\s*|\s+)(?:and\s+(?:then\s+)?|then\s+)?(?:(?:end|stop|terminate|"
    r"finish)\s+(?:the\s+)?(?:process|procedure|workflow)|the\s+(?:process|"
    r"procedure|workflow|request|case)\s+(?:ends|stops|is closed))\s*\.?\s*$",
    re.I,
)
CONTINUE_ONLY = re.compile(
    r"^(?:continue|proceed)(?:\s+(?:with the next step|to the next "
    r"step|as normal))?\s*\.?$",
    re.I,
)
IF = re.compile(
    r"^(?:if|where|in case)\s+(?P<cond>.+?)(?:,?\s+then\s+|,\s+|:\s+)(?P<body>.+)$", re.I | re.S
)
OTHERWISE = re.compile(
    r"^(?:otherwise|else|if not|in all other cases)[,:]?\s+(?P<body>.+)$", re.I | re.S
)
INLINE_ELSE = re.compile(r"(?:[;,.]\s*|\s+)(?:otherwise|else|if not)[,:]?\s+", re.I)
REPEAT = re.compile(
    r"(?:^|(?<=[.;,])\s*|\s+(?:and|then)\s+)(?:then\s+)?repeat\s+(?:steps?\s+(?P<from>\d{1,3}"
    r"(?:\.\d{1,3})*)(?:\s*(?:-|–|to|through|and)\s*\d{1,3}(?:\.\d{1,3})*)?\s+|(?:this|these|"
    r"the above|the previous|it)(?:\s+steps?)?\s+)?until\s+(?P<cond>[^.]+)\.?\s*$",
    re.I,
)
PARALLEL = re.compile(
    r"\b(?:in parallel|at the same time|simultaneously|concurrently|"
    r"meanwhile)\b",
    re.I,
)
NUMBER_LIST = re.compile(
    r"steps?\s+(?P<list>\d{1,3}(?:\.\d{1,3})*(?:\s*(?:,|and)\s*\d{1,3}"
    r"(?:\.\d{1,3})*)+)",
    re.I,
)
JOIN = re.compile(r"^wait\s+(?:until|for)\b.*\b(?:complete|completed|finished|done)\b", re.I)
BRANCH_LABEL = re.compile(r"^(?:if\s+)?(?P<label>[^:,]{1,40}?)\s*[:,]\s+(?P<body>\S.*)$", re.S)
_CLAUSE_SPLIT = re.compile(r";\s+|,?\s+(?:and|while)\s+(?=(?:the\s+|a\s+|an\s+)?[A-Z])")
_LEADING = re.compile(
    r"^(?:first|next|then|after that|afterwards|finally|lastly|subsequently|"
    r"second|third|now|once (?:this|that) is done)\b,?\s*",
    re.I,
)
_TRIGGER = re.compile(r"^(?:once|after|when|as soon as|upon)\s+[^,]{1,120},\s+(?=\S)", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_CONTENT_WORD = re.compile(r"[a-z]{3,}")
END_ID, START_ID = "end", "start"


class ExtractionError(ValueError):
    """The text holds no procedure the extractor can read."""


@dataclass
class _Builder:
    steps: list[Step] = field(default_factory=list)
    pending: list[tuple[str, str | None]] = field(default_factory=list)
    gotos: list[tuple[str, str | None, str]] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)
    raci: list[RaciRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_actor: str | None = None
    entry: str | None = None
    counter: int = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def edge(self, source: str, target: str, condition: str | None) -> None:
        step = next(s for s in self.steps if s.id == source)
        for existing in step.next:
            if existing.to == target:
                if condition and existing.condition != condition:
                    existing.condition = " / ".join(c for c in (existing.condition, condition) if c)
                return
        step.next.append(Edge(to=target, condition=condition))

    def add(self, step: Step) -> str:
        self.steps.append(step)
        self.land(step.id)
        self.pending = [(step.id, None)]
        if step.actor and step.kind == "task":
            self.last_actor = step.actor
        return step.id

    def land(self, target: str) -> None:
        """Connect every open exit to ``target``."""
        if self.entry is None:
            self.entry = target
        for source, condition in self.pending:
            self.edge(source, target, condition)
        self.pending = []

    def goto(self, number: str) -> None:
        if self.entry is None:
            self.entry = f"@{number}"
        for source, condition in self.pending:
            self.gotos.append((source, condition, number))
        self.pending = []


def _clip(text: str) -> str:
    return " ".join(text.split())[:2000]


def _match_raci(name: str, raci: list[RaciRow]) -> RaciRow | None:
    words = set(_CONTENT_WORD.findall(name.lower()))
    best, best_score = None, 0.0
    for row in raci:
        activity = set(_CONTENT_WORD.findall(row.activity.lower()))
        if not activity:
            continue
        score = len(words & activity) / len(activity)
        if score > best_score:
            best, best_score = row, score
    return best if best_score >= 0.5 else None


def _task(
    b: _Builder,
    text: str,
    unit: Unit,
    inherit: str | None = None,
    kind: Literal["task", "decision"] = "task",
) -> str:
    text = _TRIGGER.sub("", _LEADING.sub("", text.strip()))
    clause = language.analyse(text)
    actor = unit.actor or clause.actor
    if actor is None:
        row = _match_raci(clause.name, b.raci)
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


def _body(b: _Builder, body: str, unit: Unit, actor: str | None) -> None:
    """A branch's body: an end, a jump, "continue", or a task that then continues."""
    body = _clip(body).strip()
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
    _task(b, core, unit, inherit=actor)
    if tail_goto:
        b.goto(tail_goto.group("n"))
    elif tail_end:
        b.land(END_ID)


def _branches(sentences: list[str], children: list[str]) -> list[tuple[str | None, str, bool]]:
    """(condition, body, is_otherwise) for each "If …"/"Otherwise …" sentence or sub-item."""
    out: list[tuple[str | None, str, bool]] = []
    for sentence in sentences:
        other = OTHERWISE.match(sentence)
        if other:
            out.append((None, other.group("body"), True))
            continue
        cond = IF.match(sentence)
        if cond:
            body = cond.group("body")
            parts = INLINE_ELSE.split(body, maxsplit=1)
            out.append((cond.group("cond").strip(), parts[0], False))
            if len(parts) == 2:
                out.append((None, parts[1], True))
    for child in children:
        other = OTHERWISE.match(child)
        label = BRANCH_LABEL.match(child)
        if other:
            out.append((None, other.group("body"), True))
        elif label:
            out.append((label.group("label").strip(), label.group("body"), False))
    return out


def _decision(
    b: _Builder, unit: Unit, question: str | None, branches: list[tuple[str | None, str, bool]]
) -> None:
    conds = [c for c, _, other in branches if not other and c]
    single = question is None and len(conds) == 1
    if question:
        actor, _verb, name = language.find_actor(question)
    else:
        actor, name = None, (conds[0] if single else " / ".join(conds)) + "?"
    clause_actor = actor or unit.actor or b.last_actor
    step = Step(
        id=b.new_id("d"),
        name=language.tidy_name(name if name.endswith("?") else name + "?"),
        actor=clause_actor,
        kind="decision",
        source=unit.source,
        systems=language.find_systems(unit.text),
    )
    decision = b.add(step)
    exits: list[tuple[str, str | None]] = []
    has_else = any(other for _, _, other in branches)
    for cond, body, other in branches:
        label = ("no" if single else "otherwise") if other else ("yes" if single else _label(cond))
        b.pending = [(decision, label)]
        _body(b, body, unit, clause_actor)
        exits.extend(b.pending)
    if not has_else and len(branches) == 1:
        exits.append((decision, "no" if single else "otherwise"))
    b.pending = exits


def _label(cond: str | None) -> str | None:
    if cond and cond.lower() in ("yes", "no", "approved", "rejected", "true", "false"):
        return cond.lower()
    return cond


def _parallel(b: _Builder, unit: Unit, intro: str, branches: list[str]) -> None:
    split = b.add(
        Step(
            id=b.new_id("p"),
            name=language.tidy_name(intro) or "Split",
            kind="parallel_split",
            actor=unit.actor,
            source=unit.source,
        )
    )
    exits: list[tuple[str, str | None]] = []
    for text in branches:
        b.pending = [(split, None)]
        _body(b, text, unit, None)
        exits.extend(b.pending)
    b.pending = exits
    b.add(
        Step(
            id=b.new_id("j"),
            name="Wait until all parallel steps are done",
            kind="parallel_join",
            source=unit.source,
        )
    )


def _with_previous(b: _Builder, unit: Unit, text: str) -> bool:
    """ "At the same time, X": run X beside the step just before it."""
    if len(b.pending) != 1 or b.pending[0][1] is not None:
        return False
    previous = next(s for s in b.steps if s.id == b.pending[0][0])
    if previous.kind != "task":
        return False
    split = Step(
        id=b.new_id("p"),
        name="Start in parallel",
        kind="parallel_split",
        source=unit.source,
        next=[Edge(to=previous.id)],
    )
    for step in b.steps:
        for edge in step.next:
            if edge.to == previous.id:
                edge.to = split.id
    for number, target in b.numbers.items():
        if target == previous.id:
            b.numbers[number] = split.id
    b.steps.insert(b.steps.index(previous), split)
    b.pending = [(split.id, None)]
    _task(b, PARALLEL.sub("", text).strip(" ,;:"), unit)
    b.pending = [(previous.id, None), *b.pending]
    b.add(
        Step(
            id=b.new_id("j"),
            name="Wait until all parallel steps are done",
            kind="parallel_join",
            source=unit.source,
        )
    )
    return True


def _unit(b: _Builder, unit: Unit) -> None:
    text = _clip(unit.text)
    if END_ONLY.match(text):
        b.land(END_ID)
        return
    jump = GOTO_ONLY.match(text)
    if jump:
        b.goto(jump.group("n"))
        return
    if JOIN.match(text):
        b.add(
            Step(
                id=b.new_id("j"),
                name=language.tidy_name(text),
                kind="parallel_join",
                source=unit.source,
            )
        )
        return
    if PARALLEL.search(text):
        numbers = NUMBER_LIST.search(text)
        if numbers:
            split = b.add(
                Step(
                    id=b.new_id("p"),
                    name=language.tidy_name(text[: numbers.start()].rstrip(" :,"))
                    or "Start in parallel",
                    kind="parallel_split",
                    source=unit.source,
                )
            )
            for number in re.findall(r"\d{1,3}(?:\.\d{1,3})*", numbers.group("list")):
                b.gotos.append((split, None, number))
            b.pending = []
            return
        if len(unit.children) >= 2:
            _parallel(b, unit, text.rstrip(":"), unit.children)
            return
        body = PARALLEL.sub("", text).strip(" ,;:")
        clauses = [c for c in _CLAUSE_SPLIT.split(body) if c.strip()]
        if len(clauses) >= 2:
            _parallel(b, unit, "Start in parallel", clauses)
            return
        if re.match(
            r"^\s*(?:at the same time|meanwhile|simultaneously|in parallel)", text, re.I
        ) and _with_previous(b, unit, text):
            return
    repeat = REPEAT.search(text)
    if repeat:
        before = text[: repeat.start()].strip(" ,;.")
        loop_to: str | None = None
        if before:
            loop_to = _task(b, before, unit)
        target = repeat.group("from")
        back = loop_to or (b.pending[0][0] if b.pending else None)
        decision = b.add(
            Step(
                id=b.new_id("d"),
                name=language.tidy_name(repeat.group("cond").strip() + "?"),
                kind="decision",
                actor=b.last_actor,
                source=unit.source,
            )
        )
        if target:
            b.gotos.append((decision, "no", target))
        elif back is not None and back != START_ID:
            b.edge(decision, back, "no")
        b.pending = [(decision, "yes")]
        return
    sentences = [s.strip() for s in _SENTENCES.split(text) if s.strip()]
    lead: list[str] = []
    rest: list[str] = []
    for sentence in sentences:
        if rest or IF.match(sentence) or OTHERWISE.match(sentence):
            rest.append(sentence)
        else:
            lead.append(sentence)
    branches = _branches(rest, unit.children if (rest or (lead and lead[-1].endswith("?"))) else [])
    question = lead[-1] if lead and lead[-1].endswith("?") and branches else None
    action = lead[:-1] if question else lead
    if action:
        first = " ".join(action) if unit.from_list else action[0]
        if branches or question:
            _task(b, action[0], unit)
        else:
            _body(
                b,
                first
                if len(action) == 1
                else action[0]
                + (
                    " " + action[-1]
                    if GOTO_TAIL.search(action[-1]) or END_TAIL.search(action[-1])
                    else ""
                ),
                unit,
                None,
            )
    if branches:
        _decision(b, unit, question, branches)


def _procedural(unit: Unit) -> bool:
    if unit.from_list or unit.actor:
        return True
    text = _LEADING.sub("", _TRIGGER.sub("", unit.text.strip()))
    return bool(
        IF.match(text)
        or OTHERWISE.match(text)
        or REPEAT.search(text)
        or END_ONLY.match(text)
        or GOTO_ONLY.match(text)
        or language.analyse(text).procedural
    )


def build(reading: Reading, title: str) -> tuple[WorkflowGraph, list[str]]:
    """The graph the units describe, validated; :class:`ExtractionError` if there is none."""
    units = [u for u in reading.units if _procedural(u)]
    if not units and reading.raci:
        units = [
            Unit(
                text=r.activity,
                source=r.source or Source(),
                actor=next(iter(r.responsible or r.accountable), None),
            )
            for r in reading.raci
        ]
    if not units:
        raise ExtractionError(
            "no procedure was found: write the steps as a numbered or bulleted list, as "
            'sentences that say who does what ("The clerk logs the claim"), or as a table '
            "with Step, Action and Role columns"
        )
    b = _Builder(raci=reading.raci, notes=list(reading.notes))
    b.steps.append(Step(id=START_ID, name="Start", kind="start"))
    b.pending = [(START_ID, None)]
    for unit in units:
        b.entry = None
        _unit(b, unit)
        if unit.number and b.entry is not None:
            b.numbers.setdefault(unit.number, b.entry)
    b.steps.append(Step(id=END_ID, name="End", kind="end"))
    b.land(END_ID)
    for source, condition, number in b.gotos:
        target = _resolve(b, number, set())
        if target is None:
            b.notes.append(
                f"step {number} is referred to but does not exist; that branch ends the process"
            )
            target = END_ID
        b.edge(source, target, condition)
    graph = WorkflowGraph(title=title[:300] or "Workflow", steps=b.steps, raci=reading.raci)
    return validate(_drop_unreached(graph, b.notes)), b.notes


def _resolve(b: _Builder, number: str, seen: set[str]) -> str | None:
    target = b.numbers.get(number)
    if target is not None and target.startswith("@") and number not in seen:
        seen.add(number)
        return _resolve(b, target[1:], seen)
    return target if target is None or not target.startswith("@") else None


def _drop_unreached(graph: WorkflowGraph, notes: list[str]) -> WorkflowGraph:
    from symphainy.operations.graph import _reachable

    forward = {s.id: [e.to for e in s.next] for s in graph.steps}
    reached = _reachable(START_ID, forward) | {END_ID}
    dropped = [s for s in graph.steps if s.id not in reached]
    if dropped:
        notes.append(
            "not reachable from the start, so left out: "
            + "; ".join(f"“{s.name}”" for s in dropped[:10])
        )
    return graph.model_copy(update={"steps": [s for s in graph.steps if s.id in reached]})


def extract(
    sections: list[dict[str, Any]], title: str, tables: list[list[list[str]]] | None = None
) -> tuple[WorkflowGraph, list[str]]:
    """The workflow a document describes, and notes on anything the extractor left out."""
    return build(read(sections, tables), title)

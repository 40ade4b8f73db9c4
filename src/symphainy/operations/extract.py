"""The deterministic extractor: procedure units in, a workflow graph out.

Reads what the text says: one step per numbered item, table row or procedural sentence;
"If … then … otherwise …" and "Is …? If yes … If no …" become decisions; "go to step N" and
"repeat … until …" become edges back; "in parallel" / "at the same time" become a split and a
join; "end the process" leads to the end. Every step keeps the passage it came from.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from spacy.tokens import Doc

from symphainy.operations import language
from symphainy.operations.flow import END_ID, START_ID, FlowBuilder, OpenDecision
from symphainy.operations.graph import Edge, RaciRow, Source, Step, WorkflowGraph, validate
from symphainy.operations.jumps import (
    CONTINUE_ONLY,
    END_ONLY,
    END_TAIL,
    GOTO_ONLY,
    GOTO_TAIL,
    REPEAT,
)
from symphainy.operations.language import clean_actor
from symphainy.operations.nlp import clauses, cues, pipeline, roles, steps
from symphainy.operations.nlp.actors import role_name
from symphainy.operations.reading import Reading, Unit, read

IF = re.compile(
    r"^(?:if|where|in case)\s+(?P<cond>.+?)(?:,?\s+then\s+|,\s+|:\s+)(?P<body>.+)$", re.I | re.S
)
OTHERWISE = re.compile(
    r"^(?:otherwise|else|if not|in all other cases)[,:]?\s+(?P<body>.+)$", re.I | re.S
)
INLINE_ELSE = re.compile(r"(?:[;,.]\s*|\s+)(?:otherwise|else|if not)[,:]?\s+", re.I)
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
MIN_ACTION_SHARE = 0.3
# A step is a few sentences; longer runs of text are read up to this many characters.
PARSE_CHARS = 3000
_CASE = re.compile(r"^\*{0,2}(?P<label>[^:*]{2,60}?)\*{0,2}:\*{0,2}\s+(?P<body>\S.*)$", re.S)
_ROLE_LABEL = re.compile(r"^(?P<role>[A-Z][\w &/().'-]{1,60}?):\s+(?P<rest>\S.*)$", re.S)
_THING_ACTORS = frozenset({"system", "application", "software", "api", "server", "module"})


class ExtractionError(ValueError):
    """The text holds no procedure the extractor can read."""


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
    b: FlowBuilder,
    text: str,
    unit: Unit,
    inherit: str | None = None,
    kind: Literal["task", "decision"] = "task",
) -> str:
    if b.parser:
        before = len(b.steps)
        steps.add_doc(b, unit, _parse(b, text))
        if len(b.steps) > before:
            return b.steps[-1].id
        return b.pending[0][0] if b.pending else START_ID
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


def _body(b: FlowBuilder, body: str, unit: Unit, actor: str | None) -> None:
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
    b: FlowBuilder, unit: Unit, question: str | None, branches: list[tuple[str | None, str, bool]]
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


def _parallel(b: FlowBuilder, unit: Unit, intro: str, branches: list[str]) -> None:
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


def _with_previous(b: FlowBuilder, unit: Unit, text: str) -> bool:
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


def _unit(b: FlowBuilder, unit: Unit) -> None:
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
    if b.parser and not (PARALLEL.search(text) and len(unit.children) >= 2):
        if NUMBER_LIST.search(text) and PARALLEL.search(text):
            _parallel_numbers(b, unit, text)
            return
        if not REPEAT.search(text):
            _parsed_unit(b, unit, text)
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


def _parse(b: FlowBuilder, text: str) -> Doc:
    doc = b.parsed.get(text)
    if doc is None:
        doc = pipeline.parse(text[:PARSE_CHARS])
        assert doc is not None
        b.parsed[text] = doc
    return doc


def _parallel_numbers(b: FlowBuilder, unit: Unit, text: str) -> None:
    """ "Steps 4 and 6 at the same time": a split whose branches are those steps."""
    numbers = NUMBER_LIST.search(text)
    assert numbers is not None
    split = b.add(
        Step(
            id=b.new_id("p"),
            name=language.tidy_name(text[: numbers.start()].rstrip(" :,")) or "Start in parallel",
            kind="parallel_split",
            source=unit.source,
        )
    )
    for number in re.findall(r"\d{1,3}(?:\.\d{1,3})*", numbers.group("list")):
        b.gotos.append((split, None, number))
    b.pending = []


def _parsed_unit(b: FlowBuilder, unit: Unit, text: str) -> None:
    """A list item or sentence read through the parse, with its sub-items."""
    label = _ROLE_LABEL.match(text)
    if label and role_name(label.group("role")) and not unit.actor:
        unit.actor = clean_actor(label.group("role").split())
        text = label.group("rest")
    if unit.whole:
        _whole(b, unit, text)
        return
    children = unit.children
    sentences = [s.strip() for s in _SENTENCES.split(text) if s.strip()]
    asked = next((i for i, s in enumerate(sentences) if s.endswith("?")), None)
    if asked is not None:
        rest = sentences[asked + 1 :]
        branches = _branches(rest, children)
        if branches and all(IF.match(s) or OTHERWISE.match(s) for s in rest):
            if asked:
                steps.add_doc(b, unit, _parse(b, " ".join(sentences[:asked])))
            _decision(b, unit, sentences[asked], branches)
            return
    before = len(b.steps)
    steps.add_doc(b, unit, _parse(b, text))
    bypass = _condition_over_children(b, before) if children else None
    actions = [c for c in children if _has_action(b, c)]
    if len(children) >= 2 and len(actions) == len(children) and text.rstrip().endswith(":"):
        split = b.add(
            Step(
                id=b.new_id("p"),
                name="Start in parallel",
                kind="parallel_split",
                actor=unit.actor,
                source=unit.source,
            )
        )
        exits: list[tuple[str, str | None]] = []
        for child in children:
            b.pending = [(split, None)]
            _body(b, child, unit, None)
            exits.extend(b.pending)
        b.pending = exits
        b.add(
            Step(id=b.new_id("j"), name=steps.JOIN_NAME, kind="parallel_join", source=unit.source)
        )
    elif _cases(children):
        _case_decision(b, unit, children)
    elif children and actions:
        for child in children:
            _body(b, child, unit, None)
    if bypass is not None:
        # the sub-items were the "yes" branch; "no" goes past them (an "Otherwise" may take it)
        b.open_else = OpenDecision(decision=bypass[0], label=bypass[1] or "no", taken=b.pending)
        b.pending = [*b.pending, bypass]


def _condition_over_children(b: FlowBuilder, before: int) -> tuple[str, str | None] | None:
    """ "If autoclaving biohazardous waste:" over sub-items: a decision this item opened and
    left waiting; its "no" exit is held back so it does not run into the sub-items."""
    opened = b.open_else
    if opened is None or not any(s.id == opened.decision for s in b.steps[before:]):
        return None
    if b.bodyless is not None and b.bodyless[0] == opened.decision:
        b.bodyless = None
        b.pending = [*b.pending, (opened.decision, opened.label)]
    exit_ = (opened.decision, opened.label)
    if exit_ not in b.pending or len(b.pending) < 2:
        return None
    b.pending = [p for p in b.pending if p != exit_]
    b.open_else = None
    return exit_


def _cases(children: list[str]) -> bool:
    """Sub-items written as "**Bad deployment:** roll it back": one case each, not roles."""
    labelled = [_CASE.match(c) for c in children]
    return len(children) >= 2 and all(
        m is not None
        and not role_name(m.group("label"))
        and m.group("label").split()[0].lower() not in language.NOT_ACTORS
        for m in labelled
    )


def _case_decision(b: FlowBuilder, unit: Unit, children: list[str]) -> None:
    """Which case applies? Each labelled sub-item is a branch; all continue afterwards."""
    cases = [m for m in (_CASE.match(c) for c in children) if m is not None]
    labels = [m.group("label").strip() for m in cases]
    decision = b.add(
        Step(
            id=b.new_id("d"),
            name=language.tidy_name("Which case applies: " + ", ".join(labels) + "?"),
            kind="decision",
            actor=unit.actor or b.last_actor,
            source=unit.source,
        )
    )
    exits: list[tuple[str, str | None]] = []
    for label, case in zip(labels, cases, strict=True):
        b.pending = [(decision, label[:300].lower())]
        _body(b, case.group("body"), unit, None)
        exits.extend(b.pending)
    b.pending = exits


def _whole(b: FlowBuilder, unit: Unit, text: str) -> None:
    """A table cell names one step as written; its words are not split into clauses."""
    doc = _parse(b, text)
    verb = next((t for t in doc if t.pos_ == "VERB"), None)
    b.add(
        Step(
            id=b.new_id("s"),
            name=language.tidy_name(text) or "Step",
            actor=unit.actor or roles.match_duty(b.duties, text),
            action=(verb.lemma_ if verb is not None else "")[:60],
            systems=list(dict.fromkeys([*unit.systems, *language.find_systems(text)]))[:10],
            source=unit.source,
        )
    )


def _has_action(b: FlowBuilder, text: str) -> bool:
    doc = _parse(b, text)
    return any(c.kind == "action" and c.name for s in doc.sents for c in clauses.read_sentence(s))


def _procedural(unit: Unit, b: FlowBuilder) -> bool:
    if unit.from_list or unit.actor:
        return True
    text = _LEADING.sub("", _TRIGGER.sub("", unit.text.strip()))
    if REPEAT.search(text) or END_ONLY.match(text) or GOTO_ONLY.match(text):
        return True
    if b.parser:
        doc = _parse(b, text)
        if any(roles.declares_narrator(s) or roles.addressee(s) for s in doc.sents):
            return True
        return any(
            c.kind in ("action", "condition", "else") and (c.name or c.kind == "condition")
            for s in doc.sents
            for c in clauses.read_sentence(s)
        ) or any(cues.nominal_action(s) is not None for s in doc.sents)
    return bool(IF.match(text) or OTHERWISE.match(text) or language.analyse(text).procedural)


def _refuse_non_procedure(reading: Reading, units: list[Unit], b: FlowBuilder) -> None:
    """A specification or a contract is not a procedure: say why instead of drawing it."""
    total = len(reading.units)
    if total < 20 or not b.parser:
        return
    acting = sum(1 for u in reading.units if _acts(b, u))
    if acting / total < MIN_ACTION_SHARE:
        raise ExtractionError(
            f"this does not read as a procedure: {acting} of {total} sentences and list items "
            "describe someone doing something (a procedure has at least "
            f"{MIN_ACTION_SHARE:.0%}); paste the steps of the procedure on their own"
        )


def _acts(b: FlowBuilder, unit: Unit) -> bool:
    """An instruction or a role doing work, not a statement of what something is or may do."""
    if unit.actor:
        return True
    doc = _parse(b, unit.text)
    for sentence in doc.sents:
        for clause in clauses.read_sentence(sentence):
            if clause.kind not in ("action", "else") or not clause.name:
                continue
            verb = doc[clause.head]
            if any(c.lower_ in ("may", "can", "could", "might") for c in verb.children):
                continue
            if clause.actor and clause.actor.lower() not in _THING_ACTORS:
                return True
            if clause.pronoun in ("i", "we", "he", "she", "they", "you"):
                return True
            if verb.i == sentence.start or (
                verb.tag_ == "VB"
                and clause.actor is None
                and not clause.pronoun
                and not clause.passive
            ):
                return True
    return False


def build(reading: Reading, title: str) -> tuple[WorkflowGraph, list[str]]:
    """The graph the units describe, validated; :class:`ExtractionError` if there is none."""
    b = FlowBuilder(raci=reading.raci, notes=list(reading.notes), duties=reading.duties)
    b.parser = pipeline.load() is not None
    if b.parser:
        texts = list(dict.fromkeys(t for u in reading.units for t in (u.text, *u.children)))
        clipped = [t[:PARSE_CHARS] for t in texts]
        for text, doc in zip(texts, pipeline.parse_all(clipped) or [], strict=False):
            b.parsed[text] = doc
    else:
        b.notes.append(pipeline.MISSING_NOTICE)
    units = [u for u in reading.units if _procedural(u, b)]
    _refuse_non_procedure(reading, units, b)
    if not units and reading.raci:
        units = [
            Unit(
                text=r.activity,
                source=r.source or Source(),
                actor=next(iter(r.responsible or r.accountable), None),
                whole=True,
            )
            for r in reading.raci
        ]
    if not units:
        raise ExtractionError(
            "no procedure was found: write the steps as a numbered or bulleted list, as "
            'sentences that say who does what ("The clerk logs the claim"), or as a table '
            "with Step, Action and Role columns"
        )
    b.steps.append(Step(id=START_ID, name="Start", kind="start"))
    b.pending = [(START_ID, None)]
    for unit in units:
        b.entry = None
        held = b.bodyless
        _unit(b, unit)
        if held is not None and b.bodyless == held:
            b.bodyless = None
            b.pending = [*b.pending, held]
            if b.open_else is not None and b.open_else.decision == held[0]:
                b.open_else.taken = [p for p in b.pending if p != held]
        if unit.number and b.entry is not None:
            b.numbers.setdefault(unit.number, b.entry)
    if b.bodyless is not None:
        b.pending = [*b.pending, b.bodyless]
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
    _complete_decisions(b)
    graph = WorkflowGraph(title=title[:300] or "Workflow", steps=b.steps, raci=reading.raci)
    return validate(_drop_unreached(graph, b.notes)), b.notes


def _complete_decisions(b: FlowBuilder) -> None:
    """A decision left with one way out is a check, not a choice: keep it as a task, say so."""
    for step in b.steps:
        if step.kind == "decision" and len(step.next) < 2:
            step.kind = "task"
            step.name = language.tidy_name("Check: " + step.name.rstrip("?"))
            for edge in step.next:
                edge.condition = None
            b.notes.append(
                f"“{step.name}” reads as a decision but only one outcome is described; "
                "it was kept as a step"
            )
            if not step.next:
                step.next.append(Edge(to=END_ID))


def _resolve(b: FlowBuilder, number: str, seen: set[str]) -> str | None:
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

"""The deterministic extractor: procedure units in, a workflow graph out.

Reads what the text says: one step per numbered item, table row or procedural sentence;
"If … then … otherwise …" and "Is …? If yes … If no …" become decisions; "go to step N" and
"repeat … until …" become edges back; "in parallel" / "at the same time" become a split and a
join; "end the process" leads to the end. Every step keeps the passage it came from.
"""

from __future__ import annotations

import re
from typing import Any

from symphainy.operations import step_names, word_rules
from symphainy.operations.flow import END_ID, START_ID, FlowBuilder
from symphainy.operations.graph import Edge, Source, Step, WorkflowGraph, validate
from symphainy.operations.jumps import (
    END_ONLY,
    GOTO_ONLY,
    REPEAT,
)
from symphainy.operations.nlp import clauses, cues, imperative, pipeline, roles
from symphainy.operations.nlp.actors import a_verb
from symphainy.operations.reading import Reading, Unit, read
from symphainy.operations.unit_steps import add_unit
from symphainy.operations.unit_text import IF, LEADING, OTHERWISE, PARSE_CHARS, TRIGGER, parse_text

MIN_ACTION_SHARE = 0.3
_THING_ACTORS = frozenset({"system", "application", "software", "api", "server", "module"})


class ExtractionError(ValueError):
    """The text holds no procedure the extractor can read."""


def _procedural(unit: Unit, b: FlowBuilder) -> bool:
    if unit.from_list or unit.actor:
        return True
    # a leading "After that" is a sequence word, not the trigger "After X, …" (strip it first)
    text = TRIGGER.sub("", LEADING.sub("", unit.text.strip()))
    if REPEAT.search(text) or END_ONLY.match(text) or GOTO_ONLY.match(text):
        return True
    if b.parser and re.fullmatch(r"[A-Z][a-z]+[.!]", text) and a_verb(text[:-1].lower()):
        return True  # "Vortex." between sentences of a protocol: a one-word instruction
    if b.parser:
        doc = parse_text(b, text)
        if any(roles.declares_narrator(s) or roles.addressee(s) for s in doc.sents):
            return True
        return any(
            (c.kind in ("action", "condition", "else") and (c.name or c.kind == "condition"))
            or c.marker == "restates"  # "That is done by the clerk" says who did a step
            for s in doc.sents
            # read as the flow reads it: an instruction the tagger took for a noun, too
            for c in clauses.read_sentence(imperative.verbless(imperative.imperative(s)))
        ) or any(cues.nominal_action(s) is not None for s in doc.sents)
    return bool(IF.match(text) or OTHERWISE.match(text) or word_rules.analyse(text).procedural)


def _introduces(unit: Unit, b: FlowBuilder) -> bool:
    """ "A small company manufactures customized bicycles.": a text's first sentence whose
    subject is introduced by "a/an" and whose object is a bare plural says what a business does
    in general; it introduces the process and is no step of it. ("A customer brings in a
    defective computer" names one thing and stays a step.)"""
    if not b.parser or unit.from_list or unit.actor:
        return False
    sentences = list(parse_text(b, unit.text.strip()).sents)
    if len(sentences) != 1:
        return False
    root = sentences[0].root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    # the small tagger reads some -s verbs as plural nouns ("manufactures"): its dependents say
    if root.tag_ not in ("VBZ", "NNS") or subject is None or obj is None:
        return False
    if any(c.dep_ in ("advcl", "conj", "mark") for c in root.children):
        return False
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children)
    generic = obj.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in obj.children)
    return indefinite and generic


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
    doc = parse_text(b, unit.text)
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
    if units and reading.units and units[0] is reading.units[0] and _introduces(units[0], b):
        units = units[1:]
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
        add_unit(b, unit)
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
            step.name = step_names.tidy_name("Check: " + step.name.rstrip("?"))
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

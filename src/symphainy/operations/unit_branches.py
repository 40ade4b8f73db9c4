"""Branching structures a unit can hold: "If … / Otherwise …" sentences and sub-items, labelled
cases ("**Bad deployment:** roll back"), parallel branches, "steps 4 and 6 at the same time", and
a condition heading its sub-items. Each is wired on the flow builder with both exits."""

from __future__ import annotations

import re

from symphainy.operations import role_names, step_names, system_names, word_rules
from symphainy.operations.flow import FlowBuilder
from symphainy.operations.graph import Step
from symphainy.operations.nlp.actors import role_name
from symphainy.operations.reading import Unit
from symphainy.operations.unit_text import (
    BRANCH_LABEL,
    CASE,
    IF,
    INLINE_ELSE,
    NUMBER_LIST,
    OTHERWISE,
    PARALLEL,
    add_body,
    add_text_task,
)


def read_branches(sentences: list[str], children: list[str]) -> list[tuple[str | None, str, bool]]:
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


def add_decision(
    b: FlowBuilder, unit: Unit, question: str | None, branches: list[tuple[str | None, str, bool]]
) -> None:
    conds = [c for c, _, other in branches if not other and c]
    single = question is None and len(conds) == 1
    if question:
        actor, _verb, name = word_rules.find_actor(question)
    else:
        actor, name = None, (conds[0] if single else " / ".join(conds)) + "?"
    clause_actor = actor or unit.actor or b.last_actor
    step = Step(
        id=b.new_id("d"),
        name=step_names.tidy_name(name if name.endswith("?") else name + "?"),
        actor=clause_actor,
        kind="decision",
        source=unit.source,
        systems=system_names.find_systems(unit.text),
    )
    decision = b.add(step)
    exits: list[tuple[str, str | None]] = []
    has_else = any(other for _, _, other in branches)
    for cond, body, other in branches:
        label = (
            ("no" if single else "otherwise")
            if other
            else ("yes" if single else branch_label(cond))
        )
        b.pending = [(decision, label)]
        add_body(b, body, unit, clause_actor)
        exits.extend(b.pending)
    if not has_else and len(branches) == 1:
        exits.append((decision, "no" if single else "otherwise"))
    b.pending = exits


def branch_label(cond: str | None) -> str | None:
    if cond and cond.lower() in ("yes", "no", "approved", "rejected", "true", "false"):
        return cond.lower()
    return cond


def add_parallel(b: FlowBuilder, unit: Unit, intro: str, branches: list[str]) -> None:
    split = b.add(
        Step(
            id=b.new_id("p"),
            name=step_names.tidy_name(intro) or "Split",
            kind="parallel_split",
            actor=unit.actor,
            source=unit.source,
        )
    )
    exits: list[tuple[str, str | None]] = []
    for text in branches:
        b.pending = [(split, None)]
        add_body(b, text, unit, None)
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


def beside_previous(b: FlowBuilder, unit: Unit, text: str) -> bool:
    """ "At the same time, X": run X beside the step just before it."""
    previous = b.open_beside_previous(unit.source)
    if previous is None:
        return False
    add_text_task(b, PARALLEL.sub("", text).strip(" ,;:"), unit)
    b.join_beside(previous, unit.source)
    return True


def parallel_numbers(b: FlowBuilder, unit: Unit, text: str) -> None:
    """ "Steps 4 and 6 at the same time": a split whose branches are those steps."""
    numbers = NUMBER_LIST.search(text)
    assert numbers is not None
    split = b.add(
        Step(
            id=b.new_id("p"),
            name=step_names.tidy_name(text[: numbers.start()].rstrip(" :,")) or "Start in parallel",
            kind="parallel_split",
            source=unit.source,
        )
    )
    for number in re.findall(r"\d{1,3}(?:\.\d{1,3})*", numbers.group("list")):
        b.gotos.append((split, None, number))
    b.pending = []


def labelled_cases(children: list[str]) -> bool:
    """Sub-items written as "**Bad deployment:** roll it back": one case each, not roles."""
    labelled = [CASE.match(c) for c in children]
    return len(children) >= 2 and all(
        m is not None
        and not role_name(m.group("label"))
        and m.group("label").split()[0].lower() not in role_names.NOT_ACTORS
        for m in labelled
    )


def add_case_decision(b: FlowBuilder, unit: Unit, children: list[str]) -> None:
    """Which case applies? Each labelled sub-item is a branch; all continue afterwards."""
    cases = [m for m in (CASE.match(c) for c in children) if m is not None]
    labels = [m.group("label").strip() for m in cases]
    decision = b.add(
        Step(
            id=b.new_id("d"),
            name=step_names.tidy_name("Which case applies: " + ", ".join(labels) + "?"),
            kind="decision",
            actor=unit.actor or b.last_actor,
            source=unit.source,
        )
    )
    exits: list[tuple[str, str | None]] = []
    for label, case in zip(labels, cases, strict=True):
        b.pending = [(decision, label[:300].lower())]
        add_body(b, case.group("body"), unit, None)
        exits.extend(b.pending)
    b.pending = exits


def condition_over_children(b: FlowBuilder, before: int) -> tuple[str, str | None] | None:
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

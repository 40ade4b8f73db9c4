"""One procedure unit (list item, sentence group or table row) into steps on the flow builder:
ends, jumps, joins, repeats and parallel lists by their plain cues, everything else through the
dependency parse (with its sub-items as branches, cases or a parallel group)."""

from __future__ import annotations

import re
from dataclasses import replace

from symphainy.operations import step_names, system_names
from symphainy.operations.flow import END_ID, JOIN_NAME, START_ID, FlowBuilder, OpenDecision
from symphainy.operations.graph import Step
from symphainy.operations.jumps import (
    END_ONLY,
    END_TAIL,
    GOTO_ONLY,
    GOTO_TAIL,
    REPEAT,
)
from symphainy.operations.nlp import decisions as nlp_decisions
from symphainy.operations.nlp import roles, steps
from symphainy.operations.nlp.actors import role_name
from symphainy.operations.reading import Unit
from symphainy.operations.role_names import clean_actor
from symphainy.operations.unit_branches import (
    add_case_decision,
    add_decision,
    add_parallel,
    beside_previous,
    condition_over_children,
    labelled_cases,
    parallel_numbers,
    read_branches,
)
from symphainy.operations.unit_text import (
    CLAUSE_SPLIT,
    IF,
    JOIN,
    NUMBER_LIST,
    OTHERWISE,
    PARALLEL,
    ROLE_LABEL,
    SENTENCES,
    add_body,
    add_text_task,
    clip_text,
    has_action,
    parse_text,
)


def add_unit(b: FlowBuilder, unit: Unit) -> None:
    text = clip_text(unit.text)
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
                name=step_names.tidy_name(text),
                kind="parallel_join",
                source=unit.source,
            )
        )
        return
    if b.parser and not (PARALLEL.search(text) and len(unit.children) >= 2):
        if NUMBER_LIST.search(text) and PARALLEL.search(text):
            parallel_numbers(b, unit, text)
            return
        if not REPEAT.search(text):
            add_parsed_unit(b, unit, text)
            return
    if PARALLEL.search(text):
        numbers = NUMBER_LIST.search(text)
        if numbers:
            split = b.add(
                Step(
                    id=b.new_id("p"),
                    name=step_names.tidy_name(text[: numbers.start()].rstrip(" :,"))
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
            add_parallel(b, unit, text.rstrip(":"), unit.children)
            return
        body = PARALLEL.sub("", text).strip(" ,;:")
        clauses = [c for c in CLAUSE_SPLIT.split(body) if c.strip()]
        if len(clauses) >= 2:
            add_parallel(b, unit, "Start in parallel", clauses)
            return
        if re.match(
            r"^\s*(?:at the same time|meanwhile|(?:in the )?meantime|simultaneously|in parallel)",
            text,
            re.I,
        ) and beside_previous(b, unit, text):
            return
    repeat = REPEAT.search(text)
    if repeat:
        before = text[: repeat.start()].strip(" ,;.")
        loop_to: str | None = None
        if before:
            loop_to = add_text_task(b, before, unit)
        target = repeat.group("from")
        back = loop_to or (b.pending[0][0] if b.pending else None)
        decision = b.add(
            Step(
                id=b.new_id("d"),
                name=step_names.tidy_name(repeat.group("cond").strip() + "?"),
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
    sentences = [s.strip() for s in SENTENCES.split(text) if s.strip()]
    lead: list[str] = []
    rest: list[str] = []
    for sentence in sentences:
        if rest or IF.match(sentence) or OTHERWISE.match(sentence):
            rest.append(sentence)
        else:
            lead.append(sentence)
    branches = read_branches(
        rest, unit.children if (rest or (lead and lead[-1].endswith("?"))) else []
    )
    question = lead[-1] if lead and lead[-1].endswith("?") and branches else None
    action = lead[:-1] if question else lead
    if action:
        first = " ".join(action) if unit.from_list else action[0]
        if branches or question:
            add_text_task(b, action[0], unit)
        else:
            add_body(
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
        add_decision(b, unit, question, branches)


def add_parsed_unit(b: FlowBuilder, unit: Unit, text: str) -> None:
    """A list item or sentence read through the parse, with its sub-items."""
    label = ROLE_LABEL.match(text)
    if label and role_name(label.group("role")) and not unit.actor:
        unit.actor = clean_actor(label.group("role").split())
        text = label.group("rest")
    if unit.whole:
        add_whole(b, unit, text)
        return
    children = unit.children
    sentences = [s.strip() for s in SENTENCES.split(text) if s.strip()]
    asked = next((i for i, s in enumerate(sentences) if s.endswith("?")), None)
    if asked is not None:
        rest = sentences[asked + 1 :]
        branches = read_branches(rest, children)
        every_child_a_case = rest or len(branches) >= len(children)
        if branches and every_child_a_case and all(IF.match(s) or OTHERWISE.match(s) for s in rest):
            if asked:
                steps.add_doc(b, unit, parse_text(b, " ".join(sentences[:asked])))
            add_decision(b, unit, sentences[asked], branches)
            return
        if not rest and _question_over_actions(sentences[asked], children):
            if asked:
                steps.add_doc(b, unit, parse_text(b, " ".join(sentences[:asked])))
            _question_with_answers(b, unit, sentences[asked])
            return
        answer_follows = not any(IF.match(s) or OTHERWISE.match(s) for s in rest)
        if rest and answer_follows and not children and not _WH_QUESTION.match(sentences[asked]):
            # "Still in doubt? Ask Janani in #team-people-and-ops.": the answer to "yes" follows
            if asked:
                steps.add_doc(b, unit, parse_text(b, " ".join(sentences[:asked])))
            answered = replace(unit, children=[" ".join(rest)])
            _question_with_answers(b, answered, sentences[asked])
            return
    before = len(b.steps)
    steps.add_doc(b, unit, parse_text(b, text))
    bypass = condition_over_children(b, before) if children else None
    actions = [c for c in children if has_action(b, c)]
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
            add_body(b, child, unit, None)
            exits.extend(b.pending)
        b.pending = exits
        b.add(Step(id=b.new_id("j"), name=JOIN_NAME, kind="parallel_join", source=unit.source))
    elif labelled_cases(children):
        add_case_decision(b, unit, children)
    elif children and actions:
        for child in children:
            add_body(b, child, unit, None)
    if bypass is not None:
        # the sub-items were the "yes" branch; "no" goes past them (an "Otherwise" may take it)
        b.open_else = OpenDecision(decision=bypass[0], label=bypass[1] or "no", taken=b.pending)
        b.pending = [*b.pending, bypass]


def add_whole(b: FlowBuilder, unit: Unit, text: str) -> None:
    """A table cell names one step as written; its words are not split into clauses."""
    doc = parse_text(b, text)
    verb = next((t for t in doc if t.pos_ == "VERB"), None)
    b.add(
        Step(
            id=b.new_id("s"),
            name=step_names.tidy_name(text) or "Step",
            actor=unit.actor or roles.match_duty(b.duties, text),
            action=(verb.lemma_ if verb is not None else "")[:60],
            systems=list(dict.fromkeys([*unit.systems, *system_names.find_systems(text)]))[:10],
            source=unit.source,
        )
    )


def _question_over_actions(question: str, children: list[str]) -> bool:
    """ "Accidentally used your personal card for a work-related expense?" over sub-items that
    say what to do (a FAQ): a yes/no question whose answer is the sub-items."""
    if _WH_QUESTION.match(question):
        return False
    return bool(children)


def _question_with_answers(b: FlowBuilder, unit: Unit, question: str) -> None:
    """The question as a decision: its sub-items on "yes", and "no" goes past them."""
    decision = nlp_decisions.add_decision(b, unit, step_names.tidy_name(question))
    b.pending = [(decision, "yes")]
    for child in unit.children:
        add_unit(b, replace(unit, text=child, children=[], number=None))
    b.open_else = OpenDecision(decision=decision, label="no", taken=b.pending)
    b.pending = [*b.pending, (decision, "no")]


_WH_QUESTION = re.compile(r"^(?:what|which|who|whom|whose|how|why|where|when)\b", re.I)

"""Parsed sentences into steps: tasks, decisions, parallel splits and loops on the builder.

Reads the clauses of each sentence in order. A condition opens a decision whose "yes" branch
is the actions after it (or the action it follows: "… if the amount exceeds 10,000"); an
"otherwise" clause, here or in the next sentence, fills its "no" branch, or else "no" simply
continues. Actions joined by "or" become a decision between them; actions said to happen "in
parallel", "meanwhile", "at the same time" or "while" another runs become a split and a join.
"until" loops back to the action it follows. Jumps ("go to step 4") are edges, never tasks.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from symphainy.operations import jumps, step_names, system_names
from symphainy.operations.flow import END_ID, JOIN_NAME, START_ID, FlowBuilder, OpenDecision
from symphainy.operations.graph import Step
from symphainy.operations.nlp import imperative, roles
from symphainy.operations.nlp.actors import actor_phrase
from symphainy.operations.nlp.clause import Clause
from symphainy.operations.nlp.clauses import read_sentence
from symphainy.operations.nlp.cues import nominal_action
from symphainy.operations.reading import Unit


@dataclass
class _Open:
    decision: str
    other: str
    body_exits: list[tuple[str, str | None]] | None = None
    else_seen: bool = False


def _question(clause: Clause) -> str:
    text = clause.text.strip(" ,;:.()")
    if clause.marker == "should":
        text = re.sub(r"^(?:should|were|had)\s+", "", text, flags=re.I)
        text = re.sub(r"\bbe\b", "is", text, count=1)
    elif clause.marker == "depending on":
        text = re.sub(r"^(?:depending on|based on)\s+", "", text, flags=re.I)
        text = f"Which case applies for {text}"
    else:
        text = re.sub(
            r"^(?:and\s+|but\s+|or\s+)?(?:only\s+)?(?:if|unless|whether|in case of|in case|"
            r"in the case of|in the case that|in the event of|in the event that|where|when|"
            r"whenever|provided(?: that)?)\s+",
            "",
            text,
            flags=re.I,
        )
        text = re.sub(r",?\s*then$", "", text, flags=re.I)
    return step_names.tidy_name(text.rstrip("?") + "?")


def _actor(b: FlowBuilder, unit: Unit, clause: Clause) -> str | None:
    if clause.actor:
        return clause.actor
    if unit.actor:
        return unit.actor
    if clause.pronoun in ("i", "we"):
        # the writer: the role the text gave them ("I am the head of …"), else unnamed
        return b.narrator or (b.last_actor if clause.pronoun == "i" else None)
    if clause.pronoun in ("he", "she", "they", "it") and not clause.passive:
        return b.last_actor
    # an instruction ("you", or no subject): whoever the text says does this
    addressed = b.addressee[1] if b.addressee and b.addressee[0] == _section(unit) else None
    return roles.match_duty(b.duties, clause.name) or roles.raci_actor(b, clause.name) or addressed


def _section(unit: Unit) -> str:
    return unit.source.section if unit.source else ""


def add_task(b: FlowBuilder, unit: Unit, clause: Clause) -> str | None:
    """One action clause as a task, or the jump/end it states instead."""
    text = clause.text
    jump = jumps.GOTO.search(text)
    if jump:
        b.goto(jump.group("n"))
        return None
    if jumps.END_CLAUSE.match(text.strip()):
        b.land(END_ID)
        return None
    back = jumps.BACK_TO.search(text)
    if back:
        target = _earlier_step(b, back.group("what"))
        if target is not None:
            for source, condition in b.pending:
                b.edge(source, target, condition)
            b.pending = []
            return None
    if not clause.name or jumps.CONTINUE_ONLY.match(clause.name):
        return None
    actor = _actor(b, unit, clause)
    systems = list(dict.fromkeys([*unit.systems, *system_names.find_systems(text)]))
    if actor in systems:
        systems.remove(actor)
    step = Step(
        id=b.new_id("s"),
        name=step_names.tidy_name(clause.name) or "Step",
        actor=actor,
        action=clause.verb[:60],
        systems=systems[:10],
        source=unit.source,
    )
    obj = step_names.object_after(clause.name, clause.name.split(" ", 1)[0])
    if obj:
        if clause.verb in step_names.INPUT_VERBS:
            step.inputs.append(obj[:200])
        if clause.verb in step_names.OUTPUT_VERBS:
            step.outputs.append(obj[:200])
    return b.add(step)


def _earlier_step(b: FlowBuilder, what: str) -> str | None:
    words = roles.words(what)
    for step in reversed(b.steps):
        if step.kind == "task" and words & roles.words(step.name):
            return step.id
    return None


def _decision(b: FlowBuilder, unit: Unit, name: str, actor: str | None = None) -> str:
    return b.add(
        Step(
            id=b.new_id("d"),
            name=name[:300],
            kind="decision",
            actor=actor or unit.actor or b.last_actor,
            source=unit.source,
        )
    )


def _alternatives(b: FlowBuilder, unit: Unit, group: list[Clause]) -> None:
    names = [step_names.tidy_name(c.name, 60) for c in group]
    decision = _decision(b, unit, step_names.tidy_name(" or ".join(names) + "?"))
    exits: list[tuple[str, str | None]] = []
    for clause, label in zip(group, names, strict=True):
        b.pending = [(decision, label[:300])]
        task = add_task(b, unit, clause)
        if task is not None and b.step(decision).actor is None:
            b.step(decision).actor = b.step(task).actor  # who chooses: who does the first
        exits.extend(b.pending)
    b.pending = exits


def _parallel(b: FlowBuilder, unit: Unit, group: list[Clause]) -> None:
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
    for clause in group:
        b.pending = [(split, None)]
        add_task(b, unit, clause)
        exits.extend(b.pending)
    b.pending = exits
    b.add(Step(id=b.new_id("j"), name=JOIN_NAME, kind="parallel_join", source=unit.source))


def with_previous(b: FlowBuilder, unit: Unit, clause: Clause) -> bool:
    """ "At the same time, X": run X beside the step just before it."""
    previous = b.open_beside_previous(unit.source)
    if previous is None:
        return False
    add_task(b, unit, clause)
    b.join_beside(previous, unit.source)
    return True


def _reorder(clauses: list[Clause]) -> list[Clause]:
    """A condition stated after its action ("… if X") moves before that action."""
    out = list(clauses)
    for clause in clauses:
        if clause.kind != "condition" or clause.governs < 0:
            continue
        position = out.index(clause)
        target = next((c for c in out if c.head == clause.governs and c.kind == "action"), None)
        if target is None:
            # governed by a word that is no step: the condition is on the action before it
            target = next((c for c in reversed(out[:position]) if c.kind == "action"), None)
        if target is None or out.index(target) > position:
            continue
        out.remove(clause)
        out.insert(out.index(target), clause)
    return out


_ASKING_AUX = frozenset(
    {"is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "could", "will"}
)


def _yes_no_question(sentence: Span) -> Clause | None:
    """ "Is there no IC on the call?" as a step (a sub-item or a sentence of its own) is a
    check with a yes and a no: a decision, even with no "if"."""
    words = [t for t in sentence if not t.is_punct]
    if not words or words[0].lower_ not in _ASKING_AUX or not sentence.text.rstrip().endswith("?"):
        return None
    return Clause(
        kind="condition",
        start=sentence.start,
        end=sentence.end,
        text=sentence.text.strip(),
        marker="question",
        head=sentence.root.i,
    )


def _narrator(b: FlowBuilder, sentence: Span) -> bool:
    """ "I am the head of the department": first-person steps are that role's."""
    root = sentence.root
    if root.lemma_ != "be":
        return False
    subject = [c for c in root.children if c.dep_ == "nsubj" and c.lower_ in ("i", "we")]
    attr = [c for c in root.children if c.dep_ == "attr"]
    if subject and attr:
        role = actor_phrase(attr[0])
        if role:
            b.narrator = role
            b.last_actor = role
            return True
    return False


def add_sentence(b: FlowBuilder, unit: Unit, sentence: Span) -> int:
    """Steps for one parsed sentence; returns how many actions and decisions it held."""
    if _narrator(b, sentence):
        return 0
    role = roles.addressee(sentence)
    if role:
        b.addressee = (_section(unit), role)
    clauses = _reorder(read_sentence(sentence))
    if not any(c.kind in ("action", "else", "condition", "until", "jump") for c in clauses):
        asked = _yes_no_question(sentence)
        if asked is not None:
            clauses = [asked]
    if not any(c.kind in ("action", "else", "condition", "until", "jump") for c in clauses):
        nominal = nominal_action(sentence)
        if nominal is None:
            for clause in clauses:
                if jumps.END_CLAUSE.match(clause.text.strip()):
                    b.land(END_ID)
            return 0
        clauses = [nominal]
    has_else = any(c.kind == "else" for c in clauses)
    if has_else and not any(c.kind == "condition" for c in clauses):
        # "I ask for corrections, otherwise I approve": the two actions are the alternatives
        for before, after in itertools.pairwise(clauses):
            acted = before.kind == "action" and bool(before.name)
            if acted and after.kind == "else" and after.name and not _only_negation(after):
                after.kind = "action"
                after.alternative = True
        has_else = any(c.kind == "else" for c in clauses)
    if has_else:
        for clause in clauses:
            if clause.kind == "action" and clause.marker == "when":
                clause.kind = "condition"
                break
    if clauses[0].kind not in ("else", "condition"):
        b.open_else = None
    actions = [c for c in clauses if c.kind == "action" and c.name]
    parallel = any(c.kind == "while" for c in clauses) or any(c.parallel for c in actions)
    conditional = any(c.kind in ("condition", "else", "until") for c in clauses)
    if parallel and not conditional:
        group = [c for c in clauses if c.kind in ("action", "while") and c.name]
        if len(group) >= 2:
            _parallel(b, unit, group)
            return len(group)
        if len(group) == 1 and with_previous(b, unit, group[0]):
            return 1
    return _sequence(b, unit, clauses)


def _sequence(b: FlowBuilder, unit: Unit, clauses: list[Clause]) -> int:
    count = 0
    current: _Open | None = None
    deferred: list[tuple[str, str | None]] = []
    by_head: dict[int, str] = {}
    index = 0
    while index < len(clauses):
        clause = clauses[index]
        index += 1
        if clause.kind == "jump" and clause.marker == "otherwise":
            current = _enter_else(b, unit, current, clause, by_head)
            add_task(b, unit, clause)
            continue
        if clause.kind == "jump":
            add_task(b, unit, clause)
            continue
        if clause.kind == "meta":
            if jumps.END_CLAUSE.match(clause.text.strip()):
                b.land(END_ID)
            continue
        if (
            clause.kind == "condition"
            and index == 1
            and b.open_else is not None
            and _same_topic(b.step(b.open_else.decision).name, _question(clause))
        ):
            # "If A is x, … . If A is y, … .": the second condition is the other branch of the
            # first; the decision then names both cases
            opened = b.open_else
            b.open_else = None
            b.bodyless = None
            current = _Open(
                decision=opened.decision, other="", body_exits=opened.taken, else_seen=True
            )
            _name_cases(b, opened.decision, _question(clause))
            b.pending = [(opened.decision, _question(clause).rstrip("?")[:300].lower())]
            continue
        if clause.kind == "condition":
            if current is not None and current.else_seen and index > 1:
                # a condition inside an "otherwise" branch ("If not, we leave him alone, except
                # if the budget is huge") nests there; the "yes" exits join after the sentence
                deferred.extend(current.body_exits or [])
            else:
                _close(b, current)
            body, other = ("no", "yes") if clause.marker == "unless" else ("yes", "no")
            chooser = _actor(b, unit, clause) if clause.actor or clause.pronoun else None
            decision = _decision(b, unit, _question(clause), chooser)
            current = _Open(decision=decision, other=other)
            b.pending = [(decision, body)]
            count += 1
            continue
        if clause.kind == "else":
            current = _enter_else(b, unit, current, clause, by_head)
            if clause.name and not _only_negation(clause):
                head = add_task(b, unit, clause)
                if head:
                    by_head[clause.head] = head
                    count += 1
            continue
        if clause.kind == "until":
            target = by_head.get(clause.governs) or _last_task(b)
            if target is not None:
                decision = _decision(b, unit, _question(clause))
                b.edge(decision, target, "no")
                b.pending = [(decision, "yes")]
                count += 1
            continue
        if clause.kind not in ("action", "while") or not clause.name:
            continue
        group = [clause]
        while (
            index < len(clauses) and clauses[index].kind == "action" and clauses[index].alternative
        ):
            group.append(clauses[index])
            index += 1
        if len(group) >= 2:
            _alternatives(b, unit, group)
            count += len(group) + 1
            continue
        head = add_task(b, unit, clause)
        if head:
            by_head[clause.head] = head
            count += 1
    _close(b, current, sentence_end=True)
    b.pending = b.pending + deferred
    return count


_PERSONS = frozenset({"you", "we", "i", "he", "she", "someone", "anyone"})
_CASES = "Which case applies: "


def _topic(question: str) -> list[str]:
    words = re.findall(r"[\w'-]+", question.lower().removeprefix(_CASES.lower()))
    return [w for w in words if w not in ("the", "a", "an", "this", "that", "your", "its")]


def _same_topic(first: str, second: str) -> bool:
    """Two conditions in a row are cases of one decision when they speak of the same thing:
    "If the amount is below … / If the amount is above …", "If autoclaving liquids … / If
    autoclaving waste …"; "If you are unsure … / If you lose the receipt …" are two decisions."""
    a, b = _topic(first.split(" / ")[0]), _topic(second)
    if not a or not b or a[0] != b[0]:
        return False
    if a[0] in _PERSONS:
        return len(a) > 1 and len(b) > 1 and a[1] == b[1]
    return True


def _name_cases(b: FlowBuilder, decision: str, question: str) -> None:
    step = b.step(decision)
    if step.name.startswith(_CASES) or not step.name.endswith("?"):
        return
    step.name = step_names.tidy_name(f"{step.name.rstrip('?')} / {question}", 300)


def _enter_else(
    b: FlowBuilder, unit: Unit, current: _Open | None, clause: Clause, by_head: dict[int, str]
) -> _Open | None:
    """Start the "otherwise" branch of the nearest open decision.

    With none open, "The clerk checks the documents; otherwise … go to step 2" makes the
    check's outcome the decision: as expected, the flow continues; if not, the branch runs.
    """
    if current is not None and not current.else_seen:
        current.body_exits = b.pending
        current.else_seen = True
        b.pending = [(current.decision, current.other)]
        return current
    if b.open_else is not None:
        opened = b.open_else
        b.open_else = None
        b.bodyless = None
        b.pending = [(opened.decision, opened.label)]
        return _Open(
            decision=opened.decision, other=opened.label, body_exits=opened.taken, else_seen=True
        )
    previous = b.step(b.pending[0][0]) if len(b.pending) == 1 else None
    asked = _ASKED.search(previous.name) if previous is not None else None
    if (
        previous is not None
        and previous.kind == "task"
        and (previous.id in by_head.values() or asked is not None)
    ):
        # "The manager checks whether the budget is sufficient. If this is not the case, …":
        # the check's question is the decision
        question = asked.group(1) if asked else f"{previous.name}: as expected"
        decision = _decision(b, unit, step_names.tidy_name(question.rstrip(" ?.") + "?"))
        b.pending = [(decision, "no")]
        return _Open(decision=decision, other="no", body_exits=[(decision, "yes")], else_seen=True)
    b.notes.append(
        f"“{step_names.tidy_name(clause.text, 80)}” has no decision before it; "
        "it was read as a plain step"
    )
    return current


_ASKED = re.compile(r"\b(?:whether|if)\s+(.{3,})$", re.I)


def _only_negation(clause: Clause) -> bool:
    """ "If it is not, …" / "If not, …": the branch marker itself, no work named."""
    return clause.verb in ("be", "do", "have") or len(clause.name.split()) <= 1


def _close(b: FlowBuilder, current: _Open | None, sentence_end: bool = False) -> None:
    if current is None:
        return
    if current.else_seen:
        b.pending = b.pending + list(current.body_exits or [])
        return
    taken = list(b.pending)
    if sentence_end:
        b.open_else = OpenDecision(decision=current.decision, label=current.other, taken=taken)
        if len(taken) == 1 and taken[0][0] == current.decision:
            b.bodyless = (current.decision, current.other)
            return
    b.pending = [*taken, (current.decision, current.other)]


def _last_task(b: FlowBuilder) -> str | None:
    for step in reversed(b.steps):
        if step.kind == "task":
            return step.id
    return None


def add_doc(b: FlowBuilder, unit: Unit, doc: Doc) -> int:
    """Every sentence of a parsed unit, in order."""
    return sum(add_sentence(b, unit, imperative.imperative(sentence)) for sentence in doc.sents)


__all__ = ["START_ID", "add_doc", "add_sentence", "add_task", "with_previous"]

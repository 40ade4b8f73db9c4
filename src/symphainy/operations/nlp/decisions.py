"""The decisions of a sentence's steps: their questions, an "otherwise" finding the decision it
belongs to, and the exits a decision leaves open when its sentence ends."""

from __future__ import annotations

import re
from dataclasses import dataclass

from symphainy.operations import step_names
from symphainy.operations.flow import FlowBuilder, OpenDecision
from symphainy.operations.graph import Step
from symphainy.operations.nlp import roles
from symphainy.operations.nlp.clause import Clause
from symphainy.operations.reading import Unit


@dataclass
class OpenBranch:
    decision: str
    other: str
    body_exits: list[tuple[str, str | None]] | None = None
    else_seen: bool = False


def question(clause: Clause) -> str:
    """The decision's name: the condition asked as a question ("The amount exceeds 500?")."""
    text = clause.text.strip(" ,;:.()")
    if clause.marker == "should":
        text = re.sub(r"^(?:should|were|had)\s+", "", text, flags=re.I)
        text = re.sub(r"\bbe\b", "is", text, count=1)
    elif clause.marker == "deadline":
        # "All of this must be completed by 2:30 pm, otherwise" -> "All of this is completed …?"
        text = re.sub(r"[,;]?\s*(?:otherwise|else)$", "", text, flags=re.I)
        text = re.sub(r"\b(?:must|should|shall|has to|have to|needs? to) be\b", "is", text)
    elif clause.marker == "depending on":
        text = re.sub(r"^(?:depending on|based on)\s+", "", text, flags=re.I)
        text = f"Which case applies for {text}"
    else:
        text = re.sub(
            r"^(?:and\s+|but\s+|or\s+)?(?:only\s+)?(?:if|unless|whether|in case of|in case|"
            r"in the case of|in the case that|in the case|in the event of|in the event that|"
            r"in the event|where|when|"
            r"whenever|provided(?: that)?)\s+",
            "",
            text,
            flags=re.I,
        )
        text = re.sub(r",?\s*then$", "", text, flags=re.I)
    return step_names.tidy_name(text.rstrip("?") + "?")


def add_decision(b: FlowBuilder, unit: Unit, name: str, actor: str | None = None) -> str:
    """A decision step, by ``actor`` or whoever the unit or the text last named."""
    return b.add(
        Step(
            id=b.new_id("d"),
            name=name[:300],
            kind="decision",
            actor=actor or unit.actor or b.last_actor,
            source=unit.source,
        )
    )


_PERSONS = frozenset({"you", "we", "i", "he", "she", "someone", "anyone"})
_CASES = "Which case applies: "


def _topic(question: str) -> list[str]:
    words = re.findall(r"[\w'-]+", question.lower().removeprefix(_CASES.lower()))
    return [w for w in words if w not in ("the", "a", "an", "this", "that", "your", "its")]


def same_topic(first: str, second: str) -> bool:
    """Two conditions in a row are cases of one decision when they speak of the same thing:
    "If the amount is below … / If the amount is above …", "If autoclaving liquids … / If
    autoclaving waste …"; "If you are unsure … / If you lose the receipt …" are two decisions."""
    a, b = _topic(first.split(" / ")[0]), _topic(second)
    if not a or not b or a[0] != b[0]:
        return False
    if a[0] in _PERSONS:
        return len(a) > 1 and len(b) > 1 and a[1] == b[1]
    return True


def name_cases(b: FlowBuilder, decision: str, question: str) -> None:
    """ "If A is x … If A is y …": the decision is named by both cases."""
    step = b.step(decision)
    if step.name.startswith(_CASES) or not step.name.endswith("?"):
        return
    step.name = step_names.tidy_name(f"{step.name.rstrip('?')} / {question}", 300)


def enter_else(
    b: FlowBuilder, unit: Unit, current: OpenBranch | None, clause: Clause, by_head: dict[int, str]
) -> OpenBranch | None:
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
        return OpenBranch(
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
        asked_about = asked.group(1) if asked else f"{previous.name}: as expected"
        decision = add_decision(b, unit, step_names.tidy_name(asked_about.rstrip(" ?.") + "?"))
        b.pending = [(decision, "no")]
        return OpenBranch(
            decision=decision, other="no", body_exits=[(decision, "yes")], else_seen=True
        )
    b.notes.append(
        f"“{step_names.tidy_name(clause.text, 80)}” has no decision before it; "
        "it was read as a plain step"
    )
    return current


_ASKED = re.compile(r"\b(?:whether|if)\s+(.{3,})$", re.I)


def only_negation(clause: Clause) -> bool:
    """ "If it is not, …" / "If not, …": the branch marker itself, no work named."""
    return clause.verb in ("be", "do", "have") or len(clause.name.split()) <= 1


def close(b: FlowBuilder, current: OpenBranch | None, sentence_end: bool = False) -> None:
    """Leave the decision's other exit open for the next step, or for an "otherwise" to come."""
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


def restated_alternative(b: FlowBuilder, clause: Clause) -> str | None:
    """The alternative step (an exit still open after an "A or B" decision) that a leading
    condition restates: same verb, and most of the step's words in the condition."""
    if clause.kind != "condition" or clause.marker == "unless" or clause.negated:
        return None
    if len(b.pending) < 2 or any(condition is not None for _s, condition in b.pending):
        return None
    said = roles.words(clause.text)
    scored: list[tuple[float, str]] = []
    for source, _condition in b.pending:
        step = b.step(source)
        came_from = [s for s in b.steps if any(e.to == source for e in s.next)]
        alternative = step.kind == "task" and any(s.kind == "decision" for s in came_from)
        named = roles.words(step.name.split(" ", 1)[1] if " " in step.name else "")
        if not alternative or step.action != clause.verb or not named:
            scored.append((0.0, source))
            continue
        scored.append((len(named & said) / len(named), source))
    scored.sort(reverse=True)
    best, runner_up = scored[0][0], scored[1][0]
    return scored[0][1] if best >= 0.75 and best > runner_up else None

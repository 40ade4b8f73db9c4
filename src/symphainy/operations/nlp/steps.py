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

from spacy.tokens import Doc, Span

from symphainy.operations import jumps, step_names, system_names
from symphainy.operations.flow import END_ID, JOIN_NAME, START_ID, FlowBuilder
from symphainy.operations.graph import Step
from symphainy.operations.nlp import imperative, roles
from symphainy.operations.nlp.actors import actor_phrase
from symphainy.operations.nlp.clause import Clause
from symphainy.operations.nlp.clauses import read_sentence
from symphainy.operations.nlp.cues import nominal_action
from symphainy.operations.nlp.decisions import (
    OpenBranch,
    add_decision,
    close,
    enter_else,
    name_cases,
    only_negation,
    question,
    restated_alternative,
    same_topic,
)
from symphainy.operations.reading import Unit


def _actor(b: FlowBuilder, unit: Unit, clause: Clause) -> str | None:
    if clause.actor:
        return clause.actor
    if unit.actor:
        return unit.actor
    if clause.pronoun in ("i", "we"):
        # the writer: the role the text gave them ("I am the head of …"), else unnamed
        return b.narrator or (b.last_actor if clause.pronoun == "i" else None)
    if clause.pronoun in ("he", "she", "they") and not clause.passive:
        return b.agreeing_actor(clause.pronoun)
    if clause.pronoun == "it" and not clause.passive:
        # "it" is a system or a unit, never a group of people ("one of my masters …; it")
        return None if b.last_actor in b.plural_actors else b.last_actor
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
    target = _repeated(b, clause)
    if back or target:
        target = target or _earlier_step(b, back.group("what") if back else "")
        if target is not None:
            for source, condition in b.pending:
                b.edge(source, target, condition)
            b.pending = []
            return None
    if not clause.name or jumps.CONTINUE_ONLY.match(clause.name):
        return None
    actor = _actor(b, unit, clause)
    if actor and clause.actor == actor and clause.plural:
        b.plural_actors.add(actor)
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
    added = b.add(step)
    partners = [p for p in clause.also if p != actor] if clause.actor == actor else []
    if partners:
        b.beside_partners(step, partners)
    return added


def _repeated(b: FlowBuilder, clause: Clause) -> str | None:
    """ "… it is sent back to the claims officer and the recommendation is repeated": a loop back
    to the earlier step it names, when a decision since that step gives the loop a way out."""
    if clause.verb != "repeat" or " " not in clause.name:
        return None
    said = roles.words(clause.name.split(" ", 1)[1])
    shared = [(len(said & roles.words(s.name)), s.id) for s in b.steps if s.kind == "task"]
    best = max((n for n, _id in shared), default=0)
    # the first step that made what is repeated ("write a recommendation", then "check" it)
    target = next((sid for n, sid in shared if n == best), None) if best else None
    if target is None:
        return None
    since = b.steps[[s.id for s in b.steps].index(target) :]
    return target if any(s.kind == "decision" for s in since) else None


def _earlier_step(b: FlowBuilder, what: str) -> str | None:
    words = roles.words(what)
    for step in reversed(b.steps):
        if step.kind == "task" and words & roles.words(step.name):
            return step.id
    return None


def _alternatives(b: FlowBuilder, unit: Unit, group: list[Clause]) -> None:
    names = [step_names.tidy_name(c.name, 60) for c in group]
    decision = add_decision(b, unit, step_names.tidy_name(" or ".join(names) + "?"))
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


_DEADLINE = re.compile(
    r"^(?:all of )?(?:this|that|it|these|everything|all)\b.*\b(?:by|before|within)\b", re.I
)
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


_WH_WORDS = frozenset({"what", "when", "where", "which", "who", "whom", "whose", "how", "why"})


def _asks_for_information(sentence: Span) -> bool:
    """ "What type of leave are you requesting?", "How many weeks …?": a question asking for
    information (a form's or a questionnaire's), neither a step nor a yes/no decision."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    if not words or not sentence.text.rstrip().endswith("?"):
        return False
    if words[0].lower_ in _WH_WORDS:
        return True
    # "Are you taking leave consecutively or intermittently?": a choice between answers
    lowered = [t.lower_ for t in words]
    return (
        words[0].lower_ in _ASKING_AUX
        and "or" in lowered
        and lowered[lowered.index("or") + 1 : lowered.index("or") + 2] != ["not"]
        and not any(t.dep_ == "conj" and t.pos_ == "VERB" for t in words)
    )


def _thanks(sentence: Span) -> bool:
    """ "Thank you for improving …", "Thanks for reporting …": courtesy, not a step ("Thank
    the reporter" is one)."""
    words = [t.lower_ for t in sentence if not t.is_punct][:2]
    return words[:2] == ["thank", "you"] or words[:1] == ["thanks"]


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
    if _narrator(b, sentence) or _asks_for_information(sentence) or _thanks(sentence):
        return 0
    role = roles.addressee(sentence)
    if role:
        b.addressee = (_section(unit), role)
    b.able.update(roles.able(sentence))
    purpose = roles.leading_purpose(sentence)
    if purpose in b.able:
        # "Existing Collaborators can nominate …. To nominate a new Collaborator, open an
        # issue": the instructions for doing what a role can do are that role's
        b.addressee = (_section(unit), b.able[purpose])
    clauses = _reorder(read_sentence(sentence))
    for said in [c for c in clauses if c.marker == "restates" and c.actor]:
        b.restated_by(said.actor or "")  # "That is done by X": the step before is X's
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
    for before, after in itertools.pairwise(clauses):
        checked = before.kind == "action" and after.kind == "else" and before.passive
        if has_else and checked and _DEADLINE.match(before.text.strip()):
            # "All of this must be completed by 2:30 pm; if it is not, …": a check on the steps
            # before, not a step of its own
            before.kind, before.marker = "condition", "deadline"
    if has_else and not any(c.kind == "condition" for c in clauses):
        # "I ask for corrections, otherwise I approve": the two actions are the alternatives
        for before, after in itertools.pairwise(clauses):
            acted = before.kind == "action" and bool(before.name)
            if acted and after.kind == "else" and after.name and not only_negation(after):
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


def _same_sentence_pronouns(clauses: list[Clause]) -> None:
    """ "When the DM reviews a request, they focus on …": a "he/she/they" right after the
    sentence's subordinate clause stands for that clause's subject (a singular "they"
    included), not for an actor of an earlier sentence."""
    named: str | None = None
    for clause in clauses:
        words = clause.text.lower().split()
        subordinate = clause.kind == "condition" or (words and words[0] in _SUBORDINATORS)
        if clause.actor and not clause.pronoun and subordinate and not clause.plural:
            named = clause.actor
        elif clause.pronoun in ("he", "she", "they") and not clause.passive and named:
            clause.actor = named
            named = None
        else:
            named = None


_SUBORDINATORS = frozenset({"when", "whenever", "once", "after", "before", "if", "unless"})


def _sequence(b: FlowBuilder, unit: Unit, clauses: list[Clause]) -> int:
    _same_sentence_pronouns(clauses)
    count = 0
    current: OpenBranch | None = None
    deferred: list[tuple[str, str | None]] = []
    by_head: dict[int, str] = {}
    index = 0
    while index < len(clauses):
        clause = clauses[index]
        index += 1
        if clause.kind == "jump" and clause.marker == "otherwise":
            current = enter_else(b, unit, current, clause, by_head)
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
            and same_topic(b.step(b.open_else.decision).name, question(clause))
        ):
            # "If A is x, … . If A is y, … .": the second condition is the other branch of the
            # first; the decision then names both cases
            opened = b.open_else
            b.open_else = None
            b.bodyless = None
            current = OpenBranch(
                decision=opened.decision, other="", body_exits=opened.taken, else_seen=True
            )
            name_cases(b, opened.decision, question(clause))
            b.pending = [(opened.decision, question(clause).rstrip("?")[:300].lower())]
            continue
        restated = restated_alternative(b, clause) if index == 1 and current is None else None
        if restated is not None:
            # "The MPON confirms or rejects it. If the MPON confirms it, …": the condition names
            # one of the alternatives just drawn; what follows goes on from that alternative
            deferred.extend(e for e in b.pending if e[0] != restated)
            b.pending = [(restated, None)]
            continue
        if clause.kind == "condition":
            if current is not None and current.else_seen and index > 1:
                # a condition inside an "otherwise" branch ("If not, we leave him alone, except
                # if the budget is huge") nests there; the "yes" exits join after the sentence
                deferred.extend(current.body_exits or [])
            elif (
                current is not None
                and not current.else_seen
                and len(b.pending) == 1
                and b.pending[0][0] == current.decision
            ):
                # a second condition on the same action ("When not in use, store it in the
                # cabinet unless it needs special treatment"): it is asked on the first one's
                # way in, and the first one's other way skips the action
                deferred.append((current.decision, current.other))
            else:
                close(b, current)
            body, other = ("no", "yes") if clause.marker == "unless" else ("yes", "no")
            chooser = _actor(b, unit, clause) if clause.actor or clause.pronoun else None
            asked = question(clause)
            earlier = _last_task(b) if _REFERS_BACK.match(asked) else None
            if earlier is not None:
                # "You may also schedule a pickup. If so, …": the condition is the step before
                asked, chooser = step_names.tidy_name(b.step(earlier).name + "?"), None
            decision = add_decision(b, unit, asked, chooser)
            current = OpenBranch(decision=decision, other=other)
            b.pending = [(decision, body)]
            count += 1
            continue
        if clause.kind == "else":
            current = enter_else(b, unit, current, clause, by_head)
            if clause.name and not only_negation(clause):
                head = add_task(b, unit, clause)
                if head:
                    by_head[clause.head] = head
                    count += 1
            continue
        if clause.kind == "until":
            target = by_head.get(clause.governs) or _last_task(b)
            if target is not None:
                decision = add_decision(b, unit, question(clause))
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
    close(b, current, sentence_end=True)
    b.pending = b.pending + deferred
    return count


# "If so, …", "If yes, …": a condition that only points back at what was said before
_REFERS_BACK = re.compile(r"^(?:so|yes)\?$", re.I)


def _last_task(b: FlowBuilder) -> str | None:
    for step in reversed(b.steps):
        if step.kind == "task":
            return step.id
    return None


def add_doc(b: FlowBuilder, unit: Unit, doc: Doc) -> int:
    """Every sentence of a parsed unit, in order.

    A condition standing alone ("Is this a usage question?") waits for its body; when the next
    sentence of the same item is that body ("Close it."), its "no" goes on after the item
    instead of skipping the next one."""
    total = 0
    waiting: tuple[str, str | None] | None = None
    for sentence in doc.sents:
        before = b.bodyless
        read = imperative.imperative(imperative.bare_subject(sentence))
        read = imperative.comma_after_condition(read)
        added = add_sentence(b, unit, imperative.verbless(read))
        total += added
        if b.bodyless is not None and b.bodyless != before:
            waiting = b.bodyless
        elif waiting is not None and b.bodyless == waiting and added:
            b.bodyless = None
            b.pending = [*b.pending, waiting]
            waiting = None
    return total


__all__ = ["START_ID", "add_doc", "add_sentence", "add_task", "with_previous"]

"""Cues the parse alone does not settle: jumps, verbless or misattached conditions, a stray
"otherwise", "or" the parser hung on a noun, "depending on …", and verbless actions."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from symphainy.operations.jumps import GOTO
from symphainy.operations.nlp.actors import actor_phrase
from symphainy.operations.nlp.clause import Clause

_DEPENDING = re.compile(r"^(?:depending on|depending upon)\b", re.I)


def jumps_in(sentence: Span) -> list[tuple[int, int, str]]:
    """Token ranges of "go to step N" phrases: edges, kept out of every clause's words."""
    out = []
    for match in GOTO.finditer(sentence.text):
        span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end, match.group(0)))
    return out


def or_before(verb: Token) -> bool:
    """ "The GO rejects the … of the MSPO or the GO confirms …": the parser may hang "or" on
    the noun before; an "or" between the two verbs with no other verb between still joins them."""
    for token in reversed(list(verb.doc[verb.head.i + 1 : verb.i])):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return False
        if token.lower_ == "or" and token.dep_ == "cc":
            return True
        if token.lower_ == "and" and token.dep_ == "cc":
            return False
    return False


def loose_conditions(sentence: Span, inside: set[int]) -> list[Clause]:
    """Conditions the parser did not give a verb of their own.

    "Start the voice call if not already in progress": "if" hangs on a phrase. "If
    autoclaving liquids, take the items out": "if" hangs on the main verb while the condition is
    the clause between them. Both become condition clauses on the action they belong to.
    """
    out: list[Clause] = []
    for token in sentence:
        if token.i in inside:
            continue
        head = token.head
        # "When in doubt, ask your team lead": a leading "when" over a verbless phrase is a
        # condition like "if in doubt" ("When ready, …" says when, not whether)
        verbless_when = (
            token.lower_ in ("when", "whenever")
            and token.i == sentence.start
            and head.pos_ == "ADP"
        )
        if token.lower_ not in ("if", "unless") and not verbless_when:
            continue
        if head.pos_ in ("VERB", "AUX") and token.dep_ == "mark":
            between = [
                c
                for c in head.children
                if c.dep_ == "advcl"
                and token.i < c.i < head.i
                and not any(m.dep_ == "mark" for m in c.children)
            ]
            comma = next(
                (t for t in sentence.doc[token.i + 1 : head.i] if t.text in (",", ";")), None
            )
            if between:
                words = [token, *between[0].subtree]
            elif comma is not None and head.tag_ == "VB" and comma.i - token.i > 1:
                # "If autoclaving liquids, rinse the bin": "if" hung on the instruction after
                # the comma; the condition is what stands between them
                words = list(sentence.doc[token.i : comma.i])
            else:
                continue
            governs = head.i
        elif head.pos_ not in ("VERB", "AUX"):
            words = [t for t in head.subtree if t.i >= token.i]
            governor = head
            while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
                governor = governor.head
            governs = governor.i
        else:
            continue
        words = sorted({t.i: t for t in words}.values(), key=lambda t: t.i)
        inside.update(t.i for t in words)
        out.append(
            Clause(
                kind="condition",
                start=words[0].i,
                end=words[-1].i + 1,
                text="".join(t.text_with_ws for t in words).strip(" ,;:()"),
                marker="unless" if token.lower_ == "unless" or _after_except(token) else "if",
                governs=governs,
                head=words[-1].i,
            )
        )
    return out


def _after_except(token: Token) -> bool:
    """ "… except if the budget is huge": the action runs unless the condition holds."""
    return token.i > 0 and token.doc[token.i - 1].lower_ == "except"


def case_of(sentence: Span, inside: set[int]) -> list[Clause]:
    """ "In case of rejection, the employee receives a notice": "in case of" / "in the event of"
    with a noun is a condition on the action it hangs on, not part of that action."""
    out: list[Clause] = []
    for token in sentence:
        if token.lower_ != "of" or token.i in inside or token.i - sentence.start < 2:
            continue
        before = [t.lower_ for t in sentence.doc[max(sentence.start, token.i - 3) : token.i]]
        if before[-1] not in ("case", "event") or "in" not in before:
            continue
        start = token.i - len(before) + before.index("in")
        objects = [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        words = [*sentence.doc[start : token.i + 1], *objects[0].subtree]
        governor = sentence.doc[start].head
        while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
            governor = governor.head
        inside.update(t.i for t in words)
        out.append(
            Clause(
                kind="condition",
                start=start,
                end=words[-1].i + 1,
                text="".join(t.text_with_ws for t in words).strip(" ,;:()"),
                marker="in case",
                governs=governor.i,
                head=words[-1].i,
            )
        )
    return out


_NOT_KINDS = frozenset({"example", "instance", "more", "details", "information", "reference"})


def kind_of(sentence: Span, inside: set[int]) -> list[Clause]:
    """ "For minor incidents, we respond ourselves", "For Low and Moderate issues, …": a
    leading "for" with a qualified plural names the case the action is for, a condition."""
    first = sentence[0]
    if first.lower_ != "for" or first.i in inside:
        return []
    objects = [c for c in first.children if c.dep_ == "pobj"]
    if not objects:
        return []
    noun = objects[0]
    words = list(noun.subtree)
    qualified = any(c.dep_ in ("amod", "compound", "nmod") for c in noun.children) or any(
        c.dep_ == "conj" for t in words for c in t.children
    )
    after = sentence.doc[words[-1].i + 1] if words[-1].i + 1 < sentence.end else None
    if (
        noun.tag_ not in ("NNS", "NNPS")
        or not qualified
        or noun.lower_ in _NOT_KINDS
        # "For all major findings, …" is the case; "For these findings, …" points back
        or any(
            (c.dep_ == "det" and c.lower_ != "all") or c.lower_ in _NOT_KINDS for c in noun.children
        )
        or after is None
        or after.text != ","
    ):
        return []
    governor = first.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    if governor.pos_ not in ("VERB", "AUX"):
        return []
    inside.update([first.i, *(t.i for t in words)])
    return [
        Clause(
            kind="condition",
            start=first.i,
            end=words[-1].i + 1,
            text="".join(t.text_with_ws for t in words if t.lower_ != "all").strip(" ,;:()"),
            marker="for",
            governs=governor.i,
            head=words[-1].i,
        )
    ]


def stray_otherwise(sentence: Span, clauses: list[Clause]) -> None:
    """ "…; otherwise the adjuster approves": the parser may hang "otherwise" on the clause
    before; the words just before a clause decide whether it starts the other branch."""
    doc = sentence.doc
    for clause in clauses:
        if clause.kind not in ("action", "jump") or clause.start <= sentence.start:
            continue
        reach = 6 if clause.kind == "jump" else 3
        before = doc[max(sentence.start, clause.start - reach) : clause.start]
        words = [t.lower_ for t in before if not t.is_punct]
        if clause.kind == "jump" and {"otherwise", "else"} & set(words):
            clause.marker = "otherwise"
        elif (words and words[-1] in ("otherwise", "else")) or words[-2:] == ["if", "not"]:
            clause.kind = "else"


def depending(sentence: Span, clauses: list[Clause]) -> None:
    """ "Depending on X, …" reads as a condition on X before the rest of the sentence."""
    text = sentence.text.strip()
    match = _DEPENDING.match(text)
    if not match:
        return
    comma = text.find(",")
    if comma <= 0:
        return
    clauses.insert(
        0,
        Clause(
            kind="condition",
            start=sentence.start,
            end=sentence.start,
            text=text[:comma],
            marker="depending on",
        ),
    )


def nominal_action(sentence: Span) -> Clause | None:
    """A verbless step ("Approval of the invoice by the manager"): a noun with a "by" agent."""
    root = sentence.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(t.pos_ == "VERB" for t in sentence):
        return None
    agent = None
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            agent = objects[0] if objects else None
    of = [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
    if agent is None and not of:
        return None
    skip = {t.i for t in agent.head.subtree} if agent is not None else set()
    name = "".join(t.text_with_ws for t in sentence if t.i not in skip).strip(" .;:")
    return Clause(
        kind="action",
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        verb=root.lemma_.lower(),
        name=name[:1].upper() + name[1:],
        actor=actor_phrase(agent) if agent is not None else None,
        head=root.i,
    )


THINKING = frozenset({"suspect", "think", "believe", "know", "feel", "notice", "find", "see"})


def inverted_complement(condition: Token) -> Token | None:
    """ "If you suspect a service was an attack vector, disable it": the parser may make what
    is suspected the sentence's root and hang "if you suspect" on it; the condition is then
    the root's clause up to the comma."""
    head = condition.head
    if condition.lemma_.lower() not in THINKING or head.dep_ != "ROOT" or head.i < condition.i:
        return None
    if any(c.dep_ in ("dobj", "ccomp") for c in condition.children):
        return None
    if any(t.text in (",", ";") for t in condition.doc[condition.i : head.i]):
        return None
    return head


def main_clauses_hung_on(condition: Token) -> set[int]:
    """ "If the issue is not urgent and you have other work, create a ticket": the parser may
    hang the instruction after the comma on the condition as a conjunct; an imperative verb
    (no subject, base form) after a comma is the main clause, not part of the condition."""
    out: set[int] = set()
    if condition.dep_ != "ROOT":
        return out
    stack = [c for c in condition.children if c.dep_ in ("conj", "dep")]
    while stack:
        verb = stack.pop()
        stack.extend(c for c in verb.children if c.dep_ in ("conj", "dep"))
        at = verb.i - 1
        while at > 0 and verb.doc[at].lower_ in ("then", "please", "immediately"):
            at -= 1
        before = verb.doc[at] if at >= 0 else None
        subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i > at for c in verb.children)
        after_condition = any(
            c.dep_ == "advcl" and c.i < verb.i and _marked_condition(c) for c in verb.children
        )  # "… or if it will not be completed apply the label": no comma before the instruction
        if (
            verb.tag_ in ("VB", "VBP")
            and not subject
            and before is not None
            and (before.text == "," or after_condition)
        ):
            out.update(t.i for t in verb.subtree)
    return out


def _marked_condition(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


def sometimes_cases(sentence: Span, clauses: list[Clause]) -> None:
    """ "Sometimes we buy leads, sometimes our staff meets them at fairs": actions each
    introduced by "sometimes" are cases, one of which happens (the parser hangs the word on
    either clause, so it is looked for between the actions' verbs)."""
    marks = [t.i for t in sentence if t.lower_ == "sometimes"]
    if len(marks) < 2:
        return
    previous = sentence.start - 1
    first = True
    for clause in clauses:
        if clause.kind != "action" or not clause.name:
            continue
        introduced = any(previous < i < clause.head for i in marks)
        if introduced and not first:
            clause.alternative = True
        first = first and not introduced
        previous = clause.head

"""Who a step belongs to when its sentence does not say: the role whose stated duties match it,
the RACI row it matches, the role the text calls "you" or the writer calls "I"."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from symphainy.operations.flow import FlowBuilder
from symphainy.operations.nlp.actors import actor_phrase
from symphainy.operations.role_names import ROLE_WORDS

_CONTENT = re.compile(r"[a-z]{3,}")


_STOP = frozenset(
    {"the", "and", "for", "with", "from", "that", "this", "are", "all", "any", "into", "their"}
)


def _stem(word: str) -> str:
    """ "calibrates", "calibrated", "calibrating" -> "calibrat": enough to compare duties."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    return {_stem(w) for w in _CONTENT.findall(text.lower()) if w not in _STOP}


def match_duty(duties: list[tuple[str, str]], name: str) -> str | None:
    """The role whose stated duties share the most words with the step (Responsibilities)."""
    exact = name.strip().rstrip(".").lower()
    for role, duty in duties:
        if duty.startswith("=") and duty[1:].strip().rstrip(".").lower() == exact:
            return role
    said = words(name)
    best, best_score = None, 0
    for role, duty in duties:
        if duty.startswith("="):
            continue
        score = len(said & words(duty))
        if score > best_score:
            best, best_score = role, score
    if not said or best_score < min(2, len(said)) or best_score / len(said) < 0.4:
        return None
    return best


def addressee(sentence: Span) -> str | None:
    """ "As owner of a postmortem, you …", "You are the incident commander": the role the
    text's instructions are for."""
    for verb in sentence:
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in verb.children):
            continue
        if _conditional(verb):
            continue  # "If you are an exempt teammate, …" asks which case, not who reads
        for child in verb.children:
            if child.dep_ == "attr" and verb.lemma_ == "be":
                role = _role_of(child)
                if role:
                    return role
            if child.dep_ == "prep" and child.lower_ == "as":
                for obj in child.children:
                    if obj.dep_ == "pobj" and _role_of(obj):
                        return _role_of(obj)
    return None


def able(sentence: Span) -> list[tuple[str, str]]:
    """ "Existing Collaborators can nominate someone": (verb lemma, role) for what the text says a
    role can or may do."""
    found: list[tuple[str, str]] = []
    for verb in sentence:
        if verb.pos_ != "VERB" or not any(
            c.dep_ == "aux" and c.lower_ in ("can", "may") for c in verb.children
        ):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        role = actor_phrase(subject) if subject is not None else None
        if role:
            found.append((verb.lemma_.lower(), role))
    return found


def leading_purpose(sentence: Span) -> str | None:
    """ "To nominate a new Collaborator, open an issue": the verb lemma of a purpose that opens
    an instruction."""
    words = [t for t in sentence if not t.is_punct]
    if len(words) < 3 or words[0].lower_ != "to":
        return None
    verb = words[0].head
    if verb.dep_ == "advcl" and verb.pos_ == "VERB" and verb.head.dep_ == "ROOT":
        return str(verb.lemma_.lower())
    return None


def _conditional(verb: Token) -> bool:
    """The clause is a condition or a question: "if/when/whether you are …", "Are you …?"."""
    marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
    if marks & {"if", "whether", "unless"}:
        return True
    sentence = verb.doc[verb.sent.start : verb.sent.end]
    first = next((t for t in sentence if not t.is_punct), None)
    return sentence.text.rstrip().endswith("?") or (first is not None and first.lower_ == "if")


def _role_of(token: Token) -> str | None:
    # "the owner" is a role when the text says you are it ("Owner" alone is a table label)
    if token.lemma_.lower() in ROLE_WORDS:
        return actor_phrase(token) or token.lemma_.capitalize()
    return actor_phrase(token)


def raci_actor(b: FlowBuilder, name: str) -> str | None:
    said = words(name)
    for row in b.raci:
        activity = words(row.activity)
        if activity and len(said & activity) / len(activity) >= 0.5:
            return next(iter(row.responsible or row.accountable), None)
    return None


def declares_narrator(sentence: Span) -> bool:
    root = sentence.root
    return (
        root.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in root.children)
        and any(c.dep_ == "attr" for c in root.children)
    )

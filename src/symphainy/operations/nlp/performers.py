"""Who does the action of a clause: its subject, passive agent or the noun a relative clause
hangs on, found through the places the parser puts them.

* a subject is inherited along "and"/"or" chains, by an infinitive ("needs to approve"), and by
  a verb inside a phrase ("After returning to the station, the waiter debits …", "the
  department that is in charge of making quotations");
* a passive agent is the "by" phrase of the clause, also when the parser hung it on a noun
  ("is collected on a daily basis by the Mail Processing Unit");
* "who", "that" and "which" stand for the noun they follow; when the parser hung "who" on a
  thing ("sent to the Committee Members by email, who then check …") the nearest role before it
  is meant;
* in "The GO rejects the request or the GO confirms it" the parser may hang the second subject
  on the first object; the noun right after "or" is then the second action's subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symphainy.operations.nlp.actors import actor_phrase

if TYPE_CHECKING:  # spaCy's types only; the parser is loaded on first use
    from spacy.tokens import Token

RELATIVE = frozenset({"who", "that", "which", "whom"})
# "ask the user to take pictures", "encourage them to chime in", "direct the customer to file a
# case": what someone is asked to do is part of the asking step (the object is who is asked)
ASKING_SOMEONE = frozenset(
    {
        "ask",
        "tell",
        "encourage",
        "remind",
        "invite",
        "instruct",
        "urge",
        "advise",
        "request",
        "direct",
    }
)


def asked_to(verb: Token) -> bool:
    """ "The help desk asks the user to take pictures": "take pictures" is what is asked (the
    parser may hang the infinitive as an adverbial: "direct the customer to file a case")."""
    head = verb.head
    return (
        (
            verb.dep_ == "xcomp"
            or (
                verb.dep_ == "advcl"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            )
        )
        and head.i < verb.i
        and head.lemma_.lower() in ASKING_SOMEONE
        and any(c.dep_ == "dobj" for c in head.children)
    )


# phrases a verb can sit in and still be done by the clause's subject
_PHRASE_DEPS = frozenset({"pcomp", "pobj", "prep", "acomp"})


def subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, passive) for ``verb``, inherited along chains and through phrases."""
    current: Token | None = verb
    passive_participle = verb.dep_ == "acomp" and verb.tag_ == "VBN"
    while current is not None:
        assigned = assignee(current) if current is not verb else None
        if assigned is not None:
            return assigned, False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if current is not verb and infinitive and _dummy_it(current):
            return None, False  # "It is best to notify the auditor": an instruction, no doer
        for child in _labels_dropped(current):
            if child.dep_ in ("nsubj", "csubj", "expl"):
                # "it has to be entered into the system": the subject of a carrier verb is
                # what a passive infinitive under it is done to
                carried_passive = current is not verb and any(
                    c.dep_ == "auxpass" for c in verb.children
                )
                return child, passive_participle or carried_passive
            if child.dep_ == "nsubjpass":
                if current is not verb and verb.tag_ == "VB":
                    # "In case the change is rolled back, apply the label": a bare verb the
                    # parser joined to a passive is an instruction, not done to that subject;
                    # under "X should evaluate whether … was appointed … and complete the
                    # form" it goes with the modal verb above the passive
                    return _modal_subject(current), False
                return child, True
        hung = subject_after_or(current) or _compound_subject(current)
        if hung is not None:
            return hung, False
        if (current.dep_ in ("conj", "xcomp") or listed_after(current) or asked_to(current)) and (
            current.head is not current
        ):
            current = current.head
        elif current.dep_ in _PHRASE_DEPS and current.head is not current:
            current = _verb_above(current)
        else:
            current = None
    return None, False


def _labels_dropped(verb: Token) -> list[Token]:
    """``verb``'s children without a label the parser made a second subject ("Blog posts:
    the blog team reviews them": "Blog posts" names what the item is about, not who acts)."""
    children = list(verb.children)
    subjects = [c for c in children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) < 2:
        return children
    last = subjects[-1]
    colon = any(t.text.endswith(":") for t in verb.doc[subjects[0].i : last.left_edge.i])
    return [c for c in children if c is last or c not in subjects] if colon else children


def _dummy_it(carrier: Token) -> bool:
    """ "It is appropriate / best / a good idea to V": "it" stands for the infinitive, not for
    someone named before, so the infinitive is an instruction to the reader."""
    return (
        carrier.lemma_.lower() == "be"
        and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in carrier.children)
        and any(c.dep_ in ("acomp", "attr") for c in carrier.children)
    )


# "It is your job as the editor to …", "It is the responsibility of the owner to …"
_ASSIGNMENT_NOUNS = frozenset({"job", "responsibility", "duty", "role", "task"})


def assignee(carrier: Token) -> Token | None:
    """ "It is up to the cluster owners to agree …", "It's your job as the editor to prompt …",
    "It is the responsibility of the owner to …": the one the carrier "it is" gives the
    infinitive under it to, when that names a role."""
    if carrier.lemma_.lower() != "be" or not any(
        c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in carrier.children
    ):
        return None
    for child in carrier.children:
        if child.dep_ == "prep" and child.lower_ == "up":
            places = [p for p in child.children if p.dep_ == "prep" and p.lower_ == "to"]
        elif child.dep_ == "attr" and child.lemma_.lower() in _ASSIGNMENT_NOUNS:
            places = [p for p in child.children if p.dep_ == "prep" and p.lower_ in ("as", "of")]
        else:
            continue
        for place in places:
            named = next((o for o in place.children if o.dep_ == "pobj"), None)
            if named is not None and actor_phrase(named) is not None:
                return named
    return None


def _modal_subject(passive: Token) -> Token | None:
    """The subject of the nearest verb above ``passive`` that has a modal ("should", "must")."""
    current = passive
    while current.head.i != current.i:
        current = current.head
        if any(c.tag_ == "MD" for c in current.children):
            return next((c for c in current.children if c.dep_ == "nsubj"), None)
    return None


def listed_after(verb: Token) -> bool:
    """ "The auditor reviews the file, (also) documents findings …": a finite verb opening the
    next item of a comma list of actions, which the parser hung as "dep" or "advcl" on the verb
    before it without a subject or a conjunction of its own, is done by that verb's subject."""
    if verb.dep_ not in ("dep", "advcl") or verb.tag_ != "VBZ" or verb.head.i >= verb.i:
        return False
    if any(c.dep_ in ("mark", "advmod") and c.lower_ != "also" for c in verb.children):
        return False
    before = verb.doc[verb.i - 1]
    if before.lower_ == "also" and verb.i >= 2:
        before = verb.doc[verb.i - 2]
    return before.text == "," and verb.head.pos_ == "VERB"


def _verb_above(token: Token) -> Token | None:
    """The verb a phrase hangs on ("of making" -> "be in charge"), or None if a noun phrase is
    an argument of something else (a subject's own modifier)."""
    current = token.head
    while current.dep_ in _PHRASE_DEPS or current.pos_ not in ("VERB", "AUX"):
        if current.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT") and current.pos_ != "VERB":
            return None
        if current.head is current:
            return None
        current = current.head
    return current


def _compound_subject(verb: Token) -> Token | None:
    """ "Supplier ships the goods", "The customer contacts Support": a role noun right before a
    verb in the third person that the parser hung on it as a compound (read as "supplier
    ships" the noun phrase) is its subject."""
    if verb.tag_ != "VBZ" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    noun = next((c for c in verb.children if c.dep_ == "compound" and c.i == verb.i - 1), None)
    if noun is None or noun.pos_ not in ("NOUN", "PROPN") or actor_phrase(noun) is None:
        return None
    return noun


def subject_after_or(verb: Token) -> Token | None:
    """ "The GO rejects the request or the GO confirms it": the noun the parser made a conjunct
    of the first object, standing right before this verb after "or"/"and"."""
    if verb.dep_ not in ("advcl", "conj", "ccomp") or verb.head.i > verb.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    at = verb.i - 1
    while at > verb.head.i and doc[at].dep_ in ("advmod", "aux", "neg"):
        at -= 1
    noun = doc[at]
    if noun.dep_ != "conj" or noun.pos_ not in ("NOUN", "PROPN") or noun.head.i >= noun.i:
        return None
    if not any(c.dep_ == "cc" and c.lower_ in ("or", "and") for c in noun.head.children):
        return None
    left = min(t.i for t in noun.subtree)
    if doc[left - 1].lower_ not in ("or", "and") or actor_phrase(noun) is None:
        return None
    return noun


def detached(verb: Token) -> set[int]:
    """Token indices of "or the GO" when :func:`subject_after_or` read it as ``verb``'s subject:
    they belong to no other clause's words."""
    noun = subject_after_or(verb)
    if noun is None:
        return set()
    ids = {t.i for t in noun.subtree}
    return ids | {min(ids) - 1}


def agent(verb: Token, own: list[Token] | None = None) -> Token | None:
    """The passive agent: the "by" phrase on the verb, or in the clause's own words when it
    names a role ("on a daily basis by the unit")."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    for token in own or []:
        if token.lower_ == "by" and token.dep_ in ("prep", "agent") and token.i > verb.i:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects and actor_phrase(objects[0]) is not None:
                return objects[0]
    return None


def antecedent(verb: Token, pronoun: Token) -> Token:
    """The noun a relative pronoun stands for: the head of its clause, or for "who" hung on a
    thing, the nearest noun before it that names a role."""
    clause = pronoun.head  # the verb of the relative clause, whichever verb inherits it
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    noun = clause.head if clause.dep_ == "relcl" else clause
    if pronoun.lower_ != "who" or actor_phrase(noun) is not None:
        return noun
    for token in reversed(list(verb.doc[verb.sent.start : pronoun.i])):
        noun_head = token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound", "amod")
        if noun_head and actor_phrase(token) is not None:
            return token
    return noun


def performer(verb: Token, subj: Token | None, passive: bool, own: list[Token]) -> Token | None:
    """The token naming who does ``verb``'s action, or None (the caller resolves pronouns)."""
    if passive:
        return agent(verb, own)
    if subj is not None and subj.lower_ in RELATIVE and subj.tag_ in ("WP", "WDT"):
        return antecedent(verb, subj)
    return subj


def number_and_partners(noun: Token) -> tuple[bool, list[str]]:
    """(plural, the other actors) of a performer: "the clerks" is plural; in "the kitchen and
    the sommelier prepare …" each conjunct that names a role does the action too."""
    partners: list[str] = []
    for conj in noun.conjuncts:
        if conj.i > noun.i and conj.pos_ in ("NOUN", "PROPN"):
            role = actor_phrase(conj)
            if role and role not in partners:
                partners.append(role)
    if noun.lower_ in ("one", "each", "any", "either", "some", "all", "none", "both"):
        # "one of my masters": the group after "of" gives the number of the role it names
        noun = next((o for p in noun.children if p.lower_ == "of" for o in p.children), noun)
    return noun.tag_ in ("NNS", "NNPS") or bool(partners), partners

"""Whether a noun phrase names someone who can do work: a role, a team, an organisation, a system.

A subject is not always an actor ("the claim goes to …", "the process starts …"). A phrase is
read as an actor when its head is a proper noun or acronym ("MPOO", "Finance"), an agent noun
("reviewer", "administrator", "analyst", "employee"), or one of the nouns for roles, teams and
systems below. Adverbials never reach this function: only subjects, passive agents and the
heads of "who" clauses are asked.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from symphainy.operations.role_names import ROLE_WORDS, clean_actor

PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you", "it", "who", "one"})
_PERSON_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you"})
_GROUP_NOUNS = frozenset(
    {
        "team",
        "department",
        "unit",
        "office",
        "desk",
        "committee",
        "board",
        "company",
        "group",
        "division",
        "function",
        "organisation",
        "organization",
        "firm",
        "bank",
        "agency",
        "authority",
        "system",
        "application",
        "service",
        "bot",
        "tool",
        "platform",
        "portal",
        "server",
        "laboratory",
        "lab",
        "shop",
        "store",
        "warehouse",
        "storehouse",
        "hospital",
        "clinic",
        "school",
        "university",
        "secretariat",
        "secretary",
        "staff",
        "personnel",
        "management",
        "support",
        "student",
        "candidate",
        "patient",
        "guest",
        "person",
        "colleague",
        "member",
        "expert",
        "chef",
        "waiter",
        "professor",
        "lecturer",
        "teacher",
        "examiner",
        "hr",
        "it",
        "sales",
        "finance",
        "legal",
        "procurement",
        "purchasing",
        "accounting",
        "marketing",
        "logistics",
        "shipping",
        "security",
        "quality",
        "everyone",
        "user",
        "owner",
        "physician",
        "surgeon",
        "pharmacist",
        "attendant",
        "courier",
        "carrier",
        "insurer",
        "insured",
        "policyholder",
        "landlord",
        "tenant",
        "party",
        "council",
        "court",
        "judge",
        "jury",
        "clerk",
        "boss",
        "head",
        "chief",
        "scribe",
        "liaison",
        "deputy",
        "sme",
        "ic",
        "on-call",
    }
)
# Words ending like agent nouns that name things, not people.
_NOT_AGENTS = frozenset(
    {
        "checklist",
        "list",
        "order",
        "number",
        "letter",
        "paper",
        "folder",
        "matter",
        "transfer",
        "register",
        "error",
        "other",
        "answer",
        "border",
        "filter",
        "center",
        "centre",
        "corner",
        "chapter",
        "header",
        "footer",
        "voucher",
        "ledger",
        "offer",
        "power",
        "cover",
        "parameter",
        "later",
        "water",
        "weather",
        "master",
        "poster",
        "sticker",
        "binder",
        "container",
        "counter",
        "cluster",
        "docker",
        "barrier",
        "trigger",
        "reminder",
        "remainder",
        "indicator",
        "factor",
        "sector",
        "vector",
        "monitor",
        "mirror",
        "floor",
        "door",
        "color",
        "colour",
        "behavior",
        "behaviour",
        "favor",
        "minor",
        "major",
        "tutor",
        "month",
        "content",
        "component",
        "document",
        "element",
        "statement",
        "agreement",
        "requirement",
        "payment",
        "shipment",
        "equipment",
        "treatment",
        "assessment",
        "incident",
        "event",
        "amount",
        "account",
        "percent",
        "extent",
        "intent",
        "consent",
        "instant",
        "constant",
        "variant",
        "grant",
        "plant",
        "tenant",
    }
)
_ONE_OF = frozenset({"one", "each", "any", "either", "some", "all", "none", "both"})
_OWNERS = frozenset({"my", "our", "your", "their"})
_CHARGED = frozenset(
    {"responsible", "accountable", "designated", "appointed", "authorised", "authorized"}
)
# Words the plain word rules never take for a role ("System:", "Owner:" label other things),
# but which do name the doer when they are a verb's subject.
_DOERS_NOT_LABELS = frozenset({"system", "owner"})
_AGENT_SUFFIX = re.compile(r"(?:er|or|ist|ant|(?<!m)ent|ee|ian|eer|ive)$")


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS and token.pos_ == "PRON"


def is_person_pronoun(word: str) -> bool:
    return word.lower() in _PERSON_PRONOUNS


def _actor_head(token: Token) -> bool:
    lower = token.lower_
    lemma = token.lemma_.lower()
    if any(c.isdigit() for c in token.text):
        return False
    if token.pos_ == "PROPN" or (token.text.isupper() and len(token.text) > 1):
        return True
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if lemma in ROLE_WORDS or lemma in _GROUP_NOUNS or lower in ROLE_WORDS:
        return True
    if lemma in _NOT_AGENTS:
        return False
    return bool(_AGENT_SUFFIX.search(lemma)) and len(lemma) > 4


def _people_someone_has(group: Token) -> str | None:
    """ "one of my masters", "each of our fitters": a plural that belongs to the writer or the
    reader names people even when the word alone could name a thing ("master", "counter")."""
    owned = any(c.dep_ == "poss" and c.lower_ in _OWNERS for c in group.children)
    return clean_actor([group.text]) if owned and group.tag_ == "NNS" else None


def actor_phrase(token: Token) -> str | None:
    """The role named by the noun phrase headed by ``token``, in title case; None if not a role."""
    if token.lower_ in _ONE_OF:
        # "one of my masters", "each of the reviewers": the role is the group named after "of"
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if not objects:
            return None
        return actor_phrase(objects[0]) or _people_someone_has(objects[0])
    head = token
    named = [head]
    left = head.i - 1
    while left >= 0 and head.doc[left].dep_ in ("compound", "amod", "nmod"):
        named.insert(0, head.doc[left])
        left -= 1
    named += [t for t in head.children if t.i > head.i and t.dep_ in ("compound", "amod", "nmod")]
    if len(named) >= 2 and all(t.text[:1].isupper() for t in named):
        # a named unit in title case ("Accounts Payable", "Service Desk")
        return clean_actor([t.text for t in named])
    # "the head of the department", "a member of staff": the role is the whole phrase
    if not _actor_head(head):
        conj = [c for c in head.children if c.dep_ == "conj"]
        if not conj or not _actor_head(conj[0]):
            return None
    words: list[Token] = []
    for t in head.subtree:
        if t.i < head.i and t.dep_ in ("compound", "amod", "nmod", "poss", "nummod"):
            if t.head.i == head.i or t.head.dep_ in ("compound", "amod"):
                words.append(t)
        elif t.i == head.i:
            words.append(t)
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    tail = ""
    if of and head.lemma_.lower() in ("head", "member", "chief", "director", "manager", "office"):
        obj = [c for c in of[0].children if c.dep_ == "pobj"]
        if obj:
            inner = [
                t.text
                for t in obj[0].subtree
                if t.dep_ not in ("det", "punct", "relcl") and t.i <= obj[0].i
            ]
            tail = " of " + " ".join(inner)
    after = [c for c in head.children if c.dep_ == "amod" and c.i > head.i]
    if not tail and after and after[0].lower_ in _CHARGED:
        # "the person responsible for regulatory compliance": the adjective after the noun is
        # what makes it a role
        tail = " " + " ".join(t.text for t in after[0].subtree if t.dep_ != "punct")
    text = " ".join(w.text for w in words if w.pos_ != "PUNCT" and w.dep_ != "poss") + tail
    if not text.strip():
        return None
    role = clean_actor(text.split())
    if role is None and head.lemma_.lower() in _DOERS_NOT_LABELS:
        # "the system generates the order": a doer here, though "System:" is no role label
        kept = [w for w in text.split() if w.lower() not in ("the", "a", "an")]
        role = " ".join(w[:1].upper() + w[1:] for w in kept) or None
    return role


_ROLE_PREFIX = re.compile(
    r"^(?:(?:[A-Za-z][\w-]*\s+){0,2}?"  # "Probation information for line managers"
    r"(?:steps|tasks|actions|duties|responsibilities|checklist|instructions|guidance|information|"
    r"roles?(?:\s+and\s+responsibilities)?)\s+(?:for|of)"
    r"\s+(?:the\s+)?|for\s+(?:the\s+)?|role:\s*|reference:\s*)",
    re.I,
)
# "Instructions for supervisors receiving a request": the words after the role say when
_ROLE_QUALIFIER = re.compile(
    r"\s+(?:receiving|handling|requesting|working|who|whose|when|while|during|on|in|at|with)\b.*$",
    re.I,
)
# "Responsibilities of the LRAC": after a prefix that says a role follows, an acronym is one
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}s?")
_DETERMINERS = frozenset({"the", "a", "an", "your", "our", "their", "this", "these", "each", "any"})
_ROLE_SUFFIX = re.compile(
    r"\s+(?:steps|tasks|actions|duties|checklist|responsibilities)(?:\s+(?:for|during|in)\s+.*)?$",
    re.I,
)


def announces_role(heading: str) -> bool:
    """ "Instructions for supervisors …", "Duties of the DPO": the heading says the lines under
    it are that role's (a bare role heading such as "LOGISTICS" may only be a topic)."""
    stripped = heading.strip().strip("*# :")
    return not stripped.lower().startswith("for") and _ROLE_PREFIX.match(stripped) is not None


def role_name(text: str, heading: bool = False) -> str | None:
    """A heading or label that names a role ("Manager", "New hire", "IT team", "Steps for
    Scribe", "Manager checklist"), else None. A bare ``heading`` must also not read as an
    instruction ("Assemble Response Team")."""
    stripped = text.strip().strip("*# :")
    prefixed = _ROLE_PREFIX.sub("", stripped)
    announced = prefixed != stripped and not stripped.lower().startswith("for")
    if announced:
        prefixed = _ROLE_QUALIFIER.sub("", prefixed)
    text = _ROLE_SUFFIX.sub("", prefixed)
    heading = heading and text == stripped
    words = re.findall(r"[A-Za-z][\w&'-]*", text)
    if not 1 <= len(words) <= 5:
        return None
    if announced and len(words) == 1 and _ACRONYM.fullmatch(words[0]):
        return str(words[0])
    if heading and all(w.isupper() for w in words) and any(len(w) > 4 for w in words):
        return None  # "LOGISTICS", "UK EMPLOYEES": a page shouting its topics, not a lane
    head = words[-1].lower()
    base = head[:-1] if head.endswith("s") and head[:-1] in _GROUP_NOUNS | ROLE_WORDS else head
    if announced and head.endswith("s") and not head.endswith("ss"):
        single = head[:-1]
        if single in ROLE_WORDS or (single not in _NOT_AGENTS and _AGENT_SUFFIX.search(single)):
            base = single
            words[-1] = words[-1][:-1]  # "Instructions for supervisors": one lane, "Supervisor"
    role_like = (
        base in ROLE_WORDS
        or base in _GROUP_NOUNS
        or head in ("hire", "hires", "joiner", "starter")
        or (
            base not in _NOT_AGENTS
            and len(base) > 4
            and bool(_AGENT_SUFFIX.search(base))
            and base not in ("procedure", "overview", "before", "after", "other")
            and not (len(words) == 1 and a_verb(base))
        )
    )
    if words[0].lower() == "to" and len(words) > 1:
        return None  # "To recover:" says what for, not who
    if len(words) > 2 and words[1].lower() in _DETERMINERS and a_verb(words[0].lower()):
        return None  # "Use the list of reviewers:" says what to do, not who
    if heading and len(words) == 1 and base != head and base in _GROUP_NOUNS:
        return None  # "Services", "Offices": a topic heading; "IT Services" is a unit
    if not role_like or (heading and _reads_as_instruction(text)):
        return None
    return clean_actor(words)


def a_verb(word: str) -> bool:
    """ "Recover", "Discover": a word ending like an agent noun ("-er") that is itself a verb
    (in the parser's list of verb lemmas) names an action, not a role; role nouns that are also
    verbs ("engineer", "officer") are in the role word list and never reach this test."""
    from symphainy.operations.nlp import pipeline

    nlp = pipeline.load()
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return False
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None:
        return False
    if not lookups.has_table("lemma_index"):
        return False
    return word in _verb_lemmas(id(lookups), lookups.get_table("lemma_index").get("verb", []))


_VERB_LEMMAS: dict[int, frozenset[str]] = {}


def _verb_lemmas(key: int, lemmas: list[str]) -> frozenset[str]:
    if key not in _VERB_LEMMAS:
        _VERB_LEMMAS[key] = frozenset(lemmas)
    return _VERB_LEMMAS[key]


def _reads_as_instruction(text: str) -> bool:
    """ "Assemble Response Team", "Quarantines should be comprehensive": a heading that says
    what to do, not who does it (checked with the parser when it is installed)."""
    from symphainy.operations.nlp import pipeline

    plain = pipeline.parse(text)
    if plain is None or not len(plain):
        return False
    if any(t.pos_ == "AUX" for t in plain[1:]):
        return True
    again = pipeline.parse("You " + text[:1].lower() + text[1:])
    assert again is not None
    verb = again[1] if len(again) > 1 else None
    return (
        verb is not None and verb.pos_ == "VERB" and verb.dep_ == "ROOT" and plain[0].pos_ != "NOUN"
    )

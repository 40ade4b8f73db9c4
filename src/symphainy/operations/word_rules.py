"""Reading one procedural sentence with plain word rules, used when the English parser is missing.

No model: an actor phrase before a third-person verb ("The Claims Adjuster reviews…"), a role
label ("Manager: approve…"), a passive "…by the Finance Manager", or an imperative verb from a
list of verbs that start procedure steps. Everything returned is a substring of the input or a
simple inflection of one of its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from symphainy.operations.role_names import ARTICLES, NOT_ACTORS, ROLE_WORDS, clean_actor
from symphainy.operations.step_names import INPUT_VERBS, OUTPUT_VERBS, object_after, tidy_name
from symphainy.operations.system_names import find_systems

# Base forms of verbs that start procedure steps.
_VERB_WORDS = """
accept acknowledge add adjust apply allocate analyse analyze approve archive arrange ask assess
assign attach audit authorise authorize book calculate call cancel capture certify change
check choose classify clean close code collect compare compile complete confirm consolidate
contact copy correct create decide define deliver deploy describe design determine diagnose
dispatch distribute document download draft edit email enter escalate estimate evaluate
examine execute export file fill finalise finalize flag follow forward gather generate give
handle hand identify implement import inform initiate input inspect install interview
investigate invoice issue label load log mail maintain make manage match measure meet merge
monitor move negotiate notify obtain open order organise organize pack pay perform pick place
plan post prepare present print prioritise prioritize process produce provide publish purchase
put raise rank read receive reconcile record refer refund register reject release remove
repair replace reply report request resolve respond retrieve return review route run save scan
schedule screen select send set share ship sign sort specify start store submit summarise
summarize supply survey take test track transcribe transfer triage update upload validate
verify visit wait write
"""
VERBS = frozenset(_VERB_WORDS.split())

_IRREGULAR = {"does": "do", "has": "have", "goes": "go"}

MODALS = frozenset(
    {
        "must",
        "should",
        "shall",
        "will",
        "can",
        "may",
        "then",
        "also",
        "now",
        "first",
        "immediately",
        "promptly",
        "always",
    }
)

_PASSIVE_BY = re.compile(
    r"\b(?:is|are|gets|get)\s+(?P<verb>[a-z]+(?:ed|en|t))\b.*?\bby\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<actor>[A-Za-z][\w&'-]*(?:\s+[A-Za-z][\w&'-]*){0,3}?)(?=\s*(?:[.,;:]|$|\s+(?:in|using|"
    r"via|within|before|after|and|on|for|to)\b))"
)
_LABEL = re.compile(
    r"^(?P<actor>[A-Z][\w&/.'-]*(?:\s+[\w&/.'()-]+){0,4}?)\s*:\s+(?P<rest>\S.*)$", re.S
)
_AND_VERB = re.compile(r"\b(and|then|or)\s+([a-z]+s)\b")
_WORD = re.compile(r"[A-Za-z][\w&'/-]*")


@dataclass
class SentenceReading:
    """What one sentence says about a step."""

    name: str
    actor: str | None = None
    action: str = ""
    systems: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    procedural: bool = False


def base_form(word: str) -> str | None:
    """The base form of a third-person verb we know ("reviews" -> "review"), else None."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    candidates = []
    if w.endswith("ies"):
        candidates.append(w[:-3] + "y")
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    return next((c for c in candidates if c in VERBS), None)


def find_actor(text: str) -> tuple[str | None, str, str]:
    """(actor, action verb, step name without the actor) for one sentence."""
    text = text.strip()
    label = _LABEL.match(text)
    if label and (
        label.group("actor").split()[0].lower() not in NOT_ACTORS
        or label.group("actor").split()[0].isupper()
    ):
        actor = clean_actor(label.group("actor").split())
        if actor:
            rest = label.group("rest")
            first = _WORD.match(rest)
            said = first.group(0).lower() if first else ""
            return actor, said if said in VERBS else (base_form(said) or ""), rest
    words = text.split()
    for i in range(1, min(len(words), 7)):
        word = words[i].strip(",;:").lower()
        verb = base_form(word)
        if (
            verb is None
            and words[0].lower() in ARTICLES
            and len(word) > 3
            and word.endswith("s")
            and words[i - 1].lower() in ROLE_WORDS
        ):
            verb = re.sub(
                r"(?:(?<=[^aeiou])ies|(?<=(?:sh|ch|ss))es|(?<=x)es|s)$",
                lambda m: "y" if m.group(0) == "ies" else "",
                word,
            )
        after = None
        if word in MODALS and i + 1 < len(words):
            nxt = words[i + 1].strip(",").lower()
            after = nxt if nxt in VERBS else base_form(nxt)
        if verb is None and after is None:
            continue
        head = words[:i]
        had_article = head[0].lower() in ARTICLES
        core = head[1:] if had_article else head
        if not core or (not had_article and not core[0][:1].isupper()):
            break
        if not had_article and core[0].lower() in VERBS and core[0].lower() not in ROLE_WORDS:
            break
        actor = clean_actor(core)
        if actor is None:
            break
        if verb is None:
            verb = after or ""
            rest = " ".join(words[i + 2 :])
        else:
            rest = " ".join(words[i + 1 :])
        rest = _AND_VERB.sub(lambda m: f"{m.group(1)} {base_form(m.group(2)) or m.group(2)}", rest)
        return actor, verb, f"{verb.capitalize()} {rest}".strip()
    passive = _PASSIVE_BY.search(text)
    if passive:
        actor = clean_actor(passive.group("actor").split())
        verb = _participle_base(passive.group("verb"))
        if actor:
            subject = text[: passive.start()].strip()
            words = subject.split()
            if verb and 0 < len(words) <= 6:
                subject = " ".join(
                    [words[0].lower() if words[0] in ("The", "A", "An") else words[0], *words[1:]]
                )
                tail = text[passive.end() :].strip(" .")
                return actor, verb, f"{verb.capitalize()} {subject} {tail}".strip()
            return actor, verb, text
    first = _WORD.match(text)
    verb = first.group(0).lower() if first else ""
    if verb in VERBS:
        return None, verb, text
    return None, "", text


def _participle_base(word: str) -> str:
    for stem in (word[:-1], word[:-2], word[:-3] + "y", word[:-2] + "e"):
        if stem in VERBS:
            return stem
    return ""


def analyse(text: str, known_actors: frozenset[str] = frozenset()) -> SentenceReading:
    """The actor, action, systems, inputs and outputs one procedural sentence states."""
    actor, verb, rest = find_actor(text)
    systems = find_systems(text, exclude=known_actors | ({actor} if actor else set()))
    clause = SentenceReading(
        name=tidy_name(rest),
        actor=actor,
        action=verb,
        systems=systems,
        procedural=bool(verb) or actor is not None,
    )
    if verb:
        obj = object_after(rest, verb)
        if obj and obj not in systems:
            if verb in INPUT_VERBS:
                clause.inputs.append(obj)
            if verb in OUTPUT_VERBS:
                clause.outputs.append(obj)
    return clause

"""Reading one procedural clause: who does it, what they do, with what, in which system.

Plain rules over the words of the sentence (no model): an actor phrase before a third-person
verb ("The Claims Adjuster reviews…"), a role label ("Manager: approve…"), a passive "…by the
Finance Manager", or an imperative verb. Everything returned is a substring of the input or a
simple inflection of one of its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
ARTICLES = frozenset({"the", "a", "an"})
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
NOT_ACTORS = frozenset(
    {
        "note",
        "step",
        "steps",
        "if",
        "then",
        "otherwise",
        "else",
        "input",
        "inputs",
        "output",
        "outputs",
        "purpose",
        "scope",
        "tip",
        "warning",
        "example",
        "result",
        "results",
        "system",
        "systems",
        "tools",
        "time",
        "when",
        "where",
        "once",
        "after",
        "before",
        "this",
        "that",
        "it",
        "they",
        "we",
        "you",
        "he",
        "she",
        "each",
        "every",
        "all",
        "there",
        "here",
        "process",
        "procedure",
        "workflow",
        "decision",
        "owner",
        "frequency",
        "trigger",
        "goal",
        "yes",
        "no",
        "what",
        "who",
        "how",
        "why",
        "is",
        "are",
        "was",
        "do",
        "document",
        "form",
        "request",
    }
)
ROLE_WORDS = frozenset(
    {
        "manager",
        "team",
        "department",
        "officer",
        "clerk",
        "adjuster",
        "analyst",
        "customer",
        "supervisor",
        "director",
        "lead",
        "agent",
        "representative",
        "specialist",
        "assistant",
        "administrator",
        "admin",
        "coordinator",
        "controller",
        "accountant",
        "auditor",
        "owner",
        "approver",
        "reviewer",
        "requester",
        "requestor",
        "employee",
        "staff",
        "client",
        "vendor",
        "supplier",
        "applicant",
        "claimant",
        "nurse",
        "doctor",
        "physician",
        "engineer",
        "technician",
        "desk",
        "committee",
        "board",
        "head",
        "partner",
        "associate",
        "executive",
        "buyer",
        "finance",
        "legal",
        "hr",
        "it",
        "procurement",
        "operations",
        "underwriter",
        "recruiter",
        "cashier",
        "driver",
        "dispatcher",
        "planner",
        "inspector",
        "operator",
    }
)
KNOWN_SYSTEMS = (
    "SAP",
    "Salesforce",
    "Workday",
    "ServiceNow",
    "SharePoint",
    "Excel",
    "Outlook",
    "Jira",
    "Slack",
    "Microsoft Teams",
    "Guidewire",
    "Oracle",
    "NetSuite",
    "QuickBooks",
    "Zendesk",
    "HubSpot",
    "Dynamics",
    "DocuSign",
    "Coupa",
    "Ariba",
    "Concur",
    "Xero",
    "Tableau",
    "Power BI",
    "Gmail",
    "Google Sheets",
    "Google Drive",
    "Confluence",
    "Epic",
    "Cerner",
    "Shopify",
    "Stripe",
    "Zoom",
    "Teams",
)
ACRONYM_SYSTEMS = frozenset(
    {
        "CRM",
        "ERP",
        "HRIS",
        "EHR",
        "EMR",
        "ATS",
        "DMS",
        "ECM",
        "WMS",
        "TMS",
        "LMS",
        "ITSM",
        "CMS",
        "GL",
        "POS",
    }
)
_SYSTEM_NOUNS = r"(?:system|portal|platform|database|tool|application|app|software|module|ledger)"
_SYSTEM_PREP = re.compile(
    r"\b(?:in|into|using|via|through|within|on|from|with)\s+(?:the\s+|our\s+)?"
    r"(?P<sys>[A-Z][A-Za-z0-9.&+-]*(?:\s+[A-Z0-9][A-Za-z0-9.&+-]*){0,2})"
)
_SYSTEM_NOUN = re.compile(
    r"\b(?:the|our|a)\s+(?P<sys>(?:[A-Za-z][\w-]*\s+){0,2}" + _SYSTEM_NOUNS + r")\b", re.I
)
_NOT_SYSTEM = frozenset(
    {
        "The",
        "Step",
        "If",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Otherwise",
        "Yes",
        "No",
        "Then",
        "A",
        "An",
        "This",
        "Each",
        "All",
        "Section",
        "Appendix",
        "Table",
        "Figure",
        "Part",
    }
)
_OBJECT_STOP = frozenset(
    {
        "in",
        "into",
        "to",
        "for",
        "with",
        "using",
        "via",
        "from",
        "and",
        "or",
        "by",
        "on",
        "within",
        "if",
        "when",
        "until",
        "then",
        "against",
        "at",
        "as",
        "so",
        "that",
        "before",
        "after",
        "through",
        "unless",
        "while",
        "per",
        "of",
    }
)
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "all",
        "any",
        "each",
        "every",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "it",
        "them",
    }
)
_INPUT_WORDS = """receive review check verify validate read open inspect examine assess
evaluate retrieve collect gather obtain download scan compare reconcile analyse analyze
screen triage investigate approve reject sign"""
INPUT_VERBS = frozenset(_INPUT_WORDS.split())
_OUTPUT_WORDS = """create prepare draft write record log issue send produce generate
update file complete submit publish raise register enter upload email post invoice book order
report document summarise summarize return forward dispatch distribute"""
OUTPUT_VERBS = frozenset(_OUTPUT_WORDS.split())
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
class Clause:
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


def clean_actor(words: list[str]) -> str | None:
    """A role name in title case ("claims adjuster" -> "Claims Adjuster"), or None."""
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    if not words or len(words) > 5:
        return None
    if any(
        w.lower() in NOT_ACTORS and not (w.isupper() and len(w) > 1) for w in (words[0], words[-1])
    ):
        return None
    if any(
        w.lower() in ("the", "a", "an", "and", "or", "if", "of") and i == len(words) - 1
        for i, w in enumerate(words)
    ):
        return None
    out = []
    for word in words:
        word = word.strip("'’").removesuffix("'s")
        if not word:
            return None
        out.append(
            word
            if word.isupper() or word.lower() in ("of", "and", "for", "&")
            else word[0].upper() + word[1:]
        )
    return " ".join(out)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def tidy_name(text: str, limit: int = 160) -> str:
    """A step name: one line, no trailing full stop, at most ``limit`` characters."""
    name = " ".join(text.split()).strip(" ;,")
    if name.endswith(".") and not name.endswith("..."):
        name = name[:-1].rstrip()
    if len(name) > limit:
        cut = name[:limit].rsplit(" ", 1)[0]
        name = cut.rstrip(" ,;:") + "…"
    return _capitalise(name)


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


def find_systems(text: str, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Systems and tools the sentence names ("in SAP", "in the CRM", "the claims system")."""
    found: list[str] = []

    def add(name: str) -> None:
        name = name.strip(" .,;:")
        if name and name not in found and name not in exclude and name not in _NOT_SYSTEM:
            found.append(name)

    for known in KNOWN_SYSTEMS:
        if re.search(rf"\b{re.escape(known)}\b", text) and not any(known in f for f in found):
            add(known)
    for match in _SYSTEM_PREP.finditer(text):
        candidate = match.group("sys")
        words = candidate.split()
        while words and (words[-1] in _NOT_SYSTEM or words[-1].lower() in _OBJECT_STOP):
            words.pop()
        if not words or words[0] in _NOT_SYSTEM:
            continue
        candidate = " ".join(words)
        if any(w.lower() in ROLE_WORDS for w in words) or any(candidate in f for f in found):
            continue
        if candidate in ACRONYM_SYSTEMS or (
            len(words) <= 2
            and any((w.isupper() and len(w) > 1) or re.search(r"[a-z][A-Z]|\d", w) for w in words)
        ):
            add(candidate)
    for token in re.findall(r"\b[A-Z]{2,5}\b", text):
        if token in ACRONYM_SYSTEMS and not any(token in f for f in found):
            add(token)
    for match in _SYSTEM_NOUN.finditer(text):
        words = [w for w in match.group("sys").split() if w.lower() not in _DETERMINERS]
        if words and not any(w.lower() in ROLE_WORDS for w in words):
            candidate = _capitalise(" ".join(words))
            if not any(
                candidate.lower() in f.lower() or f.lower() in candidate.lower() for f in found
            ):
                add(candidate)
    return found[:10]


def object_after(text: str, verb: str) -> str | None:
    """The noun phrase right after ``verb`` (its direct object), if there is one."""
    pattern = re.compile(rf"\b{re.escape(verb)}\w*\s+(?P<rest>[^.;:!?]+)", re.I)
    match = pattern.search(text)
    if not match:
        return None
    words: list[str] = []
    for raw in match.group("rest").split():
        word = raw.strip(",()\"'")
        if word.lower() in _OBJECT_STOP or raw.endswith(","):
            if raw.endswith(",") and word.lower() not in _OBJECT_STOP:
                words.append(word)
            break
        words.append(word)
        if len(words) >= 6:
            break
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    phrase = " ".join(words).strip()
    return phrase or None


def analyse(text: str, known_actors: frozenset[str] = frozenset()) -> Clause:
    """The actor, action, systems, inputs and outputs one procedural sentence states."""
    actor, verb, rest = find_actor(text)
    systems = find_systems(text, exclude=known_actors | ({actor} if actor else set()))
    clause = Clause(
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

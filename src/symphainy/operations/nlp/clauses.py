"""One sentence, parsed, as the clauses a process analyst would mark.

Every verb that heads a clause is looked at once: a condition ("if", "unless", "in case",
"should the form be …", "depending on …"), the start of an "otherwise" branch, a loop guard
("until"), a clause done "while" another runs, or an action. An action keeps its verb's lemma,
a name in the imperative ("Approve the invoice"), the actor it names (subject, passive agent, or
the head noun of a "who" clause) and how it is joined to the action before it ("or" makes
alternatives). Nothing here knows a list of verbs: a word is an action because of its place in
the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Span, Token

from symphainy.operations.jumps import GOTO
from symphainy.operations.nlp.actors import actor_phrase, is_pronoun

ClauseKind = Literal["action", "condition", "else", "until", "while", "meta", "jump"]
_CLAUSE_DEPS = frozenset(
    {"ROOT", "conj", "advcl", "ccomp", "xcomp", "pcomp", "relcl", "parataxis", "csubj", "acl"}
)
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "providing"})
_TEMPORAL_MARKS = frozenset({"when", "whenever", "once", "after", "before", "as", "upon"})
# Verbs that only carry another verb ("needs to approve", "decides to call"): the carried verb is
# the action. These are grammatical, not a vocabulary of actions.
_CARRIERS = frozenset(
    {
        "need",
        "want",
        "have",
        "try",
        "decide",
        "start",
        "begin",
        "continue",
        "wish",
        "plan",
        "be",
        "wait",
        "intend",
        "attempt",
        "seek",
        "hope",
    }
)
_STATE_VERBS = frozenset(
    {
        "be",
        "have",
        "seem",
        "exist",
        "consist",
        "contain",
        "include",
        "mean",
        "happen",
        "occur",
        "serve",
        "remain",
        "become",
        "appear",
        "depend",
        "belong",
        "apply",
        "cost",
    }
)
# verbs whose "if" clause says what is looked at ("check if the server responds")
_ASKING = frozenset({"check", "see", "verify", "ask", "confirm", "test", "inquire", "find"})
# "so that …", "in order to …": the purpose of a step, not another step
_PURPOSE_MARKS = frozenset({"so", "that", "order"})
_META_SUBJECTS = frozenset(
    {
        "document",
        "procedure",
        "process",
        "section",
        "policy",
        "purpose",
        "scope",
        "sop",
        "guide",
        "guideline",
        "workflow",
        "table",
        "figure",
        "chapter",
        "appendix",
    }
)
_FILLER_ADVERBS = frozenset(
    {
        "then",
        "first",
        "firstly",
        "next",
        "finally",
        "lastly",
        "also",
        "subsequently",
        "afterwards",
        "now",
        "immediately",
        "again",
        "second",
        "third",
        "thereafter",
        "otherwise",
        "else",
        "meanwhile",
        "simultaneously",
        "concurrently",
        "either",
    }
)
_ELSE_LEAD = re.compile(
    r"^(?:otherwise|else|or else|if not|if this is not the case|in all other cases|"
    r"in any other case|if (?:it|this|that|they|he|she) (?:is|are|does|do|was|were|has|have)"
    r"(?:n't| not)\b[^,]*|in the other case)\b",
    re.I,
)
_INVERTED_IF = re.compile(r"^(?:should|were|had)\s+\w+", re.I)
_IN_CASE = re.compile(r"^(?:in case|in the case that|in the event that|where)\b", re.I)
_DEPENDING = re.compile(r"^(?:depending on|depending upon)\b", re.I)
_PARALLEL_WORDS = re.compile(
    r"\b(?:in parallel|meanwhile|at the same time|simultaneously|concurrently)\b", re.I
)


@dataclass
class Clause:
    """One clause of a sentence, in the order the text gives it."""

    kind: ClauseKind
    start: int
    end: int
    text: str
    verb: str = ""
    name: str = ""
    actor: str | None = None
    pronoun: str | None = None
    passive: bool = False
    alternative: bool = False  # joined to the previous action by "or"
    parallel: bool = False  # says it runs at the same time as the clause before
    negated: bool = False
    marker: str = ""
    governs: int = -1  # for a condition after its action: the token index of that action
    head: int = -1
    condition_of: list[int] = field(default_factory=list)


def _is_clause_head(token: Token) -> bool:
    if token.tag_ == "NNS" and _verb_like(token):
        return True  # a verb mis-tagged as a plural noun, wherever the parser hung it
    if token.dep_ not in _CLAUSE_DEPS:
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ == "ROOT"


def _verb_like(token: Token) -> bool:
    """A verb the tagger took for a plural noun ("The Incident Manager notifies the …"): the
    parser still gave it a subject and an object, which only a verb has."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    deps = {c.dep_ for c in token.children}
    return token.tag_ == "NNS" and "nsubj" in deps and "dobj" in deps


def _lemma(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX") or not token.lower_.endswith("s"):
        return token.lemma_.lower() or token.lower_
    word = token.lower_
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _own_tokens(head: Token, heads: set[int]) -> list[Token]:
    """The head's subtree without the subtrees of the clauses nested in it."""
    out: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.i not in heads:
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _lead_text(tokens: list[Token], verb: Token) -> str:
    lead = [t for t in tokens if t.i <= verb.i]
    return "".join(t.text_with_ws for t in lead).strip(" ,;:-–—")


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, passive) for ``verb``, inherited along "and"/"or" chains."""
    current: Token | None = verb
    while current is not None:
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj", "expl"):
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if current.dep_ in ("conj", "xcomp") and current.head is not current:
            current = current.head
        else:
            current = None
    return None, False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _name(verb: Token, tokens: list[Token], subject: Token | None, passive: bool) -> str:
    """The action in the imperative: the verb's lemma and what follows it in its clause."""
    skip: set[int] = set()
    if subject is not None:
        skip |= {t.i for t in subject.subtree}
    agent = _agent(verb) if passive else None
    if agent is not None:
        skip |= {t.i for t in agent.head.subtree}
    words: list[str] = []
    for token in tokens:
        if token.i in skip or token.i <= verb.i:
            continue
        if token.dep_ in ("mark", "cc", "preconj") and token.head.i == verb.i:
            continue
        if token.dep_ == "advmod" and token.lower_ in _FILLER_ADVERBS:
            continue
        words.append(token.text_with_ws)
    tail = "".join(words).strip(" ,;:.")
    obj = ""
    if passive and subject is not None and subject.lower_ not in ("it", "they", "this", "these"):
        obj = "".join(t.text_with_ws for t in subject.subtree).strip()
        first = obj.split(" ", 1)
        if first and first[0] in ("The", "A", "An", "This", "These", "All", "Each"):
            obj = first[0].lower() + (" " + first[1] if len(first) > 1 else "")
    elif passive and subject is not None:
        obj = subject.lower_
    negation = "Do not " if any(c.dep_ == "neg" for c in verb.children) else ""
    lemma = _lemma(verb)
    verb_word = lemma if negation else lemma[:1].upper() + lemma[1:]
    name = " ".join(p for p in (negation + verb_word, obj, tail) if p)
    return re.sub(r"\s+([,.;:])", r"\1", name)


def _kind(
    verb: Token, tokens: list[Token], sentence_start: int, skip: frozenset[int] = frozenset()
) -> tuple[ClauseKind, str]:
    tokens = [t for t in tokens if t.i not in skip]
    lead = _lead_text(tokens, verb)
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark" and c.i not in skip]
    whole = "".join(t.text_with_ws for t in tokens).strip(" ,;:-–—")
    if _ELSE_LEAD.match(lead) or _ELSE_LEAD.match(whole):
        return "else", "otherwise"
    asks = verb.head.lemma_.lower() in _ASKING and verb.head.i < verb.i
    complement = (verb.dep_ in ("ccomp", "xcomp") or asks) and set(marks) & {"if", "whether"}
    # "check whether …", "ask if …": what is checked, unless the check is a choice
    if complement and verb.head.lemma_.lower() not in ("decide", "determine", "choose"):
        return "meta", "complement"
    if any(m in _CONDITION_MARKS for m in marks) or (
        tokens and tokens[0].lower_ == "if" and tokens[0].i < verb.i
    ):
        return "condition", "unless" if "unless" in marks else "if"
    if "until" in marks or (tokens and tokens[0].lower_ == "until"):
        return "until", "until"
    if "while" in marks or "whilst" in marks:
        return "while", "while"
    if _IN_CASE.match(lead):
        return "condition", "in case"
    if tokens and tokens[0].i == sentence_start and _INVERTED_IF.match(lead):
        subject, _ = _subject(verb)
        if subject is not None and tokens[0].i < subject.i and verb.dep_ != "ROOT":
            return "condition", "should"
    if any(m in _TEMPORAL_MARKS for m in marks) and "when" in marks:
        return "action", "when"
    return "action", ""


def _is_action_verb(verb: Token, subject: Token | None) -> bool:
    lemma = _lemma(verb)
    if not _verb_like(verb):
        return False
    if lemma in _STATE_VERBS and verb.pos_ == "AUX":
        return False
    stative = lemma in _STATE_VERBS
    if stative and (lemma in ("be", "have") or not any(c.dep_ == "dobj" for c in verb.children)):
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
    if verb.dep_ == "advcl" and marks & _PURPOSE_MARKS:
        return False
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl":
        return False
    if any(c.dep_ == "neg" for c in verb.children) and any(
        c.dep_ == "auxpass" for c in verb.children
    ):
        return False
    if verb.dep_ == "acl":
        return False
    when = any(c.lower_ in ("when", "whenever") for c in verb.children)
    if verb.dep_ == "relcl" and not when and not (subject is not None and subject.tag_ == "WP"):
        return False
    meta = subject is not None and subject.lemma_.lower() in _META_SUBJECTS
    return not (meta and _agent(verb) is None)


def _jumps(sentence: Span) -> list[tuple[int, int, str]]:
    """Token ranges of "go to step N" phrases: edges, kept out of every clause's words."""
    out = []
    for match in GOTO.finditer(sentence.text):
        span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end, match.group(0)))
    return out


def read_sentence(sentence: Span) -> list[Clause]:
    """The clauses of one parsed sentence, in text order."""
    jumps = _jumps(sentence)
    inside = {i for start, end, _ in jumps for i in range(start, end)}
    clauses: list[Clause] = [
        Clause(kind="jump", start=start, end=end, text=text) for start, end, text in jumps
    ]
    clauses.extend(_loose_conditions(sentence, inside))
    heads = [t for t in sentence if _is_clause_head(t) and t.i not in inside]
    # a condition owns its whole subtree: "if you suspect [a provider is compromised]"
    first_kinds: dict[int, tuple[ClauseKind, str]] = {}
    for verb in heads:
        consumed = frozenset(inside)
        first_kinds[verb.i] = _kind(
            verb, _own_tokens(verb, {h.i for h in heads}), sentence.start, consumed
        )
        if first_kinds[verb.i][0] in ("condition", "until") and verb.i not in inside:
            inside.update(t.i for t in verb.subtree if t.i != verb.i)
    heads = [t for t in heads if t.i not in inside]
    head_ids = {t.i for t in heads}
    meta_heads: set[int] = set()
    consumed = frozenset(inside)
    for verb in heads:
        kind = first_kinds[verb.i][0]
        if kind in ("condition", "until"):
            tokens = list(verb.subtree)
        else:
            tokens = [t for t in _own_tokens(verb, head_ids) if t.i not in inside]
        if not tokens:
            continue
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        trigger = verb.dep_ == "advcl" and marks & {"when", "whenever", "once", "after"}
        if verb.head.i in meta_heads and verb.dep_ in ("advcl", "ccomp", "xcomp") and not trigger:
            meta_heads.add(verb.i)
            continue
        text = "".join(t.text_with_ws for t in tokens).strip()
        start, end = tokens[0].i, tokens[-1].i + 1
        kind, marker = first_kinds[verb.i]
        if kind not in ("condition", "until"):
            kind, marker = _kind(verb, tokens, sentence.start, consumed)
        subject, passive = _subject(verb)
        carried = any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children)
        if kind == "action" and verb.lemma_.lower() in _CARRIERS and carried:
            continue
        clause = Clause(
            kind=kind,
            start=start,
            end=end,
            text=text,
            verb=_lemma(verb),
            marker=marker,
            head=verb.i,
            negated=any(c.dep_ == "neg" for c in verb.children),
        )
        if kind in ("condition", "until", "else") and verb.head.i != verb.i:
            clause.governs = verb.head.i
        if kind in ("action", "else", "while"):
            if not _is_action_verb(verb, subject):
                if kind == "action":
                    clause.kind = "meta"
                    meta_heads.add(verb.i)
                clauses.append(clause)
                continue
            clause.passive = passive
            performer = _agent(verb) if passive else subject
            if verb.dep_ == "relcl" and subject is not None and subject.tag_ in ("WP", "WDT"):
                performer = verb.head
            if performer is not None:
                if is_pronoun(performer):
                    clause.pronoun = performer.lower_
                else:
                    clause.actor = actor_phrase(performer)
            clause.name = _name(verb, tokens, subject, passive)
            clause.alternative = verb.dep_ == "conj" and any(
                c.dep_ == "cc" and c.lower_ == "or" for c in verb.head.children
            ) | any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children)
            clause.parallel = bool(_PARALLEL_WORDS.search(text))
            if verb.dep_ == "conj" and not clause.alternative:
                clause.alternative = _or_before(verb)
        clauses.append(clause)
    clauses.sort(key=lambda c: c.start)
    for clause in clauses:
        if clause.marker == "complement":
            owner = next((c for c in clauses if c.head == sentence.doc[clause.head].head.i), None)
            if owner is not None and owner.name:
                owner.name = f"{owner.name} {clause.text.strip(' .;')}"
    _stray_otherwise(sentence, clauses)
    _depending(sentence, clauses)
    return clauses


def _or_before(verb: Token) -> bool:
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


def _loose_conditions(sentence: Span, inside: set[int]) -> list[Clause]:
    """Conditions the parser did not give a verb of their own.

    "Start the voice call if not already in progress": "if" hangs on a phrase. "If
    autoclaving liquids, take the items out": "if" hangs on the main verb while the condition is
    the clause between them. Both become condition clauses on the action they belong to.
    """
    out: list[Clause] = []
    for token in sentence:
        if token.lower_ not in ("if", "unless") or token.i in inside:
            continue
        head = token.head
        if head.pos_ in ("VERB", "AUX") and token.dep_ == "mark":
            between = [
                c
                for c in head.children
                if c.dep_ == "advcl"
                and token.i < c.i < head.i
                and not any(m.dep_ == "mark" for m in c.children)
            ]
            if not between:
                continue
            words = [token, *between[0].subtree]
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
                marker="unless" if token.lower_ == "unless" else "if",
                governs=governs,
                head=words[-1].i,
            )
        )
    return out


def _stray_otherwise(sentence: Span, clauses: list[Clause]) -> None:
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


def _depending(sentence: Span, clauses: list[Clause]) -> None:
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

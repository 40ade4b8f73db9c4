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
from dataclasses import replace

from spacy.tokens import Span, Token

from symphainy.operations.nlp import performers
from symphainy.operations.nlp.actions import (
    advised,
    awaited,
    is_action_verb,
    lemma_of,
    purpose_infinitive,
    restating,
    verb_like,
)
from symphainy.operations.nlp.actors import a_verb, actor_phrase, is_pronoun
from symphainy.operations.nlp.clause import Clause, ClauseKind
from symphainy.operations.nlp.cues import (
    case_of,
    depending,
    inverted_complement,
    jumps_in,
    kind_of,
    loose_conditions,
    main_clauses_hung_on,
    or_before,
    sometimes_cases,
    stray_otherwise,
)

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
_CHOOSING = frozenset({"decide", "determine", "choose"})
_CAUSATIVES = frozenset({"let", "help"})
# "allow the gel to cool", "have the vessel tested by …": the verb whose own subject is the
# object of one of these is what the step lets or gets happen, part of that step's name
_PERMITTING = frozenset({"allow", "permit", "let", "have", "get"})
_DECISION_MADE = frozenset({"make a decision", "take a decision"})
# verbs whose "that" clause is what is checked or borne in mind ("make sure that the title
# reflects the issue", "check that the issue complies with …"): the clause is their object, not
# a step of its own ("note that you must …" often carries an instruction, so "note" is not one)
_KNOWING = frozenset(
    {
        "check",
        "verify",
        "ensure",
        "confirm",
        "track",
        "see",
        "know",
        "remember",
        "acknowledge",
        "understand",
        "notice",
        "keep",
        "indicate",
        "suggest",
        "show",
        "mean",
    }
)
# "…, indicating that Upstart has tried to kill it": a participle saying what something shows
_SHOWING = frozenset({"indicate", "suggest", "show", "mean", "signal"})
_SURE = frozenset({"sure", "certain", "aware"})
# verbs whose "if" clause says what is looked at ("check if the server responds")
_ASKING = frozenset({"check", "see", "verify", "ask", "confirm", "test", "inquire", "find"})
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
        "meantime",
        "simultaneously",
        "concurrently",
        "either",
        "sometimes",
    }
)
_ELSE_LEAD = re.compile(
    r"^(?:otherwise|else|or else|if not(?!\s+already)|if this is not the case|in all other cases|"
    r"in any other case|in the other case)\b",
    re.I,
)
# "if it is not (approved), …": the negation of the decision before, not a condition of its own
_ELSE_PRONOUN = re.compile(
    r"^if (?:it|this|that|they|he|she) (?:is|are|does|do|was|were|has|have)"
    r"(?:n't| not)(?:\s+[\w-]+){0,2}\s*(?:,|then\b|$)",
    re.I,
)
_INVERTED_IF = re.compile(r"^(?:should|were|had)\s+\w+", re.I)
_IN_CASE = re.compile(r"^(?:in case|in the case(?! of)|in the event(?! of)|where)\b", re.I)
_PARALLEL_WORDS = re.compile(
    r"\b(?:in parallel|meanwhile|(?:in the )?meantime|at the same time|simultaneously|"
    r"concurrently)\b",
    re.I,
)


def _is_clause_head(token: Token) -> bool:
    if token.tag_ == "NNS" and verb_like(token):
        return True  # a verb mis-tagged as a plural noun, wherever the parser hung it
    doc = token.doc
    if token.text == "-" or (
        token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    ):
        return False  # "re" and "-" of "re-submit": the verb is the word after them
    if token.dep_ == "acomp" and token.tag_ == "VBN" and token.head.lemma_ == "be":
        return True  # "it is back-ordered": a passive the parser read as "is" + adjective
    if _quoted_label(token):
        return False  # "Click 'Save and view'": the words of a button or label, not actions
    if token.dep_ == "dep" and performers.listed_after(token):
        return True  # "…, (also) issues refunds …": the next action of a comma list
    if token.dep_ not in _CLAUSE_DEPS:
        return False
    if token.dep_ == "conj" and token.head.dep_ in ("amod", "compound", "nmod"):
        return False  # "new and existing tickets": a participle joined to an adjective
    if _object_predicate(token) or _object_infinitive(token) or _manner(token):
        return False
    if _object_participle(token):
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ == "ROOT"


def _object_infinitive(token: Token) -> bool:
    """ "Elect a chair to run the meetings", "give them a place to appeal to": an infinitive
    right after the object, with no subject of its own, says which object; part of the step's
    name ("an order to the sommelier to fetch wine" says what the order is for)."""
    return (
        token.dep_ == "acl"
        and token.tag_ == "VB"
        and token.head.dep_ == "dobj"
        and any(
            c.dep_ == "aux" and c.tag_ == "TO" and c.i == token.head.i + 1 for c in token.children
        )
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and not advised(token)
    )


_RESULT_VERBS = frozenset({"get", "keep", "have"})


def _object_participle(token: Token) -> bool:
    """ "Review the steps listed in the runbook", "return the forms signed by the tenant": a
    participle right after the object, with no subject of its own, says which object; part of
    the step's name, not a clause (which dropped it from the name)."""
    noun = token.head
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
        and token.i == max(t.i for t in noun.subtree if t.i <= token.i)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children)
    )


_POINTING = frozenset({"these", "those", "both"})


def _pointing_back(noun: Token) -> bool:
    """ "These teams", "both groups": a demonstrative and a bare plural collective noun (nothing
    else to name them by) point back at the roles just named ("this team" after a buyer does
    not, so the singular is left as it is)."""
    words = list(noun.subtree)
    return (
        len(words) == 2
        and words[0].dep_ in ("det", "predet")
        and words[0].lower_ in _POINTING
        and words[1].i == noun.i
        and noun.tag_ == "NNS"
        and noun.lemma_.lower() in ("team", "group", "party", "role", "unit", "department")
    )


def _manner(token: Token) -> bool:
    """ "Close the door by pulling up slowly", "reset it by holding the button": the gerund after
    "by" says how the step is done, part of its name, not a step of its own (unless the verb
    before only carries it: "start by checking the invoice")."""
    prep = token.head
    verb = prep.head
    return (
        token.dep_ == "pcomp"
        and token.tag_ == "VBG"
        and prep.lower_ == "by"
        and prep.dep_ == "prep"
        and verb.pos_ == "VERB"
        and verb.lemma_.lower() not in _CARRIERS
        and verb.lemma_.lower() not in ("finish", "end", "complete", "respond", "reply")
    )


_LABEL_WORDS = 6


def _quoted_label(token: Token) -> bool:
    """A verb inside a short quoted span ("Click 'Save and view'", "select “Approve and send”")
    whose words hang on a verb before the quotes: the name of a button, option or status."""
    doc = token.doc
    opening = next(
        (
            t
            for t in reversed(doc[max(0, token.i - _LABEL_WORDS) : token.i])
            if t.tag_ in ("``", "''")
        ),
        None,
    )
    if opening is None or opening.tag_ != "``":
        return False
    closing = next(
        (t for t in doc[token.i + 1 : token.i + 1 + _LABEL_WORDS] if t.tag_ in ("``", "''")), None
    )
    if closing is None or closing.tag_ != "''":
        return False
    head = token
    while opening.i < head.i < closing.i and head.head.i != head.i:
        head = head.head
    return head.i < opening.i and head.pos_ in ("VERB", "AUX")


def _object_predicate(token: Token) -> bool:
    """ "Get the form signed by the director", "keep it sealed": the participle says
    what becomes of the object, part of the step's name, not a clause of its own."""
    noun = token.head
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in _RESULT_VERBS
        and token.i == max(t.i for t in noun.subtree if t.i <= token.i)
    )


def _first_conjunct(verb: Token) -> Token:
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb


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


def _name(verb: Token, tokens: list[Token], subject: Token | None, passive: bool) -> str:
    """The action in the imperative: the verb's lemma and what follows it in its clause."""
    skip: set[int] = set()
    if subject is not None:
        skip |= {t.i for t in subject.subtree}
    agent = performers.agent(verb, tokens) if passive else None
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
    tail = re.sub(r"(?:[\s,]+(?:or|and|except))+$", "", "".join(words).strip(" ,;:.")).strip(
        " ,;:."
    )
    obj = ""
    if passive and subject is not None and subject.lower_ not in ("it", "they", "this", "these"):
        obj = "".join(t.text_with_ws for t in subject.subtree).strip()
        first = obj.split(" ", 1)
        if first and first[0] in ("The", "A", "An", "This", "These", "All", "Each"):
            obj = first[0].lower() + (" " + first[1] if len(first) > 1 else "")
    elif passive and subject is not None:
        obj = subject.lower_
    negation = "Do not " if any(c.dep_ == "neg" for c in verb.children) else ""
    lemma = lemma_of(verb)
    if verb.tag_ == "VBG" and verb.lower_ != lemma and not a_verb(lemma) and a_verb(verb.lower_):
        lemma = verb.lower_  # "ping the team" tagged as a gerund: "pe" is no verb, "ping" is
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].text == "-" and not doc[verb.i - 2].whitespace_:
        lemma = f"{doc[verb.i - 2].lower_}-{lemma}"  # "re-submit": one word, split by the tokenizer
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
    # "if they are not comfortable sharing …": the words the parser split off as a clause of
    # their own still say what the condition is; it is no bare "if they are not"
    said = "".join(t.text_with_ws for t in verb.subtree if t.i not in skip).strip(" ,;:-–—")
    bare_negation = _ELSE_PRONOUN.match(whole) and _ELSE_PRONOUN.match(said)
    if _ELSE_LEAD.match(lead) or _ELSE_LEAD.match(whole) or bare_negation:
        return "else", "otherwise"
    asks = verb.head.lemma_.lower() in _ASKING and verb.head.i < verb.i
    complement = (verb.dep_ in ("ccomp", "xcomp") or asks) and set(marks) & {"if", "whether"}
    # "check whether …", "ask if …": what is checked, unless the check is a choice
    if (
        complement
        and verb.head.lemma_.lower() not in ("decide", "determine", "choose")
        and not _decision_made(verb.head)
    ):
        return "meta", "complement"
    if _checked_that(verb, marks):
        return "meta", "complement"
    if any(m in _CONDITION_MARKS for m in marks) or (
        tokens and tokens[0].lower_ == "if" and tokens[0].i < verb.i
    ):
        excepted = any(
            c.lower_ == "if" and c.i > 0 and verb.doc[c.i - 1].lower_ == "except"
            for c in verb.children
        )  # "… except if the budget is huge": the action runs unless it is
        return "condition", "unless" if "unless" in marks or excepted else "if"
    if "until" in marks or (tokens and tokens[0].lower_ == "until"):
        return "until", "until"
    if "while" in marks or "whilst" in marks:
        return "while", "while"
    if _IN_CASE.match(lead):
        return "condition", "in case"
    if tokens and tokens[0].i == sentence_start and _INVERTED_IF.match(lead):
        subject, _ = performers.subject(verb)
        if subject is not None and tokens[0].i < subject.i and verb.dep_ != "ROOT":
            return "condition", "should"
    if any(m in _TEMPORAL_MARKS for m in marks) and "when" in marks:
        return "action", "when"
    return "action", ""


def _decision_made(verb: Token) -> bool:
    """ "A decision is made whether to fix it or not": the "whether" clause is the choice."""
    return verb.lemma_.lower() in ("make", "take") and any(
        c.lemma_.lower() == "decision" and c.dep_ in ("nsubjpass", "dobj") for c in verb.children
    )


def _checked_that(verb: Token, marks: list[str]) -> bool:
    """ "… track that managers are approving invoices", "Make sure that the title reflects …":
    a "that" clause (or one with no marker) after a verb of checking or knowing."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i > verb.i or (marks and marks != ["that"]):
        return False
    if head.pos_ == "ADJ" and head.lower_ in _SURE:
        return True
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in _KNOWING


def _asked_to(verb: Token) -> bool:
    """ "The help desk asks the user to take pictures": "take pictures" is what is asked."""
    return performers.asked_to(verb)


def _let_do(verb: Token) -> bool:
    """ "Let the Comms Lead know", "help the user find it": the bare verb after a causative is
    part of the causing step ("Let the Comms Lead know"), not a step "Know" of its own."""
    head = verb.head
    if head.lemma_.lower() == "say" and verb.lemma_.lower() == "thank" and head.i < verb.i:
        return True  # "Say thank you on the issue": what is said, not a step "Thank you"
    if _permitted(verb):
        return True
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and verb.tag_ in ("VB", "VBP")  # "let the member know": the bare form, either tag
        and head.i < verb.i
        and head.lemma_.lower() in _CAUSATIVES
        and not any(c.dep_ in ("aux", "mark") for c in verb.children)
    )


def _permitted(verb: Token) -> bool:
    """ "Allow the gel to cool for ten minutes", "have the vessel tested by the maker": the
    clause with its own subject after "allow / let / have / get" is what the step lets happen
    or gets done; one step ("Allow the gel to cool …"), not "Allow" and "Cool"."""
    head = verb.head
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and head.i < verb.i
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() in _PERMITTING
        and verb.tag_ in ("VB", "VBN")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > head.i for c in verb.children)
        and not any(c.dep_ == "mark" for c in verb.children)
    )


def _marks(verb: Token) -> list[str]:
    return [c.lower_ for c in verb.children if c.dep_ == "mark"]


def _showing(verb: Token) -> bool:
    """ "…, indicating that Upstart has tried to kill MySQL": what a state shows, no step."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp", "conj")
        and verb.lemma_.lower() in _SHOWING
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )


def _carrier_adjective(verb: Token) -> bool:
    """ "Feel free to ask", "Make sure to return it", "Be sure to close": the adjective carries
    the verb after it, which is the action."""
    return any(
        c.dep_ == "acomp"
        and c.pos_ == "ADJ"
        and any(g.dep_ == "xcomp" and g.pos_ == "VERB" for g in c.children)
        for c in verb.children
    )


def read_sentence(sentence: Span) -> list[Clause]:
    """The clauses of one parsed sentence, in text order.

    A sentence is read several times while a text is built (is it procedural, does it act,
    its steps); the reading is kept on the parsed document and each caller gets its own copy,
    since the step builder re-labels clauses as it goes."""
    key = f"symphainy.clauses:{sentence.start}:{sentence.end}"
    kept: list[Clause] | None = sentence.doc.user_data.get(key)
    if kept is None:
        kept = _read_sentence(sentence)
        sentence.doc.user_data[key] = kept
    return [replace(c, condition_of=list(c.condition_of)) for c in kept]


def _read_sentence(sentence: Span) -> list[Clause]:
    doc = sentence.doc
    jumps = jumps_in(sentence)
    inside = {i for start, end, _ in jumps for i in range(start, end)}
    clauses: list[Clause] = [
        Clause(kind="jump", start=start, end=end, text=text) for start, end, text in jumps
    ]
    clauses.extend(loose_conditions(sentence, inside))
    clauses.extend(case_of(sentence, inside))
    clauses.extend(kind_of(sentence, inside))
    # "asks the user to take pictures": the asked-for action stays in the asking step's words
    heads = [
        t
        for t in sentence
        if _is_clause_head(t) and t.i not in inside and not _asked_to(t) and not _let_do(t)
    ]
    # a condition owns its whole subtree: "if you suspect [a provider is compromised]"
    first_kinds: dict[int, tuple[ClauseKind, str]] = {}
    extended: dict[int, list[Token]] = {}
    promoted: set[int] = set()  # instructions the parser hung on a condition
    for verb in heads:
        consumed = frozenset(inside)
        first_kinds[verb.i] = _kind(
            verb, _own_tokens(verb, {h.i for h in heads}), sentence.start, consumed
        )
        if first_kinds[verb.i][0] in ("condition", "until") and verb.i not in inside:
            owner = inverted_complement(verb)
            main = main_clauses_hung_on(owner or verb)
            if main or owner is not None:
                extended[verb.i] = [t for t in (owner or verb).subtree if t.i not in main]
            inside.update(t.i for t in (owner or verb).subtree if t.i != verb.i and t.i not in main)
            promoted.update(i for i in main if sentence.doc[i].head.i not in main)
    for index in sorted(promoted - {h.i for h in heads}):
        verb = sentence.doc[index]
        heads.append(verb)
        first_kinds[index] = ("action", "")
    heads = sorted((t for t in heads if t.i not in inside), key=lambda t: t.i)
    head_ids = {t.i for t in heads}
    # "… the request or the GO confirms …": "or the GO" is the next action's subject
    moved = {i for verb in heads for i in performers.detached(verb)}
    for verb in heads:
        if verb.i >= 2 and doc[verb.i - 1].text == "-" and not doc[verb.i - 2].whitespace_:
            # "must re-submit": the prefix, hyphen and auxiliaries are this verb's words
            prefix = doc[verb.i - 2]
            moved |= {prefix.i, verb.i - 1} | {c.i for c in prefix.children if c.dep_ != "conj"}
    meta_heads: set[int] = set()
    checked: set[int] = set()
    consumed = frozenset(inside)
    for verb in heads:
        kind = first_kinds[verb.i][0]
        if kind in ("condition", "until"):
            tokens = extended.get(verb.i) or list(verb.subtree)
        else:
            tokens = [t for t in _own_tokens(verb, head_ids) if t.i not in inside | moved]
        if not tokens:
            continue
        # "… starts when any employee submits a request": the trigger is an action ("when" may
        # be the verb's marker or its adverb)
        marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
        trigger = verb.dep_ == "advcl" and marks & {"when", "whenever", "once", "after"}
        under = (
            ("advcl", "ccomp", "xcomp", "conj")
            if verb.head.i in checked
            else ("advcl", "ccomp", "xcomp")
        )
        if verb.head.i in meta_heads and verb.dep_ in under and not trigger:
            meta_heads.add(verb.i)
            if verb.head.i in checked:
                checked.add(verb.i)
            continue
        text = "".join(t.text_with_ws for t in tokens).strip()
        start, end = tokens[0].i, tokens[-1].i + 1
        kind, marker = first_kinds[verb.i]
        if kind not in ("condition", "until"):
            kind, marker = _kind(verb, tokens, sentence.start, consumed)
        if kind == "meta" and marker == "complement" and _checked_that(verb, _marks(verb)):
            # what is checked or shown, with everything hung on it ("… that Upstart has tried
            # to kill MySQL but it is refusing to die")
            meta_heads.add(verb.i)
            checked.add(verb.i)
        subject, passive = performers.subject(verb)
        carried = any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children)
        if kind == "action" and _carrier_adjective(verb):
            continue
        if kind == "action" and _showing(verb):
            meta_heads.add(verb.i)
            checked.add(verb.i)
            continue
        if kind == "action" and verb.lemma_.lower() in _CARRIERS and carried:
            if purpose_infinitive(verb):
                meta_heads.add(verb.i)  # "… to the kitchen to begin preparing the food"
            continue
        clause = Clause(
            kind=kind,
            start=start,
            end=end,
            text=text,
            verb=lemma_of(verb),
            marker=marker,
            head=verb.i,
            negated=any(c.dep_ == "neg" for c in verb.children),
        )
        if kind in ("condition", "until", "else") and verb.head.i != verb.i:
            clause.governs = verb.head.i
        if kind in ("action", "else", "while"):
            if not is_action_verb(verb, subject):
                if kind == "action":
                    clause.kind = "meta"
                    meta_heads.add(verb.i)
                    if awaited(verb):
                        clause.marker = "complement"  # named with the waiting step
                    said_by = performers.agent(verb) if restating(verb, subject) else None
                    if said_by is not None:
                        # "That is done by the call center staff": who did the step before
                        clause.marker, clause.actor = "restates", actor_phrase(said_by)
                clauses.append(clause)
                continue
            clause.passive = passive
            performer = performers.performer(verb, subject, passive, tokens)
            if (
                performer is not None
                and subject is not None
                and performer.i == subject.i
                and subject.head.i != verb.i
                and verb.dep_ == "conj"
                and first_kinds.get(_first_conjunct(verb).i, ("action", ""))[0] == "condition"
            ):
                # "If your plan incurs costs, email the team": the instruction the parser joined
                # to the condition has no subject of its own; the condition's is not its doer
                performer = None
            if performer is not None:
                if is_pronoun(performer):
                    clause.pronoun = performer.lower_
                elif _pointing_back(performer):
                    # "These teams then sign off …": the roles just named, like "they"
                    clause.pronoun = "they"
                else:
                    clause.actor = actor_phrase(performer)
                    clause.plural, clause.also = performers.number_and_partners(performer)
            clause.name = _name(verb, tokens, subject, passive)
            clause.alternative = verb.dep_ == "conj" and any(
                c.dep_ == "cc" and c.lower_ == "or" for c in verb.head.children
            ) | any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children)
            clause.parallel = bool(_PARALLEL_WORDS.search(text))
            unmarked = not any(c.dep_ == "mark" for c in verb.children)
            if verb.dep_ in ("conj", "advcl", "ccomp") and unmarked and not clause.alternative:
                clause.alternative = or_before(verb)
            if verb.dep_ == "advcl" and any(c.lower_ == "whereas" for c in verb.children):
                # "Amounts under $200 are approved, whereas larger amounts need approval":
                # contrasted cases, one of which applies
                clause.alternative = True
        clauses.append(clause)
    clauses.sort(key=lambda c: c.start)
    _joined_conditions(clauses)
    sometimes_cases(sentence, clauses)
    for clause in clauses:
        if clause.marker == "complement":
            asked_by = sentence.doc[clause.head].head
            if asked_by.pos_ == "ADJ" and asked_by.dep_ in ("acomp", "ccomp"):
                # "Make sure that …": the asker is "make" (without "that" the parser may hang
                # "sure" on "make" as a clause of its own)
                asked_by = asked_by.head
            asker = next((c for c in clauses if c.head == asked_by.i), None)
            if asker is not None and asker.name:
                said = re.sub(r"[\s,]+(?:and|or|but|then)$", "", clause.text.strip(" .;,"))
                asker.name = f"{asker.name} {said}"
    stray_otherwise(sentence, clauses)
    depending(sentence, clauses)
    _choices(clauses)
    return clauses


def _joined_conditions(clauses: list[Clause]) -> None:
    """ "In the case a change is rolled back or if it will not be completed, apply …": two
    conditions joined by "or"/"and" are the condition of one decision, not two."""
    at = 0
    while at + 1 < len(clauses):
        first, second = clauses[at], clauses[at + 1]
        joined = re.search(r"\s(?:or|and)$", first.text.strip(" ,"), re.I)
        if first.kind == second.kind == "condition" and joined and second.start - first.end <= 1:
            first.text = f"{first.text.strip(' ,')} {second.text.strip()}"
            first.end = second.end
            if second.governs >= 0:
                first.governs = second.governs
            clauses.pop(at + 1)
            continue
        at += 1


def _choices(clauses: list[Clause]) -> None:
    """ "The manager decides whether the claim is paid": the choice is the decision itself, made
    by the chooser, not a step "Decide" before it."""
    for clause in [c for c in clauses if c.kind == "condition" and c.governs >= 0]:
        chooser = next(
            (
                c
                for c in clauses
                if c.kind == "action"
                and c.head == clause.governs
                and (c.verb in _CHOOSING or c.name.lower() in _DECISION_MADE)
            ),
            None,
        )
        if chooser is not None and (
            len(chooser.name.split()) == 1 or chooser.verb not in _CHOOSING
        ):
            clause.actor, clause.pronoun = chooser.actor, chooser.pronoun
            clauses.remove(chooser)

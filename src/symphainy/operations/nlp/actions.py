"""Whether a verb heading a clause is an action someone takes: not a state ("is", "orders
include wine"), not a purpose ("… to get approval"), not the document or process speaking of
itself, and in a relative clause only when the clause stands for a role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symphainy.operations.nlp import performers
from symphainy.operations.nlp.actors import actor_phrase, is_pronoun

if TYPE_CHECKING:  # spaCy's types only; the parser is loaded on first use
    from spacy.tokens import Token

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
# verbs that say what a thing holds or amounts to when a thing is their subject
_HAVING = frozenset({"include", "contain", "comprise", "involve", "mean", "cost", "hold"})
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


def verb_like(token: Token) -> bool:
    """A verb the tagger took for a plural noun ("The Incident Manager notifies the …"): the
    parser still gave it a subject and an object, which only a verb has."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    deps = {c.dep_ for c in token.children}
    return token.tag_ == "NNS" and "nsubj" in deps and "dobj" in deps


def lemma_of(token: Token) -> str:
    """The verb's base form; for a verb tagged as a plural noun, the word without its -s."""
    if token.pos_ in ("VERB", "AUX") or not token.lower_.endswith("s"):
        return token.lemma_.lower() or token.lower_
    word = token.lower_
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


_TIME_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "while", "time", "moment"}
)


def _lasts(verb: Token, lemma: str, subject: Token | None) -> bool:
    """ "Payment processing can take up to 7 days", "The review takes two weeks": how long a
    thing lasts, not a step (a role can still take something: "The clerk takes the form")."""
    if lemma not in ("take", "last") or (subject is not None and actor_phrase(subject)):
        return False
    return any(
        c.dep_ in ("dobj", "npadvmod") and c.lemma_.lower() in _TIME_UNITS for c in verb.children
    )


def is_action_verb(verb: Token, subject: Token | None) -> bool:
    """Whether ``verb`` (with ``subject``, if any) states an action someone takes."""
    lemma = lemma_of(verb)
    if not verb_like(verb):
        return False
    if _lasts(verb, lemma, subject):
        return False
    if lemma in _STATE_VERBS and verb.pos_ == "AUX":
        return False
    stative = lemma in _STATE_VERBS
    # "Most orders include wine": what a thing holds, unless a role does it ("The clerk
    # includes the receipt"); an instruction ("Include the receipt") has no subject
    holds = lemma in _HAVING and subject is not None and not is_pronoun(subject)
    if holds and subject is not None and actor_phrase(subject) is None:
        return False
    takes_object = any(c.dep_ == "dobj" for c in verb.children)
    if stative and not _holds_event(verb, lemma) and (lemma in ("be", "have") or not takes_object):
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
    if verb.dep_ == "advcl" and marks & _PURPOSE_MARKS:
        return False
    if purpose_infinitive(verb):
        return False
    if verb.dep_ == "advcl" and awaited(verb):
        return False
    relative = subject is not None and subject.tag_ in ("WP", "WDT")
    if subject is not None and relative and not _relative_actor(verb, subject):
        return False
    if any(c.dep_ == "neg" for c in verb.children) and any(
        c.dep_ == "auxpass" for c in verb.children
    ):
        return False
    if (verb.dep_ == "acl" and not advised(verb)) or _adjective(verb) or _elaboration(verb):
        return False
    if role_description(verb):
        return False
    if _denied(verb, subject) or _presupposed(verb) or restating(verb, subject):
        return False
    when = any(c.lower_ in ("when", "whenever") for c in verb.children)
    if verb.dep_ == "relcl" and not when and not relative:
        return False
    meta = subject is not None and (
        subject.lemma_.lower() in _META_SUBJECTS or _process_instance(subject)
    )
    return not (meta and performers.agent(verb) is None)


# "This is a good opportunity to revisit the objectives": the occasion named, the action advised
_OCCASIONS = frozenset({"opportunity", "time", "chance", "idea", "moment"})


def advised(verb: Token) -> bool:
    """ "This is a good opportunity to revisit the objectives", "it is a good idea to ask":
    the infinitive after an occasion that "this/it is" names is the action advised."""
    occasion = verb.head
    carrier = occasion.head
    return (
        any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        and occasion.lemma_.lower() in _OCCASIONS
        and occasion.dep_ == "attr"
        and carrier.lemma_.lower() == "be"
        and any(
            c.dep_ in ("nsubj", "expl") and c.lower_ in ("this", "it", "that", "now")
            for c in carrier.children
        )
    )


# "has a conversation with the author", "hold a meeting": having an event is doing it
_EVENTS = frozenset({"conversation", "discussion", "meeting", "call", "chat", "talk", "debrief"})


def _holds_event(verb: Token, lemma: str) -> bool:
    return lemma == "have" and (
        any(c.dep_ == "dobj" and c.lemma_.lower() in _EVENTS for c in verb.children)
        or _gets_done(verb)
    )


def _gets_done(verb: Token) -> bool:
    """ "have the vessel tested by the maker", "have the form signed": a participle with the
    object as its subject (or hung on the object) says what is got done; "have" is the step."""
    for child in verb.children:
        if child.i < verb.i or child.tag_ != "VBN":
            continue
        if child.dep_ in ("ccomp", "xcomp") and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in child.children
        ):
            return True
    return any(
        c.dep_ == "dobj" and any(g.dep_ == "acl" and g.tag_ == "VBN" for g in c.children)
        for c in verb.children
    )


def _adjective(verb: Token) -> bool:
    """ "Established underwriters", "the receipt and copied documents": a participle describing
    a noun, with no subject or object of its own, says what a thing is, not what is done."""
    if verb.tag_ not in ("VBN", "VBG") or verb.head.i == verb.i:
        return False
    on_noun = verb.dep_ == "amod" or (
        verb.dep_ == "conj" and verb.head.pos_ in ("NOUN", "PROPN") and verb.i < verb.head.i + 4
    )
    own = any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep") for c in verb.children)
    # "puts the receipt and copied documents into …": a bare past participle joined to a verb
    # in the present describes the next noun (the parser made it a verb of its own)
    helped = any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
    beside_present = (
        verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.tag_ in ("VBZ", "VBP", "VB")
    )
    if beside_present and not helped and verb.i + 1 < len(verb.doc):
        follower = verb.doc[verb.i + 1]
        if follower.pos_ in ("NOUN", "PROPN") and follower.head.i == verb.i:
            return True
    return on_noun and not own


def _elaboration(verb: Token) -> bool:
    """ "the waiter readies a cart (i.e., puts a tablecloth on it …)": what a parenthesis
    opened by "i.e." / "e.g." says spells out the step before it; it is not a step."""
    sentence = verb.sent
    if verb.dep_ == "ROOT":
        return False  # the parse hangs the sentence on it: the parenthesis was misread
    for at in range(verb.i - 1, sentence.start - 1, -1):
        word = verb.doc[at].lower_
        if word == ")":
            return False
        if word == "(":
            after = verb.doc[at + 1].lower_.rstrip(",") if at + 1 < len(verb.doc) else ""
            return after in ("i.e.", "e.g.", "ie", "eg", "i.e", "e.g")
    return False


_ROLE_VERBS = frozenset({"play", "have", "serve", "fulfil", "fulfill", "assume"})
_ROLE_NOUNS = frozenset({"role", "function", "part"})


def role_description(verb: Token) -> bool:
    """ "Usually they play a triple role: first they advise the company, then they buy the
    issue …": a sentence that says what role someone plays describes them, and what follows
    its colon spells the role out; neither is a step of the process."""
    sentence = verb.sent
    for token in sentence:
        if (
            token.lemma_.lower() in _ROLE_NOUNS
            and token.dep_ == "dobj"
            and token.head.lemma_.lower() in _ROLE_VERBS
        ):
            head = token.head
            colon = next((t.i for t in sentence if t.i > token.i and t.text == ":"), None)
            return verb.i == head.i or (colon is not None and verb.i > colon)
    return False


_BESIDES = ("in addition to", "besides", "apart from", "as well as")
_DOING = frozenset({"do", "achieve", "accomplish", "perform", "handle", "carry"})


def _presupposed(verb: Token) -> bool:
    """ "In addition to registering the issue with the SEC, they check …": what "in addition
    to" / "besides" takes for granted was said before; it is not a new step."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp":
        return False
    before = verb.doc[max(verb.sent.start, verb.i - 3) : verb.i].text.lower()
    return before.endswith(_BESIDES)


def restating(verb: Token, subject: Token | None) -> bool:
    """ "That is done by the call center staff", "This can be achieved in several ways": "this" /
    "that" done speaks of a step already said, not of a new one."""
    if subject is None or subject.lower_ not in ("this", "that") or subject.dep_ != "nsubjpass":
        return False
    return verb.lemma_.lower() in _DOING


def _denied(verb: Token, subject: Token | None) -> bool:
    """ "underwriters will not handle a new issue unless …", "when they haven't found any
    reason": a statement that someone does not do something is no step. An instruction not to
    do something ("Do not restart the server") has no subject and stays a step."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    # "collectd cannot talk to Fastly so restart collectd": what follows is still to be done
    carries = any(c.dep_ == "conj" for c in verb.children)
    return negated and not carries and subject is not None and subject.lower_ not in ("you",)


def _process_instance(noun: Token) -> bool:
    """ "a new process instance is created", "the process step is finished": the process
    speaking of itself, not an action someone takes."""
    parts = {c.lemma_.lower() for c in noun.children if c.dep_ == "compound"}
    return noun.lemma_.lower() in ("instance", "step", "phase", "stage") and bool(
        parts & {"process", "procedure", "workflow"}
    )


def awaited(verb: Token) -> bool:
    """ "wait for the product to be delivered", "waiting for the customer to come back": what is
    waited for happens elsewhere; the step is the waiting."""
    marked = any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children)
    return marked and verb.head.lemma_.lower() in ("wait", "await")


def purpose_infinitive(verb: Token) -> bool:
    """ "… is checked to see whether …", "gives an order to the sommelier to fetch wine": an
    infinitive with no subject of its own after an action on something says what the action is
    for. After a verb with no object ("Go through the history to identify the responders") the
    infinitive is the action."""
    to = any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    if verb.dep_ == "conj" and verb.head.dep_ in ("advcl", "acl"):
        # "… an order to the sommelier to fetch wine and to prepare other drinks": the second
        # purpose of the same action or order
        first = verb.head
        said_first = first.dep_ == "acl" and any(c.tag_ == "TO" for c in first.children)
        return to and not own_subject and (said_first or purpose_infinitive(first))
    if verb.dep_ != "advcl":
        return False
    opener = next((t for t in verb.sent if not t.is_punct and not t.is_space), None)
    # "To make best use of our resources, we use …": a leading purpose
    leading = opener is not None and opener.tag_ == "TO" and opener.head.i == verb.i
    if to and not own_subject and verb.i < verb.head.i and leading:
        return True
    acted_on = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.head.children)
    return to and not own_subject and acted_on and verb.head.i < verb.i


def _relative_actor(verb: Token, pronoun: Token) -> bool:
    """A "who"/"that"/"which" clause acts when the noun it stands for names someone ("the
    purchase department that selects a vendor"), not a thing ("the form that holds …")."""
    if pronoun.tag_ == "WP" and pronoun.lower_ == "who":
        return True
    return actor_phrase(performers.antecedent(verb, pronoun)) is not None

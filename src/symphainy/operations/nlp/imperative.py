"""Instructions the small English model misreads: a capitalised imperative tagged as a noun, or
a rare verb after its subject tagged as a plural noun ("The MSPO deregisters at the GO")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from symphainy.operations.nlp import pipeline
from symphainy.operations.nlp.actors import actor_phrase

_CLOSED_TAGS = frozenset(
    {"DT", "PRP", "PRP$", "IN", "CC", "WRB", "WDT", "WP", "RB", "CD", "EX", "MD", "TO", "UH"}
)


def imperative(sentence: Span) -> Span:
    """The sentence re-read as an instruction when the tagger took its first word for a noun.

    The small English model often tags a capitalised imperative ("Load items …", "Vortex.",
    "Isolate affected instances.") as a noun or a name. Read again as "You load items …", the
    same word comes out as the root verb; that reading is kept only when it does.
    """
    first = sentence[0]
    if first.lower_ in ("or", "and") and first.tag_ == "CC" and len(sentence) > 2:
        # "Or solicit reviewers outside the list.": the alternative's instruction after "Or"
        return _as_instruction(sentence.text[len(first.text_with_ws) :], sentence)
    # "Tag the release and push the tag": an "interjection" with an object is a verb
    object_taker = first.tag_ == "UH" and any(c.dep_ == "dobj" for c in first.children)
    if not first.text[:1].isupper() or (first.tag_ in _CLOSED_TAGS and not object_taker):
        return sentence
    if first.pos_ in ("VERB", "AUX") and first.dep_ == "ROOT":
        return sentence
    if first.tag_ == "VBN" and first.dep_ == "amod":
        return sentence  # "Established underwriters prepare …": a participle, not an order
    if sentence.root.tag_ == "VBZ" and sentence.root.i != first.i:
        return sentence
    return _as_instruction(sentence.text, sentence)


def _as_instruction(text: str, sentence: Span) -> Span:
    """``text`` read as "You …"; kept when its first word then comes out the root verb."""
    again = pipeline.parse("You " + text[:1].lower() + text[1:])
    if again is None:
        return sentence
    reread = next(iter(again.sents))
    verb = again[1] if len(again) > 1 else None
    if verb is not None and verb.pos_ == "VERB" and verb.dep_ == "ROOT":
        return reread
    return sentence


def bare_subject(sentence: Span) -> Span:
    """ "Help desk opens a ticket.": a subject written without its article, whose first word the
    tagger took for an imperative ("Help") with the real verb hung under it. Read again as "The
    help desk opens a ticket"; kept only when the verb then is the root and its subject names a
    role."""
    first = sentence[0]
    if _noun_phrase_misread(sentence):
        return _with_article(sentence)
    if not (first.dep_ == "ROOT" and first.tag_ == "VB" and first.text[:1].isupper()):
        return sentence
    verb = next(
        (c for c in first.children if c.dep_ == "ccomp" and c.tag_ == "VBZ" and c.i > first.i),
        None,
    )
    subject = (
        next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    )
    if subject is None or subject.left_edge.i != first.i + 1:
        return sentence
    again = pipeline.parse("The " + first.text[:1].lower() + sentence.text[1:])
    if again is None:
        return sentence
    reread = next(iter(again.sents))
    said = next((c for c in reread.root.children if c.dep_ == "nsubj"), None)
    if reread.root.tag_ == "VBZ" and said is not None and actor_phrase(said) is not None:
        return reread
    return sentence


def _noun_phrase_misread(sentence: Span) -> bool:
    """ "Customer contacts GitLab Support through the portal.": a role without its article and a
    verb in the third person the tagger read as a plural noun, the sentence one noun phrase."""
    if len(sentence) < 3:
        return False
    first, second = sentence[0], sentence[1]
    return (
        sentence.root.pos_ in ("NOUN", "PROPN")
        and first.tag_ in ("NN", "NNP", "JJ")  # "Patient" may be tagged an adjective
        and first.text[:1].isupper()
        and second.tag_ == "NNS"
        and second.lower_.endswith("s")
        and not any(t.pos_ in ("VERB", "AUX") for t in sentence)
    )


def _with_article(sentence: Span) -> Span:
    first = sentence[0]
    again = pipeline.parse("The " + first.text[:1].lower() + sentence.text[1:])
    if again is None:
        return sentence
    reread = next(iter(again.sents))
    root = reread.root
    said = next(
        (c for c in root.children if c.dep_ in ("nsubj", "compound") and c.i < root.i), None
    )
    if root.tag_ == "VBZ" and said is not None and actor_phrase(said) is not None:
        return reread
    return sentence


_LEADING_CONDITION = frozenset({"if", "when", "once", "unless", "whenever"})
_SUBJECT_PRONOUNS = frozenset({"you", "we", "they", "he", "she"})


def comma_after_condition(sentence: Span) -> Span:
    """ "If you are selected as an editor you get mentioned in the issue": a leading condition
    written without its comma, which the parser then took for the whole sentence (the main
    clause hung inside it). Read again with the comma before the pronoun that opens the main
    clause; that reading is kept only when the condition then hangs on a main verb after it."""
    words = [t for t in sentence if not t.is_space]
    if len(words) < 6 or words[0].lower_ not in _LEADING_CONDITION:
        return sentence
    if any(t.text in (",", ";", ":") for t in words) or words[0].head.i != sentence.root.i:
        return sentence
    opener = next(
        (
            t
            for t in words[3:]
            if t.lower_ in _SUBJECT_PRONOUNS
            and t.tag_ == "PRP"
            and t.doc[t.i - 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
        ),
        None,
    )
    if opener is None:
        return sentence
    at = opener.idx - sentence.start_char
    text = sentence.text
    again = pipeline.parse(text[:at].rstrip() + ", " + text[at:])
    if again is None:
        return sentence
    reread = next(iter(again.sents))
    comma = next(t for t in again if t.text == ",")
    condition = reread[0]
    if (
        reread.root.i > comma.i
        and condition.head.i < comma.i
        and condition.head.head.i == reread.root.i
    ):
        return reread
    return sentence


def verbless(sentence: Span) -> Span:
    """A verb the tagger took for a plural noun, read again with "then" before it.

    "The MSPO deregisters at the GO" (no verb at all, the root a plural noun right after a noun)
    and "… captures the details and prints the file" (a plural noun after "and"/"or" followed by
    a determiner, where a noun cannot stand) are parsed again as "The MSPO then deregisters …",
    "… and then prints the file"; a plural noun opening the next item of a comma list of actions
    after a finite verb ("The team reviews the request, issues refunds …, and …") is parsed
    again with "also" before it, the word the parser needs there. Either reading is kept only
    when the word comes out a verb.
    """
    word = _noun_for_verb(sentence)
    if word is None:
        return sentence
    at = word.idx - sentence.start_char
    text = sentence.text
    filler = "also " if word.doc[word.i - 1].text == "," else "then "
    again = pipeline.parse(text[:at] + filler + text[at:])
    if again is None:
        return sentence
    verb = again[word.i - sentence.start + 1]
    # after "also" the parser may hang the verb as "dep" or "advcl"; it is still the action
    deps = ("ROOT", "conj", "dep", "advcl") if filler == "also " else ("ROOT", "conj")
    if verb.pos_ == "VERB" and verb.dep_ in deps:
        return next(iter(again.sents))
    return sentence


def _noun_for_verb(sentence: Span) -> Token | None:
    root = sentence.root
    if not any(t.pos_ in ("VERB", "AUX") for t in sentence) and root.tag_ == "NNS":
        before = root.doc[root.i - 1] if root.i > sentence.start else None
        return root if before is not None and before.pos_ in ("NOUN", "PROPN") else None
    for token in sentence[1:-1]:
        previous, following = token.doc[token.i - 1], token.doc[token.i + 1]
        if (
            token.tag_ == "NNS"
            and token.dep_ == "conj"
            and previous.lower_ in ("and", "or")
            and (following.tag_ in ("DT", "PRP$") or _infinitive_after(token))
        ):
            return token
        if _listed_action(token, sentence):
            return token
    return None


def _infinitive_after(token: Token) -> bool:
    """ "The editor looks at the software submitted and checks to see if …": a plural noun
    followed by "to" and a bare verb, after a third-person verb with a subject, is that
    subject's next action ("checks to see"), not a thing."""
    doc = token.doc
    if token.i + 2 >= len(doc) or doc[token.i + 1].tag_ != "TO" or doc[token.i + 2].tag_ != "VB":
        return False
    return any(
        t.tag_ == "VBZ" and any(c.dep_ == "nsubj" for c in t.children)
        for t in doc[token.sent.start : token.i]
    )


def _listed_action(token: Token, sentence: Span) -> bool:
    """A plural noun right after a comma that follows a finite verb of the same sentence, which
    the parser made a subject or hung on a verb as its conjunct: only a verb stands there."""
    if token.tag_ != "NNS" or token.doc[token.i - 1].text != ",":
        return False
    if token.dep_ != "nsubj" and not (token.dep_ == "conj" and token.head.pos_ == "VERB"):
        return False
    return any(
        t.tag_ == "VBZ" and t.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in t.children)
        for t in sentence
        if t.i < token.i
    )

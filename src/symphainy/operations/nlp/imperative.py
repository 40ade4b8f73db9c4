"""Instructions the small English model misreads: a capitalised imperative tagged as a noun, or
a rare verb after its subject tagged as a plural noun ("The MSPO deregisters at the GO")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from symphainy.operations.nlp import pipeline

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
    text = sentence.text
    again = pipeline.parse("You " + text[:1].lower() + text[1:])
    if again is None:
        return sentence
    reread = next(iter(again.sents))
    verb = again[1] if len(again) > 1 else None
    if verb is not None and verb.pos_ == "VERB" and verb.dep_ == "ROOT":
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
            and following.tag_ in ("DT", "PRP$")
        ):
            return token
        if _listed_action(token, sentence):
            return token
    return None


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

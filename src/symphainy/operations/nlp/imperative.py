"""Instructions the small English model misreads: a capitalised imperative tagged as a noun, or
a rare verb after its subject tagged as a plural noun ("The MSPO deregisters at the GO")."""

from __future__ import annotations

from spacy.tokens import Span

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
    if not first.text[:1].isupper() or first.tag_ in _CLOSED_TAGS:
        return sentence
    if first.pos_ in ("VERB", "AUX") and first.dep_ == "ROOT":
        return sentence
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
    """ "The MSPO deregisters at the GO": with no verb in the sentence and a plural noun as its
    root right after a noun, the root is read again as the verb ("The MSPO then deregisters …");
    that reading is kept only when the parser then makes it the verb."""
    root = sentence.root
    if any(t.pos_ in ("VERB", "AUX") for t in sentence) or root.tag_ != "NNS":
        return sentence
    before = root.doc[root.i - 1] if root.i > sentence.start else None
    if before is None or before.pos_ not in ("NOUN", "PROPN"):
        return sentence
    at = root.idx - sentence.start_char
    text = sentence.text
    again = pipeline.parse(text[:at] + "then " + text[at:])
    if again is None:
        return sentence
    verb = again[root.i - sentence.start + 1]
    if verb.pos_ == "VERB" and verb.dep_ == "ROOT":
        return next(iter(again.sents))
    return sentence

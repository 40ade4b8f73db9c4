"""A step's name and the object its verb acts on, from the words of one clause."""

from __future__ import annotations

import re

OBJECT_STOP = frozenset(
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
DETERMINERS = frozenset(
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


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def tidy_name(text: str, limit: int = 160) -> str:
    """A step name: one line, no trailing full stop, at most ``limit`` characters."""
    name = " ".join(text.split()).strip(" ;,")
    if name.endswith(".") and not name.endswith("..."):
        name = name[:-1].rstrip()
    if len(name) > limit:
        cut = name[:limit].rsplit(" ", 1)[0]
        name = cut.rstrip(" ,;:") + "…"
    return capitalise(name)


def object_after(text: str, verb: str) -> str | None:
    """The noun phrase right after ``verb`` (its direct object), if there is one."""
    pattern = re.compile(rf"\b{re.escape(verb)}\w*\s+(?P<rest>[^.;:!?]+)", re.I)
    match = pattern.search(text)
    if not match:
        return None
    words: list[str] = []
    for raw in match.group("rest").split():
        word = raw.strip(",()\"'")
        if word.lower() in OBJECT_STOP or raw.endswith(","):
            if raw.endswith(",") and word.lower() not in OBJECT_STOP:
                words.append(word)
            break
        words.append(word)
        if len(words) >= 6:
            break
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    phrase = " ".join(words).strip()
    return phrase or None

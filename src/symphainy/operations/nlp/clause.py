"""One clause of a sentence as the extractor reads it: its kind, words, verb, name and actor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClauseKind = Literal["action", "condition", "else", "until", "while", "meta", "jump"]


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
    plural: bool = False  # the actor is plural ("the clerks", "A and B"): "they", not "he"
    also: list[str] = field(default_factory=list)  # "A and B approve it": B's, beside A's
    passive: bool = False
    alternative: bool = False  # joined to the previous action by "or"
    parallel: bool = False  # says it runs at the same time as the clause before
    negated: bool = False
    marker: str = ""
    governs: int = -1  # for a condition after its action: the token index of that action
    head: int = -1
    condition_of: list[int] = field(default_factory=list)

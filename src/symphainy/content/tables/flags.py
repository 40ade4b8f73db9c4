"""When a column of 1 and 0 is a yes/no flag rather than a count.

The decision (issue 12): pandas, readr and Excel all read a column of 0 and 1 as numbers, and
an analyst often wants it so: the mean of ``survived`` or of a candy's ``chocolate`` is the
share of yes, and a 0/1 column of counts (``children``, ``defects``) must stay summable. So the
values alone never make a flag. A 0/1 column becomes a boolean only when its header says it is
one: a question (``is_active``, ``has_email``, ``Paid?``) or a name for a flag (``flag``,
``indicator``, ``_yn``). Both states must appear, as for yes/no columns.
"""

from __future__ import annotations

import re

_QUESTION_WORDS = frozenset(
    {"is", "has", "have", "had", "was", "were", "can", "could", "did", "does", "do", "should"}
)
_FLAG_WORDS = frozenset({"flag", "flagged", "indicator", "bool", "boolean", "yn", "yesno"})


def _words(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)  # isActive -> is Active
    return [w for w in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if w]


def names_a_flag(name: str) -> bool:
    """Whether a header reads as a yes/no question or a flag's name."""
    words = _words(name)
    if not words:
        return False
    if name.strip().endswith("?"):
        return True
    if words[0] in _QUESTION_WORDS and len(words) > 1:
        return True
    return any(w in _FLAG_WORDS for w in words)


def is_flag(name: str, distinct: set[int]) -> bool:
    """A 0/1 column (both present) under a header that names a flag."""
    return distinct == {0, 1} and names_a_flag(name)

"""Every figure a reply states must be one its tools computed.

A model writes a reply from tool results; this reads the numbers in what it wrote and checks
each against the numbers of the results it had (their data, facts and headlines) and the
user's own message. Dates are dates, not three numbers; a small count (0-10: "3 steps", "2
files") is allowed as wording; a value may be shown rounded (0-3 decimals) or as a percent.
"""

from __future__ import annotations

import math
import re
from typing import Any

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b|\b\d{4}/\d{2}/\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
SMALL = 10


def numbers_in(text: str) -> list[float]:
    found = []
    for match in _NUMBER.findall(_DATE.sub(" ", text)):
        try:
            found.append(float(match.replace(",", "")))
        except ValueError:
            continue
    return found


def numbers_of(value: Any) -> set[float]:
    """Every number in a tool result, however deep, including those written in its strings."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {float(value)} if math.isfinite(value) else set()
    if isinstance(value, str):
        return set(numbers_in(value))
    if isinstance(value, dict):
        return {n for v in value.values() for n in numbers_of(v)}
    if isinstance(value, list | tuple):
        return {n for v in value for n in numbers_of(v)}
    return set()


def same(stated: float, computed: float) -> bool:
    """``stated`` is ``computed`` as displayed: rounded to 0-3 decimals, or as a percent."""
    return any(
        abs(round(candidate, digits) - stated) < 1e-9
        for candidate in (computed, computed * 100)
        for digits in (0, 1, 2, 3)
    )


def unsupported(text: str, results: list[dict[str, Any]], message: str = "") -> list[float]:
    """The numbers of ``text`` that no result (nor the user's message) holds."""
    computed = numbers_of(results) | set(numbers_in(message))
    return [
        n
        for n in numbers_in(text)
        if not (n.is_integer() and 0 <= n <= SMALL) and not any(same(n, c) for c in computed)
    ]

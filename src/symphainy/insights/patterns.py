"""Regular expressions (DuckDB/RE2 syntax) for values with a recognisable shape."""

from __future__ import annotations

EMAIL = r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
PHONE = r"\+?[0-9][0-9 ().\-]{5,18}[0-9]"
URL = r"(https?://|www\.)[^\s]+"
ID_LIKE = r"[A-Za-z]{0,6}[-_#]?[0-9]{2,}[-_]?[A-Za-z0-9]*"
PATTERNS: dict[str, str] = {"email": EMAIL, "phone": PHONE, "url": URL, "id_like": ID_LIKE}
# Shapes Quality needs (dates and numbers written as text) are counted in the same pass.

# Cheap tests a value must pass before the regular expression is tried: most text fails them,
# which spares the regex engine. They never reject a match. Values are matched untrimmed, with
# optional surrounding whitespace, so no trimmed copy of every string is made.
PREFILTERS: dict[str, str] = {
    "email": "contains({v}, '@')",
    "phone": "length({v}) BETWEEN 7 AND 40",
    "url": "(contains({v}, '://') OR contains(lower({v}), 'www.'))",
    "id_like": "length({v}) BETWEEN 2 AND 60",
    "date": "length({v}) BETWEEN 6 AND 60",
    "number": "length({v}) BETWEEN 1 AND 60",
}


def padded(rx: str) -> str:
    """``rx`` allowing leading and trailing whitespace (a full match of the trimmed value)."""
    return rf"\s*(?:{rx})\s*"


# Shapes of dates written as text; the name says which strptime format reads them.
DATE_SHAPES: dict[str, tuple[str, str]] = {
    "YYYY-MM-DD": (r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d"),
    "YYYY/MM/DD": (r"\d{4}/\d{1,2}/\d{1,2}", "%Y/%m/%d"),
    "DD/MM/YYYY or MM/DD/YYYY": (r"\d{1,2}/\d{1,2}/\d{4}", ""),
    "DD.MM.YYYY": (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    "DD-MM-YYYY": (r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y"),
    "Month D, YYYY": (r"[A-Za-z]{3,9}\.? \d{1,2},? \d{4}", ""),
    "D Month YYYY": (r"\d{1,2} [A-Za-z]{3,9}\.? \d{4}", ""),
}

NUMBER_TEXT = r"[-+]?[$€£]?\s?\d{1,3}([,\s]?\d{3})*([.]\d+)?%?|[-+]?\d+([.,]\d+)?"


ANY_DATE = "|".join(f"(?:{rx})" for rx, _fmt in DATE_SHAPES.values())
SHAPES: dict[str, str] = {**PATTERNS, "date": ANY_DATE, "number": NUMBER_TEXT}

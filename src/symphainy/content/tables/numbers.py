"""Numbers written as text: separators, currency, percentages, accounting negatives, units.

Each value is read under one decimal convention, chosen for the whole column (``.`` or ``,``),
because "1,234" is one thousand two hundred and thirty-four in a US file and one point two
three four in a German one: a single cell cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURRENCY_SIGNS = "$€£¥₹₩₽₺₫₪฿"
_CURRENCY_CODES = (
    "USD|EUR|GBP|CHF|JPY|CNY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|BRL|MXN|ZAR|RUB|KRW|HKD|SGD"
)
_GROUP = r"[ \u00a0\u202f']"
# "." files also group the Indian way: "1,23,456" (lakh) and "1,00,00,000" (crore).
_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}"
_CORE = {
    ".": rf"(?:{_INDIAN}|\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:{_GROUP}\d{{3}})+|\d+)(?:\.\d*)?|\.\d+",
    ",": rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{1,3}}(?:{_GROUP}\d{{3}})+|\d+)(?:,\d*)?|,\d+",
}
# A magnitude after an amount of money: "$56.7M", "$537K", "£1.2bn" (thousands, millions,
# billions). Only after a currency sign or code: "12M" or "12B" alone may be a code.
_MAGNITUDES = {"K": 1e3, "k": 1e3, "M": 1e6, "m": 1e6, "mn": 1e6, "B": 1e9, "bn": 1e9}
# Trailing words that follow a number without making it a measure.
_NOT_UNITS = frozenset({"am", "pm", "st", "nd", "rd", "th", "x", "e"})


def _pattern(decimal: str) -> re.Pattern[str]:
    return re.compile(
        r"^(?P<open>\()?\s*(?P<s1>[-+\u2212])?\s*"
        rf"(?P<c1>[{_CURRENCY_SIGNS}]|(?:{_CURRENCY_CODES})\s?)?\s*(?P<s2>[-+\u2212])?\s*"
        rf"(?P<num>{_CORE[decimal]})(?P<exp>[eE][-+]?\d+)?\s*"
        rf"(?P<c2>[{_CURRENCY_SIGNS}])?\s*(?P<pct>%)?\s*"
        r"(?P<unit>[^\W\d_]{1,5}(?:/[^\W\d_]{1,3})?[²³]?|°[CF])?\s*"
        r"(?P<close>\))?(?P<s3>-)?$"
    )


_PATTERNS = {decimal: _pattern(decimal) for decimal in (".", ",")}


@dataclass(frozen=True)
class Number:
    value: float
    integral: bool  # written without a fractional part or exponent
    unit: str | None  # "%", a currency sign or code, or a trailing unit such as "kg"


# Months, days and hours written with a leading zero ("09") under a header naming one.
_CALENDAR_PARTS = frozenset({"mm", "month", "dd", "day", "hh", "hour", "hours", "minute"})
PADDED_PART = re.compile(r"\d{1,2}")


def names_a_calendar_part(name: str) -> bool:
    """'mm', 'Month', 'day', 'hour': a column whose zero-padded values are numbers, not codes."""
    words = [w for w in re.split(r"[^0-9a-z]+", name.lower()) if w]
    return bool(words) and words[-1] in _CALENDAR_PARTS


# Serial numbers padded with zeros to one width (an ERP's document number "0001337928") under a
# header naming a number. Eight digits or more and two leading zeros on every value: postcodes,
# FIPS and phone numbers (at most one or two zeros, five to ten digits) do not fit all of it.
_SERIAL_WORDS = frozenset({"number", "no", "nr", "num", "nbr"})
PADDED_SERIAL = re.compile(r"00\d{6,}")


def names_a_serial(name: str) -> bool:
    """'Transaction Number', 'Invoice No', 'Doc #': a number written with padding zeros."""
    words = [w for w in re.split(r"[^0-9a-z#]+", name.lower()) if w]
    return bool(words) and (words[-1] in _SERIAL_WORDS or name.strip().endswith("#"))


def padded_serials(values: list[str]) -> bool:
    """Whether every value is one width of 8+ digits starting with two zeros."""
    return (
        bool(values)
        and len({len(v) for v in values}) == 1
        and all(PADDED_SERIAL.fullmatch(v) for v in values)
    )


# Fixed-width exports (exchange settlement files, mainframe extracts) pad prices with zeros:
# "000879.17", "012232.40", "000000000". A cell may be one when it starts with a zero and
# has a point or six digits or more (a postcode's five do not); the column decides.
PADDED_FIXED = re.compile(r"0\d{5,}|0\d*\.\d+")
_FIXED_CELL = re.compile(r"0\d*(?:\.\d+)?")


def padded_decimals(values: list[str]) -> bool:
    """Whether a column is decimals zero-padded to one width (at least six characters).

    Every value one width, every value starting with a zero, some with two, some with a
    decimal point. Codes with a leading zero and a point (NACE "01.11", ICD-9 "001.0") are
    shorter, or do not all start with zero.
    """
    widths = {len(v) for v in values}
    return (
        bool(values)
        and len(widths) == 1
        and min(widths) >= 6
        and all(_FIXED_CELL.fullmatch(v) for v in values)
        and any(v.startswith("00") for v in values)
        and any("." in v for v in values)
    )


def parse_number(text: str, decimal: str) -> Number | None:
    """The number a cell shows under ``decimal`` (``.`` or ``,``), or None if it is not one."""
    match = _PATTERNS[decimal].match(text)
    if match is None:
        return None
    parts = match.groupdict()
    if bool(parts["open"]) != bool(parts["close"]):
        return None
    signs = [s for s in (parts["s1"], parts["s2"], parts["s3"]) if s]
    if len(signs) > 1 or (signs and parts["open"]):
        return None
    digits = parts["num"]
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return None  # "007", "01234": codes and postcodes keep their zeros
    unit = parts["unit"]
    scale = 1.0
    if unit and (parts["c1"] or parts["c2"]) and unit in _MAGNITUDES:
        scale, unit = _MAGNITUDES[unit], None  # "$56.7M", "£1.2bn": money in millions...
    if unit and len(unit) == 1 and unit.isupper() and not text[match.start("unit") - 1].isspace():
        return None  # "395000000A", "12B": a code's letter, not a unit ("230 V" still is one)
    units = [u.strip() for u in (parts["c1"], parts["c2"], parts["pct"], unit) if u]
    if len(units) > 1 or (units and units[0].lower() in _NOT_UNITS):
        return None
    thousands = "," if decimal == "." else "."
    cleaned = re.sub(_GROUP, "", digits).replace(thousands, "").replace(decimal, ".")
    if cleaned in (".", ""):
        return None
    value = float(cleaned + (parts["exp"] or "")) * scale
    negative = bool(parts["open"]) or (signs and signs[0] in "-\u2212")
    integral = ("." not in cleaned and not parts["exp"]) or (scale > 1 and value.is_integer())
    return Number(-value if negative else value, integral, units[0] if units else None)


def decimal_evidence(text: str) -> str | None:
    """Which decimal mark a single value proves, if any ("1,5" -> ","; "1,234.5" -> ".")."""
    if re.search(r"\d\.\d{3},\d|\d,\d{1,2}$|\d,\d{4,}$|^-?0,\d", text):
        return ","
    if re.search(r"\d,\d{3}\.\d|\d\.\d{1,2}$|\d\.\d{4,}$|^-?0\.\d", text):
        return "."
    return None

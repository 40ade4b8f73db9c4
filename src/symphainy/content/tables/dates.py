"""Dates and times in the forms people write them, with day/month order decided per column.

"03/04/2024" is 3 April in London and March 4 in New York. One value cannot say which, so the
order is read from the whole column: a first part above 12 proves day-first, a second part
above 12 proves month-first, both at once means the column is not dates. When no value
decides, the column is read month-first and the ambiguity is reported, never hidden.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_TIME = (
    r"(?:[T ]\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?P<ampm>[AaPp][Mm])?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
)
_FORMS = {
    "iso": re.compile(
        rf"^(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TIME}$"
    ),
    "numeric": re.compile(
        rf"^(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_TIME}$"
    ),
    "day-month": re.compile(
        rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ -]{_MONTH},?[ -](?P<y>\d{{4}}|\d{{2}}){_TIME}$"
    ),
    "month-day": re.compile(
        rf"^{_MONTH}(?P<ms>[ -])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? |(?P=ms))"
        rf"(?P<y>\d{{4}}){_TIME}$"
    ),
    # A quarter ("1974Q1", "2019-Q3"): the date its first day, as pandas' periods start.
    "quarter": re.compile(r"^(?P<y>\d{4})[ -]?[Qq](?P<q>[1-4])$"),
}


@dataclass(frozen=True)
class WrittenDate:
    """A cell's date parts before the column decides the order of a numeric date."""

    form: str
    year: int
    first: int  # month for named or ISO forms; the first number of a numeric form
    second: int
    time: tuple[int, int, int, int] | None  # hour, minute, second, microsecond
    offset: dt.timedelta | None  # the written zone, converted to UTC when read


def parse_written_date(text: str) -> WrittenDate | None:
    for form, pattern in _FORMS.items():
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if len(parts["y"]) == 2:
            year += 2000 if year < 69 else 1900  # the POSIX pivot strptime's %y uses
        if form == "numeric":
            first, second = int(parts["a"]), int(parts["b"])
        elif form == "quarter":
            first, second = 3 * int(parts["q"]) - 2, 1
        else:
            if parts.get("mon"):
                month = _MONTHS.get(parts["mon"].lower())
                if month is None:
                    return None
            else:
                month = int(parts["m"])
            first, second = month, int(parts["d"])
        return WrittenDate(form, year, first, second, _time(parts), _offset(parts.get("tz")))
    return None


def _time(parts: dict[str, str | None]) -> tuple[int, int, int, int] | None:
    if parts.get("H") is None:
        return None
    hour = int(parts["H"] or 0)
    if parts.get("ampm"):
        if hour > 12 or hour == 0:
            return (99, 0, 0, 0)  # "13:00 PM": rejected by to_datetime
        hour = hour % 12 + (12 if (parts["ampm"] or "").lower() == "pm" else 0)
    fraction = (parts.get("f") or "0")[:6].ljust(6, "0")
    return (hour, int(parts["M"] or 0), int(parts["S"] or 0), int(fraction))


def _offset(zone: str | None) -> dt.timedelta | None:
    if zone is None:
        return None
    if zone in ("Z", "UTC", "GMT"):
        return dt.timedelta(0)
    digits = zone[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return -delta if zone[0] == "-" else delta


def day_first_evidence(dates: list[WrittenDate]) -> tuple[bool, bool]:
    """(some value proves day-first, some value proves month-first) among numeric dates."""
    numeric = [d for d in dates if d.form == "numeric"]
    return any(d.first > 12 for d in numeric), any(d.second > 12 for d in numeric)


def to_datetime(date: WrittenDate, day_first: bool) -> dt.datetime | None:
    """The value as a naive UTC datetime, or None when the parts are not a real date."""
    month, day = date.first, date.second
    if date.form == "numeric" and day_first:
        month, day = day, month
    hour, minute, second, micro = date.time or (0, 0, 0, 0)
    try:
        value = dt.datetime(date.year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    if date.offset is not None:
        value -= date.offset
    return value

"""Excel day numbers in cells that lost their date format.

A workbook stores a date as the count of days since 1899-12-30 and shows it as a date only
through the cell's format; a sheet exported, pasted or built by a script often keeps the bare
number (45292 for 2024-01-01). The number alone is not evidence: 45292 is as likely a price
or a count. So a numeric column is read as dates only when its header names a date and every
value is a whole day number between 1950 and 2100 (18264 to 73051), or from 1910 under a
header naming a birth (dates of birth go back further). Fractions would be times
of day; they are accepted too, and the column then becomes timestamps.
"""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.datetime(1899, 12, 30)
FIRST, LAST = 18264, 73051  # 1950-01-01 and 2100-01-01 as Excel day numbers
_DATE_WORDS = frozenset({"date", "dated", "dob", "birthdate", "birthday", "datum", "fecha"})
# Dates of birth go back a century: from 1910 (a year such as 2019 is still far below).
BIRTH_FIRST = 3654  # 1910-01-01
_BIRTH_WORDS = frozenset({"dob", "birth", "birthdate", "birthday", "born"})
NOTE = "Excel day numbers read as dates (the header names a date; the cells had no date format)"


def names_a_date(name: str) -> bool:
    """'Date', 'Order date', 'invoice_date', 'DOB', 'Fecha': not 'Day' (often 1 to 31)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    words = [w for w in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if w]
    return any(w in _DATE_WORDS or w.endswith("date") for w in words)


def names_a_birth(name: str) -> bool:
    """'DOB', 'Date of birth', 'birth_date': a date header whose dates may predate 1950."""
    words = re.split(r"[^0-9a-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower())
    return names_a_date(name) and any(w in _BIRTH_WORDS for w in words)


def serial_dates(name: str, column: pa.Array | pa.ChunkedArray) -> pa.Array | None:
    """The column as dates (or timestamps) when it holds Excel day numbers under a date header."""
    if not (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        return None
    if not names_a_date(name) or column.null_count == len(column):
        return None
    bounds = pc.min_max(column)
    first = BIRTH_FIRST if names_a_birth(name) else FIRST
    if bounds["min"].as_py() < first or bounds["max"].as_py() > LAST:
        return None
    days = [None if v is None else float(v) for v in column.to_pylist()]
    timed = any(d is not None and d != int(d) for d in days)
    stamps = [None if d is None else EPOCH + dt.timedelta(days=d) for d in days]
    if timed:
        return pa.array(stamps, type=pa.timestamp("us"))
    return pa.array([None if s is None else s.date() for s in stamps], type=pa.date32())


COMPACT_NOTE = "yyyymmdd numbers read as dates (the header names a date)"


def compact_dates(name: str, column: pa.Array | pa.ChunkedArray) -> pa.Array | None:
    """The column as dates when it holds dates written as yyyymmdd numbers under a date header.

    Exchanges, NOAA and mainframe exports write 19580329 for 1958-03-29; loaders read it as
    an integer. Every value must be a real calendar day from 1800 to 2100: a count or an
    amount under a "date" header seldom is one on every row.
    """
    if not pa.types.is_integer(column.type) or not names_a_date(name):
        return None
    if column.null_count == len(column):
        return None
    bounds = pc.min_max(column)
    if bounds["min"].as_py() < 18000101 or bounds["max"].as_py() > 21001231:
        return None
    days: list[dt.date | None] = []
    for value in column.to_pylist():
        if value is None:
            days.append(None)
            continue
        try:
            days.append(dt.date(value // 10000, value // 100 % 100, value % 100))
        except ValueError:
            return None
    return pa.array(days, type=pa.date32())

"""Deciding what one text column holds, from the evidence of all its distinct values.

A column is typed only when every value that is not a missing marker reads as that type: one
stray word keeps the whole column as text, as an analyst would rather see than lose it. The
decision names what it did (markers read as missing, unit kept, date order) so the parse
summary can say it and the user can undo it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from symphainy.content.tables.dates import (
    WrittenDate,
    day_first_evidence,
    parse_written_date,
    to_datetime,
)
from symphainy.content.tables.markers import MARKERS, could_be_value, is_typed_marker
from symphainy.content.tables.numbers import (
    PADDED_PART,
    Number,
    decimal_evidence,
    names_a_calendar_part,
    names_a_serial,
    padded_decimals,
    padded_serials,
    parse_number,
)

PADDED_NOTE = "numbers read from cells zero-padded to"
Kind = Literal["integer", "float", "boolean", "date", "datetime", "text"]
_BOOLEANS = (
    {"true": True, "false": False},
    {"yes": True, "no": False},
    {"y": True, "n": False},
)


@dataclass(frozen=True)
class ReadingOptions:
    """What the user asked for when reprocessing: undo a decision for named columns."""

    keep_markers: frozenset[str] = frozenset()  # columns whose markers stay as text
    keep_text: frozenset[str] = frozenset()  # columns left exactly as written
    day_first: bool | None = None  # force the order of numeric dates

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ReadingOptions:
        """Options as stored on the file (lists of column names, a day_first flag)."""
        data = data or {}
        day_first = data.get("day_first")
        return cls(
            keep_markers=frozenset(str(n) for n in data.get("keep_markers") or []),
            keep_text=frozenset(str(n) for n in data.get("keep_text") or []),
            day_first=None if day_first is None else bool(day_first),
        )


# The options of the parse under way. Parsers keep one signature for every format; a reprocess
# with options sets this around the parse (``parsers.parse_file``), table readers read it.
current_options: ContextVar[ReadingOptions | None] = ContextVar("reading_options", default=None)


@dataclass
class ColumnReading:
    """The decision for one column and the value each distinct cell becomes."""

    kind: Kind
    values: dict[str, Any] = field(default_factory=dict)  # raw cell -> value (None: missing)
    missing: dict[str, int] = field(default_factory=dict)  # marker -> cells read as missing
    kept_markers: dict[str, int] = field(default_factory=dict)  # markers kept as text
    unit: str | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.missing:
            out["missing_markers"] = dict(self.missing)
        if self.kept_markers:
            out["markers_kept_as_text"] = dict(self.kept_markers)
        if self.unit:
            out["unit"] = self.unit
        if self.notes:
            out["notes"] = list(self.notes)
        return out


Attempt = Callable[[dict[str, str], str, ReadingOptions], "ColumnReading | None"]


def read_column(
    name: str,
    counts: dict[str, int],
    decimal_hint: str,
    options: ReadingOptions,
    fixed_width: bool = False,
    file_words: frozenset[str] = frozenset(),
) -> ColumnReading:
    """Type a text column from its distinct raw cells and their counts (markers not yet known).

    ``fixed_width``: the file writes its decimals zero-padded to one width, so whole numbers
    padded the same way are numbers too (volumes, prices in cents), not codes.

    ``decimal_hint`` is the file's decimal mark when values themselves do not prove one.

    ``file_words``: words the file writes in place of numbers in several columns ("NReq"), read
    as missing like the markers.
    """
    stripped = {raw: raw.strip() for raw in counts}
    present = {
        raw: text
        for raw, text in stripped.items()
        if not is_typed_marker(text) and text not in file_words
    }
    markers: dict[str, int] = {}
    for raw, text in stripped.items():
        if raw not in present:
            label = text or "(blank)"
            markers[label] = markers.get(label, 0) + counts[raw]
    if name in options.keep_text or not present:
        return _text(counts, stripped, options, name, frozenset())
    attempts: tuple[Attempt, ...] = (_booleans, _numbers, _dates)
    if names_a_calendar_part(name):
        attempts = (_calendar_numbers, *attempts)
    if names_a_serial(name):
        attempts = (*attempts, _serial_numbers)
    attempts = (*attempts, _padded_decimals)
    if fixed_width:
        attempts = (*attempts, _padded_integers)
    for attempt in attempts:
        reading = attempt(present, decimal_hint, options)
        if reading is not None:
            for raw in stripped:
                if raw not in present:
                    reading.values[raw] = None
            reading.missing = markers
            if name in options.keep_markers and any(m != "(blank)" for m in markers):
                return _text(counts, stripped, options, name, frozenset())
            return reading
    return _text(counts, stripped, options, name, frozenset())


def settle_text_markers(
    name: str,
    counts: dict[str, int],
    file_markers: frozenset[str],
    options: ReadingOptions,
    only_markers: bool = False,
) -> ColumnReading:
    """A text column's markers, once the file's own missing markers are known.

    ``only_markers``: the column holds nothing else, so a marker has no value to stand for.
    """
    stripped = {raw: raw.strip() for raw in counts}
    written = {text for text in stripped.values() if text}
    if only_markers and len(written) == 1:
        file_markers = file_markers | written
    return _text(counts, stripped, options, name, file_markers)


def _text(
    counts: dict[str, int],
    stripped: dict[str, str],
    options: ReadingOptions,
    name: str,
    file_markers: frozenset[str],
) -> ColumnReading:
    reading = ColumnReading(kind="text")
    undo = name in options.keep_markers or name in options.keep_text
    for raw, text in stripped.items():
        if text == "":
            reading.values[raw] = None
            label = "(blank)"
        elif text in MARKERS and not undo and (not could_be_value(text) or text in file_markers):
            reading.values[raw] = None
            label = text
        else:
            if text in MARKERS:
                reading.kept_markers[text] = reading.kept_markers.get(text, 0) + counts[raw]
            continue
        reading.missing[label] = reading.missing.get(label, 0) + counts[raw]
    for marker in reading.kept_markers:
        if undo:
            reading.notes.append(f"{marker!r} kept as text, as asked")
        else:
            reading.notes.append(
                f"{marker!r} kept as text: it could be a value here and is not the file's "
                "missing marker elsewhere"
            )
    return reading


def _booleans(
    present: dict[str, str], _decimal: str, _options: ReadingOptions
) -> ColumnReading | None:
    lowered = {raw: text.lower() for raw, text in present.items()}
    for table in _BOOLEANS:
        # Both states must appear: a column of "YES" and blanks is a mark, not a yes/no.
        if set(lowered.values()) == table.keys():
            return ColumnReading(
                kind="boolean", values={raw: table[text] for raw, text in lowered.items()}
            )
    return None


def _calendar_numbers(
    present: dict[str, str], _decimal: str, _options: ReadingOptions
) -> ColumnReading | None:
    """Zero-padded months, days and hours ("09") under such a header: the number they show.

    Elsewhere a leading zero keeps a value as a code ("007", a postcode); a month is not one.
    """
    if not all(PADDED_PART.fullmatch(text) for text in present.values()):
        return None
    return ColumnReading(kind="integer", values={raw: int(text) for raw, text in present.items()})


def _serial_numbers(
    present: dict[str, str], _decimal: str, _options: ReadingOptions
) -> ColumnReading | None:
    """A number column written zero-padded to one width ("0001337928" under "Transaction
    Number"): the number, as pandas, readr and Excel read it, with the width noted."""
    if not padded_serials(list(present.values())):
        return None
    width = len(next(iter(present.values())))
    return ColumnReading(
        kind="integer",
        values={raw: int(text) for raw, text in present.items()},
        notes=[
            f"numbers zero-padded to {width} digits read as numbers (reprocess with keep_text "
            "to keep the zeros)"
        ],
    )


def _padded_decimals(
    present: dict[str, str], _decimal: str, _options: ReadingOptions
) -> ColumnReading | None:
    """Prices written zero-padded to one width ("000879.17"): the number they show."""
    if not padded_decimals(list(present.values())):
        return None
    width = len(next(iter(present.values())))
    return ColumnReading(
        kind="float",
        values={raw: float(text) for raw, text in present.items()},
        notes=[f"{PADDED_NOTE} {width} characters (reprocess with keep_text to keep the zeros)"],
    )


def _padded_integers(
    present: dict[str, str], _decimal: str, _options: ReadingOptions
) -> ColumnReading | None:
    """Whole numbers zero-padded to one width of five or more digits ("000210400", "00000")
    in a file whose decimals are padded so: the number they show."""
    values = list(present.values())
    if not (
        len({len(v) for v in values}) == 1
        and len(values[0]) >= 5
        and all(v.isdigit() and v.isascii() for v in values)
        and any(v.startswith("00") for v in values)
    ):
        return None
    return ColumnReading(
        kind="integer",
        values={raw: int(text) for raw, text in present.items()},
        notes=[f"{PADDED_NOTE} {len(values[0])} characters, as the file's decimals are"],
    )


def _numbers(
    present: dict[str, str], decimal_hint: str, _options: ReadingOptions
) -> ColumnReading | None:
    proofs = {e for e in map(decimal_evidence, present.values()) if e is not None}
    if len(proofs) > 1:
        return None
    if proofs == {","} and decimal_hint == ".":
        # A file that writes "." decimals (or none): a few "2,2" among whole numbers are lists
        # (ISO 4217 minor units of a country with two currencies), not decimal commas.
        commas = sum(1 for text in present.values() if "," in text)
        if 2 * commas < len(present):
            return None
    order = list(proofs) or [decimal_hint, "." if decimal_hint == "," else ","]
    for decimal in order:
        parsed: dict[str, Number] = {}
        for raw, text in present.items():
            number = parse_number(text, decimal)
            if number is None:
                break
            parsed[raw] = number
        else:
            units = {n.unit for n in parsed.values()} - {None}
            if len(units) > 1:
                return None
            unit = units.pop() if units else None
            integral = all(n.integral for n in parsed.values()) and all(
                abs(n.value) < 2**63 for n in parsed.values()
            )
            reading = ColumnReading(
                kind="integer" if integral else "float",
                values={raw: int(n.value) if integral else n.value for raw, n in parsed.items()},
                unit=unit,
            )
            if decimal == "," and any("," in text for text in present.values()):
                reading.notes.append("decimal comma")
            if unit == "%":
                reading.notes.append("percentages stored as the number written (12.5% -> 12.5)")
            return reading
    return None


def _dates(present: dict[str, str], _decimal: str, options: ReadingOptions) -> ColumnReading | None:
    written: dict[str, WrittenDate] = {}
    for raw, text in present.items():
        date = parse_written_date(text)
        if date is None:
            return None
        written[raw] = date
    proves_day, proves_month = day_first_evidence(list(written.values()))
    notes: list[str] = []
    if proves_day and proves_month:
        return None
    if options.day_first is not None:
        day_first = options.day_first
        notes.append(f"read {'day' if day_first else 'month'}-first, as asked")
    elif proves_day or proves_month:
        day_first = proves_day
        if any(d.form == "numeric" for d in written.values()):
            notes.append(f"read {'day' if day_first else 'month'}-first (the values prove it)")
    else:
        day_first = False
        if any(d.form == "numeric" for d in written.values()):
            notes.append(
                "ambiguous day/month order (no day above 12): read month-first; reprocess "
                "with day_first to change it"
            )
    values: dict[str, Any] = {}
    for raw, date in written.items():
        stamp = to_datetime(date, day_first)
        if stamp is None:
            return None
        values[raw] = stamp
    timed = any(d.time is not None for d in written.values())
    if any(d.offset is not None for d in written.values()):
        notes.append("times with a zone converted to UTC")
    if not timed:
        values = {raw: stamp.date() for raw, stamp in values.items()}
    return ColumnReading(kind="datetime" if timed else "date", values=values, notes=notes)

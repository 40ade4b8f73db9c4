"""Numbers and dates in a question, bound to the column they are about.

A number binds to the nearest column mention: "8 cylinders" (the column follows), "grid of 2"
and "horsepower over 200" (it precedes, with at most a comparator and a linking word between),
"over 5000 g" (the unit names the column). A year binds to a year column, else to the date
column ("in 2015", "in March 2024", "after 2000"). A number that binds to nothing stays
unexplained, and the question is asked back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from symphainy.insights.engine import Column
from symphainy.insights.questions.linking import Found, Mention, month_at
from symphainy.insights.questions.plan import Condition
from symphainy.insights.questions.schema import UNITS
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import DECADE, ISO_DATE, MONTHS, words_of

LINKING = frozenset(
    [
        "of",
        "is",
        "are",
        "was",
        "were",
        "be",
        "the",
        "a",
        "an",
        "with",
        "has",
        "have",
        "had",
        "that",
        "equal",
        "to",
        "at",
        "in",
        "on",
        "for",
        "whose",
        "it",
        "its",
        "than",
    ]
)
UNIT_WORDS = {
    "grams": "g",
    "gram": "g",
    "kilograms": "kg",
    "kg": "kg",
    "pounds": "lbs",
    "pound": "lbs",
    "lb": "lbs",
    "millimetres": "mm",
    "millimeters": "mm",
    "millimeter": "mm",
    "inches": "in",
    "dollars": "usd",
    "degrees": "deg",
    "degree": "deg",
    "fahrenheit": "deg",
    "celsius": "deg",
}
# a column of degrees is named for what it measures
DEGREE_WORDS = frozenset({"temp", "temperature", "deg", "degrees", "celsius", "fahrenheit"})
YEAR_WORDS = {"year", "yr", "season"}


@dataclass
class Bound:
    condition: Condition
    positions: set[int]


def _unit(word: str) -> str | None:
    if word in UNITS and word not in ("in", "s", "m", "h", "min"):
        return word
    return UNIT_WORDS.get(word)


def _has_unit(column: Column, unit: str) -> bool:
    words = words_of(column.name)
    if unit == "deg":
        return bool(DEGREE_WORDS & set(words))
    return unit in words or (unit == "lbs" and "lb" in words)


def _year_column(columns: list[Column], index: ValueIndex, year: float) -> Column | None:
    for c in columns:
        if c.kind == "numeric" and YEAR_WORDS & set(words_of(c.name)):
            low, high = index.ranges.get(c.name, (year, year))
            if low - 50 <= year <= high + 50:
                return c
    return None


def _yearish(number: float, columns: list[Column], index: ValueIndex) -> bool:
    """A whole number that reads as a year: 1800-2100, or any year from 1000 on that a number
    column named like a year holds near its range ("wheat price in 1700" over years 1565-1821)."""
    if not number.is_integer() or not 1000 <= number <= 2100:
        return False
    return number >= 1800 or _year_column(columns, index, number) is not None


def _in_range(index: ValueIndex, column: Column, number: float) -> bool:
    low, high = index.ranges.get(column.name, (number, number))
    return bool(low <= number <= high)


# words naming the date an event starts: with two dates (pickup, dropoff) a day said alone
START_WORDS = frozenset({"start", "started", "pickup", "departure", "begin", "beginning"})


def _temporal(columns: list[Column], found: Found) -> Column | None:
    """The date column a date or period is on: the one named, the only one, or of a start and
    an end (pickup and dropoff) the start, when an event is dated by when it began."""
    temporal = [c for c in columns if c.kind == "temporal"]
    named = [m.column for m in found.mentions if m.column.kind == "temporal"]
    if named:
        return named[0]
    if len(temporal) == 2:
        starts = [c for c in temporal if START_WORDS & set(words_of(c.name))]
        return starts[0] if len(starts) == 1 else None
    return temporal[0] if len(temporal) == 1 else None


def _period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, 1), end


def _cmp_before(found: Found, pos: int) -> tuple[str | None, int]:
    """The comparison just before ``pos`` and where its phrase starts."""
    op = found.op_at(pos - 1)
    if op is None:
        return None, pos
    if op.role in ("cmp", "time"):
        return op.arg, op.start
    if op.role == "not":
        return "!=", op.start
    return None, pos


def _date_condition(column: Column, op: str | None, year: int, month: int | None) -> Condition:
    start, end = _period(year, month)
    if op in (">",):
        return Condition(column, ">=", [end])
    if op in (">=",):
        return Condition(column, ">=", [start])
    if op in ("<",):
        return Condition(column, "<", [start])
    if op in ("<=",):
        return Condition(column, "<", [end])
    if op == "!=":
        return (
            Condition(column, "notin", [year], part="year")
            if month is None
            else Condition(column, "!=", [month], part="month")
        )
    return Condition(column, "range", [start, end])


def _is_not(found: Found, pos: int) -> bool:
    op = found.op_at(pos)
    return op is not None and op.role == "not"


def _near_mention(found: Found, start: int, end: int) -> Mention | None:
    """A free column mention just before ``start`` or just after ``end``, the nearest."""
    best: tuple[float, Mention] | None = None
    for m in found.mentions:
        if m.used:
            continue
        dist: float | None = None
        if m.end <= start:
            gap = found.words(m.end, start)
            # "horsepower not over 100": the negation is left for the parser to apply;
            # "annual unemployment above 8": the dataset's own noun may stand between
            if len(gap) <= 2 and all(
                w in LINKING
                or _is_not(found, m.end + k)
                or found.claimed.get(m.end + k) == "entity"
                for k, w in enumerate(gap)
            ):
                dist = len(gap)
        elif m.start >= end:
            gap = found.words(end, m.start)
            if len(gap) <= 1 and all(w in LINKING or _unit(w) for w in gap):
                dist = len(gap) + 0.5  # after the number: "8 cylinders"
        if dist is not None and (best is None or dist < best[0]):
            best = (dist, m)
    return best[1] if best else None


def _iso_dates(found: Found, columns: list[Column]) -> list[Bound]:
    """ "before 2026-01-05", "on 2024-03-01": a day on the date column."""
    out: list[Bound] = []
    for tok in found.tokens:
        match = ISO_DATE.fullmatch(tok.text)
        if match is None or tok.pos in found.claimed:
            continue
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
        column = _temporal(columns, found)
        if column is None:
            continue
        op, start = _cmp_before(found, tok.pos)
        out.append(Bound(_on_day(column, op, day), set(range(start, tok.pos + 1))))
        found.claim(start, tok.pos + 1, "number")
    return out


def _on_day(column: Column, op: str | None, day: dt.date) -> Condition:
    """A comparison with one calendar day on a date or timestamp column: "after" a day starts
    the next day, "on" a day is the range from its start to the next day's."""
    nxt = day + dt.timedelta(days=1)
    if op == ">":
        return Condition(column, ">=", [nxt])
    if op in (">=", "<"):
        return Condition(column, op, [day])
    if op == "<=":
        return Condition(column, "<", [nxt])
    if op == "!=":
        return Condition(column, "!=", [day])
    return Condition(column, "range", [day, nxt])


def _written_days(found: Found, columns: list[Column]) -> list[Bound]:
    """ "Jan 1 2010", "January 1, 2010", "1 March 2015": one day on the date column, with a
    comparison before it as for an ISO date."""
    out: list[Bound] = []
    toks = found.tokens
    for i in range(len(toks) - 2):
        if not found.free(i, i + 3):
            continue
        month = month_at(found, i)
        day_tok, year_tok = toks[i + 1], toks[i + 2]
        if month is None:
            month = month_at(found, i + 1)
            day_tok = toks[i]
        if month is None or day_tok.number is None or year_tok.number is None:
            continue
        day_n, year = day_tok.number, year_tok.number
        if not (day_n.is_integer() and 1 <= day_n <= 31 and year.is_integer()):
            continue
        if not 1800 <= year <= 2100:
            continue
        try:
            day = dt.date(int(year), month, int(day_n))
        except ValueError:
            continue
        column = _temporal(columns, found)
        if column is None:
            continue
        op, start = _cmp_before(found, i)
        before = toks[start - 1].text if start > 0 else ""
        after = toks[i + 3].text if i + 3 < len(toks) else ""
        if before in SPAN_WORDS or after in SPAN_WORDS or (op is None and before in ("from",)):
            continue  # "between Jan 1 2010 and ...", "from ... to ...": a span, asked back
        out.append(Bound(_on_day(column, op, day), set(range(start, i + 3))))
        found.claim(start, i + 3, "number")
    return out


def _month_days(found: Found, columns: list[Column]) -> list[Bound]:
    """ "on march 15", "15 March" without a year: that day of the month in every year, on the
    date column (as "in July" is July of every year). Not with a comparison before it, and not
    when a number follows (a year: the written day's rule)."""
    out: list[Bound] = []
    toks = found.tokens
    for i in range(len(toks) - 1):
        if not found.free(i, i + 2):
            continue
        month, day_tok = month_at(found, i), toks[i + 1]
        if month is None:
            month, day_tok = month_at(found, i + 1), toks[i]
        if month is None or day_tok.number is None or not day_tok.number.is_integer():
            continue
        if not 1 <= day_tok.number <= 31 or (i + 2 < len(toks) and toks[i + 2].is_number):
            continue
        try:
            dt.date(2000, month, int(day_tok.number))  # a day that exists (29 February too)
        except ValueError:
            continue
        op, _start = _cmp_before(found, i)
        column = _temporal(columns, found)
        if op is not None or column is None:
            continue
        before = toks[i - 1].text if i > 0 else ""
        after = toks[i + 2].text if i + 2 < len(toks) else ""
        if before in SPAN_WORDS | {"from"} or after in SPAN_WORDS:
            continue  # "between march 1 and may 5": a span, asked back
        out.append(Bound(Condition(column, "=", [month], part="month"), {i, i + 1}))
        out.append(Bound(Condition(column, "=", [int(day_tok.number)], part="day"), set()))
        found.claim(i, i + 2, "number")
    return out


QUARTER_NAMES = frozenset({"quarter", "qtr", "q"})


def _quarters(found: Found, columns: list[Column], index: ValueIndex) -> list[Bound]:
    """ "in Q1 1990", "q3": quarter 1-4, on a number column named quarter that holds 1-4, else
    the quarter of the date column. The year after it is left to the year's rule."""
    out: list[Bound] = []
    toks = found.tokens
    for i in range(len(toks) - 1):
        num = toks[i + 1].number
        if toks[i].text != "q" or num not in (1.0, 2.0, 3.0, 4.0) or not found.free(i, i + 2):
            continue
        named = [
            c
            for c in columns
            if c.kind == "numeric"
            and " ".join(words_of(c.name)) in QUARTER_NAMES
            and 1 <= index.ranges.get(c.name, (0.0, 0.0))[0] <= index.ranges[c.name][1] <= 4
        ]
        if len(named) == 1:
            cond = Condition(named[0], "=", [num])
        elif (column := _temporal(columns, found)) is not None:
            cond = Condition(column, "=", [int(num)], part="quarter")
        else:
            continue
        out.append(Bound(cond, {i, i + 1}))
        found.claim(i, i + 2, "number")
    return out


SPAN_WORDS = frozenset({"between", "and", "to", "through", "thru", "until", "till"})


def _decades(found: Found, columns: list[Column], index: ValueIndex) -> list[Bound]:
    """ "in the 1990s", "before the 1980s": the ten years, on a year column or the date column."""
    out: list[Bound] = []
    for tok in found.tokens:
        match = DECADE.fullmatch(tok.text)
        if match is None or tok.pos in found.claimed:
            continue
        first = int(match.group(1))
        op, start = _cmp_before(found, tok.pos)
        if op is None and tok.pos > 1 and found.tokens[tok.pos - 1].text == "the":
            op, start = _cmp_before(found, tok.pos - 1)
            start = start if op is not None else tok.pos
        low: int | None = first
        high: int | None = first + 9  # whole years, both ends included
        if op in (">", ">="):
            low, high = (first + 10 if op == ">" else first), None
        elif op in ("<", "<="):
            low, high = None, (first - 1 if op == "<" else first + 9)
        elif op is not None:
            continue  # "not the 1990s": left unexplained, asked back
        year_col = _year_column(columns, index, float(first))
        conds: list[Condition] = []
        if year_col is not None:
            if low is not None:
                conds.append(Condition(year_col, ">=", [float(low)]))
            if high is not None:
                conds.append(Condition(year_col, "<=", [float(high)]))
        else:
            column = _temporal(columns, found)
            if column is None:
                continue
            if low is not None:
                conds.append(Condition(column, ">=", [dt.date(low, 1, 1)]))
            if high is not None:
                conds.append(Condition(column, "<", [dt.date(high + 1, 1, 1)]))
        positions = set(range(start, tok.pos + 1))
        out.append(Bound(conds[0], positions))
        out += [Bound(c, set()) for c in conds[1:]]
        found.claim(start, tok.pos + 1, "number")
    return out


SIGNS = {"negative": "<", "positive": ">"}


def _signs(found: Found) -> list[Bound]:
    """ "negative profit", "profit is negative": below zero; "positive": above zero."""
    out: list[Bound] = []
    toks = found.tokens
    for tok in toks:
        op = SIGNS.get(tok.text)
        if op is None or tok.pos in found.claimed:
            continue
        after = next((m for m in found.mentions if m.start == tok.pos + 1 and not m.used), None)
        gap = (
            tok.pos - 1
            if tok.pos > 0 and toks[tok.pos - 1].text in ("is", "was", "are")
            else tok.pos
        )
        before = next((m for m in found.mentions if m.end == gap and not m.used), None)
        m = after or before
        if m is None or m.options or m.column.kind != "numeric":
            continue
        m.used = True
        positions = set(range(min(m.start, tok.pos), max(m.end, tok.pos + 1)))
        out.append(Bound(Condition(m.column, op, [0.0]), positions))
        found.claim(tok.pos, tok.pos + 1, "number")
    return out


MONTH_PREPOSITIONS = frozenset({"in", "during", "for", "of", "throughout"})


def _month_spans(found: Found, columns: list[Column]) -> list[Bound]:
    """ "from june to august", "between march and may" without years: those months of every
    year on the date column (a span across the new year is left to be asked back)."""
    out: list[Bound] = []
    toks = found.tokens
    for i in range(len(toks) - 3):
        if toks[i].text not in ("from", "between") or not found.free(i + 1, i + 4):
            continue
        if not found.free(i, i + 1) and found.claimed.get(i) != "op":
            continue
        # "may" after another month is the month, not the verb
        first, last = month_at(found, i + 1), MONTHS.get(toks[i + 3].text)
        if first is None or last is None or toks[i + 2].text not in SPAN_WORDS:
            continue
        if first >= last or (i + 4 < len(toks) and toks[i + 4].is_number):
            continue
        column = _temporal(columns, found)
        if column is None:
            continue
        out.append(Bound(Condition(column, "range", [first, last + 1], part="month"), set()))
        found.ops = [op for op in found.ops if not i <= op.start < i + 4]
        found.claim(i, i + 4, "number")
    return out


def _months(found: Found, columns: list[Column]) -> list[Bound]:
    """ "in July", "during december" without a year: that month of every year, on the date
    column. With a year ("in March 2015") the number's rule takes it."""
    out: list[Bound] = []
    toks = found.tokens
    for tok in toks:
        month = month_at(found, tok.pos)
        if month is None or tok.pos in found.claimed or tok.pos == 0:
            continue
        if tok.pos + 1 < len(toks) and toks[tok.pos + 1].is_number:
            continue
        listed = toks[tok.pos - 1].text == "or" and tok.pos >= 2 and month_at(found, tok.pos - 2)
        if toks[tok.pos - 1].text not in MONTH_PREPOSITIONS and not listed:
            continue  # "in march or april": the second month too (one IN)
        column = _temporal(columns, found)
        if column is None:
            continue
        out.append(Bound(Condition(column, "=", [month], part="month"), {tok.pos}))
        found.claim(tok.pos, tok.pos + 1, "number")
    return out


PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _period_start(day: dt.date, months: int) -> dt.date:
    month = (day.month - 1) // months * months + 1
    return dt.date(day.year, month, 1)


def _shift(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _relative_periods(found: Found, columns: list[Column], index: ValueIndex) -> list[Bound]:
    """ "last quarter", "previous month", "this year", "Q1 2015": periods of the data's dates.

    "last"/"latest"/"this" is the period holding the data's newest date; "previous" the one
    before it. The data's own range is the reference, not today's date.
    """
    out: list[Bound] = []
    toks = found.tokens
    for i in range(len(toks) - 1):
        word, unit = toks[i].text, toks[i + 1].text
        if (
            word == "q"
            and i + 2 < len(toks)
            and toks[i + 1].number in (1.0, 2.0, 3.0, 4.0)
            and toks[i + 2].number is not None
            and found.free(i, i + 3)
        ):  # "Q1 2015"
            column = _temporal(columns, found)
            year = int(toks[i + 2].number or 0)
            if column is not None and 1800 <= year <= 2100:
                start = dt.date(year, (int(toks[i + 1].number or 1) - 1) * 3 + 1, 1)
                cond = Condition(column, "range", [start, _shift(start, 3)])
                out.append(Bound(cond, {i, i + 1, i + 2}))
                found.claim(i, i + 3, "number")
            continue
        if unit not in PERIOD_MONTHS or word not in ("last", "latest", "this", "previous", "prior"):
            continue
        column = _temporal(columns, found)
        if column is None or column.name not in index.dates:
            continue
        months = PERIOD_MONTHS[unit]
        start = _period_start(index.dates[column.name][1], months)
        if word in ("previous", "prior"):
            start = _shift(start, -months)
        out.append(Bound(Condition(column, "range", [start, _shift(start, months)]), {i, i + 1}))
        found.claim(i, i + 2, "number")
        # "last" here names a period, not the latest row
        found.ops = [o for o in found.ops if not o.start <= i < o.end]
        found.superlatives = [s for s in found.superlatives if not s[0] <= i < s[1]]
    return out


COMPARATIVES = {
    "younger": ("age",),
    "older": ("age",),
    "heavier": ("weight", "mass"),
    "lighter": ("weight", "mass"),
    "longer": ("length",),
    "shorter": ("length",),
    "taller": ("height",),
    "cheaper": ("price", "cost"),
    "hotter": ("temperature",),
    "colder": ("temperature",),
}


def _comparative_column(found: Found, start: int, columns: list[Column]) -> Column | None:
    """ "younger than 20": the comparative names the quantity (age) when no column is said."""
    op = found.op_at(start)
    if op is None:
        return None
    for hint in COMPARATIVES.get(op.text.split()[0], ()):
        named = [c for c in columns if c.kind == "numeric" and hint in words_of(c.name)]
        if len(named) == 1:
            return named[0]
    return None


def _as_written(index: ValueIndex, column: Column, text: str) -> str:
    """A number said for a text column, as the column writes it: "strength 6+" is the value
    "6+" (the sign is no word of the question) when that is the one value read as 6."""
    written = [v for c, v in index.exact.get(text, []) if c == column.name]
    if len(written) == 1 and written[0].strip().lower() != text:
        return written[0]
    return text


def bind_numbers(found: Found, columns: list[Column], index: ValueIndex) -> list[Bound]:
    out: list[Bound] = _iso_dates(found, columns) + _written_days(found, columns)
    out += _month_days(found, columns) + _quarters(found, columns, index)
    out += _relative_periods(found, columns, index)
    out += _decades(found, columns, index) + _month_spans(found, columns)
    out += _months(found, columns) + _signs(found)
    toks = found.tokens
    for tok in toks:
        if tok.number is None or tok.pos in found.claimed:
            continue
        number = tok.number
        positions = {tok.pos}
        op, phrase_start = _cmp_before(found, tok.pos)
        if op is not None:
            positions |= set(range(phrase_start, tok.pos))
        after = found.op_at(tok.pos + 1)
        if after is not None and after.role == "cmp_after":
            op = after.arg
            positions |= set(range(after.start, after.end))
        # between A and B
        between = found.op_at(tok.pos - 1)
        if (
            between is not None
            and between.role == "between"
            and (
                tok.pos + 2 < len(toks)
                and toks[tok.pos + 1].text == "and"
                and toks[tok.pos + 2].number is not None
            )
        ):
            high = toks[tok.pos + 2].number
            positions |= {between.start, tok.pos + 1, tok.pos + 2}
            mention = _near_mention(found, between.start, tok.pos + 3)
            column = mention.column if mention else None
            if (
                column is not None
                and high is not None
                and _yearish(number, columns, index)
                and _yearish(high, columns, index)
                and not YEAR_WORDS & set(words_of(column.name))
                and column.kind == "numeric"
                and not _in_range(index, column, number)
                and not _in_range(index, column, high)
                and (year_col := _year_column(columns, index, number)) is not None
            ):
                # "total wages between 1600 and 1700": years, not wages, when a year column
                # holds them and the column named is the measure asked about
                mention, column = None, year_col
            if column is None:
                column = _year_column(columns, index, number)
            if column is not None and high is not None:
                if mention:
                    mention.used = True
                cond = Condition(column, ">=", [number])
                out.append(Bound(cond, positions))
                out.append(Bound(Condition(column, "<=", [high]), set()))
                found.claim(min(positions), max(positions) + 1, "number")
            continue
        # month name before a year: "in March 2015"
        month = month_at(found, tok.pos - 1)
        date_column = _temporal(columns, found)
        if month is not None and number.is_integer() and 1800 <= number <= 2100:
            if date_column is None and _year_column(columns, index, number) is not None:
                # "passengers in march 1958" over a month name column and a year column: the
                # month is a value of its column, the year binds as any year below
                month = None
            else:
                positions.add(tok.pos - 1)
                op2, start2 = _cmp_before(found, tok.pos - 1)
                if op2 is not None:
                    op = op2
                    positions |= set(range(start2, tok.pos - 1))
                if date_column is not None:
                    out.append(
                        Bound(_date_condition(date_column, op, int(number), month), positions)
                    )
                    found.claim(min(positions), max(positions) + 1, "number")
                continue
        unit_pos = tok.pos + 1 if tok.pos + 1 < len(toks) else None
        unit = _unit(toks[unit_pos].text) if unit_pos is not None else None
        pct_pos = unit_pos if unit_pos is not None and toks[unit_pos].text == "%" else None
        mention = _near_mention(found, phrase_start, tok.pos + 1 + (1 if unit else 0))
        column = mention.column if mention else None
        yearish = _yearish(number, columns, index)
        prep = toks[phrase_start - 1].text if phrase_start > 0 else ""
        time_op = found.op_at(phrase_start)
        if (
            yearish
            and column is not None
            and column.kind != "temporal"
            and not YEAR_WORDS & set(words_of(column.name))
            and (
                prep in ("in", "during", "for", "from")
                or (time_op is not None and time_op.role == "time")
            )
        ):
            mention, column = None, None  # "yield in 1931": a year, not a yield
        if column is None and unit:
            with_unit = [c for c in columns if c.kind == "numeric" and _has_unit(c, unit)]
            if len(with_unit) == 1:
                column = with_unit[0]
        if column is not None and unit and unit_pos is not None and _has_unit(column, unit):
            positions.add(unit_pos)
        if column is None and op is not None:
            column = _comparative_column(found, phrase_start, columns)
        if column is None and yearish:
            year_col = _year_column(columns, index, number)
            if year_col is not None:
                column = year_col
            else:
                temporal = _temporal(columns, found)
                if temporal is not None:
                    out.append(Bound(_date_condition(temporal, op, int(number), None), positions))
                    found.claim(min(positions), max(positions) + 1, "number")
                    continue
        if column is None:
            # the number is a value of exactly one text column ("player number 3")
            hits = index.exact.get(tok.text, [])
            cols = {c for c, _ in hits}
            if len(cols) == 1 and op in (None, "="):
                name = next(iter(cols))
                column = next(c for c in columns if c.name == name)
                out.append(Bound(Condition(column, "=", [hits[0][1]]), positions))
                found.claim(min(positions), max(positions) + 1, "number")
                continue
            continue
        is_year = number.is_integer() and 1800 <= number <= 2100
        if column.kind == "temporal" and not is_year:
            continue  # "days over 90" over a date column: no date, so left over and asked back
        if mention is not None:
            mention.used = True
            positions |= set(range(mention.start, mention.end))
        if column.kind == "temporal" and is_year:
            out.append(Bound(_date_condition(column, op, int(number), None), positions))
        elif column.kind == "text":
            value = _as_written(index, column, tok.text)
            out.append(Bound(Condition(column, "!=" if op == "!=" else "=", [value]), positions))
        else:
            if pct_pos is not None:
                positions.add(pct_pos)
                low, high = index.ranges.get(column.name, (0.0, 0.0))
                if low >= 0 and high <= 1:
                    number = number / 100  # "discount above 20%" over fractions 0-0.8
            out.append(Bound(Condition(column, op or "=", [number]), positions))
        found.claim(min(positions), max(positions) + 1, "number")
    return out

"""Value linking: the table's own text values, indexed once per dataset version.

The index maps each distinct value, in normal form (lower case, no accents, words only), to the
columns holding it, and each word of a value to the values containing it, so "tim hague" finds
"Tim Hague" and "ford" finds "ford torino". It is built with one DuckDB query per text column and
kept in a small in-process cache keyed by the dataset's id and version, so
questions after the first do not scan the data.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import duckdb

from symphainy.insights.engine import Column
from symphainy.insights.questions.words import FUNCTION_WORDS, lemma, tokenize

MAX_DISTINCT = 50_000  # per column: a free-text column larger than this is not indexed
CACHE_SIZE = 16


@dataclass
class ValueIndex:
    # normal form -> [(column name, original value)]
    exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # one word -> {(column name, original value)} of multi-word values containing it
    words: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # numeric and date columns: (min, max), to tell a year from a count
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    # date columns: (first day, last day), for "last quarter" relative to the data
    dates: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    max_words: int = 1
    # columns whose values are all different (each names one row: a name, a key, a season)
    unique: set[str] = field(default_factory=set)
    # number columns holding only 0 and 1 (a flag: "survived"), and boolean columns
    flags: set[str] = field(default_factory=set)
    # text columns holding only a yes and a no (Yes/No, Y/N, true/false): the "yes" value
    yes_values: dict[str, str] = field(default_factory=dict)
    # number columns holding only whole numbers (counts of things, not amounts of money)
    whole: set[str] = field(default_factory=set)
    # text columns whose values repeat (on average at least two rows a value): groups, not names
    repeats: set[str] = field(default_factory=set)
    # the wider place after a comma ("texas" of "Houston, Texas") -> {(column, value)}
    segments: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # a value of two or more words by the lemma of each word ("2 year old" -> "2 years old")
    by_lemmas: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, column: str, value: str) -> None:
        key = " ".join(t.text for t in tokenize(value))
        if not key:
            return
        if "," in value and not any(ch.isdigit() for ch in value):
            for part in value.split(",")[1:]:
                seg = " ".join(t.text for t in tokenize(part))
                if seg and seg not in FUNCTION_WORDS:
                    self.segments.setdefault(seg, set()).add((column, value))
        self.exact.setdefault(key, []).append((column, value))
        parts = key.split()
        if len(parts) > 1:
            self.by_lemmas.setdefault(lemma_key(parts), []).append((column, value))
        self.max_words = max(self.max_words, min(len(parts), 8))
        if len(parts) > 1:
            for part in parts:
                if len(part) >= 3 and part not in FUNCTION_WORDS and not part[0].isdigit():
                    self.words.setdefault(part, set()).add((column, value))


def lemma_key(words: list[str]) -> str:
    """The words of a value, each by its lemma: the key of ``ValueIndex.by_lemmas``."""
    return " ".join(lemma(w) for w in words)


def build(con: duckdb.DuckDBPyConnection, columns: list[Column]) -> ValueIndex:
    index = ValueIndex()
    for column in columns:
        if column.kind == "text":
            rows = con.execute(
                f"SELECT DISTINCT {column.sql} FROM data WHERE {column.sql} IS NOT NULL "
                f"LIMIT {MAX_DISTINCT + 1}"
            ).fetchall()
            if len(rows) <= MAX_DISTINCT:
                for (value,) in rows:
                    index.add(column.name, str(value))
                yes = _yes_value([str(r[0]) for r in rows])
                if yes is not None:
                    index.flags.add(column.name)
                    index.yes_values[column.name] = yes
                present = con.execute(f"SELECT count({column.sql}) FROM data").fetchone()
                if present is not None and len(rows) >= 2 and present[0] == len(rows):
                    index.unique.add(column.name)
                if present is not None and len(rows) * 2 <= present[0]:
                    index.repeats.add(column.name)
        elif column.kind == "temporal":
            low, high = con.execute(
                f"SELECT min({column.sql})::DATE, max({column.sql})::DATE FROM data"
            ).fetchone() or (None, None)
            if low is not None and high is not None:
                index.dates[column.name] = (low, high)
        elif column.kind == "numeric":
            low, high, distinct, present, whole = con.execute(
                f"SELECT min({column.sql}), max({column.sql}), count(DISTINCT {column.sql}), "
                f"count({column.sql}), bool_and({column.sql} = floor({column.sql})) FROM data"
            ).fetchone() or (None, None, 0, 0, None)
            if low is not None and high is not None:
                index.ranges[column.name] = (float(low), float(high))
            if whole:
                index.whole.add(column.name)
            if distinct >= 2 and distinct == present:
                index.unique.add(column.name)
            if distinct == 2 and low == 0 and high == 1:
                index.flags.add(column.name)
        elif column.kind == "boolean":
            index.flags.add(column.name)
    return index


YES_NO_PAIRS = (("yes", "no"), ("y", "n"), ("true", "false"), ("t", "f"))


def _yes_value(values: list[str]) -> str | None:
    """The "yes" of a column holding exactly a yes and a no, as written in the data."""
    if len(values) != 2:
        return None
    low = {v.strip().lower(): v for v in values}
    for yes, no in YES_NO_PAIRS:
        if set(low) == {yes, no}:
            return low[yes]
    return None


_cache: OrderedDict[Hashable, ValueIndex] = OrderedDict()
_lock = threading.Lock()


def cached(
    con: duckdb.DuckDBPyConnection, columns: list[Column], key: Hashable | None
) -> ValueIndex:
    """The index for one dataset version (``key``, e.g. its id and version), built once."""
    if key is None:
        return build(con, columns)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    index = build(con, columns)
    with _lock:
        _cache[key] = index
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def group_by_column(pairs: set[tuple[str, str]] | list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for column, value in sorted(pairs):
        out[column].append(value)
    return dict(out)

"""What a parsed question means: conditions, the measure, grouping and order.

A ``Plan`` is the parser's reading of the whole question. ``render`` turns it into one SELECT over
``data`` (identifiers quoted from the dataset's own columns, every user value a bound parameter)
and into words ("average of body_mass_g where species is 'Gentoo'").
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from symphainy.insights.engine import Column

AGG_WORDS = {
    "count": "number of rows",
    "count_distinct": "number of distinct",
    "count_values": "number of values of",
    "sum": "total of",
    "avg": "average of",
    "median": "median of",
    "min": "lowest",
    "max": "highest",
    "share": "percentage of rows",
    "nulls": "number of rows with no",
}
OP_WORDS = {
    "=": "is",
    "!=": "is not",
    ">": "is over",
    ">=": "is at least",
    "<": "is under",
    "<=": "is at most",
}


@dataclass
class Condition:
    column: Column
    op: str  # = != > >= < <= in notin contains notcontains null notnull range
    values: list[Any]
    part: str | None = None  # a date part the condition is on: year, month
    alt: int | None = None  # conditions sharing an alt id are OR-ed together
    # "excluding horsepower over 200": the rows the condition does not hold for (missing too)
    negated: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        if self.negated:
            inner, params = replace(self, negated=False).sql()
            target = f"{self.part}({self.column.sql})" if self.part else self.column.sql
            return f"({target} IS NULL OR NOT ({inner}))", params
        target = f"{self.part}({self.column.sql})" if self.part else self.column.sql
        if self.op in ("=", "!=", ">", ">=", "<", "<="):
            if self.op == "!=":
                return f"({target} IS NULL OR {target} <> ?)", list(self.values)
            return f"{target} {self.op} ?", list(self.values)
        if self.op in ("in", "notin"):
            marks = ", ".join("?" for _ in self.values)
            neg = "NOT " if self.op == "notin" else ""
            return f"{target} {neg}IN ({marks})", list(self.values)
        if self.op in ("contains", "notcontains"):
            neg = "NOT " if self.op == "notcontains" else ""
            return (
                f"{neg}regexp_matches(lower(strip_accents(CAST({target} AS VARCHAR))), ?)",
                [f"(^|[^a-z0-9]){v}([^a-z0-9]|$)" for v in self.values],
            )
        if self.op == "null":
            return f"{target} IS NULL", []
        if self.op == "notnull":
            return f"{target} IS NOT NULL", []
        if self.op == "range":  # [start, end) on a date or number
            return f"{target} >= ? AND {target} < ?", list(self.values)
        raise ValueError(self.op)

    def words(self) -> str:
        if self.negated:
            return f"not ({replace(self, negated=False).words()})"
        name = f"{self.part} of {self.column.name}" if self.part else self.column.name
        vals = [_show(v) for v in self.values]
        if self.op in OP_WORDS:
            return f"{name} {OP_WORDS[self.op]} {vals[0]}"
        if self.op == "in":
            return f"{name} is {' or '.join(vals)}"
        if self.op == "notin":
            return f"{name} is neither {' nor '.join(vals)}"
        if self.op == "contains":
            return f"{name} contains {vals[0]}"
        if self.op == "notcontains":
            return f"{name} does not contain {vals[0]}"
        if self.op == "null":
            return f"{name} is missing"
        if self.op == "notnull":
            return f"{name} is present"
        return f"{name} from {vals[0]} up to (not including) {vals[1]}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Plan:
    agg: str | None = None  # see AGG_WORDS; None: rows (lookup, superlative, top N)
    measure: Column | None = None
    select: list[Column] = field(default_factory=list)
    group: Column | None = None
    group_part: str | None = None  # year, month, quarter, dayname, ...
    # further group-by columns ("by species and island"), each with its date part or None
    group_also: list[tuple[Column, str | None]] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    order: str | None = None  # "max" or "min": rows (or groups) ordered by the measure
    limit: int | None = None
    notes: list[str] = field(default_factory=list)
    label_guessed: bool = False  # rows named by a column picked from the data, not its name
    per_group: bool = False  # grouped by "per X" (not "by X"): per row if each X is one row

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        alts: dict[int, list[Condition]] = {}
        for cond in self.conditions:
            if cond.alt is not None:
                alts.setdefault(cond.alt, []).append(cond)
                continue
            text, p = cond.sql()
            parts.append(text)
            params += p
        for group in alts.values():
            texts = []
            for cond in group:
                text, p = cond.sql()
                texts.append(f"({text})")
                params += p
            parts.append("(" + " OR ".join(texts) + ")")
        return " AND ".join(parts), params

    def _agg_sql(self) -> str:
        m = self.measure.sql if self.measure else "*"
        return {
            "count": "count(*)",
            "count_distinct": f"count(DISTINCT {m})",
            "count_values": f"count({m})",
            "sum": f"sum({m})",
            "avg": f"avg({m})",
            "median": f"median({m})",
            "min": f"min({m})",
            "max": f"max({m})",
            "nulls": "count(*)",
        }[self.agg or "count"]

    def sql(self) -> tuple[str, list[Any]]:
        where, params = self.where()
        if self.agg == "share" and self.measure is not None:
            cond, m = where or "TRUE", self.measure.sql
            return (
                f"SELECT round(100.0 * sum({m}) FILTER (WHERE {cond}) / sum({m}), 4) "
                "AS percentage FROM data",
                params,
            )
        if self.agg == "share":
            cond = where or "TRUE"
            return (
                f"SELECT round(100.0 * count(*) FILTER (WHERE {cond}) / count(*), 4) AS percentage "
                "FROM data",
                params,
            )
        clause = f" WHERE {where}" if where else ""
        if self.agg is None:
            cols = ", ".join(c.sql for c in self.select) or "*"
            if self.order and self.measure is not None:
                direction = "DESC" if self.order == "max" else "ASC"
                extra = f"{' AND' if where else ' WHERE'} {self.measure.sql} IS NOT NULL"
                return (
                    f"SELECT {cols} FROM data{clause}{extra} ORDER BY {self.measure.sql} "
                    f"{direction} LIMIT {int(self.limit or 1)}",
                    params,
                )
            return f"SELECT {cols} FROM data{clause}", params
        agg = self._agg_sql()
        if self.group is None:
            return f"SELECT {agg} AS value FROM data{clause}", params
        if self.group_also:
            return self._sql_by_several(agg, clause), params
        key = f"{self.group_part}({self.group.sql})" if self.group_part else self.group.sql
        alias = f"{self.group_part}" if self.group_part else self.group.sql
        if self.order:
            direction = "DESC" if self.order == "max" else "ASC"
            return (
                f"SELECT {key} AS {alias}, {agg} AS value FROM data{clause} GROUP BY 1 "
                f"ORDER BY 2 {direction} NULLS LAST, 1 LIMIT {int(self.limit or 1)}",
                params,
            )
        # categories read best largest first; years, months and numbers in their own order
        by_value = self.group_part is None and self.group.kind == "text"
        order = ("2 ASC" if self.agg == "min" else "2 DESC") + " NULLS LAST, 1" if by_value else "1"
        return (
            f"SELECT {key} AS {alias}, {agg} AS value FROM data{clause} "
            f"GROUP BY 1 ORDER BY {order}",
            params,
        )

    def groups(self) -> list[tuple[Column, str | None]]:
        """Every group-by key in order: the first, then those after "and"."""
        return [] if self.group is None else [(self.group, self.group_part), *self.group_also]

    def _sql_by_several(self, agg: str, clause: str) -> str:
        """One row per combination of the keys ("by species and island"), keys in order; with
        an order, the combinations with the highest (lowest) value first."""
        keys = self.groups()
        select = []
        taken: set[str] = set()
        for column, part in keys:
            if part is None:
                select.append(column.sql)
                taken.add(column.name.lower())
                continue
            name = part if part not in taken else f"{part} of {column.name}"
            taken.add(name.lower())
            select.append(f"{part}({column.sql}) AS " + '"' + name.replace('"', '""') + '"')
        by = ", ".join(str(i) for i in range(1, len(keys) + 1))
        value = len(keys) + 1
        head = f"SELECT {', '.join(select)}, {agg} AS value FROM data{clause} GROUP BY {by}"
        if self.order:
            direction = "DESC" if self.order == "max" else "ASC"
            return (
                f"{head} ORDER BY {value} {direction} NULLS LAST, {by} LIMIT {int(self.limit or 1)}"
            )
        return f"{head} ORDER BY {by}"

    def words(self) -> str:
        """The reading in words, shown beside the SQL."""
        cond = " and ".join(c.words() for c in self.conditions if c.alt is None)
        alts: dict[int, list[str]] = {}
        for c in self.conditions:
            if c.alt is not None:
                alts.setdefault(c.alt, []).append(c.words())
        for group in alts.values():
            cond = " and ".join(x for x in (cond, "(" + " or ".join(group) + ")") if x)
        where = f" where {cond}" if cond else ""
        if self.agg == "share" and self.measure is not None:
            return f"share of the total {self.measure.name} from the rows{where}"
        if self.agg == "share":
            return f"percentage of all rows{where}"
        if self.agg is None:
            cols = ", ".join(c.name for c in self.select) or "all columns"
            if self.order and self.measure is not None:
                which = "highest" if self.order == "max" else "lowest"
                n = int(self.limit or 1)
                rows = "the row" if n == 1 else f"the {n} rows"
                return f"{cols} of {rows} with the {which} {self.measure.name}{where}"
            return f"{cols}{where}"
        if self.agg in ("count", "share"):
            what = AGG_WORDS[self.agg]
        elif self.agg == "nulls":
            what = f"number of rows where {self.measure.name if self.measure else ''} is missing"
        else:
            what = f"{AGG_WORDS[self.agg]} {self.measure.name if self.measure else ''}"
        if self.group is not None:
            by = " and ".join(f"{p} of {c.name}" if p else c.name for c, p in self.groups())
            if self.order:
                which = "highest" if self.order == "max" else "lowest"
                return f"the {by} with the {which} {what}{where}"
            return f"{what} for each {by}{where}"
        return f"{what}{where}"


@dataclass
class Ambiguity:
    phrase: str
    options: list[Column]
    kind: str = "column"  # or "value"


@dataclass
class Reading:
    plan: Plan | None
    not_understood: list[str] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    problem: str | None = None
    entity: str | None = None

    @property
    def complete(self) -> bool:
        return (
            self.plan is not None
            and not self.not_understood
            and not self.ambiguous
            and not self.problem
        )

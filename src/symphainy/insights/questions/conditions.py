"""Conditions from the values a question names: which column, negated or not, "or" and "in".

A value found in one column binds to it; a value found in several binds to the column named next
to it ("away team Melbourne"), else it is a tie asked back. Values of one column joined by "or",
"and" or "vs" become one ``in`` condition; values of different columns joined by "or" an OR.
"""

from __future__ import annotations

from symphainy.insights.engine import Column
from symphainy.insights.questions.linking import Found, Mention, ValueHit
from symphainy.insights.questions.plan import Ambiguity, Condition, Reading
from symphainy.insights.questions.words import (
    FUNCTION_WORDS,
    normal,
    words_of,
)


def value_conditions(
    found: Found, reading: Reading, alt_ids: list[int]
) -> list[tuple[ValueHit, Condition]]:
    out: list[tuple[ValueHit, Condition]] = []
    hits = sorted(found.values, key=lambda h: h.start)
    directed: tuple[ValueHit, str] | None = None  # the last value read by "from"/"to"
    for hit in hits:
        if rows_noun(found, hit):
            others = [h for h in hits if h is not hit and set(h.by_column) & set(hit.by_column)]
            if others:
                found.claim(hit.start, hit.end, "entity")
                found.entity = found.tokens[hit.start].text
                continue
            reading.ambiguous.append(Ambiguity(found.tokens[hit.start].text, [], "rows or value"))
            continue
        options = list(hit.by_column)
        chosen: str | None = options[0] if len(options) == 1 else None
        near = adjacent_mention(found, hit)
        if near is not None and near.column.name in hit.by_column:
            chosen = near.column.name
            near.used = True
        elif chosen is None:
            named = [m for m in found.mentions if not m.used and m.column.name in options]
            if len(named) == 1:
                chosen = named[0].column.name
                named[0].used = True
        if chosen is None:
            chosen = _by_direction(found, hit, options, directed)
            if chosen is not None:
                directed = (hit, chosen)
        if chosen is None:
            reading.ambiguous.append(
                Ambiguity(
                    " ".join(found.words(hit.start, hit.end)),
                    [c for c in all_columns(found) if c.name in options],
                    "value",
                )
            )
            continue
        column = next(c for c in all_columns(found) if c.name == chosen)
        values = hit.by_column[chosen]
        is_negated = negated(found, hit.start)
        if hit.partial:
            op = "notcontains" if is_negated else "contains"
        elif len(values) == 1:
            op = "!=" if is_negated else "="
        else:
            op = "notin" if is_negated else "in"
        out.append((hit, Condition(column, op, list(values))))
    # values of one column joined by "or"/"and"/"vs" read as one "in" condition
    merged: list[tuple[ValueHit, Condition]] = []
    for hit, cond in out:
        if merged:
            prev_hit, prev = merged[-1]
            between = found.words(prev_hit.end, hit.start)
            joined = between and set(between) <= {"or", "and", "vs", "versus", ",", "the", "nor"}
            if (
                joined
                and prev.column == cond.column
                and prev.op in ("=", "in")
                and cond.op
                in (
                    "=",
                    "in",
                )
            ):
                merged[-1] = (hit, Condition(cond.column, "in", prev.values + cond.values))
                continue
            if joined and prev.op in ("!=", "notin") and cond.column == prev.column:
                merged[-1] = (hit, Condition(cond.column, "notin", prev.values + cond.values))
                continue
            if joined and "or" in between:
                alt = len(alt_ids) + 1
                alt_ids.append(alt)
                prev.alt = alt
                cond.alt = alt
        merged.append((hit, cond))
    return merged


# Words of a column's name that say where a route starts or ends.
ORIGIN = frozenset(
    {"source", "origin", "from", "departure", "src", "orig", "sender", "start", "pickup"}
)
DESTINATION = frozenset(
    {"destination", "dest", "to", "arrival", "dst", "target", "recipient", "end", "dropoff"}
)
DIRECTIONS = {"from": ORIGIN, "to": DESTINATION, "into": DESTINATION}


def _by_direction(
    found: Found, hit: ValueHit, options: list[str], directed: tuple[ValueHit, str] | None
) -> str | None:
    """ "routes from ORD to LAX" over Source and Destination columns that both hold airport
    codes: "from" reads the column named as an origin, "to" the one named as a destination;
    a value joined by "or"/"and" to such a value ("from ATL or DFW") reads the same column."""
    pos = hit.start - 1
    while pos >= 0 and found.tokens[pos].text == "the":
        pos -= 1
    marks = DIRECTIONS.get(found.tokens[pos].text) if pos >= 0 else None
    if marks is None:
        if directed is None:
            return None
        between = found.words(directed[0].end, hit.start)
        if not between or not set(between) <= {"or", "and", ","}:
            return None
        return directed[1] if directed[1] in options else None
    cols = {c.name: c for c in all_columns(found)}
    fit = [
        name
        for name in options
        if name in cols and marks & {w.lower() for w in words_of(cols[name].name)}
    ]
    return fit[0] if len(fit) == 1 else None


def rows_noun(found: Found, hit: ValueHit) -> bool:
    """A plural after "how many" that is also a value ("how many deaths" where a column holds
    "Death"): it may name the rows or the value."""
    if hit.end - hit.start != 1 or hit.partial or hit.start == 0:
        return False
    word = found.tokens[hit.start].text
    values = [v for vs in hit.by_column.values() for v in vs]
    if any(normal(v) == word for v in values) or not word.endswith("s"):
        return False
    op = found.op_at(hit.start - 1)
    return op is not None and op.role == "count"


def all_columns(found: Found) -> list[Column]:
    return found.columns


def adjacent_mention(found: Found, hit: ValueHit) -> Mention | None:
    for m in found.mentions:
        if m.end <= hit.start:
            gap = found.words(m.end, hit.start)
            if len(gap) <= 2 and all(
                w in {"is", "of", "=", "was", "the", "are", "named", "called"} for w in gap
            ):
                return m
        if m.start >= hit.end and m.start - hit.end == 0:
            return m
    return None


def negated(found: Found, start: int) -> bool:
    for p in range(max(0, start - 3), start):
        op = found.op_at(p)
        if op is not None and op.role == "not":
            between = found.words(op.end, start)
            if all(w in FUNCTION_WORDS or w in {"from", "in", "on"} for w in between):
                found.claim(op.start, op.end, "not")
                return True
    return False

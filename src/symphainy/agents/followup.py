"""Follow-ups: "and for Adelie only?", "what about by month?", "the other file".

The conversation's previous reading (the last tool it ran, on which file, with which question
and how Insights read that question) is kept with the stored messages. A follow-up message is
read as that reading with one change: a filter value, a grouping, an aggregate, a measure, the
file, or the chart form. The rewritten question goes to the same Insights parser as any other
question, so a follow-up is answered exactly as the full question would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from symphainy.agents.slots import match_columns, tokens

LEAD = re.compile(
    r"^\s*(and|but|also|so|ok(ay)?|now|then|what about|how about|same for|same but|"
    r"and what about|and how about|what if|only|just|for)\b[\s,]*",
    re.I,
)
_TAIL = re.compile(r"\b(only|please|instead|then|too|as well)\b|[?!.]+", re.I)
PRONOUNS = frozenset({"their", "those", "them", "these", "that", "it", "its", "they", "this"})
# The pronouns that stand for the previous answer's rows ("their average age"); "it" and
# "this" more often stand for the file ("how many sectors are there in it").
ROW_PRONOUNS = frozenset({"their", "those", "them", "these", "they"})
OTHER = re.compile(r"\b(the )?other\b", re.I)
AGGREGATES = {
    "count": ("how many", "count", "number of"),
    "sum": ("total", "sum"),
    "avg": ("average", "avg", "mean"),
    "max": ("maximum", "max", "highest", "largest", "biggest", "most"),
    "min": ("minimum", "min", "lowest", "smallest", "least"),
    "median": ("median",),
}
AGG_PHRASE = {
    "count": "number of rows",
    "sum": "total",
    "avg": "average",
    "max": "maximum",
    "min": "minimum",
    "median": "median",
}
_FILTER = re.compile(r"^(?P<column>.+?)\s+(?:is|=|>=|<=|>|<|between|in|after|before|on)\s")


@dataclass
class Reading:
    """What the conversation last did: the tool, its file, and for data questions the reading."""

    tool: str
    file_id: str | None = None
    question: str | None = None
    interpretation: dict[str, Any] = field(default_factory=dict)
    answered: bool = False


def last_reading(tool_calls: list[list[dict[str, Any]]], file_ids: set[str]) -> Reading | None:
    """The newest successful, non-destructive tool call of the conversation, as a reading."""
    for calls in reversed(tool_calls):
        for call in reversed(calls):
            result = call.get("result") or {}
            data = result.get("data") or {}
            if not result.get("ok") or data.get("confirmation_required"):
                continue
            args = call.get("arguments") or {}
            file_id = data.get("file_id")
            if file_id is None and args.get("file") in file_ids:
                file_id = args["file"]
            ranked = data.get("datasets")
            if file_id is None and isinstance(ranked, list) and ranked:
                # A ranking of the journey's datasets (worst quality first): "why?" is about
                # the first of them.
                file_id = (ranked[0] or {}).get("file_id")
            return Reading(
                tool=str(call.get("name")),
                file_id=str(file_id) if file_id else None,
                question=data.get("question") or args.get("question"),
                interpretation=dict(data.get("interpretation") or {}),
                answered=bool(data.get("answered")),
            )
    return None


def looks_like_followup(message: str) -> bool:
    """A message that leans on the previous one: a lead word, a pronoun, or very short."""
    words = tokens(message)
    return (
        bool(LEAD.match(message))
        or len(words) <= 3
        or bool(set(words) & PRONOUNS)
        or bool(_THE_ONE.search(message))
    )


# "which one has the highest?": the ones of the previous answer.
_THE_ONE = re.compile(r"\b(which|the|that) ones?\b", re.I)


def residue(message: str) -> str:
    """The changed part of a follow-up: "and for Adelie only?" -> "Adelie"."""
    text = message.strip()
    while True:
        stripped = LEAD.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(_TAIL.sub(" ", text).split())


def aggregate_of(text: str) -> str | None:
    """The aggregate a text names in words; a column such as ``temp_max`` is not one."""
    lowered = f" {' '.join(re.findall(r'[a-z0-9_]+', text.lower()))} "
    for agg, words in AGGREGATES.items():
        if any(f" {w} " in lowered for w in words):
            return agg
    return None


def filter_column(described: str) -> str | None:
    match = _FILTER.match(described)
    return match["column"] if match else None


# Endings that make a value an adjective or a plural: "rainy" days are days of ``rain``,
# "sunny" ones of ``sun``, "males" are ``male``.
VALUE_ENDINGS = ("s", "es", "y", "ny", "gy", "ey")


def value_word(word: str, value: str) -> bool:
    """Whether ``word`` is the one-word ``value`` itself or the value with a common ending,
    or the singular of a plural value ("renewable" for ``Renewables``)."""
    return (
        word == value
        or (len(value) >= 3 and word.startswith(value) and word[len(value) :] in VALUE_ENDINGS)
        or (len(word) >= 4 and value.startswith(word) and value[len(word) :] in ("s", "es"))
    )


# The words people use for the two sexes, whatever a column writes ("Female", "F", "woman"):
# "women only" after "average limit by gender" filters ``Gender`` on its female value.
_SEXES = (
    frozenset({"female", "females", "f", "woman", "women", "lady", "ladies", "girl", "girls"}),
    frozenset({"male", "males", "m", "man", "men", "gentleman", "gentlemen", "boy", "boys"}),
)


def _same_sex(word: str, value: str) -> bool:
    """Whether a word of two letters or more names the sex a value writes."""
    return len(word) >= 2 and any(word in sex and value in sex for sex in _SEXES)


def value_hits(text: str, values: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(column, value) pairs whose value the text names (whole words, case-insensitive)."""
    found = tokens(text)
    words = " ".join(found)
    hits = []
    for column, column_values in values.items():
        for value in column_values:
            parts = tokens(str(value))
            phrase = " ".join(parts)
            if not phrase:
                continue
            named = (len(phrase) >= 2 and re.search(rf"\b{re.escape(phrase)}\b", words)) or (
                len(parts) == 1 and any(_same_sex(w, phrase) for w in found)
            )
            if named or (
                len(phrase) >= 2 and len(parts) == 1 and any(value_word(w, phrase) for w in found)
            ):
                hits.append((column, str(value)))
                break
    return hits


def compose(
    message: str, reading: Reading, columns: list[str], values: dict[str, list[str]]
) -> str | None:
    """The full question a data follow-up stands for, or None if it is not a change of one."""
    interpretation = reading.interpretation
    if not reading.question or not interpretation:
        return None
    # "the max instead of the average": the words after "instead of" name what goes away.
    change = residue(_REPLACED.sub("", message))
    year = re.fullmatch(r"(?:in|for|during|of)?\s*((?:19|20)\d\d)\W*", change, re.I)
    if year and re.search(r"\b(19|20)\d\d\b", reading.question):
        # "and in 2013?": the same question of another year.
        return re.sub(r"\b(19|20)\d\d\b", year.group(1), reading.question, count=1)
    row = _row_follow_up(change, reading, columns, values)
    if row is not None:
        return row
    agg = interpretation.get("aggregate")
    measure = interpretation.get("measure")
    keys = group_keys(interpretation)
    filters = [str(f) for f in interpretation.get("filters") or []]
    named_columns = match_columns(change, columns) or _distinctive_columns(change, columns)
    hits = value_hits(change, values)
    new_agg = aggregate_of(change)
    by = BY.match(change)
    if by:
        keys = [by["group"]]
        # Grouped by the column a filter fixed ("per sector" after "for Energy only"), or by
        # a part of the date a range fixed ("by year" after "in 2012"): that filter goes.
        grouped = {c.lower() for c in match_columns(by["group"], columns)}
        by_date_part = bool(re.fullmatch(r"(year|month|quarter|week|day)s?", by["group"], re.I))
        filters = [
            f
            for f in filters
            if (filter_column(f) or "").lower() not in grouped
            and not (by_date_part and _DATE_RANGE.search(f))
        ]
        kept_range = any(_DATE_RANGE.search(f) for f in filters)
        if kept_range and not group_keys(interpretation) and " by " not in reading.question:
            # "by region" after "in 2012": the user's own words for the year, grouped.
            return f"{reading.question.rstrip(' ?.!')} by {by['group']}"
    elif keys is None:
        return None  # grouped by a date part, which this rewrite cannot restate: asked back
    elif hits:
        for column, value in hits:
            filters = [f for f in filters if filter_column(f) != column]
            filters.append(f"{column} is {value}")
            keys = [k for k in keys if k != column]
    elif (other := _new_value_of_filter(change, filters, columns)) is not None:
        filters = other
    elif (new_agg or named_columns) and not unread_words(change, columns):
        old_agg, old_measure = agg, measure
        if new_agg:
            agg = new_agg
        measures = [c for c in named_columns if c not in keys]
        if measures:
            measure = measures[0]
            if agg in (None, "count"):
                agg = new_agg or "avg"
        if not measures and agg in ("max", "min") and old_agg in (None, "count", "count_distinct"):
            measure = None  # a count's column is what was counted, not a figure to rank
        if not measure and agg in ("max", "min"):
            # "which one has the highest?" after "how many have a yield above 3": ranked by
            # the column the previous condition compared.
            measure = _compared_column(filters)
        if any(_DATE_RANGE.search(f) for f in filters):
            # A date range restated as text ("month from 2012-01-01 up to …") reads as days:
            # the user's own question is kept with the one word swapped.
            edited = _edited_question(reading.question, (old_agg, old_measure), (agg, measure))
            if edited is not None:
                return edited
    else:
        return None
    if agg not in (None, "count") and not measure:
        return None  # "their average weight" with no column read: not "the number of rows"
    return question_text(agg, measure, " and ".join(keys) or None, filters)


# Words a follow-up may hold besides an aggregate and a column without changing what is asked.
_PLAIN_TEXT = (
    "a an the is are was were be of in on at for to with and or what what's whats which how "
    "many much do does did there their those them these they it its that this one ones me us "
    "give show tell get now then too also again roughly about approximately exactly just only "
    "please value values figure number numbers total all each per by of has have had file csv "
    "data dataset table rows row records ever"
)
_PLAIN = frozenset(_PLAIN_TEXT.split())


def unread_words(change: str, columns: list[str]) -> list[str]:
    """Words of a follow-up that are neither an aggregate, a column nor plain talk.

    "how many of them are women?" after "how many professors are there?": "women" is a value
    the rewrite cannot place (the column holds "Female"), so the rewrite would drop it and
    answer the previous count. Such a follow-up goes to the parser whole instead.
    """
    known = {w for words in AGGREGATES.values() for phrase in words for w in phrase.split()}
    known |= {w for c in columns for w in tokens(c.replace("_", " ").replace(".", " "))}
    known |= {w.rstrip("s") for w in known}
    return [
        w
        for w in tokens(change)
        if len(w) >= 3 and w not in _PLAIN and w not in known and w.rstrip("s") not in known
    ]


_REPLACED = re.compile(r"\s*\b(?:instead of|rather than)\b[^,?!.]*", re.I)
BY = re.compile(
    r"^(?:(?:show|give|list|display|see|do|break|breaking|broken|split|splitting|group|grouped|"
    r"divide|divided)\s+(?:me\s+)?"
    r"(?:it|that|this|them|those|these|the (?:answer|result|figure|numbers?))?\s*"
    r"(?:down|up|out)?\s*)?(by|per|for each|each|across)\s+(?P<group>.+)$",
    re.I,
)
_DATE_RANGE = re.compile(r"\bfrom \d{4}-\d\d-\d\d up to\b")
_COMPARED = re.compile(
    r"^(?P<column>.+?)\s+(?:is\s+)?(?:>=|<=|>|<|between|over|under|above|below|more than|"
    r"less than|at least|at most)\s"
)


def _compared_column(filters: list[str]) -> str | None:
    """The one column a numeric condition of the reading compares, if there is exactly one."""
    columns = {m["column"] for f in filters if (m := _COMPARED.match(f))}
    return columns.pop() if len(columns) == 1 else None


_AGG_WORDS = {agg: words for agg, words in AGGREGATES.items() if agg != "count"}


def _edited_question(
    question: str, old: tuple[str | None, str | None], new: tuple[str | None, str | None]
) -> str | None:
    """The user's previous question with only the aggregate or measure word swapped ("average
    construction in 2012" -> "average manufacturing in 2012"), so its own wording of dates and
    conditions is kept; None when the words to swap are not in it as the user wrote them."""
    (old_agg, old_measure), (agg, measure) = old, new
    text = question
    if measure != old_measure:
        if not (old_measure and measure):
            return None
        pattern = r"\b" + r"[\s_]+".join(map(re.escape, tokens(old_measure))) + r"\b"
        text, swapped = re.subn(pattern, measure, text, count=1, flags=re.I)
        if not swapped:
            return None
    if agg != old_agg:
        if old_agg not in _AGG_WORDS or agg not in AGG_PHRASE:
            return None
        words = "|".join(map(re.escape, _AGG_WORDS[old_agg]))
        text, swapped = re.subn(rf"\b(?:{words})\b", AGG_PHRASE[agg], text, count=1, flags=re.I)
        if not swapped:
            return None
    return text if text != question else None


SUPERLATIVE = re.compile(r"\b(?:most|least|\w{2,}iest|\w{3,}est)\b", re.I)
_VALUE_LEAD = re.compile(r"^(?:in|for|from|at|of|with|on)\s+(?:the\s+)?", re.I)
_EQUALS = re.compile(r"^(?P<column>.+?)\s+is\s+(?!not\b|missing\b)(?P<value>.+)$")


def _new_value_of_filter(change: str, filters: list[str], columns: list[str]) -> list[str] | None:
    """ "and in CA?" after "how many airports are in TX": the same filter with another value,
    when the value is not one of the profile's frequent values (a column of many values). Only
    for a reading with exactly one "column is value" filter and a change of one or two words
    that name no column and no aggregate; Insights then checks the value exists."""
    equal = [f for f in filters if _EQUALS.match(f)]
    if len(equal) != 1:
        return None
    value = _VALUE_LEAD.sub("", change).strip(" '\"")
    words = tokens(value)
    if not 1 <= len(words) <= 2 or aggregate_of(value) or match_columns(value, columns):
        return None
    if re.fullmatch(r"(19|20)\d\d", value) or set(words) & PRONOUNS:
        return None
    found = _EQUALS.match(equal[0])
    assert found is not None
    old = found["value"].strip(" '\"")
    if old.isupper() and not value.isupper():
        return None  # a code ("TX") is followed by a code ("CA"), not by a word
    return [f for f in filters if f is not equal[0]] + [f"{found['column']} is {value}"]


_DATE_WORDS = frozenset({"date", "time", "timestamp", "day", "month", "year", "period", "when"})


def _row_follow_up(
    change: str, reading: Reading, columns: list[str], values: dict[str, list[str]]
) -> str | None:
    """A follow-up of a row answer ("the heaviest penguin"): "and the lightest?" is the same
    question with the other superlative; "what island is it from?" shows that column too."""
    interpretation = reading.interpretation
    question = str(reading.question).rstrip(" ?.!—-")
    if interpretation.get("aggregate") or not interpretation.get("order"):
        return None
    if interpretation.get("limit") != 1 or value_hits(change, values):
        return None
    other = re.fullmatch(r"(?:the\s+)?(\w{2,}iest|\w{3,}est)(?:\s+(?:one|ones))?", change, re.I)
    if other and SUPERLATIVE.search(question):
        return SUPERLATIVE.sub(other.group(1), question, count=1)
    shown = match_columns(change, columns)
    if not shown and re.match(r"^(when|what (date|day|time|year|month))\b", change, re.I):
        # "when was that?": the row's date, whatever its date column is called.
        shown = [c for c in columns if set(tokens(c.replace("_", " "))) & _DATE_WORDS][:1]
    if shown and not aggregate_of(change) and len(tokens(change)) <= 6:
        return f"{question} and its {' and '.join(shown)}"
    return None


def group_keys(interpretation: dict[str, Any]) -> list[str] | None:
    """Every column the reading grouped by ("by species and sex": both), or None when one of
    them was a date part (a month of a date), which a follow-up cannot restate word for word."""
    first = interpretation.get("group_by")
    if not first:
        return []
    also = interpretation.get("group_by_also") or []
    if interpretation.get("group_part") or any(key.get("part") for key in also):
        return None
    return [str(first), *(str(key["column"]) for key in also)]


def _distinctive_columns(text: str, columns: list[str]) -> list[str]:
    """Columns a word of whose name the text uses ("weight" names ``Weight_in_lbs``)."""
    words = {w.rstrip("s") for w in tokens(text) if len(w) >= 4}
    return [c for c in columns if words & {w.rstrip("s") for w in tokens(c.replace("_", " "))}]


def question_text(
    agg: str | None, measure: str | None, group: str | None, filters: list[str]
) -> str:
    if agg in (None, "count") or not measure:
        text = AGG_PHRASE["count"]
    else:
        text = f"{AGG_PHRASE.get(agg, agg)} {measure}"
    if group:
        text += f" by {group}"
    if filters:
        text += " where " + " and ".join(filters)
    return text


def with_previous_filters(question: str, reading: Reading) -> str:
    """A new question about "them": the previous reading's filters carried over."""
    filters = [str(f) for f in reading.interpretation.get("filters") or []]
    if not filters:
        return question
    return f"{residue(question)} where {' and '.join(filters)}"

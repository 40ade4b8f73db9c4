"""Readings the parser could build but should not answer: it asks back instead of guessing.

A complete-looking reading can still be a guess. These checks run on the finished plan and
either settle a reading that has only one sensible meaning or name what is unsure, so the
answer is a question back rather than a number that looks right:

- a percentage under two or more conditions: of all rows, or of the rows one condition picks?
- a yes/no question ("did he race in 2010?"): one SELECT gives rows or numbers, not yes or no;
- one column required to equal two different values at once ("Heathrow ... than Bristol"):
  a comparison between rows, which no single filter expresses;
- a lookup that returns only the value it was filtered on ("in what city is X" -> X);
- a count over the one row a name picks out ("how many wins does Fylkir show" -> 1): the
  question is about a number in that row; if that number's column is named it is given
  ("how many laps did Ed Carpenter complete" -> Laps), else the question is asked back;
- a sum or average of an identifier ("total of Train No."): numbers that are not amounts;
- "how many X" counted as distinct X although the question fixes X ("how many times Olympic
  Games is listed as the competition"): the rows are counted;
- distinct values of an amount counted where it is filtered ("how many votes did the
  runner-up receive"): count or add up? and of a repeated name under a filter ("how many
  competitions were held in Monte Carlo": rows, or different competitions?), unless the
  question says "different" or "distinct";
- the first row by a column the filter already fixes: every row ties;
- an order by a rank ("the top pick": number 1 or the highest number?), and the group with
  the most rows where each group is one row;
- rows named by a column guessed from the data (no name, title or player column), and a
  number given to a "who" or "where" question;
- a "top N" whose reading gives one number (the N would be dropped);
- a value that is its own column's name (a header row repeated in the data), and an exact
  value counted or added up while it also sits inside longer values of its column
  ("United States" and "Japan / United States": exactly, or also the shared rows?).
"""

from __future__ import annotations

import re
import unicodedata

from symphainy.insights.engine import Column
from symphainy.insights.questions.lexicon import DATE_PARTS
from symphainy.insights.questions.plan import Condition, Plan
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import Token, lemma, tokenize, words_of

YES_NO = frozenset(
    {"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could"}
)
# wh-words: a question that asks for something, never for a count unless it says so
ASKING = frozenset({"who", "whom", "whose", "which", "what", "where", "when"})


def settle(plan: Plan, index: ValueIndex) -> None:
    """Readings with one sensible meaning, made explicit before they are checked."""
    if plan.agg == "count_distinct" and plan.measure is not None and plan.group is None:
        fixed = [
            c
            for c in plan.conditions
            if c.column == plan.measure and c.op in ("=", "in", "contains") and not c.negated
        ]
        if fixed:
            plan.agg, plan.measure = "count", None  # the rows that have the value
            return
        named = _named_row(plan.conditions, index)
        if named is not None and plan.measure.is_measure:
            # "how many laps did Ed Carpenter complete": the Laps of Ed Carpenter's row
            plan.agg, plan.select = None, [plan.measure]
            plan.notes.append(f"read as the {plan.measure.name} of the row named {named}")
            plan.measure = None


def doubt(plan: Plan, tokens: list[Token], index: ValueIndex) -> str | None:
    """What is unsure about a finished reading, in words; None when it can be answered."""
    if tokens and tokens[0].text in YES_NO:
        return "how to answer yes or no (ask what to count or list instead)"
    if any(t.text == "why" for t in tokens) or _says(tokens, "how come"):
        return "why something happened (the data gives numbers, not their causes)"
    if plan.agg == "share" and plan.group is None:
        parts = {c.column.name for c in plan.conditions if c.alt is None}
        parts |= {f"alt {c.alt}" for c in plan.conditions if c.alt is not None}
        if len(parts) > 1:
            # "what share of cars from Japan have 4 cylinders": of all rows, or of Japan's?
            return "which rows the percentage is of (all rows, or the rows of one condition)"
    seen: dict[str, Condition] = {}
    for cond in plan.conditions:
        if cond.alt is not None or cond.op not in ("=", "contains") or cond.part or cond.negated:
            continue
        other = seen.get(cond.column.name)
        if other is not None and other.values != cond.values:
            both = " and ".join(str(c.values[0]) for c in (other, cond))
            return f"how {cond.column.name} can be both {both} (comparing rows needs two questions)"
        seen[cond.column.name] = cond
    if plan.agg is None and plan.select and plan.order is None:
        filtered = {c.column.name for c in plan.conditions if c.op in ("=", "in") and not c.negated}
        if all(c.name in filtered for c in plan.select):
            return "which column to give (the answer would only repeat the value asked about)"
    if (
        plan.agg in ("sum", "avg", "median")
        and plan.measure is not None
        and (plan.measure.semantic == "identifier" or _names_a_code(plan.measure))
    ):
        return f"what to add up ({plan.measure.name} holds identifiers, not amounts)"
    if (
        plan.agg == "count_distinct"
        and plan.measure is not None
        and plan.conditions
        and plan.measure.is_measure
        and plan.measure.name not in index.unique  # a key: its distinct values are rows
        and DATE_PARTS.get(plan.measure.name.lower()) != "year"
    ):
        if plan.measure.name.lower() in DATE_PARTS:
            # "how many quarters had ...": a quarter number (1-4) repeats every year, so its
            # different values are not the quarters meant (a year's are years)
            return f"whether to count the rows or the different {plan.measure.name} values"
        # "how many votes did the runner-up receive": their number, not distinct values
        return f"whether to count the different {plan.measure.name} values or add them up"
    if (
        plan.agg == "count_distinct"
        and plan.measure is not None
        and plan.conditions
        and plan.measure.kind == "text"
        and plan.measure.name not in index.unique
        and not any(t.text in ("different", "distinct", "unique") for t in tokens)
    ):
        # "how many competitions were held in Monte Carlo": 2 rows, or 1 competition held twice?
        return f"whether to count the rows or the different {plan.measure.name} values"
    if (
        plan.order is not None
        and plan.measure is not None
        and any(
            c.column == plan.measure and c.op in ("=", "in") and not c.negated
            for c in plan.conditions
        )
    ):
        return f"which row comes first (every row has the same {plan.measure.name})"
    ranked = plan.measure if plan.order is not None or plan.agg in ("max", "min") else None
    if ranked is not None and _RANK_WORDS & set(ranked.name.lower().replace(".", " ").split()):
        # "the top pick": pick 1, or the highest number? A rank reads both ways.
        return f"whether the top {ranked.name} is the highest number or number 1"
    if (
        plan.group is not None
        and not plan.group_also
        and plan.order is not None
        and plan.agg == "count"
        and plan.group.name in index.unique
    ):
        return f"which {plan.group.name} comes first (each appears once)"
    if plan.label_guessed:
        return "which column names the rows"
    if plan.limit and plan.limit > 1 and plan.agg is not None and plan.group is None:
        # "top 3 years by number of launches" read as one count: the "top 3" is not used
        return f"what the top {plan.limit} are (the reading gives one number)"
    header = _value_is_its_header(plan.conditions)
    if header is not None:
        # "did team usa win" over a column "Team USA" holding a cell "Team USA": a header row
        return f"whether '{header}' is the column of that name or the value it holds"
    inside = _value_inside_longer(plan, index)
    if inside is not None:
        value, longer = inside
        # "how many robots are from the united states": 'Japan / United States' too?
        return f"whether to count only the rows that are exactly '{value}' or also '{longer}'"
    weights = _count_column(plan, tokens, index)
    if weights is not None:
        # "how many women lived in Japan" over a table of (country, sex, age group, Value):
        # each row holds a number of people, so counting rows gives the number of groups
        return f"whether to count the rows or to add up {weights} (each row holds a count)"
    first = tokens[0].text if tokens else ""
    if first in ("who", "whom", "whose", "where") and plan.agg is not None and plan.group is None:
        return "which person or place is asked (the reading gives a number)"
    counted = _number_column_named(plan, tokens, index)
    if counted is not None:
        # "total number of votes that the runner-up received" with a column "Total Votes":
        # the rows are not what is counted
        return f"whether to count the rows or to give {counted}"
    if plan.agg in ("count", "count_distinct") and plan.group is None:
        named = _named_row(plan.conditions, index)
        if named is not None:
            return f"which number about {named} to give (it is one row, so its count is 1)"
    return None


# names of a column that holds how many things a row stands for (a table of counts)
COUNT_NAMES = frozenset(
    {"value", "count", "counts", "n", "freq", "frequency", "population", "cases", "headcount"}
)
ROW_WORDS = frozenset({"row", "rows", "record", "records", "entry", "entries", "line", "lines"})


def _count_column(plan: Plan, tokens: list[Token], index: ValueIndex) -> str | None:
    """The column a row count should perhaps add up: the table's one column named as a count
    (Value, Count, Frequency, Population) of whole numbers from 0 up, when the question counts
    rows without saying "rows"."""
    if plan.agg != "count" or plan.measure is not None or ROW_WORDS & {t.text for t in tokens}:
        return None
    named = [
        name
        for name in index.whole
        if " ".join(words_of(name)) in COUNT_NAMES and index.ranges.get(name, (-1.0, 0.0))[0] >= 0
    ]
    return named[0] if len(named) == 1 else None


def _says(tokens: list[Token], phrase: str) -> bool:
    words = phrase.split()
    texts = [t.text for t in tokens]
    return any(texts[i : i + len(words)] == words for i in range(len(texts) - len(words) + 1))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _norm(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(text))


def _value_is_its_header(conditions: list[Condition]) -> str | None:
    for cond in conditions:
        if cond.op in ("=", "contains") and any(
            isinstance(v, str) and _norm(v) == _norm(cond.column.name) for v in cond.values
        ):
            return str(cond.values[0])
    return None


def _value_inside_longer(plan: Plan, index: ValueIndex) -> tuple[str, str] | None:
    """An exact text value of a counted or added-up filter that also sits inside longer
    values of its column ("United States" and "Japan / United States")."""
    if plan.agg not in ("count", "sum", "avg", "median") or plan.group is not None:
        return None
    for cond in plan.conditions:
        if cond.op != "=" or cond.negated or cond.alt is not None or len(cond.values) != 1:
            continue
        value = cond.values[0]
        if not isinstance(value, str):
            continue
        key = _norm(value)
        anchors = [w for w in key if len(w) >= 3 and w in index.words]
        if not anchors:
            continue
        n = len(key)
        for column, other in sorted(index.words[anchors[0]]):
            if column != cond.column.name or other == value:
                continue
            if len(_norm(other)) > n and _listed_in(key, other):
                return value, other
    return None


_JOINERS = frozenset({"for", "and", "with", "by", "feat", "featuring"})


def _listed_in(key: tuple[str, ...], cell: str) -> bool:
    """The value stands as one item of a longer cell: beside a separator or a joining word
    ("Japan / United States", "Sarah Burton for Alexander McQueen", "Female: Alexander
    McQueen Male: ..."), not as part of another name ("West Chicago", "Chicago Heights")."""
    text = strip_accents(cell.lower())
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in key) + r"\b"
    for match in re.finditer(pattern, text):
        before, after = text[: match.start()], text[match.end() :]
        sides = (before.rstrip(), after.lstrip())
        if any(side and not side[-1 if k == 0 else 0].isalnum() for k, side in enumerate(sides)):
            return True
        words_before, words_after = before.split(), after.split()
        if (words_before and words_before[-1] in _JOINERS) or (
            words_after and words_after[0] in _JOINERS
        ):
            return True
    return False


_GENERIC = frozenset({"total", "number", "no", "count", "sum", "amount", "of", "the", "in"})


def _number_column_named(plan: Plan, tokens: list[Token], index: ValueIndex) -> str | None:
    """A row count whose question names a number column it does not use ("number of votes"
    beside a column "Total Votes"): the count is likely the column's value, not the rows."""
    if plan.agg != "count" or plan.group is not None or plan.measure is not None:
        return None
    used = {c.column.name for c in plan.conditions}
    said = {t.text for t in tokens} | {lemma(t.text) for t in tokens}
    for name in index.ranges:
        if name in used or name in index.unique:
            continue
        words = [w for w in words_of(name) if w not in _GENERIC and len(w) > 2]
        if words and all(w in said or lemma(w) in said for w in words):
            return name
    return None


def _named_row(conditions: list[Condition], index: ValueIndex) -> str | None:
    """The value when a condition picks one row by a column whose values are all distinct."""
    for cond in conditions:
        if (
            cond.op == "="
            and not cond.negated
            and cond.alt is None
            and cond.column.name in index.unique
            and len(cond.values) == 1
            and isinstance(cond.values[0], str)
        ):
            return str(cond.values[0])
    return None


_RANK_WORDS = frozenset({"rank", "ranking", "pick", "pos", "position", "place", "placing", "seed"})
_CODE_WORDS = frozenset({"no", "nr", "num", "number", "id", "code", "#"})


def _names_a_code(column: Column) -> bool:
    """A name such as "Train No.", "Sr. No.", "#", "ID": a number that labels, not an amount."""
    words = column.name.lower().replace(".", " ").split()
    return bool(words) and (words[-1] in _CODE_WORDS or column.name.strip() == "#")

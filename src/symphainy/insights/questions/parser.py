"""The question parser: every word of the question is used, or the question is asked back.

``parse`` finds values, operators, column mentions and numbers (see ``linking`` and
``numbers``), builds conditions from them, then chooses the shape of the answer: a count, an
aggregate, a share, a group-by, a top-N, the row with the highest or lowest value, or a lookup.
Finally the coverage rule: each word must have been used by one of those parts, or be a function
word. A word left over, a tie between two columns, or a value found in two columns, and the
reading comes back with ``not_understood`` / ``ambiguous`` filled in instead of an answer.
"""

from __future__ import annotations

import re

from symphainy.insights.engine import Column
from symphainy.insights.questions import asked, doubts
from symphainy.insights.questions import pos as tagging
from symphainy.insights.questions.conditions import value_conditions
from symphainy.insights.questions.lexicon import DATE_PARTS, QUESTION_WORDS
from symphainy.insights.questions.linking import (
    Found,
    Mention,
    Op,
    ValueHit,
    find_mentions,
    find_ops,
    find_partial_values,
    find_typo_ops,
    find_values,
    is_code,
)
from symphainy.insights.questions.numbers import bind_numbers
from symphainy.insights.questions.plan import Ambiguity, Condition, Plan, Reading
from symphainy.insights.questions.schema import ABBREVIATED, LEMMA, PART, SchemaIndex
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import (
    FUNCTION_WORDS,
    LIGHT_VERBS,
    Token,
    lemma,
    normal,
    tokenize,
    variants,
    words_of,
)

__all__ = ["ROWS_OR_TOTALS", "Reading", "parse"]

ROWS_OR_TOTALS = "whether to rank single rows or the totals of each "
NOT_HAVE = frozenset({"have", "has", "had", "a", "an", "any"})
# superlatives of an amount ("the most sales"), not of one reading ("the highest price")
AMOUNT_SUPERLATIVES = frozenset({"most", "least", "fewest"})


def parse(
    question: str,
    schema: SchemaIndex,
    index: ValueIndex,
    entity_words: frozenset[str] = frozenset(),
) -> Reading:
    tokens = tokenize(_capital_country(question, index))
    found = Found(tokens)
    found.columns = schema.columns
    found.question = question
    found.marked = _marked_words(question)
    reading = Reading(None)
    find_values(found, index, multi=True)
    find_mentions(found, schema, min_len=2)
    find_ops(found)
    find_typo_ops(found, schema, index)
    _shares_by_name(found, entity_words)
    # single-word values win over a column only named by a synonym, part or typo
    verb_cols = _verb_columns(tokens, schema.columns)
    strong = {
        t.pos
        for t in tokens
        if t.pos not in found.claimed  # a word of a longer name keeps its claim
        and (c := schema.candidates([t.text]))
        and c[0][1] >= LEMMA - 1e-9
        and not _value_of(index, t.text, verb_cols)  # "won by Joly": winner, not column Joly
    }
    for pos in strong:
        found.claim(pos, pos + 1, "hold")
    find_values(found, index, multi=False)
    for pos in strong:
        if found.claimed.get(pos) == "hold":
            del found.claimed[pos]
    find_mentions(found, schema)
    _quantity_nouns(found)
    _statistic_in_name(found)
    _function_word_values(found, index, found.marked)
    _value_before_its_column(found, index)
    entity_words |= _name_parts(tokens, entity_words)
    asked.claim_named_entity(found, tokens, entity_words)
    named_rows = found.entity
    find_partial_values(found, index)
    _total_named_by_its_unit(found, index)
    for m in found.mentions:
        if m.options:
            reading.ambiguous.append(Ambiguity(" ".join(found.words(m.start, m.end)), m.options))
    plan = Plan()
    alt_ids: list[int] = []
    for _hit, cond in value_conditions(found, reading, alt_ids):
        plan.conditions.append(cond)
    # top N / N highest
    for op in found.ops:
        if op.role in ("most", "superlative") and op.end < len(tokens):
            after = tokens[op.end]
            if (
                after.number is not None
                and after.number.is_integer()
                and op.end not in found.claimed
            ):
                plan.limit = int(after.number)
                plan.order = op.arg
                found.claim(op.end, op.end + 1, "limit")
        if op.role in ("most", "superlative") and op.start > 0:
            prev = tokens[op.start - 1]
            if (
                prev.number is not None
                and prev.number.is_integer()
                and (op.start - 1) not in found.claimed
            ):
                plan.limit = int(prev.number)
                plan.order = op.arg
                found.claim(op.start - 1, op.start, "limit")
    free_nots = [op for op in found.ops if op.role == "not" and found.claimed.get(op.start) == "op"]
    last: tuple[Condition, set[int]] | None = None
    for bound in bind_numbers(found, schema.columns, index):
        _negate_if_excluded(found, bound.condition, bound.positions, free_nots)
        if last is not None and _either(found, last, bound.condition, bound.positions):
            last[0].op, last[0].values = "in", last[0].values + bound.condition.values
            last[1].update(bound.positions)
            continue
        plan.conditions.append(bound.condition)
        last = (bound.condition, set(bound.positions))
    roles = {op.role for op in found.ops}
    aggs = [op for op in found.ops if op.role == "agg"]
    # missing values: "how many are missing X", "rows with a missing sex"
    for op in found.ops:
        if op.role == "missing":
            target = asked.nearest_free(found, op.end, op.start)
            if target is None:
                reading.not_understood.append(op.text)
                continue
            target.used = True
            # "sex is not missing", "isn't missing": the rows where the value is present
            neg = found.op_at(op.start - 1) if op.start > 0 else None
            present = neg is not None and neg.role == "not"
            if present and neg is not None:
                found.claim(neg.start, neg.end, "not")
            plan.conditions.append(Condition(target.column, "notnull" if present else "null", []))
        if op.role == "not":
            skip = op.end  # "don't have a sex recorded", "no precipitation"
            while skip < len(tokens) and tokens[skip].text in NOT_HAVE:
                skip += 1
            nxt = asked.mention_starting(found, skip)
            if nxt is not None and not nxt.used:
                nxt.used = True
                if (
                    nxt.column.kind == "numeric"
                    and op.text == "no"
                    and _zero_meant(found, index, nxt)
                ):
                    plan.conditions.append(Condition(nxt.column, "=", [0.0]))
                else:
                    plan.conditions.append(Condition(nxt.column, "null", []))
                found.claim(op.start, op.end, "not")
    # group by
    for op in found.ops:
        if op.role != "group" or plan.group is not None:
            continue
        nxt = asked.mention_starting(found, op.end)
        if nxt is not None and not nxt.used:
            if nxt.column.kind == "numeric" and plan.limit and not aggs and "count" not in roles:
                continue  # "top 3 cars by horsepower": an order, not a group
            nxt.used = True
            plan.group, plan.group_part = nxt.column, _part_named(found, nxt)
            _more_groups(found, schema, plan, nxt.end)
            continue
        part = asked.datepart_at(found, op.end)
        if part is not None:
            temporal = [c for c in schema.columns if c.kind == "temporal"]
            if len(temporal) == 1:
                plan.group, plan.group_part = temporal[0], part[2]
                found.claim(part[0], part[1], "datepart")
                _more_groups(found, schema, plan, part[1])
    if "versus" in roles and plan.group is None:
        # "Gentoo vs Adelie": one answer for each side
        compared = [c for c in plan.conditions if c.op == "in"]
        if compared:
            plan.group = compared[0].column
    # what the question asks for
    target = asked.asked_column(found, tokens, schema.columns)
    entity = asked.entity(found, tokens, entity_words)
    reading.entity = entity
    most = [op for op in found.ops if op.role in ("most", "superlative")]
    direction = most[0].arg if most else (aggs[0].arg if aggs else None)
    asked.resolve_ties(found, reading, direction)
    if asked.count_slot_mentions(found):
        reading.ambiguous = [
            a
            for a in reading.ambiguous
            if a.kind != "column"
            or any(
                m.options and " ".join(found.words(m.start, m.end)) == a.phrase
                for m in found.mentions
            )
        ]
    if "distinct" not in roles:
        _flags_as_conditions(found, index, plan, counted="count" in roles or "share" in roles)
    free = [m for m in found.mentions if not m.used and not m.options]
    agg = aggs[0].arg if aggs else None
    if "share" in roles:
        plan.agg = "share"
        share_op = next(op for op in found.ops if op.role == "share")
        amount = asked.mention_starting(found, share_op.end)
        if (
            plan.group is None
            and amount is not None
            and not amount.used
            and not amount.options
            and amount.column.is_measure
            and amount.column.name not in index.flags
        ):
            # "what share of sales comes from technology": of the amount, not of the rows
            amount.used = True
            plan.measure = amount.column
    elif "count" in roles and not (most and plan.group is None and target is not None):
        if plan.group is not None:
            plan.agg = "count"
            if most:
                plan.order, plan.limit = most[0].arg, plan.limit or 1
        elif (
            plan.limit
            and most
            and free
            and _names_groups(free[0].column, index)
            and asked.mention_starting(found, _after_limit(found, most[0])) is free[0]
        ):
            # "top 5 states by number of airports": the states with the most rows
            free[0].used = True
            plan.group, plan.agg, plan.order = free[0].column, "count", most[0].arg
        elif free and _one_of_a_count(found, free[0], index):
            # "how many films won an award" over a column Awards of counts: at least one
            free[0].used = True
            plan.conditions.append(Condition(free[0].column, ">=", [1.0]))
            plan.agg = "count"
            found.claim(free[0].start - 2, free[0].start, "op")
            # "won" is the verb here, not a title "Won": its value reading is dropped
            at = free[0].start - 2
            verb = tokens[at].text
            reading.ambiguous = [a for a in reading.ambiguous if a.phrase != verb]
            for hit in [h for h in found.values if h.start == at]:
                plan.conditions = [
                    c
                    for c in plan.conditions
                    if hit.by_column.get(c.column.name) != c.values or c.op not in ("=", "in")
                ]
        elif free and _has_before(found, free[0].start):
            # "how many rows have a comment": the rows where the column has a value
            free[0].used = True
            plan.conditions.append(Condition(free[0].column, "notnull", []))
            plan.agg = "count"
        elif free:
            m = free[0]
            m.used = True
            plan.measure = m.column
            plan.agg = "count_distinct"
        else:
            plan.agg = "count"
    elif agg is not None and not plan.limit:
        measure = (
            asked.measure(found, target, schema)
            or _column_named_by(aggs[0], schema)
            or (_counts_of_the_table(found, index, schema) if agg == "sum" else None)
        )
        if measure is None:
            reading.problem = "which number to use"
            return _finish(found, tokens, reading, None)
        plan.measure, plan.agg = measure, agg
        if most and plan.group is None and target is not None and target.column != measure:
            # "which species has the highest average body mass"
            target.used = True
            plan.group, plan.order, plan.limit = target.column, most[0].arg, plan.limit or 1
            _more_groups(found, schema, plan, target.end)  # "which species and island ..."
        elif most and plan.group is not None:
            plan.order, plan.limit = most[0].arg, plan.limit or 1
    elif most and plan.group is not None:
        # "lowest amount per region": the lowest in each group
        measure = asked.measure(found, target, schema)
        plan.agg = "count" if measure is None else most[0].arg
        plan.measure = measure
        if measure is None:
            plan.order, plan.limit = most[0].arg, plan.limit or 1
    elif most or plan.limit:
        measure = asked.measure(found, target, schema)
        if measure is None and target is not None and asked.is_group_target(target):
            # "which island has the most penguins": the group with the most rows
            target.used = True
            plan.group, plan.agg = target.column, "count"
            _more_groups(found, schema, plan, target.end)
            plan.order, plan.limit = (most[0].arg if most else "max"), plan.limit or 1
        elif measure is None:
            reading.problem = "which number to rank by"
            return _finish(found, tokens, reading, None)
        elif target is None and not plan.limit and not asked.row_asked(found, most):
            plan.measure, plan.agg = measure, most[0].arg  # "highest price of AAPL"
        elif (
            target is not None
            and most
            and most[0].text in AMOUNT_SUPERLATIVES
            and target.column.kind == "text"
            and target.column.name in index.repeats
            and measure.is_measure
        ):
            # "which city has the most sales": the city whose rows add up to the most, not
            # the city of the one largest row (each city has many rows)
            target.used = True
            plan.group, plan.agg, plan.measure = target.column, "sum", measure
            plan.order, plan.limit = most[0].arg, plan.limit or 1
        else:
            # the row(s) with the highest/lowest value: "heaviest car", "top 3 cars by hp"
            whole_rows = False
            plan.measure = measure
            plan.order = plan.order or (most[0].arg if most else "max")
            plan.limit = plan.limit or 1
            cols: list[Column] = []
            if target is not None:
                target.used = True
                cols.append(target.column)
            elif (
                most
                and (named := asked.mention_starting(found, _after_limit(found, most[0])))
                is not None
                and (named.column != measure and named.column.kind in ("text", "temporal"))
            ):
                named.used = True  # "the hottest day": the day is what names the row
                cols.append(named.column)
                if _after_limit(found, most[0]) != most[0].end and named.column.name in (
                    index.repeats
                ):
                    # "top 3 countries by emissions": one row each (in 1990) or each
                    # country's total over its rows? settled on the data (ask.py)
                    reading.problem = ROWS_OR_TOTALS + named.column.name
            else:
                cols += asked.entity_columns(found, schema, entity)
                if not cols and _nameless(schema.columns, index):
                    whole_rows = True  # no column names a row: the row is its name
                    if entity is not None and named_rows is None:
                        # "which airline carried the most passengers" over monthly totals:
                        # the noun is not what the table's rows are, and no column holds it
                        reading.problem = f"which column names the {entity} (none holds it)"
                elif not cols:
                    cols += asked.label_columns(schema.columns, index)
                    plan.label_guessed = not asked.label_is_named(schema.columns) and not any(
                        m.column in cols for m in found.mentions
                    )
            for m in found.mentions:
                if not m.used and not m.options and m.column not in cols and m.column != measure:
                    m.used = True
                    cols.append(m.column)
            if measure not in cols:
                cols.append(measure)
            # one row: its name and the number; several ("top 5"): the whole rows
            plan.select = cols if plan.limit == 1 and not whole_rows else []
    else:
        # lookup: the asked columns for the matching rows
        cols = []
        labels = asked.label_columns(schema.columns, index)
        if target is not None:
            target.used = True
            cols.append(target.column)
        for m in free:
            if not m.used:
                m.used = True
                if target is not None and m.column in labels and m.column != target.column:
                    continue  # "what position does the player ... play": the player is the row
                if target is not None and any(c.column == m.column for c in plan.conditions):
                    continue  # "played for toronto in 1996-97": the column of a condition
                if m.column not in cols:
                    cols.append(m.column)
        named_agg = (
            _aggregate_in_name(cols[0]) if plan.group is not None and len(cols) == 1 else None
        )
        if named_agg is not None:
            # "total bill by day" over a column total_bill: its own first word is the aggregate
            plan.agg, plan.measure = named_agg, cols[0]
            cols = []
        elif plan.group is not None:
            plan.agg = "count"
            if cols:
                reading.not_understood += [c.name for c in cols]
        elif not cols and plan.conditions and asked.rows_asked(found):
            # "which airports are in Seattle": their names; "show penguins on Dream": the rows
            cols = [] if asked.rows_verb(found) in ("show", "list", "give") else labels
            plan.label_guessed = bool(cols) and not asked.label_is_named(schema.columns)
            plan.select = cols
        elif (
            not cols
            and plan.conditions
            and tokens[0].text == "who"
            and asked.label_is_named(schema.columns)
            and any(w in words_of(c.name) for c in labels for w in ("name", "player", "person"))
            and _all_placed(found, plan, verb_cols)
        ):
            # "who won gold in 1996": a person is asked; the column that names people
            plan.select = cols = labels
        elif not cols:
            if not plan.conditions:
                reading.problem = "what to compute"
                return _finish(found, tokens, reading, None)
            if any(t.text in doubts.ASKING for t in tokens):
                # "which team could India not beat": something is asked, not a count
                reading.problem = "what to give about the matching rows"
                return _finish(found, tokens, reading, None)
            if "sum" in roles:
                # "how much did it rain in june" with no amount column: an amount is asked,
                # and the number of matching rows is not it
                reading.problem = "which number to use"
                return _finish(found, tokens, reading, None)
            plan.agg = "count"
        plan.select = cols
        if plan.agg is None and not plan.conditions:
            reading.problem = "which rows"
    if plan.agg is None and plan.group is not None:
        plan.agg = "count"
    for m in found.mentions:
        if not m.used and not m.options:
            if plan.group is not None and any(m.column == c for c, _ in plan.groups()):
                continue
            if plan.measure is not None and m.column == plan.measure:
                continue
            if m.column in plan.select:
                continue
            if any(c.column == m.column for c in plan.conditions):
                continue
            if plan.agg == "count" and m.column.kind == "text" and m.column.name in index.unique:
                continue  # "number of bacteria per genus": one Bacteria a row, so the rows
            if (
                plan.agg is not None
                and m.column.kind == "text"
                and m.column.name in index.unique
                and m.start > 0
                and found.claimed.get(m.start - 1) == "value"
            ):
                continue  # "average penicillin for gram negative bacteria": the rows' noun
            reading.not_understood.append(" ".join(found.words(m.start, m.end)))
    for pos, _cols in found.partial_unsure:
        if found.claimed.get(pos) == "number":
            continue  # "released in december": a month on the date column, not part of a title
        if found.claimed.get(pos) == "entity" and (
            tokens[pos].text in entity_words or lemma(tokens[pos].text) in entity_words
        ):
            continue  # "longest movie" in movies.csv: the rows' noun, not "TV Movie" of a genre
        reading.not_understood.append(tokens[pos].text)
    for op in found.ops:
        if op.role == "not" and found.claimed.get(op.start) == "op":
            # a negation nothing took: answering without it would give the opposite rows
            reading.not_understood.append(op.text)
    _superlative_direction(found, plan, reading, schema)
    _claim_linking_verbs(found, plan, verb_cols)
    _claim_units(found, plan, index)
    _claim_payment_verbs(found, plan)
    asked.coverage(found, tokens, reading, entity)
    # "who scored the most goals", "which venue is listed the most": what is ranked is named,
    # the verb links the row to it
    ranked = plan.measure if plan.measure is not None or plan.agg != "count" else plan.group
    ranked_by_name = plan.order is not None and any(m.column == ranked for m in found.mentions)
    if reading.not_understood and (plan.conditions or ranked_by_name) and not reading.ambiguous:
        # verbs and prepositions between placed parts: "who wears number 42", "who scored
        # the most goals"
        linking = tagging.linking_words(question, reading.not_understood)
        if linking:
            reading.not_understood = [w for w in reading.not_understood if w not in linking]
            plan.notes.append("read as linking words: " + ", ".join(sorted(linking)))
    _average_per_row(found, plan, index)
    doubts.settle(plan, index)
    if (
        not reading.problem
        and plan.agg == "count"
        and not plan.conditions
        and plan.group is None
        and entity is not None
        and named_rows is None
    ):
        # "how many customers do we have": nothing but the row count, under a noun the data
        # does not name; is each row one customer? (the table may hold one row per order)
        reading.problem = (
            f"whether each row is one {lemma(entity)} (the table has no column for it)"
        )
    if not reading.problem:
        reading.problem = doubts.doubt(plan, tokens, index)
    reading.plan = plan
    return reading


# nouns that say a column's number is a rate or a level, adding nothing to which column:
# "murder rate" is the column murder, "poverty level" the column poverty
QUANTITY_NOUNS = frozenset({"rate", "rates", "level", "levels", "figure", "figures"})


STATISTIC_WORDS = {"max": "max", "maximum": "max", "min": "min", "minimum": "min"}


def _statistic_in_name(found: Found) -> None:
    """ "max temp in january" where "max temp" names the column TMAX (or temp_max): with no
    other aggregate or ranking word, the statistic the user said is also taken over the
    matching rows (their maximum), not the list of every row's value."""
    if any(op.role in ("agg", "most", "superlative", "count", "share") for op in found.ops):
        return
    for m in found.mentions:
        word = found.tokens[m.start].text
        if m.end - m.start >= 2 and word in STATISTIC_WORDS and m.column.kind == "numeric":
            found.ops.append(Op(m.start, m.start + 1, "agg", STATISTIC_WORDS[word], word))
            return


def _quantity_nouns(found: Found) -> None:
    """A rate's or level's noun right after a column named without it belongs to that
    mention ("a murder rate above 5": the number binds to murder)."""
    for m in found.mentions:
        if (
            m.end < len(found.tokens)
            and found.tokens[m.end].text in QUANTITY_NOUNS
            and found.free(m.end, m.end + 1)
            and not m.options
        ):
            found.claim(m.end, m.end + 1, "column")
            m.end += 1


# verbs that only say an amount changed hands: "total tolls paid", "average amount spent"
PAYMENT_VERBS = frozenset({"paid", "spent", "charged", "billed", "collected"})


def _claim_payment_verbs(found: Found, plan: Plan) -> None:
    """A payment verb right after the amount the answer adds up or averages adds nothing to
    it ("total tolls paid" is the total of tolls)."""
    for tok in found.tokens[1:]:
        if tok.text not in PAYMENT_VERBS or tok.pos in found.claimed:
            continue
        m = found.mention_at(tok.pos - 1)
        if m is not None and m.column == plan.measure and plan.agg is not None:
            found.claim(tok.pos, tok.pos + 1, "verb")


# words of a dataset's name saying that its numbers are percentages
SHARE_NAMES = frozenset({"percent", "percentage", "percentages", "pct", "share", "shares"})


def _shares_by_name(found: Found, entity_words: frozenset[str]) -> None:
    """ "percent of women in engineering in 2011" over percent-degrees-women.csv, whose
    numbers are all percentages: "percent" names what the numbers are, not a share of rows
    to compute. The share words are the table's unit there."""
    if not SHARE_NAMES & entity_words:
        return
    for op in [op for op in found.ops if op.role == "share"]:
        found.ops.remove(op)
        found.claim(op.start, op.end, "unit")


def _names_groups(column: Column, index: ValueIndex) -> bool:
    """A column whose values can be ranked by their number of rows: a text, or a year
    ("top 3 years by number of launches": the years with the most rows)."""
    if column.kind == "text":
        return True
    is_year = DATE_PARTS.get(column.name.lower()) == "year"
    return is_year and column.name in index.whole and column.name not in index.unique


def _nameless(columns: list[Column], index: ValueIndex) -> bool:
    """No column names the rows: every text column repeats its values (a trip, a diamond),
    and no date tells them apart. A row asked for is then given whole."""
    texts = [c for c in columns if c.kind == "text"]
    dates = [c for c in columns if c.kind == "temporal"]
    return bool(texts) and not dates and all(c.name in index.repeats for c in texts)


def _column_named_by(op: Op, schema: SchemaIndex) -> Column | None:
    """ "total crashes in TX" where no other number is named and a number column is called
    Total: the aggregate's own word names that column too (its sum over the rows)."""
    named = [c for c in schema.columns if c.is_measure and " ".join(words_of(c.name)) == op.text]
    return named[0] if len(named) == 1 else None


def _counts_of_the_table(found: Found, index: ValueIndex, schema: SchemaIndex) -> Column | None:
    """ "total population of France" over population.csv holding a column Value of whole
    numbers: the table's own name says what its one count column counts. Only for a total
    (an average of its rows would be an average group, not a number anyone asked for)."""
    if found.entity is None:
        return None
    named = [
        c
        for c in schema.columns
        if c.name in index.whole
        and " ".join(words_of(c.name)) in doubts.COUNT_NAMES
        and index.ranges.get(c.name, (-1.0, 0.0))[0] >= 0
    ]
    return named[0] if len(named) == 1 else None


def _name_parts(tokens: list[Token], entity_words: frozenset[str]) -> frozenset[str]:
    """A word the dataset's name runs together with another ("health" of healthexp.csv,
    "crime" of statecrime.csv): the start or end of one word of the name, of four letters or
    more, leaving three or more. It names what the table is about, as the name does."""
    out = set()
    for tok in tokens:
        word = tok.text
        if len(word) < 4 or not word.isalpha() or word in FUNCTION_WORDS:
            continue
        for name in entity_words:
            if len(name) >= len(word) + 3 and (name.startswith(word) or name.endswith(word)):
                out.add(word)
    return frozenset(out)


# verbs whose base is not their own prefix
VERB_BASES = {"won": "win", "wrote": "write", "written": "write", "made": "make", "sold": "sell"}
# verbs of having a value: "won gold", "earned a silver", "received 3 stars"
HAVING_VERBS = frozenset({"won", "win", "wins", "earned", "earn", "received", "got", "took"})


def _verb_bases(word: str) -> set[str]:
    out = {v for v in variants(word) | {VERB_BASES.get(word, word)} if len(v) >= 3}
    return out - FUNCTION_WORDS


def _verb_columns(tokens: list[Token], columns: list[Column]) -> dict[int, set[str]]:
    """Words that are the verb of a column's agent noun ("won" / winner, "directed" /
    Director, "wrote" / writer): token position -> the text columns it links to."""
    out: dict[int, set[str]] = {}
    for tok in tokens:
        if tok.is_number or tok.text in FUNCTION_WORDS:
            continue
        bases = _verb_bases(tok.text)
        for column in columns:
            if column.kind != "text":
                continue
            for w in words_of(column.name):
                if w != tok.text and any(w.startswith(b) and len(w) - len(b) <= 3 for b in bases):
                    out.setdefault(tok.pos, set()).add(column.name)
    return out


def _value_of(index: ValueIndex, word: str, verb_cols: dict[int, set[str]]) -> bool:
    """The word is a value of a column a verb of the question links to."""
    linked = set().union(*verb_cols.values()) if verb_cols else set()
    return any(col in linked for key in variants(word) for col, _ in index.exact.get(key, []))


def _claim_linking_verbs(found: Found, plan: Plan, verb_cols: dict[int, set[str]]) -> None:
    """ "films Woody Allen directed", "districts Joly won": the verb of the column whose value
    the question names is that condition's verb. "won gold", "earned a silver": a verb of
    having right before a value it names."""
    conditioned = {c.column.name for c in plan.conditions}
    for pos, cols in verb_cols.items():
        if pos not in found.claimed and cols & conditioned:
            found.claim(pos, pos + 1, "verb")
    for tok in found.tokens:
        if tok.pos in found.claimed or tok.text not in HAVING_VERBS:
            continue
        nxt = tok.pos + 1
        while nxt < len(found.tokens) and found.tokens[nxt].text in ("a", "an", "the"):
            nxt += 1
        hit = next((v for v in found.values if v.start == nxt), None)
        if (
            hit is not None
            and found.claimed.get(nxt) == "value"
            and set(hit.by_column) & conditioned
        ):
            found.claim(tok.pos, tok.pos + 1, "verb")


def _either(found: Found, last: tuple[Condition, set[int]], cond: Condition, at: set[int]) -> bool:
    """ "in 2005 or 2006", "with 4 or 6 cylinders": two equal-to numbers of one column joined
    by "or" are one "in" condition (a row cannot be both; "and" stays asked back)."""
    prev, spots = last
    if not spots or not at or prev.column != cond.column or prev.part != cond.part:
        return False
    if prev.op not in ("=", "in") or cond.op != "=" or prev.negated or cond.negated:
        return False
    between = [w for w in found.words(max(spots) + 1, min(at)) if w != ","]
    if not set(between) <= {"or", "in", "of", "the"}:
        return False
    # "2001, 2002 or 2003" (the comma is not a token): a list joins when an "or" ends it
    listed = not between and "or" in found.words(max(at) + 1, max(at) + 2)
    return "or" in between or listed


def _claim_units(found: Found, plan: Plan, index: ValueIndex) -> None:
    """ "gold medals", "Joly votes", "source airports": a plural noun right after the column
    the answer gives says what the column counts. Only a word that is no value and starts no
    word of a value ("Europeans" beside "Europe" stays unread)."""
    # the column is what is asked (a measure, an answered column), never a condition's column:
    # "3rd class passengers" names the rows of a class, not what the class counts
    used = {c.name for c in plan.select}
    if plan.measure is not None and plan.measure.kind == "numeric":
        used.add(plan.measure.name)
    if plan.measure is not None:
        used.add(plan.measure.name)
    for tok in found.tokens[1:]:
        word = tok.text
        if tok.pos in found.claimed or tok.is_number or lemma(word) == word or len(word) < 4:
            continue
        if word in FUNCTION_WORDS or found.claimed.get(tok.pos - 1) != "column":
            continue
        m = found.mention_at(tok.pos - 1)
        if m is None or m.options or m.column.name not in used:
            continue
        stem = lemma(word)[:4]
        if any(k.startswith(stem) for k in index.exact) or any(
            k.startswith(stem) for k in index.words
        ):
            continue
        found.claim(tok.pos, tok.pos + 1, "unit")
        plan.notes.append(f"read '{word}' as what {m.column.name} counts")


def _total_named_by_its_unit(found: Found, index: ValueIndex) -> None:
    """ "the most medals", "more than 10 votes", "average medals", "no medals" over a table of
    parts and their total (Gold, Silver, Bronze, Total): the thing counted, named where an
    amount stands, is the one column called Total. Only with two or more other number columns
    beside it and whole numbers in it, for a plural word that is no value, no column and
    starts no value."""
    totals = [c for c in found.columns if c.kind == "numeric" and words_of(c.name) == ["total"]]
    parts = [c for c in found.columns if c.kind == "numeric" and c not in totals]
    if len(totals) != 1 or len(parts) < 2 or totals[0].name not in index.whole:
        return  # a total of money ("total" = fare + tip + tolls) counts nothing
    for tok in found.tokens[1:]:
        word = tok.text
        if tok.pos in found.claimed or tok.is_number or lemma(word) == word or len(word) < 4:
            continue
        if word in FUNCTION_WORDS or found.mention_at(tok.pos) is not None:
            continue
        stem = lemma(word)[:4]
        if any(k.startswith(stem) for k in index.exact) or any(
            k.startswith(stem) for k in index.words
        ):
            continue
        prev = tok.pos - 1
        while prev > 0 and found.tokens[prev].text in ("the", "all"):
            prev -= 1
        op = found.op_at(prev)
        number_after_cmp = found.tokens[prev].is_number and (
            (before := found.op_at(prev - 1)) is not None and before.role in ("cmp", "between")
        )
        if op is not None and op.text in ("total", "sum"):
            continue  # "2 total medals": the word "total" is the column's own name here
        if (op is not None and op.role in ("agg", "most", "superlative", "not")) or (
            number_after_cmp
        ):
            found.mentions.append(Mention(tok.pos, tok.pos + 1, totals[0], PART, "the total"))
            found.claim(tok.pos, tok.pos + 1, "column")


def _average_per_row(found: Found, plan: Plan, index: ValueIndex) -> None:
    """ "average medals per country" where each country is one row: the average over the
    rows (a country's own average would only repeat its row). "by country" still groups."""
    if (
        plan.group is None
        or plan.group_also
        or plan.agg not in ("avg", "median")
        or plan.order is not None
    ):
        return
    if not any(op.role == "group" and op.text == "per" for op in found.ops):
        return
    if plan.group.name not in index.unique:
        # "average passengers per month in 1960": one row a month under the conditions?
        # settled on the data (ask.py)
        plan.per_group = plan.group_part is None and bool(plan.conditions)
        return
    plan.notes.append(f"each {plan.group.name} is one row: the {plan.agg} over the rows")
    plan.group, plan.group_part = None, None


def _all_placed(found: Found, plan: Plan, verb_cols: dict[int, set[str]]) -> bool:
    """Every content word is placed once the verbs of the conditions are: "who won gold in
    1996" yes, "who won in 2012" no (won what? the winner or every medallist?)."""
    _claim_linking_verbs(found, plan, verb_cols)
    return all(
        t.pos in found.claimed or t.text in FUNCTION_WORDS or t.text in LIGHT_VERBS
        for t in found.tokens
    )


_CAPITAL_COUNTRY = re.compile(r"(?<![\w.])(?:U\.S\.(?:A\.?)?|USA|US)(?![\w.])")


def _capital_country(question: str, index: ValueIndex) -> str:
    """ "US emissions", "in the U.S.": written in capitals, "US" is the country, not the
    pronoun "us" (a function word that would be dropped); it is read as "usa", which is a
    value of the table or not understood. "US Steel", a name of the table that starts with
    "US", stays as written."""

    def country(match: re.Match[str]) -> str:
        words = [t.text for t in tokenize(question[match.start() :])]
        for n in range(2, min(len(words), index.max_words) + 1):
            if " ".join(words[:n]) in index.exact:
                return match.group(0)
        return "usa"

    return _CAPITAL_COUNTRY.sub(country, question)


def _finish(found: Found, tokens: list[Token], reading: Reading, plan: Plan | None) -> Reading:
    """Coverage runs on every reading, so a question back names every word it did not use."""
    asked.coverage(found, tokens, reading, reading.entity)
    reading.plan = plan
    return reading


HAVE_WORDS = frozenset({"have", "has", "had", "with"})
ARTICLES = frozenset({"a", "an", "any", "some"})


def _flags_as_conditions(found: Found, index: ValueIndex, plan: Plan, *, counted: bool) -> None:
    """ "how many passengers survived", "what % survived", "bills of smokers": a flag column
    (only 0 and 1, true/false, or a text yes/no) counted or shared is the rows where it holds,
    not its distinct values. A yes/no text column named as a noun is those rows anywhere."""
    for m in found.mentions:
        if m.used or m.options or m.column.name not in index.flags:
            continue
        yes = index.yes_values.get(m.column.name)
        if not counted and yes is None:
            continue
        back = m.start - 1
        while back >= 0 and found.tokens[back].text in ("the", "a", "an", "is", "was", "of"):
            back -= 1
        if back >= 0 and found.tokens[back].text in QUESTION_WORDS:
            continue  # "what is the smoker of ...": the column is what is asked
        if m.start > 0 and found.claimed.get(m.start - 1) == "op":
            op = found.op_at(m.start - 1)
            if op is not None and op.role in ("group", "agg", "most"):
                continue  # "by survived", "total survived": the column itself
        m.used = True
        value: object = yes if yes is not None else (True if m.column.kind == "boolean" else 1.0)
        plan.conditions.append(Condition(m.column, "=", [value]))


NAME_AGGREGATES = {"total": "sum", "sum": "sum", "average": "avg", "avg": "avg", "mean": "avg"}


def _aggregate_in_name(column: Column) -> str | None:
    """A number column named for an aggregate ("total_bill", "Avg Price"): asked by group
    with no other aggregate word, that aggregate is meant."""
    words = words_of(column.name)
    if not column.is_measure or len(words) < 2:
        return None
    return NAME_AGGREGATES.get(words[0])


def _zero_meant(found: Found, index: ValueIndex, m: Mention) -> bool:
    """ "no precipitation" is 0 where the column holds 0; "no age recorded", or "no" on a
    column that never holds 0, is a missing value."""
    low, high = index.ranges.get(m.column.name, (0.0, 0.0))
    if not low <= 0 <= high:
        return False
    nxt = found.tokens[m.end].text if m.end < len(found.tokens) else ""
    return nxt not in LIGHT_VERBS and nxt not in ("given", "known", "listed", "entered", "set")


def _after_limit(found: Found, op: Op) -> int:
    """Where the noun after "top 5" / "5 highest" starts."""
    pos = op.end
    if pos < len(found.tokens) and found.claimed.get(pos) == "limit":
        pos += 1
    return pos


def _one_of_a_count(found: Found, m: Mention, index: ValueIndex) -> bool:
    """ "won an oscar", "have a goal", "received an award": "a"/"an" and the singular of a
    column named in the plural that holds whole counts from 0 up (Oscars, Goals, Awards),
    right after a verb of having. Not a flag column (0/1 only: its own rule)."""
    if m.start < 2 or m.end - m.start != 1 or m.column.kind != "numeric":
        return False
    article, verb = found.tokens[m.start - 1].text, found.tokens[m.start - 2].text
    if article not in ("a", "an") or verb not in HAVE_WORDS | HAVING_VERBS:
        return False
    word, name = found.tokens[m.start].text, words_of(m.column.name)
    plural = name[0] if len(name) == 1 else ""
    if not plural or lemma(word) != word or plural not in (word + "s", word + "es"):
        return False  # the question says one of what the column counts in the plural
    low, high = index.ranges.get(m.column.name, (-1.0, 0.0))
    return low == 0 and high > 1 and m.column.name not in index.flags


def _has_before(found: Found, pos: int) -> bool:
    """ "rows have a comment", "penguins with any comments": a column that is had, not counted."""
    p = pos - 1
    while p >= 0 and found.tokens[p].text in ARTICLES:
        p -= 1
    return p >= 0 and found.tokens[p].text in HAVE_WORDS


# words naming a column of codes: a function word right after one is a code ("ticker ARE")
CODE_NOUNS = frozenset({"ticker", "tickers", "symbol", "symbols", "code", "codes", "abbreviation"})


def _marked_words(question: str) -> frozenset[str]:
    """Words the user marked as names: written in capitals ("HAS", "ARE") or in quotes."""
    caps = re.findall(r"\b[A-Z][A-Z0-9]+\b", question)
    quoted = re.findall(r"[\"'\u2018\u201c]([^\"'\u2019\u201d]+)[\"'\u2019\u201d]", question)
    return frozenset(normal(w).strip() for w in [*caps, *quoted])


def _function_word_values(
    found: Found, index: ValueIndex, marked: frozenset[str] = frozenset()
) -> None:
    """A short word that is also a value ("No", "none", "all") right after its own column
    ("clutch completion No", "answer is no") is that value, not a negation or a function word.
    A function word in lower case is not read as a code written in capitals in the data
    ("which company has ...", "companies are ...": not the tickers HAS and ARE) unless the user
    marks it as a name (capitals, quotes) or the column before it is named as codes ("ticker
    are")."""
    for m in list(found.mentions):
        pos = m.end
        while pos < len(found.tokens) and found.tokens[pos].text in ("is", "=", "of"):
            pos += 1
        if pos >= len(found.tokens) or found.tokens[pos].is_number:
            continue
        claim = found.claimed.get(pos)
        op = found.op_at(pos)
        if claim is not None and not (claim == "op" and op is not None and op.end == pos + 1):
            continue
        values = [
            val
            for key in sorted(variants(found.tokens[pos].text))
            for col, val in index.exact.get(key, [])
            if col == m.column.name
        ]
        if not values:
            continue
        word = found.tokens[pos].text
        if (
            word in FUNCTION_WORDS
            and word not in marked
            and all(is_code(v) for v in values)
            and not CODE_NOUNS & set(found.words(m.start, m.end))
        ):
            continue
        if op is not None:
            found.ops.remove(op)
        found.values.append(ValueHit(pos, pos + 1, {m.column.name: list(dict.fromkeys(values))}))
        found.claim(pos, pos + 1, "value")


def _value_before_its_column(found: Found, index: ValueIndex) -> None:
    """ "R rated", "G rated films", "AA carrier": a short value written right before its own
    column (as an adjective) is that column's value, though alone it is too short to be read
    as a value anywhere in the table."""
    for m in list(found.mentions):
        pos = m.start - 1
        if pos < 0 or pos in found.claimed or found.tokens[pos].is_number:
            continue
        word = found.tokens[pos].text
        if word in FUNCTION_WORDS:
            continue
        values = [val for col, val in index.exact.get(word, []) if col == m.column.name]
        if not values:
            continue
        found.values.append(ValueHit(pos, pos + 1, {m.column.name: list(dict.fromkeys(values))}))
        found.claim(pos, pos + 1, "value")
        m.used = True


def _negate_if_excluded(
    found: Found, cond: Condition, positions: set[int], free_nots: list[Op]
) -> None:
    """ "excluding horsepower over 200", "horsepower not over 100": a negation before the
    number's phrase (only its column or function words between) or right before its comparison
    negates the condition. ``free_nots`` are the negations nothing had taken before the numbers
    were bound; one that is used is removed from it."""
    if not positions:
        return
    first, last = min(positions), max(positions)
    for op in free_nots:
        before = op.end <= first and first - op.end <= 4
        if before and all(
            ((m := found.mention_at(p)) is not None and m.column == cond.column)
            or found.tokens[p].text in FUNCTION_WORDS
            for p in range(op.end, first)
        ):
            pass
        elif not (first <= op.start and op.end <= last):
            continue
        elif (nxt := found.op_at(op.end)) is None or nxt.role not in ("cmp", "cmp_after"):
            continue  # "not 8": already read as "is not 8" with the number
        if cond.op == "=":
            cond.op = "!="  # "is not": missing values kept, as for a negated name
        else:
            cond.negated = True
        found.claim(op.start, op.end, "not")
        free_nots.remove(op)
        return


def _superlative_direction(
    found: Found, plan: Plan, reading: Reading, schema: SchemaIndex | None = None
) -> None:
    """ "fastest", "oldest" say high or low only for their own quantity (speed, age). Ranked
    by another column ("fastest" by Acceleration, in seconds; "oldest" by a year) the
    direction is not certain, so it is asked back."""
    ranked = plan.measure
    if ranked is None or reading.problem:
        return
    if plan.order is None and plan.agg not in ("max", "min"):
        return
    for start, _end, _direction, hints in found.superlatives:
        op = found.op_at(start)
        if op is None or op.role != "superlative":
            continue
        names = set(words_of(ranked.name)) | {lemma(w) for w in words_of(ranked.name)}
        if any(set(h.split()) <= names for h in hints):
            continue
        if schema is not None and any(
            c == ranked and score >= ABBREVIATED - 0.011
            for h in hints
            for c, score, _ in schema.candidates(h.split())
        ):
            continue  # "hottest" by a column "temp" or "coldest" by "TMIN": its own quantity
        flipped = TIME_SUPERLATIVES.get(op.text)
        if flipped is not None and TIME_WORDS & set(words_of(ranked.name)):
            # "fastest time", "quickest duration": the least time is the fastest
            if plan.order is not None:
                plan.order = flipped
            if plan.agg in ("max", "min"):
                plan.agg = flipped
            continue
        reading.problem = f"whether '{op.text}' means the highest or the lowest {ranked.name}"
        return


# superlatives of speed said of a column of time: the direction of the time itself
TIME_SUPERLATIVES = {"fastest": "min", "quickest": "min", "slowest": "max"}
TIME_WORDS = frozenset({"time", "duration", "seconds", "secs", "minutes", "hours"})

MAX_GROUPS = 3  # "by region, product and month" at most: a table a reader can still take in


def _part_named(found: Found, m: Mention) -> str | None:
    """The date part a date column's mention names ("per year" on a date column named Year)."""
    if m.column.kind != "temporal":
        return None
    parts = [DATE_PARTS[w] for w in found.words(m.start, m.end) if w in DATE_PARTS]
    return parts[0] if parts else None


def _more_groups(found: Found, schema: SchemaIndex, plan: Plan, end: int) -> None:
    """Further keys after the first: "by species and island", "per year and by origin".

    Only a column (or, on a table with one date column, a date part) right after "and" is
    taken; each key appears once. Anything else after "and" is left to the rest of the parse.
    """
    tokens = found.tokens
    while len(plan.groups()) < MAX_GROUPS and end < len(tokens) and tokens[end].text == "and":
        pos = end + 1
        op = found.op_at(pos)
        if op is not None and op.role == "group":  # "by species and by island"
            pos = op.end
        nxt = asked.mention_starting(found, pos)
        keys = plan.groups()
        if nxt is not None and not nxt.used and not nxt.options:
            key = (nxt.column, _part_named(found, nxt))
            if key in keys:
                return
            nxt.used = True
            plan.group_also.append(key)
            found.claim(end, end + 1, "op")
            end = nxt.end
            continue
        part = asked.datepart_at(found, pos)
        temporal = [c for c in schema.columns if c.kind == "temporal"]
        if part is None or len(temporal) != 1 or (temporal[0], part[2]) in keys:
            return
        plan.group_also.append((temporal[0], part[2]))
        found.claim(part[0], part[1], "datepart")
        found.claim(end, end + 1, "op")
        end = part[1]

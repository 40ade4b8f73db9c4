"""What the question asks for: the asked column, the measure, the row noun, and coverage.

"which species", "what is the mpg of", "when": the asked column. The measure is the number right
after "highest"/"average", else the quantity a superlative adjective names ("heaviest" ->
weight), else a numeric column mentioned. The row noun comes from the dataset's name or stands
where a row noun stands ("how many X"). Coverage lists the words nothing used.
"""

from __future__ import annotations

from symphainy.insights.engine import Column
from symphainy.insights.questions.lexicon import DATE_PARTS, QUESTION_WORDS, SUPERLATIVES
from symphainy.insights.questions.linking import Found, Mention, Op
from symphainy.insights.questions.plan import Reading
from symphainy.insights.questions.schema import SchemaIndex
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import (
    FUNCTION_WORDS,
    HEAD_NOUNS,
    LIGHT_VERBS,
    MONTHS,
    WEEKDAYS,
    Token,
    lemma,
    words_of,
)

# Words that mark the column naming a row, strongest first ("name" over "team").
LABEL_WORDS = ("name", "title", "label", "player", "person", "model", "product", "team")
COUNT_SLOT = {"how", "many", "count", "all", "%", "percentage"}


def label_columns(columns: list[Column], index: ValueIndex) -> list[Column]:
    """The column that names a row (a name, a title), for answers that return rows."""
    texts = [c for c in columns if c.kind == "text"]
    for word in LABEL_WORDS:
        named = [c for c in texts if word in words_of(c.name)]
        if named:
            return named[:1]
    counts = {c.name: 0 for c in texts}
    for pairs in index.exact.values():
        for col, _ in pairs:
            if col in counts:
                counts[col] += 1
    if counts:
        best = max(texts, key=lambda c: counts[c.name])
        return [best]
    temporal = [c for c in columns if c.kind == "temporal"]
    return temporal[:1]


def label_is_named(columns: list[Column]) -> bool:
    """A column is named as what names the rows (name, title, player...), or there is one text
    column: the answer's naming column is then not a guess."""
    texts = [c for c in columns if c.kind == "text"]
    return len(texts) <= 1 or any(w in words_of(c.name) for c in texts for w in LABEL_WORDS)


def rows_asked(found: Found) -> bool:
    """ "which airports ...", "what cars ...", "list the penguins ...": rows are asked for."""
    return rows_verb(found) is not None


def rows_verb(found: Found) -> str | None:
    """The word that asks for rows: "which"/"what" (their names) or "show"/"list" (whole rows).
    A question that starts with the row noun and no question word ("films with over 2
    awards", "all penguins on Dream") asks for the rows as a search would: their names."""
    first = 1 if found.tokens and found.tokens[0].text in ("the", "all") else 0
    if len(found.tokens) > first + 1 and found.claimed.get(first) == "entity":
        return "which"
    for tok in found.tokens[:-1]:
        if tok.text in ("which", "what", "who", "list", "show", "give"):
            nxt = tok.pos + 1
            while nxt + 1 < len(found.tokens) and found.tokens[nxt].text in ("me", "the", "all"):
                nxt += 1
            if found.claimed.get(nxt) == "entity":
                return str(tok.text)
    return None


def row_asked(found: Found, most: list[Op]) -> bool:
    """A superlative adjective before the row noun ("the heaviest car", "hottest day"), or a
    question about the row noun ("which car has the least weight"), or "who ..." (a person is
    a row, never a number)."""
    if found.tokens and found.tokens[0].text == "who":
        return True
    if (
        len(found.tokens) > 1
        and found.claimed.get(0) == "entity"
        and found.tokens[1].text in ("with", "having", "whose")
    ):
        return True  # "element with the lowest boiling point": the element, not the value
    for tok in found.tokens[:-1]:
        if tok.text in ("which", "what", "who"):
            nxt = tok.pos + 1
            if found.tokens[nxt].text == "the" and nxt + 1 < len(found.tokens):
                nxt += 1
            if found.claimed.get(nxt) == "entity":
                return True
    for op in most:
        if op.text not in SUPERLATIVES:
            continue
        if op.end >= len(found.tokens):
            return True
        role = found.claimed.get(op.end)
        noun = found.mention_at(op.end)
        if role in ("entity", "value") or role is None:
            return True  # "the heaviest car", "the lightest Gentoo"
        if noun is not None and noun.column.kind in ("temporal", "text"):
            return True
    return False


def resolve_ties(found: Found, reading: Reading, direction: str | None) -> None:
    """A tie between "temp_max" and "temp_min" is settled by "highest"/"lowest"."""
    keep = []
    for amb in reading.ambiguous:
        m = next(
            (
                m
                for m in found.mentions
                if m.options and " ".join(found.words(m.start, m.end)) == amb.phrase
            ),
            None,
        )
        if m is not None and direction in ("max", "min"):
            marks = {
                "max": {"max", "high", "highest", "maximum", "top", "upper"},
                "min": {"min", "low", "lowest", "minimum", "bottom", "lower"},
            }[direction]
            fit = [c for c in m.options if marks & set(words_of(c.name))]
            if len(fit) == 1:
                m.column, m.options = fit[0], []
                continue
        keep.append(amb)
    reading.ambiguous = keep


def count_slot_mentions(found: Found) -> bool:
    """The noun after "how many", "top 5" or "the heaviest" that only names the rows
    ("how many days", "top 2 orders" where "orders" could be order_id or order_date)."""
    changed = False
    for op in found.ops:
        if op.role not in ("count", "share", "most", "superlative"):
            continue
        end = op.end
        if end < len(found.tokens) and found.claimed.get(end) == "limit":
            end += 1
        m = mention_starting(found, end)
        if m is None or m.used:
            continue
        if op.role in ("most", "superlative") and not (m.options or m.how.startswith("part of")):
            continue
        changed = True
        if m.column.kind == "temporal" or m.options or m.how.startswith("part of"):
            # "how many days", "how many orders" (order_id? order_date?): the rows
            m.used, m.options = True, []
            found.entity = found.entity or " ".join(found.words(m.start, m.end))
    return changed


def is_group_target(m: Mention) -> bool:
    return m.column.kind == "text" or m.column.kind == "boolean"


def mention_starting(found: Found, pos: int) -> Mention | None:
    while pos < len(found.tokens) and found.tokens[pos].text in ("the", "a", "an", "each"):
        pos += 1
    return next((m for m in found.mentions if m.start == pos), None)


def datepart_at(found: Found, pos: int) -> tuple[int, int, str] | None:
    words = found.words(pos, pos + 4)
    for phrase in sorted(DATE_PARTS, key=lambda p: -len(p.split())):
        n = len(phrase.split())
        if words[:n] == phrase.split():
            return pos, pos + n, DATE_PARTS[phrase]
    return None


def nearest_free(found: Found, after: int, before: int) -> Mention | None:
    cands = [m for m in found.mentions if not m.used]
    right = [m for m in cands if m.start >= after and m.start - after <= 2]
    if right:
        return min(right, key=lambda m: m.start)
    left = [m for m in cands if m.end <= before and before - m.end <= 3]
    return max(left, key=lambda m: m.end) if left else None


def asked_column(found: Found, tokens: list[Token], columns: list[Column]) -> Mention | None:
    """The column a question word asks for: "which species", "what is the mpg of ..."."""
    for i, tok in enumerate(tokens):
        if tok.text not in QUESTION_WORDS and tok.text not in ("name", "list", "show", "give"):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].text in (
            "is",
            "are",
            "was",
            "were",
            "the",
            "a",
            "an",
            "of",
            "all",
            "me",
            "s",
            "did",
            "does",
        ):
            j += 1
        m = next((m for m in found.mentions if m.start == j and not m.used), None)
        if m is not None:
            return m
        if tok.text == "when" and i == 0:
            temporal = [m for m in found.mentions if m.column.kind == "temporal" and not m.used]
            if temporal:
                return temporal[0]
            cols = [c for c in columns if c.kind == "temporal"]
            if len(cols) == 1:
                # "when …?" asks for the table's only date column.
                implied = Mention(i, i + 1, cols[0], 1.0, "when")
                found.mentions.append(implied)
                found.claim(i, i + 1, "column")
                return implied
    return None


def claim_named_entity(found: Found, tokens: list[Token], entity_words: frozenset[str]) -> None:
    """Words of the dataset's name name its rows ("airports" in airports.csv)."""
    for tok in tokens:
        if tok.pos not in found.claimed and (
            lemma(tok.text) in entity_words or tok.text in entity_words
        ):
            found.claim(tok.pos, tok.pos + 1, "entity")
            found.entity = tok.text


def entity(found: Found, tokens: list[Token], entity_words: frozenset[str]) -> str | None:
    """The noun naming the rows ("cars", "penguins"): from the dataset name, or one unknown
    noun in the place a row noun stands ("how many X", "the heaviest X", "Gentoo X")."""
    if found.entity:
        return found.entity
    for tok in tokens:
        if tok.pos in found.claimed or tok.is_number or tok.text in FUNCTION_WORDS:
            continue
        if tok.text in MONTHS or lemma(tok.text) in WEEKDAYS:
            continue  # a month or a day left over is a period not read, never the rows
        if _like_a_column(tok.text, found.columns):
            continue  # "survivors" beside a column "survived": not a plain row noun
        prev = found.claimed.get(tok.pos - 1)
        before = found.op_at(tok.pos - 1)
        if prev == "op" and before is not None and before.role == "agg":
            continue  # "total takings": a quantity is asked for, not the rows
        prev_word = tokens[tok.pos - 1].text if tok.pos > 0 else ""
        if (
            prev in ("op", "value", "not")
            or prev_word in COUNT_SLOT
            or prev_word in ("which", "what", "each", "per", "every")
            or (  # "average age of victims": a plural noun after "<column> of"
                prev_word == "of"
                and found.claimed.get(tok.pos - 2) == "column"
                and tok.text.endswith("s")
                and not tok.text.endswith("ss")
            )
        ):
            found.claim(tok.pos, tok.pos + 1, "entity")
            return str(tok.text)
    return None


def _like_a_column(word: str, columns: list[Column]) -> bool:
    """The word shares a long stem with a word of a column's name ("survivors" / "survived",
    "smokers" / "smoker"): it is about that column, so it cannot just name the rows."""
    for column in columns:
        for name_word in words_of(column.name):
            short = min(len(word), len(name_word))
            common = 0
            while common < short and word[common] == name_word[common]:
                common += 1
            if common >= 5 and common >= short - 3:
                return True
    return False


def entity_columns(found: Found, schema: SchemaIndex, entity: str | None) -> list[Column]:
    if not entity:
        return []
    cands = schema.candidates([entity])
    return [cands[0][0]] if cands and len(cands) == 1 else []


def measure(found: Found, target: Mention | None, schema: SchemaIndex) -> Column | None:
    """The number the question is about: the column right after "highest"/"average"; else the
    quantity a superlative adjective names ("heaviest" -> weight); else a numeric mention."""
    for op in found.ops:
        if op.role not in ("most", "superlative", "agg"):
            continue
        pos = op.end
        while pos < len(found.tokens) and (
            found.tokens[pos].text in ("the", "a", "an")
            or (found.op_at(pos) is not None and found.op_at(pos).role in ("agg", "most"))  # type: ignore[union-attr]
        ):
            pos += 1
        m = found.mention_at(pos)
        if m is not None and not m.used and not m.options and m.column.kind == "numeric":
            m.used = True
            return m.column
    for start, _end, _direction, hints in found.superlatives:
        if found.tokens[start].text in (
            "highest",
            "largest",
            "biggest",
            "smallest",
            "first",
            "last",
        ):
            continue
        for hint in hints:
            cands = [
                (c, s)
                for c, s, _ in schema.candidates(hint.split())
                if c.kind in ("numeric", "temporal")
            ]
            if cands:
                top = [c for c, s in cands if s >= cands[0][1] - 1e-9]
                if len(top) == 1:
                    return top[0]
    for op in found.ops:
        # "top 3 years by annual rate": the number after "by" ranks (an order, not a group),
        # even when the row noun is itself a number column
        m = mention_starting(found, op.end) if op.role == "group" else None
        if m is not None and not m.used and not m.options and m.column.kind == "numeric":
            m.used = True
            return m.column
    free = [m for m in found.mentions if not m.used and not m.options]
    for kind in ("numeric", "temporal"):
        named = [m for m in free if m.column.kind == kind and m is not target]
        if named:
            named[0].used = True
            return named[0].column
    if target is not None and target.column.kind in ("numeric", "temporal"):
        target.used = True
        return target.column
    for _start, _end, _direction, hints in found.superlatives:
        for hint in hints:
            cands = [
                (c, s)
                for c, s, _ in schema.candidates(hint.split())
                if c.kind in ("numeric", "temporal")
            ]
            if len(cands) == 1:
                return cands[0][0]
    return None


def coverage(found: Found, tokens: list[Token], reading: Reading, entity: str | None) -> None:
    for tok in tokens:
        if tok.pos in found.claimed:
            continue
        word = tok.text
        if word in FUNCTION_WORDS or word in LIGHT_VERBS:
            continue
        if word in HEAD_NOUNS and (
            found.claimed.get(tok.pos - 1) in ("column", "value", "number", "entity")
            or found.claimed.get(tok.pos + 1) in ("column", "value", "number", "entity")
        ):
            continue
        if word in (",", "and"):
            continue
        reading.not_understood.append(word)

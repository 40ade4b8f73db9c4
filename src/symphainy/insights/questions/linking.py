"""Finding the parts of a question: values, operator phrases, column mentions, numbers, dates.

Each found part claims the token positions it covers, so a word is read once. The order matters
and is fixed: multi-word values first (a name like "Tim Hague" is a value even if "hague" looks
like nothing else), then operator phrases, then column mentions, then one-word values, then
parts of longer values ("ford" in "ford torino").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import OSA

from symphainy.insights.engine import Column
from symphainy.insights.questions import pos as tagging
from symphainy.insights.questions.lexicon import (
    COUNTRY_FORMS,
    DATE_PARTS,
    OPERATORS,
    SUPERLATIVES,
    US_STATES,
)
from symphainy.insights.questions.schema import EXACT, SchemaIndex
from symphainy.insights.questions.values import ValueIndex, lemma_key
from symphainy.insights.questions.words import (
    FUNCTION_WORDS,
    HEAD_NOUNS,
    LIGHT_VERBS,
    MONTHS,
    WEEKDAYS,
    Token,
    lemma,
    normal,
    tokenize,
    variants,
)


@dataclass
class Mention:
    """A column named in the question; ``options`` holds ties (asked back if not resolved)."""

    start: int
    end: int
    column: Column
    score: float
    how: str
    options: list[Column] = field(default_factory=list)
    used: bool = False

    @property
    def text(self) -> str:
        return ""


@dataclass
class ValueHit:
    start: int
    end: int
    by_column: dict[str, list[str]]  # column name -> original values
    partial: bool = False


@dataclass
class Op:
    start: int
    end: int
    role: str
    arg: str
    text: str


@dataclass
class Found:
    tokens: list[Token]
    claimed: dict[int, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    values: list[ValueHit] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)
    superlatives: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)
    partial_unsure: list[tuple[int, list[str]]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    entity: str | None = None
    question: str = ""  # as typed (case kept), for the tagger
    marked: frozenset[str] = frozenset()  # words written in capitals or quotes: names

    def free(self, start: int, end: int) -> bool:
        return all(p not in self.claimed for p in range(start, end))

    def claim(self, start: int, end: int, role: str) -> None:
        for p in range(start, end):
            self.claimed[p] = role

    def words(self, start: int, end: int) -> list[str]:
        return [t.text for t in self.tokens[start:end]]

    def op_at(self, pos: int) -> Op | None:
        return next((o for o in self.ops if o.start <= pos < o.end), None)

    def mention_at(self, pos: int) -> Mention | None:
        return next((m for m in self.mentions if m.start <= pos < m.end), None)


def _only_function(words: list[str]) -> bool:
    return all(w in FUNCTION_WORDS or w[0].isdigit() for w in words)


def find_values(found: Found, index: ValueIndex, *, multi: bool) -> None:
    """Exact values: multi-word ones (``multi``) or single words; longest first."""
    toks = found.tokens
    sizes = range(min(index.max_words, len(toks)), 1, -1) if multi else range(1, 2)
    for n in sizes:
        for i in range(len(toks) - n + 1):
            if not found.free(i, i + n):
                continue
            words = found.words(i, i + n)
            if _only_function(words) and not (n > 1 and all(w[0].isdigit() for w in words)):
                continue  # "3-0" (a record, a score) is a value; "of the" is not
            if n == 1 and (words[0] in FUNCTION_WORDS or len(words[0]) < 2):
                continue
            keys = (
                [" ".join(words), " ".join([*words[:-1], lemma(words[-1])])]
                if n > 1
                else sorted(variants(words[0]))
            )
            hits: list[tuple[str, str]] = []
            for key in keys:
                hits += index.exact.get(key, [])
            if not hits and n > 1:
                # "2 year old cows" for the value "2 years old": the same words by their lemmas
                hits = list(index.by_lemmas.get(lemma_key(words), []))
            if hits and n == 1 and _plain_word_not_code(found, words[0], hits):
                continue
            if not hits and n == 1:
                hits = _sex_values(index, words[0]) or _calendar_short(index, words[0])
            if not hits:
                hits = _country_forms(index, " ".join(words))
            code = US_STATES.get(" ".join(words))
            if not hits and code is not None:
                # "Texas" over a column of state codes: only a column of two-letter codes
                hits = [
                    (col, val) for col, val in index.exact.get(code, []) if _holds_codes(index, col)
                ]
            if hits:
                by: dict[str, list[str]] = {}
                for col, val in hits:
                    by.setdefault(col, [])
                    if val not in by[col]:
                        by[col].append(val)
                found.values.append(ValueHit(i, i + n, by))
                found.claim(i, i + n, "value")


def is_code(value: str) -> bool:
    """A value written in capitals in the data ("HAS", "LOW", "KEY"): a code, not a word."""
    return any(ch.isalpha() for ch in value) and value == value.upper() and len(value) <= 6


def _plain_word_not_code(found: Found, word: str, hits: list[tuple[str, str]]) -> bool:
    """A word the user wrote in lower case that the data holds only as a code in capitals is
    that code only when it reads as a name: "a low dividend yield" is not the ticker LOW (the
    tagger reads an adjective), "price of key" may be KEY. Capitals or quotes always mark a
    name."""
    if word in found.marked or not found.question or not all(is_code(v) for _, v in hits):
        return False
    return tagging.reads_as_plain_word(found.question, word)


SEX_WORDS = {
    "female": ("female", "women", "woman", "females", "ladies", "lady", "girls", "girl"),
    "male": ("male", "men", "man", "males", "gentlemen", "boys", "boy"),
}
SEX_CODES = {"female": ("female", "woman", "women", "f"), "male": ("male", "man", "men", "m")}


def _sex_values(index: ValueIndex, word: str) -> list[tuple[str, str]]:
    """ "women" over a column of female/male (or F/M) values: the value it means. A letter code
    counts only in a column that holds both letters."""
    for sex, words in SEX_WORDS.items():
        if word not in words:
            continue
        other = "male" if sex == "female" else "female"
        hits: list[tuple[str, str]] = []
        for key in SEX_CODES[sex]:
            for col, val in index.exact.get(key, []):
                pair = {
                    c for c, _ in index.exact.get(SEX_CODES[other][SEX_CODES[sex].index(key)], [])
                }
                if col in pair:
                    hits.append((col, val))
        return hits
    return []


def _calendar_short(index: ValueIndex, word: str) -> list[tuple[str, str]]:
    """ "saturdays", "thursday", "december" over values written short ("Sat", "Thur", "Dec"):
    the day's or month's own short forms (3 to 5 letters), in one column only."""
    name = lemma(word)
    if name not in WEEKDAYS and (name not in MONTHS or len(name) <= 3):
        return []
    hits: list[tuple[str, str]] = []
    for size in range(3, min(len(name), 6)):
        hits += index.exact.get(name[:size], [])
    return hits if len({c for c, _ in hits}) == 1 else []


def _country_forms(index: ValueIndex, phrase: str) -> list[tuple[str, str]]:
    """ "usa" where the table writes "United States" (or the other way round): the form of the
    same country the table holds, the first one found."""
    for forms in COUNTRY_FORMS:
        if phrase not in forms:
            continue
        for form in forms:
            if form != phrase and (hits := index.exact.get(form)):
                return list(hits)
    return []


def _holds_codes(index: ValueIndex, column: str) -> bool:
    """The column holds US state codes: at least five of them, as two-letter values."""
    codes = {
        c for c in US_STATES.values() if any(col == column for col, _ in index.exact.get(c, []))
    }
    return len(codes) >= 5


def find_partial_values(found: Found, index: ValueIndex) -> None:
    """A word of a longer value ("ford" -> "ford torino"): a 'contains' condition."""
    _phrases_of_one_value(found, index)
    _wider_places(found, index)
    for tok in found.tokens:
        if tok.pos in found.claimed or tok.is_number or len(tok.text) < 3:
            continue
        if tok.text in FUNCTION_WORDS or tok.text in LIGHT_VERBS or tok.text in HEAD_NOUNS:
            continue
        pairs = index.words.get(tok.text)
        if pairs:
            columns = {c for c, _ in pairs}
            if not _partial_slot(found, tok.pos, columns) and not _compound_head(tok.text, pairs):
                found.partial_unsure.append((tok.pos, sorted(columns)))
                continue
            by = {c: [tok.text] for c in sorted(columns)}
            found.values.append(ValueHit(tok.pos, tok.pos + 1, by, partial=True))
            found.claim(tok.pos, tok.pos + 1, "value")


MAX_PHRASE_HOLDERS = 50  # values checked for a phrase; the check stays cheap at 100k rows


def _phrases_of_one_value(found: Found, index: ValueIndex) -> None:
    """Two or more words that stand together inside exactly one value of the table ("bois de
    liesse" in "101-Bois-de-Liesse", "saint helen's school" in a longer name): that value.
    Longest phrases first; a phrase inside several values is left to the word rules."""
    toks = found.tokens
    for n in range(min(5, len(toks)), 1, -1):
        for i in range(len(toks) - n + 1):
            if not found.free(i, i + n):
                continue
            words = [t.text for t in toks[i : i + n]]
            # the words the index keeps for multi-word values (three letters or more)
            content = [
                w for w in words if len(w) >= 3 and w not in FUNCTION_WORDS and not w[0].isdigit()
            ]
            if len(content) < 2 or words[0] in FUNCTION_WORDS or words[-1] in FUNCTION_WORDS:
                continue
            pools = [index.words.get(w, set()) for w in content]
            if not all(pools):
                continue
            both = set.intersection(*pools)
            if not both or len(both) > MAX_PHRASE_HOLDERS:
                continue  # words found together in many values: no one value is meant
            phrase = " " + " ".join(words) + " "
            holders = {
                (col, val)
                for col, val in both
                if phrase in " " + " ".join(t.text for t in tokenize(val)) + " "
            }
            if len(holders) != 1:
                continue
            col, val = next(iter(holders))
            found.values.append(ValueHit(i, i + n, {col: [val]}))
            found.claim(i, i + n, "value")


MIN_PLACE_HOLDERS = 2  # a wider place names a set of values, not one


def _wider_places(found: Found, index: ValueIndex) -> None:
    """ "in Texas" over a column of "City, State" values ("Houston, Texas", "Dallas, Texas"):
    the words are a whole part after a comma of several values of one column, so they name the
    wider place those values share: a 'contains' condition on that column, even after "in"."""
    toks = found.tokens
    for n in range(min(4, len(toks)), 0, -1):
        for i in range(len(toks) - n + 1):
            if not found.free(i, i + n) or any(t.is_number for t in toks[i : i + n]):
                continue
            key = " ".join(t.text for t in toks[i : i + n])
            holders = index.segments.get(key)
            if not holders or len(holders) < MIN_PLACE_HOLDERS:
                continue
            columns = {c for c, _ in holders}
            if len(columns) != 1:
                continue  # several columns hold it: left to the other rules
            found.values.append(ValueHit(i, i + n, {columns.pop(): [key]}, partial=True))
            found.claim(i, i + n, "value")


def _compound_head(word: str, pairs: set[tuple[str, str]]) -> bool:
    """The first part of one hyphenated name, the only value holding the word ("holstein" of
    "Holstein-Friesian"): that value wherever it stands, also after "of" or "in"."""
    if len(pairs) != 1:
        return False
    _column, value = next(iter(pairs))
    return normal(value).startswith(word + "-")


def _partial_slot(found: Found, pos: int, columns: set[str]) -> bool:
    """A word of a longer value is read as that value only beside its column or the row noun
    ("ford cars", "how many ford"), never after "in"/"at" where it may name something else."""
    before = found.claimed.get(pos - 1)
    after = found.claimed.get(pos + 1)
    prev_word = found.tokens[pos - 1].text if pos > 0 else ""
    if prev_word in ("in", "at", "near", "from", "of"):
        return False
    for p in (pos - 1, pos + 1):
        m = found.mention_at(p)
        if m is not None and m.column.name in columns:
            return True
    if prev_word == "many" and lemma(found.tokens[pos].text) != found.tokens[pos].text:
        return False  # "how many films ...": the rows' noun, or films inside the titles?
    return "entity" in (before, after) or prev_word in ("many", "all", "the")


def find_ops(found: Found) -> None:
    toks = found.tokens
    phrases = sorted(OPERATORS, key=lambda p: -len(p.split()))
    sup = sorted(SUPERLATIVES, key=lambda p: -len(p.split()))
    for i in range(len(toks)):
        if i in found.claimed:
            continue
        for phrase in sup:
            words = phrase.split()
            if found.words(i, i + len(words)) == words and found.free(i, i + len(words)):
                direction, hints = SUPERLATIVES[phrase]
                found.superlatives.append((i, i + len(words), direction, hints))
                # "highest"/"largest" are also plain operators; keep both readings
                role, arg = OPERATORS.get(phrase, ("superlative", direction))
                found.ops.append(Op(i, i + len(words), role, arg, phrase))
                found.claim(i, i + len(words), "op")
                break
        else:
            for phrase in phrases:
                words = phrase.split()
                if phrase == "%" and i > 0 and toks[i - 1].is_number:
                    continue  # "above 20%": the number's unit, not a share
                if found.words(i, i + len(words)) == words and found.free(i, i + len(words)):
                    role, arg = OPERATORS[phrase]
                    found.ops.append(Op(i, i + len(words), role, arg, phrase))
                    found.claim(i, i + len(words), "op")
                    break


# aggregate and order words a slip of the keyboard should not hide ("totl", "avrage")
TYPO_OPERATORS = (
    "total",
    "average",
    "maximum",
    "minimum",
    "median",
    "highest",
    "lowest",
    "largest",
    "smallest",
    "percentage",
)


def find_typo_ops(found: Found, schema: SchemaIndex, index: ValueIndex) -> None:
    """An aggregate word with one slip (two in long words), same first letter, at least four
    letters, that is no value and names no column: "totl sales", "avrage tip"."""
    for tok in found.tokens:
        word = tok.text
        if tok.pos in found.claimed or len(word) < 4 or not word.isalpha():
            continue
        if word in FUNCTION_WORDS or word in OPERATORS or index.exact.get(word):
            continue
        if schema.candidates([word]):
            continue
        for target in TYPO_OPERATORS:
            limit = 1 if len(target) < 8 else 2
            if word[0] == target[0] and OSA.distance(word, target) <= limit:
                role, arg = OPERATORS[target]
                found.ops.append(Op(tok.pos, tok.pos + 1, role, arg, target))
                found.claim(tok.pos, tok.pos + 1, "op")
                break


def find_mentions(found: Found, schema: SchemaIndex, min_len: int = 1) -> None:
    toks = found.tokens
    for n in range(min(schema.max_len, len(toks)), min_len - 1, -1):
        for i in range(len(toks) - n + 1):
            if not found.free(i, i + n):
                continue
            words = found.words(i, i + n)
            if n == 1 and (words[0][0].isdigit() or words[0] in ("a", "an", "the", "of")):
                continue
            cands = schema.candidates(words)
            if not cands:
                continue
            if _only_function(words) and cands[0][1] < EXACT and not _after_aggregate(found, i):
                continue
            if n == 1 and words[0] in FUNCTION_WORDS and i == 0:
                continue  # "name the ...", "show ...": a verb, not the column
            best = cands[0][1]
            tied = [c for c, s, _ in cands if s >= best - 1e-9]
            found.mentions.append(
                Mention(i, i + n, cands[0][0], best, cands[0][2], tied if len(tied) > 1 else [])
            )
            found.claim(i, i + n, "column")


def _after_aggregate(found: Found, pos: int) -> bool:
    """A function word right after an aggregate is a column's name: "average return"."""
    op = found.op_at(pos - 1) if pos > 0 else None
    return op is not None and op.role in ("agg", "most", "superlative") and op.end == pos


def find_dateparts(found: Found) -> list[tuple[int, int, str]]:
    out = []
    toks = found.tokens
    for phrase in sorted(DATE_PARTS, key=lambda p: -len(p.split())):
        words = phrase.split()
        for i in range(len(toks) - len(words) + 1):
            if found.words(i, i + len(words)) == words and found.free(i, i + len(words)):
                out.append((i, i + len(words), DATE_PARTS[phrase]))
                found.claim(i, i + len(words), "datepart")
    return out


def month_at(found: Found, pos: int) -> int | None:
    if pos < 0 or pos >= len(found.tokens):
        return None
    word = found.tokens[pos].text
    if (
        word == "may"
        and not (pos + 1 < len(found.tokens) and found.tokens[pos + 1].is_number)
        and not (pos > 0 and found.tokens[pos - 1].text in ("in", "of", "during"))
    ):
        return None
    return MONTHS.get(word)


def describe_value(hit: ValueHit, column: str) -> Any:
    return hit.by_column[column]

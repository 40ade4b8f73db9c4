"""Schema linking: which column a phrase of the question names, with a score.

A column is known by several names: its own words ("Miles_per_Gallon" -> miles per gallon), the
initials of a long name (mpg), its words without a unit ("body_mass_g" -> body mass), single words
of a longer name (weaker), business synonyms (weight ~ mass, rainfall ~ precipitation), and any
phrase the user taught it for this dataset. A phrase matches an alias exactly, by lemma, or within
one or two typing errors. Scores order the readings; two columns with the same best score for one
phrase are a tie, and a tie is asked back, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from symphainy.insights.engine import Column
from symphainy.insights.questions.words import FUNCTION_WORDS, lemma, words_of

EXACT, LEMMA, INITIALS, SYNONYM, PART, TYPO, TAUGHT = 1.0, 0.97, 0.95, 0.9, 0.75, 0.8, 1.05
ABBREVIATION = 0.7  # the column's whole name is the start of the word: "ret" for return
VERB_OF_NAME = "the verb of the name"
ABBREVIATED = 0.72  # the name shortens the phrase piece by piece: "realinv" ~ real investment

UNITS = {
    "mm": "millimetre",
    "cm": "centimetre",
    "m": "metre",
    "km": "kilometre",
    "g": "gram",
    "kg": "kilogram",
    "lb": "pound",
    "lbs": "pound",
    "oz": "ounce",
    "s": "second",
    "sec": "second",
    "min": "minute",
    "h": "hour",
    "hr": "hour",
    "usd": "dollar",
    "eur": "euro",
    "pct": "percent",
    "in": "inch",
    "ft": "foot",
    "mph": "mph",
    "kmh": "kmh",
}

# Unit abbreviations that are also ordinary words or name parts ("temp_min", "time_s").
AMBIGUOUS_UNITS = frozenset({"min", "s", "h", "m", "in", "sec", "hr"})

# Groups of words a business user uses for the same thing. Each word in a column's name brings
# the other words of its group as aliases (weaker than the name itself).
SYNONYMS: list[set[str]] = [
    {"weight", "mass", "heavy", "weigh", "heaviness"},
    {"precipitation", "rainfall", "rain", "precip"},
    {"temperature", "temp"},
    {"price", "cost", "priced"},
    {"revenue", "sales", "turnover"},
    {"quantity", "qty", "units"},
    {"horsepower", "hp", "power"},
    {"displacement", "engine"},
    {"wind", "windspeed"},
    {"latitude", "lat"},
    {"longitude", "lon", "lng", "long"},
    {"population", "pop", "inhabitants", "populous"},
    {"country", "nation"},
    {"city", "town"},
    {"gender", "sex"},
    {"symbol", "ticker", "stock", "company"},
    {"date", "day", "when"},
    {"year", "yr"},
    {"age", "old"},
    {"length", "long"},
    {"duration", "runtime"},
    {"width", "wide", "breadth"},
    {"height", "tall", "elevation"},
    {"neighborhood", "neighbourhood", "area", "district"},
    {"identifier", "id"},
    {"customer", "client"},
    {"employee", "staff", "worker"},
    {"product", "item", "sku"},
    {"amount", "sum"},
    {"profit", "margin"},
    {"discount", "rebate"},
]
# Phrases of several words that mean one column word ("fuel economy" -> mpg).
PHRASES = {
    "fuel economy": "miles per gallon",
    "fuel efficiency": "miles per gallon",
    "gas mileage": "miles per gallon",
    "mileage": "miles per gallon",
    "max temperature": "temp max",
    "maximum temperature": "temp max",
    "high temperature": "temp max",
    "min temperature": "temp min",
    "minimum temperature": "temp min",
    "low temperature": "temp min",
    "wind speed": "wind",
    "engine size": "displacement",
}


@dataclass(frozen=True)
class Alias:
    words: tuple[str, ...]
    score: float
    how: str


@dataclass(frozen=True)
class Link:
    column: Column
    start: int
    end: int  # exclusive token positions
    score: float
    how: str


def _core(words: list[str]) -> list[str]:
    """The name without a trailing unit or a leading/trailing "in"/"per" ("weight in lbs")."""
    out = list(words)
    if (
        len(out) > 1
        and out[-1] in UNITS
        and (out[-1] not in AMBIGUOUS_UNITS or out[-2] in ("in", "per"))
    ):
        out.pop()
        if len(out) > 1 and out[-1] in ("in", "per"):
            out.pop()
    return out


def aliases(column: Column, taught: list[str] | None = None) -> list[Alias]:
    """Every name the column answers to, each with the score a match earns."""
    words = words_of(column.name)
    core = _core(words)
    out = [Alias(tuple(words), EXACT, "name"), Alias(tuple(core), EXACT, "name")]
    out.append(Alias(tuple(lemma(w) for w in core), LEMMA, "name"))
    if len(core) >= 3:
        out.append(Alias(("".join(w[0] for w in core),), INITIALS, "initials"))
    content = [
        w for w in core if w not in FUNCTION_WORDS and (w not in UNITS or w in AMBIGUOUS_UNITS)
    ]
    ratio = _ratio_head(core)
    if ratio:
        # "Marriages_per_1000", "gdp per capita": a rate, said as "marriage rate"
        for noun in ("rate", "ratio"):
            out.append(Alias((*[lemma(w) for w in ratio], noun), SYNONYM, "a rate's name"))
    if len(content) > 1 and not ratio:
        # a rate is not named by one word of it: "gdp" is not "gdp per capita"
        for w in content:
            out.append(Alias((lemma(w),), PART, "part of the name"))
    for phrase, meaning in PHRASES.items():
        if " ".join(core) == meaning or (meaning in " ".join(core) and len(meaning) > 4):
            out.append(Alias(tuple(phrase.split()), SYNONYM, "synonym"))
    for w in content:
        for group in SYNONYMS:
            if lemma(w) in group:
                for other in group - {lemma(w)}:
                    rest = [x if x != w else other for x in content]
                    out.append(Alias(tuple(rest), SYNONYM, "synonym"))
                    if len(content) > 1:
                        out.append(Alias((other,), PART * 0.95, "synonym of part of the name"))
    out += _slash_aliases(column.name)
    if len(core) > 1:
        # "melting point", "boiling point": the verb names the column ("melt below 300")
        for base in _ing_base(core[0]):
            out.append(Alias((base,), PART, VERB_OF_NAME))
    for phrase in taught or []:
        out.append(Alias(tuple(phrase.split()), TAUGHT, "your earlier choice"))
    return out


def _slash_aliases(name: str) -> list[Alias]:
    """A name "A/B" is A per B: "Earnings/Share" is "earnings per share"; "Price/Earnings" is
    also said "price earnings ratio" or "price to earnings ratio"."""
    parts = [p.strip() for p in name.split("/")]
    if len(parts) != 2 or not all(p and p[0].isalpha() for p in parts):
        return []
    left, right = words_of(parts[0]), words_of(parts[1])
    if not left or not right:
        return []
    out = [Alias((*left, "per", *right), EXACT, "name")]
    for noun in ("ratio", "rate"):
        out.append(Alias((*left, *right, noun), EXACT * 0.98, "a ratio's name"))
        out.append(Alias((*left, "to", *right, noun), EXACT * 0.98, "a ratio's name"))
        out.append(Alias((*left, "per", *right, noun), EXACT * 0.98, "a ratio's name"))
    return out


def _ratio_head(core: list[str]) -> list[str]:
    """The words before "per" in a rate's name ("marriages per 1000" -> marriages); [] if the
    name is no rate."""
    if "per" not in core:
        return []
    k = core.index("per")
    return core[:k] if 0 < k < len(core) - 1 else []


def _shortens(a: str, b: str) -> bool:
    """One word is a short form of the other: "exp" ~ expectancy, "cap" ~ capita."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and len(long_) >= len(short) + 2 and long_.startswith(short)


def _typo(a: str, b: str) -> bool:
    """One slip (two in long words): "quanity" ~ quantity, "lenght" ~ length."""
    if min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    limit = 1 if max(len(a), len(b)) < 9 else 2
    return OSA.distance(a, b) <= limit


def _ing_base(word: str) -> tuple[str, ...]:
    """The verb an -ing form comes from: "closing" -> close, "opening" -> open,
    "shipping" -> ship."""
    if len(word) < 6 or not word.endswith("ing"):
        return ()
    base = word[:-3]
    out: tuple[str, ...] = (base, base + "e")
    if len(base) > 2 and base[-1] == base[-2]:
        out += (base[:-1],)
    return out


def _ing_of_ed(word: str) -> tuple[str, ...]:
    """The -ing noun of an -ed form: "rated" -> rating, "ranked" -> ranking."""
    if len(word) < 5 or not word.endswith("ed"):
        return ()
    stem = word[:-2]
    out: tuple[str, ...] = (stem + "ing",)
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out += (stem[:-1] + "ing",)  # "shipped" -> shipping keeps the double letter
    return out


def _verb_of_derived(word: str) -> tuple[str, ...]:
    """The verb a noun in -ment or a past form in -ed comes from: "investment" and "invested"
    -> invest, "payments" -> pay, "priced" -> price. The verb keeps four letters or more."""
    for ending in ("ments", "ment", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: -len(ending)]
            return (base, base + "e") if ending == "ed" else (base,)
    return ()


def _abbreviates(alias: str, word: str) -> bool:
    """A short name that is the start of the question's word: "ret" ~ return, "att" ~
    attendance. Only whole short names (2-4 letters) of the column, words two letters longer;
    the weakest link, so a value or any other reading of the word wins."""
    return (
        2 <= len(alias) <= 4
        and alias.isalpha()
        and len(word) >= len(alias) + 2
        and word.startswith(alias)
        and alias not in FUNCTION_WORDS
    )


# Leading pieces of a name that say how its number was formed, not what it is: "TOTEMP" is
# total employment, said "employment" as well.
FORMED_BY = ("total", "tot")
LONG_SHORT_NAME = 5  # from here a one-word name shortens a word only if it leaves 5+ letters


def _piece_of(piece: str, word: str, skeleton: bool) -> bool:
    """A piece of a run-together name stands for one word: the word itself, its start ("inv"
    ~ investment, "tbil" ~ tbill), or its skeleton ("grp" ~ group: first letter kept, letters
    in order)."""
    if word in FUNCTION_WORDS or not word.isalpha():
        return False
    if piece in (word, lemma(word)):
        return True
    if len(piece) < 3 or piece[0] != word[0] or len(word) <= len(piece):
        return False
    if word.startswith(piece):
        return True
    rest = iter(word[1:])
    return skeleton and len(word) >= len(piece) + 2 and all(ch in rest for ch in piece[1:])


def _pieces(name: str, phrase: list[str], skeleton: bool) -> bool:
    """The name, run together, is the phrase's words shortened one after another: "realinv"
    ~ real investment, "GNPDEFL" ~ gnp deflator, "hs_grad" ~ high school graduation (initials
    stand for two or more words)."""
    if not phrase:
        return not name
    if not name:
        return False
    for k in range(1, len(name) + 1):
        piece = name[:k]
        if _piece_of(piece, phrase[0], skeleton) and _pieces(name[k:], phrase[1:], skeleton):
            return True
        initials = 2 <= k <= len(phrase) and all(
            w[0] == ch and w not in FUNCTION_WORDS and w.isalpha()
            for w, ch in zip(phrase[:k], piece, strict=True)
        )
        if initials and _pieces(name[k:], phrase[k:], skeleton):
            return True
    return False


def abbreviated_name(column: Column, phrase: list[str]) -> float:
    """How well the column's name abbreviates the whole phrase, piece by piece (0 if not):
    "unemp" ~ unemployment, "tbilrate" ~ tbill rate, "TOTEMP" ~ (total) employment, "AgeGrp"
    ~ age group. Pieces that start their word beat skeletons ("realinv" is real investment
    before "realint" is); the weakest links but for a whole short name."""
    words = words_of(column.name)
    name = "".join(words)
    if not name.isalpha() or (len(phrase) == 1 and name in (phrase[0], lemma(phrase[0]))):
        return 0.0
    if len(phrase) == 1 and len(words) == 1 and len(name) >= LONG_SHORT_NAME:
        word = phrase[0]
        if word.startswith(name) and len(word) >= len(name) + LONG_SHORT_NAME:
            return ABBREVIATED
    for score, skeleton in ((ABBREVIATED, False), (ABBREVIATED - 0.01, True)):
        for formed in FORMED_BY:
            rest = name[len(formed) :]
            if name.startswith(formed) and len(rest) >= 3 and _pieces(rest, phrase, skeleton):
                return score
        if len(phrase) >= 2 and _pieces(name, phrase, skeleton):
            return score
    return 0.0


# "TMAX", "t_min", "PAVG": a letter or two for the quantity and the statistic taken of it
EXTREME_NAME = re.compile(r"([a-z]{1,2})(max|min|avg|mean)")
EXTREME_WORDS = {
    "max": frozenset({"max", "maximum", "high"}),
    "min": frozenset({"min", "minimum", "low"}),
    "avg": frozenset({"avg", "average", "mean"}),
    "mean": frozenset({"avg", "average", "mean"}),
}
# said alone, "the high" and "the low" are the day's maximum and minimum
EXTREME_NOUNS = {"high": "max", "low": "min"}


def extreme_name(column: Column, phrase: list[str]) -> float:
    """A name that is a letter or two and a statistic ("TMAX", "t_min"): said as the statistic
    beside a word starting with those letters, in either order ("max temp", "high
    temperature", "temp min"), or as "high"/"low" alone (the weakest link, so two such
    columns of the same statistic tie and are asked back)."""
    found = EXTREME_NAME.fullmatch("".join(words_of(column.name)))
    if found is None or column.kind != "numeric":
        return 0.0
    letters, stat = found.groups()
    if len(phrase) == 1:
        return ABBREVIATION if EXTREME_NOUNS.get(phrase[0]) == stat else 0.0
    if len(phrase) != 2:
        return 0.0
    for said, word in (phrase, phrase[::-1]):
        if (
            said in EXTREME_WORDS[stat]
            and word.startswith(letters)
            and len(word) >= 3
            and word.isalpha()
            and word not in FUNCTION_WORDS
        ):
            return ABBREVIATED
    return 0.0


def match_score(phrase: list[str], alias: Alias) -> tuple[float, str]:
    if len(phrase) != len(alias.words):
        return 0.0, ""
    if tuple(phrase) == alias.words:
        return alias.score, alias.how
    lemmas = tuple(lemma(w) for w in phrase)
    if lemmas == alias.words or lemmas == tuple(lemma(w) for w in alias.words):
        return alias.score * LEMMA, alias.how
    if len(phrase) == 1 and alias.words[0] in _ing_base(phrase[0]):
        return alias.score * LEMMA * LEMMA, f"{alias.how} (-ing form)"
    if (
        len(phrase) == 1
        and alias.how == "name"
        and len(alias.words) == 1
        and alias.words[0] in _ing_of_ed(phrase[0])
    ):
        return alias.score * LEMMA * LEMMA, f"{alias.how} (-ed form)"
    if (
        len(phrase) == 1
        and alias.how == "name"
        and len(alias.words) == 1
        and alias.words[0] in _verb_of_derived(phrase[0])
    ):
        return alias.score * LEMMA * LEMMA, f"{alias.how} (its noun or past form)"
    if len(phrase) == 1 and alias.how == "name" and _abbreviates(alias.words[0], phrase[0]):
        return ABBREVIATION, "name abbreviates the word"
    if alias.how == VERB_OF_NAME:
        return 0.0, ""  # "melt" or "melts", never a slip of it ("joined" is not "joine")
    if all(a == b or _typo(a, b) for a, b in zip(lemmas, alias.words, strict=True)):
        return alias.score * TYPO, f"{alias.how}, spelling corrected"
    pairs = list(zip(lemmas, alias.words, strict=True))
    if (
        len(pairs) > 1
        and alias.how == "name"
        and all(a == b or _shortens(a, b) for a, b in pairs)
        and any(a == b and a not in FUNCTION_WORDS for a, b in pairs)
    ):
        # "life expectancy" ~ lifeExp, "gdp per cap" ~ gdp per capita: one word shortened
        return alias.score * TYPO, f"{alias.how}, a word shortened"
    if (
        len(pairs) > 1
        and alias.how == "name"
        and all(a not in FUNCTION_WORDS and b.startswith(a) and _shortens(a, b) for a, b in pairs)
    ):
        # "comp sci" ~ Computer Science: every word cut short, each to its start
        return ABBREVIATED, f"{alias.how}, every word shortened"
    return 0.0, ""


class SchemaIndex:
    """The aliases of every column of one dataset, built once per question batch."""

    def __init__(self, columns: list[Column], taught: dict[str, list[str]] | None = None):
        self.columns = columns
        self.aliases = {c.name: aliases(c, (taught or {}).get(c.name)) for c in columns}
        # three words at least: an abbreviated name may stand for more words than it has
        self.max_len = max((len(a.words) for al in self.aliases.values() for a in al), default=1)
        self.max_len = max(self.max_len, 3)

    def candidates(self, phrase: list[str]) -> list[tuple[Column, float, str]]:
        """Columns the phrase may name, best first; each column once with its best score."""
        out = []
        for column in self.columns:
            best, how = 0.0, ""
            for alias in self.aliases[column.name]:
                score, why = match_score(phrase, alias)
                if score > best:
                    best, how = score, why
            if best < ABBREVIATED and (short := abbreviated_name(column, phrase)) > best:
                best, how = short, "name abbreviates the words"
            if best < ABBREVIATED and (short := extreme_name(column, phrase)) > best:
                best, how = short, "name abbreviates a statistic of the quantity"
            if best > 0:
                out.append((column, best, how))
        return sorted(out, key=lambda t: -t[1])

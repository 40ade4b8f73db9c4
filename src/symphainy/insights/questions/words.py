"""The words of a question: tokens with positions, their normal forms, and the vocabulary.

Everything the parser compares goes through ``normal`` (lower case, accents removed) so "Zürich"
and "zurich" meet. Lemmas are deliberately simple suffix rules (plurals, -ed, -ing, adjective
-y): enough for "cylinders", "rainy", "snowed", and predictable when they are not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{3}0'?s\b|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?|[<>]=?|!=|=|%|\$|\?"
)
# "the 1990s", "1990's": a decade, one token (not the year 1990 and a stray "s")
DECADE = re.compile(r"(\d{3}0)'?s")
# a currency sign before an amount says nothing the number does not ("over $1000")
CURRENCY = re.compile(r"[$\u00a3\u20ac](?=\s*\d)")


ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def normal(text: str) -> str:
    """Lower case without accents; typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"[\u2010-\u2015]", "-", text).lower()


@dataclass(frozen=True)
class Token:
    text: str  # normalised surface form
    pos: int  # index in the question
    number: float | None = None

    @property
    def is_number(self) -> bool:
        return self.number is not None


def _number(text: str) -> float | None:
    if not text[0].isdigit() or ISO_DATE.fullmatch(text) or DECADE.fullmatch(text):
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mn": 1e6, "bn": 1e9}


def _scaled(out: list[Token], word: str) -> bool:
    """ "2 million", "1.5 bn": the number before the scale word, multiplied (one token)."""
    scale = SCALES.get(word) or SCALES.get(word[:-1] if word.endswith("s") else "")
    if not scale or not out or out[-1].number is None:
        return False
    number = out[-1].number * scale
    text = str(int(number)) if number.is_integer() else str(number)
    out[-1] = Token(text, out[-1].pos, number)
    return True


def tokenize(text: str) -> list[Token]:
    """Word and number tokens; a possessive "'s" is dropped ("penguin's" -> "penguin")."""
    out: list[Token] = []
    for raw in _TOKEN.findall(CURRENCY.sub(" ", normal(text))):
        if raw == "?":
            continue
        word = raw[:-2] if raw.endswith("'s") and not DECADE.fullmatch(raw) else raw
        if _scaled(out, word):
            continue
        out.append(Token(word, len(out), _number(word)))
    return out


def words_of(name: str) -> list[str]:
    """The words of a column name: "Miles_per_Gallon" -> miles per gallon, "petalLength" too."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    out: list[str] = []
    for t in tokenize(spaced):
        out += NAME_ABBREVIATIONS.get(t.text, [t.text])
    return out


# Abbreviations written as one word in column names ("gdpPercap", "pop_percap").
NAME_ABBREVIATIONS = {
    "percap": ["per", "capita"],
    "percapita": ["per", "capita"],
}


_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "mice": "mouse",
    "data": "data",
    "series": "series",
    "species": "species",
    "news": "news",
    "lbs": "lbs",
    "gas": "gas",
    "this": "this",
    "was": "was",
    "has": "has",
    "is": "is",
    "its": "its",
    "us": "us",
    "yes": "yes",
}


def lemma(word: str) -> str:
    """A rough singular/base form: cylinders -> cylinder, cities -> city, snowed -> snow."""
    if word in _IRREGULAR or len(word) <= 3 or word[0].isdigit():
        return _IRREGULAR.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def variants(word: str) -> set[str]:
    """Forms a word may take in a value or a name: rainy -> rain, snowed -> snow, sunny -> sun."""
    out = {word, lemma(word)}
    for suffix in ("y", "ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out.add(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.add(stem[:-1])  # sunny -> sun, foggy -> fog
            if suffix != "y":
                out.add(stem + "e")  # observed -> observe
    return out


# Words that carry no content of their own: articles, auxiliaries, pronouns, question words and
# politeness. The coverage rule lets them go unused.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "into",
        "onto",
        "with",
        "within",
        "about",
        "as",
        "by",
        "per",
        "via",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "how",
        "why",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "he",
        "she",
        "his",
        "her",
        "him",
        "show",
        "tell",
        "give",
        "list",
        "find",
        "get",
        "see",
        "display",
        "return",
        "name",
        "please",
        "can",
        "could",
        "would",
        "will",
        "let",
        "lets",
        "let's",
        "want",
        "need",
        "know",
        "all",
        "any",
        "some",
        "each",
        "every",
        "one",
        "ones",
        "also",
        "just",
        "only",
        "really",
        "and",
        "so",
        "then",
        "than",
        "data",
        "dataset",
        "table",
        "row",
        "rows",
        "record",
        "records",
        "entry",
        "entries",
        "item",
        "items",
        "line",
        "lines",
        "thing",
        "things",
        "value",
        "values",
        "figure",
        "figures",
        "result",
        "results",
        "observation",
        "observations",
        "case",
        "cases",
        "overall",
        "whole",
        "entire",
        "altogether",
        "ever",
        "do",
        "s",
    ]
)

# Verbs that only say a row exists ("penguins observed in 2008", "miles driven").
LIGHT_VERBS = frozenset(
    [
        "observe",
        "observed",
        "record",
        "recorded",
        "measure",
        "measured",
        "report",
        "reported",
        "register",
        "registered",
        "happen",
        "happened",
        "occur",
        "occurred",
        "exist",
        "exists",
        "appear",
        "appeared",
        "belong",
        "belongs",
        "belonged",
        "contain",
        "contains",
        "contained",
        "include",
        "includes",
        "included",
        "come",
        "comes",
        "came",
        "live",
        "lives",
        "lived",
        "drive",
        "driven",
        "drove",
        "sell",
        "sold",
        "buy",
        "bought",
        "make",
        "made",
        "take",
        "took",
        "go",
        "went",
    ]
)

# Nouns that only name the kind of thing a column holds ("iata code", "the state of CA").
HEAD_NOUNS = frozenset(
    [
        "code",
        "codes",
        "name",
        "names",
        "number",
        "numbers",
        "value",
        "amount",
        "level",
        "rate",
        "id",
        "type",
        "kind",
        "category",
        "price",
        "prices",
        "cost",
        "figure",
        "score",
        "total",
        "count",
        "size",
    ]
)

MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({name[:3]: num for name, num in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

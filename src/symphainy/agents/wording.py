"""The question the chat sends to Insights' parser, in the words the parser reads.

The file is chosen already: the words that only named it are dropped, chat shorthand is
written out ("whats", "pls", "len", "200hp"), a value named as a plural or adjective is written
as the value, and "remove X and give me Y" becomes "Y excluding X" when X is a value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symphainy.agents import followup
from symphainy.agents.artefacts import FileRef, stem
from symphainy.agents.slots import GENERIC, match_columns, tokens

if TYPE_CHECKING:
    from symphainy.agents.understand import Journey


QUESTION_WORDS = (
    "how",
    "many",
    "much",
    "average",
    "total",
    "maximum",
    "minimum",
    "median",
    "number",
    "count",
    "highest",
    "lowest",
    "biggest",
    "smallest",
    "before",
    "latest",
    "chart",
    "delete",
    "archive",
    "quality",
)


EXCLUSION = re.compile(
    r"^\W*(?:please\s+)?(remove|drop|exclude|leave out|take out|get rid of|ignore|filter out|"
    r"without|wipe|strip|take away|throw out|knock out|leave off)\s+(?P<what>[\w' -]+?)"
    r"(?:\s+out)?\s+(?:(?:from|out of|of) (?:it|them|this|that|the [\w -]{1,40}?)\s+)?"
    r"(?:and|then|,)\s+(?:(?:give|tell|show)(?: me)?\s+)?(?P<question>.+)$",
    re.I,
)
_ROW_WORDS = re.compile(
    r"^(?:the|all|any|those|these)\s+|\s+(?:rows?|records?|entries|ones|values?|data|out)$", re.I
)

# "whats the average body mass if you drop the rows with no sex recorded": the same, said after
# the question.
EXCLUSION_AFTER = re.compile(
    r"^(?P<question>.+?)[\s,]+(?:if|when|after|once)\s+(?:you|we|i)\s+(?:remove|drop|exclude|"
    r"leave out|take out|get rid of|ignore|filter out|throw out)\s+(?P<what>[\w' -]+?)\W*$",
    re.I,
)


# "remove the women from the salary chart": the chart again without those rows.
EXCLUSION_FROM_CHART = re.compile(
    r"^\W*(?:please\s+)?(?:remove|drop|exclude|leave out|take out|filter out|hide)\s+"
    r"(?P<what>[\w' -]+?)\s+(?:from|out of|in|on)\s+(?:the|that|this|my)\s+"
    r"(?P<chart>[\w -]{0,40}?)\s*(?:chart|graph|plot)\W*$",
    re.I,
)


def exclusion_question(message: str, journey: Journey) -> str:
    """ "remove gentoo from it and give me avg flipper length": the question without those
    rows, in the words Insights reads ("avg flipper length excluding gentoo"). Only a value
    of the data is rewritten; anything else is left as typed."""
    found = EXCLUSION.match(message) or EXCLUSION_AFTER.match(message)
    if found is None:
        return message
    what = found.group("what")
    for _ in range(3):
        what = _ROW_WORDS.sub("", what.strip())
    value = _excluded_value(what, journey)
    if value is None:
        return message
    question = REST.sub("", found.group("question")).rstrip(" ?.!")
    return f"{question} excluding {value}"


def excluded_from_chart(message: str, journey: Journey) -> tuple[str, str] | None:
    """What "remove the women from the salary chart" takes out of which chart: (the chart's
    words, the value), when the words name a value of the data."""
    charted = EXCLUSION_FROM_CHART.match(message)
    if charted is None:
        return None
    what = charted["what"]
    for _ in range(3):
        what = _ROW_WORDS.sub("", what.strip())
    value = _excluded_value(what, journey)
    return (charted["chart"].strip(), value) if value is not None else None


def _excluded_value(what: str, journey: Journey) -> str | None:
    """The value ``what`` names: the value as typed ("gentoo"), or the whole value that a
    distinctive word of it stands for ("nuclear" for ``Nuclear Energy``, when no other value
    of the journey has that word)."""
    if any(followup.value_hits(what, values) for values in journey.values.values()):
        return what
    words = tokens(what)
    if len(words) != 1 or len(words[0]) < 4:
        return None
    owners = {
        v
        for columns in journey.values.values()
        for values in columns.values()
        for v in values
        if words[0] in tokens(v)
    }
    return owners.pop() if len(owners) == 1 else None


# "drop X and give me the average of the rest": the rest is what "excluding X" leaves.
REST = re.compile(
    r"\s+(?:of|for|across|over)\s+(?:the\s+|all\s+the\s+)?(?:rest|others|remaining(?:\s+ones)?|"
    r"remainder|ones left)\b",
    re.I,
)


def tidy(message: str) -> str:
    """Chat shorthand put in words the parsers read: "whats" is "what is", "pls" is dropped."""
    text = re.sub(r"\s+instead(?=\W*$)", "", message, flags=re.I)
    dropped = re.match(
        r"^\W*(clear|close|forget|scrap|ditch|drop|never ?mind) (that|this|the) (?P<what>chart|"
        r"graph|plot|answer|table|one)\s*(,|and)?\s*(?:(?:show|give) me\s+)?(?P<rest>.+)$",
        text,
        re.I,
    )
    if dropped:
        # "clear that chart and show me mpg by origin instead": the new request, still a chart
        chart = dropped["what"].lower() in ("chart", "graph", "plot")
        text = ("chart " if chart else "") + dropped["rest"]
    text = without_preamble(text)
    # "actually no, what's the average price again?": talk around a question, not its words.
    spoken = re.sub(_DISCOURSE, "", text, flags=re.I)
    spoken = re.sub(r"\s+again(?=\W*$)", "", spoken, flags=re.I)
    if len(tokens(spoken)) >= 3:
        text = spoken
    text = re.sub(r"\bwhats\b", "what is", text, flags=re.I)
    text = re.sub(r"\b(pls|plz|thx)\b|\s+please(?=\W*$)", "", text, flags=re.I)
    for short, full in SHORT_QUESTION_WORDS.items():
        text = re.sub(rf"^(\W*){short}\b", rf"\g<1>{full}", text, flags=re.I)
    return " ".join(text.split()) or message


_SEGMENTS = re.compile(r"(?<=[!.?])\s+|\s+[-–—]+\s+")
_SELF_REPORT = re.compile(
    r"^\W*(?:(?:so|well|ok(?:ay)?|and)\s+)?(?:i|i'm|i've|i'd|i am|i have|we|we're|we've|we "
    r"have|just)\b",
    re.I,
)
# What the user tells about themselves before asking: an upload, curiosity, a hope; a
# sentence about what they look at ("I'm looking at the Energy sector.") may be a condition.
_ANNOUNCES = re.compile(
    r"\b(uploaded|added|loaded|imported|shared|curious|wondering|hoping|new here|excited|got|"
    r"received|downloaded|exported|pulled|collected|came in|arrived)\b",
    re.I,
)
_ASKS = re.compile(
    r"^\W*(?:(?:and|so|but|then|now)\s+)?(?:what|what's|whats|how|which|who|when|where|why|is|"
    r"are|do|does|can|could|show|give|tell|list|count|chart|plot|draw|compare)\b",
    re.I,
)
# "don't delete anything, just tell me …", "no need for a chart, just give me …": the request
# is what follows "just".
_JUST = re.compile(
    r"^\W*(?:don'?t|do not|no need (?:to|for)|never ?mind)\b[^,;:]*[,;:]\s*(?:but\s+)?just\s+"
    r"(?P<rest>\w.+)$",
    re.I,
)


def without_preamble(message: str) -> str:
    """The question without the small talk and the user's own situation said before it.

    "Hi there! I've just uploaded our pay data and I'm curious - how many professors are
    there?": a short exclamation ("Interesting!") or a sentence about the user ("I've just
    uploaded …", "we're planning …") before a sentence that asks, is not part of what is
    asked. A sentence that is neither (a condition, "Energy only. what's the average?") stays.
    """
    just = _JUST.match(message)
    if just and len(tokens(just["rest"])) >= 3:
        return just["rest"]
    segments = [seg for seg in _SEGMENTS.split(message) if seg.strip()]
    start = 0
    while start < len(segments) - 1:
        segment = segments[start]
        short_exclamation = segment.rstrip().endswith("!") and len(tokens(segment)) <= 3
        announces = _SELF_REPORT.match(segment) and _ANNOUNCES.search(segment)
        if not (short_exclamation or announces) or "?" in segment:
            break
        start += 1
    rest = " ".join(segments[start:])
    if start == 0 or not _ASKS.match(rest) or len(tokens(rest)) < 3:
        return message
    # "We got the Boston mortgage data in this morning. How many were denied?": the file the
    # news names is the one asked about, so its naming stays with the question.
    told = " ".join(segments[:start])
    files = [m[0] for m in _NEWS_FILE.finditer(told)]
    if files and not _NEWS_FILE.search(rest):
        return f"{rest.rstrip(' ?.!')} in {files[-1]}?"
    return rest


_NEWS_FILE = re.compile(
    r"\b(?:the|our|my|this|that)\s+(?:[\w-]+\s+){0,3}?(?:data ?set|data|file|table|spreadsheet|"
    r"csv|export)\b",
    re.I,
)


_DISCOURSE = (
    r"^\W*(?:(?:actually|hmm+|um+|uh+|well|so|ok(?:ay)?|right|oh|no|nope|wait|sorry|oops|"
    r"one more thing|also|and also)\b[\s,.!;:-]*)+(?=\w)"
)

# Question words typed short at the start of a message ("hw many", "wat is"): too short for
# the fuzzy correction of longer words.
SHORT_QUESTION_WORDS = {
    "hw": "how",
    "hwo": "how",
    "wat": "what",
    "wht": "what",
    "whta": "what",
    "wich": "which",
    "whcih": "which",
}


def correct_question_words(message: str) -> str:
    """Misspelt question words put right ("how mnay", "avrage"), the rest left as typed.

    A swap of two letters or a near miss of one of a few words that decide what is asked;
    names of files, columns and values are matched fuzzily where they are looked up.
    """
    from rapidfuzz import fuzz

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(lowered) < 4 or lowered in QUESTION_WORDS or lowered[:-1] in QUESTION_WORDS:
            return word  # "numbers", "totals": a plural is a word of its own, not a typo
        for target in QUESTION_WORDS:
            same_letters = len(target) == len(lowered) and sorted(target) == sorted(lowered)
            if (same_letters and target[0] == lowered[0]) or (
                len(lowered) >= 5 and fuzz.ratio(lowered, target) >= 85
            ):
                return target
        return word

    return re.sub(r"[A-Za-z]+", fix, message)


_FILE_NOUNS = r"(?:data ?set|data|file|csv|table|sheet|spr\w*sh\w*t|export)"


def question_for(message: str, ref: FileRef, journey: Journey) -> str:
    """The data question without the words that only named its file (all of it when too
    little would be left to ask)."""
    cleaned = without_file_words(without_described_file(message, ref, journey), ref, journey)
    cleaned = counted_rows(without_units(cleaned, ref), ref)
    question = cleaned if len(tokens(cleaned)) >= 2 else message
    question = versus_its_negation(question)
    return as_values(spelled_out(without_intensifiers(question), ref), ref, journey)


# "students vs non-students", "smokers or non smokers": both sides of one yes/no column, so a
# grouping by it (the negation alone would read as the column missing).
_VERSUS_NEGATION = re.compile(
    r"(?:\b(?:of|for|among|between|in|across)\s+)?(?:the\s+)?\b(?P<word>[a-z]+)\s+"
    r"(?:vs\.?|versus|and|or|compared (?:to|with)|against)\s+(?:the\s+)?non[-\s]?(?P=word)\b",
    re.I,
)


def versus_its_negation(question: str) -> str:
    """A comparison of a group with its negation ("X vs non-X") asked as "by X"."""
    return " ".join(_VERSUS_NEGATION.sub(lambda m: f" by {m['word']}", question).split())


# "the highest price ever", "the longest bill on record": emphasis, not a condition.
INTENSIFIERS = re.compile(
    r"\s*\b(?:ever(?: recorded| measured| seen)?|recorded|measured|observed|of all time|"
    r"on record|in history|in the (?:whole |entire )?"
    r"(?:data|dataset|file|table))\b(?=\s*(?:$|[?!.,;]))",
    re.I,
)


def without_intensifiers(question: str) -> str:
    """ "which stock had the highest price ever?" asks "which stock had the highest price?"."""
    return " ".join(INTENSIFIERS.sub("", question).split())


# "the energy dataset", "in the crop trial data", "the share price file": the file described
# in the user's own words (the file is chosen already).
_DESCRIBED = re.compile(
    r"(?:\b(?:in|from|of|for|on|using|within)\s+)?\b(?:the|my|our|this|that)\s+"
    r"(?P<words>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+"
    r"(?:data ?set|data|file|spreadsheet|table|csv|numbers|figures)\b",
    re.I,
)


# "below 32 degrees", "over 5 kg": the unit of a number the measure column holds already.
_UNITS = re.compile(
    r"(?<=\d)\s*(?:degrees?|deg|°[cf]?|kgs?|kilograms?|grams?|lbs?|pounds?|mm|cm|km|miles?|"
    r"dollars?|usd|euros?)\b",
    re.I,
)


def counted_rows(question: str, ref: FileRef) -> str:
    """ "how many price records are there for GOOG" counts rows: the column words before
    "records" say what a row holds, not a column whose values are to be counted or added."""
    columns = {w for c in ref.columns for w in tokens(c.replace("_", " "))}

    def rows(match: re.Match[str]) -> str:
        if not set(tokens(match["words"])) <= columns:
            return match.group(0)
        return f"{match['lead']} rows"

    return re.sub(
        r"(?P<lead>\b(?:how many|number of|count of))\s+(?P<words>[\w ]{1,40}?)\s+"
        r"(?:records|rows|entries|observations|readings|data points)\b",
        rows,
        question,
        flags=re.I,
    )


def without_units(question: str, ref: FileRef) -> str:
    """ "how many hours were below 32 degrees" -> "... below 32": a unit after a number is
    dropped unless a column of the file is named by it (then it names that column)."""
    own = {w for c in ref.columns for w in tokens(c.replace("_", " "))}

    def drop(match: re.Match[str]) -> str:
        unit = tokens(match.group(0))
        return match.group(0) if set(unit) & own else ""

    return " ".join(_UNITS.sub(drop, question).split())


_FIGURE_WORDS_TEXT = (
    "total average avg mean sum count number max maximum min minimum median highest lowest "
    "monthly yearly daily weekly annual overall"
)
_FIGURE_WORDS = frozenset(_FIGURE_WORDS_TEXT.split())


def without_described_file(question: str, ref: FileRef, journey: Journey) -> str:
    """The question without a phrase that describes its file rather than asking of it: "the
    energy dataset - what's the max net generation?" asks the maximum net generation, not of
    the rows whose source contains "energy". The phrase stays when every word of it is a
    column of the file or it names a whole value ("the Adelie data" is Adelie's rows)."""
    columns = {w for c in ref.columns for w in tokens(c.replace("_", " "))}
    values = journey.values.get(ref.id, {})

    def drop(match: re.Match[str]) -> str:
        words = tokens(match["words"])
        if not words or all(w in columns for w in words) or set(words) & _FIGURE_WORDS:
            return match.group(0)
        whole = [v for vs in values.values() for v in vs if tokens(v) == words]
        return match.group(0) if whole else " "

    text = _DESCRIBED.sub(drop, question)
    return " ".join(text.split()).strip(" :,-") or question


ABBREVIATIONS = {
    "len": "length",
    "cyl": "cylinders",
    "cyls": "cylinders",
    "hp": "horsepower",
    "wt": "weight",
    "yr": "year",
    "yrs": "years",
    "num": "number",
    "qty": "quantity",
    "amt": "amount",
    "pct": "percentage",
}


def spelled_out(question: str, ref: FileRef) -> str:
    """Chat abbreviations written out ("flipper len" -> "flipper length", "200hp" ->
    "200 horsepower"), unless the file's own columns use the short word."""
    own = {w for c in ref.columns for w in tokens(c.replace("_", " "))}

    def spell(match: re.Match[str]) -> str:
        number, word = match.group(1) or "", match.group(2)
        full = ABBREVIATIONS.get(word.lower())
        if full is None or word.lower() in own:
            return match.group(0)
        # "mpg" is the column Miles_per_Gallon itself: its name, not words the parser splits.
        words = tokens(full)
        if len(words) > 1:
            full = next((c for c in ref.columns if tokens(c.replace("_", " ")) == words), full)
        return f"{number} {full}".strip()

    return re.sub(r"\b(\d+(?:\.\d+)?)?([A-Za-z]+)\b", spell, question)


def as_values(question: str, ref: FileRef, journey: Journey) -> str:
    """A value named as a plural or adjective written as the value itself ("adelies" ->
    "Adelie", "rainy" stays for "rain" only when the parser has the value's own word)."""
    grouped = _grouped_columns(question, ref)
    values = [
        v
        for column, vs in journey.values.get(ref.id, {}).items()
        if column not in grouped  # "number of deaths per type": the noun counted, per type
        for v in vs
        if len(tokens(v)) == 1
    ]

    def as_value(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        for value in values:
            if lowered != value.lower() and followup.value_word(lowered, value.lower()):
                return value
        return word

    return by_distinctive_word(re.sub(r"[A-Za-z]+", as_value, question), ref, journey)


_GROUPING = re.compile(r"\b(?:by|per|for each|each|across)\s+(?P<group>[\w ]{1,40})", re.I)


def _grouped_columns(question: str, ref: FileRef) -> set[str]:
    """The columns a question groups by: a value of one of them is not a filter of it."""
    return {
        column
        for found in _GROUPING.finditer(question)
        for column in match_columns(found["group"], list(ref.columns))
    }


def by_distinctive_word(question: str, ref: FileRef, journey: Journey) -> str:
    """ "nuclear generation in 2010" -> "Nuclear Energy generation in 2010": a word that only
    one of the file's several-word values has stands for that value (words only, two or three
    of them; a word of a column, or of two values, or a value already named whole, is left)."""
    columns = {w for c in ref.columns for w in tokens(c.replace("_", " "))}
    owners: dict[str, set[str]] = {}
    for values in journey.values.get(ref.id, {}).values():
        for value in values:
            for word in tokens(value):
                owners.setdefault(word, set()).add(value)
    out = question
    for word, holders in owners.items():
        value = next(iter(holders))
        parts = tokens(value)
        lowered = " ".join(tokens(out))
        if (
            len(holders) != 1
            or word not in lowered.split()
            or len(word) < 4
            or word in columns
            or not 2 <= len(parts) <= 3
            or not re.fullmatch(r"[A-Za-z ]+", value)
            or re.search(rf"\b{re.escape(' '.join(parts))}\b", lowered)
        ):
            continue
        out = re.sub(rf"\b{re.escape(word)}\b", value, out, count=1, flags=re.I)
    return out


def _name_stem(word: str) -> str:
    """A name word as a pattern of its other endings ("applications" is also "applicants")."""
    return re.escape(word[:7] if len(word) >= 8 else word.rstrip("s"))


def without_file_words(message: str, ref: FileRef, journey: Journey) -> str:
    """The message without the words that only named its file.

    The file is chosen already; "how many days of rain in seattle weather" asks Insights
    "how many days of rain", and "how many cars are from japan" asks "how many rows are from
    japan". Words that are also the file's columns or values are kept outside of a phrase that
    names the file ("by weather" stays).
    """
    known = {w for c in ref.columns for w in tokens(c.replace("_", " "))}
    known |= {
        w for vs in journey.values.get(ref.id, {}).values() for v in vs for w in tokens(str(v))
    }
    name_words = [w for w in tokens(stem(ref.name)) if w not in GENERIC and len(w) > 1]
    text = re.sub(
        rf"(\b(in|from|of|for|on)\s+)?(the\s+)?{re.escape(ref.name)}", " ", message, flags=re.I
    )
    for short in (w for w in name_words if 2 <= len(w) <= 3 and w.isalpha()):
        # "in san francisco" named sf-temps.csv by its initials: those words named the file.
        letters = r"\s+".join(rf"{c}[a-z]{{2,}}" for c in short)
        text = re.sub(rf"(\b(in|from|of|for|at)\s+)?\b{letters}\b", " ", text, flags=re.I)
    if name_words:
        # A name word is the file's own column too in its plural ("card-defaults.csv" and
        # its column ``default``: "how many defaulted" counts defaults, not rows).
        lone = [w for w in name_words if w not in known and w.rstrip("s") not in known]
        if lone:
            # First, so "number of cars per origin" counts rows, not "number per origin".
            lone_word = "|".join(_name_stem(w) for w in lone)
            text = re.sub(
                rf"\b(how many|number of|count of|proportion of|share of|percentage of) "
                rf"(?:(?:{lone_word})\w*\s+)*(?:{lone_word})\w*",
                r"\1 rows",
                text,
                flags=re.I,
            )
        any_word = "|".join(_name_stem(w) for w in name_words)
        phrase = rf"(?:(?:{any_word})\w*[\s-]*)+"
        text = re.sub(
            rf"\b(in|from|of|for|on|about|using|within)\s+(the\s+|my\s+|this\s+|our\s+)?"
            rf"{phrase}{_FILE_NOUNS}?\b",
            " ",
            text,
            flags=re.I,
        )
        text = re.sub(
            rf"\b(the\s+|my\s+|this\s+|our\s+)?{phrase}{_FILE_NOUNS}\b", " ", text, flags=re.I
        )
        if lone:
            text = re.sub(
                rf"\b(the\s+)?(?:{lone_word})\w*\s+{_FILE_NOUNS}\b", " ", text, flags=re.I
            )
    text = re.sub(
        rf"\b(in|from|of|for|on)\s+(the\s+|this\s+|that\s+)?{_FILE_NOUNS}\b",
        " ",
        text,
        flags=re.I,
    )
    text = re.sub(r"\b(in|from|of|for|on)\s*([?.!]*)\s*$", r"\2", text.strip(), flags=re.I)
    text = without_preamble(text)
    # "actually no, what's the average price again?": talk around a question, not its words.
    spoken = re.sub(_DISCOURSE, "", text, flags=re.I)
    spoken = re.sub(r"\s+again(?=\W*$)", "", spoken, flags=re.I)
    if len(tokens(spoken)) >= 3:
        text = spoken
    text = re.sub(r"\bwhats\b", "what is", text, flags=re.I)
    return " ".join(text.replace(" :", " ").split()).strip(" :,-")


# "rows with no sex recorded", "penguins without a comment", "cars with a horsepower": a column
# that is empty or filled in, in the words the Insights parser reads ("where sex is missing").
_DROP_ROWS = r"(?:drop|remove|exclude|ignore|leave out|skip|take out|filter out)"
_NOUN = r"(?:rows?|records?|ones|entries|lines|\w+s)"
_FILLER = r"(?:\s+(?:recorded|given|set|filled(?: in)?|entered|listed|values?|info(?:rmation)?))?"
_TAIL_END = r"(?=\s*(?:$|[?!.,;]|\band\b|\bthen\b|\bplease\b))"
_DROPPED = re.compile(
    rf"\b(?:if you |and |but |after you )?{_DROP_ROWS}\s+(?:the\s+|all\s+|any\s+)?{_NOUN}\s+"
    rf"(?:with no|without(?: an?| any)?|that have no|that lack|missing(?: an?)?)\s+"
    rf"(?P<column>[a-z][\w ]{{0,40}}?){_FILLER}{_TAIL_END}",
    re.I,
)
_ABSENT = re.compile(
    rf"\b(?:(?:that |which )?(?:have|has) no|with no|without(?: an?| any)?|that lack|lacking|"
    rf"missing(?: an?)?)\s+(?P<column>[a-z][\w ]{{0,40}}?){_FILLER}{_TAIL_END}",
    re.I,
)
_PRESENT = re.compile(
    rf"\b(?:(?:that |which )?(?:have|has) an?|with an?)\s+(?P<column>[a-z][\w ]{{0,40}}?)"
    rf"{_FILLER}{_TAIL_END}",
    re.I,
)


def presence_question(message: str, columns: list[str], *, dropped_only: bool = False) -> str:
    """ "how many rows with no sex" -> "how many rows where sex is missing"; "with a comment" ->
    "where comment is not missing"; "... if you drop the rows with no sex" -> "... where sex
    is not missing". Only when the words after "no"/"a" name a column of the journey's files
    (a value such as "with a male" is left as typed) and end the clause."""
    from rapidfuzz import fuzz

    def names_column(words: str) -> bool:
        phrase = " ".join(tokens(words))
        if not phrase or len(phrase.split()) > 4:
            return False
        for column in columns:
            name = " ".join(tokens(column.replace("_", " ")))
            if fuzz.ratio(phrase, name) >= 80 or (
                phrase.split() == name.split()[: len(phrase.split())] and len(phrase) >= 3
            ):
                return True
        return False

    def rewrite(pattern: re.Pattern[str], state: str, text: str) -> str:
        found = pattern.search(text)
        if found is None or not names_column(found["column"]):
            return text
        before = text[: found.start()].rstrip(" ,")
        return f"{before} where {found['column'].strip()} is {state}{text[found.end() :]}"

    # "is not missing" is how the Insights parser reads "present".
    text = rewrite(_DROPPED, "not missing", message)
    if dropped_only:
        return " ".join(text.split())
    if text == message:
        text = rewrite(_ABSENT, "missing", message)
    if text == message:
        text = rewrite(_PRESENT, "not missing", message)
    return " ".join(text.split())

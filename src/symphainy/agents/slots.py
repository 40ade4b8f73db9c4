"""Slot extraction: the files, columns, dates and numbers a request names.

Names are fuzzy-matched (rapidfuzz) against the journey's real artefacts, so "the sales data"
finds ``Sales_2025.csv`` and "regoin" finds the column ``region``; nothing is made up: a slot
the message does not fill stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from symphainy.agents.artefacts import FileRef, stem

MONTHS = (
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
)
_GENERIC_TEXT = (
    "the a an my our this that file files data dataset datasets document documents doc docs "
    "csv xlsx xls pdf docx pptx json txt md sheet spreadsheet export report new final copy v1 "
    "v2 of and for"
)
GENERIC = frozenset(_GENERIC_TEXT.split())
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_ISO = re.compile(r"\b(20\d{2})-(\d{1,2})-(\d{1,2})\b")
_MONTHS_NUM = re.compile(r"\b(\d{1,2})\s*[- ]?\s*(?:months?|mo)\b")
_YEARS_NUM = re.compile(r"\b(\d{1,2})\s*[- ]?\s*years?\b")
_TOP_N = re.compile(r"\b(?:first|top|last|show)\s+(\d{1,3})\b")
_FORMATS = {"pdf": "pdf", "docx": "docx", "word": "docx", "markdown": "md", "md": "md"}
# "ready" and "processing" are left out: "is it done processing?" asks about every file.
_STATUS_WORDS = {
    "failed": "failed",
    "fail": "failed",
    "broken": "failed",
    "pending": "pending",
    "waiting": "pending",
}
_KIND_WORDS = {
    "documents": "document",
    "document": "document",
    "datasets": "dataset",
    "spreadsheets": "dataset",
    "tables": "dataset",
}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass
class Slots:
    files: list[FileRef] = field(default_factory=list)  # best match first
    columns: list[str] = field(default_factory=list)
    date: date | None = None
    months: int | None = None
    count: int | None = None
    format: str | None = None
    status: str | None = None
    kind: str | None = None
    names: list[tuple[str, str]] = field(default_factory=list)  # other artefacts (kind, id)


def _word_hits(words: list[str], message_tokens: list[str], cutoff: float) -> int:
    hits = 0
    for word in words:
        if any(
            t == word or (len(word) >= 4 and len(t) >= 3 and fuzz.ratio(t, word) >= cutoff)
            for t in message_tokens
        ):
            hits += 1
    return hits


def match_files(message: str, files: list[FileRef]) -> list[FileRef]:
    """Files the message names, best first; a name counts when its distinctive words appear.

    Equally good names come in the order the message names them: "map the salaries table to
    the occupations table" maps salaries (the source) onto occupations (the target).
    """
    msg_tokens = tokens(message)
    lowered = message.lower()
    scored: list[tuple[float, int, FileRef]] = []
    for ref in files:
        if ref.name.lower() in lowered or ref.id in message:
            found = lowered.find(ref.name.lower())
            scored.append((2.0, found if found >= 0 else len(msg_tokens), ref))
            continue
        words = [w for w in stem(ref.name).split() if w not in GENERIC and len(w) > 1]
        if not words:
            continue
        share = _word_hits(words, msg_tokens, 80) / len(words)
        if share >= 0.5:
            first = min((i for i, t in enumerate(msg_tokens) if t in words), default=len(lowered))
            scored.append(
                (share, lowered.find(msg_tokens[first]) if first < len(msg_tokens) else first, ref)
            )
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [ref for _score, _position, ref in scored]


def match_columns(message: str, columns: list[str]) -> list[str]:
    """Columns the message names, in the order they appear in it; typos tolerated."""
    lowered = " ".join(tokens(message))
    found: list[tuple[int, str]] = []
    for column in dict.fromkeys(columns):
        phrase = " ".join(tokens(column.replace("_", " ")))
        if not phrase:
            continue
        position = lowered.find(phrase)
        while position >= 0 and not _bounded(lowered, position, len(phrase)):
            # "average age": the first "age" is inside "average"; the column may come later.
            position = lowered.find(phrase, position + 1)
        if position >= 0:
            found.append((position, column))
            continue
        if len(phrase) < 4:
            continue
        if " " not in phrase:
            words = lowered.split()
            hit = next(
                (i for i, w in enumerate(words) if len(w) >= 4 and fuzz.ratio(w, phrase) >= 80),
                None,
            )
            if hit is not None:
                found.append((len(" ".join(words[:hit])), column))
            continue
        alignment = fuzz.partial_ratio_alignment(phrase, lowered)
        if alignment is not None and alignment.score >= 85:
            found.append((alignment.dest_start, column))
    found.sort()
    return [c for _pos, c in found]


def _bounded(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[start + length] if start + length < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and after != "s")


def parse_date(message: str, today: date) -> date | None:
    """ "starting in March" -> the next 1 March; ISO dates; "next month"; "Q3"; "June 2027"."""
    lowered = message.lower()
    if iso := _ISO.search(lowered):
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    if "next month" in lowered:
        return date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if quarter := re.search(r"\bq([1-4])\b", lowered):
        month = (int(quarter[1]) - 1) * 3 + 1
        year = today.year if (month, 1) > (today.month, today.day) else today.year + 1
        return date(year, month, 1)
    words = tokens(lowered)
    for i, word in enumerate(words):
        named = _month(word)
        if named is None or (word == "may" and not _may_is_month(words, i)):
            continue
        year_word = words[i + 1] if i + 1 < len(words) else ""
        if re.fullmatch(r"20\d{2}", year_word):
            return date(int(year_word), named, 1)
        year = today.year if named > today.month else today.year + 1
        return date(year, named, 1)
    return None


def _month(word: str) -> int | None:
    """A month from its name, abbreviation ("sept") or a misspelling ("Marhc")."""
    if len(word) < 3 or word.isdigit():
        return None
    for i, name in enumerate(MONTHS, 1):
        if name.startswith(word):
            return i
    if len(word) >= 5:
        for i, name in enumerate(MONTHS, 1):
            if fuzz.ratio(word, name) >= 80 and word[0] == name[0]:
                return i
    return None


def _may_is_month(words: list[str], i: int) -> bool:
    # "may" is a month only after "in/from/starting/by" or before a year.
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in ("in", "from", "starting", "by", "of", "start") or bool(
        re.fullmatch(r"20\d{2}", after)
    )


def extract(
    message: str, files: list[FileRef], today: date, named: list[tuple[str, str, str]] | None = None
) -> Slots:
    """All slots of ``message``. ``named`` lists other artefacts as (kind, id, title)."""
    lowered = message.lower()
    slots = Slots(files=match_files(message, files), date=parse_date(message, today))
    pool = [c for f in (slots.files or files) for c in f.columns]
    slots.columns = match_columns(message, pool)
    if m := _MONTHS_NUM.search(lowered):
        slots.months = int(m[1])
    elif y := _YEARS_NUM.search(lowered):
        slots.months = int(y[1]) * 12
    elif re.search(r"\b(a|one)\s+year\b", lowered):
        slots.months = 12
    if n := _TOP_N.search(lowered):
        slots.count = int(n[1])
    words = tokens(lowered)
    slots.format = next((_FORMATS[w] for w in words if w in _FORMATS), None)
    slots.status = next((_STATUS_WORDS[w] for w in words if w in _STATUS_WORDS), None)
    slots.kind = next((_KIND_WORDS[w] for w in words if w in _KIND_WORDS), None)
    for kind, artefact_id, title in named or []:
        title_words = [w for w in tokens(title) if w not in GENERIC and len(w) > 2]
        if title_words and _word_hits(title_words, words, 80) / len(title_words) >= 0.5:
            slots.names.append((kind, artefact_id))
    return slots

"""Which files and columns a chat message names: by name, title words, kind and content.

A file is named by its name or the distinctive words of it ("the penguins-raw data"), by what
it is ("the document", "the markdown file") or by what it holds (its columns, its frequent
values, the years its dates cover); when two fit equally, the caller asks which.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from symphainy.agents import followup
from symphainy.agents.artefacts import FileRef, stem
from symphainy.agents.followup import Reading
from symphainy.agents.slots import GENERIC, match_columns, tokens

if TYPE_CHECKING:
    from symphainy.agents.understand import Journey


def fits(ref: FileRef, kind: str | None) -> bool:
    return kind in (None, "any") or (ref.kind == kind and ref.status == "ready")


def named_files(message: str, files: list[FileRef]) -> tuple[list[FileRef], bool]:
    """Files the message names by name or title words, and whether the naming is ambiguous.

    Ambiguous: two files fit and nothing in the message tells them apart ("the penguins
    file" with penguins.csv and penguins-raw.csv).
    """
    lowered = message.lower()
    exact = [f for f in files if f.name.lower() in lowered or f.id in message]
    if exact:
        longest = max(len(f.name) for f in exact)
        return [f for f in exact if len(f.name) == longest][:1], False
    msg_words = tokens(message)
    column_words = {w for f in files for c in f.columns for w in tokens(c.replace("_", " "))}
    msg_words += _initials(msg_words, column_words)
    scored: list[tuple[float, frozenset[str], FileRef]] = []
    for ref in files:
        words = _name_words(ref)
        if not words:
            continue
        hits = frozenset(w for w in words if _word_in(w, msg_words))
        share = len(hits) / len(words)
        if share >= 0.5 or (hits and any(len(w) >= 5 for w in hits)):
            scored.append((share, hits, ref))
        elif acronym := _acronym_of(ref.name, msg_words):
            scored.append((1.0, acronym, ref))
    if not scored:
        by_kind = [f for f in files if _kind_named(message, f)]
        return by_kind, len(by_kind) > 1
    # "the returns procedure doc" with returns.csv and a returns guide: the kind tells them apart.
    scored = [s for s in scored if _kind_named(message, s[2])] or scored
    # A word only one file's name holds names that file more surely than a word several names
    # share: "the card balance in the customers table" with card-defaults.csv,
    # card-applications.csv and credit-customers.csv is the customers table.
    counts = Counter(w for _share, hits, _ref in scored for w in hits)
    scored.sort(key=lambda s: (-sum(counts[w] == 1 for w in s[1]), -len(s[1]), -s[0]))
    best_hits = scored[0][1]
    tied = [ref for _share, hits, ref in scored if hits == best_hits]
    if len(tied) > 1:
        return tied, True
    return [ref for _s, _h, ref in scored], False


def _name_words(ref: FileRef) -> list[str]:
    return [w for w in tokens(stem(ref.name)) if w not in GENERIC and len(w) > 1]


def _acronym_of(name: str, msg_words: list[str]) -> frozenset[str]:
    """The name's words when the message writes three or more of them in a row as their
    initials ("the OOO doc" for out-of-office-procedure.md, "the SLA sheet"); two letters
    are too often a word of their own ("us", "ok")."""
    words = tokens(stem(name))
    for size in range(len(words), 2, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if "".join(w[0] for w in run) in msg_words:
                return frozenset(run)
    return frozenset()


# "the document", "the markdown file", "the pdf": a file named by what it is. A policy, a
# procedure or a handbook is a document too ("what does the policy say about …", "the leave
# procedure doc"), a few words between the article and the noun allowed.
_DOCUMENT_NOUNS = (
    r"document|doc|text|policy|policies|procedure|handbook|manual|runbook|playbook|guidelines?|"
    r"checklist|write-?up"
)
KIND_NAMES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (
        re.compile(rf"\b(the|this|that|my|our)\s+(?:[\w-]+\s+){{0,3}}?({_DOCUMENT_NOUNS})\b", re.I),
        "document",
        (),
    ),
    (re.compile(r"\b(markdown|md file|\.md)\b", re.I), "", (".md", ".markdown")),
    (re.compile(r"\b(pdf|\.pdf)\b(?! (format|export))", re.I), "", (".pdf",)),
    (re.compile(r"\b(word (file|document)|docx)\b", re.I), "", (".docx",)),
    (re.compile(r"\b(the|this|that|my) (csv|spreadsheet|excel file|xlsx)\b", re.I), "dataset", ()),
)


def _kind_named(message: str, ref: FileRef) -> bool:
    return any(
        pattern.search(message)
        and ((kind and ref.kind == kind) or ref.name.lower().endswith(suffixes or ("\0",)))
        for pattern, kind, suffixes in KIND_NAMES
    )


_NOT_A_NAME_TEXT = (
    "the and for all any are but can did does for had has how its not our per that this top "
    "was were what when where which who why with you your far now then than"
)
_NOT_A_NAME = frozenset(_NOT_A_NAME_TEXT.split())


def _initials(words: list[str], column_words: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Initials of two or three words in a row that may be a place or name ("san francisco"
    is "sf", "new york city" is "nyc"), to find a file named by them ("sf-temps.csv"). Words
    that name the journey's columns are the data's, not a place ("utilities sector" is not
    "us")."""
    out = []
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if all(
                len(w) >= 3 and w.isalpha() and w not in _NOT_A_NAME and w not in column_words
                for w in run
            ):
                out.append("".join(w[0] for w in run))
    return out


def _word_in(word: str, msg_words: list[str]) -> bool:
    from rapidfuzz import fuzz

    for token in msg_words:
        if token == word or token.rstrip("s") == word.rstrip("s"):
            return True
        if len(word) >= 5 and len(token) >= 4 and fuzz.ratio(token, word) >= 85:
            return True
        if len(token) >= 8 and len(word) >= 8 and token[:7] == word[:7]:
            return True  # one stem, another ending: "applicants" names "applications"

    return False


_WEAK_COLUMN_WORDS = frozenset(
    [
        "name",
        "names",
        "date",
        "time",
        "year",
        "month",
        "day",
        "value",
        "values",
        "count",
        "total",
        "number",
        "type",
        "kind",
        "code",
        "id",
        "length",
        "sample",
        "comments",
    ]
)


def singular(word: str) -> str:
    """A plural written as its singular ("varieties" -> "variety", "sites" -> "site"), the
    way a column is usually named; "ss" endings ("class") are left."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def column_hits(message: str, columns: list[str]) -> set[str]:
    """Columns the message names: the whole name (typos tolerated) or a distinctive word of
    it ("weight" names ``Weight_in_lbs``)."""
    found = set(match_columns(message, columns))
    words = {singular(w) for w in tokens(message)}
    for column in columns:
        parts = [w for w in tokens(column.replace("_", " ")) if len(w) >= 4]
        if any(singular(w) in words and w not in _WEAK_COLUMN_WORDS for w in parts):
            found.add(column)
        initials = "".join(w[0] for w in tokens(column.replace("_", " ")) if not w.isdigit())
        if len(initials) >= 3 and initials in words:
            found.add(column)  # "mpg" names Miles_per_Gallon
    return found


def content_matches(message: str, journey: Journey) -> list[tuple[int, FileRef]]:
    """Datasets whose columns or values the message names, with how many it names."""
    scored = []
    for ref in journey.live:
        if ref.kind != "dataset" or ref.status != "ready":
            continue
        years = journey.years.get(ref.id, [])
        hits = len(column_hits(message, list(ref.columns)))
        hits += len(followup.value_hits(message, journey.values.get(ref.id, {})))
        hits += any(y in years for y in re.findall(r"\b(?:19|20)\d\d\b", message))
        if hits:
            scored.append((hits, ref))
    scored.sort(key=lambda s: -s[0])
    return scored


@dataclass
class FileChoice:
    file: FileRef | None = None
    candidates: list[FileRef] = field(default_factory=list)


def choose_file(
    message: str, journey: Journey, kind: str | None, previous: Reading | None
) -> FileChoice:
    """The one file meant, or the candidates to ask about (empty when nothing fits)."""
    live = [f for f in journey.live if fits(f, kind)]
    named, ambiguous = named_files(message, live)
    if named and not ambiguous:
        return FileChoice(named[0])
    if named:
        # Content may tell the named files apart, but not through the words that named them:
        # "delete the card data" names card-defaults.csv and card-applications.csv, and the
        # second one's column ``card`` is the same word, not a second clue.
        rest = _without_words(message, {w for ref in named for w in _name_words(ref)})
        by_content = [r for _n, r in content_matches(rest, journey) if r in named]
        best = _unique_best(rest, journey, by_content)
        if best is None and previous is not None:
            # "how many of the applicants were self employed" while the conversation is on
            # one of the two application files: that one.
            best = next((r for r in named if r.id == previous.file_id), None)
        return FileChoice(best) if best else FileChoice(candidates=named[:6])
    if kind in ("dataset", "any"):
        scored = content_matches(message, journey)
        if scored:
            best = _unique_best(message, journey, [r for _n, r in scored])
            if best:
                return FileChoice(best)
            most = scored[0][0]
            return FileChoice(candidates=[r for n, r in scored if n == most])
    if previous and previous.file_id:
        ref = next((f for f in live if f.id == previous.file_id), None)
        if ref is not None:
            return FileChoice(ref)
    if len(live) == 1:
        return FileChoice(live[0])
    return FileChoice(candidates=live)


def _without_words(message: str, words: set[str]) -> str:
    return " ".join(w for w in tokens(message) if w not in words and w.rstrip("s") not in words)


def _unique_best(message: str, journey: Journey, refs: list[FileRef]) -> FileRef | None:
    """The single dataset naming the most of the message's columns and values, if one does."""
    if not refs:
        return None
    scored = [(n, r) for n, r in content_matches(message, journey) if r in refs]
    if not scored:
        return refs[0] if len(refs) == 1 else None
    top = scored[0][0]
    best = [r for n, r in scored if n == top]
    return best[0] if len(best) == 1 else None

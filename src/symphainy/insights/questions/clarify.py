"""The question back: what was understood, what was not, and readings to choose from.

Each choice is a rewritten question that the parser reads completely, with its reading in
words, so one click answers it. For a word nobody recognised the closest columns are offered
(by spelling, then by meaning with the shipped sentence embeddings, above a threshold), and the
question without that word; for a tie the tied columns; for a value found in two columns, each
column named before the value.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from symphainy.insights.engine import Column
from symphainy.insights.questions.parser import parse
from symphainy.insights.questions.plan import Reading
from symphainy.insights.questions.schema import SchemaIndex
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import normal, words_of

MAX_CHOICES = 3
EMBEDDING_THRESHOLD = 0.45


def _replace(question: str, phrase: str, by: str) -> str:
    pattern = re.compile(r"(?<![\w])" + r"\W+".join(map(re.escape, phrase.split())) + r"(?![\w])")
    text = normal(question)
    return pattern.sub(by, text, count=1) if pattern.search(text) else f"{text} {by}"


def _close_columns(word: str, columns: list[Column]) -> list[Column]:
    names = {" ".join(words_of(c.name)): c for c in columns}
    found = process.extract(word, list(names), scorer=fuzz.WRatio, limit=3, score_cutoff=70)
    out = [names[n] for n, _s, _i in found]
    if len(out) < 2:
        out += [c for c in _by_meaning(word, columns) if c not in out]
    return out[:MAX_CHOICES]


def _by_meaning(word: str, columns: list[Column]) -> list[Column]:
    """Columns near ``word`` in meaning (all-MiniLM-L6-v2), above a threshold; [] without it."""
    try:
        from symphainy.content.embeddings import get_embedder

        embedder = get_embedder()
        texts = [word] + [" ".join(words_of(c.name)) for c in columns]
        vectors = embedder.encode(texts)
    except Exception:
        return []
    scores = vectors[1:] @ vectors[0]
    ranked = sorted(zip(scores.tolist(), columns, strict=True), key=lambda t: -t[0])
    return [c for s, c in ranked[:2] if s >= EMBEDDING_THRESHOLD]


def _choice(
    question: str, schema: SchemaIndex, index: ValueIndex, entity: frozenset[str]
) -> dict[str, str] | None:
    reading = parse(question, schema, index, entity)
    if reading.complete and reading.plan is not None:
        return {"question": question, "interpretation": reading.plan.words()}
    return None


def clarification(
    question: str,
    reading: Reading,
    schema: SchemaIndex,
    index: ValueIndex,
    entity: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    choices: list[dict[str, str]] = []
    not_understood = list(dict.fromkeys(reading.not_understood))
    rewrites: list[str] = []
    for amb in reading.ambiguous:
        not_understood.append(amb.phrase)
        for column in amb.options[:MAX_CHOICES]:
            if amb.kind == "column":
                rewrites.append(_replace(question, amb.phrase, column.name))
            else:
                rewrites.append(_replace(question, amb.phrase, f"{column.name} {amb.phrase}"))
    measures = [c for c in schema.columns if c.is_measure][:MAX_CHOICES]
    for word in not_understood[:2]:
        close = _close_columns(word, schema.columns)
        if reading.problem:  # "total takings": the unknown word is probably the number asked
            close += [c for c in measures if c not in close]
        for column in close:
            rewrites.append(_replace(question, word, column.name))
        rewrites.append(_replace(question, word, " ").strip())
    if reading.problem:
        if not not_understood:  # nothing unknown, but the question lacks a part
            not_understood.append(reading.problem)
        for column in measures:
            rewrites.append(f"{normal(question).rstrip('?')} {column.name}")
    for text in dict.fromkeys(rewrites):
        choice = _choice(re.sub(r"\s+", " ", text).strip(), schema, index, entity)
        if choice is not None:
            choices.append(choice)
        if len(choices) >= MAX_CHOICES:
            break
    understood = reading.plan.words() if reading.plan is not None else ""
    missing = ", ".join(f"'{w}'" for w in not_understood) or "the question"
    back = f"I did not understand {missing}."
    if reading.problem and not_understood == [reading.problem]:
        back = f"I could not tell {reading.problem}."  # every word read, the reading unsure
    if choices:
        back += " Did you mean: " + " / ".join(c["question"].rstrip("?") for c in choices) + "?"
    return {
        "understood": understood,
        "not_understood": not_understood,
        "choices": choices,
        "question_back": back,
    }

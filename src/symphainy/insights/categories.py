"""Inconsistent spellings of the same category: case, stray whitespace, near-duplicates.

Values are grouped by a normal form (lower case, punctuation and spaces removed), then groups
whose normal forms are close (rapidfuzz ratio >= 90, both at least four characters) are merged.
The most frequent spelling of a group is taken as the intended one; every other spelling is
counted under the kind of difference it has.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import duckdb
from rapidfuzz import fuzz

from symphainy.insights.engine import Column, jsonable

MAX_DISTINCT = 200
SIMILAR = 90.0
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)

Examples = Callable[..., list[dict[str, Any]]]


def normal_form(value: str) -> str:
    return _PUNCT.sub("", value.lower())


def kind_of_variant(variant: str, canonical: str) -> str:
    if variant != variant.strip() or "  " in variant:
        return "category_whitespace"
    if variant.lower() == canonical.lower():
        return "category_case"
    return "category_variants"


def groups(counts: dict[str, int]) -> list[list[str]]:
    """Spellings that name the same thing, each group ordered by frequency (intended first)."""
    by_form: dict[str, list[str]] = {}
    for value in sorted(counts, key=lambda v: (-counts[v], v)):
        form = normal_form(value)
        if form:
            by_form.setdefault(form, []).append(value)
    forms = sorted(by_form, key=lambda f: -sum(counts[v] for v in by_form[f]))
    merged: list[list[str]] = []
    used: set[str] = set()
    for form in forms:
        if form in used:
            continue
        group = list(by_form[form])
        used.add(form)
        for other in forms:
            if other in used or min(len(form), len(other)) < 4:
                continue
            if fuzz.ratio(form, other) >= SIMILAR:
                group += by_form[other]
                used.add(other)
        if len(group) > 1:
            merged.append(sorted(group, key=lambda v: (-counts[v], v)))
    return merged


def inconsistent(
    con: duckdb.DuckDBPyConnection, column: Column, s: dict[str, Any], examples: Examples
) -> list[dict[str, Any]]:
    from symphainy.insights.quality import finding

    distinct, count = int(s["distinct"]), int(s["count"])
    if distinct > MAX_DISTINCT or distinct < 2 or distinct > 0.5 * count:
        return []
    counts = {
        str(v): int(n)
        for v, n in con.execute(
            f"SELECT {column.sql}, count(*) FROM data WHERE {column.sql} IS NOT NULL GROUP BY 1"
        ).fetchall()
    }
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for group in groups(counts):
        canonical = group[0]
        for variant in group[1:]:
            by_kind.setdefault(kind_of_variant(variant, canonical), []).append((variant, canonical))
    text = {
        "category_case": "differ only in upper/lower case",
        "category_whitespace": "have extra spaces",
        "category_variants": "are near-duplicate spellings",
    }
    out = []
    for kind, pairs in by_kind.items():
        affected = sum(counts[v] for v, _ in pairs)
        variants = sorted({v for v, _ in pairs})
        listed = "; ".join(f"{v!r} → {c!r}" for v, c in pairs[:6])
        out.append(
            finding(
                kind,
                column.name,
                "warning",
                affected,
                f"Replace each variant with its usual spelling: {listed}.",
                f"{affected:,} “{column.name}” values {text[kind]} of a more common value "
                f"({len(pairs)} variants).",
                examples(
                    con,
                    f"{column.sql} IN ({', '.join('?' for _ in variants)})",
                    [column.name],
                    variants,
                ),
                variants=[
                    {"value": jsonable(v), "intended": c, "count": counts[v]} for v, c in pairs
                ],
            )
        )
    return out

"""Field mapping from a source dataset to a target dataset.

Each (source, target) pair gets four signals: name similarity (rapidfuzz), meaning of the names
(sentence embeddings, skipped when the model is unavailable), value-pattern agreement (shares of
emails, phones, URLs, ID-like values) and type compatibility. The confidence is their weighted
mean over the signals available. Pairs are chosen greedily, best first, one target per source;
the user's overrides win. The preview shows the source's first rows under the target names, and
every mapped column is checked against the target's type over all rows.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from typing import Any

import duckdb
from rapidfuzz import fuzz

from symphainy.core.errors import Invalid
from symphainy.insights.engine import Column, jsonable, kind_of

WEIGHTS = {"name": 0.45, "meaning": 0.25, "pattern": 0.15, "type": 0.15}
THRESHOLD = 0.45
PREVIEW_ROWS = 10
FAMILY = {
    "numeric": "number",
    "temporal": "date",
    "boolean": "boolean",
    "text": "text",
    "other": "other",
}
CAST = {"number": "DOUBLE", "date": "TIMESTAMP", "boolean": "BOOLEAN", "text": "VARCHAR"}


SCHEMA_TYPES = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "boolean": "BOOLEAN",
}


def schema_columns(fields: list[dict[str, str]]) -> list[Column]:
    """A target schema the user typed (name and type per field), as columns to map onto."""
    out = []
    for field in fields:
        physical = SCHEMA_TYPES[field.get("type", "text")]
        out.append(Column(field["name"], physical, kind_of(physical), field.get("type", "text")))
    return out


def _words(name: str) -> str:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return " ".join(re.findall(r"[a-z0-9]+", spaced.lower()))


def type_score(source: Column, target: Column) -> float:
    a, b = FAMILY[source.kind], FAMILY[target.kind]
    if a == b:
        return 1.0
    if b == "text":
        return 0.7  # anything can be written as text
    if a == "text":
        return 0.4  # text may hold numbers or dates; the validation will tell
    return 0.1


def pattern_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    pa, pb = a.get("patterns"), b.get("patterns")
    if not pa or not pb:
        return None
    diffs = [abs(pa[k] - pb[k]) for k in pa if k in pb]
    return 1.0 - max(diffs) if diffs else None


def _meaning(sources: list[Column], targets: list[Column]) -> list[list[float]] | None:
    from symphainy.content.embeddings import EmbeddingsUnavailable, get_embedder

    try:
        embedder = get_embedder()
        a = embedder.encode([_words(c.name) for c in sources])
        b = embedder.encode([_words(c.name) for c in targets])
    except EmbeddingsUnavailable:
        return None
    return [[max(0.0, float(x)) for x in row] for row in (a @ b.T).tolist()]


def suggest(
    sources: list[Column],
    targets: list[Column],
    source_stats: dict[str, Any],
    target_stats: dict[str, Any],
    use_embeddings: bool = True,
) -> list[dict[str, Any]]:
    """Every scored pair, best first."""
    meaning = _meaning(sources, targets) if use_embeddings else None
    pairs = []
    for i, s in enumerate(sources):
        for j, t in enumerate(targets):
            signals: dict[str, float] = {
                "name": fuzz.token_sort_ratio(_words(s.name), _words(t.name)) / 100.0,
                "type": type_score(s, t),
            }
            if meaning is not None:
                signals["meaning"] = meaning[i][j]
            pattern = pattern_score(source_stats.get(s.name, {}), target_stats.get(t.name, {}))
            if pattern is not None:
                signals["pattern"] = pattern
            weight = sum(WEIGHTS[k] for k in signals)
            confidence = sum(WEIGHTS[k] * v for k, v in signals.items()) / weight
            pairs.append(
                {
                    "source": s.name,
                    "target": t.name,
                    "confidence": round(confidence, 4),
                    "signals": {k: round(v, 4) for k, v in signals.items()},
                }
            )
    return sorted(pairs, key=lambda p: -p["confidence"])


def choose(
    pairs: list[dict[str, Any]],
    sources: list[Column],
    targets: list[Column],
    overrides: dict[str, str | None],
) -> list[dict[str, Any]]:
    names_s, names_t = {c.name for c in sources}, {c.name for c in targets}
    for src, dst in overrides.items():
        if src not in names_s:
            raise Invalid(f"the source has no field “{src}”", field="overrides")
        if dst is not None and dst not in names_t:
            raise Invalid(f"the target has no field “{dst}”", field="overrides")
    chosen: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for src, dst in overrides.items():
        if dst is not None:
            score = next(p for p in pairs if p["source"] == src and p["target"] == dst)
            chosen[src] = {**score, "origin": "user"}
            taken.add(dst)
    for pair in pairs:
        if pair["source"] in chosen or pair["source"] in overrides or pair["target"] in taken:
            continue
        if pair["confidence"] >= THRESHOLD:
            chosen[pair["source"]] = {**pair, "origin": "suggested"}
            taken.add(pair["target"])
    return [chosen[s.name] for s in sources if s.name in chosen]


def validate(
    con: duckdb.DuckDBPyConnection,
    mapped: list[dict[str, Any]],
    sources: dict[str, Column],
    targets: dict[str, Column],
) -> list[dict[str, Any]]:
    """Per mapped pair: how many filled source values do not fit the target's type."""
    if not mapped:
        return []
    exprs = []
    for m in mapped:
        src, cast = sources[m["source"]].sql, CAST.get(FAMILY[targets[m["target"]].kind], "VARCHAR")
        exprs.append(
            f"count({src}), count_if({src} IS NOT NULL AND "
            f"try_cast(trim({src}::VARCHAR) AS {cast}) IS NULL)"
        )
    row = con.execute(f"SELECT count(*), {', '.join(exprs)} FROM data").fetchone()
    assert row is not None
    out = []
    for k, m in enumerate(mapped):
        filled, failed = int(row[1 + 2 * k]), int(row[2 + 2 * k])
        out.append(
            {
                "source": m["source"],
                "target": m["target"],
                "target_type": FAMILY[targets[m["target"]].kind],
                "checked": filled,
                "failures": failed,
                "rows": int(row[0]),
            }
        )
    return out


def preview(
    con: duckdb.DuckDBPyConnection, mapped: list[dict[str, Any]], sources: dict[str, Column]
) -> dict[str, Any]:
    if not mapped:
        return {"columns": [], "rows": []}
    cols = ", ".join(f"{sources[m['source']].sql}" for m in mapped)
    rows = con.execute(f"SELECT {cols} FROM data LIMIT {PREVIEW_ROWS}").fetchall()
    return {"columns": [m["target"] for m in mapped], "rows": jsonable([list(r) for r in rows])}

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

import csv
import io
import json
import re
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from rapidfuzz import fuzz

from symphainy.core.errors import Invalid
from symphainy.insights.engine import Column, jsonable, kind_of

WEIGHTS = {"name": 0.45, "meaning": 0.25, "pattern": 0.15, "type": 0.15, "only": 0.3}
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


# Units written in field names: (dimension, unit, how many base units one of it is).
_UNITS: list[tuple[re.Pattern[str], str, str, float]] = [
    (re.compile(p, re.IGNORECASE), dim, unit, factor)
    for p, dim, unit, factor in [
        (r"(?:\(|_|\b)(?:kg|kilo(?:gram)?s?)(?:\)|_|\b)", "mass", "kilograms", 1000.0),
        (r"(?:\(|_|\b)(?:g|grams?|gr)(?:\)|_|\b)", "mass", "grams", 1.0),
        (r"(?:\(|_|\b)(?:mg|milligrams?)(?:\)|_|\b)", "mass", "milligrams", 0.001),
        (r"(?:\(|_|\b)(?:lbs?|pounds?)(?:\)|_|\b)", "mass", "pounds", 453.59237),
        (r"(?:\(|_|\b)(?:km|kilomet(?:er|re)s?)(?:\)|_|\b)", "length", "kilometres", 1000.0),
        (r"(?:\(|_|\b)(?:m|met(?:er|re)s?)(?:\)|_|\b)", "length", "metres", 1.0),
        (r"(?:\(|_|\b)(?:cm|centimet(?:er|re)s?)(?:\)|_|\b)", "length", "centimetres", 0.01),
        (r"(?:\(|_|\b)(?:mm|millimet(?:er|re)s?)(?:\)|_|\b)", "length", "millimetres", 0.001),
        (r"(?:\(|_|\b)(?:in|inch(?:es)?)(?:\)|_|\b)", "length", "inches", 0.0254),
        (r"(?:\(|_|\b)(?:l|lit(?:er|re)s?)(?:\)|_|\b)", "volume", "litres", 1.0),
        (r"(?:\(|_|\b)(?:ml|millilit(?:er|re)s?)(?:\)|_|\b)", "volume", "millilitres", 0.001),
        (r"(?:\(|_|\b)(?:h|hrs?|hours?)(?:\)|_|\b)", "time", "hours", 3600.0),
        (r"(?:\(|_|\b)(?:min|mins|minutes?)(?:\)|_|\b)", "time", "minutes", 60.0),
        (r"(?:\(|_|\b)(?:s|secs?|seconds?)(?:\)|_|\b)", "time", "seconds", 1.0),
        (r"(?:\(|_|\b)(?:ms|milliseconds?)(?:\)|_|\b)", "time", "milliseconds", 0.001),
        (r"(?:\(|_|\b)(?:°?c|celsius)(?:\)|_|\b)", "temperature", "degrees Celsius", 0.0),
        (r"(?:\(|_|\b)(?:°?f|fahrenheit)(?:\)|_|\b)", "temperature", "degrees Fahrenheit", 0.0),
    ]
]


def unit_of(name: str) -> tuple[str, str, float] | None:
    """The unit a field name states, e.g. "Body Mass (g)" -> grams, "body_mass_kg" -> kilograms.

    Only the last word-like token that is a unit counts, so "min" in "min_price" is not read
    as minutes: the unit must close the name or sit in brackets.
    """
    tail = re.search(r"(\([^)]*\)|[_\s][A-Za-z°]+)\s*$", name)
    if tail is None:
        return None
    for pattern, dimension, unit, factor in _UNITS:
        if pattern.search(tail.group(1)):
            return dimension, unit, factor
    return None


def unit_warning(source: str, target: str) -> str | None:
    """A warning when both names state units of one dimension that differ."""
    a, b = unit_of(source), unit_of(target)
    if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
        return None
    advice = ""
    if a[2] and b[2]:
        ratio = a[2] / b[2]
        advice = f"; multiply by {ratio:,.6g}" if ratio >= 1 else f"; divide by {1 / ratio:,.6g}"
    return f"“{source}” is in {a[1]} and “{target}” in {b[1]}: convert the values{advice}"


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

    # A date (number, boolean) column that is the only one of its kind on both sides is very
    # likely the same field even when the names share nothing ("Date Egg" -> "collected_on").
    def _alone(columns: list[Column]) -> set[str]:
        families = [FAMILY[c.kind] for c in columns]
        return {
            c.name
            for c, f in zip(columns, families, strict=True)
            if f not in ("text", "other") and families.count(f) == 1
        }

    alone_s, alone_t = _alone(sources), _alone(targets)
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
            if s.name in alone_s and t.name in alone_t and FAMILY[s.kind] == FAMILY[t.kind]:
                signals["only"] = 1.0
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
    out = []
    for column in sources:
        if column.name in chosen:
            pair = chosen[column.name]
            warning = unit_warning(pair["source"], pair["target"])
            out.append({**pair, "warning": warning} if warning else pair)
    return out


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


def mapped_table(
    con: duckdb.DuckDBPyConnection,
    mapped: list[dict[str, Any]],
    sources: dict[str, Column],
    targets: dict[str, Column],
) -> pa.Table:
    """Every row of the source under the target's names, cast to the target's types (a value
    that does not fit becomes empty, as the validation counted)."""
    if not mapped:
        raise Invalid("no field is mapped; map at least one before exporting", field="map")
    exprs = []
    for m in mapped:
        cast = CAST.get(FAMILY[targets[m["target"]].kind], "VARCHAR")
        source = sources[m["source"]].sql
        value = source if cast == "VARCHAR" else f"try_cast(trim({source}::VARCHAR) AS {cast})"
        exprs.append(f'{value} AS "{m["target"].replace(chr(34), chr(34) * 2)}"')
    return con.execute(f"SELECT {', '.join(exprs)} FROM data").to_arrow_table()


def table_bytes(table: pa.Table, fmt: str) -> bytes:
    """The mapped dataset as CSV or Parquet."""
    out = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(table, out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(table.column_names)
    for row in zip(*(table.column(i).to_pylist() for i in range(table.num_columns)), strict=True):
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode("utf-8")


def mapping_bytes(result: dict[str, Any], fmt: str) -> bytes:
    """The mapping itself (which source field feeds which target field, how sure, warnings)
    as CSV or JSON, so it can be reviewed, versioned and applied again."""
    checks = {c["source"]: c for c in result.get("validation", [])}
    rows = [
        {
            "source_field": m["source"],
            "target_field": m["target"],
            "confidence": m["confidence"],
            "origin": m.get("origin", "suggested"),
            "values_not_fitting": checks.get(m["source"], {}).get("failures"),
            "values_checked": checks.get(m["source"], {}).get("checked"),
            "warning": m.get("warning") or "",
        }
        for m in result["mappings"]
    ]
    if fmt == "json":
        body = {
            "source": result["source"],
            "target": result["target"],
            "method": result.get("method", "deterministic"),
            "mappings": rows,
            "unmapped_source": result.get("unmapped_source", []),
            "unmapped_target": result.get("unmapped_target", []),
        }
        return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]) if rows else ["source_field"])
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")

"""Plain-language summaries: every sentence lists the ids of the computed facts it rests on.

Datasets: built from the profile and the quality assessment. Documents: key points picked from
the sections (the opening sentence of each section, and sentences carrying numbers, dates or
decisions), each with its location. Deterministic; a configured LLM may reword the prose,
never the facts (see ``llm_reword``).
"""

from __future__ import annotations

import re
from typing import Any

MAX_POINTS = 12
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_SIGNAL = re.compile(
    r"\d|\b(must|should|decided|agreed|will|require[sd]?|approve[sd]?|"
    r"increase[sd]?|decrease[sd]?|risk|goal|target)\b",
    re.I,
)


def _num(value: Any) -> str:
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}" if abs(value) >= 1e6 else f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def dataset_summary(prof: dict[str, Any], quality: dict[str, Any]) -> dict[str, Any]:
    facts: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []

    def fact(fid: str, label: str, value: Any, source: str) -> str:
        facts.append({"id": fid, "label": label, "value": value, "source": source})
        return fid

    def say(text: str, *ids: str) -> None:
        sentences.append({"text": text, "facts": list(ids)})

    rows, cols = prof["rows"], prof["column_count"]
    say(
        f"The dataset has {_num(rows)} rows and {cols} columns.",
        fact("rows", "rows", rows, "profile.rows"),
        fact("columns", "columns", cols, "profile.column_count"),
    )
    if prof["duplicate_rows"]:
        say(
            f"{_num(prof['duplicate_rows'])} rows are exact duplicates of another row.",
            fact(
                "duplicate_rows", "duplicate rows", prof["duplicate_rows"], "profile.duplicate_rows"
            ),
        )
    by_kind: dict[str, list[str]] = {}
    for c in prof["columns"]:
        by_kind.setdefault(c["kind"], []).append(c["name"])
    kinds = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
    say(
        f"Its columns are {kinds}.",
        *[
            fact(f"kind.{k}", f"{k} columns", v, "profile.columns[].kind")
            for k, v in sorted(by_kind.items())
        ],
    )
    for c in prof["columns"]:
        if c["kind"] == "numeric" and c.get("mean") is not None and c["type"] != "identifier":
            say(
                f"“{c['name']}” ranges from {_num(c['min'])} to {_num(c['max'])}, with a "
                f"median of {_num(c['median'])} and a mean of {_num(c['mean'])}.",
                fact(
                    f"{c['name']}.min",
                    f"minimum of {c['name']}",
                    c["min"],
                    f"profile.columns[{c['name']}].min",
                ),
                fact(
                    f"{c['name']}.max",
                    f"maximum of {c['name']}",
                    c["max"],
                    f"profile.columns[{c['name']}].max",
                ),
                fact(
                    f"{c['name']}.median",
                    f"median of {c['name']}",
                    c["median"],
                    f"profile.columns[{c['name']}].median",
                ),
                fact(
                    f"{c['name']}.mean",
                    f"mean of {c['name']}",
                    c["mean"],
                    f"profile.columns[{c['name']}].mean",
                ),
            )
        elif c["kind"] == "temporal" and c.get("min"):
            say(
                f"“{c['name']}” runs from {c['min']} to {c['max']}.",
                fact(
                    f"{c['name']}.min",
                    f"earliest {c['name']}",
                    c["min"],
                    f"profile.columns[{c['name']}].min",
                ),
                fact(
                    f"{c['name']}.max",
                    f"latest {c['name']}",
                    c["max"],
                    f"profile.columns[{c['name']}].max",
                ),
            )
        elif c["kind"] == "text" and c.get("top_values") and c["distinct"] <= 50:
            top = c["top_values"][0]
            share = top["count"] / c["count"] if c["count"] else 0
            say(
                f"The most common “{c['name']}” is {top['value']!r} ({share:.0%} of filled "
                f"values, {c['distinct']} distinct).",
                fact(
                    f"{c['name']}.top",
                    f"most common {c['name']}",
                    top,
                    f"profile.columns[{c['name']}].top_values[0]",
                ),
                fact(
                    f"{c['name']}.distinct",
                    f"distinct {c['name']}",
                    c["distinct"],
                    f"profile.columns[{c['name']}].distinct",
                ),
            )
    strong = [p for p in prof["correlations"]["pearson"] if abs(p["r"]) >= 0.5][:2]
    for p in strong:
        direction = "rises" if p["r"] > 0 else "falls"
        say(
            f"“{p['b']}” {direction} with “{p['a']}” (Pearson r = {p['r']:.2f}).",
            fact(
                f"pearson.{p['a']}.{p['b']}",
                f"Pearson r of {p['a']} and {p['b']}",
                p["r"],
                "profile.correlations.pearson",
            ),
        )
    score_id = fact("quality.score", "quality score", quality["score"], "quality.score")
    counts = quality["counts"]
    say(
        f"Data quality scores {quality['score']:g} out of 100, with {counts['critical']} "
        f"critical, {counts['warning']} warning and {counts['info']} informational findings.",
        score_id,
        fact("quality.counts", "findings by severity", counts, "quality.counts"),
    )
    for f in [f for f in quality["findings"] if f["severity"] == "critical"][:3]:
        say(f["message"], fact(f["id"], f["check"], f["count"], f"quality.findings[{f['id']}]"))
    return {
        "kind": "dataset",
        "sentences": sentences,
        "facts": facts,
        "text": " ".join(s["text"] for s in sentences),
        "method": "deterministic",
    }


def split_sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE.split(flat) if len(s.strip()) > 3]


def location(section: dict[str, Any]) -> dict[str, Any]:
    return {
        "section": section.get("title"),
        "heading_path": section.get("heading_path") or [],
        "page": section.get("page"),
    }


def document_summary(title: str, sections: list[dict[str, Any]]) -> dict[str, Any]:
    points: list[dict[str, Any]] = []
    words = 0
    for index, section in enumerate(sections):
        sentences = split_sentences(section.get("text") or "")
        words += sum(len(s.split()) for s in sentences)
        picked = sentences[:1] + [s for s in sentences[1:] if _SIGNAL.search(s)][:1]
        for sentence in picked:
            points.append(
                {
                    "text": sentence,
                    "section_index": index,
                    "location": location(section),
                    "reason": "opens its section"
                    if sentence == sentences[0]
                    else "states a number, date or decision",
                }
            )
    if len(points) > MAX_POINTS:  # keep the opening of the document and the most factual rest
        rest = sorted(points[1:], key=lambda p: -len(_SIGNAL.findall(p["text"])))
        keep = {id(p) for p in [points[0], *rest[: MAX_POINTS - 1]]}
        points = [p for p in points if id(p) in keep]
    headings = [s.get("title") for s in sections if s.get("title")]
    overview = (
        f"“{title}” has {len(sections)} sections and about {words:,} words"
        + (f"; its sections are {', '.join(map(str, headings[:8]))}" if headings else "")
        + "."
    )
    return {
        "kind": "document",
        "overview": overview,
        "key_points": points,
        "facts": [{"id": "sections", "value": len(sections)}, {"id": "words", "value": words}],
        "method": "deterministic",
    }

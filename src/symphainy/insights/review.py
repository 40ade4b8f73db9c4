"""After-action review of a document: lessons, risks, recommendations and a dated timeline.

Deterministic extraction. A sentence is a lesson, risk or recommendation when it carries a cue
phrase for it, or sits under a section heading that names it ("Lessons learned", "Risks",
"Recommendations"); modal verbs ("should", "must", "could", "might") decide between
recommendation and risk when no stronger cue is present. Dated events come from dates written
in the text. Every item cites the section (title, heading path, page) it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from symphainy.insights.summary import document_summary, location, split_sentences

CUES: dict[str, list[str]] = {
    "lesson": [
        r"lessons? learn(ed|t)",
        r"\bwe learn(ed|t)\b",
        r"\bshould have\b",
        r"\bin hindsight\b",
        r"\bwent well\b",
        r"\bwent wrong\b",
        r"\bwould have\b",
        r"\bnext time\b",
        r"\btook longer than\b",
        r"\bworked well\b",
    ],
    "risk": [
        r"\brisks?\b",
        r"\bcould (fail|delay|cause|lead|result|miss)",
        r"\bmight\b",
        r"\bmay (fail|delay|cause|lead|not)\b",
        r"\bthreat",
        r"\bvulnerab",
        r"\bconcern",
        r"\bexposure\b",
        r"\bdepend(s|ent|ency|encies) on\b",
        r"\bbottleneck",
    ],
    "recommendation": [
        r"\brecommend",
        r"\bwe suggest\b",
        r"\bpropose\b",
        r"\bmust\b",
        r"\bshould\b(?! have)",
        r"\bneeds? to\b",
        r"\baction item",
        r"\bit is advised\b",
        r"\bconsider\b",
    ],
}
HEADINGS = {
    "lesson": r"lesson|learn|retrospective|what went|hindsight",
    "risk": r"\brisks?\b|issues|concerns|threats",
    "recommendation": r"recommend|next steps?|action items?|proposals?|way forward",
}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|"
    rf"{MONTH} \d{{4}})\b",
    re.I,
)


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """A date and its precision ("day" or "month") from a phrase DATE matched; None if unreal.

    Numeric dates are read day first (31/01/2026, 31.01.2026) unless the second number cannot
    be a month (01/31/2026); ISO dates are read as ISO.
    """
    from dateutil import parser

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return dt.date.fromisoformat(cleaned), "day"
        numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", cleaned)
        if numeric:
            first, second, year = (int(g) for g in numeric.groups())
            day, month = (second, first) if second > 12 and "/" in cleaned else (first, second)
            return dt.date(year, month, day), "day"
        precision = "month" if re.fullmatch(rf"{MONTH},? \d{{4}}", cleaned, re.I) else "day"
        value = parser.parse(cleaned, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return value.date(), precision


def classify(sentence: str, heading: str) -> tuple[str, str, str] | None:
    """(kind, cue, what the cue is: "phrase" or "heading"), or None for other sentences."""
    lowered = sentence.lower()
    for kind in ("lesson", "risk", "recommendation"):
        for cue in CUES[kind]:
            m = re.search(cue, lowered)
            if m:
                return kind, m.group(0), "phrase"
    for kind, rx in HEADINGS.items():
        if re.search(rx, heading.lower()):
            return kind, heading, "heading"
    return None


def review(title: str, sections: list[dict[str, Any]]) -> dict[str, Any]:
    items: dict[str, list[dict[str, Any]]] = {"lesson": [], "risk": [], "recommendation": []}
    timeline: list[dict[str, Any]] = []
    for index, section in enumerate(sections):
        # The section's own heading decides, not its parents' ("After-action report" is the
        # title of every section of such a report).
        heading = str(section.get("title") or (section.get("heading_path") or [""])[-1])
        for sentence in split_sentences(section.get("text") or ""):
            cite = {**location(section), "section_index": index, "passage": sentence}
            found = classify(sentence, heading)
            if found:
                kind, cue, cue_kind = found
                items[kind].append(
                    {"text": sentence, "cue": cue, "cue_kind": cue_kind, "citation": cite}
                )
            for m in DATE.finditer(sentence):
                parsed = parse_date(m.group(0))
                if parsed:
                    when, precision = parsed
                    timeline.append(
                        {
                            "date": when.isoformat(),
                            "precision": precision,
                            "as_written": m.group(0),
                            "event": sentence,
                            "citation": cite,
                        }
                    )
    timeline.sort(key=lambda e: (e["date"], e["citation"]["section_index"]))
    return {
        "title": title,
        "lessons": items["lesson"],
        "risks": items["risk"],
        "recommendations": items["recommendation"],
        "timeline": timeline,
        "summary": document_summary(title, sections),
        "counts": {
            "lessons": len(items["lesson"]),
            "risks": len(items["risk"]),
            "recommendations": len(items["recommendation"]),
            "events": len(timeline),
        },
        "method": "deterministic",
        "how": "cue phrases, modal verbs and section headings; dates read from the text",
    }

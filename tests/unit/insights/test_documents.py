"""After-action review and document summary: each item cites its passage; dates are ordered."""

from __future__ import annotations

from typing import Any

from symphainy.insights.review import classify, parse_date, review
from symphainy.insights.summary import document_summary

SECTIONS: list[dict[str, Any]] = [
    {
        "title": "Project X review",
        "heading_path": ["Project X review"],
        "level": 1,
        "page": 1,
        "text": "This report reviews the rollout of Project X in the finance team.",
    },
    {
        "title": "Timeline",
        "heading_path": ["Project X review", "Timeline"],
        "level": 2,
        "page": 1,
        "text": "Kick-off was on 12 January 2026. Testing ended 2026-03-05. "
        "The system went live in April 2026.",
    },
    {
        "title": "Lessons learned",
        "heading_path": ["Project X review", "Lessons learned"],
        "level": 2,
        "page": 2,
        "text": "Training started too late. We learned that vendors need two weeks of notice.",
    },
    {
        "title": "Risks",
        "heading_path": ["Project X review", "Risks"],
        "level": 2,
        "page": 2,
        "text": "The licence costs might rise next year. Key knowledge sits with one person.",
    },
    {
        "title": "Next steps",
        "heading_path": ["Project X review", "Next steps"],
        "level": 2,
        "page": 3,
        "text": "We recommend a monthly check-in. Finance should own the budget.",
    },
]


def test_review_sorts_sentences_by_kind_with_citations() -> None:
    result = review("Project X review", SECTIONS)
    assert [i["text"] for i in result["lessons"]] == [
        "Training started too late.",
        "We learned that vendors need two weeks of notice.",
    ]
    assert result["lessons"][0]["cue_kind"] == "heading"  # only its heading marks it
    assert [i["text"] for i in result["risks"]] == [
        "The licence costs might rise next year.",
        "Key knowledge sits with one person.",
    ]
    assert [i["text"] for i in result["recommendations"]] == [
        "We recommend a monthly check-in.",
        "Finance should own the budget.",
    ]
    first = result["risks"][0]["citation"]
    assert first["page"] == 2 and first["heading_path"] == ["Project X review", "Risks"]
    assert first["passage"] == "The licence costs might rise next year."


def test_timeline_has_every_written_date_in_order() -> None:
    events = review("Project X review", SECTIONS)["timeline"]
    assert [(e["date"], e["precision"]) for e in events] == [
        ("2026-01-12", "day"),
        ("2026-03-05", "day"),
        ("2026-04-01", "month"),
    ]
    assert events[2]["as_written"] == "April 2026"
    assert all(e["citation"]["section"] == "Timeline" for e in events)


def test_plain_sentences_are_not_classified() -> None:
    assert classify("The office is in Leeds.", "Background") is None
    assert classify("We should have tested earlier.", "Notes")[:2] == ("lesson", "should have")
    assert parse_date("31/02/2026") is None


def test_document_summary_points_carry_their_location() -> None:
    result = document_summary("Project X review", SECTIONS)
    assert result["method"] == "deterministic" and "5 sections" in result["overview"]
    texts = [p["text"] for p in result["key_points"]]
    assert texts[0] == "This report reviews the rollout of Project X in the finance team."
    assert "Kick-off was on 12 January 2026." in texts
    assert all(p["location"]["section"] for p in result["key_points"])

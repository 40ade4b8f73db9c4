"""Roles and decisions in quality-management SOPs (rules from the third blind set of real
procedures, issue 15): a step's Participants table, editor's comments, "the person responsible
for …" as a role, "a decision is made whether …"."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import branches, read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")

_SOP = """# SOP Software Problem Resolution

<!-- Under MDD, replace the Person Responsible for Regulatory Compliance with
Safety Officer. -->

### 1. Root Cause Analysis

The root cause of the problem is determined. We analyze whether similar problems occurred.

| Participants                 |
| ---------------------------- |
| Head of software development |
| Software developer           |

### 2. Verification

The problem report is reviewed. The QMO closes the report.

| Participants    |
| --------------- |
| Head of product |
"""


def test_first_role_of_a_steps_participants_table_does_the_steps_actions() -> None:
    assert tasks(read(_SOP)) == [
        ("Determine the root cause of the problem", "Head of Software Development"),
        ("Analyze whether similar problems occurred", "Head of Software Development"),
        ("Review the problem report", "Head of Product"),
        ("Close the report", "QMO"),
    ]


def test_html_comments_are_not_read() -> None:
    assert all("Safety Officer" not in name for name, _actor in tasks(read(_SOP)))


def test_person_responsible_for_something_is_the_whole_role() -> None:
    graph = read("The person responsible for regulatory compliance assesses the report.")
    assert tasks(graph) == [("Assess the report", "Person Responsible for Regulatory Compliance")]


def test_a_decision_made_whether_to_do_something_is_the_decision_itself() -> None:
    graph = read("The manager reviews the report and a decision is made whether to fix it or not.")
    names = [(s.kind, s.name) for s in graph.steps if s.kind in ("task", "decision")]
    assert ("decision", "To fix it or not?") in names
    assert ("task", "Make a decision") not in names


def test_faq_question_over_nested_bullets_is_a_decision_with_the_bullets_on_yes() -> None:
    graph = read(
        "- Accidentally used your personal card for a work-related expense?\n"
        "  - Claim a reimbursement on Brex within 90 days.\n"
        "- Driving for work-related purposes?\n"
        "  - Claim mileage reimbursement through Brex\n"
    )
    first = next(s for s in graph.steps if s.kind == "decision")
    assert first.name == "Accidentally used your personal card for a work-related expense?"
    assert branches(graph, first.name) == {
        "yes": "Claim a reimbursement on Brex within 90 days",
        "no": "Driving for work-related purposes?",
    }
    assert ("Claim mileage reimbursement through Brex", None) in tasks(graph)


def test_what_question_over_bullets_is_no_decision() -> None:
    graph = read("- What do I need?\n  - Bring your badge.\n")
    assert not any(s.kind == "decision" for s in graph.steps)


def test_role_and_responsibility_table_gives_duties_not_steps() -> None:
    text = (
        "# Roles and Responsibilities\n\n"
        "| Role | Responsibility |\n|---|---|\n"
        "| Release Manager | Responsible to tag the release and announce it |\n"
        "| QA Team | Responsible for running the regression suite |\n\n"
        "# Steps\n\n"
        "1. Run the regression suite.\n"
        "2. Tag the release.\n"
    )
    assert tasks(read(text)) == [
        ("Run the regression suite", "QA Team"),
        ("Tag the release", "Release Manager"),
    ]


def test_yes_no_question_answered_by_an_instruction_in_the_same_item_is_a_decision() -> None:
    graph = read(
        "- Check the receipts.\n- Still in doubt? Ask Janani in the people channel.\n"
        "- Submit the report.\n"
    )
    assert branches(graph, "Still in doubt?") == {
        "yes": "Ask Janani in the people channel",
        "no": "Submit the report",
    }

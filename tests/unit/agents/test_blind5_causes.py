"""General causes found by the blind5 chat set (issue 14): a document named by what it is
("the policy", "the returns procedure doc") or by its initials, a cancel that goes on to ask,
small talk and the user's own news before a question."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.agents import followup, naming, scope, understand, wording
from symphainy.agents.artefacts import FileRef
from symphainy.agents.tools import tools_for

ORDERS = FileRef("f-orders", "orders.csv", "dataset", "ready", ("region", "amount", "status"))
RETURNS = FileRef("f-returns", "returns.csv", "dataset", "ready", ("region", "reason"))
GUIDE = FileRef("f-guide", "customer-returns-handling-guide.md", "document", "ready")
JOURNEY = understand.Journey(
    files=[ORDERS, RETURNS, GUIDE],
    values={"f-orders": {"region": ["North", "South"]}},
    today=date(2031, 5, 4),
)


def _decide(message: str) -> understand.Decision:
    return understand.decide(message, "guide", tools_for("guide"), JOURNEY, None)


@pytest.mark.parametrize(
    "message",
    [
        "what does the policy say about refunds over 100 pounds",
        "summarise our handbook",
        "in the returns procedure doc, who signs off a refund?",
        "give me the gist of this checklist",
    ],
)
def test_a_document_named_by_what_it_is_is_the_document(message: str) -> None:
    named, ambiguous = naming.named_files(message, JOURNEY.live)
    assert [f.id for f in named] == ["f-guide"]
    assert not ambiguous


def test_a_document_named_by_its_initials_is_that_document() -> None:
    named, _ambiguous = naming.named_files("tl;dr of the CRHG file please", JOURNEY.live)
    assert [f.id for f in named] == ["f-guide"]
    # two letters are a word of their own, never initials
    assert naming.named_files("how many orders in the us", [ORDERS, GUIDE])[0] != [GUIDE]


def test_a_document_named_by_what_it_is_is_summarised_or_searched() -> None:
    summary = _decide("give me the gist of this checklist")
    assert summary.tool is not None and summary.tool.name == "summarize_file"
    looked_up = _decide("what does the policy say about damaged parcels?")
    assert looked_up.tool is not None and looked_up.tool.name == "search_content"


@pytest.mark.parametrize("message", ["no", "nope, don't", "stop! cancel it", "no wait"])
def test_a_bare_cancel_is_only_a_cancel(message: str) -> None:
    assert scope.is_cancel(message)


@pytest.mark.parametrize(
    "message",
    [
        "no wait. how many orders are in the North region?",
        "cancel that, just show me amount by region",
        "nope - which region has the most returns",
    ],
)
def test_a_cancel_that_goes_on_to_ask_is_answered(message: str) -> None:
    assert not scope.is_cancel(message)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            "Good morning! We've just loaded the orders export and I'm wondering - what is "
            "the total amount for the South region?",
            # the file the news names stays with the question (blind6)
            "what is the total amount for the South region in the orders export?",
        ),
        ("Wow! So how many orders have status open?", "So how many orders have status open?"),
        (
            "do not draw anything, just give me the average amount by region",
            "give me the average amount by region",
        ),
    ],
)
def test_small_talk_and_news_before_a_question_are_not_its_words(typed: str, meant: str) -> None:
    assert wording.without_preamble(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "North only. what is the total amount?",  # a condition, not small talk
        "I'm looking at the South region. how many orders?",
        "Great! chart it",  # too little would be left
    ],
)
def test_a_sentence_that_may_be_a_condition_stays(typed: str) -> None:
    assert wording.without_preamble(typed) == typed


def _count_reading(question: str) -> followup.Reading:
    interpretation = {"aggregate": "count", "filters": []}
    return followup.Reading("ask_data", "f-orders", question, interpretation, answered=True)


def test_a_follow_up_with_a_word_the_rewrite_cannot_place_is_not_the_previous_count() -> None:
    # "open ones" is not a value of status here ("Open" is not listed): the rewrite would
    # drop it and repeat the previous count; the parser gets the whole question instead.
    columns = ["region", "amount", "status"]
    values = {"status": ["Shipped", "Returned"]}
    reading = _count_reading("how many orders are there")
    assert (
        followup.compose("and how many of them are still pending?", reading, columns, values)
        is None
    )
    # a follow-up of known words is still rewritten
    assert followup.compose("and the average amount?", reading, columns, values) == "average amount"


def test_words_of_columns_aggregates_and_plain_talk_are_read() -> None:
    assert followup.unread_words("roughly how many of those have a total amount", ["amount"]) == []
    assert followup.unread_words("how many of them are overdue", ["amount"]) == ["overdue"]


def test_two_files_named_equally_well_come_in_the_order_the_message_names_them() -> None:
    from symphainy.agents.slots import match_files

    shifts = FileRef("f-shifts", "nurse-shifts.csv", "dataset", "ready", ())
    wards = FileRef("f-wards", "hospital-wards.csv", "dataset", "ready", ())
    forward = match_files("map the shifts table onto the wards table", [wards, shifts])
    backward = match_files("map the wards table onto the shifts table", [shifts, wards])
    assert [f.id for f in forward] == ["f-shifts", "f-wards"]
    assert [f.id for f in backward] == ["f-wards", "f-shifts"]

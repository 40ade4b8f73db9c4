"""General causes found by the blind6 chat set (issue 14), each tested on other data: files
whose names share a word, words for the sexes, judgement and advice requests, how-to questions,
follow-ups ("why not?", "the other file with X", "show that as a chart by Y"), the file named in
the user's news, "X vs non-X", and removing rows from a chart."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.agents import followup, naming, scope, understand, wording
from symphainy.agents.artefacts import FileRef
from symphainy.agents.followup import Reading
from symphainy.agents.slots import match_columns
from symphainy.agents.tools import tools_for

RETURNS = FileRef(
    "f-returns", "order-returns.csv", "dataset", "ready", ("order", "reason", "refund", "age")
)
LINES = FileRef("f-lines", "order-lines.csv", "dataset", "ready", ("sku", "qty", "price"))
MEMBERS = FileRef(
    "f-members",
    "shop-members.csv",
    "dataset",
    "ready",
    ("member", "spend", "gender", "region", "default"),
)
SUBS = FileRef("f-subs", "subscriptions.csv", "dataset", "ready", ("plan", "cancelled"))
GUIDE = FileRef("f-guide", "refunds-guide.md", "document", "ready")
JOURNEY = understand.Journey(
    files=[RETURNS, LINES, MEMBERS, SUBS, GUIDE],
    values={
        "f-returns": {"reason": ["Damaged", "Late"]},
        "f-members": {"gender": ["M", "F"], "region": ["North", "South"]},
    },
    today=date(2031, 5, 4),
)


def _decide(message: str, previous: Reading | None = None) -> understand.Decision:
    return understand.decide(message, "guide", tools_for("guide"), JOURNEY, previous)


def _tool_of(decision: understand.Decision) -> str | None:
    return decision.tool.name if decision.tool is not None else None


def test_a_name_word_one_file_holds_outranks_a_word_several_names_share() -> None:
    named, ambiguous = naming.named_files("highest order price in the members table", JOURNEY.live)
    assert named[0] is MEMBERS
    assert not ambiguous


def test_content_does_not_break_a_name_tie_through_the_same_word() -> None:
    # "order" is both files' name word and a column of one of them: still asked which.
    found = _decide("delete the order data")
    assert found.kind == "clarify"
    assert {c.label for c in found.choices} == {"order-returns.csv", "order-lines.csv"}
    counted = _decide("how many rows in the order file")
    assert counted.kind == "clarify"


def test_another_ending_of_a_long_name_word_names_the_file() -> None:
    named, _ambiguous = naming.named_files("how many subscribers cancelled", JOURNEY.live)
    assert named == [SUBS]


def test_a_short_column_is_found_after_a_word_that_contains_it() -> None:
    assert match_columns("average age of returns", ["order", "age"]) == ["age"]


def test_the_conversation_breaks_a_name_tie() -> None:
    previous = Reading("ask_data", RETURNS.id, "how many returns", {"aggregate": "count"}, True)
    choice = naming.choose_file(
        "how many of the order rows were damaged", JOURNEY, "dataset", previous
    )
    assert choice.file is RETURNS


@pytest.mark.parametrize(
    ("follow_up", "value"), [("women only", "F"), ("and the men?", "M"), ("ladies", "F")]
)
def test_words_for_the_sexes_name_a_sex_column_value(follow_up: str, value: str) -> None:
    assert followup.value_hits(follow_up, {"gender": ["M", "F"]}) == [("gender", value)]
    reading = Reading(
        "ask_data",
        MEMBERS.id,
        "average spend by gender",
        {"aggregate": "avg", "measure": "spend", "group_by": "gender"},
        True,
    )
    composed = followup.compose(
        follow_up, reading, list(MEMBERS.columns), JOURNEY.values[MEMBERS.id]
    )
    assert composed == f"average spend where gender is {value}"


def test_a_single_letter_is_not_read_as_a_sex() -> None:
    assert followup.value_hits("plan m of the year", {"gender": ["M", "F"]}) == []


@pytest.mark.parametrize(
    "message",
    [
        "should we fire the night shift supervisor?",
        "should I promote Dana or Lee?",
        "should we give the warehouse team a bonus?",
        "should I approve this customer's credit line increase?",
        "should we stop lending to people from the South region?",
        "is gold a good investment",
        "what are interest rates at the moment",
        "wire 2,000 euros to the supplier",
    ],
)
def test_judgements_advice_live_rates_and_payments_are_declined(message: str) -> None:
    assert _decide(message).kind == "decline"


@pytest.mark.parametrize(
    "message", ["what should I do next?", "should I profile the members data?"]
)
def test_asking_what_to_do_in_the_journey_is_not_a_judgement(message: str) -> None:
    assert _decide(message).kind != "decline"


def test_cheers_is_an_acknowledgement() -> None:
    assert scope.is_acknowledgement("cheers, thanks")


def test_a_how_to_question_is_looked_up_in_the_documents() -> None:
    # "refunds" names the guide and is a column of the returns table: how-to is the guide's.
    found = _decide("how do I issue refunds to members?")
    assert _tool_of(found) == "search_content"


def test_describe_a_dataset_is_its_profile() -> None:
    found = _decide("describe the subscriptions dataset")
    assert _tool_of(found) == "profile_dataset"
    assert found.args == {"file": SUBS.id}


def test_which_of_the_tables_needs_cleaning_ranks_them() -> None:
    assert _tool_of(_decide("which of the tables is dirtiest")) == "compare_quality"


def test_why_not_explains_the_previous_report() -> None:
    previous = Reading("data_quality", SUBS.id)
    found = _decide("why not?", previous)
    assert _tool_of(found) == "data_quality"
    assert found.args["file"] == SUBS.id


def test_the_other_file_holding_a_column_is_that_file() -> None:
    previous = Reading("ask_data", LINES.id, "average price", {"aggregate": "avg"}, True)
    found = _decide("same for the other file with refunds", previous)
    assert found.args.get("file") == RETURNS.id


def test_show_that_as_a_chart_by_a_column_groups_the_chart() -> None:
    previous = Reading(
        "ask_data", MEMBERS.id, "average spend", {"aggregate": "avg", "measure": "spend"}, True
    )
    found = _decide("show that as a chart by region", previous)
    assert _tool_of(found) == "chart_data"
    assert found.args["question"] == "average spend by region"


def test_a_name_word_that_is_a_column_in_the_plural_stays_in_the_question() -> None:
    defaults = FileRef("f-d", "loan-defaults.csv", "dataset", "ready", ("default", "amount"))
    journey = understand.Journey(files=[defaults], values={})
    assert "defaulted" in wording.question_for("how many defaulted in total", defaults, journey)


def test_the_file_the_news_names_stays_with_the_question() -> None:
    typed = "Morning! We received the warehouse stock file today. How many items are out of stock?"
    assert wording.without_preamble(typed) == (
        "How many items are out of stock in the warehouse stock file?"
    )


def test_a_group_against_its_negation_is_a_grouping() -> None:
    assert wording.versus_its_negation("average spend of members vs non-members") == (
        "average spend by members"
    )
    assert wording.versus_its_negation("sales of north and south") == "sales of north and south"


def test_removing_rows_from_a_chart_deletes_no_file() -> None:
    assert scope.destructive_request("remove the women from the spend chart") is None
    assert scope.destructive_request("remove the members data from the project") == "delete_file"
    asked = _decide("remove the women from the spend chart")
    assert asked.kind == "clarify"
    assert _tool_of(asked) == "chart_data"
    assert [c.label for c in asked.choices] == ["shop-members.csv"]
    drawn = Reading("chart_data", MEMBERS.id, "chart of spend by region", {}, True)
    again = _decide("remove the women from the spend chart", drawn)
    assert _tool_of(again) == "chart_data"
    assert again.args == {
        "file": MEMBERS.id,
        "question": "chart of spend by region excluding women",
    }


def test_another_ending_of_a_name_word_is_taken_out_of_the_question() -> None:
    loans = FileRef("f-l", "loan-applications.csv", "dataset", "ready", ("single", "approved"))
    journey = understand.Journey(files=[loans], values={})
    assert wording.question_for(
        "what proportion of loan applicants are single", loans, journey
    ) == ("what proportion of rows are single")
    assert wording.question_for("how many of the applicants were approved", loans, journey) == (
        "how many were approved"
    )

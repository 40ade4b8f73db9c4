"""General causes found by the blind4 chat set (issue 14): what a removing verb acts on,
questions about removing, the present, people's roles, talk around a question, cell look-ups,
"worst" of a column, superlatives of people."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.agents import followup, naming, scope, understand, wording
from symphainy.agents.artefacts import FileRef
from symphainy.agents.tools import tools_for

SHOPS = FileRef(
    "f-shops",
    "shop-visits.csv",
    "dataset",
    "ready",
    ("week", "footfall", "refund_count", "store", "manager_age"),
)
STAFF = FileRef("f-staff", "staff.csv", "dataset", "ready", ("name", "age", "branch"))
HANDBOOK = FileRef("f-hb", "returns-handbook.md", "document", "ready")
JOURNEY = understand.Journey(
    files=[SHOPS, STAFF, HANDBOOK],
    values={"f-shops": {"store": ["Leeds", "York"]}, "f-staff": {"branch": ["Leeds", "Hull"]}},
    today=date(2031, 5, 4),
    years={"f-shops": ["2019", "2020"]},
)


def _decide(message: str) -> understand.Decision:
    return understand.decide(message, "guide", tools_for("guide"), JOURNEY, None)


@pytest.mark.parametrize(
    "message",
    [
        "wipe that message from the history",
        "delete the step called approve refund",
        "remove the legend please",
        "clear my previous answer",
    ],
)
def test_a_removing_verb_on_something_other_than_a_file_deletes_nothing(message: str) -> None:
    assert scope.destructive_request(message) is None
    assert _decide(message).tool is None or not _decide(message).tool.destructive


@pytest.mark.parametrize(
    "message",
    [
        "how do I remove a dataset?",
        "what would happen if we archive staff.csv",
        "should I delete it",
    ],
)
def test_a_question_about_removing_is_answered_not_proposed(message: str) -> None:
    assert scope.destructive_request(message) is None
    found = _decide(message)
    assert found.kind == "help"
    assert "Confirm" in found.text


def test_every_file_at_once_is_declined() -> None:
    for message in ("please delete all the files", "wipe everything", "archive all my datasets"):
        found = _decide(message)
        assert found.kind == "decline", message
    # One named file is still proposed (it waits for the Confirm button).
    found = _decide("delete staff.csv")
    assert found.tool is not None and found.tool.name == "delete_file"


def test_the_present_is_declined_when_the_data_ends_before_this_year() -> None:
    assert _decide("how much footfall is there this week?").kind == "decline"
    # The journey's own state and plans are not facts about the world.
    assert _decide("what should I work on this week?").kind != "decline"
    # A dataset whose dates reach this year may hold "this month".
    current = understand.Journey(
        files=[SHOPS], values={}, today=date(2020, 3, 1), years={"f-shops": ["2019", "2020"]}
    )
    found = understand.decide(
        "what's the footfall this month", "guide", tools_for("guide"), current, None
    )
    assert found.kind != "decline"


def test_a_persons_role_in_the_world_is_declined_unless_the_data_holds_it() -> None:
    assert _decide("who is the chairman of Leeds United").kind == "decline"
    managed = understand.Journey(
        files=[FileRef("f-c", "clubs.csv", "dataset", "ready", ("club", "chairman"))], values={}
    )
    found = understand.decide(
        "who is the chairman of Leeds", "guide", tools_for("guide"), managed, None
    )
    assert found.kind != "decline"


def test_code_in_a_query_language_is_declined() -> None:
    assert scope.out_of_scope("could you write me a SQL statement for that", set())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hmm, well, what is the total footfall again?", "what is the total footfall?"),
        ("oh sorry - how many stores are there", "how many stores are there"),
        ("no", "no"),
    ],
)
def test_talk_around_a_question_is_not_sent_to_the_parser(typed: str, meant: str) -> None:
    assert wording.tidy(typed) == meant


def test_misspelt_superlatives_and_time_words_are_put_right() -> None:
    assert wording.correct_question_words("the bigest store befor 2020") == (
        "the biggest store before 2020"
    )
    assert wording.correct_question_words("the latest week") == "the latest week"


def test_clearing_filters_with_nothing_before_asks_the_rest() -> None:
    found = _decide("reset all filters then give me the total footfall in shop-visits.csv")
    assert found.tool is not None and found.tool.name == "ask_data"
    assert "filter" not in found.args["question"]


def test_a_column_and_a_date_ask_for_that_rows_figure() -> None:
    found = _decide("what was the refund count in 2019-06-03")
    assert found.tool is not None and found.tool.name == "ask_data"
    assert found.args["file"] == SHOPS.id


def test_worst_of_a_column_is_a_data_question_not_the_worst_quality() -> None:
    found = _decide("which week had the worst refund count in the shop data")
    assert found.tool is not None and found.tool.name == "ask_data"
    ranked = _decide("which of these datasets is the dirtiest?")
    assert ranked.tool is not None and ranked.tool.name == "compare_quality"


def test_a_superlative_of_people_asks_the_data() -> None:
    found = _decide("who is the youngest person in staff.csv")
    assert found.tool is not None and found.tool.name == "ask_data"
    assert found.args["file"] == STAFF.id


# ---- follow-ups --------------------------------------------------------------------------

SALES_COLUMNS = ["region", "revenue", "units", "week", "store"]


def _reading(question: str, **interpretation: object) -> followup.Reading:
    return followup.Reading("ask_data", "f", question, dict(interpretation), True)


def test_grouping_by_the_filtered_column_drops_that_filter() -> None:
    reading = _reading(
        "mean revenue for the north region",
        aggregate="avg",
        measure="revenue",
        group_by=None,
        filters=["region is North"],
    )
    assert followup.compose("ok and for each region?", reading, SALES_COLUMNS, {}) == (
        "average revenue by region"
    )


def test_a_grouping_by_a_date_part_drops_the_date_range() -> None:
    reading = _reading(
        "total units in 2021",
        aggregate="sum",
        measure="units",
        group_by=None,
        filters=["week from 2021-01-01 up to (not including) 2022-01-01"],
    )
    assert followup.compose("split it by month", reading, SALES_COLUMNS, {}) == (
        "total units by month"
    )


def test_the_words_after_instead_of_are_not_the_new_aggregate() -> None:
    reading = _reading(
        "average revenue per store", aggregate="avg", measure="revenue", group_by="store"
    )
    assert followup.compose("the minimum rather than the mean", reading, SALES_COLUMNS, {}) == (
        "minimum revenue by store"
    )


def test_breaking_an_answer_down_keeps_its_filters() -> None:
    reading = _reading(
        "average units where store is Leeds",
        aggregate="avg",
        measure="units",
        group_by=None,
        filters=["store is Leeds"],
    )
    assert followup.compose("break those down by region", reading, SALES_COLUMNS, {}) == (
        "average units by region where store is Leeds"
    )


def test_ranking_after_a_count_ranks_by_the_compared_column() -> None:
    reading = _reading(
        "how many stores sold over 500 units",
        aggregate="count_distinct",
        measure="store",
        group_by=None,
        filters=["units is over 500"],
    )
    assert followup.looks_like_followup("and which one sold the most?")
    assert followup.compose("which one is the lowest?", reading, SALES_COLUMNS, {}) == (
        "minimum units where units is over 500"
    )


def test_a_new_measure_keeps_the_users_own_date_wording() -> None:
    reading = _reading(
        "average revenue in 2021",
        aggregate="avg",
        measure="revenue",
        group_by=None,
        filters=["week from 2021-01-01 up to (not including) 2022-01-01"],
    )
    assert followup.compose("what about units?", reading, SALES_COLUMNS, {}) == (
        "average units in 2021"
    )


def test_it_in_a_whole_question_is_the_file_not_the_previous_rows() -> None:
    previous = followup.Reading("ask_data", SHOPS.id, "footfall in texas", {}, False)
    found = understand.decide(
        "how many distinct stores are there in it", "guide", tools_for("guide"), JOURNEY, previous
    )
    assert found.kind == "tool" and found.tool is not None and found.tool.name == "ask_data"
    assert found.args["file"] == SHOPS.id


def test_a_series_is_drawn_of_the_column_named_whole() -> None:
    from symphainy.agents.tools_charts import named_whole

    assert named_whole("revenue over time", ["revenue", "revenue_growth"]) == ["revenue"]
    assert named_whole("growth over time", ["revenue", "revenue_growth"]) == [
        "revenue",
        "revenue_growth",
    ]


# ---- files -------------------------------------------------------------------------------

FIRMS = FileRef("f-firms", "firms.csv", "dataset", "ready", ("firm", "industry", "profit"))
FIRMS_RAW = FileRef("f-firms-raw", "firms-raw.csv", "dataset", "ready", ("firm", "industry"))
UK_TRADE = FileRef("f-uk", "uk-trade.csv", "dataset", "ready", ("month", "mining", "exports"))
FIRM_JOURNEY = understand.Journey(
    files=[FIRMS, FIRMS_RAW, UK_TRADE, HANDBOOK],
    values={
        "f-firms": {"industry": ["Mining", "Retail"]},
        "f-firms-raw": {"industry": ["Mining", "Retail"]},
    },
)


def test_initials_of_column_words_do_not_name_a_file() -> None:
    # "Mining industry" would be "mi"; "united kingdom" is still "uk".
    named, _ = naming.named_files("profit in the mining industry", FIRM_JOURNEY.live)
    assert UK_TRADE not in named
    assert naming.named_files("exports from the united kingdom", FIRM_JOURNEY.live)[0] == [UK_TRADE]


def test_a_value_in_two_files_is_asked_back_not_answered_from_a_column_namesake() -> None:
    found = understand.decide(
        "how many firms are in the Mining industry", "guide", tools_for("guide"), FIRM_JOURNEY, None
    )
    assert found.kind == "clarify"
    assert {c.id for c in found.candidates} == {FIRMS.id, FIRMS_RAW.id}


def test_what_is_in_a_file_two_names_fit_is_asked_back() -> None:
    found = understand.decide(
        "what's inside the firms one?", "guide", tools_for("guide"), FIRM_JOURNEY, None
    )
    assert found.kind == "clarify"
    assert {c.id for c in found.candidates} == {FIRMS.id, FIRMS_RAW.id}


def test_a_documents_name_stays_in_a_search_that_needs_it() -> None:
    found = understand.decide(
        "who approves a returns handbook exception", "guide", tools_for("guide"), JOURNEY, None
    )
    assert found.tool is not None and found.tool.name == "search_content"
    found = understand.decide("who signs returns", "guide", tools_for("guide"), JOURNEY, None)
    if found.tool is not None and found.tool.name == "search_content":
        assert "returns" in found.args["query"]


def test_a_viewer_of_an_artefact_the_message_does_not_name_is_not_chosen() -> None:
    found = understand.decide("show me something cool", "guide", tools_for("guide"), JOURNEY, None)
    assert found.tool is None or not found.tool.name.startswith("show_")
    found = understand.decide("show me the proposal", "guide", tools_for("guide"), JOURNEY, None)
    assert found.tool is not None and found.tool.name == "show_proposal"


def test_showing_an_answer_by_a_column_is_a_grouping() -> None:
    reading = _reading(
        "total units in 2021",
        aggregate="sum",
        measure="units",
        group_by=None,
        filters=["week from 2021-01-01 up to (not including) 2022-01-01"],
    )
    assert followup.compose("give me that per store", reading, SALES_COLUMNS, {}) == (
        "total units in 2021 by store"
    )


def test_editing_a_workflows_steps_by_chat_is_declined_not_remade() -> None:
    found = _decide("add an approval task to the refund workflow")
    assert found.kind == "decline"
    assert scope.destructive_request("drop the second step of the process diagram") is None


def test_a_plural_of_a_value_in_a_question_grouped_by_its_column_is_not_a_filter() -> None:
    outcomes = FileRef("f-out", "outcomes.csv", "dataset", "ready", ("kind", "cost"))
    journey = understand.Journey(files=[outcomes], values={"f-out": {"kind": ["Refund", "Repair"]}})
    assert wording.as_values("count of refunds for each kind", outcomes, journey) == (
        "count of refunds for each kind"
    )
    assert wording.as_values("count of refunds", outcomes, journey) == "count of Refund"


def test_a_plural_of_a_columns_word_is_not_corrected_into_it() -> None:
    from symphainy.agents.tools_insights import spell_columns

    columns = ["refund_date", "store", "variety"]
    assert spell_columns("number of refunds per store", columns) == "number of refunds per store"
    assert spell_columns("revenue by stores", columns) == "revenue by store"
    assert spell_columns("total by stroe", columns) == "total by store"


def test_a_grouping_of_a_refused_question_is_tried_with_the_refused_question() -> None:
    previous = followup.Reading("ask_data", SHOPS.id, "total footfall for the north", {}, False)
    found = understand.decide(
        "break it down by store", "guide", tools_for("guide"), JOURNEY, previous
    )
    assert found.kind == "clarify"
    assert found.retry == "total footfall for the north by store"

"""General causes found by the blind3 chat set (issue 14): words in other forms, files described
in the user's words, follow-ups of many-valued columns and of rankings, asides, live facts."""

from __future__ import annotations

import pytest

from symphainy.agents import followup, naming, scope, understand, wording
from symphainy.agents.artefacts import FileRef
from symphainy.agents.followup import Reading
from symphainy.agents.tools import tools_for

PLANTS = FileRef(
    "f-plants", "power-plants.csv", "dataset", "ready", ("plant", "fuel", "output_mwh", "region")
)
NY = FileRef("f-ny", "ny-rainfall.csv", "dataset", "ready", ("day", "rain_mm"))
LA = FileRef("f-la", "la-rainfall.csv", "dataset", "ready", ("day", "rain_mm"))
GUIDE = FileRef("f-guide", "onboarding-guide.md", "document", "ready")
JOURNEY = understand.Journey(
    files=[PLANTS, NY, LA, GUIDE],
    values={"f-plants": {"fuel": ["Natural Gas", "Wind Farms", "Batteries"]}},
)


def test_a_plural_names_a_singular_column() -> None:
    assert naming.singular("regions") == "region"
    assert naming.singular("varieties") == "variety"
    assert naming.singular("class") == "class"
    assert naming.column_hits("how many regions were surveyed", list(PLANTS.columns)) == {"region"}


def test_a_file_is_named_by_the_initials_of_a_place() -> None:
    named, ambiguous = naming.named_files("wettest day in new york", [NY, LA])
    assert (named, ambiguous) == ([NY], False)
    assert naming.named_files("what did we find so far in los angeles?", [NY, LA])[0] == [LA]
    # Short or common words are not a name: "so far" is not a file "sf-…".
    sf = FileRef("f-sf", "sf-rainfall.csv", "dataset", "ready", ("day",))
    assert naming.named_files("what have we found so far?", [sf])[0] == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hw many rows in plants", "how many rows in plants"),
        ("wat is the total", "what is the total"),
        ("wich store is busiest", "which store is busiest"),
    ],
)
def test_question_words_typed_short_are_written_out(typed: str, meant: str) -> None:
    assert wording.tidy(typed) == meant


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("which plant had the highest output ever?", "which plant had the highest output?"),
        ("longest outage on record", "longest outage"),
        ("the biggest plant of all time", "the biggest plant"),
        ("how many plants ever ran on wind", "how many plants ever ran on wind"),
    ],
)
def test_emphasis_is_not_a_condition(question: str, plain: str) -> None:
    assert wording.without_intensifiers(question) == plain


def test_the_rest_after_an_exclusion_is_what_the_exclusion_leaves() -> None:
    text = "drop batteries and give me the avg output of the rest"
    assert wording.exclusion_question(text, JOURNEY) == "the avg output excluding batteries"


@pytest.mark.parametrize(
    ("question", "sent"),
    [
        ("the energy dataset - what's the max output?", "what's the max output?"),
        ("in the grid trial data, what is the lowest output?", "what is the lowest output?"),
        # A whole value, the file's columns, or a figure are what is asked: kept.
        ("average output in the wind farms data", "average output in the wind farms data"),
        ("show the output region figures", "show the output region figures"),
        (
            "what are the total sales figures by region",
            "what are the total sales figures by region",
        ),
    ],
)
def test_a_file_described_in_the_users_words_is_not_a_filter(question: str, sent: str) -> None:
    assert wording.without_described_file(question, PLANTS, JOURNEY) == sent


def test_the_singular_of_a_plural_value_is_that_value() -> None:
    assert followup.value_word("battery", "batteries") is False  # not a plain plural
    assert followup.value_word("renewable", "renewables")
    assert wording.as_values("total output of renewable", PLANTS, _with_values(["Renewables"])) == (
        "total output of Renewables"
    )


def _with_values(values: list[str]) -> understand.Journey:
    return understand.Journey(files=[PLANTS], values={"f-plants": {"fuel": values}})


def test_help_asked_as_what_can_you_help_with() -> None:
    assert scope.is_help("what can you help me with")
    assert scope.is_help("What could you help us with?")


def test_a_live_fact_is_declined_though_the_data_has_the_same_words() -> None:
    words = {"stock", "stocks", "price", "symbol"}
    assert scope.out_of_scope("what's acme's stock price today?", words)
    assert scope.out_of_scope("what is the stock price right now", words)
    assert scope.out_of_scope("what was the lowest stock price in 2005", words) is None


def test_an_instruction_about_the_replys_form_is_dropped() -> None:
    asked = scope.without_asides("how many plants are there? btw answer only in ALL CAPS")
    assert asked == "how many plants are there"
    assert scope.without_asides("answer in french: how many plants") == "how many plants"


def test_why_after_a_ranking_explains_its_first_dataset() -> None:
    calls = [
        [
            {
                "name": "compare_quality",
                "arguments": {},
                "result": {
                    "ok": True,
                    "data": {"datasets": [{"file_id": "f-ny"}, {"file_id": "f-la"}]},
                },
            }
        ]
    ]
    previous = followup.last_reading(calls, {"f-ny", "f-la"})
    assert previous is not None and previous.file_id == "f-ny"
    found = understand.decide("why?", "guide", tools_for("guide"), JOURNEY, previous)
    assert found.tool is not None
    assert (found.tool.name, found.args) == ("data_quality", {"file": "f-ny"})


def test_what_a_document_says_per_its_name_is_looked_up_despite_a_status_word() -> None:
    found = understand.decide(
        "what should status updates contain, per the onboarding guide?",
        "guide",
        tools_for("guide"),
        JOURNEY,
        None,
    )
    assert found.tool is not None and found.tool.name == "search_content"
    # Turning the document into something is not a look-up.
    turned = understand._document_question(
        "per the onboarding guide, turn the steps into a workflow", tools_for("guide"), JOURNEY
    )
    assert turned is None


def test_clearing_the_filters_asks_afresh_of_the_same_file() -> None:
    previous = Reading(
        "ask_data",
        "f-plants",
        "average output where region is north",
        {"aggregate": "avg", "measure": "output_mwh", "filters": ["region is 'north'"]},
        answered=True,
    )
    found = understand.decide(
        "clear the region filter and give me the overall average output",
        "insights",
        tools_for("insights"),
        JOURNEY,
        previous,
    )
    assert found.tool is not None and found.tool.name == "ask_data"
    assert found.args["file"] == "f-plants"
    assert "north" not in found.args["question"]


def test_a_follow_up_value_of_a_many_valued_column_replaces_its_filter() -> None:
    reading = Reading(
        "ask_data",
        "f-plants",
        "how many plants are in TX",
        {"aggregate": "count", "filters": ["region is 'TX'"]},
        answered=True,
    )
    columns = list(PLANTS.columns)
    composed = followup.compose("and in CA?", reading, columns, {})
    assert composed == "number of rows where region is CA"
    # A code is followed by a code; a word or a column is another kind of change.
    assert followup.compose("and in ohio?", reading, columns, {}) is None
    assert followup.compose("and the output?", reading, columns, {}) != (
        "number of rows where region is output"
    )


def test_the_words_that_named_a_file_by_initials_or_description_are_not_sent() -> None:
    journey = understand.Journey(files=[NY, PLANTS], values=JOURNEY.values)
    assert wording.question_for("wettest day recorded in new york", NY, journey) == "wettest day"
    sent = wording.question_for(
        "drop the wind farms rows out of the power numbers and show total output", PLANTS, journey
    )
    assert "power" not in sent and "numbers" not in sent


def test_a_unit_after_a_number_is_dropped_unless_a_column_is_named_by_it() -> None:
    assert wording.without_units("days below 32 degrees", NY) == "days below 32"
    assert wording.without_units("days with over 5 mm", NY) == "days with over 5 mm"


def test_counting_column_records_counts_rows() -> None:
    assert wording.counted_rows("how many output records for wind", PLANTS) == (
        "how many rows for wind"
    )
    assert wording.counted_rows("how many wind records", PLANTS) == "how many wind records"


def test_when_after_a_row_answer_shows_its_date() -> None:
    reading = Reading(
        "ask_data",
        "f-ny",
        "which day had the most rain_mm?",
        {"order": "desc", "limit": 1, "measure": "rain_mm"},
        answered=True,
    )
    composed = followup.compose("when was that?", reading, ["day", "rain_mm"], {})
    assert composed == "which day had the most rain_mm and its day"


def test_a_plural_of_a_question_word_is_not_a_typo() -> None:
    assert wording.correct_question_words("the power numbers") == "the power numbers"
    assert wording.correct_question_words("how mnay") == "how many"
    assert wording.without_described_file("what is the phone number of x", PLANTS, JOURNEY) == (
        "what is the phone number of x"
    )


def test_rows_wiped_out_of_the_data_are_excluded_by_the_value_they_name() -> None:
    journey = _with_values(["Natural Gas", "Wind Farms", "Coal"])
    text = "wipe the wind rows out of the plant numbers and show total output"
    assert wording.exclusion_question(text, journey) == "total output excluding Wind Farms"
    assert wording.exclusion_question("strip coal and give me the max output", journey) == (
        "the max output excluding coal"
    )
    # A word two values share is not one value: left as typed (and asked back).
    shared = _with_values(["Wind Farms", "Wind Turbines"])
    assert wording.exclusion_question(text, shared) == text


@pytest.mark.parametrize(
    "message", ["what was wind farms producing in May 2020", "turbines output in 2021?"]
)
def test_a_question_naming_a_value_of_one_dataset_asks_that_data(message: str) -> None:
    journey = understand.Journey(
        files=[PLANTS, GUIDE], values={"f-plants": {"fuel": ["Wind Farms", "Gas Turbines"]}}
    )
    found = understand.decide(message, "guide", tools_for("guide"), journey, None)
    assert found.tool is not None and found.tool.name == "ask_data"
    assert found.args["file"] == "f-plants"
    # A question about the document's words is still looked up there.
    other = understand.decide(
        "who approves the onboarding?", "guide", tools_for("guide"), journey, None
    )
    assert other.tool is None or other.tool.name != "ask_data"


def test_a_word_only_one_several_word_value_has_stands_for_that_value() -> None:
    journey = _with_values(["Wind Farms", "Gas Turbines", "Coal"])
    assert wording.by_distinctive_word("wind output in 2010", PLANTS, journey) == (
        "Wind Farms output in 2010"
    )
    # Named whole already, shared by two values, or a column's word: left as typed.
    assert wording.by_distinctive_word("wind farms output", PLANTS, journey) == "wind farms output"
    shared = _with_values(["Wind Farms", "Wind Turbines"])
    assert wording.by_distinctive_word("wind output", PLANTS, shared) == "wind output"
    column = _with_values(["Output Peak"])
    assert wording.by_distinctive_word("output in 2010", PLANTS, column) == "output in 2010"


def test_a_bare_value_or_a_date_is_not_a_question_of_its_own() -> None:
    journey = understand.Journey(
        files=[PLANTS, NY],
        values={"f-plants": {"fuel": ["Wind Farms"]}, "f-ny": {"day": ["2010-01-01"]}},
    )
    assert understand._value_question("and from wind?", journey, None) is None
    # A year is not a value word: the question is still the plants file's.
    found = understand._value_question("what was wind producing in 2010", journey, None)
    assert found is not None and found.args["file"] == "f-plants"

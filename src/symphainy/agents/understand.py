"""What a chat message asks for, read from the whole message, the journey and the conversation.

The offline engine decides in this order, each step from the message as a whole:

1. small talk (a greeting, "what can you do", a bare "ok") gets a short answer, no tool;
2. a destructive request (delete, archive) is proposed only when the message asks for it;
3. a request no tool serves (world facts, errands, poems, code) is declined politely;
4. a follow-up ("and for Adelie only?", "show that as a chart", "the other file") reuses the
   conversation's previous reading with the one change it names;
5. a data question (it names a dataset's columns or values and asks for a number) goes to
   Insights' own parser, as ``/ask`` does; "chart of X by Y" charts that question;
6. anything else is matched against the tools' descriptions and examples (``agents.intent``).

Whatever tool is chosen, its file is resolved from names, titles and contents (columns and
values); when two files fit, the answer is a question with the candidates as choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from symphainy.agents import followup, intent, scope
from symphainy.agents import slots as slot_mod
from symphainy.agents.artefacts import FileRef, stem
from symphainy.agents.followup import Reading
from symphainy.agents.naming import (
    choose_file,
    column_hits,
    content_matches,
    fits,
    named_files,
)
from symphainy.agents.slots import GENERIC, match_columns, tokens
from symphainy.agents.tools import Tool, get_tool
from symphainy.agents.wording import (
    EXCLUSION,
    EXCLUSION_AFTER,
    correct_question_words,
    excluded_from_chart,
    exclusion_question,
    presence_question,
    question_for,
    tidy,
    without_file_words,
)

Kind = Literal["tool", "clarify", "decline", "help", "ack"]
DATA_SHAPE = re.compile(
    r"\b(how many|how much|count|number of|average|avg|mean|median|total|sum|max|maximum|min|"
    r"minimum|highest|lowest|largest|smallest|heaviest|lightest|hottest|coldest|longest|"
    r"shortest|warmest|wettest|driest|biggest|fastest|slowest|oldest|newest|earliest|latest|"
    r"cheapest|tallest|youngest|richest|poorest|busiest|deadliest|best|worst|most|least|per|by|"
    r"top \d+|percentage|share of|proportion|rate|ratio|"
    r"when (was|were|did)|compare|(over|above|under|below|more than|less than|greater than|"
    r"at least|at most|fewer than) -?\d+(\.\d+)?)\b",
    re.I,
)
CHART_WORDS = re.compile(
    r"\b(chart|charts|graph|graphs|plot|visuali[sz]e|visuali[sz]ation|histogram|draw|scatter|"
    r"scatterplot|bar chart|line chart|pie chart)\b",
    re.I,
)
CROSS_QUALITY = re.compile(
    r"\b(which|what|rank|compare|worst|best|most|least)\b.*\b(quality|problems|issues|errors|"
    r"shape|clean|dirty|messy|clean ?up|cleaning|fixing|attention|messiest|dirtiest|cleanest|"
    r"worst|poorest)\b|"
    r"\b(worst|best|cleanest|dirtiest|messiest)\b.*\b(data|datasets?|files?)\b",
    re.I,
)
FINDINGS = re.compile(
    r"\b(what (have|did) (we|you|i|the \w+( liaison| pillar| agent)?) (found|find|learn|learned|"
    r"discover|discovered)|"
    r"(overview|summary|recap) of (the )?(findings|results)|findings so far|what do we know|"
    r"what did each pillar find|what each pillar found)\b",
    re.I,
)
# "show that as a chart by student": the chart form, said apart from the change it asks.
CHART_FORM = re.compile(
    r"\b(as|in|into)\s+an?\s+((bar|line|pie|column)\s+)?(chart|graph|plot)\b|"
    r"^\W*(chart|plot|graph|draw|visuali[sz]e)(?=\s+(it|that|this|them|those)\b)",
    re.I,
)
OTHER_FILE = re.compile(r"\b(the )?other (one|file|dataset|document)\b|\bthe other\b", re.I)
PRONOUN_FILE = re.compile(r"\b(it|that|this|that file|this file|the file|that dataset)\b", re.I)
FILE_TOOLS_DATASET = {
    "ask_data",
    "chart_data",
    "data_quality",
    "missing_values",
    "profile_dataset",
    "suggest_charts",
}
FILE_TOOLS_DOCUMENT = {"create_workflow", "review_document"}
FILE_TOOLS_ANY = {
    "summarize_file",
    "file_details",
    "preview_file",
    "delete_file",
    "archive_file",
    "restore_file",
    "reprocess_file",
}


@dataclass
class Choice:
    label: str
    message: str


@dataclass
class Decision:
    kind: Kind
    tool: Tool | None = None
    args: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    choices: list[Choice] = field(default_factory=list)
    note: str | None = None  # how a follow-up was read, said in the reply
    candidates: list[FileRef] = field(default_factory=list)  # the files a question back offers
    # A question back that may not be needed: the refused question with the follow-up's change
    # ("make it a bar chart", "only the european ones"), asked instead if Insights answers it.
    retry: str | None = None
    pending: dict[str, Any] | None = None  # a question back's open question, kept for the pick


@dataclass
class Journey:
    """The journey as the decision sees it: files (with columns), values, other artefacts."""

    files: list[FileRef]
    values: dict[str, dict[str, list[str]]]  # file id -> column -> frequent values
    named: list[tuple[str, str, str]] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    years: dict[str, list[str]] = field(default_factory=dict)  # file id -> years its dates cover

    @property
    def live(self) -> list[FileRef]:
        return [f for f in self.files if not f.archived]

    def words(self) -> set[str]:
        """Every word of the journey's names, columns and values (to tell in-scope talk)."""
        found: set[str] = set()
        for ref in self.files:
            found |= {w for w in tokens(stem(ref.name)) if w not in GENERIC and len(w) > 2}
            for column in ref.columns:
                found |= {w for w in tokens(column.replace("_", " ")) if len(w) > 2}
        for columns in self.values.values():
            for values in columns.values():
                found |= {w for v in values for w in tokens(str(v)) if len(w) > 2}
        return found


def file_kind(tool: Tool) -> str | None:
    if tool.name in FILE_TOOLS_DATASET:
        return "dataset"
    if tool.name in FILE_TOOLS_DOCUMENT:
        return "document"
    if tool.name in FILE_TOOLS_ANY or "file" in tool.args.model_fields:
        return "any"
    return None


# ---- files ----------------------------------------------------------------------------------


# ---- the decision ---------------------------------------------------------------------------


def _excluding_rows(message: str) -> Decision | None:
    """ "get rid of the cars over 200hp and tell me the avg horsepower": rows are never removed
    from a file here, and the question without them is asked back rather than guessed."""
    found = EXCLUSION.match(message) or EXCLUSION_AFTER.match(message)
    if found is None:
        return None
    question = found.group("question").rstrip(" ?.!")
    return Decision(
        "clarify",
        text=f"I don't remove rows from the data. Do you mean {question} without "
        f"“{found.group('what')}”? Ask it with a condition, e.g. “{question} where … is at "
        "most …”.",
    )


def _chart_without(
    excluded: tuple[str, str], tools: list[Tool], journey: Journey, previous: Reading | None
) -> Decision:
    """ "remove the women from the salary chart": the conversation's chart drawn again without
    those rows; with no chart drawn yet, which chart is asked, never a file deleted."""
    words, value = excluded
    chart = _tool("chart_data", tools)
    drawn = previous is not None and previous.tool == "chart_data" and previous.question
    if chart is not None and drawn and previous is not None and previous.file_id:
        question = f"{str(previous.question).rstrip(' ?.!')} excluding {value}"
        return Decision("tool", chart, {"file": previous.file_id, "question": question})
    choices = []
    for _hits, ref in content_matches(f"{words} {value}", journey):
        hit = followup.value_hits(value, journey.values.get(ref.id, {}))
        by = f" by {hit[0][0]}" if hit else ""
        choices.append(Choice(ref.name, f"chart of {words}{by} excluding {value} in {ref.name}"))
    return Decision(
        "clarify",
        chart,
        text=f"Which chart do you mean? Nothing is deleted: the chart is drawn again without "
        f"“{value}”.",
        choices=choices[:6],
        candidates=[r for _h, r in content_matches(f"{words} {value}", journey)][:6],
    )


def _covers_present(message: str, journey: Journey) -> bool:
    """Whether the datasets the message points at (all when it names none) have dates in this
    year: only then may "this month" be in the data."""
    this_year = str(journey.today.year)
    pointed = [ref for _hits, ref in content_matches(message, journey)]
    pointed += named_files(message, journey.live)[0]
    ids = {ref.id for ref in pointed} or set(journey.years)
    return any(this_year in journey.years.get(file_id, []) for file_id in ids)


def _document_words(journey: Journey) -> frozenset[str]:
    """The words of the journey's document names ("who is the owner of the postmortem")."""
    return frozenset(
        w
        for ref in journey.live
        if ref.kind != "dataset"
        for w in tokens(stem(ref.name))
        if w not in GENERIC and len(w) > 2
    )


def _all_columns(journey: Journey) -> list[str]:
    return [c for ref in journey.live for c in ref.columns]


def decide(
    message: str,
    agent: str,
    tools: list[Tool],
    journey: Journey,
    previous: Reading | None,
) -> Decision:
    """What to do with ``message``: a tool with its arguments, a question, or a short reply.

    A data question's "rows with no X" / "with a X" is put as "where X is missing / not
    missing" once the tool is chosen (the words alone would ask for the missing-values report).
    """
    found = _decide(message, agent, tools, journey, previous)
    question = found.args.get("question")
    if found.tool is not None and found.tool.name in ("ask_data", "chart_data") and question:
        found.args["question"] = presence_question(str(question), _all_columns(journey))
        if found.note == question:
            found.note = found.args["question"]
    return found


def _decide(
    message: str,
    agent: str,
    tools: list[Tool],
    journey: Journey,
    previous: Reading | None,
) -> Decision:
    """What to do with ``message``: a tool with its arguments, a question, or a short reply."""
    text = correct_question_words(tidy(scope.without_asides(message.strip())))
    cleared = CLEAR_FILTERS.match(text)
    if cleared and previous is not None:
        # "clear the 1932 filter and give me the overall average yield": a new question of the
        # same file, without the previous reading's conditions.
        text = cleared["rest"]
        previous = Reading(previous.tool, previous.file_id)
    elif cleared:
        text = cleared["rest"]  # no reading to clear: the question after it is all there is
    # "... if you drop the rows with no sex": a condition, not rows removed from the file.
    text = presence_question(text, _all_columns(journey), dropped_only=True)
    text = exclusion_question(text, journey)
    if EXCLUSION.match(text) or EXCLUSION_AFTER.match(text):
        excluded = _excluding_rows(text)
        if excluded is not None:
            return excluded
    from_chart = excluded_from_chart(text, journey)
    if from_chart is not None:
        return _chart_without(from_chart, tools, journey, previous)
    if scope.is_greeting(text) and agent == "guide":
        greet = _tool("greet", tools)
        if greet is not None:
            return Decision("tool", greet, {})
    if scope.is_greeting(text) or scope.is_help(text):
        return Decision("help")
    if scope.is_acknowledgement(text):
        return Decision("ack")
    if scope.every_file(text):
        return Decision("decline", text="removing every file at once")
    if scope.removal_question(text):
        return Decision("help", text=REMOVAL_ANSWER)
    destructive = scope.destructive_request(text)
    if destructive:
        tool = get_tool(destructive)
        if tool is not None:
            return _with_file(text, tool, {}, journey, previous, allow_previous=False)
    reason = scope.out_of_scope(
        text,
        journey.words(),
        covers_present=_covers_present(text, journey),
        document_words=_document_words(journey),
    )
    if reason:
        return Decision("decline", text=reason)
    safe = [t for t in tools if not t.destructive]
    if previous is not None:
        found = _follow_up(text, safe, journey, previous)
        if found is not None:
            return found
    if set(tokens(text)) <= BARE_WORDS:
        # "what?", "huh", "why?" with nothing before it: nothing to act on, so ask.
        return Decision("clarify", text="I'm not sure what you mean.")
    if SEARCH.search(text):
        search = _tool("search_content", safe)
        if search is not None:
            return Decision("tool", search, {"query": intent.search_query(_unnamed(text, journey))})
    cross = _cross_journey(text, safe, journey)
    if cross is not None:
        return cross
    listing = _file_listing(text, safe)
    if listing is not None:
        return listing
    asked = _document_question(text, safe, journey) or _how_to(text, safe, journey)
    if asked is not None:
        return asked
    data = _data_question(text, journey, previous)
    if data is not None:
        return data
    about = _about_a_file(text, safe, journey, previous)
    if about is not None:
        return about
    made = _make_artefact(text, safe, journey)
    if made is not None:
        return made
    return _ranked(text, agent, safe, journey, previous)


REMOVAL_ANSWER = (
    "Deleting a file removes it from the journey with everything made from it (its profile, "
    "quality report and charts); archiving hides it but keeps it. I do either only when you "
    "ask for one named file, and only after you press Confirm."
)
CLEAR_FILTERS = re.compile(
    r"^\W*(?:(?:ok|okay|now|please|can you|could you)\W+)*(?:clear|remove|drop|reset|undo|"
    r"forget|lose|ignore|take off|get rid of)\s+(?:the|that|this|those|these|all|any|my)?\s*"
    r"(?:[\w'-]+\s+){0,2}?(?:filters?|conditions?|criteria|restrictions?)\b[\s,]*"
    r"(?:(?:and|then)\s+)*(?:(?:give|show|tell) me\s+)?(?P<rest>\S.*)$",
    re.I,
)
MAKE = re.compile(
    r"^\W*(?:(?:please|can you|could you|let'?s|i want to|i'd like to|now|ok|okay|then)[\s,]+)*"
    r"(make|create|build|draft|generate|write|prepare|produce|put together|start|set up)\b",
    re.I,
)
# What a creation verb makes, by the artefact it names: "make a roadmap" drafts one (the
# "show" tools resemble these requests as much as the "draft" ones).
MADE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(roadmap|implementation plan|timeline)\b", re.I), "draft_roadmap"),
    (
        re.compile(r"\b(proposal|business case|poc|proof[ -]of[ -]concept)\b", re.I),
        "draft_proposal",
    ),
)


def _make_artefact(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    """ "make a roadmap for this journey", "create the proposal": the draft tool."""
    if not MAKE.search(message):
        return None
    name = next((tool for pattern, tool in MADE if pattern.search(message)), None)
    tool = _tool(name, tools) if name else None
    if tool is None:
        return None
    found = slot_mod.extract(message, journey.live, journey.today, journey.named)
    return Decision("tool", tool, intent.valid_args(tool, intent.build_args(tool, message, found)))


def _tool(name: str, tools: list[Tool]) -> Tool | None:
    found = next((t for t in tools if t.name == name), None)
    return found or get_tool(name)


def _with_file(
    message: str,
    tool: Tool,
    args: dict[str, Any],
    journey: Journey,
    previous: Reading | None,
    *,
    allow_previous: bool = True,
    note: str | None = None,
) -> Decision:
    kind = file_kind(tool)
    if kind is None:
        return Decision("tool", tool, args, note=note)
    if "file" in args:
        return Decision("tool", tool, args, note=note)
    context = previous if allow_previous or PRONOUN_FILE.search(message) else None
    choice = choose_file(message, journey, kind, context)
    if choice.file is not None:
        return Decision("tool", tool, {**args, "file": choice.file.id}, note=note)
    candidates = choice.candidates
    if not candidates:
        return Decision("tool", tool, args, note=note)  # the tool says the journey has no such file
    return Decision(
        "clarify",
        tool,
        args,
        text=f"Which {'file' if kind == 'any' else kind} do you mean?",
        choices=[Choice(ref.name, _naming(message, ref, tool)) for ref in candidates[:6]],
        candidates=candidates[:6],
    )


def _naming(message: str, ref: FileRef, tool: Tool) -> str:
    """The message again, naming the chosen file, for a choice button."""
    if ref.name.lower() in message.lower():
        return message
    return f"{message.rstrip(' ?.!')} — in {ref.name}"


def _follow_up(
    message: str, tools: list[Tool], journey: Journey, previous: Reading
) -> Decision | None:
    chart_only = bool(CHART_WORDS.search(message)) and not content_matches(message, journey)
    if not (followup.looks_like_followup(message) or OTHER_FILE.search(message) or chart_only):
        return None
    tool = _tool(previous.tool, tools)
    if tool is None or tool.destructive:
        return None
    kind = file_kind(tool)
    current = next((f for f in journey.live if f.id == previous.file_id), None)
    if OTHER_FILE.search(message) and current is not None:
        others = [f for f in journey.live if f.id != current.id and fits(f, kind)]
        named, _ambiguous = named_files(message, others)
        shared = [w for w in tokens(stem(current.name)) if w not in GENERIC]
        related = [f for f in others if set(shared) & set(tokens(stem(f.name)))]
        # "the other file with balances": of the other files, those holding what it names.
        described = OTHER_FILE.sub(" ", message)
        holding = [r for _n, r in content_matches(described, journey) if r in others]
        pool = named or holding or related or others
        args = _carry_args(previous)
        if len(pool) == 1:
            return Decision("tool", tool, {**args, "file": pool[0].id}, note=f"on {pool[0].name}")
        return Decision(
            "clarify",
            tool,
            args,
            text="Which other file do you mean?",
            choices=[Choice(f.name, f"the same for {f.name}") for f in pool[:6]],
        )
    chart = bool(CHART_WORDS.search(message))
    if previous.tool in ("ask_data", "chart_data") and current is not None:
        elsewhere, unsure = named_files(message, [f for f in journey.live if fits(f, kind)])
        if (
            elsewhere
            and not unsure
            and elsewhere[0].id != current.id
            and DATA_SHAPE.search(message)
        ):
            # "the raw one - how many of those rows have a comment?": a question of the file
            # it names, not the previous reading changed on the previous file.
            return None
        if not previous.answered and _changes_only(message, current, journey):
            # "split by species?" after a question that was not answered: there is no reading
            # to split, and the bare change asked alone would answer something else. The
            # refused question with the change is tried first (the change may be what it
            # lacked); only if Insights answers that is it asked instead.
            return Decision(
                "clarify",
                _tool("chart_data" if chart else "ask_data", tools),
                {"file": current.id},
                text="The previous question was not answered, so there is nothing to change "
                "yet. Could you ask the whole question again?",
                retry=_with_change(message, previous, current, journey),
            )
        if (
            not previous.answered
            and chart
            and previous.question
            and not match_columns(followup.residue(message), list(current.columns))
        ):
            # "make it a bar chart" of a refused question: drawn only if Insights reads it.
            return Decision(
                "clarify",
                _tool("chart_data", tools),
                {"file": current.id},
                text="The previous question was not answered, so there is nothing to chart "
                "yet. Could you ask the whole question again?",
                retry=_chartable(previous),
            )
    if previous.tool in ("ask_data", "chart_data") and previous.question and current:
        columns = list(current.columns)
        values = journey.values.get(current.id, {})
        if chart and not match_columns(followup.residue(message), columns):
            question = _chartable(previous)
            return _tool_decision("chart_data", tools, current, question, previous)
        change = CHART_FORM.sub(lambda m: "show" if m[5] else " ", message)
        composed = followup.compose(change, previous, columns, values)
        if (
            composed is None
            and set(tokens(message)) & followup.ROW_PRONOUNS
            and DATA_SHAPE.search(message)
        ):
            if not previous.answered:
                # "whats their average weight" after a question that was not answered: who
                # "they" are is unknown, and the whole table's figure would be a wrong answer.
                return Decision(
                    "clarify",
                    text="The previous question was not answered, so I can't tell which rows "
                    "you mean. Could you ask again, naming them?",
                )
            composed = followup.with_previous_filters(message, previous)
        if composed is not None:
            name = "chart_data" if chart else "ask_data"
            return _tool_decision(name, tools, current, composed, previous)
    named, ambiguous = named_files(message, [f for f in journey.live if fits(f, kind)])
    if named and kind is not None and not _has_other_intent(message, tool, tools):
        if ambiguous:
            return _with_file(message, tool, _carry_args(previous), journey, None)
        return Decision("tool", tool, {**_carry_args(previous), "file": named[0].id})
    why = re.fullmatch(
        r"\s*(why( not)?|how( so| come)?|explain|what does that mean)\s*\??\s*", message, re.I
    )
    if why and current is not None and previous.tool in RANKINGS:
        # "why?" after "which dataset has the worst quality?": that dataset's own report.
        report = _tool(RANKINGS[previous.tool], tools)
        if report is not None:
            return Decision("tool", report, {"file": current.id}, note=f"on {current.name}")
    if why and current is not None:
        return Decision("tool", tool, {**_carry_args(previous), "file": current.id})
    return None


# A ranking over the journey's datasets, and the tool that explains one of them.
RANKINGS = {"compare_quality": "data_quality"}


def _changes_only(message: str, ref: FileRef, journey: Journey) -> bool:
    """A follow-up that only changes a reading: a grouping ("split by species?") or a value
    ("only the european ones"), with no figure of its own to ask."""
    change = followup.residue(message)
    if followup.aggregate_of(change) or CHART_WORDS.search(change):
        return False
    if followup.BY.match(change):
        return True
    hits = followup.value_hits(change, journey.values.get(ref.id, {}))
    return bool(hits) and bool(followup.LEAD.match(message) or len(tokens(change)) <= 3)


def _with_change(message: str, previous: Reading, ref: FileRef, journey: Journey) -> str | None:
    """The refused question with the follow-up's one change: a grouping or a value."""
    if not previous.question:
        return None
    question = previous.question.rstrip(" ?.!")
    change = followup.residue(message)
    by = followup.BY.match(change)
    if by:
        return f"{question} by {by['group']}"
    hits = followup.value_hits(change, journey.values.get(ref.id, {}))
    if not hits:
        return None
    joiner = " and " if re.search(r"\bwhere\b", question, re.I) else " where "
    return question + joiner + " and ".join(f"{column} is {value}" for column, value in hits)


def _chartable(previous: Reading) -> str:
    """The previous question as a chart: a single filtered figure is drawn across its column."""
    interpretation = previous.interpretation
    question = str(previous.question)
    if interpretation.get("group_by") or not interpretation.get("filters"):
        return question
    filters = [str(f) for f in interpretation["filters"]]
    column = followup.filter_column(filters[-1])
    if column is None:
        return question
    return followup.question_text(
        interpretation.get("aggregate"), interpretation.get("measure"), column, filters[:-1]
    )


def _carry_args(previous: Reading) -> dict[str, Any]:
    return {"question": previous.question} if previous.question else {}


def _tool_decision(
    name: str, tools: list[Tool], ref: FileRef, question: str, previous: Reading
) -> Decision | None:
    tool = _tool(name, tools)
    if tool is None:
        return None
    note = question if question != previous.question else None
    return Decision("tool", tool, {"file": ref.id, "question": question}, note=note)


def _has_other_intent(message: str, tool: Tool, tools: list[Tool]) -> bool:
    """Whether the message names another tool's action ("now profile cars.csv")."""
    words = set(tokens(followup.residue(message)))
    return any(t is not tool and set(t.keywords) & words for t in tools)


def _cross_journey(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    across = re.search(
        r"\b(datasets|files|tables|spreadsheets|sheets|which (dataset|file|data|table|sheet)|"
        r"my data|of them|worst|best|rank)\b",
        message,
        re.I,
    ) or (
        # "what are the biggest data problems?": no file named, so all of them.
        re.search(r"\b(biggest|main|top|most serious|largest|key)\b", message, re.I)
        and not named_files(message, journey.live)[0]
    )
    if CROSS_QUALITY.search(message) and across and not _names_a_measure(message, journey):
        tool = _tool("compare_quality", tools)
        if tool is not None:
            return Decision("tool", tool, {})
    if FINDINGS.search(message):
        tool = _tool("journey_findings", tools)
        if tool is not None:
            return Decision("tool", tool, {})
    if REMAINING_WORK.search(message):
        tool = _tool("next_step", tools)
        if tool is not None:
            return Decision("tool", tool, {})
    return _file_overview(message, tools, journey)


# "what's left to do on this project", "what remains to be done": the journey's next steps
# (the words after it say where, not what to review or search).
REMAINING_WORK = re.compile(
    r"^\W*(?:(?:so|and|ok|okay)\W+)*what(?:'s| is| else is)?\s+(?:still\s+)?(?:left|remaining|"
    r"outstanding|remains)(?:\s+(?:to\s+(?:do|be\s+done|finish)|for\s+(?:us|me)))?"
    r"(?:\s+(?:on|in|for|with)\s+(?:this|the|our|my)\s+(?:project|journey|work))?\W*$",
    re.I,
)
# "how are we doing on safety?", "how's the weather data looking?", "the headline numbers for
# sales": an executive's question about one dataset, answered with that file's summary.
EXECUTIVE = re.compile(
    r"\bhow(?:'s|'re| is| are)\s+(?:we|things|it)\s+(?:doing|going|looking)\s+(?:on|with|for|in)\b|"
    r"\bhow(?:'s| is| are)\s+(?:the\s+|our\s+|my\s+)?[\w -]{2,40}?\s+(?:looking|going|doing)\b|"
    r"\b(?:headline|key|top[- ]line|main)\s+(?:numbers|figures|facts|stats|statistics)\b|"
    r"\b(?:highlights|rundown|run-down|snapshot)\s+(?:of|for|on)\b",
    re.I,
)

# A statistic said in the question makes it a data question ("how is the average wait looking").
MEASURE = re.compile(
    r"\b(average|avg|mean|median|total|sum|max\w*|min\w*|highest|lowest|count|how many|"
    r"number of|rate|ratio|share|percent\w*|proportion)\b",
    re.I,
)


def _file_overview(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    """An executive question about the one dataset the message names: that file's summary
    (not the journey's status; with no file or two named, the journey's tools answer)."""
    if not EXECUTIVE.search(message) or CHART_WORDS.search(message) or MEASURE.search(message):
        return None
    datasets = [f for f in journey.live if f.kind == "dataset"]
    named, ambiguous = named_files(message, datasets)
    tool = _tool("summarize_file", tools)
    if len(named) != 1 or ambiguous or tool is None:
        return None
    return Decision("tool", tool, {"file": named[0].id})


QUALITY_NOUN = re.compile(
    r"\b(quality|problems?|issues?|errors?|clean\w*|dirt\w*|mess\w*|gaps?|missing|"
    r"duplicat\w*|attention|fix\w*)\b",
    re.I,
)


def _names_a_measure(message: str, journey: Journey) -> bool:
    """ "which month had the worst nonfarm change": "worst" of a dataset's own column, a data
    question, not the journey's worst quality (which would name quality, problems, gaps …)."""
    if QUALITY_NOUN.search(message):
        return False
    return any(
        column_hits(message, list(ref.columns))
        for ref in journey.live
        if ref.kind == "dataset" and ref.status == "ready"
    )


LISTING = re.compile(
    r"^\W*(?:(?:please|can you|could you|would you)\s+)*(?:list|show(?:\s+me)?|what|which|"
    r"name|tell me|give me)\s+(?:(?:are|is|all|the|my|our|of|these|those)\s+)*"
    r"(?P<noun>files|datasets|data sets|documents|docs|uploads|spreadsheets|tables)\b(?P<rest>.*)$",
    re.I,
)
# Words that may follow "which datasets" when the message only asks what the journey holds.
_LISTING_REST_TEXT = (
    "are is there here in this the my our journey project workspace do did i we have has been "
    "upload uploaded added got so far you see can available loaded currently now all of them "
    "again please"
)
LISTING_REST = frozenset(_LISTING_REST_TEXT.split())
LISTING_KINDS = {
    "datasets": "dataset",
    "data sets": "dataset",
    "spreadsheets": "dataset",
    "tables": "dataset",
    "documents": "document",
    "docs": "document",
}


def _file_listing(message: str, tools: list[Tool]) -> Decision | None:
    """ "which datasets are in this journey?", "list my files": the journey's files, no more.

    Only when the rest of the message asks nothing else of them ("which datasets have
    missing values" is a question about their contents).
    """
    found = LISTING.match(message)
    if found is None or not set(tokens(found.group("rest"))) <= LISTING_REST:
        return None
    tool = _tool("list_files", tools)
    if tool is None:
        return None
    kind = LISTING_KINDS.get(found.group("noun").lower())
    return Decision("tool", tool, {"kind": kind} if kind else {})


_BARE_WORDS_TEXT = "what why how huh eh sorry pardon hmm hm um uh so and then come again"
BARE_WORDS = frozenset(_BARE_WORDS_TEXT.split())
QUESTION_START = re.compile(
    r"^\W*(who|whom|whose|what|what's|whats|when|where|which|why|how|is|are|does|do|did|should|"
    r"must|can|could|would)\b",
    re.I,
)
# A question with one of these words asks the document to be turned into something (a
# workflow, a blueprint, a summary, an export), not what it says.
_DOCUMENT_ACTIONS_TEXT = (
    "workflow workflows diagram convert turn blueprint automate automation ai sop generate "
    "review lessons risks retrospective recommendations summary summarise summarize gist "
    "overview export pdf docx markdown download preview details size status map mapping "
    "roadmap proposal upload uploaded parsed reprocess"
)
DOCUMENT_ACTIONS = frozenset(_DOCUMENT_ACTIONS_TEXT.split())
# "... according to the runbook?", "per the runbook": a question of what the document says,
# though it uses a word such as "status" or "review"; only a request to turn the document into
# something else (these words) is not looked up.
CONTENT_CUE = re.compile(r"\b(according to|as per|per|based on|says?|said)\b", re.I)
_DOCUMENT_CHANGES_TEXT = (
    "workflow workflows diagram convert turn blueprint automate automation sop generate summary "
    "summarise summarize gist overview export pdf docx markdown download roadmap proposal"
)
DOCUMENT_CHANGES = frozenset(_DOCUMENT_CHANGES_TEXT.split())
# Words that leave a question about a document with nothing to look for ("what does the
# runbook say?" asks for its gist).
_SAY_WORDS_TEXT = (
    "what whats what's what’s does do did is are say says said contain contains cover covers "
    "according to it all there in"
)
SAY_WORDS = frozenset(_SAY_WORDS_TEXT.split())


def _document_question(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    """ "who is the incident commander according to the runbook?": what a named document
    says about something is looked up in it (search), not summarised."""
    if not (QUESTION_START.search(message) or message.rstrip().endswith("?")):
        return None
    if SUMMARY_REQUEST.search(message):
        return None
    named, ambiguous = named_files(message, journey.live)
    if not named or ambiguous or named[0].kind != "document":
        return None
    actions = set(tokens(message)) & DOCUMENT_ACTIONS
    if actions and not (CONTENT_CUE.search(message) and not actions & DOCUMENT_CHANGES):
        return None
    query = intent.search_query(_unnamed(message, journey))
    if not set(tokens(query)) - SAY_WORDS:
        return None
    search = _tool("search_content", tools)
    if search is None:
        return None
    return Decision("tool", search, {"query": query})


# "how do I order business cards?": how to do something is what a procedure says, never a
# figure of the data, though a word of it ("cards") names a dataset.
HOW_TO = re.compile(
    r"^\W*(how (do|can|should|would|must) (i|we|you|one|staff|employees)|what(?:'s| is) the "
    r"(process|procedure|way|rule) (for|to|of))\b",
    re.I,
)


def _how_to(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    """A how-to question with no figure asked, looked up in the journey's documents."""
    if not HOW_TO.search(message) or DATA_SHAPE.search(message) or CHART_WORDS.search(message):
        return None
    if not any(f.kind == "document" and f.status == "ready" for f in journey.live):
        return None
    search = _tool("search_content", tools)
    if search is None:
        return None
    return Decision("tool", search, {"query": intent.search_query(_unnamed(message, journey))})


_STOP_TEXT = (
    "a an the is are was were be to of in on at for by with and or it its this that these those "
    "what whats what's which who whom how when where why do does did can could should would i "
    "we you our my your me us there here get gets got have has had any some all"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())


def _look_up(message: str, tools: list[Tool], journey: Journey) -> Decision | None:
    """A question no tool fits, with words worth looking for ("whats the slack command to page
    the IC"), is looked up in the journey's documents; a vague one is asked back."""
    if not QUESTION_START.search(message) or DATA_SHAPE.search(message):
        return None
    if set(tokens(message)) & followup.PRONOUNS or re.search(r"\b(that|this) one\b", message):
        return None  # "what species is that one?" is about an earlier answer
    if not any(f.kind == "document" and f.status == "ready" for f in journey.live):
        return None
    query = intent.search_query(message)
    if len(set(tokens(query)) - STOP_WORDS) < 2:
        return None
    search = _tool("search_content", tools)
    return Decision("tool", search, {"query": query}) if search is not None else None


WHATS_IN = re.compile(
    r"^\W*(what(?:'s|’s|s| is| kind of \w+ is)?\s+(?:in|inside)\b|what does\b|what do\b|"
    r"what(?:'s|’s| is) (?:this|that|the)\b)",
    re.I,
)
SUMMARY_REQUEST = re.compile(
    r"^\W*(?:(?:please|can you|could you)\s+)*(summari[sz]e|sum up|give me (a|the) (summary|gist)"
    r"|(a |the )?(summary|gist|tl;?dr) of)\b",
    re.I,
)
_ABOUT_WORDS_TEXT = (
    "what whats what's what’s s is in inside the my our this that does do contain contains hold "
    "holds have has it data file dataset csv kind of information stuff there about exactly "
    "actually please"
)
ABOUT_WORDS = frozenset(_ABOUT_WORDS_TEXT.split())
QUALITY_TERMS = re.compile(
    r"\b(duplicat\w*|outliers?|invalid|inconsisten\w*|anomal\w*|errors?|typos?|dirty|messy|"
    r"clean|wrong|problems?|issues?)\b",
    re.I,
)
DESCRIBE = re.compile(
    r"^\W*(please\s+|can you\s+|could you\s+)*(describe|profile)\b(?!.*\b(missing|quality)\b)",
    re.I,
)
MISSING_TERMS = re.compile(r"\b(missing|nulls?|blanks?|empty|nans?|gaps)\b", re.I)


def _about_a_file(
    message: str, tools: list[Tool], journey: Journey, previous: Reading | None
) -> Decision | None:
    """What a named file holds ("what's in the cars data?") or what is wrong with it ("any
    duplicates in cars?"): read from the whole message, not by resemblance to examples."""
    named, ambiguous = named_files(message, journey.live)
    if not named:
        return None
    ref = named[0]
    if DESCRIBE.search(message):
        # "describe the bank customers dataset": its profile (a document's summary).
        name = "profile_dataset" if ref.kind == "dataset" else "summarize_file"
        tool = _tool(name, tools)
        if tool is not None:
            found = _with_column(message, _with_file(message, tool, {}, journey, previous), journey)
            return _without_file_name_columns(message, found, journey)
    if SUMMARY_REQUEST.search(message):
        tool = _tool("summarize_file", tools)
        if tool is not None:
            return _with_file(message, tool, {}, journey, previous)
    if WHATS_IN.search(message) and ambiguous:
        # "what's in the sales one?" with two sales files: which, never one picked silently.
        kinds = {ref.kind for ref in named}
        tool = _tool("summarize_file" if kinds == {"document"} else "file_details", tools)
        if tool is not None:
            return _with_file(message, tool, {}, journey, previous)
    if WHATS_IN.search(message) and not ambiguous:
        name_words = set(tokens(stem(ref.name))) | set(tokens(ref.name))
        if not set(tokens(message)) - name_words - ABOUT_WORDS:
            name = "summarize_file" if ref.kind == "document" else "file_details"
            tool = _tool(name, tools)
            if tool is not None:
                return Decision("tool", tool, {"file": ref.id})
    if ref.kind != "dataset" and not ambiguous:
        return None
    if MISSING_TERMS.search(message):
        name = "missing_values"
    elif QUALITY_TERMS.search(message):
        name = "data_quality"
    else:
        return None
    tool = _tool(name, tools)
    if tool is None:
        return None
    return _with_column(message, _with_file(message, tool, {}, journey, previous), journey)


# A yes/no question ("are we ready for…", "should I…") rather than a request ("can you…").
ASKS_WHETHER = re.compile(
    r"^\W*(are|is|am|do|does|did|should|shall|have|has|was|were|must)\b(?! you\b)", re.I
)
FILE_FACTS = (
    (re.compile(r"\b(files|datasets|documents)\b", re.I), "list_files"),
    (
        re.compile(r"\bcolumns?\b.*\b(have|has|are there|count)\b|\bhow many columns\b", re.I),
        "profile_dataset",
    ),
    (re.compile(r"\bduplicat", re.I), "data_quality"),
    (re.compile(r"\b(missing|nulls?|blanks?|empty)\b", re.I), "missing_values"),
)
FILE_TOOL_MARGIN = 0.12
# Tools over every dataset at once: chosen when the message asks across the journey
# (``_cross_journey``), never by resemblance (it would answer "check that file" for all).
CROSS_JOURNEY_ONLY = {"compare_quality"}
SEARCH = re.compile(
    r"^\s*(please\s+)?(search|look up|look for|find (where|mentions?|passages?))\b|"
    r"\bwhere (does|do|did) .{1,60}\b(mention|talk|say|cover)",
    re.I,
)
AGGREGATE = re.compile(
    r"\b(average|avg|mean|median|total|sum|max|maximum|min|minimum|highest|lowest|largest|"
    r"smallest)\b",
    re.I,
)
ROWS = re.compile(r"\b(rows|records|entries|lines|observations)\b", re.I)
# "the heaviest car", "the fastest one": a figure of the file's rows, whichever column it needs.
SUPERLATIVE = re.compile(
    r"\b(heaviest|lightest|hottest|coldest|warmest|wettest|driest|longest|shortest|biggest|"
    r"fastest|slowest|oldest|youngest|newest|earliest|latest|cheapest|dearest|tallest|"
    r"richest|poorest|busiest|deadliest|most|least|"
    r"highest|lowest|largest|smallest|best|worst|(first|last)(?! \d))\b",
    re.I,
)


def _data_question(message: str, journey: Journey, previous: Reading | None) -> Decision | None:
    chart = bool(CHART_WORDS.search(message))
    if not (DATA_SHAPE.search(message) or chart or _looks_up_a_cell(message, journey)):
        return None
    datasets = [f for f in journey.live if f.kind == "dataset" and f.status == "ready"]
    named, ambiguous = named_files(message, datasets)
    if not chart and re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", message, re.I):
        for pattern, name in FILE_FACTS:
            if pattern.search(message) and (name != "list_files" or not named):
                fact_tool = get_tool(name)
                if fact_tool is not None:
                    return _with_column(
                        message, _with_file(message, fact_tool, {}, journey, previous), journey
                    )
    matches = content_matches(message, journey)
    if not matches:
        asks_a_figure = (
            ROWS.search(message)
            or _counts_the_file(message)
            or AGGREGATE.search(message)
            or SUPERLATIVE.search(message)
        )
        if not (named and asks_a_figure):
            return None
        # Several files fit ("the heaviest penguin" with two penguin files): the question
        # goes on, and the reply asks which file with the candidates as choices.
        matches = [(0, ref) for ref in (named if ambiguous else named[:1])]
    if named and not ambiguous and not any(r is named[0] for _n, r in matches):
        return None
    name = "chart_data" if chart else "ask_data"
    tool = get_tool(name)
    if tool is None:
        return None
    decision = _with_file(message, tool, {}, journey, previous)
    if decision.kind == "tool":
        ref = next(f for f in datasets if f.id == decision.args["file"])
        decision.args["question"] = question_for(message, ref, journey)
    else:
        decision.args["question"] = message
    return decision


_A_DATE = re.compile(r"\b(?:19|20)\d\d(?:[-/]\d\d?(?:[-/]\d\d?)?)?\b")


def _looks_up_a_cell(message: str, journey: Journey) -> bool:
    """ "what was retail trade employment in 2015-12-01": a question naming a dataset's column
    and a date or value of it asks for the figure in that row, though no aggregate is named."""
    if not QUESTION_START.search(message) or QUALITY_NOUN.search(message):
        return False
    for ref in journey.live:
        if ref.kind != "dataset" or ref.status != "ready":
            continue
        if not column_hits(message, list(ref.columns)):
            continue
        values = journey.values.get(ref.id, {})
        if _A_DATE.search(message) or followup.value_hits(message, values):
            return True
    return False


def _value_question(message: str, journey: Journey, previous: Reading | None) -> Decision | None:
    """A question no tool fits that names a value of one dataset ("what was AAPL trading at on
    Jan 1 2010", "nuclear generation in 2010?"): a question of that data, asked of Insights,
    not a search of the documents or "not sure". A value is named whole, or by a word only
    one of its file's values has ("nuclear" for ``Nuclear Energy``)."""
    if not (QUESTION_START.search(message) or message.rstrip().endswith("?")):
        return None
    if followup.looks_like_followup(message):
        return None  # "and from nuclear?": a change of an earlier question, not one of its own
    words = {w for w in tokens(message) if w.isalpha()} - STOP_WORDS
    owners = []
    for ref in journey.live:
        if ref.kind != "dataset" or ref.status != "ready":
            continue
        values = journey.values.get(ref.id, {})
        own = {w for c in ref.columns for w in tokens(c.replace("_", " "))}
        by_word: dict[str, set[str]] = {}
        for column_values in values.values():
            for value in column_values:
                for word in tokens(value):
                    by_word.setdefault(word, set()).add(value)
        distinctive = {w for w in words - own if len(w) >= 4 and len(by_word.get(w, ())) == 1}
        if followup.value_hits(message, values) or distinctive:
            owners.append(ref)
    ask = get_tool("ask_data")
    if len(owners) != 1 or ask is None:
        return None
    ref = owners[0]
    question = question_for(message, ref, journey)
    return Decision("tool", ask, {"file": ref.id, "question": question})


def _with_column(message: str, decision: Decision, journey: Journey) -> Decision:
    """The one column the message names, for a tool that looks at one column."""
    tool = decision.tool
    if decision.kind != "tool" or tool is None or "column" not in tool.args.model_fields:
        return decision
    ref = next((f for f in journey.live if f.id == decision.args.get("file")), None)
    if ref is not None:
        columns = sorted(column_hits(question_for(message, ref, journey), list(ref.columns)))
        if len(columns) == 1:
            decision.args["column"] = columns[0]
    return decision


def _counts_the_file(message: str) -> bool:
    """ "how many penguins are in penguins.csv": counting what the file holds."""
    return bool(re.search(r"^\W*how many \w+( are| is)?( there)?( in)?\b", message, re.I))


def _unnamed(message: str, journey: Journey) -> str:
    """A search topic without the file it names: "search the runbook for X" looks for X."""
    named, _ambiguous = named_files(message, journey.live)
    text = message
    for ref in named:
        words = [w for w in tokens(stem(ref.name)) if w not in GENERIC]
        text = re.sub(re.escape(ref.name), " ", text, flags=re.I)
        if words:
            pattern = "|".join(re.escape(w) for w in words)
            text = re.sub(rf"\b(in |of )?(the )?({pattern})\b( for)?", " ", text, flags=re.I)
    if len(set(tokens(text)) - STOP_WORDS - SAY_WORDS) == 1:
        # "who owns a postmortem": one word is too little to look for, so the name is part of
        # the topic (with no word left, nothing is asked: "what does the runbook say?").
        return message
    return " ".join(text.split()) or message


def _ranked(
    message: str,
    agent: str,
    tools: list[Tool],
    journey: Journey,
    previous: Reading | None,
) -> Decision:
    found = intent.understand(
        message,
        [t for t in tools if t.name not in CROSS_JOURNEY_ONLY],
        agent,
        journey.live,
        journey.today,
        journey.named,
        None,
    )
    if found is None:
        named, ambiguous = named_files(message, journey.live)
        describe = _tool("summarize_file", tools)
        if named and not ambiguous and describe is not None:
            # "what does the incident runbook say?": a file and no other request is about
            # what the file holds.
            return Decision("tool", describe, {"file": named[0].id})
        valued = _value_question(message, journey, previous)
        if valued is not None:
            return valued
        looked_up = _look_up(message, tools, journey)
        if looked_up is not None:
            return looked_up
        return Decision("clarify", text="I'm not sure what you mean.")
    tool = found.tool
    if tool.name == "search_content":
        # Looking the words up in the documents by resemblance, though the question names a
        # value of a dataset ("what was AAPL trading at on Jan 1 2010"): a question of the data.
        valued = _value_question(message, journey, previous)
        if valued is not None:
            return valued
    named, _ambiguous = named_files(message, journey.live)
    if named and file_kind(tool) is None and "journey" in tool.description.lower():
        # A message naming a file is about that file, not the whole journey: "summarise the
        # incident runbook" is a file summary, though "summarise" alone reads as the journey's.
        near = [
            t
            for name, score in found.alternatives
            if score >= found.score - FILE_TOOL_MARGIN
            and (t := _tool(name, tools)) is not None
            and file_kind(t) is not None
        ]
        if near:
            tool = near[0]
            found.args = intent.build_args(tool, message, found.slots)
    if _only_resembles(message, tool, journey):
        return Decision("clarify", text="I'm not sure what you mean.")
    if tool.writes and ASKS_WHETHER.search(message):
        # "are we ready for the proposal?" asks for advice, not for a proposal to be drafted:
        # nothing is made that the message did not ask for.
        advice = _tool("next_step", tools)
        if advice is not None:
            return Decision("tool", advice, {})
        return Decision(
            "clarify",
            text=f"Do you want me to {tool.description[:1].lower()}"
            f"{tool.description[1:].rstrip('.')}?",
        )
    args = {k: v for k, v in found.args.items() if k != "file"}
    return _without_file_name_columns(
        message, _with_file(message, tool, args, journey, previous), journey
    )


def _only_resembles(message: str, tool: Tool, journey: Journey) -> bool:
    """ "show me something interesting" resembles "show me the proposal" by its form alone: a
    viewer of one artefact (``show_…``) none of whose own words (name, keywords) the message
    uses, about no file, is not what was asked for."""
    if not tool.name.startswith("show_"):
        return False
    words = {w.rstrip("s") for w in tokens(message)} - STOP_WORDS
    noun = tool.name.removeprefix("show_").replace("_", " ")  # what it shows, not "show"
    own = {w.rstrip("s") for w in (*tool.keywords, *tokens(noun))}
    if words & own or named_files(message, journey.live)[0]:
        return False
    return not content_matches(message, journey)


def _without_file_name_columns(message: str, decision: Decision, journey: Journey) -> Decision:
    """Columns only the file's name named are left out: "profile the weather data" profiles
    seattle-weather.csv, not its ``weather`` column."""
    ref = next((f for f in journey.live if f.id == decision.args.get("file")), None)
    if ref is None or not ({"column", "columns"} & set(decision.args)):
        return decision
    columns = list(ref.columns)
    only_the_name = column_hits(message, columns) - column_hits(
        without_file_words(message, ref, journey), columns
    )
    args = dict(decision.args)
    if args.get("column") in only_the_name:
        del args["column"]
    if isinstance(args.get("columns"), list):
        args["columns"] = [c for c in args["columns"] if c not in only_the_name]
        if not args["columns"]:
            del args["columns"]
    decision.args = args
    return decision

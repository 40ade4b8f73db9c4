"""What a message is, before which tool: a destructive request, small talk, or out of scope.

These are decided from the whole message, not a keyword in it: a destructive verb counts only
when it is an instruction (not negated, not inside a question about something else), and a
message is out of scope only when it asks for something no tool of the product does (world
facts, live information, errands, creative writing, code) and does not name the journey's
own material.
"""

from __future__ import annotations

import re

from symphainy.agents.slots import tokens

_NEGATION = re.compile(r"\b(don'?t|do not|never|not|without|no need to|stop)\b\s+(\w+\s+){0,2}$")
DESTRUCTIVE_VERBS: dict[str, re.Pattern[str]] = {
    "delete_file": re.compile(
        r"\b(delete|remove|erase|trash|purge|wipe|discard|get rid of|throw away|throw out|"
        r"drop the|bin the)\b",
        re.I,
    ),
    "archive_file": re.compile(r"\b(archive|shelve)\b", re.I),
}
_ACK_WORD = (
    r"(ok(ay)?|yes|yep|yeah|sure|fine|great|cool|thanks?( you)?( (so|very) much)?|thank you|ty|"
    r"nice|awesome|excellent|brilliant|much appreciated|got it|alright|all right|perfect|no|"
    r"nope|cancel|never ?mind|do it|go ahead|sounds good|that'?s?( (very|really|so))? "
    r"(helpful|great|useful|perfect|fine|clear|all|it|what i needed|enough))"
)
_ACK = re.compile(rf"^\s*{_ACK_WORD}\b([\s!.,]*{_ACK_WORD}\b)*[\s!.,]*$", re.I)
_CANCEL = re.compile(r"^\s*(no|nope|cancel|stop|abort|don'?t|do not|never ?mind)\b", re.I)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|howdy)\b"
    r"(\s+there)?[\s!.,]*$",
    re.I,
)
_HELP = re.compile(
    r"^\s*(help|\?+|what can (you|u) do( for me)?|what do you do|who are you|"
    r"how (do|can) (you|i) (help|use (this|you))|what are (you|your capabilities)|"
    r"what can i (ask|do here))\b[\s?!.]*$",
    re.I,
)
# Requests no tool of the product serves. Each pattern is a kind of request, not a phrasing
# from a test set: live or world facts, errands in other systems, creative writing, code.
OUT_OF_SCOPE: dict[str, re.Pattern[str]] = {
    "live or world facts": re.compile(
        r"\b(weather (in|at|for) [A-Z]\w+|weather today|news|stock price|share price|"
        r"exchange rate|capital of|population of|president of|prime minister|who won|"
        r"world cup|super bowl|election|what time is it|time in [A-Z]\w+|score of)\b",
        re.I,
    ),
    "a forecast of the future": re.compile(
        r"\b(will it (rain|snow|be)|tomorrow|next week'?s? weather|predict the future|"
        r"lottery)\b",
        re.I,
    ),
    "an errand outside this product": re.compile(
        r"\b(book (me )?(a|an)? ?(flight|hotel|table|room|taxi|meeting)|order (a |some )?"
        r"(pizza|food|lunch|coffee)|send (an? )?(email|e-mail|message|text|sms)|"
        r"call (my|the)|buy (me )?|pay (my|the)|remind me (to|at|in|on|tomorrow|next)|set an alarm|"
        r"schedule a meeting)\b"
        r"|\b(email|e-mail|text|sms|slack|tweet|whatsapp|fax|forward)\b.{0,30}\bto (my|our|the|"
        r"him|her|them|my team|everyone)\b|\b(post|share|publish) .{0,30}\bon (linkedin|twitter|"
        r"facebook|slack|teams|instagram)\b",
        re.I,
    ),
    "creative writing": re.compile(
        r"\b(poem|joke|song|story|haiku|limerick|essay|recipe|sing)\b", re.I
    ),
    "translation": re.compile(r"\btranslate\b", re.I),
    "renaming or editing files (do it on the Content page)": re.compile(
        r"^\W*(please\s+|can you\s+|could you\s+)*(rename|edit|modify|change the name of)\b",
        re.I,
    ),
    "writing code": re.compile(
        r"\b(write|give|make)\b.{0,20}\b(python|javascript|java|c\+\+|rust|bash|"
        r"script|program|code|function|regex)\b",
        re.I,
    ),
}


def destructive_request(message: str) -> str | None:
    """The destructive tool the message asks for, if it asks (not negated) for one."""
    for tool, pattern in DESTRUCTIVE_VERBS.items():
        for match in pattern.finditer(message):
            before = message[: match.start()].lower()
            if _NEGATION.search(before):
                continue
            return tool
    return None


def asks_for(tool_name: str, message: str) -> bool:
    """Whether the user's own message asks for this destructive tool."""
    return destructive_request(message) == tool_name


def is_acknowledgement(message: str) -> bool:
    return bool(_ACK.match(message))


def is_cancel(message: str) -> bool:
    return bool(_CANCEL.match(message))


def is_greeting(message: str) -> bool:
    return bool(_GREETING.match(message))


def is_help(message: str) -> bool:
    return bool(_HELP.match(message))


def out_of_scope(message: str, journey_words: set[str]) -> str | None:
    """What kind of out-of-scope request this is, or None.

    A question about live or world facts that names the journey's own files, columns or
    values ("the news in the runbook") is in scope, unless it names a place the journey
    does not know ("the weather in Paris").
    """
    words = set(tokens(message))
    for kind, pattern in OUT_OF_SCOPE.items():
        if not pattern.search(message):
            continue
        if kind == "live or world facts" and words & journey_words:
            # "weather in Paris": "weather" is a column here, but Paris is nothing of ours.
            place = re.search(r"\b(?:in|at|for) ([A-Z]\w+)", message)
            if not place or place[1].lower() in journey_words:
                continue
        return kind
    return None

"""Intent matching for the offline engine: which tool a request means, and with what arguments.

Each tool is described by its description and example phrasings. A request is compared with
them by sentence-embedding similarity (all-MiniLM-L6-v2, shipped in a package) plus keyword
hits; misspelt words are first corrected against the tools' own vocabulary so "qualty" counts
as "quality". Arguments come from slots (``agents.slots``) matched to the journey's artefacts.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from symphainy.agents import slots as slot_mod
from symphainy.agents.artefacts import FileRef, stem
from symphainy.agents.slots import Slots, tokens
from symphainy.agents.tools import Tool
from symphainy.core.errors import ServiceUnavailable
from symphainy.core.logging import get_logger

log = get_logger(__name__)

KEYWORD_WEIGHT = 0.12
AGENT_BONUS = 0.06
MIN_SCORE = 0.42
SLOT_BONUS = 0.1
# A message that fills one of these slots points at the tools taking that argument.
DISTINCTIVE_SLOTS = {
    "format": "format",
    "start_date": "date",
    "horizon_months": "months",
    "status": "status",
}
_COMMAND_WORDS_TEXT = (
    "search find look up for where do we does the documents docs files mention mentions say "
    "says about talk in of please can you me show what anything something any our is are "
    "there tell us i"
)
_COMMAND_WORDS = frozenset(_COMMAND_WORDS_TEXT.split())


@dataclass
class Intent:
    tool: Tool
    score: float
    args: dict[str, Any]
    slots: Slots
    alternatives: list[tuple[str, float]] = field(default_factory=list)


class _Index:
    """Embeddings of every tool's phrasings, computed once per set of tools."""

    def __init__(self, tools: list[Tool]) -> None:
        self.tools = tools
        self.owner: list[int] = []
        texts: list[str] = []
        for i, tool in enumerate(tools):
            for text in (tool.description, *tool.examples):
                texts.append(text.lower())
                self.owner.append(i)
        self.texts = texts
        self.vocabulary = sorted(
            {w for t in texts for w in tokens(t) if len(w) > 3}
            | {k for tool in tools for k in tool.keywords}
        )
        self.vectors: np.ndarray[Any, np.dtype[np.float32]] | None = None
        try:
            self.vectors = _encode(texts)
        except ServiceUnavailable as exc:
            # Only a missing or broken model (``EmbeddingsUnavailable``) degrades to fuzzy
            # text similarity, and says so in the log; any other error is a bug and surfaces.
            log.warning("agents.intent_without_embeddings", reason=str(exc))

    def similarity(self, text: str) -> list[float]:
        """Per tool, the best similarity of ``text`` with its description or examples."""
        best = [0.0] * len(self.tools)
        if self.vectors is not None:
            from symphainy.content.embeddings import get_embedder

            query = get_embedder().encode([text])[0]
            scores = self.vectors @ query
        else:
            scores = np.array([fuzz.token_set_ratio(text, t) / 100.0 for t in self.texts])
        for owner, score in zip(self.owner, scores.tolist(), strict=True):
            best[owner] = max(best[owner], float(score))
        return best


_lock = threading.Lock()
_indexes: dict[tuple[str, ...], _Index] = {}
_vectors: dict[str, np.ndarray[Any, np.dtype[np.float32]]] = {}


def _encode(texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """Embeddings of ``texts``, each phrasing encoded once per process whichever agent uses it."""
    from symphainy.content.embeddings import get_embedder

    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing:
        for text, vector in zip(missing, get_embedder().encode(missing), strict=True):
            _vectors[text] = vector
    return np.vstack([_vectors[t] for t in texts])


def _index(tools: list[Tool]) -> _Index:
    key = tuple(sorted(t.name for t in tools))
    with _lock:
        index = _indexes.get(key)
        if index is None:
            index = _indexes[key] = _Index(tools)
        return index


_warming = threading.Event()


def warm_up(agent_tools: list[list[Tool]]) -> None:
    """Load the embedding model and index every agent's phrasings in a background thread.

    The first request would otherwise pay for it (a few seconds); the chat panel asks for the
    agents' capabilities when a page opens, which starts this.
    """
    if _warming.is_set():
        return
    _warming.set()

    def run() -> None:
        for tools in agent_tools:
            _index(tools)

    threading.Thread(target=run, name="intent-warm-up", daemon=True).start()


def correct_typos(message: str, vocabulary: list[str]) -> str:
    """Replace words that are near-misses of the tools' vocabulary ("qualty" -> "quality")."""
    known = set(vocabulary)
    out = []
    for word in tokens(message):
        if len(word) >= 4 and word not in known and not word.isdigit():
            match = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=84)
            if match is not None:
                word = match[0]
        out.append(word)
    return " ".join(out)


def _keyword_hits(tool: Tool, words: list[str]) -> int:
    return sum(1 for k in tool.keywords if k in words)


def mask_names(message: str, names: list[str]) -> str:
    """The message with the words of the artefact names it mentions replaced by "it".

    What a request asks for does not depend on what the file is called: "archive the travel
    policy" is an archive request, however much "travel policy" sounds like a search.
    """
    name_words = {
        w for name in names for w in tokens(stem(name)) if w not in slot_mod.GENERIC and len(w) > 2
    }
    out: list[str] = []
    for word in tokens(message):
        if any(word == n or (len(word) >= 4 and fuzz.ratio(word, n) >= 80) for n in name_words):
            # "it", not "file": "file" would read as a request about files ("list files").
            if not out or out[-1] != "it":
                out.append("it")
        else:
            out.append(word)
    return " ".join(out)


def rank(
    message: str,
    tools: list[Tool],
    agent: str,
    names: list[str] | None = None,
    slots: Slots | None = None,
) -> list[tuple[Tool, float]]:
    """Tools by how well they fit ``message``, best first."""
    index = _index(tools)
    corrected = correct_typos(mask_names(message, names or []), index.vocabulary)
    words = corrected.split()
    similarity = index.similarity(corrected)
    scored = []
    for tool, sim in zip(index.tools, similarity, strict=True):
        score = sim + KEYWORD_WEIGHT * min(_keyword_hits(tool, words), 2)
        if slots is not None and any(
            getattr(slots, slot) is not None
            for arg, slot in DISTINCTIVE_SLOTS.items()
            if arg in tool.args.model_fields
        ):
            score += SLOT_BONUS
        if tool.agent == agent:
            score += AGENT_BONUS
        scored.append((tool, round(score, 4)))
    scored.sort(key=lambda pair: -pair[1])
    return scored


def search_query(message: str) -> str:
    """The topic of a search request: the message without its command words."""
    words = [w for w in re.findall(r"[\w'’-]+", message) if w.lower() not in _COMMAND_WORDS]
    return " ".join(words) or message.strip()


def build_args(tool: Tool, message: str, slots: Slots) -> dict[str, Any]:
    """The tool's arguments filled from the slots; fields the message does not fill are left out."""
    fields = tool.args.model_fields
    args: dict[str, Any] = {}
    files = [f.name for f in slots.files]
    for name in fields:
        value: Any = None
        if name in ("file", "source_file") and files:
            value = files[0]
        elif name == "target_file" and len(files) > 1:
            value = files[1]
        elif name == "column" and slots.columns:
            value = slots.columns[0]
        elif name == "columns" and slots.columns:
            value = slots.columns
        elif name == "start_date" and slots.date:
            value = slots.date.isoformat()
        elif name in ("horizon_months", "months") and slots.months:
            value = slots.months
        elif name in ("question", "text", "message"):
            value = message.strip()
        elif name == "query":
            value = search_query(message)
        elif name in ("format", "status", "kind"):
            value = getattr(slots, name)
        elif name in ("rows", "limit", "top") and slots.count:
            value = slots.count
        elif name in ("workflow", "roadmap", "proposal"):
            value = next((aid for kind, aid in slots.names if kind == name), None)
        if value is not None:
            args[name] = value
    return args


def understand(
    message: str,
    tools: list[Tool],
    agent: str,
    files: list[FileRef],
    today: date,
    named: list[tuple[str, str, str]] | None = None,
    context_file: str | None = None,
) -> Intent | None:
    """The tool ``message`` asks for with its arguments, or None when nothing fits well."""
    slots = slot_mod.extract(message, files, today, named)
    # Titles that are only a kind word ("roadmap", "proposal") say what is asked for, not
    # which one: masking them would turn "draft a roadmap" into "draft a it".
    mentioned = [f.name for f in slots.files] + [
        title
        for kind, aid, title in named or []
        if (kind, aid) in slots.names and title.strip().lower() != kind
    ]
    ranked = rank(message, tools, agent, mentioned, slots)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if not slots.files and context_file:
        # "and how many rows does it have?" refers to the file the conversation is about.
        slots.files = [f for f in files if f.name == context_file]
    tool, score = ranked[0]
    args = valid_args(tool, build_args(tool, message, slots))
    return Intent(tool, score, args, slots, alternatives=[(t.name, s) for t, s in ranked[1:4]])


def valid_args(tool: Tool, args: dict[str, Any]) -> dict[str, Any]:
    """``args``, or the largest part of them the tool's model accepts."""
    try:
        tool.args.model_validate(args)
    except ValidationError:
        return _valid_subset(tool.args, args)
    return args


def _valid_subset(model: type[BaseModel], args: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in args.items():
        try:
            model.model_validate({**kept, key: value})
        except ValidationError as exc:
            if any(err["loc"] and err["loc"][0] == key for err in exc.errors()):
                continue
        kept[key] = value
    return kept

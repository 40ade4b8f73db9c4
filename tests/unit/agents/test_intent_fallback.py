"""Intent matching falls back to fuzzy text only when the embedding model is unavailable."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from symphainy.agents import intent
from symphainy.agents.tools import AGENTS, Tool, tools_for
from symphainy.content.embeddings import EmbeddingsUnavailable


def _tools() -> list[Tool]:
    return tools_for(next(iter(AGENTS)))


def test_a_missing_model_degrades_to_fuzzy_matching_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(texts: list[str]) -> None:
        raise EmbeddingsUnavailable("the sentence-embedding model is not installed")

    monkeypatch.setattr(intent, "_encode", missing)
    with capture_logs() as logs:
        index = intent._Index(_tools())
    assert index.vectors is None
    assert any(e["event"] == "agents.intent_without_embeddings" for e in logs)
    assert len(index.similarity("show me the data")) == len(index.tools)


def test_a_bug_in_encoding_is_not_hidden_behind_fuzzy_matching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(texts: list[str]) -> None:
        raise TypeError("encode() takes a sequence of texts, not a single string")

    monkeypatch.setattr(intent, "_encode", broken)
    with pytest.raises(TypeError):
        intent._Index(_tools())

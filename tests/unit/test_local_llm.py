"""The optional local model only rewords; it never drafts SQL, workflows or tool calls."""

from __future__ import annotations

import importlib.util

import pytest

from symphainy.config import Settings
from symphainy.insights import llm_reword
from symphainy.llm import build_provider, can_draft, can_reword

LOCAL = Settings(SYMPHAINY_ENV="test", LLM_PROVIDER="local")
HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None


def test_local_is_a_rewording_model_only() -> None:
    assert build_provider(LOCAL) is None
    assert not can_draft(LOCAL) and can_reword(LOCAL)
    assert can_draft(Settings(SYMPHAINY_ENV="test", LLM_PROVIDER="openai"))


@pytest.mark.skipif(HAS_LLAMA, reason="checks the message shown when the extra is missing")
def test_without_the_extra_the_computed_text_stays_and_says_why() -> None:
    outcome = llm_reword.reword(LOCAL, {"kind": "dataset", "text": "4 rows and 3 columns."})
    assert outcome["used"] is False
    assert "symphainy[local-llm]" in outcome["reason"]


@pytest.mark.skipif(not HAS_LLAMA, reason="the optional local-llm extra is not installed")
def test_the_shipped_model_rewords_and_numbers_are_checked() -> None:
    outcome = llm_reword.reword(
        LOCAL,
        {
            "kind": "dataset",
            "text": "The dataset has 1,200 rows and 8 columns. 3 columns have missing values.",
        },
    )
    assert outcome.get("model", "").startswith("local:")
    if outcome["used"]:
        assert {"1,200", "8", "3"} <= set(outcome["text"].replace(",", " , ").split()) or all(
            n in outcome["text"] for n in ("1,200", "8", "3")
        )
    else:
        assert "added numbers" in outcome["reason"] or "left out" in outcome["reason"]

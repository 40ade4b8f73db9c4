"""Summaries reworded by a configured language model, without new facts.

The deterministic summary stays the source of truth: its sentences, fact ids and key points are
kept as they are. The model only rewrites the prose, and its text is accepted only if it
carries exactly the figures of the deterministic text (none added, none dropped); otherwise
the deterministic text is shown with the reason.
"""

from __future__ import annotations

import re
from typing import Any

from symphainy.config import Settings
from symphainy.llm.base import ProviderError
from symphainy.llm.complete import reword as model_reword

SYSTEM = (
    "Rewrite the given data summary as one short paragraph for a business executive. Do "
    "not add any fact, number, name or judgement that is not in the text. Answer with the "
    "paragraph only."
)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def source_text(summary: dict[str, Any]) -> str:
    if summary.get("kind") == "document":
        points = " ".join(p["text"] for p in summary.get("key_points", []))
        return f"{summary.get('overview', '')} {points}".strip()
    return str(summary.get("text", ""))


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def reword(settings: Settings, summary: dict[str, Any]) -> dict[str, Any]:
    """``{"used", "model", "text"}`` or ``{"used": False, "reason"}``; never raises."""
    original = source_text(summary)
    if not original:
        return {"used": False, "reason": "there is no text to reword"}
    try:
        reply = model_reword(settings, SYSTEM, original, max_tokens=500)
    except ProviderError as exc:
        return {
            "used": False,
            "transient": True,
            "reason": f"the model did not answer ({exc.reason})",
        }
    text = " ".join(reply.text.split())
    model = reply.model or settings.LLM_MODEL
    if not text:
        return {"used": False, "reason": "the model returned no text"}
    invented = sorted(_numbers(text) - _numbers(original))
    if invented:
        return {
            "used": False,
            "model": model,
            "reason": f"the model's wording added numbers not in the data "
            f"({', '.join(invented[:5])}); the computed text is shown",
        }
    dropped = sorted(_numbers(original) - _numbers(text))
    if dropped:
        return {
            "used": False,
            "model": model,
            "reason": f"the model's wording left out computed figures "
            f"({', '.join(dropped[:5])}); the computed text is shown",
        }
    return {"used": True, "model": model, "text": text}

"""Pillar paths that use a configured language model: what it drafts is checked, never trusted.

The model is a scripted OpenAI-compatible server on loopback (real HTTP, streamed).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from tests.integration.conftest import User, make_user
from tests.unit.agents.llm_servers import ScriptedServer, status, text

CSV = b"order_id,region,amount\nA-1,North,120.5\nA-2,South,80\nA-3,North,42.5\nA-4,East,310\n"
SOP = (
    "1. The Clerk receives the claim.\n2. The Clerk checks the policy.\n"
    "3. The Manager approves the payment.\n"
)


@pytest.fixture
def model() -> Iterator[ScriptedServer]:
    server = ScriptedServer("openai").start()
    yield server
    server.stop()


@pytest.fixture
def llm_user(settings: Settings, model: ScriptedServer) -> Iterator[User]:
    llm = settings.model_copy(
        update={
            "LLM_PROVIDER": "openai",
            "LLM_BASE_URL": model.base_url,
            "LLM_MODEL": "fake-gpt",
            "LLM_RETRY_BACKOFF_SECONDS": 0.01,
            "LLM_TIMEOUT_SECONDS": 2.0,
            "LLM_MAX_RETRIES": 1,
        }
    )
    with TestClient(create_app(llm), raise_server_exceptions=False) as client:
        yield make_user(client, "Model User")


def _dataset(user: User) -> str:
    journey = user.api("POST", "/api/v1/journeys", json={"title": "LLM"}).json()["id"]
    file = user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("orders.csv", io.BytesIO(CSV), "text/csv")},
    ).json()
    return str(file["id"])


def _ask(user: User, file_id: str, question: str) -> dict[str, Any]:
    r = user.api("POST", f"/api/v1/files/{file_id}/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_the_models_query_is_checked_run_and_answered_from_the_rows(
    llm_user: User, model: ScriptedServer
) -> None:
    file_id = _dataset(llm_user)
    model.script(
        text(
            '```sql\nSELECT "region", sum("amount") AS total FROM data '
            'GROUP BY "region" ORDER BY total DESC\n```'
        )
    )
    answer = _ask(llm_user, file_id, "total amount per region?")
    assert answer["method"] == "llm" and answer["model"] == "fake-gpt"
    assert answer["evidence"]["rows"][0] == ["East", 310.0]
    assert "East" in answer["answer"] and "310" in answer["answer"]
    prompt = model.requests[0]["messages"][-1]["content"]
    assert '"amount"' in prompt and "Question: total amount per region?" in prompt


@pytest.mark.parametrize(
    "hostile",
    [
        "DROP TABLE data",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT 1; DELETE FROM data",
        "COPY data TO '/tmp/stolen.csv'",
    ],
)
def test_a_hostile_draft_is_refused_and_the_deterministic_parser_answers(
    llm_user: User, model: ScriptedServer, hostile: str
) -> None:
    file_id = _dataset(llm_user)
    model.script(text(f"```sql\n{hostile}\n```"))
    answer = _ask(llm_user, file_id, "what is the average amount by region?")
    assert answer["method"] == "deterministic"
    assert "not used" in answer["notice"] and "refused" in answer["notice"]
    assert answer["answered"] is True and "North" in json.dumps(answer["evidence"])


def test_a_draft_that_ignores_part_of_the_question_is_refused(
    llm_user: User, model: ScriptedServer
) -> None:
    file_id = _dataset(llm_user)
    model.script(text('```sql\nSELECT sum("amount") FROM data\n```'))  # drops "North"
    answer = _ask(llm_user, file_id, "total amount in North")
    assert answer["method"] == "deterministic"
    assert "leaves out part of the question" in answer["notice"] and "North" in answer["notice"]
    assert answer["evidence"]["params"] == ["North"]


def test_a_failing_model_falls_back_with_a_notice(llm_user: User, model: ScriptedServer) -> None:
    file_id = _dataset(llm_user)
    model.script(status(500))
    answer = _ask(llm_user, file_id, "how many orders?")
    assert answer["method"] == "deterministic" and "not used" in answer["notice"]


def _journey(user: User) -> str:
    return str(user.api("POST", "/api/v1/journeys", json={"title": "Claims"}).json()["id"])


def test_a_valid_proposed_workflow_is_saved_with_the_models_name(
    llm_user: User, model: ScriptedServer
) -> None:
    graph = {
        "title": "Claims",
        "steps": [
            {"id": "start", "name": "Start", "kind": "start", "next": [{"to": "receive"}]},
            {
                "id": "receive",
                "name": "Receive the claim",
                "kind": "task",
                "actor": "Clerk",
                "next": [{"to": "approve"}],
            },
            {
                "id": "approve",
                "name": "Approve the payment",
                "kind": "task",
                "actor": "Manager",
                "next": [{"to": "end"}],
            },
            {"id": "end", "name": "End", "kind": "end", "next": []},
        ],
    }
    model.script(text("```json\n" + json.dumps(graph) + "\n```"))
    r = llm_user.api(
        "POST",
        f"/api/v1/journeys/{_journey(llm_user)}/workflows",
        json={"text": SOP, "title": "Claims"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["method"] == "llm" and body["model"] == "fake-gpt"
    assert [s["name"] for s in body["steps"] if s["kind"] == "task"] == [
        "Receive the claim",
        "Approve the payment",
    ]


def test_an_invalid_proposal_is_not_saved_and_the_text_is_read_deterministically(
    llm_user: User, model: ScriptedServer
) -> None:
    dangling = {
        "title": "Claims",
        "steps": [{"id": "start", "name": "Start", "kind": "start", "next": [{"to": "nowhere"}]}],
    }
    model.script(text("```json\n" + json.dumps(dangling) + "\n```"))
    r = llm_user.api(
        "POST",
        f"/api/v1/journeys/{_journey(llm_user)}/workflows",
        json={"text": SOP, "title": "Claims"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["method"] == "deterministic"
    assert any("rejected" in note for note in body["notes"])
    assert {"Clerk", "Manager"} <= {a["name"] if isinstance(a, dict) else a for a in body["actors"]}


def test_a_summary_is_reworded_but_keeps_its_facts(llm_user: User, model: ScriptedServer) -> None:
    file_id = _dataset(llm_user)
    model.script(status(503))  # the model is down: the computed summary is shown
    plain = llm_user.api("GET", f"/api/v1/files/{file_id}/summary").json()
    assert plain["method"] == "deterministic" and "did not answer" in plain["llm"]["reason"]
    model.script(text("In short for executives: " + plain["text"]))
    body = llm_user.api("GET", f"/api/v1/files/{file_id}/summary").json()
    assert body["method"] == "llm" and body["model"] == "fake-gpt"
    assert body["text"].startswith("In short for executives:")
    assert body["facts"] and body["sentences"], "the computed facts and their sentences stay"
    assert body["deterministic_text"]


def test_a_rewording_that_invents_numbers_is_not_shown(
    llm_user: User, model: ScriptedServer
) -> None:
    file_id = _dataset(llm_user)
    model.script(text("Revenue grew 47 percent to 9000 euros."))
    body = llm_user.api("GET", f"/api/v1/files/{file_id}/summary").json()
    assert body["method"] == "deterministic"
    assert "added numbers" in body["llm"]["reason"]


def test_a_rewording_that_drops_the_figures_is_not_shown(
    llm_user: User, model: ScriptedServer
) -> None:
    file_id = _dataset(llm_user)
    model.script(text("This is a key performance indicator for the marketing strategy."))
    body = llm_user.api("GET", f"/api/v1/files/{file_id}/summary").json()
    assert body["method"] == "deterministic"
    assert "left out computed figures" in body["llm"]["reason"]

"""The journeys list's request path (issue 19): one trip to the thread pool, rows read as
columns and written straight to JSON, with the same answer, isolation and paging as before."""

from __future__ import annotations

from collections.abc import Iterator

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core.pagination import PageOut
from symphainy.journeys.schemas import JourneyPublic
from tests.integration.conftest import make_user


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_list_answer_matches_its_documented_model(client: TestClient) -> None:
    user = make_user(client)
    created = user.api(
        "POST",
        "/api/v1/journeys",
        json={
            "title": "Onboarding",
            "description": "Faster",
            "goals": ["cut time", "fewer errors"],
        },
    ).json()
    response = user.api("GET", "/api/v1/journeys")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    page = PageOut[JourneyPublic].model_validate_json(response.content)
    # Same bytes as the model would have written, field order included.
    assert response.content == page.__pydantic_serializer__.to_json(page)
    (item,) = page.items
    assert item.model_dump(exclude={"counts", "last_change"}) == JourneyPublic.model_validate(
        created
    ).model_dump(exclude={"counts", "last_change"})
    assert item.counts == {} and item.last_change is None
    with_counts = user.api("GET", "/api/v1/journeys?counts=true").json()["items"][0]["counts"]
    assert with_counts == created["counts"]


def test_list_shows_only_the_callers_workspaces_and_pages(client: TestClient) -> None:
    alice, bob = make_user(client), make_user(client)
    for n in range(3):
        assert alice.api("POST", "/api/v1/journeys", json={"title": f"A{n}"}).status_code == 201
    assert bob.api("POST", "/api/v1/journeys", json={"title": "B"}).status_code == 201
    assert [j["title"] for j in bob.api("GET", "/api/v1/journeys").json()["items"]] == ["B"]
    first = alice.api("GET", "/api/v1/journeys?limit=2").json()
    assert [j["title"] for j in first["items"]] == ["A2", "A1"]
    rest = alice.api("GET", f"/api/v1/journeys?limit=2&cursor={first['next_cursor']}").json()
    assert [j["title"] for j in rest["items"]] == ["A0"] and rest["next_cursor"] is None
    foreign = alice.api("GET", f"/api/v1/journeys?workspace_id={bob.workspace_id}")
    assert foreign.status_code == 404


def test_list_and_read_take_one_thread_pool_trip(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(client)
    journey_id = user.api("POST", "/api/v1/journeys", json={"title": "J"}).json()["id"]
    user.api("GET", "/api/v1/journeys")  # the caller is now in the principal cache
    trips = 0
    real = anyio.to_thread.run_sync

    async def counted(*args: object, **kwargs: object) -> object:
        nonlocal trips
        trips += 1
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    assert user.api("GET", "/api/v1/journeys").status_code == 200
    assert trips == 1
    trips = 0
    one = user.api("GET", f"/api/v1/journeys/{journey_id}")
    assert one.status_code == 200 and one.json()["last_change"] is not None
    assert trips == 1

"""Bad input gets a clear problem+json error and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.conftest import User


def _problem(response: object) -> dict[str, object]:
    r = response
    assert r.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    body = dict(r.json())  # type: ignore[attr-defined]
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert "Traceback" not in str(body)
    return body


def test_malformed_json_is_422(alice: User) -> None:
    r = alice.api(
        "POST",
        "/api/v1/journeys",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    _problem(r)


def test_wrong_types_name_the_field(alice: User) -> None:
    r = alice.api("POST", "/api/v1/journeys", json={"title": 5, "goals": "not a list"})
    assert r.status_code == 422
    body = _problem(r)
    fields = {tuple(e["loc"]) for e in body["errors"]}  # type: ignore[attr-defined]
    assert ("body", "title") in fields and ("body", "goals") in fields


def test_oversize_body_is_413_before_reading(alice: User) -> None:
    big = b'{"title": "' + b"x" * 2_000_000 + b'"}'
    r = alice.api(
        "POST", "/api/v1/journeys", content=big, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert "limit" in _problem(r)["detail"]  # type: ignore[operator]
    assert alice.api("GET", "/api/v1/journeys").json()["items"] == []


def test_unknown_route_and_method_are_problems(app_client: TestClient) -> None:
    assert _problem(app_client.get("/api/v1/nope"))["status"] == 404
    assert _problem(app_client.put("/api/v1/auth/login"))["status"] == 405


def test_anonymous_is_401(app_client: TestClient) -> None:
    r = app_client.get("/api/v1/journeys")
    assert r.status_code == 401
    _problem(r)


def test_invalid_token_is_401(app_client: TestClient) -> None:
    r = app_client.get("/api/v1/journeys", headers={"Authorization": "Bearer sym_forged"})
    assert r.status_code == 401


def test_bad_pagination_is_422(alice: User) -> None:
    assert alice.api("GET", "/api/v1/journeys?limit=0").status_code == 422
    assert alice.api("GET", "/api/v1/journeys?limit=abc").status_code == 422


def test_journey_pagination_with_cursor(alice: User) -> None:
    for i in range(5):
        alice.api("POST", "/api/v1/journeys", json={"title": f"J{i}"})
    first = alice.api("GET", "/api/v1/journeys?limit=3").json()
    assert [j["title"] for j in first["items"]] == ["J4", "J3", "J2"]
    second = alice.api("GET", f"/api/v1/journeys?limit=3&cursor={first['next_cursor']}").json()
    assert [j["title"] for j in second["items"]] == ["J1", "J0"]
    assert second["next_cursor"] is None

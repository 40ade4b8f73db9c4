"""Read-only API tokens read everything their account may see and change nothing, on every
route that knows its caller: the API, the agents' chat and confirm, and the pages."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.integration.conftest import User

JSON = {"Accept": "application/json"}
CSV = b"region,amount\nNorth,10\nSouth,20\n"


def _read_only(user: User, name: str = "dashboard") -> User:
    r = user.api("POST", "/api/v1/auth/tokens", json={"name": name, "scope": "read_only"})
    assert r.status_code == 201, r.text
    assert r.json()["scope"] == "read_only"
    return dataclasses.replace(user, token=r.json()["token"])


def _refused(response: Any, method: str) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/read-only-token")
    assert "read-only" in problem["detail"] and method in problem["detail"]


def _journey(user: User, title: str = "Claims") -> str:
    r = user.api("POST", "/api/v1/journeys", json={"title": title, "goals": ["Pay on time"]})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_tokens_read_and_write_unless_made_read_only(alice: User) -> None:
    tokens = alice.api("GET", "/api/v1/auth/tokens").json()
    assert [t["scope"] for t in tokens] == ["read_write"]
    assert alice.api("GET", "/api/v1/auth/me").json()["token_scope"] == "read_write"
    bad = alice.api("POST", "/api/v1/auth/tokens", json={"name": "x", "scope": "admin"})
    assert bad.status_code == 422
    assert [tuple(e["loc"]) for e in bad.json()["errors"]] == [("body", "scope")]


def test_a_read_only_token_reads_but_every_write_method_is_403(alice: User) -> None:
    journey = _journey(alice)
    reader = _read_only(alice)
    assert reader.api("GET", "/api/v1/auth/me").json()["token_scope"] == "read_only"
    assert reader.api("GET", "/api/v1/journeys").json()["items"][0]["id"] == journey
    assert reader.api("GET", f"/api/v1/journeys/{journey}").status_code == 200
    assert reader.api("HEAD", f"/api/v1/journeys/{journey}").status_code in (200, 405)
    # A GET just cached the principal; the writes below must still be refused.
    _refused(reader.api("POST", "/api/v1/journeys", json={"title": "New"}), "POST")
    _refused(reader.api("PATCH", f"/api/v1/journeys/{journey}", json={"title": "X"}), "PATCH")
    _refused(reader.api("DELETE", f"/api/v1/journeys/{journey}"), "DELETE")
    assert alice.api("GET", f"/api/v1/journeys/{journey}").json()["title"] == "Claims"


def test_a_read_only_token_cannot_mint_or_revoke_tokens(alice: User) -> None:
    reader = _read_only(alice)
    _refused(reader.api("POST", "/api/v1/auth/tokens", json={"name": "escalate"}), "POST")
    token_id = reader.api("GET", "/api/v1/auth/tokens").json()[0]["id"]
    _refused(reader.api("DELETE", f"/api/v1/auth/tokens/{token_id}"), "DELETE")
    _refused(reader.api("POST", "/api/v1/auth/password", json={}), "POST")
    assert len(alice.api("GET", "/api/v1/auth/tokens").json()) == 2


def test_a_read_only_token_cannot_upload_or_change_files(alice: User) -> None:
    journey = _journey(alice)
    stored = alice.api(
        "POST", f"/api/v1/journeys/{journey}/files", files={"file": ("a.csv", CSV, "text/csv")}
    )
    assert stored.status_code == 202, stored.text
    file_id = stored.json()["id"]
    reader = _read_only(alice)
    upload = reader.api(
        "POST", f"/api/v1/journeys/{journey}/files", files={"file": ("b.csv", CSV, "text/csv")}
    )
    _refused(upload, "POST")
    _refused(reader.api("POST", f"/api/v1/files/{file_id}/archive"), "POST")
    _refused(reader.api("DELETE", f"/api/v1/files/{file_id}"), "DELETE")
    files = reader.api("GET", f"/api/v1/journeys/{journey}/files").json()["items"]
    assert [f["id"] for f in files] == [file_id]
    assert reader.api("GET", f"/api/v1/files/{file_id}").json()["archived"] is False
    assert reader.api("GET", f"/api/v1/files/{file_id}/download").content == CSV


def test_a_read_only_token_cannot_drive_the_agents(alice: User) -> None:
    journey = _journey(alice)
    hello = {"agent": "guide", "message": "What should I do first?"}
    conversation = alice.api("POST", f"/api/v1/journeys/{journey}/chat", headers=JSON, json=hello)
    assert conversation.status_code == 200, conversation.text
    conversation_id = conversation.json()["conversation_id"]
    reader = _read_only(alice)
    talk = {"agent": "guide", "message": "Create a journey called Refunds"}
    chat = reader.api("POST", f"/api/v1/journeys/{journey}/chat", headers=JSON, json=talk)
    _refused(chat, "POST")
    confirm = reader.api(
        "POST",
        f"/api/v1/conversations/{conversation_id}/confirm",
        json={"confirmation_token": "not-a-pending-action-token"},
    )
    _refused(confirm, "POST")
    assert reader.api("GET", f"/api/v1/conversations/{conversation_id}").status_code == 200
    titles = [j["title"] for j in alice.api("GET", "/api/v1/journeys").json()["items"]]
    assert "Refunds" not in titles


def test_a_read_only_token_cannot_post_page_forms(alice: User) -> None:
    reader = _read_only(alice)
    page = reader.api("GET", "/account/tokens", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "read only" in page.text
    form = reader.api("POST", "/account/tokens", data={"name": "via the page"})
    assert form.status_code == 403
    assert len(alice.api("GET", "/api/v1/auth/tokens").json()) == 2


def test_the_tokens_page_makes_a_read_only_token(app_client: Any, alice: User) -> None:
    from tests.integration.conftest import sign_in

    csrf = sign_in(app_client, alice.email)
    page = app_client.get("/account/tokens", headers={"Accept": "text/html"})
    assert 'name="scope"' in page.text and "Read only" in page.text
    made = app_client.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "nightly", "scope": "read_only"}
    )
    assert made.status_code == 201, made.text
    token = made.text.split('id="new-token" class="mono" type="text" value="', 1)[1].split('"')[0]
    app_client.cookies.clear()
    reader = dataclasses.replace(alice, token=token)
    assert reader.api("GET", "/api/v1/auth/me").json()["token_scope"] == "read_only"
    _refused(reader.api("POST", "/api/v1/journeys", json={"title": "New"}), "POST")
    csrf = sign_in(app_client, alice.email)
    wrong = app_client.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "odd", "scope": "everything"}
    )
    assert wrong.status_code == 422 and "choose what the token may do" in wrong.text.lower()

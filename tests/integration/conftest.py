"""HTTP-level fixtures: an app on the test backend and signed-in users."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings

PASSWORD = "Quartz-lantern-harbor-91"
_counter = itertools.count()


@pytest.fixture
def app_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
        app.state.runtime.limiter.reset()


@dataclass
class User:
    """A signed-in user: a cookie session with its CSRF token, and a bearer API token."""

    client: TestClient
    email: str
    id: str
    csrf: str
    token: str
    workspace_id: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        """A bearer-authenticated request that sends no cookies."""
        headers = {**self.bearer, **kwargs.pop("headers", {})}
        self.client.cookies.clear()
        return self.client.request(method, url, headers=headers, **kwargs)


def register(
    client: TestClient,
    email: str | None = None,
    full_name: str = "Test User",
    password: str = PASSWORD,
) -> dict[str, Any]:
    email = email or f"user{next(_counter)}@example.com"
    response = client.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "full_name": full_name}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def make_user(client: TestClient, full_name: str = "Test User") -> User:
    data = register(client, full_name=full_name)
    csrf = sign_in(client, data["email"])
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "tests"}, headers={"X-CSRF-Token": csrf}
    ).json()["token"]
    me = client.get("/api/v1/auth/me").json()
    client.cookies.clear()
    return User(client, data["email"], data["id"], csrf, token, me["workspaces"][0]["id"])


@pytest.fixture
def alice(app_client: TestClient) -> User:
    return make_user(app_client, "Alice Owner")


@pytest.fixture
def bob(app_client: TestClient) -> User:
    return make_user(app_client, "Bob Other")

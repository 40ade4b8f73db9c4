"""A journey's "Last change" follows every artefact of every pillar, not only its files.

Each pillar answers through its own service (``last_changes``, registered with journeys); the
journey page and the dashboard show the newest of them. Every artefact kind is made the newest
in turn, so a pillar that forgot to answer fails here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from symphainy.core.scoping import Scope
from symphainy.models.content import File
from symphainy.models.insights import Analysis
from symphainy.models.journey import Journey
from symphainy.models.operations import Blueprint, Sop, Workflow
from symphainy.models.outcomes import Proposal, Roadmap
from tests.integration.conftest import User, make_user, sign_in
from tests.security.world import SOP_TEXT, sample_csv

HTML = {"accept": "text/html"}
OLD = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
MODELS: list[Any] = [File, Analysis, Workflow, Sop, Blueprint, Roadmap, Proposal]


def _journey_with_every_artefact(user: User) -> str:
    made = user.api(
        "POST",
        "/api/v1/journeys",
        json={"workspace_id": user.workspace_id, "title": "Invoices", "goals": ["Pay on time"]},
    )
    assert made.status_code == 201, made.text
    jid = str(made.json()["id"])
    upload = user.api(
        "POST",
        f"/api/v1/journeys/{jid}/files",
        files={"file": ("invoices.csv", sample_csv("x"), "text/csv")},
    )
    assert upload.status_code == 202, upload.text
    assert user.api("GET", f"/api/v1/files/{upload.json()['id']}/profile").status_code in (200, 202)
    flow = user.api("POST", f"/api/v1/journeys/{jid}/workflows", json={"text": SOP_TEXT})
    assert flow.status_code == 201, flow.text
    wid = flow.json()["id"]
    assert user.api("POST", f"/api/v1/workflows/{wid}/sop").status_code == 201
    assert user.api("POST", f"/api/v1/workflows/{wid}/blueprint", json={}).status_code == 201
    assert user.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={}).status_code == 201
    assert user.api("POST", f"/api/v1/journeys/{jid}/proposal", json={}).status_code == 201
    return jid


def _date_everything(client: TestClient, jid: str, newest: Any, when: datetime) -> None:
    """The journey and all its artefacts dated ``OLD``, the rows of ``newest`` dated ``when``."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        journey = session.get(Journey, jid)
        assert journey is not None
        journey.updated_at = OLD
        for model in MODELS:
            rows = session.query(model).filter(model.journey_id == jid).all()
            assert rows, f"the journey has no {model.__name__}"
            for row in rows:
                row.updated_at = when if model is newest else OLD


def _last_change(client: TestClient, jid: str) -> str:
    page = client.get(f"/journeys/{jid}", headers=HTML)
    assert page.status_code == 200, page.text
    found = re.search(r"<dt>Last change</dt><dd>([^<]+)</dd>", page.text)
    assert found is not None
    return found.group(1).strip()


def test_last_change_follows_every_kind_of_artefact(app_client: TestClient) -> None:
    user = make_user(app_client, "Ada")
    jid = _journey_with_every_artefact(user)
    sign_in(app_client, user.email)
    _date_everything(app_client, jid, None, OLD)
    assert _last_change(app_client, jid) == "02 Jan 2020, 03:04 UTC"
    for month, model in enumerate(MODELS, start=2):
        when = datetime(2021, month, 5, 6, 7, tzinfo=UTC)
        _date_everything(app_client, jid, model, when)
        shown = _last_change(app_client, jid)
        assert shown == f"05 {when:%b} 2021, 06:07 UTC", f"{model.__name__}: {shown}"
        dashboard = app_client.get("/", headers=HTML).text
        assert f"Last change 05 {when:%b} 2021, 06:07 UTC" in dashboard, model.__name__
        api = user.api("GET", f"/api/v1/journeys/{jid}").json()
        assert datetime.fromisoformat(api["last_change"]) == when, model.__name__
        sign_in(app_client, user.email)  # the bearer call cleared the cookie session


def test_an_edit_of_the_journey_itself_still_counts(app_client: TestClient) -> None:
    user = make_user(app_client, "Ada")
    jid = _journey_with_every_artefact(user)
    _date_everything(app_client, jid, None, OLD)
    assert (
        user.api("PATCH", f"/api/v1/journeys/{jid}", json={"title": "Renamed"}).status_code == 200
    )
    sign_in(app_client, user.email)
    shown = _last_change(app_client, jid)
    assert "2020" not in shown and shown.endswith("UTC")

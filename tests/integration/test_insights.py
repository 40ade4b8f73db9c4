"""The Insights pillar over HTTP: profile, quality, charts, summary, ask, mapping, review."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from symphainy.insights import service as insights_service
from tests.integration.conftest import User

ORDERS = (
    b"order_id,region,amount,order_date,email\n"
    b"A-1,North,120.50,2026-01-03,ann@example.com\n"
    b"A-2,South,80.00,2026-01-04,bob@example.com\n"
    b"A-3,North,42.25,2026-01-09,cy@example.com\n"
    b"A-4,East,310.00,2026-02-11,not-an-email\n"
    b"A-5,South,55.00,2026-03-20,dee@example.com\n"
    b"A-6,North,99.00,2026-04-02,eve@example.com\n"
)
CUSTOMERS = (
    b"OrderNumber,Territory,Total,OrderDate,CustomerEmail\n"
    b"B-1,West,12.5,2026-05-01,x@example.com\n"
    b"B-2,East,7.25,2026-05-02,y@example.com\n"
)
REPORT = b"""# Pilot after-action report

## Timeline
The pilot started on 3 March 2026 with two teams. Go-live happened on 2026-04-15.

## Lessons learned
We learned that data exports took longer than planned. The team should have booked the
warehouse slot earlier.

## Risks
Vendor delays could delay the second phase. The budget might not cover the extra licences.

## Recommendations
We recommend a weekly data check. The steering group must approve the scope by May 2026.
"""


def _journey(user: User) -> str:
    return str(user.api("POST", "/api/v1/journeys", json={"title": "Insights"}).json()["id"])


def _ready(user: User, journey: str, name: str, data: bytes) -> str:
    r = user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
    )
    assert r.status_code == 202, r.text
    detail = user.api("GET", f"/api/v1/files/{r.json()['id']}").json()
    assert detail["status"] == "ready", detail
    return str(detail["id"])


@pytest.fixture
def orders(alice: User) -> str:
    return _ready(alice, _journey(alice), "orders.csv", ORDERS)


def test_profile_counts_come_from_the_data(alice: User, orders: str) -> None:
    r = alice.api("GET", f"/api/v1/files/{orders}/profile")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rows"] == 6 and body["column_count"] == 5 and body["duplicate_rows"] == 0
    amount = next(c for c in body["columns"] if c["name"] == "amount")
    assert amount["min"] == 42.25 and amount["max"] == 310.0
    assert amount["mean"] == pytest.approx(706.75 / 6)
    region = next(c for c in body["columns"] if c["name"] == "region")
    assert region["top_values"][0] == {"value": "North", "count": 3}
    assert body["method"] == "deterministic"
    again = alice.api("GET", f"/api/v1/files/{orders}/profile").json()
    assert again["analysis_id"] == body["analysis_id"]  # cached


def test_quality_finds_the_invalid_email_and_shows_the_formula(alice: User, orders: str) -> None:
    body = alice.api("GET", f"/api/v1/files/{orders}/quality").json()
    emails = [f for f in body["findings"] if f["check"] == "invalid_email"]
    assert len(emails) == 1 and emails[0]["count"] == 1
    assert emails[0]["examples"][0]["row"] == 4
    assert 0 <= body["score"] <= 100 and "score =" in body["formula"]


def test_charts_are_listed_and_rendered_as_svg(alice: User, orders: str) -> None:
    body = alice.api("GET", f"/api/v1/files/{orders}/charts").json()
    kinds = {c["kind"] for c in body["charts"]}
    assert {"histogram", "bar", "timeseries"} <= kinds
    svg = alice.api("GET", body["charts"][0]["svg_url"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<svg")
    picked = alice.api(
        "GET", f"/api/v1/files/{orders}/charts", params={"chart": "bar", "x": "region"}
    ).json()
    assert [c["kind"] for c in picked["charts"]] == ["bar"]
    bad = alice.api(
        "GET",
        f"/api/v1/files/{orders}/charts",
        params={"chart": "scatter", "x": "nope", "y": "amount"},
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    missing = alice.api("GET", f"/api/v1/files/{orders}/charts/99.svg")
    assert missing.status_code == 404


def test_summary_sentences_cite_facts_that_exist(alice: User, orders: str) -> None:
    body = alice.api("GET", f"/api/v1/files/{orders}/summary").json()
    ids = {f["id"] for f in body["facts"]}
    assert body["method"] == "deterministic" and body["sentences"]
    for sentence in body["sentences"]:
        assert sentence["facts"] and set(sentence["facts"]) <= ids
    assert "6 rows" in body["text"]


def test_ask_answers_with_the_query_and_rows(alice: User, orders: str) -> None:
    r = alice.api(
        "POST",
        f"/api/v1/files/{orders}/ask",
        json={"question": "What is the total amount by region?"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    rows = {row[0]: row[1] for row in body["evidence"]["rows"]}
    assert rows == {
        "North": pytest.approx(261.75),
        "South": pytest.approx(135.0),
        "East": pytest.approx(310.0),
    }
    assert body["evidence"]["sql"].startswith("SELECT")
    north = alice.api(
        "POST",
        f"/api/v1/files/{orders}/ask",
        json={"question": "how many orders where region is North in 2026"},
    ).json()
    assert north["evidence"]["rows"] == [[3]] and north["evidence"]["params"][0] == "North"


def test_ask_refuses_clearly_and_never_runs_hostile_text(alice: User, orders: str) -> None:
    for question in (
        "'; DROP TABLE data; --",
        "select * from read_csv('/etc/passwd')",
        "what is the meaning of life",
    ):
        body = alice.api("POST", f"/api/v1/files/{orders}/ask", json={"question": question}).json()
        assert body["answered"] is False and body["evidence"] is None
        assert body["answer"].startswith("I did not understand")
        assert body["clarification"]["not_understood"]
        assert any("amount" in e for e in body["examples"])
    still = alice.api("GET", f"/api/v1/files/{orders}/preview").json()
    assert still["tables"][0]["total_rows"] == 6
    empty = alice.api("POST", f"/api/v1/files/{orders}/ask", json={"question": "   "})
    assert empty.status_code == 422


def test_ask_back_offers_readings_and_remembers_a_correction(alice: User, orders: str) -> None:
    url = f"/api/v1/files/{orders}/ask"
    back = alice.api("POST", url, json={"question": "total takings by region"}).json()
    assert back["answered"] is False and back["evidence"] is None
    assert back["clarification"]["not_understood"] == ["takings"]
    assert any("amount" in c["question"] for c in back["clarification"]["choices"])
    taught = alice.api(
        "POST",
        url,
        json={"question": "total takings by region", "corrections": {"takings": "amount"}},
    ).json()
    assert taught["answered"] is True and taught["interpretation"]["measure"] == "amount"
    assert taught["remembered"] == [{"phrase": "takings", "column": "amount"}]
    again = alice.api("POST", url, json={"question": "average takings"}).json()
    assert again["answered"] is True and again["interpretation"]["measure"] == "amount"
    wrong = alice.api(
        "POST", url, json={"question": "total takings", "corrections": {"takings": "nope"}}
    )
    assert wrong.status_code == 422


def test_mapping_pairs_fields_and_accepts_corrections(alice: User) -> None:
    journey = _journey(alice)
    source = _ready(alice, journey, "orders.csv", ORDERS)
    target = _ready(alice, journey, "target.csv", CUSTOMERS)
    body = alice.api(
        "POST",
        "/api/v1/insights/mapping",
        json={"source_file_id": source, "target_file_id": target, "use_embeddings": False},
    ).json()
    pairs = {m["source"]: m["target"] for m in body["mappings"]}
    assert pairs["email"] == "CustomerEmail" and pairs["amount"] == "Total"
    assert pairs["order_date"] == "OrderDate"
    assert body["preview"]["columns"] and len(body["preview"]["rows"]) == 6
    fixed = alice.api(
        "POST",
        "/api/v1/insights/mapping",
        json={
            "source_file_id": source,
            "target_file_id": target,
            "use_embeddings": False,
            "overrides": {"region": "Territory", "order_id": None},
        },
    ).json()
    by_source = {m["source"]: m for m in fixed["mappings"]}
    assert by_source["region"]["target"] == "Territory" and by_source["region"]["origin"] == "user"
    assert "order_id" in fixed["unmapped_source"]
    checks = {v["source"]: v for v in fixed["validation"]}
    assert checks["amount"]["failures"] == 0
    wrong = alice.api(
        "POST",
        "/api/v1/insights/mapping",
        json={"source_file_id": source, "target_file_id": target, "overrides": {"nope": "Total"}},
    )
    assert wrong.status_code == 422


def test_review_cites_passages_and_orders_the_timeline(alice: User) -> None:
    journey = _journey(alice)
    report = _ready(alice, journey, "report.md", REPORT)
    body = alice.api("POST", f"/api/v1/files/{report}/review").json()
    assert body["method"] == "deterministic"
    assert any("data exports took longer" in item["text"] for item in body["lessons"])
    assert any("Vendor delays" in item["text"] for item in body["risks"])
    assert any("weekly data check" in item["text"] for item in body["recommendations"])
    for item in body["lessons"] + body["risks"] + body["recommendations"]:
        assert item["citation"]["section"] and item["citation"]["passage"] == item["text"]
    dates = [e["date"] for e in body["timeline"]]
    assert dates[:2] == ["2026-03-03", "2026-04-15"] and dates == sorted(dates)
    summary = alice.api("GET", f"/api/v1/files/{report}/summary").json()
    assert summary["kind"] == "document" and summary["key_points"]
    assert all(p["location"]["section"] for p in summary["key_points"])
    not_doc = alice.api("POST", f"/api/v1/files/{_ready(alice, journey, 'o.csv', ORDERS)}/review")
    assert not_doc.status_code == 409


def test_large_datasets_are_profiled_in_the_background(
    alice: User, orders: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(insights_service, "INLINE_MAX_ROWS", 2)
    r = alice.api("GET", f"/api/v1/files/{orders}/quality")
    assert r.status_code == 202, r.text
    status = r.json()
    assert status["poll_url"] == f"/api/v1/analyses/{status['id']}"
    # Jobs run right after the commit in tests, so the poll finds it done.
    done = alice.api("GET", status["poll_url"]).json()
    assert done["status"] == "ready" and done["result"]["rows"] == 6
    events = alice.api("GET", status["events_url"])
    assert "event: done" in events.text
    quality = alice.api("GET", f"/api/v1/files/{orders}/quality")
    assert quality.status_code == 200 and quality.json()["rows"] == 6


ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/files/{id}/profile", None),
    ("GET", "/api/v1/files/{id}/quality", None),
    ("GET", "/api/v1/files/{id}/charts", None),
    ("GET", "/api/v1/files/{id}/charts/0.svg", None),
    ("GET", "/api/v1/files/{id}/summary", None),
    ("POST", "/api/v1/files/{id}/ask", {"question": "how many rows"}),
    ("POST", "/api/v1/files/{id}/review", None),
]


def test_another_workspace_gets_404_on_every_insights_endpoint(
    alice: User, bob: User, orders: str
) -> None:
    analysis = alice.api("GET", f"/api/v1/files/{orders}/profile").json()["analysis_id"]
    for method, path, body in ENDPOINTS:
        r = bob.api(method, path.format(id=orders), json=body)
        assert r.status_code == 404, (path, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    mine = _ready(bob, _journey(bob), "bob.csv", CUSTOMERS)
    for source, target in ((orders, mine), (mine, orders)):
        r = bob.api(
            "POST",
            "/api/v1/insights/mapping",
            json={"source_file_id": source, "target_file_id": target},
        )
        assert r.status_code == 404
    for suffix in ("", "/events"):
        assert bob.api("GET", f"/api/v1/analyses/{analysis}{suffix}").status_code == 404


def test_insights_need_a_signed_in_caller(app_client: TestClient, orders: str) -> None:
    app_client.cookies.clear()
    assert app_client.get(f"/api/v1/files/{orders}/profile").status_code == 401


def _browser(user: User) -> str:
    """Sign ``user`` in with a cookie session on the shared client; the session's CSRF token."""
    from tests.integration.conftest import sign_in

    return sign_in(user.client, user.email)


def test_insights_pages_show_every_tab(alice: User, orders: str) -> None:
    journey = _journey_of(alice, orders)
    csrf = _browser(alice)
    client = alice.client
    page = client.get(f"/files/{orders}/insights")
    assert page.status_code == 200 and "Most frequent" in page.text and "North" in page.text
    quality = client.get(f"/files/{orders}/insights?tab=quality").text
    assert "Invalid email" in quality and "score = max(0" in quality
    charts = client.get(f"/files/{orders}/insights?tab=charts&chart=bar&x=region").text
    assert f"/api/v1/files/{orders}/charts/0.svg?dataset_id=" in charts
    assert "&amp;chart=bar&amp;x=region" in charts
    assert client.get(f"/api/v1/files/{orders}/charts/0.svg?chart=bar&x=region").status_code == 200
    summary = client.get(f"/files/{orders}/insights?tab=summary").text
    assert "6 rows" in summary and "fact-rows" in summary
    ask = client.get(f"/files/{orders}/insights?tab=ask").text
    assert "What is the total amount?" in ask
    answered = client.post(
        f"/files/{orders}/insights/ask",
        data={"question": "total amount by region", "csrf_token": csrf},
    )
    assert answered.status_code == 200 and "GROUP BY" in answered.text
    assert "Read as:" in answered.text
    asked_back = client.post(
        f"/files/{orders}/insights/ask",
        data={"question": "total takings by region", "csrf_token": csrf},
    ).text
    assert "Not understood" in asked_back and "takings" in asked_back
    assert "Did you mean" in asked_back and "GROUP BY" not in asked_back
    corrected = client.post(
        f"/files/{orders}/insights/ask",
        data={
            "question": "total takings by region",
            "phrase": "takings",
            "column": "amount",
            "csrf_token": csrf,
        },
    ).text
    assert "Remembered for this table" in corrected and "GROUP BY" in corrected
    refused = client.post(f"/files/{orders}/insights/ask", data={"question": "hello"})
    assert refused.status_code == 403  # no CSRF token: refused before anything runs
    journey_page = client.get(f"/journeys/{journey}/insights").text
    assert "orders.csv" in journey_page


def _journey_of(user: User, file_id: str) -> str:
    return str(user.api("GET", f"/api/v1/files/{file_id}").json()["journey_id"])


def test_review_and_mapping_pages(alice: User) -> None:
    journey = _journey(alice)
    report = _ready(alice, journey, "report.md", REPORT)
    source = _ready(alice, journey, "orders.csv", ORDERS)
    target = _ready(alice, journey, "target.csv", CUSTOMERS)
    csrf = _browser(alice)
    review = alice.client.get(f"/files/{report}/insights?tab=review").text
    assert "Vendor delays could delay" in review and "2026-04-15" in review
    form = alice.client.get(f"/journeys/{journey}/insights/mapping")
    assert form.status_code == 200 and "Suggest mapping" in form.text
    mapped = alice.client.post(
        f"/journeys/{journey}/insights/mapping",
        data={"source": source, "target": target, "csrf_token": csrf, "map:region": "Territory"},
    )
    assert mapped.status_code == 200, mapped.text
    assert "Mapped preview" in mapped.text and "CustomerEmail" in mapped.text


def test_pages_of_another_workspace_are_not_found(alice: User, bob: User, orders: str) -> None:
    journey = _journey_of(alice, orders)
    _browser(bob)
    assert bob.client.get(f"/files/{orders}/insights").status_code == 404
    assert bob.client.get(f"/journeys/{journey}/insights").status_code == 404

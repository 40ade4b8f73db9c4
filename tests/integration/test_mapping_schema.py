"""Mapping a dataset onto a target schema the user lists (no target file needed)."""

from __future__ import annotations

import io

from tests.integration.conftest import User

CSV = (
    b"Cust ID,E-mail address,Signup,Spend\n"
    b"C-1,ana@example.com,2026-01-03,120.5\nC-2,bo@example.com,2026-02-01,80\n"
    b"C-3,not an email,2026-02-09,abc\n"
)


def test_fields_map_onto_a_typed_schema_with_validation(alice: User) -> None:
    journey = alice.api("POST", "/api/v1/journeys", json={"title": "CRM import"}).json()["id"]
    file = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("crm.csv", io.BytesIO(CSV), "text/csv")},
    ).json()
    body = {
        "source_file_id": file["id"],
        "target_schema": [
            {"name": "customer_id", "type": "text"},
            {"name": "email", "type": "text"},
            {"name": "signup_date", "type": "date"},
            {"name": "total_spend", "type": "number"},
        ],
    }
    result = alice.api("POST", "/api/v1/insights/mapping", json=body)
    assert result.status_code == 200, result.text
    pairs = {m["source"]: m["target"] for m in result.json()["mappings"]}
    assert pairs["E-mail address"] == "email"
    assert pairs["Signup"] == "signup_date"
    corrected = alice.api(
        "POST",
        "/api/v1/insights/mapping",
        json={**body, "overrides": {"Spend": "total_spend", "Cust ID": "customer_id"}},
    ).json()
    checks = {v["source"]: v for v in corrected["validation"]}
    assert checks["Spend"]["target_type"] == "number"
    assert checks["Spend"]["failures"] == 1, "'abc' does not fit a number"
    assert corrected["target"] == {"schema": body["target_schema"]}


def test_exactly_one_target_is_required(alice: User) -> None:
    neither = alice.api("POST", "/api/v1/insights/mapping", json={"source_file_id": "x"})
    assert neither.status_code == 422
    both = alice.api(
        "POST",
        "/api/v1/insights/mapping",
        json={
            "source_file_id": "x",
            "target_file_id": "y",
            "target_schema": [{"name": "a", "type": "text"}],
        },
    )
    assert both.status_code == 422


def test_the_mapping_page_maps_onto_typed_fields(alice: User) -> None:
    from tests.integration.test_insights import _browser

    journey = alice.api("POST", "/api/v1/journeys", json={"title": "CRM page"}).json()["id"]
    file = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("crm.csv", io.BytesIO(CSV), "text/csv")},
    ).json()
    csrf = _browser(alice)
    page = alice.client.get(f"/journeys/{journey}/insights/mapping")
    assert "Fields I list below" in page.text
    mapped = alice.client.post(
        f"/journeys/{journey}/insights/mapping",
        data={
            "source": file["id"],
            "target": "schema",
            "csrf_token": csrf,
            "schema": "email: text\nsignup_date: date\ntotal_spend: number",
        },
    )
    assert mapped.status_code == 200, mapped.text
    assert "Mapped preview" in mapped.text and "signup_date" in mapped.text
    wrong = alice.client.post(
        f"/journeys/{journey}/insights/mapping",
        data={
            "source": file["id"],
            "target": "schema",
            "csrf_token": csrf,
            "schema": "email: money",
        },
    )
    assert wrong.status_code == 422 and "not a type" in wrong.text

"""One journey through all four pillars over the API: each pillar builds on the one before."""

from __future__ import annotations

import io

from tests.integration.conftest import User

SALES = (
    "order_id,region,amount,email\n"
    + "".join(
        f"O-{i},{'North' if i % 2 else 'South'},{10 + i},buyer{i}@example.com\n" for i in range(40)
    )
    + "O-1,North,11,buyer1@example.com\n"  # an exact duplicate row
    + "O-99,north ,12,not-an-email\n"
)  # inconsistent category, invalid email
SOP = """Invoice approval procedure

1. The Accounts Clerk receives the supplier invoice by email.
2. The Accounts Clerk enters the invoice data in SAP.
3. The Accounts Clerk checks the invoice against the purchase order.
4. If the amount is above 5,000 euros, the Finance Manager approves the invoice; otherwise
   the Accounts Clerk approves it.
5. The Accounts Clerk schedules the payment in SAP.
"""


def test_files_to_proposal(alice: User) -> None:
    journey = alice.api(
        "POST",
        "/api/v1/journeys",
        json={"title": "Finance automation", "goals": ["cut invoice cycle time"]},
    ).json()["id"]

    early = alice.api("POST", f"/api/v1/journeys/{journey}/proposal", json={})
    assert early.status_code == 409, "an empty journey is told what to do first"

    file = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("sales.csv", io.BytesIO(SALES.encode()), "text/csv")},
    ).json()
    quality = alice.api("GET", f"/api/v1/files/{file['id']}/quality").json()
    checks = {f["check"] for f in quality["findings"]}
    assert quality["score"] < 100 and checks

    workflow = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        json={"text": SOP, "title": "Invoice approval"},
    )
    assert workflow.status_code == 201, workflow.text
    wf = workflow.json()
    actors = {a["name"] if isinstance(a, dict) else a for a in wf["actors"]}
    assert {"Accounts Clerk", "Finance Manager"} <= actors, wf["actors"]
    blueprint = alice.api(
        "POST", f"/api/v1/workflows/{wf['id']}/blueprint", json={"volume_per_month": 400}
    )
    assert blueprint.status_code == 201, blueprint.text

    roadmap = alice.api(
        "POST", f"/api/v1/journeys/{journey}/roadmap", json={"start_date": "2027-03-01"}
    )
    assert roadmap.status_code == 201, roadmap.text
    motivations = str(roadmap.json())
    assert file["id"] in motivations or "sales.csv" in motivations
    assert wf["id"] in motivations or "Invoice approval" in motivations

    proposal = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/proposal",
        json={
            "assumptions": {
                "currency": "EUR",
                "day_rate": 800,
                "loaded_hourly_rate": 55,
                "discount_rate": 0.08,
                "years": 3,
            }
        },
    )
    assert proposal.status_code == 201, proposal.text
    body = proposal.json()
    assert body["method"] == "deterministic"
    assert "cut invoice cycle time" in str(body)

    export = alice.api("GET", f"/api/v1/proposals/{body['id']}/export?format=md")
    assert export.status_code in (200, 202)
    ready = alice.api("GET", f"/api/v1/exports/{export.json()['id']}").json()
    assert ready["status"] == "ready"
    markdown = alice.api("GET", f"/api/v1/exports/{ready['id']}/download").text
    assert "Invoice approval" in markdown or "invoice" in markdown.lower()

"""A person generates a roadmap, edits a duration, downloads the PDF, fills the proposal's
inputs (an invalid one keeps everything typed) and confirms the defaults it rests on."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

PASSWORD = "Quartz-lantern-harbor-91"
CSV = "invoice_id,supplier,amount\n" + "".join(
    f"{i},Supplier {i % 3},{'' if i % 4 == 0 else i * 12.5}\n" for i in range(1, 40)
)


def _journey_with_data(page: Page, base_url: str, email: str = "ada@example.com") -> str:
    api = page.request
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={"email": email, "password": PASSWORD, "full_name": "Ada Lovelace"},
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login", data={"email": email, "password": PASSWORD}
    ).json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    jid = api.post(
        f"{base_url}/api/v1/journeys",
        headers=headers,
        data={"title": "Accounts payable", "goals": ["Pay every supplier within 10 days"]},
    ).json()["id"]
    r = api.post(
        f"{base_url}/api/v1/journeys/{jid}/files",
        headers=headers,
        multipart={
            "file": {"name": "invoices.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
        },
    )
    assert r.status == 202, r.text()
    fid = r.json()["id"]
    for _ in range(100):
        if api.get(f"{base_url}/api/v1/files/{fid}").json()["status"] == "ready":
            break
        page.wait_for_timeout(100)
    return str(jid)


def test_generate_roadmap_edit_and_download_pdf(page: Page, base_url: str, shots: Path) -> None:
    jid = _journey_with_data(page, base_url)
    page.goto(f"/journeys/{jid}/outcomes")
    expect(page.get_by_role("heading", name="What each pillar produced")).to_be_visible()
    page.screenshot(path=shots / "outcomes-01-overview.png", full_page=True)
    page.get_by_label("Start").fill("2027-01-04")
    page.get_by_role("button", name="Generate roadmap").click()
    expect(page.get_by_text("Roadmap generated.")).to_be_visible()
    expect(page.get_by_alt_text("Gantt chart", exact=False)).to_be_visible()
    first = page.locator("input.days").first
    first.fill("7")
    page.get_by_role("button", name="Save durations and recompute").click()
    expect(page.get_by_text("the dates were recomputed")).to_be_visible()
    expect(page.locator("input.days").first).to_have_value("7")
    page.screenshot(path=shots / "outcomes-02-roadmap.png", full_page=True)

    page.get_by_role("button", name="PDF").click()
    link = page.get_by_role("link", name="Download PDF")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    pdf = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Roadmap: Accounts payable" in text and "Tasks on the critical path" in text

    page.goto(f"/journeys/{jid}/outcomes")
    page.get_by_role("button", name="Draft a proposal").click()
    expect(page.get_by_text("Proposal drafted.")).to_be_visible()
    page.get_by_label("Currency", exact=True).fill("EUR")
    page.get_by_label("Day rate per person").fill("720")
    page.get_by_label("Loaded hourly rate").fill("58")
    page.get_by_label("Discount rate").fill("8%")
    page.get_by_label("Years counted").fill("3")
    page.get_by_label("Other annual benefits").fill("Late-payment fees avoided: 18000")
    page.get_by_role("button", name="Save and recompute").click()
    expect(page.get_by_text("the financials were recomputed")).to_be_visible()
    expect(page.get_by_label("Discount rate")).to_have_value("8%")
    expect(page.get_by_role("cell", name="30 %", exact=True)).to_be_visible()
    page.screenshot(path=shots / "outcomes-03-proposal.png", full_page=True)


def test_an_invalid_proposal_field_keeps_every_other_value(
    page: Page, base_url: str, shots: Path
) -> None:
    jid = _journey_with_data(page, base_url, "grace@example.com")
    page.goto(f"/journeys/{jid}/outcomes")
    page.get_by_role("button", name="Draft a proposal").click()
    expect(page.get_by_text("Proposal drafted.")).to_be_visible()
    typed = {
        "Currency": "EUR",
        "Day rate per person": "720",
        "Loaded hourly rate": "58",
        "Discount rate": "eight percent",
        "Years counted": "3",
        "Effort override": "40",
        "Other one-off costs": "Licences: 1200",
        "Other annual benefits": "Late-payment fees avoided: 18000",
        "Other assumptions": "Two pilot sites",
    }
    for label, value in typed.items():
        page.get_by_label(label, exact=label == "Currency").fill(value)
    page.get_by_role("button", name="Save and recompute").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=label == "Currency")).to_have_value(value)
    rate = page.get_by_label("Discount rate")
    expect(rate).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Enter a percentage: 8, 8% or 0.08.")).to_be_visible()
    page.screenshot(path=shots / "outcomes-04-proposal-error.png", full_page=True)
    rate.fill("8")
    page.get_by_role("button", name="Save and recompute").click()
    expect(page.get_by_text("the financials were recomputed")).to_be_visible()
    expect(page.get_by_label("Discount rate")).to_have_value("8%")
    expect(page.get_by_label("Day rate per person")).to_have_value("720")

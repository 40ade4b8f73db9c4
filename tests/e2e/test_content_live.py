"""Uploading several files: the Files table follows every upload without a reload, a parse
failure leaves the Upload bar alone, and formats read as words rather than MIME types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

PASSWORD = "Copper-willow-anchor-64"


def _sign_in_with_journey(page: Page, base_url: str) -> str:
    api = page.request
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={"email": "k.orbits@example.com", "password": PASSWORD, "full_name": "K Johnson"},
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login",
        data={"email": "k.orbits@example.com", "password": PASSWORD},
    ).json()["csrf_token"]
    return str(
        api.post(
            f"{base_url}/api/v1/journeys", headers={"X-CSRF-Token": csrf}, data={"title": "Orbits"}
        ).json()["id"]
    )


def _csv(i: int) -> FilePayload:
    body = "".join(f"{i},{j},{j * i * 1.5}\n" for j in range(30))
    return {"name": f"orbit-{i}.csv", "mimeType": "text/csv", "buffer": f"a,b,c\n{body}".encode()}


@pytest.mark.e2e
def test_files_table_follows_uploads_and_a_parse_failure_keeps_the_upload_bar(
    page: Page, base_url: str, shots: Path
) -> None:
    jid = _sign_in_with_journey(page, base_url)
    page.goto(f"/journeys/{jid}/content")
    page.get_by_label("Choose files").set_input_files([_csv(1)])
    rows = page.locator(".files-table tbody tr")
    expect(rows).to_have_count(1, timeout=30_000)
    expect(page.locator(".files-card .card-head")).to_contain_text("1 shown")

    broken: FilePayload = {
        "name": "scan.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n",
    }
    page.get_by_label("Choose files").set_input_files([_csv(i) for i in range(2, 8)] + [broken])
    queue = page.locator("[data-upload-queue]")
    # The queue keeps the first upload too: wait for the six of this batch.
    batch = queue.locator(".upload-item.is-ready", has_text=re.compile(r"orbit-[2-7]\.csv"))
    expect(batch).to_have_count(6, timeout=90_000)
    failed = queue.locator("li", has_text="scan.pdf")
    expect(failed.locator(".status-failed")).to_be_visible(timeout=60_000)
    expect(failed).to_contain_text("Parsing failed")
    # The upload worked: its bar is complete and not red; the parsing bar carries the failure.
    upload_bar = failed.get_by_role("progressbar", name="Upload of scan.pdf")
    expect(upload_bar).to_have_attribute("value", "1")
    expect(upload_bar).not_to_have_class(re.compile("failed"))
    expect(failed.get_by_role("progressbar", name="Parsing of scan.pdf")).to_have_class(
        re.compile("failed")
    )

    # No reload: the table below shows all eight with their final status.
    expect(rows).to_have_count(8, timeout=30_000)
    expect(page.locator(".files-card .card-head")).to_contain_text("8 shown")
    expect(page.locator(".files-table .status-ready")).to_have_count(7, timeout=30_000)
    expect(page.locator(".files-table .status-failed")).to_have_count(1)
    expect(rows.filter(has_text="orbit-3.csv")).to_contain_text("CSV table")
    expect(rows.filter(has_text="scan.pdf")).to_contain_text("PDF document")
    expect(page.locator(".files-table")).not_to_contain_text("text/csv")
    page.screenshot(path=shots / "live-01-files.png", full_page=True)

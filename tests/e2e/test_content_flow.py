"""A person uploads a CSV and a PDF to a journey, watches them parse, previews and searches them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

PASSWORD = "amber-lighthouse-orchard-58"
CSV = (
    "order_id,region,amount,order_date\n"
    "A-1,North,120.50,2026-01-03\nA-2,South,80.00,2026-01-04\n"
    "A-3,North,42.25,2026-01-09\nA-4,East,310.00,2026-02-11\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def policy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import weasyprint

    html = """<h1>Travel policy</h1>
    <p>Employees book flights through the travel desk at least two weeks ahead.</p>
    <h2>Expenses</h2>
    <p>Hotel stays are reimbursed up to 180 euros per night when the receipt is attached
    within 30 days of the trip.</p>
    <h2>Approvals</h2>
    <p>The line manager approves every trip above 2,000 euros before it is booked.</p>"""
    path = tmp_path_factory.mktemp("content-e2e") / "travel policy.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def _sign_up_and_in(page: Page, name: str, email: str) -> None:
    page.goto("/register")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()  # registering signs you in
    expect(page.get_by_role("heading", name="Journeys", exact=True)).to_be_visible()


def _new_journey(page: Page, title: str) -> None:
    page.get_by_role("link", name="New journey").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create journey").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def _drop(page: Page, name: str, data: bytes, media_type: str) -> None:
    """Drop a file on the upload zone the way a browser does: a drop event with a DataTransfer."""
    transfer = page.evaluate_handle(
        """([name, b64, type]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type}));
            return transfer;
        }""",
        [name, base64.b64encode(data).decode(), media_type],
    )
    zone = page.locator("[data-dropzone]")
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    zone.dispatch_event("drop", {"dataTransfer": transfer})


@pytest.mark.e2e
def test_upload_csv_and_pdf_see_them_ready_with_previews(
    page: Page, shots: Path, policy_pdf: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_up_and_in(page, "Dorothy Vaughan", "dorothy@example.com")
    _new_journey(page, "Travel cost review")
    page.get_by_role("link", name="Content", exact=True).click()
    expect(page.get_by_role("heading", name="Content", exact=True)).to_be_visible()
    expect(page.get_by_text("No files yet")).to_be_visible()
    page.screenshot(path=shots / "content-01-empty.png", full_page=True)

    _drop(page, "orders.csv", CSV.encode(), "text/csv")
    page.get_by_label("Choose files").set_input_files(policy_pdf)
    queue = page.locator("[data-upload-queue]")
    csv_item = queue.locator("li", has_text="orders.csv")
    pdf_item = queue.locator("li", has_text="travel policy.pdf")
    expect(csv_item.locator(".status-ready")).to_be_visible(timeout=60_000)
    expect(pdf_item.locator(".status-ready")).to_be_visible(timeout=60_000)
    expect(csv_item.get_by_role("progressbar", name="Upload of orders.csv")).to_have_attribute(
        "value", "1"
    )
    expect(csv_item).to_contain_text("1 table, 4 rows")

    # Errors are shown next to the file that caused them.
    _drop(page, "orders again.csv", CSV.encode(), "text/csv")
    _drop(page, "photo.csv", PNG, "text/csv")
    duplicate = queue.locator("li", has_text="orders again.csv")
    expect(duplicate).to_contain_text("already has the same file")
    expect(duplicate.get_by_role("link", name="Open the existing file")).to_be_visible()
    expect(queue.locator("li", has_text="photo.csv")).to_contain_text("Not stored")
    rows = page.locator(".files-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".files-table .status-ready")).to_have_count(2)
    page.screenshot(path=shots / "content-02-uploaded.png", full_page=True)

    page.get_by_role("link", name="orders.csv").first.click()
    expect(page.get_by_role("heading", name="orders.csv")).to_be_visible()
    preview = page.get_by_role("region", name="Rows of orders.csv")
    expect(preview.get_by_role("cell", name="North").first).to_be_visible()
    header = preview.get_by_role("columnheader", name=re.compile(r"order_date\s*date"))
    expect(header).to_be_visible()
    expect(page.get_by_text("generation 1")).to_be_visible()
    page.screenshot(path=shots / "content-03-csv-detail.png", full_page=True)

    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("link", name="travel policy.pdf").click()
    expect(page.get_by_role("heading", name="travel policy.pdf")).to_be_visible()
    expect(page.get_by_role("navigation", name="Outline")).to_contain_text("Expenses")
    expect(page.get_by_text(re.compile(r"reimbursed up to 180 euros"))).to_be_visible()
    page.screenshot(path=shots / "content-04-pdf-detail.png", full_page=True)

    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search this journey’s files").fill("hotel reimbursement per night")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".hit").first
    expect(first).to_contain_text("travel policy.pdf")
    expect(first).to_contain_text("180 euros")
    page.screenshot(path=shots / "content-05-search.png", full_page=True)

    page.get_by_role("link", name="Files").click()
    page.get_by_label("Kind").select_option("document")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("travel policy.pdf")

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Clear").click()
    expect(rows).to_have_count(2)
    page.screenshot(path=shots / "content-06-mobile-list.png", full_page=True)


@pytest.mark.e2e
def test_upload_archive_and_delete_without_javascript(
    browser: Browser, base_url: str, shots: Path
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        _sign_up_and_in(page, "Annie Easley", "annie@example.com")
        _new_journey(page, "Fleet costs")
        page.get_by_role("link", name="Content", exact=True).click()
        files: list[FilePayload] = [
            {
                "name": "fleet.csv",
                "mimeType": "text/csv",
                "buffer": b"vehicle,km\nVan 1,1200\nVan 2,980\n",
            },
            {"name": "fake.csv", "mimeType": "text/csv", "buffer": PNG},
            {
                "name": "broken.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj garbage\n%%EOF",
            },
        ]
        page.get_by_label("Choose files").set_input_files(files)
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Uploaded “fleet.csv”, “broken.pdf”; they are being parsed."
        )
        expect(page.get_by_role("status")).to_contain_text("“fake.csv” was not stored")
        page.screenshot(path=shots / "content-07-no-js-upload.png", full_page=True)

        # Without JavaScript a page shows the status at load time; reload until parsing ends.
        page.get_by_role("link", name="broken.pdf").click()
        for _ in range(60):
            if page.get_by_text("This file could not be parsed.").is_visible():
                break
            page.wait_for_timeout(500)
            page.reload()
        expect(page.get_by_role("alert")).to_contain_text("damaged or truncated")
        page.screenshot(path=shots / "content-09-failed-detail.png", full_page=True)
        page.get_by_role("link", name="Content", exact=True).click()
        page.get_by_role("link", name="fleet.csv").click()
        page.get_by_role("button", name="Archive").click()
        expect(page.get_by_role("status")).to_contain_text("archived")
        page.get_by_role("link", name="Delete").click()
        page.screenshot(path=shots / "content-08-delete-confirm.png", full_page=True)
        page.get_by_role("button", name="Delete file").click()
        expect(page.get_by_role("status")).to_contain_text("“fleet.csv” deleted")
    finally:
        context.close()

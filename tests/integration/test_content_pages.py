"""The Content pages through the app: upload form, file list, file detail, lifecycle, search."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import User, sign_in

HTML = {"accept": "text/html"}
CSV = (
    b"order_id,region,amount,order_date\n"
    b"A-1,North,120.50,2026-01-03\nA-2,South,80.00,2026-01-04\n"
    b"A-3,North,42.25,2026-01-09\nA-4,East,310.00,2026-02-11\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
BROKEN_PDF = b"%PDF-1.4\n1 0 obj garbage\n%%EOF"


@pytest.fixture(scope="module")
def policy_pdf() -> bytes:
    import weasyprint

    html = """<h1>Travel policy</h1><p>Employees book flights through the travel desk.</p>
    <h2>Expenses</h2><p>Hotel stays are reimbursed up to 180 euros per night when the
    receipt is attached within 30 days.</p>
    <h2>Approvals</h2><p>The line manager approves every trip above 2,000 euros.</p>"""
    return bytes(weasyprint.HTML(string=html).write_pdf())


@pytest.fixture
def workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Budget"
    sheet.append(["cost_centre", "budget"])
    sheet.append(["Travel", 12000])
    staff = book.create_sheet("Staff")
    staff.append(["name", "team"])
    staff.append(["Grace", "Platform"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Browser:
    """A signed-in browser: the session cookie and the CSRF token its forms carry."""

    def __init__(self, user: User) -> None:
        self.client: TestClient = user.client
        self.client.cookies.clear()
        self.csrf = sign_in(self.client, user.email)

    def get(self, url: str) -> Any:
        return self.client.get(url, headers=HTML, follow_redirects=False)

    def post(self, url: str, data: dict[str, str] | None = None, **kwargs: Any) -> Any:
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, headers=HTML, follow_redirects=False, **kwargs)

    def journey(self, title: str = "Travel cost review", workspace_id: str | None = None) -> str:
        body: dict[str, Any] = {"title": title}
        if workspace_id:
            body["workspace_id"] = workspace_id
        r = self.client.post("/api/v1/journeys", json=body, headers={"X-CSRF-Token": self.csrf})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def upload(self, journey: str, *files: tuple[str, bytes]) -> Any:
        return self.post(
            f"/journeys/{journey}/files",
            files=[
                ("files", (name, io.BytesIO(data), "application/octet-stream"))
                for name, data in files
            ],
        )

    def file_ids(self, journey: str, query: str = "") -> dict[str, str]:
        """Display name -> id of the files the journey's Content page lists."""
        page = self.get(f"/journeys/{journey}/content{query}")
        assert page.status_code == 200
        return {
            name: file_id
            for file_id, name in re.findall(
                r'class="file-link" href="/files/([^"]+)">([^<]+)</a>', page.text
            )
        }


def flashes(page: Any) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+">([^<]*)</p>', page.text)


def test_journey_page_links_to_the_content_page(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    overview = browser.get(f"/journeys/{journey}")
    assert f'href="/journeys/{journey}/content"' in overview.text
    page = browser.get(f"/journeys/{journey}/content")
    assert page.status_code == 200
    assert "No files yet." in page.text
    assert f'data-upload="/api/v1/journeys/{journey}/files"' in page.text
    assert f'data-csrf="{browser.csrf}"' in page.text


def test_pages_send_signed_out_visitors_to_sign_in(app_client: TestClient) -> None:
    answer = app_client.get("/journeys/abc/content", headers=HTML, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/journeys/abc/content"


def test_upload_form_stores_good_files_and_reports_each_refusal(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    answer = browser.upload(
        journey,
        ("orders.csv", CSV),
        ("photo.csv", PNG),
        ("orders copy.csv", CSV),
        ("empty.txt", b""),
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/journeys/{journey}/content"
    page = browser.get(answer.headers["location"])
    messages = flashes(page)
    assert messages[0] == "Uploaded “orders.csv”; it is being parsed."
    assert any(m.startswith("“photo.csv” was not stored:") and "PNG" in m for m in messages)
    assert any(
        m.startswith("“orders copy.csv” was not stored:") and "already has" in m for m in messages
    )
    assert any(m.startswith("“empty.txt” was not stored: the file is empty") for m in messages)
    assert list(browser.file_ids(journey)) == ["orders.csv"]
    assert 'class="badge status status-ready"' in page.text
    assert "1 table, 4 rows." in page.text


def test_upload_form_without_a_file_asks_for_one(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    # What a browser sends for a file input left empty: a part with an empty file name.
    boundary = "form-boundary-1234"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f"{browser.csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; "
        f'name="files"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n'
        f"\r\n--{boundary}--\r\n"
    ).encode()
    answer = browser.client.post(
        f"/journeys/{journey}/files",
        content=body,
        follow_redirects=False,
        headers={**HTML, "content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 303
    assert flashes(browser.get(answer.headers["location"])) == [
        "Choose at least one file to upload."
    ]


def test_upload_form_refuses_a_missing_csrf_token(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    answer = browser.client.post(
        f"/journeys/{journey}/files",
        headers=HTML,
        files=[("files", ("orders.csv", io.BytesIO(CSV), "text/csv"))],
    )
    assert answer.status_code == 403
    assert browser.file_ids(journey) == {}


def test_file_list_filters_by_status_kind_name_and_archive(alice: User, policy_pdf: bytes) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(
        journey, ("orders.csv", CSV), ("travel policy.pdf", policy_pdf), ("broken.pdf", BROKEN_PDF)
    )
    ids = browser.file_ids(journey)
    assert set(ids) == {"orders.csv", "travel policy.pdf", "broken.pdf"}
    assert set(browser.file_ids(journey, "?kind=document")) == {"travel policy.pdf", "broken.pdf"}
    assert set(browser.file_ids(journey, "?status=failed")) == {"broken.pdf"}
    assert set(browser.file_ids(journey, "?q=ORDERS")) == {"orders.csv"}
    assert browser.file_ids(journey, "?kind=nonsense&status=weird") == ids  # ignored
    empty = browser.get(f"/journeys/{journey}/content?q=nothing-like-this")
    assert "No files match these filters." in empty.text

    failed = browser.get(f"/journeys/{journey}/content?status=failed")
    assert 'class="badge status status-failed"' in failed.text
    assert "The PDF is damaged or truncated" in failed.text

    browser.post(f"/files/{ids['orders.csv']}/archive")
    assert "orders.csv" not in browser.file_ids(journey)
    assert set(browser.file_ids(journey, "?archived=1")) == {"orders.csv"}


def test_file_page_shows_metadata_lineage_and_typed_rows(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("orders.csv", CSV))
    file_id = browser.file_ids(journey)["orders.csv"]
    page = browser.get(f"/files/{file_id}")
    assert page.status_code == 200
    text = page.text
    assert hashlib.sha256(CSV).hexdigest() in text
    assert f"({len(CSV):,} bytes)" in text
    assert 'CSV table <span class="muted small">(text/csv)</span>' in text
    assert "generation 0 · upload" in text
    assert re.search(r"generation 1 · [\w:-]+ · 4 rows × 4 columns", text)
    assert (
        '<span class="col-name">order_date</span><span class="col-type type-date">date</span>'
        in text
    )
    assert "<td>North</td>" in text and "The first 4 of 4 rows" in text
    assert f'href="/api/v1/files/{file_id}/download"' in text
    download = browser.client.get(f"/api/v1/files/{file_id}/download")
    assert download.status_code == 200 and download.content == CSV


def test_workbook_page_switches_between_sheets(alice: User, workbook: bytes) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("plan.xlsx", workbook))
    file_id = browser.file_ids(journey)["plan.xlsx"]
    first = browser.get(f"/files/{file_id}")
    picker = first.text.split('id="sheet"')[1].split("</select>")[0]
    sheets = {
        name: ds_id
        for ds_id, name in re.findall(
            r'<option value="([^"]+)"(?: selected)?>([^<]+)</option>', picker
        )
    }
    assert set(sheets) == {"Budget", "Staff"}
    assert "<td>Travel</td>" in first.text and "Grace" not in first.text
    second = browser.get(f"/files/{file_id}?sheet={sheets['Staff']}")
    assert "<td>Grace</td>" in second.text and "<td>Travel</td>" not in second.text
    assert 'aria-label="Rows of sheet Staff"' in second.text


def test_document_page_shows_outline_and_section_text(alice: User, policy_pdf: bytes) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("travel policy.pdf", policy_pdf))
    page = browser.get(f"/files/{browser.file_ids(journey)['travel policy.pdf']}")
    outline = page.text.split('aria-labelledby="outline-title"')[1].split("</nav>")[0]
    assert re.search(r'<a href="#section-\d+"[^>]*>Expenses</a>', outline)
    assert "reimbursed up to 180 euros per night" in page.text
    assert "Travel policy › Expenses" in page.text


def test_failed_file_page_gives_the_reason_and_offers_reprocess(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("broken.pdf", BROKEN_PDF))
    file_id = browser.file_ids(journey)["broken.pdf"]
    page = browser.get(f"/files/{file_id}")
    assert "This file could not be parsed." in page.text
    assert "The PDF is damaged or truncated" in page.text
    assert f'action="/files/{file_id}/reprocess"' in page.text
    assert page.text.count("The PDF is damaged or truncated") == 1
    assert "No preview: the file could not be parsed" in page.text


def test_archive_restore_reprocess_and_delete_through_forms(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("orders.csv", CSV))
    file_id = browser.file_ids(journey)["orders.csv"]

    answer = browser.post(f"/files/{file_id}/archive")
    assert answer.status_code == 303 and answer.headers["location"] == f"/files/{file_id}"
    page = browser.get(f"/files/{file_id}")
    assert "“orders.csv” archived." in flashes(page)[0]
    assert f'action="/files/{file_id}/restore"' in page.text
    browser.post(f"/files/{file_id}/restore")
    assert "orders.csv" in browser.file_ids(journey)

    browser.post(f"/files/{file_id}/reprocess")
    page = browser.get(f"/files/{file_id}")
    assert flashes(page) == ["“orders.csv” will be parsed again."]
    assert 'class="badge status status-ready"' in page.text  # jobs run at once in tests

    confirm = browser.get(f"/files/{file_id}/delete")
    assert "Delete “orders.csv”?" in confirm.text
    assert "the dataset parsed from it (4 rows)" in confirm.text
    answer = browser.post(f"/files/{file_id}/delete")
    assert answer.headers["location"] == f"/journeys/{journey}/content"
    assert flashes(browser.get(answer.headers["location"])) == [
        "“orders.csv” deleted with what was derived from it."
    ]
    assert browser.get(f"/files/{file_id}").status_code == 404
    assert browser.client.get(f"/api/v1/files/{file_id}").status_code == 404


def test_reprocess_of_an_unparsed_format_is_refused_with_a_message(alice: User) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("pixel.png", PNG))
    file_id = browser.file_ids(journey)["pixel.png"]
    page = browser.get(f"/files/{file_id}")
    assert "/reprocess" not in page.text  # not offered
    answer = browser.post(f"/files/{file_id}/reprocess")
    assert answer.status_code == 303
    assert "is a format that is not parsed" in flashes(browser.get(f"/files/{file_id}"))[0]


def test_viewer_sees_files_but_cannot_upload_or_change_them(alice: User, bob: User) -> None:
    owner = Browser(alice)
    workspace = owner.client.post(
        "/api/v1/workspaces", json={"name": "Finance"}, headers={"X-CSRF-Token": owner.csrf}
    ).json()["id"]
    added = owner.client.post(
        f"/api/v1/workspaces/{workspace}/members",
        json={"email": bob.email, "role": "viewer"},
        headers={"X-CSRF-Token": owner.csrf},
    )
    assert added.status_code in (200, 201), added.text
    journey = owner.journey("Budget", workspace_id=workspace)
    owner.upload(journey, ("orders.csv", CSV))
    file_id = owner.file_ids(journey)["orders.csv"]

    viewer = Browser(bob)
    listing = viewer.get(f"/journeys/{journey}/content")
    assert "orders.csv" in listing.text and "Upload files" not in listing.text
    detail = viewer.get(f"/files/{file_id}")
    assert "Download original" in detail.text
    assert "/archive" not in detail.text and "/delete" not in detail.text
    assert viewer.post(f"/files/{file_id}/archive").status_code == 403
    assert viewer.upload(journey, ("more.csv", b"a,b\n1,2\n")).status_code == 403


def test_another_workspace_cannot_see_the_pages(alice: User, bob: User) -> None:
    owner = Browser(alice)
    journey = owner.journey()
    owner.upload(journey, ("orders.csv", CSV))
    file_id = owner.file_ids(journey)["orders.csv"]
    stranger = Browser(bob)
    assert stranger.get(f"/journeys/{journey}/content").status_code == 404
    assert stranger.get(f"/files/{file_id}").status_code == 404
    assert stranger.get(f"/journeys/{journey}/search?q=North").status_code == 404
    assert stranger.post(f"/files/{file_id}/delete").status_code == 404


def test_search_page_lists_ranked_hits_with_their_location(alice: User, policy_pdf: bytes) -> None:
    browser = Browser(alice)
    journey = browser.journey()
    browser.upload(journey, ("orders.csv", CSV), ("travel policy.pdf", policy_pdf))
    empty = browser.get(f"/journeys/{journey}/search")
    assert empty.status_code == 200 and "results for" not in empty.text

    page = browser.get(f"/journeys/{journey}/search?q=hotel+reimbursed+per+night")
    hits = page.text.split('<ol class="hits">')[1]
    first = hits.split('<li class="card hit">')[1]
    assert "travel policy.pdf" in first
    assert "page 1 · Travel policy › Expenses" in first
    assert "180 euros" in first
    assert re.search(r"matched by .*keyword", first, re.S)
    assert re.search(r"score 0\.\d{4}", first)

    rows = browser.get(f"/journeys/{journey}/search?q=North")
    assert re.search(r"rows 1–4", rows.text)
    assert "orders.csv" in rows.text


def test_journey_last_change_follows_its_newest_file(alice: User) -> None:
    from datetime import UTC, datetime

    from symphainy.core.scoping import Scope
    from symphainy.models.journey import Journey

    browser = Browser(alice)
    journey = browser.journey()
    runtime = alice.client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Journey, journey)
        assert row is not None
        row.updated_at = datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
    before = browser.get(f"/journeys/{journey}")
    assert "02 Jan 2020, 03:04 UTC" in before.text
    assert browser.upload(journey, ("orders.csv", CSV)).status_code == 303
    after = browser.get(f"/journeys/{journey}")
    last = re.search(r"<dt>Last change</dt><dd>([^<]+)</dd>", after.text)
    assert last is not None and "2020" not in last.group(1)

"""A person asks the Guide what to do next, then asks the Insights liaison about their CSV."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PASSWORD = "copper-meadow-signal-71"
CSV = (
    "order_id,region,amount,order_date\n"
    "A-1,North,120.50,2026-01-03\nA-2,South,80.00,2026-01-04\n"
    "A-3,North,42.25,2026-01-09\nA-4,East,310.00,2026-02-11\n"
)


def _journey_with_csv(page: Page) -> str:
    api = page.request
    email = f"chat{time.monotonic_ns()}@example.com"
    r = api.post(
        "/api/v1/auth/register",
        data={"email": email, "password": PASSWORD, "full_name": "Ada Analyst"},
    )
    assert r.status == 201, r.text()
    csrf = api.post("/api/v1/auth/login", data={"email": email, "password": PASSWORD}).json()[
        "csrf_token"
    ]
    headers = {"X-CSRF-Token": csrf}
    journey = api.post(
        "/api/v1/journeys",
        headers=headers,
        data={"title": "Regional sales review", "goals": ["Grow sales in the North by 10%"]},
    ).json()
    upload = api.post(
        f"/api/v1/journeys/{journey['id']}/files",
        headers=headers,
        multipart={"file": {"name": "orders.csv", "mimeType": "text/csv", "buffer": CSV.encode()}},
    )
    assert upload.status == 202, upload.text()
    deadline = time.monotonic() + 60
    while api.get(f"/api/v1/files/{upload.json()['id']}").json()["status"] != "ready":
        assert time.monotonic() < deadline, "the CSV was not parsed in time"
        time.sleep(0.3)
    return str(journey["id"])


@pytest.mark.e2e
def test_guide_then_insights_liaison_answer_from_the_data(page: Page, shots: Path) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    journey_id = _journey_with_csv(page)
    page.goto(f"/journeys/{journey_id}")
    page.get_by_role("button", name="Ask the assistant").click()
    panel = page.get_by_role("complementary", name="Assistant")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("button", name="what should I do next?")).to_be_visible()
    page.screenshot(path=shots / "chat-01-open.png")

    composer = panel.get_by_label("Your message")
    composer.fill("What should I do next?")
    composer.press("Enter")
    guide = panel.locator(".chat-msg.assistant").last
    # The first answer of a fresh server may wait for the embedding model to load.
    expect(guide.locator(".chat-bubble")).to_contain_text(
        "review the data quality of “orders.csv”", timeout=30_000
    )
    expect(guide.locator(".chat-meta")).to_contain_text("deterministic engine")
    expect(guide.get_by_role("button", name="Talk to the Insights liaison")).to_be_visible()
    page.screenshot(path=shots / "chat-02-guide.png")

    guide.get_by_role("button", name="Talk to the Insights liaison").click()
    expect(panel.get_by_label("Who to talk to")).to_have_value("insights")
    composer.fill("whats the average amount by regoin?")
    panel.get_by_role("button", name="Send").click()
    answer = panel.locator(".chat-msg.assistant").last
    expect(answer.locator(".chat-bubble")).to_contain_text("North: 81.38", timeout=30_000)
    expect(answer.locator(".chat-bubble")).to_contain_text("East: 310")
    table = answer.locator("table")
    expect(table.locator("tbody tr").first).to_contain_text("East")
    expect(answer.locator(".chat-tool.ok")).to_have_text(["ask data"])
    page.screenshot(path=shots / "chat-03-insights.png")

    # The conversation is stored: reopening the page resumes it.
    page.reload()
    page.get_by_role("button", name="Ask the assistant").click()
    expect(panel.locator(".chat-msg.user")).to_have_count(2)
    panel.get_by_role("button", name="History").click()
    expect(panel.get_by_role("region", name="Your conversations").locator("li")).to_have_count(1)
    expect(page).to_have_url(re.compile(journey_id))
    page.screenshot(path=shots / "chat-04-history.png")


@pytest.mark.e2e
def test_a_requested_chart_is_drawn_and_a_delete_waits_for_the_confirm_button(
    page: Page, shots: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    journey_id = _journey_with_csv(page)
    page.goto(f"/journeys/{journey_id}")
    page.get_by_role("button", name="Ask the assistant").click()
    panel = page.get_by_role("complementary", name="Assistant")
    composer = panel.get_by_label("Your message")

    composer.fill("chart of amount by region")
    composer.press("Enter")
    answer = panel.locator(".chat-msg.assistant").last
    expect(answer.locator(".chat-tool.ok")).to_have_text(["chart data"], timeout=30_000)
    chart = answer.locator("img.chat-chart")
    expect(chart).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    page.screenshot(path=shots / "chat-05-chart.png")

    composer.fill("delete orders.csv")
    composer.press("Enter")
    asked = panel.locator(".chat-msg.assistant").last
    expect(asked.get_by_role("button", name="Confirm")).to_be_visible(timeout=30_000)
    page.screenshot(path=shots / "chat-06-confirm.png")

    # Typing "yes" is a new message: it cancels the pending delete instead of confirming it.
    composer.fill("yes")
    composer.press("Enter")
    expect(panel.locator(".chat-msg.assistant").last.locator(".chat-bubble")).to_contain_text(
        "Nothing was changed"
    )
    files = page.request.get(f"/api/v1/journeys/{journey_id}/files").json()["items"]
    assert [f["name"] for f in files] == ["orders.csv"]

    composer.fill("delete orders.csv")
    composer.press("Enter")
    again = panel.locator(".chat-msg.assistant").last
    again.get_by_role("button", name="Confirm").click()
    expect(panel.locator(".chat-msg.assistant").last.locator(".chat-bubble")).to_contain_text(
        "deleted", timeout=30_000
    )
    files = page.request.get(f"/api/v1/journeys/{journey_id}/files").json()["items"]
    assert files == []
    page.screenshot(path=shots / "chat-07-deleted.png")

"""A long PDF manual reads in parts without its running header and says when its semantic
search follows; search says when nothing matches and puts the exact table rows first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PASSWORD = "Basalt-heron-pocket-29"


@pytest.fixture(scope="module")
def manual_pdf() -> bytes:
    import pydoc_data.topics

    import weasyprint

    topics = sorted(pydoc_data.topics.topics)[:24]
    body = "".join(
        f"<section><h2>{name}</h2><p>{pydoc_data.topics.topics[name][:3000]}</p></section>"
        for name in topics
    )
    style = """@page { @top-center { content: "4 Function reference" }
      @bottom-center { content: counter(page) } } section { page-break-after: always }"""
    return bytes(
        weasyprint.HTML(
            string=f"<html><head><style>{style}</style></head><body>{body}</body></html>"
        ).write_pdf()
    )


def _journey_with_files(page: Page, base_url: str, manual: bytes) -> dict[str, str]:
    import palmerpenguins

    api = page.request
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={"email": "mary.j@example.com", "password": PASSWORD, "full_name": "Mary Jackson"},
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login", data={"email": "mary.j@example.com", "password": PASSWORD}
    ).json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    jid = api.post(
        f"{base_url}/api/v1/journeys", headers=headers, data={"title": "Field notes"}
    ).json()["id"]
    raw = Path(palmerpenguins.__file__).parent / "data" / "penguins-raw.csv"
    ids = {"journey": jid}
    for name, kind, body in (
        ("manual.pdf", "application/pdf", manual),
        ("penguins_raw.csv", "text/csv", raw.read_bytes()),
    ):
        made = api.post(
            f"{base_url}/api/v1/journeys/{jid}/files",
            headers=headers,
            multipart={"file": {"name": name, "mimeType": kind, "buffer": body}},
        )
        assert made.status == 202, made.text()
        ids[name] = made.json()["id"]
        for _ in range(600):
            if api.get(f"{base_url}/api/v1/files/{ids[name]}").json()["status"] == "ready":
                break
            page.wait_for_timeout(100)
    return ids


@pytest.mark.e2e
def test_long_pdf_in_parts_and_search_that_can_say_nothing(
    page: Page, base_url: str, shots: Path, manual_pdf: bytes
) -> None:
    ids = _journey_with_files(page, base_url, manual_pdf)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/files/{ids['manual.pdf']}")
    # Ready (readable, keyword search) before its semantic index: the page says when that
    # follows, and the sentence follows the indexing until it is done.
    semantic = page.locator("[data-semantic]")
    expect(semantic).to_have_text(
        re.compile(
            r"Semantic search (available in (about \d+ (s|min)|a moment) \([\d,]+ of [\d,]+ "
            r"passages indexed\); keyword search works now"
            r"|is available \([\d,]+ passages indexed\))\."
        )
    )
    expect(semantic).to_contain_text("Semantic search is available", timeout=180_000)
    outline = page.get_by_role("navigation", name="Outline")
    expect(outline).to_contain_text("assignment")
    expect(outline).not_to_contain_text("Function reference")
    expect(page.locator(".sections")).not_to_contain_text("4 Function reference")
    expect(page.get_by_text("part 1 of 3")).to_be_visible()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 9000, height
    page.screenshot(path=shots / "docs-01-part-1.png", full_page=True)
    # Long sections open on demand; the outline jumps to the part holding a section.
    first_more = page.locator("details.section-more summary").first
    first_more.click()
    outline.get_by_role("link", name="bltin-type-objects").click()
    expect(page).to_have_url(re.compile(r"part=2#section-\d+$"))
    expect(page.get_by_role("heading", name="bltin-type-objects", level=3)).to_be_visible()
    page.get_by_role("link", name="Next sections").click()
    expect(page.get_by_text("part 3 of 3")).to_be_visible()

    page.goto(f"/journeys/{ids['journey']}/search")
    box = page.get_by_label("Search this journey’s files")
    box.fill("qwzx")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No results for “qwzx”")).to_be_visible()
    expect(page.locator(".hit")).to_have_count(0)
    box = page.get_by_label("Search this journey’s files")
    box.fill("Adelie penguins on Biscoe island")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".hit").first
    expect(first).to_contain_text("penguins_raw.csv")
    expect(first).to_contain_text("Biscoe")
    page.screenshot(path=shots / "docs-02-search.png", full_page=True)

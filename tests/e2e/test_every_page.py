"""Every page, on a desktop and on a 390 px phone: axe-core finds nothing serious or critical,
the page never scrolls sideways, and the assistant's button covers nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import APIRequestContext, Page, expect
from tests.e2e.audit import axe_violations, horizontal_overflow

PASSWORD = "Juniper-kettle-meadow-73"
SOP = Path(__file__).parent.parent / "unit" / "operations" / "sops" / "claims_numbered.md"
CSV = "studyName,Clutch Completion,Body Mass (g),Date Egg,Species\n" + "".join(
    f"PAL0708,{'Yes' if i % 3 else 'No'},{3000 + i * 25},2007-11-{i % 28 + 1:02d},"
    f"{'Adelie Penguin (Pygoscelis adeliae)' if i % 2 else 'Gentoo penguin (Pygoscelis papua)'}\n"
    for i in range(40)
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Everything under the fixed launcher, found by hit-testing a grid of points inside its box.
COVERED_SCRIPT = """() => {
  const CONTENT = 'p, li, td, th, a, button, label, h1, h2, h3, dd, dt, input, select, textarea, '
    + 'img, svg, figure';
  const launcher = document.getElementById('chat-launcher');
  if (!launcher || launcher.hidden) return [];
  const box = launcher.getBoundingClientRect();
  const under = new Set();
  launcher.style.visibility = 'hidden';
  for (let x = box.left + 2; x < box.right; x += 8) {
    for (let y = box.top + 2; y < box.bottom; y += 6) {
      const node = document.elementFromPoint(x, y);
      if (!node) continue;
      const text = node.closest(CONTENT);
      if (text && !text.closest('.chat-panel')) {
        under.add(text.tagName + ':' + (text.textContent || '').trim().slice(0, 40));
      }
    }
  }
  launcher.style.visibility = '';
  return Array.from(under);
}"""


# Headings in document order must not skip a level (h1 then h3).
HEADINGS_SCRIPT = """() => {
  const out = [];
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (h.closest('[hidden], .chat-panel')) continue;
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) out.push(`h${last} -> h${level} ${h.textContent.trim()}`);
    last = level;
  }
  return out;
}"""


def _seed(
    api: APIRequestContext, base_url: str, page: Page, email: str = "grace.pages@example.com"
) -> dict[str, str]:
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={"email": email, "password": PASSWORD, "full_name": "Grace Hopper"},
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login", data={"email": email, "password": PASSWORD}
    ).json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    jid = api.post(
        f"{base_url}/api/v1/journeys",
        headers=headers,
        data={"title": "Penguin colony survey", "goals": ["Count every nest by March"]},
    ).json()["id"]
    ids: dict[str, str] = {"journey": jid}
    for name, kind, body in (
        ("penguins.csv", "text/csv", CSV.encode()),
        ("claims.md", "text/markdown", SOP.read_bytes()),
    ):
        r = api.post(
            f"{base_url}/api/v1/journeys/{jid}/files",
            headers=headers,
            multipart={"file": {"name": name, "mimeType": kind, "buffer": body}},
        )
        assert r.status == 202, r.text()
        ids[name] = r.json()["id"]
        for _ in range(200):
            if api.get(f"{base_url}/api/v1/files/{ids[name]}").json()["status"] == "ready":
                break
            page.wait_for_timeout(100)
    workflow = api.post(
        f"{base_url}/api/v1/journeys/{jid}/workflows",
        headers=headers,
        data={"source_file_id": ids["claims.md"]},
    )
    assert workflow.status == 201, workflow.text()
    ids["workflow"] = workflow.json()["id"]
    ids["sop"] = api.post(
        f"{base_url}/api/v1/workflows/{ids['workflow']}/sop", headers=headers
    ).json()["id"]
    ids["blueprint"] = api.post(
        f"{base_url}/api/v1/workflows/{ids['workflow']}/blueprint", headers=headers
    ).json()["id"]
    for key, path in (("roadmap", "roadmap"), ("proposal", "proposal")):
        made = api.post(f"{base_url}/api/v1/journeys/{jid}/{path}", headers=headers)
        assert made.status == 201, made.text()
        ids[key] = made.json()["id"]
    ids["workspace"] = api.get(f"{base_url}/api/v1/journeys/{jid}").json()["workspace_id"]
    return ids


def _pages(ids: dict[str, str]) -> list[str]:
    j = ids["journey"]
    csv, sop_file = ids["penguins.csv"], ids["claims.md"]
    return [
        "/",
        "/journeys/new",
        f"/journeys/{j}",
        f"/journeys/{j}/edit",
        f"/journeys/{j}/delete",
        f"/journeys/{j}/content",
        f"/journeys/{j}/search?q=Adelie+penguin",
        f"/journeys/{j}/search?q=qwzx",
        f"/files/{csv}",
        f"/files/{sop_file}",
        f"/files/{csv}/delete",
        f"/journeys/{j}/insights",
        f"/files/{csv}/insights",
        f"/files/{csv}/insights?tab=quality",
        f"/files/{csv}/insights?tab=charts",
        f"/files/{csv}/insights?tab=ask",
        f"/files/{csv}/insights?tab=summary",
        f"/journeys/{j}/insights/mapping",
        f"/journeys/{j}/operations",
        f"/journeys/{j}/operations/workflows/{ids['workflow']}",
        f"/journeys/{j}/operations/sops/{ids['sop']}",
        f"/journeys/{j}/operations/blueprints/{ids['blueprint']}",
        f"/journeys/{j}/outcomes",
        f"/journeys/{j}/outcomes/roadmaps/{ids['roadmap']}",
        f"/journeys/{j}/outcomes/proposals/{ids['proposal']}",
        "/workspaces",
        f"/workspaces/{ids['workspace']}/members",
        f"/workspaces/{ids['workspace']}/audit",
        "/account",
        "/account/tokens",
    ]


def _check(page: Page, path: str, problems: dict[str, Any], label: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    _audit(page, path, problems, label)


def _audit(page: Page, name: str, problems: dict[str, Any], label: str) -> None:
    """The checks on the page as it is now (after a form was sent, say)."""
    page.wait_for_load_state("networkidle")
    path = name
    found: dict[str, Any] = {}
    violations = axe_violations(page)
    if violations:
        found["axe"] = violations
    overflow = horizontal_overflow(page)
    if overflow:
        found["overflow"] = overflow
    skipped = page.evaluate(HEADINGS_SCRIPT)
    if skipped:
        found["headings"] = skipped
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    covered = page.evaluate(COVERED_SCRIPT)
    page.evaluate("() => window.scrollTo(0, 0)")
    covered += page.evaluate(COVERED_SCRIPT)
    if covered:
        found["covered"] = covered
    if found:
        problems[f"{label} {path}"] = found


@pytest.mark.e2e
def test_every_page_passes_axe_and_fits_a_phone(page: Page, base_url: str, shots: Path) -> None:
    ids = _seed(page.request, base_url, page)
    problems: dict[str, Any] = {}
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for path in _pages(ids):
            _check(page, path, problems, label)
        page.goto(f"/files/{ids['penguins.csv']}/insights")
        page.screenshot(path=shots / f"every-{label}-profile.png", full_page=True)
        # Pages that exist only after a form: a mapping's result, a fresh invitation.
        page.goto(f"/journeys/{ids['journey']}/insights/mapping")
        page.get_by_label("Target", exact=True).select_option("schema")
        page.get_by_label("Target fields").fill(
            "species: text\nbody_mass_kg: number\nlaid_on: date"
        )
        page.get_by_role("button", name="Suggest mapping").click()
        expect(page.get_by_role("heading", name="Field pairs")).to_be_visible()
        _audit(page, "mapping result", problems, label)
        page.goto(f"/workspaces/{ids['workspace']}/members")
        page.get_by_label("Email").fill(f"{label}.colleague@example.com")
        page.get_by_role("button", name="Add or invite").click()
        invitation = page.get_by_label("Invitation link").input_value()
        _audit(page, "members with an invitation", problems, label)
        page.goto(invitation)
        _audit(page, "invitation, wrong account", problems, label)
    # Pages for people who are signed out.
    page.context.clear_cookies()
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for path in ("/login", "/register", "/forgot-password", "/reset-password?token=x"):
            _check(page, path, problems, label)
        page.goto(invitation)
        _audit(page, "invitation, signed out", problems, label)
    (shots / "every-problems.json").write_text(json.dumps(problems, indent=1))
    assert problems == {}, json.dumps(problems, indent=1)


@pytest.mark.e2e
def test_diagram_fits_by_keyboard_and_the_assistant_fits_a_phone(
    page: Page, base_url: str, shots: Path
) -> None:
    ids = _seed(page.request, base_url, page, "kbd.pages@example.com")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/journeys/{ids['journey']}/operations/workflows/{ids['workflow']}")
    fit = page.get_by_role("button", name="Fit to the page").first
    fit.focus()
    page.keyboard.press("Enter")
    expect(fit).to_have_attribute("aria-pressed", "true")
    expect(page.locator("img.diagram").first).to_have_class(re.compile(r"\bfit\b"))
    # The scrolling diagram is itself reachable with Tab.
    assert page.evaluate(
        "() => [...document.querySelectorAll('.diagram-scroll')].every("
        "a => a.scrollWidth <= a.clientWidth + 1 || a.tabIndex === 0)"
    )

    page.set_viewport_size(PHONE)
    page.goto(f"/journeys/{ids['journey']}")
    page.get_by_role("button", name="Ask the assistant").click()
    picker = page.get_by_label("Who to talk to").bounding_box()
    history = page.get_by_role("button", name="History").bounding_box()
    assert picker is not None and history is not None
    apart = (
        picker["x"] + picker["width"] <= history["x"]
        or picker["y"] + picker["height"] <= history["y"]
        or history["y"] + history["height"] <= picker["y"]
    )
    assert apart, (picker, history)
    page.screenshot(path=shots / "every-phone-assistant.png")

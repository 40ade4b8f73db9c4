"""A person uploads an SOP, sees its workflow diagram, edits a step, opens the blueprint,
writes the SOP back and downloads the BPMN."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "Quartz-lantern-harbor-91"
SOP = Path(__file__).parent.parent / "unit" / "operations" / "sops" / "claims_numbered.md"


def _journey(page: Page, base_url: str, email: str) -> str:
    api = page.request
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={
            "email": email,
            "password": PASSWORD,
            "full_name": "Margaret Hamilton",
        },
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login",
        data={"email": email, "password": PASSWORD},
    ).json()["csrf_token"]
    return str(
        api.post(
            f"{base_url}/api/v1/journeys",
            headers={"X-CSRF-Token": csrf},
            data={"title": "Motor claims"},
        ).json()["id"]
    )


def _diagram_loaded(page: Page) -> None:
    image = page.locator("img.diagram")
    expect(image).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.diagram');"
        " return i && i.complete && i.naturalWidth > 300; }"
    )


def test_sop_to_workflow_blueprint_and_bpmn(page: Page, base_url: str, shots: Path) -> None:
    jid = _journey(page, base_url, "margaret.ops@example.com")
    page.goto(f"/journeys/{jid}")
    page.get_by_role("link", name="Open Operations").click()
    expect(page.get_by_role("heading", name="Map a workflow")).to_be_visible()
    page.get_by_label("Upload a file").set_input_files(str(SOP))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("is ready: create its workflow")).to_be_visible(timeout=30_000)
    page.screenshot(path=shots / "operations-01-overview.png", full_page=True)
    page.get_by_role("button", name="Create workflow").click()

    expect(page.get_by_text("Workflow mapped")).to_be_visible()
    expect(page.get_by_role("heading", name="Claims Intake Procedure")).to_be_visible()
    _diagram_loaded(page)
    # "log … and assign …" is two actions: the reader splits coordinated clauses.
    expect(page.get_by_label("Name of step 2")).to_have_value("Log the claim in Guidewire")
    page.screenshot(path=shots / "operations-02-workflow.png", full_page=True)

    pay = page.locator("li.step-item").filter(
        has=page.locator('input[value="Pay the claim in SAP"]')
    )
    pay.get_by_placeholder("Who").fill("Claims Payments Team")
    pay.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    expect(pay.get_by_placeholder("Who")).to_have_value("Claims Payments Team")

    page.get_by_label("Runs per month").fill("400")
    page.get_by_role("button", name="Build blueprint").click()
    expect(page.get_by_text("Blueprint built.")).to_be_visible()
    _diagram_loaded(page)
    expect(page.get_by_text("hours saved / month at 400 runs")).to_be_visible()
    expect(page.get_by_text("human checkpoint").first).to_be_visible()
    page.screenshot(path=shots / "operations-03-blueprint.png", full_page=True)

    page.get_by_role("link", name="Workflow", exact=True).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download BPMN").click()
    xml = Path(info.value.path()).read_text()
    assert "bpmndi:BPMNDiagram" in xml and "Claims Payments Team" in xml

    page.get_by_role("button", name="Write SOP").click()
    expect(page.get_by_text("SOP written.")).to_be_visible()
    expect(page.get_by_role("heading", name="Procedure", exact=True)).to_be_visible()
    expect(page.get_by_text("Submit a claim through the online portal.")).to_be_visible()
    page.screenshot(path=shots / "operations-04-sop.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download DOCX").click()
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"


COLLABORATION = (
    Path(__file__).parent.parent / "unit" / "operations" / "bpmn_models" / "miwg-reference"
) / "C.1.0.bpmn"


def test_a_multi_pool_bpmn_import_shows_every_pool(page: Page, base_url: str, shots: Path) -> None:
    jid = _journey(page, base_url, "grace.pools@example.com")
    page.goto(f"/journeys/{jid}/operations")
    page.get_by_label("Upload a file").set_input_files(str(COLLABORATION))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("is ready: create its workflow")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Create workflow").click()
    expect(page.get_by_text("Workflow mapped")).to_be_visible()
    _diagram_loaded(page)
    pools = ["Team-Assistant", "Process Engine - Invoice Receipt"]
    for name in pools:
        expect(page.locator("#pools .pool-name", has_text=name)).to_be_visible()
    # The drawn diagram itself: one pool group per participant, each labelled with its name.
    drawn = page.evaluate(
        """async () => {
            const src = document.querySelector('img.diagram').getAttribute('src');
            const svg = new DOMParser().parseFromString(
                await (await fetch(src)).text(), 'image/svg+xml');
            return [...svg.querySelectorAll('g.pool')].map(g => g.textContent.trim());
        }"""
    )
    for name in pools:
        assert any(name in text for text in drawn), drawn
    page.screenshot(path=shots / "operations-05-collaboration.png", full_page=True)

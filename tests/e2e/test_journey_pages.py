"""A person signs up, signs in, creates a journey with goals, opens it and signs out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.e2e.audit import axe_violations

PASSWORD = "copper-meadow-signal-71"


@pytest.mark.e2e
def test_register_login_create_journey_and_logout(page: Page, shots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_role("link", name="Create an account").click()

    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Work email").fill("grace.journeys@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Work email")).to_have_value("grace.journeys@example.com")
    page.screenshot(path=shots / "01-register-error.png", full_page=True)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # Registering signs you in.
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")
    expect(page.get_by_role("heading", name="Journeys", exact=True)).to_be_visible()
    expect(page.get_by_text("No journeys yet")).to_be_visible()
    page.screenshot(path=shots / "03-dashboard-empty.png", full_page=True)
    page.get_by_role("link", name="New journey").click()

    page.get_by_label("Title").fill("Faster supplier onboarding")
    page.get_by_label("Description").fill(
        "Suppliers wait three weeks to be paid for the "
        "first time; finance and procurement both touch it."
    )
    page.get_by_label("Goal 1", exact=True).fill("Onboard a supplier in under 5 days")
    page.get_by_role("button", name="Add a goal").click()
    page.get_by_label("Goal 2", exact=True).fill("Remove duplicate data entry")
    page.screenshot(path=shots / "04-new-journey.png", full_page=True)
    page.get_by_role("button", name="Create journey").click()

    expect(page.get_by_role("heading", name="Faster supplier onboarding")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Journey created")
    goals = page.locator("ol.goals li")
    expect(goals).to_have_text(
        ["Onboard a supplier in under 5 days", "Remove duplicate data entry"]
    )
    expect(page.get_by_text("No files yet")).to_be_visible()
    page.screenshot(path=shots / "05-journey.png", full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journeys").click()
    card = page.get_by_role("link", name="Faster supplier onboarding")
    expect(card).to_be_visible()
    page.screenshot(path=shots / "06-dashboard.png", full_page=True)
    card.click()
    expect(page.get_by_role("heading", name="The four pillars")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("You are signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.screenshot(path=shots / "02-login.png", full_page=True)
    page.get_by_label("Email").fill("grace.journeys@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Journeys", exact=True)).to_be_visible()


def _sign_up_and_in(page: Page, name: str, email: str) -> None:
    page.goto("/register")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Journeys", exact=True)).to_be_visible()


@pytest.mark.e2e
def test_workspace_members_tokens_and_audit(page: Page, shots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 860})
    _sign_up_and_in(page, "Alan Turing", "alan@example.com")
    page.get_by_role("button", name="Sign out").click()
    _sign_up_and_in(page, "Katherine Johnson", "katherine@example.com")

    page.get_by_role("link", name="Workspaces").click()
    page.get_by_label("Name").fill("Finance operations")
    page.get_by_role("button", name="Create workspace").click()
    expect(page.get_by_role("heading", name="Members of Finance operations")).to_be_visible()
    page.get_by_label("Email").fill("alan@example.com")
    page.get_by_label("Role", exact=True).select_option("member")
    page.get_by_role("button", name="Add or invite").click()
    expect(page.get_by_role("status")).to_contain_text("Alan Turing is now member")
    # Arrowing through the role list changes nothing until Save is pressed.
    role = page.get_by_label("Role of Alan Turing")
    role.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/members$"))
    expect(page.get_by_role("status")).not_to_contain_text("Alan Turing is now admin")
    role.select_option("admin")
    page.get_by_role("button", name="Save the role of Alan Turing").click()
    expect(page.get_by_role("status")).to_contain_text("Alan Turing is now admin")

    # Someone without an account is invited: a link, a pending row, then they join.
    page.get_by_label("Email").fill("dorothy.invited@example.com")
    page.get_by_label("Role", exact=True).select_option("viewer")
    page.get_by_role("button", name="Add or invite").click()
    link = page.get_by_label("Invitation link").input_value()
    assert "/invitations/" in link
    pending = page.locator(".pending-row", has_text="dorothy.invited@example.com")
    expect(pending).to_contain_text("pending")
    page.screenshot(path=shots / "07-members.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    page.goto(link)
    expect(page.get_by_role("heading", name="Join “Finance operations”")).to_be_visible()
    page.get_by_role("link", name="Register").click()
    expect(page.get_by_label("Work email")).to_have_value("dorothy.invited@example.com")
    page.get_by_label("Full name").fill("Dorothy Vaughan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("status")).to_contain_text("You joined “Finance operations” as viewer")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill("katherine@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/workspaces")
    page.locator(".row", has_text="Finance operations").get_by_role("link", name="Members").click()
    expect(page.locator(".row", has_text="Dorothy Vaughan")).to_contain_text("viewer")
    expect(page.locator(".pending-row")).to_have_count(0)

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_text("workspace.member.role_changed")).to_be_visible()
    page.screenshot(path=shots / "08-audit.png", full_page=True)

    page.get_by_role("link", name="Workspaces").first.click()
    page.screenshot(path=shots / "09-workspaces.png", full_page=True)

    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Nightly export")
    page.get_by_label("Expires after (days)").fill("90")
    page.get_by_label("What it may do").select_option("read_only")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("New API token")
    expect(token).to_have_value(re.compile(r"^sym_"))
    expect(page.locator(".row", has_text="Nightly export")).to_contain_text("read only")
    assert axe_violations(page) == []
    page.screenshot(path=shots / "10-token-created.png", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke Nightly export").click()
    expect(page.get_by_role("status")).to_contain_text("revoked")

    page.get_by_role("link", name="Password").click()
    page.get_by_label("Current password").fill("not-my-password-at-all")
    page.get_by_label("New password", exact=True).fill("another-long-passphrase-9")
    page.get_by_label("Repeat the new password").fill("another-long-passphrase-9")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("The current password is incorrect.")).to_be_visible()
    page.screenshot(path=shots / "11-account-error.png", full_page=True)

    page.goto("/journeys/does-not-exist")
    expect(page.get_by_role("heading", name=re.compile("find that page"))).to_be_visible()
    page.screenshot(path=shots / "12-not-found.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/journeys/new")
    page.screenshot(path=shots / "13-mobile-new-journey.png", full_page=True)


@pytest.mark.e2e
def test_forms_work_without_javascript(browser: Browser, base_url: str, shots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        _sign_up_and_in(page, "Mary Jackson", "mary@example.com")
        page.get_by_role("link", name="New journey").click()
        page.get_by_label("Title").fill("Quarterly forecast")
        page.get_by_label("Goals").fill("Forecast within 3% of actuals\nPublish by day 5")
        page.screenshot(path=shots / "14-no-js-new-journey.png", full_page=True)
        page.get_by_role("button", name="Create journey").click()
        expect(page.locator("ol.goals li")).to_have_text(
            ["Forecast within 3% of actuals", "Publish by day 5"]
        )
        page.get_by_role("link", name="Delete").click()
        page.get_by_role("button", name="Delete journey").click()
        expect(page.get_by_role("status")).to_contain_text("deleted")
        expect(page.get_by_text("No journeys yet")).to_be_visible()
    finally:
        context.close()

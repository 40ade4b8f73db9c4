"""A person signs up, signs in, creates a journey with goals, opens it and signs out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PASSWORD = "copper-meadow-signal-71"


@pytest.mark.e2e
def test_register_login_create_journey_and_logout(page: Page, shots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_role("link", name="Create an account").click()

    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Work email").fill("grace@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Work email")).to_have_value("grace@example.com")
    page.screenshot(path=shots / "01-register-error.png", full_page=True)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")
    page.screenshot(path=shots / "02-login.png", full_page=True)
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Journeys", exact=True)).to_be_visible()
    expect(page.get_by_text("No journeys yet")).to_be_visible()
    page.screenshot(path=shots / "03-dashboard-empty.png", full_page=True)
    page.get_by_role("link", name="New journey").click()

    page.get_by_label("Title").fill("Faster supplier onboarding")
    page.get_by_label("Description").fill("Suppliers wait three weeks to be paid for the "
                                          "first time; finance and procurement both touch it.")
    page.get_by_label("Goal 1", exact=True).fill("Onboard a supplier in under 5 days")
    page.get_by_role("button", name="Add a goal").click()
    page.get_by_label("Goal 2", exact=True).fill("Remove duplicate data entry")
    page.screenshot(path=shots / "04-new-journey.png", full_page=True)
    page.get_by_role("button", name="Create journey").click()

    expect(page.get_by_role("heading", name="Faster supplier onboarding")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Journey created")
    goals = page.locator("ol.goals li")
    expect(goals).to_have_text(["Onboard a supplier in under 5 days",
                                "Remove duplicate data entry"])
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

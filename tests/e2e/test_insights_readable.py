"""Insights in a reader's words: charts and summaries without internal names, profile tables
that keep words whole on a phone, and a field mapping that warns about units, finds the date,
and can be saved and downloaded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Page, expect

PASSWORD = "Lichen-orbit-parcel-85"
TARGET_FIELDS = (
    "species: text\nisland: text\nbody_mass_kg: number\ncollected_on: date\nclutch_completion: text"
)


def _cars_csv() -> bytes:
    """The Vega 'cars' dataset (vega_datasets package, BSD): Miles_per_Gallon, Cylinders, Year."""
    import vega_datasets

    rows = json.loads(
        (Path(vega_datasets.__file__).parent / "_data" / "cars.json").read_text(encoding="utf-8")
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _seed(page: Page, base_url: str) -> dict[str, str]:
    import palmerpenguins

    api = page.request
    r = api.post(
        f"{base_url}/api/v1/auth/register",
        data={
            "email": "annie.insights@example.com",
            "password": PASSWORD,
            "full_name": "Annie Easley",
        },
    )
    assert r.status == 201, r.text()
    csrf = api.post(
        f"{base_url}/api/v1/auth/login",
        data={"email": "annie.insights@example.com", "password": PASSWORD},
    ).json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    jid = api.post(
        f"{base_url}/api/v1/journeys", headers=headers, data={"title": "Readable insights"}
    ).json()["id"]
    raw = Path(palmerpenguins.__file__).parent / "data" / "penguins-raw.csv"
    ids = {"journey": jid}
    for name, body in (("cars.csv", _cars_csv()), ("penguins_raw.csv", raw.read_bytes())):
        made = api.post(
            f"{base_url}/api/v1/journeys/{jid}/files",
            headers=headers,
            multipart={"file": {"name": name, "mimeType": "text/csv", "buffer": body}},
        )
        assert made.status == 202, made.text()
        ids[name] = made.json()["id"]
        for _ in range(300):
            if api.get(f"{base_url}/api/v1/files/{ids[name]}").json()["status"] == "ready":
                break
            page.wait_for_timeout(100)
    return ids


@pytest.mark.e2e
def test_charts_summary_profile_and_mapping_read_as_words(
    page: Page, base_url: str, shots: Path
) -> None:
    ids = _seed(page, base_url)
    page.set_viewport_size({"width": 1280, "height": 900})
    cars = ids["cars.csv"]
    page.goto(f"/files/{cars}/insights?tab=charts&chart=histogram&x=Cylinders")
    expect(page.locator("figcaption").first).to_contain_text("Rows per value of Cylinders")
    page.goto(f"/files/{cars}/insights?tab=charts&chart=timeseries&x=Year&y=Miles_per_Gallon")
    caption = page.locator("figcaption").first
    expect(caption).to_contain_text("Average miles per gallon per year")
    expect(caption).not_to_contain_text("miles_per_gallon")
    page.screenshot(path=shots / "insights-01-chart.png", full_page=True)
    page.goto(f"/files/{cars}/insights?tab=summary")
    expect(page.locator(".ins-sentences")).to_be_visible()
    expect(page.locator(".ins-sentences")).not_to_contain_text(".min")
    expect(page.locator(".ins-sentences")).not_to_contain_text(".max")

    # The profile on a phone: words stay whole, the tab bar fits, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/files/{ids['penguins_raw.csv']}/insights")
    expect(page.get_by_role("link", name="Summary")).to_be_in_viewport()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    broken = page.evaluate(
        """() => Array.from(document.querySelectorAll('.ins-col')).filter(el => {
             const words = el.textContent.trim().split(/\\s+/).length;
             const lines = Math.round(el.getBoundingClientRect().height /
               parseFloat(getComputedStyle(el).lineHeight));
             return lines > words; }).map(el => el.textContent)"""
    )
    assert broken == []
    page.screenshot(path=shots / "insights-02-profile-phone.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/journeys/{ids['journey']}/insights/mapping")
    page.get_by_label("Source dataset").select_option(label="penguins_raw.csv")
    page.get_by_label("Target", exact=True).select_option("schema")
    page.get_by_label("Target fields").fill(TARGET_FIELDS)
    page.get_by_role("button", name="Suggest mapping").click()
    mass = page.locator("tr", has=page.get_by_role("rowheader", name="Body Mass (g)"))
    expect(mass.get_by_role("combobox")).to_contain_text("body_mass_kg (suggested)")
    expect(mass).to_contain_text("in grams")
    expect(mass).to_contain_text("divide by 1,000")
    date = page.locator("tr", has=page.get_by_role("rowheader", name="Date Egg"))
    expect(date.get_by_role("combobox")).to_contain_text("collected_on (suggested)")
    page.screenshot(path=shots / "insights-03-mapping.png", full_page=True)

    with page.expect_download() as got:
        page.get_by_role("button", name="Mapping (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
    pairs = {r["source_field"]: r["target_field"] for r in rows}
    assert pairs["Date Egg"] == "collected_on" and pairs["Body Mass (g)"] == "body_mass_kg"
    with page.expect_download() as got:
        page.get_by_role("button", name="Mapped data (Parquet)").click()
    table = pq.read_table(got.value.path())
    assert "collected_on" in table.column_names and table.num_rows == 344
    page.get_by_role("button", name="Save the mapped dataset to this journey").click()
    expect(page.get_by_role("status")).to_contain_text("penguins_raw mapped.csv")
    expect(page.get_by_role("heading", name="penguins_raw mapped.csv")).to_be_visible()

"""Every planted problem is found with the right count; clean data has no critical finding."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from symphainy.insights.profile import profile
from symphainy.insights.quality import assess
from tests.unit.insights.conftest import Open

N = 1000


def planted() -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "customer_id",
            "amount",
            "region",
            "city",
            "email",
            "phone",
            "price_text",
            "signup",
            "notes",
            "country",
            "discount",
        )
    }
    for i in range(N):
        row = {
            "customer_id": "C-0010" if i == 11 else "C-0020" if i in (21, 22) else f"C-{i:04d}",
            "amount": 10000.0 if i in (100, 200, 300, 400) else 10 + (i * 37 % 900) / 10,
            "region": (
                "north"
                if i in (50, 54, 58)
                else " North"
                if i in (62, 66)
                else "Northh"
                if i in (70, 74)
                else ["North", "South", "East", "West"][i % 4]
            ),
            "city": "N.Y." if 80 <= i <= 83 else ["NY", "Boston", "Chicago"][i % 3],
            "email": f"user{i}-at-example.com" if 500 <= i <= 505 else f"user{i}@example.com",
            "phone": (
                "12"
                if i in (600, 601, 602)
                else "call me"
                if i in (603, 604)
                else f"+44 20 7946 {i:04d}"
            ),
            "price_text": "n/a" if 700 <= i <= 709 else f"{i % 50 + 1}.50",
            "signup": (
                f"{i % 28 + 1:02d}/01/2026"
                if 800 <= i <= 814
                else "2026-02-30"
                if 820 <= i <= 824
                else f"2026-01-{i % 28 + 1:02d}"
            ),
            "notes": "note" if i % 25 == 0 else None,
            "country": "UK",
            "discount": None if i % 10 == 3 else float(i % 7),
        }
        for k, v in row.items():
            cols[k].append(v)
    for k in cols:  # two exact copies of row 5
        cols[k] += [cols[k][5], cols[k][5]]
    return cols


@pytest.fixture
def report(open_data: Open) -> dict[str, Any]:
    con = open_data(planted())
    return assess(con, profile(con, {"customer_id": "identifier"}), {"customer_id": "identifier"})


def _one(report: dict[str, Any], check: str, column: str | None) -> dict[str, Any]:
    found = [f for f in report["findings"] if f["check"] == check and f["column"] == column]
    assert len(found) == 1, (check, column, [(f["check"], f["column"]) for f in report["findings"]])
    return found[0]


@pytest.mark.parametrize(
    ("check", "column", "count"),
    [
        ("duplicate_rows", None, 2),
        ("non_unique_id", "customer_id", 8),  # C-0010 x2, C-0020 x3, C-0005 x3 (the copies)
        ("outliers", "amount", 4),
        ("category_case", "region", 3),
        ("category_whitespace", "region", 2),
        ("category_variants", "region", 2),
        ("category_variants", "city", 4),
        ("invalid_email", "email", 6),
        ("invalid_phone", "phone", 5),
        ("numbers_as_text", "price_text", 992),
        ("mixed_date_formats", "signup", 15),
        ("invalid_dates", "signup", 5),
        ("almost_empty", "notes", 962),
        ("constant_column", "country", 1002),
        ("missing_values", "discount", 100),
    ],
)
def test_planted_problem_is_found_with_its_count(
    report: dict[str, Any], check: str, column: str | None, count: int
) -> None:
    item = _one(report, check, column)
    assert item["count"] == count
    assert item["suggestion"] and item["message"]
    assert item["severity"] in ("critical", "warning", "info")


def test_findings_carry_example_rows(report: dict[str, Any]) -> None:
    emails = _one(report, "invalid_email", "email")
    assert [e["row"] for e in emails["examples"]] == [501, 502, 503, 504, 505]
    assert emails["examples"][0]["values"]["email"] == "user500-at-example.com"
    ids = _one(report, "non_unique_id", "customer_id")
    assert ids["severity"] == "critical" and ids["details"]["extra_copies"] == 5
    assert [e["row"] for e in _one(report, "duplicate_rows", None)["examples"]] == [1001, 1002]


def test_outliers_state_the_method_and_the_zscore_count(report: dict[str, Any]) -> None:
    item = _one(report, "outliers", "amount")
    assert "IQR" in item["details"]["method"] and item["details"]["zscore_count"] == 4
    assert "IQR" in item["message"] and "|z| > 3" in item["message"]


def test_near_duplicate_categories_name_the_intended_value(report: dict[str, Any]) -> None:
    city = _one(report, "category_variants", "city")
    assert city["details"]["variants"] == [{"value": "N.Y.", "intended": "NY", "count": 4}]


def test_nothing_else_is_flagged(report: dict[str, Any]) -> None:
    flagged = {(f["check"], f["column"]) for f in report["findings"]}
    assert flagged == {
        ("duplicate_rows", None),
        ("non_unique_id", "customer_id"),
        ("outliers", "amount"),
        ("category_case", "region"),
        ("category_whitespace", "region"),
        ("category_variants", "region"),
        ("category_variants", "city"),
        ("invalid_email", "email"),
        ("invalid_phone", "phone"),
        ("numbers_as_text", "price_text"),
        ("mixed_date_formats", "signup"),
        ("invalid_dates", "signup"),
        ("almost_empty", "notes"),
        ("constant_column", "country"),
        ("missing_values", "discount"),
    }


def test_score_follows_the_formula_shown(report: dict[str, Any]) -> None:
    weights = {"critical": 20, "warning": 6, "info": 1}
    expected = 100 - sum(
        weights[f["severity"]] * (0.5 + 0.5 * min(1, f["count"] / 1002)) for f in report["findings"]
    )
    assert report["score"] == pytest.approx(max(0, expected), abs=0.06)
    assert "weight" in report["formula"]


def test_clean_data_has_no_critical_findings(open_data: Open) -> None:
    rng = random.Random(7)
    n = 2000
    con = open_data(
        {
            "order_id": [f"O-{i:05d}" for i in range(n)],
            "region": [rng.choice(["North", "South", "East", "West"]) for _ in range(n)],
            "amount": [round(rng.uniform(5, 500), 2) for _ in range(n)],
            "quantity": [rng.randint(1, 20) for _ in range(n)],
            "order_date": [
                dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300)) for _ in range(n)
            ],
            "email": [f"buyer{i}@shop.example" for i in range(n)],
        }
    )
    report = assess(con, profile(con, {"order_id": "identifier"}), {"order_id": "identifier"})
    assert [f for f in report["findings"] if f["severity"] == "critical"] == []
    assert report["findings"] == [] and report["score"] == 100.0


def test_phone_and_email_checks_read_values_as_trimmed(open_data: Open) -> None:
    import re

    from symphainy.insights.patterns import EMAIL, PHONE

    phones = [
        "+44 20 7946 0000",
        "  +44 20 7946 0000  ",
        "\t+44 20 7946 0000",  # a tab is not trimmed: invalid
        "123456",  # 6 digits
        "1234567",
        "+1 (555) 010-9999 1234 5678",  # 19 digits
        "12-34-56-78",
        "phone me",
        " ",
        "",
        None,
    ] * 3
    emails = ["a@b.co", " a@b.co ", "a@b", "x y@b.co", "", None, "c@d.org", "e@f.net"] * 4
    con = open_data({"phone": phones, "email": emails + [None] * (len(phones) - len(emails))})
    prof = profile(con)
    found = {f["check"]: f for f in assess(con, prof)["findings"]}

    def phone_ok(v: str) -> bool:
        t = v.strip(" ")
        return bool(re.fullmatch(PHONE, t)) and 7 <= sum(ch.isdigit() for ch in t) <= 15

    filled_phones = [v for v in phones if v is not None and v.strip(" ")]
    assert found["invalid_phone"]["count"] == sum(not phone_ok(v) for v in filled_phones)
    filled_mails = [v for v in emails if v is not None and v.strip(" ")]
    bad_mails = [v for v in filled_mails if not re.fullmatch(EMAIL, v.strip(" "))]
    assert found["invalid_email"]["count"] == len(bad_mails)
    assert {e["values"]["email"] for e in found["invalid_email"]["examples"]} == set(bad_mails)

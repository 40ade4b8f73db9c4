"""Business outcomes over HTTP: summary, roadmap, proposal, exports, isolation."""

from __future__ import annotations

import io
import time
from html import escape
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from tests.integration.conftest import User
from tests.unit.outcomes.test_proposal import unsourced_numbers

CSV = (
    "invoice_id,supplier,amount,paid_on\n"
    + "".join(
        f"{i},Supplier {i % 4},{'' if i % 5 == 0 else i * 10.5},2026-0{1 + i % 9}-1{i % 9}\n"
        for i in range(1, 60)
    )
).encode()


def _journey(user: User, goals: list[str] | None = None) -> str:
    r = user.api(
        "POST",
        "/api/v1/journeys",
        json={
            "title": "Accounts payable",
            "goals": goals or ["Pay suppliers on time"],
            "workspace_id": user.workspace_id,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _with_dataset(user: User) -> tuple[str, str]:
    jid = _journey(user)
    r = user.api(
        "POST", f"/api/v1/journeys/{jid}/files", files={"file": ("invoices.csv", CSV, "text/csv")}
    )
    assert r.status_code == 202, r.text
    fid = r.json()["id"]
    assert user.api("GET", f"/api/v1/files/{fid}").json()["status"] == "ready"
    user.api("GET", f"/api/v1/files/{fid}/quality")  # Insights, when installed
    return jid, fid


def _wait_export(user: User, body: dict[str, Any]) -> dict[str, Any]:
    for _ in range(100):
        body = user.api("GET", f"/api/v1/exports/{body['id']}").json()
        if body["status"] in ("ready", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(body)


def test_journey_without_artefacts_gets_what_to_do_first(alice: User) -> None:
    jid = _journey(alice)
    for path in (f"/api/v1/journeys/{jid}/roadmap", f"/api/v1/journeys/{jid}/proposal"):
        r = alice.api("POST", path, json={})
        assert r.status_code == 409
        problem = r.json()
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "upload files" in problem["detail"]
        assert problem["next_steps"][0].startswith("upload files")
    summary = alice.api("GET", f"/api/v1/journeys/{jid}/summary").json()
    assert summary["ready_for_outcomes"] is False
    assert summary["next_steps"]


def test_holidays_are_skipped_like_weekends(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    body = {"start_date": "2027-01-01", "holidays": ["2027-01-01"]}
    r = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json=body)
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["result"]["start_date"] == "2027-01-04"  # Friday the 1st off, then the weekend
    assert plan["inputs"]["holidays"] == ["2027-01-01"]
    r = alice.api("PATCH", f"/api/v1/roadmaps/{plan['id']}", json={"holidays": []})
    assert r.status_code == 200, r.text
    assert r.json()["result"]["start_date"] == "2027-01-01"


def test_summary_lists_files_with_links(alice: User) -> None:
    jid, fid = _with_dataset(alice)
    summary = alice.api("GET", f"/api/v1/journeys/{jid}/summary").json()
    assert summary["content"]["files"][0]["id"] == fid
    assert summary["content"]["files"][0]["api_url"] == f"/api/v1/files/{fid}"
    assert summary["insights"]["datasets"][0]["rows"] == 59
    assert summary["ready_for_outcomes"] is True


def test_roadmap_ties_tasks_to_artefacts_and_edits_recompute(alice: User) -> None:
    jid, fid = _with_dataset(alice)
    r = alice.api(
        "POST",
        f"/api/v1/journeys/{jid}/roadmap",
        json={"start_date": "2027-01-01", "horizon_months": 3},
    )
    assert r.status_code == 201, r.text
    plan = r.json()
    result = plan["result"]
    assert result["start_date"] == "2027-01-01"  # a Friday: work starts that day
    assert result["tasks"] and result["milestones"] and result["critical_path"]
    assert all(t["motivation"]["type"] for t in result["tasks"])
    assert any(t["motivation"].get("file_id") == fid for t in result["tasks"])
    first = result["tasks"][0]
    r = alice.api(
        "PATCH",
        f"/api/v1/roadmaps/{plan['id']}",
        json={"durations": {first["id"]: first["duration_days"] + 5}},
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"]["duration_days"] == result["duration_days"] + 5
    assert alice.api("GET", f"/api/v1/roadmaps/{plan['id']}").json()["inputs"]["durations"] == {
        first["id"]: first["duration_days"] + 5
    }
    svg = alice.api("GET", f"/api/v1/roadmaps/{plan['id']}/gantt.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and escape(first["name"][:30]) in svg.text
    late = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={"start_date": "9999-12-01"})
    assert late.status_code == 422 and "start" in late.json()["detail"]
    moved = alice.api("PATCH", f"/api/v1/roadmaps/{plan['id']}", json={"start_date": "9999-12-01"})
    assert moved.status_code == 422
    assert alice.api("GET", f"/api/v1/roadmaps/{plan['id']}").status_code == 200


def test_roadmap_refuses_a_dependency_cycle(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    plan = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={}).json()
    ids = [t["id"] for t in plan["result"]["tasks"]]
    assert len(ids) >= 2
    r = alice.api(
        "PATCH",
        f"/api/v1/roadmaps/{plan['id']}",
        json={"dependencies": {ids[0]: [ids[-1]], ids[-1]: [ids[0]]}},
    )
    assert r.status_code == 422
    assert "cycle" in r.json()["detail"]


def test_proposal_lists_needed_rates_then_computes_when_given(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    r = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={})
    assert r.status_code == 201, r.text
    money = r.json()["result"]["financials"]
    assert money["figures"]["cost"]["value"] is None
    assert "day_rate" in money["figures"]["cost"]["missing"]
    assert {n["name"] for n in money["needed_inputs"]} >= {"day_rate", "discount_rate", "years"}
    pid = r.json()["id"]
    r = alice.api(
        "PATCH",
        f"/api/v1/proposals/{pid}",
        json={
            "assumptions": {
                "day_rate": 700,
                "loaded_hourly_rate": 50,
                "discount_rate": 0.1,
                "years": 3,
                "other_benefits": [{"label": "Late fees avoided", "amount": 12000}],
            }
        },
    )
    assert r.status_code == 200, r.text
    figures = r.json()["result"]["financials"]["figures"]
    effort = r.json()["result"]["effort_days"]["value"]
    assert figures["cost"]["value"] == pytest.approx(effort * 700)
    assert figures["annual_benefit"]["value"] == pytest.approx(12000)
    assert figures["npv"]["value"] == pytest.approx(
        -effort * 700 + sum(12000 / 1.1**t for t in (1, 2, 3))
    )
    assert len(r.json()["result"]["financials"]["sensitivity"]["rows"]) == 7


def test_proposal_rejects_a_bad_rate(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    r = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={"assumptions": {"years": 0}})
    assert r.status_code == 422


def test_exports_render_in_the_background_and_open(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    plan = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={}).json()
    prop = alice.api(
        "POST", f"/api/v1/journeys/{jid}/proposal", json={"assumptions": {"day_rate": 650}}
    ).json()
    for subject, sid in (("roadmaps", plan["id"]), ("proposals", prop["id"])):
        for fmt in ("pdf", "docx", "md"):
            r = alice.api("GET", f"/api/v1/{subject}/{sid}/export?format={fmt}")
            assert r.status_code == 202, r.text
            done = _wait_export(alice, r.json())
            assert done["status"] == "ready", done
            data = alice.api("GET", done["download_url"])
            assert data.status_code == 200
            if fmt == "pdf":
                text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data.content)).pages)
                assert (
                    ("Tasks on the critical path" in text)
                    if subject == "roadmaps"
                    else ("Success criteria" in text and "Financials" in text)
                )
                assert "Page 1 of" in text or "Page 2 of" in text
            elif fmt == "docx":
                doc = Document(io.BytesIO(data.content))
                heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
                assert (
                    ("Milestones" in heads)
                    if subject == "roadmaps"
                    else ("Risks and mitigations" in heads)
                )
            else:
                assert data.text.startswith("# ")
            again = alice.api("GET", f"/api/v1/{subject}/{sid}/export?format={fmt}")
            assert again.status_code == 200 and again.json()["id"] == done["id"]


def test_export_events_stream_until_done(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    plan = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={}).json()
    export = alice.api("GET", f"/api/v1/roadmaps/{plan['id']}/export?format=md").json()
    stream = alice.api("GET", export["events_url"])
    assert "event: done" in stream.text and '"ready"' in stream.text


def test_another_workspace_gets_404_everywhere(alice: User, bob: User) -> None:
    jid, _ = _with_dataset(alice)
    plan = alice.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={}).json()
    prop = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={}).json()
    export = alice.api("GET", f"/api/v1/roadmaps/{plan['id']}/export?format=md").json()
    for method, path in [
        ("GET", f"/api/v1/journeys/{jid}/summary"),
        ("POST", f"/api/v1/journeys/{jid}/roadmap"),
        ("POST", f"/api/v1/journeys/{jid}/proposal"),
        ("GET", f"/api/v1/roadmaps/{plan['id']}"),
        ("PATCH", f"/api/v1/roadmaps/{plan['id']}"),
        ("GET", f"/api/v1/roadmaps/{plan['id']}/gantt.svg"),
        ("GET", f"/api/v1/roadmaps/{plan['id']}/export?format=pdf"),
        ("GET", f"/api/v1/proposals/{prop['id']}"),
        ("PATCH", f"/api/v1/proposals/{prop['id']}"),
        ("GET", f"/api/v1/exports/{export['id']}"),
        ("GET", f"/api/v1/exports/{export['id']}/download"),
        ("GET", f"/api/v1/exports/{export['id']}/events"),
    ]:
        body = {"durations": {}} if "roadmaps" in path else {"assumptions": {}}
        r = bob.api(method, path, json=body if method != "GET" else None)
        assert r.status_code == 404, (method, path, r.status_code)


SOP = """Invoice handling
1. The clerk enters the invoice in SAP.
2. The clerk reviews the purchase order match.
3. The manager approves the payment.
4. The clerk archives the scanned document.
"""


def _with_blueprint(user: User, minutes: dict[str, str] | None = None) -> tuple[str, str, str]:
    jid = _journey(user, ["Cut invoice handling time by half"])
    made = user.api("POST", f"/api/v1/journeys/{jid}/workflows", json={"text": SOP})
    assert made.status_code == 201, made.text
    wid = made.json()["id"]
    form = {"volume_per_month": "400", **{f"minutes:{k}": v for k, v in (minutes or {}).items()}}
    built = user.api(
        "POST",
        f"/journeys/{jid}/operations/workflows/{wid}/blueprint",
        data=form,
        follow_redirects=False,
    )
    assert built.status_code == 303, built.text
    return jid, wid, built.headers["location"].rsplit("/", 1)[-1]


def test_summary_links_to_the_blueprint_open_with_get(alice: User) -> None:
    jid, _wid, bid = _with_blueprint(alice)
    summary = alice.api("GET", f"/api/v1/journeys/{jid}/summary").json()
    bp = summary["operations"]["blueprints"][0]
    assert bp["id"] == bid and bp["estimate_from_defaults"] is True
    assert alice.api("GET", bp["api_url"]).status_code == 200
    assert alice.api("GET", bp["page_url"]).status_code == 200
    for wf in summary["operations"]["workflows"]:
        assert alice.api("GET", wf["page_url"]).status_code == 200
    assert summary["left_out"] == []


def test_blueprint_form_keeps_a_value_equal_to_the_default_as_a_confirmation(
    alice: User,
) -> None:
    _jid, _wid, bid = _with_blueprint(alice, {"judgement": "20"})
    blueprint = alice.api("GET", f"/api/v1/blueprints/{bid}").json()
    assert "judgement" in blueprint["assumptions"]["entered_minutes"]
    judged = [s for s in blueprint["steps"] if s["category"] == "judgement"]
    assert judged
    for step in judged:
        source = step["minutes_before_source"]
        assert source["kind"] == "input" and source["by"] == alice.email
        assert source["confirms_default"] == "blueprint.minutes_by_category.judgement"


def test_defaults_only_proposal_is_an_estimate_until_each_assumption_is_confirmed(
    alice: User,
) -> None:
    jid, _wid, _bid = _with_blueprint(alice)
    rates = {"day_rate": 600, "loaded_hourly_rate": 45, "discount_rate": "8%", "years": 3}
    r = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={"assumptions": rates})
    assert r.status_code == 201, r.text
    body = r.json()
    assert unsourced_numbers(body["result"]) == []
    assert body["result"]["status"] == "estimate"
    assert body["inputs"]["discount_rate"] == pytest.approx(0.08)
    money = body["result"]["financials"]
    assert money["figures"]["roi"]["display"].endswith(" %")
    assert money["figures"]["cost"]["source"]["rests_on_defaults"]
    rate = next(i for i in money["inputs"] if i["name"] == "day_rate")
    assert rate["source"]["kind"] == "input" and rate["source"]["by"] == alice.email
    values = {a["name"]: a["default"]["value"] for a in money["assumptions"]}
    assert any(n.startswith("roadmap.days.") for n in values)
    assert any(n.startswith("blueprint.") for n in values)
    page = alice.api("GET", f"/journeys/{jid}/outcomes/proposals/{body['id']}")
    assert "Estimates from defaults" in page.text and "Confirm" in page.text
    confirmed = alice.api(
        "POST", f"/api/v1/proposals/{body['id']}/assumptions", json={"values": values}
    )
    assert confirmed.status_code == 200, confirmed.text
    final = confirmed.json()["result"]
    assert final["status"] == "final"
    assert final["financials"]["figures"]["cost"]["value"] == money["figures"]["cost"]["value"]
    assert all(a["confirmed"] for a in final["financials"]["assumptions"])
    page = alice.api("GET", f"/journeys/{jid}/outcomes/proposals/{body['id']}")
    assert "Estimates from defaults" not in page.text
    unknown = alice.api(
        "POST", f"/api/v1/proposals/{body['id']}/assumptions", json={"values": {"x": 1}}
    )
    assert unknown.status_code == 422


def test_one_click_confirm_on_the_page(alice: User) -> None:
    jid, _wid, _bid = _with_blueprint(alice)
    pid = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={}).json()["id"]
    url = f"/journeys/{jid}/outcomes/proposals/{pid}"
    done = alice.api(
        "POST",
        f"{url}/assumptions",
        data={"name": "roadmap.days.pilot", "value:roadmap.days.pilot": "10"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    result = alice.api("GET", f"/api/v1/proposals/{pid}").json()["result"]
    pilot = next(
        a for a in result["financials"]["assumptions"] if a["name"] == "roadmap.days.pilot"
    )
    assert pilot["confirmed"] and pilot["figure"]["source"]["by"] == alice.email


def test_proposal_form_keeps_every_value_and_marks_the_bad_field(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    pid = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={}).json()["id"]
    url = f"/journeys/{jid}/outcomes/proposals/{pid}"
    typed = {
        "currency": "EUR",
        "day_rate": "650",
        "loaded_hourly_rate": "48.5",
        "discount_rate": "eight",
        "years": "3",
        "other_costs": "Licences: 1200",
        "notes": "Two pilots",
    }
    r = alice.api("POST", url, data=typed)
    assert r.status_code == 422
    for value in ("650", "48.5", "eight", "Licences: 1200", "Two pilots"):
        assert value in r.text, value
    assert 'id="discount_rate" name="discount_rate"' in r.text
    assert 'aria-invalid="true"' in r.text and "8, 8% or 0.08" in r.text
    assert alice.api("GET", f"/api/v1/proposals/{pid}").json()["inputs"].get("day_rate") is None
    for text in ("8", "8%", "0.08"):
        ok = alice.api("POST", url, data={**typed, "discount_rate": text}, follow_redirects=False)
        assert ok.status_code == 303, text
        saved = alice.api("GET", f"/api/v1/proposals/{pid}").json()["inputs"]
        assert saved["discount_rate"] == pytest.approx(0.08), text


def test_roadmap_form_with_an_impossible_date_is_refused_not_a_500(alice: User) -> None:
    jid, _ = _with_dataset(alice)
    r = alice.api(
        "POST",
        f"/journeys/{jid}/outcomes/roadmap",
        data={"start_date": "9999-12-01"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("/outcomes")
    assert alice.api("GET", f"/journeys/{jid}/outcomes").status_code == 200


def test_gathering_reads_in_batches_not_per_file(alice: User) -> None:
    from sqlalchemy import event

    jid, _ = _with_dataset(alice)
    engine = alice.client.app.state.runtime.db.engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def summary_queries() -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert alice.api("GET", f"/api/v1/journeys/{jid}/summary").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    one = summary_queries()
    for i in range(4):
        r = alice.api(
            "POST",
            f"/api/v1/journeys/{jid}/files",
            files={
                "file": (f"more{i}.csv", CSV + f"999{i},X,1.5,2026-01-11\n".encode(), "text/csv")
            },
        )
        assert r.status_code == 202, r.text
    assert summary_queries() <= one + 1  # not 2 more queries per file


def test_a_proposal_stored_by_an_earlier_version_is_recomputed_not_a_500(alice: User) -> None:
    from symphainy.core.scoping import Scope
    from symphainy.models.outcomes import Proposal

    jid, _ = _with_dataset(alice)
    pid = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={}).json()["id"]
    runtime = alice.client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Proposal, pid)
        row.result = {"title": "old", "effort_days": 12, "financials": {"figures": {}}}
    stale = alice.api("GET", f"/api/v1/proposals/{pid}")
    assert stale.status_code == 409 and "earlier version" in stale.json()["detail"]
    page = alice.api("GET", f"/journeys/{jid}/outcomes/proposals/{pid}", follow_redirects=False)
    assert page.status_code == 303
    fresh = alice.api("GET", f"/api/v1/proposals/{pid}")
    assert fresh.status_code == 200 and unsourced_numbers(fresh.json()["result"]) == []

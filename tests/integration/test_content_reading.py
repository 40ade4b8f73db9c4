"""Reading decisions through the API: reported on the dataset, undone by a reprocess."""

from __future__ import annotations

from tests.integration.conftest import User
from tests.integration.test_content import _journey, _ready

SURVEY = b"region,sex,mass\nNA,MALE,3750\nEU,NA,NA\nAS,FEMALE,3800\nNA,MALE,4000\n"


def test_marker_decisions_are_reported_and_undone_per_column(alice: User) -> None:
    detail = _ready(alice, _journey(alice), "survey.csv", SURVEY)
    columns = {c["name"]: c for c in detail["datasets"][0]["columns"]}
    assert columns["mass"]["type"] == "integer"
    # NA is the file's marker (a number column has it), so it is missing in region too...
    assert columns["region"]["reading"]["missing_markers"] == {"NA": 2}
    assert detail["summary"]["tables"][0]["decisions"] == [
        "'NA' read as missing in 3 columns, 4 cells"
    ]
    # ...until the user says that there NA is North America.
    again = alice.api(
        "POST", f"/api/v1/files/{detail['id']}/reprocess", json={"keep_markers": ["region"]}
    )
    assert again.status_code == 202, again.text
    redone = alice.api("GET", f"/api/v1/files/{detail['id']}").json()
    assert redone["status"] == "ready"
    region = next(c for c in redone["datasets"][0]["columns"] if c["name"] == "region")
    assert region["reading"]["markers_kept_as_text"] == {"NA": 2}
    assert redone["summary"]["reading_options"]["keep_markers"] == ["region"]


def test_unknown_reprocess_option_is_a_clear_422(alice: User) -> None:
    detail = _ready(alice, _journey(alice), "survey.csv", SURVEY)
    bad = alice.api("POST", f"/api/v1/files/{detail['id']}/reprocess", json={"keep": ["sex"]})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")

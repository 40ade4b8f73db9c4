"""The procedure part of the SOP page: one list per pool, parallel branches under their step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from selectolax.lexbor import LexborHTMLParser

from symphainy.operations import bpmn, sop
from tests.unit.operations.conftest import workflow_from

TEMPLATES = Path(__file__).parents[3] / "src" / "symphainy" / "web" / "templates"
MODELS = Path(__file__).parent / "bpmn_models" / "miwg-reference"


def _render(content: dict[str, Any]) -> LexborHTMLParser:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    return LexborHTMLParser(env.get_template("operations/_procedure.html").render(c=content))


def test_each_pool_is_shown_with_its_own_steps() -> None:
    content = sop.build(bpmn.import_graph((MODELS / "C.1.0.bpmn").read_bytes()), 1, None)
    page = _render(content)
    pools = page.css("section.pool")
    assert [p.css_first("h3").text() for p in pools] == [s["party"] for s in content["sections"]]
    assert len(pools) >= 2
    for pool, section in zip(pools, content["sections"], strict=True):
        items = pool.css("ol.procedure > li")
        assert len(items) == len(section["procedure"])
        for item, line in zip(items, section["procedure"], strict=True):
            number, text = line.split("\n")[0].split(". ", 1)
            assert item.attributes["value"] == number
            assert item.text(deep=False).strip() == text


def test_one_pool_is_one_list_with_parallel_branches_under_their_step() -> None:
    content = sop.build(workflow_from("incident_parallel.md"), 1, None)
    page = _render(content)
    assert not page.css("section.pool")
    items = page.css("ol.procedure > li")
    assert len(items) == len(content["procedure"])
    group = next(li for li in items if li.css("ul.branches"))
    assert [b.text() for b in group.css("ul.branches > li")] == [
        "Incident Manager: Notify the stakeholders by email.",
        "Resolver Team: Investigate the root cause.",
    ]

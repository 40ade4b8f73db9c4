"""Every number on a proposal's page shows where it comes from, as the reader sees it.

The page is parsed (the standard library's HTML parser) and each number in the visible text of
``<main>`` must sit inside a figure (``data-source`` = input, default or computed) whose row,
tile or line also shows that source in words ("entered", "confirmed default", "default",
"computed"); a tooltip alone does not count. Numbers inside statements the proposal takes from
the journey or its artefacts (goals, risks, rules) are accounted for by those statements, as in
the export test. Checked on an incomplete, an estimated and a final proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from tests.integration.conftest import User
from tests.integration.test_outcomes import _with_blueprint

NUMBER = re.compile(r"\d[\d,.]*")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIP = {"script", "style", "textarea", "template", "code"}
# A form field's typing help ("8, 8% or 0.08"), and the words of a source itself (who entered
# a value and when), are not figures.
HELP = {"hint", "source", "source-mark"}
# Where a figure's source must be stated in words: the smallest enclosing one of these.
HOLDERS = {"tr", "li", "p", "dd"}
HOLDER_CLASSES = {"stat"}
WORDS = {"input": ("entered", "confirmed"), "default": ("default",), "computed": ("computed",)}
# Counts of things on the page itself (rows to confirm, fields marked), not figures.
PAGE_COUNTS = (
    re.compile(r"Confirm all \d+ as shown"),
    re.compile(r"rest on \d+ built-in assumptions?"),
    re.compile(r"check the \d+ marked fields?"),
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in SKIP and "hidden" not in child.attrs:
                parts.append(child.text())
        return " ".join(parts)


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def _find(node: Node, tag: str) -> Node | None:
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None


def _holder(node: Node) -> Node:
    at: Node | None = node
    while at is not None:
        classes = set(at.attrs.get("class", "").split())
        if at.tag in HOLDERS or classes & HOLDER_CLASSES:
            return at
        at = at.parent
    return node


def _statements(result: dict[str, Any]) -> list[str]:
    """Texts the proposal takes from the journey's goals and artefacts, each with its source."""
    out = [o["text"] for o in result["objectives"]]
    out += [r["risk"] for r in result["risks"]] + [r["mitigation"] for r in result["risks"]]
    out += [c["text"] for c in result["success_criteria"]]
    out += [i["text"] for i in result["scope"]["in_scope"] + result["scope"]["out_of_scope"]]
    out += [i["text"] for i in result["assumptions"]] + list(result.get("left_out", []))
    out += [a["rule"] for a in result["financials"]["assumptions"]]
    out += [a["change_at"] for a in result["financials"]["assumptions"]]
    out += [result["title"], result["decision"]]
    out += _figure_labels(result)
    return [s for s in out if s]


def _figure_labels(node: Any) -> list[str]:
    """Labels of sourced figures ("Hours saved per month (0.72 hours per run, ...)"): a label
    describes its figure, which the page shows with its source in the same row."""
    out: list[str] = []
    if isinstance(node, dict):
        if "source" in node and "display" in node and node.get("label"):
            out.append(str(node["label"]))
        for value in node.values():
            out += _figure_labels(value)
    elif isinstance(node, list):
        for value in node:
            out += _figure_labels(value)
    return out


def unsourced_on_page(html: str, result: dict[str, Any]) -> list[str]:
    """Numbers in the page's visible text that no visibly sourced figure accounts for."""
    tree = Tree()
    tree.feed(html)
    main = _find(tree.root, "main")
    assert main is not None
    statements = {t.rstrip(".,") for t in NUMBER.findall(" ".join(_statements(result)))}
    problems: list[str] = []

    def walk(node: Node, figure: Node | None) -> None:
        if node.tag in SKIP or "hidden" in node.attrs:
            return
        if set(node.attrs.get("class", "").split()) & HELP:
            return
        if "data-source" in node.attrs:
            kind = node.attrs["data-source"]
            said = _holder(node).text().lower()
            if kind not in WORDS or not any(w in said for w in WORDS[kind]):
                problems.append(f"{node.text().strip()!r}: source {kind!r} not shown in words")
            figure = node
        for child in node.children:
            if isinstance(child, Node):
                walk(child, figure)
            elif figure is None:
                text = DATE.sub(" ", child)
                for pattern in PAGE_COUNTS:
                    text = pattern.sub(" ", text)
                for token in NUMBER.findall(text):
                    token = token.rstrip(".,")
                    if token and token not in statements:
                        problems.append(f"{token!r} in {child.strip()[:80]!r}")

    walk(main, None)
    return problems


def _page(user: User, jid: str, pid: str) -> tuple[str, dict[str, Any]]:
    page = user.api("GET", f"/journeys/{jid}/outcomes/proposals/{pid}")
    assert page.status_code == 200, page.text
    return page.text, user.api("GET", f"/api/v1/proposals/{pid}").json()["result"]


def test_every_number_on_the_proposal_page_shows_its_source(alice: User) -> None:
    jid, _wid, _bid = _with_blueprint(alice)
    made = alice.api("POST", f"/api/v1/journeys/{jid}/proposal", json={})
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    html, result = _page(alice, jid, pid)
    assert result["status"] == "incomplete"
    assert unsourced_on_page(html, result) == [], "\n".join(unsourced_on_page(html, result))

    rates = {
        "day_rate": 600,
        "loaded_hourly_rate": 45,
        "discount_rate": "8%",
        "years": 3,
        "other_costs": [{"label": "Licences", "amount": 1200}],
    }
    changed = alice.api("PATCH", f"/api/v1/proposals/{pid}", json={"assumptions": rates})
    assert changed.status_code == 200, changed.text
    html, result = _page(alice, jid, pid)
    assert result["status"] == "estimate"
    assert 'data-source="default"' in html or 'data-source="computed"' in html
    assert unsourced_on_page(html, result) == [], "\n".join(unsourced_on_page(html, result))

    values = {a["name"]: a["default"]["value"] for a in result["financials"]["assumptions"]}
    confirmed = alice.api("POST", f"/api/v1/proposals/{pid}/assumptions", json={"values": values})
    assert confirmed.status_code == 200, confirmed.text
    html, result = _page(alice, jid, pid)
    assert result["status"] == "final"
    assert unsourced_on_page(html, result) == [], "\n".join(unsourced_on_page(html, result))


def test_the_check_finds_a_bare_number() -> None:
    """The checker itself: a number without a visible source is reported, one with it is not."""
    result: dict[str, Any] = {
        "objectives": [],
        "risks": [],
        "success_criteria": [],
        "scope": {"in_scope": [], "out_of_scope": []},
        "assumptions": [],
        "financials": {"assumptions": []},
        "title": "T",
        "decision": "Go",
    }
    bare = "<main><p>calendar span 12 days</p></main>"
    tooltip = '<main><p><span data-source="computed" title="computed: x">12</span></p></main>'
    shown = '<main><p><span data-source="computed">12</span> <em>computed</em></p></main>'
    assert unsourced_on_page(bare, result) == ["'12' in 'calendar span 12 days'"]
    assert unsourced_on_page(tooltip, result) == ["'12': source 'computed' not shown in words"]
    assert unsourced_on_page(shown, result) == []


def test_a_statement_accounts_only_for_its_own_numbers() -> None:
    result: dict[str, Any] = {
        "objectives": [{"text": "Handle 400 invoices a month"}],
        "risks": [],
        "success_criteria": [],
        "scope": {"in_scope": [], "out_of_scope": []},
        "assumptions": [],
        "financials": {"assumptions": []},
        "title": "T",
        "decision": "Go",
    }
    page = "<main><p>Handle 400 invoices a month</p><p>about 40 a day</p></main>"
    assert unsourced_on_page(page, result) == ["'40' in 'about 40 a day'"]

"""Checks every browser test can run on a page: axe-core and a phone-width overflow check.

axe-core comes from npm into ``tests/e2e/axe/node_modules`` (``npm ci`` in that folder, which
scripts/test.sh runs); it is never copied into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Elements allowed to be wider than the screen because they scroll on purpose (tables,
# diagrams); the page itself must not scroll sideways.
OVERFLOW_SCRIPT = r"""() => {
  const SCROLLERS = '.table-wrap, .diagram-scroll, .gantt-scroll, [data-scroll-x], .chat-panel';
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const offenders = [];
  if (doc.scrollWidth > width + 1) {
    for (const node of document.querySelectorAll('body *')) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      const parent = node.parentElement;
      if (parent && parent.closest(SCROLLERS)) continue;
      const name = String(node.className || '').trim().split(/\s+/).join('.');
      offenders.push(node.tagName.toLowerCase() + '.' + name + ' right=' + Math.round(box.right));
      if (offenders.length > 8) break;
    }
    offenders.unshift('document ' + doc.scrollWidth + ' > ' + width);
  }
  return offenders;
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.exists():
        message = f"axe-core is not installed: run `npm ci` in {AXE.parents[2]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def horizontal_overflow(page: Page) -> list[str]:
    """What makes the page scroll sideways (empty when nothing does)."""
    offenders: list[str] = page.evaluate(OVERFLOW_SCRIPT)
    return offenders

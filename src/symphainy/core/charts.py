"""Vega-Lite specs rendered to SVG offline with vl-convert: the one chart renderer of every pillar.

Insights draws its data charts and Outcomes its roadmap Gantt as Vega-Lite specs; both are turned
into SVG here, one render at a time per process (the converter is not safe to call from several
threads at once). The SVG uses presentation attributes only, so it renders under a strict CSP,
in WeasyPrint and as a plain image.
"""

from __future__ import annotations

import threading
from typing import Any

_render_lock = threading.Lock()


def vegalite_svg(spec: dict[str, Any]) -> str:
    """The SVG text of a Vega-Lite spec."""
    import vl_convert as vlc

    with _render_lock:
        return str(vlc.vegalite_to_svg(spec))

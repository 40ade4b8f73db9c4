"""Links to pages by route name, for answers that point the reader at another pillar's page.

A pillar does not know which pages are installed (the API runs without them in some tests), so
it asks the running app: a route named ``<kind>_page`` with a ``<kind>_id`` parameter, or
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.routing import NoMatchFound

PageLinker = Callable[[str, str], str | None]


def page_linker(request: Request) -> PageLinker:
    """A function giving the path of the page showing ``kind`` ``item_id``, or None."""

    def link(kind: str, item_id: str) -> str | None:
        try:
            return str(request.app.url_path_for(f"{kind}_page", **{f"{kind}_id": item_id}))
        except NoMatchFound:
            return None

    return link

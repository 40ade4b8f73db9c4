"""The import contract: each pillar is reached only through its public modules.

ARCHITECTURE.md's rule, checked on the real import graph (grimp, the engine behind
import-linter) so it cannot drift: a pillar's tables are read and written by that pillar alone,
``web`` and ``agents`` call services, and ``core`` knows no pillar. A failure names each import
that crosses a boundary; fix it by adding (or using) a function in the other pillar's
``service.py``, never by widening the lists below without a reason written beside them.
"""

from __future__ import annotations

from collections.abc import Iterator

import grimp
import pytest

ROOT = "symphainy"
PILLARS = (
    "auth",
    "workspaces",
    "journeys",
    "audit",
    "content",
    "insights",
    "operations",
    "outcomes",
    "agents",
)
# What other packages may import from a pillar. auth's dependencies, principal and cookies are
# the request-authentication interface every endpoint declares; content.embeddings is the
# shipped sentence-embedding model, read-only plumbing that Insights reuses for matching names.
PUBLIC = {
    "auth": {"service", "schemas", "deps", "principal", "cookies"},
    "content": {"service", "schemas", "embeddings"},
}
DEFAULT_PUBLIC = {"service", "schemas"}
# Whose table each models module is. ``base``, ``workspace`` (workspaces and memberships, the
# tenancy every query is scoped by) and ``user`` (the identity that memberships and audit entries
# name) are shared platform tables.
MODEL_OWNER = {
    "journey": "journeys",
    "audit": "audit",
    "content": "content",
    "insights": "insights",
    "operations": "operations",
    "outcomes": "outcomes",
    "agents": "agents",
}
# The composition roots wire every pillar together (routers, job registry, migrations).
COMPOSITION_ROOTS = {"app", "cli", "jobs_registry", "migrations"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under ``if TYPE_CHECKING`` only name the type a service returns: not a crossing.
    return grimp.build_graph(ROOT, exclude_type_checking_imports=True)


def _imports(graph: grimp.ImportGraph) -> Iterator[tuple[str, str]]:
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            yield importer, imported


def _parts(module: str) -> list[str]:
    return module.split(".")[1:]


def test_pillars_are_reached_only_through_their_public_modules(graph: grimp.ImportGraph) -> None:
    crossings = []
    for importer, imported in _imports(graph):
        source, target = _parts(importer), _parts(imported)
        if not source or not target or source[0] == target[0] or source[0] in COMPOSITION_ROOTS:
            continue
        public = PUBLIC.get(target[0], DEFAULT_PUBLIC)
        if target[0] in PILLARS and len(target) > 1 and target[1] not in public:
            crossings.append(f"{importer} -> {imported}")
    assert not crossings, "imports of another pillar's internals:\n" + "\n".join(crossings)


def test_each_table_is_used_only_by_the_pillar_that_owns_it(graph: grimp.ImportGraph) -> None:
    crossings = []
    for importer, imported in _imports(graph):
        source, target = _parts(importer), _parts(imported)
        if len(target) < 2 or target[0] != "models" or not source:
            continue
        owner = MODEL_OWNER.get(target[1])
        if owner and source[0] not in (owner, "models", *COMPOSITION_ROOTS):
            crossings.append(f"{importer} -> {imported} (owned by {owner})")
    assert not crossings, "tables read outside their pillar:\n" + "\n".join(crossings)


def test_core_imports_no_pillar(graph: grimp.ImportGraph) -> None:
    upward = {*PILLARS, "web", "llm", *COMPOSITION_ROOTS}
    crossings = [
        f"{importer} -> {imported}"
        for importer, imported in _imports(graph)
        if _parts(importer)[:1] == ["core"]
        and _parts(imported)[:1]
        and _parts(imported)[0] in upward
    ]
    assert not crossings, "core imports a pillar:\n" + "\n".join(crossings)

"""The four pillars as the journey page shows them.

A pillar's own pages register a route named ``pillar_<key>`` taking ``journey_id``; until one
exists the overview shows the pillar without a link rather than a link to nowhere. Counts come
from ``journeys.service.artefact_counts`` (each pillar registers its provider there).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pillar:
    key: str
    name: str
    purpose: str
    kinds: tuple[str, ...]
    empty: str


PILLARS: tuple[Pillar, ...] = (
    Pillar(
        "content",
        "Content",
        "Your files, stored with their metadata and lineage, parsed and searchable.",
        ("files", "datasets", "documents"),
        "No files yet. Upload spreadsheets, documents or data exports to begin.",
    ),
    Pillar(
        "insights",
        "Insights",
        "Profiles, data-quality findings, charts and answers computed from your data.",
        ("profiles", "findings", "charts", "reviews", "mappings"),
        "Nothing analysed yet. Insights appear once a dataset or document is uploaded.",
    ),
    Pillar(
        "operations",
        "Operations",
        "Workflows and SOPs from your processes, and where AI can help in each step.",
        ("workflows", "sops", "blueprints"),
        "No workflows yet. Upload an SOP or describe a process to map it.",
    ),
    Pillar(
        "outcomes",
        "Business outcomes",
        "A roadmap and a proof-of-concept proposal built from everything above.",
        ("summaries", "roadmaps", "proposals"),
        "No roadmap or proposal yet. They are built from the other pillars' results.",
    ),
)


def pillar_counts(pillar: Pillar, counts: dict[str, int]) -> list[tuple[str, int]]:
    """The pillar's non-zero artefact counts, in the pillar's own order."""
    return [(kind, counts[kind]) for kind in pillar.kinds if counts.get(kind)]

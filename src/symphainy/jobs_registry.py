"""Imports every module that registers background jobs, so a worker knows them all."""

from __future__ import annotations

import importlib

JOB_MODULES: tuple[str, ...] = (
    "symphainy.content.tasks",
    "symphainy.outcomes.tasks",
    "symphainy.insights.tasks",
)


def load_jobs() -> None:
    for module in JOB_MODULES:
        importlib.import_module(module)

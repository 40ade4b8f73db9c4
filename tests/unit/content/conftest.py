"""Shared helpers for the content parser tests: every fixture file is built in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ParseLimits, ParseResult
from symphainy.content.sniff import Sniffed, check_declared, sniff

ParseFn = Callable[..., ParseResult]


@pytest.fixture
def parse(tmp_path: Path) -> ParseFn:
    """Sniff, check the name and parse one file, as the content service does."""

    def run(path: Path, limits: ParseLimits | None = None) -> ParseResult:
        sniffed = sniff(path, path.name)
        check_declared(sniffed, path.name)
        return parse_file(path, sniffed, tmp_path / f"out-{path.name}", limits or ParseLimits())

    return run


def sniffed_for(path: Path) -> Sniffed:
    return sniff(path, path.name)

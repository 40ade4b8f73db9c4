"""The command line: migrate, user create / reset-password, check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from symphainy.cli import app
from symphainy.config import get_settings

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SYMPHAINY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SYMPHAINY_ENV", "test")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_migrate_then_check_reports_every_part(data_dir: Path) -> None:
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    for part in ("database", "storage", "job_queue"):
        assert f"{part}" in result.output
    assert "FAILED" not in result.output


def test_check_fails_when_a_part_does_not_answer(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    get_settings.cache_clear()
    runner.invoke(app, ["migrate"])
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "redis" in result.output and "FAILED" in result.output


def test_user_create_and_reset_password(data_dir: Path) -> None:
    runner.invoke(app, ["migrate"])
    created = runner.invoke(
        app,
        [
            "user",
            "create",
            "boss@example.com",
            "--name",
            "The Boss",
            "--password",
            "Quartz-lantern-harbor-91",
        ],
    )
    assert created.exit_code == 0, created.output
    assert "instance admin" in created.output
    weak = runner.invoke(
        app, ["user", "create", "x@example.com", "--name", "X", "--password", "password1"]
    )
    assert weak.exit_code == 1 and "refused" in weak.output
    reset = runner.invoke(
        app, ["user", "reset-password", "boss@example.com"], input="Velvet-orchid-canyon-42\n"
    )
    assert reset.exit_code == 0, reset.output
    missing = runner.invoke(
        app,
        ["user", "reset-password", "nobody@example.com", "--password", "Velvet-orchid-canyon-42"],
    )
    assert missing.exit_code != 0

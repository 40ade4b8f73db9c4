"""Settings: defaults, secrets from files, and production's refusal of unsafe values."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from symphainy.config import DEV_SECRET_KEY, Settings


def test_embedded_defaults_need_no_configuration(tmp_path: Path) -> None:
    s = Settings(SYMPHAINY_DATA_DIR=tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path / 'symphainy.db'}"
    assert s.storage_url == f"file://{tmp_path / 'files'}"
    assert s.is_sqlite and s.docs_enabled and not s.log_json


def test_secret_is_read_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "key"
    secret.write_text("k" * 40 + "\n")
    monkeypatch.setenv("SYMPHAINY_SECRET_KEY_FILE", str(secret))
    assert Settings().SYMPHAINY_SECRET_KEY.get_secret_value() == "k" * 40


def test_prod_refuses_the_default_or_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="SYMPHAINY_SECRET_KEY"):
        Settings(SYMPHAINY_ENV="prod", SYMPHAINY_SECRET_KEY=DEV_SECRET_KEY)
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(SYMPHAINY_ENV="prod", SYMPHAINY_SECRET_KEY="short")


def test_prod_refuses_debug() -> None:
    with pytest.raises(ValidationError, match="DEBUG"):
        Settings(
            SYMPHAINY_ENV="prod",
            SYMPHAINY_SECRET_KEY="x" * 40,
            SMTP_HOST="smtp.example.com",
            SYMPHAINY_DEBUG=True,
        )


def test_prod_hides_docs_unless_asked_and_logs_json() -> None:
    prod = Settings(SYMPHAINY_ENV="prod", SYMPHAINY_SECRET_KEY="x" * 40, SMTP_HOST="mail")
    assert not prod.docs_enabled and prod.log_json and prod.secure_cookies
    asked = Settings(
        SYMPHAINY_ENV="prod",
        SYMPHAINY_SECRET_KEY="x" * 40,
        SMTP_HOST="mail",
        SYMPHAINY_DOCS_ENABLED=True,
    )
    assert asked.docs_enabled


def test_secret_values_never_show_in_repr() -> None:
    s = Settings(SYMPHAINY_SECRET_KEY="super-secret-value-" * 3)
    assert "super-secret-value" not in repr(s)

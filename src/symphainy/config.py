"""The one typed view of the platform's configuration.

Every part of SymphAIny reads its settings from here, never from ``os.environ``, so the
table in the README is the whole truth. Values come from the environment, then from
``.env.<SYMPHAINY_ENV>`` and ``.env`` in the working directory. Each secret may also be given
as ``NAME_FILE`` pointing at a file (Docker/Kubernetes secrets).
"""

from __future__ import annotations

import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789"  # noqa: S105 - refused in prod
SECRET_FIELDS = (
    "SYMPHAINY_SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "LLM_API_KEY",
    "SMTP_PASSWORD",
)
MIN_SECRET_KEY_LENGTH = 32


class Environment(StrEnum):
    dev = "dev"
    test = "test"
    prod = "prod"


def _env_files() -> tuple[str, ...]:
    env = os.environ.get("SYMPHAINY_ENV", "dev")
    return (".env", f".env.{env}")


class _SecretFileSource(PydanticBaseSettingsSource):
    """Reads ``NAME_FILE`` for every secret so secrets never have to sit in the environment."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in SECRET_FIELDS:
            path = os.environ.get(f"{name}_FILE")
            if path:
                values[name] = Path(path).read_text(encoding="utf-8").strip()
        return values


class Settings(BaseSettings):
    """Everything configurable, with the embedded defaults that need no setup."""

    model_config = SettingsConfigDict(
        env_file=_env_files(), env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    SYMPHAINY_ENV: Environment = Environment.dev
    SYMPHAINY_DATA_DIR: Path = Path("data")
    SYMPHAINY_SECRET_KEY: SecretStr = SecretStr(DEV_SECRET_KEY)
    SYMPHAINY_DEBUG: bool = False
    SYMPHAINY_DOCS_ENABLED: bool | None = None
    SYMPHAINY_PUBLIC_URL: str = ""
    SYMPHAINY_TRUSTED_HOSTS: list[str] = Field(default_factory=lambda: ["*"])
    SYMPHAINY_CORS_ORIGINS: list[str] = Field(default_factory=list)
    SYMPHAINY_LOG_LEVEL: str = "INFO"
    SYMPHAINY_LOG_JSON: bool | None = None
    OTEL_EXPORTER_OTLP_ENDPOINT: str = ""
    OTEL_SERVICE_NAME: str = "symphainy"
    SYMPHAINY_MAX_BODY_BYTES: int = 1_048_576
    SYMPHAINY_MAX_UPLOAD_BYTES: int = 200 * 1024 * 1024
    SYMPHAINY_INPROCESS_WORKER: bool = True
    SYMPHAINY_WORKER_THREADS: int = 2
    SYMPHAINY_JOBS_IMMEDIATE: bool = False

    PARSE_MAX_DECOMPRESSED_BYTES: int = 1024 * 1024 * 1024
    PARSE_MAX_ROWS: int = 10_000_000
    PARSE_MAX_COLUMNS: int = 2_000
    PARSE_MAX_CELLS: int = 200_000_000
    PARSE_MAX_PAGES: int = 2_000
    SEARCH_MAX_INDEXED_ROWS: int = 50_000
    PARSE_STALLED_SECONDS: int = 120

    DATABASE_URL: str = ""
    DATABASE_POOL_SIZE: int = 10
    DATABASE_MAX_OVERFLOW: int = 10
    REDIS_URL: str = ""
    STORAGE_URL: str = ""
    S3_ENDPOINT_URL: str = ""

    SESSION_TTL_HOURS: int = 12
    SESSION_COOKIE_NAME: str = "symphainy_session"
    PASSWORD_MIN_LENGTH: int = 10
    LOGIN_RATE_LIMIT: str = "10/minute"
    # Per client address, whatever the email: spraying many accounts from one place.
    LOGIN_ADDRESS_RATE_LIMIT: str = "30/minute"
    # Progressive delays instead of a lock: after the free failures each further failure
    # doubles the wait (base, 2x base, ...) up to the maximum; the counts fade after the window.
    LOGIN_ACCOUNT_FREE_FAILURES: int = 3
    LOGIN_ADDRESS_FREE_FAILURES: int = 10
    LOGIN_DELAY_BASE_SECONDS: float = 2.0
    LOGIN_DELAY_MAX_SECONDS: float = 300.0
    LOGIN_FAILURE_WINDOW_MINUTES: int = 15
    REGISTER_RATE_LIMIT: str = "10/minute;30/hour"
    PASSWORD_RESET_TTL_MINUTES: int = 30
    # Days an API token lives when its creator does not say; 0 = no expiry by default.
    API_TOKEN_DEFAULT_DAYS: int = 90
    # Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed.
    # Empty: the header is ignored and the connecting address is the client.
    SYMPHAINY_TRUSTED_PROXIES: list[str] = Field(default_factory=list)

    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_USER: str = ""
    SMTP_PASSWORD: SecretStr = SecretStr("")
    SMTP_FROM: str = "symphainy@localhost"
    SMTP_STARTTLS: bool = True
    # Without SMTP a reset link can only be written to the log; prod refuses that unless set.
    PASSWORD_RESET_LINKS_IN_LOG: bool = False

    LLM_PROVIDER: str = ""
    LLM_BASE_URL: str = ""
    LLM_API_KEY: SecretStr = SecretStr("")
    LLM_MODEL: str = ""
    LLM_API_KEY_HEADER: str = "Authorization"
    LLM_API_VERSION: str = ""
    LLM_TIMEOUT_SECONDS: float = 30.0
    LLM_MAX_RETRIES: int = 2
    LLM_RETRY_BACKOFF_SECONDS: float = 1.0
    LLM_MESSAGE_MAX_TOKENS: int = 8000
    LLM_MESSAGE_MAX_SECONDS: float = 90.0
    LLM_USER_DAILY_TOKENS: int = 200_000
    LLM_USER_DAILY_SECONDS: float = 1800.0

    # CPU-heavy requests (ask, chat, workflows, outcomes) computing at once per process; the
    # others wait their turn (core/compute.py), then get 503 with Retry-After.
    COMPUTE_CONCURRENCY: int = Field(default=4, ge=1, le=64)
    COMPUTE_QUEUE_SECONDS: float = Field(default=120.0, gt=0)

    # Questions about a dataset: per user, and what one query may use before it is killed.
    ASK_RATE_LIMIT: str = "20/minute"
    INSIGHTS_QUERY_SECONDS: float = 10.0
    INSIGHTS_QUERY_MEMORY_MB: int = 512
    INSIGHTS_QUERY_THREADS: int = 2
    INSIGHTS_QUERY_TEMP_MB: int = 1024

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            _SecretFileSource(settings_cls),
            env_settings,
            dotenv_settings,
            file_secret_settings,
        )

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.SYMPHAINY_ENV is not Environment.prod:
            return self
        problems: list[str] = []
        key = self.SYMPHAINY_SECRET_KEY.get_secret_value()
        if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
            problems.append(
                f"SYMPHAINY_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters (python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
        if self.SYMPHAINY_DEBUG:
            problems.append("SYMPHAINY_DEBUG must be off in prod")
        if not self.SMTP_HOST and not self.PASSWORD_RESET_LINKS_IN_LOG:
            problems.append(
                "SMTP_HOST must be set so password-reset links are mailed (or set "
                "PASSWORD_RESET_LINKS_IN_LOG=true to have them written to the log instead)"
            )
        if problems:
            raise ValueError("refusing to start in prod: " + "; ".join(problems))
        return self

    @property
    def is_prod(self) -> bool:
        return self.SYMPHAINY_ENV is Environment.prod

    @property
    def docs_enabled(self) -> bool:
        """Docs are on outside prod; in prod only when explicitly asked for."""
        if self.SYMPHAINY_DOCS_ENABLED is None:
            return not self.is_prod
        return self.SYMPHAINY_DOCS_ENABLED

    @property
    def log_json(self) -> bool:
        if self.SYMPHAINY_LOG_JSON is None:
            return self.is_prod
        return self.SYMPHAINY_LOG_JSON

    @property
    def secure_cookies(self) -> bool:
        return self.SYMPHAINY_ENV is Environment.prod

    @property
    def data_dir(self) -> Path:
        return self.SYMPHAINY_DATA_DIR.resolve()

    @property
    def database_url(self) -> str:
        if self.DATABASE_URL:
            return self.DATABASE_URL
        return f"sqlite:///{self.data_dir / 'symphainy.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def storage_url(self) -> str:
        return self.STORAGE_URL or f"file://{self.data_dir / 'files'}"

    @property
    def secret_key(self) -> bytes:
        return self.SYMPHAINY_SECRET_KEY.get_secret_value().encode()


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Errors that carry their HTTP status, rendered as RFC 9457 problem+json.

Services raise these; endpoints never translate. Anything else that escapes is logged with the
request id and answered with a bare 500 problem: no stack trace ever reaches a client.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 500
    title = "Internal Server Error"
    type_slug = "internal"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extra = extra or {}
        super().__init__(self.detail)

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://symphainy.dev/problems/{self.type_slug}",
            "title": self.title,
            "status": self.status_code,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class BadRequest(AppError):
    status_code, title, type_slug = 400, "Bad Request", "bad-request"


class Unauthorized(AppError):
    status_code, title, type_slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AppError):
    status_code, title, type_slug = 403, "Forbidden", "forbidden"


class NotFound(AppError):
    status_code, title, type_slug = 404, "Not Found", "not-found"


class Conflict(AppError):
    status_code, title, type_slug = 409, "Conflict", "conflict"


class PayloadTooLarge(AppError):
    status_code, title, type_slug = 413, "Payload Too Large", "payload-too-large"


class UnsupportedMediaType(AppError):
    status_code, title, type_slug = 415, "Unsupported Media Type", "unsupported-media-type"


class Invalid(AppError):
    status_code, title, type_slug = 422, "Unprocessable Content", "invalid"

    def __init__(
        self, detail: str, *, field: str | None = None, errors: list[dict[str, Any]] | None = None
    ) -> None:
        errs = (
            errors
            if errors is not None
            else ([{"loc": ["body", field], "msg": detail, "type": "value_error"}] if field else [])
        )
        super().__init__(detail, extra={"errors": errs})


class TooManyRequests(AppError):
    status_code, title, type_slug = 429, "Too Many Requests", "rate-limited"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})


class InsufficientStorage(AppError):
    status_code, title, type_slug = 507, "Insufficient Storage", "insufficient-storage"


class ServiceUnavailable(AppError):
    status_code, title, type_slug = 503, "Service Unavailable", "unavailable"

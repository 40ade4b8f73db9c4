"""Outgoing mail: SMTP when configured, otherwise the message is logged for the administrator."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from symphainy.config import Settings
from symphainy.core.logging import get_logger

log = get_logger(__name__)


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    if not settings.SMTP_HOST:
        log.warning("mail.not_configured", to=to, subject=subject, body=body)
        return
    message = EmailMessage()
    message["From"] = settings.SMTP_FROM
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=10) as smtp:
        if settings.SMTP_STARTTLS:
            smtp.starttls()
        if settings.SMTP_USER:
            smtp.login(settings.SMTP_USER, settings.SMTP_PASSWORD.get_secret_value())
        smtp.send_message(message)


def send_password_reset(settings: Settings, to: str, link: str) -> None:
    send(
        settings,
        to,
        "Reset your SymphAIny password",
        f"Someone asked to reset the password of this SymphAIny account.\n\n"
        f"Open this link within {settings.PASSWORD_RESET_TTL_MINUTES} minutes to choose a "
        f"new password:\n{link}\n\nIf it was not you, ignore this message.",
    )

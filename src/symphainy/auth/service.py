"""Accounts: registration, sign-in, sessions, API tokens and password resets.

Services take a database session and never commit; the caller's unit of work does. The one
exception is a failed sign-in, whose counter and audit record are written in their own
transaction so that refusing the request does not roll them back.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.passwords import password_problems
from symphainy.auth.principal import Principal
from symphainy.auth.schemas import TokenCreate, UserCreate
from symphainy.config import Settings
from symphainy.core import mail, metrics, scoping
from symphainy.core.db import Database
from symphainy.core.errors import Conflict, Invalid, NotFound, TooManyRequests, Unauthorized
from symphainy.core.logging import get_logger
from symphainy.core.runtime import RateLimiter
from symphainy.core.security import hash_password, new_token, token_digest, verify_password
from symphainy.models.user import ApiToken, AuthSession, PasswordResetToken, User
from symphainy.models.workspace import Membership, Role, Workspace

log = get_logger(__name__)
TOUCH_INTERVAL = timedelta(minutes=1)


def _now() -> datetime:
    return datetime.now(UTC)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password(
    settings: Settings,
    password: str,
    *,
    email: str = "",
    full_name: str = "",
    field: str = "password",
) -> None:
    problems = password_problems(
        password, min_length=settings.PASSWORD_MIN_LENGTH, email=email, full_name=full_name
    )
    if problems:
        raise Invalid("Password " + "; ".join(problems) + ".", field=field)


def register(session: Session, settings: Settings, data: UserCreate, ip: str | None) -> User:
    """Create the account and its personal workspace; the first account administers the instance."""
    email = normalise_email(data.email)
    check_password(settings, data.password, email=email, full_name=data.full_name)
    if find_user_by_email(session, email) is not None:
        raise Conflict("an account with this email already exists")
    first = session.scalar(select(func.count()).select_from(User)) == 0
    user = User(
        email=email,
        full_name=data.full_name.strip(),
        password_hash=hash_password(data.password),
        is_instance_admin=first,
    )
    session.add(user)
    session.flush()
    create_personal_workspace(session, user)
    audit.record(
        session,
        "auth.register",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
        instance_admin=first,
    )
    return user


def create_personal_workspace(session: Session, user: User) -> Workspace:
    first_name = user.full_name.split()[0] if user.full_name.split() else user.email
    workspace = Workspace(name=f"{first_name}'s workspace", personal=True, created_by=user.id)
    session.add(workspace)
    session.flush()
    scoping.widen_scope(session, workspace.id)
    session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.owner.value))
    return workspace


def roles_of(session: Session, user_id: str) -> dict[str, Role]:
    rows = session.execute(
        select(Membership.workspace_id, Membership.role)
        .where(Membership.user_id == user_id)
        .execution_options(include_all_workspaces=True)
    )
    return {ws: Role(role) for ws, role in rows}


def authenticate(
    session: Session,
    db: Database,
    settings: Settings,
    limiter: RateLimiter,
    email: str,
    password: str,
    ip: str | None,
) -> User:
    """The user whose credentials these are, or an error that does not reveal which part failed."""
    email = normalise_email(email)
    allowed, retry_after = limiter.hit(settings.LOGIN_RATE_LIMIT, "login", ip or "-", email)
    if not allowed:
        metrics.LOGIN_FAILURES.labels("rate_limited").inc()
        raise TooManyRequests("too many sign-in attempts; wait and try again", retry_after)
    user = find_user_by_email(session, email)
    now = _now()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        metrics.LOGIN_FAILURES.labels("locked").inc()
        wait = int((user.locked_until - now).total_seconds()) + 1
        raise TooManyRequests(
            "this account is temporarily locked after repeated failed "
            "sign-ins; try again later or reset the password",
            wait,
        )
    if (
        not verify_password(password, user.password_hash if user else None)
        or user is None
        or not user.is_active
    ):
        _record_failed_login(db, settings, email, user.id if user else None, ip)
        raise Unauthorized("email or password is incorrect")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record(
        session,
        "auth.login.succeeded",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
    )
    return user


def _record_failed_login(
    db: Database, settings: Settings, email: str, user_id: str | None, ip: str | None
) -> None:
    metrics.LOGIN_FAILURES.labels("bad_credentials").inc()
    with db.session(scoping.Scope.for_system()) as side:
        locked = False
        if user_id is not None:
            user = side.get(User, user_id)
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= settings.LOGIN_LOCKOUT_THRESHOLD:
                    user.locked_until = _now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
                    user.failed_logins = 0
                    locked = True
        audit.record(
            side,
            "auth.login.failed",
            audit.Actor(user_id=user_id, email=email, ip=ip),
            target_type="user",
            target_id=user_id,
            locked=locked,
        )


def start_session(
    session: Session, settings: Settings, user: User, ip: str | None, user_agent: str | None
) -> tuple[str, AuthSession]:
    """A fresh session for the user; the raw token goes in the cookie and nowhere else."""
    token = new_token("sess")
    auth_session = AuthSession(
        user_id=user.id,
        token_hash=token_digest(settings.secret_key, token),
        csrf_token=secrets.token_urlsafe(32),
        expires_at=_now() + timedelta(hours=settings.SESSION_TTL_HOURS),
        ip=ip,
        user_agent=(user_agent or "")[:300],
    )
    session.add(auth_session)
    return token, auth_session


def end_session(session: Session, auth_session: AuthSession) -> None:
    session.execute(
        update(AuthSession).where(AuthSession.id == auth_session.id).values(revoked_at=_now())
    )


def principal_from_session_token(
    session: Session, settings: Settings, token: str, ip: str | None
) -> Principal | None:
    row = session.execute(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == token_digest(settings.secret_key, token))
    ).first()
    if row is None:
        return None
    auth_session, user = row
    if (
        auth_session.revoked_at is not None
        or auth_session.expires_at <= _now()
        or not user.is_active
    ):
        return None
    return Principal(user, roles_of(session, user.id), "session", auth_session, ip)


def principal_from_api_token(
    session: Session, settings: Settings, token: str, ip: str | None
) -> Principal | None:
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(settings.secret_key, token))
    ).first()
    if row is None:
        return None
    api_token, user = row
    now = _now()
    if api_token.revoked_at is not None or not user.is_active:
        return None
    if api_token.expires_at is not None and api_token.expires_at <= now:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_INTERVAL:
        api_token.last_used_at = now
    return Principal(user, roles_of(session, user.id), "token", None, ip, api_token.id)


def create_api_token(
    session: Session, settings: Settings, principal: Principal, data: TokenCreate
) -> tuple[str, ApiToken]:
    token = new_token("sym")
    expires = _now() + timedelta(days=data.expires_in_days) if data.expires_in_days else None
    api_token = ApiToken(
        user_id=principal.user.id,
        name=data.name.strip(),
        token_hash=token_digest(settings.secret_key, token),
        prefix=token[:8],
        expires_at=expires,
    )
    session.add(api_token)
    session.flush()
    audit.record(
        session,
        "auth.token.created",
        audit.actor_for(principal.user, principal.ip),
        target_type="api_token",
        target_id=api_token.id,
        name=api_token.name,
    )
    return token, api_token


def list_api_tokens(session: Session, principal: Principal) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == principal.user.id)
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_api_token(session: Session, principal: Principal, token_id: str) -> ApiToken:
    api_token = session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != principal.user.id:
        raise NotFound("token not found")
    if api_token.revoked_at is None:
        api_token.revoked_at = _now()
        audit.record(
            session,
            "auth.token.revoked",
            audit.actor_for(principal.user, principal.ip),
            target_type="api_token",
            target_id=api_token.id,
        )
    return api_token


def request_password_reset(
    session: Session, settings: Settings, limiter: RateLimiter, email: str, ip: str | None
) -> None:
    """Send a one-time link if the account exists; the answer is the same either way."""
    allowed, retry_after = limiter.hit(settings.LOGIN_RATE_LIMIT, "reset", ip or "-")
    if not allowed:
        raise TooManyRequests("too many reset requests; wait and try again", retry_after)
    user = find_user_by_email(session, email)
    if user is None or not user.is_active:
        log.info("password_reset.unknown_email")
        return
    token = new_token("reset")
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=token_digest(settings.secret_key, token),
            expires_at=_now() + timedelta(minutes=settings.PASSWORD_RESET_TTL_MINUTES),
        )
    )
    audit.record(
        session,
        "auth.password_reset.requested",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
    )
    link = f"{settings.SYMPHAINY_PUBLIC_URL.rstrip('/')}/reset-password?token={token}"
    mail.send_password_reset(settings, user.email, link)


def reset_password(
    session: Session, settings: Settings, token: str, password: str, ip: str | None
) -> User:
    row = session.scalar(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == token_digest(settings.secret_key, token)
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= _now():
        raise Invalid("this reset link is invalid or has expired; ask for a new one", field="token")
    user = session.get(User, row.user_id)
    if user is None:
        raise Invalid("this reset link is invalid", field="token")
    check_password(settings, password, email=user.email, full_name=user.full_name)
    set_password(session, user, password)
    row.used_at = _now()
    audit.record(
        session,
        "auth.password_reset.completed",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
    )
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Change the hash, clear any lockout and sign out every session of the user."""
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=_now())
    )


def change_password(
    session: Session, settings: Settings, principal: Principal, current: str, new: str
) -> None:
    user = principal.user
    if not verify_password(current, user.password_hash):
        raise Invalid("the current password is incorrect", field="current_password")
    check_password(settings, new, email=user.email, full_name=user.full_name, field="new_password")
    set_password(session, user, new)
    audit.record(
        session,
        "auth.password.changed",
        audit.actor_for(user, principal.ip),
        target_type="user",
        target_id=user.id,
    )

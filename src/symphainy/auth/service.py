"""Accounts: registration, sign-in, sessions, API tokens and password resets.

Services take a database session and never commit; the caller's unit of work does. The one
exception is a failed sign-in, whose audit record is written in its own transaction so that
refusing the request does not roll it back; its delay counters live in the rate limiter's store.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.passwords import hash_password, password_problems, verify_password
from symphainy.auth.passwords import sign_in_turn as sign_in_turn  # pages declare it too
from symphainy.auth.principal import Principal
from symphainy.auth.schemas import TokenCreate, UserCreate
from symphainy.auth.throttle import Backoff
from symphainy.config import Settings
from symphainy.core import mail, metrics, scoping
from symphainy.core.db import Database
from symphainy.core.errors import Conflict, Invalid, NotFound, TooManyRequests, Unauthorized
from symphainy.core.logging import get_logger
from symphainy.core.runtime import RateLimiter
from symphainy.core.security import needs_rehash, new_token, token_digest
from symphainy.models.user import ApiToken, AuthSession, PasswordResetToken, TokenScope, User
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


def register(
    session: Session,
    settings: Settings,
    data: UserCreate,
    ip: str | None,
    *,
    limiter: RateLimiter | None = None,
) -> User:
    """Create the account and its personal workspace; the first account administers the instance.

    Requests from the network pass their ``limiter``: registrations are limited per client
    address (each one costs an argon2 hash and a workspace). The CLI passes none.
    """
    if limiter is not None:
        allowed, retry_after = limiter.hit(settings.REGISTER_RATE_LIMIT, "register", ip or "-")
        if not allowed:
            raise TooManyRequests(
                "too many accounts registered from this address; wait and try again",
                retry_after,
            )
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


# One answer for a wrong password, an unknown email and an account that must wait.
SIGN_IN_FAILED = (
    "email or password is incorrect. After several failed attempts sign-in waits a little "
    "longer each time: wait a minute before trying again"
)


def authenticate(
    session: Session,
    db: Database,
    settings: Settings,
    limiter: RateLimiter,
    email: str,
    password: str,
    ip: str | None,
) -> User:
    """The user whose credentials these are, or an error that does not reveal which part failed.

    Failures slow down the account (by email, registered or not) and the client address with
    progressive delays. While an account waits, every attempt, even with the right password,
    gets the same 401 as an unknown email, so a delay neither locks the owner out for long
    nor tells anyone that the account exists. The address limits are the same for every email
    and answer 429 with Retry-After.
    """
    email = normalise_email(email)
    address = ip or "-"
    accounts, addresses = Backoff.for_accounts(settings), Backoff.for_addresses(settings)
    for policy, keys in (
        (settings.LOGIN_ADDRESS_RATE_LIMIT, ("login-address", address)),
        (settings.LOGIN_RATE_LIMIT, ("login", address, email)),
    ):
        allowed, retry_after = limiter.hit(policy, *keys)
        if not allowed:
            metrics.LOGIN_FAILURES.labels("rate_limited").inc()
            raise TooManyRequests("too many sign-in attempts; wait and try again", retry_after)
    if wait := addresses.wait(limiter, address):
        metrics.LOGIN_FAILURES.labels("rate_limited").inc()
        raise TooManyRequests(
            "too many failed sign-ins from this address; wait and try again", wait
        )
    if accounts.wait(limiter, email):
        metrics.LOGIN_FAILURES.labels("delayed").inc()
        raise Unauthorized(SIGN_IN_FAILED)
    user = find_user_by_email(session, email)
    if (
        not verify_password(password, user.password_hash if user else None)
        or user is None
        or not user.is_active
    ):
        accounts.failed(limiter, email)
        addresses.failed(limiter, address)
        _record_failed_login(db, email, user.id if user else None, ip)
        raise Unauthorized(SIGN_IN_FAILED)
    accounts.succeeded(limiter, email)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)  # older, heavier parameters
    user.last_login_at = _now()
    audit.record(
        session,
        "auth.login.succeeded",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
    )
    return user


def _record_failed_login(db: Database, email: str, user_id: str | None, ip: str | None) -> None:
    metrics.LOGIN_FAILURES.labels("bad_credentials").inc()
    with db.session(scoping.Scope.for_system()) as side:
        audit.record(
            side,
            "auth.login.failed",
            audit.Actor(user_id=user_id, email=email, ip=ip),
            target_type="user",
            target_id=user_id,
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
    # Fail closed: a scope this version does not know may only read.
    writes = api_token.scope == TokenScope.read_write
    scope = TokenScope.read_write if writes else TokenScope.read_only
    return Principal(
        user, roles_of(session, user.id), "token", None, ip, api_token.id, token_scope=scope
    )


def create_api_token(
    session: Session, settings: Settings, principal: Principal, data: TokenCreate
) -> tuple[str, ApiToken]:
    token = new_token("sym")
    days = data.expires_in_days or settings.API_TOKEN_DEFAULT_DAYS
    expires = _now() + timedelta(days=days) if days else None
    api_token = ApiToken(
        user_id=principal.user.id,
        name=data.name.strip(),
        token_hash=token_digest(settings.secret_key, token),
        prefix=token[:8],
        scope=data.scope.value,
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
        scope=api_token.scope,
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
    _void_reset_links(session, user.id)  # only the newest link works
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
    audit.record(
        session,
        "auth.password_reset.completed",
        audit.actor_for(user, ip),
        target_type="user",
        target_id=user.id,
    )
    return user


def set_password(
    session: Session, user: User, password: str, *, keep_api_tokens: bool = False
) -> None:
    """Change the hash and end everything the old password let anyone start.

    Every session ends, every outstanding reset link is voided and, unless the user chose to
    keep them while changing a password they know, every API token is revoked: a token minted
    by someone who had the old password must not outlive it.
    """
    now = _now()
    user.password_hash = hash_password(password)
    session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    _void_reset_links(session, user.id)
    if not keep_api_tokens:
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def _void_reset_links(session: Session, user_id: str) -> None:
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=_now())
    )


def change_password(
    session: Session,
    settings: Settings,
    principal: Principal,
    current: str,
    new: str,
    *,
    revoke_api_tokens: bool = True,
) -> None:
    """Set a new password; API tokens are revoked too unless the user asks to keep them."""
    user = principal.user
    if not verify_password(current, user.password_hash):
        raise Invalid("the current password is incorrect", field="current_password")
    check_password(settings, new, email=user.email, full_name=user.full_name, field="new_password")
    set_password(session, user, new, keep_api_tokens=not revoke_api_tokens)
    audit.record(
        session,
        "auth.password.changed",
        audit.actor_for(user, principal.ip),
        target_type="user",
        target_id=user.id,
        api_tokens_revoked=revoke_api_tokens,
    )

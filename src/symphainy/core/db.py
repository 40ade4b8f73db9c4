"""Engine and sessions: one session per request or job, committed once at the end.

Services never call ``commit()``; :func:`session_scope` does it for them, or rolls back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, ParamSpec, TypeVar

import anyio
import anyio.to_thread
from sqlalchemy import Engine, create_engine, event, inspect, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from symphainy.config import Settings
from symphainy.core import scoping
from symphainy.core.gates import Gate

_P = ParamSpec("_P")
_T = TypeVar("_T")
_FINISHED = "symphainy_request_session_finished"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes writers queue, not fail.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def build_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        # As many connections as the server has request threads, so none waits for the pool.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            pool_size=settings.DATABASE_POOL_SIZE * 2,
            max_overflow=settings.DATABASE_MAX_OVERFLOW * 2,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_size=settings.DATABASE_POOL_SIZE,
        max_overflow=settings.DATABASE_MAX_OVERFLOW,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


class Database:
    """The engine and its session factory; one per process."""

    def __init__(self, settings: Settings) -> None:
        self.engine = build_engine(settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Threads of their own for finishing request sessions (see request_session).
        self._finishers = anyio.CapacityLimiter(16)
        self.request_slots = Gate(_request_slots(self.engine))

    @contextmanager
    def session(self, scope: scoping.Scope) -> Iterator[Session]:
        """A session bound to ``scope``, committed on success and rolled back on error."""
        session = self.sessions()
        scoping.set_scope(session, scope)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @asynccontextmanager
    async def request_session(self, scope: scoping.Scope) -> AsyncIterator[Session]:
        """A request's session, for which the request queues before it takes any thread.

        The request first takes one of ``request_slots`` (three quarters of the connection
        pool; the rest serves the few side sessions) in the event loop, where waiting holds
        nothing and has no deadline. Holding a slot, it always finds a connection, so it never
        waits for one while holding a thread, and it commits and closes on threads of its own:
        no request holding a connection ever queues for a thread behind requests waiting for
        that connection (that deadlock ended in the pool's 30 s timeout, a 503, under load).
        Opening the session does no I/O (the connection is taken at the first query). The
        finish is shielded, so a client that goes away still gets its transaction rolled back
        and its connection returned. A handler that ended the session on its own thread
        (:func:`run_and_finish`) leaves nothing to do here.
        """
        slot = await self.request_slots.acquire()
        try:
            session = self.sessions()
            scoping.set_scope(session, scope)
            ok = False
            try:
                yield session
                ok = True
            finally:
                if not was_finished(session):
                    with anyio.CancelScope(shield=True):
                        await anyio.to_thread.run_sync(
                            _finish, session, ok, limiter=self._finishers
                        )
        finally:
            slot.release()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _request_slots(engine: Engine) -> int:
    pool = engine.pool
    size = int(pool.size()) if isinstance(pool, QueuePool) else 4
    overflow = max(int(getattr(pool, "_max_overflow", 0)), 0)
    return max(1, (size + overflow) * 3 // 4)


async def run_and_finish(
    session: Session, work: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T:
    """``work(*args, **kwargs)`` on a worker thread, then the request's ``session`` committed
    and closed on that same thread: one trip to the thread pool where a plain ``def`` handler
    takes two (its own, then the session dependency's finish), each trip a thread wake-up and
    a hand-back to the event loop (issue 19).

    For handlers whose whole job is one piece of database work that returns the answer ready
    to send (a ``Response``, or a model holding no lazy database rows). The commit comes after
    ``work``, before the answer is sent, as with the dependency: a 2xx still means the data is
    stored, and a failing commit is the request's error. When ``work`` raises, the session is
    left to the dependency, which rolls it back.
    """

    def run() -> _T:
        result = work(*args, **kwargs)
        try:
            _finish(session, True)
        finally:
            session.info[_FINISHED] = True
        return result

    return await anyio.to_thread.run_sync(run)


def was_finished(session: Session) -> bool:
    """True when :func:`run_and_finish` has already committed and closed ``session``."""
    return bool(session.info.get(_FINISHED, False))


def _finish(session: Session, ok: bool) -> None:
    """Commit (or roll back when the request failed), then give the connection back."""
    try:
        if ok:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def lock_row(session: Session, instance: object) -> None:
    """Take ``instance``'s row for writing and re-read it, before a read-modify-write.

    Two jobs that each rewrite one key of the same JSON column (a file's semantic-index and
    table-reading progress in ``File.summary``) otherwise lose each other's update: each read
    the column before the other committed. Touching the row with an UPDATE takes PostgreSQL's
    row lock and SQLite's write lock (``FOR UPDATE`` is a no-op on SQLite) until the commit, so
    the refresh after it sees every earlier writer's value and later writers wait.
    """
    mapper = inspect(instance).mapper
    [key] = mapper.primary_key
    session.execute(
        update(mapper.local_table)
        .where(key == getattr(instance, mapper.get_property_by_column(key).key))
        .values({key.name: key})
    )
    session.refresh(instance)

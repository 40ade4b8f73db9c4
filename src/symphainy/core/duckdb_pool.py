"""In-memory DuckDB databases, kept open and lent whole, one caller at a time.

Opening an in-memory DuckDB database costs ~13 ms of CPU (its catalog of built-in functions is
built anew) and starts its worker threads; closing it ~3 ms more. That was more than most
questions' own work and a third of parsing a small CSV. A cursor of an open database costs
microseconds. So :func:`lend` gives its caller a new cursor (a connection of its own: its
temporary views and tables die with it) of an idle database opened with the same
:class:`Options`, and the database comes back to the pool when that cursor is garbage (closed
and dropped, or simply dropped).

A database is lent whole because settings (threads, memory) belong to the database, not to the
cursor: a caller that lowers one for a while and restores it affects nobody else. Callers must
leave nothing behind but temporary objects and restored settings. A database whose options lock
it (``allowed_path``) can read that one file and cannot change its configuration.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import weakref
from dataclasses import dataclass

import duckdb

IDLE_MAX = 6  # each idle database keeps ~5-15 MB of its buffers


@dataclass(frozen=True)
class Options:
    """What a database is opened with; databases are lent only to callers asking the same."""

    threads: int | None = None
    memory_limit: str | None = None  # DuckDB's syntax: '512MB'
    temp_mb: int | None = None
    allowed_path: str | None = None  # lock the database: this file only, settings frozen


class DatabasePool:
    """Idle databases by options; the least recently returned are closed first."""

    def __init__(self, idle_max: int) -> None:
        self.idle_max = idle_max
        self._idle: list[tuple[Options, duckdb.DuckDBPyConnection]] = []
        self._lock = threading.Lock()
        self.opened = 0  # databases created, for tests and benchmarks
        self.closed = False  # the interpreter is exiting: keep nothing

    def take(self, options: Options) -> duckdb.DuckDBPyConnection | None:
        with self._lock:
            for i in range(len(self._idle) - 1, -1, -1):
                if self._idle[i][0] == options:
                    return self._idle.pop(i)[1]
        return None

    def give(self, options: Options, database: duckdb.DuckDBPyConnection) -> None:
        if self.closed:
            close_quietly(database)
            return
        try:  # a fatal error (out of memory in the wrong place) invalidates a database
            database.execute("SELECT 1").fetchall()
        except duckdb.Error:
            close_quietly(database)
            return
        with self._lock:
            self._idle.append((options, database))
            evicted = self._idle[: max(0, len(self._idle) - self.idle_max)]
            del self._idle[: len(evicted)]
        for _, old in evicted:
            close_quietly(old)

    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    def clear(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for _, database in idle:
            close_quietly(database)


def close_quietly(database: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # a database that already failed
        database.close()


POOL = DatabasePool(IDLE_MAX)


@atexit.register
def _close_at_exit() -> None:
    """Close the idle databases while the interpreter still stands: left to its final teardown,
    a DuckDB database destroyed out of order aborts the process ("terminate called after
    throwing ...", exit 134) after a benchmark or a test run had succeeded. Registered before any
    cursor's finalizer, so it runs after them (atexit is last in, first out)."""
    POOL.closed = True
    POOL.clear()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open(options: Options) -> duckdb.DuckDBPyConnection:
    database = duckdb.connect(":memory:")
    if options.temp_mb is not None:
        database.execute(f"SET max_temp_directory_size = '{int(options.temp_mb)}MB'")
    if options.threads:
        database.execute(f"SET threads = {int(options.threads)}")
    if options.memory_limit:
        database.execute(f"SET memory_limit = {_literal(options.memory_limit)}")
    if options.allowed_path is not None:
        database.execute(f"SET allowed_paths = [{_literal(options.allowed_path)}]")
        database.execute("SET enable_external_access = false")
        database.execute("SET lock_configuration = true")
    POOL.opened += 1
    return database


def lend(options: Options = Options()) -> duckdb.DuckDBPyConnection:
    """A new connection to an idle database opened with ``options`` (opened now if none)."""
    database = POOL.take(options) or _open(options)
    con = database.cursor()
    weakref.finalize(con, POOL.give, options, database)
    return con

"""Questions' queries run in a child process that is killed at the deadline.

DuckDB's ``interrupt()`` is only a request: one long function call (``repeat`` building a
1.5 GB string) ignores it, and its ``memory_limit`` covers the buffer manager, not such values.
So each checked query runs in a fresh process forked from a small, single-threaded fork
server: the child opens the same locked, capped connection over the dataset's Parquet, caps its
own heap with ``RLIMIT_DATA`` (an allocation past it fails inside DuckDB as "Out of Memory"),
and sends the rows back through a pipe. The parent waits until the deadline and then kills it;
whatever the query did, the web process neither grows nor waits.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from dataclasses import dataclass
from multiprocessing import popen_forkserver, spawn
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, ForkServerProcess
from pathlib import Path
from typing import Any

import duckdb

from symphainy.insights import engine

# Room for the interpreter and DuckDB's own code above the query's memory limit.
HEAP_HEADROOM_MB = 512
_context: ForkServerContext | None = None
_LAUNCH_LOCK = threading.Lock()


class QueryStopped(Exception):
    """The query ran past its deadline or its memory and its process was ended."""


class QueryFailed(Exception):
    """DuckDB refused or failed the query; ``message`` is its first line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Rows:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _fork_server() -> ForkServerContext:
    """One fork server per process, with DuckDB already imported so children start fast."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["symphainy.insights.sandbox"])
        _context = context
    return _context


class _QueryPopen(popen_forkserver.Popen):
    """Starts a child without re-running the program's main module in it.

    multiprocessing re-imports ``__main__`` in every child so that functions defined there can
    be found; the child here runs only :func:`_child` of this module, so that import (0.1-0.5 s
    of the CLI's or a test runner's imports per question) is skipped.
    """

    def _launch(self, process_obj: Any) -> None:
        with _LAUNCH_LOCK:
            prepare = spawn.get_preparation_data

            def without_main(name: str) -> dict[str, Any]:
                data = prepare(name)
                data.pop("init_main_from_path", None)
                data.pop("init_main_from_name", None)
                return data

            spawn.get_preparation_data = without_main
            try:
                super()._launch(process_obj)  # type: ignore[misc]
            finally:
                spawn.get_preparation_data = prepare


class _QueryProcess(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - multiprocessing's name
        return _QueryPopen(process_obj)


def run(sandbox: engine.Sandbox, sql: str, params: list[Any], timeout: float | None = None) -> Rows:
    """``sql`` with ``params`` in a child process, killed after ``timeout`` seconds at most
    (never later than the sandbox's configured limit)."""
    deadline = sandbox.limits.seconds
    if timeout is not None:
        deadline = min(deadline, timeout)
    context = _fork_server()
    receiver, sender = context.Pipe(duplex=False)
    process = _QueryProcess(
        target=_child,
        args=(sender, str(sandbox.parquet), sandbox.limits, sql, params),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(deadline):
            raise QueryStopped(f"the query took longer than {deadline:g} s and was stopped")
        try:
            outcome = receiver.recv()
        except EOFError:
            process.join()
            raise QueryStopped(
                f"the query's process ended without an answer (exit code {process.exitcode})"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    kind, payload = outcome
    if kind == "error":
        raise QueryFailed(str(payload))
    columns, rows = payload
    return Rows(list(columns), list(rows))


def _child(
    sender: Connection, parquet: str, limits: engine.QueryLimits, sql: str, params: list[Any]
) -> None:
    heap = (limits.memory_mb + HEAP_HEADROOM_MB) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (heap, heap))
    try:
        con = engine.connect(Path(parquet), locked=True, limits=limits)
        try:
            cursor = con.execute(sql, params)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
        finally:
            con.close()
    except duckdb.OutOfMemoryException:
        sender.send(("error", "the query needed more memory than a question may use"))
    except duckdb.Error as exc:
        sender.send(("error", str(exc).splitlines()[0]))
    except MemoryError:
        sender.send(("error", "the query needed more memory than a question may use"))
    else:
        sender.send(("ok", (columns, rows)))
    finally:
        sender.close()

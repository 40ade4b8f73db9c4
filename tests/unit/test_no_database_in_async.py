"""No database call inside an ``async def``: it would block the event loop, and with it every
other request, for as long as the database takes (issue 19).

A static check over the source tree. Inside the body of each ``async def`` (nested plain
functions and lambdas excluded, since those run wherever they are sent), it refuses:

* opening a session (``<anything>.db.session(...)``, ``SessionLocal()``), or calling a plain
  function of the same module that opens one;
* any use of a session (a query, passing it to a function) except as an argument handed to
  a thread-pool runner, to a function that does no I/O (``NO_IO``), or as what a dependency
  yields (binding a name to a new session is not a use: a session takes its connection at the
  first query).

Database work belongs in plain ``def`` handlers (FastAPI runs them on its thread pool) or behind
``run_in_threadpool`` / ``anyio.to_thread.run_sync``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "symphainy"
SESSION_TYPES = frozenset({"DbSession", "Session"})
THREAD_RUNNERS = frozenset(
    {"run_in_threadpool", "run_sync", "to_thread", "iterate_in_threadpool", "run_and_finish"}
)
# Functions that only set or read attributes of a session (no query, no connection).
NO_IO = frozenset({"set_scope", "was_finished"})


def _body_nodes(fn: ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """Every node of ``fn``'s own body that runs on the event loop.

    Plain functions and lambdas defined inside are skipped (they run wherever they are sent),
    and so are the arguments handed to a thread-pool runner.
    """
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            continue
        yield node
        if isinstance(node, ast.Call) and _name(node.func) in THREAD_RUNNERS | NO_IO:
            stack.append(node.func)
            continue
        if isinstance(node, ast.Yield) and isinstance(node.value, ast.Name):
            continue  # handed to the dependant, which is checked where it uses it
        stack.extend(ast.iter_child_nodes(node))


def _name(node: ast.AST | None) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return ""


def _opens_session(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "session" and _name(func.value) == "db"


def _database_functions(tree: ast.Module) -> frozenset[str]:
    """The module's plain functions that open a database session, directly or through another
    function of the module."""
    calls: dict[str, set[str]] = {}
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            inner = [c for c in ast.walk(node) if isinstance(c, ast.Call)]
            calls[node.name] = {c.func.id for c in inner if isinstance(c.func, ast.Name)}
            if any(_opens_session(c) for c in inner):
                names.add(node.name)
    changed = True
    while changed:
        changed = False
        for name, callees in calls.items():
            if name not in names and callees & names:
                names.add(name)
                changed = True
    return frozenset(names)


def _problems(
    fn: ast.AsyncFunctionDef, database_functions: frozenset[str] = frozenset()
) -> Iterator[str]:
    sessions = {
        arg.arg
        for arg in [*fn.args.args, *fn.args.kwonlyargs]
        if arg.arg == "session" or _name(arg.annotation) in SESSION_TYPES
    }
    sessions.add("session")
    for node in _body_nodes(fn):
        if isinstance(node, ast.Name) and node.id in sessions and isinstance(node.ctx, ast.Load):
            yield f"uses the database session {node.id!r} on the event loop (line {node.lineno})"
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if _opens_session(node):
            yield f"opens a database session (line {node.lineno})"
        if _name(func) == "SessionLocal":
            yield f"opens a database session (line {node.lineno})"
        if isinstance(func, ast.Name) and func.id in database_functions:
            yield f"calls {func.id}(), which opens a database session (line {node.lineno})"


def _violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        database_functions = _database_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef):
                for problem in _problems(node, database_functions):
                    where = f"{path.relative_to(SRC.parent)}:{node.lineno} {node.name}"
                    found.append(f"{where}: {problem}")
    return found


def test_no_async_def_calls_the_database() -> None:
    violations = _violations()
    assert not violations, "database work inside async def:\n" + "\n".join(violations)


def test_the_check_catches_a_database_call_in_an_async_handler() -> None:
    sample = ast.parse(
        "async def handler(journey_id: str, session: DbSession):\n"
        "    await something()\n"
        "    return session.scalars(select(X))\n"
    )
    fn = next(n for n in ast.walk(sample) if isinstance(n, ast.AsyncFunctionDef))
    assert len(list(_problems(fn))) == 1
    allowed = ast.parse(
        "async def handler(runtime, session: DbSession):\n"
        "    def work(session):\n"
        "        return session.get(X, 1)\n"
        "    return await run_in_threadpool(work, session)\n"
    )
    fn = next(n for n in ast.walk(allowed) if isinstance(n, ast.AsyncFunctionDef))
    assert list(_problems(fn)) == []


def test_a_request_session_may_be_made_and_yielded_but_not_queried_on_the_loop() -> None:
    made = ast.parse(
        "async def get_db(self):\n"
        "    session = self.sessions()\n"
        "    set_scope(session, scope)\n"
        "    yield session\n"
        "    await anyio.to_thread.run_sync(finish, session)\n"
    )
    fn = next(n for n in ast.walk(made) if isinstance(n, ast.AsyncFunctionDef))
    assert list(_problems(fn)) == []
    queried = ast.parse(
        "async def get_db(self):\n    session = self.sessions()\n    yield session.execute(q)\n"
    )
    fn = next(n for n in ast.walk(queried) if isinstance(n, ast.AsyncFunctionDef))
    assert len(list(_problems(fn))) == 1


def test_the_check_catches_a_helper_that_opens_a_session_called_from_async() -> None:
    sample = ast.parse(
        "def _store(runtime):\n"
        "    with runtime.db.session(scope) as s:\n"
        "        s.add(row)\n"
        "def _finish(runtime):\n"
        "    return _store(runtime)\n"
        "async def turn(runtime):\n"
        "    try:\n"
        "        yield 1\n"
        "    finally:\n"
        "        _finish(runtime)\n"
    )
    fn = next(n for n in ast.walk(sample) if isinstance(n, ast.AsyncFunctionDef))
    assert len(list(_problems(fn, _database_functions(sample)))) == 1

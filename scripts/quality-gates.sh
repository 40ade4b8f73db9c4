#!/usr/bin/env bash
# The gates a change must pass before it merges, as CI runs them:
#   lint (ruff), types (mypy strict), tests with a coverage floor (pytest-cov), security scan.
#
#   bash scripts/quality-gates.sh                 # everything
#   COVERAGE_MIN=85 bash scripts/quality-gates.sh # raise the floor
#   bash scripts/quality-gates.sh -k accounts     # extra arguments go to pytest
#
# PostgreSQL/Redis and browser tests run when their services are there (see scripts/test.sh).
# Stops at the first gate that fails and says which.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
COVERAGE_MIN=${COVERAGE_MIN:-75}
export SYMPHAINY_ENV=test

gate() {  # $1 = name, then the command
  local name=$1
  shift
  echo "== gate: $name"
  if ! "$@"; then
    echo "== FAILED gate: $name" >&2
    exit 1
  fi
}

gate "lint (ruff)" "$VENV/bin/ruff" check src tests benchmarks
gate "types (mypy)" "$VENV/bin/mypy"
gate "tests, coverage >= ${COVERAGE_MIN}%" "$VENV/bin/pytest" -p no:cacheprovider \
  --cov=symphainy --cov-report=term-missing:skip-covered --cov-fail-under="$COVERAGE_MIN" "$@"
gate "security (bandit, pip-audit)" bash scripts/security-scan.sh
echo "== all gates passed"

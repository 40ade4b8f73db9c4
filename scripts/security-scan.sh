#!/usr/bin/env bash
# Static security checks: bandit on the source, pip-audit on the locked runtime dependencies.
#
#   bash scripts/security-scan.sh
#   SECURITY_SCAN_STRICT=1 bash scripts/security-scan.sh   # CI: an unreachable advisory DB fails
#
# bandit skips B101/B104/B608: ruff runs the same checks (S101, S104, S608) on every commit and
# each exception there is a reviewed `# noqa` on its line, which bandit cannot read.
# pip-audit asks PyPI's advisory database over the network; where it cannot be reached (an
# offline machine, a mirror without the JSON API) the audit is reported as NOT DONE, which
# fails only in strict mode. Exit status: 0 clean, 1 findings, 2 a required tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
STRICT=${SECURITY_SCAN_STRICT:-0}
LOCK=${SECURITY_SCAN_LOCK:-requirements/runtime.lock}
status=0

bin() {  # the venv's copy of a tool, else the one on PATH
  if [ -x "$VENV/bin/$1" ]; then echo "$VENV/bin/$1"; else command -v "$1" || true; fi
}

echo "== bandit (src/)"
bandit=$(bin bandit)
if [ -z "$bandit" ]; then
  echo "bandit is not installed: pip install bandit" >&2
  exit 2
fi
if ! "$bandit" -q -r src --severity-level medium --confidence-level medium \
    --skip B101,B104,B608; then
  status=1
fi

echo "== pip-audit ($LOCK)"
audit=$(bin pip-audit)
if [ -z "$audit" ]; then
  echo "pip-audit is not installed: pip install pip-audit (dependency audit NOT DONE)" >&2
  [ "$STRICT" = 1 ] && exit 2
  exit "$status"
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
set +e
"$audit" --requirement "$LOCK" --no-deps --disable-pip --progress-spinner off \
  --format json --output "$report" 2>"$report.err"
audit_status=$?
set -e
# Exit 1 with a report is "vulnerabilities found"; anything else without a report is a failure
# to reach the advisory database. A report where every package was skipped is the same thing.
summary=$(python3 - "$report" <<'PY'
import json, sys
try:
    deps = json.load(open(sys.argv[1]))["dependencies"]
except Exception:
    print("unreachable 0 0")
    raise SystemExit
audited = [d for d in deps if "skip_reason" not in d]
vulnerable = [d for d in audited if d.get("vulns")]
for d in vulnerable:
    ids = ", ".join(v["id"] + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
                    for v in d["vulns"])
    print(f"VULNERABLE {d['name']} {d['version']}: {ids}", file=sys.stderr)
state = "unreachable" if not audited else ("vulnerable" if vulnerable else "clean")
print(state, len(audited), len(deps))
PY
)
read -r state audited total <<<"$summary"
case "$state" in
  clean)
    echo "pip-audit: no known vulnerabilities in $audited of $total packages" ;;
  vulnerable)
    echo "pip-audit: vulnerable packages above (upgrade them in pyproject.toml, then scripts/lock.sh)"
    status=1 ;;
  *)
    echo "pip-audit: NOT DONE - PyPI's advisory database could not be reached from here" \
         "(exit $audit_status; $(tail -n 1 "$report.err" 2>/dev/null || true))." >&2
    echo "           Run this script where pypi.org answers (CI's security workflow does)." >&2
    [ "$STRICT" = 1 ] && status=1 ;;
esac
rm -f "$report.err"
exit "$status"

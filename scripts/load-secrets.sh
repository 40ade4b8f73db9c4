#!/usr/bin/env bash
# Puts SymphAIny's secrets into the environment without ever printing them.
#
#   source scripts/load-secrets.sh [--dir DIR]          # into the current shell
#   bash scripts/load-secrets.sh [--dir DIR] -- CMD...  # into CMD only (exec)
#
# For each secret (SYMPHAINY_SECRET_KEY, DATABASE_URL, REDIS_URL, LLM_API_KEY, SMTP_PASSWORD,
# the fields config.SECRET_FIELDS lists), first match wins:
#   1. NAME_FILE names a file           (Docker/Kubernetes secrets, systemd credentials)
#   2. DIR/name in lower case exists    (deploy/make-secrets.sh writes deploy/secrets/)
#   3. NAME is already set              (kept as it is)
# Values are read with `read`, never through a command line, and with tracing off; what is reported
# (on stderr) is only where each secret came from. Missing secrets are not an error: Settings
# decides what is required (prod refuses a default SYMPHAINY_SECRET_KEY).
SYMPHAINY_SECRET_NAMES="SYMPHAINY_SECRET_KEY DATABASE_URL REDIS_URL LLM_API_KEY SMTP_PASSWORD"

_symphainy_load_secrets() {
  # Tracing (set -x / bash -x) would print every value: off in here, restored on the way out.
  local traced=0 status=0
  case $- in *x*) traced=1; set +x ;; esac
  _symphainy_read_secrets "$@" || status=$?
  if [ "$traced" = 1 ]; then set -x; fi
  return "$status"
}

_symphainy_read_secrets() {
  local dir="" name file lower value file_var
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="$2"; shift 2 ;;
      --dir=*) dir="${1#--dir=}"; shift ;;
      --) break ;;
      *) echo "load-secrets: unknown argument $1" >&2; return 2 ;;
    esac
  done
  for name in $SYMPHAINY_SECRET_NAMES; do
    file=""
    lower=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')
    file_var="${name}_FILE"
    file="${!file_var:-}"
    if [ -z "$file" ] && [ -n "$dir" ] && [ -f "$dir/$lower" ]; then
      file="$dir/$lower"
    fi
    if [ -n "$file" ]; then
      if [ ! -r "$file" ]; then
        echo "load-secrets: $name: cannot read $file" >&2
        return 1
      fi
      IFS= read -r value <"$file" || [ -n "$value" ]
      export "$name=$value"
      unset value
      echo "load-secrets: $name from $file" >&2
    elif [ -n "${!name:-}" ]; then
      echo "load-secrets: $name from the environment" >&2
    fi
  done
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: load into the caller's shell, leave its options alone.
  _symphainy_load_secrets "$@"
  return $?
fi

set -euo pipefail
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
if [ $# -eq 0 ]; then
  echo "usage: source $0 [--dir DIR]   or   $0 [--dir DIR] -- COMMAND [ARGS...]" >&2
  exit 2
fi
shift  # the --
_symphainy_load_secrets "${args[@]}"
exec "$@"

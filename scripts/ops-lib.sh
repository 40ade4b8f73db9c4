# shellcheck shell=bash
# Shared by deploy.sh, rollback.sh, backup.sh and restore.sh (sourced, not run): logging and
# dry runs, waiting for /readyz, the settings the scripts act on (read the way the platform
# reads them), and libpq connection details that keep the password off `ps`.

# Sets database_url, storage_url, data_dir and s3_endpoint as Settings resolves them
# (environment, .env files, *_FILE secrets). $1 = a private scratch directory.
read_settings() {
  "$PYTHON" - >"$1/settings" <<'PY'
from symphainy.config import get_settings
s = get_settings()
print(s.database_url)
print(s.storage_url)
print(s.data_dir)
print(s.S3_ENDPOINT_URL)
PY
  # shellcheck disable=SC2034  # used by the scripts that source this file
  { read -r database_url; read -r storage_url; read -r data_dir; read -r s3_endpoint; } <"$1/settings"
  rm -f "$1/settings"
}

# The PostgreSQL password goes to a private PGPASSFILE, not the command line `ps` shows; libpq also does
# not know SQLAlchemy's driver suffix (postgresql+psycopg://).
pg_conninfo() {  # $1 = SQLAlchemy URL, $2 = private dir: writes $2/conninfo, exports PGPASSFILE
  "$PYTHON" - "$1" "$2" <<'PY'
import sys
from pathlib import Path
from sqlalchemy.engine import make_url
url, folder = make_url(sys.argv[1]), Path(sys.argv[2])
fields = {"host": url.host or "", "port": str(url.port or 5432), "user": url.username or "",
          "dbname": url.database or ""}
fields.update({k: str(v) for k, v in url.query.items() if k.startswith("ssl")})
(folder / "conninfo").write_text(" ".join(f"{k}='{v}'" for k, v in fields.items() if v))
escape = lambda v: v.replace("\\", "\\\\").replace(":", "\\:")
line = ":".join(escape(fields[k]) or "*" for k in ("host", "port", "dbname", "user"))
(folder / "pgpass").write_text(f"{line}:{escape(url.password or '')}\n")
(folder / "pgpass").chmod(0o600)
PY
  export PGPASSFILE="$2/pgpass"
}


# ---- deploy and rollback (they set DRY_RUN and READY_TIMEOUT) ----------------------------------
log() { printf '== %s\n' "$*" >&2; }
run() {  # a command, or in DRY_RUN its words
  if [ "$DRY_RUN" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi
}

http_ok() {  # $1 = URL: true when it answers 2xx
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" \
    >/dev/null 2>&1
}

wait_ready() {  # $1 = base URL
  local deadline=$((SECONDS + READY_TIMEOUT))
  [ "$DRY_RUN" = 1 ] && { printf '+ wait for %s/readyz\n' "$1"; return 0; }
  until http_ok "$1/readyz"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$1/readyz did not answer 200 within ${READY_TIMEOUT}s"
      return 1
    fi
    sleep 2
  done
}


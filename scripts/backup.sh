#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Backs up the database and the stored files into one dated folder.
#
#   bash scripts/backup.sh [DEST]        # default DEST: ./backups; prints the folder it wrote
#
# Reads the same settings as the platform (environment, .env files, *_FILE secrets; source
# scripts/load-secrets.sh first on a host that keeps them in files):
#   database  SQLite (the embedded default): SQLite's online backup API, safe while the app runs
#             PostgreSQL: pg_dump --format=custom (restore with pg_restore; same major or newer)
#   files     file:// (the embedded default): tar of the files directory
#             s3://bucket/prefix: every object downloaded with boto3, then the same tar
#   queue     the embedded job queue (jobs.db) with the database; a Redis queue is not backed up
#             (jobs are re-created: files stuck "processing" are re-queued on start)
# and manifest.json with sizes and SHA-256 of each part, which restore.sh checks first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON=${PYTHON:-$([ -x "$ROOT/.venv/bin/python" ] && echo "$ROOT/.venv/bin/python" || echo python3)}
DEST=${1:-backups}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$DEST/symphainy-$stamp"
umask 077
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=ops-lib.sh
. "$ROOT/scripts/ops-lib.sh"
read_settings "$work"

case "$database_url" in
  sqlite*)
    db_file=${database_url#sqlite:///}
    echo "database: SQLite online backup of $db_file"
    "$PYTHON" - "$db_file" "$out/database.sqlite" "$data_dir/jobs.db" "$out/jobs.sqlite" <<'PY'
import sqlite3, sys
from pathlib import Path
pairs = [(sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])]
for i, (source, target) in enumerate(pairs):
    if not Path(source).exists():
        if i == 0:
            raise SystemExit(f"no database at {source}")
        continue
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # a consistent snapshot even while writers are busy
    dst.close()
PY
    ;;
  postgresql*)
    echo "database: pg_dump (custom format)"
    pg_conninfo "$database_url" "$work"
    pg_dump --format=custom --no-owner --file="$out/database.pgdump" --dbname="$(cat "$work/conninfo")"
    ;;
  *) echo "backup: unsupported database URL scheme ${database_url%%:*}" >&2; exit 1 ;;
esac

case "$storage_url" in
  file://*)
    files_dir=${storage_url#file://}
    echo "files: tar of $files_dir"
    mkdir -p "$files_dir"
    tar -C "$files_dir" -czf "$out/files.tar.gz" .
    ;;
  s3://*)
    echo "files: download of $storage_url"
    mkdir -p "$work/files"
    "$PYTHON" - "$storage_url" "$s3_endpoint" "$work/files" <<'PY'
import sys
from pathlib import Path
from urllib.parse import urlparse
import boto3
url, endpoint, target = sys.argv[1], sys.argv[2] or None, Path(sys.argv[3])
parsed = urlparse(url)
bucket, prefix = parsed.netloc, parsed.path.strip("/")
s3 = boto3.client("s3", endpoint_url=endpoint)
count = 0
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    for obj in page.get("Contents", []):
        relative = obj["Key"][len(prefix):].lstrip("/") if prefix else obj["Key"]
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        s3.download_file(bucket, obj["Key"], str(path))
        count += 1
print(f"files: {count} objects", file=sys.stderr)
PY
    tar -C "$work/files" -czf "$out/files.tar.gz" .
    ;;
  *) echo "backup: unsupported storage URL scheme ${storage_url%%:*}" >&2; exit 1 ;;
esac

"$PYTHON" - "$out" "${database_url%%[:+]*}" "${storage_url%%:*}" <<'PY'
import hashlib, json, sys
from datetime import UTC, datetime
from pathlib import Path
out, database, storage = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
try:
    from symphainy import __version__ as version
except Exception:
    version = "unknown"
parts = {p.name: {"bytes": p.stat().st_size, "sha256": digest(p)}
         for p in sorted(out.iterdir()) if p.name != "manifest.json"}
manifest = {"created_at": datetime.now(UTC).isoformat(), "symphainy_version": version,
            "database": database, "storage": storage, "parts": parts}
(out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
PY
echo "backup written: $out"

#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Restores a folder written by backup.sh into the database and file store configured now.
#
#   bash scripts/restore.sh BACKUP_DIR [--force]
#
# Stop the app and workers first (docker compose stop app worker / kubectl scale --replicas=0):
# a restore replaces the data under them. Without --force it refuses to overwrite a database or
# file store that already holds data. Checks every part against manifest.json before touching
# anything. After a restore, `symphainy migrate` brings an older backup up to the running
# version's schema; start the app and workers again.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON=${PYTHON:-$([ -x "$ROOT/.venv/bin/python" ] && echo "$ROOT/.venv/bin/python" || echo python3)}
backup=${1:?usage: restore.sh BACKUP_DIR [--force]}
force=${2:-}
[ -f "$backup/manifest.json" ] || { echo "restore: $backup has no manifest.json" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=ops-lib.sh
. "$ROOT/scripts/ops-lib.sh"
read_settings "$work"

echo "checking $backup against its manifest"
"$PYTHON" - "$backup" <<'PY'
import hashlib, json, sys
from pathlib import Path
folder = Path(sys.argv[1])
manifest = json.loads((folder / "manifest.json").read_text())
for name, expected in manifest["parts"].items():
    h = hashlib.sha256()
    with (folder / name).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != expected["sha256"]:
        raise SystemExit(f"restore: {name} does not match manifest.json: refusing to restore")
print(f"  {len(manifest['parts'])} parts intact (backup of {manifest['created_at']})")
PY

refuse() { echo "restore: $1 already holds data; stop the platform and pass --force" >&2; exit 1; }

case "$database_url" in
  sqlite*)
    [ -f "$backup/database.sqlite" ] || { echo "restore: no SQLite database in $backup" >&2; exit 1; }
    db_file=${database_url#sqlite:///}
    if [ -s "$db_file" ] && [ "$force" != "--force" ]; then refuse "$db_file"; fi
    mkdir -p "$(dirname "$db_file")"
    echo "database: SQLite restore into $db_file"
    # The backup API writes every page, so the target's old WAL must not be replayed over it.
    rm -f "$db_file-wal" "$db_file-shm" "$data_dir/jobs.db-wal" "$data_dir/jobs.db-shm"
    "$PYTHON" - "$backup/database.sqlite" "$db_file" "$backup/jobs.sqlite" "$data_dir/jobs.db" <<'PY'
import sqlite3, sys
from pathlib import Path
for source, target in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    if not Path(source).exists():
        continue
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
PY
    ;;
  postgresql*)
    [ -f "$backup/database.pgdump" ] || { echo "restore: no PostgreSQL dump in $backup" >&2; exit 1; }
    pg_conninfo "$database_url" "$work"
    tables=$(psql --no-psqlrc -tAq --dbname="$(cat "$work/conninfo")" \
      -c "select count(*) from information_schema.tables where table_schema = 'public'")
    if [ "$tables" != "0" ] && [ "$force" != "--force" ]; then refuse "the PostgreSQL database"; fi
    echo "database: pg_restore --clean"
    pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction \
      --dbname="$(cat "$work/conninfo")" "$backup/database.pgdump"
    ;;
  *) echo "restore: unsupported database URL scheme ${database_url%%:*}" >&2; exit 1 ;;
esac

mkdir -p "$work/files"
tar -C "$work/files" -xzf "$backup/files.tar.gz"
case "$storage_url" in
  file://*)
    files_dir=${storage_url#file://}
    if [ -d "$files_dir" ] && [ -n "$(ls -A "$files_dir")" ] && [ "$force" != "--force" ]; then
      refuse "$files_dir"
    fi
    echo "files: into $files_dir"
    mkdir -p "$files_dir"
    # Into a sibling first, then swapped in: a failed copy never leaves half a file store.
    staging="$files_dir.restoring"
    rm -rf "$staging"
    cp -a "$work/files" "$staging"
    rm -rf "$files_dir"
    mv "$staging" "$files_dir"
    ;;
  s3://*)
    echo "files: upload to $storage_url"
    "$PYTHON" - "$storage_url" "$s3_endpoint" "$work/files" "$force" <<'PY'
import sys
from pathlib import Path
from urllib.parse import urlparse
import boto3
url, endpoint, source, force = sys.argv[1], sys.argv[2] or None, Path(sys.argv[3]), sys.argv[4]
parsed = urlparse(url)
bucket, prefix = parsed.netloc, parsed.path.strip("/")
s3 = boto3.client("s3", endpoint_url=endpoint)
existing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1).get("KeyCount", 0)
if existing and force != "--force":
    raise SystemExit(f"restore: {url} already holds data; stop the platform and pass --force")
count = 0
for path in sorted(p for p in source.rglob("*") if p.is_file()):
    key = "/".join(filter(None, [prefix, path.relative_to(source).as_posix()]))
    s3.upload_file(str(path), bucket, key)
    count += 1
print(f"  {count} objects", file=sys.stderr)
PY
    ;;
  *) echo "restore: unsupported storage URL scheme ${storage_url%%:*}" >&2; exit 1 ;;
esac
echo "restored from $backup: run 'symphainy migrate', then start the app and workers"

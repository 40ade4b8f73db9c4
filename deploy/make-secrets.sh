#!/usr/bin/env bash
# Writes the secrets compose.yml mounts (deploy/secrets/, git-ignored), once: an existing file is
# kept, so running it again never rotates a live key or locks the app out of its database.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
# The folder is private to the operator; the files must stay readable (0644) because compose
# bind-mounts them as they are and the containers read them as non-root users (uid 10001,
# postgres), which compose's uid/gid/mode options do not change for file-based secrets.
mkdir -p "$dir"
chmod 700 "$dir"
umask 022
random() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }
write_once() {  # $1 = file name, $2 = content
  if [ -s "$dir/$1" ]; then echo "kept    $dir/$1"; return; fi
  printf '%s\n' "$2" > "$dir/$1"
  echo "created $dir/$1"
}
write_once symphainy_secret_key "$(random)"
write_once postgres_password "$(random)"
password="$(cat "$dir/postgres_password")"
write_once database_url "postgresql+psycopg://symphainy:${password}@postgres:5432/symphainy"
# Monitoring (compose.monitoring.yml): Grafana's admin password, and where Alertmanager sends
# alerts. The two receivers are placeholders until you write your own into the files.
write_once grafana_admin_password "$(random)"
write_once alertmanager_pagerduty_key "REPLACE_WITH_PAGERDUTY_ROUTING_KEY"
write_once alertmanager_slack_url "REPLACE_WITH_SLACK_WEBHOOK_URL"

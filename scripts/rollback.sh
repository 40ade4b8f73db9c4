#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Puts the previous release back (the code only: the schema stays, see docs/operations.md).
#
#   scripts/rollback.sh ENV [RELEASE]
#
# compose:     RELEASE is an image tag; default: the release before the last good one that
#              scripts/deploy.sh recorded
# kubernetes:  RELEASE is an image reference; default: `kubectl rollout undo` (the previous
#              ReplicaSet of each Deployment)
# Same variables as deploy.sh: DEPLOY_TARGET, NAMESPACE, SMOKE_URL, READY_TIMEOUT, DRY_RUN,
# DEPLOY_STATE_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENV_NAME=${1:-}
case "$ENV_NAME" in dev|test|prod) ;; *) echo "usage: $0 dev|test|prod [RELEASE]" >&2; exit 2 ;; esac
RELEASE=${2:-}
TARGET=${DEPLOY_TARGET:-compose}
NAMESPACE=${NAMESPACE:-symphainy}
READY_TIMEOUT=${READY_TIMEOUT:-180}
DRY_RUN=${DRY_RUN:-0}
STATE_DIR=${DEPLOY_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/symphainy}
STATE="$STATE_DIR/$TARGET-$ENV_NAME"
# shellcheck source=ops-lib.sh
. "$ROOT/scripts/ops-lib.sh"

case "$TARGET" in
  compose)
    if [ -z "$RELEASE" ]; then
      [ -f "$STATE.previous" ] || { log "no previous release recorded in $STATE.previous: name one"; exit 1; }
      RELEASE=$(cat "$STATE.previous")
    fi
    log "compose $ENV_NAME: back to $RELEASE"
    run env SYMPHAINY_IMAGE_TAG="$RELEASE" docker compose -f "$ROOT/deploy/compose.yml" \
      -f "$ROOT/deploy/compose.$ENV_NAME.yml" up -d --no-build app worker
    wait_ready "${SMOKE_URL:-http://127.0.0.1:8000}"
    ;;
  kubernetes)
    k=(kubectl -n "$NAMESPACE")
    if [ -n "$RELEASE" ]; then
      log "kubernetes $ENV_NAME: back to $RELEASE"
      run "${k[@]}" set image deployment/symphainy-app app="$RELEASE"
      run "${k[@]}" set image deployment/symphainy-worker worker="$RELEASE"
    else
      log "kubernetes $ENV_NAME: back to the previous ReplicaSets"
      run "${k[@]}" rollout undo deployment/symphainy-app
      run "${k[@]}" rollout undo deployment/symphainy-worker
    fi
    run "${k[@]}" rollout status deployment/symphainy-app --timeout="${READY_TIMEOUT}s"
    run "${k[@]}" rollout status deployment/symphainy-worker --timeout="${READY_TIMEOUT}s"
    ;;
  *) echo "DEPLOY_TARGET must be compose or kubernetes" >&2; exit 2 ;;
esac
if [ "$DRY_RUN" != 1 ] && [ -n "$RELEASE" ]; then
  mkdir -p "$STATE_DIR"
  printf '%s\n' "$RELEASE" >"$STATE"
fi
log "rolled back"

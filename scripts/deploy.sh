#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Deploys a release: migrate, roll out, wait for /readyz, smoke test; rolls back on failure.
#
#   scripts/deploy.sh ENV                 # ENV: dev | test | prod
#
#   DEPLOY_TARGET=compose|kubernetes      default compose
#   IMAGE=ghcr.io/org/symphainy:1.2.0     the release (kubernetes: required; compose: pulled and
#                                         tagged symphainy:$SYMPHAINY_IMAGE_TAG; unset = build)
#   SYMPHAINY_IMAGE_TAG=1.2.0             compose: the tag to run (default: IMAGE's tag, or latest)
#   SMOKE_URL=https://symphainy.example   where to smoke-test (compose default http://127.0.0.1:8000;
#                                         kubernetes default: inside the app pod)
#   NAMESPACE=symphainy                   kubernetes namespace
#   READY_TIMEOUT=180                     seconds to wait for readiness / rollout
#   DRY_RUN=1                             print the commands instead of running them
#   DEPLOY_STATE_DIR                      where the last good release of each ENV is kept
#                                         (default ~/.local/state/symphainy), read by rollback.sh
#
# Migrations run before the new code and must keep the previous release working (add columns
# and tables; drop them a release later): that is what makes the automatic rollback safe.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENV_NAME=${1:-}
case "$ENV_NAME" in dev|test|prod) ;; *) echo "usage: $0 dev|test|prod" >&2; exit 2 ;; esac
TARGET=${DEPLOY_TARGET:-compose}
NAMESPACE=${NAMESPACE:-symphainy}
READY_TIMEOUT=${READY_TIMEOUT:-180}
DRY_RUN=${DRY_RUN:-0}
STATE_DIR=${DEPLOY_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/symphainy}
STATE="$STATE_DIR/$TARGET-$ENV_NAME"
COMPOSE=(docker compose -f "$ROOT/deploy/compose.yml" -f "$ROOT/deploy/compose.$ENV_NAME.yml")
# shellcheck source=ops-lib.sh
. "$ROOT/scripts/ops-lib.sh"

smoke_url() {  # $1 = base URL: liveness, readiness, metrics and the sign-in page
  local base=$1
  http_ok "$base/livez" && http_ok "$base/readyz" && http_ok "$base/login" \
    && python3 - "$base/metrics" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
sys.exit(0 if "symphainy_ready 1.0" in body else 1)
PY
}

smoke() {  # $1 = base URL, or empty for "inside the kubernetes app pod"
  [ "$DRY_RUN" = 1 ] && { printf '+ smoke test %s\n' "${1:-in the app pod}"; return 0; }
  if [ -n "$1" ]; then
    smoke_url "$1"
  else
    kubectl -n "$NAMESPACE" exec deploy/symphainy-app -c app -- python -c '
import urllib.request
for path in ("/livez", "/readyz", "/login"):
    urllib.request.urlopen("http://127.0.0.1:8000" + path, timeout=5)
assert "symphainy_ready 1.0" in urllib.request.urlopen("http://127.0.0.1:8000/metrics").read().decode()'
  fi
}

remember() {  # $1 = the release now running well
  if [ "$DRY_RUN" = 1 ]; then printf '+ record %s as the last good release\n' "$1"; return; fi
  mkdir -p "$STATE_DIR"
  if [ -f "$STATE" ] && [ "$(cat "$STATE")" != "$1" ]; then cp "$STATE" "$STATE.previous"; fi
  printf '%s\n' "$1" >"$STATE"
}

# ---- docker compose ----------------------------------------------------------------------------
deploy_compose() {
  local tag previous=""
  tag=${SYMPHAINY_IMAGE_TAG:-}
  if [ -z "$tag" ] && [ -n "${IMAGE:-}" ]; then tag=${IMAGE##*:}; fi
  tag=${tag:-latest}
  [ -f "$STATE" ] && previous=$(cat "$STATE")
  local url=${SMOKE_URL:-http://127.0.0.1:8000}
  log "compose $ENV_NAME: release $tag (previous: ${previous:-none})"

  if [ -n "${IMAGE:-}" ]; then
    run docker pull "$IMAGE"
    run docker tag "$IMAGE" "symphainy:$tag"
  else
    run env SYMPHAINY_IMAGE_TAG="$tag" "${COMPOSE[@]}" build app
  fi
  log "migrate"
  run env SYMPHAINY_IMAGE_TAG="$tag" "${COMPOSE[@]}" run --rm --no-deps app symphainy migrate
  log "roll out"
  if ! run env SYMPHAINY_IMAGE_TAG="$tag" "${COMPOSE[@]}" up -d --no-build --wait app worker \
     || ! wait_ready "$url" || ! smoke "$url"; then
    log "release $tag failed its checks: rolling back"
    if [ -n "$previous" ]; then
      run env SYMPHAINY_IMAGE_TAG="$previous" "${COMPOSE[@]}" up -d --no-build app worker
      if wait_ready "$url"; then
        log "rolled back to $previous"
      else
        log "ROLLBACK NOT READY: see docs/operations.md, 'Rollback'"
      fi
    else
      log "no previous release recorded: nothing to roll back to"
    fi
    return 1
  fi
  remember "$tag"
  log "release $tag is live"
}

# ---- kubernetes --------------------------------------------------------------------------------
deploy_kubernetes() {
  : "${IMAGE:?IMAGE=registry/symphainy:TAG is required for kubernetes}"
  local k=(kubectl -n "$NAMESPACE") rendered
  log "kubernetes $ENV_NAME ($NAMESPACE): release $IMAGE"
  # deploy/k8s with this release's image everywhere, written once and applied in two steps.
  # (kustomization.yaml's resources plus the migration Job; no kustomize binary needed).
  rendered=$(mktemp)
  trap 'rm -f "$rendered"' RETURN
  local manifest
  for manifest in $(sed -n 's/^  - \([a-z0-9.-]*\.yaml\)$/\1/p' "$ROOT/deploy/k8s/kustomization.yaml") \
                  migrate-job.yaml; do
    printf -- '---\n' >>"$rendered"
    sed "s|image: ghcr.io/symphainy/symphainy:.*|image: $IMAGE|" "$ROOT/deploy/k8s/$manifest" >>"$rendered"
  done

  log "configuration (everything but the pods)"
  run kubectl apply -f "$rendered" --selector 'app.kubernetes.io/component notin (app,worker,migrate)'
  log "migrate"
  run "${k[@]}" delete job symphainy-migrate --ignore-not-found --wait=true
  run kubectl apply -f "$rendered" --selector app.kubernetes.io/component=migrate
  if ! run "${k[@]}" wait --for=condition=complete job/symphainy-migrate --timeout="${READY_TIMEOUT}s"; then
    run "${k[@]}" logs job/symphainy-migrate --tail=50 || true
    log "migration failed: nothing was rolled out"
    return 1
  fi

  log "roll out"
  run kubectl apply -f "$rendered" --selector 'app.kubernetes.io/component in (app,worker)'
  if ! run "${k[@]}" rollout status deployment/symphainy-app --timeout="${READY_TIMEOUT}s" \
     || ! run "${k[@]}" rollout status deployment/symphainy-worker --timeout="${READY_TIMEOUT}s" \
     || ! smoke "${SMOKE_URL:-}"; then
    log "release $IMAGE failed its checks: rolling back"
    run "${k[@]}" rollout undo deployment/symphainy-app
    run "${k[@]}" rollout undo deployment/symphainy-worker
    run "${k[@]}" rollout status deployment/symphainy-app --timeout="${READY_TIMEOUT}s" || true
    return 1
  fi
  remember "$IMAGE"
  log "release $IMAGE is live"
}

case "$TARGET" in
  compose) deploy_compose ;;
  kubernetes) deploy_kubernetes ;;
  *) echo "DEPLOY_TARGET must be compose or kubernetes" >&2; exit 2 ;;
esac

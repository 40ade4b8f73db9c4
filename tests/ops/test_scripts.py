"""scripts/: shellcheck-clean, and deploy/rollback/load-secrets/security-scan doing what they say
against a real running platform (the container tools are stand-ins that record their calls)."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.conftest import (
    ROOT,
    free_port,
    platform_env,
    ready,
    running,
    symphainy,
    tool,
    wait_until,
)

SCRIPTS = ROOT / "scripts"
OPS_SCRIPTS = [
    "deploy.sh",
    "rollback.sh",
    "backup.sh",
    "restore.sh",
    "quality-gates.sh",
    "security-scan.sh",
    "load-secrets.sh",
    "ops-lib.sh",
]
# A stand-in for docker/kubectl: records each call (with the image tag compose would use) and
# fails the calls that contain $FAIL_ON.
RECORDER = """#!/bin/sh
echo "SYMPHAINY_IMAGE_TAG=${SYMPHAINY_IMAGE_TAG:-} $(basename "$0") $*" >> "$CALLS"
if [ -n "$FAIL_ON" ]; then case "$*" in *"$FAIL_ON"*) exit 1 ;; esac; fi
exit 0
"""


@pytest.mark.parametrize("name", OPS_SCRIPTS)
def test_script_is_shellcheck_clean_and_strict(name: str) -> None:
    path = SCRIPTS / name
    text = path.read_text(encoding="utf-8")
    if name not in ("ops-lib.sh", "load-secrets.sh"):  # sourced files keep the caller's options
        assert "set -euo pipefail" in text
        assert path.stat().st_mode & stat.S_IXUSR, f"{name} is not executable"
    shellcheck = tool("shellcheck", hint="apt-get install shellcheck")
    result = subprocess.run(
        [shellcheck, "-x", name],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real platform for the deploy scripts' readiness wait and smoke test."""
    tmp = tmp_path_factory.mktemp("platform")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(
        "app", symphainy("serve", "--port", str(port)), platform_env(tmp / "data"), tmp
    ) as app:
        wait_until(lambda: ready(url), 60, "the platform", (app,))
        yield url


@pytest.fixture
def shims(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("docker", "kubectl"):
        (bin_dir / name).write_text(RECORDER)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _deploy(
    script: str, *args: str, shims: Path, tmp_path: Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    calls = tmp_path / "calls.log"
    calls.unlink(missing_ok=True)
    full_env = {
        **os.environ,
        "PATH": f"{shims}:{os.environ['PATH']}",
        "CALLS": str(calls),
        "FAIL_ON": "",
        "DEPLOY_STATE_DIR": str(tmp_path / "state"),
        "READY_TIMEOUT": "3",
        **env,
    }
    result = subprocess.run(
        ["bash", str(SCRIPTS / script), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = calls.read_text().splitlines() if calls.exists() else []
    return result, lines


def test_compose_deploy_migrates_before_rolling_out_and_records_the_release(
    platform: str,
    shims: Path,
    tmp_path: Path,
) -> None:
    result, calls = _deploy(
        "deploy.sh",
        "test",
        shims=shims,
        tmp_path=tmp_path,
        IMAGE="ghcr.io/acme/symphainy:1.1.0",
        SMOKE_URL=platform,
    )
    assert result.returncode == 0, result.stderr
    steps = [
        next(i for i, c in enumerate(calls) if word in c)
        for word in (
            "docker pull ghcr.io/acme/symphainy:1.1.0",
            "symphainy migrate",
            "up -d --no-build --wait app worker",
        )
    ]
    assert steps == sorted(steps), calls
    assert all("compose.test.yml" in c for c in calls if "compose" in c)
    assert (tmp_path / "state" / "compose-test").read_text().strip() == "1.1.0"

    result, _ = _deploy(
        "deploy.sh",
        "test",
        shims=shims,
        tmp_path=tmp_path,
        IMAGE="ghcr.io/acme/symphainy:1.2.0",
        SMOKE_URL=platform,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "state" / "compose-test.previous").read_text().strip() == "1.1.0"

    # rollback.sh goes back to the release before the last good one.
    result, calls = _deploy(
        "rollback.sh", "test", shims=shims, tmp_path=tmp_path, SMOKE_URL=platform
    )
    assert result.returncode == 0, result.stderr
    assert any(
        c.startswith("SYMPHAINY_IMAGE_TAG=1.1.0 docker compose") and "up -d" in c for c in calls
    ), calls


def test_compose_deploy_that_never_gets_ready_rolls_back_to_the_last_good_release(
    platform: str,
    shims: Path,
    tmp_path: Path,
) -> None:
    ok, _ = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        SYMPHAINY_IMAGE_TAG="1.0.0",
        SMOKE_URL=platform,
    )
    assert ok.returncode == 0, ok.stderr
    dead = f"http://127.0.0.1:{free_port()}"
    failed, calls = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        SYMPHAINY_IMAGE_TAG="2.0.0",
        SMOKE_URL=dead,
    )
    assert failed.returncode == 1
    assert "rolling back" in failed.stderr
    assert calls[-1].startswith("SYMPHAINY_IMAGE_TAG=1.0.0 docker compose"), calls
    assert "up -d --no-build app worker" in calls[-1]
    assert (tmp_path / "state" / "compose-prod").read_text().strip() == "1.0.0"


def test_failed_migration_rolls_nothing_out(platform: str, shims: Path, tmp_path: Path) -> None:
    result, calls = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        DEPLOY_TARGET="kubernetes",
        IMAGE="ghcr.io/acme/symphainy:3.0.0",
        FAIL_ON="condition=complete",
        SMOKE_URL=platform,
    )
    assert result.returncode == 1 and "migration failed" in result.stderr
    assert not any("component in (app,worker)" in c for c in calls), calls


def test_kubernetes_deploy_applies_the_release_image_and_undoes_a_failed_rollout(
    platform: str,
    shims: Path,
    tmp_path: Path,
) -> None:
    result, calls = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        DEPLOY_TARGET="kubernetes",
        IMAGE="ghcr.io/acme/symphainy:3.0.0",
        SMOKE_URL=platform,
    )
    assert result.returncode == 0, result.stderr
    order = [
        next(i for i, c in enumerate(calls) if word in c)
        for word in (
            "notin (app,worker,migrate)",
            "component=migrate",
            "condition=complete",
            "component in (app,worker)",
            "rollout status deployment/symphainy-app",
        )
    ]
    assert order == sorted(order), calls

    result, calls = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        DEPLOY_TARGET="kubernetes",
        IMAGE="ghcr.io/acme/symphainy:3.1.0",
        FAIL_ON="rollout status deployment/symphainy-worker",
        SMOKE_URL=platform,
    )
    assert result.returncode == 1
    assert any("rollout undo deployment/symphainy-app" in c for c in calls), calls
    assert any("rollout undo deployment/symphainy-worker" in c for c in calls), calls
    assert (tmp_path / "state" / "kubernetes-prod").read_text().strip().endswith(":3.0.0")


def test_dry_run_prints_the_plan_and_runs_nothing(shims: Path, tmp_path: Path) -> None:
    result, calls = _deploy(
        "deploy.sh",
        "prod",
        shims=shims,
        tmp_path=tmp_path,
        DEPLOY_TARGET="kubernetes",
        IMAGE="ghcr.io/acme/symphainy:4.0.0",
        DRY_RUN="1",
    )
    assert result.returncode == 0, result.stderr
    assert calls == []
    plan = result.stdout
    assert "+ kubectl -n symphainy wait --for=condition=complete job/symphainy-migrate" in plan
    assert not (tmp_path / "state").exists()


def test_load_secrets_passes_secrets_to_the_command_without_printing_them(
    tmp_path: Path,
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    key, url = "k3y-" + "x" * 40, "postgresql+psycopg://u:pa55word@db/symphainy"
    (secrets / "symphainy_secret_key").write_text(key + "\n")
    (tmp_path / "db-url").write_text(url)
    env = {k: v for k, v in os.environ.items() if k not in ("SYMPHAINY_SECRET_KEY", "DATABASE_URL")}
    env["DATABASE_URL_FILE"] = str(tmp_path / "db-url")
    probe = (
        "import hashlib, os; print(hashlib.sha256((os.environ['SYMPHAINY_SECRET_KEY'] "
        "+ os.environ['DATABASE_URL']).encode()).hexdigest())"
    )
    result = subprocess.run(
        [
            "bash",
            "-x",
            str(SCRIPTS / "load-secrets.sh"),
            "--dir",
            str(secrets),
            "--",
            "python3",
            "-c",
            probe,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import hashlib

    assert result.stdout.strip() == hashlib.sha256((key + url).encode()).hexdigest()
    # Even traced with bash -x, neither value appears anywhere in the script's output.
    for secret in (key, "pa55word"):
        assert secret not in result.stdout + result.stderr
    assert "SYMPHAINY_SECRET_KEY from" in result.stderr and "DATABASE_URL from" in result.stderr


def test_security_scan_passes_bandit_and_says_when_the_audit_could_not_run() -> None:
    tool("bandit", hint="pip install bandit")
    result = subprocess.run(
        ["bash", str(SCRIPTS / "security-scan.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "SECURITY_SCAN_STRICT": "0"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "== bandit" in output
    assert (
        "no known vulnerabilities" in output
        or "NOT DONE" in output
        or "pip-audit is not installed" in output
    )

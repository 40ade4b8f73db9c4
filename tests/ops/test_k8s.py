"""Kubernetes manifests: valid for Kubernetes 1.30 (kubernetes-validate --strict, offline
schemas), and wired the way the platform needs: probes, limits, secrets, migrations, HPA."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from symphainy.config import Settings
from tests.ops.conftest import ROOT, tool

K8S = ROOT / "deploy" / "k8s"
MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
KUBERNETES_VERSION = "1.30"
# Read by boto3 (the S3 client), not by Settings.
LIBRARY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"}


def _documents() -> dict[tuple[str, str], dict[str, Any]]:
    docs = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                docs[(doc["kind"], doc["metadata"]["name"])] = doc
    return docs


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    validator = tool("kubernetes-validate", hint="pip install kubernetes-validate")
    return subprocess.run(
        [validator, "--strict", "-k", KUBERNETES_VERSION, "--quiet", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_manifests_are_valid_kubernetes_objects() -> None:
    result = _validate(*MANIFESTS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_an_unknown_field(tmp_path: Path) -> None:
    broken = yaml.safe_load((K8S / "service.yaml").read_text(encoding="utf-8"))
    broken["spec"]["portz"] = broken["spec"].pop("ports")
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken))
    assert _validate(path).returncode != 0


def test_kustomization_lists_every_manifest_but_the_secret_example_and_the_migration() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in MANIFESTS} - {"secret.example.yaml", "migrate-job.yaml"}


def _containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc["spec"]["template"]["spec"]["containers"])


def test_config_and_secret_keys_are_settings_the_platform_reads() -> None:
    docs = _documents()
    fields = set(Settings.model_fields)
    assert set(docs[("ConfigMap", "symphainy-config")]["data"]) <= fields
    secret_keys = set(docs[("Secret", "symphainy-secrets")]["stringData"])
    assert secret_keys <= fields | LIBRARY_VARIABLES
    assert {"SYMPHAINY_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= secret_keys
    assert docs[("ConfigMap", "symphainy-config")]["data"]["SYMPHAINY_INPROCESS_WORKER"] == "false"


@pytest.mark.parametrize("name", ["symphainy-app", "symphainy-worker", "symphainy-migrate"])
def test_pods_run_unprivileged_with_limits_and_secrets_from_the_secret(name: str) -> None:
    docs = _documents()
    doc = docs.get(("Deployment", name)) or docs[("Job", name)]
    pod = doc["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    for container in _containers(doc):
        assert {"cpu", "memory"} <= container["resources"]["limits"].keys()
        assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        sources = {next(iter(s)): next(iter(s.values()))["name"] for s in container["envFrom"]}
        assert sources == {"configMapRef": "symphainy-config", "secretRef": "symphainy-secrets"}
        assert "env" not in container, "settings belong in the ConfigMap or the Secret"


def test_app_probes_use_livez_for_liveness_and_readyz_for_readiness() -> None:
    app = _containers(_documents()[("Deployment", "symphainy-app")])[0]
    assert app["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert app["startupProbe"]["httpGet"]["path"] == "/livez"
    assert app["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert "--no-migrate" in app["command"], "the migration Job migrates, not each pod"


def test_worker_stops_gracefully_within_its_grace_period() -> None:
    from symphainy.core.jobs import WORKER_SHUTDOWN_SECONDS

    worker = _documents()[("Deployment", "symphainy-worker")]
    assert worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > (
        WORKER_SHUTDOWN_SECONDS + 10
    )
    command = _containers(worker)[0]["command"]
    assert command[:2] == ["symphainy", "worker"] and "--metrics-port" in command


def test_autoscalers_and_service_point_at_what_exists() -> None:
    docs = _documents()
    for hpa in (d for (kind, _), d in docs.items() if kind == "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) in docs
        assert "replicas" not in docs[(target["kind"], target["name"])]["spec"]
        assert hpa["spec"]["minReplicas"] >= 1
    service = docs[("Service", "symphainy-app")]
    labels = docs[("Deployment", "symphainy-app")]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    paths = docs[("Ingress", "symphainy")]["spec"]["rules"][0]["http"]["paths"]
    assert any(
        p["path"] == "/" and p["backend"]["service"]["name"] == "symphainy-app" for p in paths
    )

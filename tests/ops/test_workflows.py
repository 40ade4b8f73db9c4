"""security.yml and cd.yml: schema-valid (tests/unit/test_deploy_files.py), and doing what the
runbooks say: each scan present, deploys gated by environments, write access only where needed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.ops.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
USES = re.compile(r"uses:\s*([\w./-]+)@([0-9a-f]{40})\s*#\s*(v[\d.]+)")


def _workflow(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the `on:` key as True.
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return dict(loaded)


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_security_workflow_runs_every_scanner() -> None:
    workflow = _workflow("security.yml")
    runs = {name: _runs(job) for name, job in workflow["jobs"].items()}
    everything = "\n".join(runs.values()) + str(workflow["env"])
    assert "bash scripts/security-scan.sh" in everything
    assert workflow["jobs"]["code-and-dependencies"]["steps"][-1]["env"] == {
        "SECURITY_SCAN_STRICT": "1"
    }
    assert "gitleaks" in everything and "fetch-depth" in str(workflow["jobs"]["secrets"])
    assert "github/codeql-action/analyze" in everything
    assert "trivy" in everything and "--exit-code 1" in runs["image"]
    assert "schedule" in workflow["on"]


def test_only_the_jobs_that_need_it_may_write() -> None:
    for name in ("security.yml", "cd.yml", "ci.yml"):
        for job_name, job in _workflow(name)["jobs"].items():
            granted = {k for k, v in job.get("permissions", {}).items() if v == "write"}
            allowed = {
                ("security.yml", "codeql"): {"security-events"},
                ("cd.yml", "image"): {"packages"},
            }.get((name, job_name), set())
            assert granted <= allowed, f"{name} {job_name} may write {granted - allowed}"


def test_delivery_goes_through_test_before_an_approved_production_deploy() -> None:
    workflow = _workflow("cd.yml")
    assert workflow["on"]["push"] == {"tags": ["v*"]}
    jobs = workflow["jobs"]
    assert jobs["deploy-test"]["environment"]["name"] == "test"
    production = jobs["deploy-production"]
    assert production["environment"]["name"] == "production"
    assert "deploy-test" in production["needs"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    for job, env in (("deploy-test", "test"), ("deploy-production", "prod")):
        run = _runs(jobs[job])
        assert f"bash scripts/deploy.sh {env}" in run
        assert "secrets.KUBE_CONFIG" in str(jobs[job]["steps"][-1]["env"])
        assert 'echo "$KUBE_CONFIG' not in run and "set -x" not in run


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        uses = [line for line in text.splitlines() if "uses:" in line]
        for line in uses:
            match = USES.search(line)
            assert match, f"{path.name}: not pinned by SHA with a version comment: {line.strip()}"
            action = match.group(1).split("/")[0] + "/" + match.group(1).split("/")[1]
            pins.setdefault(action, set()).add((match.group(2), match.group(3)))
    assert all(len(versions) == 1 for versions in pins.values()), pins


def test_scanner_images_are_pinned_by_digest() -> None:
    env = _workflow("security.yml")["env"]
    for name in ("GITLEAKS_IMAGE", "TRIVY_IMAGE"):
        assert re.fullmatch(r"[\w./-]+:[\w.]+@sha256:[0-9a-f]{64}", env[name]), env[name]


def test_workflow_files_exist() -> None:
    assert {p.name for p in WORKFLOWS.glob("*.yml")} >= {"ci.yml", "security.yml", "cd.yml"}
    assert Path(WORKFLOWS / "cd.yml").read_text().count("environment:") == 2

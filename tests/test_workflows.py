"""The GitHub workflows: valid against GitHub's schema, clean under
zizmor's security audit (both run offline), and saying what the project
promises — Pages deployment with least privilege, tests on pull requests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as true
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_workflows_match_githubs_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_the_security_audit():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_actions_are_pinned_to_commits_and_keep_no_credentials(name):
    for step in steps(load(name)):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pages_deploys_main_with_least_privilege():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "write" not in build["permissions"].values()
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    runs = [step.get("run") for step in build["steps"]]
    assert "scripts/build-site" in runs and "scripts/bundle" in runs  # hashed lock installs, as locally
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages", "", "", "actions/upload-pages-artifact", "actions/upload-artifact", "actions/deploy-pages"]
    site_url = next(step["env"]["SITE_URL"] for step in build["steps"] if step.get("run") == "scripts/build-site")
    assert "steps.pages.outputs.base_url" in site_url


def test_pull_requests_run_the_test_suite():
    workflow = load("test.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    runs = [step.get("run") or "" for step in steps(workflow)]
    assert "scripts/test" in runs and any("chromium" in r for r in runs)


def test_the_scripts_the_workflows_run_install_hashed_pins():
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    assert "--require-hashes" in bootstrap
    for script in ("build-site", "bundle"):
        assert "scripts/bootstrap requirements.lock" in (ROOT / "scripts" / script).read_text(encoding="utf-8")

"""The CI definitions for the archive repository are valid YAML and run every step that
publishing depends on, in order: check → tests → both editions → (main) package and Pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github" / "workflows" / "archive.yml"
GITLAB = REPO / ".gitlab-ci.yml"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def commands(steps: list[Any]) -> list[str]:
    """Each line of every ``run`` (GitHub) or script entry (GitLab), in order."""
    out: list[str] = []
    for step in steps:
        text = step.get("run", "") if isinstance(step, dict) else str(step)
        out.extend(line.strip() for line in text.splitlines() if line.strip())
    return out


def position(lines: list[str], command: str) -> int:
    found = [i for i, line in enumerate(lines) if line.startswith(command)]
    assert found, f"no step runs {command!r}"
    return found[0]


# --- GitHub Actions ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return load(GITHUB)


def test_github_runs_on_every_push_and_pull_request(workflow: dict[Any, Any]) -> None:
    triggers = workflow["on"] if "on" in workflow else workflow[True]  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request"}


def test_github_checks_tests_and_builds_both_editions_in_order(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["archive"]
    assert job["container"]["image"].startswith("python:3.11-")
    lines = commands(job["steps"])
    order = [position(lines, c) for c in (
        "python -m pip install --require-hashes --no-deps -r requirements.lock",
        "exemplar check --strict --format github",
        "PYTHONWARNDEFAULTENCODING=1 python -m pytest",
        "exemplar build --edition internal",
        "exemplar build --edition public",
        "exemplar check-site site/",
        "exemplar check-site site-public/",
        "exemplar package --out dist/",
    )]
    assert order == sorted(order)
    assert any("apt-get install" in line and "nginx" in line for line in lines)


def test_github_packages_and_deploys_pages_only_from_main(workflow: dict[Any, Any]) -> None:
    steps = {step.get("uses", "").split("@")[0] or step.get("run"): step for step in workflow["jobs"]["archive"]["steps"]}
    package = next(s for s in steps.values() if s.get("run") == "exemplar package --out dist/")
    assert package["if"] == ON_MAIN
    assert steps["actions/upload-artifact"]["with"]["path"] == "dist/"
    assert steps["actions/upload-artifact"]["if"] == ON_MAIN
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "site-public/"
    assert steps["actions/upload-pages-artifact"]["if"] == ON_MAIN
    pages = workflow["jobs"]["pages"]
    assert pages["if"] == ON_MAIN and pages["needs"] == "archive"
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in pages["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}


# --- GitLab CI -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline() -> dict[str, Any]:
    return load(GITLAB)


def test_gitlab_has_the_four_stages_and_installs_from_the_lock(pipeline: dict[str, Any]) -> None:
    assert pipeline["stages"] == ["check", "test", "build", "pages"]
    assert pipeline["default"]["image"].startswith("python:3.11-")
    assert "python -m pip install --require-hashes --no-deps -r requirements.lock" in pipeline["default"]["before_script"]


def test_gitlab_checks_tests_and_builds_both_editions(pipeline: dict[str, Any]) -> None:
    assert pipeline["check"]["stage"] == "check"
    assert commands(pipeline["check"]["script"]) == ["exemplar check --strict"]  # the text format, for people
    test = commands(pipeline["test"]["script"])
    assert any("apt-get install" in line and "nginx" in line for line in test)
    position(test, "PYTHONWARNDEFAULTENCODING=1 python -m pytest")
    build = commands(pipeline["build"]["script"])
    assert build == ["exemplar build --edition internal", "exemplar build --edition public",
                     "exemplar check-site site/", "exemplar check-site site-public/"]
    assert pipeline["build"]["artifacts"]["paths"] == ["site-public/"]


def test_gitlab_packages_and_publishes_pages_only_from_the_default_branch(pipeline: dict[str, Any]) -> None:
    on_default = [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    package, pages = pipeline["package"], pipeline["pages"]
    assert package["rules"] == on_default and pages["rules"] == on_default
    assert commands(package["script"]) == ["exemplar package --out dist/"]
    assert package["artifacts"]["paths"] == ["dist/"]
    assert pages["stage"] == "pages" and pages["needs"] == ["build"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "mv site-public public" in commands(pages["script"])


CACHED = ("exemplar-cache.sqlite3", "exemplar-images/", "exemplar-templates/", "exemplar-pages/", "exemplar-clean/")
"""Everything a build keeps in .cache/ (GitLab caches only the paths it lists)."""


def test_both_pipelines_keep_the_build_cache_between_runs(workflow: dict[Any, Any], pipeline: dict[str, Any]) -> None:
    cache_steps = [s for s in workflow["jobs"]["archive"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cache_steps and cache_steps[0]["with"]["path"] == ".cache"
    steps = workflow["jobs"]["archive"]["steps"]
    assert steps.index(cache_steps[0]) < next(i for i, s in enumerate(steps) if "exemplar build" in s.get("run", ""))
    kept = pipeline["cache"]["paths"]
    for name in CACHED:
        assert f".cache/{name}" in kept
    assert not (REPO / ".cache").exists() or {p.name for p in (REPO / ".cache").iterdir()} <= {
        "pip", *(name.rstrip("/") for name in CACHED)}


# --- one test command everywhere ---------------------------------------------------------------

TEST_COMMAND = "PYTHONWARNDEFAULTENCODING=1 python -m pytest -q -p no:cacheprovider"
"""What every CI definition and ``scripts/dev.sh test`` run: serially, warnings about a missing
encoding as errors. A definition may add only a report option after it."""
REPORT_OPTIONS = ("--junitxml=",)


def _test_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if "-m pytest" in line]


def _same_command(line: str) -> bool:
    if not line.startswith(TEST_COMMAND):
        return False
    extra = line[len(TEST_COMMAND):].split()
    return all(option.startswith(REPORT_OPTIONS) for option in extra)


def test_the_workflows_ci_and_dev_sh_run_the_same_test_command(workflow: dict[Any, Any],
                                                                pipeline: dict[str, Any]) -> None:
    github = _test_lines(commands(workflow["jobs"]["archive"]["steps"]))
    gitlab = _test_lines(commands(pipeline["test"]["script"]))
    dev_sh = (REPO / "scripts" / "dev.sh").read_text(encoding="utf-8")
    dev = [line.strip().removeprefix("exec env ").replace('"$VENV/bin/python"', "python").removesuffix(' "${@:2}" ;;')
           for line in dev_sh.splitlines() if "-m pytest" in line]
    assert github and gitlab and dev
    for line in (*github, *gitlab, *dev):
        assert _same_command(line), line
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/dev.sh test" in ci_run and "pytest" not in ci_run.replace("README's test command", "")


# --- ProperDocs, the way out of MkDocs 1.x ---------------------------------------------------

PROPERDOCS_LOCK = "python -m pip install --require-hashes --no-deps -r requirements-properdocs.lock"


def check_properdocs_job(lines: list[str], env: dict[str, str]) -> None:
    assert env.get("EXEMPLAR_ENGINE") == "properdocs"
    assert not any("-r requirements.lock" in line for line in lines), "MkDocs' lock file installed in the ProperDocs job"
    order = [position(lines, c) for c in (
        PROPERDOCS_LOCK, "python -m pip install --no-deps -e .",
        "exemplar build --edition internal", "exemplar build --edition public")]
    site_check = [i for i, line in enumerate(lines) if line.startswith(TEST_COMMAND) and line.endswith(" tests/site")]
    assert site_check, "no step checks the built site (tests/site) with the one test command"
    assert order + site_check[:1] == sorted(order + site_check[:1])


def test_github_builds_and_checks_both_editions_with_properdocs_too(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["properdocs"]
    assert job["container"]["image"] == workflow["jobs"]["archive"]["container"]["image"]
    check_properdocs_job(commands(job["steps"]), job["env"])


def test_gitlab_builds_and_checks_both_editions_with_properdocs_too(pipeline: dict[str, Any]) -> None:
    job = pipeline["properdocs"]
    assert job["stage"] == "build"
    check_properdocs_job(commands([*job["before_script"], *job["script"]]), job["variables"])


def test_the_properdocs_lock_has_properdocs_no_mkdocs_and_mkdocs_pins() -> None:
    def pins(name: str) -> dict[str, str]:
        text = (REPO / name).read_text(encoding="utf-8")
        found = dict(line.split(" ", 1)[0].split("==") for line in text.splitlines() if "==" in line and line[:1].isalnum())
        assert all("--hash=sha256:" in text.split(f"{p}=={v}", 1)[1].split("\n", 2)[1] for p, v in found.items()), name
        return found
    mkdocs, properdocs = pins("requirements.lock"), pins("requirements-properdocs.lock")
    assert "properdocs" in properdocs and "mkdocs" not in properdocs and "properdocs" not in mkdocs
    assert mkdocs.keys() - {"mkdocs"} == properdocs.keys() - {"properdocs"}, \
        "requirements-properdocs.lock is stale: bash scripts/dev.sh lock makes both"
    assert {p: v for p, v in mkdocs.items() if p != "mkdocs"} == {p: v for p, v in properdocs.items() if p != "properdocs"}, \
        "both lock files must pin the same versions: bash scripts/dev.sh lock"

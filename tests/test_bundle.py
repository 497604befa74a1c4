"""The offline bundle: `python -m paperarchive.bundle` in a fresh copy of the
project, then the zip unpacked and opened from file:// in chromium with
every http(s) request blocked."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from paperarchive.pipeline import DateRange, generate

from .conftest import ROOT, SEEDS, copy_project, run


def bundle_command(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # The package runs from its checkout (it is not installed): outside of
    # it, Python must be told where it is.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "paperarchive.bundle", *arguments], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A fresh copy of the project (no build_docs.py run) with its bundle built."""
    root = copy_project(tmp_path_factory.mktemp("bundle-project"))
    result = run([sys.executable, "-m", "paperarchive.bundle"], cwd=root)
    assert "dist/archive-offline.zip" in result.stdout
    return root


@pytest.fixture(scope="module")
def unpacked(project: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(project / "dist" / "archive-offline.zip") as archive:
        archive.extractall(target)
    return target / "archive-offline"


def test_bundle_touches_only_its_zip_and_is_reproducible(project: Path):
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["archive-offline.zip"]
    assert not (project / "site").exists(), "the bundle is built in a temporary folder"
    assert not (project / "docs" / ".paperarchive-generated.json").exists(), "docs/ is left alone"
    first = hashlib.sha256((project / "dist" / "archive-offline.zip").read_bytes()).hexdigest()
    run([sys.executable, "-m", "paperarchive.bundle"], cwd=project)
    assert hashlib.sha256((project / "dist" / "archive-offline.zip").read_bytes()).hexdigest() == first


def test_bundle_is_built_for_the_file_system(unpacked: Path):
    index = (unpacked / "index.html").read_text(encoding="utf-8")
    assert 'href="dates/index.html"' in index, "directory URLs off: links name .html files"
    assert "unpkg.com" not in index and "iframe-worker" not in index
    assert "navigation.instant" not in index
    assert (unpacked / "search" / "meta.js").is_file()


@pytest.mark.browser
@pytest.mark.slow
def test_bundle_works_from_file_url_with_the_network_blocked(browser, unpacked: Path):
    context = browser.new_context()
    requested: list[str] = []

    def guard(route):
        requested.append(route.request.url)
        if route.request.url.startswith(("http://", "https://")):
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto((unpacked / "index.html").as_uri())
    page.get_by_role("link", name="标签").first.click()
    page.wait_for_url("**/tags/index.html")
    page.locator("article a", has_text="碳中和").first.click()  # a tag page, by its Chinese file name
    page.wait_for_url("**/tags/keywords/*.html")
    assert page.locator("h1").first.inner_text().startswith("碳中和")
    page.locator("article a", has_text="碳中和路径设计应处理好五大关系").first.click()
    page.wait_for_url("**/articles/**/*.html")

    page.keyboard.press("/")  # search from an article, two folders deep
    page.keyboard.type("江北嘴")
    page.wait_for_selector(".md-search-result__link")
    assert "建设西部金融中心" in page.locator(".md-search-result__link h1").first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/**/*.html")
    assert "建设西部金融中心" in page.locator("h1").first.inner_text()

    assert requested and all(url.startswith("file://") for url in requested), [u for u in requested if not u.startswith("file://")]
    assert not errors
    context.close()


def test_a_date_range_holds_only_its_pages():
    files, diagnostics = generate(SEEDS, DateRange("2022-01-01", "2022-06-30"))
    articles = {rel.split("/")[1] for rel in files if rel.startswith("articles/")}
    assert len(articles) == 1, articles  # one sample page is dated in the first half of 2022
    notes = [str(d) for d in diagnostics if d.level == "info"]
    assert any("1 of 5 pages dated 2022-01-01 – 2022-06-30 kept" in n for n in notes), notes
    assert sum("has no known date" in n for n in notes) == 2, notes


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--from", "2022-13-01"], "'2022-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--from", "2022-07-01", "--to", "2022-01-01"], "--from 2022-07-01 is after --to 2022-01-01"),
        (["--name", "../x"], "use letters, digits"),
    ],
)
def test_bundle_arguments_are_checked(arguments, message, tmp_path):
    result = bundle_command(arguments, tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_bundle_names_a_missing_configuration(tmp_path):
    result = bundle_command([], tmp_path)
    assert result.returncode == 1 and "mkdocs.yml not found" in result.stderr and "--config" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_a_range_with_no_pages_says_so(tmp_path):
    root = copy_project(tmp_path)
    result = bundle_command(["--from", "1990-01-01", "--to", "1990-12-31"], root)
    assert result.returncode == 1 and "no page in" in result.stderr and "is dated 1990-01-01 – 1990-12-31" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (root / "dist").exists()

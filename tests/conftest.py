"""Shared fixtures: the sample pages, their segmentation, a built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from paperarchive.reader import load_manifest, read_page
from paperarchive.site.output import MANIFEST, read_manifest
from paperarchive.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def segmented() -> dict:
    """Every sample page segmented, by file name."""
    manifest, _ = load_manifest(SEEDS)
    return {path.name: segment_page(read_page(path, SEEDS, manifest)) for path in sorted(SEEDS.glob("*.txt"))}


def article_titled(result, fragment: str):
    matches = [a for a in result.articles if fragment in a.title]
    assert len(matches) == 1, f"expected one article titled *{fragment}*, got {[a.title for a in result.articles]}"
    return matches[0]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A copy of the project built end to end: build_docs.py, then
    ``mkdocs build --strict``.  Returns the copy's root."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root)
    return root


def seed_issues(folder: Path, dates: list[str], samples: int = 5) -> None:
    """The first ``samples`` sample pages printed as pages 01… of each
    date's issue of 重庆日报 (dates from the file names)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / "pages.yml", folder / "pages.yml")
    for date in dates:
        for number, sample in enumerate(sorted(SEEDS.glob("*.txt"))[:samples], 1):
            shutil.copy(sample, folder / f"重庆日报_{date}_{number:02d}.txt")


def copy_project(root: Path) -> Path:
    """The files a fresh clone has (configuration, code, seeds, hand-written
    docs) copied into ``root``, nothing generated."""
    for name in ("mkdocs.yml", "build_docs.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("seeds", "paperarchive"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    copy_handwritten_docs(root / "docs")
    return root


def copy_handwritten_docs(target: Path) -> None:
    """docs/ without what build_docs.py generated (listed in its manifest)."""
    generated = set(read_manifest(ROOT / "docs").files) | {MANIFEST}
    for path in sorted((ROOT / "docs").rglob("*")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        if path.is_file() and rel not in generated:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / rel)


def run(command: list[str], cwd: Path, env: dict | None = None, expect: int = 0) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == expect, f"{command} exited with {result.returncode}, not {expect}:\n{result.stdout}\n{result.stderr}"
    return result


# -- a browser on the built site (Playwright driving Debian's chromium) ------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """A web server on localhost for ``directory``; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    with serve(built_site / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()



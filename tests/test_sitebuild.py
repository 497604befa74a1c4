"""The site built incrementally (only pages whose Markdown changed are
rendered again) is the site a full build makes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .conftest import copy_project, run, seed_issues

pytestmark = pytest.mark.slow


def site_tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def sitebuild(root: Path, *args: str) -> str:
    return run([sys.executable, "-m", "paperarchive.sitebuild", *args], cwd=root, env={"PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}).stdout


def test_incremental_site_equals_a_full_build(tmp_path: Path):
    root = copy_project(tmp_path)
    shutil.rmtree(root / "seeds")
    seed_issues(root / "seeds", ["2022-07-01"])
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    assert "full build" in sitebuild(root, "--site-dir", "site", "--previous", "missing")
    searched = {p.name for p in (root / "site" / "search").iterdir() if p.is_dir()}

    seed_issues(root / "seeds", ["2022-07-02"], samples=1)  # a new day: new articles, changed tags and listings
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    previous = site_tree(root / "site")
    assert "incremental build" in sitebuild(root, "--site-dir", "next", "--previous", "site")
    assert site_tree(root / "site") == previous  # unchanged pages are shared as hard links, never written through
    assert any((root / "next" / rel).stat().st_nlink > 1 for rel in previous if rel.startswith("articles/"))
    assert "full build" in sitebuild(root, "--site-dir", "clean")
    incremental, clean = site_tree(root / "next"), site_tree(root / "clean")
    assert sorted(incremental) == sorted(clean)
    assert [rel for rel in clean if incremental[rel] != clean[rel]] == []
    # The search index of the previous build (its folder is gone from docs/) is gone from the site.
    assert not searched & {p.name for p in (root / "next" / "search").iterdir() if p.is_dir()}

    # A change to mkdocs.yml shapes every page: a full build.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: 报纸档案", "site_name: 报纸档案馆"), encoding="utf-8")
    assert "full build" in sitebuild(root, "--site-dir", "renamed", "--previous", "next")
    assert "报纸档案馆" in (root / "renamed" / "articles").rglob("*.html").__next__().read_text(encoding="utf-8")

    # Strict as `mkdocs build --strict`: a broken link fails the incremental build too.
    (root / "docs" / "notes.md").write_text("# 说明\n\n[不存在](missing.md)\n", encoding="utf-8")
    failed = run([sys.executable, "-m", "paperarchive.sitebuild", "--site-dir", "broken", "--previous", "renamed"], cwd=root, env={"PYTHONPATH": str(root)}, expect=1)
    assert "strict mode" in failed.stderr and "missing.md" in failed.stderr

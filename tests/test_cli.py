"""The command line: exit codes, messages, what it writes and what it leaves."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEEDS


def build(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_docs.py"), *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path):
    result = build(["--seeds", "nowhere", "--docs", "out"], tmp_path)
    assert result.returncode == 1
    assert "seeds folder not found" in result.stderr and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_seeds_without_pages_is_a_clear_error(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    result = build(["--seeds", "seeds", "--docs", "out"], tmp_path)
    assert result.returncode == 1 and "no page files" in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_writes_only_inside_docs_and_reports(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    before = tree(tmp_path)
    result = build(["--seeds", "seeds", "--docs", "out/docs"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "5 pages, 26 articles; 31394/31394 characters accounted for, 0 kept as residue" in result.stdout
    after = tree(tmp_path)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed and all(path.startswith("out/docs/") for path in changed)
    docs = tmp_path / "out" / "docs"
    assert len(list((docs / "articles").rglob("*.md"))) == 26
    assert len(list((docs / "pages").glob("*.md"))) == 6  # five pages and the index
    assert (docs / "data" / "articles.jsonl").exists() and (docs / "index.md").exists() and (docs / "report.md").exists()


def test_rebuild_removes_stale_pages_and_keeps_hand_written_files(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert build([], tmp_path).returncode == 0
    docs = tmp_path / "docs"
    (docs / "about.md").write_text("hand-written", encoding="utf-8")
    (docs / "articles" / "notes.md").write_text("mine", encoding="utf-8")
    stale = list((docs / "articles" / "003_8ad9febdc21e1cf6").glob("*.md"))
    (tmp_path / "seeds" / "003_8ad9febdc21e1cf6.txt").unlink()
    result = build([], tmp_path)
    assert result.returncode == 0 and "4 pages, 24 articles" in result.stdout
    assert stale and not any(p.exists() for p in stale)
    assert not (docs / "articles" / "003_8ad9febdc21e1cf6").exists()
    assert (docs / "about.md").read_text(encoding="utf-8") == "hand-written"
    assert (docs / "articles" / "notes.md").read_text(encoding="utf-8") == "mine"


def test_same_input_gives_byte_identical_output(tmp_path: Path):
    """Whatever the file creation order, hash seed or locale."""
    first, second = tmp_path / "a", tmp_path / "b"
    for target, order in ((first, sorted), (second, lambda xs: sorted(xs, reverse=True))):
        (target / "seeds").mkdir(parents=True)
        for path in order(SEEDS.iterdir()):
            shutil.copy(path, target / "seeds" / path.name)
    assert build([], first, {"PYTHONHASHSEED": "1", "LC_ALL": "C"}).returncode == 0
    assert build([], second, {"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8"}).returncode == 0
    assert tree(first / "docs") == tree(second / "docs")


def test_permalinks_survive_adding_a_page(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEEDS / "000_fb5bc286347f2f36.txt", tmp_path / "seeds")
    assert build([], tmp_path).returncode == 0
    first = sorted(p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs" / "articles").rglob("*.md"))
    for path in SEEDS.glob("00[1-4]*.txt"):
        shutil.copy(path, tmp_path / "seeds")
    assert build([], tmp_path).returncode == 0
    second = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs" / "articles").rglob("*.md")}
    assert set(first) <= second and len(second) == 26


def test_explain_shows_units_decisions_and_articles():
    result = subprocess.run([sys.executable, "-m", "paperarchive.explain", str(SEEDS / "000_fb5bc286347f2f36.txt")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "byline" in result.stdout and "new-article score" in result.stdout
    assert "open#1+join" in result.stdout  # the column-flow jump back to the first article
    assert "[photo] 智慧工厂生产忙" in result.stdout


def test_a_rebuild_of_unchanged_inputs_does_nothing_and_says_the_same(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "scan.txt").write_bytes(bytes(range(256)) * 8)  # not a text file
    first = build([], tmp_path)
    before = tree(tmp_path / "docs")
    second = build([], tmp_path)
    assert first.returncode == second.returncode == 3
    assert "nothing changed since the last build" in second.stdout
    assert "scan.txt: error: not a text file" in first.stderr and "scan.txt: error: not a text file" in second.stderr
    assert tree(tmp_path / "docs") == before
    (tmp_path / "seeds" / "scan.txt").unlink()  # any change to the inputs: a real build
    third = build([], tmp_path)
    assert third.returncode == 0 and "nothing changed" not in third.stdout and "scan.txt" not in third.stderr

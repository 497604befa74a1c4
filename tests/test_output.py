"""Writing docs/ all or nothing: a build stages what changed aside, writes a
journal, then moves it in; killed at any moment it leaves the previous
docs/ (or, if killed after the journal, the next run finishes the moves)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperarchive.site import output
from paperarchive.site.output import JOURNAL, MANIFEST, STAGING, OutputError, Staged, Staging, recover, write_tree

from .conftest import ROOT, seed_issues


def visible(docs: Path) -> dict[str, str]:
    """What MkDocs sees: every file not under a dot-name."""
    return {
        p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(docs.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    }


def test_unchanged_files_are_left_as_they_are_and_permissions_are_the_users(tmp_path: Path):
    docs = tmp_path / "docs"
    write_tree(docs, {"articles/a.md": "A", "index.md": "home"})
    inode = (docs / "articles" / "a.md").stat().st_ino
    report = write_tree(docs, {"articles/a.md": "A", "index.md": "new home"})
    assert report.unchanged == ["articles/a.md"] and report.written == ["index.md"]
    assert (docs / "articles" / "a.md").stat().st_ino == inode  # the same file, not written again
    umask = os.umask(0)
    os.umask(umask)
    assert (docs / "index.md").stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in docs.iterdir()) == sorted(["articles", "index.md", MANIFEST, output.LOCK])


def test_a_folder_in_the_way_is_an_error_before_anything_changes(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tags").write_text("my notes", encoding="utf-8")
    with pytest.raises(OutputError, match="docs/tags is in the way"):
        write_tree(docs, {"tags/x.md": "x", "index.md": "home"})
    assert (docs / "tags").read_text(encoding="utf-8") == "my notes" and not (docs / "index.md").exists()


@pytest.mark.parametrize("dies_in", ["_put", "replace"])
def test_a_swap_cut_short_is_finished_by_the_next_run(tmp_path: Path, monkeypatch, dies_in: str):
    docs = tmp_path / "docs"
    write_tree(docs, {"articles/old.md": "old", "tags/t.md": "t", "tags/u.md": "u", "index.md": "old home"})
    (docs / "tags" / "mine.md").write_text("hand-written", encoding="utf-8")
    # Changed files are written in place (_put), new ones renamed in (replace).
    new = {"articles/new.md": "new", "articles/new2.md": "new2", "tags/t.md": "t2", "tags/u.md": "u2", "index.md": "new home"}
    owner = output if dies_in == "_put" else output.os
    real = getattr(owner, dies_in)
    calls = []

    def dying(*args):
        calls.append(args)
        if len(calls) == 2:  # killed after one file was put in place, before the second
            raise KeyboardInterrupt
        real(*args)

    monkeypatch.setattr(owner, dies_in, dying)
    with pytest.raises(KeyboardInterrupt):
        write_tree(docs, new)
    monkeypatch.setattr(owner, dies_in, real)
    assert (docs / JOURNAL).exists()
    assert recover(docs) is True
    assert visible(docs) == visible_of({**new, "tags/mine.md": "hand-written"})
    assert not any((docs / name).exists() for name in (JOURNAL, STAGING))


def test_new_folders_move_in_whole_and_a_move_cut_short_is_finished(tmp_path: Path, monkeypatch):
    """A folder docs/ lacks is renamed in at once (a clean build: a few
    renames, not one per file); killed between two of them, the next run
    finishes from the journal, beside files docs/ already had."""
    docs = tmp_path / "docs"
    write_tree(docs, {"articles/old.md": "old", "index.md": "old home"})
    new = {"articles/old.md": "old", "articles/2022/new.md": "new", "tags/people/甲.md": "甲", "tags/places/乙.md": "乙", "dates/d.md": "d", "index.md": "home"}
    real, renamed = output.os.replace, []

    def dying(source, target):
        renamed.append(os.path.relpath(target, docs))
        if len(renamed) == 3:
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(output.os, "replace", dying)
    with pytest.raises(KeyboardInterrupt):
        write_tree(docs, new)
    monkeypatch.setattr(output.os, "replace", real)
    assert renamed == ["articles/2022", "dates", "tags"], "whole folders, the outermost one docs/ lacks"
    assert recover(docs) is True
    assert visible(docs) == visible_of(new)
    assert not any((docs / name).exists() for name in (JOURNAL, STAGING))


def test_changed_files_are_written_in_place_but_never_through_links(tmp_path: Path):
    docs = tmp_path / "docs"
    write_tree(docs, {"tags/a.md": "A", "tags/b.md": "B", "tags/c.md": "C"})
    inode = (docs / "tags" / "a.md").stat().st_ino
    snapshot = tmp_path / "snapshot-b.md"
    os.link(docs / "tags" / "b.md", snapshot)  # a backup made with cp -al
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("C", encoding="utf-8")
    (docs / "tags" / "c.md").unlink()
    (docs / "tags" / "c.md").symlink_to(elsewhere)  # same content: still ours to replace
    report = write_tree(docs, {"tags/a.md": "A, longer now", "tags/b.md": "B2", "tags/c.md": "C2"})
    assert report.written == ["tags/a.md", "tags/b.md", "tags/c.md"]
    assert (docs / "tags" / "a.md").stat().st_ino == inode  # rewritten in place: no new file
    assert (docs / "tags" / "a.md").read_text(encoding="utf-8") == "A, longer now"
    assert snapshot.read_text(encoding="utf-8") == "B" and (docs / "tags" / "b.md").read_text(encoding="utf-8") == "B2"
    assert elsewhere.read_text(encoding="utf-8") == "C" and not (docs / "tags" / "c.md").is_symlink()
    assert (docs / "tags" / "c.md").read_text(encoding="utf-8") == "C2"
    write_tree(docs, {"tags/a.md": "A"})  # shorter: the rest is cut off
    assert (docs / "tags" / "a.md").read_bytes() == b"A" and sorted(p.name for p in (docs / "tags").iterdir()) == ["a.md"]


def test_a_journal_of_the_previous_version_is_still_finished(tmp_path: Path):
    """An upgrade between a killed build and the next run: the old journal
    (moves only, no pack) is finished as before."""
    docs = tmp_path / "docs"
    write_tree(docs, {"index.md": "old"})
    (docs / STAGING).mkdir()
    (docs / STAGING / "index.md").write_text("new", encoding="utf-8")
    (docs / JOURNAL).write_text('{"moves": ["index.md"], "removes": []}', encoding="utf-8")
    assert recover(docs) is True and (docs / "index.md").read_text(encoding="utf-8") == "new"


def test_a_build_killed_before_the_swap_changes_nothing(tmp_path: Path, monkeypatch):
    docs = tmp_path / "docs"
    write_tree(docs, {"articles/old.md": "old", "index.md": "old home"})
    before = visible(docs)
    monkeypatch.setattr(output, "_apply", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_tree(docs, {"articles/new.md": "new", "index.md": "new home"})
    assert visible(docs) == before  # the staging folder is a dot-name: MkDocs never sees it
    monkeypatch.undo()
    assert recover(docs) is True and visible(docs) == visible_of({"articles/new.md": "new", "index.md": "new home"})


def visible_of(files: dict[str, str]) -> dict[str, str]:
    return {rel: hashlib.sha256(text.encode("utf-8")).hexdigest() for rel, text in sorted(files.items())}


@pytest.mark.slow
def _processes_in(folder: Path, wait: float = 2.0) -> list[int]:
    """Processes whose working folder is ``folder`` (a killed build's
    forked workers), once those dying have had ``wait`` seconds to go."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if Path(os.readlink(entry / "cwd")) == folder:
                        found.append(int(entry.name))
                except OSError:
                    pass  # gone, or not ours to look at
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_sigkill_at_any_moment_leaves_the_previous_or_the_new_docs(tmp_path: Path):
    build = [sys.executable, str(ROOT / "build_docs.py"), "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    old_dates = [f"2022-07-{d:02d}" for d in range(1, 5)]
    new_dates = old_dates + [f"2022-08-{d:02d}" for d in range(1, 5)]
    expected = tmp_path / "expected"
    seed_issues(expected / "seeds", new_dates)
    started = time.perf_counter()
    subprocess.run(build, cwd=expected, env=env, check=True, timeout=300)
    full = time.perf_counter() - started
    new_tree = visible(expected / "docs")

    work = tmp_path / "work"
    seed_issues(work / "seeds", old_dates)
    subprocess.run(build, cwd=work, env=env, check=True, timeout=300)
    old_tree = visible(work / "docs")
    saved = tmp_path / "saved-docs"
    shutil.copytree(work / "docs", saved)
    seed_issues(work / "seeds", new_dates)
    outcomes = []
    for share in (0.2, 0.4, 0.55, 0.7, 0.8, 0.9, 0.95, 1.0):
        shutil.rmtree(work / "docs")
        shutil.copytree(saved, work / "docs")
        process = subprocess.Popen(build, cwd=work, env=env)
        time.sleep(full * share)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert not _processes_in(work), f"killed at {share:.0%}: the build's workers outlived it"
        tree = visible(work / "docs")
        if tree == old_tree:
            outcomes.append("previous")
        elif tree == new_tree:
            outcomes.append("new")
        else:
            assert (work / "docs" / JOURNAL).exists(), f"killed at {share:.0%}: docs/ is neither the previous nor the new build"
            assert recover(work / "docs") and visible(work / "docs") == new_tree
            outcomes.append("finished from the journal")
    assert "previous" in outcomes, outcomes  # the kills did land during the build


def test_files_staged_while_rendering_are_written_as_the_rest(tmp_path: Path):
    """New pages are staged by the process that renders them; the rest
    (changed, or in the way of a file of the user's) go through write_tree
    as before — and a user's file that appears meanwhile is left alone."""
    docs = tmp_path / "docs"
    write_tree(docs, {"index.md": "old home", "tags/t.md": "t"})
    with Staging(docs) as staging:
        staging.open()
        made = staging.stage({"index.md": "home", "articles/a.md": "a", "articles/b.md": "b", "tags/u.md": "u", "\0record": b"line"})
        assert made["index.md"] == "home" and made["\0record"] == b"line"
        assert all(isinstance(made[rel], Staged) for rel in ("articles/a.md", "articles/b.md", "tags/u.md"))
        (docs / "tags" / "u.md").write_text("mine, made meanwhile", encoding="utf-8")
        del made["\0record"]
        report = write_tree(docs, {**made, "tags/t.md": "t"}, staging=staging)
    assert visible(docs) == visible_of({"index.md": "home", "articles/a.md": "a", "articles/b.md": "b", "tags/t.md": "t", "tags/u.md": "mine, made meanwhile"})
    assert [d.file for d in report.diagnostics] == ["docs/tags/u.md"]
    assert not (docs / STAGING).exists()


def test_a_build_that_fails_after_staging_leaves_docs_as_it_was(tmp_path: Path):
    docs = tmp_path / "docs"
    write_tree(docs, {"index.md": "home"})
    with pytest.raises(RuntimeError):
        with Staging(docs) as staging:
            staging.open()
            staging.stage({"articles/a.md": "a"})
            raise RuntimeError("a later stage failed")
    assert visible(docs) == visible_of({"index.md": "home"}) and not (docs / STAGING).exists()
    write_tree(docs, {"index.md": "home 2"})  # the lock was let go
    assert visible(docs) == visible_of({"index.md": "home 2"})

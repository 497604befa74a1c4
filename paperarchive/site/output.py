"""Writing the generated files into ``docs/``: all or nothing, and only ours.

The generator owns only the files it wrote; it records them (with a hash of
each) in ``docs/.paperarchive-generated.json``.  A build never writes into
the live ``docs/``.  It assembles the complete new generated tree in
``docs/.paperarchive-staging/`` — unchanged files are hard links to the
live ones, so this costs little even for a large archive — and then swaps
each top-level generated entry (``articles/``, ``tags/``, ``index.md`` …)
in by two renames.  Killed at any point before the swap, ``docs/`` is the
previous build; the swap itself takes well under a millisecond, and a
journal written just before it lets the next run (``build_docs.py`` or the
MkDocs hook) finish a swap that was cut short.  Folders starting with a dot
are ignored by MkDocs, so neither the staging area nor the journal ever
shows up in the site.

Files the generator did not write are never modified: a hand-written file
inside a generated folder (``docs/tags/about.md``) is carried into the new
tree as a hard link to itself, and a path it would generate that holds such
a file is left alone and reported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..model import Diagnostic

MANIFEST = ".paperarchive-generated.json"
STAGING = ".paperarchive-staging"  # the new tree, assembled before the swap
RETIRED = ".paperarchive-retired"  # the previous tree, between swap and clean-up
JOURNAL = ".paperarchive-swap.json"  # present only while a swap is under way
LOCK = ".paperarchive-lock"


class OutputError(Exception):
    """A problem that stops the build before anything is written."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relative(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] in (STAGING, RETIRED):
        raise OutputError(f"refusing to write outside the docs folder: {rel!r}")
    return path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Manifest:
    """What the generator wrote into docs/ last time, and from which inputs."""

    files: dict[str, str] = field(default_factory=dict)  # relative path → sha256
    inputs: str | None = None  # digest of seeds, dictionaries and code
    summary: dict | None = None  # what the build found (counts, problems), to repeat when nothing changed


def read_manifest(docs: Path) -> Manifest:
    path = docs / MANIFEST
    if not path.exists():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest({str(k): str(v) for k, v in data.get("files", {}).items()}, data.get("inputs"), data.get("summary"))
    except (ValueError, AttributeError, OSError):
        return Manifest()


@contextlib.contextmanager
def _locked(docs: Path, wait: bool = True):
    """One writer of ``docs/`` at a time (POSIX advisory lock).  Yields
    False when ``wait`` is off and another process holds the lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield True
        return
    with open(docs / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(docs: Path) -> bool:
    """Finish a swap that was interrupted (the journal says which entries),
    then clear what a killed build left.  Safe to call at any time; does
    nothing when another process is writing ``docs/``.  Returns True when
    an interrupted swap was completed."""
    if not docs.is_dir() or not any((docs / name).exists() for name in (STAGING, RETIRED, JOURNAL)):
        return False
    with _locked(docs, wait=False) as mine:
        return _recover(docs) if mine else False


def _recover(docs: Path) -> bool:
    completed = False
    journal = docs / JOURNAL
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["entries"]
        except (ValueError, KeyError, OSError):
            entries = []
        _swap(docs, [str(e) for e in entries])
        completed = True
    for leftover in (STAGING, RETIRED):
        shutil.rmtree(docs / leftover, ignore_errors=True)
    journal.unlink(missing_ok=True)
    return completed


def _swap(docs: Path, entries: list[str]) -> None:
    """Move each live entry aside and the staged one in.  Idempotent, so a
    swap cut short can be run again from the journal: an entry already
    moved aside is not moved again, one already swapped in has no staged
    copy left."""
    staging, retired = docs / STAGING, docs / RETIRED
    retired.mkdir(exist_ok=True)
    for entry in entries:
        new, live, old = staging / entry, docs / entry, retired / entry
        if _present(live) and not _present(old):
            os.replace(live, old)
        if _present(new):
            os.replace(new, live)


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def current_manifest(docs: Path, inputs: str) -> Manifest | None:
    """The manifest of ``docs`` when it was generated from exactly these
    inputs and every file it lists is in place — then a build would write
    the same bytes again, and need not run."""
    manifest = read_manifest(docs)
    if manifest.inputs != inputs or manifest.summary is None or any((docs / name).exists() for name in (STAGING, JOURNAL)):
        return None
    present = {(Path(root) / name).relative_to(docs).as_posix() for root, _, names in os.walk(docs) for name in names}
    return manifest if present.issuperset(manifest.files) else None


def write_tree(docs: Path, files: dict[str, str | bytes], inputs: str | None = None, summary: dict | None = None) -> WriteReport:
    """Make the generated part of ``docs`` equal to ``files`` (relative POSIX
    path → content), all at once; ``inputs`` identifies what they were
    generated from, ``summary`` what the build found (kept in the manifest
    with the problems found while writing)."""
    for rel in files:
        _safe_relative(rel)  # before anything is touched
    docs.mkdir(parents=True, exist_ok=True)
    with _locked(docs):
        _recover(docs)
        report, entries = _stage(docs, files, inputs, summary)
        journal = docs / JOURNAL
        _write_file(journal, json.dumps({"entries": entries}, ensure_ascii=False).encode("utf-8"), durable=True)
        _swap(docs, entries)
        journal.unlink()
        shutil.rmtree(docs / RETIRED, ignore_errors=True)
        shutil.rmtree(docs / STAGING, ignore_errors=True)
    return report


def _stage(docs: Path, files: dict[str, str | bytes], inputs: str | None, summary: dict | None) -> tuple[WriteReport, list[str]]:
    """The complete new generated tree in the staging folder; returns what
    changed and the top-level entries to swap."""
    report = WriteReport()
    previous = read_manifest(docs).files
    staging = docs / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    owned: dict[str, str] = {}
    for rel in sorted(files):
        parts = _safe_relative(rel).parts
        live = docs.joinpath(*parts)
        data = files[rel]
        payload = data.encode("utf-8") if isinstance(data, str) else data
        digest = _digest(payload)
        if (live.exists() or live.is_symlink()) and rel not in previous:
            report.diagnostics.append(
                Diagnostic("warning", f"docs/{rel}", "exists and was not generated by this tool, so it was left alone; rename or remove it to let the archive write this page")
            )
            continue
        target = staging.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous.get(rel) == digest and live.is_file() and live.stat().st_size == len(payload) and _link(live, target):
            report.unchanged.append(rel)
        else:
            _write_file(target, payload)
            report.written.append(rel)
        owned[rel] = digest
    # Entries to swap: every top-level name generated now or before (a
    # foreign file at the top level was left out above).
    tops = {PurePosixPath(rel).parts[0] for rel in [*owned, *previous]}
    for top in sorted(tops):
        live = docs / top
        if live.is_symlink() or (live.exists() and not live.is_dir() and top not in previous):
            raise OutputError(f"docs/{top} is in the way of the archive's own {top}/ folder and was not generated by it; move or rename it, then build again")
        if live.is_dir():
            _carry_foreign(live, staging / top, top, previous, owned)
    report.removed = sorted(set(previous) - set(owned))
    record: dict = {"generator": "paperarchive", "inputs": inputs, "files": owned}
    if summary is not None:
        record["summary"] = {**summary, "diagnostics": summary.get("diagnostics", []) + [diagnostic_record(d) for d in report.diagnostics]}
    manifest = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    _write_file(staging / MANIFEST, manifest.encode("utf-8"))
    entries = sorted(tops) + [MANIFEST]
    return report, entries


def diagnostic_record(diagnostic: Diagnostic) -> list:
    return [diagnostic.level, diagnostic.file, diagnostic.message, diagnostic.line, diagnostic.code]


def _carry_foreign(live: Path, staged: Path, top: str, previous: dict[str, str], owned: dict[str, str]) -> None:
    """Files under a generated folder that the generator did not write
    (someone's own page) go into the new tree unchanged, as hard links."""
    for root, _, names in os.walk(live):
        for name in names:
            source = Path(root) / name
            rel = f"{top}/{source.relative_to(live).as_posix()}"
            if rel in previous or rel in owned:
                continue
            target = staged / source.relative_to(live)
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _link(source, target):
                shutil.copy2(source, target)


def _link(source: Path, target: Path) -> bool:
    """A hard link (same file, no copy); False where the file system has
    none (FAT, some network drives), so the caller writes a copy."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _write_file(path: Path, data: bytes, durable: bool = False) -> None:
    # Plain open(): files get the user's usual permissions (umask).
    with open(path, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())

"""Writing the generated files into ``docs/``: all or nothing, and only ours.

The generator owns only the files it wrote; it records them (with a hash of
each) in ``docs/.paperarchive-generated.json``.  A build never writes into
the live ``docs/`` directly.  It first stages every new or changed file in
``docs/.paperarchive-staging/`` (unchanged files are left where they are,
so adding a day to a large archive writes only what changed), then a
journal listing what goes where and what is removed, and only then puts
the staged files in place and removes the stale ones.  Killed before the
journal is written, ``docs/`` is the previous build; killed after, the next
run (``build_docs.py`` or the MkDocs hook) finishes from the journal.
Folders starting with a dot are ignored by MkDocs, so neither the staging
area nor the journal ever shows up in the site.

Changed small files are staged packed into one file and then written over
the live ones in place; new and large ones are staged as files of their
own and renamed in.  Creating a new inode for every changed page and
freeing the old one was most of the time spent writing a day (1,100 tag
pages: 0.3–0.8 s on an ext4 disk, against 0.04 s in place).

Files the generator did not write are never modified: a path it would
generate that holds such a file is left alone and reported, and a file in
the way of one of its folders stops the build before anything changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Diagnostic

MANIFEST = ".paperarchive-generated.json"
STAGING = ".paperarchive-staging"  # new and changed files, written before they move in
PACK = ".paperarchive-pack"  # in the staging folder: the small files, one after another
PACKED_MAX = 1 << 20  # bytes; a larger file costs more to copy twice than to create anew
JOURNAL = ".paperarchive-journal.json"  # the moves and removals, present only while they are under way
LOCK = ".paperarchive-lock"


class OutputError(Exception):
    """A problem that stops the build before anything is written."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relative(rel: str) -> list[str]:
    """The parts of a generated path, refused when it would leave docs/ or
    touch the writer's own files.  Plain string work: at 30,000 files,
    pathlib's parsing took longer than the checks."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or ".." in parts or "" in parts or parts[0] in (STAGING, JOURNAL, MANIFEST, PACK) or os.path.isabs(rel):
        raise OutputError(f"refusing to write outside the docs folder: {rel!r}")
    return parts


def _regular_size(path: str) -> int | None:
    """The size of a regular file (following links), None when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


@dataclass(frozen=True)
class Kept:
    """A generated file that the previous build wrote and this one would
    write again byte for byte (known from the render cache by its digest
    and size): left where it is, neither read nor rewritten — at 10,000
    articles reading the unchanged pages back took a second and held all
    of them in memory."""

    digest: str
    size: int


@dataclass(frozen=True)
class Staged:
    """A new generated file that the process which rendered it already
    wrote into the staging folder (:meth:`Staging.stage`): only its digest
    and size travel on."""

    digest: str
    size: int


def kept_entry(files: "dict[str, str | Staged]") -> dict[str, list]:
    """What a cache keeps of generated files so that :meth:`PreviousBuild.kept`
    can recognise them in docs/ later: each file's digest and size."""
    entry = {}
    for rel, text in files.items():
        if isinstance(text, Staged):
            entry[rel] = [text.digest, text.size]
            continue
        data = text.encode("utf-8")
        entry[rel] = [_digest(data), len(data)]
    return entry


class PreviousBuild:
    """The files the last build wrote into docs/ (its manifest, read once),
    to tell which cache hits are still there: a cache entry keeps each
    file's digest and size, and the file is used only if the manifest and
    the file on disk still agree (else it is made again).  It is not read:
    it stays in docs/ as it is (:class:`Kept`)."""

    def __init__(self, docs: Path | None):
        self.docs = docs
        self._written: dict[str, str] | None = None

    def kept(self, entries: dict[str, dict[str, list]]) -> dict[str, dict[str, Kept]]:
        """``{key: {path: [digest, size]}}`` → the entries whose every file
        is in place, as :class:`Kept` files."""
        if self.docs is None:
            return {}
        if self._written is None:
            self._written = read_manifest(self.docs).files
        written, folder = self._written, str(self.docs)  # os.stat on strings: pathlib's parsing cost a second at 30,000 files
        found = {}
        for key, files in entries.items():
            part = {}
            for rel, (expected, size) in files.items():
                if written.get(rel) != expected or _regular_size(os.path.join(folder, rel)) != size:
                    break
                part[rel] = Kept(expected, size)
            else:
                found[key] = part
        return found


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
    """Finish moving files in where a build was interrupted after writing
    its journal, then clear what a killed build left.  Safe to call at any time; does
    nothing when another process is writing ``docs/``.  Returns True when
    interrupted moves were completed."""
    if not docs.is_dir() or not any((docs / name).exists() for name in (STAGING, JOURNAL)):
        return False
    with _locked(docs, wait=False) as mine:
        return _recover(docs) if mine else False


def _recover(docs: Path) -> bool:
    completed = False
    journal = docs / JOURNAL
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            packed = [(str(rel), int(start), int(size)) for rel, start, size in plan.get("packed", [])]
            _apply(docs, [str(m) for m in plan["moves"]], [str(r) for r in plan["removes"]], packed)
            completed = True
        except (ValueError, KeyError, TypeError, OSError):
            pass  # a journal cut short was never committed: the staging area is dropped
    shutil.rmtree(docs / STAGING, ignore_errors=True)
    journal.unlink(missing_ok=True)
    return completed


def _apply(docs: Path, moves: list[str], removes: list[str], packed: list[tuple[str, int, int]] = ()) -> None:
    """Put the staged files in place and remove the stale ones.  Idempotent,
    so work cut short is finished by running it again from the journal: a
    packed file is written again (same bytes), a file already moved has no
    staged copy left, one already removed is gone."""
    root, staging = str(docs), str(docs / STAGING)
    made: set[str] = set()
    if packed:
        with open(os.path.join(staging, PACK), "rb") as pack:
            for rel, start, size in packed:
                pack.seek(start)
                data = pack.read(size)
                if len(data) != size:
                    raise ValueError(f"the staged pack is shorter than the journal says ({rel})")
                target = os.path.join(root, *rel.split("/"))
                _make_folder(target, made)
                _put(target, data)
    for rel in moves:
        parts = rel.split("/")
        staged = os.path.join(staging, *parts)
        if os.path.lexists(staged):
            # A folder the live docs/ lacks (all of them, in a clean build)
            # moves in whole: the staging area holds nothing but moves, so
            # its files are all in the journal, and a move cut short finds
            # them gone from the staging area, done.  33,000 renames took
            # 0.7 s; the few folders, nothing.
            folder = _missing_folder(root, parts, made)
            if folder is not None:
                os.replace(os.path.join(staging, *folder), os.path.join(root, *folder))
                made.add(os.path.join(root, *folder))
                continue
            target = os.path.join(root, *parts)
            _make_folder(target, made)
            os.replace(staged, target)
    for rel in removes:
        target = docs.joinpath(*rel.split("/"))
        if target.is_file():
            target.unlink()
            _prune_empty_dirs(target.parent, docs)


def _missing_folder(root: str, parts: list[str], made: set[str]) -> list[str] | None:
    """The outermost folder on the way to ``parts`` that is not in ``root``
    (its parent is), or None when all of them are."""
    for depth in range(1, len(parts)):
        folder = os.path.join(root, *parts[:depth])
        if folder in made:
            continue
        if not os.path.lexists(folder):
            return parts[:depth]
        if not os.path.isdir(folder):
            return None  # something else is in the way: the file's own move reports it
        made.add(folder)
    return None


def _occupied(live: str, folders: dict[str, bool]) -> bool:
    """Whether something is at ``live``, looked for only in a folder that
    exists (``folders`` remembers which do): a clean build's 33,000 new
    files need no stat each."""
    folder = os.path.dirname(live)
    exists = folders.get(folder)
    if exists is None:
        exists = folders[folder] = os.path.isdir(folder)
    return exists and os.path.lexists(live)


def _make_folder(path: str, made: set[str]) -> None:
    """Create the folder ``path`` goes in, once per folder (``made``)."""
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _put(target: str, data: bytes) -> None:
    """Make ``target`` hold ``data``: written over in place when it is a
    plain file of its own (no new inode), else written beside it and
    renamed over it — a symbolic link is replaced, not followed, and a file
    with other hard links (a snapshot made with ``cp -al``) is not changed
    under them."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        status = None
    if status is None:
        _write_file(target, data)
    elif stat.S_ISREG(status.st_mode) and status.st_nlink == 1:
        with open(target, "r+b") as handle:
            handle.write(data)
            handle.truncate()
    else:
        beside = os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".paperarchive-new")
        _write_file(beside, data)
        os.replace(beside, target)


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def current_manifest(docs: Path, inputs: str) -> Manifest | None:
    """The manifest of ``docs`` when it was generated from exactly these
    inputs and every file it lists is in place — then a build would write
    the same bytes again, and need not run."""
    manifest = read_manifest(docs)
    if manifest.inputs != inputs or manifest.summary is None or any((docs / name).exists() for name in (STAGING, JOURNAL)):
        return None
    present = {(Path(root) / name).relative_to(docs).as_posix() for root, _, names in os.walk(docs) for name in names}
    return manifest if present.issuperset(manifest.files) else None


def write_tree(docs: Path, files: dict[str, "str | bytes | Kept | Staged"], inputs: str | None = None, summary: dict | None = None, staging: "Staging | None" = None) -> WriteReport:
    """Make the generated part of ``docs`` equal to ``files`` (relative POSIX
    path → content, or :class:`Kept` for a file already there), all at once; ``inputs`` identifies what they were
    generated from, ``summary`` what the build found (kept in the manifest
    with the problems found while writing).  Within an open ``staging``
    session, files it staged while they were made are :class:`Staged`."""
    for rel in files:
        _safe_relative(rel)  # before anything is touched
    if staging is not None:
        staging.open()  # if nothing was rendered, not yet
        return _commit(docs, files, inputs, summary, staging.previous, prepared=True)
    docs.mkdir(parents=True, exist_ok=True)
    with _locked(docs):
        _recover(docs)
        return _commit(docs, files, inputs, summary, read_manifest(docs).files, prepared=False)


def _commit(docs: Path, files: dict[str, "str | bytes | Kept | Staged"], inputs: str | None, summary: dict | None, previous: dict[str, str], prepared: bool) -> WriteReport:
    report, moves, packed = _stage(docs, files, inputs, summary, previous, prepared)
    journal = docs / JOURNAL
    _write_file(journal, json.dumps({"moves": moves, "packed": packed, "removes": report.removed}, ensure_ascii=False).encode("utf-8"), durable=True)
    _apply(docs, moves, report.removed, packed)
    journal.unlink()
    shutil.rmtree(docs / STAGING, ignore_errors=True)
    return report


class Staging:
    """A build's hold on ``docs/`` from before its pages are rendered: once
    :meth:`open`, the lock is taken, what an interrupted build left is
    finished or cleared, and an empty staging folder made, so that the
    processes rendering the pages write each new file there themselves
    (:meth:`stage`) — a clean build's 300 MB then never travels back to
    this process to be written by it.  :func:`write_tree` given the session
    finishes as usual: only the journal makes anything live.  A build that
    fails drops what it staged (unless its journal is written: then the
    next run finishes it).  Opened by the render stage, so a build that
    fails earlier (no pages) leaves no docs/ behind."""

    def __init__(self, docs: Path):
        self.docs = docs
        self._lock = None
        self.previous: dict[str, str] = {}

    def open(self) -> None:
        if self._lock is not None:
            return
        self.docs.mkdir(parents=True, exist_ok=True)
        lock = _locked(self.docs)
        lock.__enter__()
        try:
            _recover(self.docs)
            self.previous = read_manifest(self.docs).files
            (self.docs / STAGING).mkdir()
        except BaseException:
            lock.__exit__(None, None, None)
            raise
        self._lock = lock
        self._root, self._staged_root = str(self.docs), str(self.docs / STAGING)
        self._folders: dict[str, bool] = {}
        self._made: set[str] = set()
        self._owner = os.getpid()

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self._lock is None:
            return
        try:
            if kind is not None and not (self.docs / JOURNAL).exists():
                shutil.rmtree(self.docs / STAGING, ignore_errors=True)
        finally:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def stage(self, files: dict[str, "str | bytes"]) -> dict[str, "str | bytes | Staged"]:
        """``files`` with each file that is new to docs/ written into the
        staging folder and given as :class:`Staged`; the others (changed,
        unchanged, in the way of a file of the user's) as they were, for
        :func:`write_tree` to weigh.  Keys starting with a NUL are not
        files (see ``pipeline.RECORD``)."""
        out: dict[str, "str | bytes | Staged"] = {}
        for rel, data in files.items():
            if rel.startswith("\0") or rel in self.previous:
                out[rel] = data
                continue
            parts = _safe_relative(rel)
            live = os.path.join(self._root, *parts)
            if _occupied(live, self._folders):
                out[rel] = data  # not ours: write_tree leaves it and says so
                continue
            payload = data.encode("utf-8") if isinstance(data, str) else data
            target = os.path.join(self._staged_root, *parts)
            if os.getpid() != self._owner and os.getppid() != self._owner:
                # A worker of a build that is gone (where the kernel does not
                # kill it with its parent: see parallel.die_with_parent).
                raise OutputError("the build stopped while its pages were being written")
            try:
                _make_folder(target, self._made)  # each process keeps its own set
                _write_file(target, payload)
            except OSError as exc:  # in a worker: an error that names the folder travels back
                raise OutputError(f"cannot write to {self.docs}: {exc.strerror or exc} ({rel}); check that the folder is writable and the disk has room") from None
            out[rel] = Staged(_digest(payload), len(payload))
        return out


def _stage(docs: Path, files: dict[str, "str | bytes | Kept | Staged"], inputs: str | None, summary: dict | None, previous: dict[str, str], prepared: bool) -> tuple[WriteReport, list[str], list[tuple[str, int, int]]]:
    """Every new or changed file written into the staging folder (which
    already holds the :class:`Staged` ones when ``prepared``), given what
    the last build wrote (``previous``: its manifest's files, read once
    under the lock); returns what changed, the files to move in and those
    packed (path, offset, size)."""
    report = WriteReport()
    staging = docs / STAGING
    if not prepared:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    root, staged_root = str(docs), str(staging)  # os functions on strings: one stat per file, no pathlib parsing
    owned: dict[str, str] = {}
    moves: list[str] = []
    packed: list[tuple[str, int, int]] = []
    made: set[str] = set()
    for top in sorted({rel.split("/", 1)[0] for rel in files if "/" in rel}):
        live = docs / top
        if live.is_symlink() or (live.exists() and not live.is_dir()):
            raise OutputError(f"docs/{top} is in the way of the archive's own {top}/ folder and was not generated by it; move or rename it, then build again")
    folders: dict[str, bool] = {}  # live folder → whether it exists (see _occupied)
    with open(os.path.join(staged_root, PACK), "wb") as pack:
        for rel in sorted(files):
            parts = _safe_relative(rel)
            live = os.path.join(root, *parts)
            data = files[rel]
            if isinstance(data, Kept):
                if previous.get(rel) != data.digest or _regular_size(live) != data.size:
                    raise OutputError(f"docs/{rel} changed while the archive was being built; build again")
                owned[rel] = data.digest
                report.unchanged.append(rel)
                continue
            if isinstance(data, Staged):  # new, and already in the staging folder
                if _occupied(live, folders):
                    report.diagnostics.append(Diagnostic("warning", f"docs/{rel}", "appeared while the archive was being built and was not generated by this tool, so it was left alone; rename or remove it to let the archive write this page"))
                    continue
                owned[rel] = data.digest
                report.written.append(rel)
                moves.append(rel)
                continue
            payload = data.encode("utf-8") if isinstance(data, str) else data
            if rel not in previous and _occupied(live, folders):
                report.diagnostics.append(
                    Diagnostic("warning", f"docs/{rel}", "exists and was not generated by this tool, so it was left alone; rename or remove it to let the archive write this page")
                )
                continue
            digest = _digest(payload)
            owned[rel] = digest
            if previous.get(rel) == digest and _regular_size(live) == len(payload):
                report.unchanged.append(rel)
                continue
            report.written.append(rel)
            if rel in previous and len(payload) < PACKED_MAX:  # rewritten in place; new files are renamed in
                packed.append((rel, pack.tell(), len(payload)))
                pack.write(payload)
                continue
            target = os.path.join(staged_root, *parts)
            _make_folder(target, made)
            _write_file(target, payload)
            moves.append(rel)
    report.removed = sorted(rel for rel in set(previous) - set(owned) if _regular_size(os.path.join(root, *_safe_relative(rel))) is not None)
    record: dict = {"generator": "paperarchive", "inputs": inputs, "files": owned}
    if summary is not None:
        record["summary"] = {**summary, "diagnostics": summary.get("diagnostics", []) + [diagnostic_record(d) for d in report.diagnostics]}
    # Not indented: indenting runs json's encoder in Python (0.5 s for the
    # 3.5 MB manifest of 10,000 articles).
    _write_file(staging / MANIFEST, (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return report, moves + [MANIFEST], packed


def diagnostic_record(diagnostic: Diagnostic) -> list:
    return [diagnostic.level, diagnostic.file, diagnostic.message, diagnostic.line, diagnostic.code]


def _write_file(path: "Path | str", data: bytes, durable: bool = False) -> None:
    # Plain open(): files get the user's usual permissions (umask).
    with open(path, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())

"""A content-addressed cache of per-page work, so that a rebuild after
adding a day's pages redoes only those pages.

Reading a page is cheap; segmenting and annotating it is not, and both are
pure functions of the page's text and metadata, the dictionaries and the
generator's code.  Their result is stored under a digest of exactly those
inputs, so an entry can never be stale: a changed page, dictionary or
program simply has another key (old entries are dropped at the end of a
build, once there are enough of them).  Corpus-level work is keyed the same
way by everything it reads — an article's keywords by its terms and those
of the archive up to its day, a rendered page by what it shows, a search
segment by its articles — or redone on every build (related stories, the
tag index), so a cached build gives the same files as a clean one.

The store is one SQLite file, ``docs/.paperarchive-cache.sqlite`` (MkDocs
ignores dot-files): a build's new entries go in as they are made, in one
transaction committed at its end, so a killed build leaves the previous
cache intact; read-only for the MkDocs hook, which must not write into the
``docs/`` it watches.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Iterator

FILE_NAME = ".paperarchive-cache.sqlite"
FORMAT = b"paperarchive-cache-1"
STALE_SHARE = 4  # unused entries are dropped when more than 1 in STALE_SHARE


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256(FORMAT)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


class Cache:
    """``kind → key → value`` (pickled).  With no folder, or when the file
    cannot be used, it remembers nothing and the build runs clean."""

    def __init__(self, folder: Path | None = None, readonly: bool = False):
        self.readonly = readonly
        self.used: dict[str, set[str]] = {}
        self.folder = folder  # the docs/ it belongs to
        self._path = folder / FILE_NAME if folder is not None else None
        self._db: sqlite3.Connection | None = None
        # Nothing to find in it (a clean build): stages may skip making keys to look up.
        self.started_empty = self._path is None or not self._path.exists()

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The database, opened on first use (a build that fails early
        leaves no cache file behind); None when there is none to use."""
        if self._db is not None or self._path is None:
            return self._db
        try:
            if not self._path.exists():
                if not create or self.readonly:
                    return None
                self._path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True) if self.readonly else sqlite3.connect(self._path)
            if not self.readonly:
                # No fsync at commit (0.2 s of a day's build at 10,000
                # articles): a crash of the machine may cost the cache, never
                # the site — an unreadable file is a clean build, and every
                # value is what its key says it is, whichever build wrote it.
                self._db.execute("PRAGMA synchronous = OFF")
                self._db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
        except sqlite3.Error:
            self._path, self._db = None, None  # a damaged cache file: build without it
        return self._db

    def _rows(self, columns: str, kind: str, keys: list[str]) -> Iterator[tuple]:
        """``columns`` of the entries of ``keys`` that exist, 500 keys a
        query (SQLite limits a statement's parameters)."""
        db = self._connect(create=False)
        if db is None:
            return
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            yield from db.execute(f"SELECT {columns} FROM entries WHERE kind = ? AND key IN ({','.join('?' * len(batch))})", [kind, *batch])

    def get_many(self, kind: str, keys: list[str]) -> dict[str, object]:
        self.used.setdefault(kind, set()).update(keys)
        found: dict[str, object] = {}
        try:
            for key, value in self._rows("key, value", kind, keys):
                try:
                    found[key] = pickle.loads(value)
                except Exception:  # noqa: BLE001 - an unreadable entry is a miss
                    pass
        except sqlite3.Error:
            return found
        return found

    def present(self, kind: str, keys: list[str]) -> set[str]:
        """Which of ``keys`` have an entry (values not read)."""
        try:
            return {key for (key,) in self._rows("key", kind, keys)}
        except sqlite3.Error:
            return set()

    def put(self, kind: str, key: str, value: object) -> None:
        self.put_pickled(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, kind: str, key: str, value: bytes) -> None:
        """:meth:`put` of a value already pickled.  The entry goes to SQLite
        at once, inside the build's one transaction (so memory does not
        hold every new entry until the end); :meth:`save` commits it, and a
        build that stops before that leaves the cache as it was."""
        self.used.setdefault(kind, set()).add(key)
        db = None if self.readonly else self._connect(create=True)
        if db is not None:
            try:
                db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (kind, key, value))
            except sqlite3.Error:
                pass  # the cache only saves time; a build never fails on it

    def save(self) -> None:
        """Commit the new entries, and drop those this build did not use
        once they are a quarter of the file: deleting a day's worth of
        them (1,400 at 10,000 articles, large values on overflow pages)
        took 0.12 s of every build, and an unused entry is never wrong,
        only stored — the file grows by at most a third."""
        db = None if self.readonly else self._connect(create=True)
        if db is None:
            return
        try:
            with db:
                # The unused keys are found here, not in SQL: SQLite runs a
                # row-value NOT IN (subquery) as a scan of the subquery per
                # row — 9 s for 40,000 entries.
                entries = db.execute("SELECT kind, key FROM entries").fetchall()
                stale = [(kind, key) for kind, key in entries if key not in self.used.get(kind, ())]
                if len(stale) * STALE_SHARE > len(entries):
                    db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", stale)
        except sqlite3.Error:
            pass  # the cache only saves time; a build never fails on it

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

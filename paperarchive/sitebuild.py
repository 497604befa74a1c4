"""``mkdocs build`` of the archive into a new folder — incremental when the
previous site allows it.

    python -m paperarchive.sitebuild --site-dir .site-build [--previous site] [--config mkdocs.yml]

MkDocs renders every page on every build: 4 ms a page, 2½ minutes for
10,000 articles, however little a new day changed.  ``build_docs.py``
rewrites only the Markdown files that changed, so their times say what
needs rendering again: this copies the previous site (times kept) into the
new folder, removes the pages of Markdown files that are gone, and runs
MkDocs' ``dirty`` build, which renders only pages whose source is newer
than their HTML.  Pages of this archive do not depend on each other's
rendering — the navigation holds only the entry points, and every page
that shows another's title is itself rewritten by ``build_docs.py`` when
that title changes — so the result is the site a full build makes
(``tests/test_sitebuild.py`` compares them).

A full build runs instead when there is no previous site, or when anything
else that shapes every page changed: the program, MkDocs or Material,
``mkdocs.yml``, the theme overrides, the site address.  The previous site
records what it was built from in ``.paperarchive-site.json``.

MkDocs warns about every dirty build and strict mode counts that warning,
so here strict mode is kept by counting every *other* warning: the build
fails on a broken link exactly as ``mkdocs build --strict`` does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from .pipeline import code_digest
from .site.output import read_manifest

STAMP = ".paperarchive-site.json"
DIRTY_NOTICE = "A 'dirty' build is being performed"


class SiteBuildError(Exception):
    pass


class _Warnings(logging.Handler):
    """Warnings and errors MkDocs logs, but its notice of a dirty build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(DIRTY_NOTICE):
            self.messages.append(message)


class _DropDirtyNotice(logging.Filter):
    """The notice is for people who run ``--dirty`` by hand; here the
    build is known to be equivalent to a full one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def fingerprint(config) -> str:
    """What shapes every page besides its own source."""
    from importlib.metadata import version

    hasher = hashlib.sha256(code_digest().encode("ascii"))
    hasher.update(f"mkdocs {version('mkdocs')} material {version('mkdocs-material')} {config.site_url or ''}\0".encode("utf-8"))
    hasher.update(Path(config.config_file_path).read_bytes() + b"\0")
    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    if theme is not None and theme.is_dir():
        for path in sorted(p for p in theme.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(path.relative_to(theme).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def source_files(docs: Path) -> list[str]:
    """Every file MkDocs takes from docs/ (dot-files are not published)."""
    return sorted(rel for rel in (p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) if not any(part.startswith(".") for part in rel.split("/")))


def _output_of(rel: str) -> str:
    # use_directory_urls is off for the archive: page.md → page.html.
    return rel[: -len(".md")] + ".html" if rel.endswith(".md") else rel


def _read_stamp(site: Path) -> dict:
    try:
        return json.loads((site / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build(config_file: Path, site: Path, previous: Path | None = None) -> str:
    """Build the site into ``site`` (which must not exist); returns
    "incremental" or "full"."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if site.exists():
        raise SiteBuildError(f"{site} exists; build into a new folder")
    try:
        config = load_config(str(config_file), site_dir=str(site))
    except MkDocsException as exc:
        raise SiteBuildError(f"{config_file}: {exc}") from None
    stamp = {"fingerprint": fingerprint(config), "sources": source_files(Path(config.docs_dir))}
    before = _read_stamp(previous) if previous is not None and previous.is_dir() else {}
    incremental = before.get("fingerprint") == stamp["fingerprint"] and isinstance(before.get("sources"), list)
    if incremental:
        _copy_previous(previous, site, Path(config.docs_dir), stamp["sources"], _pages_from_docs(config))
        for rel in sorted(set(before["sources"]) - set(stamp["sources"])):
            stale = site / _output_of(rel)
            if stale.is_file():
                stale.unlink()
        _remove_empty_folders(site)
    strict, config.strict = config.strict, False  # counted below instead
    warnings = _Warnings()
    notice = logging.getLogger("mkdocs.commands.build")
    quiet = _DropDirtyNotice()
    logging.getLogger("mkdocs").addHandler(warnings)
    notice.addFilter(quiet)
    try:
        mkdocs_build(config, dirty=incremental)
    except MkDocsException as exc:
        raise SiteBuildError(f"the site did not build: {exc}") from None
    except SystemExit as exc:  # MkDocs' Abort
        raise SiteBuildError(f"the site did not build ({exc}); the messages above say why") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        notice.removeFilter(quiet)
    if strict and warnings.messages:
        raise SiteBuildError(f"{len(warnings.messages)} warnings in strict mode (the first: {warnings.messages[0]})")
    (site / STAMP).write_text(json.dumps(stamp, ensure_ascii=False) + "\n", encoding="utf-8")
    return "incremental" if incremental else "full"


def _pages_from_docs(config) -> bool:
    """Whether MkDocs will render the Markdown files of docs/ as they are
    (the hook generates pages in memory when docs/ is not current, and
    those are always rendered again) — the hook's own rule."""
    from .mkdocs_plugin.plugin import uses_docs_as_written
    from .pipeline import BuildError, inputs_digest

    options = config.extra.get("paperarchive") or {}
    seeds = Path(config.config_file_path).parent / options.get("seeds", "seeds")
    try:
        current = inputs_digest(seeds)
    except BuildError:
        return False
    ranged = bool(options.get("date_from") or options.get("date_to"))
    return uses_docs_as_written(options.get("regenerate", "auto"), ranged, read_manifest(Path(config.docs_dir)).inputs, current)


def _copy_previous(previous: Path, site: Path, docs: Path, sources: list[str], link_pages: bool) -> None:
    """The previous site in ``site``, file times kept (the dirty build
    compares them).  A page whose Markdown is older than its HTML — the test
    MkDocs applies (``File.is_modified``), so it will not write it — is hard-
    linked: linking 30,000 such pages takes a second where copying took
    eight.  Every other file is copied, since MkDocs may write it in place
    and the previous site must stay as it was until the new one replaces it."""
    kept: set[str] = set()
    if link_pages:
        for rel in sources:
            if rel.endswith(".md"):
                try:
                    if os.path.getmtime(previous / _output_of(rel)) >= os.path.getmtime(docs / rel):
                        kept.add(_output_of(rel))
                except OSError:
                    pass
    prefix = len(str(previous)) + 1

    def copy(source: str, target: str) -> None:
        if source[prefix:].replace(os.sep, "/") in kept:
            os.link(source, target)
        else:
            shutil.copy2(source, target)

    shutil.copytree(previous, site, copy_function=copy, symlinks=True)


def _remove_empty_folders(site: Path) -> None:
    for folder, _, _ in sorted(os.walk(site), key=lambda entry: -len(entry[0])):
        if folder != str(site) and not os.listdir(folder):
            os.rmdir(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paperarchive.sitebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, required=True, help="new folder to build the site into")
    parser.add_argument("--previous", type=Path, help="the current site, to build incrementally from")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s -  %(message)s", level=logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    started = time.perf_counter()
    try:
        kind = build(args.config, args.site_dir, args.previous)
    except (SiteBuildError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"site: {kind} build in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

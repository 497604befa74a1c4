"""The offline bundle: the archive as a zip that works from ``file://``.

    python -m paperarchive.bundle [--name NAME] [--from DATE] [--to DATE]

builds the site from ``seeds/`` with ``mkdocs.yml``, made for the file
system — Material's ``offline`` plugin on (directory URLs off), no
``site_url`` (so no instant navigation, which needs a server) — checks
that no page loads anything from the network, and writes
``dist/<name>-offline.zip``.  Unzipped anywhere, ``index.html`` opens in a
browser with no network: navigation, tag pages and search all work.

Why no vendored iframe-worker shim: the offline plugin adds it for
Material's search, whose index is read in a Web Worker (and browsers
refuse workers from ``file://``).  The archive's search reads its index
through ``<script>`` tags and runs in the page, so the shim would never be
used; the archive leaves it out (see ``ArchivePlugin.on_config``).

Only ``dist/<name>-offline.zip`` is written: the site is built in a
temporary folder, ``docs/`` and ``site/`` are not touched, and the zip
appears whole or not at all.  The same inputs give a byte-identical zip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Remote resources a page would load by itself (links to other sites are
# fine: nothing is fetched until a reader follows them).
_REMOTE = re.compile(
    r"""<(?:script|img|iframe|audio|video|source|embed)\b[^>]*?\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest|prefetch|preconnect))[^>]*?\bhref=["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)
_CHECKED = (".html", ".css")
# Zip entries carry this time, not the build's: the same inputs give the
# same bytes.  (1980-01-01 is the earliest a zip can hold.)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class BundleError(Exception):
    """The bundle cannot be made; the message says what to fix."""


@dataclass
class Bundle:
    path: Path
    files: int
    bytes: int


def remote_references(site: Path) -> list[str]:
    """``file: what`` for every resource a page of ``site`` would fetch
    from the network by itself."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.suffix in _CHECKED):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _REMOTE.finditer(text):
            found.append(f"{path.relative_to(site).as_posix()}: {text[match.start():match.end() + 60].splitlines()[0]}")
    return found


def write_zip(site: Path, target: Path, folder: str) -> Bundle:
    """Zip ``site`` into ``target`` under ``folder/``, deterministically
    (sorted entries, fixed times and modes), atomically (a temporary file
    renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    paths = sorted(p for p in site.rglob("*") if p.is_file())
    partial = target.with_name(f".{target.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in paths:
                entry = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", _ZIP_TIME)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, path.read_bytes(), compresslevel=9)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Bundle(target, len(paths), target.stat().st_size)


def build_site(config_file: Path, site: Path, site_url: str, date_from: str | None = None, date_to: str | None = None, plugins: list[str] | None = None) -> None:
    """``mkdocs build`` of the archive (of the pages dated ``date_from`` to
    ``date_to``, when given) into ``site``, with ``site_url``; shared by the
    offline bundle and the per-period sites."""
    # Imported here: `--help` and argument errors answer without loading MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file), site_url=site_url, site_dir=str(site), **({"plugins": plugins} if plugins else {}))
        options = dict(config.extra.get("paperarchive") or {})
        if date_from or date_to:
            options.update(date_from=date_from, date_to=date_to)
        config.extra["paperarchive"] = options
        build(config)
    except MkDocsException as exc:
        raise BundleError(f"the site did not build: {exc}") from None
    except SystemExit as exc:  # MkDocs' Abort (strict mode) is a SystemExit
        raise BundleError(f"the site did not build ({exc}); the warnings above say why") from None


def build_bundle(config_file: Path, out: Path, name: str, date_from: str | None = None, date_to: str | None = None) -> Bundle:
    if not config_file.is_file():
        raise BundleError(f"{config_file} not found — run from the archive's folder or pass --config path/to/mkdocs.yml")
    with tempfile.TemporaryDirectory(prefix="paperarchive-bundle-") as temp:
        site = Path(temp) / "site"
        # site_url empty: relative links only, no instant navigation.
        build_site(config_file, site, "", date_from, date_to, plugins=["offline"])
        remote = remote_references(site)
        if remote:
            listed = "\n  ".join(remote[:10])
            raise BundleError(f"pages of the bundle would load from the network — vendor these into docs/ or drop them from mkdocs.yml:\n  {listed}")
        return write_zip(site, out / f"{name}-offline.zip", f"{name}-offline")


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _name(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
        raise argparse.ArgumentTypeError(f"{text!r}: use letters, digits, '.', '_' and '-' (it names a file)")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m paperarchive.bundle",
        description="Build the archive as an offline zip (dist/<name>-offline.zip) that works from file://, search included.",
    )
    parser.add_argument("--name", type=_name, help="bundle name (default: archive, or archive-<from>_<to> for a range)")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="only pages dated on or after this day")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="only pages dated on or before this day")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="folder for the zip (default: dist/)")
    args = parser.parse_args(argv)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        parser.error(f"--from {args.date_from} is after --to {args.date_to}")
    name = args.name or ("archive" if not (args.date_from or args.date_to) else f"archive-{args.date_from or 'start'}_{args.date_to or 'end'}")

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    try:
        bundle = build_bundle(args.config, args.out, name, args.date_from, args.date_to)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{bundle.path}: {bundle.files} files, {bundle.bytes / 1e6:.1f} MB — unzip it and open {name}-offline/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""MkDocs events of the archive.

``mkdocs build`` and ``mkdocs serve`` always show what ``seeds/`` holds now.
When ``docs/`` already holds the output of ``build_docs.py`` for exactly
these inputs (same page files, dictionaries and code: a digest recorded in
``docs/.paperarchive-generated.json``), it is used as is.  Otherwise the
pages are generated in memory and handed to MkDocs as generated ``File``s:
nothing is written into ``docs/``, so the live-reload watcher sees no change
of its own making and a seed edit costs exactly one rebuild.  (A hook that
rewrites every file in ``docs/`` rebuilds forever; one that writes only
changed files settles after two builds.)
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, get_files

from ..cache import Cache
from ..pipeline import BuildError, DateRange, generate, inputs_digest, watched_paths
from ..site.output import Kept, OutputError, read_manifest, recover
from .config import ArchiveConfig

log = logging.getLogger("mkdocs.plugins.paperarchive")


def build_date() -> str:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds):
    two builds of the same inputs on one day are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


# Whitespace that holds a line break, outside <pre>, <textarea>, <script>
# and <style>: Material's templates indent every tag, a fifth of each page
# (about 3 kB, on every one of tens of thousands of pages).  HTML shows such
# a run as one space at most, and a single line break shows the same; only
# ASCII whitespace collapses in HTML (a full-width space does not).
_SQUEEZABLE = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)


def squeeze_whitespace(page: str) -> str:
    out, position = [], 0
    for match in _VERBATIM.finditer(page):
        out.append(_SQUEEZABLE.sub("\n", page[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_SQUEEZABLE.sub("\n", page[position:]))
    return "".join(out)


def uses_docs_as_written(regenerate: str, ranged: bool, written_from: str | None, current: str) -> bool:
    """Whether MkDocs renders docs/ as build_docs.py wrote it (else the hook
    generates the pages in memory): never for a date range; always with
    ``regenerate: never``; with ``auto`` when docs/ was written from the
    current inputs (``written_from``, the manifest's digest)."""
    return not ranged and (regenerate == "never" or (regenerate == "auto" and written_from == current))


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    seeds: Path
    docs: Path
    generated: set[str] = set()  # source paths of the archive's own pages

    def configure(self, options: dict, config_file_path: str | None) -> None:
        errors, warnings = self.load_config(options, config_file_path)
        for key, warning in warnings:
            log.warning(f"mkdocs.yml extra.paperarchive.{key}: {warning}")
        if errors:
            key, error = errors[0]
            raise PluginError(f"mkdocs.yml extra.paperarchive.{key}: {error}")
        for key in ("date_from", "date_to"):
            value = self.config[key]
            try:
                if value is not None:
                    dt.date.fromisoformat(value)
            except ValueError:
                raise PluginError(f"mkdocs.yml extra.paperarchive.{key}: {value!r} is not a date; write it as YYYY-MM-DD") from None
        start, end = self.config.date_from, self.config.date_to
        self.dates = DateRange(start, end) if start or end else None


    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self.seeds = (root / self.config.seeds).resolve()
        self.docs = Path(config.docs_dir).resolve()
        footer = self.config.footer.format(date=build_date())
        config.copyright = f"{config.copyright} · {footer}" if config.copyright else footer
        features = config.theme["features"] = list(config.theme.get("features") or [])
        if self.config.instant and config.site_url and "navigation.instant" not in features:
            features.append("navigation.instant")
        # Material's offline plugin adds the iframe-worker shim from a CDN
        # for its search worker (the hook runs this after it).  The archive's
        # search runs in the page, with no worker: the shim would never be
        # used, and the offline copy must not reach for the network.
        polyfills = config.extra.get("polyfills") or []
        kept = [url for url in polyfills if not ("iframe-worker" in url and url.startswith(("http://", "https://")))]
        if len(kept) != len(polyfills):
            log.info("paperarchive: left out the iframe-worker shim (from a CDN; the archive's search uses no worker)")
            config.extra["polyfills"] = kept
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if recover(self.docs):
            log.warning("paperarchive: finished writing docs/, which an interrupted build_docs.py had left half-written; build again to be sure it is current")
            files = get_files(config)  # MkDocs listed the half-written folder
        manifest = read_manifest(self.docs)
        try:
            current = inputs_digest(self.seeds)
        except BuildError as exc:
            raise PluginError(f"paperarchive: {exc}") from None
        if uses_docs_as_written(self.config.regenerate, self.dates is not None, manifest.inputs, current):
            if manifest.inputs != current:
                log.warning(f"paperarchive: docs/ was generated from other inputs than {self.seeds}; run build_docs.py")
            self.generated = set(manifest.files)
            return files
        started = time.perf_counter()
        try:
            # The cache build_docs.py left, read only: the hook must not
            # write into the docs/ that `mkdocs serve` watches.
            cache = Cache(self.docs, readonly=True)
            try:
                generated, diagnostics = generate(self.seeds, self.dates, cache)
            finally:
                cache.close()
        except (BuildError, OutputError) as exc:
            raise PluginError(f"paperarchive: {exc}") from None
        self.generated = set(generated)
        for rel, content in sorted(generated.items()):
            existing = files.get_file_from_path(rel)
            if isinstance(content, Kept):  # the page build_docs.py wrote is current
                if existing is not None and existing.abs_src_path:
                    continue  # MkDocs reads it from docs/
                content = (self.docs / rel).read_text(encoding="utf-8")
            if existing is not None:
                if rel not in manifest.files and existing.abs_src_path:
                    # Someone's own page: build_docs.py leaves it alone, so do we.
                    log.warning(f"paperarchive: docs/{rel} exists and was not generated by the archive, so it is kept; rename or remove it to let the archive show its page")
                    continue
                files.remove(existing)
            files.append(File.generated(config, rel, content=content))
        for rel in sorted(set(manifest.files) - set(generated)):
            stale = files.get_file_from_path(rel)
            if stale is not None and stale.abs_src_path:
                files.remove(stale)  # generated earlier, no longer part of the archive
        problems = [d for d in diagnostics if d.level in ("warning", "error")]
        log.info(
            f"paperarchive: {len(generated)} pages generated in memory from {self.seeds.name}/ in {time.perf_counter() - started:.1f} s"
            + (f"; {len(problems)} warnings about the input, listed on report.html" if problems else "")
        )
        return files

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        # Material puts a page's title into the HTML unescaped (<title>, the
        # header, the nav): it treats titles as markup.  An archive page's
        # title is a newspaper headline — text that may hold anything — so
        # it is escaped here, for the archive's pages only; the front
        # matter keeps the headline exactly as printed.
        title = page.meta.get("title")
        if isinstance(title, str) and page.file.src_uri in self.generated:
            page.meta["title"] = html.escape(title, quote=True)
        return markdown

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Page files, pages.yml and the user's dictionaries: an edit rebuilds.
        for path in watched_paths(self.seeds):
            server.watch(str(path))
        return server

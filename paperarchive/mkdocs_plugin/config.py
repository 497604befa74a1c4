"""Options of the archive plugin, under ``extra: paperarchive:`` in
``mkdocs.yml`` (MkDocs hooks take no options of their own, and an unknown
top-level key would fail ``--strict``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ArchiveConfig(base.Config):
    # Folder of page texts, relative to mkdocs.yml.
    seeds = c.Type(str, default="seeds")
    # When to generate the archive in memory instead of using the Markdown
    # build_docs.py wrote into docs/:
    #   auto   — when docs/ is missing or older than seeds/ and the code
    #   always — on every build (the docs/ files are never read)
    #   never  — use docs/ as written (a stale docs/ is only reported)
    regenerate = c.Choice(("auto", "always", "never"), default="auto")
    # Material's instant navigation when site_url is set (it needs the
    # sitemap); from file:// and without site_url pages load normally.
    instant = c.Type(bool, default=True)
    # Footer text after the copyright; {date} is the build date.
    footer = c.Type(str, default="构建于 {date}")
    # Only the pages dated in this range (ISO dates, both included; either
    # may be left open) — the offline bundle of a big archive, one year at
    # a time.  Set, the archive is always generated in memory.
    date_from = c.Optional(c.Type(str))
    date_to = c.Optional(c.Type(str))

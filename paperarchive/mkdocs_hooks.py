"""MkDocs hook that puts the archive into the site (``hooks:`` in
``mkdocs.yml``).  MkDocs loads this file by path, so it works from a plain
checkout, like ``build_docs.py``; the events live in
:mod:`paperarchive.mkdocs_plugin.plugin`."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402

from paperarchive.mkdocs_plugin.plugin import ArchivePlugin  # noqa: E402

# One instance per process: MkDocs loads a hook file once, and keeps it
# across the rebuilds of `mkdocs serve`.
_plugin = ArchivePlugin()


# Late, after other plugins' on_config: it undoes what the offline plugin
# adds for Material's search (ArchivePlugin.on_config says why).
@event_priority(-50)
def on_config(config):
    _plugin.configure(dict(config.extra.get("paperarchive") or {}), config.config_file_path)
    return _plugin.on_config(config)


def on_files(files, config):
    return _plugin.on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    return _plugin.on_page_markdown(markdown, page, config, files)


def on_post_page(output, page, config):
    return _plugin.on_post_page(output, page, config)


def on_serve(server, config, builder):
    return _plugin.on_serve(server, config, builder)


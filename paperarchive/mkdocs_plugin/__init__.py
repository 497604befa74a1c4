"""The archive inside MkDocs: pages generated in memory from ``seeds/``.

``config.py`` holds the options, ``plugin.py`` the MkDocs events.  It is
loaded through ``hooks:`` in ``mkdocs.yml`` (``paperarchive/mkdocs_hooks.py``)
so that a plain checkout works without installing the package.
"""

"""A day's new pages, segmented and annotated by a process started with the
build: it loads the dictionaries while this one starts and reads the pages,
then takes the few pages the cache does not have.

On a day added to a large archive, loading the dictionaries and working
through the new pages was most of what this process did before the
archive-wide stages, with the other core idle; forked at the start, the
helper is also small (copy-on-write costs grow with the parent's memory).
A page's segmentation is a pure function of the page, and an article of a
page no correction touches is annotated as segmented (the pipeline keys
such annotations by the page's segmentation inputs), so what the helper
makes is what this process would make.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
from pathlib import Path

from .annotate.resources import jieba_idf
from .cache import FILE_NAME, Cache
from .lexicon import base_tokenizer
from .model import SourcePage
from .parallel import can_fork, die_with_parent, receive_outcome, send_outcome, stop
from .segment import segment_page


def segmented(page: SourcePage) -> bytes:
    """A page's segmentation as the cache keeps it, pickled once where it
    is made: the parent stores these bytes and reads them, instead of
    receiving objects and pickling them again (the page, which it has,
    is left out)."""
    result = segment_page(page)
    return pickle.dumps((result.articles, result.furniture, result.residue, result.accounting, result.diagnostics, result.hidden, result.markup), protocol=pickle.HIGHEST_PROTOCOL)


def _dictionaries_loaded() -> bool:
    return base_tokenizer.cache_info().currsize > 0


class NewPageHelper:
    """The helper process.  :meth:`start` hands it the pages; then
    :meth:`segmented` waits for their segmentations (in page order) and
    :meth:`annotations` for their articles' annotations (article id →
    pickled annotation, with the digest of the dictionaries used).  A
    failure in the helper is raised where its result is asked for;
    :meth:`cancel` stops it when it is not needed."""

    def __init__(self, seeds: Path, cache: Cache | None = None):
        # jieba's IDF table read here first, from the cache: the helper
        # inherits it and never opens the cache itself (a second connection
        # waited up to SQLite's 5 s busy timeout while this one wrote).
        jieba_idf(cache)
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, seeds, os.getpid()), daemon=True)
        self._process.start()
        theirs.close()
        self.started = False  # whether it was given pages

    @classmethod
    def wanted(cls, seeds: Path, cache: Cache) -> "NewPageHelper | None":
        """A helper when it can pay: two cores, fork, a cache to add to (a
        clean build segments every page on all cores anyway), and
        dictionaries not loaded yet in this process (``mkdocs serve``
        keeps them: nothing to overlap)."""
        if not can_fork():
            return None
        if cache.folder is None or not (cache.folder / FILE_NAME).exists() or _dictionaries_loaded():
            return None
        return cls(seeds, cache)

    def start(self, pages: list[SourcePage]) -> None:
        self._connection.send(pages)
        self.started = True

    def _receive(self):
        try:
            return receive_outcome(self._connection, self._process, "the new-page helper")
        except BaseException:
            self.cancel()
            raise

    def segmented(self) -> list[bytes]:
        return self._receive()

    def annotations(self) -> tuple[str, dict[str, bytes]]:
        value = self._receive()
        self._process.join()
        return value

    def cancel(self) -> None:
        stop(self._process, self._connection)


def _serve(connection, seeds: Path, parent: int) -> None:
    die_with_parent(parent)
    with contextlib.suppress(Exception):  # a failure comes again, and is reported, where the pages are segmented
        base_tokenizer()  # the segmentation dictionary, while the parent reads the pages
    try:
        pages = connection.recv()
    except (EOFError, OSError):
        return  # the build stopped listening
    # Segmentations first, wanted first (the parent reads the cache
    # meanwhile); loading the other dictionaries before, even only the IDF
    # table, delayed them.
    succeeded, entries = send_outcome(connection, lambda: [segmented(page) for page in pages])
    if succeeded:
        send_outcome(connection, lambda: _annotations(seeds, pages, entries))


def _annotations(seeds: Path, pages: list[SourcePage], entries: list[bytes]) -> tuple[str, dict[str, bytes]]:
    """The digest of the dictionaries, and each article's pickled annotation."""
    from .annotate import annotate
    from .pipeline import load_resources

    resources, _ = load_resources(seeds)  # jieba's IDF table: inherited (see NewPageHelper)
    annotations = {}
    for page, entry in zip(pages, entries):
        for article in pickle.loads(entry)[0]:
            annotations[article.id] = pickle.dumps(annotate(article, resources, page.meta.city), protocol=pickle.HIGHEST_PROTOCOL)
    return resources.digest, annotations

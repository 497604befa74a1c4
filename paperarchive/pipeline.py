"""The pipeline: read pages → segment → corrections → annotate → keywords →
link → render → search index → write.  Each stage is a module with typed
data handed on; I/O lives here and in :mod:`paperarchive.site.output`.

Per-page and per-article work (segmenting, annotating, rendering) runs on
all cores (:mod:`paperarchive.parallel`) and, where a cache is given, is
looked up by a digest of its inputs first (:mod:`paperarchive.cache`), so a
rebuild after adding a day's pages redoes only those pages plus the
corpus-level stages.  Related stories are found in a forked process while
the search index, which reads none, is made.  Every stage's wall time is
recorded in ``Timings`` (for "link", the time waited for that process).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import hashlib
import pickle
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from .annotate import PARALLEL_MIN, annotate
from .annotate.resources import Resources, build_resources, load_user_dictionary
from .cache import Cache, digest
from .corrections import apply_structure, apply_tags, load_corrections
from .link import Links, choose_keywords, link
from .model import Article, Diagnostic, PageResult, SourcePage
from .new_pages import NewPageHelper, segmented
from .parallel import SharedWork, fork_map, in_background
from .reader import assign_page_keys, find_other_files, find_page_files, load_manifest, read_page
from .segment import verify_accounting
from .site import render
from .site.browse import browse_files
from .site.export import joined_lines, record_line, tags_json
from .site.output import Kept, PreviousBuild, Staged, Staging, WriteReport, current_manifest, diagnostic_record, kept_entry, recover, write_tree
from .site.render import SiteContext
from .site.search_index import start_search_index
from .site.tag_pages import tag_jobs
from .site.urls import article_source, page_source


class Timings:
    """Wall time of each stage, and a hook to show progress of long ones
    (``progress(stage, total)`` returns a function told of work done)."""

    def __init__(self, progress: Callable[[str, int], Callable[[int], None]] | None = None):
        self.stages: dict[str, float] = {}
        self._progress = progress

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def advance(self, name: str, total: int) -> Callable[[int], None] | None:
        return self._progress(name, total) if self._progress and total else None


class BuildError(Exception):
    """The build cannot run; the message says what to fix."""


@dataclass
class Summary:
    """What a build found: counts and every problem with the input."""

    pages: int = 0
    articles: int = 0
    characters: int = 0
    accounted: int = 0
    residue: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def of(cls, results: list[PageResult], diagnostics: list[Diagnostic]) -> "Summary":
        return cls(
            pages=len(results),
            articles=sum(len(r.articles) for r in results),
            characters=sum(r.accounting.total for r in results),
            accounted=sum(r.accounting.accounted for r in results),
            residue=sum(r.accounting.residue for r in results),
            diagnostics=[d for r in results for d in r.diagnostics] + diagnostics,
        )

    def record(self) -> dict:
        return {**{k: getattr(self, k) for k in ("pages", "articles", "characters", "accounted", "residue")}, "diagnostics": [diagnostic_record(d) for d in self.diagnostics]}

    @classmethod
    def from_record(cls, record: dict) -> "Summary":
        diagnostics = [Diagnostic(*row) for row in record.get("diagnostics", [])]
        return cls(**{k: record.get(k, 0) for k in ("pages", "articles", "characters", "accounted", "residue")}, diagnostics=diagnostics)


@dataclass
class BuildResult:
    summary: Summary
    write: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    timings: Timings = field(default_factory=Timings)
    current: bool = False  # docs/ already held this build: nothing was done
    # The build's pages, articles and files, still referenced: a program
    # that exits right after (build_docs.py) need not free them one by one
    # (0.2 s at 10,000 articles); others just drop the result.
    objects: object = field(default=None, repr=False, compare=False)

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return self.summary.diagnostics + ([] if self.current else self.write.diagnostics)


def read_all(seeds: Path) -> tuple[list[SourcePage], list[Diagnostic]]:
    """Every page file of ``seeds``, decoded, and what was wrong with the
    folder.  Files that are not text come back with ``skipped`` set."""
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds} — create it and put one .txt file per newspaper page in it, or pass --seeds DIR")
    files = find_page_files(seeds)
    if not files:
        raise BuildError(f"no page files (*.txt) found in {seeds} — add one text file per newspaper page")
    manifest, diagnostics = load_manifest(seeds)
    diagnostics += [Diagnostic("info", rel, "not read: only *.txt files are pages") for rel in find_other_files(seeds, manifest)]
    pages = [read_page(path, seeds, manifest) for path in files]
    diagnostics += assign_page_keys(pages)
    return pages, diagnostics


def segment_all(seeds: Path, cache: Cache | None = None, timings: Timings | None = None, dates: "DateRange | None" = None, meanwhile: Callable[[], None] | None = None, helper: NewPageHelper | None = None) -> tuple[list[PageResult], list[Diagnostic]]:
    """Every readable page (in ``dates``, when given) segmented; skipped
    files are named in the diagnostics (and, through them, in the build
    report).  ``meanwhile()`` is the caller's own work, done here while a
    day's few new pages are segmented in the background (by ``helper``
    when given)."""
    timings = timings or Timings()
    with timings.stage("read"):
        pages, diagnostics = read_all(seeds)
    diagnostics += [d for page in pages if page.skipped for d in page.diagnostics]
    pages, notes = select_pages([page for page in pages if not page.skipped], dates)
    with timings.stage("segment"):
        pending, left = start_segmenting(pages, cache or Cache(), timings, helper, meanwhile)
    try:
        if left is not None:  # not done during a pool's segmentation: done now, while the few new pages are
            left()
    except BaseException:
        pending.cancel()  # type: ignore[attr-defined]
        raise
    with timings.stage("segment"):
        results = pending()
    return results, diagnostics + notes


def start_segmenting(pages: list[SourcePage], cache: Cache, timings: Timings, helper: NewPageHelper | None = None, meanwhile: Callable[[], None] | None = None) -> tuple[Callable[[], list[PageResult]], Callable[[], None] | None]:
    """Each page segmented, from the cache when its text, metadata and the
    code are unchanged — started: the cached pages are read at once, and a
    day's few new pages segmented by ``helper`` or a forked process
    (which loads the segmentation dictionary) while this one reads the
    others from the cache and does whatever it is given before asking for
    the result (which has a ``cancel()``).  Many pages are segmented by a
    pool, this process doing ``meanwhile()`` and reading back what the
    workers made while they go on; otherwise ``meanwhile`` is handed back,
    for the caller to do before asking."""
    keys = [digest("segment", code_digest(), page.rel_path, repr(page.meta), page.text) for page in pages]
    present = cache.present("segment", keys)
    missing = [page for page, key in zip(pages, keys) if key not in present]
    key_of = dict(zip((id(page) for page in pages), keys))

    def stored(page: SourcePage, entry: bytes) -> PageResult:
        key = key_of[id(page)]
        cache.put_pickled("segment", key, entry)
        return PageResult(page, *pickle.loads(entry), source_digest=key)

    if len(missing) >= SEGMENT_PARALLEL_MIN:
        made = fork_map(segmented, missing, min_items=SEGMENT_PARALLEL_MIN, advance=timings.advance("segment", len(missing)), then=stored, meanwhile=meanwhile)
        meanwhile = None
        pending = lambda: made  # noqa: E731
    elif helper is not None and missing:
        helper.start(missing)  # stopped by the build when done with it
        pending = lambda: [stored(page, entry) for page, entry in zip(missing, helper.segmented())]  # noqa: E731
    elif missing:
        making = in_background(lambda: [segmented(page) for page in missing])
        pending = lambda: [stored(page, entry) for page, entry in zip(missing, making())]  # noqa: E731
        pending.cancel = making.cancel  # type: ignore[attr-defined]
    else:
        pending = lambda: []  # noqa: E731
    cancel = getattr(pending, "cancel", lambda: None)
    try:
        cached = cache.get_many("segment", [key for key in keys if key in present])
    except BaseException:
        cancel()
        raise

    def results() -> list[PageResult]:
        fresh = iter(pending())
        return [
            PageResult(page, *cached[key], source_digest=key) if key in cached
            else next(fresh) if key not in present
            else stored(page, segmented(page))  # an unreadable entry: made again here
            for page, key in zip(pages, keys)
        ]

    results.cancel = cancel  # type: ignore[attr-defined]
    return results, meanwhile


SEGMENT_PARALLEL_MIN = 16  # fewer new pages are segmented in one background process


@dataclass(frozen=True)
class DateRange:
    """Pages dated from ``start`` to ``end`` (ISO dates, both included; an
    open end when None) — for archives too big for one offline bundle."""

    start: str | None = None
    end: str | None = None

    def __str__(self) -> str:
        return f"{self.start or '…'} – {self.end or '…'}"

    def holds(self, date: str | None) -> bool:
        # A page of unknown date belongs to no range: it cannot be placed.
        return date is not None and (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


def select_pages(pages: list[SourcePage], dates: DateRange | None) -> tuple[list[SourcePage], list[Diagnostic]]:
    """The pages in ``dates`` (all without a range) — chosen before any
    work is done on them — and a note of how many were left out; pages of
    unknown date are named, as they are never in."""
    if dates is None:
        return pages, []
    kept = [p for p in pages if dates.holds(p.meta.date)]
    undated = [p.rel_path for p in pages if p.meta.date is None]
    notes = [Diagnostic("info", "", f"{len(kept)} of {len(pages)} pages dated {dates} kept")]
    notes += [Diagnostic("info", rel, f"left out of the range {dates}: the page has no known date (give it one in pages.yml)") for rel in undated]
    return kept, notes


def load_resources(seeds: Path, cache: Cache | None = None) -> tuple[Resources, list[Diagnostic]]:
    """The package's dictionaries with the user's (``dictionary.yml`` and
    those named in ``pages.yml``)."""
    manifest, _ = load_manifest(seeds)
    user, diagnostics = load_user_dictionary(seeds, manifest.dictionaries())
    return build_resources(user, cache), diagnostics


def _annotation_key(article: Article, city: str | None, resources: Resources) -> str:
    """Everything annotation reads of an article (its text, deck, bylines and
    credits), the paper's city, the dictionaries and the code — for articles
    a correction may have changed (the others are keyed by their page's
    segmentation inputs, which make them)."""
    elements = "\n".join(f"{e.role.value}\t{e.text}" for e in article.elements)
    credits = "\n".join(c.text for c in article.credits)
    deck = "\n".join(t or "" for t in (article.kicker, article.title, article.subtitle, article.byline))
    return digest("annotate", code_digest(), resources.digest, city or "", deck, "|".join(article.authors), credits, elements)


def annotate_all(results: list[PageResult], resources: Resources, cache: Cache | None = None, timings: Timings | None = None, keyword_mode: str = "blend", corrected: frozenset[str] = frozenset(), made_elsewhere: Callable[[], tuple[str, dict[str, bytes]]] | None = None) -> None:
    """Annotate every article (a pure function of the article and the
    dictionaries, cached by a digest of both), then choose keywords with
    the archive's statistics as of each article's date.  Articles of pages
    no correction touches (``corrected``: page keys) get their
    :attr:`~.model.Article.fingerprint`: the page's segmentation inputs and
    the annotation's make them all but their keywords.  ``made_elsewhere()``
    gives annotations the new-page helper made (dictionaries' digest,
    article id → pickled annotation), used for such articles only."""
    cache, timings = cache or Cache(), timings or Timings()
    with timings.stage("annotate"):
        jobs = [(article, result.page.meta.city) for result in results for article in result.articles]
        # On a page no correction touches, an article is what its page's
        # segmentation inputs and its id say: the key needs none of its text.
        made = {result.page.meta.key for result in results if result.source_digest and result.page.meta.key not in corrected}
        sources = {article.id: result.source_digest for result in results if result.page.meta.key in made for article in result.articles}
        keys = [
            digest("annotate", code_digest(), resources.digest, city or "", sources[article.id], article.id) if article.id in sources else _annotation_key(article, city, resources)
            for article, city in jobs
        ]
        keys_by_id = {article.id: key for (article, _), key in zip(jobs, keys)}
        cached = cache.get_many("annotate", keys)
        missing = [job for job, key in zip(jobs, keys) if key not in cached]
        for (article, _), key in zip(jobs, keys):
            if key in cached:
                # A copy each: two articles may share an entry (the same
                # story on two corrected pages), but keywords follow each
                # one's own date.
                article.annotation = copy.copy(cached[key])
        for result in results:
            if result.page.meta.key in made:
                for article in result.articles:
                    article.fingerprint = digest("article", result.source_digest, article.id, keys_by_id[article.id])
        # Asked for only now: the helper is still annotating while the
        # cached annotations are put in place.
        elsewhere: dict[str, bytes] = {}
        if missing and made_elsewhere is not None:
            used, helped = made_elsewhere()
            if used == resources.digest:  # as annotated here: keyed by the page's segmentation inputs
                elsewhere = {article.id: helped[article.id] for article, _ in missing if article.id in sources and article.id in helped}

        def stored(job: tuple[Article, str | None], entry: bytes) -> None:
            article = job[0]
            cache.put_pickled("annotate", keys_by_id[article.id], entry)
            article.annotation = pickle.loads(entry)

        for job in missing:
            if job[0].id in elsewhere:
                stored(job, elsewhere[job[0].id])
        here = [job for job in missing if job[0].id not in elsewhere]
        # Pickled in the worker, once, for the cache (as for segmentation),
        # and stored here as the workers go on.
        annotated = lambda job: pickle.dumps(annotate(job[0], resources, job[1]), protocol=pickle.HIGHEST_PROTOCOL)  # noqa: E731
        fork_map(annotated, here, min_items=PARALLEL_MIN, advance=timings.advance("annotate", len(here)), then=stored)
    with timings.stage("keywords"):
        choose_keywords(results, resources, keyword_mode, cache, code_digest())


def generated_files(results: list[PageResult], diagnostics: list[Diagnostic], links: "Links | Callable[[], Links] | None" = None, timings: Timings | None = None, cache: Cache | None = None, staging: Staging | None = None) -> dict[str, "str | bytes | Kept | Staged"]:
    """Every generated file.  ``links`` may be a function that waits for
    them (:func:`~.parallel.in_background`): the search index is started
    first, as it reads no links, and its segments' files are made in the
    background while the pages are rendered; the "link" stage is the
    time waited.
    With an open ``staging`` session, pages new to docs/ are written into
    its staging folder by whichever process renders them."""
    timings = timings or Timings()
    previous = PreviousBuild(cache.folder if cache is not None else None)
    with timings.stage("search index"):
        context = SiteContext.build(results, Links())
        search = start_search_index(context, cache=cache, code=code_digest(), previous=previous)

    def linked() -> SiteContext:
        with timings.stage("link"):
            context.links = (links() if callable(links) else links) or Links()
        return context

    ready = getattr(links, "ready", None) if callable(links) else None
    try:
        files = _render_files(results, diagnostics, context, timings, cache, previous, linked, ready or (lambda: True), staging)
    except BaseException:
        search.cancel()  # type: ignore[attr-defined]
        raise
    with timings.stage("search index"):
        files.update(search())
    return files


def _page_view_files(result: PageResult, context: SiteContext) -> dict[str, str]:
    files = {page_source(result.page.meta.key): render.render_page_view(result, context), **render.render_source_parts(result)}
    for article in result.hidden:
        files[article_source(article)] = render.render_withdrawn(article, result)
    return files


# An article's line of data/articles.jsonl travels with its pages under this
# name (never a file path), with the article's id, so it is made and cached
# with them: the whole dataset written in one job took the longest of all
# on every build.  As
# UTF-8: read from the cache for every article on every build, 60 MB of
# text at 10,000 articles cost 0.07 s to decode and as much to encode again.
RECORD = "\0record"


def _article_files(article: Article, result: PageResult, context: SiteContext) -> dict[str, str]:
    files = {article_source(article): render.render_article(article, result, context)}
    for ident in article.merged_from:  # permalinks of merged articles still answer
        files[render.merged_source(ident, article)] = render.render_merged(ident, article)
    files[RECORD] = (article.id, record_line(article, result, context).encode("utf-8"))  # type: ignore[assignment]
    return files


def _render_files(results: list[PageResult], diagnostics: list[Diagnostic], context: SiteContext, timings: Timings | None = None, cache: Cache | None = None, previous: PreviousBuild | None = None, linked: Callable[[], SiteContext] | None = None, links_ready: Callable[[], bool] = lambda: True, staging: Staging | None = None) -> dict[str, "str | bytes | Kept | Staged"]:
    """Every page of the site but the search index, rendered as independent
    jobs (each a pure function of the link context).  Page views, articles
    and tag pages are taken from the cache when what they read is unchanged
    (adding a day touches some of them).  ``linked()`` waits for the
    context's links; the pages that show none (page views, tag pages, the
    listings) are keyed and rendered here until ``links_ready()``, and
    what is left of them with the articles, on all cores.  A build that
    started with an empty cache looks nothing up: each page is keyed
    where it is rendered."""
    cache, timings = cache or Cache(), timings or Timings()
    previous = previous or PreviousBuild(cache.folder)
    clean = cache.started_empty
    job_files = functools.partial(_render_job, staging=staging)
    if staging is not None:
        try:
            staging.open()
        except OSError as exc:
            raise BuildError(f"cannot write to {staging.docs}: {exc.strerror or exc}") from exc
    with timings.stage("render"):
        tag_listings, tag_terms = tag_jobs(context)
        unlinked = [(lambda result=result: _page_view_files(result, context), lambda result=result: render.page_view_inputs(result, context)) for result in results]
        unlinked += tag_terms
        # Keys in this process, while related stories are found on the other
        # core: in forked workers, start-up and copy-on-write faults cost
        # more than the hashing (21,000 keys at 10,000 articles: 0.54 s on
        # two workers, 0.27 s here) — unless nothing can be found with them.
        if clean:
            unlinked_keys: list = [inputs for _, inputs in unlinked]
            unlinked_cached: dict = {}
        else:
            unlinked_keys = [_render_key(inputs()) for _, inputs in unlinked]
            unlinked_cached = previous.kept(cache.get_many("render", unlinked_keys))
        # Jobs are (render, render-cache key, or what makes it); those made
        # every time have no key.  The tag data first, as the longest.
        always = [
            lambda: {"data/tags.json": tags_json(context)},
            lambda: browse_files(results, context.browse),
            lambda: {"report.md": render.render_report(results, diagnostics)},
            *tag_listings,
        ]
        unlinked_todo = [(job, None) for job in always] + [(job, key) for (job, _), key in zip(unlinked, unlinked_keys) if key not in unlinked_cached]
        # Rendered here while related stories are still being found (the
        # other core is busy with them).
        early: list = []
        while len(early) < len(unlinked_todo) and not links_ready():
            early.append(job_files(unlinked_todo[len(early)]))
    if linked is not None:
        linked()
    with timings.stage("render"):
        # A day's few pages: the rest of these by a helper on the core the
        # linker freed while this process keys the articles, then the
        # articles that changed by both (SharedWork: a pool would leave
        # this process idle).  A clean build's tens of thousands go to a
        # pool, which streams them back (a helper hands back all it made at
        # once) and shows progress.
        rest = unlinked_todo[len(early) :]
        helper = SharedWork(job_files, rest) if len(rest) <= SHARED_RENDER_MAX else None

        def stored(_job: object, made: tuple["str | None", dict]) -> tuple[dict, "tuple[str, bytes] | None"]:
            """A rendered job's files and dataset line, which are put in the
            cache under its key (for a pool's, as the workers go on)."""
            key, part = made
            record = part.pop(RECORD, None)
            if key is not None:
                if record is not None:
                    cache.put("record", key, record[1])
                cache.put("render", key, kept_entry(part))
            return part, record

        try:
            articles = [(a, r) for r in results for a in r.articles]
            if clean:  # what makes each key, for the worker (see _render_job)
                article_keys: list = [lambda a=a, r=r: render.article_inputs(a, r, context) for a, r in articles]
                records: dict = {}
                article_cached: dict = {}
            else:
                article_keys = [_render_key(render.article_inputs(a, r, context)) for a, r in articles]
                records = cache.get_many("record", article_keys)
                # An article page from the cache needs its dataset line from there too.
                article_cached = {key: entry for key, entry in previous.kept(cache.get_many("render", article_keys)).items() if key in records}
            article_todo = [(lambda a=a, r=r: _article_files(a, r, context), key) for (a, r), key in zip(articles, article_keys) if key not in article_cached]
            if helper is not None and len(article_todo) <= SHARED_RENDER_MAX:
                changed = SharedWork(job_files, article_todo)
                try:
                    rendered = [stored(None, done) for done in early + helper.results() + changed.results()]
                except BaseException:
                    changed.cancel()
                    raise
            else:
                late = ([] if helper else rest) + article_todo
                pooled = fork_map(job_files, late, min_items=32, advance=timings.advance("render", len(late)), then=stored)
                rendered = [stored(None, done) for done in early + (helper.results() if helper else [])] + pooled
        except BaseException:
            if helper is not None:
                helper.cancel()
            raise
        files: dict[str, "str | bytes | Kept | Staged"] = {}
        for entry in [*unlinked_cached.values(), *article_cached.values()]:
            files.update(entry)
        article_ids = dict(zip(article_keys, (a.id for a, _ in articles)))
        lines = {article_ids[key]: records[key] for key in article_keys if key in article_cached}
        for part, record in rendered:
            if record is not None:
                ident, lines[ident] = record
            files.update(part)
        files["data/articles.jsonl"] = joined_lines(lines)
        return files


SHARED_RENDER_MAX = 4000  # more pages to render go to a pool (see _render_files)


def _render_job(job: tuple[Callable[[], dict[str, str]], "str | Callable[[], bytes] | None"], staging: Staging | None = None) -> tuple["str | None", dict[str, "str | Staged"]]:
    """A job's render-cache key and files.  A clean build's jobs carry what
    makes their key, not the key: it is made here, in a worker."""
    render_files, key = job
    if callable(key):
        key = _render_key(key())
    files = render_files()
    return key, staging.stage(files) if staging is not None else files


def _render_key(inputs: bytes) -> str:
    """A page's render-cache key: what it reads, with the code."""
    return digest("render", code_digest(), inputs)


_FROZEN_BY_US = False  # whether the last build froze the objects it left (see below)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a build.  The build makes
    millions of long-lived objects (pages, articles, annotations, cache
    entries) and almost no cycles; the collector kept walking them — at
    10,000 articles a third of the time spent loading the cache on an
    incremental build, and 4 s of a clean one, in the workers too (they
    inherit the setting) — while reference counting alone frees what the
    build drops (peak memory unchanged: measured).  The collector's state
    is restored at the end, for long-lived processes (``mkdocs serve``).

    Restored, the collector would at once walk every object the build made
    (all still in its youngest generation: 0.27 s at 10,000 articles), so
    they are frozen first — moved out of its sight; reference counting
    still frees them.  The next build thaws them and collects once, so
    cycles a build left behind in a long-lived process are not kept for
    good."""
    global _FROZEN_BY_US
    enabled = gc.isenabled()
    if enabled and _FROZEN_BY_US:
        gc.unfreeze()
        gc.collect()  # what is left of the last build: cheap once it is dropped
        _FROZEN_BY_US = False
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            _FROZEN_BY_US = True
            gc.enable()


def _run(seeds: Path, dates: DateRange | None = None, cache: Cache | None = None, timings: Timings | None = None, staging: Staging | None = None) -> tuple[list[PageResult], list[Diagnostic], dict[str, str]]:
    cache, timings = cache or Cache(), timings or Timings()
    helper = NewPageHelper.wanted(seeds, cache)
    try:
        return _run_with(seeds, dates, cache, timings, helper, staging)
    finally:
        if helper is not None:
            helper.cancel()  # done, or not needed


def _run_with(seeds: Path, dates: DateRange | None, cache: Cache, timings: Timings, helper: NewPageHelper | None, staging: Staging | None = None) -> tuple[list[PageResult], list[Diagnostic], dict[str, str]]:
    with _collector_paused():
        loaded: list = []

        def load() -> None:  # the dictionaries, while a day's new pages are segmented
            with timings.stage("annotate"):
                loaded.extend(load_resources(seeds, cache))

        results, diagnostics = segment_all(seeds, cache, timings, dates, meanwhile=load, helper=helper)
        if not results and dates is not None:
            raise BuildError(f"no page in {seeds} is dated {dates}; check the range, or the dates in pages.yml")
        with timings.stage("segment"):
            corrections, problems = load_corrections(seeds)
            if dates is not None:  # corrections of pages outside the range are not stale, only elsewhere
                keys = {result.page.meta.key for result in results}
                corrections.articles = {i: c for i, c in corrections.articles.items() if any(i.startswith(key + "-") for key in keys)}
            diagnostics += problems + apply_structure(results, corrections)
            if corrections:  # merges and splits moved spans: every character must still have one place
                diagnostics += [d for result in results for d in verify_accounting(result)]
        resources, more = loaded
        diagnostics += more
        made_elsewhere = helper.annotations if helper is not None and helper.started else None
        annotate_all(results, resources, cache, timings, corrected=corrections.pages(r.page.meta.key for r in results), made_elsewhere=made_elsewhere)
        with timings.stage("keywords"):
            diagnostics += apply_tags(results, corrections)
        # Related stories are found in a forked process while this one makes
        # the search index, which does not depend on them.
        linking = in_background(lambda: link(results, resources))
        try:
            return results, diagnostics, generated_files(results, diagnostics, linking, timings, cache, staging)
        except BaseException:
            linking.cancel()  # type: ignore[attr-defined]
            raise


def generate(seeds: Path, dates: DateRange | None = None, cache: Cache | None = None) -> tuple[dict[str, "str | bytes | Kept"], list[Diagnostic]]:
    """Every generated file of the archive (relative path → content — text,
    or UTF-8 for the dataset —, or
    :class:`Kept` for a page found unchanged in the cache's docs/) and what
    was wrong with the input — nothing is written.  With ``dates``,
    the archive of the pages in that range only."""
    results, diagnostics, files = _run(seeds, dates, cache)
    return files, [d for r in results for d in r.diagnostics] + diagnostics


_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The generator's own code and data: a change re-generates the site
    (and invalidates every cache entry)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".txt", ".yml") and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def watched_paths(seeds: Path) -> list[Path]:
    """Input files outside the page files: the seeds folder itself (pages,
    pages.yml, dictionary.yml) and dictionaries named in pages.yml."""
    manifest, _ = load_manifest(seeds)
    named = [seeds / name for name in manifest.dictionaries()]
    return [seeds] + [p for p in named if seeds not in p.resolve().parents]


def inputs_digest(seeds: Path) -> str:
    """A digest of everything the archive is generated from: every file in
    the seeds folder, dictionaries named in pages.yml, the code."""
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds} — create it and put one .txt file per newspaper page in it")
    digest = hashlib.sha256(code_digest().encode("ascii"))
    files = sorted(p for p in seeds.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(seeds).parts))
    files += [p for p in watched_paths(seeds)[1:] if p.is_file()]
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"unreadable"
        digest.update(str(path.relative_to(seeds) if seeds in path.parents else path).encode("utf-8") + b"\0" + data + b"\0")
    return digest.hexdigest()


def build(seeds: Path, docs: Path, timings: Timings | None = None, use_cache: bool = True) -> BuildResult:
    started = time.perf_counter()
    timings = timings or Timings()
    seeds, docs = seeds.resolve(), docs.resolve()
    if docs == seeds or seeds in docs.parents:
        raise BuildError(f"the docs folder {docs} is inside the seeds folder {seeds}; choose another --docs")
    with timings.stage("read"):
        inputs = inputs_digest(seeds)
        recover(docs)
        current = current_manifest(docs, inputs) if use_cache else None
    if current is not None:  # same inputs, same code: the same files are already there
        return BuildResult(Summary.from_record(current.summary), WriteReport(unchanged=sorted(current.files)), time.perf_counter() - started, timings, current=True)
    cache = Cache(docs if use_cache else None)
    try:
        # Writing too: encoding the manifest set off full collections (0.45 s).
        # docs/ is this build's from before rendering: new pages are staged
        # by the processes that render them (see Staging).
        with _collector_paused(), Staging(docs) as staging:
            results, diagnostics, files = _run(seeds, cache=cache, timings=timings, staging=staging)
            summary = Summary.of(results, diagnostics)
            with timings.stage("write"):
                try:
                    written = write_tree(docs, files, inputs, summary.record(), staging=staging)
                except OSError as exc:
                    raise BuildError(f"cannot write to {docs}: {exc.strerror or exc}") from exc
                cache.save()
    finally:
        cache.close()
    return BuildResult(summary, written, time.perf_counter() - started, timings, objects=(results, files))

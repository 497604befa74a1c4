"""Long listings split into pages.

Listings sorted by count (the tag indexes) are cut into numbered pages
from the top.  Listings of articles or issues, newest first, are cut so
that their older pages never change when news is added
(:func:`archive_pages`): the first page holds the newest items, and the
rest are blocks counted from the *oldest* — block 1 is the first
``per_page`` items ever listed, block 2 the next, and so on.  A new day
then rewrites the first page of each listing it touches (and, when enough
has accumulated, adds one block), not every page of every listing: cut
from the top, one article more shifted all 1,137 pages of the place tags.

The first page keeps the listing's own path (``tags/places/重庆.md``), so
links to a tag, column or index never change; the other pages live beside
it in a folder of the same name (``tags/places/重庆/2.md``).  A tag file
name never contains ``/``, so these paths cannot collide with another
listing's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .markup import md_text
from .urls import link

T = TypeVar("T")

ARTICLES_PER_PAGE = 50
TERMS_PER_PAGE = 200


def page_sources(first: str, total_items: int, per_page: int) -> list[str]:
    """Source paths of every page of a listing cut from the top (at least
    one)."""
    count = max(1, math.ceil(total_items / per_page))
    stem = first[: -len(".md")]
    return [first] + [f"{stem}/{n}.md" for n in range(2, count + 1)]


def pager(here: str, sources: list[str], number: int) -> list[str]:
    """Markdown lines of a ``上一页 · 第 2/5 页 · 下一页`` bar (empty when
    the listing has one page)."""
    if len(sources) <= 1:
        return []
    parts = []
    if number > 1:
        parts.append(f"[{md_text('← 上一页')}]({link(here, sources[number - 2])})")
    parts.append(md_text(f"第 {number}/{len(sources)} 页"))
    if number < len(sources):
        parts.append(f"[{md_text('下一页 →')}]({link(here, sources[number])})")
    if number > 2:
        parts.insert(0, f"[{md_text('第一页')}]({link(here, sources[0])})")
    return [" · ".join(parts), "{: .pa-pager }", ""]


def paginate(
    first: str,
    items: Sequence[T],
    per_page: int,
    render: Callable[[str, Sequence[T], list[str], int], str],
) -> dict[str, str]:
    """Render ``items`` over as many pages as needed, cut from the top.
    ``render(here, chunk, pager_lines, number)`` returns one page's
    Markdown."""
    sources = page_sources(first, len(items), per_page)
    files = {}
    for number, here in enumerate(sources, 1):
        chunk = items[(number - 1) * per_page : number * per_page]
        files[here] = render(here, chunk, pager(here, sources, number), number)
    return files


@dataclass(frozen=True)
class ArchivePage:
    source: str
    items: range  # positions in the newest-first listing
    block: int  # 0 for the first page, else its number counted from the oldest


def archive_pages(first: str, total: int, per_page: int) -> list[ArchivePage]:
    """The pages of a newest-first listing of ``total`` items, newest page
    first: the first page takes the newest items that do not fill the
    blocks below it (``per_page`` to ``2 × per_page − 1`` of them, or all
    when fewer), each block exactly ``per_page`` older ones."""
    blocks = max(0, total // per_page - 1)
    head = total - blocks * per_page
    stem = first[: -len(".md")]
    pages = [ArchivePage(first, range(0, head), 0)]
    for block in range(blocks, 0, -1):
        end = total - (block - 1) * per_page
        pages.append(ArchivePage(f"{stem}/{block}.md", range(end - per_page, end), block))
    return pages


def archive_pager(here: str, pages: list[ArchivePage], position: int, label: str) -> list[str]:
    """``最新 · ← 较新 · 2015-01-01 至 2015-03-10 · 较早 → · 最早``: links to
    the neighbouring and end pages, and this page's own label — never the
    number of pages, which would change every page as the listing grows."""
    if len(pages) <= 1:
        return []
    parts = []
    if position > 1:
        parts.append(f"[{md_text('最新')}]({link(here, pages[0].source)})")
    if position > 0:
        parts.append(f"[{md_text('← 较新')}]({link(here, pages[position - 1].source)})")
    parts.append(md_text(label))
    if position < len(pages) - 1:
        parts.append(f"[{md_text('较早 →')}]({link(here, pages[position + 1].source)})")
    if position < len(pages) - 2:
        parts.append(f"[{md_text('最早')}]({link(here, pages[-1].source)})")
    return [" · ".join(parts), "{: .pa-pager }", ""]


def paginate_archive(
    first: str,
    items: Sequence[T],
    per_page: int,
    render: Callable[[str, Sequence[T], list[str], str | None], str],
    date_of: Callable[[T], str | None],
) -> dict[str, str]:
    """Render a newest-first listing over :func:`archive_pages`.
    ``render(here, chunk, pager_lines, label)`` returns one page's Markdown;
    ``label`` is None for the first page, else the dates the block spans
    (``2015-01-01 至 2015-03-10``)."""
    return {job.source: job.render() for job in archive_page_jobs(first, items, per_page, render, date_of)}


@dataclass
class PageJob:
    """One page of a listing, to render on its own: what it shows besides
    its items (``shown``: label and pager) lets a cache tell whether it
    changed."""

    source: str
    items: Sequence
    shown: tuple
    render: Callable[[], str]


def archive_page_jobs(
    first: str,
    items: Sequence[T],
    per_page: int,
    render: Callable[[str, Sequence[T], list[str], str | None], str],
    date_of: Callable[[T], str | None],
) -> list[PageJob]:
    """:func:`paginate_archive` as one job per page."""
    pages = archive_pages(first, len(items), per_page)
    jobs = []
    for position, page in enumerate(pages):
        chunk = items[page.items.start : page.items.stop]
        label = None if not page.block else _span(chunk, date_of) or f"第 {page.block} 组"
        pager_lines = archive_pager(page.source, pages, position, label or "最新")
        jobs.append(PageJob(page.source, chunk, (label, tuple(pager_lines)), lambda here=page.source, chunk=chunk, lines=pager_lines, label=label: render(here, chunk, lines, label)))
    return jobs


def _span(chunk: Sequence[T], date_of: Callable[[T], str | None]) -> str:
    dates = sorted(d for d in map(date_of, chunk) if d)
    if not dates:
        return ""
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} 至 {dates[-1]}"


def neighbours_bar(here: str, previous: tuple[str, str] | None, following: tuple[str, str] | None) -> list[str]:
    """``← 上一期 2022-07-03 · 下一期 2022-07-05 →``: links to the item
    before and after this one, each given as (label, source)."""
    steps = []
    if previous:
        steps.append(f"[{md_text('← ' + previous[0])}]({link(here, previous[1])})")
    if following:
        steps.append(f"[{md_text(following[0] + ' →')}]({link(here, following[1])})")
    return [" · ".join(steps), "{: .pa-pager }", ""] if steps else []

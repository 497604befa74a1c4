"""Long listings split into numbered pages.

Page 1 keeps the listing's own path (``tags/places/重庆.md``), so links to a
tag, column or index never change; later pages live beside it in a folder of
the same name (``tags/places/重庆/2.md``).  A tag file name never contains
``/``, so these paths cannot collide with another listing's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from .markup import md_text
from .urls import link

T = TypeVar("T")

ARTICLES_PER_PAGE = 50
TERMS_PER_PAGE = 200


def page_sources(first: str, total_items: int, per_page: int) -> list[str]:
    """Source paths of every page of a listing (at least one)."""
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
    """Render ``items`` over as many pages as needed.  ``render(here, chunk,
    pager_lines, number)`` returns one page's Markdown."""
    sources = page_sources(first, len(items), per_page)
    files = {}
    for number, here in enumerate(sources, 1):
        chunk = items[(number - 1) * per_page : number * per_page]
        files[here] = render(here, chunk, pager(here, sources, number), number)
    return files


def neighbours_bar(here: str, previous: tuple[str, str] | None, following: tuple[str, str] | None) -> list[str]:
    """``← 上一期 2022-07-03 · 下一期 2022-07-05 →``: links to the item
    before and after this one, each given as (label, source)."""
    steps = []
    if previous:
        steps.append(f"[{md_text('← ' + previous[0])}]({link(here, previous[1])})")
    if following:
        steps.append(f"[{md_text(following[0] + ' →')}]({link(here, following[1])})")
    return [" · ".join(steps), "{: .pa-pager }", ""] if steps else []

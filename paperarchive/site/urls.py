"""Where each generated page lives.  Paths are ASCII only (page keys and
article hashes), so they work unchanged on GitHub Pages and from ``file://``;
``mkdocs.yml`` sets ``use_directory_urls: false`` so a page is a real
``.html`` file in both places and permalinks are the same online and offline.
"""

from __future__ import annotations

from ..model import Article


def article_source(article: Article) -> str:
    """``articles/<page key>/<hash>.md`` — the id is ``<page key>-<hash>``."""
    suffix = article.id[len(article.page_key) + 1 :]
    return f"articles/{article.page_key}/{suffix}.md"


def article_url(article: Article) -> str:
    return article_source(article)[: -len(".md")] + ".html"


def page_source(page_key: str) -> str:
    return f"pages/{page_key}.md"


def link(from_source: str, to_source: str, anchor: str | None = None) -> str:
    """Relative Markdown link between two generated sources (MkDocs turns
    ``.md`` links into the right URLs and checks them in strict mode).
    Both are clean relative POSIX paths, so this is string work only
    (``posixpath.relpath`` asks the OS for the working directory on every
    call: a quarter of the site's render time at 10,000 articles)."""
    here = from_source.split("/")[:-1]
    there = to_source.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return f"{rel}#{anchor}" if anchor else rel


# Browse pages.  Dates are ISO (YYYY-MM-DD), so these paths are ASCII too.
DATES_INDEX = "dates/index.md"
UNDATED = "dates/undated.md"
COLUMNS_INDEX = "columns/index.md"
PAGES_INDEX = "pages/index.md"


def day_source(date: str) -> str:
    return f"dates/{date}.md"


def month_source(month: str) -> str:
    """``YYYY-MM`` → its page."""
    return f"dates/{month}.md"


def year_source(year: str) -> str:
    return f"dates/{year}.md"


def html_path(source: str) -> str:
    """The URL path MkDocs gives a source (``use_directory_urls: false``),
    for links inside raw HTML, which MkDocs does not rewrite."""
    return source[: -len(".md")] + ".html"

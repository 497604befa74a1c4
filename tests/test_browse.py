"""Browse pages of a larger archive: the five sample pages printed as pages
01–05 of twelve issues (60 pages, 312 articles), so that dates, issues,
previous/next pages, columns and paginated tag lists have something to
show.  Built end to end with ``mkdocs build --strict``, which fails on any
link that does not resolve."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from paperarchive.pipeline import generate
from paperarchive.site.paginate import ARTICLES_PER_PAGE, archive_pager, archive_pages, page_sources, pager

from .conftest import VENV_BIN, copy_project, run, seed_issues

pytestmark = pytest.mark.slow

DATES = ["2022-06-28", "2022-06-29", "2022-06-30"] + [f"2022-07-{d:02d}" for d in range(1, 10)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("archive"))
    shutil.rmtree(root / "seeds")
    seed_issues(root / "seeds", DATES)
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root)
    return root


def read(root: Path, rel: str) -> str:
    return (root / "docs" / rel).read_text(encoding="utf-8")


def test_date_archive_year_month_day(archive: Path):
    index = read(archive, "dates/index.md")
    assert "[2022年](2022.md)" in index and "[6月](2022-06.md) 78" in index and "[7月](2022-07.md) 234" in index
    assert index.count('class="pa-chart-bar"') == 2  # one bar per month
    july = read(archive, "dates/2022-07.md")
    assert july.count("](2022-07-") == 9 and "5 个版面 26 篇" in july
    day = read(archive, "dates/2022-07-04.md")
    # The day lists its five pages in page order, each with its articles.
    assert re.findall(r"### \[(第0\d版)\]", day) == ["第01版", "第02版", "第03版", "第04版", "第05版"]
    assert "[← 上一期 2022-07-03](2022-07-03.md)" in day and "[下一期 2022-07-05 →](2022-07-05.md)" in day
    calendar = read(archive, "dates/2022.md")
    assert calendar.count('<a href="2022-') == 12  # the twelve days with articles are links


def test_page_view_links_previous_and_next_page_of_its_issue(archive: Path):
    keys = sorted(p.stem for p in (archive / "docs" / "pages").glob("*2022-07-04_0*.md"))
    assert len(keys) == 5
    first, second = read(archive, f"pages/{keys[0]}.md"), read(archive, f"pages/{keys[1]}.md")
    assert "← 上一版 第01版" in second and "下一版 第03版 →" in second
    assert "上一版" not in first and "下一版 第02版 →" in first


def test_long_listings_are_paginated_and_linked(archive: Path):
    tag = read(archive, "tags/places/重庆.md")
    total = int(re.search(r"(\d+) 篇", tag).group(1))
    assert total > 2 * ARTICLES_PER_PAGE
    pages = archive_pages("tags/places/重庆.md", total, ARTICLES_PER_PAGE)
    assert len(pages) >= 2
    listed = []
    for page in pages:
        text = read(archive, page.source)
        dates = re.findall(r"^\| \[(2022-[0-9-]+)\]", text, re.M)
        assert len(dates) == len(page.items)
        assert page.block == 0 or len(dates) == ARTICLES_PER_PAGE  # older blocks are full
        listed += dates
    assert len(listed) == total and listed == sorted(listed, reverse=True)  # newest first across pages
    assert listed[0] == "2022-07-09"
    oldest = read(archive, pages[-1].source)
    assert "（2022-06-28 至" in oldest and "[← 较新]" in oldest and "较早" not in oldest
    assert (archive / "site" / "tags" / "places" / "重庆" / "1.html").exists()


def test_older_blocks_of_a_listing_do_not_move_when_news_is_added():
    """One article more changes the first page only; the blocks below it
    keep their items until a new block is full."""
    for total in range(0, 400):
        before, after = archive_pages("t.md", total, 50), archive_pages("t.md", total + 1, 50)
        old_blocks = {p.source: (total - p.items.stop, total - p.items.start) for p in before if p.block}
        new_blocks = {p.source: (total + 1 - p.items.stop, total + 1 - p.items.start) for p in after if p.block}
        assert all(new_blocks[source] == span for source, span in old_blocks.items())  # counted from the oldest: same items
        assert len(new_blocks) - len(old_blocks) in (0, 1)
        assert sum(len(p.items) for p in after) == total + 1 and all(50 <= len(p.items) < 100 for p in after[:1] if total >= 99)


def test_columns_list_their_articles(archive: Path):
    columns = read(archive, "columns/index.md")
    assert "[决策建议](决策建议.md) | 12 |" in columns
    assert len(re.findall(r"^\| \[", read(archive, "columns/决策建议.md"), re.M)) == 12


def test_navigation_stays_small_with_hundreds_of_articles(archive: Path):
    article = next((archive / "site" / "articles").rglob("*.html")).read_text(encoding="utf-8")
    html = (archive / "site" / "pages" / "index.html").read_text(encoding="utf-8")
    for page in (article, html):
        assert page.count('class="md-tabs__link') == 7
        nav = page[page.index('<nav class="md-nav md-nav--primary') :]
        assert nav[: nav.index("</nav>")].count("md-nav__link") <= 12  # entry points, never articles


def test_pager_links(tmp_path):
    sources = page_sources("tags/keywords/index.md", 420, 200)
    assert sources == ["tags/keywords/index.md", "tags/keywords/index/2.md", "tags/keywords/index/3.md"]
    middle = " ".join(pager(sources[1], sources, 2))
    assert "(../index.md)" in middle and "(3.md)" in middle and "第 2/3 页" in middle
    assert pager(sources[0], sources[:1], 1) == []
    pages = archive_pages("tags/keywords/碳中和.md", 220, 50)
    assert [p.source for p in pages] == ["tags/keywords/碳中和.md", "tags/keywords/碳中和/3.md", "tags/keywords/碳中和/2.md", "tags/keywords/碳中和/1.md"]
    middle = " ".join(archive_pager(pages[2].source, pages, 2, "2022-07-01 至 2022-07-03"))
    assert "[最新](../碳中和.md)" in middle and "[← 较新](3.md)" in middle and "[较早 →](1.md)" in middle and "2022-07-01 至 2022-07-03" in middle
    assert archive_pager(pages[0].source, pages[:1], 0, "最新") == []


def test_generated_in_memory_equals_what_build_docs_wrote(archive: Path):
    files, _ = generate(archive / "seeds")
    for rel, content in files.items():
        assert (archive / "docs" / rel).read_bytes() == (content if isinstance(content, bytes) else content.encode("utf-8")), rel

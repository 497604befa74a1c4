"""The archive's search: the index format, and the query set in
tests/gold/search_queries.yml answered by the real search code in a real
browser on the built site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from paperarchive.site.search_index import decode_postings, encode_postings, tokens

GOLD = Path(__file__).parent / "gold" / "search_queries.yml"


@given(st.lists(st.tuples(st.integers(0, 200_000), st.integers(0, 15)), unique_by=lambda p: p[0]))
def test_postings_round_trip(postings):
    postings = sorted(postings)
    assert decode_postings(encode_postings(postings)) == postings


def test_tokens_are_character_pairs_latin_words_and_numbers():
    assert sorted(tokens("金之钧表示")) == sorted(["金之", "之钧", "钧表", "表示"])
    assert sorted(tokens("碳中和", single_characters=True)) == sorted(["碳", "中", "和", "碳中", "中和"])
    # A character standing alone is a token; full-width and upper-case Latin
    # are folded, as the browser folds a query.
    assert sorted(tokens("ＢＩＭ技术与5G、氢")) == sorted(["bim", "技术", "术与", "5g", "氢"])


def test_header_holds_the_archive_search_not_materials(built_site: Path):
    html = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    assert "data-pa-search" in html and 'data-md-component="search"' not in html
    assert "assets/javascripts/pa-search.js" in html
    assert not (built_site / "site" / "search" / "search_index.json").exists()


def queries() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["queries"]


@pytest.mark.browser
@pytest.mark.slow
def test_query_set_finds_the_right_article_first(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/index.html")
    first = top10 = 0
    misses = []
    for case in queries():
        titles = page.evaluate("q => paSearch.search(q).then(f => f.results.slice(0, 10).map(r => r.title))", case["q"])
        right = [any(e in t for e in case["expect"]) for t in titles]
        first += bool(right and right[0])
        top10 += any(right)
        if not (right and right[0]):
            misses.append((case["q"], titles[:3]))
    total = len(queries())
    assert first / total >= 0.9 and top10 / total >= 0.98, misses
    assert not misses, misses  # on the samples every query is answered first
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_typing_in_the_header_search_box(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/dates/index.html")
    page.keyboard.press("/")  # Material's shortcut, kept
    page.keyboard.type("之钧")
    page.wait_for_selector(".md-search-result__link")
    assert page.locator(".md-search-result__meta").inner_text() == "找到 1 篇文章"
    assert page.locator(".md-search-result__link h1").first.inner_text() == "碳中和路径设计应处理好五大关系"
    assert page.locator(".pa-search-tag").first.inner_text().startswith("人物：金之钧")
    assert page.locator(".md-search-result__link mark").first.inner_text() == "之钧"
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/000_fb5bc286347f2f36/*.html")
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_more_results_bring_their_details(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/index.html")
    page.keyboard.press("/")
    page.keyboard.type("重庆")
    page.wait_for_selector(".md-search-result__link")
    assert page.locator(".md-search-result__link").count() == 10
    page.locator(".pa-search-more").click()
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length > 10")
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(set(hrefs)) > 10 and all(h.endswith(".html") and "undefined" not in h for h in hrefs)
    page.close()

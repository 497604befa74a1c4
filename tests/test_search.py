"""The archive's search: the index format, and the query set in
tests/gold/search_queries.yml answered by the real search code in a real
browser on the built site."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from paperarchive.link import link
from paperarchive.model import Role
from paperarchive.pipeline import annotate_all, load_resources, segment_all
from paperarchive.site.render import SiteContext
from paperarchive.site.search_index import build_search_index, decode_postings, encode_postings, tokens

from .conftest import serve

ENGINE = Path(__file__).resolve().parent.parent / "paperarchive" / "theme" / "assets" / "javascripts" / "pa-search.js"
ONE_SEGMENT = (2**40, 2**40)  # no article id hashes to 0 modulo this: one segment
SMALL_SEGMENTS = (4, 2)  # segments of a few articles, tail segments of two or so

GOLD = Path(__file__).parent / "gold" / "search_queries.yml"


@given(st.lists(st.tuples(st.integers(0, 200_000), st.integers(0, 15)), unique_by=lambda p: p[0]))
def test_postings_round_trip(postings):
    postings = sorted(postings)
    assert decode_postings(encode_postings(postings)) == postings


def test_the_table_of_short_numbers_is_their_encoding():
    from paperarchive.site.search_index import _ENCODED, _encode_number

    assert len(_ENCODED) == 1 << 15 and all(_ENCODED[v] == _encode_number(v) for v in range(1 << 15))


def test_tokens_are_character_pairs_latin_words_and_numbers():
    assert sorted(tokens("金之钧表示")) == sorted(["金之", "之钧", "钧表", "表示"])
    assert sorted(tokens("碳中和", single_characters=True)) == sorted(["碳", "中", "和", "碳中", "中和"])
    # A character standing alone is a token; full-width and upper-case Latin
    # are folded, as the browser folds a query.
    assert sorted(tokens("ＢＩＭ技术与5G、氢")) == sorted(["bim", "技术", "术与", "5g", "氢"])


# Han next to what NFKC changes or composes: full-width forms, compatibility
# ideographs (U+F900…), combining marks, Hangul jamo, Greek final sigma.
_FOLDING = st.text(st.sampled_from("中文金之钧㐀䶵一鿿，。、：；！？（）“”《》ＡＢｂ０９　①㎡ＫⅣﬁ\uf900\ufa10\ufa0e\u2f00\u0301\u0308\u0327ᄀ\u1161\u11a8ΣσAeoΑ \n"), max_size=40)


@given(st.one_of(_FOLDING, st.text(max_size=40)))
def test_search_folding_is_nfkc_and_lower_case(text: str):
    """normalize() folds piece by piece between runs of Han characters: it
    must equal NFKC of the whole text, lower-cased, whatever the text."""
    import unicodedata

    from paperarchive.site.search_index import normalize

    assert normalize(text) == unicodedata.normalize("NFKC", text).lower()


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


@pytest.fixture(scope="module")
def sample_results(seeds: Path):
    """The sample pages segmented, annotated and linked, in page order."""
    results, _ = segment_all(seeds)
    resources, _ = load_resources(seeds)
    annotate_all(results, resources)
    return sorted(results, key=lambda r: r.page.meta.key), link(results, resources)


def segment_folders(files: dict) -> dict[str, dict[str, str]]:
    """The index's segment folders (tag list aside): name → file → text."""
    meta = files["search/meta.js"]
    folders: dict[str, dict[str, str]] = {}
    for rel, text in files.items():
        parts = rel.split("/")
        if len(parts) == 3 and parts[2] != "tags.js":
            folders.setdefault(parts[1], {})[parts[2]] = text
    assert all(f'"{name}"' in meta for name in folders)
    return folders


def test_a_new_day_leaves_the_earlier_segments_as_they_were(sample_results):
    results, links = sample_results
    before = build_search_index(SiteContext.build(results[:-1], links), segment_sizes=SMALL_SEGMENTS)
    after = build_search_index(SiteContext.build(results, links), segment_sizes=SMALL_SEGMENTS)
    old, new = segment_folders(before), segment_folders(after)
    assert len(old) >= 5, "the samples should make several segments"
    kept = [name for name in old if new.get(name) == old[name]]
    # The new page's articles come last (ids start with the page key): at
    # most the segment they join is made again, every other stays as is.
    assert len(kept) >= len(old) - 1, (len(kept), len(old))
    assert set(new) - set(old), "the new articles are in a new or remade segment"


def test_a_chunks_postings_are_each_articles_tokens_and_flags(sample_results):
    """The index is made a chunk at a time with numpy; it must say exactly
    what :func:`article_flags` says of each article — on the samples, and
    on text that folds: full-width Latin, a compatibility ideograph (U+F900),
    Kangxi radicals as OCR gives them (⼀带⼀路), combining accents, a
    number in a circle."""
    from paperarchive.site.search_index import _chunk_postings, article_flags

    results, _ = sample_results
    articles = [article for result in results for article in result.articles]
    paragraph = next(e for e in articles[0].elements if e.role is Role.BODY)
    folding = dataclasses.replace(paragraph, text="ＢＩＭ技术与5G、氢，⼀带⼀路…\uf900有此理 cafe\u0301 Ａ\u030a ①号线 C++ 3.5 ok")
    odd = dataclasses.replace(articles[0], elements=[folding, paragraph])
    for chunk in (articles, [odd], articles[:3] + [odd] + articles[3:6]):
        vocabulary, token_ids, documents, flags = _chunk_postings(chunk)
        made = sorted(zip([vocabulary[i] for i in token_ids.tolist()], documents.tolist(), flags.tolist()))
        expected = sorted((token, number, flag) for number, article in enumerate(chunk) for token, flag in article_flags(article).items())
        assert made == expected
    assert {"bim", "5g", "一带", "带一", "一路", "\u8c48有", "3.5", "1"} <= set(article_flags(odd))


def test_same_input_same_index(sample_results):
    results, links = sample_results
    assert build_search_index(SiteContext.build(results, links), segment_sizes=SMALL_SEGMENTS) == build_search_index(SiteContext.build(results, links), segment_sizes=SMALL_SEGMENTS)


@pytest.mark.browser
def test_segments_answer_as_one_index(sample_results, browser, tmp_path: Path):
    """The browser merges the segments' postings into one numbering: the
    same queries give the same results, scores and details, whether the
    index is one segment or many."""
    results, links = sample_results
    answers = []
    for name, sizes in (("one", ONE_SEGMENT), ("many", SMALL_SEGMENTS)):
        files = build_search_index(SiteContext.build(results, links), segment_sizes=sizes)
        site = tmp_path / name
        for rel, text in files.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
        (site / "assets" / "javascripts").mkdir(parents=True)
        (site / "assets" / "javascripts" / "pa-search.js").write_bytes(ENGINE.read_bytes())
        (site / "index.html").write_text('<!doctype html><meta charset="utf-8"><script src="assets/javascripts/pa-search.js"></script>', encoding="utf-8")
        segments = len(segment_folders(files))
        assert segments == 1 if name == "one" else segments >= 5
        with serve(site) as url:
            page = browser.new_page()
            page.goto(f"{url}/index.html")
            found = []
            # The gold queries, prefixes being typed (碳 → 碳中 …), words
            # no article has, and one that needs the details of many results.
            for query in [case["q"] for case in queries()] + ["碳", "重", "g", "不存在的词语", "重庆 发展"]:
                found.append(page.evaluate(
                    """q => paSearch.search(q).then(f => f && f.details(50).then(() => [f.total, f.partial, f.tags,
                        f.results.map(r => [r.title, r.url, r.page, r.lead, r.date, Math.round(r.score * 1e6)])]))""",
                    query,
                ))
            page.close()
        answers.append(found)
    assert answers[0] == answers[1]
    assert sum(1 for answer in answers[0] if answer and answer[0]) >= len(queries())

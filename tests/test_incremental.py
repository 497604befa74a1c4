"""Incremental builds: with the cache of the previous build (segmented
pages, annotations, rendered pages) a rebuild gives exactly the files of a
clean build of the same inputs — after adding pages, editing one, adding a
correction and a dictionary entry, adding an older day."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paperarchive.cache import FILE_NAME
from paperarchive import pipeline
from paperarchive.pipeline import build

from .conftest import seed_issues

pytestmark = pytest.mark.slow


def generated(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs).parts)}


def same_as_clean(root: Path) -> None:
    clean = root / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(root / "seeds", clean, use_cache=False)
    assert generated(root / "docs") == generated(clean)


def test_incremental_builds_equal_clean_builds(tmp_path: Path, monkeypatch):
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01", "2022-07-02"])
    first = build(seeds, docs)
    assert (docs / FILE_NAME).exists() and first.summary.articles == 52

    seed_issues(seeds, ["2022-07-03"])  # a new day
    segmented: list[str] = []
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "1")  # segmented in this process, where it is counted
    monkeypatch.setattr(pipeline, "segmented", lambda page, segment=pipeline.segmented: segmented.append(page.rel_path) or segment(page))
    second = build(seeds, docs)
    monkeypatch.undo()
    assert second.summary.articles == 78 and len(segmented) == 5 and all("2022-07-03" in rel for rel in segmented), segmented
    assert len(second.write.unchanged) > 0
    same_as_clean(tmp_path)

    # An older day: statistics as of later articles' dates change, and with
    # them some of their keywords, though nothing else of them does.
    seed_issues(seeds, ["2022-06-30"])
    build(seeds, docs)
    same_as_clean(tmp_path)

    page = seeds / "重庆日报_2022-07-02_01.txt"  # an edit: a word of one article
    page.write_text(page.read_text(encoding="utf-8").replace("碳中和路径设计", "碳中和路线设计", 1), encoding="utf-8")
    build(seeds, docs)
    same_as_clean(tmp_path)

    records = [json.loads(line) for line in (docs / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    lab = next(r["id"] for r in records if r["title"].startswith("金凤实验室首批") and r["date"] == "2022-07-01")
    (seeds / "corrections.yml").write_text(f"articles:\n  {lab}:\n    title: 金凤实验室首批核心团队入驻\n    tags: {{add: {{keywords: [病理]}}}}\n", encoding="utf-8")
    (seeds / "dictionary.yml").write_text("terms: [时空组学]\n", encoding="utf-8")
    third = build(seeds, docs)
    assert not [d for d in third.all_diagnostics if d.level == "error"], third.all_diagnostics
    same_as_clean(tmp_path)

    # The correction withdrawn: its page is keyed by its fingerprint again
    # (as pages no correction touches are), and still equals a clean build.
    (seeds / "corrections.yml").unlink()
    build(seeds, docs)
    same_as_clean(tmp_path)
    assert "金凤实验室首批核心团队入驻" not in (docs / "data" / "articles.jsonl").read_text(encoding="utf-8")


def test_render_keys_follow_what_is_chosen_after_annotation(seeds: Path):
    """An article's render key stands for the article through its
    fingerprint (page and annotation inputs) plus what is decided later —
    its keywords, drawn from the whole archive: a keyword changed without
    any change to the article must change the key."""
    from paperarchive.link import link
    from paperarchive.pipeline import annotate_all, load_resources, segment_all
    from paperarchive.site.render import SiteContext, article_inputs

    results, _ = segment_all(seeds)
    resources, _ = load_resources(seeds)
    annotate_all(results, resources)
    context = SiteContext.build(results, link(results, resources))
    result = results[0]
    article = result.articles[0]
    assert article.fingerprint, "articles of pages without corrections get a fingerprint"
    before = article_inputs(article, result, context)
    article.annotation.keywords = article.annotation.keywords[1:] + ["另一个关键词"]
    assert article_inputs(article, result, context) != before
    article.fingerprint = None  # as on a corrected page: the whole article
    assert article_inputs(article, result, context) != before


def test_keywords_are_scored_again_only_where_the_archive_up_to_their_day_changed(tmp_path: Path, monkeypatch):
    """Keywords come from statistics as of each article's day: a later day
    leaves those of earlier articles as they were (taken from the cache),
    an older one changes the statistics of every day after it."""
    from paperarchive import link

    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01", "2022-07-02"])
    build(seeds, docs)
    scored: list[str] = []
    score = link._keywords_of
    monkeypatch.setattr(link, "_keywords_of", lambda article, *rest: scored.append(article.id) or score(article, *rest))

    seed_issues(seeds, ["2022-07-03"])
    later = build(seeds, docs)
    assert len(scored) == 26 and all(ident.startswith("2022-07-03") for ident in scored), scored
    scored.clear()
    seed_issues(seeds, ["2022-06-30"])
    older = build(seeds, docs)
    assert older.summary.articles == later.summary.articles + 26 == len(scored)
    same_as_clean(tmp_path)


def test_an_unreadable_cache_entry_is_made_again(tmp_path: Path):
    """A day's new pages are segmented in a background process while the
    others come from the cache; a cached page whose entry cannot be read
    any more is segmented again, in order, and the build equals a clean one."""
    import sqlite3

    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01", "2022-07-02"])
    build(seeds, docs)
    with sqlite3.connect(docs / FILE_NAME) as db:
        damaged = db.execute("UPDATE entries SET value = x'00' WHERE rowid = (SELECT min(rowid) FROM entries WHERE kind = 'segment')").rowcount
    assert damaged == 1
    seed_issues(seeds, ["2022-07-03"])
    assert build(seeds, docs).summary.articles == 78
    same_as_clean(tmp_path)


def test_the_pages_a_clean_build_keys_in_its_workers_are_found_next_time(tmp_path: Path, monkeypatch):
    """A clean build keys each page it renders in the worker that renders
    it (its cache has nothing to look up).  The next build must find them
    all: with a file added that changes no article, nothing is segmented,
    annotated or rendered again."""
    from paperarchive.site import render

    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")  # workers even on one core
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01", "2022-07-02", "2022-07-03", "2022-07-04"])  # 20 pages: a pool segments them
    first = build(seeds, docs)
    assert first.summary.articles == 104

    (seeds / "notes.md").write_text("not a page\n", encoding="utf-8")  # new inputs, the same articles
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "1")  # in this process, where it is counted
    made: list[str] = []
    monkeypatch.setattr(pipeline, "segmented", lambda page, segment=pipeline.segmented: made.append(page.rel_path) or segment(page))
    monkeypatch.setattr(pipeline, "annotate", lambda article, *rest, annotate=pipeline.annotate: made.append(article.id) or annotate(article, *rest))
    monkeypatch.setattr(render, "render_article", lambda article, *rest, render_article=render.render_article: made.append(article.id) or render_article(article, *rest))
    monkeypatch.setattr(render, "render_page_view", lambda result, *rest, render_page_view=render.render_page_view: made.append(result.page.rel_path) or render_page_view(result, *rest))
    second = build(seeds, docs)
    assert second.summary.articles == 104 and not second.current
    assert made == []
    monkeypatch.undo()
    same_as_clean(tmp_path)

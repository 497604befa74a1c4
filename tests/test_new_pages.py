"""The new-page helper: a process started with an incremental build that
segments and annotates the day's new pages — exactly as the build itself
would, and with its failures raised in the build."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from paperarchive import link, new_pages
from paperarchive.annotate import annotate
from paperarchive.new_pages import NewPageHelper, segmented
from paperarchive.pipeline import build, load_resources, read_all

from .conftest import SEEDS, seed_issues
from .test_incremental import generated


@pytest.fixture(autouse=True)
def forked(monkeypatch):
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")  # a helper even on one core
    monkeypatch.setattr(new_pages, "_dictionaries_loaded", lambda: False)  # as in a new build_docs.py process


def test_the_helper_segments_and_annotates_as_the_build_does(tmp_path: Path):
    pages, _ = read_all(SEEDS)
    helper = NewPageHelper(SEEDS)
    helper.start(pages)
    entries = helper.segmented()
    used, annotations = helper.annotations()
    resources, _ = load_resources(SEEDS)
    assert used == resources.digest and entries == [segmented(page) for page in pages]
    articles = [(article, page) for page, entry in zip(pages, entries) for article in pickle.loads(entry)[0]]
    assert len(articles) > 20 and sorted(annotations) == sorted(article.id for article, _ in articles)
    for article, page in articles:
        assert pickle.loads(annotations[article.id]) == annotate(article, resources, page.meta.city), article.id


def test_a_build_with_the_helper_equals_a_clean_build(tmp_path: Path, monkeypatch):
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01"])
    build(seeds, docs)
    started: list[int] = []
    start = NewPageHelper.start
    monkeypatch.setattr(NewPageHelper, "start", lambda self, pages: started.append(len(pages)) or start(self, pages))
    scored: list[str] = []
    score = link._keywords_of
    monkeypatch.setattr(link, "_keywords_of", lambda article, *rest: scored.append(article.id) or score(article, *rest))
    seed_issues(seeds, ["2022-07-02"])
    build(seeds, docs)
    assert started == [5]  # the new day's pages went to the helper
    # Its articles are keyed as the build's own (the earlier day's keywords come from the cache).
    assert len(scored) == 26 and all(ident.startswith("2022-07-02") for ident in scored), scored
    build(seeds, tmp_path / "clean", use_cache=False)
    assert generated(docs) == generated(tmp_path / "clean")


def test_a_failure_in_the_helper_is_raised_in_the_build_and_nothing_is_written(tmp_path: Path, monkeypatch):
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seed_issues(seeds, ["2022-07-01"])
    build(seeds, docs)
    before = generated(docs)

    def broken(page):
        raise ValueError(f"cannot segment {page.rel_path}")

    monkeypatch.setattr(new_pages, "segmented", broken)  # the forked helper inherits it
    seed_issues(seeds, ["2022-07-02"])
    with pytest.raises(ValueError, match="cannot segment"):
        build(seeds, docs)
    assert generated(docs) == before

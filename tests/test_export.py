"""docs/data/articles.jsonl: the dataset researchers download."""

from __future__ import annotations

import json
import re

from paperarchive.site.export import articles_jsonl

REQUIRED = ["id", "url", "title", "kicker", "subtitle", "byline", "authors", "kind", "date", "date_source", "paper", "page", "column", "source", "text"]


def test_dataset_schema_and_order(segmented):
    results = list(segmented.values())
    text = articles_jsonl(results)
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 26
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    pages = {r.page.rel_path: r.page.text for r in results}
    for record in records:
        assert list(record)[: len(REQUIRED)] == REQUIRED
        assert record["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["date_source"] in ("manifest", "filename", "text", None)
        assert record["paper"] == "重庆日报"
        assert record["url"].startswith("articles/") and record["url"].endswith(".html")
        source = record["source"]
        assert source["file"] in pages
        page_text = pages[source["file"]]
        assert source["spans"] and all(0 <= s < e <= len(page_text) for s, e in source["spans"])
        assert record["text"] and "#" not in record["text"]


def test_dataset_is_plain_utf8_chinese(segmented):
    text = articles_jsonl(list(segmented.values()))
    assert "\\u" not in text and "碳中和" in text


def test_dataset_carries_tags_credits_and_related(tmp_path):
    import shutil
    import subprocess
    import sys

    from .conftest import ROOT, SEEDS

    shutil.copytree(SEEDS, tmp_path / "seeds")
    subprocess.run([sys.executable, str(ROOT / "build_docs.py"), "--quiet"], cwd=tmp_path, check=True, timeout=120)
    records = [json.loads(line) for line in (tmp_path / "docs" / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    by_title = {r["title"]: r for r in records}
    carbon = by_title["碳中和路径设计应处理好五大关系"]
    assert set(carbon["tags"]) == {"keywords", "people", "places", "organizations"}
    assert carbon["tags"]["people"] == ["金之钧"] and carbon["credited"] == ["张凌霄"]
    assert "碳中和" in carbon["tags"]["keywords"]
    plan = by_title["川渝将共建氢走廊和电走廊"]
    opinion = by_title["以推动绿色发展助力实现双碳目标"]
    assert plan["related"][0]["id"] == opinion["id"] and set(plan["related"][0]) == {"id", "score", "shared"}
    ids = {r["id"] for r in records}
    assert all(rel["id"] in ids and rel["id"] != r["id"] for r in records for rel in r["related"])
    tags = json.loads((tmp_path / "docs" / "data" / "tags.json").read_text(encoding="utf-8"))
    assert tags["金之钧"] == {"kind": "people", "count": 1, "articles": [carbon["id"]]}
    assert tags["碳中和"]["kind"] == "keywords" and carbon["id"] in tags["碳中和"]["articles"]
    assert all(entry["count"] == len(entry["articles"]) for entry in tags.values())


def test_the_report_lists_only_the_pages_that_need_a_look(segmented):
    """A row per page made the report grow with the archive; the pages with
    text left to no article (or warnings) are the ones to check."""
    import dataclasses

    from paperarchive.site.render import render_report

    results = list(segmented.values())
    clean = render_report(results, [])
    assert "需要检查的版面（0 / 5）" in clean and "| 版面 | 编码 |" not in clean and "其余 5 个版面" in clean
    left = dataclasses.replace(results[1], accounting=dataclasses.replace(results[1].accounting, body=results[1].accounting.body - 7, residue=7))
    report = render_report([results[0], left] + results[2:], [])
    assert "需要检查的版面（1 / 5）" in report and "其余 4 个版面" in report
    rows = [line for line in report.splitlines() if line.startswith("| [")]
    assert len(rows) == 1 and results[1].page.rel_path.replace("_", "&#95;") in rows[0] and "| 7 |" in rows[0]

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

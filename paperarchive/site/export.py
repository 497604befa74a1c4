"""The dataset: ``docs/data/articles.jsonl``, one JSON object per article,
sorted by id.  Keys of issue #2 are never renamed; later stages add keys."""

from __future__ import annotations

import json

from ..model import Article, PageResult, Role
from .urls import article_url


def article_record(article: Article, result: PageResult) -> dict:
    meta = result.page.meta
    return {
        "id": article.id,
        "url": article_url(article),
        "title": article.title,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "authors": article.authors,
        "kind": article.kind,
        "date": meta.date,
        "date_source": meta.date_source,
        "paper": meta.paper,
        "page": meta.page,
        "column": article.column,
        "source": {
            "file": result.page.rel_path,
            "spans": [[s.start, s.end] for s in article.spans],
            "head_spans": [[s.start, s.end] for s in article.head_spans],
        },
        "text": article.text,
        "title_derived": article.title_derived,
        "page_key": meta.key,
        "page_name": meta.page_name,
        "labels": article.labels,
        "credits": [{"role": c.role, "names": c.names, "text": c.text} for c in article.credits],
        "captions": [e.text for e in article.elements if e.role is Role.CAPTION],
        "notes": [e.text for e in article.elements if e.role is Role.AUTHOR_NOTE],
        "continued_from": article.continued_from,
        "continues_to": article.continues_to,
        "fragments": article.fragments,
    }


def articles_jsonl(results: list[PageResult]) -> str:
    records = [article_record(a, r) for r in results for a in r.articles]
    records.sort(key=lambda record: record["id"])
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)

"""The dataset: ``docs/data/articles.jsonl``, one JSON object per article,
sorted by id.  Keys of issue #2 are never renamed; later stages add keys."""

from __future__ import annotations

import json

from ..model import Article, PageResult, Role
from .labels import article_date
from .render import SiteContext, corrections_record
from .tags import article_tags
from .urls import article_url


def article_record(article: Article, result: PageResult, context: SiteContext | None = None) -> dict:
    meta = result.page.meta
    date, date_source = article_date(article, result)
    return {
        "id": article.id,
        "url": article_url(article),
        "title": article.title,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "authors": article.authors,
        "kind": article.kind,
        "date": date,
        "date_source": date_source,
        "paper": meta.paper,
        "page": meta.page,
        "column": article.column,
        "source": {
            "file": result.page.rel_path,
            "encoding": result.page.encoding,
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
        **corrections_record(article),
        **_annotations(article, context),
    }


def _annotations(article: Article, context: SiteContext | None) -> dict:
    if article.annotation is None:
        return {}
    tags = article_tags(article)
    related = context.related_of(article) if context else []
    links = context.links if context else None
    return {
        "tags": {kind: tags[kind] for kind in ("keywords", "people", "places", "organizations")},
        "credited": tags["authors"],
        "related": [{"id": other, "score": score, "shared": shared} for other, score, shared in related],
        "duplicates": links.duplicates.get(article.id, []) if links else [],
        "continuation_of": links.continued_from.get(article.id) if links else None,
        "continued_in": links.continued_in.get(article.id, []) if links else [],
    }


def tags_json(context: SiteContext) -> str:
    """``term → {kind, count, articles}``; a term of several kinds (rare: a
    reporter who is also in a story) keeps its main kind and lists the
    others under ``other_kinds``."""
    merged: dict[str, dict] = {}
    for kind, terms in context.index.terms.items():
        for term, ids in terms.items():
            entry = {"kind": kind, "count": len(ids), "articles": sorted(ids)}
            if term not in merged:
                merged[term] = entry
            elif entry["count"] > merged[term]["count"]:
                other = {k: v for k, v in merged[term].items() if k != "other_kinds"}
                entry["other_kinds"] = merged[term].get("other_kinds", []) + [other]
                merged[term] = entry
            else:
                merged[term].setdefault("other_kinds", []).append(entry)
    # One term per line: readable and diffable like an indented file, but
    # written by json's C encoder (indenting runs it in Python: a second
    # for the 7 MB this was at 10,000 articles, now a fifth of that size).
    lines = [f"{json.dumps(term, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}" for term, entry in sorted(merged.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"


def record_line(article: Article, result: PageResult, context: SiteContext | None = None) -> str:
    """An article's line of ``articles.jsonl``."""
    return json.dumps(article_record(article, result, context), ensure_ascii=False) + "\n"


def joined_lines(lines: "dict[str, str] | dict[str, bytes]") -> "str | bytes":
    """``articles.jsonl`` from each article's line (text, or UTF-8 as the
    pipeline caches them), sorted by id."""
    parts = [lines[ident] for ident in sorted(lines)]
    return (b"" if parts and isinstance(parts[0], bytes) else "").join(parts)  # type: ignore[attr-defined]


def articles_jsonl(results: list[PageResult], context: SiteContext | None = None) -> str:
    """The whole dataset (the pipeline joins the same lines, made and cached
    with each article's page)."""
    return joined_lines({a.id: record_line(a, r, context) for r in results for a in r.articles})

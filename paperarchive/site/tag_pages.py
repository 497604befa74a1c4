"""Pages of the tag indexes: one page per term (a timeline of its articles
per month, then its articles newest first, older ones in blocks that
never change), one index per kind (terms by
count) and an overview of the kinds.  Long listings are paginated."""

from __future__ import annotations

import pickle
from collections import Counter

from .browse import article_table
from .charts import months_chart
from .markup import front_matter, md_text
from .paginate import ARTICLES_PER_PAGE, TERMS_PER_PAGE, archive_page_jobs, paginate
from .render import SiteContext
from .tags import KINDS, kind_index_source
from .urls import link

OVERVIEW = "tags/index.md"


def tag_page_jobs(kind: str, term: str, context: SiteContext) -> list[tuple]:
    """One job per page of a term's listing, each ``(render, inputs)``:
    ``render()`` returns the page's file, ``inputs()`` what it reads (for the
    render cache).  Per page, because a new day changes the first page of
    a big tag (重庆: 2,600 articles) and not its 50 older blocks."""
    first = context.tag_paths[(kind, term)]
    items = [context.articles[article_id] for article_id in context.index.terms[kind][term]]
    kind_name = KINDS[kind][1]

    def render(here: str, chunk, pager: list[str], block: str | None) -> str:
        # Older blocks say nothing that grows (count, chart): they stay
        # byte-identical as the archive grows.
        title = f"{kind_name}：{term}" + (f"（{block}）" if block else "")
        tag = {"kind": kind, "term": term} if block else {"kind": kind, "term": term, "count": len(items)}
        parts = [front_matter({"title": title, "tag": tag}), ""]
        parts += [f"# {md_text(term)}", ""]
        count = md_text(f"{block}") if block else md_text(f"{len(items)} 篇")
        parts += [f"{md_text(kind_name)} · {count} · [{md_text('全部' + kind_name)}]({link(here, kind_index_source(kind))})", "{: .pa-meta }", ""]
        dates = [result.page.meta.date for _, result in items] if not block else []
        months = Counter([date[:7] for date in dates if date])
        if months:
            parts += [months_chart(months, f"“{term}”每月的文章数"), ""]
            if None in dates:
                parts += [md_text(f"另有 {dates.count(None)} 篇日期不详，未计入上图。"), "{: .pa-note }", ""]
        parts += pager + article_table(here, chunk, context.listing_rows) + pager
        return "\n".join(parts)

    pages = archive_page_jobs(first, items, ARTICLES_PER_PAGE, render, lambda item: item[1].page.meta.date)
    # The first page's chart counts every article's month: with one page
    # its rows say as much; with more, the dates of all are part of it.
    whole = [len(items)] + ([result.page.meta.date for _, result in items] if len(pages) > 1 else [])
    jobs = []
    for number, job in enumerate(pages):
        inputs = lambda job=job, whole=whole if number == 0 else None: pickle.dumps((kind, term, job.source, job.shown, whole, [context.listing_key(a.id) for a, _ in job.items]), protocol=5)  # noqa: E731
        jobs.append((lambda job=job: {job.source: job.render()}, inputs))
    return jobs


def render_kind_index(kind: str, context: SiteContext) -> dict[str, str]:
    kind_name = KINDS[kind][1]
    terms = sorted(context.index.terms[kind].items(), key=lambda item: (-len(item[1]), item[0]))

    def render(here: str, chunk, pager: list[str], number: int) -> str:
        title = kind_name + (f"（第 {number} 页）" if number > 1 else "")
        parts = [front_matter({"title": title}), "", f"# {md_text(kind_name)}", "", md_text(f"{len(terms)} 个，按文章数排序。"), "{: .pa-meta }", ""]
        parts += pager
        parts += ["| " + md_text(kind_name) + " | 文章 | 最近 |", "| --- | --- | --- |"]
        for term, ids in chunk:
            newest = context.articles[ids[0]][1].page.meta.date or "—"
            parts.append(f"| [{md_text(term)}]({link(here, context.tag_paths[(kind, term)])}) | {len(ids)} | {md_text(newest)} |")
        parts.append("")
        parts += pager
        return "\n".join(parts)

    return paginate(kind_index_source(kind), terms, TERMS_PER_PAGE, render)


def render_overview(context: SiteContext) -> str:
    parts = [front_matter({"title": "标签"}), "", f"# {md_text('标签')}", ""]
    for kind, (_, name) in KINDS.items():
        terms = context.index.terms.get(kind, {})
        top = sorted(terms.items(), key=lambda item: (-len(item[1]), item[0]))[:12]
        parts += [f"## [{md_text(name)}]({link(OVERVIEW, kind_index_source(kind))})", ""]
        if top:
            parts.append(" ".join(f"[{md_text(term)} {len(ids)}]({link(OVERVIEW, context.tag_paths[(kind, term)])})" for term, ids in top))
            parts += [f"{{: .pa-tags .pa-tags-{kind} }}", ""]
        else:
            parts += [md_text("暂无。"), ""]
    return "\n".join(parts)


def tag_jobs(context: SiteContext) -> tuple[list, list]:
    """The tag pages as independent pieces of work (the pipeline renders
    them on all cores, each returning its files): the listings of kinds,
    and one job per page of each term with what it reads (for the render
    cache)."""
    listings = [lambda: {OVERVIEW: render_overview(context)}]
    listings += [lambda kind=kind: render_kind_index(kind, context) for kind in KINDS]
    terms = [job for kind in KINDS for term in context.index.terms.get(kind, {}) for job in tag_page_jobs(kind, term, context)]
    return listings, terms



"""Pages of the tag indexes: one page per term (its articles, newest first),
one index per kind (terms by count), and an overview of the kinds."""

from __future__ import annotations

from .markup import front_matter, md_text
from .render import SiteContext, date_text, page_label
from .tags import KINDS, kind_index_source
from .urls import article_source, link

OVERVIEW = "tags/index.md"


def render_tag_page(kind: str, term: str, context: SiteContext) -> str:
    here = context.tag_paths[(kind, term)]
    ids = context.index.terms[kind][term]
    kind_name = KINDS[kind][1]
    parts = [front_matter({"title": f"{kind_name}：{term}", "tag": {"kind": kind, "term": term, "count": len(ids)}}), ""]
    parts += [f"# {md_text(term)}", "", f"{md_text(kind_name)} · {md_text(f'{len(ids)} 篇')} · [{md_text('全部' + kind_name)}]({link(here, kind_index_source(kind))})", "{: .pa-meta }", ""]
    parts += ["| 日期 | 版面 | 标题 |", "| --- | --- | --- |"]
    for article_id in ids:
        article, result = context.articles[article_id]
        parts.append(f"| {md_text(date_text(result.page.meta))} | {md_text(page_label(result))} | [{md_text(article.title)}]({link(here, article_source(article))}) |")
    parts.append("")
    return "\n".join(parts)


def render_kind_index(kind: str, context: SiteContext) -> str:
    here = kind_index_source(kind)
    kind_name = KINDS[kind][1]
    terms = sorted(context.index.terms[kind].items(), key=lambda item: (-len(item[1]), item[0]))
    parts = [front_matter({"title": kind_name}), "", f"# {md_text(kind_name)}", "", md_text(f"{len(terms)} 个，按文章数排序。"), "{: .pa-meta }", ""]
    parts += ["| " + md_text(kind_name) + " | 文章 |", "| --- | --- |"]
    for term, ids in terms:
        parts.append(f"| [{md_text(term)}]({link(here, context.tag_paths[(kind, term)])}) | {len(ids)} |")
    parts.append("")
    return "\n".join(parts)


def render_overview(context: SiteContext) -> str:
    parts = [front_matter({"title": "标签"}), "", f"# {md_text('标签')}", ""]
    for kind, (_, name) in KINDS.items():
        terms = context.index.terms.get(kind, {})
        top = sorted(terms.items(), key=lambda item: (-len(item[1]), item[0]))[:12]
        parts += [f"## [{md_text(name)}]({link(OVERVIEW, kind_index_source(kind))})", ""]
        if top:
            parts.append(" ".join(f"[{md_text(term)}]({link(OVERVIEW, context.tag_paths[(kind, term)])}) ({len(ids)})" for term, ids in top))
            parts += ["{: .pa-tags }", ""]
        else:
            parts += [md_text("暂无。"), ""]
    return "\n".join(parts)


def tag_files(context: SiteContext) -> dict[str, str]:
    files = {OVERVIEW: render_overview(context)}
    for kind in KINDS:
        files[kind_index_source(kind)] = render_kind_index(kind, context)
        for term in context.index.terms.get(kind, {}):
            files[context.tag_paths[(kind, term)]] = render_tag_page(kind, term, context)
    return files

"""Stage 5 — Markdown for every generated page: articles, page views (版面),
the pages index, the home page and the build report.

All functions are pure: data in, text out.  Page text is escaped with
:func:`markup.md_text` / :func:`markup.html_text`; only structure comes from
here.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from ..link import Links
from ..model import Article, PageResult, Role
from ..reader import PAGE_SKIPPED
from .browse import Browse, column_of
from .labels import DATE_SOURCE_NAMES, KIND_NAMES, article_date, date_text, long_date, page_label, page_name
from .markup import front_matter, html_text, md_text
from .paginate import neighbours_bar
from .tags import KINDS, TagIndex, article_tags, build_index, check_slug_collisions
from .urls import UNDATED, article_source, article_url, day_source, html_path, link, page_source

__all__ = ["SiteContext", "render_article", "render_page_view", "render_report", "article_front_matter", "page_label", "date_text", "KIND_NAMES"]


@dataclass
class SiteContext:
    """What every page may link to: articles by id, tag pages, links."""

    results: list[PageResult]
    links: Links = field(default_factory=Links)
    articles: dict[str, tuple[Article, PageResult]] = field(default_factory=dict)
    index: TagIndex = field(default_factory=TagIndex)
    tag_paths: dict[tuple[str, str], str] = field(default_factory=dict)
    browse: Browse = field(default_factory=Browse)
    _listing_keys: dict[str, bytes] = field(default_factory=dict, repr=False)
    _shown: dict[str, tuple] = field(default_factory=dict, repr=False)
    # Rows of tag pages' article tables, by folder and article id (see
    # browse.article_table): each process that renders fills its own.
    listing_rows: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, results: list[PageResult], links: Links | None = None) -> "SiteContext":
        index = build_index(results)
        return cls(
            results=results,
            links=links or Links(),
            articles={a.id: (a, r) for r in results for a in r.articles},
            index=index,
            tag_paths=check_slug_collisions(index),
            browse=Browse.build(results),
        )

    def listing_key(self, article_id: str) -> bytes:
        """A digest of what a listing row shows of an article (title, date,
        page: see :func:`~.browse.article_table`), made once per article —
        an article is listed under twenty tags or so."""
        key = self._listing_keys.get(article_id)
        if key is None:
            article, result = self.articles[article_id]
            meta = result.page.meta
            row = (article_id, article.title, meta.date, meta.date_source, meta.paper, meta.key, page_name(result))
            key = self._listing_keys[article_id] = hashlib.blake2b(pickle.dumps(row, protocol=5), digest_size=16).digest()
        return key

    def shown(self, article_id: str) -> tuple:
        """What a link to an article shows of it (title, page, date, path),
        for render keys: made once per article, not once per link to it."""
        row = self._shown.get(article_id)
        if row is None:
            other, other_result = self.articles[article_id]
            row = self._shown[article_id] = (article_id, other.title, page_label(other_result), date_text(other_result.page.meta), article_source(other))
        return row

    def related_of(self, article: Article) -> list[tuple[str, float, list[str]]]:
        """Continuations first (both ways), then related stories."""
        entries: list[tuple[str, float, list[str]]] = []
        source = self.links.continued_from.get(article.id)
        if source:
            entries.append((source, 1.0, ["上接"]))
        for target in self.links.continued_in.get(article.id, []):
            entries.append((target, 1.0, ["下转"]))
        linked = {e[0] for e in entries}
        # Two decimals are what a reader can use.
        entries += [(r.id, round(r.score, 2), r.shared) for r in self.links.related.get(article.id, []) if r.id not in linked]
        return entries

def _tag_lines(article: Article, here: str, context: SiteContext) -> list[str]:
    """Tags as chips grouped by kind, each a link to its tag page."""
    lines: list[str] = []
    for kind, terms in article_tags(article).items():
        if not terms:
            continue
        chips = " ".join(f"[{md_text(term)}]({link(here, context.tag_paths[(kind, term)])})" for term in terms if (kind, term) in context.tag_paths)
        if chips:
            lines += [f'<span class="pa-tag-kind">{KINDS[kind][1]}</span> {chips}', f"{{: .pa-tags .pa-tags-{kind} }}", ""]
    return lines


def corrections_record(article: Article) -> dict:
    """What editors changed (corrections.yml), and what the machine had read."""
    return {
        "corrections": [{"field": c.field, "machine": c.machine, "corrected": c.corrected} for c in article.corrections],
        "editor_note": article.editor_note,
        "merged_from": article.merged_from,
        "split_from": article.split_from,
    }


def article_front_matter(article: Article, result: PageResult, context: SiteContext | None = None) -> dict:
    meta = result.page.meta
    tags = article_tags(article)
    related = context.related_of(article) if context else []
    date, date_source = article_date(article, result)
    return {
        "id": article.id,
        "title": article.title,
        "title_derived": article.title_derived,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "authors": article.authors,
        "kind": article.kind,
        "date": date,
        "date_source": date_source,
        "paper": meta.paper,
        "page": meta.page,
        "page_name": meta.page_name,
        "column": article.column,
        "labels": article.labels,
        "continued_from": article.continued_from,
        "continues_to": article.continues_to,
        "source": {
            "file": result.page.rel_path,
            "encoding": result.page.encoding,
            "spans": [[s.start, s.end] for s in article.spans],
            "head_spans": [[s.start, s.end] for s in article.head_spans],
        },
        "tags": {kind: terms for kind, terms in tags.items() if kind != "authors"},
        "credited": tags["authors"],
        "related": [{"id": other, "score": score, "shared": shared} for other, score, shared in related],
        **corrections_record(article),
        # Material: an article reads like a page of the paper, without the
        # site's sidebar; a table of contents only for pieces with 小标题.
        "hide": ["navigation"] if any(e.role is Role.SECTION_HEAD for e in article.elements) else ["navigation", "toc"],
    }


def _breadcrumb(here: str, result: PageResult, context: SiteContext, column: str | None = None) -> list[str]:
    """``重庆日报 › 2022年7月28日 星期四 › 第01版 要闻 › 决策建议``: where the
    piece sits in the paper, each step a link."""
    meta = result.page.meta
    steps = [md_text(meta.paper)] if meta.paper else []
    if meta.date:
        steps.append(f"[{md_text(long_date(meta.date))}]({link(here, day_source(meta.date))})" + (md_text("（推断）") if meta.date_source == "text" else ""))
    else:
        steps.append(md_text("日期不详"))
    steps.append(f"[{md_text(page_name(result))}]({link(here, page_source(meta.key))})")
    if column and column in context.browse.column_paths:
        steps.append(f"[{md_text(column)}]({link(here, context.browse.column_paths[column])})")
    return [" › ".join(steps), "{: .pa-breadcrumb }", ""]


def citation(article: Article, result: PageResult) -> str:
    """A reference in the form of GB/T 7714-2015 for newspaper articles:
    ``作者. 题名[N]. 报纸名, 出版日期(版次).``  An inferred date says so."""
    meta = result.page.meta
    authors = "，".join(article.authors)
    title = " ".join(t for t in (article.title,) if t)
    if article.subtitle:
        title += f"——{article.subtitle}"
    known, source = article_date(article, result)
    date = known or "日期不详"
    if meta.page:
        date += f"({meta.page})"
    reference = f"{authors + '. ' if authors else ''}{title}[N]. {meta.paper or '报纸名不详'}, {date}."
    if known and source == "text":
        reference += "（出版日期据正文推断）"
    return reference


def render_article(article: Article, result: PageResult, context: SiteContext | None = None) -> str:
    meta = result.page.meta
    here = article_source(article)
    context = context or SiteContext.build([result])
    column = column_of(article, result)
    parts = [front_matter(article_front_matter(article, result, context)), ""]
    parts += _breadcrumb(here, result, context, column)

    deck = ['<header class="pa-deck">']
    if article.column:
        deck.append(f'<p class="pa-column">{html_text(article.column)}</p>')
    if article.kicker:
        deck.append(f'<p class="pa-kicker">{html_text(article.kicker)}</p>')
    title_class = "pa-title pa-title-derived" if article.title_derived else "pa-title"
    deck.append(f'<h1 class="{title_class}">{html_text(article.title)}</h1>')
    if article.subtitle:
        deck.append(f'<p class="pa-subtitle">{html_text(article.subtitle)}</p>')
    deck.append("</header>")
    parts += ["\n".join(deck), ""]

    facts = []
    if article.byline:
        facts.append(f'<span class="pa-byline">{html_text(article.byline)}</span>')
    date, date_source = article_date(article, result)
    if date:
        # A corrected date may be a day of which the archive has no issue.
        shown = f"[{md_text(date)}]({link(here, day_source(date))})" if date in context.browse.issues_on else md_text(date)
        facts.append(shown + md_text({"text": "（日期据正文推断）", "correction": "（编辑更正）"}.get(date_source, "")))
    else:
        facts.append(md_text("日期不详"))
    facts.append(f"[{md_text(' '.join(p for p in (meta.paper or '', page_name(result)) if p))}]({link(here, page_source(meta.key))})")
    if article.kind != "article":
        facts.append(md_text(KIND_NAMES.get(article.kind, article.kind)))
    parts += [" · ".join(facts), "{: .pa-meta }", ""]
    if article.title_derived:
        parts += [md_text("原版面未印标题，标题取自正文开头。"), "{: .pa-note-derived }", ""]
    parts += _correction_lines(article, here, context)
    parts += _tag_lines(article, here, context)
    parts += _continuation_lines(article, here, context)
    for duplicate in context.links.duplicates.get(article.id, []):
        other, other_result = context.articles[duplicate]
        parts += [f"{md_text('同一稿件另见：')}[{md_text(other.title)}]({link(here, article_source(other))}) · {md_text(page_label(other_result))}", "{: .pa-note }", ""]

    parts.append('<div class="pa-body" markdown>')
    parts.append("")
    for element in article.elements:
        if element.role is Role.BODY:
            parts += [md_text(element.text), ""]
        elif element.role is Role.SECTION_HEAD:
            parts += [f"## {md_text(element.text)}", ""]
        elif element.role is Role.CAPTION:
            parts += [md_text(element.text), "{: .pa-caption }", ""]
        elif element.role is Role.CREDIT:
            parts += [md_text(element.text), "{: .pa-credit }", ""]
        elif element.role is Role.AUTHOR_NOTE:
            parts += [md_text(element.text), "{: .pa-author-note }", ""]
        elif element.role is Role.JUMP_MARKER:
            parts += [md_text(element.text), "{: .pa-jump }", ""]
        # Bylines are shown once, in the meta line above.
    parts += ["</div>", ""]

    related = [(other, score, shared) for other, score, shared in context.related_of(article) if shared[0] not in ("上接", "下转")]
    if related:
        parts += [f"## {md_text('相关报道')}", "", '<div class="pa-related" markdown>', ""]
        for other_id, score, shared in related:
            other, other_result = context.articles[other_id]
            parts.append(
                f"- [{md_text(other.title)}]({link(here, article_source(other))})"
                f' <span class="pa-list-meta">{html_text(date_text(other_result.page.meta))} · 共同：{html_text("、".join(shared))}</span>'
            )
        parts += ["", "</div>", ""]

    spans = "，".join(f"{s.start}–{s.end}" for s in article.spans)
    parts += [
        '<div class="pa-cite" markdown>',
        "",
        f"[{md_text('在版面原文中查看')}]({link(here, source_link(article, result), 'src-' + article.id)} \"{_title_attribute(result.page.rel_path + ' 第 ' + spans + ' 字')}\")"
        f" · {md_text('原文：' + result.page.rel_path)}",
        "",
        f'**{md_text("引用本文")}** {md_text(citation(article, result))} <span class="pa-permalink" data-path="{html_text(article_url(article).rsplit("/", 1)[-1])}">{html_text(article_url(article))}</span>',
        "",
        f'{md_text("文章编号")} <code class="pa-id">{html_text(article.id)}</code> {md_text("（在 corrections.yml 中用它更正本文）")}',
        "{: .pa-id-line }",
        "",
        "</div>",
        "",
    ]
    return "\n".join(parts)


FIELD_NAMES = {"title": "标题", "kicker": "引题", "subtitle": "副题", "byline": "署名", "authors": "作者", "date": "日期"}


def _correction_lines(article: Article, here: str, context: SiteContext) -> list[str]:
    """The editors' corrections, each with what the machine had read."""
    notes: list[str] = []
    for correction in article.corrections:
        if correction.field in FIELD_NAMES:
            machine = correction.machine
            shown = "、".join(machine) if isinstance(machine, list) else machine
            notes.append(f"{FIELD_NAMES[correction.field]}（原识别：{shown or '无'}）")
        elif correction.field == "tags":
            change = correction.corrected or correction.machine
            verb = "增加标签" if correction.corrected else "删去标签"
            notes.append(verb + "：" + "、".join(t for terms in next(iter(change.values())).values() for t in terms))
        elif correction.field == "merge":
            notes.append(f"并入原为单独一篇的《{correction.machine['title']}》")
        elif correction.field == "split":
            notes.append("后半部分拆为另一篇")
    lines: list[str] = []
    if notes or article.editor_note:
        lines += ['<div class="pa-corrected" markdown>', ""]
        if notes:
            lines += [f"**{md_text('编辑更正')}** {md_text('；'.join(notes) + '。')}", ""]
        if article.editor_note:
            lines += [md_text("编辑说明：" + article.editor_note), ""]
        lines += ["</div>", ""]
    if article.split_from and article.split_from in context.articles:
        other, _ = context.articles[article.split_from]
        lines += [f"{md_text('本文由编辑从')}[{md_text(other.title)}]({link(here, article_source(other))}){md_text('拆出。')}", "{: .pa-continuation }", ""]
    return lines


def _title_attribute(text: str) -> str:
    """Text for a Markdown link title: no quotes or brackets that end it."""
    return "".join(c for c in text if c not in '"()[]<>\\')


def _continuation_lines(article: Article, here: str, context: SiteContext) -> list[str]:
    """（上接01版） pieces and the articles they continue, linked both ways."""
    lines: list[str] = []
    source = context.links.continued_from.get(article.id)
    if source:
        other, other_result = context.articles[source]
        lines += [f"{md_text('上接：')}[{md_text(other.title)}]({link(here, article_source(other))}) · {md_text(page_label(other_result))}", "{: .pa-continuation }", ""]
    for target in context.links.continued_in.get(article.id, []):
        other, other_result = context.articles[target]
        lines += [f"{md_text('下转：')}[{md_text(other.title)}]({link(here, article_source(other))}) · {md_text(page_label(other_result))}", "{: .pa-continuation }", ""]
    return lines


def _source_segments(result: PageResult) -> list[tuple[int, int, str, str | None]]:
    """Cover the page text with classified segments, in text order:
    (start, end, class, article id)."""
    segments: list[tuple[int, int, str, str | None]] = []
    for article in result.articles:
        segments += [(s.start, s.end, "pa-src-body", article.id) for s in article.spans]
        segments += [(s.start, s.end, "pa-src-head", article.id) for s in article.head_spans]
    for article in result.hidden:
        segments += [(s.start, s.end, "pa-src-hidden", None) for s in article.spans + article.head_spans]
    segments += [(s.start, s.end, "pa-src-furniture", None) for e in result.furniture for s in e.spans]
    segments += [(s.start, s.end, "pa-src-residue", None) for e in result.residue for s in e.spans]
    segments.sort()
    return segments


# A page's text longer than this is shown in parts of about this size: a
# 50 MB dump made one page view that MkDocs and browsers could not handle.
SOURCE_PART_CHARS = 100_000


@lru_cache(maxsize=4)  # asked once per article of the page: a dump has thousands
def source_parts(text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of each part of a page's text shown on one page view,
    cut at line ends; one part for any ordinary page."""
    if len(text) <= SOURCE_PART_CHARS * 3 // 2:
        return ((0, len(text)),)
    bounds, position = [0], 0
    while len(text) - position > SOURCE_PART_CHARS * 3 // 2:
        cut = text.rfind("\n", position + SOURCE_PART_CHARS // 2, position + SOURCE_PART_CHARS)
        position = cut + 1 if cut >= 0 else position + SOURCE_PART_CHARS
        bounds.append(position)
    bounds.append(len(text))
    return tuple(zip(bounds, bounds[1:]))


def source_part_path(page_key: str, number: int) -> str:
    """Part 1 is on the page view itself; later parts in a folder of its name."""
    return page_source(page_key) if number == 1 else f"pages/{page_key}/{number}.md"


def source_link(article: Article, result: PageResult) -> str:
    """The page view (part) where the article's text begins."""
    starts = [s.start for s in article.spans + article.head_spans]
    first = min(starts) if starts else 0
    number = next(i for i, (start, end) in enumerate(source_parts(result.page.text), 1) if first < end or end == len(result.page.text))
    return source_part_path(result.page.meta.key, number)


def render_source_view(result: PageResult, start: int = 0, end: int | None = None) -> str:
    """The original page text (from ``start`` to ``end``) with each
    article's spans marked."""
    text = result.page.text
    end = len(text) if end is None else end
    numbers = {a.id: i + 1 for i, a in enumerate(result.articles)}
    out = ['<div class="pa-source" lang="zh">']
    position = start
    seen: set[str] = set()
    for segment_start, segment_end, css, article_id in _source_segments(result):
        segment_start, segment_end = max(segment_start, start), min(segment_end, end)
        if segment_start < position or segment_start >= segment_end:
            continue  # outside this part, or claimed twice (reported by accounting): shown once
        out.append(html_text(text[position:segment_start]))
        attrs = f'class="pa-src {css}"'
        badge = ""
        if article_id:
            number = numbers[article_id]
            attrs += f' data-article="{html_text(article_id)}" data-n="{number % 6}"'
            if article_id not in seen:
                seen.add(article_id)
                attrs += f' id="src-{html_text(article_id)}"'
                # Raw HTML: MkDocs does not turn .md into .html here.
                listing = "" if start == 0 else html_path(link(source_part_path(result.page.meta.key, 2), page_source(result.page.meta.key)))
                badge = f'<a class="pa-src-num" href="{listing}#pa-art-{number}" title="第{number}篇">{number}</a>'
        elif css == "pa-src-residue":
            attrs += ' title="不属于任何文章的文字"'
        elif css == "pa-src-hidden":
            attrs += ' title="编辑撤下的文章"'
        out.append(f"<span {attrs}>{badge}{html_text(text[segment_start:segment_end])}</span>")
        position = segment_end
    out.append(html_text(text[position:end]))
    out.append("</div>")
    # A raw HTML block must not contain blank lines for Markdown to keep it
    # whole; line breaks of the source are kept as <br> instead.
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>\n")


def render_source_parts(result: PageResult) -> dict[str, str]:
    """Parts 2… of a very long page's text, each on a page of its own."""
    parts = source_parts(result.page.text)
    files = {}
    for number, (start, end) in enumerate(parts[1:], 2):
        here = source_part_path(result.page.meta.key, number)
        title = f"版面：{page_label(result)}（原文第 {number}/{len(parts)} 部分）"
        back = f"[{md_text('← 返回版面：' + page_label(result))}]({link(here, page_source(result.page.meta.key))})"
        files[here] = "\n".join([front_matter({"title": title}), "", f"# {md_text(title)}", "", back, "", _parts_bar(here, result, number), "", render_source_view(result, start, end), ""])
    return files


def _parts_bar(here: str, result: PageResult, current: int) -> str:
    count = len(source_parts(result.page.text))
    links = [md_text(str(n)) if n == current else f"[{n}]({link(here, source_part_path(result.page.meta.key, n))})" for n in range(1, count + 1)]
    return md_text("原文分部分：") + " ".join(links)


def _issue_pager(here: str, result: PageResult, context: SiteContext) -> list[str]:
    """Previous and next page of the same issue, as in the e-paper."""
    previous, following = context.browse.neighbours(result)
    return neighbours_bar(
        here,
        previous and ("上一版 " + page_name(previous), page_source(previous.page.meta.key)),
        following and ("下一版 " + page_name(following), page_source(following.page.meta.key)),
    )


def render_page_view(result: PageResult, context: SiteContext | None = None) -> str:
    meta = result.page.meta
    here = page_source(meta.key)
    acct = result.accounting
    context = context or SiteContext.build([result])
    parts = [front_matter({"title": f"版面：{page_label(result)}", "page_key": meta.key, "source": result.page.rel_path}), ""]
    steps = [md_text(meta.paper)] if meta.paper else []
    if meta.date:
        steps.append(f"[{md_text(long_date(meta.date))}]({link(here, day_source(meta.date))})" + (md_text("（推断）") if meta.date_source == "text" else ""))
    else:
        steps.append(f"[{md_text('日期不详')}]({link(here, UNDATED)})")
    steps.append(md_text(page_name(result)))
    parts += [" › ".join(steps), "{: .pa-breadcrumb }", ""]
    parts += [f"# {md_text('版面：' + page_label(result))}", ""]
    parts += _issue_pager(here, result, context)
    parts += [f"## {md_text(f'本版文章（{len(result.articles)}）')}", ""]
    for number, article in enumerate(result.articles, 1):
        extra = [KIND_NAMES.get(article.kind, article.kind)] if article.kind != "article" else []
        if article.byline:
            extra.append(article.byline)
        suffix = f" · {md_text(' · '.join(extra))}" if extra else ""
        parts.append(f'{number}. <span id="pa-art-{number}"></span>[{md_text(article.title)}]({link(here, article_source(article))}){suffix}')
    parts.append("")
    if result.hidden:
        parts += [f"## {md_text(f'编辑撤下的文章（{len(result.hidden)}）')}", ""]
        parts += [f"- [{md_text(a.title)}]({link(here, article_source(a))})" for a in result.hidden] + [""]
    if result.residue:
        parts += [f"## {md_text('未归属的文字')}", ""]
        parts += [f"- {md_text(e.text[:80])}" for e in result.residue] + [""]
    parts += [f"## {md_text('原文')}", "", md_text("彩色底纹标出每篇文章在原文中的位置；序号对应上方文章列表。"), "{: .pa-note }", ""]
    source = source_parts(result.page.text)
    if len(source) > 1:
        parts += [_parts_bar(here, result, 1), ""]
    parts += [render_source_view(result, *source[0]), ""]
    parts += [f"## {md_text('版面信息')}", ""]
    rows = [
        ("报纸", meta.paper or "—"),
        ("日期", date_text(meta) + (f"（{DATE_SOURCE_NAMES.get(meta.date_source, '')}）" if meta.date_source and meta.date_source != "text" else "")),
        ("版次", meta.page or "—"),
        ("版名", meta.page_name or "—"),
        ("源文件", result.page.rel_path),
        ("编码", result.page.encoding),
        ("字符", f"{acct.total}（正文 {acct.body}，标题 {acct.head}，版面元素 {acct.furniture}，标记 {acct.markup}，未归属 {acct.residue}，空白 {acct.whitespace}）"),
    ]
    parts += ["| 项目 | 内容 |", "| --- | --- |"] + [f"| {md_text(k)} | {md_text(v)} |" for k, v in rows] + [""]
    if meta.date_evidence:
        parts += [md_text("日期推断依据：" + meta.date_evidence), "{: .pa-note }", ""]
    parts += _issue_pager(here, result, context)
    return "\n".join(parts)


def page_view_inputs(result: PageResult, context: SiteContext) -> bytes:
    """Everything :func:`render_page_view` (and the notices of hidden
    articles) read, as bytes: the page, its articles' titles, kinds,
    bylines and spans, and the neighbouring pages.  A rebuild renders the
    view again only when these change.  Keep it in step with the renderer:
    tests/test_incremental.py builds incrementally and clean and compares."""
    previous, following = context.browse.neighbours(result)
    articles = [(a.id, a.title, a.kind, a.byline, a.spans, a.head_spans) for a in result.articles]
    return pickle.dumps((
        result.page.text, result.page.meta, result.page.rel_path, result.page.encoding,
        articles, result.hidden, result.furniture, result.residue, result.accounting,
        [(page_name(p), p.page.meta.key) if p else None for p in (previous, following)],
    ), protocol=5)


def article_inputs(article: Article, result: PageResult, context: SiteContext) -> bytes:
    """Everything :func:`render_article` (and the notices of articles merged
    into it) read, as bytes: the article, its page's identity, and what it
    shows of others — titles, dates and page labels of related, continued
    and duplicate articles, tag and column paths, whether its day has a
    page.  Keep it in step with the renderer (tests/test_incremental.py)."""
    related = context.related_of(article)
    referenced = [entry[0] for entry in related] + context.links.duplicates.get(article.id, [])
    referenced += [article.split_from] if article.split_from in context.articles else []
    column = column_of(article, result)
    # All of the article, or what made it and what was chosen after.
    state = (article.fingerprint, article.annotation.keywords) if article.fingerprint and article.annotation else article
    return pickle.dumps((
        state, result.page.meta, result.page.rel_path, result.page.encoding, page_name(result),
        related, [context.shown(ident) for ident in referenced],
        [context.tag_paths.get((kind, term)) for kind, terms in article_tags(article).items() for term in terms],
        column, context.browse.column_paths.get(column), article_date(article, result)[0] in context.browse.issues_on,
    ), protocol=5)


def render_withdrawn(article: Article, result: PageResult) -> str:
    """What stays at the URL of an article an editor hid: a notice, so the
    permalink still answers."""
    here = article_source(article)
    parts = [front_matter({"title": "已撤下的文章", "id": article.id, "hidden": True, "hide": ["navigation", "toc"]}), ""]
    parts += [f"# {md_text('已撤下的文章')}", "", md_text("本文已由编辑撤下，不再公开。"), ""]
    if article.editor_note:
        parts += [md_text("编辑说明：" + article.editor_note), ""]
    parts += [f"[{md_text('所在版面：' + page_label(result))}]({link(here, page_source(result.page.meta.key))})", ""]
    return "\n".join(parts)


def render_merged(ident: str, target: Article) -> str:
    """What stays at the URL of an article an editor merged into another."""
    here = merged_source(ident, target)
    parts = [front_matter({"title": target.title, "id": ident, "merged_into": target.id, "hide": ["navigation", "toc"]}), ""]
    parts += [f"# {md_text(target.title)}", "", f"{md_text('本文已由编辑并入')}[{md_text('《' + target.title + '》')}]({link(here, article_source(target))}){md_text('。')}", ""]
    return "\n".join(parts)


def merged_source(ident: str, target: Article) -> str:
    return f"articles/{target.page_key}/{ident[len(target.page_key) + 1 :]}.md"


def _needs_a_look(result: PageResult) -> bool:
    """Text left to no article, or a warning about the page."""
    return result.accounting.residue > 0 or result.accounting.accounted < result.accounting.total or any(d.level in ("warning", "error") for d in result.diagnostics)


def render_report(results: list[PageResult], extra_diagnostics: list) -> str:
    here = "report.md"
    total = Counter()
    for result in results:
        acct = result.accounting
        for name in ("total", "body", "head", "furniture", "markup", "residue", "whitespace"):
            total[name] += getattr(acct, name)
    articles = sum(len(r.articles) for r in results)
    accounted = sum(r.accounting.accounted for r in results)
    parts = [front_matter({"title": "构建报告"}), "", f"# {md_text('构建报告')}", ""]
    parts += [
        md_text(
            f"{len(results)} 个版面，{articles} 篇文章；字符 {total['total']}，已归属 {accounted}"
            f"（{100.0 * accounted / total['total'] if total['total'] else 100.0:.1f}%）：正文 {total['body']}，标题 {total['head']}，"
            f"版面元素 {total['furniture']}，标记 {total['markup']}，未归属 {total['residue']}，空白 {total['whitespace']}。"
        ),
        "",
    ]
    # Only the pages that need a look get a row: a row for every page made
    # this one page grow with the archive (170 kB at 10,000 articles, 6 MB
    # for a decade); each page's own numbers are on its page view.
    flagged = [r for r in sorted(results, key=lambda r: r.page.rel_path) if _needs_a_look(r)]
    parts += [f"## {md_text(f'需要检查的版面（{len(flagged)} / {len(results)}）')}", ""]
    if flagged:
        parts += [
            "| 版面 | 编码 | 文章 | 字符 | 正文 | 标题 | 版面元素 | 标记 | 未归属 | 空白 | 已归属 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
    for result in flagged:
        a = result.accounting
        share = 100.0 * a.accounted / a.total if a.total else 100.0
        parts.append(
            f"| [{md_text(result.page.rel_path)}]({link(here, page_source(result.page.meta.key))}) | {md_text(result.page.encoding)} | {len(result.articles)} | {a.total} | {a.body} | {a.head} | "
            f"{a.furniture} | {a.markup} | {a.residue} | {a.whitespace} | {share:.1f}% |"
        )
    parts += ([""] if flagged else []) + [md_text(f"其余 {len(results) - len(flagged)} 个版面：每个字符都已归入文章或版面元素，没有警告；各版面的字符数在它的版面页上。"), ""]
    skipped = [d for d in extra_diagnostics if d.code == PAGE_SKIPPED]
    if skipped:
        parts += [f"## {md_text(f'未读入的文件（{len(skipped)}）')}", "", md_text("这些文件不是可读的文本，没有生成版面；原文件保持不变。"), ""]
        parts += ["| 文件 | 原因 |", "| --- | --- |"] + [f"| {md_text(d.file)} | {md_text(d.message)} |" for d in skipped] + [""]
    diagnostics = [d for r in results for d in r.diagnostics] + list(extra_diagnostics)
    parts += [f"## {md_text(f'警告与错误（{len(diagnostics)}）')}", ""]
    if diagnostics:
        parts += [f"- {md_text(str(d))}" for d in diagnostics]
    else:
        parts.append(md_text("没有警告。"))
    parts.append("")
    residue = [(r, e) for r in results for e in r.residue]
    parts += [f"## {md_text(f'未归属的文字（{len(residue)}）')}", ""]
    if residue:
        parts += [f"- [{md_text(r.page.rel_path)}]({link(here, page_source(r.page.meta.key))})：{md_text(e.text[:60])}" for r, e in residue]
    else:
        parts.append(md_text("每个字符都已归入文章或版面元素。"))
    parts.append("")
    return "\n".join(parts)

"""Browse pages: the home page, the date archive (year → month → day), the
pages index (版面) and column pages — the ways into the archive that follow
the paper itself.

The navigation stays small however large the archive: the sidebar holds
only these entry points, a day lists only that day's pages, and listings
that grow with the archive (columns, the pages index) are paginated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import Article, PageResult
from .charts import days_chart, months_chart, year_calendar
from .labels import KIND_NAMES, long_date, month_name, page_label, page_name, page_number_key
from .markup import front_matter, html_text, md_text
from .paginate import ARTICLES_PER_PAGE, neighbours_bar, paginate_archive
from .tags import newest_first_key, tag_slug
from .urls import (
    COLUMNS_INDEX,
    DATES_INDEX,
    PAGES_INDEX,
    UNDATED,
    article_source,
    day_source,
    html_path,
    link,
    month_source,
    page_source,
    year_source,
)

ISSUES_PER_PAGE = 60


@dataclass
class Issue:
    """One day's pages of one paper (an undated page is an issue of its own)."""

    paper: str | None
    date: str | None
    pages: list[PageResult]

    @property
    def articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)


@dataclass
class Browse:
    issues: list[Issue] = field(default_factory=list)  # newest first, undated last
    issue_of: dict[str, Issue] = field(default_factory=dict)  # page key → issue
    columns: dict[str, list[tuple[Article, PageResult]]] = field(default_factory=dict)  # newest first
    column_paths: dict[str, str] = field(default_factory=dict)
    issues_on: dict[str, list[Issue]] = field(default_factory=dict)  # date → its issues, by paper
    by_month: Counter = field(default_factory=Counter)  # YYYY-MM → articles
    by_day: Counter = field(default_factory=Counter)  # YYYY-MM-DD → articles

    @classmethod
    def build(cls, results: list[PageResult]) -> "Browse":
        grouped: dict[tuple, list[PageResult]] = defaultdict(list)
        for result in results:
            meta = result.page.meta
            key = (meta.date, meta.paper or "") if meta.date else (None, result.page.rel_path)
            grouped[key].append(result)
        issues = [Issue(pages[0].page.meta.paper, date, sorted(pages, key=page_number_key)) for (date, _), pages in grouped.items()]
        issues.sort(key=lambda i: (i.date is None, _descending(i.date or ""), i.paper or "", i.pages[0].page.rel_path))
        browse = cls(issues=issues, issue_of={p.page.meta.key: i for i in issues for p in i.pages})
        for issue in sorted(browse.dated(), key=lambda i: i.paper or ""):
            browse.issues_on.setdefault(issue.date, []).append(issue)
            browse.by_day[issue.date] += issue.articles
            browse.by_month[issue.date[:7]] += issue.articles
        ordered = sorted(((a, r) for r in results for a in r.articles), key=lambda ar: newest_first_key(*ar))
        for article, result in ordered:
            column = column_of(article, result)
            if column:
                browse.columns.setdefault(column, []).append((article, result))
        browse.columns = dict(sorted(browse.columns.items()))
        browse.column_paths = {name: f"columns/{tag_slug(name)}.md" for name in browse.columns}
        return browse

    def neighbours(self, result: PageResult) -> tuple[PageResult | None, PageResult | None]:
        """Previous and next page of the same issue."""
        issue = self.issue_of.get(result.page.meta.key)
        if issue is None or issue.date is None:
            return None, None
        at = issue.pages.index(result)
        return (issue.pages[at - 1] if at > 0 else None, issue.pages[at + 1] if at + 1 < len(issue.pages) else None)

    def dated(self) -> list[Issue]:
        return [i for i in self.issues if i.date]

    def undated(self) -> list[Issue]:
        return [i for i in self.issues if not i.date]


def column_of(article: Article, result: PageResult) -> str | None:
    """The column (栏目) an article ran under: its own banner or label, else
    the page's column from the manifest."""
    return article.column or result.page.meta.column


def _descending(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def article_item(here: str, article: Article, with_kicker: bool = True) -> str:
    """One list line for an article: kicker, title as a link, kind, byline."""
    kicker = f'<span class="pa-list-kicker">{html_text(article.kicker)}</span> ' if with_kicker and article.kicker else ""
    extra = []
    if article.kind != "article":
        extra.append(KIND_NAMES.get(article.kind, article.kind))
    if article.byline:
        extra.append(article.byline)
    meta = f' <span class="pa-list-meta">{html_text(" · ".join(extra))}</span>' if extra else ""
    return f"- {kicker}[{md_text(article.title)}]({link(here, article_source(article))}){meta}"


def _issue_block(here: str, issue: Issue, heading: str = "###") -> list[str]:
    lines: list[str] = []
    for result in issue.pages:
        lines += [f"{heading} [{md_text(page_name(result))}]({link(here, page_source(result.page.meta.key))}) " + md_text(f"（{len(result.articles)} 篇）"), ""]
        lines += [article_item(here, a) for a in result.articles] + [""]
    return lines


# -- date archive -----------------------------------------------------------------


def render_dates_index(browse: Browse) -> str:
    here = DATES_INDEX
    by_month, by_day = browse.by_month, browse.by_day
    parts = [front_matter({"title": "日期"}), "", f"# {md_text('按日期浏览')}", ""]
    dated = browse.dated()
    if dated:
        parts += [md_text(f"{len(by_day)} 天 · {len(dated)} 期 · {sum(by_month.values())} 篇，{dated[-1].date} 至 {dated[0].date}"), "{: .pa-meta }", ""]
        parts += [months_chart(by_month, "每月文章数"), ""]
    years = sorted({m[:4] for m in by_month}, reverse=True)
    for year in years:
        months = [m for m in sorted(by_month, reverse=True) if m.startswith(year)]
        total = sum(by_month[m] for m in months)
        parts += [f"## [{md_text(f'{int(year)}年')}]({link(here, year_source(year))}) " + md_text(f"（{total} 篇）"), ""]
        parts.append(" · ".join(f"[{md_text(f'{int(m[5:])}月')}]({link(here, month_source(m))}) {by_month[m]}" for m in months))
        parts += ["{: .pa-month-row }", ""]
    undated = browse.undated()
    if undated:
        count = sum(i.articles for i in undated)
        parts += [f"## [{md_text('日期不详')}]({link(here, UNDATED)}) " + md_text(f"（{len(undated)} 个版面，{count} 篇）"), ""]
    if not dated and not undated:
        parts += [md_text("还没有版面。"), ""]
    return "\n".join(parts)


def render_year(browse: Browse, year: str) -> str:
    here = year_source(year)
    by_month, by_day = browse.by_month, browse.by_day
    months = [m for m in sorted(by_month) if m.startswith(year)]
    total = sum(by_month[m] for m in months)
    parts = [front_matter({"title": f"{int(year)}年"}), "", f"# {md_text(f'{int(year)}年')}", ""]
    parts += [f"[{md_text('全部日期')}]({link(here, DATES_INDEX)}) · " + md_text(f"{total} 篇，{sum(1 for d in by_day if d.startswith(year))} 天"), "{: .pa-meta }", ""]
    parts += [year_calendar(by_day, int(year), f"{int(year)}年每天的文章数（颜色越深越多）", href=lambda d: _relative_html(here, day_source(d))), ""]
    parts += ["| 月份 | 出版日 | 文章 |", "| --- | --- | --- |"]
    for month in months:
        days = sum(1 for d in by_day if d.startswith(month))
        parts.append(f"| [{md_text(month_name(month))}]({link(here, month_source(month))}) | {days} | {by_month[month]} |")
    parts.append("")
    return "\n".join(parts)


def render_month(browse: Browse, month: str) -> str:
    here = month_source(month)
    by_month, by_day = browse.by_month, browse.by_day
    parts = [front_matter({"title": month_name(month)}), "", f"# {md_text(month_name(month))}", ""]
    parts += [f"[{md_text(f'{int(month[:4])}年')}]({link(here, year_source(month[:4]))}) · " + md_text(f"{by_month[month]} 篇"), "{: .pa-meta }", ""]
    parts += [days_chart(by_day, month, f"{month_name(month)}每天的文章数"), ""]
    for day in sorted(d for d in by_day if d.startswith(month)):
        papers = browse.issues_on[day]
        summary = "，".join(f"{i.paper or '未署报名'} {len(i.pages)} 个版面 {i.articles} 篇" for i in papers)
        parts.append(f"- [{md_text(long_date(day))}]({link(here, day_source(day))}) · {md_text(summary)}")
    parts.append("")
    published = sorted(by_month)
    at = published.index(month)
    before, after = published[at - 1] if at else None, published[at + 1] if at + 1 < len(published) else None
    parts += neighbours_bar(here, before and (month_name(before), month_source(before)), after and (month_name(after), month_source(after)))
    return "\n".join(parts)


def render_day(browse: Browse, date: str, days: list[str]) -> str:
    here = day_source(date)
    issues = browse.issues_on[date]
    total = sum(i.articles for i in issues)
    parts = [front_matter({"title": long_date(date)}), "", f"# {md_text(long_date(date))}", ""]
    parts += [f"[{md_text(month_name(date[:7]))}]({link(here, month_source(date[:7]))}) · " + md_text(f"{sum(len(i.pages) for i in issues)} 个版面，{total} 篇"), "{: .pa-meta }", ""]
    for issue in issues:
        parts += [f"## {md_text(issue.paper or '未署报名')}", ""]
        parts += _issue_block(here, issue)
    at = days.index(date)
    before, after = days[at - 1] if at else None, days[at + 1] if at + 1 < len(days) else None
    parts += neighbours_bar(here, before and ("上一期 " + before, day_source(before)), after and ("下一期 " + after, day_source(after)))
    return "\n".join(parts)


def render_undated(browse: Browse) -> str:
    here = UNDATED
    parts = [front_matter({"title": "日期不详"}), "", f"# {md_text('日期不详')}", ""]
    parts += [md_text("这些版面既没有在版面清单或文件名中给出日期，正文中也找不到可靠的日期。在 pages.yml 中补上日期后重新构建即可归入日期档案。"), "{: .pa-note }", ""]
    for issue in browse.undated():
        result = issue.pages[0]
        parts += [f"## [{md_text(page_label(result))}]({link(here, page_source(result.page.meta.key))}) " + md_text(f"（{len(result.articles)} 篇）"), ""]
        parts += [article_item(here, a) for a in result.articles] + [""]
    return "\n".join(parts)


def _relative_html(here: str, target: str) -> str:
    return html_path(link(here, target))


# -- pages index and columns ----------------------------------------------------------


def render_pages_index(browse: Browse) -> dict[str, str]:
    """Every issue, newest first, with links to its pages; paginated."""

    def render(here: str, issues, pager: list[str], block: str | None) -> str:
        title = "版面" if not block else f"版面（{block}）"
        parts = [front_matter({"title": title}), "", f"# {md_text('版面')}", ""]
        if not block:
            total_pages = sum(len(i.pages) for i in browse.issues)
            parts += [md_text(f"{len(browse.issues)} 期 · {total_pages} 个版面，最新的在前。") + f" [{md_text('按日期浏览')}]({link(here, DATES_INDEX)})", "{: .pa-meta }", ""]
        parts += pager
        parts += ["| 日期 | 报纸 | 版面 | 文章 |", "| --- | --- | --- | --- |"]
        for issue in issues:
            date = f"[{md_text(issue.date)}]({link(here, day_source(issue.date))})" if issue.date else md_text("日期不详")
            pages = " ".join(f"[{md_text(page_name(p))}]({link(here, page_source(p.page.meta.key))})" for p in issue.pages)
            parts.append(f"| {date} | {md_text(issue.paper or '—')} | {pages} | {issue.articles} |")
        parts.append("")
        parts += pager
        return "\n".join(parts)

    return paginate_archive(PAGES_INDEX, browse.issues, ISSUES_PER_PAGE, render, lambda issue: issue.date)


def render_columns(browse: Browse) -> dict[str, str]:
    here = COLUMNS_INDEX
    parts = [front_matter({"title": "栏目"}), "", f"# {md_text('栏目')}", ""]
    if browse.columns:
        parts += [md_text(f"{len(browse.columns)} 个栏目，按文章数排序。栏目取自版面上的栏目名（如 决策建议、智库视点）或 pages.yml 中的 column。"), "{: .pa-meta }", ""]
        parts += ["| 栏目 | 文章 | 最近 |", "| --- | --- | --- |"]
        for name, items in sorted(browse.columns.items(), key=lambda item: (-len(item[1]), item[0])):
            newest = items[0][1].page.meta.date or "—"
            parts.append(f"| [{md_text(name)}]({link(here, browse.column_paths[name])}) | {len(items)} | {md_text(newest)} |")
        parts.append("")
    else:
        parts += [md_text("还没有栏目：版面上没有栏目名，pages.yml 中也没有 column。"), ""]
    files = {here: "\n".join(parts)}
    for name, items in browse.columns.items():
        render = lambda h, chunk, pager, block, name=name, total=len(items): _column_page(h, name, total, chunk, pager, block)  # noqa: E731
        files.update(paginate_archive(browse.column_paths[name], items, ARTICLES_PER_PAGE, render, lambda item: item[1].page.meta.date))
    return files


def _column_page(here: str, name: str, total: int, items, pager: list[str], block: str | None) -> str:
    title = f"栏目：{name}" + (f"（{block}）" if block else "")
    parts = [front_matter({"title": title}), "", f"# {md_text(name)}", ""]
    parts += [md_text(f"栏目 · {block or f'{total} 篇'} · ") + f"[{md_text('全部栏目')}]({link(here, COLUMNS_INDEX)})", "{: .pa-meta }", ""]
    parts += pager + article_table(here, items) + pager
    return "\n".join(parts)


def article_table(here: str, items, rows: dict[tuple[str, str], str] | None = None) -> list[str]:
    """Date, page and title of articles, one row each.  ``rows`` keeps the
    rows made for pages of one folder (their links depend on nothing
    else): an article is listed under twenty tags or so."""
    lines = ["| 日期 | 版面 | 标题 |", "| --- | --- | --- |"]
    folder = here.rpartition("/")[0]
    for article, result in items:
        row = rows.get((folder, article.id)) if rows is not None else None
        if row is None:
            row = _table_row(here, article, result)
            if rows is not None:
                rows[(folder, article.id)] = row
        lines.append(row)
    return lines + [""]


def _table_row(here: str, article: Article, result: PageResult) -> str:
    meta = result.page.meta
    date = f"[{md_text(meta.date)}]({link(here, day_source(meta.date))})" if meta.date else md_text("日期不详")
    if meta.date and meta.date_source == "text":
        date += md_text("（推断）")
    page = f"[{md_text(' '.join(p for p in (meta.paper or '', page_name(result)) if p))}]({link(here, page_source(meta.key))})"
    return f"| {date} | {page} | [{md_text(article.title)}]({link(here, article_source(article))}) |"


# -- home -----------------------------------------------------------------------


def render_home(browse: Browse, site_name: str = "报纸档案") -> str:
    here = "index.md"
    articles = sum(i.articles for i in browse.issues)
    pages = sum(len(i.pages) for i in browse.issues)
    papers = sorted({i.paper for i in browse.issues if i.paper})
    dated = browse.dated()
    parts = [front_matter({"title": "首页", "hide": ["navigation", "toc"]}), "", f"# {md_text(site_name)}", ""]
    summary = f"{'、'.join(papers) + ' · ' if papers else ''}{pages} 个版面 · {articles} 篇文章"
    if dated:
        summary += f" · {dated[-1].date} 至 {dated[0].date}"
    parts += [md_text(summary), "{: .pa-meta }", ""]
    entries = [
        ("按日期", DATES_INDEX, "年 → 月 → 日，每天的各个版面"),
        ("版面", PAGES_INDEX, "每一期的每一版，原文与文章对照"),
        ("栏目", COLUMNS_INDEX, f"{len(browse.columns)} 个栏目"),
        ("标签", "tags/index.md", "关键词、人物、地点、机构"),
        ("作者", "tags/authors/index.md", "记者与作者署名"),
        ("构建报告", "report.md", "每个版面的字符去向与警告"),
    ]
    parts += ['<div class="grid cards pa-entries" markdown>', ""]
    parts += [f"- [{md_text(name)}]({link(here, target)})  \n  {md_text(note)}" for name, target, note in entries]
    parts += ["", "</div>", ""]
    if dated:
        newest = dated[0].date
        parts += [f"## {md_text('最新一期')}：[{md_text(long_date(newest))}]({link(here, day_source(newest))})", ""]
        for issue in (i for i in dated if i.date == newest):
            if len(papers) > 1:
                parts += [f"### {md_text(issue.paper or '未署报名')}", ""]
            parts += _issue_block(here, issue, "####" if len(papers) > 1 else "###")
        by_month = browse.by_month
        parts += [f"## {md_text('各月文章数')}", "", months_chart(by_month, "每月文章数"), ""]
    undated = browse.undated()
    if undated:
        parts += [f"[{md_text(f'另有 {len(undated)} 个版面日期不详')}]({link(here, UNDATED)})", "{: .pa-note }", ""]
    parts += [f"[{md_text('下载全部文章数据（articles.jsonl）')}](data/articles.jsonl)", "{: .pa-note }", ""]
    return "\n".join(parts)


def browse_files(results: list[PageResult], browse: Browse) -> dict[str, str]:
    files: dict[str, str] = {"index.md": render_home(browse), DATES_INDEX: render_dates_index(browse)}
    by_month, by_day = browse.by_month, browse.by_day
    days = sorted(by_day)
    for year in sorted({d[:4] for d in days}):
        files[year_source(year)] = render_year(browse, year)
    for month in sorted(by_month):
        files[month_source(month)] = render_month(browse, month)
    for day in days:
        files[day_source(day)] = render_day(browse, day, days)
    if browse.undated():
        files[UNDATED] = render_undated(browse)
    files.update(render_pages_index(browse))
    files.update(render_columns(browse))
    return files

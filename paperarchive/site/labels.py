"""How the archive names things for readers: pages, dates, kinds.  Shared
by every page renderer so a page is called the same everywhere."""

from __future__ import annotations

import datetime as dt

from ..model import Article, PageMeta, PageResult

KIND_NAMES = {"article": "文章", "photo": "图片新闻", "continuation": "续文", "editor_note": "编者按", "commentary": "评论"}
DATE_SOURCE_NAMES = {"manifest": "版面清单", "filename": "文件名", "text": "据正文推断", "correction": "编辑更正"}
WEEKDAYS = "一二三四五六日"


def page_name(result: PageResult) -> str:
    """``第01版 要闻``; without a page number the file name tells the pages
    of one day apart."""
    meta = result.page.meta
    parts = [f"第{meta.page}版" if meta.page else result.page.rel_path.rsplit(".", 1)[0], meta.page_name or ""]
    return " ".join(p for p in parts if p)


def page_label(result: PageResult) -> str:
    """``重庆日报 2022-07-28 第01版 要闻``."""
    meta = result.page.meta
    return " ".join(p for p in (meta.paper or "", meta.date or "", page_name(result)) if p)


def date_text(meta: PageMeta) -> str:
    if not meta.date:
        return "日期不详"
    if meta.date_source == "text":
        return f"{meta.date}（推断）"
    return meta.date


def article_date(article: Article, result: PageResult) -> tuple[str | None, str | None]:
    """An article's date and where it comes from: an editor's correction,
    else its page's date."""
    if article.date:
        return article.date, "correction"
    return result.page.meta.date, result.page.meta.date_source


def long_date(date: str) -> str:
    """``2022年7月28日 星期四``."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def month_name(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def page_number_key(result: PageResult) -> tuple:
    """Order of pages within an issue: by printed page number, then file."""
    meta = result.page.meta
    digits = "".join(c for c in (meta.page or "") if c.isdigit())
    return (int(digits) if digits else 10**6, meta.page or "", result.page.rel_path)

"""Writing pages: front matter, escaping of hostile text, safe output."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from paperarchive.model import PageMeta, SourcePage
from paperarchive.segment import segment_page
from paperarchive.site.output import MANIFEST, OutputError, write_tree
from paperarchive.site.render import article_front_matter, render_article, render_page_view

HOSTILE = """\
<script>alert(1)</script> 标题：“引号” --- {{ x }}

本报讯（记者 张三）<img src=x onerror=alert(1)>今天，[点我](javascript:alert(1))会议召开。

# 不是标题 | 表格 | 也不是 |
> 引用？{% raw %} *强调* 1. 列表 ---

正文继续：<b>粗体</b>与&amp;实体。
"""


def to_html(text: str) -> str:
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])


def hostile_result():
    page = SourcePage(Path("hostile.txt"), "hostile.txt", HOSTILE, "utf-8", PageMeta(key="hostile"))
    return segment_page(page)


def test_front_matter_round_trips_for_every_sample_article(segmented):
    for result in segmented.values():
        for article in result.articles:
            text = render_article(article, result)
            parsed = get_data(text)[1]
            assert parsed == article_front_matter(article, result)
            assert parsed["source"]["spans"] == [[s.start, s.end] for s in article.spans]


def test_hostile_text_renders_literally_and_never_as_markup():
    result = hostile_result()
    assert result.articles
    for article in result.articles:
        page = render_article(article, result)
        front = get_data(page)[1]
        assert front["title"] == article.title  # quotes, colons, --- survive YAML
        rendered = to_html(page)
        assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
        assert 'href="javascript' not in rendered and "<blockquote" not in rendered and "<table" not in rendered
        assert "<ol" not in rendered and "<em>" not in rendered
    # What the reader sees is exactly the page's text.
    visible = html.unescape(re.sub(r"<[^>]+>", "", "".join(to_html(render_article(a, result)) for a in result.articles)))
    for literal in ("<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))", "<b>粗体</b>与&amp;实体", "*强调* 1. 列表 ---", "<script>alert(1)</script>"):
        assert literal in visible


def test_page_view_escapes_the_source_text():
    result = hostile_result()
    rendered = to_html(render_page_view(result))
    assert "<script>alert(1)</script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert 'class="pa-src pa-src-body"' in rendered


def test_write_tree_only_touches_its_own_files(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "pages").mkdir(parents=True)
    (docs / "pages" / "mine.md").write_text("hand-written", encoding="utf-8")
    (docs / "index.md").write_text("my own home page", encoding="utf-8")
    report = write_tree(docs, {"pages/a.md": "A", "index.md": "generated home", "articles/x/1.md": "one"})
    assert (docs / "pages" / "mine.md").read_text(encoding="utf-8") == "hand-written"
    assert (docs / "index.md").read_text(encoding="utf-8") == "my own home page"
    assert any("docs/index.md" in str(d) for d in report.diagnostics)
    assert sorted(report.written) == ["articles/x/1.md", "pages/a.md"]
    # Second build: one file gone, one unchanged, one changed.
    before = (docs / "pages" / "a.md").stat().st_mtime_ns
    report = write_tree(docs, {"pages/a.md": "A", "articles/x/2.md": "two"})
    assert report.removed == ["articles/x/1.md"] and not (docs / "articles" / "x" / "1.md").exists()
    assert report.unchanged == ["pages/a.md"] and (docs / "pages" / "a.md").stat().st_mtime_ns == before
    assert (docs / "pages" / "mine.md").exists() and (docs / "index.md").exists()
    assert (docs / MANIFEST).exists()


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md"])
def test_write_tree_refuses_paths_outside_docs(tmp_path: Path, bad: str):
    with pytest.raises(OutputError):
        write_tree(tmp_path / "docs", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()

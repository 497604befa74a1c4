"""The rendered site: mkdocs build --strict, pages, search index, serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_strict_build_renders_every_article(built_site: Path):
    site = built_site / "site"
    articles = sorted((site / "articles").rglob("*.html"))
    assert len(articles) == 26
    page = (site / "articles" / "000_fb5bc286347f2f36").glob("*.html")
    carbon = next(p for p in page if "碳中和路径设计应处理好五大关系" in p.read_text(encoding="utf-8"))
    html = carbon.read_text(encoding="utf-8")
    assert '<p class="pa-kicker">中国科学院院士、北京大学能源研究院院长金之钧：</p>' in html
    assert '<h1 class="pa-title">碳中和路径设计应处理好五大关系</h1>' in html
    assert "本报记者 张凌霄" in html
    assert 'href="../../pages/000_fb5bc286347f2f36.html#src-' in html
    assert "---\nid:" not in html and "source:" not in html  # no raw front matter
    assert (site / "data" / "articles.jsonl").exists() and (site / "report.html").exists()


def test_navigation_stays_small(built_site: Path):
    home = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count("md-nav__link") <= 10  # home, pages, report — never every article


def test_search_index_holds_segmented_chinese(built_site: Path):
    index = json.loads((built_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    # theme.language zh: words are split on zero-width spaces inserted by jieba
    assert "\\u200b" in index["config"]["separator"]
    docs = {d["location"]: d for d in index["docs"]}
    assert any("碳中和路径设计" in d["title"].replace("\u200b", "") for d in docs.values())
    # Material splits Chinese text into words with jieba (zero-width spaces).
    assert any("\u200b" in d["text"] for d in docs.values())


def test_no_network_assets(built_site: Path):
    for html in (built_site / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, html


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_serve_serves_the_archive(built_site: Path):
    port = _free_port()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=built_site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/pages/000_fb5bc286347f2f36.html"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert "pa-source" in body and "碳中和路径设计应处理好五大关系" in body
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_tag_pages_with_chinese_urls(built_site: Path):
    site = built_site / "site"
    person = site / "tags" / "people" / "金之钧.html"
    assert person.exists()
    html = person.read_text(encoding="utf-8")
    assert "碳中和路径设计应处理好五大关系" in html and "2022-07-28" in html
    index = (site / "tags" / "places" / "index.html").read_text(encoding="utf-8")
    # Sorted by count: 重庆 (in most articles) comes before any one-article place.
    assert index.index("重庆") < index.index("张家口")
    for kind in ("keywords", "people", "places", "organizations", "authors"):
        assert (site / "tags" / kind / "index.html").exists()


def test_article_shows_tags_and_related_with_reasons(built_site: Path):
    pages = list((built_site / "site" / "articles" / "001_7b529e5c8adfd392").glob("*.html"))
    plan = next(p for p in pages if "川渝将共建氢走廊和电走廊</h1>" in p.read_text(encoding="utf-8"))
    html = plan.read_text(encoding="utf-8")
    assert 'class="pa-tags pa-tags-keywords"' in html and "碳中和</a>" in html
    assert "相关报道" in html and "以推动绿色发展助力实现双碳目标" in html and "共同：" in html

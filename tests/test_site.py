"""The rendered site: mkdocs build --strict, pages, search index, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import VENV_BIN, copy_project, run

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


def test_navigation_holds_the_entry_points_only(built_site: Path):
    html = (built_site / "site" / "dates" / "index.html").read_text(encoding="utf-8")
    tabs = html[html.index('<nav class="md-tabs"') :]
    tabs = tabs[: tabs.index("</nav>")]
    assert [t for t in ("首页", "日期", "版面", "栏目", "标签", "作者", "构建报告") if t in tabs] == ["首页", "日期", "版面", "栏目", "标签", "作者", "构建报告"]
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count("md-nav__link") <= 12  # the entry points — never every article


def test_no_network_assets(built_site: Path):
    for html in (built_site / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, html


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float, server: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        assert server.poll() is None, "mkdocs serve exited"
        time.sleep(0.3)
    return None


def test_editing_a_seed_during_mkdocs_serve_updates_the_article_once(tmp_path: Path):
    """The editor's loop: build once, `mkdocs serve`, edit a page file in
    seeds/, see the served article change — after exactly one rebuild."""
    root = copy_project(tmp_path)
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    article = next(p for p in (root / "docs" / "articles" / "000_fb5bc286347f2f36").glob("*.md") if "碳中和路径设计" in p.read_text(encoding="utf-8"))
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/" + article.relative_to(root / "docs").with_suffix(".html").as_posix()
    try:
        body = _wait_for(lambda: _fetch(url), 60, server)
        assert body and "金之钧团队提出" in body
        page = root / "seeds" / "000_fb5bc286347f2f36.txt"
        edited = time.monotonic()
        page.write_text(page.read_text(encoding="utf-8").replace("金之钧团队提出", "金之钧研究团队提出"), encoding="utf-8")
        body = _wait_for(lambda: (b := _fetch(url)) and "金之钧研究团队提出" in b and b, 30, server)
        assert body, "the served article did not change after the seed was edited"
        took = time.monotonic() - edited
        time.sleep(5)  # a rebuild loop would show up as more builds here
        output = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert output.count("Documentation built") == 2, output  # the first build and one for the edit
        assert "generated in memory" in output
        assert took < 20, took
        # docs/ is not touched by serve: the edit lives in memory only.
        assert "金之钧团队提出" in article.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


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


def test_mkdocs_build_alone_generates_the_archive_in_memory(tmp_path: Path):
    """A fresh clone needs no build_docs.py run for `mkdocs build`: the hook
    generates the pages in memory and leaves docs/ as it was."""
    root = copy_project(tmp_path)
    before = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*"))
    result = run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=root)
    assert "generated in memory" in result.stderr
    assert len(list((root / "site" / "articles").rglob("*.html"))) == 26
    assert (root / "site" / "dates" / "2022-07-28.html").exists()
    assert sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*")) == before


def test_hook_errors_name_the_problem(tmp_path: Path):
    root = copy_project(tmp_path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("    seeds: seeds\n", "    seeds: no-such-folder\n"), encoding="utf-8")
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    failed = subprocess.run([mkdocs, "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert failed.returncode == 1 and "seeds folder not found" in failed.stderr and "Traceback" not in failed.stderr
    (root / "mkdocs.yml").write_text(config.replace("    regenerate: auto\n", "    regenerate: sometimes\n"), encoding="utf-8")
    failed = subprocess.run([mkdocs, "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert failed.returncode == 1 and "extra.paperarchive.regenerate" in failed.stderr and "Traceback" not in failed.stderr


def test_two_builds_give_the_same_site_whatever_the_hash_seed_or_locale(tmp_path: Path):
    """MkDocs plugins that iterate over sets (Material's tags plugin is one)
    make output depend on PYTHONHASHSEED; this archive must not."""
    sites = []
    for name, seed, locale in (("a", "1", "C"), ("b", "31337", "C.UTF-8")):
        (tmp_path / name).mkdir()
        root = copy_project(tmp_path / name)
        env = {"PYTHONHASHSEED": seed, "LC_ALL": locale, "SOURCE_DATE_EPOCH": "1700000000"}
        run([sys.executable, "build_docs.py", "--quiet"], cwd=root, env=env)
        run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env)
        sites.append({p.relative_to(root / "site").as_posix(): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()})
    assert sites[0].keys() == sites[1].keys()
    assert [rel for rel in sites[0] if sites[0][rel] != sites[1][rel]] == []

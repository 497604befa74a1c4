"""The archive in a real browser (Playwright driving Debian's chromium).

Never skipped: a missing chromium is a failure (scripts/test installs it)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from .conftest import QuietHandler

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def only_local_requests(page, site_url: str) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def test_home_to_day_to_page_to_article_and_back_to_its_source(browser, site_url):
    page = browser.new_page()
    requests = only_local_requests(page, site_url)
    page.goto(f"{site_url}/index.html")
    content = page.locator(".md-content")
    content.get_by_role("link", name="2022年7月28日 星期四").click()  # 最新一期
    page.wait_for_url("**/dates/2022-07-28.html")
    page.locator(".md-content").get_by_role("link", name="000_fb5bc286347f2f36").click()
    page.wait_for_url("**/pages/000_fb5bc286347f2f36.html")
    assert page.locator(".pa-source .pa-src-body").count() >= 6
    page.locator(".md-content").get_by_role("link", name="碳中和路径设计应处理好五大关系").click()
    page.wait_for_url("**/articles/000_fb5bc286347f2f36/*.html")
    # The deck as the paper prints it, the byline, tags by kind, related stories.
    assert page.locator("h1.pa-title").inner_text() == "碳中和路径设计应处理好五大关系"
    assert page.locator(".pa-kicker").inner_text().startswith("中国科学院院士")
    assert page.locator(".pa-byline").inner_text() == "本报记者 张凌霄"
    assert "（日期据正文推断）" in page.locator(".pa-meta").first.inner_text()
    assert page.locator(".pa-tags-people").get_by_role("link", name="金之钧").count() == 1
    related = page.locator(".pa-related li").all_inner_texts()
    assert any("川渝将共建氢走廊和电走廊" in r and "共同：碳中和" in r for r in related), related
    assert "碳中和路径设计应处理好五大关系[N]. 重庆日报, 2022-07-28." in page.locator(".pa-cite").inner_text()
    assert page.locator(".pa-permalink").inner_text() == page.url.split("#")[0]
    page.get_by_role("link", name="在版面原文中查看").click()
    page.wait_for_url("**/pages/000_fb5bc286347f2f36.html#src-*")
    highlighted = page.locator(".pa-src.is-target")
    assert highlighted.count() == 3  # its deck and both column-flow fragments
    assert "占全球温室气体排放量" in " ".join(highlighted.all_inner_texts())
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
    page.close()


def test_date_archive_year_calendar_month_and_day(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/index.html")
    page.locator(".md-tabs").get_by_role("link", name="日期").click()
    page.wait_for_url("**/dates/index.html")
    assert page.locator("figure.pa-chart svg rect.pa-chart-bar").count() == 8  # 2021-12 … 2022-07
    page.locator(".md-content").get_by_role("link", name="2021年").click()
    page.wait_for_url("**/dates/2021.html")
    # A day with articles is a dark, clickable cell of the calendar.
    page.locator("figure.pa-chart-calendar a rect").first.click()
    page.wait_for_url("**/dates/2021-12-18.html")
    assert page.locator("h1").inner_text().rstrip("¶") == "2021年12月18日 星期六"
    assert "谋划川渝电网和电力市场一体化发展" in page.locator(".md-content").inner_text()
    page.locator(".md-content").get_by_role("link", name="2021年12月").click()
    page.wait_for_url("**/dates/2021-12.html")
    assert page.locator(".md-content").get_by_role("link", name="2021年12月18日 星期六").count() == 1
    page.close()


def test_dark_palette_toggle_and_readable_chart(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/dates/index.html")
    light = page.evaluate("getComputedStyle(document.querySelector('.pa-chart-label')).fill")
    page.locator("label[title='切换到深色模式']").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark = page.evaluate("getComputedStyle(document.querySelector('.pa-chart-label')).fill")
    assert light != dark  # chart text follows the palette
    page.close()


def test_tag_chip_leads_to_every_article_with_the_tag(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/pages/001_7b529e5c8adfd392.html")
    page.locator(".md-content").get_by_role("link", name="川渝将共建氢走廊和电走廊").click()
    page.locator(".pa-tags-keywords").get_by_role("link", name="碳中和", exact=True).click()
    page.wait_for_url("**/tags/keywords/*.html")
    titles = page.locator(".md-content table a").all_inner_texts()
    assert "川渝将共建氢走廊和电走廊" in titles and "碳中和路径设计应处理好五大关系" in titles
    page.go_back()
    page.locator(".pa-related").get_by_role("link", name="以推动绿色发展助力实现双碳目标").click()
    assert page.locator("h1.pa-title").inner_text() == "以推动绿色发展助力实现双碳目标"
    page.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_instant_navigation_where_site_url_is_set(browser, tmp_path):
    """Published with its address (as the Pages workflow does), pages swap
    in without reloading; the highlight and the permalink still work."""
    import sys

    from .conftest import VENV_BIN, copy_project, run

    port = _free_port()
    root = copy_project(tmp_path)
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root, env={"SITE_URL": f"http://127.0.0.1:{port}/"})
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        page.goto(f"http://127.0.0.1:{port}/pages/000_fb5bc286347f2f36.html")
        page.locator(".md-content").get_by_role("link", name="碳中和路径设计应处理好五大关系").click()
        page.wait_for_url("**/articles/000_fb5bc286347f2f36/*.html")
        page.wait_for_function("(document.querySelector('.pa-permalink') || {textContent: ''}).textContent.startsWith('http')")
        assert page.locator(".pa-permalink").inner_text() == page.url.split("#")[0]
        page.get_by_role("link", name="在版面原文中查看").click()
        page.wait_for_url("**/pages/000_fb5bc286347f2f36.html#src-*")
        page.wait_for_function("document.querySelectorAll('.pa-src.is-target').length === 3")
        assert len(loads) == 1  # one real page load; the rest were instant
        page.close()
    finally:
        server.shutdown()

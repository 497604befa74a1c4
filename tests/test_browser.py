"""The archive in a real browser (Playwright driving Debian's chromium).

Never skipped: a missing chromium is a failure (scripts/test installs it)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield instance
        instance.close()


def test_home_to_page_to_article_and_back_to_its_source(browser, site_url):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/index.html")
    content = page.locator(".md-content")
    content.get_by_role("link", name="重庆日报 2022-07-28 000_fb5bc286347f2f36").click()
    page.wait_for_url("**/pages/000_fb5bc286347f2f36.html")
    assert page.locator(".pa-source .pa-src-body").count() >= 6
    page.locator(".md-content").get_by_role("link", name="碳中和路径设计应处理好五大关系").click()
    page.wait_for_url("**/articles/000_fb5bc286347f2f36/*.html")
    assert page.locator("h1.pa-title").inner_text() == "碳中和路径设计应处理好五大关系"
    assert page.locator(".pa-kicker").inner_text().startswith("中国科学院院士")
    assert "本报记者 张凌霄" in page.locator(".pa-meta").first.inner_text()
    page.get_by_role("link", name="在版面原文中查看").click()
    page.wait_for_url("**/pages/000_fb5bc286347f2f36.html#src-*")
    highlighted = page.locator(".pa-src.is-target")
    assert highlighted.count() == 3  # its deck and both column-flow fragments
    assert "占全球温室气体排放量" in " ".join(highlighted.all_inner_texts())
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
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

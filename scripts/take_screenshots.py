"""Screenshots of the built site for the README, from headless Debian
chromium (run through scripts/screenshots, which builds the site first).

    .venv/bin/python scripts/take_screenshots.py site/ .github/screenshots/
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def article_path(site: Path, title: str) -> str:
    for page in sorted((site / "articles").rglob("*.html")):
        if f">{title}</h1>" in page.read_text(encoding="utf-8"):
            return page.relative_to(site).as_posix()
    raise SystemExit(f"error: no article titled {title} in {site}; build the site from seeds/ first")


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shots = [
        ("article.png", article_path(site, "碳中和路径设计应处理好五大关系"), "light"),
        ("page-view.png", "pages/000_fb5bc286347f2f36.html", "light"),
        ("tag.png", "tags/keywords/碳中和.html", "light"),
        ("date-archive.png", "dates/2022.html", "dark"),
    ]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            for name, path, scheme in shots:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme, device_scale_factor=1)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / name))
                page.close()
                print(f"{out / name}  ← {path} ({scheme})")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"), Path(sys.argv[2] if len(sys.argv) > 2 else ".github/screenshots"))

"""Messy and hostile input, end to end: pages in every encoding, a binary
file, an empty one, names that look like paths or differ only in case and
width, and text full of HTML, Markdown, Jinja and YAML syntax — built with
``build_docs.py`` and ``mkdocs build --strict``, then read by an HTML parser
and by chromium.  Nothing may run, nothing may be lost, nothing outside the
output may change."""

from __future__ import annotations

import hashlib
import html.parser
import json
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import SEEDS, VENV_BIN, copy_project, run

pytestmark = pytest.mark.slow

MARK = "PWNED"  # every payload would set window.PWNED if it ran
PAYLOADS = [
    "<script>window.PWNED=1</script>",
    "<img src=x onerror=window.PWNED=1>",
    "<svg onload=window.PWNED=1>",
    "[点我](javascript:window.PWNED=1)",
    '<a href="javascript:window.PWNED=1">链接</a>',
    '"><script>window.PWNED=1</script>',
    "</title><script>window.PWNED=1</script>",
    "&lt;/title&gt;&lt;script&gt;window.PWNED=1&lt;/script&gt;",
    '<iframe src="https://example.com/PWNED"></iframe>',
]
HOSTILE_PAGE = f"""\
{PAYLOADS[6]}决策参考

{PAYLOADS[1]}渝西氢能走廊试点启动：“引号”与'单引号' --- 冒号: 是

本报讯（记者 张三）日前，{PAYLOADS[3]}川渝两地联合发布方案，{PAYLOADS[0]}共同完成协同开发油气资源、加快电网一体化建设等26项重点任务。{{{{ config.site_name }}}} {{% include "x" %}}

---
| a | b |
|---|---|
| 1 | 2 |

# 一个标题行{PAYLOADS[2]}
> 引用
* 列表项目
1. 有序列表，内容继续写下去，表示这是正文内容的一部分。

{PAYLOADS[8]}正文继续，{PAYLOADS[4]}，{PAYLOADS[7]}，{PAYLOADS[5]}。会议强调，要加快推进清洁能源基地建设，推动绿色低碳转型。

（作者系{PAYLOADS[0]}研究员）
"""
PAGE_TEXT = (SEEDS / "001_7b529e5c8adfd392.txt").read_text(encoding="utf-8")
FILES = {
    "hostile.txt": HOSTILE_PAGE.encode("utf-8"),
    "Page.txt": PAGE_TEXT.encode("utf-8"),  # these three differ only in case and width
    "page.txt": PAGE_TEXT.encode("utf-8"),
    "ｐａｇｅ.txt": PAGE_TEXT.encode("utf-8"),
    "gb18030 页面.txt": PAGE_TEXT.encode("gb18030"),
    "utf16.txt": PAGE_TEXT.encode("utf-16"),
    "crlf.txt": PAGE_TEXT.replace("\n", "\r\n").encode("utf-8"),
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 64,
    "a\\..\\..\\b.txt": PAGE_TEXT.encode("utf-8"),  # a name that looks like a path
    "<img src=x onerror=window.PWNED=1>.txt": PAGE_TEXT.encode("utf-8"),
    ("很长的名字" * 16) + ".txt": PAGE_TEXT.encode("utf-8"),
    "notes.docx": b"PK\x03\x04 not a page",
}
MANIFEST = {
    "defaults": {"paper": "<script>window.PWNED=1</script>报", "city": "重庆"},
    "pages": {"hostile.txt": {"page_name": '"><img src=x onerror=window.PWNED=1>', "column": "</title><script>window.PWNED=1</script>"}},
}


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in ("docs", "site")
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    for path in (root / "seeds").iterdir():
        path.unlink()
    for name, data in FILES.items():
        (root / "seeds" / name).write_bytes(data)
    (root / "seeds" / "pages.yml").write_text(yaml.safe_dump(MANIFEST, allow_unicode=True), encoding="utf-8")
    before = snapshot(root)
    built = run([sys.executable, "build_docs.py"], cwd=root, expect=3)
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root)
    return {"root": root, "build": built, "before": before, "after": snapshot(root)}


def test_bad_files_are_reported_and_the_rest_is_built(hostile):
    root, built = hostile["root"], hostile["build"]
    assert "binary.txt: error: not a text file" in built.stderr
    assert "Traceback" not in built.stderr + built.stdout
    report = (root / "docs" / "report.md").read_text(encoding="utf-8")
    assert "未读入的文件（1）" in report and "binary.txt" in report
    assert "notes.docx" in report and "empty.txt" in report
    records = [json.loads(line) for line in (root / "docs" / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    files = {r["source"]["file"]: r["source"]["encoding"] for r in records}
    assert files["gb18030 页面.txt"] == "gb18030" and files["utf16.txt"] == "utf-16" and files["crlf.txt"] == "utf-8"
    # The same page in five encodings and names gives the same articles.
    titles = {name: sorted(r["title"] for r in records if r["source"]["file"] == name) for name in files}
    assert titles["gb18030 页面.txt"] == titles["utf16.txt"] == titles["crlf.txt"] == titles["page.txt"]


def test_names_that_differ_in_case_or_width_get_distinct_safe_urls(hostile):
    docs = hostile["root"] / "docs"
    records = [json.loads(line) for line in (docs / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    keys = {r["source"]["file"]: r["page_key"] for r in records}
    assert len({keys["Page.txt"], keys["page.txt"], keys["ｐａｇｅ.txt"]}) == 3
    assert keys["page.txt"] == "page" and all(key.isascii() for key in keys.values())
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        assert ".." not in rel.split("/") and all(len(part.encode("utf-8")) <= 255 for part in rel.split("/"))
        assert "<" not in rel and "\\" not in rel


def test_nothing_outside_docs_and_site_changes(hostile):
    assert hostile["after"] == hostile["before"]


class _Elements(html.parser.HTMLParser):
    """Every element, attribute and inline script of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def test_no_injected_markup_anywhere_in_the_built_site(hostile):
    site = hostile["root"] / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    shown = ""
    for page in pages:
        parsed = _Elements()
        parsed.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            assert tag not in ("iframe", "object", "embed"), (page, tag)
            for name, value in attrs:
                # A payload in a title= or alt= value is only text; as an
                # attribute of its own, an event handler or a URL it acts.
                acting = name.startswith("on") or name in ("href", "src", "srcset", "action", "formaction", "style")
                assert MARK not in name and not (acting and MARK in (value or "")), (page, tag, name, value)
                assert not (value or "").strip().lower().startswith("javascript:"), (page, tag, name, value)
        assert not any(MARK in script for script in parsed.scripts), page
        shown += "".join(parsed.text)
    # Shown as the literal text of the page, Jinja and all.
    for payload in PAYLOADS[:6] + ["{{ config.site_name }}", '{% include "x" %}', "| a | b |"]:
        assert payload in shown, payload


def test_front_matter_keeps_hostile_titles_exactly(hostile):
    docs = hostile["root"] / "docs"
    records = {json.loads(line)["id"]: json.loads(line) for line in (docs / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    hostile_titles = [r for r in records.values() if MARK in (r["title"] or "") + (r["kicker"] or "") + (r["column"] or "")]
    assert hostile_titles, "the payload should reach a deck or a column"
    for record in records.values():
        text = (docs / (record["url"][: -len(".html")] + ".md")).read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        assert (front["title"], front["kicker"], front["column"], front["paper"]) == (record["title"], record["kicker"], record["column"], record["paper"])


@pytest.mark.browser
def test_nothing_runs_in_a_browser(hostile, browser):
    from .conftest import serve

    site = hostile["root"] / "site"
    records = [json.loads(line) for line in (hostile["root"] / "docs" / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    targets = ["index.html", "report.html"] + [r["url"] for r in records if r["source"]["file"] == "hostile.txt"]
    targets += [f"pages/{p.stem}.html" for p in (hostile["root"] / "docs" / "pages").glob("*.md")]
    with serve(site) as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for target in targets:
            page.goto(f"{url}/{target}")
            assert page.evaluate("window.PWNED") is None, target
        page.keyboard.press("/")
        page.keyboard.type("决策参考")
        page.wait_for_selector(".md-search-result__link")
        assert page.locator(".md-search-result__link h1").first.inner_text() == "</title><script>window.PWNED=1</script>决策参考"
        assert page.evaluate("window.PWNED") is None and not dialogs
        page.close()


def test_a_page_dump_too_long_for_one_view_is_shown_in_parts(tmp_path: Path):
    """A dump of many pages in one file is read (and reported as such); its
    text is shown over several page views, each article linked to the part
    where it begins, and the site builds."""
    root = copy_project(tmp_path)
    for path in (root / "seeds").glob("*.txt"):
        path.unlink()
    dump = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))) * 6
    (root / "seeds" / "dump.txt").write_text(dump, encoding="utf-8")
    run([sys.executable, "build_docs.py", "--quiet"], cwd=root)
    views = sorted((root / "docs" / "pages").rglob("*.md"))
    parts = [p for p in views if p.parent.name == "dump"]
    assert len(parts) >= 1 and (root / "docs" / "pages" / "dump.md").exists()
    records = [json.loads(line) for line in (root / "docs" / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    last = max(records, key=lambda r: r["source"]["spans"][0][0])
    page = (root / "docs" / (last["url"][: -len(".html")] + ".md")).read_text(encoding="utf-8")
    assert f"pages/dump/{len(parts) + 1}.md#src-{last['id']}" in page  # its text is in the last part
    assert f'id="src-{last["id"]}"' in (root / "docs" / "pages" / "dump" / f"{len(parts) + 1}.md").read_text(encoding="utf-8")
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=root)

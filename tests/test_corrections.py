"""Editors' corrections (seeds/corrections.yml) on the sample pages: a
title fix, a merge, a split, a hidden article, tags and a date; applied on
every build, shown as corrected, the machine's reading kept, stale ones
reported."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from paperarchive.corrections import load_corrections

from .conftest import SEEDS, VENV_BIN, copy_project, run

TUNNEL = "000_fb5bc286347f2f36-df2cc2ef"  # 市级重大项目 鹿角隧道获批复: kicker and title on one line
SURVEY = "001_7b529e5c8adfd392-7b1345c8"  # 重庆启动本年度市级智能化改造项目认定
PHOTO = "001_7b529e5c8adfd392-64a8e6d2"  # a photo on the same page, merged into it here
AGREEMENTS = "003_8ad9febdc21e1cf6-83b8d4ef"  # 成渝签署5个合作协议…: five agreements in one report
NOTE = "002_c19f4712d88570c9-d9aacb38"  # an editor's note
STALE = "000_fb5bc286347f2f36-00000000"

CORRECTIONS = {
    "articles": {
        TUNNEL: {
            "kicker": "市级重大项目",
            "title": "鹿角隧道获批复",
            "date": "2022-07-29",
            "tags": {"add": {"people": ["申晓佳"]}, "remove": ["工作量"]},
            "note": "引题与主题据版面图片分开",
        },
        SURVEY: {"merge": [PHOTO]},
        AGREEMENTS: {"split": [{"at": "共同发展汽车产业"}, {"at": 31, "title": "成渝共建巴蜀文化旅游走廊"}]},
        NOTE: {"hide": True},
        STALE: {"title": "这篇文章已不存在"},
    }
}


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("corrected"))
    (root / "seeds" / "corrections.yml").write_text(yaml.safe_dump(CORRECTIONS, allow_unicode=True), encoding="utf-8")
    return root


def records(root: Path) -> dict[str, dict]:
    lines = (root / "docs" / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


@pytest.mark.slow
def test_corrections_apply_show_and_survive_rebuilds(corrected: Path):
    first = run([sys.executable, "build_docs.py"], cwd=corrected, expect=3)  # 3: one correction matched nothing
    assert f"{STALE}: matches no article" in first.stderr
    found = records(corrected)
    # Title fix: corrected, and the machine's reading recoverable.
    tunnel = found[TUNNEL]
    assert (tunnel["title"], tunnel["kicker"], tunnel["date"], tunnel["date_source"]) == ("鹿角隧道获批复", "市级重大项目", "2022-07-29", "correction")
    assert {"field": "title", "machine": "市级重大项目 鹿角隧道获批复", "corrected": "鹿角隧道获批复"} in tunnel["corrections"]
    assert {"field": "date", "machine": "2022-07-28", "corrected": "2022-07-29"} in tunnel["corrections"]
    assert "申晓佳" in tunnel["tags"]["people"] and "工作量" not in tunnel["tags"]["keywords"]
    page = (corrected / "docs" / tunnel["url"].replace(".html", ".md")).read_text(encoding="utf-8")
    assert "标题（原识别：市级重大项目 鹿角隧道获批复）" in page and "编辑说明：引题与主题据版面图片分开" in page
    # Merge: one article with both texts; the merged one's permalink answers.
    assert PHOTO not in found and found[SURVEY]["merged_from"] == [PHOTO]
    assert "中元汇吉" in found[SURVEY]["text"] or any("中元汇吉" in c for c in found[SURVEY]["captions"])
    stub = (corrected / "docs" / "articles" / "001_7b529e5c8adfd392" / "64a8e6d2.md").read_text(encoding="utf-8")
    assert "本文已由编辑并入" in stub and "7b1345c8.md" in stub
    # Split: three articles, the section head above the first cut its title.
    parts = [r for r in found.values() if r["split_from"] == AGREEMENTS]
    assert sorted(p["title"] for p in parts) == ["共同培育世界级汽车产业发展集群", "成渝共建巴蜀文化旅游走廊"]
    assert all(p["text"] not in found[AGREEMENTS]["text"] for p in parts)
    original = SEEDS.joinpath("003_8ad9febdc21e1cf6.txt").read_text(encoding="utf-8")
    for part in parts:  # spans still point at the part's own text in the source
        start, end = part["source"]["spans"][0]
        assert re.sub(r"\W", "", part["text"].split("\n")[0])[:12] in re.sub(r"\W", "", original[start:end])
    # Hidden: gone from listings and search, its URL a notice, its text still on the page view.
    assert NOTE not in found
    assert "本文已由编辑撤下" in (corrected / "docs" / "articles" / "002_c19f4712d88570c9" / "d9aacb38.md").read_text(encoding="utf-8")
    assert NOTE not in (corrected / "docs" / "search").joinpath(*next((corrected / "docs" / "search").glob("*/docs.js")).relative_to(corrected / "docs" / "search").parts).read_text(encoding="utf-8")
    assert "pa-src-hidden" in (corrected / "docs" / "pages" / "002_c19f4712d88570c9.md").read_text(encoding="utf-8")
    # Reported, never dropped; and every character still has its place.
    report = html.unescape((corrected / "docs" / "report.md").read_text(encoding="utf-8"))
    assert STALE in report and "31394" in report and "accounting bug" not in report
    # Rebuilds give the same archive, byte for byte.
    before = {p: p.read_bytes() for p in sorted((corrected / "docs").rglob("*.md"))}
    run([sys.executable, "build_docs.py", "--quiet"], cwd=corrected, expect=3)
    after = {p: p.read_bytes() for p in sorted((corrected / "docs").rglob("*.md"))}
    assert before == after
    run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=corrected)


def test_a_broken_corrections_file_is_reported_with_its_line(tmp_path: Path):
    (tmp_path / "corrections.yml").write_text("articles:\n  abc:\n    title: [unclosed\n", encoding="utf-8")
    corrections, diagnostics = load_corrections(tmp_path)
    assert not corrections and diagnostics[0].line == 4 and "not valid YAML" in diagnostics[0].message


def test_unknown_keys_and_bad_values_are_named(tmp_path: Path):
    (tmp_path / "corrections.yml").write_text(
        "articles:\n  a-1:\n    titel: x\n    date: 28.7.2022\n    split: [{at: 1}]\n  b-2: just text\n", encoding="utf-8"
    )
    corrections, diagnostics = load_corrections(tmp_path)
    messages = [f"{d.line}: {d.message}" for d in diagnostics]
    assert any(m.startswith("2: a-1: unknown key 'titel'") for m in messages), messages
    assert any("date '28.7.2022' is not YYYY-MM-DD" in m for m in messages)
    assert any("split" in m and "from 2" in m for m in messages)
    assert any(m.startswith("6: b-2: ignored") for m in messages)
    assert list(corrections.articles) == ["a-1"]


def test_copying_the_samples_without_corrections_changes_nothing(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    corrections, diagnostics = load_corrections(tmp_path / "seeds")
    assert not corrections and diagnostics == []

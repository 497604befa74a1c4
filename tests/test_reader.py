"""Reading pages: decoding, metadata from manifest, file name and text."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperarchive.dates import infer_date
from paperarchive.reader import Manifest, load_manifest, metadata_from_path, page_key, read_page


@pytest.mark.parametrize(
    "path, expected",
    [
        ("重庆日报_2022-07-28_01.txt", {"paper": "重庆日报", "date": "2022-07-28", "page": "01"}),
        ("2022-07-28/01.txt", {"date": "2022-07-28", "page": "01"}),
        ("重庆日报/2022-07-28/03_要闻.txt", {"paper": "重庆日报", "date": "2022-07-28", "page": "03", "page_name": "要闻"}),
        ("20220728_05.txt", {"date": "2022-07-28", "page": "05"}),
        ("000_fb5bc286347f2f36.txt", {}),  # an index and a hash: no date, no page
    ],
)
def test_metadata_from_file_names(path, expected):
    assert metadata_from_path(path) == expected


def test_page_keys_are_ascii_stable_and_distinct():
    assert page_key("000_fb5bc286347f2f36.txt") == "000_fb5bc286347f2f36"
    assert page_key("2022-07-28/01.txt") == "2022-07-28-01"
    chinese = page_key("重庆日报_2022-07-28_01.txt")
    assert chinese.isascii() and chinese.startswith("2022-07-28_01-") and chinese == page_key("重庆日报_2022-07-28_01.txt")
    assert page_key("人民日报_2022-07-28_01.txt") != chinese
    assert page_key("A.txt") != page_key("a.txt")


def test_manifest_wins_over_file_name_which_wins_over_text(tmp_path: Path):
    (tmp_path / "重庆日报_2022-07-28_01.txt").write_text("7月27日，本报讯。2022年。\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("记者5月26日从市财政局了解到。2022年\n", encoding="utf-8")
    (tmp_path / "pages.yml").write_text(
        "defaults:\n  paper: 测试报\npages:\n  other.txt:\n    page: '02'\n    column: 要闻\n  重庆日报_2022-07-28_01.txt:\n    date: 2022-08-01\n",
        encoding="utf-8",
    )
    manifest, diagnostics = load_manifest(tmp_path)
    assert diagnostics == []
    named = read_page(tmp_path / "重庆日报_2022-07-28_01.txt", tmp_path, manifest).meta
    assert (named.date, named.date_source, named.paper, named.page) == ("2022-08-01", "manifest", "重庆日报", "01")
    other = read_page(tmp_path / "other.txt", tmp_path, manifest).meta
    assert (other.date, other.date_source, other.paper, other.page, other.column) == ("2022-05-27", "text", "测试报", "02", "要闻")
    assert "5月26日" in other.date_evidence


def test_broken_manifest_is_reported_not_fatal(tmp_path: Path):
    (tmp_path / "pages.yml").write_text("pages: [unclosed\n", encoding="utf-8")
    manifest, diagnostics = load_manifest(tmp_path)
    assert manifest.pages == {} and diagnostics[0].level == "error" and "pages.yml" in str(diagnostics[0])


def test_date_inference_ignores_target_years_and_uses_the_lead():
    text = "本报讯（记者 王五）12月17日，两地签署协议。\n到2025年，产量将达到300万辆。2021年，我市……"
    inferred = infer_date(text)
    assert inferred.date == "2021-12-18"
    assert infer_date("没有日期的文字。") is None
    assert infer_date("2月30日，2022年") is None  # not a date


def test_empty_page_is_read_with_a_warning(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    page = read_page(tmp_path / "empty.txt", tmp_path, Manifest())
    assert page.text == "" and any("empty" in d.message for d in page.diagnostics)

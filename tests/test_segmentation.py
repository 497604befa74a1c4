"""Segmentation of the five sample pages, against hand annotations and on the
specific difficulties each page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperarchive.evaluate import evaluate
from paperarchive.model import Role

from .conftest import SEEDS, article_titled

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def scores():
    return evaluate(GOLD, SEEDS)


def test_bcubed_f1_and_titles_meet_targets(scores):
    report = "\n".join(scores.lines())
    assert scores.f1 >= 0.97, report
    assert scores.total("titles_right") >= 0.9 * scores.total("titles_total"), report
    assert scores.total("lost") == 0, report
    assert scores.total("order_right") == scores.total("multi_fragment"), report


def test_every_gold_field_matches(scores):
    # kicker, subtitle, authors, kind, column, sections, continued_from
    mismatches = [e for page in scores.pages for e in page.field_errors]
    assert mismatches == []


def test_article_counts_per_page(segmented):
    counts = {name: len(result.articles) for name, result in segmented.items()}
    assert counts == {
        "000_fb5bc286347f2f36.txt": 6,
        "001_7b529e5c8adfd392.txt": 6,
        "002_c19f4712d88570c9.txt": 5,
        "003_8ad9febdc21e1cf6.txt": 2,
        "004_c1119bcccb672de4.txt": 7,
    }


def test_column_flow_fragments_are_reassembled_in_reading_order(segmented):
    page = segmented["000_fb5bc286347f2f36.txt"]
    carbon = article_titled(page, "碳中和路径设计")
    iot = article_titled(page, "物联网正从")
    # Cut after "…120亿吨二氧化碳，" and resumed after the whole 江北嘴 story.
    assert "共覆盖约120亿吨二氧化碳，占全球温室气体排放量的约22%" in carbon.text
    assert carbon.fragments == 2 and len(carbon.spans) == 2
    assert carbon.spans[0].start < carbon.spans[1].start
    # Cut mid-word: "…的同时，产" + "业生态竞争…".
    assert "带来发展机遇的同时，产业生态竞争也日趋激烈" in iot.text
    assert iot.text.endswith("尹浩说。")
    assert "占全球" not in iot.text and "产业生态竞争也" not in carbon.text


def test_paragraphs_split_by_blank_lines_are_rejoined_without_cut_words(segmented):
    texts = "\n".join(a.text for r in segmented.values() for a in r.articles)
    for joined in ("要稳妥实现碳达峰、碳中和", "大力发展清洁能源", "新一轮科技革命与产业变革", "机制完善、方便快捷", "超广角百亿像素生命照相机", "在入围名单的1500余家", "着力招大引强", "首条市郊铁路直接"):
        assert joined in texts, joined


def test_hard_wrapped_page_reflows_into_paragraphs(segmented):
    page = segmented["001_7b529e5c8adfd392.txt"]
    first = page.articles[0]
    assert first.paragraphs[0].startswith("本报讯（重庆日报记者 申晓佳）日前，《成渝地区双城经济圈碳达峰碳中和联合行动方案》（下称《方案》）发布。")
    assert len(first.paragraphs) == 10
    assert all("\n" not in p for a in page.articles for p in a.paragraphs)


def test_deck_printed_after_its_body(segmented):
    page = segmented["001_7b529e5c8adfd392.txt"]
    article = page.articles[0]
    assert article.title == "川渝将共建氢走廊和电走廊"
    assert article.kicker.startswith("《成渝地区双城经济圈碳达峰碳中和联合行动方案》印发")
    opinion = segmented["002_c19f4712d88570c9.txt"].articles[0]
    assert opinion.title == "以推动绿色发展助力实现双碳目标"
    assert opinion.column == "决策建议" and opinion.authors == ["王德凡"]


def test_continuation_under_jump_marker(segmented):
    piece = segmented["001_7b529e5c8adfd392.txt"].articles[1]
    assert piece.kind == "continuation" and piece.continued_from == "01版"
    assert piece.title_derived and piece.title.startswith("中电科重庆声光电有限公司")
    assert piece.elements[0].role is Role.JUMP_MARKER
    assert piece.text.endswith("市有关部门负责人参加。")


def test_photo_news_with_and_without_title(segmented):
    titled = article_titled(segmented["000_fb5bc286347f2f36.txt"], "智慧工厂生产忙")
    assert titled.kind == "photo" and titled.authors == ["孙凯芳"]
    assert titled.credits[0].role == "摄影"
    untitled = segmented["001_7b529e5c8adfd392.txt"].articles[2]
    assert untitled.kind == "photo" and untitled.title_derived and untitled.authors == ["郑宇"]


@pytest.mark.parametrize(
    "page, title, byline, authors",
    [
        ("000_fb5bc286347f2f36.txt", "凸显集聚效应", "本报记者 黄光虹", ["黄光虹"]),
        ("000_fb5bc286347f2f36.txt", "鹿角隧道获批复", "记者 申晓佳 实习生 桑瑛佳", ["申晓佳", "桑瑛佳"]),
        ("000_fb5bc286347f2f36.txt", "三篇文章", "刘玉珮 龙博 刘宏军", ["刘玉珮", "龙博", "刘宏军"]),
        ("001_7b529e5c8adfd392.txt", "深空探测实验室", "胡喆 魏冠宇", ["胡喆", "魏冠宇"]),
        ("003_8ad9febdc21e1cf6.txt", "成渝签署5个合作协议", "记者张亦筑、夏元、韩毅、黄光红采访", ["张亦筑", "夏元", "韩毅", "黄光红"]),
        ("004_c1119bcccb672de4.txt", "建筑师负责制", "本报记者 廖雪梅", ["廖雪梅"]),
        ("004_c1119bcccb672de4.txt", "五大倍增", "罗晶 黄柏添 唐敏", ["罗晶", "黄柏添", "唐敏"]),
    ],
)
def test_bylines_of_every_shape(segmented, page, title, byline, authors):
    article = article_titled(segmented[page], title)
    assert article.byline == byline
    assert article.authors == authors


def test_signature_is_not_left_in_the_text(segmented):
    article = article_titled(segmented["000_fb5bc286347f2f36.txt"], "三篇文章")
    assert article.text.endswith("市药监局相关负责人表示。")


def test_section_heads_stay_inside_one_report(segmented):
    report = segmented["003_8ad9febdc21e1cf6.txt"].articles[0]
    heads = [e.text for e in report.elements if e.role is Role.SECTION_HEAD]
    assert heads == ["助推西部科学城加快形成全链条创新体系", "推进共建具有全国影响力的科技创新中心", "共同培育世界级汽车产业发展集群", "五个方面深化合作 共建西部金融中心", "发挥各自优势共促 巴蜀文化旅游走廊建设"]
    jiangjin = article_titled(segmented["004_c1119bcccb672de4.txt"], "五大倍增")
    assert [e.text for e in jiangjin.elements if e.role is Role.SECTION_HEAD] == ["今年预计新增5家10亿级企业", "“专精特新”中小企业扎堆涌现", "分级评价体系助力增质提效"]


def test_captions_inside_a_cut_sentence(segmented):
    page = segmented["004_c1119bcccb672de4.txt"]
    jinfeng = article_titled(page, "金凤实验室")
    captions = [e.text for e in jinfeng.elements if e.role is Role.CAPTION]
    assert captions == ["西部（重庆）科学城金凤实验室（本报资料图片）首席记者 龙帆 摄（视觉重庆）"]
    assert jinfeng.credits[0].names == ["龙帆"]
    jiangjin = article_titled(page, "五大倍增")
    assert [e.text for e in jiangjin.elements if e.role is Role.CAPTION] == ["江津龙煜精密铜管公司生产车间"]


def test_ocr_heading_marks_are_hints_not_text(segmented):
    page = segmented["004_c1119bcccb672de4.txt"]
    assert page.articles[0].column == "把习近平总书记殷殷嘱托全面落实在重庆大地上"
    for article in page.articles:
        assert "#" not in article.title + (article.kicker or "") + article.text
    assert page.accounting.markup == 51  # every '#' and its space is counted as markup


def test_editor_note_with_labels_printed_after_it(segmented):
    note = segmented["002_c19f4712d88570c9.txt"].articles[1]
    assert note.kind == "editor_note" and "编者按" in note.labels
    assert note.title == "建设现代化产业体系 双城经济圈要抓住这三个“万亿级”"


def test_half_width_punctuation_is_normalised_in_clean_text(segmented):
    article = segmented["003_8ad9febdc21e1cf6.txt"].articles[0]
    assert article.paragraphs[0].startswith("12月17日，重庆、成都两地相关部门和单位分别签署")
    assert "1.8万亿元" in segmented["000_fb5bc286347f2f36.txt"].articles[3].text  # decimals untouched


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_character_is_accounted_for_and_spans_are_disjoint(segmented, name):
    result = segmented[name]
    text = result.page.text
    acct = result.accounting
    assert acct.accounted == acct.total == len(text)
    claimed = [(s.start, s.end) for a in result.articles for s in a.spans + a.head_spans]
    claimed += [(s.start, s.end) for e in result.furniture + result.residue for s in e.spans]
    claimed.sort()
    for (a_start, a_end), (b_start, b_end) in zip(claimed, claimed[1:]):
        assert a_end <= b_start
    assert all(0 <= s < e <= len(text) for s, e in claimed)
    covered = set()
    for s, e in claimed:
        covered.update(range(s, e))
    uncovered = {text[i] for i in range(len(text)) if i not in covered}
    assert all(c.isspace() or c in "# " for c in uncovered)
    assert not [d for d in result.diagnostics if d.level == "error"]


def test_spans_cover_exactly_the_article_text(segmented):
    """Each article's spans, read back from the source, contain its clean
    paragraphs (modulo wraps and punctuation width)."""
    from paperarchive.text import normalize_punctuation

    for result in segmented.values():
        for article in result.articles:
            source = normalize_punctuation(re.sub(r"\s+", "", "".join(result.page.text[s.start : s.end] for s in article.spans)))
            for paragraph in article.paragraphs:
                assert re.sub(r"\s+", "", paragraph) in source


def test_page_dates_inferred_from_leads(segmented):
    dates = {name: (r.page.meta.date, r.page.meta.date_source) for name, r in segmented.items()}
    assert dates["000_fb5bc286347f2f36.txt"] == ("2022-07-28", "text")
    assert dates["003_8ad9febdc21e1cf6.txt"] == ("2021-12-18", "text")
    assert dates["004_c1119bcccb672de4.txt"] == ("2022-05-27", "text")
    assert dates["001_7b529e5c8adfd392.txt"] == (None, None)  # no dated lead on the page


def test_ids_are_stable_and_unique(segmented):
    ids = [a.id for r in segmented.values() for a in r.articles]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9._-]+-[0-9a-f]{8}", i) for i in ids)
    # The id depends on the page and the article's own text, not on order.
    from paperarchive.segment.finalize import article_id

    first = segmented["000_fb5bc286347f2f36.txt"].articles[0]
    assert first.id == article_id("000_fb5bc286347f2f36", first.elements[1].text[:80])


def test_the_whitespace_table_is_what_str_isspace_accepts():
    from paperarchive.segment import WHITESPACE

    assert set(WHITESPACE) == {code for code in range(0x110000) if chr(code).isspace()}


@given(st.lists(st.tuples(st.sampled_from(["a", "中", " ", "\u3000", "\n", "\x85", "𠀀", "\ud800"]), st.booleans()), max_size=40))
def test_lost_characters_are_the_unclaimed_runs_that_are_not_whitespace(cells):
    from paperarchive.segment import _lost_runs

    text = "".join(char for char, _ in cells)
    owner = bytearray(1 if claimed else 0 for _, claimed in cells)
    lost = [i for i, (char, claimed) in enumerate(cells) if not claimed and not char.isspace()]
    runs = _lost_runs(text, owner)
    assert [i for start, end in runs for i in range(start, end)] == lost
    assert all(end < next_start for (_, end), (next_start, _) in zip(runs, runs[1:]))  # maximal: runs never touch

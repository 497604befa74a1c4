"""Surface forms of newspaper text, including shapes beyond the samples
(other papers and agencies)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperarchive.segment import patterns


@pytest.mark.parametrize(
    "text, names",
    [
        ("□本报记者 张凌霄", ["张凌霄"]),
        ("□王德凡", ["王德凡"]),
        ("本报记者 张三 通讯员 李四", ["张三", "李四"]),
        ("新华社记者 王五 赵六", ["王五", "赵六"]),
        ("人民日报记者 孙七 报道", ["孙七"]),
        ("(记者张亦筑、夏元、韩毅、黄光红采访)", ["张亦筑", "夏元", "韩毅", "黄光红"]),
        ("（本报记者 周八）", ["周八"]),
        ("文/吴九", ["吴九"]),
        ("刘玉珮 龙博 刘宏军", ["刘玉珮", "龙博", "刘宏军"]),
    ],
)
def test_standalone_bylines(text, names):
    assert patterns.standalone_byline(text)
    assert patterns.byline_names(text) == names


@pytest.mark.parametrize(
    "text, names",
    [
        ("本报讯（记者 申晓佳 实习生 桑瑛佳）7月27日，记者从市发展改革委获悉", ["申晓佳", "桑瑛佳"]),
        ("据新华社北京电（胡喆 魏冠宇）承担探月工程", ["胡喆", "魏冠宇"]),
        ("新华社北京7月27日电（记者 郑十）国务院", ["郑十"]),
        ("本报北京7月27日电（记者 钱一）记者从", ["钱一"]),
        ("本报讯(首席记者 张亦筑 实习生 冉罗楠)备受关注", ["张亦筑", "冉罗楠"]),
    ],
)
def test_datelines(text, names):
    assert patterns.DATELINE.match(text)
    assert patterns.byline_names(text) == names


@pytest.mark.parametrize("text", ["智慧工厂生产忙", "决策建议", "凸显集聚效应 建设西部金融中心", "市级重大项目 鹿角隧道获批复", "关键词:新", "看效果 持续营造国际一流营商环境"])
def test_headlines_are_not_bylines(text):
    assert not patterns.standalone_byline(text)
    assert not patterns.is_credit_line(text)


@pytest.mark.parametrize("text", ["特约摄影 孙凯芳/视觉重庆", "重庆日报记者 郑宇 摄", "制图/李梦妮", "新华社记者 王五 摄", "受访者供图"])
def test_credit_lines(text):
    assert patterns.is_credit_line(text)


def test_signatures_jump_markers_notes_furniture():
    assert patterns.trailing_signature("……”市药监局相关负责人表示。 刘玉珮 龙博 刘宏军") is not None
    assert patterns.trailing_signature("……负责人表示。 下一步 工作") is None  # not names
    assert patterns.jump_target("（上接01版）") == ("from", "01版")
    assert patterns.jump_target("(下转第3版)") == ("to", "3版")
    assert patterns.is_author_note("（作者系市委发展改革委工业处处长）")
    assert patterns.is_furniture("思想周刊投稿邮箱：cqrbxixiang@163.com")
    assert patterns.labels().kind("编者按") == "genre" and patterns.labels().kind("智库视点") == "column"


@given(st.text(alphabet="。！？!?….a1Z”’\"'」』）)】〕》\n，,、：:；;（(“‘「『《—-在的和 ", max_size=8))
def test_sentence_and_clause_ends_are_read_from_the_end_as_the_patterns_say(text):
    # ends_sentence reads the end of the text instead of searching all of
    # it; it must say what the anchored pattern says (``$`` included, which
    # also matches before a final line break).
    assert patterns.ends_sentence(text) == bool(patterns._SENTENCE_END.search(text))
    assert patterns.ends_open_clause(text) == bool(patterns._CLAUSE_OPEN.search(text))


def _reference_width(text: str) -> float:
    """One cell per wide or full-width character, half a cell for any
    other: asked per character."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


# Chinese and Latin text, full-width forms, emoji, characters of the CJK
# extension planes, Tangut (wide, beyond the first plane), variation
# selectors and private use (narrow, beyond it) — and anything at all.
_WIDTHS = st.text(st.sampled_from("中文，。　Ａ１aZ9 \t“”—…①㎡\U0001f600\U0001f1e8\U00020000\U0002a6d6\U0003134a\U00017000\U0001b000\U000e0100\U000f0000\U00010000"), max_size=30)


@given(st.one_of(_WIDTHS, st.text(max_size=30)))
def test_display_width_counts_each_character_by_its_east_asian_width(text):
    from paperarchive.segment.layout import display_width

    assert display_width(text) == _reference_width(text)

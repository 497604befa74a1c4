"""The model of continuity: words across a cut, how a sentence stops."""

from __future__ import annotations

import pytest

from paperarchive.segment.continuity import TopicIndex, boundary_score, continuation_evidence, crossing_word


@pytest.mark.parametrize(
    "left, right, word",
    [
        ("新基建在给物联网产业带来发展机遇的同时，产", "业生态竞争也日趋激烈", "产业"),
        ("要稳妥实现碳", "达峰、碳中和，研究其路径", "碳达峰"),
        ("两地药监局创新形成机制完善、方", "便快捷、富有实效的", "方便快捷"),
        ("堪称“超广角百亿像素生命照", "相机”，可以同时", "照相机"),
        ("在入围名", "单的1500余家企业中", "名单"),
    ],
)
def test_words_cut_by_a_line_break_are_found(left, right, word):
    assert crossing_word(left, right) == word


@pytest.mark.parametrize(
    "left, right",
    [
        ("共覆盖约120亿吨二氧化碳，", "占全球温室气体排放量"),
        ("市有关部门负责人参加。", "日前，中元汇吉"),
        ("带来发展机遇的同时，产", "近日，位于沙坪坝区"),
    ],
)
def test_no_word_where_none_is_cut(left, right):
    assert crossing_word(left, right) is None


def test_boundary_scores_order_the_evidence():
    mid_word = boundary_score("机遇的同时，产", "业生态竞争也日趋激烈")
    mid_clause = boundary_score("共覆盖约120亿吨二氧化碳，", "占全球温室气体排放量")
    new_paragraph = boundary_score("贡献江北力量。", "占全球温室气体排放量")
    new_article = boundary_score("贡献江北力量，", "本报讯（记者 申晓佳）7月27日")
    assert mid_word > mid_clause > 0 > new_paragraph > new_article


def test_non_adjacent_continuation_needs_evidence_at_the_cut():
    assert continuation_evidence("的同时，产", "业生态竞争") > 2
    assert continuation_evidence("二氧化碳，", "金之钧表示，碳中和") < 0  # a new paragraph opener
    assert continuation_evidence("行动。", "业生态") == -5.0  # a finished sentence continues nowhere


def test_topic_similarity_prefers_the_same_story():
    index = TopicIndex(["碳定价、碳交易与碳税，二氧化碳排放", "物联网产业生态竞争", "江北嘴金融机构集聚"])
    fragment = "占全球温室气体排放量，碳排放权交易市场"
    assert index.cosine(fragment, "碳定价、碳交易与碳税，二氧化碳排放") > index.cosine(fragment, "江北嘴金融机构集聚")

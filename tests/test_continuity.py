"""The model of continuity: words across a cut, how a sentence stops."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperarchive.segment.continuity import TopicBag, TopicIndex, boundary_score, continuation_evidence, crossing_word


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


def bigram_list(text: str) -> list[str]:
    """Han character bigrams, in order: the plain definition the index's
    numbers must agree with."""
    return re.findall(r"(?=([\u3400-\u4dbf\u4e00-\u9fff]{2}))", text)


def _plain_vector(counts: Counter, idf: dict, default: float) -> dict:
    return {gram: (1 + math.log(n)) * idf.get(gram, default) for gram, n in counts.items()}


def _plain_cosine(a: dict, b: dict) -> float:
    dot = sum(w * b.get(g, 0.0) for g, w in a.items())
    norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norms if norms else 0.0


def test_topic_vectors_are_tf_idf_of_character_pairs(segmented):
    """The index keeps vectors as numpy arrays over the page's vocabulary;
    they must be the plain TF-IDF cosines of bigram counts — for the
    paragraphs of a real page, for text joined across a cut (a pair found
    in no paragraph: 产|业), and for an article's growing bag."""
    result = next(iter(segmented.values()))
    texts = [e.text for a in result.articles for e in a.elements if e.text][:40]
    index = TopicIndex(texts)
    df = Counter(gram for text in texts for gram in set(bigram_list(text)))
    idf = {gram: math.log(1 + len(texts) / n) for gram, n in df.items()}
    default = math.log(1 + len(texts))
    joined = ["的同时，产业生态竞争", "氢走廊建设提速", "氢走廊"]
    assert {"氢走", "走廊"} - set(df), "pairs found in no paragraph"
    plain = {text: _plain_vector(Counter(bigram_list(text)), idf, default) for text in texts + joined}
    for a, b in [*zip(texts, texts[1:]), (texts[0], joined[0]), (joined[1], joined[2]), (joined[0], joined[1])]:
        assert index.cosine(a, b) == pytest.approx(_plain_cosine(plain[a], plain[b]), abs=1e-12)
    bag, grown = TopicBag(index), Counter()
    for text in texts[:5] + joined:
        bag.add(text)
        grown.update(bigram_list(text))
        whole = _plain_vector(grown, idf, default)
        assert TopicIndex.cosine_vectors(index.vector(texts[6]), bag) == pytest.approx(_plain_cosine(plain[texts[6]], whole), abs=1e-12)
    assert index.containment("产业生态", "的同时，产业生态竞争") == pytest.approx(1.0)


@given(st.lists(st.text(st.sampled_from("产业生态碳达峰中和A1，"), max_size=6), max_size=6))
def test_a_run_of_paragraphs_is_counted_as_its_whole_text(parts):
    """The counts of a run of paragraphs are made from theirs plus the pairs
    across each join: the same ids, in the same order, and counts as when
    the joined text is counted whole."""
    index = TopicIndex(parts + ["产业生态"])  # 产业 known, pairs such as 碳产 not
    joined = index.joined(parts)
    assert joined == "".join(parts)
    whole = TopicIndex(parts + ["产业生态"])
    for (got, expected) in zip(index.counts(joined), whole.counts("".join(parts))):
        assert got.tolist() == expected.tolist()
    assert index.idf.tolist() == whole.idf.tolist()  # a bigram new at a join weighs as one

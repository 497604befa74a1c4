"""Related stories, near-duplicates and continuation links."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperarchive.link import choose_keywords, link
from paperarchive.model import PageMeta, SourcePage
from paperarchive.pipeline import annotate_all, load_resources, segment_all
from paperarchive.segment import segment_page
from paperarchive.site.render import SiteContext, render_article

from .conftest import SEEDS, article_titled


@pytest.fixture(scope="module")
def linked():
    results, _ = segment_all(SEEDS)
    resources, _ = load_resources(SEEDS)
    annotate_all(results, resources)
    return {r.page.rel_path: r for r in results}, link(results, resources)


def related_titles(links, results, article) -> list[str]:
    by_id = {a.id: a for r in results.values() for a in r.articles}
    return [by_id[r.id].title for r in links.related[article.id]]


def test_the_two_carbon_neutrality_stories_list_each_other(linked):
    results, links = linked
    plan = article_titled(results["001_7b529e5c8adfd392.txt"], "川渝将共建氢走廊")
    opinion = article_titled(results["002_c19f4712d88570c9.txt"], "以推动绿色发展")
    assert related_titles(links, results, plan)[0] == opinion.title
    assert related_titles(links, results, opinion)[0] == plan.title
    reason = links.related[plan.id][0].shared
    assert {"碳达峰", "碳中和"} <= set(reason)


def test_tunnel_story_gets_no_unrelated_links(linked):
    results, links = linked
    tunnel = article_titled(results["000_fb5bc286347f2f36.txt"], "鹿角隧道")
    # The year's review of major projects shares 重大项目, 南岸区 and the
    # 发展改革委 that approved the tunnel: an agency and a district in passing
    # are not a shared story.
    assert related_titles(links, results, tunnel) == []


def test_one_rare_central_topic_relates_otherwise_different_stories(linked):
    results, links = linked
    interview = article_titled(results["000_fb5bc286347f2f36.txt"], "碳中和路径设计")
    titles = related_titles(links, results, interview)
    assert sorted(titles) == sorted(["川渝将共建氢走廊和电走廊", "以推动绿色发展助力实现双碳目标"])
    assert all(r.shared == ["碳中和"] for r in links.related[interview.id])


def test_related_lists_are_bounded_explained_and_never_self(linked):
    results, links = linked
    for article_id, related in links.related.items():
        assert len(related) <= 5
        assert all(r.id != article_id and r.shared for r in related)
        assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_linking_is_deterministic(linked):
    results, links = linked
    resources, _ = load_resources(SEEDS)
    annotate_all(list(results.values()), resources)
    again = link(list(results.values()), resources)
    assert again.related == links.related


def page(text: str, key: str, page_no: str, date: str = "2022-07-28") -> SourcePage:
    return SourcePage(Path(f"{key}.txt"), f"{key}.txt", text, "utf-8", PageMeta(key=key, paper="重庆日报", date=date, date_source="manifest", page=page_no))


FRONT = """\
重庆启动新一轮城市更新试点

本报讯（记者 王五）7月27日，记者从市住房城乡建委获悉，重庆启动新一轮城市更新试点，渝中区、江北区、南岸区等区县的老旧小区改造项目将率先推进。城市更新试点将围绕老旧小区改造、

（下转02版）
"""
BACK = """\
（上接01版）
完善社区公共服务设施展开。市住房城乡建委相关负责人表示，城市更新试点坚持“留改拆”并举，老旧小区改造项目今年将新开工300个。
"""
WIRE = "新华社北京7月27日电（记者 赵六）国家航天局27日宣布，深空探测实验室将承担行星探测工程研制建设任务。实验室总部设在合肥。深空探测实验室由国家航天局、安徽省、中国科大三方共建。"


def test_continuations_and_wire_copies(tmp_path: Path):
    results = [
        segment_page(page(FRONT + "\n深空探测实验室揭牌\n\n" + WIRE + "\n", "p01", "01")),
        segment_page(page(BACK + "\n深空探测实验室正式揭牌\n\n" + WIRE + "\n", "p02", "02")),
    ]
    resources, _ = load_resources(SEEDS)
    annotate_all(results, resources)
    links = link(results, resources)
    front, front_wire = results[0].articles
    back, back_wire = results[1].articles
    assert front.continues_to == "02版" and back.continued_from == "01版"
    assert links.continued_from[back.id] == front.id and links.continued_in[front.id] == [back.id]
    assert links.duplicates[front_wire.id] == [back_wire.id] and links.duplicates[back_wire.id] == [front_wire.id]
    assert back_wire.id not in [r.id for r in links.related.get(front_wire.id, [])]
    # On the pages: a continuation links both ways, above the related stories.
    context = SiteContext.build(results, links)
    front_page = render_article(front, results[0], context)
    back_page = render_article(back, results[1], context)
    assert f"下转：[{back.title}](../p02/{back.id.split('-')[-1]}.md) · 重庆日报 2022-07-28 第02版" in front_page
    assert "上接：[重庆启动新一轮城市更新试点](../p01/" in back_page
    assert "同一稿件另见：" in render_article(front_wire, results[0], context)


def test_a_later_day_changes_earlier_articles_only_where_a_new_story_joins(linked):
    """Statistics are taken as of each article's date, so the keywords and
    related stories of earlier articles do not drift when a day is added
    (an incremental build then rewrites only what the new day touches)."""
    results, _ = linked
    resources, _ = load_resources(SEEDS)
    later = results["000_fb5bc286347f2f36.txt"]  # 2022-07-28, the latest dated page
    before = [r for r in results.values() if r is not later]
    earlier = [a for r in before for a in r.articles if r.page.meta.date and r.page.meta.date < later.page.meta.date]
    assert len(earlier) >= 8

    def keywords_and_related(pages):
        choose_keywords(pages, resources)
        links = link(pages, resources)
        return {a.id: list(a.annotation.keywords) for a in earlier}, links.related

    keywords_before, related_before = keywords_and_related(before)
    keywords_after, related_after = keywords_and_related(list(results.values()))
    assert keywords_after == keywords_before
    # New articles may join a list (and push others out); undated ones see
    # the whole archive, so their weights move too.
    moving = {a.id for r in results.values() if r is later or not r.page.meta.date for a in r.articles}
    for article in earlier:
        kept = [r for r in related_after[article.id] if r.id not in moving]
        assert kept == [r for r in related_before[article.id] if r.id not in moving][: len(kept)], article.title
    assert sum(len(related_before[a.id]) for a in earlier) >= 5
